// web/ascii-json.mjs: the worker's report bytes with non-ASCII as \uXXXX escapes read back as
// exactly the core's report (docs/performance.md "The slow frames traced...").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asciiJson } from '../../web/ascii-json.mjs';
import { loadEngine, fixture } from './helpers.mjs';

const decode = (bytes) => new TextDecoder('utf-8', { fatal: true }).decode(bytes);

test('every kind of character comes back the same, and only ASCII bytes go out', () => {
  const value = {
    ru: 'Продажи «тёплые»', euro: '€ 1 000', cjk: '販売', emoji: 'ok 👍🏽', edges: 'a\u0080b\u07ff\u0800\uffff\u{10000}\u{10ffff}',
    quote: 'он сказал "да"\\ \n', 'ключ': ['ä', 1.5, null, true], plain: 'ascii only', after: 'Ж',
  };
  for (const pad of ['', 'x', 'xy', 'xyz']) { // every alignment of the four-byte steps
    const bytes = new TextEncoder().encode(pad + JSON.stringify(value)).subarray(pad.length);
    const out = asciiJson(bytes);
    assert.ok(out.every((b) => b < 0x80), 'no byte above 0x7F');
    assert.deepEqual(JSON.parse(decode(out)), value);
    assert.match(decode(out), /\\u041f\\u0440/); // П, р
    assert.match(decode(out), /\\ud83d\\udc4d/); // 👍 as a surrogate pair
  }
});

test('ASCII text is passed through as it is', () => {
  const bytes = new TextEncoder().encode('{"a":"b","n":[1,2]}');
  assert.equal(asciiJson(bytes), bytes);
});

test('a real report (Cyrillic names, stages, reasons) parses to the same object', async () => {
  const engine = await loadEngine();
  engine.setSettings({ period_preset: 'whole' });
  await engine.addFile('deals.csv', fixture('skeleton/deals.csv'));
  const bytes = engine.reportBytes();
  const out = asciiJson(bytes);
  assert.ok(bytes.some((b) => b >= 0x80), 'the fixture has non-ASCII text');
  assert.ok(out.every((b) => b < 0x80));
  assert.deepEqual(JSON.parse(decode(out)), JSON.parse(decode(bytes)));
});
