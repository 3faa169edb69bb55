// The page's only owner of the WebAssembly engine, so parsing never blocks the UI.
// Protocol (requests carry an id; every request gets exactly one response):
//   request  {id, type: 'LOAD_DEMO'|'ADD_FILES'|'INSPECT'|'REPLACE_FILE'|'REMOVE_FILE'|'CLEAR'|
//                       'SETTINGS'|'SET_SETTINGS'|'LEAD_CLASSES'|'REPORT'|'DRILL'|'CANCEL', ...}
//     ADD_FILES    {files: File[], mappings?: (mapping|null)[], presetNames?: (string|null)[],
//                  presets?: preset[]}: a file with a mapping is read with it (presetNames[i]: the
//                  preset it came from, kept in the summary when files are read again); else a
//                  preset whose header signature matches is used.
//                  Files are added to those the engine holds (CLEAR first to replace them)
//     INSPECT      {file: File, previewRows?}: columns, guesses, first rows; adds nothing
//     REPLACE_FILE {id, file, mapping, preset?}: drops the engine file of that id (null: the
//                  file never reached the engine) and reads `file` again with `mapping`; the
//                  new summary has a new id
//     REMOVE_FILE  {id}: drops the engine file of that id (summary.id, stable, never reused);
//                  the others stay parsed, nothing is re-read
//     SETTINGS     {}: {settings, defaults, schema, rolePresets, starts}: the whole document in force, the
//                  core's defaults and what its settings form is drawn from (KpiEngine.form)
//     SET_SETTINGS {settings}: takes the WHOLE document (a key not given takes its default);
//                  answers the document now in force; a bad one fails with BAD_SETTINGS and
//                  `errors` (every bad field: {rule, path, params, message}), nothing changes
//     LEAD_CLASSES {sources}: {name: {class, auto}} (the class in force, the one by keywords)
//     CANCEL       {}: answered at once, outside the queue: aborts every read request that has
//                  arrived and not finished (LOAD_DEMO, ADD_FILES, REPLACE_FILE). The file being
//                  read is dropped by the engine within one chunk; files the request had already
//                  read stay; files it had not reached are not read. Their summaries say
//                  `cancelled: true` (with `unread: true`, error code CANCELLED). Result {cancelled: n}
//   Summaries of ADD_FILES / REPLACE_FILE carry `mapping` and `preset` (the name, or null);
//   `unread: true` marks a file the browser could not read (it is not in the engine).
//     REPORT       {}: the kpi-lens/report@1 as the core's JSON text, non-ASCII as \uXXXX escapes
//                  (the core writes them), a Uint8Array whose buffer is transferred (KpiClient.report parses it)
//     DRILL        {query: {metric, manager, groupBy, group, flaggedOnly, limit}}: the deals behind a cell
//   response {id, ok: true, result} | {id, ok: false, error: {code, message, file, line, byte,
//            rule, path, params, errors}}
//   progress {id, type: 'PROGRESS', file, bytes, total}   (any number, before the response)
//   fatal    {type: 'FATAL', message}: the engine broke (a WebAssembly trap or abort, e.g. out of
//            memory); the worker closes itself after it, and the client starts a new one
//   TEST_CRASH {}: (tests) answered by nothing: the worker throws outside any request, as a
//            worker that dies does, so the page's restart path can be tested
// Size: the engine holds every file it reads in memory (wasm linear memory, at most 4 GiB, and
// the model takes several times a file's bytes), so a file that would take the bytes held past
// MAX_HELD_BYTES is not read: its summary is ok:false, FILE_TOO_LARGE, error.params
// {file, size, limit} (bytes). A file is streamed in chunks otherwise, never read whole
// (except a zip, which is inflated from memory; it is held to MAX_ZIP_BYTES).
// Requests run one at a time in arrival order: the engine reads one file at a time,
// and an ADD_FILES that interleaved with a CLEAR would mix two data sets. CANCEL is the
// one exception: it must reach a read that is running, so it never waits in the queue.


const PROGRESS_INTERVAL_MS = 50;

// What the engine may hold, in bytes of the files read (docs/reliability.md "Huge files"): the
// model costs about MODEL_BYTES_PER_INPUT_BYTE of heap per byte read, and wasm memory stops at
// 4 GiB, so 512 MiB of files keeps the model well inside it on every measured kind of file.
const MAX_HELD_BYTES = 512 * 2 ** 20;
// A zip (XLSX) is collected whole before it is inflated: a smaller cap for it.
const MAX_ZIP_BYTES = 128 * 2 ** 20;
const ZIP_MAGIC = [0x50, 0x4B, 0x03, 0x04];

// The single-file build (scripts/build-single.mjs) runs this code as a classic
// worker from a blob: URL (or, where no worker starts, on the page with `self`
// standing in for the worker's global), where relative URLs lead nowhere and the
// CSP forbids every fetch. It sets self.KPI_INLINE = {wasm, demo: [{name, size,
// gzip}]}: base64 of gzip-compressed bytes, inflated here instead of fetched.
const INLINE = self.KPI_INLINE ?? null;

function gunzipStream(base64) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
}

/** Options for createEngine(): the inlined wasm bytes, so kpi.mjs never resolves a URL. */
async function engineOptions() {
  if (!INLINE) return {};
  const wasmBinary = new Uint8Array(await new Response(gunzipStream(INLINE.wasm)).arrayBuffer());
  // locateFile keeps kpi.mjs from resolving 'kpi.wasm' against a blob: URL (a TypeError).
  return { wasmBinary, locateFile: (file) => file };
}

let enginePromise = null;
let engineApi = null; // the kpi-engine.mjs module (matchPreset)

/** The engine, created on first use; a failed load is retried by the next request. */
function getEngine() {
  enginePromise ??= import('./engine/kpi-engine.mjs')
    .then(async (api) => { engineApi = api; return api.createEngine(await engineOptions()); })
    .catch((e) => {
      enginePromise = null;
      const detail = String(e?.message ?? e);
      throw codedError('ENGINE_LOAD_FAILED', `the analysis engine could not be loaded (${detail})`, { params: { detail } });
    });
  return enginePromise;
}

function codedError(code, message, fields = {}) {
  return Object.assign(new Error(message), { code, ...fields });
}

/** Any thrown value as the protocol's error object (KpiError keeps its file/line/byte). */
function errorData(e, fallback = {}) {
  const data = { code: e?.code ?? (e?.name && e.name !== 'Error' ? e.name : 'INTERNAL'), message: String(e?.message ?? e ?? 'unknown error') };
  for (const key of ['file', 'line', 'byte', 'rule', 'path']) data[key] = e?.[key] ?? fallback[key] ?? null;
  return { ...data, params: e?.params ?? {}, errors: Array.isArray(e?.errors) ? e.errors : [] };
}

function progressReporter(id, file) {
  let last = -Infinity;
  return ({ bytes, total }) => {
    const now = performance.now();
    if (bytes === total || now - last >= PROGRESS_INTERVAL_MS) {
      last = now;
      self.postMessage({ id, type: 'PROGRESS', file, bytes, total: total ?? null });
    }
  };
}

/**
 * Streams each source into the engine and returns one summary per file. A file the
 * engine cannot take (or the browser cannot read) becomes an ok:false summary, so
 * the other files still load.
 */
async function readAll(id, engine, sources, { presets = [], signal = null } = {}) {
  const summaries = [];
  for (const { name, open, mapping: given = null, presetName = null, blob = null } of sources) {
    if (signal?.aborted) { // cancelled: the files not yet reached are not read
      summaries.push(unreadSummary(name, signal.reason, { cancelled: true }));
      continue;
    }
    try {
      const tooLarge = blob ? await sizeError(name, blob) : null;
      if (tooLarge) {
        summaries.push(unreadSummary(name, tooLarge));
        continue;
      }
      const summary = await readOne(id, engine, name, open, given, presets, signal);
      if (blob && Number.isInteger(summary.id)) held.set(summary.id, blob.size);
      summaries.push(given && presetName ? { ...summary, preset: presetName } : summary);
    } catch (e) {
      // The engine dropped the file it was reading when the signal fired (addFile aborts it).
      summaries.push(signal?.aborted ? unreadSummary(name, signal.reason, { cancelled: true }) : unreadSummary(name, e));
    }
  }
  return summaries;
}

// Bytes of the files the engine holds, by engine file id (REMOVE_FILE and CLEAR let go of them).
const held = new Map();
const heldBytes = () => [...held.values()].reduce((sum, n) => sum + n, 0);

/** FILE_TOO_LARGE when reading `blob` would take the engine past its caps; null when it fits. */
async function sizeError(name, blob) {
  const head = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
  const zip = head.length === 4 && ZIP_MAGIC.every((b, i) => head[i] === b);
  const limit = zip ? MAX_ZIP_BYTES : MAX_HELD_BYTES - heldBytes();
  if (blob.size <= limit) return null;
  const mib = (n) => `${(n / 2 ** 20).toFixed(0)} MiB`;
  const room = zip ? `a workbook is read whole, up to ${mib(MAX_ZIP_BYTES)}`
    : `the page holds at most ${mib(MAX_HELD_BYTES)} of files${heldBytes() >= 2 ** 20 ? `, ${mib(heldBytes())} already loaded` : ''}`;
  return codedError('FILE_TOO_LARGE', `${name}: ${mib(blob.size)} is too large to analyse in the browser (${room})`, {
    file: name, params: { file: name, size: blob.size, limit: Math.max(0, limit), zip },
  });
}

/** The summary of a file the engine did not read (too large, unreadable, cancelled: `extra`). */
function unreadSummary(name, e, extra = {}) {
  return { file: name, ok: false, unread: true, ...extra, error: errorData(e, { file: name }) };
}

/**
 * Reads one file: with its own mapping, else with the preset its header matches (only the
 * header is read to find out), else as the core recognises it.
 */
async function readOne(id, engine, name, open, given, presets, signal = null) {
  let mapping = given;
  let preset = null;
  if (!mapping && presets.length) {
    const { inspection } = await engine.inspect(name, (await open()).source, { previewRows: 0 });
    preset = engineApi.matchPreset(presets, inspection?.signature);
    mapping = preset?.mapping ?? null;
  }
  const { source, total } = await open();
  const summary = await engine.addFile(name, source, { total, mapping, signal, onProgress: progressReporter(id, name) });
  return { ...summary, mapping, preset: preset?.name ?? null };
}

/**
 * The demo's files as readAll's sources: the single-file build's (gzip-compressed, inflated while
 * the engine reads them), else those demo/manifest.json lists, fetched from this site.
 */
async function demoSources() {
  if (INLINE) {
    const files = Array.isArray(INLINE.demo) ? INLINE.demo : [];
    if (files.length === 0) throw codedError('DEMO_UNAVAILABLE', 'this build carries no demo data');
    return files.map(({ name, size, gzip }) => ({ name, open: () => ({ source: gunzipStream(gzip), total: size ?? null }) }));
  }
  const base = new URL('./demo/', import.meta.url);
  const response = await fetch(new URL('manifest.json', base));
  if (!response.ok) throw codedError('DEMO_UNAVAILABLE', `demo/manifest.json: HTTP ${response.status}`);
  const manifest = await response.json();
  const names = (manifest?.files ?? []).filter((name) => typeof name === 'string' && name); // scripts/gen-demo.mjs
  if (names.length === 0) throw codedError('DEMO_UNAVAILABLE', 'demo/manifest.json lists no files');
  return names.map((name) => ({
    name,
    async open() {
      const res = await fetch(new URL(name, base));
      if (!res.ok || !res.body) throw codedError('DEMO_UNAVAILABLE', `${name}: HTTP ${res.status}`, { file: name });
      return { source: res.body, total: Number(res.headers.get('content-length')) || null };
    },
  }));
}

/** A page's File as readAll's source (`blob`: held to the size caps). */
function fileSource(file, name, extra = {}) {
  return { name, open: () => ({ source: file, total: file.size }), blob: file, ...extra };
}

/** The engine without any file. */
async function clearedEngine() {
  const engine = await getEngine();
  engine.clear();
  held.clear();
  return engine;
}

const HANDLERS = {
  async LOAD_DEMO({ id }, { signal }) {
    const sources = await demoSources();
    return readAll(id, await clearedEngine(), sources, { signal });
  },

  async ADD_FILES({ id, files, mappings = [], presetNames = [], presets = [] }, { signal }) {
    if (!Array.isArray(files) || !files.every((f) => f instanceof Blob)) {
      throw codedError('BAD_REQUEST', 'ADD_FILES needs files: File[]');
    }
    const sources = files.map((file, i) => fileSource(file, file.name || `file-${i + 1}`, {
      mapping: mappings?.[i] ?? null, presetName: presetNames?.[i] ?? null,
    }));
    return readAll(id, await getEngine(), sources, { presets: Array.isArray(presets) ? presets : [], signal });
  },

  async INSPECT({ file, previewRows = 10 }) {
    if (!(file instanceof Blob)) throw codedError('BAD_REQUEST', 'INSPECT needs file: File');
    return (await getEngine()).inspect(file.name || 'file', file, { previewRows });
  },

  async REPLACE_FILE({ id, fileId = null, file, mapping, preset = null }, { signal }) {
    if (!(file instanceof Blob) || !(fileId === null || Number.isInteger(fileId))) {
      throw codedError('BAD_REQUEST', 'REPLACE_FILE needs fileId: number | null and file: File');
    }
    const engine = await getEngine();
    if (fileId !== null) { // null: the file never reached the engine
      engine.removeFile(fileId);
      held.delete(fileId);
    }
    const [summary] = await readAll(id, engine, [fileSource(file, file.name || 'file', { mapping })], { signal });
    return { mapping: mapping ?? null, ...summary, preset: summary.unread ? null : preset };
  },

  async REMOVE_FILE({ fileId }) {
    if (!Number.isInteger(fileId) || fileId < 0) throw codedError('BAD_REQUEST', 'REMOVE_FILE needs fileId: number');
    (await getEngine()).removeFile(fileId); // a KpiError names an id the engine does not hold
    held.delete(fileId);
    return null;
  },

  async CLEAR() {
    await clearedEngine();
    return null;
  },

  async SETTINGS() {
    const engine = await getEngine();
    return { settings: engine.settings(), defaults: engine.defaults(), ...engine.form() };
  },

  async SET_SETTINGS({ settings }) {
    const engine = await getEngine();
    engine.setSettings(settings ?? {});
    return engine.settings();
  },

  async LEAD_CLASSES({ sources }) {
    if (!Array.isArray(sources)) throw codedError('BAD_REQUEST', 'LEAD_CLASSES needs sources: string[]');
    return (await getEngine()).leadClasses(sources);
  },

  async READ_DATE({ text, lang }) { return (await getEngine()).readDate(text ?? '', lang ?? ''); },

  // The sales-plan table of Settings read by the core (CSV or XLSX; core/sources/plan_table.h).
  async PLAN_TABLE({ bytes, sheet }) {
    if (!(bytes instanceof Uint8Array)) throw codedError('BAD_REQUEST', 'PLAN_TABLE needs bytes: Uint8Array');
    return (await getEngine()).planTable(bytes, { sheet: sheet ?? '' });
  },

  // The core's JSON, not the object (JSON.parse on the page is several times faster than
  // structured-cloning the parsed report), as the UTF-8 bytes the core wrote, copied out of the
  // module's memory and moved to the page, not copied again: posting a text (two bytes a
  // character, copied into the message) took longer, and decoding the bytes into a string here
  // only to encode it again was a third of a re-analysis (docs/performance.md "The page:
  // re-render after a change"). KpiClient.report decodes and parses it.
  // Non-ASCII goes as \uXXXX escapes (written so by the core): the page parses one-byte text.
  async REPORT() {
    return (await getEngine()).reportBytes({ ascii: true }); // handle() moves its buffer
  },

  async DRILL({ query }) {
    if (!query || typeof query.metric !== 'string') throw codedError('BAD_REQUEST', 'DRILL needs query.metric');
    return (await getEngine()).drill(query);
  },
};

async function handle(message, signal) {
  const { id, type } = message ?? {};
  try {
    const handler = Object.hasOwn(HANDLERS, type) ? HANDLERS[type] : null;
    if (!handler) throw codedError('UNKNOWN_REQUEST', `unknown request type ${JSON.stringify(type)}`);
    const result = await handler(message, { signal });
    // Bytes (the report) are moved to the page (transferred), not copied.
    self.postMessage({ id, ok: true, result }, result instanceof Uint8Array ? [result.buffer] : []);
  } catch (e) {
    self.postMessage({ id, ok: false, error: errorData(e) });
    if (isFatal(e)) die(e);
  }
}

/**
 * A WebAssembly trap or an Emscripten abort (out of memory, a broken invariant): the module
 * cannot be used again. Not a KpiError (bad input is data, never fatal).
 */
function isFatal(e) {
  return (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError)
    || /^Aborted\(/.test(String(e?.message ?? ''));
}

/** Tells the client the engine is gone and stops this worker; the client starts a fresh one. */
function die(e) {
  self.postMessage({ type: 'FATAL', message: String(e?.message ?? e) });
  if (typeof self.close === 'function' && typeof WorkerGlobalScope !== 'undefined') self.close();
}

// The requests that read files, each with the controller CANCEL aborts, from its
// arrival (a cancel may come while it still waits in the queue) until its answer.
const READS = new Set(['LOAD_DEMO', 'ADD_FILES', 'REPLACE_FILE']);
const reading = new Map(); // id -> AbortController

function cancelReads(id) {
  const controllers = [...reading.values()].filter((c) => !c.signal.aborted);
  for (const controller of controllers) controller.abort(codedError('CANCELLED', 'reading cancelled'));
  self.postMessage({ id, ok: true, result: { cancelled: controllers.length } });
}

let queue = Promise.resolve();
self.addEventListener('message', (event) => {
  const message = event.data;
  if (message?.type === 'CANCEL') {
    cancelReads(message.id);
    return;
  }
  if (message?.type === 'TEST_CRASH') { // an uncaught error outside any request: the worker dies
    setTimeout(() => { throw new Error('worker crashed on request (TEST_CRASH)'); });
    return;
  }
  const controller = READS.has(message?.type) ? new AbortController() : null;
  if (controller) reading.set(message.id, controller);
  queue = queue.then(() => handle(message, controller?.signal ?? null)).finally(() => reading.delete(message?.id));
});
