#!/usr/bin/env node
// bench-ab-reanalysis.mjs — the re-analysis after a settings change (analysis + report JSON, the
// files already loaded) of two builds of the core, A (before) and B (after), in the same process
// and the same minutes, alternating, so that the ratio B/A holds on a loaded machine where
// absolute times do not (the re-analysis twin of bench-ab.mjs). Not a timed test: it asserts
// nothing about speed; it checks that both builds write the same report bytes.
//
//   node scripts/bench-ab-reanalysis.mjs A_DIR B_DIR DATA_DIR [--reps R] [--settings FILE] [--no-native]
//
// A_DIR and B_DIR each hold wasm/{kpi-engine.mjs,kpi.mjs,kpi.wasm} and, for the native line,
// native/kpi_report_native (with --repeat). DATA_DIR holds manifest.json and its files
// (build/site/demo, build/bench/data-N). Per series bucket (none, auto, week): wasm A and B each
// load the files once, then R alternating rounds of one settings change (a different SLA norm each
// round) + reportJson(); native: alternating runs of `kpi_report_native --repeat 5` (every third
// round, every round when a side has no wasm build), each run's median.
// Prints the medians and B/A per bucket.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
let reps = 9;
let settingsFile = null;
let native = true;
const pos = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--reps') reps = Number(args[++i]);
  else if (args[i] === '--settings') settingsFile = args[++i];
  else if (args[i] === '--no-native') native = false;
  else pos.push(args[i]);
}
if (pos.length !== 3) {
  console.error('usage: bench-ab-reanalysis.mjs A_DIR B_DIR DATA_DIR [--reps R] [--settings FILE] [--no-native]');
  process.exit(2);
}
const [dirA, dirB, data] = pos.map((p) => resolve(p));
const base = settingsFile ? JSON.parse(readFileSync(settingsFile, 'utf8')) : {};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const manifest = JSON.parse(readFileSync(join(data, 'manifest.json'), 'utf8'));
const files = manifest.files.map((name) => ({ name, path: join(data, name) }));

async function engineOf(dir) {
  const wasm = join(dir, 'wasm');
  if (!existsSync(join(wasm, 'kpi.wasm'))) return null;
  const { createEngine } = await import(pathToFileURL(join(wasm, 'kpi-engine.mjs')).href);
  const engine = await createEngine({ wasmBinary: readFileSync(join(wasm, 'kpi.wasm')) });
  for (const f of files) await engine.addFile(f.name, readFileSync(f.path));
  return engine;
}

function nativeRun(dir, settings) {
  const bin = join(dir, 'native', 'kpi_report_native');
  if (!existsSync(bin)) return null;
  const config = join(tmpdir(), `bench-ab-reanalysis-${process.pid}.json`);
  writeFileSync(config, JSON.stringify(settings));
  const r = spawnSync(bin, ['--config', config, '--repeat', '5', ...files.map((f) => f.path)], {
    encoding: 'utf8', maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`${bin}: ${r.stderr}`);
  const m = /re-analysis median ([\d.]+) ms/.exec(r.stderr);
  if (!m) throw new Error(`${bin}: no --repeat output (an old build?)`);
  return { ms: Number(m[1]), json: r.stdout };
}

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`A = ${dirA}\nB = ${dirB}\ndata = ${data} (${manifest.deals ?? '?'} deals); median of ${reps} alternating rounds after one warm-up (Node ${process.versions.node}); load at start ${load()}`);
console.log('| series | wasm A ms | wasm B ms | wasm B/A | native A ms | native B ms | native B/A | report bytes |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
const engines = { A: await engineOf(dirA), B: await engineOf(dirB) };
const dirs = { A: dirA, B: dirB };
for (const bucket of ['none', 'auto', 'week']) {
  const t = { wA: [], wB: [], nA: [], nB: [] };
  const json = {};
  for (let r = 0; r <= reps; r++) {
    const order = r % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
    const settings = { ...base, series_bucket: bucket, norms: { ...(base.norms ?? {}), sla_share: 0.5 + r / 100 } };
    for (const side of engines.A && engines.B ? order : []) {  // wasm: when both sides have a build
      const e = engines[side];
      e.setSettings(settings);
      const t0 = performance.now();
      const j = e.reportJson();
      if (r > 0) t[`w${side}`].push(performance.now() - t0);
      json[`w${side}`] = j;
    }
    if (json.wA !== json.wB) throw new Error(`${bucket}: the wasm builds wrote different reports`);
    const every = engines.A && engines.B ? 3 : 1;
    if (native && r % every === 0) {  // a process per run (reads the files): every third round beside wasm
      for (const side of order) {
        const n = nativeRun(dirs[side], settings);
        if (n) { if (r > 0) t[`n${side}`].push(n.ms); json[`n${side}`] = n.json; }
      }
      if (json.nA !== undefined && json.nA !== json.nB) throw new Error(`${bucket}: the native builds wrote different reports`);
    }
  }
  const f = (xs) => (xs.length ? median(xs).toFixed(1) : '—');
  const ratio = (a, b) => (a.length && b.length ? `${(median(b) / median(a)).toFixed(2)}×` : '—');
  const bytes = (json.wB ?? json.nB ?? '').length;
  console.log(`| ${bucket} | ${f(t.wA)} | ${f(t.wB)} | ${ratio(t.wA, t.wB)} | ${f(t.nA)} | ${f(t.nB)} | ${ratio(t.nA, t.nB)} | ${bytes} |`);
}
console.log(`load at end ${load()}`);
for (const e of Object.values(engines)) e?.dispose?.();
