// <kpi-matrix>: one row per manager, in report order, and the team row.

import { formatCount, t } from '../i18n.mjs';
import { formatInstant, formatMoney, formatPercent, h } from '../dom.mjs';

const MATRIX_COLUMNS = [
  { metric: 'won_count', label: 'matrix.won', format: formatCount },
  { metric: 'lost_count', label: 'matrix.lost', format: formatCount },
  { metric: 'win_rate', label: 'matrix.win_rate', format: formatPercent },
  { metric: 'revenue', label: 'matrix.revenue', format: formatMoney },
  { metric: 'avg_won_amount', label: 'matrix.avg_won', format: formatMoney },
];

function metricCell(metric, value, format) {
  const present = typeof value === 'number' && Number.isFinite(value);
  if (!present) {
    return h('td', {
      class: 'kpi-num kpi-null', 'data-metric': metric, 'data-value': '', title: t('value.no_data'),
    }, '—');
  }
  const cell = h('td', { class: 'kpi-num', 'data-metric': metric, 'data-value': String(value) });
  if (format === formatMoney && !Number.isInteger(value)) cell.title = formatMoney(value, { exact: true });
  if (metric === 'win_rate') {
    // A small bar of the share; it holds no text, so the cell's text is the number alone.
    const fill = h('span', { class: 'kpi-bar-fill' });
    fill.style.width = `${Math.min(1, Math.max(0, value)) * 100}%`;
    cell.append(h('span', { class: 'kpi-bar', 'aria-hidden': 'true' }, fill), h('span', { class: 'kpi-share-text' }, format(value)));
    return cell;
  }
  cell.append(format(value));
  return cell;
}

class KpiMatrix extends HTMLElement {
  #report = null;

  get report() { return this.#report; }
  set report(value) {
    this.#report = value ?? null;
    this.render();
  }

  connectedCallback() { this.render(); }

  render() {
    const report = this.#report;
    const heading = h('h2', { class: 'kpi-section-title' }, t('matrix.title'));
    if (!report) {
      this.replaceChildren(heading, h('p', { class: 'kpi-muted kpi-matrix-none' }, t('matrix.none')));
      return;
    }
    const meta = report.as_of || report.period?.from ? h('p', { class: 'kpi-meta' },
      h('span', {}, `${t('meta.as_of')}: `,
        h('time', { datetime: report.as_of ?? '', 'data-as-of': report.as_of ?? '' },
          formatInstant(report.as_of, { withTime: true }))),
      h('span', { class: 'kpi-meta-sep', 'aria-hidden': 'true' }, '·'),
      h('span', {}, `${t('meta.period')}: `,
        h('time', { datetime: report.period?.from ?? '', 'data-period-from': report.period?.from ?? '' },
          formatInstant(report.period?.from, { withTime: false })),
        ' – ',
        // The period is [from, to): show the last day inside it.
        h('time', { datetime: report.period?.to ?? '', 'data-period-to': report.period?.to ?? '' },
          formatInstant(report.period?.to, { withTime: false, exclusiveEnd: true })))) : null;

    const managers = report.managers ?? [];
    const head = h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'kpi-col-name' }, t('matrix.manager')),
      ...MATRIX_COLUMNS.map((c) => h('th', { scope: 'col', class: 'kpi-num', 'data-metric': c.metric }, t(c.label)))));
    const row = (attributes, name, metrics) => h('tr', attributes,
      h('th', { scope: 'row', class: 'kpi-col-name' }, name),
      ...MATRIX_COLUMNS.map((c) => metricCell(c.metric, metrics?.[c.metric], c.format)));
    const body = h('tbody', {}, ...managers.map((m) => row({ 'data-manager': m.name ?? '' }, m.name || '—', m.metrics)));
    if (managers.length === 0) {
      body.append(h('tr', { class: 'kpi-empty-row' },
        h('td', { colspan: MATRIX_COLUMNS.length + 1 }, t('matrix.empty'))));
    }
    const foot = h('tfoot', { hidden: managers.length === 0 }, row({ 'data-team': '' }, t('matrix.team'), report.team?.metrics));
    const table = h('table', { class: 'kpi-table' }, head, body, foot);

    const shown = new Set(MATRIX_COLUMNS.map((c) => c.metric));
    const missing = (report.unavailable ?? []).filter((u) => shown.has(u.metric));
    const note = missing.length
      ? h('p', { class: 'kpi-muted kpi-unavailable' }, t('matrix.unavailable', {
        metrics: missing.map((u) => {
          const column = MATRIX_COLUMNS.find((c) => c.metric === u.metric);
          return u.reason ? `${t(column.label)} (${u.reason})` : t(column.label);
        }).join('; '),
      }))
      : null;
    this.replaceChildren(...[heading, meta, h('div', { class: 'kpi-table-wrap' }, table), note].filter(Boolean));
  }
}

customElements.define('kpi-matrix', KpiMatrix);
