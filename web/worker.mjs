// The page's only owner of the WebAssembly engine, so parsing never blocks the UI.
// Protocol (requests carry an id; every request gets exactly one response):
//   request  {id, type: 'LOAD_DEMO'|'ADD_FILES'|'CLEAR'|'SET_SETTINGS'|'REPORT'|'DRILL', ...}
//            (DRILL: {query: {metric, manager, groupBy, group, flaggedOnly, limit}})
//   response {id, ok: true, result} | {id, ok: false, error: {code, message, file, line, byte}}
//   progress {id, type: 'PROGRESS', file, bytes, total}   (any number, before the response)
// Requests run one at a time in arrival order: the engine reads one file at a time,
// and an ADD_FILES that interleaved with a CLEAR would mix two data sets.

const PROGRESS_INTERVAL_MS = 50;

let enginePromise = null;

/** The engine, created on first use; a failed load is retried by the next request. */
function getEngine() {
  enginePromise ??= import('./engine/kpi-engine.mjs')
    .then((api) => api.createEngine())
    .catch((e) => {
      enginePromise = null;
      throw codedError('ENGINE_LOAD_FAILED', `the analysis engine could not be loaded (${e?.message ?? e})`);
    });
  return enginePromise;
}

function codedError(code, message, fields = {}) {
  return Object.assign(new Error(message), { code, ...fields });
}

/** Any thrown value as the protocol's error object (KpiError keeps its file/line/byte). */
function errorData(e, fallback = {}) {
  return {
    code: e?.code ?? (e?.name && e.name !== 'Error' ? e.name : 'INTERNAL'),
    message: String(e?.message ?? e ?? 'unknown error'),
    file: e?.file ?? fallback.file ?? null,
    line: e?.line ?? null,
    byte: e?.byte ?? null,
  };
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
async function readAll(id, engine, sources) {
  const summaries = [];
  for (const { name, open } of sources) {
    try {
      const { source, total } = await open();
      summaries.push(await engine.addFile(name, source, { total, onProgress: progressReporter(id, name) }));
    } catch (e) {
      summaries.push({ file: name, ok: false, error: errorData(e, { file: name }) });
    }
  }
  return summaries;
}

function manifestName(entry) {
  return typeof entry === 'string' ? entry : entry?.name ?? entry?.file ?? entry?.path;
}

const HANDLERS = {
  async LOAD_DEMO({ id }) {
    const base = new URL('./demo/', import.meta.url);
    const response = await fetch(new URL('manifest.json', base));
    if (!response.ok) throw codedError('DEMO_UNAVAILABLE', `demo/manifest.json: HTTP ${response.status}`);
    const manifest = await response.json();
    const names = (manifest?.files ?? []).map(manifestName).filter((n) => typeof n === 'string' && n);
    if (names.length === 0) throw codedError('DEMO_UNAVAILABLE', 'demo/manifest.json lists no files');
    const engine = await getEngine();
    engine.clear();
    return readAll(id, engine, names.map((name) => ({
      name,
      async open() {
        const res = await fetch(new URL(name, base));
        if (!res.ok || !res.body) throw codedError('DEMO_UNAVAILABLE', `${name}: HTTP ${res.status}`, { file: name });
        return { source: res.body, total: Number(res.headers.get('content-length')) || null };
      },
    })));
  },

  async ADD_FILES({ id, files }) {
    if (!Array.isArray(files) || !files.every((f) => f instanceof Blob)) {
      throw codedError('BAD_REQUEST', 'ADD_FILES needs files: File[]');
    }
    const engine = await getEngine();
    return readAll(id, engine, files.map((file, i) => ({
      name: file.name || `file-${i + 1}`,
      open: () => ({ source: file, total: file.size }),
    })));
  },

  async CLEAR() {
    (await getEngine()).clear();
    return null;
  },

  async SET_SETTINGS({ settings }) {
    (await getEngine()).setSettings(settings ?? {});
    return null;
  },

  async REPORT() {
    return (await getEngine()).report();
  },

  async DRILL({ query }) {
    if (!query || typeof query.metric !== 'string') throw codedError('BAD_REQUEST', 'DRILL needs query.metric');
    return (await getEngine()).drill(query);
  },
};

async function handle(message) {
  const { id, type } = message ?? {};
  try {
    const handler = Object.hasOwn(HANDLERS, type) ? HANDLERS[type] : null;
    if (!handler) throw codedError('UNKNOWN_REQUEST', `unknown request type ${JSON.stringify(type)}`);
    const result = await handler(message);
    self.postMessage({ id, ok: true, result });
  } catch (e) {
    self.postMessage({ id, ok: false, error: errorData(e) });
  }
}

let queue = Promise.resolve();
self.addEventListener('message', (event) => {
  queue = queue.then(() => handle(event.data));
});
