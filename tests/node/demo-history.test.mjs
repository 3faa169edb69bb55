// The demo's history behaves like a real account's through time (issue 10,
// item 10): on the default demo (scripts/gen-demo.mjs, 5,000 deals, seed 42,
// ending 2026-03-31) with March as the period,
// - the report's previous-period figures (team and every manager) equal a
//   fresh analysis with `as_of` and the period set to the previous window,
//   for every METRICS key (exact equality, nulls equal nulls);
// - the team's next-step coverage moves by less than 15 percentage points
//   between February's end and March's (the generator once gave open deals
//   their next steps only around the export moment: +49 pp).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, loadEngine } from './helpers.mjs';

const FILES = ['deals.csv', 'stage_events.csv', 'tasks.csv', 'activities.csv'];
const MARCH = { from: '2026-03-01', to: '2026-04-01' };

const engine = await loadEngine();
let tmp;
let current; // the report with March as the period
let previous; // a fresh analysis of the previous window

async function loadDemo(dir) {
  engine.clear();
  for (const f of FILES) {
    const summary = await engine.addFile(f, fs.readFileSync(path.join(dir, f)));
    assert.equal(summary.ok, true, `${f} is read`);
  }
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-history-'));
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'gen-demo.mjs'), '--out', tmp], { stdio: 'pipe' });
  await loadDemo(tmp);
  engine.setSettings({ period: MARCH });
  current = engine.report();
  // The previous window as the engine defines it (docs/kpi.md): the same
  // length just before `from`, seen as of `from` − 1 s.
  const from = Date.parse(current.period.from);
  const to = Date.parse(current.period.to);
  const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
  engine.setSettings({ period: { from: iso(from - (to - from)), to: iso(from) }, as_of: iso(from - 1000) });
  previous = engine.report();
  engine.setSettings({});
});

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('March is the period and there is a previous window', () => {
  // Dates are read in the default zone, Moscow (UTC+3).
  assert.equal(current.period.from, '2026-02-28T21:00:00Z');
  assert.equal(current.period.to, '2026-03-31T21:00:00Z');
  assert.equal(previous.period.from, '2026-01-28T21:00:00Z');
  assert.equal(previous.period.to, '2026-02-28T21:00:00Z');
  assert.equal(previous.as_of, '2026-02-28T20:59:59Z');
  assert.ok(current.team.previous, 'the team has previous-period figures');
});

test('the team\'s previous-period figures equal a fresh analysis of that window, for every metric', () => {
  const keys = Object.keys(current.team.metrics);
  assert.ok(keys.length >= 26, 'every METRICS key');
  assert.deepEqual(Object.keys(current.team.previous).sort(), [...keys].sort());
  for (const key of keys) {
    assert.equal(current.team.previous[key], previous.team.metrics[key], `team ${key}`);
  }
});

test('each manager\'s previous-period figures equal a fresh analysis of that window, for every metric', () => {
  const fresh = new Map(previous.managers.map((m) => [m.name, m.metrics]));
  assert.ok(current.managers.length >= 12, 'the demo\'s twelve managers');
  let compared = 0;
  for (const m of current.managers) {
    const theirs = fresh.get(m.name);
    assert.ok(theirs, `${m.name} has figures in the previous window`);
    for (const key of Object.keys(m.metrics)) {
      assert.equal(m.previous[key], theirs[key], `${m.name}: ${key}`);
      compared += 1;
    }
  }
  assert.ok(compared >= 12 * 26);
});

test('the team\'s next-step coverage is of the same order in February and March', () => {
  const now = current.team.metrics.next_step_share;
  const before = current.team.previous.next_step_share;
  assert.ok(Number.isFinite(now) && Number.isFinite(before), 'both months have a coverage');
  assert.ok(Math.abs(now - before) < 0.15, `next-step coverage moved by ${((now - before) * 100).toFixed(1)} pp`);
  // The open deals at each end are of the same order too (the cohort).
  const ratio = current.team.metrics.open_count / current.team.previous.open_count;
  assert.ok(ratio > 0.8 && ratio < 1.25, `open deals ${current.team.previous.open_count} -> ${current.team.metrics.open_count}`);
});

test('every manager\'s next-step coverage moves by less than 25 percentage points', () => {
  for (const m of current.managers) {
    const now = m.metrics.next_step_share;
    const before = m.previous.next_step_share;
    if (!Number.isFinite(now) || !Number.isFinite(before)) continue;
    assert.ok(Math.abs(now - before) < 0.25, `${m.name}: ${((now - before) * 100).toFixed(1)} pp`);
  }
});
