// The promise-per-request client for the engine worker (web/worker.mjs).
// Components that need the engine (drill-down, mapping) receive the page's one
// client as their `client` property from the controller in app.mjs.

/**
 * A failed request; carries the worker's error fields: file, line, byte; for a settings error
 * the rule (strings-table code), the field's JSON pointer (path) and every bad field (errors).
 */
export class RequestError extends Error {
  constructor({ code = 'INTERNAL', message = 'unknown error', ...fields } = {}) {
    super(message);
    Object.assign(this, { name: 'RequestError', code, file: null, line: null, byte: null, rule: null, path: null, params: {}, errors: [] });
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) this[key] = value;
  }
}

/**
 * One promise per request id. If the worker dies (an uncaught error in it, a
 * WebAssembly trap it reports as FATAL, a message it cannot decode), every pending
 * request is rejected with WORKER_FAILED and a fresh worker is started at once with
 * the settings document last in force; then the client fires `restart`
 * ({detail: {reason}}) so the page reads its files into it again (it still holds
 * the File objects; app.mjs). The page never waits for an answer that cannot come.
 * A worker that fails to start at all is not restarted: the next request tries again.
 */
export class KpiClient extends EventTarget {
  #workerUrl;
  #worker = null;
  #nextId = 1;
  #pending = new Map(); // id -> {resolve, reject, onProgress}
  #settings = null; // the settings document last in force (a SET_SETTINGS answer), replayed on restart
  #answered = false; // the current worker has answered a request: it started, so its death is a crash

  constructor(workerUrl = new URL('./worker.mjs', import.meta.url)) {
    super();
    this.#workerUrl = workerUrl;
  }

  loadDemo(options) { return this.request('LOAD_DEMO', {}, options); }
  /**
   * Options: onProgress, mappings (per file: a mapping or null), presetNames (per file: the preset
   * its mapping came from, or null), presets (matched by header for files without a mapping).
   */
  addFiles(files, { onProgress, mappings, presetNames, presets } = {}) {
    return this.request('ADD_FILES', { files, mappings, presetNames, presets }, { onProgress });
  }
  /** The columns, guesses and first rows of a file (summary.inspection); the file is not added. */
  inspect(file, { previewRows = 10 } = {}) { return this.request('INSPECT', { file, previewRows }); }
  /**
   * Drops the engine file `fileId` (its summary's id; null: it never reached the engine) and
   * reads `file` again with `mapping`; the new summary has a new id.
   */
  replaceFile(fileId, file, { mapping, preset = null, onProgress } = {}) {
    return this.request('REPLACE_FILE', { fileId, file, mapping, preset }, { onProgress });
  }
  /** Drops the engine file of that id (summary.id). */
  removeFile(fileId) { return this.request('REMOVE_FILE', { fileId }); }
  /**
   * Stops every read sent so far (loadDemo, addFiles, replaceFile): answered at once, not
   * after them. Their summaries mark what was not read with `cancelled: true`.
   */
  cancel() { return this.#worker ? this.request('CANCEL') : Promise.resolve({ cancelled: 0 }); }
  clear() { return this.request('CLEAR'); }
  /** {settings, defaults, schema, rolePresets, starts}: the document in force, the core's defaults and form (KpiEngine.form). */
  settings() { return this.request('SETTINGS'); }
  /** Sends the WHOLE settings document; resolves to the document now in force. */
  setSettings(settings) {
    return this.request('SET_SETTINGS', { settings }).then((inForce) => {
      this.#settings = inForce;
      return inForce;
    });
  }
  /** {name: {class, auto}} for source names: the lead class in force and the one by keywords. */
  leadClasses(sources) { return this.request('LEAD_CLASSES', { sources }); }
  /** A date as typed in the page's language, read by the core: ISO ('YYYY-MM-DD[THH:MM]') or null. */
  readDate(text, lang) { return this.request('READ_DATE', { text, lang }); }
  /** The kpi-lens/report@1 object (the worker sends the core's JSON text as UTF-8 bytes). */
  report() { return this.request('REPORT').then((bytes) => JSON.parse(new TextDecoder().decode(bytes))); }
  /** A sales-plan table (CSV or XLSX bytes) read by the core: {plans, errors, encoding, sheet, sheets}. */
  planTable(bytes, sheet = '') { return this.request('PLAN_TABLE', { bytes, sheet }); }
  /** The deals behind one number: {metric, manager?, groupBy?, group?, flaggedOnly?, limit?}. */
  drill(query) { return this.request('DRILL', { query }); }
  /** Tests: makes the worker die as a crashing one does (an uncaught error); the client restarts it. */
  crashWorkerForTest() { this.#worker?.postMessage({ type: 'TEST_CRASH' }); }

  request(type, payload = {}, { onProgress } = {}) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      let code = 'WORKER_FAILED'; // no worker starts
      try {
        const worker = this.#ensureWorker();
        code = 'BAD_REQUEST'; // a payload that cannot be cloned
        this.#pending.set(id, { resolve, reject, onProgress });
        worker.postMessage({ ...payload, id, type });
      } catch (e) {
        this.#pending.delete(id);
        reject(new RequestError({ code, message: e.message }));
      }
    });
  }

  #ensureWorker() {
    if (this.#worker) return this.#worker;
    // The single-file build (scripts/build-single.mjs) supplies its own worker: the
    // same code as a classic script from a blob: URL (a module worker does not start
    // from file://), which falls back to running on the page if no worker starts.
    const inline = globalThis.KPI_INLINE?.createWorker;
    const worker = inline ? inline() : new Worker(this.#workerUrl, { type: 'module', name: 'kpi-engine' });
    worker.addEventListener('message', (event) => this.#onMessage(event.data));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.#failAll(worker, event.message || 'the analysis worker stopped');
    });
    worker.addEventListener('messageerror', () => this.#failAll(worker, 'a worker message could not be decoded'));
    this.#worker = worker;
    this.#answered = false;
    return worker;
  }

  #onMessage(message) {
    if (message?.type === 'FATAL') { // the engine broke; the worker closes itself
      if (this.#worker) this.#failAll(this.#worker, message.message || 'the analysis engine stopped');
      return;
    }
    if (message?.type !== 'PROGRESS') this.#answered = true;
    const pending = this.#pending.get(message?.id);
    if (!pending) return;
    if (message.type === 'PROGRESS') {
      pending.onProgress?.(message);
      return;
    }
    this.#pending.delete(message.id);
    if (message.ok) pending.resolve(message.result);
    else pending.reject(new RequestError(message.error));
  }

  #failAll(worker, message) {
    if (this.#worker !== worker) return; // an old worker's late event
    this.#worker = null;
    worker.terminate();
    for (const { reject } of this.#pending.values()) reject(new RequestError({ code: 'WORKER_FAILED', message }));
    this.#pending.clear();
    if (this.#answered) this.#restart(message);
  }

  /**
   * A fresh worker for one that died after it had worked: the settings in force go to it first
   * (requests run in arrival order, so every later request sees them), then `restart` tells
   * the page to read its files again.
   */
  #restart(reason) {
    if (this.#settings) this.request('SET_SETTINGS', { settings: this.#settings }).catch(() => {});
    this.dispatchEvent(new CustomEvent('restart', { detail: { reason } }));
  }
}
