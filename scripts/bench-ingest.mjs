#!/usr/bin/env node
// bench-ingest.mjs — ingest speed of each reader in MB/s, in wasm (Node, through kpi-engine.mjs,
// the path the page and the CLI take) and natively (build/native/kpi_ingest_bench). Run it through
// `scripts/bench ingest`, which builds what is missing. Not a timed test: figures go to stdout and
// build/bench/ingest-N.json, and docs/performance.md keeps the last ones.
//
//   node scripts/bench-ingest.mjs [--deals N] [--reps R]
//
// The same deals (scripts/gen-demo.mjs --seed 42) in each format:
//   csv    deals.csv as generated
//   html   the same table as an HTML <table> saved as .xls (Bitrix24's "Excel" export)
//   xlsx   the same table as a workbook: text in shared strings, amounts as numbers, times as
//          serial days with a date style, deflated. wasm: addFile of the .xlsx (unzip +
//          inflate + XML); native: the unpacked parts (XML only: the core has no inflate).
//          MB/s is given per MB of .xlsx and per MB of XML.
//   unzip  the JS side of xlsx alone (zip directory, DecompressionStream, CRC-32 of every part,
//          nothing fed to the core): how much of the wasm xlsx time is the platform's inflate.
// Each figure is the median of R runs of one addFile (wasm) / begin_file..end_file (native)
// after one warm-up; the engine is cleared between runs.
//
// Hook for more readers: add an entry to READERS ({name, file, make(table, dir)}). The JSON-dump
// readers are measured on one amoCRM API v4 leads page and one Bitrix24 crm.deal.list reply holding
// the same deals (a real dump is many pages of 250 or 50; one big page measures the same reader).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = join(ROOT, 'build/bench');
const WASM = join(ROOT, 'build/wasm');
const NATIVE = join(ROOT, 'build/native/kpi_ingest_bench');
const MB = 1e6;

const args = process.argv.slice(2);
const opt = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : fallback; };
const DEALS = opt('--deals', 100000);
const REPS = opt('--reps', 5);

// ---- data --------------------------------------------------------------------------

/** RFC 4180 rows of a CSV text (gen-demo's output: `,`, quotes, \n). */
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') { if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false; } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

const escapeXml = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function writeHtml(table, path) {
  const out = ['<meta http-equiv="Content-type" content="text/html;charset=UTF-8" />\n<table border="1">\n'];
  table.forEach((row, r) => {
    const tag = r === 0 ? 'th' : 'td';
    out.push('<tr>', ...row.map((v) => `<${tag}>${escapeXml(v)}</${tag}>`), '</tr>\n');
  });
  out.push('</table>\n');
  writeFileSync(path, out.join(''));
}

const EPOCH_1900 = Date.UTC(1899, 11, 30);
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** The parts of an .xlsx holding `table` (text as shared strings, numbers, date serials). */
function xlsxParts(table) {
  const strings = new Map();
  const sid = (s) => { if (!strings.has(s)) strings.set(s, strings.size); return strings.get(s); };
  const col = (i) => { let s = ''; for (i++; i; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s; return s; };
  const rows = table.map((row, r) => {
    const cells = row.map((v, c) => {
      if (v === '') return '';
      const ref = `${col(c)}${r + 1}`;
      const t = r > 0 && WALL_CLOCK.exec(v);
      if (t) {
        const ms = Date.UTC(+t[1], +t[2] - 1, +t[3], +t[4], +t[5], +(t[6] ?? 0));
        return `<c r="${ref}" s="1"><v>${(ms - EPOCH_1900) / 86400000}</v></c>`;
      }
      if (r > 0 && NUMBER.test(v) && !/^0\d/.test(v)) return `<c r="${ref}"><v>${v}</v></c>`;
      return `<c r="${ref}" t="s"><v>${sid(v)}</v></c>`;
    });
    return `<row r="${r + 1}">${cells.join('')}</row>`;
  });
  const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const sst = [...strings.keys()].map((s) => `<si><t>${escapeXml(s)}</t></si>`).join('');
  return [
    ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
    ['xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Deals" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'],
    ['xl/styles.xml', `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`],
    ['xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}" count="${strings.size}" uniqueCount="${strings.size}">${sst}</sst>`],
    ['xl/worksheets/sheet1.xml', `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>${rows.join('')}</sheetData></worksheet>`],
  ];
}

/** A deflated zip of [name, text] parts. */
function zip(parts) {
  const u16 = (v) => { const b = Buffer.alloc(2); b.writeUInt16LE(v); return b; };
  const u32 = (v) => { const b = Buffer.alloc(4); b.writeUInt32LE(v >>> 0); return b; };
  const locals = [], centrals = [];
  let offset = 0;
  for (const [name, text] of parts) {
    const raw = Buffer.from(text), body = deflateRawSync(raw, { level: 6 }), n = Buffer.from(name), crc = crc32(raw);
    const head = [u16(20), u16(0), u16(8), u16(0), u16(0x5a61), u32(crc), u32(body.length), u32(raw.length), u16(n.length), u16(0)];
    const local = Buffer.concat([u32(0x04034b50), ...head, n, body]);
    centrals.push(Buffer.concat([u32(0x02014b50), u16(20), ...head, u16(0), u16(0), u16(0), u32(0), u32(offset), n]));
    locals.push(local);
    offset += local.length;
  }
  const dir = Buffer.concat(centrals);
  return Buffer.concat([...locals, dir, u32(0x06054b50), u16(0), u16(0), u16(parts.length), u16(parts.length), u32(dir.length), u32(offset), u16(0)]);
}

/** Unix seconds of a gen-demo wall-clock time, read as UTC (the bench measures reading, not zones). */
function unixSeconds(text) {
  const t = WALL_CLOCK.exec(text);
  return t ? Date.UTC(+t[1], +t[2] - 1, +t[3], +t[4], +t[5], +(t[6] ?? 0)) / 1000 : null;
}

/** Small integer ids for names (users, stages...), as the CRMs' APIs give them. */
function idsFor() {
  const ids = new Map();
  return (name) => { if (!ids.has(name)) ids.set(name, ids.size + 1); return ids.get(name); };
}

/** The deals as one amoCRM API v4 /leads page: ids for users and statuses, 142/143 for won/lost. */
function writeAmoJson(table, path) {
  const [header, ...rows] = table;
  const at = (name) => header.indexOf(name);
  const [cId, cTitle, cStage, cState, cOwner, cAmount, cCreated, cClosed] = ['id', 'title', 'stage', 'state', 'owner', 'amount', 'created_at', 'closed_at'].map(at);
  const user = idsFor(), status = idsFor();
  const leads = rows.map((r, i) => ({
    id: i + 1, name: r[cTitle], price: Number(r[cAmount]) || 0, responsible_user_id: user(r[cOwner]),
    status_id: r[cState] === 'won' ? 142 : r[cState] === 'lost' ? 143 : 1000 + status(r[cStage]), pipeline_id: 7001,
    created_at: unixSeconds(r[cCreated]), closed_at: r[cClosed] ? unixSeconds(r[cClosed]) : null,
    custom_fields_values: null, _embedded: { tags: [], companies: [] }, _links: { self: { href: `https://example.amocrm.ru/api/v4/leads/${r[cId]}` } },
  }));
  writeFileSync(path, JSON.stringify({ _page: 1, _links: { self: { href: 'https://example.amocrm.ru/api/v4/leads?page=1' } }, _embedded: { leads } }));
}

/** The deals as one Bitrix24 crm.deal.list reply ({result, total, time}). */
function writeBitrixJson(table, path) {
  const [header, ...rows] = table;
  const at = (name) => header.indexOf(name);
  const [cTitle, cStage, cState, cOwner, cAmount, cCreated, cClosed] = ['title', 'stage', 'state', 'owner', 'amount', 'created_at', 'closed_at'].map(at);
  const user = idsFor(), stage = idsFor();
  const iso = (text) => (text ? `${text.replace(' ', 'T')}${text.length === 16 ? ':00' : ''}+03:00` : '');
  const result = rows.map((r, i) => ({
    ID: String(i + 1), TITLE: r[cTitle], CATEGORY_ID: '0',
    STAGE_ID: r[cState] === 'won' ? 'WON' : r[cState] === 'lost' ? 'LOSE' : `UC_${stage(r[cStage])}`,
    STAGE_SEMANTIC_ID: r[cState] === 'won' ? 'S' : r[cState] === 'lost' ? 'F' : 'P', CLOSED: r[cState] === 'open' ? 'N' : 'Y',
    OPPORTUNITY: r[cAmount] || '0.00', CURRENCY_ID: 'RUB', ASSIGNED_BY_ID: String(user(r[cOwner])), SOURCE_ID: 'WEB',
    DATE_CREATE: iso(r[cCreated]), CLOSEDATE: iso(r[cClosed]), MOVED_TIME: iso(r[cClosed] || r[cCreated]),
  }));
  writeFileSync(path, JSON.stringify({ result, total: result.length, time: { start: 0, finish: 0 } }));
}

function writeXlsx(table, path, dir) {
  const parts = xlsxParts(table);
  writeFileSync(path, zip(parts));
  for (const [name, text] of parts) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

const READERS = [
  { name: 'csv', file: 'deals.csv', make: null },
  { name: 'html', file: 'deals.xls', make: (table, dir) => writeHtml(table, join(dir, 'deals.xls')) },
  { name: 'xlsx', file: 'deals.xlsx', parts: 'deals.xlsx.d', make: (table, dir) => writeXlsx(table, join(dir, 'deals.xlsx'), join(dir, 'deals.xlsx.d')) },
  { name: 'amojson', file: 'leads.json', make: (table, dir) => writeAmoJson(table, join(dir, 'leads.json')) },
  { name: 'b24json', file: 'deals.json', make: (table, dir) => writeBitrixJson(table, join(dir, 'deals.json')) },
];

function prepare() {
  const dir = join(BENCH, `ingest-${DEALS}`);
  const stamp = join(dir, '.complete');
  const generator = join(ROOT, 'scripts/bench-ingest.mjs');
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= statSync(generator).mtimeMs) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, 'gen');
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/gen-demo.mjs'), '--out', tmp, '--deals', String(DEALS), '--seed', '42'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('gen-demo.mjs failed');
  const csv = readFileSync(join(tmp, 'deals.csv'));
  writeFileSync(join(dir, 'deals.csv'), csv);
  rmSync(tmp, { recursive: true, force: true });
  const table = parseCsv(csv.toString('utf8'));
  for (const reader of READERS) reader.make?.(table, dir);
  writeFileSync(stamp, '');
  return dir;
}

// ---- measuring ------------------------------------------------------------------------

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function wasmFigure(engine, path) {
  const bytes = readFileSync(path);
  const times = [];
  let summary;
  for (let r = 0; r <= REPS; r++) { // run 0 is the warm-up
    engine.clear();
    globalThis.gc?.();
    const t0 = performance.now();
    summary = await engine.addFile('bench', bytes);
    const t = (performance.now() - t0) / 1000;
    if (!summary.ok) throw new Error(`${path}: ${summary.error.message}`);
    if (r > 0) times.push(t);
  }
  return { seconds: median(times), rows: summary.rows, bytes: bytes.length };
}

/** The JS side of an .xlsx alone: directory, inflate and CRC of every part, nothing fed to the core. */
async function unzipFigure(path) {
  const { readZipDirectory, entryChunks } = await import(pathToFileURL(join(WASM, 'unzip.mjs')).href);
  const bytes = readFileSync(path);
  const times = [];
  let out = 0;
  for (let r = 0; r <= REPS; r++) {
    const t0 = performance.now();
    out = 0;
    for (const entry of readZipDirectory(bytes).values()) {
      for await (const chunk of entryChunks(bytes, entry)) out += chunk.length;
    }
    if (r > 0) times.push((performance.now() - t0) / 1000);
  }
  return { seconds: median(times), bytes: bytes.length, out };
}

function nativeFigure(reader, dir) {
  if (!existsSync(NATIVE)) return null;
  const target = reader.parts ? ['--xlsx-parts', join(dir, reader.parts)] : [join(dir, reader.file)];
  const r = spawnSync(NATIVE, ['--reps', String(REPS), ...target], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kpi_ingest_bench ${reader.name}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

async function main() {
  const dir = prepare();
  const { createEngine } = await import(pathToFileURL(join(WASM, 'kpi-engine.mjs')).href);
  const engine = await createEngine({ wasmBinary: readFileSync(join(WASM, 'kpi.wasm')) });
  const results = [];
  for (const reader of READERS) {
    const wasm = await wasmFigure(engine, join(dir, reader.file));
    const native = nativeFigure(reader, dir);
    // The XML bytes of a workbook (what the core parses); the file bytes otherwise.
    const parsed = native?.bytes ?? wasm.bytes;
    results.push({
      reader: reader.name, file: reader.file, file_mb: wasm.bytes / MB, parsed_mb: parsed / MB, rows: wasm.rows,
      wasm_s: wasm.seconds, wasm_file_mb_s: wasm.bytes / MB / wasm.seconds, wasm_parsed_mb_s: parsed / MB / wasm.seconds,
      native_s: native?.seconds ?? null, native_parsed_mb_s: native?.mb_per_s ?? null,
    });
  }
  const xlsx = READERS.find((r) => r.name === 'xlsx');
  const unzip = await unzipFigure(join(dir, xlsx.file));
  results.push({
    reader: 'unzip', file: xlsx.file, file_mb: unzip.bytes / MB, parsed_mb: unzip.out / MB, rows: null,
    wasm_s: unzip.seconds, wasm_file_mb_s: unzip.bytes / MB / unzip.seconds, wasm_parsed_mb_s: unzip.out / MB / unzip.seconds,
    native_s: null, native_parsed_mb_s: null,
  });
  const f = (v, d = 1) => (v === null ? '—' : v.toFixed(d));
  console.log(`ingest speed, ${DEALS} deals, median of ${REPS} (Node ${process.versions.node}, ${process.arch})`);
  console.log('reader  file MB  parsed MB  rows     wasm s  wasm MB/s (file / parsed)  native s  native MB/s (parsed)');
  for (const r of results) {
    console.log(`${r.reader.padEnd(7)} ${f(r.file_mb).padStart(7)}  ${f(r.parsed_mb).padStart(9)}  ${String(r.rows ?? '—').padEnd(7)}  ${f(r.wasm_s, 3).padStart(6)}  `
      + `${`${f(r.wasm_file_mb_s)} / ${f(r.wasm_parsed_mb_s)}`.padStart(25)}  ${f(r.native_s, 3).padStart(8)}  ${f(r.native_parsed_mb_s).padStart(20)}`);
  }
  const out = join(BENCH, `ingest-${DEALS}.json`);
  writeFileSync(out, `${JSON.stringify({ deals: DEALS, reps: REPS, node: process.versions.node, results }, null, 2)}\n`);
  console.log(`written ${out}`);
  engine.dispose();
}

await main();
