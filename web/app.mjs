// The page: a promise-per-request client for the engine worker, the custom
// elements that draw its results (<kpi-drop-zone>, <kpi-file-list>, <kpi-matrix>),
// and the controller that shows the bundled demo at once and replaces it with
// whatever files the user drops. Nothing here talks to the network except the
// worker fetching the demo files from this same site.

import {
  detectLanguage, formatCount, language, locale, setLanguage, t, tn,
} from './i18n.mjs';

// ---------------------------------------------------------------------------
// Worker client

/** A failed request; carries the worker's error fields. */
export class RequestError extends Error {
  constructor({ code = 'INTERNAL', message = 'unknown error', file = null, line = null, byte = null } = {}) {
    super(message);
    this.name = 'RequestError';
    this.code = code;
    this.file = file;
    this.line = line;
    this.byte = byte;
  }
}

/**
 * One promise per request id. If the worker dies (a failed module load, a crash),
 * every pending request is rejected and the next request starts a fresh worker,
 * so the page never waits for an answer that cannot come.
 */
export class KpiClient {
  #workerUrl;
  #worker = null;
  #nextId = 1;
  #pending = new Map(); // id -> {resolve, reject, onProgress}

  constructor(workerUrl = new URL('./worker.mjs', import.meta.url)) {
    this.#workerUrl = workerUrl;
  }

  loadDemo(options) { return this.request('LOAD_DEMO', {}, options); }
  addFiles(files, options) { return this.request('ADD_FILES', { files }, options); }
  clear() { return this.request('CLEAR'); }
  setSettings(settings) { return this.request('SET_SETTINGS', { settings }); }
  report() { return this.request('REPORT'); }

  request(type, payload = {}, { onProgress } = {}) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      let worker;
      try {
        worker = this.#ensureWorker();
      } catch (e) {
        reject(new RequestError({ code: 'WORKER_FAILED', message: e.message }));
        return;
      }
      this.#pending.set(id, { resolve, reject, onProgress });
      try {
        worker.postMessage({ ...payload, id, type });
      } catch (e) {
        this.#pending.delete(id);
        reject(new RequestError({ code: 'BAD_REQUEST', message: e.message }));
      }
    });
  }

  #ensureWorker() {
    if (this.#worker) return this.#worker;
    const worker = new Worker(this.#workerUrl, { type: 'module', name: 'kpi-engine' });
    worker.addEventListener('message', (event) => this.#onMessage(event.data));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.#failAll(worker, event.message || 'the analysis worker stopped');
    });
    worker.addEventListener('messageerror', () => this.#failAll(worker, 'a worker message could not be decoded'));
    this.#worker = worker;
    return worker;
  }

  #onMessage(message) {
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
    if (this.#worker === worker) this.#worker = null;
    worker.terminate();
    const error = { code: 'WORKER_FAILED', message };
    for (const { reject } of this.#pending.values()) reject(new RequestError(error));
    this.#pending.clear();
  }
}

// ---------------------------------------------------------------------------
// Formatting: null is "no data", never 0

function formatPercent(share) {
  return new Intl.NumberFormat(locale(), {
    style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1,
  }).format(share);
}

/** Whole rubles in the matrix; the exact amount is in data-value and the tooltip. */
function formatMoney(amount, { exact = false } = {}) {
  const digits = exact && !Number.isInteger(amount) ? 2 : 0;
  return new Intl.NumberFormat(locale(), {
    style: 'currency', currency: 'RUB', currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: digits, maximumFractionDigits: digits,
  }).format(amount);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function formatInstant(text, { withTime, exclusiveEnd = false }) {
  if (!text) return '—';
  const dateOnly = DATE_ONLY.test(text);
  const date = new Date(dateOnly ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime())) return text;
  if (exclusiveEnd) date.setTime(date.getTime() - 1);
  const options = withTime && !dateOnly ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' };
  if (dateOnly) options.timeZone = 'UTC';
  return new Intl.DateTimeFormat(locale(), options).format(date);
}

/** Creates an element: h('td', {class: 'x', 'data-metric': 'won'}, child, 'text'). */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

// ---------------------------------------------------------------------------
// <kpi-drop-zone>: the "Choose files" button, its hidden input, and drops anywhere
// on the page. Emits `kpi-files` with {files: File[]}.

class KpiDropZone extends HTMLElement {
  #input = null;
  #button = null;
  #hint = null;
  #overlay = null;
  #dragDepth = 0;

  connectedCallback() {
    if (!this.#input) {
      this.#button = h('button', { type: 'button', class: 'kpi-button kpi-button-primary' });
      this.#input = h('input', { type: 'file', multiple: true, hidden: true, tabindex: -1 });
      this.#hint = h('span', { class: 'kpi-drop-hint' });
      this.#overlay = h('div', { class: 'kpi-drop-overlay', hidden: true, 'aria-hidden': 'true' },
        h('div', { class: 'kpi-drop-overlay-box' }));
      this.append(this.#button, this.#input, this.#hint, this.#overlay);
      this.#button.addEventListener('click', () => this.#input.click());
      this.#input.addEventListener('change', () => {
        const files = [...this.#input.files];
        this.#input.value = ''; // choosing the same file again must fire `change` again
        this.#emit(files);
      });
    }
    document.addEventListener('dragenter', this.#onDragEnter);
    document.addEventListener('dragover', this.#onDragOver);
    document.addEventListener('dragleave', this.#onDragLeave);
    document.addEventListener('drop', this.#onDrop);
    this.refresh();
  }

  disconnectedCallback() {
    document.removeEventListener('dragenter', this.#onDragEnter);
    document.removeEventListener('dragover', this.#onDragOver);
    document.removeEventListener('dragleave', this.#onDragLeave);
    document.removeEventListener('drop', this.#onDrop);
  }

  /** Re-reads the strings (after a language change). */
  refresh() {
    if (!this.#input) return;
    this.#button.textContent = t('drop.choose');
    this.#hint.textContent = t('drop.hint');
    this.#overlay.firstElementChild.textContent = t('drop.overlay');
  }

  #emit(files) {
    if (files.length === 0) return;
    this.dispatchEvent(new CustomEvent('kpi-files', { bubbles: true, detail: { files } }));
  }

  #showOverlay(visible) {
    this.#overlay.hidden = !visible;
    document.documentElement.classList.toggle('kpi-dragging', visible);
  }

  #onDragEnter = (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    this.#dragDepth += 1;
    this.#showOverlay(true);
  };

  #onDragOver = (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault(); // makes the page a drop target
    event.dataTransfer.dropEffect = 'copy';
  };

  #onDragLeave = (event) => {
    if (!carriesFiles(event)) return;
    this.#dragDepth = Math.max(0, this.#dragDepth - 1);
    if (this.#dragDepth === 0) this.#showOverlay(false);
  };

  #onDrop = (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault(); // never let the browser open the file instead
    this.#dragDepth = 0;
    this.#showOverlay(false);
    this.#emit([...(event.dataTransfer.files ?? [])]);
  };
}

function carriesFiles(event) {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}

// ---------------------------------------------------------------------------
// <kpi-file-list>: what was read from each file, and what went wrong.

const MAX_VISIBLE_ISSUES = 5;

function stripFilePrefix(message, file) {
  const text = String(message ?? '');
  return file && text.startsWith(`${file}:`) ? text.slice(file.length + 1).trim() : text;
}

function whereText(line, byte) {
  if (line !== null && line !== undefined) return t('files.line', { n: formatCount(line) });
  if (byte !== null && byte !== undefined) return t('files.byte', { n: formatCount(byte) });
  return '';
}

function kindText(kind) {
  const key = `kind.${kind}`;
  const text = t(key);
  return text === key ? String(kind) : text;
}

function formatText(format) {
  const key = `format.${format}`;
  const text = t(key);
  return text === key ? String(format) : text;
}

/** ok | warning | error, plus the one-line message shown under the file name. */
export function fileStatus(summary) {
  const file = summary.file;
  if (!summary.ok) {
    const error = summary.error ?? {};
    const where = whereText(error.line, error.byte);
    return {
      status: 'error',
      message: t('files.error', {
        file, where: where ? ` (${where})` : '', message: stripFilePrefix(error.message, file) || error.code,
      }),
    };
  }
  if (!summary.kind) return { status: 'warning', message: t('files.unknown_kind', { file }) };
  if (!summary.rows) return { status: 'warning', message: t('files.no_rows', { file }) };
  if (summary.skipped) return { status: 'warning', message: tn('files.skipped_rows', summary.skipped, { file }) };
  if (summary.issues?.length) return { status: 'warning', message: tn('files.notes', summary.issues.length, { file }) };
  return { status: 'ok', message: null };
}

class KpiFileList extends HTMLElement {
  #files = [];

  get files() { return this.#files; }
  set files(value) {
    this.#files = Array.isArray(value) ? value : [];
    this.render();
  }

  connectedCallback() { this.render(); }

  render() {
    const heading = h('h2', { class: 'kpi-section-title' }, t('files.title'));
    if (this.#files.length === 0) {
      this.replaceChildren(heading, h('p', { class: 'kpi-muted' }, t('files.empty')));
      return;
    }
    this.replaceChildren(heading, h('ul', { class: 'kpi-files' }, ...this.#files.map((f) => this.#item(f))));
  }

  #item(summary) {
    const { status, message } = fileStatus(summary);
    const facts = [];
    if (summary.ok) {
      if (summary.kind) facts.push(kindText(summary.kind));
      if (summary.format) facts.push(formatText(summary.format));
      if (summary.encoding) facts.push(String(summary.encoding).toUpperCase());
      if (summary.delimiter) facts.push(t('files.delimiter', { d: summary.delimiter === '\t' ? 'Tab' : summary.delimiter }));
      facts.push(tn('files.rows', summary.rows ?? 0));
      if (summary.skipped) facts.push(tn('files.skipped', summary.skipped));
    }
    const item = h('li', { class: 'kpi-file', 'data-file': summary.file, 'data-status': status },
      h('div', { class: 'kpi-file-head' },
        h('span', { class: 'kpi-file-icon', 'aria-hidden': 'true' }),
        h('span', { class: 'kpi-file-name' }, summary.file),
        facts.length ? h('span', { class: 'kpi-file-facts' }, facts.join(' · ')) : null),
      message ? h('p', { class: 'kpi-file-message', role: status === 'error' ? 'alert' : null }, message) : null);

    const issues = summary.ok ? summary.issues ?? [] : [];
    if (issues.length) {
      const line = (issue) => {
        const where = whereText(issue.line, issue.byte);
        return h('li', {}, where ? `${where}: ` : '', stripFilePrefix(issue.message, summary.file) || issue.code);
      };
      item.append(h('ul', { class: 'kpi-issues' }, ...issues.slice(0, MAX_VISIBLE_ISSUES).map(line)));
      if (issues.length > MAX_VISIBLE_ISSUES) {
        item.append(h('details', { class: 'kpi-issues-more' },
          h('summary', {}, tn('files.issues', issues.length)),
          h('ul', { class: 'kpi-issues' }, ...issues.slice(MAX_VISIBLE_ISSUES).map(line))));
      }
    }
    return item;
  }
}

// ---------------------------------------------------------------------------
// <kpi-matrix>: one row per manager, in report order, and the team row.

const MATRIX_COLUMNS = [
  { metric: 'won_count', label: 'matrix.won', format: formatCount },
  { metric: 'lost_count', label: 'matrix.lost', format: formatCount },
  { metric: 'win_rate', label: 'matrix.win_rate', format: formatPercent },
  { metric: 'revenue', label: 'matrix.revenue', format: formatMoney },
  { metric: 'avg_won_amount', label: 'matrix.avg_won', format: formatMoney },
];

function metricCell(metric, value, format) {
  const present = typeof value === 'number' && Number.isFinite(value);
  if (!present) {
    return h('td', {
      class: 'kpi-num kpi-null', 'data-metric': metric, 'data-value': '', title: t('value.no_data'),
    }, '—');
  }
  const cell = h('td', { class: 'kpi-num', 'data-metric': metric, 'data-value': String(value) });
  if (format === formatMoney && !Number.isInteger(value)) cell.title = formatMoney(value, { exact: true });
  if (metric === 'win_rate') {
    // A small bar of the share; it holds no text, so the cell's text is the number alone.
    const fill = h('span', { class: 'kpi-bar-fill' });
    fill.style.width = `${Math.min(1, Math.max(0, value)) * 100}%`;
    cell.append(h('span', { class: 'kpi-bar', 'aria-hidden': 'true' }, fill), h('span', { class: 'kpi-share-text' }, format(value)));
    return cell;
  }
  cell.append(format(value));
  return cell;
}

class KpiMatrix extends HTMLElement {
  #report = null;

  get report() { return this.#report; }
  set report(value) {
    this.#report = value ?? null;
    this.render();
  }

  connectedCallback() { this.render(); }

  render() {
    const report = this.#report;
    const heading = h('h2', { class: 'kpi-section-title' }, t('matrix.title'));
    if (!report) {
      this.replaceChildren(heading, h('p', { class: 'kpi-muted kpi-matrix-none' }, t('matrix.none')));
      return;
    }
    const meta = report.as_of || report.period?.from ? h('p', { class: 'kpi-meta' },
      h('span', {}, `${t('meta.as_of')}: `,
        h('time', { datetime: report.as_of ?? '', 'data-as-of': report.as_of ?? '' },
          formatInstant(report.as_of, { withTime: true }))),
      h('span', { class: 'kpi-meta-sep', 'aria-hidden': 'true' }, '·'),
      h('span', {}, `${t('meta.period')}: `,
        h('time', { datetime: report.period?.from ?? '', 'data-period-from': report.period?.from ?? '' },
          formatInstant(report.period?.from, { withTime: false })),
        ' – ',
        // The period is [from, to): show the last day inside it.
        h('time', { datetime: report.period?.to ?? '', 'data-period-to': report.period?.to ?? '' },
          formatInstant(report.period?.to, { withTime: false, exclusiveEnd: true })))) : null;

    const managers = report.managers ?? [];
    const head = h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'kpi-col-name' }, t('matrix.manager')),
      ...MATRIX_COLUMNS.map((c) => h('th', { scope: 'col', class: 'kpi-num', 'data-metric': c.metric }, t(c.label)))));
    const row = (attributes, name, metrics) => h('tr', attributes,
      h('th', { scope: 'row', class: 'kpi-col-name' }, name),
      ...MATRIX_COLUMNS.map((c) => metricCell(c.metric, metrics?.[c.metric], c.format)));
    const body = h('tbody', {}, ...managers.map((m) => row({ 'data-manager': m.name ?? '' }, m.name || '—', m.metrics)));
    if (managers.length === 0) {
      body.append(h('tr', { class: 'kpi-empty-row' },
        h('td', { colspan: MATRIX_COLUMNS.length + 1 }, t('matrix.empty'))));
    }
    const foot = h('tfoot', { hidden: managers.length === 0 }, row({ 'data-team': '' }, t('matrix.team'), report.team?.metrics));
    const table = h('table', { class: 'kpi-table' }, head, body, foot);

    const shown = new Set(MATRIX_COLUMNS.map((c) => c.metric));
    const missing = (report.unavailable ?? []).filter((u) => shown.has(u.metric));
    const note = missing.length
      ? h('p', { class: 'kpi-muted kpi-unavailable' }, t('matrix.unavailable', {
        metrics: missing.map((u) => {
          const column = MATRIX_COLUMNS.find((c) => c.metric === u.metric);
          return u.reason ? `${t(column.label)} (${u.reason})` : t(column.label);
        }).join('; '),
      }))
      : null;
    this.replaceChildren(...[heading, meta, h('div', { class: 'kpi-table-wrap' }, table), note].filter(Boolean));
  }
}

customElements.define('kpi-drop-zone', KpiDropZone);
customElements.define('kpi-file-list', KpiFileList);
customElements.define('kpi-matrix', KpiMatrix);

// ---------------------------------------------------------------------------
// Controller

const root = document.documentElement;
const client = new KpiClient();
const view = {
  dropZone: document.querySelector('kpi-drop-zone'),
  fileList: document.querySelector('kpi-file-list'),
  matrix: document.querySelector('kpi-matrix'),
  badge: document.querySelector('[data-demo-badge]'),
  demoButton: document.querySelector('[data-action="demo"]'),
  alerts: document.querySelector('#kpi-alerts'),
  progress: document.querySelector('#kpi-progress'),
};

let generation = 0; // bumped by every load; stale answers are ignored
let alerts = []; // [{kind, text: () => string}]: text() re-translates after a language switch

function applyLanguage() {
  root.lang = language();
  document.title = t('app.title');
  for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  for (const element of document.querySelectorAll('[data-i18n-title]')) element.title = t(element.dataset.i18nTitle);
  for (const element of document.querySelectorAll('[data-i18n-label]')) {
    element.setAttribute('aria-label', t(element.dataset.i18nLabel));
  }
  for (const button of document.querySelectorAll('[data-lang]')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === language()));
  }
  view.dropZone?.refresh?.();
  view.fileList?.render();
  view.matrix?.render();
  renderAlerts();
  view.progress.querySelector('.kpi-progress-label').textContent = progressText();
}

function renderAlerts() {
  view.alerts.replaceChildren(...alerts.map((alert, index) => h('div', {
    class: 'kpi-alert', 'data-kind': alert.kind, role: 'alert',
  },
  h('span', { class: 'kpi-alert-text' }, alert.text()),
  h('button', { type: 'button', class: 'kpi-alert-dismiss', 'data-dismiss': index, 'aria-label': t('alert.dismiss') }, '×'))));
}

function setAlerts(list) {
  alerts = list;
  renderAlerts();
}

let progressText = () => '';

function showProgress(text, fraction) {
  progressText = text;
  view.progress.hidden = false;
  view.progress.querySelector('.kpi-progress-label').textContent = text();
  const bar = view.progress.querySelector('progress');
  if (fraction === null || !Number.isFinite(fraction)) bar.removeAttribute('value');
  else bar.value = Math.min(1, Math.max(0, fraction));
}

function hideProgress() {
  view.progress.hidden = true;
}

/** What is shown: 'demo', 'files' or null (nothing). */
function setSource(next) {
  view.badge.hidden = next !== 'demo';
  view.demoButton.hidden = next === 'demo';
}

/** Reads either the bundled demo or the user's files, then renders the report. */
async function analyze(kind, files = []) {
  const current = ++generation;
  const isCurrent = () => current === generation;
  root.dataset.state = 'loading';
  setAlerts([]);

  const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
  const doneBytes = new Map();
  const readingText = (file) => (kind === 'demo' ? () => t('progress.demo') : () => t('progress.reading', { file }));
  const onProgress = ({ file, bytes, total }) => {
    if (!isCurrent()) return;
    doneBytes.set(file, bytes);
    const overall = totalBytes > 0 ? [...doneBytes.values()].reduce((a, b) => a + b, 0) / totalBytes : null;
    showProgress(readingText(file), overall ?? (total ? bytes / total : null));
  };
  showProgress(readingText(files[0]?.name ?? ''), totalBytes > 0 ? 0 : null);

  let summaries = [];
  try {
    if (kind === 'demo') {
      summaries = await client.loadDemo({ onProgress });
    } else {
      await client.clear();
      summaries = await client.addFiles(files, { onProgress });
    }
    if (!isCurrent()) return;
    showProgress(() => t('progress.report'), null);
    const report = await client.report();
    if (!isCurrent()) return;
    setSource(kind);
    view.fileList.files = summaries;
    view.matrix.report = report;
    const failed = summaries.filter((s) => !s.ok).map((s) => s.file);
    const next = [];
    if (failed.length) {
      next.push({ kind: 'error', text: () => tn('alert.failed_files', failed.length, { files: failed.join(', ') }) });
    }
    for (const summary of summaries) {
      if (summary.ok && fileStatus(summary).message) next.push({ kind: 'warning', text: () => fileStatus(summary).message });
    }
    setAlerts(next);
    root.dataset.state = 'ready';
  } catch (e) {
    if (!isCurrent()) return;
    // What the engine holds is now unknown, so show nothing stale.
    setSource(kind === 'demo' ? null : 'files');
    view.fileList.files = summaries;
    view.matrix.report = null;
    const key = kind === 'demo' ? 'alert.demo' : 'alert.worker';
    setAlerts([{ kind: 'error', text: () => t(key, { message: e.message }) }]);
    root.dataset.state = 'error';
  } finally {
    if (isCurrent()) {
      hideProgress();
      root.dataset.generation = String(current);
    }
  }
}

function start() {
  setLanguage(detectLanguage());
  applyLanguage();
  document.addEventListener('kpi-files', (event) => analyze('files', event.detail.files));
  view.demoButton.addEventListener('click', () => analyze('demo'));
  for (const button of document.querySelectorAll('[data-lang]')) {
    button.addEventListener('click', () => {
      setLanguage(button.dataset.lang, { remember: true });
      applyLanguage();
    });
  }
  view.alerts.addEventListener('click', (event) => {
    const index = event.target.closest('[data-dismiss]')?.dataset.dismiss;
    if (index !== undefined) setAlerts(alerts.filter((_, i) => i !== Number(index)));
  });
  window.addEventListener('unhandledrejection', (event) => {
    const message = String(event.reason?.message ?? event.reason);
    setAlerts([...alerts, { kind: 'error', text: () => t('alert.worker', { message }) }]);
  });
  analyze('demo');
}

start();
