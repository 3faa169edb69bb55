#!/usr/bin/env node
// bench-ui.mjs — how fast the page answers on the demo board, in headless Chromium
// (docs/performance.md, "The page: re-render after a change"). Run it as
// `scripts/bench ui`. Two interactions, N runs each, after W warm-up runs:
//
//   norm      dispatch `kpi-settings-change` with a changed norm (sla_share alternates
//             between two values); the clock stops when <html data-generation> has
//             advanced (the worker re-analysed, every view got the new report) and
//             the next animation frame has been rendered
//   language  click RU / EN in turn; the clock stops when the next frame has rendered
//             (the switch itself re-renders every view synchronously)
//
// Times are taken inside the page with performance.now(), so Playwright's own
// round trips are not in them. Prints median and p90 per interaction against the
// 100 ms budget and writes build/bench/ui.json.
//
// The norm change is split where its time goes (each a median of its own; they need not add up
// to the total's median; docs/performance.md "The page: re-render after a change"): the worker's
// own handling of SET_SETTINGS and REPORT, the messages each way (of the answers: the worker's
// postMessage call), the page's JSON.parse of the report, and `page`: the rest (handlers,
// decoding, every view rendering the new report).
//
// With `--against DIR` (another built site, e.g. main's page on the same engine) the two sites
// run in two browsers at once, one run of each in turn (the order flipping every run), so that
// on a loaded machine the ratio of the two holds where the milliseconds do not; both are printed,
// then the ratio of their medians and p90s.
//
//   node scripts/bench-ui.mjs [--runs 30] [--warmup 3] [--site build/site] [--budget 100] [--against DIR]

import { mkdirSync, existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function parseArgs(argv) {
  const options = { runs: 30, warmup: 3, site: path.join(ROOT, 'build/site'), budget: 100 };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--runs') options.runs = Number(value());
    else if (arg === '--warmup') options.warmup = Number(value());
    else if (arg === '--site') options.site = path.resolve(value());
    else if (arg === '--budget') options.budget = Number(value());
    else if (arg === '--against') options.against = path.resolve(value());
    else if (arg === '-h' || arg === '--help') options.help = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  for (const key of ['runs', 'warmup', 'budget']) {
    if (!Number.isInteger(options[key]) || options[key] < (key === 'warmup' ? 0 : 1)) throw new Error(`--${key} must be a positive integer`);
  }
  return options;
}

/** The q-quantile (0..1) of sorted values, by the nearest-rank method. */
export function quantile(sorted, q) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function summary(values, budget) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    runs: values.length,
    median_ms: quantile(sorted, 0.5),
    p90_ms: quantile(sorted, 0.9),
    min_ms: sorted[0],
    max_ms: sorted.at(-1),
    within_budget: quantile(sorted, 0.9) <= budget,
  };
}

// Before the page's scripts: stamps every request the page posts to the worker and every answer
// (by request id, on the epoch clock: performance.timeOrigin + now, comparable with the worker's),
// and the time of each JSON.parse of a long text (the report).
function instrumentPage() {
  const log = { sent: new Map(), answered: new Map(), parse: [] };
  globalThis.__kpiBench = log;
  const clock = () => performance.timeOrigin + performance.now();
  const post = Worker.prototype.postMessage;
  const watched = new WeakSet();
  Worker.prototype.postMessage = function postMessage(message, ...rest) {
    if (!watched.has(this)) {
      watched.add(this);
      this.addEventListener('message', (event) => {
        const { id, type } = event.data ?? {};
        // The event's own timeStamp (its dispatch): this listener runs after the client's, and
        // microtasks run between two listeners, so by now the page has parsed and rendered.
        if (type !== 'PROGRESS' && id !== undefined) log.answered.set(id, performance.timeOrigin + event.timeStamp);
      });
    }
    if (message?.id !== undefined) log.sent.set(message.id, { type: message.type, at: clock() });
    return post.call(this, message, ...rest);
  };
  // After an interaction timed from `start`, when every view has drawn it: views far
  // from the viewport draw when the page is next idle (html[data-drawing], web/components/report-view.mjs).
  // The time is filled in later, without waiting for it here (the next run starts as it would
  // without): globalThis.__kpiDrawn[kind] gets one entry per run, read after the last run.
  globalThis.__kpiNoteDrawn = (kind, start) => {
    const root = document.documentElement;
    const entry = { ms: null };
    ((globalThis.__kpiDrawn ??= { norm: [], language: [] })[kind]).push(entry);
    if (!('drawing' in root.dataset)) {
      entry.ms = performance.now() - start;
      return;
    }
    const observer = new MutationObserver(() => {
      if ('drawing' in root.dataset) return;
      observer.disconnect();
      entry.ms = performance.now() - start;
    });
    observer.observe(root, { attributes: true, attributeFilter: ['data-drawing'] });
  };
  const parse = JSON.parse;
  JSON.parse = function timedParse(text, ...rest) {
    if (typeof text !== 'string' || text.length < 100_000) return parse.call(this, text, ...rest);
    const t0 = performance.now();
    try {
      return parse.call(this, text, ...rest);
    } finally {
      log.parse.push(performance.now() - t0);
    }
  };
}

// In the worker: stamps each request's arrival and its answer, by id, on the epoch clock. The
// arrival is the event's own timeStamp (its dispatch): this listener runs after the worker's
// own, and microtasks run between two listeners, so by then the request is already answered.
function instrumentWorker() {
  if (globalThis.__kpiBench) return;
  const log = { arrived: new Map(), answered: new Map(), posting: new Map() };
  globalThis.__kpiBench = log;
  const clock = () => performance.timeOrigin + performance.now();
  self.addEventListener('message', (event) => {
    if (event.data?.id !== undefined) log.arrived.set(event.data.id, performance.timeOrigin + event.timeStamp);
  });
  const post = self.postMessage.bind(self);
  self.postMessage = (message, ...rest) => {
    if (message?.type === 'PROGRESS' || message?.id === undefined) return post(message, ...rest);
    const t0 = clock();
    log.answered.set(message.id, t0);
    try {
      return post(message, ...rest);
    } finally {
      log.posting.set(message.id, clock() - t0);
    }
  };
}

// In the worker: [arrival, answer] of each request id given (epoch ms).
function workerTimes(ids) {
  const log = globalThis.__kpiBench;
  return ids.map((id) => [log.arrived.get(id) ?? NaN, log.answered.get(id) ?? NaN, log.posting.get(id) ?? NaN]);
}

// In the page: one norm change, timed. Returns {total, analysis, frame} in ms.
async function timeNormChange(share) {
  const bench = globalThis.__kpiBench;
  const firstId = Math.max(0, ...bench.sent.keys()) + 1;
  const parses = bench.parse.length;
  const root = document.documentElement;
  const before = Number(root.dataset.generation);
  const advanced = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (Number(root.dataset.generation) > before) {
        observer.disconnect();
        resolve();
      }
    });
    observer.observe(root, { attributes: true, attributeFilter: ['data-generation'] });
  });
  const start = performance.now();
  document.dispatchEvent(new CustomEvent('kpi-settings-change', { detail: { settings: { norms: { sla_share: share } } } }));
  await advanced;
  const shown = performance.now();
  // requestAnimationFrame runs just before the frame is painted; a task queued from
  // it runs after that paint.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const end = performance.now();
  globalThis.__kpiNoteDrawn('norm', start);
  const report = document.querySelector('[data-report]')?.report;
  const requests = [...bench.sent].filter(([id]) => id >= firstId)
    .map(([id, { type, at }]) => ({ id, type, sent: at, received: bench.answered.get(id) ?? NaN }));
  return {
    total: end - start, analysis: shown - start, frame: end - shown, norm: report?.norms?.sla_share ?? null,
    requests, parse: bench.parse.slice(parses).reduce((a, b) => a + b, 0),
  };
}

// In the page: one language switch, timed.
async function timeLanguageSwitch(lang) {
  const button = document.querySelector(`[data-lang="${lang}"]`);
  const start = performance.now();
  button.click();
  const switched = performance.now();
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const end = performance.now();
  globalThis.__kpiNoteDrawn('language', start);
  if (document.documentElement.lang !== lang) throw new Error(`the page did not switch to ${lang}`);
  return { total: end - start, handler: switched - start, frame: end - switched };
}

/**
 * The built site served on a free port and a fresh headless Chromium profile on it:
 * {server, context, page, profile, close}. Also used by scripts/bench-browser.mjs.
 */
export async function launchPage(site, prefix) {
  const server = await startServer(site, { port: 0 });
  const profile = await mkdtemp(path.join(os.tmpdir(), prefix));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, locale: 'en-US',
      viewport: { width: 1280, height: 900 },
    });
  } catch (e) {
    await server.close();
    await rm(profile, { recursive: true, force: true });
    throw e;
  }
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(120_000);
  await page.addInitScript(instrumentPage);
  return {
    server, context, page, profile,
    async close() {
      await context.close().catch(() => {});
      await server.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** The demo on `site`, loaded and instrumented: {page, worker, managers, views, chromium, close}. */
async function openDemo(site) {
  const { server, context, page, close } = await launchPage(site, 'kpi-lens-bench-ui-');
  try {
    await page.goto(server.url);
    await page.waitForFunction(() => Number(document.documentElement.dataset.generation) > 0
      && document.documentElement.dataset.state === 'ready' && !('drawing' in document.documentElement.dataset));
    const managers = await page.$$eval('kpi-matrix tbody tr[data-manager]', (rows) => rows.length);
    const views = await page.$$eval('[data-report]', (list) => list.map((e) => e.tagName.toLowerCase()));
    const [worker] = page.workers();
    if (!worker) throw new Error('the page started no worker');
    await worker.evaluate(instrumentWorker);
    return { page, worker, managers, views, chromium: context.browser()?.version() ?? null, close, norm: [], language: [] };
  } catch (e) {
    await close();
    throw e;
  }
}

const SHARES = [0.8, 0.85];

/** Run i on an open demo: one norm change, then one language switch; kept after the warm-up. */
async function runOnce(demo, i, options) {
  const { page, worker } = demo;
  const share = SHARES[i % 2];
  const n = await page.evaluate(timeNormChange, share);
  if (n.norm !== share) throw new Error(`the report's norms.sla_share is ${n.norm}, expected ${share}`);
  const stamps = await worker.evaluate(workerTimes, n.requests.map((r) => r.id));
  const legs = n.requests.map((r, k) => ({
    type: r.type, toWorker: stamps[k][0] - r.sent, handled: stamps[k][1] - stamps[k][0], toPage: r.received - stamps[k][1],
    posting: stamps[k][2],
  }));
  const total = (pick) => legs.reduce((sum, l) => sum + pick(l), 0);
  n.posting = total((l) => l.posting);
  n.worker_settings = total((l) => (l.type === 'SET_SETTINGS' ? l.handled : 0));
  n.worker_report = total((l) => (l.type === 'REPORT' ? l.handled : 0));
  n.to_worker = total((l) => l.toWorker);
  n.to_page = total((l) => l.toPage);
  n.page = n.analysis - total((l) => l.toWorker + l.handled + l.toPage) - n.parse;
  n.request_types = n.requests.map((r) => r.type).join(',');
  const l = await page.evaluate(timeLanguageSwitch, i % 2 === 0 ? 'ru' : 'en');
  if (i >= options.warmup) {
    demo.norm.push(n);
    demo.language.push(l);
  }
}

/** The summaries of one site's runs (what build/bench/ui.json holds per site). */
function resultOf(demo, site, options) {
  const { norm, language } = demo;
  return {
    site: path.relative(ROOT, site) || '.',
    demo: { managers: demo.managers, views: demo.views },
    norm_change: {
      ...summary(norm.map((r) => r.total), options.budget),
      analysis: summary(norm.map((r) => r.analysis), options.budget),
      frame: summary(norm.map((r) => r.frame), options.budget),
      breakdown: Object.fromEntries(['worker_settings', 'worker_report', 'to_worker', 'to_page', 'posting', 'parse', 'page']
        .map((key) => [key, summary(norm.map((r) => r[key]), options.budget)])),
      requests: norm[0]?.request_types ?? '',
      drawn: summary(demo.drawn.norm, options.budget),
    },
    language_switch: {
      ...summary(language.map((r) => r.total), options.budget), handler: summary(language.map((r) => r.handler), options.budget),
      drawn: summary(demo.drawn.language, options.budget),
    },
  };
}

function printResult(result, options) {
  const f = (v) => v.toFixed(1).padStart(7);
  console.log(`site ${result.site}: demo board (${result.demo.managers} managers; views: ${result.demo.views.join(', ')})`);
  console.log(`interaction                median      p90      min      max   budget  (requests per norm change: ${result.norm_change.requests})`);
  const b = result.norm_change.breakdown;
  for (const [name, s] of [['norm change', result.norm_change], ['  of it: analysis', result.norm_change.analysis],
    ['    worker: set settings', b.worker_settings], ['    worker: report', b.worker_report],
    ['    messages to worker', b.to_worker], ['    answers to page', b.to_page], ['      of it: posting', b.posting],
    ['    JSON.parse', b.parse], ['    page', b.page], ['  of it: frame', result.norm_change.frame],
    ['  every view drawn', result.norm_change.drawn],
    ['language switch', result.language_switch], ['  of it: handler', result.language_switch.handler],
    ['  every view drawn', result.language_switch.drawn]]) {
    console.log(`${name.padEnd(24)} ${f(s.median_ms)}  ${f(s.p90_ms)}  ${f(s.min_ms)}  ${f(s.max_ms)}   ${name.startsWith(' ') ? '' : s.within_budget ? `p90 within ${options.budget} ms` : `p90 OVER ${options.budget} ms`}`);
  }
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`bench ui: ${e.message}`);
    process.exit(2);
  }
  if (options.help) {
    console.log('usage: scripts/bench ui [--runs 30] [--warmup 3] [--site build/site] [--budget 100] [--against DIR]');
    return;
  }
  const sites = [options.site, ...(options.against ? [options.against] : [])];
  for (const site of sites) {
    if (!existsSync(path.join(site, 'index.html')) || !existsSync(path.join(site, 'demo/manifest.json'))) {
      console.error(`bench ui: ${site} is not a built site: run scripts/build wasm && scripts/build-site`);
      process.exit(1);
    }
  }
  const demos = [];
  try {
    for (const site of sites) demos.push(await openDemo(site));
    for (let i = 0; i < options.warmup + options.runs; i += 1) {
      // With two sites, the one that goes first alternates, so neither always runs right after the other.
      for (const demo of i % 2 === 0 ? demos : [...demos].reverse()) await runOnce(demo, i, options);
    }
    for (const demo of demos) {
      await demo.page.waitForFunction(() => !('drawing' in document.documentElement.dataset));
      const drawn = await demo.page.evaluate(() => globalThis.__kpiDrawn);
      demo.drawn = Object.fromEntries(['norm', 'language'].map((kind) => [kind, drawn[kind].slice(options.warmup).map((e) => e.ms).filter((ms) => ms !== null)]));
    }
    const results = demos.map((demo, k) => resultOf(demo, sites[k], options));
    const result = {
      date: new Date().toISOString(),
      chromium: demos[0].chromium,
      cpus: os.cpus().length,
      loadavg: os.loadavg().map((x) => Number(x.toFixed(2))),
      budget_ms: options.budget,
      ...results[0],
      ...(results[1] ? { against: results[1] } : {}),
    };
    console.log(`bench ui: ${options.runs} runs after ${options.warmup} warm-up${results[1] ? ', the two sites in turn' : ''}, load average ${result.loadavg.join(' ')}`);
    for (const r of results) printResult(r, options);
    if (results[1]) {
      const ratio = (pick) => `${(pick(results[0]) / pick(results[1])).toFixed(2)}`;
      console.log(`${results[0].site} / ${results[1].site}: norm change median ${ratio((r) => r.norm_change.median_ms)}, p90 ${ratio((r) => r.norm_change.p90_ms)}; `
        + `language switch median ${ratio((r) => r.language_switch.median_ms)}, p90 ${ratio((r) => r.language_switch.p90_ms)}`);
    }
    mkdirSync(path.join(ROOT, 'build/bench'), { recursive: true });
    const out = path.join(ROOT, 'build/bench/ui.json');
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`bench ui: wrote ${path.relative(process.cwd(), out)}`);
  } finally {
    for (const demo of demos) await demo.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`bench ui: ${e.stack ?? e.message}`);
    process.exit(1);
  });
}
