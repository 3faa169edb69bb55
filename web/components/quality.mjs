// <kpi-quality>: the report's data quality checks (spec/kpi.md §6) and the
// per-KPI coverage, in words: what is wrong, how many rows or deals, which
// ones (deal ids, or file:line for rows the readers skipped), why it matters,
// and how serious it is. Checks that found nothing are listed, folded.

import { formatCount, intl, language, t, tn } from '../i18n.mjs';
import { checkMessage } from '../engine/messages.mjs';
import { h } from '../dom.mjs';
import { stateText } from './today.mjs';
import { ReportView } from './report-view.mjs';

// How serious a check's findings or a coverage gap are (`severity`: high, medium, ok), what a
// check counts (`unit`) and how much of a cohort lacks its input (`lacking_pct`, `code`) are the
// report's (core/kpi/quality.cpp; docs/report.md): this view orders and words them.
const RANK = { high: 0, medium: 1, ok: 2 };

function wholePercent(n) {
  return intl(Intl.NumberFormat, { style: 'percent', maximumFractionDigits: 0 }).format(n / 100);
}

/** The count in words: "51 deals (1.0 % of 5,000 deals)". */
function countText(row, dealTotal) {
  let text = tn(`quality.unit.${row.unit}`, row.count);
  if (row.unit === 'deals' && dealTotal > 0) {
    const fraction = row.count / dealTotal;
    const format = (v) => intl(Intl.NumberFormat, { style: 'percent', maximumFractionDigits: 1 }).format(v);
    const share = fraction < 0.001 ? `< ${format(0.001)}` : format(fraction); // 2 of 5,000 is not "0 %"
    text += ` (${t('quality.of_deals', { share, total: formatCount(dealTotal) })})`;
  }
  return text;
}

function severityBadge(severity) {
  return h('span', { class: 'kpi-severity', 'data-severity': severity }, t(`quality.severity.${severity}`));
}

class KpiQuality extends ReportView {
  render() {
    const report = this.report;
    const heading = h('h2', { class: 'kpi-section-title' }, t('quality.title'));
    if (!report) {
      this.hidden = true;
      this.replaceChildren(heading);
      return;
    }
    this.hidden = false;
    const dealTotal = (report.inputs ?? []).filter((i) => i.kind === 'deals').reduce((sum, i) => sum + (i.rows ?? 0), 0);
    const rows = (report.data_quality ?? []).map((row, index) => ({ row, index, severity: row.severity }));
    const found = rows.filter((r) => r.severity !== 'ok')
      .sort((a, b) => RANK[a.severity] - RANK[b.severity] || b.row.count - a.row.count || a.index - b.index);
    const passed = rows.filter((r) => r.severity === 'ok');

    const item = ({ row, severity }) => {
      const examples = this.#examples(row, report);
      return h('li', { class: 'kpi-check', 'data-check': row.check, 'data-severity': severity, 'data-count': row.count },
        h('div', { class: 'kpi-check-head' },
          severityBadge(severity),
          h('span', { class: 'kpi-check-title' }, checkMessage(row.check, language())),
          severity !== 'ok' ? h('span', { class: 'kpi-check-count' }, countText(row, dealTotal)) : null),
        severity !== 'ok' ? h('p', { class: 'kpi-check-why' }, t(`quality.why.${row.check}`)) : null,
        examples.length ? h('p', { class: 'kpi-check-examples' }, h('span', { class: 'kpi-muted-inline' }, `${t('quality.examples')} `),
          ...examples.flatMap((e, i) => [i ? ' ' : null, h('code', { class: 'kpi-example', title: e.title ?? null }, e.text)]).filter(Boolean)) : null);
    };
    const parts = [heading, h('p', { class: 'kpi-muted kpi-quality-intro' }, t('quality.intro'))];
    // No deal read is not a clean bill of health: the core's state says what was read (issue 10).
    const state = stateText(report);
    if (state) parts.push(h('p', { class: 'kpi-state-note', role: 'status', 'data-state': report.state.code }, state));
    else parts.push(found.length ? h('ul', { class: 'kpi-checks' }, ...found.map(item)) : h('p', { class: 'kpi-quality-ok' }, t('quality.all_ok')));
    if (passed.length && !state) {
      parts.push(h('details', { class: 'kpi-checks-passed' },
        h('summary', {}, tn('quality.passed', passed.length)),
        h('ul', { class: 'kpi-checks' }, ...passed.map(item))));
    }
    parts.push(this.#coverage(report.coverage ?? []));
    this.replaceChildren(...parts);
  }

  /** Examples as shown: rows skipped by a reader with the reader's message, deal ids as they are. */
  #examples(row, report) {
    if (row.check !== 'skipped_rows') return row.examples.map((text) => ({ text }));
    const messages = new Map();
    for (const input of report.inputs ?? []) {
      for (const issue of input.issues ?? []) {
        if (issue.line) messages.set(`${input.file}:${issue.line}`, issue.message);
      }
    }
    return row.examples.map((text) => ({ text, title: messages.get(text) ?? null }));
  }

  #coverage(rows) {
    if (!rows.length) return null;
    const body = rows.map((row) => {
      const { severity } = row;
      const share = row.total > 0 ? row.covered / row.total : null;
      const note = row.code ? t(`quality.missing.${row.code}`)
        : row.lacking_pct !== null ? t(`quality.lack.${row.metric}`, { pct: wholePercent(row.lacking_pct) }) : '';
      const fill = h('span', { class: 'kpi-bar-fill kpi-coverage-fill', 'data-severity': severity });
      fill.style.width = `${(share ?? 0) * 100}%`;
      const bar = h('span', { class: 'kpi-bar', 'aria-hidden': 'true' }, fill);
      // Whole percent, but a partial gap never reads 100 % (nor a partial cover 0 %), as in the core's notes.
      const coveredPercent = 100 - (row.lacking_pct ?? 0);
      const covered = row.total > 0
        ? `${wholePercent(coveredPercent)} · ${t('quality.coverage.of', { covered: formatCount(row.covered), total: formatCount(row.total) })}`
        : t('quality.coverage.empty');
      return h('tr', { 'data-metric': row.metric, 'data-severity': severity, 'data-covered': row.covered, 'data-total': row.total },
        h('th', { scope: 'row' }, t(`quality.metric.${row.metric}`)),
        h('td', { class: 'kpi-coverage-cell' }, bar, h('span', { class: 'kpi-share-text' }, covered)),
        h('td', { class: 'kpi-coverage-note' }, severity !== 'ok' ? severityBadge(severity) : null, severity !== 'ok' ? ' ' : null,
          note || (row.total > 0 ? t('quality.coverage.full') : '')));
    });
    return h('div', { class: 'kpi-coverage' },
      h('h3', { class: 'kpi-subsection-title' }, t('quality.coverage.title')),
      h('div', { class: 'kpi-table-wrap' }, h('table', { class: 'kpi-table kpi-table-compact' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('quality.coverage.metric')),
          h('th', { scope: 'col' }, t('quality.coverage.covered')),
          h('th', { scope: 'col' }, t('quality.coverage.note')))),
        h('tbody', {}, ...body))));
  }
}

customElements.define('kpi-quality', KpiQuality);
