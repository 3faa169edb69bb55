// bench-data.mjs — the benchmarks' generated data: the four canonical tables of
// `scripts/gen-demo.mjs --deals N --seed 42` in build/bench/data-N/, generated once per size.

import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BENCH_DIR = join(ROOT, 'build/bench');

export const TABLES = [
  { name: 'deals', file: 'deals.csv' },
  { name: 'stage_events', file: 'stage_events.csv' },
  { name: 'tasks', file: 'tasks.csv' },
  { name: 'activities', file: 'activities.csv' },
];

export function dataDir(deals) { return join(BENCH_DIR, `data-${deals}`); }

/** Generates the canonical CSVs once per size (into a temporary directory, renamed when complete). */
export function ensureData(deals) {
  const dir = dataDir(deals);
  if (TABLES.every((t) => existsSync(join(dir, t.file)))) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  process.stdout.write(`bench: generating ${deals} deals into ${dir} ... `);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/gen-demo.mjs'), '--out', tmp, '--deals', String(deals), '--seed', '42'],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`gen-demo.mjs failed (exit ${r.status})`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return dir;
}
