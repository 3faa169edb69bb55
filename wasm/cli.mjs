// The command line of spec/report.md, run by scripts/kpi-lens: the same
// WebAssembly module the page runs, in Node. Files are streamed into the
// engine in 1 MiB chunks.
//   kpi-lens analyze [--format table|json|html] [--lang ru|en] [--as-of T] [--from D --to D]
//                    [--tz ZONE] [--calendar none|default|ru|FILE] [--config FILE] [--mapping FILE] FILE|FOLDER...
//   kpi-lens inspect [--rows N] FILE...   the columns, guesses and first rows of each file (JSON)
//   kpi-lens fetch amocrm|bitrix24 --out DIR ...   a client's data through the CRM API (wasm/fetch.mjs)
// A folder stands for the files in it (not its subfolders or hidden files),
// in name order: a folder of API pages is one argument.
// Exit status: 0 report written; 2 bad usage; 3 an input could not be read at all.

import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { checkPreset, createEngine, matchPreset } from './kpi-engine.mjs';
import { designFindings, renderHtml } from './report-html.mjs';
import { oneOnOneHtml } from './one-on-one.mjs';
import { checkMessage, issueMessage, message } from './messages.mjs';
import { archiveTables } from './unzip.mjs';

const USAGE = `usage: kpi-lens analyze [options] FILE|FOLDER...
  FOLDER                the files in it, in name order (e.g. saved API pages)
  --format table|json|html   table (default), the kpi-lens/report@1 JSON,
                        or a self-contained HTML report
  --lang ru|en          language of the HTML report (default ru)
  --manager NAME        with --format html: that manager's 1:1 sheet instead of the audit report
  --period PRESET       this_week, last_week, this_month, last_month, this_quarter, last_quarter,
                        last_3_months, whole, custom (--from/--to, else the whole data range) or auto,
                        relative to the as-of moment (default auto: --from/--to when given, else the
                        last complete month against the one before, or week for a short export)
  --as-of T             the "now" instant (ISO 8601); default: latest event in the data
  --from D --to D       the period [from, to); either one alone runs to the data's edge
  --tz ZONE             zone of wall-clock times in the files (default Europe/Moscow)
  --calendar none|default|ru|FILE   working calendar (default: Mon-Fri 09:00-18:00; ru: the Russian production calendar)
  --config FILE         norms, lead classes, stage control periods, plans (JSON)
  --mapping FILE        column mapping (JSON): a preset {name, signature, mapping} or a
                        list of presets, applied to files whose header matches; or a bare
                        mapping {kind, columns, date_format?, decimal?} for every file
       kpi-lens inspect [--rows N] FILE...
  prints each file's columns, guessed fields and first N rows (default 10, at most 20) as JSON
       kpi-lens fetch amocrm|bitrix24 --out DIR ...
  saves a client's data through the CRM API as page files for analyze (kpi-lens fetch --help)`;

class UsageError extends Error {}

// Folders become the files directly in them, sorted by name; anything that
// cannot be listed stays as given (and fails to open with its own message).
// A `kpi-lens fetch` folder's manifest (.kpi-fetch/state.json) comes first:
// the core takes the CRM account's address for the deal links from it.
function expandFolders(paths) {
  const out = [];
  for (const path of paths) {
    let entries = null;
    try {
      if (statSync(path).isDirectory()) entries = readdirSync(path, { withFileTypes: true });
    } catch { /* reported when opened */ }
    if (entries === null) {
      out.push(path);
      continue;
    }
    const names = entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name);
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const manifest = join(path, '.kpi-fetch', 'state.json');
    if (existsSync(manifest)) out.push(manifest);
    for (const name of names) out.push(join(path, name));
  }
  return out;
}

function parseArgs(argv) {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h') { console.log(USAGE); process.exit(0); }
  if (command !== 'analyze' && command !== 'inspect') {
    throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  }
  const opts = { command, format: 'table', lang: 'ru', files: [], settings: {}, mappings: [], rows: 10 };
  const valueOf = (i, flag) => {
    if (i >= rest.length || rest[i].startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return rest[i];
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    switch (arg) {
      case '--format': opts.format = valueOf(++i, arg); break;
      case '--lang': opts.lang = valueOf(++i, arg); break;
      case '--manager': opts.manager = valueOf(++i, arg); break;
      case '--period': opts.settings.period_preset = valueOf(++i, arg); break;
      case '--as-of': opts.settings.as_of = valueOf(++i, arg); break;
      case '--from': opts.settings.from = valueOf(++i, arg); break;
      case '--to': opts.settings.to = valueOf(++i, arg); break;
      case '--tz': opts.settings.tz = valueOf(++i, arg); break;
      case '--calendar': opts.calendar = valueOf(++i, arg); break;
      case '--config': opts.config = valueOf(++i, arg); break;
      case '--mapping': opts.mappings.push(valueOf(++i, arg)); break;
      case '--rows': opts.rows = Number(valueOf(++i, arg)); break;
      case '--help': case '-h': console.log(USAGE); process.exit(0);
      default:
        if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
        opts.files.push(arg);
    }
  }
  if (!['table', 'json', 'html'].includes(opts.format)) {
    throw new UsageError(`--format ${opts.format}: this version writes table, json or html`);
  }
  if (!['ru', 'en'].includes(opts.lang)) throw new UsageError(`--lang ${opts.lang}: ru or en`);
  if (opts.manager !== undefined && opts.format !== 'html') throw new UsageError('--manager: only with --format html (the 1:1 sheet)');
  if (!Number.isInteger(opts.rows) || opts.rows < 0 || opts.rows > 20) throw new UsageError('--rows: a whole number from 0 to 20');
  if (opts.files.length === 0) throw new UsageError('no input files');
  return opts;
}

/**
 * --mapping files: presets (matched by header signature) and at most one bare mapping
 * (for every file no preset matches). The core checks the mappings themselves.
 */
function readMappings(paths) {
  const presets = [];
  let fallback = null;
  for (const path of paths) {
    const doc = readJsonFile(path, '--mapping');
    const items = Array.isArray(doc) ? doc : [doc];
    items.forEach((item, i) => {
      const where = `--mapping ${path}${Array.isArray(doc) ? `[${i}]` : ''}`;
      if (item && typeof item === 'object' && 'signature' in item) {
        try { presets.push(checkPreset(item, where)); } catch (e) { throw new UsageError(e.message); }
      } else if (item && typeof item === 'object' && 'kind' in item) {
        if (fallback) throw new UsageError(`${where}: a second mapping without a signature (which file is it for?)`);
        fallback = item;
      } else {
        throw new UsageError(`${where}: neither a preset {name, signature, mapping} nor a mapping {kind, columns}`);
      }
    });
  }
  return { presets, fallback };
}

const openFile = (path) => createReadStream(path, { highWaterMark: 1 << 20 });

function readJsonFile(path, what) {
  let text;
  try { text = readFileSync(path, 'utf8'); } catch (e) { throw new UsageError(`${what} ${path}: ${e.code ?? e.message}`); }
  try { return JSON.parse(text); } catch (e) { throw new UsageError(`${what} ${path}: not valid JSON (${e.message})`); }
}

function buildSettings(opts) {
  const settings = opts.config ? readJsonFile(opts.config, '--config') : {};
  if (opts.calendar !== undefined) {
    settings.calendar = ['none', 'default', 'ru'].includes(opts.calendar)
      ? opts.calendar : readJsonFile(opts.calendar, '--calendar');
  }
  // Command-line values win over the config file; zone first so dates read in it.
  return { ...settings, ...opts.settings };
}

// The place of an error in the table, whose text (the strings table's) never names it.
function place(error) {
  if (error.line) return ` (line ${error.line})`;
  return error.byte ? ` (byte ${error.byte})` : '';
}

// The place of an error on stderr, unless the core's message (a log line) already names its line.
const where = (error) => (error.line && /\bline\b/.test(error.message) ? '' : place(error));

// ---- table output -------------------------------------------------------

// Terminal columns of a string: combining marks take none, East Asian wide two.
function displayWidth(s) {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0);
    if ((cp >= 0x300 && cp <= 0x36f) || cp === 0x200b) continue;
    w += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0x1f300 && cp <= 0x1faff) ? 2 : 1;
  }
  return w;
}
const pad = (s, w, right) => {
  const fill = ' '.repeat(Math.max(0, w - displayWidth(s)));
  return right ? fill + s : s + fill;
};

/** Rows of text cells under a head as aligned lines: the head, a rule, the rows (`right[i]`: column i to the right). */
function aligned(head, rows, right) {
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]))));
  const line = (vals) => vals.map((v, i) => pad(v, widths[i], right[i])).join('  ').trimEnd();
  return [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}

const NUM = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const fmtCount = (v) => (v === null ? '—' : String(v));
const fmtPct = (v) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
const fmtMoney = (v) => (v === null ? '—' : NUM.format(v).replace(/,/g, ' '));
const fmtMinutes = (v) => (v === null ? '—' : v < 60 ? `${v.toFixed(0)} min` : v < 1440 ? `${(v / 60).toFixed(1)} h` : `${(v / 1440).toFixed(1)} d`);
const fmtNumber = (v) => (v === null ? '—' : v.toFixed(1));
const fmtDelta = (v, pct) => (v === null ? '—' : `${v > 0 ? '+' : ''}${pct ? `${(v * 100).toFixed(1)} pp` : v.toFixed(1)}`);

// The marks of the report's statuses (core/kpi/judge.cpp decides them).
const MARK = { ok: '', warn: ' !', bad: ' ✗' };
const mark = (row, key) => MARK[row.status?.[key]] ?? '';

function matrixColumns() {
  const marked = (key, fmt) => (r) => {
    const v = r.metrics[key];
    return fmt(v) + (v === null ? '' : mark(r, key));
  };
  return [
    { title: 'Manager', get: (r) => r.name },
    { title: 'FRT med', key: 'frt_median_min', get: marked('frt_median_min', fmtMinutes), right: true },
    { title: 'SLA', key: 'sla_share', get: marked('sla_share', fmtPct), right: true },
    { title: 'Next step', key: 'next_step_share', get: marked('next_step_share', fmtPct), right: true },
    { title: 'Overdue', key: 'overdue_share', get: marked('overdue_share', fmtPct), right: true },
    { title: 'Touches', key: 'touches_per_won_mean', get: marked('touches_per_won_mean', fmtNumber), right: true },
    { title: 'Stalled', key: 'stalled_share', get: marked('stalled_share', fmtPct), right: true },
    { title: 'Won', get: (r) => fmtCount(r.metrics.won_count), right: true },
    { title: 'Lost', get: (r) => fmtCount(r.metrics.lost_count), right: true },
    { title: 'Win rate', key: 'win_rate', get: marked('win_rate', fmtPct), right: true },
    { title: 'Revenue', get: (r) => fmtMoney(r.metrics.revenue), right: true },
    { title: 'Plan pace', key: 'plan_pace', get: marked('plan_pace', fmtPct), right: true },
    { title: 'Forecast', key: 'plan_forecast', get: marked('plan_forecast', fmtMoney), right: true },
  ];
}

const TILE_TITLES = {
  frt: 'First response, median', sla: 'SLA share', next_step: 'Next-step coverage', overdue: 'Overdue tasks',
  stalled: 'Stalled deals', win_rate_by_source: 'Win rate (by source)',
};

function renderBoard(report) {
  const rows = report.board.map((t) => {
    const minutes = t.metric === 'frt_median_min';
    const value = minutes ? fmtMinutes(t.value) : fmtPct(t.value);
    const review = t.deal_ids.length ? t.deal_ids.slice(0, 5).join(', ') + (t.deal_ids.length > 5 ? ` (+${t.deal_ids.length - 5})` : '') : '';
    return [TILE_TITLES[t.id] ?? t.id, value, t.norm, t.status ?? '—', fmtDelta(t.delta_prev, !minutes),
      t.worst.join(', '), review];
  });
  const head = ['Tile', 'Value', 'Norm', 'Status', 'Δ prev', 'Worst', 'Review today'];
  return aligned(head, rows, [false, true, false, false, true, false, false]);
}

// Issue 10: what a head of sales acts on first, compact: today's list (the
// first rows, with their links and reasons in words), the managers by the
// board's deviations, the open pipeline's money and weighted forecast, new
// deals and activity in the period. Every figure and order is the report's.
const TODAY_ROWS_SHOWN = 5;
const ACTIVITY_WORDS = [['calls_out', 'calls out'], ['calls_in', 'calls in'], ['talk_min', 'talk min'],
  ['meetings', 'meetings'], ['emails_out', 'e-mails'], ['messages_out', 'messages']];

function reasonText(reason) {
  const p = { ...(reason.params ?? {}) };
  const unit = p.unit;
  const inUnit = (v) => (unit === 'min' ? fmtMinutes(v) : unit === 'days' || unit === 'working_days'
    ? `${fmtNumber(v).replace(/\.0$/, '')} ${unit === 'days' ? 'days' : 'working days'}` : unit === 'amount' ? fmtMoney(v) : String(v));
  if (typeof p.value === 'number') p.value = inUnit(p.value);
  if (typeof p.norm === 'number') p.norm = inUnit(p.norm);
  return message(reason.code, p, 'en');
}

function renderFirstHour(report) {
  const out = [];
  const t = report.today;
  if (t) {
    const rows = t.rows ?? [];
    out.push('', `To act on today: ${rows.length + (t.more ?? 0)} open deals that can still be saved (left out: ${t.stale ?? 0} idle over ${t.stale_days} working days, ${t.closed ?? 0} closed)`);
    const shown = rows.slice(0, TODAY_ROWS_SHOWN).map((r) => [r.url ?? r.deal_id, r.manager ?? '—', fmtMoney(r.amount ?? null),
      (r.reasons ?? []).map(reasonText).join('; ')]);
    if (shown.length) {
      const [head, , ...lines] = aligned(['Deal', 'Manager', 'Amount', 'Why'], shown, [false, false, true, false]); // no rule here
      out.push(...[head, ...lines].map((l) => `  ${l}`));
      if (rows.length > shown.length) out.push(`  … ${rows.length - shown.length} more in --format html or json`);
    }
  }
  const ranking = report.ranking ?? [];
  if (ranking.length) {
    out.push('', 'Managers by deviations (most board metrics off norm first):');
    out.push(`  ${ranking.map((m, i) => `${i + 1}. ${m.manager} (${m.bad || m.warn ? [m.bad ? `${m.bad} ✗` : '', m.warn ? `${m.warn} !` : ''].filter(Boolean).join(', ') : 'all ok'})`).join('  ')}`);
  }
  const p = report.open_pipeline;
  if (p) {
    const team = (p.managers ?? [])[0] ?? {};
    const unweighted = team.unweighted_amount > 0 ? ` (${fmtMoney(team.unweighted_amount)} in stages without history)` : '';
    out.push('', `Open pipeline: ${fmtMoney(team.amount ?? null)} in ${team.open_count ?? 0} open deals; weighted forecast ${fmtMoney(team.weighted ?? null)}${unweighted}`);
  }
  const n = report.new_deals;
  if (n) {
    const [team, ...managers] = n.managers ?? [];
    out.push(`New deals in the period: ${team?.count ?? 0} (${fmtMoney(team?.amount ?? null)})${managers.length ? `; ${managers.map((m) => `${m.manager} ${m.count}`).join(', ')}` : ''}`);
  }
  const a = report.activity;
  if (a?.length) {
    const team = a[0].period ?? {};
    out.push(`Activity in the period (team): ${ACTIVITY_WORDS.map(([k, w]) => `${Math.round(team[k] ?? 0)} ${w}`).join(', ')}`);
  }
  return out;
}

function renderTable(report) {
  const columns = matrixColumns();
  const rows = [...report.managers, { ...report.team, name: 'Team' }];
  const lines = aligned(columns.map((c) => c.title), rows.map((r) => columns.map((c) => c.get(r))), columns.map((c) => c.right));
  const out = [];
  out.push(`KPI Lens — as of ${report.as_of ?? '—'}; period ${report.period.from ?? '—'} … ${report.period.to ?? '—'} (end excluded)`);
  out.push('');
  out.push(...lines.slice(0, -1), lines[1], lines.at(-1)); // the team under a rule of its own
  out.push('✗ misses the norm, ! within 10 % of it');
  if (report.board.length) out.push('', 'Deviation board:', ...renderBoard(report).map((l) => `  ${l}`));
  if (report.state?.code === 'OK') out.push(...renderFirstHour(report));
  out.push('');
  out.push('Inputs:');
  for (const f of report.inputs) {
    out.push(f.ok
      ? `  ${f.file}: ${f.kind} (${f.format}, ${f.encoding}), ${f.rows} rows, ${f.skipped} skipped`
      : `  ${f.file}: NOT READ — ${issueMessage(f.error, 'en')}${place(f.error)}`);
  }
  const quality = report.data_quality.filter((q) => q.count > 0);
  if (quality.length) {
    out.push('', 'Data quality:');
    for (const q of quality) out.push(`  ${checkMessage(q.check, 'en')}: ${q.count}${q.examples.length ? ` (e.g. ${q.examples.join(', ')})` : ''}`);
  }
  const design = designFindings(report, 'en');  // branch design: the KPI design check, as the core decided it
  if (design.length) {
    out.push('', `${message('DESIGN_CHECK_TITLE', {}, 'en')}:`);
    for (const d of design) out.push(`  ${d.code}: ${d.text}`);
  }
  if (report.unavailable.length) {
    out.push('', 'Not available:');
    for (const u of report.unavailable) out.push(`  ${u.metric}: ${message(u.code, u.params, 'en')}`);
  }
  return out.join('\n');
}

// ---- main ---------------------------------------------------------------

async function main(argv) {
  if (argv[0] === 'fetch') return (await import('./fetch.mjs')).fetchCommand(argv.slice(1));
  let opts;
  try {
    opts = parseArgs(argv);
    opts.settingsDoc = buildSettings(opts);
    opts.mapping = readMappings(opts.mappings);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`kpi-lens: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  const wasmBinary = readFileSync(new URL('./kpi.wasm', import.meta.url));
  const engine = await createEngine({ wasmBinary });
  try {
    engine.setSettings(opts.settingsDoc);
  } catch (e) {
    // Every bad field of the document, each named by its JSON pointer.
    const messages = e.errors?.length ? e.errors.map((x) => x.message) : [e.message];
    for (const message of messages) process.stderr.write(`kpi-lens: settings: ${message}\n`);
    return 2;
  }
  if (opts.command === 'inspect') return inspectFiles(engine, opts);
  let unreadable = 0;
  for (const path of expandFolders(opts.files)) {
    let size;
    try {
      size = statSync(path).size;
    } catch (e) {
      process.stderr.write(`kpi-lens: ${path}: cannot open (${e.code ?? e.message})\n`);
      unreadable++;
      continue;
    }
    let mapping = opts.mapping.fallback;
    if (opts.mapping.presets.length) {
      // Only the header and a few rows are read to match the presets.
      const { inspection } = await engine.inspect(basename(path), openFile(path), { previewRows: 0 });
      const preset = matchPreset(opts.mapping.presets, inspection?.signature);
      if (preset) {
        mapping = preset.mapping;
        process.stderr.write(`kpi-lens: ${basename(path)}: columns mapped with preset "${preset.name}"\n`);
      }
    }
    // A zip of tables (not a workbook) is read table by table, each named "archive.zip/inner.csv".
    const tables = /\.zip$/i.test(path) ? await archiveTables(basename(path), readFileSync(path)).catch(() => null) : null;
    const sources = tables?.length ? tables.map((t) => ({ name: t.name, source: t.bytes, total: t.bytes.length }))
      : [{ name: basename(path), source: openFile(path), total: size }];
    for (const { name, source, total } of sources) {
      const summary = await engine.addFile(name, source, { total, mapping });
      if (!summary.ok) {
        process.stderr.write(`kpi-lens: ${summary.error.message}${where(summary.error)}\n`);
        unreadable++;
      }
    }
  }
  let text;
  if (opts.format === 'json') text = engine.reportJson() + '\n';
  else if (opts.format === 'html' && opts.manager !== undefined) {
    try {
      text = oneOnOneHtml(engine.report(), opts.manager, { lang: opts.lang });
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      process.stderr.write(`kpi-lens: --manager: ${e.message}\n`);
      return 2;
    }
  } else if (opts.format === 'html') text = renderHtml(engine.report(), { lang: opts.lang, generatedAt: new Date(), timeZone: engine.settings().tz });
  else text = renderTable(engine.report()) + '\n';
  process.stdout.write(text);
  return unreadable ? 3 : 0;
}

async function inspectFiles(engine, opts) {
  const out = [];
  let unreadable = 0;
  for (const path of opts.files) {
    try {
      statSync(path);
    } catch (e) {
      process.stderr.write(`kpi-lens: ${path}: cannot open (${e.code ?? e.message})\n`);
      unreadable++;
      continue;
    }
    const summary = await engine.inspect(basename(path), openFile(path), { previewRows: opts.rows });
    // A file the core cannot describe at all (binary, a malformed dump): its error on stderr.
    if (!summary.inspection) {
      unreadable++;
      if (!summary.ok) process.stderr.write(`kpi-lens: ${summary.error.message}\n`);
    }
    out.push(summary);
  }
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  return unreadable ? 3 : 0;
}

process.exitCode = await main(process.argv.slice(2));
