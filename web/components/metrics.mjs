// What the board, the matrix and the drill-down know about each METRICS key:
// its group and how to print it and its change. Statuses, norms, which way is
// better and why a value is missing are read from the report (the core
// judges; docs/report.md "Statuses"): this module only renders them.

import { addStrings, formatCount, intl, language, t } from '../i18n.mjs';
import { message } from '../engine/messages.mjs';
import { normInForce } from '../engine/report-html.mjs';
import { formatMoney, formatPercent } from '../dom.mjs';

/** Column groups of the matrix, in order; `metrics` in display order. */
export const METRIC_GROUPS = [
  { id: 'response', metrics: ['frt_median_min', 'frt_mean_min', 'frt_p90_min', 'sla_share', 'sla_breached', 'sla_total'] },
  { id: 'activity', metrics: ['next_step_share', 'overdue_step_count', 'overdue_share', 'overdue_count', 'tasks_due_count', 'touches_per_won_mean', 'touches_per_won_median'] },
  { id: 'pipeline', metrics: ['open_count', 'stalled_share', 'stalled_count', 'velocity_median_days'] },
  { id: 'outcome', metrics: ['won_count', 'lost_count', 'win_rate', 'revenue', 'avg_won_amount'] },
  { id: 'plan', metrics: ['plan_revenue', 'plan_fact_share', 'plan_pace', 'plan_forecast',
    'plan_won_count', 'plan_won_fact_share', 'plan_won_pace', 'plan_won_forecast'] },
];

/** The columns shown until the user picks others: one or two per group, the matrix of spec §3. */
export const DEFAULT_COLUMNS = ['frt_median_min', 'sla_share', 'next_step_share', 'overdue_share', 'touches_per_won_mean',
  'stalled_share', 'won_count', 'lost_count', 'win_rate', 'revenue', 'avg_won_amount'];

// How each METRICS key prints (formatting only: which way is better, the
// norm and the status come from the report: report.catalogue, row.status,
// row.status_reason, row.norms; docs/report.md).
const KIND = {
  frt_median_min: 'minutes', frt_mean_min: 'minutes', frt_p90_min: 'minutes',
  sla_share: 'share', sla_breached: 'count', sla_total: 'count',
  next_step_share: 'share', overdue_step_count: 'count', open_count: 'count',
  overdue_share: 'share', overdue_count: 'count', tasks_due_count: 'count',
  touches_per_won_mean: 'decimal', touches_per_won_median: 'decimal',
  won_count: 'count', lost_count: 'count', win_rate: 'share', revenue: 'money', avg_won_amount: 'money',
  stalled_count: 'count', stalled_share: 'share', velocity_median_days: 'days',
  plan_revenue: 'money', plan_fact_share: 'share', plan_pace: 'share', plan_forecast: 'money',
  plan_won_count: 'count', plan_won_fact_share: 'share', plan_won_pace: 'share', plan_won_forecast: 'decimal',
};

/** Metrics with a deal list (core/kpi/drill.h); plan metrics are targets, not cohorts. */
export function drillable(metric) { return Boolean(KIND[metric]) && !metric.startsWith('plan_'); }

/** How a metric prints: minutes, share, count, money, days or decimal. */
export function metricKind(metric) { return KIND[metric] ?? 'decimal'; }

export const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);

function unit(value, unitName, digits = 1) {
  return intl(Intl.NumberFormat, {
    style: 'unit', unit: unitName, unitDisplay: 'short', maximumFractionDigits: digits,
  }).format(value);
}

/** Minutes as "12 min", "1.5 hr", "2.3 days" (of clock time) in the page's language. */
export function formatMinutes(minutes) {
  if (Math.abs(minutes) < 60) return unit(minutes, 'minute', Math.abs(minutes) < 10 ? 1 : 0);
  if (Math.abs(minutes) < 60 * 48) return unit(minutes / 60, 'hour');
  return unit(minutes / 1440, 'day');
}

export function formatDays(days) { return unit(days, 'day'); }

export function formatDecimal(v) {
  return intl(Intl.NumberFormat, { maximumFractionDigits: 1 }).format(v);
}

/** Money in a dense cell: "34,2 млн ₽" from 100 000 up (the exact amount goes in data-value and the tooltip). */
export function formatMoneyCompact(amount) {
  return formatMoney(amount, { compact: true });
}

/** A value of `metric` as the page prints it; null is "—" (the caller adds "no data"). */
export function formatMetric(metric, value, { compact = false } = {}) {
  if (!isNumber(value)) return '—';
  switch (metricKind(metric)) {
    case 'minutes': return formatMinutes(value);
    case 'share': return formatPercent(value);
    case 'count': return formatCount(value);
    case 'money': return compact ? formatMoneyCompact(value) : formatMoney(value);
    case 'days': return formatDays(value);
    default: return formatDecimal(value);
  }
}

/** A change of `metric` with its sign: "+2.3 pp", "−5 min", "+3". */
export function formatDelta(metric, delta) {
  if (!isNumber(delta)) return '';
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const size = Math.abs(delta);
  let text;
  switch (metricKind(metric)) {
    case 'share': text = t('unit.pp', { n: intl(Intl.NumberFormat, { maximumFractionDigits: 1 }).format(size * 100) }); break;
    case 'minutes': text = formatMinutes(size); break;
    case 'money': text = formatMoneyCompact(size); break;
    case 'days': text = formatDays(size); break;
    case 'count': text = formatCount(size); break;
    default: text = formatDecimal(size);
  }
  return `${roundsToZero(text) ? '±' : sign}${text}`;
}

// "0.0 pp", "₽0", "0 min": a change too small to show reads as ±0, with no arrow.
function roundsToZero(text) {
  const digits = text.replace(/[^\d.,]/g, '');
  return digits !== '' && /^[0.,]+$/.test(digits);
}

/**
 * A change as shown: {text, arrow (▲ ▼ ▬), tone (good / bad / same)}; a
 * change that rounds to 0 is flat. The tone follows the catalogue's
 * direction of the metric (report.catalogue[metric].direction).
 */
export function deltaParts(metric, delta, report) {
  const text = formatDelta(metric, delta);
  const flat = text.startsWith('±');
  return {
    text,
    arrow: flat ? '▬' : delta > 0 ? '▲' : '▼',
    tone: flat ? 'same' : deltaTone(metric, delta, report),
  };
}

const DIRECTION_SIGN = { higher: 1, lower: -1 };

/** 'good', 'bad' or 'same' for a change, by which way the report says the metric is better. */
export function deltaTone(metric, delta, report) {
  const better = DIRECTION_SIGN[report?.catalogue?.[metric]?.direction] ?? 0;
  if (!isNumber(delta) || delta === 0 || better === 0) return 'same';
  return Math.sign(delta) === better ? 'good' : 'bad';
}

/** The report's status of `metric` on a row (ok / warn / bad), or null. */
export function statusOf(row, metric) {
  const status = row?.status?.[metric];
  return status === 'ok' || status === 'warn' || status === 'bad' ? status : null;
}

/** The norm in force for `metric` on a row (the row's own or the catalogue's), or null. */
export const normOf = normInForce;

const SIGN = { at_most: '≤', at_least: '≥' };

/**
 * A norm in words ("≥ 85 %", "8–12", "≥ team average"), or ''. `norm` is a
 * catalogue norm ({kind, value, low, high, source}).
 */
export function formatNorm(metric, norm) {
  if (!norm) return '';
  if (norm.source === 'team') return t('norm.team_average');
  if (norm.source === 'previous_period') return t('norm.previous_period');
  if (norm.source === 'plan' && metric === 'plan_forecast') return t('norm.plan');
  if (norm.kind === 'range') return isNumber(norm.low) && isNumber(norm.high) ? `${formatMetric(metric, norm.low)}–${formatMetric(metric, norm.high)}` : '';
  if (!isNumber(norm.value) || !SIGN[norm.kind]) return '';
  const text = `${SIGN[norm.kind]} ${formatMetric(metric, norm.value)}`;
  return norm.source === 'lead_class' ? t('norm.lead_class', { norm: text }) : text;
}

/**
 * Why a row's metric is missing, in the page's language (the report's
 * status_reason code through wasm/messages.mjs), or '' when it is not
 * missing for a reason the report names (no data for this row, or merely no norm).
 */
export function reasonOf(row, metric) {
  return isUnavailable(row, metric) ? message(row.status_reason[metric], {}, language()) : '';
}

/** Whether the row's status reason is an unavailable code (a missing input), not NO_NORM and the like. */
export function isUnavailable(row, metric) {
  const code = row?.status_reason?.[metric];
  return Boolean(code) && !NOT_MISSING.has(code);
}
const NOT_MISSING = new Set(['NO_NORM', 'NO_PREVIOUS', 'NO_PLAN', 'NOT_COMPUTED']);

/** The report's unavailable entry of a family in the page's language, or null. */
export function unavailableText(report, family) {
  const entry = (report?.unavailable ?? []).find((u) => u.metric === family);
  return entry ? message(entry.code, entry.params, language()) : null;
}

/** Short column label and full name of a metric. */
export const metricLabel = (metric) => t(`metric.${metric}`);
export const metricTitle = (metric) => t(`metric.${metric}.full`);

addStrings({
  en: {
    'group.response': 'Response',
    'group.activity': 'Activity',
    'group.pipeline': 'Pipeline',
    'group.outcome': 'Outcome',
    'group.plan': 'Plan',
    'metric.frt_median_min': 'FRT median', 'metric.frt_median_min.full': 'First response time, median',
    'metric.frt_mean_min': 'FRT mean', 'metric.frt_mean_min.full': 'First response time, mean',
    'metric.frt_p90_min': 'FRT p90', 'metric.frt_p90_min.full': 'First response time, 90th percentile',
    'metric.sla_share': 'SLA', 'metric.sla_share.full': 'Leads answered within the SLA',
    'metric.sla_breached': 'SLA breaches', 'metric.sla_breached.full': 'Leads answered late or not at all',
    'metric.sla_total': 'SLA leads', 'metric.sla_total.full': 'Leads judged against the SLA',
    'metric.next_step_share': 'Next step', 'metric.next_step_share.full': 'Open deals with a next step',
    'metric.overdue_step_count': 'Overdue steps', 'metric.overdue_step_count.full': 'Open deals whose next steps are all overdue',
    'metric.open_count': 'Open', 'metric.open_count.full': 'Deals open now',
    'metric.overdue_share': 'Overdue', 'metric.overdue_share.full': 'Tasks done late or still overdue',
    'metric.overdue_count': 'Overdue tasks', 'metric.overdue_count.full': 'Tasks done late or still overdue, count',
    'metric.tasks_due_count': 'Tasks due', 'metric.tasks_due_count.full': 'Tasks due in the period',
    'metric.touches_per_won_mean': 'Touches', 'metric.touches_per_won_mean.full': 'Touches per won deal, mean',
    'metric.touches_per_won_median': 'Touches med.', 'metric.touches_per_won_median.full': 'Touches per won deal, median',
    'metric.won_count': 'Won', 'metric.won_count.full': 'Deals won',
    'metric.lost_count': 'Lost', 'metric.lost_count.full': 'Deals lost',
    'metric.win_rate': 'Win rate', 'metric.win_rate.full': 'Won of closed deals',
    'metric.revenue': 'Revenue', 'metric.revenue.full': 'Revenue of won deals',
    'metric.avg_won_amount': 'Avg. won deal', 'metric.avg_won_amount.full': 'Average won deal',
    'metric.stalled_share': 'Stalled', 'metric.stalled_share.full': 'Open deals stalled past their stage’s control period',
    'metric.stalled_count': 'Stalled deals', 'metric.stalled_count.full': 'Stalled open deals, count',
    'metric.velocity_median_days': 'Cycle', 'metric.velocity_median_days.full': 'Days from creation to win, median',
    'metric.plan_revenue': 'Plan', 'metric.plan_revenue.full': 'Revenue plan',
    'metric.plan_fact_share': 'Plan done', 'metric.plan_fact_share.full': 'Revenue to date of the plan',
    'metric.plan_pace': 'Pace', 'metric.plan_pace.full': 'Revenue against the plan expected by today',
    'metric.plan_forecast': 'Forecast', 'metric.plan_forecast.full': 'Run-rate forecast for the plan period',
    'metric.plan_won_count': 'Deals plan', 'metric.plan_won_count.full': 'Plan of deals won',
    'metric.plan_won_fact_share': 'Deals done', 'metric.plan_won_fact_share.full': 'Share of the deals plan won so far',
    'metric.plan_won_pace': 'Deals pace', 'metric.plan_won_pace.full': 'Deals won against the deals expected by now',
    'metric.plan_won_forecast': 'Deals forecast', 'metric.plan_won_forecast.full': 'Run-rate forecast of deals won for the plan period',
    'unit.pp': '{n} pp',
    'norm.team_average': '≥ team average',
    'norm.plan': '≥ plan',
    'norm.previous_period': 'not below the previous period',
    'norm.lead_class': '{norm} (by the leads’ classes)',
    'status.ok': 'On norm',
    'status.warn': 'Near norm',
    'status.bad': 'Off norm',
  },
  ru: {
    'group.response': 'Реакция',
    'group.activity': 'Активность',
    'group.pipeline': 'Воронка',
    'group.outcome': 'Результат',
    'group.plan': 'План',
    'metric.frt_median_min': 'Ответ, медиана', 'metric.frt_median_min.full': 'Время первого ответа, медиана',
    'metric.frt_mean_min': 'Ответ, среднее', 'metric.frt_mean_min.full': 'Время первого ответа, среднее',
    'metric.frt_p90_min': 'Ответ, p90', 'metric.frt_p90_min.full': 'Время первого ответа, 90-й перцентиль',
    'metric.sla_share': 'SLA', 'metric.sla_share.full': 'Лиды, обработанные в срок SLA',
    'metric.sla_breached': 'Нарушения SLA', 'metric.sla_breached.full': 'Лиды без ответа или с поздним ответом',
    'metric.sla_total': 'Лиды SLA', 'metric.sla_total.full': 'Лиды, оценённые по SLA',
    'metric.next_step_share': 'След. шаг', 'metric.next_step_share.full': 'Открытые сделки со следующим шагом',
    'metric.overdue_step_count': 'Просроч. шаги', 'metric.overdue_step_count.full': 'Открытые сделки, где все шаги просрочены',
    'metric.open_count': 'Открыто', 'metric.open_count.full': 'Открытые сейчас сделки',
    'metric.overdue_share': 'Просрочки', 'metric.overdue_share.full': 'Задачи, выполненные поздно или просроченные',
    'metric.overdue_count': 'Просроч. задачи', 'metric.overdue_count.full': 'Просроченные задачи, штук',
    'metric.tasks_due_count': 'Задачи со сроком', 'metric.tasks_due_count.full': 'Задачи со сроком в периоде',
    'metric.touches_per_won_mean': 'Касания', 'metric.touches_per_won_mean.full': 'Касаний на выигранную сделку, среднее',
    'metric.touches_per_won_median': 'Касания, мед.', 'metric.touches_per_won_median.full': 'Касаний на выигранную сделку, медиана',
    'metric.won_count': 'Выиграно', 'metric.won_count.full': 'Выигранные сделки',
    'metric.lost_count': 'Проиграно', 'metric.lost_count.full': 'Проигранные сделки',
    'metric.win_rate': 'Доля выигранных', 'metric.win_rate.full': 'Выигранные из закрытых сделок',
    'metric.revenue': 'Выручка', 'metric.revenue.full': 'Выручка по выигранным сделкам',
    'metric.avg_won_amount': 'Средний чек', 'metric.avg_won_amount.full': 'Средняя выигранная сделка',
    'metric.stalled_share': 'Зависшие', 'metric.stalled_share.full': 'Открытые сделки, зависшие дольше контрольного срока этапа',
    'metric.stalled_count': 'Зависшие, шт.', 'metric.stalled_count.full': 'Зависшие открытые сделки, штук',
    'metric.velocity_median_days': 'Цикл', 'metric.velocity_median_days.full': 'Дней от создания до выигрыша, медиана',
    'metric.plan_revenue': 'План', 'metric.plan_revenue.full': 'План по выручке',
    'metric.plan_fact_share': 'Выполнение', 'metric.plan_fact_share.full': 'Выручка на сегодня от плана',
    'metric.plan_pace': 'Темп', 'metric.plan_pace.full': 'Выручка относительно ожидаемой к сегодняшнему дню',
    'metric.plan_forecast': 'Прогноз', 'metric.plan_forecast.full': 'Прогноз по текущему темпу на период плана',
    'metric.plan_won_count': 'План сделок', 'metric.plan_won_count.full': 'План по числу выигранных сделок',
    'metric.plan_won_fact_share': 'Сделок выполнено', 'metric.plan_won_fact_share.full': 'Доля плана по сделкам, выигранная к этому моменту',
    'metric.plan_won_pace': 'Темп по сделкам', 'metric.plan_won_pace.full': 'Выиграно сделок к ожидаемому на этот момент',
    'metric.plan_won_forecast': 'Прогноз сделок', 'metric.plan_won_forecast.full': 'Прогноз выигранных сделок по текущему темпу на период плана',
    'unit.pp': '{n} п.п.',
    'norm.team_average': '≥ среднего по команде',
    'norm.plan': '≥ плана',
    'norm.previous_period': 'не ниже прошлого периода',
    'norm.lead_class': '{norm} (по классам лидов)',
    'status.ok': 'В норме',
    'status.warn': 'Близко к норме',
    'status.bad': 'Вне нормы',
  },
});

/** The status as a glyph for sighted users (the words go in a visually hidden span or title). */
export const STATUS_ICON = { ok: '✓', warn: '!', bad: '✕' };
