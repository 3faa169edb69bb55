// The report's HTML face (spec/report.md, `--format html`): one self-contained
// audit page — inline CSS, no scripts, nothing external, a CSP that forbids
// loading anything — for the screen and for print (A4 landscape). Strings from
// the report are CRM data: markup is built only with the `html` tag below, which
// escapes every value unless it is markup the tag made itself.

import { checkMessage, fill, hasMessage, issueMessage, message, MESSAGES, sheetStrings } from './messages.mjs';
// The printable documents' stylesheets, {report, one-on-one, standup}: wasm/styles/*.css, made into one
// JSON module by the build (wasm/CMakeLists.txt), as JSON modules load alike in Node, the page and the
// single-file build.
import STYLES from './styles.json' with { type: 'json' };

/** The Intl locale of each report language (the 1:1 sheet and the stand-up list use it too). */
export const LOCALES = { ru: 'ru-RU', en: 'en-US' };

/** inputs[].kind in words (a table the strings table does not name reads "reference list"). */
function tableKind(kind, lang) {
  if (!kind) return '—';
  const code = `TABLE_${String(kind).toUpperCase()}`;
  return message(hasMessage(code) ? code : 'TABLE_REFERENCE', {}, lang);
}

/** An encoding as people write it: UTF-8, UTF-16LE, Windows-1251. */
function encodingName(encoding) {
  if (!encoding) return '—';
  return String(encoding).replace(/^utf-?(\d+)(le|be)?$/i, (m, n, e) => `UTF-${n}${(e ?? '').toUpperCase()}`)
    .replace(/^windows/i, 'Windows');
}

/** inputs[].format ("amocrm-xlsx") in words: whose export, and the container. */
function formatName(format, lang) {
  if (!format) return '—';
  const [crm, container = ''] = String(format).split('-');
  const code = `FORMAT_${crm.toUpperCase()}`;
  return hasMessage(code) ? message(code, { container: container.toUpperCase() }, lang) : container.toUpperCase() || '—';
}

// One line per metric, after docs/kpi.md (the strings table's `report.def.*`), with the norm in
// force from the report's catalogue where the metric has one: never a copy of a default.
const DEFINITION_NORMS = {
  sla: 'sla_share', next_step: 'next_step_share', overdue: 'overdue_share', touches: 'touches_per_won_mean', stalled: 'stalled_share',
};

// ---- markup -------------------------------------------------------------

class Markup {
  constructor(text) { this.text = text; }
  toString() { return this.text; }
}

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for element content and quoted attribute values. */
/**
 * The head every printable document shares (this report, the 1:1 sheet, the stand-up list):
 * self-contained, nothing fetched (the CSP), inline style only: the stylesheet wasm/styles/<sheet>.css.
 * Returns HTML up to </head>.
 */
export function documentHead(language, title, sheet) {
  return `<!DOCTYPE html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="KPI Lens">
<title>${escapeHtml(title)}</title>
<style>
${STYLES[sheet]}</style>
</head>
`;
}

export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function markup(value) {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(markup).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}

/** Tagged template: interpolated values are escaped unless they are markup made here. */
function html(strings, ...values) {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += markup(values[i]) + strings[i + 1];
  return new Markup(out);
}

// ---- formats ------------------------------------------------------------

export const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

/** Amounts below this show their minor units when they have any (docs/web.md "Money"). */
export const MINOR_UNITS_BELOW = 100_000;

/**
 * Money as the reader writes it, with the report's currency (`report.currency`;
 * none when it is null): below 100 000 with its kopecks when it has any
 * (1 000,50 ₽, never 1 001 ₽; 19 999,99 ₽, never 20 000 ₽), whole otherwise;
 * from 100 000 up whole units, cut toward zero (19 999 999,99 reads
 * 19 999 999 ₽): a figure is never rounded up past a threshold. `compact`:
 * "34,2 млн ₽" for dense cells, also cut toward zero.
 */
export function moneyFormatter(locale, currency, { compact = false } = {}) {
  const style = currency ? { style: 'currency', currency, currencyDisplay: 'narrowSymbol' } : {};
  let whole, exact, short;
  try {
    whole = new Intl.NumberFormat(locale, { ...style, maximumFractionDigits: 0, roundingMode: 'trunc' });
    exact = new Intl.NumberFormat(locale, { ...style, minimumFractionDigits: 2, maximumFractionDigits: 2 });
    short = new Intl.NumberFormat(locale, { ...style, notation: 'compact', maximumFractionDigits: 1, roundingMode: 'trunc' });
  } catch {
    return moneyFormatter(locale, null, { compact });  // a code Intl does not know
  }
  return (v) => {
    const cents = Math.round(v * 100) / 100;
    if (Math.abs(cents) < MINOR_UNITS_BELOW) return Number.isInteger(cents) ? whole.format(cents) : exact.format(cents);
    return compact ? short.format(cents) : whole.format(cents);
  };
}

/** Instants in the reader's zone and words: "31 марта 2026 г. в 23:59", "1–31 марта 2026 г.". */
function datesFor(locale, timeZone) {
  let zone = timeZone;
  try {
    new Intl.DateTimeFormat(locale, { timeZone: zone });
  } catch {
    zone = 'UTC';
  }
  const dateTime = new Intl.DateTimeFormat(locale, { timeZone: zone, dateStyle: 'long', timeStyle: 'short' });
  const date = new Intl.DateTimeFormat(locale, { timeZone: zone, dateStyle: 'long' });
  const clock = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const parse = (v) => {
    if (v === null || v === undefined || v === '') return null;
    const d = v instanceof Date ? v : new Date(v);
    return Number.isNaN(d.getTime()) ? null : d;
  };
  const midnight = (d) => clock.format(d) === '00:00:00';
  const zoneName = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'longGeneric' })
    .formatToParts(new Date(0)).find((p) => p.type === 'timeZoneName')?.value ?? zone;
  return {
    zone: zoneName,
    instant: (v) => { const d = parse(v); return d ? dateTime.format(d) : null; },
    /** [from, to): whole local days as a date range (the last day inclusive), else instants. */
    range: (from, to, asOf) => {
      const a = parse(from), b = parse(to);
      if (!a || !b) return null;
      if (midnight(a) && midnight(b)) return date.formatRange(a, new Date(b.getTime() - 1));
      // The default period ends one second after "now" (an exclusive bound): shown as up to now.
      const now = parse(asOf);
      if (now && b.getTime() - now.getTime() === 1000) return `${dateTime.format(a)} — ${dateTime.format(now)}`;
      return `${dateTime.format(a)} — ${dateTime.format(b)}`;
    },
  };
}

/**
 * The report's period and "now" in words, in `timeZone` and the language's
 * conventions ({period: "1–31 марта 2026 г.", asOf: "31 марта 2026 г. в 23:59"};
 * null where the report has none), for the other exports' title lines.
 */
export function periodWords(report, { lang = 'ru', timeZone = 'UTC' } = {}) {
  const d = datesFor(LOCALES[lang === 'en' ? 'en' : 'ru'], timeZone);
  return { period: d.range(report?.period?.from, report?.period?.to, report?.as_of), asOf: d.instant(report?.as_of) };
}

function formatsFor(lang, currency) {
  const locale = LOCALES[lang];
  const nf = (o) => new Intl.NumberFormat(locale, o);
  const int = nf({ maximumFractionDigits: 0 });
  const one = nf({ minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const pct = nf({ style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const pctNorm = nf({ style: 'percent', maximumFractionDigits: 1 });
  const signedOne = nf({ minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const signedInt = nf({ maximumFractionDigits: 0, signDisplay: 'exceptZero' });
  const word = (unit, n) => fill(MESSAGES[lang][`unit.${unit}`], { n }); // "12 мин", n formatted here
  return {
    count: (v) => (isNum(v) ? int.format(v) : null),
    number: (v) => (isNum(v) ? one.format(v) : null),
    share: (v) => (isNum(v) ? pct.format(v) : null),
    shareNorm: (v) => (isNum(v) ? pctNorm.format(v) : null),
    money: ((m) => (v) => (isNum(v) ? m(v) : null))(moneyFormatter(locale, currency)),
    // Under an hour in whole minutes, else hours with one decimal: one rule everywhere.
    minutes: (v) => (!isNum(v) ? null : Math.abs(v) < 60 ? word('min', int.format(v)) : word('h', one.format(v / 60))),
    deltaMinutes: (v) => (!isNum(v) ? null : Math.abs(v) < 60 ? word('min', signedInt.format(v)) : word('h', signedOne.format(v / 60))),
    deltaShare: (v) => (isNum(v) ? word('pp', signedOne.format(v * 100)) : null),
  };
}

// ---- norms and statuses -------------------------------------------------

/**
 * A norm in words from the report ({kind, value, low, high, source} of
 * report.catalogue or a board tile): "≤ 10 min", "≥ 85 %", "8–12", or the
 * reference it is held to (the team, the plan, the previous period). The
 * report judges; this only prints.
 */
function normWords(norm, unit, ctx) {
  const { s, f } = ctx;
  if (!norm || !norm.kind) return null;
  if (norm.source === 'previous_period') return s.normPrev;
  if (norm.source === 'team') return s.normTeam;
  if (norm.source === 'plan' && unit === 'money') return s.normPlan;
  const fmt = unit === 'minutes' ? f.minutes : unit === 'share' ? f.shareNorm : f.count;
  if (norm.kind === 'range') return isNum(norm.low) && isNum(norm.high) ? `${fmt(norm.low)}–${fmt(norm.high)}` : null;
  if (!isNum(norm.value)) return null;
  const text = `${norm.kind === 'at_most' ? '≤' : '≥'} ${fmt(norm.value)}`;
  return norm.source === 'lead_class' ? fill(s.normLeadClass, { n: text }) : text;
}

/**
 * The norm in force for `key` on a report row: the row's own (row.norms,
 * row.norm_sources) over the catalogue's; null when the metric has none.
 * Shared with the page (web/components/metrics.mjs).
 */
export function normInForce(report, row, key) {
  const norm = report.catalogue?.[key]?.norm;
  if (!norm) return null;
  const own = row?.norms?.[key];
  const source = row?.norm_sources?.[key] ?? norm.source;
  if (own === undefined) return { ...norm, source };
  return Array.isArray(own) ? { ...norm, source, low: own[0], high: own[1] } : { ...norm, source, value: own };
}

/** The catalogue's norm and unit of a METRICS key. */
function catalogueOf(report, key) {
  const entry = report.catalogue?.[key];
  return { norm: entry?.norm ?? null, unit: entry?.unit ?? null };
}

// ---- page parts ---------------------------------------------------------

/**
 * A table cell: right-aligned number, "—" with a "no data" title when null.
 * `status` is the report's (ok | warn | bad), never decided here; `found`
 * marks a count of problems the data-quality checks or a reader found
 * (shown in bold, not as a verdict).
 */
function numCell(ctx, text, { status = null, hint = null, metric = null, found = false } = {}) {
  const data = metric ? html` data-metric="${metric}"` : '';
  if (text === null) return html`<td class="num nil" title="${ctx.s.noData}"${data}>—</td>`;
  const cls = (status === 'warn' || status === 'bad' ? ` ${status}` : '') + (found ? ' found' : '');
  const judged = status ? html` data-status="${status}"` : '';
  return html`<td class="num${cls}"${hint ? html` title="${hint}"` : ''}${judged}${data}>${text}</td>`;
}

function section(id, heading, body, { pageBreak = true } = {}) {
  return html`<section class="sec${pageBreak ? ' page' : ''}" id="${id}">
<h2>${heading}</h2>
${body}
</section>
`;
}

function header(report, ctx, { title, generatedAt }) {
  const { s, f, d } = ctx;
  const asOf = d.instant(report.as_of);
  const fromMs = Date.parse(report.period?.from ?? '');
  const toMs = Date.parse(report.period?.to ?? '');
  const days = Number.isFinite(fromMs) && Number.isFinite(toMs) ? Math.round((toMs - fromMs) / 86_400_000) : null;
  const range = d.range(report.period?.from, report.period?.to, report.as_of);
  const period = range
    ? html`${range}${days !== null ? html` <span class="muted">· ${f.count(days)} ${message('report.days', { n: days }, ctx.lang)}</span>` : ''}`
    : s.periodNone;
  const generated = d.instant(generatedAt);
  const tiles = report.board ?? [];
  const bad = tiles.filter((t) => t.status === 'bad').length;
  const warn = tiles.filter((t) => t.status === 'warn').length;
  return html`<header class="top">
<div class="brand">KPI Lens</div>
<h1>${title}</h1>
<dl class="meta">
<div><dt>${s.asOf}</dt><dd>${asOf ?? '—'}</dd></div>
<div><dt>${s.period}</dt><dd>${period}</dd></div>
${generated ? html`<div><dt>${s.generated}</dt><dd>${generated}</dd></div>` : ''}
<div><dt>${s.zone}</dt><dd>${d.zone}</dd></div>
<div class="files"><dt>${s.files}</dt><dd>${(report.inputs ?? []).map((i) => i.file).join(', ') || '—'}</dd></div>
</dl>
${tiles.length ? html`<p class="summary">${fill(s.summary, { bad, warn, n: tiles.length })}</p>` : ''}
</header>
`;
}

/** A board tile's norm as the report gives it ({kind, value, low, high, source}); the page's board reads it too. */
export function tileNorm(tile, report) {
  const source = catalogueOf(report, tile.metric).norm?.source;
  return { kind: tile.norm_kind, value: tile.norm_value, low: tile.norm_low, high: tile.norm_high, source };
}

/** A status pill; a value the report could not judge (no previous period, no plan) says so rather than "no data". */
function badge(status, s, hasValue = false) {
  const key = ['ok', 'warn', 'bad'].includes(status) ? status : hasValue ? 'unjudged' : 'null';
  return html`<span class="badge ${['ok', 'warn', 'bad'].includes(key) ? key : 'none'}">${s.status[key]}</span>`;
}

/** The FRT tile's status is its worst lead class's (board[].status_lead_class): say which, with that class's figure. */
function frtClassLine(tile, ctx) {
  const cls = tile.status_lead_class;
  const row = (tile.by_class ?? []).find((c) => c.lead_class === cls);
  if (!cls || !row) return '';
  const { s, f } = ctx;
  return html`<div class="tile-class" data-class="${cls}">${fill(s.frtClass, { cls: s.frtClassWord[cls] ?? cls, value: f.minutes(row.value) ?? '—', norm: `≤ ${f.minutes(row.norm_value) ?? '—'}` })}</div>`;
}

function board(report, ctx) {
  const { s, f } = ctx;
  const tiles = report.board ?? [];
  if (!tiles.length) return html`<p class="muted">${s.empty}</p>`;
  return html`<div class="tiles">
${tiles.map((t) => {
    const minutes = catalogueOf(report, t.metric).unit === 'minutes';
    const value = minutes ? f.minutes(t.value) : f.share(t.value);
    const delta = minutes ? f.deltaMinutes(t.delta_prev) : f.deltaShare(t.delta_prev);
    const ids = t.deal_ids ?? [];
    const shown = ids.slice(0, 10);
    return html`<article class="tile st-${t.status ?? 'none'}" data-tile="${t.id}">
<div class="tile-head"><h3>${s.tile[t.id] ?? t.id}</h3>${badge(t.status, s, isNum(t.value))}</div>
<div class="tile-main">
<div class="tile-value">${value ?? html`<span class="nil" title="${s.noData}">—</span>`}</div>
<div class="tile-delta"><span class="label">${s.delta}</span>${delta ?? html`<span class="nil" title="${s.deltaNone}">—</span>`}</div>
</div>
<div class="tile-norm">${s.norm}: ${normWords(tileNorm(t, report), catalogueOf(report, t.metric).unit, ctx) ?? '—'}</div>${frtClassLine(t, ctx)}
<dl class="tile-facts">
<div><dt class="label">${t.id === 'win_rate_by_source' ? s.worstSources : s.worst}</dt><dd>${(t.worst ?? []).length ? t.worst.join(', ') : html`<span class="muted">${s.none}</span>`}</dd></div>
<div class="review"><dt class="label">${s.review}</dt><dd>${shown.length ? html`${shown.map((id) => html`<code class="id">${id}</code> `)}${ids.length > shown.length ? html`<span class="muted more">${fill(s.more, { n: f.count(ids.length - shown.length) })}</span>` : ''}` : html`<span class="muted">${s.none}</span>`}</dd></div>
</dl>
</article>
`;
  })}</div>
`;
}

/**
 * Matrix columns: how to read and format each metric; statuses and norms come
 * from the report. `plan`: the columns of the plans table instead (only the
 * kinds of plan some row has), which sits under the matrix so that neither is
 * wider than a laptop or an A4 page.
 */
function matrixColumns(report, ctx, { plan = false } = {}) {
  const { s, f } = ctx;
  const norm = (key) => normWords(catalogueOf(report, key).norm, catalogueOf(report, key).unit, ctx);
  return [
    { id: 'frt', key: 'frt_median_min', fmt: f.minutes },
    { id: 'sla', key: 'sla_share', fmt: f.share },
    { id: 'next_step', key: 'next_step_share', fmt: f.share },
    { id: 'overdue', key: 'overdue_share', fmt: f.share },
    { id: 'touches', key: 'touches_per_won_mean', fmt: f.number },
    { id: 'stalled', key: 'stalled_share', fmt: f.share },
    { id: 'won', key: 'won_count', fmt: f.count },
    { id: 'lost', key: 'lost_count', fmt: f.count },
    { id: 'win_rate', key: 'win_rate', fmt: f.share },
    { id: 'revenue', key: 'revenue', fmt: f.money },
    { id: 'plan_revenue', key: 'plan_revenue', fmt: f.money, plan: 'revenue' },
    { id: 'plan_fact_share', key: 'plan_fact_share', fmt: f.share, plan: 'revenue' },
    { id: 'plan_pace', key: 'plan_pace', fmt: f.share, plan: 'revenue' },
    { id: 'plan_forecast', key: 'plan_forecast', fmt: f.money, plan: 'revenue' },
    { id: 'plan_won_count', key: 'plan_won_count', fmt: f.count, plan: 'won' },
    { id: 'plan_won_fact_share', key: 'plan_won_fact_share', fmt: f.share, plan: 'won' },
    { id: 'plan_won_pace', key: 'plan_won_pace', fmt: f.share, plan: 'won' },
    { id: 'plan_won_forecast', key: 'plan_won_forecast', fmt: f.number, plan: 'won' },
  ]
    // Plan columns only when some row has a plan of that kind ("Not computed" says why otherwise).
    .filter((c) => (plan ? Boolean(c.plan) : !c.plan))
    .filter((c) => !c.plan || [report.team, ...(report.managers ?? [])].some((r) => isNum(r?.metrics?.[c.plan === 'won' ? 'plan_won_count' : 'plan_revenue'])))
    .map((c) => ({ ...c, title: s.col[c.id], norm: c.key === 'win_rate' || c.plan ? null : norm(c.key) })); // a win rate's and a plan's norm differ by row
}

function matrix(report, ctx) {
  const { s } = ctx;
  const plans = matrixColumns(report, ctx, { plan: true });
  return html`${matrixTable(report, ctx, matrixColumns(report, ctx), 'matrix')}<p class="note">${s.legend}</p>
${plans.length ? html`<h3 class="sub">${s.plansTitle}</h3>
${matrixTable(report, ctx, plans, 'plans', (m) => isNum(m.metrics?.plan_revenue) || isNum(m.metrics?.plan_won_count))}` : ''}`;
}

/** One table of managers (those `keep` keeps) and the team over `columns`. */
function matrixTable(report, ctx, columns, id, keep = () => true) {
  const { s } = ctx;
  const row = (name, data, kind) => html`<tr data-row="${kind}"><th scope="row">${name}</th>${columns.map((c) => {
    const v = data?.metrics?.[c.key] ?? null;
    const status = data?.status?.[c.key] ?? null;
    const norm = normWords(normInForce(report, data, c.key), catalogueOf(report, c.key).unit, ctx);
    return numCell(ctx, c.fmt(v), { status, hint: norm ? fill(s.normHint, { n: norm }) : null, metric: c.key });
  })}</tr>
`;
  return html`<div class="scroll"><table class="grid matrix" id="${id}">
<thead><tr><th scope="col" class="name">${s.col.manager}</th>${columns.map((c) => html`<th scope="col" class="num">${c.title}${c.norm ? html`<span class="norm">${c.norm}</span>` : ''}</th>`)}</tr></thead>
<tbody>
${(report.managers ?? []).filter(keep).map((m) => row(m.name, m, 'manager'))}</tbody>
<tfoot>
${row(s.col.team, report.team, 'team')}</tfoot>
</table></div>
`;
}

function stages(report, ctx) {
  const { s, f } = ctx;
  const rows = report.stages ?? [];
  if (!rows.length) return html`<p class="muted">${s.noStages}</p>`;
  const stalledNorm = normWords(catalogueOf(report, 'stalled_share').norm, 'share', ctx);
  const spans = new Map();
  for (const r of rows) spans.set(r.pipeline, (spans.get(r.pipeline) ?? 0) + 1);
  let previous = null;
  return html`<div class="scroll"><table class="grid">
<thead><tr><th scope="col">${s.col.pipeline}</th><th scope="col">${s.col.stage}</th><th scope="col" class="num">${s.col.reached}</th><th scope="col" class="num">${s.col.converted}</th><th scope="col" class="num">${s.col.conversion}</th><th scope="col" class="num">${s.col.open}</th><th scope="col" class="num">${s.col.stalled_n}</th><th scope="col" class="num">${s.col.stalled_share}${stalledNorm ? html`<span class="norm">${stalledNorm}</span>` : ''}</th><th scope="col" class="num">${s.col.median_days}</th><th scope="col" class="num">${s.col.p90_days}</th></tr></thead>
<tbody>
${rows.map((r) => {
    const first = r.pipeline !== previous;
    previous = r.pipeline;
    return html`<tr${first ? html` class="group-start"` : ''}>${first ? html`<th scope="rowgroup" rowspan="${spans.get(r.pipeline)}" class="pipeline">${r.pipeline}</th>` : ''}<td>${r.stage}</td>${[
      numCell(ctx, f.count(r.reached)), numCell(ctx, f.count(r.converted)), numCell(ctx, f.share(r.conversion)),
      numCell(ctx, f.count(r.open)), numCell(ctx, f.count(r.stalled)),
      numCell(ctx, f.share(r.stalled_share), { status: r.status ?? null }),
      numCell(ctx, f.number(r.median_days_in_stage)), numCell(ctx, f.number(r.p90_days_in_stage)),
    ]}</tr>
`;
  })}</tbody>
</table></div>
`;
}

function losses(report, ctx) {
  const { s, f } = ctx;
  const rows = report.loss_reasons ?? [];
  if (!rows.length) return html`<p class="muted">${s.noLosses}</p>`;
  const top = Math.max(...rows.map((r) => (isNum(r.share) ? r.share : 0)), 0);
  return html`<div class="scroll"><table class="grid losses">
<thead><tr><th scope="col">${s.col.reason}</th><th scope="col" class="num">${s.col.count}</th><th scope="col" class="num">${s.col.share}</th><th scope="col" class="bar-col"></th></tr></thead>
<tbody>
${rows.map((r) => {
    const none = r.reason === null || r.reason === '';
    // The no-reason row carries its norm (at most 5 % of losses) and status.
    const status = r.status ?? null;
    const norm = isNum(r.norm) ? `≤ ${f.shareNorm(r.norm)}` : null;
    const width = top > 0 && isNum(r.share) ? Math.round((r.share / top) * 1000) / 10 : 0;
    return html`<tr>${none ? html`<td class="none-reason">${s.noReason}</td>` : html`<td>${r.reason}</td>`}${numCell(ctx, f.count(r.count))}${numCell(ctx, f.share(r.share), { status, hint: norm ? fill(s.normHint, { n: norm }) : null })}<td class="bar-col"><span class="bar" style="width:${width}%"></span></td></tr>
`;
  })}</tbody>
</table></div>
`;
}

/** A lead class (hot | warm | cold, the report's codes) in words. */
function leadClass(name, lang) {
  const code = `LEAD_CLASS_${String(name).toUpperCase()}`;
  return hasMessage(code) ? message(code, {}, lang) : name;
}

function groups(report, ctx) {
  const { s, f } = ctx;
  const all = report.groups ?? {};
  const keys = ['source', 'segment', ...Object.keys(all).filter((k) => k !== 'source' && k !== 'segment')];
  const slaNorm = normWords(catalogueOf(report, 'sla_share').norm, 'share', ctx);
  const tables = keys.filter((k) => Array.isArray(all[k])).map((k) => html`<div class="group-table" data-group="${k}">
<table class="grid">
<thead><tr><th scope="col">${s.col[k] ?? k}</th><th scope="col" class="num">${s.col.won}</th><th scope="col" class="num">${s.col.lost}</th><th scope="col" class="num">${s.col.win_rate}</th><th scope="col" class="num">${s.col.revenue}</th><th scope="col" class="num">${s.col.sla}${slaNorm ? html`<span class="norm">${slaNorm}</span>` : ''}</th></tr></thead>
<tbody>
${all[k].length ? all[k].map((g) => html`<tr><th scope="row">${k === 'lead_class' ? leadClass(g.name, ctx.lang) : g.name}</th>${[
    numCell(ctx, f.count(g.metrics?.won_count)), numCell(ctx, f.count(g.metrics?.lost_count)),
    numCell(ctx, f.share(g.metrics?.win_rate)), numCell(ctx, f.money(g.metrics?.revenue)),
    numCell(ctx, f.share(g.metrics?.sla_share), { status: g.status?.sla_share ?? null }),
  ]}</tr>
`) : html`<tr><td colspan="6" class="muted">${s.empty}</td></tr>`}</tbody>
</table>
</div>
`);
  return html`<div class="groups">${tables}</div>`;
}

function quality(report, ctx) {
  const { s, f, lang } = ctx;
  const rows = report.data_quality ?? [];
  if (!rows.length) return html`<p class="muted">${s.empty}</p>`;
  return html`<div class="scroll"><table class="grid">
<thead><tr><th scope="col">${s.col.check}</th><th scope="col" class="num">${s.col.found}</th><th scope="col">${s.col.examples}</th></tr></thead>
<tbody>
${rows.map((q) => html`<tr${q.count ? '' : html` class="zero"`}><td>${checkMessage(q.check, lang)}</td>${numCell(ctx, f.count(q.count), { found: q.count > 0 })}<td>${(q.examples ?? []).map((e) => html`<code class="id">${e}</code> `)}</td></tr>
`)}</tbody>
</table></div>
`;
}

/**
 * What the uncovered part of a coverage row lacks, from the report's codes and
 * figures (the core's English note is not read): a missing input is the metric
 * family's unavailable code; a gap the row's lacking percent (`lacking_pct`).
 */
function coverageNote(report, row, ctx) {
  const { s, lang } = ctx;
  if (!(row.total > 0) || row.covered === 0) {
    const code = (report.unavailable ?? []).find((u) => u.metric === row.metric)?.code;
    if (code) return message(code, {}, lang);
    if (!(row.total > 0)) return s.coverageEmpty;
  }
  if (row.lacking_pct === null) return s.coverageFull;
  const code = `COVERAGE_LACK_${row.metric.toUpperCase()}`;
  return hasMessage(code) ? message(code, { pct: percentWords(row.lacking_pct, lang) }, lang) : '';
}

function percentWords(n, lang) {
  return new Intl.NumberFormat(LOCALES[lang], { style: 'percent', maximumFractionDigits: 0 }).format(n / 100);
}

function coverage(report, ctx) {
  const { s, f, lang } = ctx;
  const rows = report.coverage ?? [];
  if (!rows.length) return html`<p class="muted">${s.noCoverage}</p>`;
  return html`<div class="scroll"><table class="grid">
<thead><tr><th scope="col">${s.col.metric}</th><th scope="col" class="num">${s.col.covered}</th><th scope="col" class="num">${s.col.share}</th><th scope="col">${s.col.note}</th></tr></thead>
<tbody>
${rows.map((c) => html`<tr data-metric="${c.metric}"><td>${s.metric[c.metric] ?? c.metric}</td>${numCell(ctx, isNum(c.covered) && isNum(c.total) ? `${f.count(c.covered)} / ${f.count(c.total)}` : null)}${numCell(ctx, f.share(c.share))}<td>${coverageNote(report, c, ctx)}</td></tr>
`)}</tbody>
</table></div>
`;
}

// ---- design branch (issue 11): the KPI design check's section. The core decided every finding
// (report.design_check, core/kpi/design.h); a face only names its KPIs and says it in `lang`.
const kpiName = (key, lang) => (hasMessage(`KPI_NAME_${key}`) ? message(`KPI_NAME_${key}`, {}, lang) : String(key));

// A local date the core wrote as YYYY-MM-DD, in the words of `lang` (Feb 1, 2026 / 1 февр. 2026 г.).
function localDate(text, lang) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text ?? '');
  if (!m) return text;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : 'ru-RU', { dateStyle: 'medium', timeZone: 'UTC' }).format(day);
}

/** The report's design findings as `{code, metrics, text}` in `lang` (the page, the CLI and this report share it). */
export function designFindings(report, lang = 'ru') {
  return (report?.design_check ?? []).map((d) => {
    const metrics = Array.isArray(d.metrics) ? d.metrics : [];
    const params = { ...(d.params ?? {}), list: metrics.map((key) => kpiName(key, lang)).join(', ') };
    if (typeof params.metric === 'string') params.name = kpiName(params.metric, lang);
    for (const key of ['from', 'to']) params[key] = localDate(params[key], lang);
    return { code: d.code, metrics, text: message(d.code, params, lang) };
  });
}

/** Why a bonus row has no bonus (motivation[].reasons, codes) in `lang`, joined by "; "; '' when none. */
export function bonusReasonText(row, lang = 'ru') {
  return (row?.reasons ?? []).map((r) => {
    const params = { ...(r.params ?? {}) };
    if (typeof params.metric === 'string') params.name = kpiName(params.metric, lang);
    return message(r.code, params, lang);
  }).join('; ');
}

/** The name of a METRICS key in `lang` (KPI_NAME_<key>), for the bonus weights' editor. */
export const bonusKpiName = kpiName;

function design(report, ctx) {
  const { lang } = ctx;
  const rows = designFindings(report, lang);
  if (!rows.length) return html`<p class="muted" data-design-ok="">${message('DESIGN_CHECK_OK', {}, lang)}</p>`;
  return html`<ul class="plain design-check">
${rows.map((r) => html`<li data-code="${r.code}">${r.text}</li>
`)}</ul>
`;
}
// ---- end of the design branch's section

function unavailable(report, ctx) {
  const { s, lang } = ctx;
  const rows = report.unavailable ?? [];
  if (!rows.length) return html`<p class="muted">${s.noUnavailable}</p>`;
  return html`<ul class="plain">
${rows.map((u) => html`<li data-code="${u.code}"><strong>${s.metric[u.metric] ?? u.metric}</strong> — ${message(u.code, u.params, lang)}</li>
`)}</ul>
`;
}

function inputs(report, ctx) {
  const { s, f, lang } = ctx;
  const rows = report.inputs ?? [];
  if (!rows.length) return html`<p class="muted">${s.empty}</p>`;
  const where = (e) => [e?.line ? fill(s.line, { n: e.line }) : null, !e?.line && isNum(e?.byte) ? fill(s.byte, { n: e.byte }) : null].filter(Boolean).join(', ');
  return html`<div class="scroll"><table class="grid">
<thead><tr><th scope="col">${s.col.file}</th><th scope="col">${s.col.kind}</th><th scope="col">${s.col.format}</th><th scope="col">${s.col.encoding}</th><th scope="col" class="num">${s.col.rows}</th><th scope="col" class="num">${s.col.skipped}</th></tr></thead>
<tbody>
${rows.map((i) => {
    if (i.ok === false) {
      const at = where(i.error);
      return html`<tr class="unreadable"><td>${i.file}</td><td colspan="5"><strong>${s.notRead}:</strong> ${i.error ? issueMessage(i.error, lang) : ''}${at ? ` (${at})` : ''}</td></tr>
`;
    }
    const issues = i.issues ?? [];
    return html`<tr><td>${i.file}</td><td>${tableKind(i.kind, lang)}</td><td>${formatName(i.format, lang)}</td><td>${encodingName(i.encoding)}</td>${numCell(ctx, f.count(i.rows))}${numCell(ctx, f.count(i.skipped), { found: i.skipped > 0 })}</tr>
${i.issue_count ? html`<tr class="issues"><td></td><td colspan="5">${fill(s.issues, { n: f.count(i.issue_count) })}: ${issues.slice(0, 5).map((e, n) => html`${n ? '; ' : ''}${where(e) ? `${where(e)}: ` : ''}${issueMessage(e, lang)}`)}${i.issue_count > 5 ? ' …' : ''}</td></tr>
` : ''}`;
  })}</tbody>
</table></div>
`;
}

function definitions(report, ctx) {
  const { s } = ctx;
  const normOf = (key) => key && normWords(catalogueOf(report, key).norm, catalogueOf(report, key).unit, ctx);
  return html`<dl class="defs">
${Object.entries(s.def).map(([id, text]) => {
    const norm = normOf(DEFINITION_NORMS[id]);
    return html`<div><dt>${s.metric[id]}</dt><dd>${text}${norm ? ` ${id === 'stalled' ? s.defNormStage : s.defNorm} ${norm}.` : ''}</dd></div>
`;
  })}</dl>
<p class="note">${s.statusRule}</p>
`;
}

// ---- issue 10: today's list and the first-hour sections ------------------

/** How many of today's rows the audit report lists (the page has them all). */
export const TODAY_ROWS = 10;

/**
 * A number in its unit (board[].cards[].reasons[].params.unit: min, days, working_days), in the
 * strings table's unit words: minutes up to an hour (whole from ten), hours up to two days, then
 * days. The one duration format of the documents, the stand-up list and the page (metrics.mjs).
 */
export function inUnit(unit, v, lang) {
  const tenth = (x) => Math.round(x * 10) / 10; // the plural form is the shown number's
  if (unit === 'min') {
    const m = Math.abs(v);
    if (m < 60) return message('unit.min', { n: m < 10 ? tenth(v) : Math.round(v) }, lang);
    return m < 2880 ? message('unit.h', { n: tenth(v / 60) }, lang) : message('unit.days', { n: tenth(v / 1440) }, lang);
  }
  if (unit === 'days' || unit === 'working_days') return message(`unit.${unit}`, { n: tenth(v) }, lang);
  return new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 1 }).format(v);
}

/** Why a deal is listed, in `lang`: the strings table's sentence with its numbers in their unit. */
export function reasonText(reason, lang) {
  const p = { ...(reason.params ?? {}) };
  for (const key of ['value', 'norm']) if (isNum(p[key])) p[key] = inUnit(p.unit, p[key], lang);
  return message(reason.code, p, lang);
}

/** The deal's id, a link to it in the CRM when the report has one (today.rows[].url). */
function dealLink(row) {
  return row.url ? html`<a class="id" href="${row.url}" rel="noreferrer">${row.deal_id}</a>` : html`<code class="id">${row.deal_id}</code>`;
}

function today(report, ctx) {
  const { s, f } = ctx;
  const t = report.today;
  const state = report.state;
  if (state && state.code !== 'OK') { // nothing read is no good news (report.state)
    return html`<p class="muted">${message(`STATE_${state.code}`, { n: state.params?.files ?? 0, unreadable: state.params?.unreadable ?? 0 }, ctx.lang)}</p>`;
  }
  if (!t) return html`<p class="muted">${s.empty}</p>`;
  const rows = t.rows ?? [];
  if (!rows.length) return html`<p class="muted">${s.todayNone}</p>`;
  const shown = rows.slice(0, TODAY_ROWS);
  const c = s.todayCol;
  // Each cell says its column, for a phone, where the rows stack (styles/report.css).
  const cell = (label, text, cls = '') => html`<td${cls ? html` class="${cls}"` : ''} data-label="${label}">${text ?? '—'}</td>`;
  return html`<p class="note">${fill(s.todayNote, {
    rows: f.count(rows.length + (t.more ?? 0)), shown: f.count(shown.length), stale: f.count(t.stale ?? 0),
    closed: f.count(t.closed ?? 0), days: f.count(t.stale_days),
  })}</p>
<div class="scroll"><table class="grid today" id="today-table">
<thead><tr><th scope="col">${c.deal}</th><th scope="col">${c.manager}</th><th scope="col">${c.stage}</th><th scope="col" class="num">${c.amount}</th><th scope="col" class="num">${c.idle}</th><th scope="col">${c.reasons}</th></tr></thead>
<tbody>
${shown.map((r) => html`<tr data-deal="${r.deal_id}"><th scope="row">${dealLink(r)}${r.title ? html`<span class="deal-title">${r.title}</span>` : ''}</th>${cell(c.manager, r.manager)}${cell(c.stage, r.stage)}${cell(c.amount, f.money(r.amount), 'num')}${cell(c.idle, isNum(r.idle_days) ? inUnit('working_days', r.idle_days, ctx.lang) : null, 'num')}<td data-label="${c.reasons}"><ul class="reasons">${(r.reasons ?? []).map((w) => html`<li data-code="${w.code}">${reasonText(w, ctx.lang)}</li>`)}</ul></td></tr>
`)}</tbody>
</table></div>
`;
}

/** A small table: head [[text, numeric?]], rows of cells (the first one a row header). */
function smallTable(id, head, rows) {
  return html`<div class="scroll"><table class="grid fh" id="${id}">
<thead><tr>${head.map(([text, num]) => html`<th scope="col"${num ? html` class="num"` : ''}>${text}</th>`)}</tr></thead>
<tbody>
${rows.map((cells) => html`<tr><th scope="row">${cells[0]}</th>${cells.slice(1).map((cell, i) => (head[i + 1][1] ? html`<td class="num">${cell ?? '—'}</td>` : html`<td>${cell ?? '—'}</td>`))}</tr>
`)}</tbody>
</table></div>
`;
}

const ACTIVITY_KEYS = ['calls_out', 'calls_in', 'talk_min', 'meetings', 'emails_out', 'messages_out'];

function firstHour(report, ctx) {
  const { s, f, lang } = ctx;
  const who = (name) => (name === null || name === undefined ? s.col.team : name);
  const missing = (code) => html`<p class="muted">${fill(s.fhMissing, { what: message(code, {}, lang) })}</p>`;
  const c = s.fhCol;
  // report.ranking[].off names the board's METRICS keys: each in the words of its tile.
  const tileOf = { frt_median_min: 'frt', sla_share: 'sla', next_step_share: 'next_step', overdue_share: 'overdue', stalled_share: 'stalled', win_rate: 'win_rate_by_source' };
  const ranking = report.ranking ?? [];
  const rank = html`<h3 class="sub">${s.rankTitle}</h3><p class="note">${s.rankRule}</p>
${ranking.length ? html`<ol class="ranking" id="ranking">${ranking.map((m) => html`<li data-manager="${m.manager}"><strong>${m.manager}</strong> — ${m.bad || m.warn ? [m.bad ? fill(s.rankBad, { n: f.count(m.bad) }) : null, m.warn ? fill(s.rankWarn, { n: f.count(m.warn) }) : null].filter(Boolean).join(', ') : s.rankOk}${(m.off ?? []).length ? html`<span class="muted"> (${m.off.map((k) => s.tile[tileOf[k]] ?? k).join(', ')})</span>` : ''}</li>`)}</ol>` : html`<p class="muted">${s.empty}</p>`}`;
  const p = report.open_pipeline;
  let pipe;
  if (!p) pipe = missing('NEEDS_DEALS');
  else {
    const team = (p.managers ?? [])[0] ?? {};
    const several = new Set((p.stages ?? []).map((st) => st.pipeline)).size > 1; // stage names repeat across pipelines
    pipe = html`<p>${fill(s.pipeSummary, { amount: f.money(team.amount) ?? '—', n: f.count(team.open_count) ?? '—', weighted: f.money(team.weighted) ?? '—' })}</p><p class="note">${s.pipeRule}</p>
${smallTable('pipeline-stages', [[c.stage], [c.open, true], [c.amount, true], [c.probability, true], [c.weighted, true]],
    (p.stages ?? []).map((st) => [several ? `${st.pipeline} · ${st.stage}` : st.stage, f.count(st.open_count), f.money(st.amount), isNum(st.win_probability) ? f.share(st.win_probability) : s.noHistory, f.money(st.weighted)]))}
${smallTable('pipeline-managers', [[c.manager], [c.open, true], [c.amount, true], [c.weighted, true], [c.unweighted, true]],
    (p.managers ?? []).map((m) => [who(m.manager), f.count(m.open_count), f.money(m.amount), f.money(m.weighted), f.money(m.unweighted_amount)]))}`;
  }
  const n = report.new_deals;
  const fresh = n ? smallTable('new-deals', [[c.manager], [c.count, true], [c.amount, true]],
    (n.managers ?? []).map((m) => [who(m.manager), f.count(m.count), f.money(m.amount)])) : missing('NEEDS_DEALS');
  const a = report.activity;
  const activity = a ? smallTable('activity', [[c.manager], ...ACTIVITY_KEYS.map((k) => [c[k], true])],
    a.map((r) => [who(r.manager), ...ACTIVITY_KEYS.map((k) => f.count(isNum(r.period?.[k]) ? Math.round(r.period[k]) : null))])) : missing('NEEDS_ACTIVITIES');
  return html`${rank}
<h3 class="sub">${s.pipeTitle}</h3>
${pipe}
<h3 class="sub">${s.newTitle}</h3>
${fresh}
<h3 class="sub">${s.actTitle}</h3>
${activity}`;
}

// ---- the page -------------------------------------------------------------

/**
 * The report as one HTML document (a string). Options: lang 'ru' (default) or
 * 'en'; title (default: the report's standard title); generatedAt (a Date or
 * an ISO string, shown in the header when given); timeZone (the settings'
 * zone, `settings.tz`: every date is shown in it, in the reader's words).
 */
export function renderHtml(report, { lang = 'ru', title, generatedAt, timeZone = 'UTC' } = {}) {
  const language = lang === 'en' ? 'en' : 'ru';
  const ctx = {
    lang: language, s: sheetStrings('report', language), f: formatsFor(language, report.currency ?? null),
    d: datesFor(LOCALES[language], timeZone),
  };
  const { s } = ctx;
  const heading = title ?? s.title;
  const body = [
    header(report, ctx, { title: heading, generatedAt }),
    section('board', s.sec.board, board(report, ctx), { pageBreak: false }),
    section('today', s.sec2.today, today(report, ctx), { pageBreak: false }),
    section('matrix', s.sec.matrix, matrix(report, ctx)),
    section('first-hour', s.sec2.firstHour, firstHour(report, ctx)),
    section('stages', s.sec.stages, stages(report, ctx)),
    section('losses', s.sec.losses, losses(report, ctx)),
    section('groups', s.sec.groups, groups(report, ctx), { pageBreak: false }),
    section('quality', s.sec.quality, quality(report, ctx)),
    section('design', message('DESIGN_CHECK_TITLE', {}, language), design(report, ctx), { pageBreak: false }),
    section('coverage', s.sec.coverage, coverage(report, ctx), { pageBreak: false }),
    section('unavailable', s.sec.unavailable, unavailable(report, ctx), { pageBreak: false }),
    section('inputs', s.sec.inputs, inputs(report, ctx), { pageBreak: false }),
    section('definitions', s.sec.definitions, definitions(report, ctx)),
  ];
  return html`${new Markup(documentHead(language, heading, 'report'))}<body>
<main>
${body}<footer>${s.footer}</footer>
</main>
</body>
</html>
`.text;
}
