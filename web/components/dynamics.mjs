// The dynamics the core computes and judges (issue 11, second session;
// docs/report.md "Dynamics"), drawn for the page: the win rate change over 3
// and 6 months (report.win_rate_change) on the trends view; each manager's
// loss reasons against the team's mix (report.loss_mix) and each plan's track
// by working day (report.plan_days) beside the loss and plan charts. Values,
// windows, norms, ranks and statuses are the core's; this module only lays
// them out.

import { intl, language, t } from '../i18n.mjs';
import { displayName, formatMoney, formatPercent, h, svg as s } from '../dom.mjs';
import { message } from '../engine/messages.mjs';
import { STATUS_ICON, isNumber } from './metrics.mjs';

/** A share difference in percentage points, signed ("+12.5 pp"). */
export function formatPp(change) {
  const n = intl(Intl.NumberFormat, { maximumFractionDigits: 1 }).format(Math.abs(change) * 100);
  return `${change < 0 ? '−' : '+'}${t('unit.pp', { n })}`;
}

/** A month of the report (its first instant) as "Nov 2026", in the page's language. */
export function monthLabel(from) {
  const ms = Date.parse(from ?? '');
  if (!Number.isFinite(ms)) return '';
  // Month starts are local midnights of the settings' zone: noon after it is the same month anywhere within ±12 h.
  return intl(Intl.DateTimeFormat, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(ms + 12 * 3600 * 1000));
}

/** A status as the board's pill: icon and words, or null. */
export function pill(status) {
  return status ? h('span', { class: 'kpi-pill', 'data-status': status },
    h('span', { class: 'kpi-pill-icon', 'aria-hidden': 'true' }, STATUS_ICON[status]), t(`status.${status}`)) : null;
}

function changeCell(change) {
  const attrs = { class: 'kpi-win-change', 'data-months': change.months, 'data-status': change.status ?? '', 'data-change': change.change ?? '' };
  const rates = `${isNumber(change.before) ? formatPercent(change.before) : '—'} → ${isNumber(change.after) ? formatPercent(change.after) : '—'}`;
  const sample = t('dyn.win.closed', { before: change.before_closed, after: change.after_closed });
  if (!isNumber(change.change)) {
    return h('td', attrs, h('span', { class: 'kpi-muted' }, message(change.status_reason, {}, language())),
      h('div', { class: 'kpi-win-rates' }, rates));
  }
  return h('td', attrs, h('strong', { class: 'kpi-win-pp' }, formatPp(change.change)), ' ', pill(change.status),
    h('div', { class: 'kpi-win-rates', title: sample }, rates, ' · ', sample));
}

/**
 * The win rate change section (report.win_rate_change): the team and each
 * manager, the latest complete month against 3 and 6 months before it, with
 * the core's status against the norm range; null when the report has none.
 */
export function winChangeSection(report, { managers = null } = {}) {
  const w = report?.win_rate_change;
  if (!w) return null;
  const rows = [{ name: t('dyn.win.team'), row: w.team, key: '' },
    ...(w.managers ?? []).filter((m) => !managers || managers.includes(m.manager)).map((m) => ({ name: displayName(m.manager), row: m, key: m.manager }))];
  const heads = (w.team?.changes ?? []).map((c) => h('th', { scope: 'col' },
    t('dyn.win.col', { months: c.months, before: monthLabel(c.before_from), after: monthLabel(w.latest_from) })));
  return h('section', { class: 'kpi-win-trend', 'data-latest': w.latest_from },
    h('h3', {}, t('dyn.win.title')),
    h('p', { class: 'kpi-muted' }, t('dyn.win.lead', { month: monthLabel(w.latest_from), low: formatPp(w.norm_low), high: formatPp(w.norm_high) })),
    h('div', { class: 'kpi-win-scroll' }, h('table', { class: 'kpi-win-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('dyn.win.who')), ...heads)),
      h('tbody', {}, ...rows.map((r) => h('tr', { 'data-manager': r.key },
        h('th', { scope: 'row' }, r.name), ...(r.row.changes ?? []).map(changeCell)))))));
}

const reasonName = (reason) => reason ?? t('dyn.loss.none');

/**
 * Each manager's loss reasons against the team's mix (report.loss_mix): a
 * table with a row per manager and, for each, the reasons the core ranked as
 * differing most (their share, the team's, the difference). Null without
 * lost deals.
 */
export function lossMixFigure(report, { managers = null } = {}) {
  const rows = (report?.loss_mix ?? []).filter((m) => !managers || managers.includes(m.manager));
  if (!rows.length || !(report.loss_reasons ?? []).length) return null;
  const body = rows.map((m) => {
    const ranked = (m.reasons ?? []).filter((x) => x.rank !== null).sort((a, b) => a.rank - b.rank);
    const cell = m.lost === 0 ? h('td', { class: 'kpi-muted' }, message(m.reason_code, {}, language()))
      : h('td', {}, ranked.length ? h('ul', { class: 'kpi-loss-mix-list' }, ...ranked.map((x) => h('li', {
        'data-reason': x.reason ?? '', 'data-rank': x.rank, 'data-diff': x.diff,
      }, h('strong', {}, reasonName(x.reason)), ' ', formatPp(x.diff),
      h('span', { class: 'kpi-muted' }, ` (${t('dyn.loss.shares', { mine: formatPercent(x.share), team: formatPercent(x.team_share), n: x.count })})`))))
        : h('span', { class: 'kpi-muted' }, t('dyn.loss.like_team')));
    return h('tr', { 'data-manager': m.manager }, h('th', { scope: 'row' }, displayName(m.manager)), h('td', { class: 'kpi-num' }, String(m.lost)), cell);
  });
  return h('figure', { class: 'kpi-chart kpi-chart-wide kpi-loss-mix', 'data-chart': 'loss-mix' },
    h('figcaption', {}, h('h3', { class: 'kpi-chart-title' }, t('dyn.loss.title')), h('p', { class: 'kpi-chart-desc' }, t('dyn.loss.desc'))),
    h('div', { class: 'kpi-win-scroll' }, h('table', { class: 'kpi-win-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('dyn.loss.manager')), h('th', { scope: 'col' }, t('dyn.loss.lost')), h('th', { scope: 'col' }, t('dyn.loss.differs')))),
      h('tbody', {}, ...body))));
}

const PW = 300, PH = 120, PL = 8, PR = 8, PT = 8, PB = 18;  // one track's viewBox and margins

/** A plan's amount: money compact in the report's currency (docs/web.md "Money"), deals to one decimal. */
export function amountText(measure, v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '—';
  return measure === 'revenue' ? formatMoney(v, { compact: true }) : intl(Intl.NumberFormat, { maximumFractionDigits: 1 }).format(v);
}

/** One plan track (report.plan_days.*.team or .managers[]): the plan line and the fact line, per working day. */
function trackSvg(track, measure, label) {
  const days = track.days ?? [];
  const facts = days.map((d) => d.fact).filter(isNumber);
  const hi = Math.max(1, track.plan ?? 0, ...facts);
  const x = (i) => PL + (days.length <= 1 ? 0 : (i * (PW - PL - PR)) / (days.length - 1));
  const y = (v) => PT + (PH - PT - PB) * (1 - v / hi);
  const path = (key) => days.map((d, i) => (isNumber(d[key]) ? `${i && isNumber(days[i - 1][key]) ? 'L' : 'M'}${x(i).toFixed(1)} ${y(d[key]).toFixed(1)}` : '')).join(' ').trim();
  const last = days.reduce((k, d, i) => (isNumber(d.fact) ? i : k), -1);
  const svg = s('svg', { viewBox: `0 0 ${PW} ${PH}`, class: 'kpi-chart-svg kpi-plan-days-svg', role: 'img', 'aria-label': label },
    s('line', { x1: PL, x2: PW - PR, y1: y(0), y2: y(0), class: 'kpi-trend-grid' }),
    s('path', { d: path('expected'), class: 'kpi-plan-days-plan', fill: 'none' }),
    s('path', { d: path('fact'), class: 'kpi-plan-days-fact', fill: 'none', 'data-status': track.status ?? '' }),
    last >= 0 ? s('circle', { cx: x(last).toFixed(1), cy: y(days[last].fact).toFixed(1), r: 3.5, class: 'kpi-plan-days-now', 'data-status': track.status ?? '',
      'data-date': days[last].date, 'data-fact': days[last].fact, 'data-expected': days[last].expected }) : null,
    days.length ? s('text', { x: PL, y: PH - 4, class: 'kpi-trend-axis' }, days[0].date.slice(5)) : null,
    days.length ? s('text', { x: PW - PR, y: PH - 4, 'text-anchor': 'end', class: 'kpi-trend-axis' }, days[days.length - 1].date.slice(5)) : null);
  const now = last >= 0 ? days[last] : null;
  return h('div', { class: 'kpi-plan-days-track', 'data-manager': track.manager ?? '', 'data-measure': measure, 'data-status': track.status ?? '', 'data-points': days.length },
    h('div', { class: 'kpi-plan-days-head' }, h('strong', {}, label), ' ', pill(track.status)),
    svg,
    h('p', { class: 'kpi-muted kpi-plan-days-note' }, now
      ? t('dyn.plan.now', { date: now.date, fact: amountText(measure, now.fact), expected: amountText(measure, now.expected), plan: amountText(measure, track.plan), n: days.length })
      : t('dyn.plan.not_started', { n: days.length })));
}

/**
 * Each plan's track by working day (report.plan_days): the team's and each
 * manager's cumulative fact against the plan line, with the pace's status
 * the core gave. Null without plans.
 */
export function planDaysFigure(report, { managers = null } = {}) {
  const groups = [];
  for (const measure of ['revenue', 'won_count']) {
    const m = report?.plan_days?.[measure];
    if (!m) continue;
    const tracks = [...(m.team && !managers ? [[t('dyn.plan.team'), m.team]] : []),
      ...(m.managers ?? []).filter((x) => !managers || managers.includes(x.manager)).map((x) => [displayName(x.manager), x])]
      .filter(([, track]) => (track.days ?? []).length);
    if (tracks.length) {
      groups.push(h('h4', { class: 'kpi-chart-subtitle' }, t(`dyn.plan.measure.${measure}`)),
        h('div', { class: 'kpi-plan-days-grid' }, ...tracks.map(([label, track]) => trackSvg(track, measure, label))));
    }
  }
  if (!groups.length) return null;
  return h('figure', { class: 'kpi-chart kpi-chart-wide kpi-plan-days', 'data-chart': 'plan-days' },
    h('figcaption', {}, h('h3', { class: 'kpi-chart-title' }, t('dyn.plan.title')), h('p', { class: 'kpi-chart-desc' }, t('dyn.plan.desc'))),
    ...groups);
}
