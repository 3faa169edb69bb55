// <kpi-quality>: the report's data quality checks (spec/kpi.md §6) and the
// per-KPI coverage, in words: what is wrong, how many rows or deals, which
// ones (deal ids, or file:line for rows the readers skipped), why it matters,
// and how serious it is. Checks that found nothing are listed, folded.

import { addStrings, formatCount, intl, language, t, tn } from '../i18n.mjs';
import { checkMessage } from '../engine/messages.mjs';
import { h } from '../dom.mjs';
import { stateText } from './today.mjs';
import { ReportView } from './report-view.mjs';

addStrings({
  en: {
    'quality.title': 'Data quality',
    'quality.intro': 'Bad data makes every KPI wrong. These checks ran on the loaded files.',
    'quality.none': 'No report yet.',
    'quality.all_ok': 'Every check passed.',
    'quality.passed': { one: '{n} check found nothing', other: '{n} checks found nothing' },
    'quality.examples': 'Examples:',
    'quality.severity.high': 'Important',
    'quality.severity.medium': 'Check',
    'quality.severity.ok': 'OK',
    'quality.coverage.title': 'What each KPI could be computed on',
    'quality.coverage.metric': 'KPI',
    'quality.coverage.covered': 'Covered',
    'quality.coverage.note': 'What the rest lack',
    'quality.coverage.of': '{covered} of {total}',
    'quality.coverage.full': 'nothing missing',
    'quality.coverage.empty': 'nothing to compute on',
    'quality.unit.rows': { one: '{n} row', other: '{n} rows' },
    'quality.unit.deals': { one: '{n} deal', other: '{n} deals' },
    'quality.unit.stages': { one: '{n} stage', other: '{n} stages' },
    'quality.unit.reasons': { one: '{n} reason', other: '{n} reasons' },
    'quality.unit.currencies': { one: '{n} currency', other: '{n} currencies' },
    'quality.of_deals': '{share} of {total} deals',
    'quality.why.skipped_rows': 'These rows were left out of every figure. The file and line say where to look.',
    'quality.why.duplicate_deal_id': 'The first row of each id is used, the repeats are ignored.',
    'quality.why.missing_owner': 'They count for the team but for no manager, so the matrix understates someone.',
    'quality.why.missing_source': 'They are in no source group and are treated as warm leads for the SLA.',
    'quality.why.won_missing_amount': 'Revenue and the average deal leave them out.',
    'quality.why.lost_missing_reason': 'They show as “No reason given” among the loss reasons; the norm is at most 5 %.',
    'quality.why.closed_missing_closed_at': 'They cannot be placed in a period, so win rate and revenue leave them out.',
    'quality.why.closed_before_created': 'Their cycle would be negative, so velocity leaves them out.',
    'quality.why.unlinked_rows': 'Their deal id is not in the deals file (another export, or a deleted deal); they are ignored.',
    'quality.why.junk_stages': 'Stages such as “thinking” or “waiting” hide deals that nobody moves; stalled and conversion figures suffer.',
    'quality.why.too_many_loss_reasons': 'Too many reasons split the picture; the examples are the least used, the first to merge.',
    'quality.why.open_without_task_or_touch': 'No task and no touch ever: forgotten deals.',
    'quality.why.artificial_cleanup': 'Many long-stalled deals were closed as lost in the last 3 days: the stalled share looks better than the work was.',
    'quality.why.mixed_currencies': 'Revenue adds the amounts without converting them.',
    'quality.metric.frt': 'First response time',
    'quality.metric.sla': 'SLA compliance',
    'quality.metric.next_step': 'Next step',
    'quality.metric.touches': 'Touches per won deal',
    'quality.metric.conversion': 'Stage conversion',
    'quality.metric.win_rate': 'Win rate',
    'quality.metric.revenue': 'Revenue',
    'quality.lack.frt': '{pct} of the leads created in the period have no outgoing touch',
    'quality.lack.sla': '{pct} of the leads are still within their deadline',
    'quality.lack.next_step': '{pct} of the open deals have no task',
    'quality.lack.touches': '{pct} of the won deals have no touch',
    'quality.lack.conversion': '{pct} of the deals have no stage history',
    'quality.lack.win_rate': '{pct} of the closed deals have no close date',
    'quality.lack.revenue': '{pct} of the won deals have no amount',
    'quality.missing.no activities loaded': 'No activities (calls, messages) loaded',
    'quality.missing.no deals loaded': 'No deals loaded',
    'quality.missing.no stage events loaded': 'No stage history loaded',
    'quality.missing.no tasks with due dates loaded': 'No tasks with due dates loaded',
  },
  ru: {
    'quality.title': 'Качество данных',
    'quality.intro': 'Плохие данные искажают любой KPI. Эти проверки выполнены по загруженным файлам.',
    'quality.none': 'Отчёта пока нет.',
    'quality.all_ok': 'Все проверки пройдены.',
    'quality.passed': { one: '{n} проверка ничего не нашла', few: '{n} проверки ничего не нашли', many: '{n} проверок ничего не нашли', other: '{n} проверки ничего не нашли' },
    'quality.examples': 'Примеры:',
    'quality.severity.high': 'Важно',
    'quality.severity.medium': 'Проверить',
    'quality.severity.ok': 'OK',
    'quality.coverage.title': 'На чём удалось посчитать каждый KPI',
    'quality.coverage.metric': 'KPI',
    'quality.coverage.covered': 'Охват',
    'quality.coverage.note': 'Чего не хватает остальным',
    'quality.coverage.of': '{covered} из {total}',
    'quality.coverage.full': 'ничего не упущено',
    'quality.coverage.empty': 'не на чем считать',
    'quality.unit.rows': { one: '{n} строка', few: '{n} строки', many: '{n} строк', other: '{n} строки' },
    'quality.unit.deals': { one: '{n} сделка', few: '{n} сделки', many: '{n} сделок', other: '{n} сделки' },
    'quality.unit.stages': { one: '{n} этап', few: '{n} этапа', many: '{n} этапов', other: '{n} этапа' },
    'quality.unit.reasons': { one: '{n} причина', few: '{n} причины', many: '{n} причин', other: '{n} причины' },
    'quality.unit.currencies': { one: '{n} валюта', few: '{n} валюты', many: '{n} валют', other: '{n} валюты' },
    'quality.of_deals': '{share} из {total} сделок',
    'quality.why.skipped_rows': 'Эти строки не вошли ни в один показатель. Файл и строка подскажут, где искать.',
    'quality.why.duplicate_deal_id': 'Используется первая строка каждого номера, повторы пропускаются.',
    'quality.why.missing_owner': 'Они учитываются в команде, но ни у одного менеджера — матрица кого-то занижает.',
    'quality.why.missing_source': 'Они не попадают ни в одну группу источников и для SLA считаются тёплыми.',
    'quality.why.won_missing_amount': 'Выручка и средний чек их не учитывают.',
    'quality.why.lost_missing_reason': 'Они попадают в «Причина не указана»; норматив — не более 5 %.',
    'quality.why.closed_missing_closed_at': 'Их нельзя отнести к периоду, поэтому доля выигранных и выручка их не учитывают.',
    'quality.why.closed_before_created': 'Их цикл вышел бы отрицательным, поэтому скорость сделок их не учитывает.',
    'quality.why.unlinked_rows': 'Номера сделки нет в файле сделок (другая выгрузка или удалённая сделка); строки пропущены.',
    'quality.why.junk_stages': 'Этапы вроде «думает» или «ждём ответа» прячут сделки, которые никто не двигает; страдают зависшие и конверсия.',
    'quality.why.too_many_loss_reasons': 'Слишком много причин дробят картину; в примерах — самые редкие, их стоит объединить первыми.',
    'quality.why.open_without_task_or_touch': 'Ни задачи, ни касания за всё время — забытые сделки.',
    'quality.why.artificial_cleanup': 'Много давно зависших сделок закрыто как проигранные в последние 3 дня: доля зависших выглядит лучше, чем была работа.',
    'quality.why.mixed_currencies': 'Выручка складывает суммы без пересчёта.',
    'quality.metric.frt': 'Время первого ответа',
    'quality.metric.sla': 'Соблюдение SLA',
    'quality.metric.next_step': 'Следующий шаг',
    'quality.metric.touches': 'Касаний на выигранную сделку',
    'quality.metric.conversion': 'Конверсия этапов',
    'quality.metric.win_rate': 'Доля выигранных',
    'quality.metric.revenue': 'Выручка',
    'quality.lack.frt': '{pct} лидов, созданных в периоде, без исходящего касания',
    'quality.lack.sla': '{pct} лидов ещё в пределах срока ответа',
    'quality.lack.next_step': '{pct} открытых сделок без задачи',
    'quality.lack.touches': '{pct} выигранных сделок без касаний',
    'quality.lack.conversion': '{pct} сделок без истории этапов',
    'quality.lack.win_rate': '{pct} закрытых сделок без даты закрытия',
    'quality.lack.revenue': '{pct} выигранных сделок без суммы',
    'quality.missing.no activities loaded': 'Не загружены активности (звонки, сообщения)',
    'quality.missing.no deals loaded': 'Не загружены сделки',
    'quality.missing.no stage events loaded': 'Не загружена история этапов',
    'quality.missing.no tasks with due dates loaded': 'Не загружены задачи со сроками',
  },
});

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
      } else if (row.note) {
        const key = `quality.missing.${row.note}`;
        const text = t(key);
        note = text === key
          ? (row.total > 0 && row.covered < row.total ? t(`quality.lack.${row.metric}`, { pct: wholePercent(percentLacking(row.covered, row.total)) }) : row.note)
          : text;
      }
      const bar = h('span', { class: 'kpi-bar', 'aria-hidden': 'true' }, (() => {
        const fill = h('span', { class: 'kpi-bar-fill kpi-coverage-fill', 'data-severity': severity });
        fill.style.width = `${(share ?? 0) * 100}%`;
        return fill;
      })());
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
