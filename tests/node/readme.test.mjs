// The README's command-line example is run for real: the README never lies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { ROOT } from './helpers.mjs';

test('the README table example is what scripts/kpi-lens prints', () => {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  const block = readme.match(/```\n\$ (scripts\/kpi-lens [^\n]+)\n([\s\S]*?)```/);
  assert.ok(block, 'README has a "$ scripts/kpi-lens ..." example block');
  const [, command, expected] = block;
  const args = command.split(' ').slice(1);
  const run = spawnSync(`${ROOT}scripts/kpi-lens`, args, { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const table = run.stdout.split('\n').filter((l) => l.trim()).slice(1, 1 + expected.trim().split('\n').length);
  assert.deepEqual(table, expected.trim().split('\n'));
});

test('the README opens with the two commands', () => {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  const first = readme.match(/```sh\n([\s\S]*?)```/)[1].split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0]);
  assert.deepEqual(first, ['scripts/demo', 'scripts/test']);
  assert.equal(readFileSync(`${ROOT}.ci/run`, 'utf8').trim().split('\n').pop(), 'exec scripts/test');
});
