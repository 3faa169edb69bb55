// The page's controller: shows the bundled demo at once, replaces it with the
// first files the user drops and adds later ones to them (docs/web.md "Files"). Components live in components/*.mjs and
// register themselves; every element marked `data-report` gets the current
// report as its `report` property (and the engine client as `client`), and is
// re-rendered (`refresh()`, report-view.mjs) after a language switch. Settings changes arrive as
// a `kpi-settings-change` event ({detail: {settings, reread}}) and re-run the analysis
// (re-reading the files only for a new time zone). Nothing here talks to the network except the
// worker fetching the demo files from this same site.

import { detectLanguage, language, setLanguage, t, tn } from './i18n.mjs';
import { KpiClient } from './client.mjs';
import { message } from './engine/messages.mjs';
import { errorText, h, setCurrency } from './dom.mjs';
import { exportHelp, fileStatus } from './components/files.mjs';
import './components/matrix.mjs';
import './components/exports.mjs';
import './components/mapping.mjs';
import { loadPresets, savePreset } from './presets.mjs';
import { restoreSettings } from './components/settings.mjs';
import './components/charts.mjs';
import './components/quality.mjs';
import './components/board.mjs';
import './components/today.mjs';
import './components/first-hour.mjs';
import './components/drill.mjs';
import './components/period.mjs'; // issue 11: the period switcher and the trends
import './components/trends.mjs';
import './components/standup.mjs'; // issue 11 (audit): the stand-up list

// ---------------------------------------------------------------------------
// Controller

const root = document.documentElement;
const client = new KpiClient();
const view = {
  dropZone: document.querySelector('kpi-drop-zone'),
  fileList: document.querySelector('kpi-file-list'),
  badge: document.querySelector('[data-demo-badge]'),
  demoButton: document.querySelector('[data-action="demo"]'),
  clearButton: document.querySelector('[data-action="clear"]'),
  alerts: document.querySelector('#kpi-alerts'),
  progress: document.querySelector('#kpi-progress'),
  mapping: document.querySelector('kpi-mapping-dialog'),
};

// The user's files as read, each with its summary (whose `id` is the engine's
// stable id of the file; none when the browser could not read it) and a page
// key the file list names it by, so one file can be removed, or mapped and
// re-read (the engine never holds a whole file), without positions.
let loaded = []; // [{key, file, summary}]
let nextKey = 1;
const entry = (file, summary) => ({ key: nextKey++, file, summary });
const summariesOf = (entries) => entries.map((e) => ({ ...e.summary, key: e.key }));

/** Hands the report (or null) to every view. */
function showReport(report) {
  setCurrency(report?.currency);
  for (const element of document.querySelectorAll('[data-report]')) { // every view of the report (index.html)
    element.client = client;
    element.report = report;
  }
  // Sections off screen skip their layout (style.css, content-visibility) once each has been
  // drawn: a frame after the first report, when every one has its size.
  if (report && !('drawn' in root.dataset)) requestAnimationFrame(() => setTimeout(() => { root.dataset.drawn = ''; }));
}

let generation = 0; // bumped by every file operation; html[data-generation] tells tests one finished
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
  view.mapping?.render?.();
  for (const element of document.querySelectorAll('[data-report]')) (element.refresh ?? element.render)?.call(element); // far ones later
  renderAlerts();
  view.progress.querySelector('.kpi-progress-label').textContent = progressText();
}

function renderAlerts() {
  view.alerts.replaceChildren(...alerts.map((alert, index) => h('div', {
    class: 'kpi-alert', 'data-kind': alert.kind, role: 'alert',
  },
  // Files that could not be read: what each is and what was expected, then how to export instead.
  alert.reasons ? h('div', { class: 'kpi-alert-body' },
    h('span', { class: 'kpi-alert-text' }, alert.text()),
    h('ul', { class: 'kpi-alert-reasons' }, ...alert.reasons().map((r) => h('li', {}, r))),
    exportHelp()) : h('span', { class: 'kpi-alert-text' }, alert.text()),
  h('button', { type: 'button', class: 'kpi-alert-dismiss', 'data-dismiss': index, 'aria-label': t('alert.dismiss') }, '×'))));
}

function setAlerts(list) {
  alerts = list;
  renderAlerts();
}

let progressText = () => '';

/** Shows the progress bar; `cancellable` shows its Cancel button (reads of the user's files). */
function showProgress(text, fraction, { cancellable = false } = {}) {
  progressText = text;
  view.progress.hidden = false;
  view.progress.querySelector('[data-action="cancel"]').hidden = !cancellable;
  view.progress.querySelector('.kpi-progress-label').textContent = text();
  const bar = view.progress.querySelector('progress');
  if (fraction === null || !Number.isFinite(fraction)) bar.removeAttribute('value');
  else bar.value = Math.min(1, Math.max(0, fraction));
}

function hideProgress() {
  view.progress.hidden = true;
  const cancel = view.progress.querySelector('[data-action="cancel"]');
  cancel.hidden = true; // the next read starts with a fresh, enabled Cancel
  cancel.disabled = false;
}

let source = null; // what is shown: 'demo', 'files' (the user's) or null (nothing)

function setSource(next) {
  source = next;
  view.badge.hidden = next !== 'demo';
  view.demoButton.hidden = next === 'demo';
  view.clearButton.hidden = next !== 'files';
}

// The page's file operations (loads, removals, re-reads, settings) run one at a time
// in the order asked, so each starts from what the previous one left: two drops in
// quick succession add both sets, and a removal never races a read. Only Cancel
// (client.cancel) bypasses this, to reach the read that is running.
let pending = Promise.resolve();
function serially(task) {
  const run = pending.then(task);
  pending = run.catch(() => {});
  return run;
}

/** Drops loaded entries from the engine (by the file's id) and from `loaded`. */
async function dropLoaded(entries) {
  for (const dropped of entries) {
    // Files the browser could not read never reached the engine: they have no id.
    if (Number.isInteger(dropped.summary.id)) await client.removeFile(dropped.summary.id);
    loaded = loaded.filter((e) => e !== dropped);
  }
}

/**
 * Shows `loaded` (or, for the demo, its summaries) and the report; nothing loaded is the empty
 * state. A `failure` (an alert) shows no report: what the engine holds is unknown.
 */
function showLoaded(kind, report, summaries, extraAlerts = [], failure = null) {
  const demo = kind === 'demo';
  const empty = !demo && loaded.length === 0;
  setSource(demo && !failure ? 'demo' : loaded.length ? 'files' : null);
  view.fileList.mappable = !demo;
  view.fileList.files = demo ? summaries : summariesOf(loaded);
  showReport(empty || failure ? null : report);
  setAlerts([...extraAlerts, ...(failure ? [failure] : fileAlerts(demo ? summaries : summariesOf(loaded)))]);
  root.dataset.state = failure ? 'error' : empty ? 'empty' : 'ready';
}

function cancelledAlert(summaries) {
  const names = summaries.filter((s) => s.cancelled).map((s) => s.file);
  return names.length ? [{ kind: 'warning', text: () => t('alert.cancelled', { files: names.join(', ') }) }] : [];
}

/**
 * Reads the bundled demo, or the user's files, then renders the report. `mappings` (per
 * file, a mapping or null) are the columns the user chose. With `add`, the files join those
 * shown (a file named like a loaded one replaces it: the engine drops the old one first);
 * otherwise, and always over the demo, they replace what was shown. A cancelled read keeps
 * the files read before the cancel (docs/web.md "Files").
 */
async function load(kind, files = [], mappings = [], { add = false, presetNames = [], notice = null } = {}) {
  const current = ++generation;
  root.dataset.state = 'loading';
  setAlerts([]);
  const adding = kind === 'files' && add && source === 'files';

  const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
  const doneBytes = new Map();
  const cancellable = kind === 'files';
  const readingText = (file) => (kind === 'demo' ? () => t('progress.demo') : () => t('progress.reading', { file }));
  const onProgress = ({ file, bytes, total }) => {
    doneBytes.set(file, bytes);
    const overall = totalBytes > 0 ? [...doneBytes.values()].reduce((a, b) => a + b, 0) / totalBytes : null;
    showProgress(readingText(file), overall ?? (total ? bytes / total : null), { cancellable });
  };
  showProgress(readingText(files[0]?.name ?? ''), totalBytes > 0 ? 0 : null, { cancellable });

  let summaries = [];
  const read = kind === 'demo' ? { demo: true } : { files, mappings, presetNames };
  try {
    if (kind === 'demo') {
      summaries = await client.loadDemo({ onProgress }); // the worker clears the engine first
      loaded = [];
    } else {
      if (adding) {
        const names = new Set(files.map((f) => f.name));
        await dropLoaded(loaded.filter((e) => names.has(e.summary.file)));
      } else {
        await client.clear();
        loaded = [];
      }
      // Saved presets apply to files whose header they were made for.
      summaries = await client.addFiles(files, { onProgress, mappings, presetNames, presets: loadPresets() });
      summaries.forEach((summary, i) => {
        if (summary.cancelled) return; // not in the engine: the page forgets it
        loaded.push(entry(files[i], summary));
      });
    }
    showProgress(reportText, null);
    const report = await client.report();
    showLoaded(kind, report, summaries, [...(notice ? [notice] : []), ...cancelledAlert(summaries)]);
  } catch (e) {
    // What the engine holds is now unknown, so show no report; the files stay listed
    // (and can be cleared).
    if (kind === 'demo') loaded = [];
    // The worker died during this read: the restart's replay reads these files (or the demo) again.
    if (e?.code === 'WORKER_FAILED') interrupted = read;
    const key = kind === 'demo' ? 'alert.demo' : 'alert.worker';
    showLoaded(kind, null, summaries, notice ? [notice] : [], { kind: 'error', text: () => t(key, { message: errorText(e) }) });
  } finally {
    hideProgress();
    root.dataset.generation = String(current);
  }
}

const reportText = () => t('progress.report');

/** Files the user chose or dropped: they replace the demo, and join the user's own files. */
function addFiles(files) {
  // Two files of one name in one drop: the later one wins, as it would over a loaded one.
  const unique = files.filter((f, i) => files.findLastIndex((g) => g.name === f.name) === i);
  return serially(() => load('files', unique, [], { add: true }));
}

/** Adds the alert of a failed request to those shown. */
function showError(e) {
  setAlerts([...alerts, { kind: 'error', text: () => t('alert.worker', { message: errorText(e) }) }]);
}

/**
 * Runs `task` as the page's next operation (html[data-generation] says when it ended); a failure is
 * shown, and with `failState` (what the engine holds is unknown) sets html[data-state] to "error".
 */
async function operation(task, { failState = true } = {}) {
  const current = ++generation;
  try {
    await task();
  } catch (e) {
    showError(e);
    if (failState) root.dataset.state = 'error';
  } finally {
    root.dataset.generation = String(current);
  }
}

/** "Clear all": the engine forgets every file; the page goes back to its empty state. */
function clearAll() {
  return serially(() => operation(async () => {
    await client.clear();
    loaded = [];
    showLoaded('files', null, []);
  }));
}

/** The × of the file listed under `key`: the engine drops that file's rows (by its id), the others are not re-read. */
function removeFile(key) {
  return serially(async () => {
    const target = loaded.find((e) => e.key === key);
    if (!target || source !== 'files') return;
    root.dataset.state = 'loading';
    await operation(async () => {
      await dropLoaded([target]);
      showLoaded('files', loaded.length ? await client.report() : null, []);
    });
  });
}

function cancelRead() {
  const button = view.progress.querySelector('[data-action="cancel"]');
  button.disabled = true;
  client.cancel().catch(() => {}); // the read's own answer reports what happened
}

function fileAlerts(summaries) {
  const unread = summaries.filter((s) => !s.ok);
  const failed = unread.map((s) => s.file);
  const next = [];
  if (failed.length) {
    next.push({
      kind: 'error',
      text: () => tn('alert.failed_files', failed.length, { files: failed.join(', ') }),
      reasons: () => unread.map((s) => fileStatus(s).message),
    });
  }
  for (const summary of summaries) { // refused by the worker's size caps (web/worker.mjs): say why and what to do
    const params = summary.error?.code === 'FILE_TOO_LARGE' ? summary.error.params : null;
    if (!Number.isFinite(params?.limit)) continue;
    const mib = (n) => Math.round(n / 2 ** 20);
    const code = params.zip ? 'WORKBOOK_TOO_LARGE_FOR_PAGE' : 'FILE_TOO_LARGE_FOR_PAGE';
    next.push({
      kind: 'error',
      text: () => message(code, { file: summary.file, size: mib(params.size), limit: mib(params.limit) }, language()),
    });
  }
  for (const summary of summaries) {
    if (summary.ok && fileStatus(summary).message) next.push({ kind: 'warning', text: () => fileStatus(summary).message });
  }
  return next;
}

/**
 * "Map columns…" for the file listed under `key`: the core's guesses (an inspect read of
 * the file's first rows) go into the dialog; the chosen mapping re-reads that file
 * (it moves to the end of the list, as in the engine) and may be saved as a preset.
 */
async function mapFile(key) {
  const mapped = loaded.find((e) => e.key === key);
  if (!mapped || !view.mapping || source !== 'files') return;
  const { file, summary } = mapped;
  let result;
  try {
    const inspected = await client.inspect(file, { previewRows: 10 });
    if (!inspected.inspection) {
      setAlerts([...alerts, { kind: 'error', text: () => fileStatus(inspected).message ?? file.name }]);
      return;
    }
    result = await view.mapping.open({
      file: file.name, inspection: inspected.inspection, mapping: summary.mapping ?? null, presetName: summary.preset ?? '',
    });
    if (!result) return;
    if (result.presetName) savePreset(result.presetName, inspected.inspection.signature, result.mapping);
  } catch (e) {
    showError(e); // a failed inspect changes nothing
    return;
  }
  await serially(async () => {
    // The list may have changed while the dialog was open.
    const at = loaded.find((e) => e.file === file);
    if (!at || source !== 'files') return;
    root.dataset.state = 'loading';
    showProgress(() => t('progress.reading', { file: file.name }), null);
    await operation(async () => { // a failed re-read leaves the engine's files unknown: the error state
      const id = Number.isInteger(at.summary.id) ? at.summary.id : null; // null: never reached the engine
      const next = await client.replaceFile(id, file, { mapping: result.mapping, preset: result.presetName });
      loaded = [...loaded.filter((e) => e !== at), entry(file, next)];
      showLoaded('files', await client.report(), []);
    });
    hideProgress();
  });
}

/**
 * New settings (norms, period, calendar...): the engine re-analyses the model it
 * already holds, nothing is re-read. A failure leaves the old report on screen.
 */
function applySettings(settings, { reread = false } = {}) {
  return serially(async () => {
    // The engine keeps its settings when it rejects new ones; the panel shows why
    // (`kpi-settings-applied` {ok, settings, error}) and the report stays as it was.
    const applied = (detail) => document.dispatchEvent(new CustomEvent('kpi-settings-applied', { detail: { settings, ...detail } }));
    let inForce;
    try {
      inForce = await client.setSettings(settings); // the whole document the core now holds
    } catch (e) {
      applied({ ok: false, error: e });
      return;
    }
    applied({ ok: true, inForce });
    // Wall-clock times in the files were read in the old zone: read the files shown
    // again, each with its mapping and its preset's name (mapFile and removeFile keep
    // `loaded` in step).
    if (reread && source === 'files') {
      const entries = [...loaded];
      await load('files', entries.map((e) => e.file), entries.map((e) => e.summary.mapping ?? null), {
        presetNames: entries.map((e) => e.summary.preset ?? null),
      });
      return;
    }
    if (reread && source === 'demo') {
      await load('demo');
      return;
    }
    await operation(async () => {
      if (source !== null) showReport(await client.report()); // nothing loaded: nothing to show
    }, { failState: false });
  });
}

/**
 * The engine's worker died and the client started a fresh one (with the settings in force):
 * read the files shown into it again — the page still holds their File objects, mappings and
 * presets — and the files of a read the death cut short (`interrupted`: a drop, a re-read, or
 * the demo), and say what happened. If it dies again while doing so, load()'s error says that,
 * and no second replay is tried (a file that kills the engine would loop).
 */
let replaying = false;
let interrupted = null; // the read the worker died in: {files, mappings, presetNames} or {demo: true}
function replayAfterRestart({ reason }) {
  if (replaying) return;
  // Queued behind the read that was running: its failure sets `interrupted` first.
  serially(async () => {
    replaying = true;
    const cut = interrupted;
    interrupted = null;
    try {
      // A file of the cut read replaces a shown one of its name, as the read itself would have.
      const cutFiles = cut?.files ?? [];
      const cutNames = new Set(cutFiles.map((f) => f.name));
      const kept = source === 'files' ? loaded.filter((e) => !cutNames.has(e.file.name)) : [];
      const files = [...kept.map((e) => e.file), ...cutFiles];
      const mappings = [...kept.map((e) => e.summary.mapping ?? null), ...cutFiles.map((_, i) => cut.mappings?.[i] ?? null)];
      const presetNames = [...kept.map((e) => e.summary.preset ?? null), ...cutFiles.map((_, i) => cut.presetNames?.[i] ?? null)];
      const notice = {
        kind: 'warning',
        text: () => {
          const code = cutFiles.length ? 'WORKER_RESTARTED_MID_READ' : files.length ? 'WORKER_RESTARTED' : 'WORKER_RESTARTED_EMPTY';
          return message(code, { n: files.length, files: cutFiles.map((f) => f.name).join(', '), reason }, language());
        },
      };
      if (files.length) {
        await load('files', files, mappings, { presetNames, notice });
      } else if (source === 'demo' || cut?.demo) {
        await load('demo', [], [], { notice });
      } else {
        setAlerts([...alerts, notice]);
      }
    } finally {
      interrupted = null; // a death during the replay is not replayed again
      replaying = false;
    }
  });
}

function start() {
  setLanguage(detectLanguage());
  applyLanguage();
  client.addEventListener('restart', (event) => replayAfterRestart(event.detail));
  document.addEventListener('kpi-files', (event) => addFiles(event.detail.files));
  document.addEventListener('kpi-remove-file', (event) => removeFile(event.detail.key));
  document.addEventListener('kpi-settings-change', (event) => applySettings(event.detail?.settings ?? {}, event.detail));
  document.addEventListener('kpi-map-file', (event) => mapFile(event.detail.key));
  view.demoButton.addEventListener('click', () => serially(() => load('demo')));
  view.clearButton.addEventListener('click', () => clearAll());
  view.progress.querySelector('[data-action="cancel"]').addEventListener('click', () => cancelRead());
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
  window.addEventListener('unhandledrejection', (event) => showError(event.reason));
  // The core's settings document first (and the saved settings sent to it), so the first
  // report already uses them; a worker that fails here fails the demo load visibly next.
  serially(() => restoreSettings(client).catch(() => {}));
  serially(() => load('demo'));
}

start();
