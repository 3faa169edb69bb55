// What the board, the matrix and the drill-down know about each METRICS key:
// its group and how to print it and its change. Statuses, norms, which way is
// better and why a value is missing are read from the report (the core
// judges; docs/report.md "Statuses"): this module only renders them.

import { formatCount, intl, language, t } from '../i18n.mjs';
import { message } from '../engine/messages.mjs';
import { inUnit } from '../engine/report-html.mjs';
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

/** Minutes as "12 мин", "1,5 ч", "2,3 дн." (of clock time) in the page's language: the documents' inUnit. */
export const formatMinutes = (minutes) => inUnit('min', minutes, language());

export const formatDays = (days) => inUnit('days', days, language());

export function formatDecimal(v) {
  return intl(Intl.NumberFormat, { maximumFractionDigits: 1 }).format(v);
}

/** A value of `metric` as the page prints it; null is "—" (the caller adds "no data"). */
export function formatMetric(metric, value, { compact = false } = {}) {
  if (!isNumber(value)) return '—';
  switch (metricKind(metric)) {
    case 'minutes': return formatMinutes(value);
    case 'share': return formatPercent(value);
    case 'count': return formatCount(value);
    case 'money': return formatMoney(value, { compact }); // compact: "34,2 млн ₽" in a dense cell
    case 'days': return formatDays(value);
    default: return formatDecimal(value);
  }
}

/** A change of `metric` with its sign: "+2.3 pp", "−5 min", "+3". */
export function formatDelta(metric, delta) {
  if (!isNumber(delta)) return '';
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const size = Math.abs(delta);
  // A share's change in percentage points; the rest as the value prints (money compact).
  const text = metricKind(metric) === 'share'
    ? t('unit.pp', { n: intl(Intl.NumberFormat, { maximumFractionDigits: 1 }).format(size * 100) })
    : formatMetric(metric, size, { compact: true });
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

// normOf(row, metric): the norm in force for `metric` on a row (the row's own or the catalogue's), or null.
export { normInForce as normOf } from '../engine/report-html.mjs';

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

/** The status as a glyph for sighted users (the words go in a visually hidden span or title). */
export const STATUS_ICON = { ok: '✓', warn: '!', bad: '✕' };
