// The one JavaScript face of the WebAssembly core, shared by the page's worker,
// the Node command line and the Node tests. It streams file bytes into the
// engine in chunks (never a whole file as one string) and turns the core's
// JSON envelopes into values or thrown Errors.
//
// Buffer ownership: the C++ Engine owns one staging buffer. `staging(n)` returns
// its address (valid until the next staging() call); we copy a chunk into it
// through a fresh HEAPU8 view (memory growth detaches old views) and call
// feed(n), which consumes the bytes before returning.
//
// XLSX: a file that starts with a zip signature is collected whole (a zip is
// read from its directory at the end), its parts are inflated by the platform
// (unzip.mjs) and streamed into the core part by part: workbook, its rels,
// styles, shared strings, then the sheet the workbook names. The core has no
// inflate of its own (docs/architecture.md says why).

import createKpiModule from './kpi.mjs';
import { ZipError, entryChunks, isZip, readZipDirectory, zipKind } from './unzip.mjs';

const CHUNK_BYTES = 1 << 20;

// Time zones. The core has no tz database: for an IANA name we read the zone's
// offset history from the platform's ICU (Intl) and send it as `tz_offsets`
// ([[utcStart|null, offsetSeconds], ...], docs/formats.md). UTC and fixed
// offsets (the core's own grammar: `+03:00`, `UTC+3`) need no history.
const FIXED_ZONE = /^(?:UTC|GMT|Etc\/UTC|Z|(?:UTC|GMT)?[+-]\d{1,2}(?::?\d{2})?)$/;
const HISTORY_FROM = Date.UTC(1990, 0, 1) / 1000; // earlier instants keep the 1990 offset
const HISTORY_TO = Date.UTC(2040, 0, 1) / 1000; // later ones keep the last offset
const DAY = 86400;
const zoneHistories = new Map(); // zone name -> history, or null when Intl does not know it

/**
 * Offset changes of an IANA zone from 1990 to 2040 as `[[null, offset], [utcStart, offset], ...]`
 * (seconds), read from Intl; null when the platform has no such zone (or no Intl). Cached per name.
 * Scans day by day and bisects to the second at each change, about 18,000 Intl calls per zone
 * (~60 ms in Node 20); two changes within one day would be missed (none in tzdata since 1990).
 */
export function zoneHistory(zone) {
  if (!zoneHistories.has(zone)) zoneHistories.set(zone, readZoneHistory(zone));
  return zoneHistories.get(zone);
}

function readZoneHistory(zone) {
  if (typeof Intl === 'undefined') return null;
  let format;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  } catch (e) {
    if (e instanceof RangeError) return null;
    throw e;
  }
  // The zone's wall clock read as UTC, minus the instant. format() and the digits
  // (month, day, year, hour, minute, second) are ~3x faster than formatToParts().
  const offsetAt = (t) => {
    const [month, day, year, hour, minute, second] = format.format(t * 1000).match(/\d+/g).map(Number);
    return Date.UTC(year, month - 1, day, hour % 24, minute, second) / 1000 - t;
  };
  let t = HISTORY_FROM;
  let offset = offsetAt(t);
  const history = [[null, offset]];
  while (t < HISTORY_TO) {
    const next = Math.min(t + DAY, HISTORY_TO);
    if (offsetAt(next) === offset) { t = next; continue; }
    let lo = t, hi = next; // offsetAt(lo) === offset, offsetAt(hi) !== offset
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (offsetAt(mid) === offset) lo = mid; else hi = mid;
    }
    offset = offsetAt(hi);
    history.push([hi, offset]);
    t = hi;
  }
  return history;
}

/**
 * The settings text for the core: adds `tz_offsets` for an IANA `tz` unless given. A zone
 * Intl does not know goes without: the core then uses its built-in Russian zones, or
 * answers BAD_SETTINGS `unknown time zone "X"` (one message, written by the core).
 */
function settingsText(settings) {
  let object = settings ?? {};
  if (typeof settings === 'string') {
    try { object = JSON.parse(settings); } catch { return settings; } // the core reports the JSON error
  }
  const zone = typeof object?.tz === 'string' ? object.tz.trim() : null;
  const wanted = zone !== null && object.tz_offsets === undefined && !FIXED_ZONE.test(zone);
  const history = wanted ? zoneHistory(zone) : null;
  if (history) return JSON.stringify({ ...object, tz_offsets: history });
  return typeof settings === 'string' ? settings : JSON.stringify(object);
}

/**
 * Error raised when the core answers {ok:false}; carries the core's fields. A settings error
 * (BAD_SETTINGS) also has `rule` (the code the strings table translates), `path` (the JSON
 * pointer of the bad field), `params`, and `errors`: every bad field of the document, each
 * {code, rule, path, params, message}.
 */
export class KpiError extends Error {
  constructor(error, errors = null) {
    super(error.message);
    this.name = 'KpiError';
    this.code = error.code;
    this.file = error.file ?? null;
    this.line = error.line ?? null;
    this.byte = error.byte ?? null;
    this.rule = error.rule ?? null;
    this.path = error.path ?? null;
    this.params = error.params ?? {};
    this.errors = errors ?? (error.rule ? [error] : []);
  }
}

function unwrap(text) {
  const env = JSON.parse(text);
  if (!env.ok) throw new KpiError(env.error, env.errors ?? null);
  return env;
}

/** Yields Uint8Array chunks of at most CHUNK_BYTES from any byte source. */
async function* chunksOf(source) {
  if (source instanceof ArrayBuffer) source = new Uint8Array(source);
  if (ArrayBuffer.isView(source)) {
    const bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    for (let i = 0; i < bytes.length; i += CHUNK_BYTES) yield bytes.subarray(i, i + CHUNK_BYTES);
    return;
  }
  if (typeof source === 'string') { yield* chunksOf(new TextEncoder().encode(source)); return; }
  if (source && typeof source.stream === 'function') source = source.stream(); // Blob / File
  if (source && typeof source.getReader === 'function') {
    const reader = source.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield* chunksOf(value);
      }
    } finally {
      reader.releaseLock();
    }
  }
  if (source && typeof source[Symbol.asyncIterator] === 'function') {
    for await (const part of source) yield* chunksOf(part);
    return;
  }
  throw new TypeError('addFile: source must be bytes, a Blob, a ReadableStream or an async iterable');
}

/** Concatenates Uint8Array chunks (one copy). */
function concat(chunks, length) {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

/**
 * Looks at the first bytes of a source: {zip: true, bytes} with the whole file when it is a zip,
 * otherwise {zip: false, chunks} streaming it from the start (the bytes looked at included).
 */
async function openSource(source) {
  if (source instanceof ArrayBuffer) source = new Uint8Array(source);
  if (ArrayBuffer.isView(source)) {
    const bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    return isZip(bytes) ? { zip: true, bytes } : { zip: false, chunks: chunksOf(bytes) };
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    const head = new Uint8Array(await source.slice(0, 4).arrayBuffer());
    if (isZip(head)) return { zip: true, bytes: new Uint8Array(await source.arrayBuffer()) };
    return { zip: false, chunks: chunksOf(source) };
  }
  const iterator = chunksOf(source)[Symbol.asyncIterator]();
  const first = [];
  let length = 0;
  while (length < 4) {
    const { done, value } = await iterator.next();
    if (done) break;
    first.push(value);
    length += value.length;
  }
  const head = concat(first, length).subarray(0, 4);
  if (isZip(head)) {
    for (;;) {
      const { done, value } = await iterator.next();
      if (done) break;
      first.push(value.slice()); // a stream may reuse its chunk buffers
      length += value.length;
    }
    return { zip: true, bytes: concat(first, length) };
  }
  return {
    zip: false,
    chunks: (async function* rest() {
      yield* first;
      for (;;) {
        const { done, value } = await iterator.next();
        if (done) return;
        yield value;
      }
    })(),
  };
}

// Cancelling. A signal fires from an event (a worker's CANCEL message, a Ctrl-C), but
// a stream whose chunks are already queued resolves every read as a microtask, so a
// read loop would never let that event run. With a signal, the loops below give the
// event loop one task turn every ABORT_CHECK_MS; an abort then stops the read within
// a chunk (and a turn costs microseconds).
const ABORT_CHECK_MS = 20;

/** A task turn (not a microtask): events queued behind the read run first. */
function nextTask() {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === 'function') { // a worker: no clamping, unlike setTimeout
    const { port1, port2 } = new MessageChannel();
    return new Promise((resolve) => {
      port1.onmessage = () => { port1.close(); resolve(); };
      port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** For a read loop: resolves at once, or after a task turn when ABORT_CHECK_MS have passed. */
function abortChecks(signal) {
  if (!signal) return () => undefined;
  let last = performance.now();
  return async () => {
    if (performance.now() - last < ABORT_CHECK_MS) return;
    await nextTask();
    last = performance.now();
  };
}

// How the core's answer to report() begins when it holds a report (`{"ok":true,"report":{...}}`).
const REPORT_HEAD = '{"ok":true,"report":';

// The parts read before the sheet, in this order; each is optional.
const XLSX_PARTS = ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/sharedStrings.xml'];
const DEFAULT_SHEET = 'xl/worksheets/sheet1.xml';

export class KpiEngine {
  #module;
  #engine;

  constructor(module) {
    this.#module = module;
    this.#engine = new module.Engine();
  }

  /** Version string of the core. */
  get version() { return this.#engine.version(); }

  /**
   * Reads one file. `source`: Uint8Array | ArrayBuffer | Blob/File | ReadableStream | async iterable
   * of Uint8Array | string. Options: total (bytes, for progress), onProgress({bytes,total}),
   * signal (AbortSignal: stops reading, the file is dropped).
   * Returns the file's summary (see docs/architecture.md); a file that could not be read at all
   * has summary.ok === false and summary.error {code, file, line, byte, message}; it never throws
   * for bad input. A zip (an XLSX workbook) is collected whole, then its parts are inflated and
   * streamed into the core; onProgress then counts bytes of the zip as its parts are read.
   * summary.id is the file's stable id in this engine (removeFile takes it; never reused).
   */
  async addFile(name, source, { total = source?.size ?? source?.byteLength ?? null, onProgress, signal, mapping } = {}) {
    const opened = await openSource(source);
    // A mapping ({kind, columns, date_format?, decimal?}) overrides the header guesses; a bad one
    // makes the file unreadable with BAD_MAPPING naming the key (docs/formats.md "Column mapping").
    unwrap(mapping ? this.#engine.begin_file_with(name, JSON.stringify({ mapping })) : this.#engine.begin_file(name));
    try {
      if (opened.zip) {
        await this.#readZip(opened.bytes, { onProgress, signal });
      } else {
        let bytes = 0;
        const turn = abortChecks(signal);
        for await (const chunk of opened.chunks) {
          await turn();
          this.#feed(name, chunk, signal);
          bytes += chunk.length;
          onProgress?.({ bytes, total });
        }
      }
    } catch (e) {
      // A read that fails or is cancelled part-way leaves no half file behind.
      this.#engine.abort_file();
      throw e;
    }
    return JSON.parse(this.#engine.end_file()).file;
  }

  /**
   * Columns and guesses of a table file without reading it into the model: the header cells, the
   * canonical field guessed for each (and why), the guessed table, the required fields missing,
   * and the first `previewRows` (<= 20) rows, as `summary.inspection` (docs/formats.md "Columns
   * and guesses"). Reading stops as soon as the core has what it needs, so a large file costs
   * only its first chunk (an XLSX is unpacked first). The file is not added: files() and the
   * report do not change.
   */
  async inspect(name, source, { previewRows = 10, signal } = {}) {
    const opened = await openSource(source);
    unwrap(this.#engine.begin_file_with(name, JSON.stringify({ inspect: true, preview_rows: previewRows, now: Math.floor(Date.now() / 1000) })));
    try {
      if (opened.zip) {
        await this.#readZip(opened.bytes, { signal });
      } else {
        for await (const chunk of opened.chunks) {
          if (!this.#feed(name, chunk, signal)) break; // leaving the loop cancels the stream
        }
      }
    } catch (e) {
      this.#engine.abort_file();
      throw e;
    }
    return JSON.parse(this.#engine.end_file()).file;
  }

  /** Feeds one chunk; false once the core needs no more bytes of this file. */
  #feed(name, chunk, signal) {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    for (let i = 0; i < chunk.length; i += CHUNK_BYTES) {
      const piece = chunk.subarray(i, i + CHUNK_BYTES);
      const ptr = this.#engine.staging(piece.length);
      if (ptr === 0) throw new KpiError({ code: 'OUT_OF_MEMORY', file: name, message: `${name}: out of memory` });
      this.#module.HEAPU8.set(piece, ptr); // read HEAPU8 afresh: staging() may grow memory
      if (!this.#engine.feed(piece.length)) return false; // rejected, or an inspect read is done
    }
    return true;
  }

  /**
   * The parts of an XLSX into the open file. A zip that cannot be read becomes the file's error
   * (the core keeps rows the sheet had already given); cancellation and engine failures throw.
   */
  async #readZip(bytes, { onProgress, signal }) {
    const total = bytes.length;
    let done = 0; // compressed bytes of the parts finished, for progress
    const turn = abortChecks(signal);
    const feedEntry = async (entry) => {
      unwrap(this.#engine.begin_part(entry.name));
      let out = 0;
      for await (const chunk of entryChunks(bytes, entry)) {
        await turn();
        this.#feed(entry.name, chunk, signal);
        out += chunk.length;
        const share = entry.size > 0 ? Math.min(1, out / entry.size) : 1;
        onProgress?.({ bytes: Math.min(total, done + Math.round(share * entry.compressedSize)), total });
      }
      done += entry.compressedSize;
    };
    try {
      const entries = readZipDirectory(bytes);
      // A zip that is no workbook (a .docx, an archive): say what it is (docs/formats.md "Bad files").
      const kind = zipKind(entries);
      if (kind !== 'xlsx') {
        const tables = kind === 'tables';
        this.#engine.fail_file('UNSUPPORTED_FORMAT', 0, tables ? 'a zip archive of tables: unpack it, or drop it on the page'
          : `a zip that holds no workbook (${kind})`, tables ? 'FILE_ZIP_OF_TABLES' : kind, '{}');
        return;
      }
      // Part names are case-sensitive in the zip, but some writers vary the case.
      const find = (wanted) => entries.get(wanted)
        ?? [...entries.values()].find((e) => e.name.toLowerCase() === wanted.toLowerCase());
      for (const part of XLSX_PARTS) {
        const entry = find(part);
        if (entry) await feedEntry(entry);
      }
      // The sheet the workbook names; without a workbook, the first worksheet part.
      const named = this.#engine.sheet_part();
      const sheet = find(named || DEFAULT_SHEET)
        ?? (named ? null : [...entries.values()].filter((e) => /^xl\/worksheets\/[^/]+\.xml$/i.test(e.name))
          .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))[0]);
      if (sheet) await feedEntry(sheet);
      onProgress?.({ bytes: total, total });
    } catch (e) {
      if (!(e instanceof ZipError)) throw e;
      this.#engine.fail_file(e.code, e.byte ?? 0, e.message, e.rule ?? 'ZIP_CORRUPT', JSON.stringify(e.params ?? {}));
    }
  }

  /** Summaries of every file read so far, in the order they were added, each with its `id`. */
  files() { return unwrap(this.#engine.files()).files; }

  /** Drops one file's rows, by the `id` of its summary; the others stay parsed. */
  removeFile(id) { unwrap(this.#engine.remove_file(Number(id))); }

  /**
   * Takes the WHOLE settings document (an object or its JSON text: the --config JSON plus
   * as_of/from/to/tz/calendar); a key it does not give takes its default (docs/kpi.md). Throws a
   * KpiError naming every bad field (`errors`, each with `path`) and keeps the settings in force.
   * Any IANA `tz` works: its offsets come from Intl (see zoneHistory).
   */
  setSettings(settings) {
    unwrap(this.#engine.set_settings(settingsText(settings)));
  }

  /** The whole default settings document (the core's defaults; every key present). */
  defaults() { return unwrap(this.#engine.defaults()).settings; }

  /**
   * What a settings form is drawn from, all the core's: `schema`, the scalar fields
   * [{path, section, type, unit, min, max, step, choices}] with the bounds and choices the core
   * checks (issue 9, core/settings.h settings_schema_json); `rolePresets`, the role KPI sets
   * [{role, columns, tiles, norms}] a face offers (issue 11, docs/kpi.md "Role KPI sets");
   * `starts`, {calendar, motivation}: what a custom calendar and the bonus table start from.
   */
  form() {
    const { schema, role_presets: rolePresets, starts } = unwrap(this.#engine.defaults());
    return { schema, rolePresets, starts };
  }

  /** The whole settings document in force (every key present; no `tz_offsets`). */
  settings() { return unwrap(this.#engine.settings()).settings; }

  /**
   * The lead class of each source name under the settings in force (`class`) and the one its
   * name alone gives by the core's keywords (`auto`): {name: {class, auto}}.
   */
  leadClasses(sources) { return unwrap(this.#engine.lead_classes(JSON.stringify([...sources].map(String)))).classes; }

  /** A date as typed in `lang` ('ru', 'en'), read by the core: 'YYYY-MM-DD', 'YYYY-MM-DDTHH:MM', or null (no date). */
  readDate(text, lang) { return unwrap(this.#engine.read_date(String(text), String(lang))).date; }

  /**
   * The sales-plan table of Settings read by the core (core/sources/plan_table.h): a CSV's bytes
   * (any encoding and delimiter the core reads) or an XLSX, whose workbook parts and worksheets
   * are unzipped here and read by the core (the sheet named `sheet`, else the first that looks
   * like a plan). {plans: [{owner, from, to, revenue?, won_count?, line}], errors: [{line, code,
   * params}], encoding, sheet, sheets}. A zip that cannot be read throws its ZipError.
   */
  async planTable(bytes, { sheet = '' } = {}) {
    let data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    const parts = [];
    if (isZip(data)) {
      const chunks = [];
      let length = 0;
      for (const entry of readZipDirectory(data).values()) {
        if (!XLSX_PARTS.some((p) => p.toLowerCase() === entry.name.toLowerCase()) && !/^xl\/worksheets\/[^/]+\.xml$/i.test(entry.name)) continue;
        const start = length;
        for await (const chunk of entryChunks(data, entry)) { chunks.push(chunk.slice()); length += chunk.length; }
        parts.push([entry.name, length - start]);
      }
      data = concat(chunks, length);
    }
    const ptr = this.#engine.staging(data.length);
    if (ptr === 0 && data.length) throw new KpiError({ code: 'OUT_OF_MEMORY', message: 'out of memory' });
    this.#module.HEAPU8.set(data, ptr);
    const { ok, ...table } = unwrap(this.#engine.plan_table(data.length, JSON.stringify(parts), sheet ?? ''));
    return table;
  }

  /** The kpi-lens/report@1 object for the files and settings so far (no re-parse). */
  report() { return unwrap(this.#engine.report()).report; }

  /** The same report as the JSON text the core wrote (for the CLI and exports). */
  reportJson() {
    const text = this.#engine.report();
    if (!text.startsWith(REPORT_HEAD)) unwrap(text);
    return text.slice(REPORT_HEAD.length, -1);
  }

  /**
   * The same JSON as UTF-8 bytes, copied out of the module's memory without decoding
   * (`new TextDecoder().decode(bytes)` is reportJson()): the worker moves them to the page,
   * which decodes them once. `ascii`: every non-ASCII character as a \uXXXX escape (the core's
   * JSON writer), the same JSON as one-byte text, which the page parses faster
   * (docs/performance.md). Throws like report() when the engine fails.
   */
  reportBytes({ ascii = false } = {}) {
    const n = this.#engine.report_out(ascii);
    const at = this.#engine.out_address();
    const heap = this.#module.HEAPU8; // read afresh: the report may have grown memory
    const head = heap.subarray(at, at + Math.min(n, REPORT_HEAD.length));
    if (n < REPORT_HEAD.length + 1 || !head.every((b, i) => b === REPORT_HEAD.charCodeAt(i))) {
      unwrap(new TextDecoder().decode(heap.subarray(at, at + n)));
      throw new Error('report: the core answered neither a report nor an error');
    }
    return heap.slice(at + REPORT_HEAD.length, at + n - 1);
  }

  /**
   * The deals behind one number of the report (docs/architecture.md "Drill-down"): `metric` is a
   * METRICS key or a board tile id; `manager` and `groupBy` ('source' | 'lead_class' | 'segment')
   * with `group` narrow it like the report's rows. Returns {metric, family, unit, total, flagged,
   * shown, more, rows: [{deal_id, task_id, title, manager, stage, source, segment, amount, currency,
   * date, value, norm, state, flagged}]}, flagged rows first, at most `limit` (<= 500) rows.
   */
  drill({ metric, manager = '', groupBy = '', group = '', flaggedOnly = false, limit = 500 } = {}) {
    return unwrap(this.#engine.drill(String(metric ?? ''), String(manager ?? ''), String(groupBy ?? ''),
      String(group ?? ''), Boolean(flaggedOnly), Number(limit))).drill;
  }

  /** Forgets every file; settings stay. */
  clear() { this.#engine.clear(); }

  /** Bytes of wasm linear memory (the memory readout; it only grows, in 64 KiB pages). */
  heapBytes() { return this.#module.HEAPU8.length; }

  /** Bytes the allocator holds for live objects (mallinfo().uordblks): what a leak test compares. */
  liveBytes() { return this.#module.heap_live_bytes(); }

  /** Frees the C++ object; the engine is unusable afterwards. */
  dispose() { this.#engine.delete(); }
}

// ---------------------------------------------------------------------------
// Mapping presets (docs/formats.md "Mapping presets"): a mapping saved with the
// header it was made for, reused for any file whose header matches.
//   {"schema": "kpi-lens/mapping-preset@1", "name": "...", "signature": [...], "mapping": {...}}

export const PRESET_SCHEMA = 'kpi-lens/mapping-preset@1';

/**
 * A preset as written, or throws TypeError naming what is wrong. `signature` is the
 * header's `inspection.signature` (cells trimmed and case-folded by the core).
 */
export function checkPreset(preset, where = 'preset') {
  if (!preset || typeof preset !== 'object' || Array.isArray(preset)) throw new TypeError(`${where}: must be an object`);
  if (preset.schema !== undefined && preset.schema !== PRESET_SCHEMA) {
    throw new TypeError(`${where}.schema: must be "${PRESET_SCHEMA}"`);
  }
  if (typeof preset.name !== 'string' || !preset.name.trim()) throw new TypeError(`${where}.name: must be a non-empty string`);
  if (!Array.isArray(preset.signature) || !preset.signature.every((s) => typeof s === 'string')) {
    throw new TypeError(`${where}.signature: must be a list of header names`);
  }
  if (!preset.mapping || typeof preset.mapping !== 'object' || Array.isArray(preset.mapping)) {
    throw new TypeError(`${where}.mapping: must be an object {kind, columns, ...}`);
  }
  return preset;
}

/** A new preset for a header signature (from an inspection) and a mapping. */
export function makePreset(name, signature, mapping) {
  return checkPreset({ schema: PRESET_SCHEMA, name: String(name).trim(), signature: [...signature], mapping });
}

/** The last preset whose signature equals `signature` (the newest wins), or null. */
export function matchPreset(presets, signature) {
  if (!Array.isArray(signature)) return null;
  for (let i = (presets?.length ?? 0) - 1; i >= 0; i--) {
    const p = presets[i];
    if (Array.isArray(p?.signature) && p.signature.length === signature.length &&
        p.signature.every((s, k) => s === signature[k])) return p;
  }
  return null;
}

/**
 * Loads the module and makes an engine. In Node pass { wasmBinary } (the bytes of kpi.wasm):
 * the Emscripten 3.1.6 web build cannot fetch file: URLs there.
 */
export async function createEngine(options = {}) {
  const module = await createKpiModule(options);
  return new KpiEngine(module);
}
