#!/usr/bin/env node
// bench.mjs — KPI Lens against DuckDB-WASM, on the same machine, in the same run.
// Run it through scripts/bench (which builds, installs the peer and passes --expose-gc).
//
//   node --expose-gc scripts/bench.mjs [--deals N] [--reps R] [--iters K] [--quick] [--no-warmup] [--build-dir DIR]
//
// Every figure is a ratio against a peer measured in the same process run, interleaved
// (the order of the sides rotates each repetition), as the median of the repetitions:
// the machine is shared and noisy, so absolute times are only printed for context.
// Both sides analyse with the same explicit settings (BENCH_SETTINGS in bench-peer-sql.mjs).
// Workloads (docs/performance.md has the method and the figures):
//   deals        ingest + report of deals.csv        ours: fresh Engine, addFile (streamed) + report()
//                                                     peer: CREATE TABLE AS read_csv + the workload's SQL
//                                                     native: build/native/kpi_report_native (child process)
//   all          the same with the four tables
//   reanalysis   settings change + report() on the loaded four tables, vs re-running the SQL
//   memory       each side alone in a child process: peak RSS (VmHWM), wasm heap, vs input size
// Each workload has two lines: "workload", where the peer's SQL answers the board's questions
// (bench-peer-sql.mjs: won/lost/revenue, FRT and SLA per manager, next step, overdue tasks,
// stalled per stage and manager, conversion per stage), and "skeleton", where it computes the
// won/lost/revenue skeleton only (ours computes the same whole report in both). The answers of
// both sides (and of the native build) are compared after every run; a mismatch aborts the
// benchmark with the differences and exit status 1 (scripts/test runs --quick as a smoke test).
// Results: a table on stdout and build/bench/results-<N>.json.
//
// The artifacts (build/ or --build-dir) are copied into build/bench/bin-<pid>/ first, so a rebuild
// of build/ during a long run cannot mix two builds.
// Internal: `--child ours|peer --workload deals|all --bin DIR` runs one side for the memory
// figures and prints one JSON line.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, createReadStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

import { moduleGraph } from './bench-artifacts.mjs';
import { BENCH_DIR, ROOT, TABLES, dataDir, ensureData } from './bench-data.mjs';
import {
  BENCH_SETTINGS, PEER_SETUP_SQL, assertSameAnswers as assertSame, periodSql, skeletonAnswers, skeletonSql, workloadAnswers, workloadSql,
} from './bench-peer-sql.mjs';

// The artifacts under test. main() copies them into a private directory first (other people may
// rebuild build/ while a long run is under way), and the children get that copy via --bin.
let BUILD_DIR = join(ROOT, 'build');
let WASM_DIR = join(BUILD_DIR, 'wasm');
let NATIVE = join(BUILD_DIR, 'native/kpi_report_native');
const DUCKDB_DIST = join(BENCH_DIR, 'node_modules/@duckdb/duckdb-wasm/dist');
const CHUNK = 1 << 20;
const MB = 1e6;
let checks = 0; // comparisons of two sides' answers that agreed


// Settings of the re-analysis workload, one per iteration (cycled when --iters > 10). Every
// key is given each time because settings documents are cumulative. Wall-clock strings: the
// core reads them in Europe/Moscow (fixed UTC+3), DuckDB as naive timestamps, and the files'
// timestamps are Moscow wall-clock too, so both sides select the same deals.
const MONTHS = ['2025-10-01', '2025-11-01', '2025-12-01', '2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01'];
const REANALYSIS = [
  ...MONTHS.slice(0, 6).map((from, i) => ({
    as_of: `${MONTHS[i + 1]} 00:00:00`, period: { from: `${from} 00:00:00`, to: `${MONTHS[i + 1]} 00:00:00` },
  })),
  { as_of: '2025-12-31 23:59:59', period: { from: null, to: null } },
  { as_of: null, period: { from: '2025-10-01 00:00:00', to: '2026-01-01 00:00:00' } },
  { as_of: null, period: { from: '2026-01-01 00:00:00', to: '2026-04-01 00:00:00' } },
  { as_of: null, period: { from: null, to: null } },
];

// ---------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const o = { deals: 100000, reps: 5, iters: 10, warmup: true, quick: false, child: null, workload: null, buildDir: null, bin: null };
  let repsGiven = false;
  let itersGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v <= 0) throw new Error(`${a} needs a positive integer`);
      return v;
    };
    switch (a) {
      case '--deals': o.deals = num(); break;
      case '--reps': o.reps = num(); repsGiven = true; break;
      case '--iters': o.iters = num(); itersGiven = true; break;
      case '--quick': o.quick = true; break;
      case '--no-warmup': o.warmup = false; break;
      case '--child': o.child = argv[++i]; break;
      case '--workload': o.workload = argv[++i]; break;
      case '--build-dir': o.buildDir = resolve(argv[++i]); break;
      case '--bin': o.bin = argv[++i]; break;
      default: throw new Error(`unknown argument ${a} (usage: scripts/bench [--quick] [--deals N] [--reps R] [--iters K] [--no-warmup] [--no-build] [--build-dir DIR])`);
    }
  }
  if (o.quick) {
    o.deals = 20000;
    o.reps = 1;
    o.warmup = false;
    if (!itersGiven) o.iters = 3; // one of each kind of period change: enough to check the answers
  } else if (!repsGiven && o.deals >= 1000000) {
    o.reps = 3; // the big run: the minimum the method allows, to stay within ~10 minutes
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

const now = () => performance.now();
const gc = () => { if (globalThis.gc) { globalThis.gc(); globalThis.gc(); } };
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, d = 3) => (x == null || !Number.isFinite(x) ? x : Number(x.toFixed(d)));

function procStatusKb(field) {
  const m = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return m ? Number(m[1]) : null;
}

/**
 * Copies the module's graph (kpi-engine.mjs and kpi.mjs with every file they import, read from the
 * built files: scripts/bench-artifacts.mjs) and the native tool into build/bench/bin-<pid>/, and
 * uses the copy.
 */
function snapshotArtifacts(opts) {
  if (opts.buildDir) BUILD_DIR = opts.buildDir;
  const from = { wasm: join(BUILD_DIR, 'wasm'), native: join(BUILD_DIR, 'native/kpi_report_native') };
  if (!existsSync(from.native)) throw new Error(`missing build artifact: ${from.native} (run scripts/build, or drop --build-dir)`);
  const files = moduleGraph(from.wasm, ['kpi-engine.mjs', 'kpi.mjs', 'kpi.wasm']);
  const bin = join(BENCH_DIR, `bin-${process.pid}`);
  mkdirSync(bin, { recursive: true });
  try {
    for (const f of files) {
      mkdirSync(dirname(join(bin, f)), { recursive: true });
      copyFileSync(join(from.wasm, f), join(bin, f));
    }
    copyFileSync(from.native, join(bin, 'kpi_report_native'));
    chmodSync(join(bin, 'kpi_report_native'), 0o755);
  } catch (e) {
    rmSync(bin, { recursive: true, force: true });
    throw e;
  }
  useBin(bin);
  return bin;
}
function useBin(bin) {
  WASM_DIR = bin;
  NATIVE = join(bin, 'kpi_report_native');
}

// ---------------------------------------------------------------------------------------------
// Our side: the wasm engine (and the native twin)
// ---------------------------------------------------------------------------------------------

async function loadOurs() {
  const { KpiEngine } = await import(pathToFileURL(join(WASM_DIR, 'kpi-engine.mjs')).href);
  const { default: createKpiModule } = await import(pathToFileURL(join(WASM_DIR, 'kpi.mjs')).href);
  const wasmBinary = readFileSync(join(WASM_DIR, 'kpi.wasm'));
  const t0 = now();
  const module = await createKpiModule({ wasmBinary });
  const startupMs = now() - t0;
  return { module, KpiEngine, startupMs };
}

/** Fresh engine, every file streamed in 1 MiB chunks, then report(). */
async function oursIngest(ours, paths) {
  const engine = new ours.KpiEngine(ours.module);
  engine.setSettings(BENCH_SETTINGS);
  const summaries = [];
  for (const p of paths) {
    summaries.push(await engine.addFile(basename(p), createReadStream(p, { highWaterMark: CHUNK })));
  }
  const report = engine.report();
  return { engine, report, summaries };
}

function checkSummaries(summaries, paths) {
  summaries.forEach((s, i) => {
    if (!s.ok || s.skipped !== 0) throw new Error(`KPI Lens did not read ${paths[i]} cleanly: ${JSON.stringify(s).slice(0, 300)}`);
  });
}

/** The settings file of the native tool: BENCH_SETTINGS, beside the pinned binary. */
function nativeConfig() {
  const path = join(dirname(NATIVE), 'bench-settings.json');
  if (!existsSync(path)) writeFileSync(path, JSON.stringify(BENCH_SETTINGS));
  return path;
}

function nativeRun(paths) {
  const r = spawnSync(NATIVE, ['--config', nativeConfig(), ...paths], { maxBuffer: 1 << 30, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kpi_report_native failed (exit ${r.status}): ${r.stderr}`);
  return r.stdout;
}

// ---------------------------------------------------------------------------------------------
// The peer: DuckDB-WASM, Node blocking build, eh bundle, files read straight from disk
// ---------------------------------------------------------------------------------------------

async function loadPeer() {
  if (!existsSync(join(DUCKDB_DIST, 'duckdb-node-blocking.cjs'))) {
    throw new Error(`DuckDB-WASM is not installed in ${BENCH_DIR} (run scripts/bench, which installs it)`);
  }
  const require = createRequire(join(BENCH_DIR, 'package.json'));
  const duckdb = require(join(DUCKDB_DIST, 'duckdb-node-blocking.cjs'));
  const features = await duckdb.getPlatformFeatures();
  if (!features.wasmExceptions) throw new Error('this Node lacks wasm exceptions: DuckDB-WASM would fall back to its mvp bundle');
  const t0 = now();
  const db = await duckdb.createDuckDB({
    mvp: { mainModule: join(DUCKDB_DIST, 'duckdb-mvp.wasm'), mainWorker: join(DUCKDB_DIST, 'duckdb-node-mvp.worker.cjs') },
    eh: { mainModule: join(DUCKDB_DIST, 'duckdb-eh.wasm'), mainWorker: join(DUCKDB_DIST, 'duckdb-node-eh.worker.cjs') },
  }, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate(() => {});
  db.open({});
  const conn = db.connect();
  conn.query(PEER_SETUP_SQL);
  const startupMs = now() - t0;
  const version = db.getVersion();
  const packageVersion = JSON.parse(readFileSync(join(DUCKDB_DIST, '../package.json'), 'utf8')).version;
  const threads = String(conn.query("SELECT current_setting('threads') AS t").toArray()[0].t);
  return { duckdb, db, conn, startupMs, version, packageVersion, threads, registered: new Set() };
}

function peerRegister(peer, path) {
  const name = `${basename(dirname(path))}/${basename(path)}`;
  if (!peer.registered.has(name)) {
    peer.db.registerFileURL(name, path, peer.duckdb.DuckDBDataProtocol.NODE_FS, true);
    peer.registered.add(name);
  }
  return name;
}

const sqlString = (s) => `'${String(s).replaceAll("'", "''")}'`;
const rowsOf = (peer, sql) => peer.conn.query(sql).toArray().map((r) => r.toJSON());

/**
 * The whole workload (scripts/bench-peer-sql.mjs) on the loaded tables: the period once, then
 * each statement; the rows become the answers compared with ours.
 */
function peerAnalyse(peer, tables, settings) {
  const p = rowsOf(peer, periodSql(tables, settings))[0];
  const rows = {};
  for (const [name, sql] of Object.entries(workloadSql(tables, settings, p))) rows[name] = rowsOf(peer, sql);
  const skeleton = skeletonAnswers(rows.skeleton);
  delete rows.skeleton;
  return { skeleton, workload: workloadAnswers(rows) };
}

/** The skeleton alone (won/lost, revenue, loss reasons): the comparison's second line. */
function peerSkeleton(peer, tables, settings) {
  return skeletonAnswers(rowsOf(peer, skeletonSql(tables, settings)));
}

/** Drops the tables (outside the timed part). */
function peerDrop(peer, tables) {
  for (const t of tables) peer.conn.query(`DROP TABLE IF EXISTS ${t}`);
}
/** CREATE TABLE AS read_csv for each file (types sniffed), timed by the caller. */
function peerLoad(peer, tables, paths) {
  tables.forEach((t, i) => {
    const name = peerRegister(peer, paths[i]);
    peer.conn.query(`CREATE TABLE ${t} AS SELECT * FROM read_csv(${sqlString(name)})`);
  });
}

/**
 * One repetition of the peer: load, the whole workload, then the skeleton alone on the same
 * tables. Times: full = load + workload; skeleton = load + skeleton query.
 */
function peerIngest(peer, tables, paths, settings) {
  const t0 = now();
  peerLoad(peer, tables, paths);
  const t1 = now();
  const full = peerAnalyse(peer, tables, settings);
  const t2 = now();
  const skeleton = peerSkeleton(peer, tables, settings);
  const t3 = now();
  return { loadMs: t1 - t0, fullMs: t2 - t0, skeletonMs: (t1 - t0) + (t3 - t2), full, skeleton };
}

// ---------------------------------------------------------------------------------------------
// Memory: one side alone in a child process
// ---------------------------------------------------------------------------------------------

async function child(opts) {
  useBin(opts.bin);
  const dir = dataDir(opts.deals);
  const tables = opts.workload === 'deals' ? ['deals'] : TABLES.map((t) => t.name);
  const paths = tables.map((t) => join(dir, TABLES.find((x) => x.name === t).file));
  const out = { side: opts.child, workload: opts.workload };
  if (opts.child === 'ours') {
    const ours = await loadOurs();
    gc();
    out.rss_after_startup_kb = procStatusKb('VmRSS');
    const t0 = now();
    const { engine, report, summaries } = await oursIngest(ours, paths);
    out.ms = now() - t0;
    checkSummaries(summaries, paths);
    out.wasm_heap_bytes = engine.heapBytes();
    out.won = report.team.metrics.won_count;
  } else {
    const peer = await loadPeer();
    gc();
    out.rss_after_startup_kb = procStatusKb('VmRSS');
    const t0 = now();
    peerLoad(peer, tables, paths);
    const answers = peerAnalyse(peer, tables, BENCH_SETTINGS);
    out.ms = now() - t0;
    out.wasm_heap_bytes = peer.db.mod.HEAPU8.length;
    out.won = answers.skeleton.team.metrics.won_count;
  }
  out.vmhwm_kb = procStatusKb('VmHWM');
  out.max_rss_kb = process.resourceUsage().maxRSS;
  console.log(JSON.stringify(out));
}

function runChild(opts, side, workload) {
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', side, '--workload', workload, '--deals', String(opts.deals), '--bin', WASM_DIR],
    { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`memory child ${side}/${workload} failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function nativeMemory(paths) {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %M %e', NATIVE, '--config', nativeConfig(), ...paths], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`/usr/bin/time kpi_report_native failed: ${r.stderr}`);
  const m = r.stderr.match(/TIME (\d+) ([\d.]+)/);
  return { side: 'native', vmhwm_kb: Number(m[1]), max_rss_kb: Number(m[1]) };
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

function machineInfo() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    vcpus: os.availableParallelism?.() ?? cpus.length,
    memory_gib: round(os.totalmem() / 2 ** 30, 1),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    loadavg_at_start: os.loadavg().map((x) => round(x, 2)),
  };
}

function gitInfo() {
  // The commit of the tree the artifacts were built from: this checkout, or whatever git
  // repository holds --build-dir (none for an exported tree: then null).
  const src = BUILD_DIR === join(ROOT, 'build') ? ROOT : dirname(BUILD_DIR);
  const git = (...a) => spawnSync('git', ['-C', src, ...a], { encoding: 'utf8' }).stdout?.trim() ?? '';
  const sha = (f) => createHash('sha256').update(readFileSync(f)).digest('hex').slice(0, 12);
  return {
    artifacts_from: BUILD_DIR,
    commit: git('rev-parse', '--short', 'HEAD') || null,
    core_dirty: git('rev-parse', '--short', 'HEAD') ? git('status', '--porcelain', '--', 'core', 'wasm') !== '' : null,
    kpi_wasm_sha256: sha(join(WASM_DIR, 'kpi.wasm')),
    kpi_report_native_sha256: sha(NATIVE),
  };
}

/** Gzipped size (level 9) of kpi.wasm and of the whole module graph the page and the CLI load. */
function bundleSize() {
  const files = moduleGraph(WASM_DIR, ['kpi-engine.mjs', 'kpi.mjs', 'kpi.wasm']);
  const gz = (f) => gzipSync(readFileSync(join(WASM_DIR, f)), { level: 9 }).length;
  return {
    files,
    kpi_wasm_bytes: statSync(join(WASM_DIR, 'kpi.wasm')).size,
    kpi_wasm_gzip_bytes: gz('kpi.wasm'),
    graph_bytes: files.reduce((n, f) => n + statSync(join(WASM_DIR, f)).size, 0),
    graph_gzip_bytes: files.reduce((n, f) => n + gz(f), 0),
  };
}

/** Compares two sides' answers (throws on a difference) and counts the comparison. */
function agree(what, ours, other) {
  assertSame(what, ours, other);
  checks++;
}

function stats(samples) {
  return { median_ms: round(median(samples), 2), min_ms: round(Math.min(...samples), 2), max_ms: round(Math.max(...samples), 2), samples_ms: samples.map((x) => round(x, 2)) };
}

function fmtRatio(oursMs, peerMs) {
  const r = peerMs / oursMs;
  return r >= 1 ? `${r.toFixed(2)}× faster` : `${(1 / r).toFixed(2)}× slower`;
}

async function main(opts) {
  const bin = snapshotArtifacts(opts);
  try {
    await run(opts);
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}

async function run(opts) {
  const startedAt = new Date();
  const dir = ensureData(opts.deals);
  const fileBytes = Object.fromEntries(TABLES.map((t) => [t.file, statSync(join(dir, t.file)).size]));
  const machine = machineInfo();
  console.log(`bench: ${opts.deals} deals, ${opts.reps} repetition(s)${opts.warmup ? ' + 1 warm-up' : ''}, ${opts.iters} re-analysis iterations; ` +
    `${machine.vcpus} vCPU ${machine.cpu}; node ${machine.node}; load ${machine.loadavg_at_start.join(' ')}`);

  // Startup (module compile + instantiate), once per side, for context only.
  const ours = await loadOurs();
  const peer = await loadPeer();
  console.log(`bench: KPI Lens module ready in ${ours.startupMs.toFixed(0)} ms; DuckDB-WASM ${peer.packageVersion} (DuckDB ${peer.version}, eh bundle, ${peer.threads} thread) in ${peer.startupMs.toFixed(0)} ms`);

  const results = {
    schema: 'kpi-lens/bench@1',
    date: startedAt.toISOString(),
    machine,
    git: gitInfo(),
    deals: opts.deals,
    repetitions: opts.reps,
    warmup: opts.warmup,
    reanalysis_iterations: opts.iters,
    input_bytes: fileBytes,
    peer: { name: 'DuckDB-WASM', package: `@duckdb/duckdb-wasm@${peer.packageVersion}`, duckdb: peer.version, bundle: 'eh (duckdb-node-blocking.cjs)', threads: Number(peer.threads) },
    startup_ms: { ours: round(ours.startupMs, 1), peer: round(peer.startupMs, 1) },
    workloads: {},
    memory: {},
    bundle: bundleSize(),
  };

  // --- ingest + report: deals only, then all four tables; ours, peer and native interleaved ---
  const ingestWorkloads = [
    { key: 'deals', label: 'ingest+report, deals.csv', tables: ['deals'] },
    { key: 'all', label: 'ingest+report, 4 tables', tables: TABLES.map((t) => t.name) },
  ];
  let lastOurs = null;
  for (const w of ingestWorkloads) {
    const paths = w.tables.map((t) => join(dir, TABLES.find((x) => x.name === t).file));
    const bytes = paths.reduce((s, p) => s + statSync(p).size, 0);
    const samples = { ours: [], peer: [], peer_skeleton: [], peer_load: [], native: [] };
    const sides = {
      ours: async () => {
        gc();
        const t0 = now();
        const r = await oursIngest(ours, paths);
        const ms = now() - t0;
        checkSummaries(r.summaries, paths);
        return { ms, report: r.report, keep: r };
      },
      peer: async () => {
        peerDrop(peer, w.tables);
        gc();
        const r = peerIngest(peer, w.tables, paths, BENCH_SETTINGS);
        return { ms: r.fullMs, report: r.full, also: { peer_skeleton: [r.skeletonMs, r.skeleton], peer_load: [r.loadMs, null] } };
      },
      native: async () => {
        const t0 = now();
        const text = nativeRun(paths);
        const ms = now() - t0;
        return { ms, report: JSON.parse(text) };
      },
    };
    const order = ['ours', 'peer', 'native'];
    const total = opts.reps + (opts.warmup ? 1 : 0);
    let peerFamilies = [];
    for (let rep = 0; rep < total; rep++) {
      const reports = {};
      const last = {};
      for (let k = 0; k < order.length; k++) {
        const side = order[(rep + k) % order.length]; // rotate which side goes first
        const r = await sides[side]();
        reports[side] = r.report;
        last[side] = r.ms;
        for (const [k, [ms, report]] of Object.entries(r.also ?? {})) {
          last[k] = ms;
          reports[k] = report;
          if (!opts.warmup || rep > 0) samples[k].push(ms);
        }
        if (side === 'peer') peerFamilies = r.report.workload.families;
        if (side === 'ours') {
          if (lastOurs) lastOurs.engine.dispose();
          lastOurs = r.keep;
        }
        if (!opts.warmup || rep > 0) samples[side].push(r.ms);
      }
      agree(`${w.label}, repetition ${rep}`, reports.ours, reports.peer);
      agree(`${w.label}, skeleton only, repetition ${rep}`, reports.ours, reports.peer_skeleton);
      agree(`${w.label}, native vs wasm, repetition ${rep}`, reports.ours, reports.native);
      process.stdout.write(`  ${w.label}: repetition ${rep + 1}/${total}${opts.warmup && rep === 0 ? ' (warm-up)' : ''}: ` +
        `ours ${last.ours.toFixed(0)} ms, peer ${last.peer.toFixed(0)} ms (skeleton only ${last.peer_skeleton.toFixed(0)}, ` +
        `of it loading ${last.peer_load.toFixed(0)}), native ${last.native.toFixed(0)} ms\n`);
    }
    const o = median(samples.ours), p = median(samples.peer), ps = median(samples.peer_skeleton), n = median(samples.native);
    results.workloads[w.key] = {
      label: w.label,
      input_bytes: bytes,
      ours: { ...stats(samples.ours), mb_per_s: round(bytes / MB / (o / 1000), 1) },
      peer: { ...stats(samples.peer), mb_per_s: round(bytes / MB / (p / 1000), 1) },
      peer_skeleton: { ...stats(samples.peer_skeleton), mb_per_s: round(bytes / MB / (ps / 1000), 1) },
      peer_load: stats(samples.peer_load),
      native: { ...stats(samples.native), mb_per_s: round(bytes / MB / (n / 1000), 1) },
      ours_over_peer: round(o / p, 3),
      peer_over_ours: round(p / o, 3),
      ours_over_peer_skeleton: round(o / ps, 3),
      peer_skeleton_over_ours: round(ps / o, 3),
      wasm_over_native: round(o / n, 3),
      answers_agree: true,
      // The families the peer's SQL answered and the comparison checked (the skeleton always).
      peer_families: ['skeleton', ...peerFamilies],
      ours_unavailable: lastOurs.report.unavailable.map((u) => u.metric),
    };
  }

  // --- re-analysis without re-parse, on the four tables loaded by the last repetition above ---
  {
    const samples = { ours: [], peer: [], peer_skeleton: [] };
    const engine = lastOurs.engine;
    const tables = TABLES.map((t) => t.name);
    const total = opts.iters + (opts.warmup ? 1 : 0);
    for (let i = 0; i < total; i++) {
      const settings = REANALYSIS[(i + (opts.warmup ? REANALYSIS.length - 1 : 0)) % REANALYSIS.length];
      const peerSettings = { ...BENCH_SETTINGS, ...settings };
      const reports = {};
      const run = {
        ours: () => { const t0 = now(); engine.setSettings(settings); reports.ours = engine.report(); return now() - t0; },
        peer: () => { const t0 = now(); reports.peer = peerAnalyse(peer, tables, peerSettings); return now() - t0; },
        peer_skeleton: () => { const t0 = now(); reports.peer_skeleton = peerSkeleton(peer, tables, peerSettings); return now() - t0; },
      };
      const order = ['ours', 'peer', 'peer_skeleton'];
      for (let k = 0; k < order.length; k++) {
        const side = order[(i + k) % order.length];
        gc();
        const ms = run[side]();
        if (!opts.warmup || i > 0) samples[side].push(ms);
      }
      agree(`re-analysis ${JSON.stringify(settings)}`, reports.ours, reports.peer);
      agree(`re-analysis ${JSON.stringify(settings)}, skeleton only`, reports.ours, reports.peer_skeleton);
    }
    const o = median(samples.ours), p = median(samples.peer), ps = median(samples.peer_skeleton);
    results.workloads.reanalysis = {
      label: 're-analysis (settings change + report), 4 tables loaded',
      ours: stats(samples.ours),
      peer: stats(samples.peer),
      peer_skeleton: stats(samples.peer_skeleton),
      ours_over_peer: round(o / p, 3),
      peer_over_ours: round(p / o, 3),
      ours_over_peer_skeleton: round(o / ps, 3),
      answers_agree: true,
    };
    console.log(`  re-analysis: ${samples.ours.length} iterations: ours median ${o.toFixed(2)} ms, peer median ${p.toFixed(2)} ms (skeleton only ${ps.toFixed(2)} ms)`);
  }
  lastOurs.engine.dispose();
  peerDrop(peer, TABLES.map((t) => t.name));

  // --- memory: each side alone in its own process, sequentially (--quick: the four tables only,
  // the same code path; each child instantiates DuckDB-WASM anew, 1-10 s on a busy machine) ---
  for (const w of opts.quick ? ingestWorkloads.filter((x) => x.key === 'all') : ingestWorkloads) {
    const paths = w.tables.map((t) => join(dir, TABLES.find((x) => x.name === t).file));
    const bytes = paths.reduce((s, p) => s + statSync(p).size, 0);
    const mo = runChild(opts, 'ours', w.key);
    const mp = runChild(opts, 'peer', w.key);
    const mn = nativeMemory(paths);
    if (mo.won !== mp.won) throw new Error(`memory run ${w.key}: won counts differ (${mo.won} vs ${mp.won})`);
    const side = (m) => ({
      peak_rss_mb: round(m.vmhwm_kb * 1024 / MB, 1),
      max_rss_mb: round(m.max_rss_kb * 1024 / MB, 1),
      rss_after_startup_mb: m.rss_after_startup_kb == null ? null : round(m.rss_after_startup_kb * 1024 / MB, 1),
      wasm_heap_mb: m.wasm_heap_bytes == null ? null : round(m.wasm_heap_bytes / MB, 1),
      peak_rss_over_input: round(m.vmhwm_kb * 1024 / bytes, 2),
      wasm_heap_over_input: m.wasm_heap_bytes == null ? null : round(m.wasm_heap_bytes / bytes, 2),
    });
    results.memory[w.key] = {
      label: w.label,
      input_mb: round(bytes / MB, 1),
      ours: side(mo),
      peer: side(mp),
      native: side(mn),
      ours_over_peer_peak_rss: round(mo.vmhwm_kb / mp.vmhwm_kb, 3),
      ours_over_peer_wasm_heap: round(mo.wasm_heap_bytes / mp.wasm_heap_bytes, 3),
    };
  }

  results.finished = new Date().toISOString();
  results.elapsed_s = round((Date.now() - startedAt.getTime()) / 1000, 1);
  mkdirSync(BENCH_DIR, { recursive: true });
  const outPath = join(BENCH_DIR, `results-${opts.deals}.json`);
  writeFileSync(outPath, `${JSON.stringify(results, null, 2)}\n`);
  printTable(results);
  console.log(`\nbench: answers agreed on every run (${checks} comparisons); results in ${outPath.slice(ROOT.length + 1)} (${results.elapsed_s} s)`);
  // A TAP-style summary for scripts/test's step counter: each comparison of two sides' answers.
  console.log(`# pass ${checks}\n# fail 0`);
}

function printTable(r) {
  const pad = (s, n) => String(s).padEnd(n);
  const lpad = (s, n) => String(s).padStart(n);
  const w = r.workloads;
  console.log(`\nKPI Lens vs DuckDB-WASM ${r.peer.package.split('@').pop()} — ${r.deals} deals, median of ${r.repetitions} (re-analysis: ${r.reanalysis_iterations}), ${r.machine.vcpus} vCPU, ${r.date.slice(0, 10)}`);
  console.log(`${pad('workload', 40)}${lpad('ours ms', 10)}${lpad('peer ms', 10)}${lpad('ours/peer', 11)}  ${pad('verdict', 17)}${lpad('ours MB/s', 10)}${lpad('peer MB/s', 10)}`);
  const line = (label, o, p, mbO = '', mbP = '') => console.log(
    `${pad(label, 40)}${lpad(o.toFixed(1), 10)}${lpad(p.toFixed(1), 10)}${lpad((o / p).toFixed(3), 11)}  ${pad(fmtRatio(o, p), 17)}${lpad(mbO, 10)}${lpad(mbP, 10)}`);
  for (const k of ['deals', 'all']) {
    const x = w[k];
    line(`${x.label}, workload`, x.ours.median_ms, x.peer.median_ms, x.ours.mb_per_s, x.peer.mb_per_s);
    line(`${x.label}, skeleton`, x.ours.median_ms, x.peer_skeleton.median_ms, x.ours.mb_per_s, x.peer_skeleton.mb_per_s);
  }
  const ra = w.reanalysis;
  line('re-analysis, no re-parse, workload', ra.ours.median_ms, ra.peer.median_ms);
  line('re-analysis, no re-parse, skeleton', ra.ours.median_ms, ra.peer_skeleton.median_ms);
  console.log(`(workload: the peer's SQL answers the board's questions (${w.all.peer_families.join(', ')}), checked equal to ours;` +
    ` skeleton: the peer computes won/lost/revenue only, ours the same whole report)`);
  console.log(`\nwasm tax (our core, wasm in Node vs native kpi_report_native, same runs)`);
  console.log(`${pad('workload', 34)}${lpad('wasm ms', 10)}${lpad('native ms', 10)}${lpad('wasm/native', 12)}${lpad('native MB/s', 12)}`);
  for (const k of ['deals', 'all']) {
    const x = w[k];
    console.log(`${pad(x.label, 34)}${lpad(x.ours.median_ms.toFixed(1), 10)}${lpad(x.native.median_ms.toFixed(1), 10)}${lpad(x.wasm_over_native.toFixed(2), 12)}${lpad(x.native.mb_per_s, 12)}`);
  }
  console.log(`\nmemory (each side alone in its own process; peak RSS = VmHWM)`);
  console.log(`${pad('workload', 26)}${lpad('input MB', 9)}${lpad('ours RSS', 10)}${lpad('peer RSS', 10)}${lpad('native', 8)}${lpad('ours heap', 11)}${lpad('peer heap', 11)}${lpad('RSS o/p', 9)}${lpad('heap/input o', 14)}${lpad('p', 6)}`);
  for (const k of ['deals', 'all'].filter((x) => r.memory[x])) {
    const m = r.memory[k];
    console.log(`${pad(m.label, 26)}${lpad(m.input_mb, 9)}${lpad(m.ours.peak_rss_mb, 10)}${lpad(m.peer.peak_rss_mb, 10)}${lpad(m.native.peak_rss_mb, 8)}${lpad(m.ours.wasm_heap_mb, 11)}${lpad(m.peer.wasm_heap_mb, 11)}${lpad(m.ours_over_peer_peak_rss.toFixed(2), 9)}${lpad(m.ours.wasm_heap_over_input, 14)}${lpad(m.peer.wasm_heap_over_input, 6)}`);
  }
  const b = r.bundle;
  console.log(`\nwasm bundle, gzipped (level 9): kpi.wasm ${(b.kpi_wasm_gzip_bytes / 1024).toFixed(1)} KiB; the module graph ` +
    `(${b.files.join(', ')}) ${(b.graph_gzip_bytes / 1024).toFixed(1)} KiB (${(b.graph_bytes / 1024).toFixed(1)} KiB raw)`);
  console.log(`(MB = 10^6 bytes; RSS after startup, before any data: ours ${r.memory.all.ours.rss_after_startup_mb} MB, peer ${r.memory.all.peer.rss_after_startup_mb} MB; startup: ours ${r.startup_ms.ours} ms, peer ${r.startup_ms.peer} ms)`);
}

const opts = parseArgs(process.argv.slice(2));
(opts.child ? child(opts) : main(opts)).catch((e) => {
  console.error(`bench: FAILED: ${process.env.KPI_BENCH_DEBUG ? e.stack : e.message ?? e}`);
  process.exit(1);
});
