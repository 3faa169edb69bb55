#!/usr/bin/env node
// bench-browser.mjs — the real page and its worker in headless Chromium on a large generated
// dataset (docs/performance.md, "Scale in the browser"). Run it as `scripts/bench browser`.
//
// For each size: the site (build/site) is opened on the demo board, then the four tables of
// build/bench/data-N/ are chosen through the page's file input. Playwright hands Chromium the
// file paths, so the page gets disk-backed `File` objects and the worker streams them exactly as
// it does a user's files; nothing is copied through the test. Measured:
//   first board   from the input's `change` event (in the page, performance.now()) to the first
//                 frame after the load finished (html[data-generation] advanced, data-state
//                 ready): reading, parsing, analysing and rendering every view
//   peak memory   the tab's renderer process (it holds the page and its dedicated worker, so the
//                 wasm heap too): VmHWM from /proc at the end; and the peak of all Chromium
//                 processes' RSS together, sampled every 200 ms during the load
// The load must end `ready` with every manager of the data on the matrix, else the run fails.
// Not a timed test: absolute figures, printed with the load average; build/bench/browser.json.
//
//   node scripts/bench-browser.mjs [--deals 100000,1000000] [--site build/site]

import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { BENCH_DIR, TABLES, ensureData, ROOT } from './bench-data.mjs';
import { launchPage } from './bench-ui.mjs';

const MB = 1e6;

function parseArgs(argv) {
  const o = { deals: [100000, 1000000], site: path.join(ROOT, 'build/site') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--deals') o.deals = String(argv[++i]).split(',').map(Number);
    else if (a === '--site') o.site = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${a} (usage: scripts/bench browser [--deals 100000,1000000] [--site build/site])`);
  }
  if (!o.deals.length || o.deals.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error('--deals needs positive integers, comma-separated');
  return o;
}

// ---- the Chromium processes of one profile, from /proc ----------------------------------------

function procStatus(pid) {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null; // gone
  }
}
const kb = (status, field) => Number(status?.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0);

/** pid -> {ppid, cmdline} of every process. */
function processTable() {
  const table = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const status = procStatus(name);
    if (!status) continue;
    let cmdline = '';
    try { cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' '); } catch { /* gone */ }
    table.set(Number(name), { ppid: Number(status.match(/^PPid:\s+(\d+)/m)?.[1] ?? 0), cmdline });
  }
  return table;
}

/** The browser process started with this profile and all its descendants: [{pid, type}]. */
function chromiumProcesses(profile) {
  const table = processTable();
  const roots = [...table].filter(([, p]) => p.cmdline.includes(`--user-data-dir=${profile}`) && !p.cmdline.includes('--type='));
  const out = [];
  const visit = (pid) => {
    const p = table.get(pid);
    out.push({ pid, type: p.cmdline.match(/--type=(\S+)/)?.[1] ?? 'browser' });
    for (const [child, c] of table) if (c.ppid === pid) visit(child);
  };
  for (const [pid] of roots) visit(pid);
  return out;
}

// ---- in the page -------------------------------------------------------------------------------

// Arms the clock: the input's change event starts it; the first frame after the load finished
// stops it. Resolves window.__benchDone with {ms, state}.
function armClock() {
  const root = document.documentElement;
  const before = Number(root.dataset.generation);
  window.__benchDone = new Promise((resolve) => {
    let start = null;
    document.addEventListener('change', () => { start ??= performance.now(); }, { capture: true, once: true });
    const observer = new MutationObserver(() => {
      if (Number(root.dataset.generation) <= before || root.dataset.state === 'loading') return;
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => resolve({ ms: performance.now() - start, state: root.dataset.state }), 0));
    });
    observer.observe(root, { attributes: true, attributeFilter: ['data-generation', 'data-state'] });
  });
}

/** The owners named in the first 2 MB of deals.csv (every manager of the generated team). */
function ownersIn(file) {
  const buffer = Buffer.alloc(2 << 20);
  const fd = openSync(file, 'r');
  const n = readSync(fd, buffer, 0, buffer.length, 0);
  closeSync(fd);
  const lines = buffer.subarray(0, n).toString('utf8').split('\n');
  const header = lines[0].split(',');
  const at = header.indexOf('owner') - header.length; // from the end: titles may hold commas
  return new Set(lines.slice(1, -1).map((line) => line.split(',').at(at)).filter(Boolean));
}

async function measure(site, deals) {
  const dir = ensureData(deals);
  const files = TABLES.map((t) => path.join(dir, t.file));
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const managers = ownersIn(path.join(dir, 'deals.csv'));
  const { server, page, profile, context, close } = await launchPage(site, 'kpi-lens-bench-browser-');
  try {
    page.setDefaultTimeout(30 * 60_000);
    await page.goto(server.url);
    await page.waitForFunction(() => Number(document.documentElement.dataset.generation) > 0
      && document.documentElement.dataset.state === 'ready');
    await page.evaluate(armClock);
    let peakTotalKb = 0;
    const sample = () => {
      const total = chromiumProcesses(profile).reduce((n, p) => n + kb(procStatus(p.pid), 'VmRSS'), 0);
      peakTotalKb = Math.max(peakTotalKb, total);
    };
    const timer = setInterval(sample, 200);
    const t0 = performance.now();
    let result;
    try {
      await page.setInputFiles('kpi-drop-zone input[type=file]', files);
      result = await page.evaluate(() => window.__benchDone);
    } finally {
      clearInterval(timer);
    }
    const wallMs = performance.now() - t0;
    sample();
    const procs = chromiumProcesses(profile).map((p) => ({ ...p, hwm_kb: kb(procStatus(p.pid), 'VmHWM') }));
    const renderer = procs.filter((p) => p.type === 'renderer').sort((a, b) => b.hwm_kb - a.hwm_kb)[0];
    if (result.state !== 'ready') throw new Error(`${deals} deals: the page ended in state "${result.state}"`);
    // The four files are the page's files now (the demo is gone), each read without a problem.
    const list = await page.$$eval('kpi-file-list li[data-file]', (items) => items.map((li) => ({ file: li.dataset.file, status: li.dataset.status, text: li.innerText })));
    const names = TABLES.map((t) => t.file);
    if (list.length !== names.length || !names.every((n) => list.some((f) => f.file === n && f.status === 'ok'))) {
      throw new Error(`${deals} deals: the page's files are ${JSON.stringify(list)}, expected ${names.join(', ')} read ok`);
    }
    const shown = await page.$$eval('kpi-matrix tbody tr[data-manager]', (rows) => rows.map((r) => r.dataset.manager));
    const missing = [...managers].filter((m) => m && !shown.includes(m));
    if (missing.length) throw new Error(`${deals} deals: the matrix lacks ${missing.join(', ')} (shows ${shown.join(', ')})`);
    return {
      deals, input_bytes: bytes, first_board_ms: result.ms, wall_ms: wallMs, managers: shown.length,
      renderer_peak_mb: renderer ? renderer.hwm_kb * 1024 / MB : null,
      chromium_peak_total_mb: peakTotalKb * 1024 / MB,
      renderer_peak_over_input: renderer ? renderer.hwm_kb * 1024 / bytes : null,
      chromium: context.browser()?.version() ?? null,
    };
  } finally {
    await close();
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!existsSync(path.join(o.site, 'index.html'))) throw new Error(`${o.site} is not a built site: run scripts/build wasm && scripts/build-site`);
  const runs = [];
  for (const deals of o.deals) {
    const load = os.loadavg().map((x) => x.toFixed(2));
    const r = { ...(await measure(o.site, deals)), loadavg_at_start: load.map(Number) };
    runs.push(r);
    console.log(`bench browser: ${deals} deals (${(r.input_bytes / MB).toFixed(1)} MB, 4 tables): first board ${(r.first_board_ms / 1000).toFixed(2)} s ` +
      `(${(r.input_bytes / MB / (r.first_board_ms / 1000)).toFixed(1)} MB/s); tab peak ${r.renderer_peak_mb?.toFixed(0)} MB ` +
      `(${r.renderer_peak_over_input?.toFixed(2)}× the input), all Chromium processes ${r.chromium_peak_total_mb.toFixed(0)} MB; ` +
      `${r.managers} managers on the matrix; load ${load.join(' ')}`);
  }
  mkdirSync(BENCH_DIR, { recursive: true });
  const out = path.join(BENCH_DIR, 'browser.json');
  writeFileSync(out, `${JSON.stringify({ schema: 'kpi-lens/bench-browser@1', date: new Date().toISOString(), cpus: os.cpus().length, node: process.version, runs }, null, 2)}\n`);
  console.log(`bench browser: wrote ${path.relative(process.cwd(), out)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`bench browser: FAILED: ${e.stack ?? e.message}`);
    process.exit(1);
  });
}
