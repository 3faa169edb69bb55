// <kpi-trends>: every metric of the report's series (report.series, issue 11;
// docs/report.md "Series") as a line chart per KPI, the team and the managers
// the user picks, with the norm line point by point; plus the small pieces
// the matrix and the board borrow: a sparkline of one row's points and the
// direction mark of a metric. Values, statuses, norms and directions are the
// core's (each point a fresh analysis of its week or month, judged by the one
// judge): this module only draws them.

import { intl, language, t } from '../i18n.mjs';
import { displayName, h, saveBlob, svg } from '../dom.mjs';
import { METRIC_GROUPS, formatDelta, formatMetric, isNumber, metricLabel, metricTitle } from './metrics.mjs';
import { linePath, oneOnOneHtml, sparkGeometry } from '../engine/one-on-one.mjs';
import { monthLabel, winChangeSection } from './dynamics.mjs';
import { ReportView } from './report-view.mjs';

const W = 640, H = 230;                                  // the chart's viewBox
const LEFT = 64, RIGHT = 28, TOP = 14, BOTTOM = 34;       // room for the axis labels, inside the box
const COLOURS = 6;                                        // styles/trends.css: data-colour 0 (the team) .. 5
const MAX_MANAGERS = COLOURS - 1;

/** A point's label: the week's Monday ("2 Mar") or the month ("Mar 2026"), in the page's language. */
export function pointLabel(point, bucket) {
  if (bucket === 'month') return monthLabel(point.from);
  // Bucket starts are local midnights of the settings' zone: noon after it is the same day anywhere within ±12 h.
  return intl(Intl.DateTimeFormat, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(Date.parse(point.from) + 12 * 3600 * 1000));
}

/** The norm of a series row for `metric`: [low, high] for a range, a number, or null. */
function normOfPoint(row, metric) {
  const norm = row?.norms?.[metric];
  if (Array.isArray(norm)) return norm.every(isNumber) ? norm : null;
  return isNumber(norm) ? norm : null;
}

const ARROW = { up: '↗', down: '↘', flat: '→' };

/** The direction of a metric over the last points (series.*.direction[metric]) as a small mark, or null. */
export function directionMark(direction, metric) {
  if (!direction?.trend) return null;
  const words = t(`trends.trend.${direction.trend}`) + (direction.verdict ? `, ${t(`trends.verdict.${direction.verdict}`)}` : '');
  const change = isNumber(direction.change) && direction.trend !== 'flat' ? ` (${formatDelta(metric, direction.change)})` : '';
  return h('span', {
    class: 'kpi-trend-mark', 'data-trend': direction.trend, 'data-verdict': direction.verdict ?? '',
    title: t('trends.direction', { words, change, n: direction.points }),
  }, ARROW[direction.trend] ?? '');
}

/** A board tile's line: the team's direction of `metric` over the last points, in words, or null. */
export function trendLine(report, metric) {
  const series = report?.series;
  const direction = series?.team?.direction?.[metric];
  if (!direction?.trend) return null;
  const words = t(`trends.trend.${direction.trend}`) + (direction.verdict && direction.verdict !== 'same' ? `, ${t(`trends.verdict.${direction.verdict}`)}` : '');
  return h('span', { class: 'kpi-tile-trend', 'data-trend': direction.trend, 'data-verdict': direction.verdict ?? '' },
    directionMark(direction, metric), ' ', t(series.bucket === 'month' ? 'trends.tile_months' : 'trends.tile_weeks', { n: direction.points, words }));
}

/** The series points of the team (name null) or of one manager, or []. */
export function seriesPoints(report, name) {
  const series = report?.series;
  if (!series) return [];
  if (name === null || name === undefined) return series.team?.points ?? [];
  return series.managers?.find((m) => m.name === name)?.points ?? [];
}

/**
 * A sparkline of one series row (its `points`) for `metric`: a small inline
 * SVG, one circle per point with a value (data-value, data-status), the
 * points joined where they follow each other.
 */
export function sparkline(points, metric, { width = 48, height = 12 } = {}) {
  const key = `${metric} ${width} ${height}`;
  const drawn = points && sparklines.get(points)?.get(key);
  if (drawn !== undefined) return drawn?.cloneNode(true) ?? null;
  const geometry = sparkGeometry(points, metric, { width, height, pad: 2 });
  const spark = geometry && svg('svg', { class: 'kpi-spark', viewBox: `0 0 ${width} ${height}`, width, height, 'aria-hidden': 'true', 'data-metric': metric },
    svg('path', { d: geometry.d, class: 'kpi-spark-line' }),
    ...geometry.dots.map((p) => svg('circle', { cx: p.x, cy: p.y, r: 1.6, 'data-value': p.value, 'data-status': p.status })));
  if (points) sparklines.set(points, (sparklines.get(points) ?? new Map()).set(key, spark));
  return spark?.cloneNode(true) ?? null;
}
// The sparklines drawn per series row (its points array, so a new report starts afresh): the
// matrix draws ~130 of them, the same after a language switch; a copy of a drawn one costs far less.
const sparklines = new WeakMap();

class KpiTrends extends ReportView {
  static skipsSameReport = true; // reportChanged() only reads the report
  #metric = 'win_rate';
  #managers = new Set();

  reportChanged() {
    const names = new Set((this.report?.series?.managers ?? []).map((m) => m.name));
    for (const name of [...this.#managers]) if (!names.has(name)) this.#managers.delete(name);
  }

  listen() {
    this.addEventListener('click', (event) => {
      if (!event.target.closest('button[data-one-on-one]')) return;
      const name = this.querySelector('select[data-one-on-one-manager]')?.value;
      if (!name || !this.report) return;
      // The sheet wasm/one-on-one.mjs writes, the same as `kpi-lens analyze --format html --manager NAME`.
      const page = oneOnOneHtml(this.report, name, { lang: language() });
      saveBlob(`kpi-lens-1on1-${name.replace(/[^\p{L}\p{N}]+/gu, '-')}.html`, new Blob([page], { type: 'text/html;charset=utf-8' }));
    });
    this.addEventListener('change', (event) => {
      if (event.target.matches('select[data-one-on-one-manager]')) return;
      const target = event.target;
      if (target.matches('select[data-trend-metric]')) this.#metric = target.value;
      if (target.matches('input[data-trend-manager]')) {
        if (target.checked && this.#managers.size < MAX_MANAGERS) this.#managers.add(target.value);
        else this.#managers.delete(target.value);
      }
      this.render();
      this.querySelector(target.matches('select') ? 'select[data-trend-metric]' : `input[data-trend-manager="${CSS.escape(target.value)}"]`)?.focus();
    });
  }

  /** What render() draws from: the chosen metric's points of the rows drawn, the managers, the win rate change. */
  renderKey() {
    const report = this.report;
    const series = report?.series;
    if (!report || !series?.points?.length) return null;
    const metric = this.#metric;
    const row = (r) => [r.direction?.[metric] ?? null, (r.points ?? []).map((p) => [p.metrics?.[metric], p.status?.[metric], p.norms?.[metric]])];
    return [series.bucket, series.points, row(series.team), (series.managers ?? []).map((m) => [m.name, this.#managers.has(m.name) ? row(m) : null]),
      report.win_rate_change, metric, [...this.#managers]];
  }

  render() {
    const series = this.report?.series;
    const heading = h('h2', { class: 'kpi-section-title' }, t('trends.title'));
    if (!series?.points?.length) {
      this.replaceChildren(...[heading, h('p', { class: 'kpi-muted' }, t('trends.none')), winChangeSection(this.report)].filter(Boolean));
      return;
    }
    const metric = this.#metric;
    const picker = h('label', { class: 'kpi-trends-pick' }, t('trends.metric'), ' ',
      h('select', { 'data-trend-metric': '' }, ...METRIC_GROUPS.flatMap((g) => g.metrics).map((m) =>
        h('option', { value: m, selected: m === metric }, metricTitle(m)))));
    const managers = h('fieldset', { class: 'kpi-trends-managers' }, h('legend', {}, t('trends.managers', { n: MAX_MANAGERS })),
      ...series.managers.map((m) => h('label', {},
        h('input', { type: 'checkbox', value: m.name, 'data-trend-manager': m.name, checked: this.#managers.has(m.name),
          disabled: !this.#managers.has(m.name) && this.#managers.size >= MAX_MANAGERS }), ' ', displayName(m.name))));
    const rows = [{ name: null, label: t('trends.team'), row: series.team }, ...series.managers
      .filter((m) => this.#managers.has(m.name)).map((m) => ({ name: m.name, label: displayName(m.name), row: m }))];
    const sheet = series.managers.length ? h('p', { class: 'kpi-trends-sheet' },
      h('label', {}, t('trends.sheet'), ' ', h('select', { 'data-one-on-one-manager': '' },
        ...series.managers.map((m) => h('option', { value: m.name }, displayName(m.name))))),
      ' ', h('button', { type: 'button', class: 'kpi-button', 'data-one-on-one': '' }, t('trends.sheet_download'))) : null;
    this.replaceChildren(...[heading,
      h('p', { class: 'kpi-muted' }, t(series.bucket === 'month' ? 'trends.by_month' : 'trends.by_week')),
      h('div', { class: 'kpi-trends-controls' }, picker, managers),
      this.#chart(series, metric, rows), winChangeSection(this.report), sheet].filter(Boolean));
  }

  #chart(series, metric, rows) {
    const n = series.points.length;
    const values = rows.flatMap((r) => r.row.points.map((p) => p.metrics?.[metric])).filter(isNumber);
    const norms = series.team.points.map((p) => normOfPoint(p, metric));
    const normValues = norms.flatMap((v) => (v === null ? [] : [].concat(v)));
    const all = [...values, ...normValues];
    const title = metricTitle(metric);
    const figure = h('figure', { class: 'kpi-trend', 'data-metric': metric, 'data-bucket': series.bucket });
    if (!values.length) {
      figure.append(h('figcaption', {}, title), h('p', { class: 'kpi-muted' }, t('trends.no_values')));
      return figure;
    }
    let lo = Math.min(0, ...all), hi = Math.max(...all);
    if (hi === lo) hi = lo + 1;
    hi += (hi - lo) * 0.08;
    const x = (i) => LEFT + (n === 1 ? (W - LEFT - RIGHT) / 2 : (i * (W - LEFT - RIGHT)) / (n - 1));
    const y = (v) => TOP + (H - TOP - BOTTOM) * (1 - (v - lo) / (hi - lo));
    const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'kpi-trend-svg', role: 'img', 'aria-label': title, preserveAspectRatio: 'xMidYMid meet' });
    for (const tick of [lo, (lo + hi) / 2, hi]) {
      chart.append(svg('line', { x1: LEFT, x2: W - RIGHT, y1: y(tick).toFixed(1), y2: y(tick).toFixed(1), class: 'kpi-trend-grid' }),
        svg('text', { x: LEFT - 6, y: (y(tick) + 4).toFixed(1), 'text-anchor': 'end', class: 'kpi-trend-axis' }, formatMetric(metric, tick, { compact: true })));
    }
    const every = Math.max(1, Math.ceil(n / 8));
    series.points.forEach((p, i) => {
      if (i % every !== 0 && i !== n - 1) return;
      chart.append(svg('text', { x: x(i).toFixed(1), y: H - 12, 'text-anchor': 'middle', class: 'kpi-trend-axis', 'data-index': i }, pointLabel(p, series.bucket)));
    });
    // The norm in force at each point (a range draws both bounds).
    for (const side of [0, 1]) {
      const line = norms.map((v) => (v === null ? null : Array.isArray(v) ? v[side] : side === 0 ? v : null));
      if (!line.some(isNumber)) continue;
      chart.append(svg('path', { d: linePath(line, x, y), class: 'kpi-trend-norm', 'data-norms': line.map((v) => v ?? '').join(' ') }));
    }
    rows.forEach((r, k) => {
      const line = r.row.points.map((p) => p.metrics?.[metric]);
      const group = svg('g', { class: 'kpi-trend-line', 'data-row': r.name ?? 'team', 'data-colour': k });
      group.append(svg('path', { d: linePath(line, x, y), fill: 'none' }));
      line.forEach((v, i) => {
        if (!isNumber(v)) return;
        const status = r.row.points[i]?.status?.[metric] ?? '';
        const partial = series.points[i].partial ? ` ${t('trends.partial')}` : '';
        group.append(svg('circle', { cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: 3.5, 'data-index': i, 'data-value': v, 'data-status': status, class: 'kpi-trend-dot' },
          svg('title', {}, `${r.label}, ${pointLabel(series.points[i], series.bucket)}${partial}: ${formatMetric(metric, v)}`)));
      });
      chart.append(group);
    });
    const legend = h('ul', { class: 'kpi-trend-legend' },
      ...rows.map((r, k) => h('li', { 'data-row': r.name ?? 'team' }, h('span', { class: 'kpi-trend-swatch', 'data-colour': k }), r.label, ' ',
        directionMark(r.row.direction?.[metric], metric))),
      normValues.length ? h('li', { class: 'kpi-trend-legend-norm' }, h('span', { class: 'kpi-trend-swatch kpi-trend-swatch-norm' }), t('trends.norm')) : null);
    figure.append(h('figcaption', {}, title, ' — ', metricLabel(metric)), h('div', { class: 'kpi-trend-scroll' }, chart), legend);
    return figure;
  }
}

customElements.define('kpi-trends', KpiTrends);
