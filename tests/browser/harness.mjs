// Shared setup for the browser tests: serves build/site on a free port, drives
// Debian's Chromium through playwright-core (toolchain.md §7), and reads the
// page back through the stable test attributes (data-manager, data-metric,
// data-value, data-file, data-status, html[data-state|data-generation]).
// KPI_SITE_DIR points the tests at another built site.

import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { buildSingle } from '../../scripts/build-single.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SITE_DIR = process.env.KPI_SITE_DIR ? path.resolve(process.env.KPI_SITE_DIR) : path.join(ROOT, 'build/site');
export const SCREENSHOT_DIR = path.join(ROOT, 'artifacts/screenshots');

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const LOAD_TIMEOUT_MS = 60_000;

/**
 * Starts the server and a fresh Chromium profile. Returns {page, context, url,
 * problems, served, close}; `problems` collects uncaught page errors and console
 * errors (a CSP violation is a console error), which a test can assert to be
 * empty; `served` lists the paths the server was asked for. `wholeExport`: the
 * page starts on the whole export (pinWholeExport), not the default last
 * complete month, for tests whose figures are counted over whole files.
 */
export async function launchSite({ locale = 'en-US', viewport = { width: 1280, height: 900 }, wholeExport = false } = {}) {
  for (const needed of ['index.html', 'engine/kpi-engine.mjs', 'demo/manifest.json']) {
    if (!existsSync(path.join(SITE_DIR, needed))) {
      throw new Error(`${path.join(SITE_DIR, needed)} is missing: run scripts/build wasm && scripts/build-site`);
    }
  }
  const served = []; // every request the server answered, in order
  const server = await startServer(SITE_DIR, { port: 0, onRequest: ({ url }) => served.push(url) });
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'kpi-lens-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, locale, viewport,
    });
  } catch (e) {
    await server.close();
    await rm(userDataDir, { recursive: true, force: true });
    throw e;
  }
  if (wholeExport) await pinWholeExport(context); // figures counted by hand over whole files
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(LOAD_TIMEOUT_MS);
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return {
    server, context, page, url: server.url, problems, served,
    async close() {
      await context.close().catch(() => {});
      await server.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Chromium without a server, for pages opened from disk (the single-file build).
 * Returns {context, page, problems, close}; problems as in launchSite().
 */
export async function launchBrowser({ locale = 'en-US', viewport = { width: 1280, height: 900 }, wholeExport = false } = {}) {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'kpi-lens-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, locale, viewport,
    });
  } catch (e) {
    await rm(userDataDir, { recursive: true, force: true });
    throw e;
  }
  if (wholeExport) await pinWholeExport(context); // figures counted by hand over whole files
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(LOAD_TIMEOUT_MS);
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return {
    context, page, problems,
    async close() {
      await context.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

let singleFile = null;

/**
 * The single-file build of SITE_DIR (scripts/build-single.mjs), written once per
 * test process into a temporary directory: {file, url, result}.
 */
export async function singleFileBuild() {
  singleFile ??= (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kpi-lens-single-'));
    const file = path.join(dir, 'kpi-lens.html');
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const result = buildSingle({ site: SITE_DIR, out: file });
    return { file, url: pathToFileURL(file).href, result, dir };
  })();
  return singleFile;
}

/** A canonical deals table: Gleb won 2 of 3 deals (100 + 300), lost 1 (200, "Price"). */
export const HEADER = 'id,title,pipeline,stage,state,owner,source,segment,amount,currency,created_at,closed_at,loss_reason';
export const GOOD_CSV = [
  HEADER,
  'G1,Alpha,Main,Won,won,Gleb,Call,SMB,100,RUB,2026-02-01 10:00:00,2026-02-03 10:00:00,',
  'G2,Beta,Main,Lost,lost,Gleb,Call,SMB,200,RUB,2026-02-01 11:00:00,2026-02-04 10:00:00,Price',
  'G3,Gamma,Main,Won,won,Gleb,Call,SMB,300,RUB,2026-02-02 10:00:00,2026-02-05 10:00:00,',
  '',
].join('\n');

/** Opens the page and waits until the demo board has been rendered. */
/**
 * The engine the page runs (build/wasm), in Node, with the bundled demo's files
 * (build/site/demo) loaded: the reference a browser test compares the page with.
 * The caller disposes of it.
 */
export async function demoEngine() {
  const { createEngine } = await import(path.join(ROOT, 'build/wasm/kpi-engine.mjs'));
  const engine = await createEngine({ wasmBinary: await readFile(path.join(ROOT, 'build/wasm/kpi.wasm')) });
  const manifest = JSON.parse(await readFile(path.join(SITE_DIR, 'demo/manifest.json'), 'utf8'));
  for (const name of manifest.files) await engine.addFile(name, await readFile(path.join(SITE_DIR, 'demo', name)));
  return engine;
}

/**
 * Pins a browser context's page to the whole export (settings `period_preset: "whole"`, saved as
 * the page saves settings) before it loads, for a test whose figures are counted by hand over the
 * whole demo: the core's default is the last complete month (docs/kpi.md "Period presets").
 */
export async function pinWholeExport(context) {
  const { createEngine } = await import(path.join(ROOT, 'build/wasm/kpi-engine.mjs'));
  const engine = await createEngine({ wasmBinary: await readFile(path.join(ROOT, 'build/wasm/kpi.wasm')) });
  const settings = { ...engine.defaults(), period_preset: 'whole' };
  engine.dispose();
  await context.addInitScript((doc) => {
    if (!localStorage.getItem('kpi-lens.settings')) localStorage.setItem('kpi-lens.settings', JSON.stringify({ version: 1, settings: doc }));
  }, settings);
}

export async function openBoard(page, url) {
  await page.goto(url);
  await waitForLoad(page, 0);
  if (await page.getAttribute('html', 'data-state') !== 'ready') {
    throw new Error(`the demo board did not load: ${JSON.stringify(await readAlerts(page))}`);
  }
}

/** The number of loads the page has finished (html[data-generation]). */
export async function generation(page) {
  return Number(await page.getAttribute('html', 'data-generation'));
}

/** Waits until a load newer than `previous` has finished (ready or error). */
export async function waitForLoad(page, previous) {
  await page.waitForFunction((prev) => {
    const root = document.documentElement;
    return Number(root.dataset.generation) > prev && root.dataset.state !== 'loading';
  }, previous, { timeout: LOAD_TIMEOUT_MS });
  await drawn(page);
  return generation(page);
}

/**
 * Until every view has drawn what it was given: views far from the viewport draw a new
 * report or a language switch when the page is next idle (html[data-drawing]; docs/web.md).
 */
export async function drawn(page) {
  await page.waitForFunction(() => !('drawing' in document.documentElement.dataset), null, { timeout: LOAD_TIMEOUT_MS });
}

/** Clicks RU / EN and waits until every view is drawn in that language. */
export async function switchLanguage(page, lang) {
  await page.click(`[data-lang="${lang}"]`);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  await drawn(page);
}

/** Every matrix row: {name, metrics: {metric: {value (number|null), text, title}}}; team separately. */
export async function readMatrix(page) {
  return page.$eval('kpi-matrix', (matrix) => {
    const readRow = (tr) => {
      const metrics = {};
      for (const td of tr.querySelectorAll('td[data-metric]')) {
        const raw = td.dataset.value;
        metrics[td.dataset.metric] = {
          // The value as printed (a cell also holds n and the change in smaller type).
          value: raw === '' ? null : Number(raw), raw, text: (td.querySelector('.kpi-value') ?? td).textContent,
          title: td.getAttribute('title'), status: td.dataset.status ?? null,
        };
      }
      return { name: tr.dataset.manager, label: tr.querySelector('th')?.textContent, metrics };
    };
    const team = matrix.querySelector('tr[data-team]');
    return {
      managers: [...matrix.querySelectorAll('tbody tr[data-manager]')].map(readRow),
      team: team ? readRow(team) : null,
    };
  });
}

/** The file list: [{file, status, text, message, visible, remove (the × button's label, or null)}]. */
export async function readFileList(page) {
  return page.$$eval('kpi-file-list li[data-file]', (items) => items.map((li) => ({
    file: li.dataset.file,
    status: li.dataset.status,
    text: li.innerText,
    message: li.querySelector('.kpi-file-message')?.innerText ?? null,
    visible: li.offsetParent !== null,
    remove: li.querySelector('[data-action="remove"]')?.getAttribute('aria-label') ?? null,
  })));
}

/** Text of the visible alerts. */
export async function readAlerts(page) {
  return page.$$eval('#kpi-alerts .kpi-alert', (alerts) => alerts.filter((a) => a.offsetParent !== null)
    .map((a) => ({ kind: a.dataset.kind, text: a.querySelector('.kpi-alert-text').innerText })));
}

/**
 * "Clear all": empties the page (the engine forgets every file). Later files then
 * replace nothing, so a test can start from an empty page. No-op when the button
 * is hidden (the demo or nothing is shown).
 */
export async function clearAll(page) {
  if (!await page.isVisible('[data-action="clear"]')) return generation(page);
  const before = await generation(page);
  await page.click('[data-action="clear"]');
  return waitForLoad(page, before);
}

/** Chooses files through the hidden <input type=file> (what the "Choose files" button opens). */
export async function chooseFiles(page, files) {
  const before = await generation(page);
  await page.setInputFiles('kpi-drop-zone input[type=file]', files.map(asPayload));
  return waitForLoad(page, before);
}

/**
 * Drops files on the page the way a browser does: dragenter, dragover and drop
 * events carrying a real DataTransfer built in the page.
 */
export async function dropFiles(page, files, { target = 'body', beforeDrop } = {}) {
  const before = await generation(page);
  const payload = files.map(asPayload).map((f) => ({ ...f, buffer: f.buffer.toString('base64') }));
  const dataTransfer = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.buffer), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], f.name, { type: f.mimeType }));
    }
    return transfer;
  }, payload);
  await page.dispatchEvent(target, 'dragenter', { dataTransfer });
  await page.dispatchEvent(target, 'dragover', { dataTransfer });
  if (beforeDrop) await beforeDrop();
  await page.dispatchEvent(target, 'drop', { dataTransfer });
  await dataTransfer.dispose();
  return waitForLoad(page, before);
}

function asPayload({ name, mimeType = 'text/csv', content }) {
  return { name, mimeType, buffer: Buffer.isBuffer(content) ? content : Buffer.from(content) };
}

/** Saves a screenshot of one element (a locator's first match) to artifacts/screenshots/NAME.png. */
export async function screenshotOf(page, selector, name) {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.locator(selector).first().screenshot({ path: file });
  return file;
}

/** Saves a full-page screenshot to artifacts/screenshots/NAME.png. */
export async function screenshot(page, name) {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** RFC 4180: quoted fields may hold the delimiter, "" and line breaks; CRLF or LF. */
export function parseCsv(text, delimiter = ',') {
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') { field += '"'; i += 1; } else quoted = false;
    } else if (c === '"') {
      quoted = true;
    } else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (quoted) throw new Error('parseCsv: unterminated quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Rows as objects keyed by the header row. */
export function csvRecords(text, delimiter = ',') {
  const [header, ...rows] = parseCsv(text, delimiter);
  return rows.filter((r) => !(r.length === 1 && r[0] === '')).map((r) => Object.fromEntries(header.map((name, i) => [name, r[i]])));
}

/**
 * won / (won + lost) as the page should print it in en-US: a percent with one
 * decimal, rounded half up, computed exactly in integers (no float rounding).
 */
export function percentText(won, closed) {
  const tenths = Math.floor((2000 * won + closed) / (2 * closed)); // round(1000 * won / closed), half up
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}
