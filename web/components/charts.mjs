// <kpi-charts>: the report drawn as hand-written inline SVG (no chart library):
// the funnel with each stage's conversion, the stalled share and the time
// spent in each stage (per pipeline), the loss reasons, and each manager's
// plan pace. The page's CSP allows no style attributes, so colours come from
// classes in styles/charts.css and geometry from SVG attributes. Every chart
// has a title, a description, its values written on it (nothing needs a
// hover) and the same numbers as a table under "Show as a table".

import { formatCount, intl, t } from '../i18n.mjs';
import { displayName, formatMoney, formatPercent, h, svg as s } from '../dom.mjs';
import { amountText, lossMixFigure, planDaysFigure } from './dynamics.mjs';
import { ReportView } from './report-view.mjs';

const ROW = 30;        // px per bar row
const BAR = 18;        // bar thickness
const TOP = 8;         // space above the first row
const LABEL_W = 190;   // stage / reason / manager names (wide charts)
const HALF_W = 500;    // viewBox width of a half-width chart: about 1:1 on a desktop
const HALF_LABEL_W = 165;

const finite = (v) => typeof v === 'number' && Number.isFinite(v);

/** Long names are cut in the picture (the whole name is in its <title> and the table). */
function clip(text, max = 26) {
  const chars = [...String(text)];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : String(text);
}

function formatDays(days) {
  if (!finite(days)) return '—';
  const n = intl(Intl.NumberFormat, { maximumFractionDigits: 1, minimumFractionDigits: days < 10 ? 1 : 0 }).format(days);
  return t('charts.days', { n });
}

const percentOrDash = (v) => (finite(v) ? formatPercent(v) : '—');

/** A status the report gave (core/kpi/judge.cpp), or null: the charts never judge. */
const statusOf = (status) => (status === 'ok' || status === 'warn' || status === 'bad' ? status : null);

let chartCounter = 0;

/**
 * A chart: <figure> with a caption (title and description), the SVG (role=img,
 * labelled by them) and a collapsed table of the same numbers.
 */
function figure(id, title, description, svg, table, { wide = false } = {}) {
  const n = ++chartCounter;
  const titleId = `kpi-chart-${n}-title`;
  const descId = `kpi-chart-${n}-desc`;
  // One SVG, or several under their own subtitles ([[subtitle, svg], ...]: the plan chart's measures).
  const parts = Array.isArray(svg) ? svg : [[null, svg]];
  const body = parts.map(([subtitle, one]) => {
    // On a narrow screen the chart scrolls sideways rather than shrinking its text below ~8.5 px;
    // a half-width chart (500) still fits a 390 px phone whole, values included (issue 10).
    one.style.minWidth = `${Math.round(Number(one.getAttribute('width')) * 0.66)}px`;
    one.setAttribute('role', 'img');
    one.setAttribute('aria-labelledby', `${titleId} ${descId}`);
    one.prepend(s('title', {}, subtitle ? `${title}: ${subtitle}` : title));
    const scroll = h('div', { class: 'kpi-chart-scroll' }, one);
    return subtitle ? [h('h4', { class: 'kpi-chart-subtitle' }, subtitle), scroll] : [scroll];
  }).flat();
  return h('figure', { class: `kpi-chart${wide ? ' kpi-chart-wide' : ''}`, 'data-chart': id },
    h('figcaption', {},
      h('h3', { class: 'kpi-chart-title', id: titleId }, title),
      h('p', { class: 'kpi-chart-desc', id: descId }, description)),
    ...body,
    h('details', { class: 'kpi-chart-table' }, h('summary', {}, t('charts.table')), table));
}

function dataTable(columns, rows) {
  return h('table', { class: 'kpi-table kpi-table-compact' },
    h('thead', {}, h('tr', {}, ...columns.map((c, i) => h('th', { scope: 'col', class: i ? 'kpi-num' : null }, c)))),
    h('tbody', {}, ...rows.map((cells) => h('tr', {},
      h('th', { scope: 'row' }, cells[0]), ...cells.slice(1).map((c) => h('td', { class: 'kpi-num' }, c))))));
}

/** A chart's SVG box: width in viewBox units, one row per item. */
function canvas(width, rows, extra = 0) {
  const height = TOP * 2 + rows * ROW + extra;
  return s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'kpi-chart-svg', preserveAspectRatio: 'xMinYMin meet' });
}

function rowLabel(text, y, { className = 'kpi-chart-label', labelW = LABEL_W, max = 26 } = {}) {
  return s('text', { x: labelW - 10, y: y + BAR / 2, 'text-anchor': 'end', 'dominant-baseline': 'central', class: className },
    s('title', {}, text), clip(text, max));
}

// ---------------------------------------------------------------------------

/**
 * The funnel spans the grid's width; on a phone (`narrow`) it is drawn as a
 * half-width chart instead, so that it fits a 390 px screen whole, names and
 * values included, rather than being cut (issue 10).
 */
function funnelChart(stages, { narrow = false } = {}) {
  const width = narrow ? HALF_W : 960;
  const x0 = narrow ? HALF_LABEL_W : LABEL_W;
  const x1 = width - (narrow ? 150 : 190);
  const labelOptions = narrow ? { labelW: HALF_LABEL_W, max: 20 } : {};
  const max = Math.max(1, ...stages.map((r) => (finite(r.reached) ? r.reached : 0)));
  const svg = canvas(width, stages.length);
  stages.forEach((row, i) => {
    const y = TOP + i * ROW;
    const w = finite(row.reached) ? Math.max(row.reached > 0 ? 2 : 0, (row.reached / max) * (x1 - x0)) : 0;
    svg.append(s('g', {
      'data-stage': row.stage, 'data-reached': row.reached ?? '', 'data-conversion': row.conversion ?? '',
    },
    rowLabel(displayName(row.stage), y, labelOptions),
    s('rect', { x: x0, y, width: x1 - x0, height: BAR, rx: 3, class: 'kpi-chart-track' }),
    s('rect', { x: x0, y, width: w, height: BAR, rx: 3, class: 'kpi-chart-bar' }),
    s('text', { x: x0 + w + 6, y: y + BAR / 2, 'dominant-baseline': 'central', class: 'kpi-chart-value', 'data-value': 'reached' },
      finite(row.reached) ? formatCount(row.reached) : '—'),
    s('text', { x: width - 8, y: y + BAR / 2, 'text-anchor': 'end', 'dominant-baseline': 'central', class: 'kpi-chart-value kpi-chart-strong', 'data-value': 'conversion' },
      `→ ${percentOrDash(row.conversion)}`)));
  });
  const table = dataTable([t('charts.stage'), t('charts.funnel.reached'), t('charts.funnel.conversion')],
    stages.map((r) => [displayName(r.stage), finite(r.reached) ? formatCount(r.reached) : '—', percentOrDash(r.conversion)]));
  return figure('funnel', t('charts.funnel.title'), t('charts.funnel.desc'), svg, table, { wide: true });
}

function stalledChart(stages, norm) {
  const width = HALF_W;
  const x0 = HALF_LABEL_W;
  const x1 = width - 150;
  const scaleMax = Math.max(finite(norm) ? norm * 1.5 : 0, ...stages.map((r) => (finite(r.stalled_share) ? r.stalled_share : 0)), 0.05);
  const x = (share) => x0 + (Math.min(share, scaleMax) / scaleMax) * (x1 - x0);
  const svg = canvas(width, stages.length);
  stages.forEach((row, i) => {
    const y = TOP + i * ROW;
    const has = finite(row.stalled_share);
    const status = statusOf(row.status);
    const text = has ? `${formatPercent(row.stalled_share)} · ${t('charts.stalled.of', { stalled: formatCount(row.stalled), open: formatCount(row.open) })}`
      : t('charts.stalled.no_open');
    svg.append(s('g', { 'data-stage': row.stage, 'data-stalled-share': row.stalled_share ?? '', 'data-status': status ?? '' },
      rowLabel(displayName(row.stage), y, { labelW: x0, max: 20 }),
      s('rect', { x: x0, y, width: x1 - x0, height: BAR, rx: 3, class: 'kpi-chart-track' }),
      has ? s('rect', { x: x0, y, width: Math.max(row.stalled_share > 0 ? 2 : 0, x(row.stalled_share) - x0), height: BAR, rx: 3, class: 'kpi-chart-bar kpi-chart-status', 'data-status': status ?? '' }) : null,
      s('text', { x: x1 + 8, y: y + BAR / 2, 'dominant-baseline': 'central', class: has ? 'kpi-chart-value' : 'kpi-chart-value kpi-chart-muted', 'data-value': 'stalled' }, text)));
  });
  if (finite(norm)) {
    const nx = x(norm);
    svg.append(s('line', { x1: nx, x2: nx, y1: TOP - 4, y2: TOP + stages.length * ROW - (ROW - BAR) + 4, class: 'kpi-chart-norm', 'data-norm': norm }));
  }
  const table = dataTable([t('charts.stage'), t('charts.stalled.share'), t('charts.stalled.count')],
    stages.map((r) => [displayName(r.stage), percentOrDash(r.stalled_share), finite(r.open) ? t('charts.stalled.of', { stalled: formatCount(r.stalled), open: formatCount(r.open) }) : '—']));
  return figure('stalled', t('charts.stalled.title'), t('charts.stalled.desc', { norm: percentOrDash(norm) }), svg, table);
}

function timeChart(stages) {
  const width = HALF_W;
  const x0 = HALF_LABEL_W;
  const x1 = width - 150;
  const max = Math.max(0.5, ...stages.map((r) => Math.max(finite(r.p90_days_in_stage) ? r.p90_days_in_stage : 0, finite(r.median_days_in_stage) ? r.median_days_in_stage : 0)));
  const x = (days) => x0 + (days / max) * (x1 - x0);
  const svg = canvas(width, stages.length);
  stages.forEach((row, i) => {
    const y = TOP + i * ROW;
    const median = row.median_days_in_stage;
    const p90 = row.p90_days_in_stage;
    const mid = y + BAR / 2;
    svg.append(s('g', { 'data-stage': row.stage, 'data-median-days': median ?? '', 'data-p90-days': p90 ?? '' },
      rowLabel(displayName(row.stage), y, { labelW: x0, max: 20 }),
      finite(p90) ? s('line', { x1: x0, x2: x(p90), y1: mid, y2: mid, class: 'kpi-chart-whisker' }) : null,
      finite(p90) ? s('line', { x1: x(p90), x2: x(p90), y1: y + 3, y2: y + BAR - 3, class: 'kpi-chart-whisker' }) : null,
      finite(median) ? s('rect', { x: x0, y: y + 3, width: Math.max(2, x(median) - x0), height: BAR - 6, rx: 2, class: 'kpi-chart-bar' }) : null,
      s('text', { x: x1 + 8, y: mid, 'dominant-baseline': 'central', class: 'kpi-chart-value', 'data-value': 'days' },
        finite(median) ? t('charts.time.value', { median: formatDays(median), p90: formatDays(p90) }) : t('charts.no_data'))));
  });
  const table = dataTable([t('charts.stage'), t('charts.time.median'), t('charts.time.p90')],
    stages.map((r) => [displayName(r.stage), formatDays(r.median_days_in_stage), formatDays(r.p90_days_in_stage)]));
  return figure('time', t('charts.time.title'), t('charts.time.desc'), svg, table);
}

function lossChart(reasons) {
  const width = HALF_W;
  const x0 = HALF_LABEL_W;
  const x1 = width - 130;
  const max = Math.max(1, ...reasons.map((r) => r.count));
  const svg = canvas(width, reasons.length);
  reasons.forEach((row, i) => {
    const y = TOP + i * ROW;
    const none = row.reason === null || row.reason === undefined || row.reason === '';
    const name = none ? t('charts.loss.none') : displayName(row.reason);
    const w = Math.max(row.count > 0 ? 2 : 0, (row.count / max) * (x1 - x0));
    svg.append(s('g', { 'data-reason': none ? '' : row.reason, 'data-count': row.count, 'data-share': row.share ?? '', 'data-no-reason': none ? '' : null },
      rowLabel(name, y, { className: none ? 'kpi-chart-label kpi-chart-label-none' : 'kpi-chart-label', labelW: x0, max: 20 }),
      s('rect', { x: x0, y, width: w, height: BAR, rx: 3, class: none ? 'kpi-chart-bar kpi-chart-bar-none' : 'kpi-chart-bar' }),
      s('text', { x: x0 + w + 6, y: y + BAR / 2, 'dominant-baseline': 'central', class: 'kpi-chart-value', 'data-value': 'loss' },
        `${formatCount(row.count)} · ${percentOrDash(row.share)}`)));
  });
  const table = dataTable([t('charts.loss.reason'), t('charts.loss.count'), t('charts.loss.share')],
    reasons.map((r) => [r.reason ?? t('charts.loss.none'), formatCount(r.count), percentOrDash(r.share)]));
  return figure('loss', t('charts.loss.title'), t('charts.loss.desc'), svg, table);
}

// The report's plan keys for each measure (docs/report.md "plans").
const PLAN_MEASURES = {
  revenue: { pace: 'plan_pace', forecast: 'plan_forecast' },
  won_count: { pace: 'plan_won_pace', forecast: 'plan_won_forecast' },
};

/**
 * Plan rows of one measure ('revenue' or 'won_count') exactly as the report carries them
 * (report.plans: plan, fact, expected, forecast), with the row's pace and forecast status
 * from its metrics: the chart derives no number. Managers first, then the team.
 */
export function planRows(report, measure = 'revenue') {
  const keys = PLAN_MEASURES[measure];
  const plans = report?.plans?.[measure];
  if (!keys || !plans) return [];
  const num = (v) => (finite(v) ? v : null);
  const byName = new Map((report.managers ?? []).map((m) => [m.name, m]));
  const row = (name, pace, team, source) => ({
    name, team, measure, plan: num(pace.plan), fact: num(pace.fact), expected: num(pace.expected), forecast: num(pace.forecast),
    pace: num(source?.metrics?.[keys.pace]), status: statusOf(source?.status?.[keys.forecast]),
  });
  const rows = (plans.managers ?? []).filter((p) => finite(p.plan) && p.plan > 0) // a plan of 0 has no pace to show
    .map((p) => row(p.manager, p, false, byName.get(p.manager)));
  if (rows.length && plans.team && finite(plans.team.plan) && plans.team.plan > 0) {
    rows.push(row(t('charts.plan.team'), plans.team, true, report.team));
  }
  return rows;
}

const GAP = 14; // px between the managers' rows and the team's, which has its own scale

/** One measure's plan rows: the managers on one scale, the team below on its own (layout only). */
function planSvg(rows, measure) {
  const width = 960;
  const x0 = LABEL_W;
  const x1 = width - 380;
  const amount = (v) => amountText(measure, v); // as the plan-by-day tracks write it
  const managers = rows.filter((r) => !r.team);
  const team = rows.filter((r) => r.team);
  const scaleOf = (group) => {
    const max = Math.max(1, ...group.flatMap((r) => [r.plan, r.fact ?? 0, r.forecast ?? 0, r.expected ?? 0]));
    return (v) => x0 + (v / max) * (x1 - x0);
  };
  const svg = canvas(width, rows.length, managers.length && team.length ? GAP : 0);
  svg.dataset.measure = measure;
  const draw = (row, y, x) => {
    const mid = y + BAR / 2;
    const { status } = row;
    const text = t('charts.plan.value', { fact: amount(row.fact), plan: amount(row.plan), pace: percentOrDash(row.pace), forecast: amount(row.forecast) });
    svg.append(s('g', {
      'data-manager': row.team ? '' : row.name, 'data-team': row.team ? '' : null, 'data-measure': measure, 'data-plan': row.plan,
      'data-fact': row.fact ?? '', 'data-forecast': row.forecast ?? '', 'data-expected': row.expected ?? '', 'data-status': status ?? '',
    },
    rowLabel(row.name, y, { className: row.team ? 'kpi-chart-label kpi-chart-strong' : 'kpi-chart-label' }),
    s('rect', { x: x0, y, width: x(row.plan) - x0, height: BAR, rx: 3, class: 'kpi-chart-track' }),
    finite(row.forecast) ? s('rect', { x: x0, y: y + 2, width: Math.max(0, x(row.forecast) - x0), height: BAR - 4, rx: 2, class: 'kpi-chart-forecast', 'data-status': status ?? '' }) : null,
    finite(row.fact) ? s('rect', { x: x0, y: y + 4, width: Math.max(row.fact > 0 ? 2 : 0, x(row.fact) - x0), height: BAR - 8, rx: 2, class: 'kpi-chart-bar kpi-chart-status', 'data-status': status ?? '' }) : null,
    finite(row.expected) ? s('line', { x1: x(row.expected), x2: x(row.expected), y1: y - 2, y2: y + BAR + 2, class: 'kpi-chart-expected' }) : null,
    s('line', { x1: x(row.plan), x2: x(row.plan), y1: y - 3, y2: y + BAR + 3, class: 'kpi-chart-plan-line' }),
    s('text', { x: x1 + 10, y: mid, 'dominant-baseline': 'central', class: 'kpi-chart-value', 'data-value': 'plan' }, text)));
  };
  const xm = scaleOf(managers);
  managers.forEach((row, i) => draw(row, TOP + i * ROW, xm));
  const xt = scaleOf(team);
  const teamY = TOP + managers.length * ROW + (managers.length ? GAP : 0);
  if (managers.length && team.length) {
    svg.append(s('line', { x1: 0, x2: width, y1: teamY - GAP / 2 - 4, y2: teamY - GAP / 2 - 4, class: 'kpi-chart-separator' }));
  }
  team.forEach((row) => draw(row, teamY, xt));
  return svg;
}

function planChart(byMeasure) {
  const svgs = [];
  const tableRows = [];
  for (const [measure, rows] of byMeasure) {
    svgs.push([t(`charts.plan.measure.${measure}`), planSvg(rows, measure)]);
    const amount = measure === 'revenue' ? (v) => (finite(v) ? formatMoney(v) : '—') : (v) => amountText(measure, v);
    tableRows.push(...rows.map((r) => [`${r.name} · ${t(`charts.plan.measure.${measure}`)}`, amount(r.plan), amount(r.fact), amount(r.expected), percentOrDash(r.pace), amount(r.forecast)]));
  }
  const table = dataTable(
    [t('charts.plan.manager'), t('charts.plan.plan'), t('charts.plan.fact'), t('charts.plan.expected'), t('charts.plan.pace'), t('charts.plan.forecast')],
    tableRows);
  return figure('plan', t('charts.plan.title'), t('charts.plan.desc'), svgs, table, { wide: true });
}

// ---------------------------------------------------------------------------

// A phone's width, where the funnel is drawn half-width (styles/charts.css has the same breakpoint).
const NARROW = '(max-width: 640px)';

class KpiCharts extends ReportView {
  #pipeline = null; // the chosen pipeline's name
  #narrow = null;   // the NARROW media query, watched while connected
  #onNarrow = () => { if (this.report) this.render(); };

  connectedCallback() {
    this.#narrow ??= globalThis.matchMedia?.(NARROW) ?? null;
    this.#narrow?.addEventListener('change', this.#onNarrow);
    super.connectedCallback();
  }

  disconnectedCallback() { this.#narrow?.removeEventListener('change', this.#onNarrow); }

  // On the element itself: render() keeps the nodes it drew before (morph), not their listeners.
  listen() {
    this.addEventListener('change', (event) => {
      const select = event.target.closest('select[data-pipeline-select]');
      if (!select) return;
      this.#pipeline = select.value;
      this.render();
    });
    this.addEventListener('click', (event) => {
      if (event.target.closest('button[data-action="open-settings"]')) document.querySelector('kpi-settings')?.open?.();
    });
  }

  /** What render() draws from (ReportView: a new report with the same key is not drawn again). */
  renderKey() {
    const report = this.report;
    if (!report) return null;
    return [report.stages, report.norms?.stalled_share, report.loss_reasons, report.loss_mix, report.plan_days,
      Object.keys(PLAN_MEASURES).map((measure) => planRows(report, measure)), this.#pipeline, Boolean(this.#narrow?.matches)];
  }

  /** Pipelines in report order, the largest (most deals at its first stage) first choice. */
  #pipelines() {
    const byName = Map.groupBy(this.report?.stages ?? [], (row) => row.pipeline);
    for (const rows of byName.values()) rows.sort((a, b) => a.order - b.order);
    return byName;
  }

  render() {
    const report = this.report;
    const heading = h('h2', { class: 'kpi-section-title' }, t('charts.title'));
    if (!report) {
      this.hidden = true;
      this.replaceChildren(heading);
      return;
    }
    this.hidden = false;
    const pipelines = this.#pipelines();
    const names = [...pipelines.keys()];
    if (!pipelines.has(this.#pipeline)) {
      this.#pipeline = names.sort((a, b) => (pipelines.get(b)[0]?.reached ?? 0) - (pipelines.get(a)[0]?.reached ?? 0))[0] ?? null;
    }
    const parts = [heading];
    if (names.length > 1) {
      const select = h('select', { class: 'kpi-chart-pipeline', 'data-pipeline-select': '' },
        ...[...pipelines.keys()].map((name) => h('option', { value: name, selected: name === this.#pipeline }, name)));
      parts.push(h('label', { class: 'kpi-chart-pipeline-label' }, `${t('charts.pipeline')}: `, select));
    }
    const grid = h('div', { class: 'kpi-charts-grid' });
    const stages = pipelines.get(this.#pipeline) ?? [];
    if (stages.length) {
      grid.append(funnelChart(stages, { narrow: Boolean(this.#narrow?.matches) }), stalledChart(stages, report.norms?.stalled_share), timeChart(stages));
      grid.dataset.pipeline = this.#pipeline;
    } else {
      grid.append(h('p', { class: 'kpi-muted kpi-chart-wide' }, t('charts.empty')));
    }
    const reasons = report.loss_reasons ?? [];
    grid.append(reasons.length ? lossChart(reasons)
      : h('figure', { class: 'kpi-chart', 'data-chart': 'loss' }, h('figcaption', {}, h('h3', { class: 'kpi-chart-title' }, t('charts.loss.title'))),
        h('p', { class: 'kpi-muted' }, t('charts.loss.empty'))));
    const mix = lossMixFigure(report);  // issue 11: each manager's reasons against the team's (core-ranked)
    if (mix) grid.append(mix);
    const plans = Object.keys(PLAN_MEASURES).map((measure) => [measure, planRows(report, measure)]).filter(([, rows]) => rows.length);
    if (plans.length) {
      grid.append(planChart(plans));
      const days = planDaysFigure(report);  // issue 11: cumulative fact against the plan line by working day
      if (days) grid.append(days);
    } else {
      const open = h('button', { type: 'button', class: 'kpi-button', 'data-action': 'open-settings' }, t('charts.plan.open_settings'));
      grid.append(h('figure', { class: 'kpi-chart', 'data-chart': 'plan' },
        h('figcaption', {}, h('h3', { class: 'kpi-chart-title' }, t('charts.plan.title'))),
        h('p', { class: 'kpi-muted' }, t('charts.plan.empty')), open));
    }
    parts.push(grid);
    this.replaceChildren(...parts);
  }
}

customElements.define('kpi-charts', KpiCharts);
