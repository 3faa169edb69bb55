// The report the worker sends the page: KpiEngine.reportBytes({ascii: true}), the core's JSON
// with every non-ASCII character as a \uXXXX escape (core/report/json_writer.cpp), reads back
// as exactly the core's report; without the option the bytes are reportJson()'s
// (docs/performance.md "The report's ASCII escaping in the core").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine, fixture } from './helpers.mjs';

const decode = (bytes) => new TextDecoder('utf-8', { fatal: true }).decode(bytes);

test('a real report (Cyrillic names, stages, reasons) crosses as ASCII and parses to the same object', async () => {
  const engine = await loadEngine();
  engine.setSettings({ period_preset: 'whole' });
  // The skeleton's deals, one owner renamed with an astral character (a surrogate pair).
  const deals = new TextDecoder().decode(fixture('skeleton/deals.csv')).replaceAll(',Anna,', ',Anna 👍,');
  await engine.addFile('deals.csv', new TextEncoder().encode(deals));
  const bytes = engine.reportBytes();
  const ascii = engine.reportBytes({ ascii: true });
  assert.equal(decode(bytes), engine.reportJson(), 'off: the bytes the core writes by default');
  assert.ok(bytes.some((b) => b >= 0x80), 'the fixture has non-ASCII text');
  assert.ok(ascii.every((b) => b < 0x80), 'no byte above 0x7F');
  assert.match(decode(ascii), /\\u04[0-4][0-9a-f]/); // Cyrillic as escapes, lower-case hex
  assert.match(decode(ascii), /Anna \\ud83d\\udc4d/); // 👍 as a surrogate pair
  assert.deepEqual(JSON.parse(decode(ascii)), JSON.parse(decode(bytes)));
});
