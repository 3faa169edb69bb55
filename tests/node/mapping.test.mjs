// Column mapping through the JS facade and the CLI: inspect a file the
// dictionary cannot place (odd_deals.csv), read it with an explicit mapping,
// and apply presets by header signature with `kpi-lens analyze --mapping`.
// Hand-computed: D-1 won 1 000 (Ann), D-2 lost 2 500,50 (Ann), D-3 open (Bob).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { FIXTURES, ROOT, WASM_DIR, fixture, loadEngine } from './helpers.mjs';

const engine = await loadEngine();
const { makePreset, matchPreset, checkPreset } = await import(`${WASM_DIR}kpi-engine.mjs`);
const cli = (...args) => spawnSync(`${ROOT}scripts/kpi-lens`, args, { encoding: 'utf8' });
const tmp = mkdtempSync(`${tmpdir()}/kpi-mapping-`);

const MAPPING = {
  kind: 'deals',
  columns: { id: 'Deal No', title: 'Client', owner: 'Manager name', stage: 'Result', state: 'Result',
    created_at: 'Opened', amount: 'Sum, RUB', source: 'Channel', closed_at: 'Closed' },
  date_format: 'dmy',
  decimal: 'comma',
};
const SIGNATURE = ['deal no', 'client', 'manager name', 'opened', 'result', 'sum, rub', 'channel', 'closed'];

test('inspect reports the columns, guesses and preview, and adds nothing', async () => {
  engine.clear();
  const s = await engine.inspect('odd_deals.csv', fixture('crm/odd_deals.csv'), { previewRows: 2 });
  assert.equal(s.ok, false);
  assert.equal(s.error.code, 'UNKNOWN_TABLE');
  const i = s.inspection;
  assert.equal(i.kind, 'deals');
  assert.equal(i.kind_by, 'values');
  assert.deepEqual(i.signature, SIGNATURE);
  assert.deepEqual(i.columns.map((c) => [c.index, c.name, c.field, c.by]), [
    [0, 'Deal No', null, null], [1, 'Client', null, null], [2, 'Manager name', null, null],
    [3, 'Opened', 'created_at', 'values'], [4, 'Result', 'state', 'values'], [5, 'Sum, RUB', 'amount', 'values'],
    [6, 'Channel', null, null], [7, 'Closed', 'closed_at', 'values'],
  ]);
  assert.deepEqual(i.missing, ['id', 'stage', 'owner']);
  assert.deepEqual(i.preview, [
    ['D-1', 'Acme', 'Ann', '02.03.2026 10:00', 'won', '1 000', 'Site', '05.03.2026 10:00'],
    ['D-2', 'Beta', 'Ann', '03.03.2026 11:00', 'lost', '2 500,50', 'Call', '06.03.2026 10:00'],
  ]);
  assert.deepEqual(i.tables.deals.required, ['id', 'stage', 'owner', 'created_at']);
  assert.deepEqual(engine.files(), []);
});

test('inspect stops reading a long stream after the rows it needs', async () => {
  const header = 'id,owner,stage,created_at\n';
  let pulled = 0;
  async function* chunks() {
    yield Buffer.from(header);
    for (let i = 0; i < 1000; i++) {
      pulled++;
      yield Buffer.from(`${i},Ann,New,2026-03-02\n`.repeat(100));
    }
  }
  const s = await engine.inspect('long.csv', Readable.from(chunks()), { previewRows: 3 });
  assert.equal(s.ok, true);
  assert.equal(s.kind, 'deals');
  assert.equal(s.inspection.kind_by, 'header');
  assert.equal(s.inspection.preview.length, 3);
  assert.ok(pulled < 10, `read ${pulled} chunks of 1000`);
});

test('addFile with a mapping reads the odd headers; the KPIs are the hand-computed ones', async () => {
  engine.clear();
  engine.setSettings({ as_of: '2026-03-12', period_preset: 'whole' }); // the whole file, as counted by hand
  const s = await engine.addFile('odd_deals.csv', new Blob([fixture('crm/odd_deals.csv')]), { mapping: MAPPING });
  assert.equal(s.ok, true, s.error?.message);
  assert.equal(s.format, 'mapped-csv');
  assert.equal(s.rows, 3);
  assert.equal(s.inspection, null);
  const r = engine.report();
  assert.equal(r.team.metrics.won_count, 1);
  assert.equal(r.team.metrics.lost_count, 1);
  assert.equal(r.team.metrics.win_rate, 0.5);
  assert.equal(r.team.metrics.revenue, 1000);
  assert.deepEqual(r.managers.map((m) => [m.name, m.metrics.win_rate]), [['Ann', 0.5], ['Bob', null]]);
});

test('a bad mapping is an unreadable file naming the key; the engine goes on', async () => {
  engine.clear();
  const bad = await engine.addFile('odd_deals.csv', fixture('crm/odd_deals.csv'),
    { mapping: { ...MAPPING, columns: { ...MAPPING.columns, owner: 'Boss' } } });
  assert.equal(bad.ok, false);
  assert.equal(bad.error.code, 'BAD_MAPPING');
  assert.equal(bad.error.message, 'odd_deals.csv: mapping.columns.owner: the header has no column "Boss"');
  assert.equal(bad.inspection.kind_by, 'mapping');
  const badKind = await engine.addFile('x.csv', 'a\n1\n', { mapping: { kind: 'leads', columns: {} } });
  assert.match(badKind.error.message, /^x\.csv: mapping\.kind: must be "deals", "stage_events", "tasks" or "activities", not "leads"$/);
  const good = await engine.addFile('skeleton.csv', fixture('skeleton/deals.csv'));
  assert.equal(good.ok, true);
  assert.deepEqual(engine.files().map((f) => [f.file, f.ok]), [['odd_deals.csv', false], ['x.csv', false], ['skeleton.csv', true]]);
});

test('presets: made, checked, matched by the exact signature (the newest wins)', () => {
  const a = makePreset('  My CRM  ', SIGNATURE, MAPPING);
  assert.deepEqual(a, { schema: 'kpi-lens/mapping-preset@1', name: 'My CRM', signature: SIGNATURE, mapping: MAPPING });
  const b = makePreset('Newer', SIGNATURE, { ...MAPPING, decimal: 'dot' });
  assert.equal(matchPreset([a, b], SIGNATURE), b);
  assert.equal(matchPreset([a], SIGNATURE.slice(1)), null);
  assert.equal(matchPreset([a], undefined), null);
  assert.throws(() => checkPreset({ name: 'x', signature: 'a,b', mapping: {} }), /preset\.signature: must be a list/);
  assert.throws(() => checkPreset({ name: '', signature: [], mapping: {} }), /preset\.name/);
});

test('kpi-lens analyze --mapping applies a preset to files with its header only', () => {
  writeFileSync(`${tmp}/preset.json`, JSON.stringify([makePreset('Odd CRM', SIGNATURE, MAPPING)]));
  const run = cli('analyze', '--format', 'json', '--as-of', '2026-03-12', '--mapping', `${tmp}/preset.json`,
    `${FIXTURES}crm/odd_deals.csv`, `${FIXTURES}skeleton/deals.csv`);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /odd_deals\.csv: columns mapped with preset "Odd CRM"/);
  assert.doesNotMatch(run.stderr, /kpi-lens: deals\.csv: columns mapped/);
  const r = JSON.parse(run.stdout);
  assert.deepEqual(r.inputs.map((i) => [i.file, i.format, i.rows]),
    [['odd_deals.csv', 'mapped-csv', 3], ['deals.csv', 'canonical-csv', 8]]);
  // Skeleton: 3 won, 3 lost, revenue 3 500,5; odd_deals adds D-1 won 1 000 and D-2 lost (as of 12.03).
  assert.equal(r.inputs.length, 2);
  const ann = r.managers.find((m) => m.name === 'Ann');
  assert.equal(ann.metrics.win_rate, 0.5);
});

test('kpi-lens analyze --mapping with a bare mapping applies it to every file', () => {
  writeFileSync(`${tmp}/bare.json`, JSON.stringify(MAPPING));
  const run = cli('analyze', '--format', 'json', '--as-of', '2026-03-12', '--mapping', `${tmp}/bare.json`,
    `${FIXTURES}crm/odd_deals.csv`);
  assert.equal(run.status, 0, run.stderr);
  const r = JSON.parse(run.stdout);
  assert.equal(r.team.metrics.revenue, 1000);
  assert.equal(r.team.metrics.win_rate, 0.5);
  // A file the bare mapping does not fit is unreadable (exit 3), named with the key.
  const misfit = cli('analyze', '--format', 'json', '--mapping', `${tmp}/bare.json`, `${FIXTURES}skeleton/deals.csv`);
  assert.equal(misfit.status, 3);
  assert.match(misfit.stderr, /deals\.csv: mapping\.columns\.id: the header has no column "Deal No"/);
  writeFileSync(`${tmp}/junk.json`, JSON.stringify({ hello: 1 }));
  const junk = cli('analyze', '--mapping', `${tmp}/junk.json`, `${FIXTURES}crm/odd_deals.csv`);
  assert.equal(junk.status, 2);
  assert.match(junk.stderr, /neither a preset \{name, signature, mapping\} nor a mapping \{kind, columns\}/);
});

test('kpi-lens inspect prints the columns and guesses as JSON', () => {
  const run = cli('inspect', '--rows', '1', `${FIXTURES}crm/odd_deals.csv`, `${FIXTURES}crm/bitrix24_tasks.csv`);
  assert.equal(run.status, 0, run.stderr);
  const [odd, tasks] = JSON.parse(run.stdout);
  assert.deepEqual(odd.inspection.signature, SIGNATURE);
  assert.equal(odd.inspection.preview.length, 1);
  assert.equal(tasks.kind, 'tasks');
  assert.deepEqual(tasks.inspection.columns.filter((c) => c.field).map((c) => [c.name, c.field, c.by]), [
    ['ID', 'id', 'canonical'], ['Ответственный', 'owner', 'alias'], ['Крайний срок', 'due_at', 'alias'],
    ['Дата создания', 'created_at', 'alias'], ['Дата закрытия', 'completed_at', 'alias'], ['ID сделки', 'deal_id', 'alias'],
  ]);
});

// Issue 12, defect 2: inspect says what a JSON dump is, or gives its error with an exit code that agrees.
test('kpi-lens inspect describes a JSON dump and names a broken one', () => {
  const run = cli('inspect', '--rows', '1', `${FIXTURES}amocrm-api/leads_page_1.json`);
  assert.equal(run.status, 0, run.stderr);
  const [leads] = JSON.parse(run.stdout);
  assert.equal(leads.ok, true);
  assert.equal(leads.format, 'amocrm-json');
  assert.equal(leads.inspection.kind_by, 'json');
  assert.equal(leads.inspection.crm, 'amocrm');
  assert.equal(leads.inspection.endpoint, 'leads');
  assert.equal(leads.inspection.entities, 3);
  assert.deepEqual(leads.inspection.preview[0].slice(0, 2), ['1001', 'Альфа']);
  const bad = cli('inspect', `${FIXTURES}malformed/json_comment.json`);
  assert.equal(bad.status, 3);
  assert.equal(bad.stderr, "kpi-lens: json_comment.json: the JSON is malformed at byte 28: found '/' where ',' or '}' " +
    'was expected (JSON has no comments)\n');
  assert.equal(JSON.parse(bad.stdout)[0].error.code, 'BAD_JSON');
});
