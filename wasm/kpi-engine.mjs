// The one JavaScript face of the WebAssembly core, shared by the page's worker,
// the Node command line and the Node tests. It streams file bytes into the
// engine in chunks (never a whole file as one string) and turns the core's
// JSON envelopes into values or thrown Errors.
//
// Buffer ownership: the C++ Engine owns one staging buffer. `staging(n)` returns
// its address (valid until the next staging() call); we copy a chunk into it
// through a fresh HEAPU8 view (memory growth detaches old views) and call
// feed(n), which consumes the bytes before returning.

import createKpiModule from './kpi.mjs';

const CHUNK_BYTES = 1 << 20;

/** Error raised when the core answers {ok:false}; carries the core's fields. */
export class KpiError extends Error {
  constructor(error) {
    super(error.message);
    this.name = 'KpiError';
    this.code = error.code;
    this.file = error.file ?? null;
    this.line = error.line ?? null;
    this.byte = error.byte ?? null;
  }
}

function unwrap(text) {
  const env = JSON.parse(text);
  if (!env.ok) throw new KpiError(env.error);
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
   * for bad input.
   */
  async addFile(name, source, { total = source?.size ?? source?.byteLength ?? null, onProgress, signal } = {}) {
    unwrap(this.#engine.begin_file(name));
    let bytes = 0;
    try {
      for await (const chunk of chunksOf(source)) {
        if (signal?.aborted) throw signal.reason ?? new Error('aborted');
        const ptr = this.#engine.staging(chunk.length);
        if (ptr === 0) throw new KpiError({ code: 'OUT_OF_MEMORY', file: name, message: `${name}: out of memory` });
        this.#module.HEAPU8.set(chunk, ptr); // read HEAPU8 afresh: staging() may grow memory
        this.#engine.feed(chunk.length);
        bytes += chunk.length;
        onProgress?.({ bytes, total });
      }
    } catch (e) {
      // A read that fails or is cancelled part-way leaves no half file behind.
      this.#engine.abort_file();
      throw e;
    }
    return JSON.parse(this.#engine.end_file()).file;
  }

  /** Summaries of every file read so far, in the order they were added. */
  files() { return unwrap(this.#engine.files()).files; }

  /** Drops one file's rows (by the index in files()); the others stay parsed. */
  removeFile(index) { unwrap(this.#engine.remove_file(index)); }

  /** Settings object of the --config JSON plus as_of/period/tz/calendar; throws KpiError if invalid. */
  setSettings(settings) {
    unwrap(this.#engine.set_settings(typeof settings === 'string' ? settings : JSON.stringify(settings ?? {})));
  }

  /** The kpi-lens/report@1 object for the files and settings so far (no re-parse). */
  report() { return unwrap(this.#engine.report()).report; }

  /** The same report as the JSON text the core wrote (for the CLI and exports). */
  reportJson() {
    const text = this.#engine.report();
    if (!text.startsWith('{"ok":true,"report":')) unwrap(text);
    return text.slice('{"ok":true,"report":'.length, -1);
  }

  /** Forgets every file; settings stay. */
  clear() { this.#engine.clear(); }

  /** Bytes of wasm linear memory (for leak tests and the memory readout). */
  heapBytes() { return this.#module.HEAPU8.length; }

  /** Frees the C++ object; the engine is unusable afterwards. */
  dispose() { this.#engine.delete(); }
}

/**
 * Loads the module and makes an engine. In Node pass { wasmBinary } (the bytes of kpi.wasm):
 * the Emscripten 3.1.6 web build cannot fetch file: URLs there.
 */
export async function createEngine(options = {}) {
  const module = await createKpiModule(options);
  return new KpiEngine(module);
}
