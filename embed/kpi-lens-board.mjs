// <kpi-lens-board> and its ES-module API: the KPI Lens board for any host page
// (a CRM widget, an intranet, a consultant's own tool). The engine (the
// WebAssembly core, single-threaded, in this page: no worker, no COOP/COEP)
// computes and judges; the element only renders the report it returns, with
// the page's own board (components/board.mjs) and matrix (components/matrix.mjs)
// inside a shadow root: the host's CSS stays out and ours stays in, and the
// look is changed only through the --kpi-lens-* custom properties (board.css).
//
//   import { init, load, report } from 'kpi-lens-board';
//   await init();                                      // or init(url | Response | bytes)
//   await load({ deals, events, tasks, activities });  // CSV/JSON texts, bytes, Blobs or row objects
//   <kpi-lens-board lang="ru"></kpi-lens-board>         // renders the report, re-renders on load()
//
// This file sits at the root of the built package (scripts/build-embed.mjs),
// beside components/, engine/ and styles/; docs/embedding.md.

import { createEngine } from './engine/kpi-engine.mjs';
import { language, setLanguage } from './i18n.mjs';
import { setTimeZone } from './dom.mjs';
import './components/board.mjs';
import './components/matrix.mjs';
import './components/drill.mjs';

const STYLESHEETS = ['board.css', 'styles/board.css', 'styles/matrix.css', 'styles/drill.css'];
const LANGS = ['ru', 'en'];

let enginePromise = null;
let current = null; // the last report computed by load() / setSettings()
const boards = new Set(); // connected elements that follow the module's report

/** The bytes of `wasm` as createKpiModule options: a URL (string or URL), a Response or bytes. */
async function moduleOptions(wasm) {
  if (wasm === undefined || wasm === null) return {};
  if (typeof wasm === 'string' || wasm instanceof URL) {
    const url = new URL(String(wasm), globalThis.location?.href).href;
    return { locateFile: (name) => (name.endsWith('.wasm') ? url : name) };
  }
  if (typeof Response !== 'undefined' && wasm instanceof Response) {
    if (!wasm.ok) throw new Error(`init: the WebAssembly file could not be fetched (HTTP ${wasm.status} ${wasm.url})`);
    return { wasmBinary: new Uint8Array(await wasm.arrayBuffer()) };
  }
  if (wasm instanceof ArrayBuffer) return { wasmBinary: new Uint8Array(wasm) };
  if (ArrayBuffer.isView(wasm)) return { wasmBinary: new Uint8Array(wasm.buffer, wasm.byteOffset, wasm.byteLength) };
  throw new TypeError('init: pass the URL of kpi.wasm, a Response or its bytes (ArrayBuffer / Uint8Array)');
}

/**
 * Loads the engine once (later calls return the same one). Without an argument
 * kpi.wasm is read from beside engine/kpi.mjs, i.e. from the package itself.
 */
export function init(wasm) {
  enginePromise ??= moduleOptions(wasm).then((options) => createEngine(options));
  enginePromise.catch(() => { enginePromise = null; }); // a failed init may be retried
  return enginePromise;
}

/** A table given as row objects becomes CSV text (header = the keys of the first row). */
function rowsToCsv(rows) {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [keys.map(cell).join(','), ...rows.map((r) => keys.map((k) => cell(r[k])).join(','))].join('\n');
}

const isPage = (item) => item && typeof item === 'object' && typeof item.list === 'string' && 'page' in item;

/**
 * CRM API pages ({list, page}, in the order read) as the files the engine reads:
 * `<list>_0001.json`, … one per page; Bitrix24's stage history as one array
 * (the reader pairs each move with the deal's previous one, maybe on another page).
 */
export function pagesToFiles(pages) {
  const files = [];
  const index = new Map();
  const combined = new Map();
  for (const { list, page } of pages) {
    if (list === 'crm.stagehistory.list') {
      combined.set(list, [...(combined.get(list) ?? []), page]);
      continue;
    }
    const n = (index.get(list) ?? 0) + 1;
    index.set(list, n);
    files.push({ name: `${list}_${String(n).padStart(4, '0')}.json`, data: JSON.stringify(page) });
  }
  for (const [list, all] of combined) files.push({ name: `${list}.json`, data: JSON.stringify(all) });
  return files;
}

/** Whatever load() was given, as [{name, data}] for engine.addFile. */
function asFiles(input) {
  if (input === null || input === undefined) throw new TypeError('load: nothing to load');
  const list = typeof input[Symbol.iterator] === 'function' && typeof input !== 'string' ? [...input] : null;
  if (list) {
    if (list.every(isPage)) return pagesToFiles(list);
    return list.map((item, i) => {
      if (typeof Blob !== 'undefined' && item instanceof Blob) return { name: item.name ?? `file-${i + 1}`, data: item };
      if (item && typeof item === 'object' && 'data' in item) return { name: String(item.name ?? `file-${i + 1}`), data: item.data };
      throw new TypeError(`load: item ${i + 1} is neither a File nor {name, data} nor an API page {list, page}`);
    });
  }
  if (Array.isArray(input.pages)) return pagesToFiles(input.pages);
  return Object.entries(input).filter(([, v]) => v !== undefined && v !== null).map(([kind, v]) => {
    if (Array.isArray(v)) return { name: `${kind}.csv`, data: rowsToCsv(v) };
    const name = typeof Blob !== 'undefined' && v instanceof Blob && v.name ? v.name
      : `${kind}.${typeof v === 'string' && /^\s*[[{]/.test(v) ? 'json' : 'csv'}`;
    return { name, data: v };
  });
}

const FOLLOW = Symbol('follow');
let queue = Promise.resolve(); // load() and setSettings() run one after another on the one engine

function serially(task) {
  const run = queue.then(task);
  queue = run.catch(() => {});
  return run;
}

function publish(report) {
  current = report;
  for (const board of boards) board[FOLLOW](report);
  return report;
}

/**
 * Reads data into the engine, replacing what was loaded before, and returns the
 * report (kpi-lens/report@1); every connected <kpi-lens-board> shows it.
 * `input`: Files (a FileList, File[] or [{name, data}]), or {deals, events,
 * tasks, activities} (each a CSV/JSON text, bytes, a Blob or an array of row
 * objects), or CRM API pages ([{list, page}] or {pages}). A file that cannot be
 * read is named in report().files with the reason; the rest is analysed.
 * Options: signal (AbortSignal), onProgress({file, bytes, total}).
 */
export function load(input, { signal, onProgress } = {}) {
  let files;
  try { files = asFiles(input); } catch (e) { return Promise.reject(e); }
  return serially(async () => {
    const engine = await init();
    engine.clear();
    try {
      for (const { name, data } of files) {
        await engine.addFile(name, data, { signal, onProgress: onProgress && ((p) => onProgress({ file: name, ...p })) });
      }
    } catch (e) {
      engine.clear();
      throw e;
    }
    return publish(engine.report());
  });
}

/** The settings document in force (every key present; docs/kpi.md). */
export async function settings() { return (await init()).settings(); }

/**
 * Takes a whole settings document (a key it does not give takes its default),
 * recomputes and returns the report. Throws an Error whose `errors` name every
 * bad field; the settings in force are then kept.
 */
export function setSettings(doc) {
  return serially(async () => {
    const engine = await init();
    engine.setSettings(doc);
    return publish(engine.report());
  });
}

/** The last report (after load() or setSettings()), or null before any. */
export function report() { return current; }

/** The deals behind a tile or a cell: pass the detail of a kpi-lens-drill / kpi-lens-cell event. */
export async function drill(query) { return (await init()).drill(query); }

/**
 * <kpi-lens-board lang="ru|en">: the deviation board and the managers' matrix
 * of a report. It shows the module's report (load(), setSettings()) unless its
 * `report` property is set to one. data-state: empty | ready. Events (bubbling,
 * composed, cancelable; user actions only): kpi-lens-drill {metric,
 * flaggedOnly, label} when a tile is opened, kpi-lens-cell {metric, manager,
 * groupBy, group, label} when a matrix cell is. Unless the host cancels the
 * event (preventDefault), the element then lists the deals behind it (the
 * page's <kpi-drill> dialog), read from the module's engine, or from the
 * `drillSource(query)` function given with an own report.
 */
export class KpiLensBoard extends HTMLElement {
  static get observedAttributes() { return ['lang']; }

  /** With an own report: (query) => the drill result of the engine that computed it. */
  drillSource = null;
  #report = null;
  #own = false; // the report was set on the element: load() does not replace it
  #styled;

  constructor() {
    super();
    const doc = this.ownerDocument;
    const shadow = this.attachShadow({ mode: 'open' });
    const links = STYLESHEETS.map((href) => Object.assign(doc.createElement('link'), { rel: 'stylesheet', href: new URL(href, import.meta.url).href }));
    this.#styled = Promise.all(links.map((link) => new Promise((resolve) => {
      link.addEventListener('load', resolve, { once: true });
      link.addEventListener('error', resolve, { once: true });
    })));
    const root = doc.createElement('div');
    root.className = 'kpi-lens-root';
    root.setAttribute('part', 'root');
    // Made with createElement, so they are upgraded at once and their report setters exist.
    const list = doc.createElement('kpi-drill');
    list.client = { drill: (query) => (this.drillSource ? this.drillSource(query) : drill(query)) };
    root.append(doc.createElement('kpi-board'), doc.createElement('kpi-matrix'), list);
    shadow.append(...links, root);
    // The inner components re-render on their own clicks and keys (sort, show all): in this element's language.
    // ... and in the zone of its report (report.tz: the zone it was computed in), not the browser's.
    for (const type of ['click', 'keydown', 'change']) shadow.addEventListener(type, () => this.#locale(), true);
    shadow.addEventListener('kpi-drill', (event) => {
      event.stopPropagation();
      const fromTile = event.target.localName === 'kpi-board';
      const type = fromTile ? 'kpi-lens-drill' : 'kpi-lens-cell';
      const open = this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, cancelable: true, detail: { ...event.detail } }));
      if (open) list.open(event.detail ?? {}, event.target);
    });
  }

  /** ru or en: the lang attribute, else the document's language, else English. */
  get language() {
    const lang = (this.getAttribute('lang') || this.ownerDocument.documentElement.lang || 'en').slice(0, 2).toLowerCase();
    return LANGS.includes(lang) ? lang : 'en';
  }

  /** The report shown; setting one (e.g. computed by your own engine) detaches the element from load(). */
  get report() { return this.#report; }
  set report(value) {
    this.#own = value !== null && value !== undefined;
    this.#report = this.#own ? value : current;
    this.#render();
  }

  [FOLLOW](report) {
    if (this.#own) return;
    this.#report = report;
    this.#render();
  }

  connectedCallback() {
    boards.add(this);
    if (!this.#own) this.#report = current;
    this.#render();
  }

  disconnectedCallback() { boards.delete(this); }

  attributeChangedCallback() { if (this.isConnected) this.#render(); }

  /** The element's language and its report's zone, for the page's formatters (module-wide, so set before each render). */
  #locale() {
    setLanguage(this.language);
    setTimeZone(this.#report?.tz);
  }

  #render() {
    this.#locale(); // left set: the inner components render again when they are connected
    const root = this.shadowRoot.querySelector('.kpi-lens-root');
    root.setAttribute('lang', this.language);
    this.shadowRoot.querySelector('kpi-board').report = this.#report;
    const matrix = this.shadowRoot.querySelector('kpi-matrix');
    matrix.hidden = !this.#report;
    matrix.report = this.#report;
    this.shadowRoot.querySelector('kpi-drill').report = this.#report; // an open list is read again
    const state = this.#report ? 'ready' : 'empty';
    this.dataset.state = 'loading';
    // data-state turns to ready / empty once the stylesheets have loaded too: a reader sees the board styled.
    this.#styled.then(() => { if ((this.#report ? 'ready' : 'empty') === state) this.dataset.state = state; });
  }
}

if (!customElements.get('kpi-lens-board')) customElements.define('kpi-lens-board', KpiLensBoard);
