// The page's controller: shows the bundled demo at once and replaces it with
// whatever files the user drops. Components live in components/*.mjs and
// register themselves; every element marked `data-report` gets the current
// report as its `report` property (and the engine client as `client`), and is
// re-rendered (`render()`) after a language switch. Settings changes arrive as
// a `kpi-settings-change` event ({detail: {settings}}) and re-run the analysis
// without re-reading the files. Nothing here talks to the network except the
// worker fetching the demo files from this same site.

import { detectLanguage, language, setLanguage, t, tn } from './i18n.mjs';
import { KpiClient } from './client.mjs';
import { h } from './dom.mjs';
import { fileStatus } from './components/files.mjs';
import './components/matrix.mjs';
import './components/exports.mjs';
import './components/mapping.mjs';
import { loadPresets, savePreset } from './presets.mjs';
import { restoreSettings } from './components/settings.mjs';
import './components/charts.mjs';
import './components/quality.mjs';
import './components/board.mjs';
import './components/drill.mjs';

export { KpiClient, RequestError } from './client.mjs';
export { fileStatus };

// ---------------------------------------------------------------------------
// Controller

const root = document.documentElement;
const client = new KpiClient();
const view = {
  dropZone: document.querySelector('kpi-drop-zone'),
  fileList: document.querySelector('kpi-file-list'),
  badge: document.querySelector('[data-demo-badge]'),
  demoButton: document.querySelector('[data-action="demo"]'),
  alerts: document.querySelector('#kpi-alerts'),
  progress: document.querySelector('#kpi-progress'),
  mapping: document.querySelector('kpi-mapping-dialog'),
};

// The user's files as read, in the engine's order, beside their summaries, so
// one file can be mapped and re-read (the engine never holds a whole file).
let loaded = { files: [], summaries: [] };

/** Every element that draws the report (marked `data-report` in index.html). */
function reportViews() {
  return document.querySelectorAll('[data-report]');
}

/** Hands the report (or null) to every view. */
function showReport(report) {
  for (const element of reportViews()) {
    element.client = client;
    element.report = report;
  }
}

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
  view.mapping?.render?.();
  for (const element of reportViews()) element.render?.();
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

let lastLoad = null; // {kind, files, mappings}: what a new time zone makes us read again

/**
 * Reads either the bundled demo or the user's files, then renders the report.
 * `mappings` (per file, a mapping or null) are the columns the user chose.
 */
async function analyze(kind, files = [], mappings = []) {
  lastLoad = { kind, files, mappings };
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
      // Saved presets apply to files whose header they were made for.
      summaries = await client.addFiles(files, { onProgress, mappings, presets: loadPresets() });
    }
    if (!isCurrent()) return;
    showProgress(() => t('progress.report'), null);
    const report = await client.report();
    if (!isCurrent()) return;
    setSource(kind);
    loaded = kind === 'demo' ? { files: [], summaries: [] } : { files: [...files], summaries };
    view.fileList.mappable = kind !== 'demo';
    view.fileList.files = summaries;
    showReport(report);
    setAlerts(fileAlerts(summaries));
    root.dataset.state = 'ready';
  } catch (e) {
    if (!isCurrent()) return;
    // What the engine holds is now unknown, so show nothing stale.
    setSource(kind === 'demo' ? null : 'files');
    view.fileList.files = summaries;
    showReport(null);
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

function fileAlerts(summaries) {
  const failed = summaries.filter((s) => !s.ok).map((s) => s.file);
  const next = [];
  if (failed.length) {
    next.push({ kind: 'error', text: () => tn('alert.failed_files', failed.length, { files: failed.join(', ') }) });
  }
  for (const summary of summaries) {
    if (summary.ok && fileStatus(summary).message) next.push({ kind: 'warning', text: () => fileStatus(summary).message });
  }
  return next;
}

/**
 * "Map columns…" for file #index of the list: the core's guesses (an inspect read of
 * the file's first rows) go into the dialog; the chosen mapping re-reads that file
 * (it moves to the end of the list, as in the engine) and may be saved as a preset.
 */
async function mapFile(index) {
  const file = loaded.files[index];
  const summary = loaded.summaries[index];
  if (!file || !summary || !view.mapping) return;
  let reading = false;
  try {
    const inspected = await client.inspect(file, { previewRows: 10 });
    if (!inspected.inspection) {
      setAlerts([...alerts, { kind: 'error', text: () => fileStatus(inspected).message ?? file.name }]);
      return;
    }
    const result = await view.mapping.open({
      file: file.name, inspection: inspected.inspection, mapping: summary.mapping ?? null, presetName: summary.preset ?? '',
    });
    if (!result) return;
    if (result.presetName) savePreset(result.presetName, inspected.inspection.signature, result.mapping);
    const current = ++generation;
    reading = true;
    root.dataset.state = 'loading';
    showProgress(() => t('progress.reading', { file: file.name }), null);
    // Engine index: files the browser could not read never reached the engine.
    const engineIndex = loaded.summaries.slice(0, index).filter((s) => !s.unread).length;
    const next = await client.replaceFile(summary.unread ? -1 : engineIndex, file, {
      mapping: result.mapping, preset: result.presetName,
    });
    const report = await client.report();
    if (current !== generation) return;
    loaded.files.splice(index, 1);
    loaded.summaries.splice(index, 1);
    loaded.files.push(file);
    loaded.summaries.push(next);
    view.fileList.files = loaded.summaries;
    showReport(report);
    setAlerts(fileAlerts(loaded.summaries));
    root.dataset.state = 'ready';
    root.dataset.generation = String(current);
  } catch (e) {
    setAlerts([...alerts, { kind: 'error', text: () => t('alert.worker', { message: e.message }) }]);
    // A failed re-read leaves the engine's files unknown; a failed inspect changes nothing.
    if (reading) root.dataset.state = 'error';
  } finally {
    if (reading) hideProgress();
  }
}

/**
 * New settings (norms, period, calendar...): the engine re-analyses the model it
 * already holds, nothing is re-read. A failure leaves the old report on screen.
 */
async function applySettings(settings, { reread = false } = {}) {
  // The engine keeps its settings when it rejects new ones; the panel shows why
  // (`kpi-settings-applied` {ok, settings, error}) and the report stays as it was.
  const applied = (detail) => document.dispatchEvent(new CustomEvent('kpi-settings-applied', { detail: { settings, ...detail } }));
  try {
    await client.setSettings(settings);
  } catch (e) {
    applied({ ok: false, error: e });
    return;
  }
  applied({ ok: true });
  // Wall-clock times in the files were read in the old zone: read them again.
  if (reread && lastLoad) {
    // Files mapped by hand keep their mapping (mapFile keeps loaded.files in step).
    if (lastLoad.kind === 'files') await analyze('files', loaded.files, loaded.summaries.map((s) => s.mapping ?? null));
    else await analyze(lastLoad.kind, lastLoad.files);
    return;
  }
  const current = ++generation;
  try {
    const report = await client.report();
    if (current !== generation) return;
    showReport(report);
    root.dataset.generation = String(current);
  } catch (e) {
    if (current !== generation) return;
    setAlerts([...alerts, { kind: 'error', text: () => t('alert.worker', { message: e.message }) }]);
  }
}

function start() {
  setLanguage(detectLanguage());
  applyLanguage();
  document.addEventListener('kpi-files', (event) => analyze('files', event.detail.files));
  document.addEventListener('kpi-settings-change', (event) => applySettings(event.detail?.settings ?? {}, event.detail));
  document.addEventListener('kpi-map-file', (event) => mapFile(event.detail.index));
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
  restoreSettings(client); // queued before the demo, so the first report already uses the saved settings
  analyze('demo');
}

start();
