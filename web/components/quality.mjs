// <kpi-quality>: the report's data quality checks (spec/kpi.md §6) and the
// per-KPI coverage, in words: what is wrong, how many rows or deals, which
// ones (deal ids, or file:line for rows the readers skipped), why it matters,
// and how serious it is. Checks that found nothing are listed, folded.

import { formatCount, intl, language, t, tn } from '../i18n.mjs';
import { checkMessage } from '../engine/messages.mjs';
import { h } from '../dom.mjs';
import { stateText } from './today.mjs';
import { ReportView } from './report-view.mjs';

/** How much a check's findings distort the KPIs: high breaks a figure outright, medium skews it. */
const SEVERITY = {
  skipped_rows: 'high', missing_owner: 'high', won_missing_amount: 'high', closed_missing_closed_at: 'high',
  artificial_cleanup: 'high', mixed_currencies: 'high', closed_before_created: 'medium',
  duplicate_deal_id: 'medium', missing_source: 'medium', lost_missing_reason: 'medium', unlinked_rows: 'medium',
  junk_stages: 'medium', too_many_loss_reasons: 'medium', open_without_task_or_touch: 'medium',
};
const UNIT = {
  skipped_rows: 'rows', duplicate_deal_id: 'rows', unlinked_rows: 'rows', junk_stages: 'stages',
  too_many_loss_reasons: 'reasons', mixed_currencies: 'currencies',
};
const RANK = { high: 0, medium: 1, ok: 2 };

/** Severity of a check row: ok when it found nothing. */
export function checkSeverity(row) {
  return row.count > 0 ? SEVERITY[row.check] ?? 'medium' : 'ok';
}

/** Severity of a coverage row: under half covered is high, under 90 % medium. */
export function coverageSeverity(row) {
  if (!(row.total > 0)) return row.note ? 'high' : 'ok';
  const share = row.covered / row.total;
  return share < 0.5 ? 'high' : share < 0.9 ? 'medium' : 'ok';
}

/** core/kpi/quality.cpp percent_lacking: whole percent, never 0 when some lack, nor 100 when some have. */
export function percentLacking(covered, total) {
  const rounded = Math.floor((100 * (total - covered)) / total + 0.5);
  return Math.min(Math.max(rounded, 1), covered === 0 ? 100 : 99);
}

function wholePercent(n) {
  return intl(Intl.NumberFormat, { style: 'percent', maximumFractionDigits: 0 }).format(n / 100);
}

/** The count in words: "51 deals (1.0 % of 5,000 deals)". */
function countText(row, dealTotal) {
  const unit = UNIT[row.check] ?? 'deals';
  let text = tn(`quality.unit.${unit}`, row.count);
  if (unit === 'deals' && dealTotal > 0) {
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
    const rows = (report.data_quality ?? []).map((row, index) => ({ row, index, severity: checkSeverity(row) }));
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
      const severity = coverageSeverity(row);
      const share = row.total > 0 ? row.covered / row.total : null;
      let note = '';
      if (row.total > 0 && row.covered < row.total && row.covered > 0) {
        note = t(`quality.lack.${row.metric}`, { pct: wholePercent(percentLacking(row.covered, row.total)) });
      } else if (row.note) { // the note's words, else what is lacking, else the core's note as it is
        const lack = row.total > 0 && row.covered < row.total ? t(`quality.lack.${row.metric}`, { pct: wholePercent(percentLacking(row.covered, row.total)) }) : row.note;
        note = t(`quality.missing.${row.note}`, {}, lack);
      }
      const fill = h('span', { class: 'kpi-bar-fill kpi-coverage-fill', 'data-severity': severity });
      fill.style.width = `${(share ?? 0) * 100}%`;
      const bar = h('span', { class: 'kpi-bar', 'aria-hidden': 'true' }, fill);
      // Whole percent, but a partial gap never reads 100 % (nor a partial cover 0 %), as in the core's notes.
      const coveredPercent = row.covered === row.total ? 100 : 100 - percentLacking(row.covered, row.total);
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
