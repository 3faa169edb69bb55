// XLSX end to end: the zip directory reader (stored, deflate, data
// descriptors, ZIP64, unsupported features), the fixtures written by
// tests/fixtures/crm/make_xlsx.py through kpi-engine.mjs and the CLI (their
// reports must equal the reports of the same deals as CSV), every byte source
// kind, and broken workbooks: each a named error, the other files still load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { crc32, deflateRawSync } from 'node:zlib';
import { ROOT, FIXTURES, WASM_DIR, loadEngine, fixture } from './helpers.mjs';

const { readZipDirectory, entryChunks, ZipError } = await import(`${WASM_DIR}unzip.mjs`);
const engine = await loadEngine();
const cli = (...args) => spawnSync(`${ROOT}scripts/kpi-lens`, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
const byName = (rows, name) => rows.find((r) => r.name === name).metrics;
const text = async (bytes, entry) => {
  const parts = [];
  for await (const chunk of entryChunks(bytes, entry)) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString('utf8');
};

/**
 * A zip written by hand. entries: [{name, data (string|Buffer), method: 0|8|other, flags}];
 * zip64: sizes and offsets in ZIP64 extra fields and a ZIP64 end record; descriptor: bit 3 set,
 * zeros in the local header and a data descriptor after the data.
 */
function makeZip(entries, { zip64 = false, descriptor = false } = {}) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  const u16 = (v) => { const b = Buffer.alloc(2); b.writeUInt16LE(v); return b; };
  const u32 = (v) => { const b = Buffer.alloc(4); b.writeUInt32LE(v >>> 0); return b; };
  const u64 = (v) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); return b; };
  for (const e of entries) {
    const raw = Buffer.from(e.data);
    const method = e.method ?? 8;
    const body = method === 8 ? deflateRawSync(raw) : raw;
    const crc = crc32(raw);
    const flags = (e.flags ?? 0) | (descriptor ? 8 : 0);
    const name = Buffer.from(e.name);
    const local = Buffer.concat([u32(0x04034b50), u16(45), u16(flags), u16(method), u16(0), u16(0x5a61),
      u32(descriptor ? 0 : crc), u32(descriptor ? 0 : body.length), u32(descriptor ? 0 : raw.length),
      u16(name.length), u16(0), name, body,
      descriptor ? Buffer.concat([u32(0x08074b50), u32(crc), u32(body.length), u32(raw.length)]) : Buffer.alloc(0)]);
    const extra = zip64 ? Buffer.concat([u16(1), u16(24), u64(raw.length), u64(body.length), u64(offset)]) : Buffer.alloc(0);
    const big = (v) => (zip64 ? 0xffffffff : v);
    centrals.push(Buffer.concat([u32(0x02014b50), u16(45), u16(45), u16(flags), u16(method), u16(0), u16(0x5a61),
      u32(crc), u32(big(body.length)), u32(big(raw.length)), u16(name.length), u16(extra.length), u16(0),
      u16(0), u16(0), u32(0), u32(big(offset)), name, extra]));
    locals.push(local);
    offset += local.length;
  }
  const dir = Buffer.concat(centrals);
  const tail = [];
  if (zip64) {
    const record = Buffer.concat([u32(0x06064b50), u64(44), u16(45), u16(45), u32(0), u32(0),
      u64(entries.length), u64(entries.length), u64(dir.length), u64(offset)]);
    tail.push(record, Buffer.concat([u32(0x07064b50), u32(0), u64(offset + dir.length), u32(1)]));
  }
  tail.push(Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(zip64 ? 0xffff : entries.length),
    u16(zip64 ? 0xffff : entries.length), u32(zip64 ? 0xffffffff : dir.length), u32(zip64 ? 0xffffffff : offset), u16(0)]));
  return new Uint8Array(Buffer.concat([...locals, dir, ...tail]));
}

// A one-sheet workbook with inline strings: id, stage, state, owner, created_at, closed_at; two deals.
const SHEET = '<worksheet><sheetData>'
  + '<row><c t="inlineStr"><is><t>id</t></is></c><c t="inlineStr"><is><t>stage</t></is></c><c t="inlineStr"><is><t>state</t></is></c>'
  + '<c t="inlineStr"><is><t>owner</t></is></c><c t="inlineStr"><is><t>created_at</t></is></c><c t="inlineStr"><is><t>closed_at</t></is></c></row>'
  + '<row><c><v>1</v></c><c t="inlineStr"><is><t>Won</t></is></c><c t="inlineStr"><is><t>won</t></is></c>'
  + '<c t="inlineStr"><is><t>Ann</t></is></c><c t="inlineStr"><is><t>2026-03-02</t></is></c><c t="inlineStr"><is><t>2026-03-05</t></is></c></row>'
  + '<row><c><v>2</v></c><c t="inlineStr"><is><t>New</t></is></c><c t="inlineStr"><is><t>open</t></is></c>'
  + '<c t="inlineStr"><is><t>Bob</t></is></c><c t="inlineStr"><is><t>2026-03-03</t></is></c></row>'
  + '</sheetData></worksheet>';

test('the zip directory: stored and deflated entries, data descriptors, ZIP64', async () => {
  for (const options of [{}, { descriptor: true }, { zip64: true }, { zip64: true, descriptor: true }]) {
    const zip = makeZip([{ name: 'a.txt', data: 'stored text', method: 0 }, { name: 'xl/b.xml', data: '<b>'.repeat(5000) }], options);
    const dir = readZipDirectory(zip);
    assert.deepEqual([...dir.keys()], ['a.txt', 'xl/b.xml'], JSON.stringify(options));
    assert.equal(dir.get('xl/b.xml').size, 15000);
    assert.equal(await text(zip, dir.get('a.txt')), 'stored text');
    assert.equal(await text(zip, dir.get('xl/b.xml')), '<b>'.repeat(5000));
  }
  // The real fixture: Python's zipfile, deflated.
  const amo = fixture('crm/amocrm_export_leads.xlsx');
  const dir = readZipDirectory(amo);
  assert.deepEqual([...dir.keys()], ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels',
    'xl/styles.xml', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml']);
  assert.match(await text(amo, dir.get('xl/workbook.xml')), /<sheet name="Сделки" sheetId="1" r:id="rId1"\/>/);
});

test('zip problems are ZipErrors with the byte', async () => {
  const cut = makeZip([{ name: 'x.xml', data: 'x' }]).subarray(0, 30);
  assert.throws(() => readZipDirectory(cut), (e) => e instanceof ZipError && e.code === 'BAD_ZIP' && e.byte === 30
    && e.message === 'no zip directory at the end of the file (30 bytes): the file is cut short or not a zip');
  const lzma = makeZip([{ name: 'x.xml', data: 'x', method: 14 }]);
  await assert.rejects(text(lzma, readZipDirectory(lzma).get('x.xml')), (e) => e.code === 'UNSUPPORTED_FORMAT'
    && e.byte === 0 && /compression method 14 \(lzma\) is not supported/.test(e.message));
  const locked = makeZip([{ name: 'x.xml', data: 'x', flags: 1 }]);
  await assert.rejects(text(locked, readZipDirectory(locked).get('x.xml')), (e) => e.code === 'UNSUPPORTED_FORMAT' && /encrypted/.test(e.message));
  // A flipped byte in stored data: the CRC catches it.
  const stored = makeZip([{ name: 'x.xml', data: 'hello', method: 0 }]);
  stored[30 + 5] ^= 1; // the first data byte after the 30-byte header and the 5-byte name
  await assert.rejects(text(stored, readZipDirectory(stored).get('x.xml')), (e) => e.code === 'BAD_ZIP' && e.byte === 35 && /CRC-32 does not match/.test(e.message));
});

test('the amoCRM workbook reads like its CSV: same deals, same report', async () => {
  engine.clear();
  engine.setSettings({ period_preset: 'whole' }); // counted over the whole workbook (the default: the last complete week)
  const s = await engine.addFile('amocrm_export_leads.xlsx', fixture('crm/amocrm_export_leads.xlsx'));
  assert.equal(s.ok, true, s.error?.message);
  assert.equal(s.kind, 'deals');
  assert.equal(s.format, 'amocrm-xlsx');
  assert.equal(s.encoding, 'utf-8');
  assert.equal(s.rows, 4);
  assert.equal(s.skipped, 0);
  assert.equal(s.issue_count, 0); // «не закрыта» is an open deal, the serial dates are dates
  const r = engine.report();
  // 101 and 104 won, 102 lost, 103 open: win rate 2/3; revenue 150000 + 1200000.
  assert.equal(r.team.metrics.won_count, 2);
  assert.equal(r.team.metrics.win_rate, 2 / 3);
  assert.equal(r.team.metrics.revenue, 1350000);
  assert.equal(byName(r.managers, 'Анна Смирнова').win_rate, 0.5); // the rich-text name in two runs
  assert.equal(byName(r.managers, 'Игорь Петров').win_rate, 1);
  assert.equal(byName(r.groups.source, 'Звонок').win_rate, 0.5); // the first "Источник" column
  assert.deepEqual(r.loss_reasons, [{ reason: 'Дорого', count: 1, share: 1, status: null, status_reason: 'NO_NORM' }]);
  assert.deepEqual(withoutInputs(r), await csvReport('crm/amocrm_export_leads.csv'));
});

// The report of one CSV fixture, without the parts that name the file.
async function csvReport(path) {
  engine.clear();
  const s = await engine.addFile(path.split('/').pop(), fixture(path));
  assert.equal(s.ok, true);
  return withoutInputs(engine.report());
}

function withoutInputs(report) {
  const { inputs, ...rest } = report;
  assert.ok(Array.isArray(inputs), 'the report lists its inputs');
  return rest;
}

test('the Bitrix24 workbook (built-in date styles) reads like its CSV', async () => {
  engine.clear();
  const s = await engine.addFile('bitrix24_deals.xlsx', fixture('crm/bitrix24_deals.xlsx'));
  assert.equal(s.ok, true, s.error?.message);
  assert.equal(s.format, 'bitrix24-xlsx');
  assert.equal(s.rows, 3);
  assert.equal(s.issue_count, 0);
  const r = engine.report();
  // 7 won (19 999,99), 8 lost, 9 open.
  assert.equal(r.team.metrics.win_rate, 0.5);
  assert.equal(r.team.metrics.revenue, 19999.99);
  assert.equal(byName(r.managers, 'Олег Лебедев').win_rate, null);
  assert.deepEqual(withoutInputs(r), await csvReport('crm/bitrix24_deals_cp1251.csv'));
});

test('the generic workbook (inline strings, no styles, no cell references) reads like its CSV', async () => {
  engine.clear();
  const s = await engine.addFile('generic_deals.xlsx', fixture('crm/generic_deals.xlsx'));
  assert.equal(s.ok, true, s.error?.message);
  assert.equal(s.format, 'generic-xlsx');
  assert.equal(s.rows, 3);
  const r = engine.report();
  assert.equal(r.team.metrics.won_count, 1);
  assert.equal(r.team.metrics.lost_count, 1);
  assert.equal(r.team.metrics.revenue, 1000);
  assert.deepEqual(withoutInputs(r), await csvReport('crm/pipedrive_deals.csv'));
});

test('bytes, ArrayBuffer, Blob, web and Node streams give the same workbook summary', async () => {
  const bytes = fixture('crm/amocrm_export_leads.xlsx');
  const chunked = (size) => Readable.from((function* () { for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size); })());
  const sources = [
    bytes,
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
    new Blob([bytes]),
    new Blob([bytes]).stream(),
    chunked(1), // the zip signature itself arrives in four chunks
    chunked(1000),
  ];
  const summaries = [];
  for (const source of sources) {
    engine.clear();
    const { file, id, ...rest } = await engine.addFile('deals.xlsx', source); // each read is a new file, a new id
    summaries.push(rest);
  }
  for (const s of summaries) assert.deepEqual(s, summaries[0]);
  assert.equal(summaries[0].rows, 4);
  assert.equal(summaries[0].bytes, [...readZipDirectory(bytes).values()]
    .filter((e) => /^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels|styles\.xml|sharedStrings\.xml|worksheets\/sheet1\.xml)$/.test(e.name))
    .reduce((sum, e) => sum + e.size, 0)); // the parts' bytes, as fed
});

test('broken workbooks are named errors and the other files still load', async () => {
  engine.clear();
  const bad = async (name) => engine.addFile(name, fixture(`xlsx-bad/${name}`));
  const truncated = await bad('truncated.xlsx');
  assert.equal(truncated.ok, false);
  assert.equal(truncated.error.code, 'BAD_ZIP');
  assert.equal(truncated.error.byte, 1563);
  assert.equal(truncated.error.message, 'truncated.xlsx: no zip directory at the end of the file (1563 bytes): the file is cut short or not a zip');

  const noSheet = await bad('no_sheet.xlsx');
  assert.equal(noSheet.error.code, 'BAD_XLSX');
  assert.equal(noSheet.error.message, 'no_sheet.xlsx: the workbook has no worksheet (xl/worksheets/sheet1.xml is missing)');

  const deflate = await bad('bad_deflate.xlsx');
  const sheet = readZipDirectory(fixture('xlsx-bad/bad_deflate.xlsx')).get('xl/worksheets/sheet1.xml');
  const dataStart = sheet.localOffset + 30 + 'xl/worksheets/sheet1.xml'.length;
  assert.equal(deflate.ok, false);
  assert.equal(deflate.error.code, 'BAD_ZIP');
  assert.equal(deflate.error.byte, dataStart);
  assert.match(deflate.error.message, new RegExp(`^bad_deflate\\.xlsx: xl/worksheets/sheet1\\.xml: the compressed data starting at byte ${dataStart} is corrupt \\(.+\\)$`));

  // Cut inside a tag of row 4: rows 2 and 3 (deals 101, 102) stay, the rest is one named issue.
  const cut = await bad('cut_sheet.xlsx');
  assert.equal(cut.ok, true);
  assert.equal(cut.format, 'amocrm-xlsx');
  assert.equal(cut.rows, 2);
  assert.equal(cut.skipped, 1);
  assert.equal(cut.issues.length, 1);
  assert.equal(cut.issues[0].code, 'BAD_XLSX');
  assert.equal(cut.issues[0].line, 4);
  assert.match(cut.issues[0].message, /^sheet1\.xml row 4: the part ends inside a tag that starts at byte \d+ \(is the file cut short\?\)$/);
  assert.equal(engine.report().team.metrics.won_count, 1); // 101 won, 102 lost
  assert.equal(engine.report().team.metrics.lost_count, 1);

  // A CSV after all of them reads.
  const good = await engine.addFile('amocrm_export_leads.csv', fixture('crm/amocrm_export_leads.csv'));
  assert.equal(good.ok, true);
  assert.deepEqual(engine.files().map((f) => [f.file, f.ok]), [
    ['truncated.xlsx', false], ['no_sheet.xlsx', false], ['bad_deflate.xlsx', false], ['cut_sheet.xlsx', true],
    ['amocrm_export_leads.csv', true],
  ]);
});

test('a hand-written workbook: ZIP64 and data descriptors through the engine', async () => {
  for (const options of [{ zip64: true }, { descriptor: true }]) {
    engine.clear();
    const zip = makeZip([{ name: 'xl/worksheets/sheet1.xml', data: SHEET }], options);
    const s = await engine.addFile('hand.xlsx', zip);
    assert.equal(s.ok, true, s.error?.message);
    assert.equal(s.format, 'canonical-xlsx');
    assert.equal(s.rows, 2);
    assert.equal(engine.report().team.metrics.won_count, 1);
  }
  // An unsupported method on the sheet: named, the file fails.
  engine.clear();
  const s = await engine.addFile('bz.xlsx', makeZip([{ name: 'xl/worksheets/sheet1.xml', data: SHEET, method: 12 }]));
  assert.equal(s.ok, false);
  assert.equal(s.error.code, 'UNSUPPORTED_FORMAT');
  assert.match(s.error.message, /^bz\.xlsx: xl\/worksheets\/sheet1\.xml: compression method 12 \(bzip2\) is not supported/);
});

test('the CLI reads .xlsx: the same JSON as the CSV, and a broken workbook exits 3 naming it', () => {
  const strip = (stdout) => { const { inputs, ...rest } = JSON.parse(stdout); return rest; };
  const xlsx = cli('analyze', '--format', 'json', `${FIXTURES}crm/amocrm_export_leads.xlsx`);
  assert.equal(xlsx.status, 0, xlsx.stderr);
  const csv = cli('analyze', '--format', 'json', `${FIXTURES}crm/amocrm_export_leads.csv`);
  assert.deepEqual(strip(xlsx.stdout), strip(csv.stdout));
  assert.equal(JSON.parse(xlsx.stdout).inputs[0].format, 'amocrm-xlsx');
  const broken = cli('analyze', '--format', 'json', `${FIXTURES}xlsx-bad/truncated.xlsx`, `${FIXTURES}crm/bitrix24_deals.xlsx`);
  assert.equal(broken.status, 3);
  assert.match(broken.stderr, /truncated\.xlsx: no zip directory at the end of the file \(1563 bytes\)/);
  assert.equal(JSON.parse(broken.stdout).team.metrics.revenue, 19999.99);
});

test('500 workbook load/analyze cycles, good and broken, leave no live allocation behind', async () => {
  const good = fixture('crm/amocrm_export_leads.xlsx');
  const cut = fixture('xlsx-bad/cut_sheet.xlsx');
  const truncated = fixture('xlsx-bad/truncated.xlsx');
  const cycle = async () => {
    engine.clear();
    await engine.addFile('a.xlsx', good);
    await engine.addFile('b.xlsx', cut);
    await engine.addFile('c.xlsx', truncated);
    engine.report();
  };
  await cycle(); // warm-up: first-use caches
  // The allocator's live bytes, within leak.test.mjs's tolerance (it says why, and why not HEAPU8.length).
  const before = engine.liveBytes();
  for (let i = 0; i < 500; i++) await cycle();
  assert.ok(Math.abs(engine.liveBytes() - before) <= 1024, `live bytes ${before} -> ${engine.liveBytes()}`);
});
