// The JS facade over the wasm module: byte sources, settings, errors as
// data and file removal (the load/analyze leak test is leak.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { loadEngine, fixture } from './helpers.mjs';

const engine = await loadEngine();
// The figures below are counted over the whole skeleton export (the core's default period is the
// last complete week or month: docs/kpi.md "Period presets").
const WHOLE = { period_preset: 'whole' };
engine.setSettings(WHOLE);

const byName = (rows, name) => rows.find((r) => r.name === name).metrics;

test('reads the skeleton fixture from bytes and reports hand-computed outcomes', async () => {
  engine.clear();
  engine.setSettings(WHOLE);
  const deals = await engine.addFile('deals.csv', fixture('skeleton/deals.csv'));
  assert.equal(deals.ok, true);
  assert.equal(deals.kind, 'deals');
  assert.equal(deals.format, 'canonical-csv');
  assert.equal(deals.rows, 8);
  assert.equal(deals.delimiter, ',');
  const r = engine.report();
  assert.equal(r.schema, 'kpi-lens/report@1');
  assert.equal(r.as_of, '2026-03-31T17:00:00Z');
  assert.equal(r.team.metrics.won_count, 3);
  assert.equal(r.team.metrics.lost_count, 3);
  assert.equal(r.team.metrics.win_rate, 0.5);
  assert.equal(r.team.metrics.revenue, 3500.5);
  assert.equal(r.team.metrics.avg_won_amount, 1750.25);
  assert.deepEqual(r.managers.map((m) => m.name), ['Anna', 'Boris', 'Vera']);
  assert.equal(byName(r.managers, 'Anna').win_rate, 2 / 3);
  assert.equal(byName(r.managers, 'Boris').revenue, null);
  assert.equal(byName(r.managers, 'Vera').win_rate, 0);
  assert.deepEqual(r.loss_reasons, [
    { reason: 'Дорого', count: 2, share: 2 / 3, status: null, status_reason: 'NO_NORM' },
    // "No reason given" is held to at most 5 % of losses: 1 of 3 is far off.
    { reason: null, count: 1, share: 1 / 3, norm: 0.05, status: 'bad' },
  ]);
});

test('reportBytes is the UTF-8 of reportJson, Cyrillic included, and a failing engine still throws', async () => {
  engine.clear();
  engine.setSettings(WHOLE);
  await engine.addFile('deals.csv', fixture('skeleton/deals.csv'));
  const bytes = engine.reportBytes();
  assert.ok(bytes instanceof Uint8Array);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  assert.equal(text, engine.reportJson());
  assert.ok(text.includes('"Дорого"'));
  assert.equal(JSON.parse(text).team.metrics.revenue, 3500.5);
  // A copy, not a view of the module's memory: a later report does not change it.
  engine.setSettings({ period_preset: 'whole', norms: { sla_share: 0.5 } });
  engine.reportBytes();
  assert.equal(new TextDecoder().decode(bytes), text);
});

test('a Blob, a web ReadableStream and a Node stream give the same summary as bytes', async () => {
  const bytes = fixture('skeleton/deals.csv');
  const summaries = [];
  for (const source of [
    bytes,
    new Blob([bytes]),
    new Blob([bytes]).stream(),
    Readable.from([bytes.subarray(0, 5), bytes.subarray(5, 300), bytes.subarray(300)]),
  ]) {
    engine.clear();
    summaries.push(await engine.addFile('deals.csv', source));
  }
  // The same summary but for the id: each read is a new file (ids are never reused).
  assert.deepEqual(summaries.map((s) => s.id), [...new Set(summaries.map((s) => s.id))]);
  const { id, ...first } = summaries[0];
  for (const { id: other, ...s } of summaries.slice(1)) assert.deepEqual(s, first);
});

test('progress is reported per chunk with the running byte count', async () => {
  engine.clear();
  const big = new Uint8Array((1 << 20) * 2 + 10).fill(0x41); // "AAAA..." = one-column CSV
  const seen = [];
  await engine.addFile('big.csv', big, { onProgress: (p) => seen.push(p.bytes) });
  assert.deepEqual(seen, [1 << 20, 2 << 20, (2 << 20) + 10]);
});

test('bad settings throw a KpiError naming the key; the old settings stay', async () => {
  engine.clear();
  await engine.addFile('deals.csv', fixture('skeleton/deals.csv'));
  engine.setSettings({ ...WHOLE, as_of: '2026-03-15' });
  assert.throws(() => engine.setSettings({ as_of: '2026-03-15', norms: { sla_share: 'high' } }),
    (e) => e.name === 'KpiError' && e.code === 'BAD_SETTINGS' && e.path === '/norms/sla_share' &&
      e.rule === 'SETTINGS_NOT_NUMBER' && /sla_share/.test(e.message));
  assert.throws(() => engine.setSettings('{not json'), (e) => e.code === 'BAD_SETTINGS');
  assert.equal(engine.report().team.metrics.won_count, 1); // as_of 03-15 still in force
  engine.setSettings({ ...WHOLE, as_of: null });
});

test('unreadable files are data, not exceptions, and the rest still loads', async () => {
  engine.clear();
  const binary = await engine.addFile('photo.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0, 0, 0x10, 0, 1, 2, 3]));
  assert.equal(binary.ok, false);
  assert.equal(binary.error.code, 'BINARY_FILE');
  assert.match(binary.error.message, /^photo\.jpg: /);
  const empty = await engine.addFile('empty.csv', new Uint8Array());
  assert.equal(empty.error.code, 'EMPTY_FILE');
  const unknown = await engine.addFile('people.csv', 'name,phone\nAnna,123\n');
  assert.equal(unknown.error.code, 'UNKNOWN_TABLE');
  assert.equal(unknown.error.line, 1);
  const truncated = await engine.addFile('cut.csv',
    'id,stage,state,owner,created_at\nX1,New,open,Anna,2026-03-01\nX2,"New,open,Anna,2026-03-02\n');
  assert.equal(truncated.ok, true);
  assert.equal(truncated.rows, 1);
  assert.equal(truncated.skipped, 1);
  assert.equal(truncated.issues[0].code, 'UNTERMINATED_QUOTE');
  assert.equal(truncated.issues[0].line, 3);
  await engine.addFile('deals.csv', fixture('skeleton/deals.csv'));
  const r = engine.report();
  assert.equal(r.inputs.length, 5);
  assert.deepEqual(r.inputs.map((i) => i.ok), [false, false, false, true, true]);
  assert.equal(r.team.metrics.won_count, 3);
});

test('removeFile drops one file by its stable id and keeps the others parsed', async () => {
  engine.clear();
  const tasks = await engine.addFile('tasks.csv', fixture('skeleton/tasks.csv'));
  const deals = await engine.addFile('deals.csv', fixture('skeleton/deals.csv'));
  assert.ok(Number.isInteger(tasks.id) && deals.id > tasks.id);
  assert.deepEqual(engine.files().map((f) => [f.file, f.id]), [['tasks.csv', tasks.id], ['deals.csv', deals.id]]);
  assert.deepEqual(engine.report().managers.map((m) => m.name), ['Anna', 'Boris', 'Gleb', 'Vera']);
  engine.removeFile(tasks.id);
  assert.deepEqual(engine.files().map((f) => [f.file, f.id]), [['deals.csv', deals.id]]);
  assert.deepEqual(engine.report().managers.map((m) => m.name), ['Anna', 'Boris', 'Vera']);
  assert.throws(() => engine.removeFile(tasks.id), (e) => e.code === 'BAD_USAGE'); // gone, and never reused
  const again = await engine.addFile('tasks.csv', fixture('skeleton/tasks.csv'));
  assert.ok(again.id > deals.id);
  engine.clear();
  const fresh = await engine.addFile('tasks.csv', fixture('skeleton/tasks.csv'));
  assert.ok(fresh.id > again.id); // not even after clear()
  // An inspect read adds no file and takes no id.
  assert.equal((await engine.inspect('tasks.csv', fixture('skeleton/tasks.csv'))).id, undefined);
});
