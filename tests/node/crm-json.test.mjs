// CRM API dumps through the two JS faces: the engine facade (files in any
// order, a dump streamed in small chunks, removal, a truncated page failing
// alone) and the CLI given a folder of JSON pages. The figures are those of
// tests/fixtures/equivalence/README.md, counted by hand in
// tests/core/crm_json_test.cpp.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { ROOT, FIXTURES, loadEngine, fixture } from './helpers.mjs';

const engine = await loadEngine();
const MARCH = { as_of: '2026-03-31T23:59:59+03:00', from: '2026-03-01T00:00:00+03:00', to: '2026-04-01T00:00:00+03:00' };
const AMO = readdirSync(`${FIXTURES}amocrm-api`).filter((f) => f.endsWith('.json')).sort();
const BITRIX = readdirSync(`${FIXTURES}bitrix24-rest`).filter((f) => f.endsWith('.json')).sort();

// 2 won (100 000 + 30 000), 2 lost: the same for both CRMs.
function expectScenario(r) {
  assert.equal(r.team.metrics.won_count, 2);
  assert.equal(r.team.metrics.lost_count, 2);
  assert.equal(r.team.metrics.win_rate, 0.5);
  assert.equal(r.team.metrics.revenue, 130000);
  assert.equal(r.team.metrics.overdue_share, 1 / 3);
  assert.equal(r.team.metrics.touches_per_won_mean, 2);
  assert.deepEqual(r.managers.map((m) => [m.name, m.metrics.won_count, m.metrics.revenue]),
    [['Анна Смирнова', 1, 100000], ['Игорь Петров', 1, 30000]]);
  assert.deepEqual(r.stages.map((s) => [s.pipeline, s.stage, s.reached]),
    [['Продажи', 'Первичный контакт', 5], ['Продажи', 'Переговоры', 4], ['Продажи', 'Принимают решение', 2]]);
  assert.deepEqual(r.loss_reasons.map((l) => [l.reason, l.count]), [['Дорого', 1], ['Нет бюджета', 1]]);
}

test('amoCRM pages through the engine, references first, in 64-byte chunks', async () => {
  engine.clear();
  engine.setSettings(MARCH);
  for (const name of [...AMO].reverse()) {
    const bytes = fixture(`amocrm-api/${name}`);
    const chunks = [];
    for (let i = 0; i < bytes.length; i += 64) chunks.push(bytes.subarray(i, i + 64));
    const s = await engine.addFile(name, Readable.from(chunks));
    assert.equal(s.ok, true, `${name}: ${s.error?.message}`);
    assert.equal(s.format, 'amocrm-json');
    assert.equal(s.skipped, 0);
  }
  assert.deepEqual(engine.files().map((f) => [f.file, f.kind]), [
    ['users.json', 'users'], ['tasks.json', 'tasks'], ['pipelines.json', 'pipelines'], ['notes.json', 'activities'],
    ['loss_reasons.json', 'loss_reasons'], ['leads_page_2.json', 'deals'], ['leads_page_1.json', 'deals'],
    ['events.json', 'events'],
  ]);
  expectScenario(engine.report());
  // Without the users file the managers are their placeholders again.
  engine.removeFile(engine.files()[0].id);
  assert.deepEqual(engine.report().managers.map((m) => m.name), ['amocrm:user:501', 'amocrm:user:502']);
});

test('a truncated page fails alone, with its byte offset', async () => {
  engine.clear();
  engine.setSettings(MARCH);
  for (const name of BITRIX) assert.equal((await engine.addFile(name, fixture(`bitrix24-rest/${name}`))).ok, true);
  const text = fixture('bitrix24-rest/crm.deal.list.json').subarray(0, 300);
  const bad = await engine.addFile('cut.json', text);
  assert.equal(bad.ok, false);
  assert.equal(bad.error.code, 'BAD_JSON');
  assert.equal(bad.error.byte, 300);
  assert.match(bad.error.message, /^cut\.json: the JSON ends early at byte 300/);
  expectScenario(engine.report());
});

test('kpi-lens analyze takes a folder of JSON pages', () => {
  const dir = mkdtempSync(`${tmpdir()}/kpi-json-`);
  mkdirSync(`${dir}/amo`);
  for (const name of AMO) copyFileSync(`${FIXTURES}amocrm-api/${name}`, `${dir}/amo/${name}`);
  writeFileSync(`${dir}/amo/.hidden`, 'not read');
  mkdirSync(`${dir}/amo/sub`);
  writeFileSync(`${dir}/config.json`, JSON.stringify(MARCH));
  const run = spawnSync(`${ROOT}scripts/kpi-lens`, ['analyze', '--format', 'json', '--config', `${dir}/config.json`,
    `${dir}/amo`], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const r = JSON.parse(run.stdout);
  assert.deepEqual(r.inputs.map((i) => i.file), AMO);
  assert.ok(r.inputs.every((i) => i.ok && i.format === 'amocrm-json'));
  expectScenario(r);
  // The table face too.
  const table = spawnSync(`${ROOT}scripts/kpi-lens`, ['analyze', '--config', `${dir}/config.json`,
    `${FIXTURES}bitrix24-rest`], { encoding: 'utf8' });
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /Игорь Петров/);
});
