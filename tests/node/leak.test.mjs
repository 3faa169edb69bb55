// A leak test that can fail (issue 12): 1,000 load/analyze cycles through the
// wasm engine, with the allocator's live bytes (dlmalloc's mallinfo().uordblks,
// exported as heap_live_bytes in wasm/bindings.cpp) back where they started.
// HEAPU8.length is no measure of a leak: linear memory grows in 64 KiB pages
// and never shrinks, so a leak hides in the slack of pages already grown and a
// freed object never shows. Live bytes go up on every malloc and down on every
// free, to the byte.
//
// Tolerance: 1 KiB over the whole run. Live bytes are exact, but they wander
// from one cycle to the next by up to about ±72 bytes with no trend (measured
// over 300 cycles of each part of the cycle below): buffers the engine keeps
// from one answer to the next — the last report's text, whose length follows
// the clock when no as_of is set — change size. A leak of one allocation per
// cycle moves the count by at least 8,000 bytes over 1,000 cycles (dlmalloc's
// smallest chunk is 8 bytes of payload), eight times the tolerance. The control
// test below shows the measure sees a real leak of the most common kind in
// Embind code: an object created across the boundary and never delete()d.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadEngine, fixture, WASM_DIR } from './helpers.mjs';

const engine = await loadEngine();

const CYCLES = 1000;
const TOLERANCE = 1024;

// Every reader the page uses, good and bad input: canonical CSV tables, a CRM
// export, XLSX workbooks (good and a truncated zip), amoCRM and Bitrix24 API
// dumps, a binary file, a mapped file; then settings, a report, a drill-down,
// and one file removed again.
const inputs = {
  deals: fixture('skeleton/deals.csv'),
  tasks: fixture('skeleton/tasks.csv'),
  history: fixture('crm/amocrm_stage_history.csv'),
  amoExport: fixture('crm/amocrm_export_leads.csv'),
  xlsx: fixture('crm/amocrm_export_leads.xlsx'),
  truncatedXlsx: fixture('xlsx-bad/truncated.xlsx'),
  amoLeads: fixture('amocrm-api/leads_page_1.json'),
  bitrixDeals: fixture('bitrix24-rest/crm.deal.list.json'),
  odd: fixture('crm/odd_deals.csv'),
  junk: new Uint8Array([0, 1, 2, 0]),
};
const oddMapping = { kind: 'deals', columns: { id: 0, owner: 1, stage: 3, created_at: 2, amount: 4 } };

async function cycle() {
  engine.clear();
  engine.setSettings({ as_of: '2026-03-31 23:59:59', tz: 'Europe/Moscow' });
  await engine.addFile('deals.csv', inputs.deals);
  await engine.addFile('tasks.csv', inputs.tasks);
  await engine.addFile('history.csv', inputs.history);
  const dropped = await engine.addFile('amo.csv', inputs.amoExport);
  await engine.addFile('amo.xlsx', inputs.xlsx);
  await engine.addFile('truncated.xlsx', inputs.truncatedXlsx);
  await engine.addFile('leads.json', inputs.amoLeads);
  await engine.addFile('deals.json', inputs.bitrixDeals);
  await engine.addFile('odd.csv', inputs.odd, { mapping: oddMapping });
  await engine.addFile('junk.bin', inputs.junk);
  engine.removeFile(dropped.id);
  engine.report();
  engine.drill({ metric: 'win_rate' });
  engine.setSettings({});
}

test('the live-bytes measure moves with allocation and comes back when freed', async () => {
  engine.clear();
  const empty = engine.liveBytes();
  await engine.addFile('deals.csv', inputs.deals);
  const held = engine.liveBytes();
  assert.ok(held > empty, `a loaded file holds memory (${empty} -> ${held})`);
  engine.clear();
  assert.ok(engine.liveBytes() < held, 'clear() frees it');
  // HEAPU8.length cannot say that: it never goes down.
  assert.ok(engine.heapBytes() >= held);
});

test(`${CYCLES} load/analyze cycles end with the allocator's live bytes where they started`, async () => {
  await cycle(); // warm-up: first-use caches
  await cycle();
  const before = engine.liveBytes();
  const heapBefore = engine.heapBytes();
  for (let i = 0; i < CYCLES; i++) await cycle();
  const after = engine.liveBytes();
  assert.ok(Math.abs(after - before) <= TOLERANCE, `live bytes before ${before}, after ${after}`);
  // With nothing leaking, linear memory has no reason to grow either.
  assert.equal(engine.heapBytes(), heapBefore);
});

test('control: the same measure fails on a real leak (Embind objects never deleted)', async () => {
  // A second module instance, used the wrong way: each cycle makes an engine,
  // loads a file and drops the handle without delete(). The C++ object and
  // its model stay allocated; live bytes say so.
  const { default: createKpiModule } = await import(`${WASM_DIR}kpi.mjs`);
  const module = await createKpiModule({ wasmBinary: readFileSync(`${WASM_DIR}kpi.wasm`) });
  const leakyCycle = () => {
    const leaked = new module.Engine();
    leaked.begin_file('deals.csv');
    const at = leaked.staging(inputs.deals.length);
    module.HEAPU8.set(inputs.deals, at);
    leaked.feed(inputs.deals.length);
    leaked.end_file();
    leaked.report();
    // no leaked.delete(): the bug under test
  };
  leakyCycle();
  const before = module.heap_live_bytes();
  const cycles = 50;
  for (let i = 0; i < cycles; i++) leakyCycle();
  const grown = module.heap_live_bytes() - before;
  assert.ok(grown > 0, 'the leak is visible in live bytes');
  // Every cycle leaves at least one engine with its file behind.
  assert.ok(grown / cycles > 1000, `${grown / cycles} bytes per leaked cycle`);
});
