// What the board, the matrix and the drill-down know about each METRICS key:
// its group, how to print it and its change, which way is better, the norm it
// is judged by (the board's rule: ok when the norm holds, warn within 10 %
// relative, bad beyond; docs/web.md) and the names of its unavailable reason.

import { addStrings, formatCount, locale, t } from '../i18n.mjs';
import { formatMoney, formatPercent } from '../dom.mjs';

/** Column groups of the matrix, in order; `metrics` in display order. */
export const METRIC_GROUPS = [
  { id: 'response', metrics: ['frt_median_min', 'frt_mean_min', 'frt_p90_min', 'sla_share', 'sla_breached', 'sla_total'] },
  { id: 'activity', metrics: ['next_step_share', 'overdue_step_count', 'overdue_share', 'overdue_count', 'tasks_due_count', 'touches_per_won_mean', 'touches_per_won_median'] },
  { id: 'pipeline', metrics: ['open_count', 'stalled_share', 'stalled_count', 'velocity_median_days'] },
  { id: 'outcome', metrics: ['won_count', 'lost_count', 'win_rate', 'revenue', 'avg_won_amount'] },
  { id: 'plan', metrics: ['plan_revenue', 'plan_fact_share', 'plan_pace', 'plan_forecast'] },
];

/** The columns shown until the user picks others: one or two per group, the matrix of spec §3. */
export const DEFAULT_COLUMNS = ['frt_median_min', 'sla_share', 'next_step_share', 'overdue_share', 'touches_per_won_mean',
  'stalled_share', 'won_count', 'lost_count', 'win_rate', 'revenue', 'avg_won_amount'];

// kind: how the value prints; better: +1 higher is better, -1 lower is, 0 neither;
// family: the report.unavailable id; sample: the key in `samples` holding its n.
const SPEC = {
  frt_median_min: { kind: 'minutes', better: -1, family: 'frt' },
  frt_mean_min: { kind: 'minutes', better: -1, family: 'frt' },
  frt_p90_min: { kind: 'minutes', better: -1, family: 'frt' },
  sla_share: { kind: 'share', better: 1, family: 'sla', sample: 'sla_share' },
  sla_breached: { kind: 'count', better: -1, family: 'sla' },
  sla_total: { kind: 'count', better: 0, family: 'sla' },
  next_step_share: { kind: 'share', better: 1, family: 'next_step', sample: 'next_step_share' },
  overdue_step_count: { kind: 'count', better: -1, family: 'next_step' },
  open_count: { kind: 'count', better: 0, family: 'stalled' },
  overdue_share: { kind: 'share', better: -1, family: 'overdue', sample: 'overdue_share' },
  overdue_count: { kind: 'count', better: -1, family: 'overdue' },
  tasks_due_count: { kind: 'count', better: 0, family: 'overdue' },
  touches_per_won_mean: { kind: 'decimal', better: 0, family: 'touches' },
  touches_per_won_median: { kind: 'decimal', better: 0, family: 'touches' },
  won_count: { kind: 'count', better: 1, family: 'win_rate' },
  lost_count: { kind: 'count', better: -1, family: 'win_rate' },
  win_rate: { kind: 'share', better: 1, family: 'win_rate', sample: 'win_rate' },
  revenue: { kind: 'money', better: 1, family: 'revenue' },
  avg_won_amount: { kind: 'money', better: 1, family: 'revenue' },
  stalled_count: { kind: 'count', better: -1, family: 'stalled' },
  stalled_share: { kind: 'share', better: -1, family: 'stalled', sample: 'stalled_share' },
  velocity_median_days: { kind: 'days', better: -1, family: 'velocity' },
  plan_revenue: { kind: 'money', better: 0, family: 'plan' },
  plan_fact_share: { kind: 'share', better: 1, family: 'plan' },
  plan_pace: { kind: 'share', better: 1, family: 'plan' },
  plan_forecast: { kind: 'money', better: 1, family: 'plan' },
};

/** Metrics with a deal list (core/kpi/drill.h); plan metrics are targets, not cohorts. */
export function drillable(metric) { return Boolean(SPEC[metric]) && SPEC[metric].family !== 'plan'; }

export function metricSpec(metric) { return SPEC[metric] ?? { kind: 'decimal', better: 0, family: metric }; }

export const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);

function unit(value, unitName, digits = 1) {
  return new Intl.NumberFormat(locale(), {
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
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(v);
}

/** Money in a dense cell: "₽34M" / "34 млн ₽" (the exact amount goes in data-value and the tooltip). */
export function formatMoneyCompact(amount) {
  if (Math.abs(amount) < 100000) return formatMoney(amount);
  return new Intl.NumberFormat(locale(), {
    style: 'currency', currency: 'RUB', currencyDisplay: 'narrowSymbol', notation: 'compact', maximumFractionDigits: 1,
  }).format(amount);
}

/** A value of `metric` as the page prints it; null is "—" (the caller adds "no data"). */
export function formatMetric(metric, value, { compact = false } = {}) {
  if (!isNumber(value)) return '—';
  switch (metricSpec(metric).kind) {
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
  switch (metricSpec(metric).kind) {
    case 'share': text = t('unit.pp', { n: new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(size * 100) }); break;
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

/** A change as shown: {text, arrow (▲ ▼ ▬), tone (good / bad / same)}; a change that rounds to 0 is flat. */
export function deltaParts(metric, delta) {
  const text = formatDelta(metric, delta);
  const flat = text.startsWith('±');
  return {
    text,
    arrow: flat ? '▬' : delta > 0 ? '▲' : '▼',
    tone: flat ? 'same' : deltaTone(metric, delta),
  };
}

/** 'good', 'bad' or 'same' for a change, by which way the metric is better. */
export function deltaTone(metric, delta) {
  const better = metricSpec(metric).better;
  if (!isNumber(delta) || delta === 0 || better === 0) return 'same';
  return Math.sign(delta) === better ? 'good' : 'bad';
}

/** ok / warn / bad (core/kpi/board.cpp norm_status): warn within 10 % (relative) of the norm. */
export function normStatus(value, norm, atMost) {
  if (!isNumber(value) || !isNumber(norm)) return null;
  if (atMost ? value <= norm : value >= norm) return 'ok';
  const slack = Math.abs(norm) * 0.1;
  return (atMost ? value <= norm + slack : value >= norm - slack) ? 'warn' : 'bad';
}

/**
 * The status of a cell, or null when the metric has no norm: the report's
 * norms for FRT, SLA, next step, overdue, stalled and touches; the team's
 * win rate for a manager's; 100 % for plan pace; the plan for the forecast.
 */
export function cellStatus(metric, metrics, report, { team = false } = {}) {
  const value = metrics?.[metric];
  const norms = report?.norms ?? {};
  switch (metric) {
    case 'frt_mean_min':
    case 'frt_median_min': return normStatus(value, norms.frt_mean_min, true);
    case 'sla_share': return normStatus(value, norms.sla_share, false);
    case 'next_step_share': return normStatus(value, norms.next_step_share, false);
    case 'overdue_share': return normStatus(value, norms.overdue_share, true);
    case 'stalled_share': return normStatus(value, norms.stalled_share, true);
    case 'touches_per_won_mean':
    case 'touches_per_won_median': {
      const [low, high] = norms.touches_per_won ?? [];
      if (!isNumber(value) || !isNumber(low) || !isNumber(high)) return null;
      return value < low ? normStatus(value, low, false) : normStatus(value, high, true);
    }
    case 'win_rate': return team ? null : normStatus(value, report?.team?.metrics?.win_rate, false);
    case 'plan_pace': return normStatus(value, 1, false);
    case 'plan_forecast': return normStatus(value, metrics?.plan_revenue, false);
    default: return null;
  }
}

/** The norm a cell is judged by, in words ("≥ 85 %"), or ''. */
export function normText(metric, report) {
  const norms = report?.norms ?? {};
  const at = (sign, text) => `${sign} ${text}`;
  switch (metric) {
    case 'frt_mean_min':
    case 'frt_median_min': return isNumber(norms.frt_mean_min) ? at('≤', formatMinutes(norms.frt_mean_min)) : '';
    case 'sla_share': return isNumber(norms.sla_share) ? at('≥', formatPercent(norms.sla_share)) : '';
    case 'next_step_share': return isNumber(norms.next_step_share) ? at('≥', formatPercent(norms.next_step_share)) : '';
    case 'overdue_share': return isNumber(norms.overdue_share) ? at('≤', formatPercent(norms.overdue_share)) : '';
    case 'stalled_share': return isNumber(norms.stalled_share) ? at('≤', formatPercent(norms.stalled_share)) : '';
    case 'touches_per_won_mean':
    case 'touches_per_won_median': {
      const [low, high] = norms.touches_per_won ?? [];
      return isNumber(low) && isNumber(high) ? `${formatDecimal(low)}–${formatDecimal(high)}` : '';
    }
    case 'win_rate': return t('norm.team_average');
    case 'plan_pace': return at('≥', formatPercent(1));
    case 'plan_forecast': return t('norm.plan');
    default: return '';
  }
}

/** The report's reason a metric's family is not computed, in the page's language, or null. */
export function unavailableReason(report, family) {
  const entry = (report?.unavailable ?? []).find((u) => u.metric === family);
  return entry ? reasonText(entry.reason) : null;
}

const REASONS = {
  'needs calls or messages with dates': 'reason.needs_activities',
  'needs tasks with due dates': 'reason.needs_tasks',
  'needs activities (calls, e-mails, messages) linked to deals': 'reason.needs_touches',
  'needs a deals table': 'reason.needs_deals',
  'no deal is open at now': 'reason.no_open',
  'no task was due in the period before now': 'reason.no_task_due',
  'no deal was won or lost in the period': 'reason.no_closed',
  'no deal was won in the period': 'reason.no_won',
  'the won deals have no amount': 'reason.no_amount',
  'needs a sales plan (settings: plans)': 'reason.needs_plan',
  'needs stage history (stage_events)': 'reason.needs_history',
  'no deal was won and no stage stay ended in the period': 'reason.no_velocity',
};

/** The core's reason (English, stable) translated when known, else as the core wrote it. */
export function reasonText(reason) {
  return REASONS[reason] ? t(REASONS[reason]) : String(reason ?? '');
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
    'unit.pp': '{n} pp',
    'norm.team_average': '≥ team average',
    'norm.plan': '≥ plan',
    'status.ok': 'On norm',
    'status.warn': 'Near norm',
    'status.bad': 'Off norm',
    'reason.needs_activities': 'needs calls or messages with dates',
    'reason.needs_tasks': 'needs tasks with due dates',
    'reason.needs_touches': 'needs activities (calls, e-mails, messages) linked to deals',
    'reason.needs_deals': 'needs a deals table',
    'reason.no_open': 'no deal is open now',
    'reason.no_task_due': 'no task was due in the period',
    'reason.no_closed': 'no deal was won or lost in the period',
    'reason.no_won': 'no deal was won in the period',
    'reason.no_amount': 'the won deals have no amount',
    'reason.needs_plan': 'needs a sales plan in the settings',
    'reason.needs_history': 'needs stage history',
    'reason.no_velocity': 'no deal was won in the period',
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
    'unit.pp': '{n} п.п.',
    'norm.team_average': '≥ среднего по команде',
    'norm.plan': '≥ плана',
    'status.ok': 'В норме',
    'status.warn': 'Близко к норме',
    'status.bad': 'Вне нормы',
    'reason.needs_activities': 'нужны звонки или сообщения с датами',
    'reason.needs_tasks': 'нужны задачи со сроками',
    'reason.needs_touches': 'нужны активности (звонки, письма, сообщения), привязанные к сделкам',
    'reason.needs_deals': 'нужна таблица сделок',
    'reason.no_open': 'сейчас нет открытых сделок',
    'reason.no_task_due': 'в периоде не было задач со сроком',
    'reason.no_closed': 'в периоде нет выигранных или проигранных сделок',
    'reason.no_won': 'в периоде нет выигранных сделок',
    'reason.no_amount': 'у выигранных сделок нет суммы',
    'reason.needs_plan': 'нужен план продаж в настройках',
    'reason.needs_history': 'нужна история этапов',
    'reason.no_velocity': 'в периоде нет выигранных сделок',
  },
});

/** The status as a glyph for sighted users (the words go in a visually hidden span or title). */
export const STATUS_ICON = { ok: '✓', warn: '!', bad: '✕' };
