#!/usr/bin/env node
// bench-ab.mjs — CSV ingest of two builds of the core, A (before) and B (after), in the same
// process and the same minute, alternating, so that the ratio B/A holds on a loaded machine where
// absolute times do not. Not a timed test: it asserts nothing about speed; it checks that both
// builds read the same number of rows.
//
//   node --expose-gc scripts/bench-ab.mjs A_DIR B_DIR FILE... [--reps R]
//
// A_DIR and B_DIR each hold native/kpi_ingest_bench and wasm/{kpi-engine.mjs,kpi.mjs,kpi.wasm}
// (e.g. a build of main in build/base-* and this tree's build/). Per file and repetition: native
// A and B (one run each of kpi_ingest_bench, 1 MiB chunks), then wasm A and B (one addFile of the
// whole file on a cleared engine); the order of A and B flips every repetition. Prints the
// medians, MB/s and B/A per file.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
let reps = 5;
const pos = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--reps') reps = Number(args[++i]);
  else pos.push(args[i]);
}
if (pos.length < 3) {
  console.error('usage: bench-ab.mjs A_DIR B_DIR FILE... [--reps R]');
  process.exit(2);
}
const [dirA, dirB, ...files] = pos.map((p) => resolve(p));
const MB = 1e6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function engineOf(dir) {
  const wasm = join(dir, 'wasm');
  if (!existsSync(join(wasm, 'kpi.wasm'))) return null;
  const { createEngine } = await import(pathToFileURL(join(wasm, 'kpi-engine.mjs')).href);
  return createEngine({ wasmBinary: readFileSync(join(wasm, 'kpi.wasm')) });
}

function nativeRun(dir, file) {
  const bin = join(dir, 'native', 'kpi_ingest_bench');
  if (!existsSync(bin)) return null;
  const r = spawnSync(bin, ['--reps', '1', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin} ${file}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

async function wasmRun(engine, bytes) {
  engine.clear();
  globalThis.gc?.();
  const t0 = performance.now();
  const summary = await engine.addFile('bench', bytes);
  const seconds = (performance.now() - t0) / 1000;
  if (!summary.ok) throw new Error(summary.error.message);
  return { seconds, rows: summary.rows };
}

const engines = { A: await engineOf(dirA), B: await engineOf(dirB) };
const dirs = { A: dirA, B: dirB };
console.log(`A = ${dirA}\nB = ${dirB}\nmedian of ${reps} alternating runs after one warm-up (Node ${process.versions.node})`);
console.log('| file | MB | native A MB/s | native B MB/s | native B/A speed | wasm A MB/s | wasm B MB/s | wasm B/A speed |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const file of files) {
  const bytes = readFileSync(file);
  const mb = statSync(file).size / MB;
  const t = { nA: [], nB: [], wA: [], wB: [] };
  const rows = {};
  for (let r = 0; r <= reps; r++) {
    const order = r % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
    for (const side of order) {
      const n = nativeRun(dirs[side], file);
      if (n) { if (r > 0) t[`n${side}`].push(n.seconds); rows[`n${side}`] = n.rows; }
    }
    for (const side of order) {
      if (!engines[side]) continue;
      const w = await wasmRun(engines[side], bytes);
      if (r > 0) t[`w${side}`].push(w.seconds);
      rows[`w${side}`] = w.rows;
    }
  }
  const counts = new Set(Object.values(rows));
  if (counts.size !== 1) throw new Error(`${file}: the builds read different row counts ${JSON.stringify(rows)}`);
  const rate = (xs) => (xs.length ? mb / median(xs) : null);
  const f = (v, d = 1) => (v === null ? '—' : v.toFixed(d));
  const ratio = (a, b) => (a === null || b === null ? '—' : `${(b / a).toFixed(2)}×`);
  const [nA, nB, wA, wB] = [rate(t.nA), rate(t.nB), rate(t.wA), rate(t.wB)];
  console.log(`| ${file.split('/').pop()} | ${f(mb)} | ${f(nA)} | ${f(nB)} | ${ratio(nA, nB)} | ${f(wA)} | ${f(wB)} | ${ratio(wA, wB)} |`);
}
for (const e of Object.values(engines)) e?.dispose?.();
