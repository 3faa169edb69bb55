// Branch design (issue 11), beside the bonus table of the settings panel:
// the KPI design check the core decided (report.design_check,
// core/kpi/design.h), the weights of the bonus KPIs beyond revenue and win
// rate, and the local history of norms the core reads for "norms changed more
// often than once a quarter" (settings `norm_history`, kept in the settings
// document the panel saves in localStorage). The page judges nothing: it
// renders the core's codes through the strings table (wasm/messages.mjs), and
// the history only records what was applied, when.

import { intl, language, t } from '../i18n.mjs';
import { h } from '../dom.mjs';
import { message } from '../engine/messages.mjs';
import { bonusKpiName, bonusReasonText, designFindings } from '../engine/report-html.mjs';

/** How many records of applied norms the settings document keeps (the core looks at 12 months). */
export const NORM_HISTORY_MAX = 24;

/** Fills `box` with the report's design findings, or the line saying there are none. */
export function fillDesignCheck(box, report) {
  const lang = language();
  const findings = report ? designFindings(report, lang) : [];
  box.replaceChildren(
    h('h4', { class: 'kpi-settings-subtitle' }, message('DESIGN_CHECK_TITLE', {}, lang)),
    findings.length
      ? h('ul', { class: 'kpi-design-list' }, ...findings.map((f) => h('li', {
        class: 'kpi-design-warning', role: 'note', 'data-design-code': f.code, 'data-metrics': f.metrics.join(' '),
      }, f.text)))
      : h('p', { class: 'kpi-field-hint', 'data-design-ok': '' }, message('DESIGN_CHECK_OK', {}, lang)));
}

/**
 * The bonuses of the report (motivation[], spec/kpi.md §7) as a table: each
 * manager's attainment of every weighted KPI (revenue against the plan, win
 * rate against the team, then the other keys in the report's order), the
 * weighted attainment, the multiplier and the bonus. A part without an
 * attainment reads "—" with the core's reason code as its title: the
 * weighted attainment leaves it out (docs/kpi.md "Motivation"), and the
 * table says so.
 */
export function bonusTable(rows) {
  const lang = language();
  const money = intl(Intl.NumberFormat, { maximumFractionDigits: 0 });
  const number = intl(Intl.NumberFormat, { maximumFractionDigits: 2 });
  const share = intl(Intl.NumberFormat, { style: 'percent', maximumFractionDigits: 1 });
  const value = (v, format) => (typeof v === 'number' && Number.isFinite(v) ? format.format(v) : '—');
  // The parts of one row: [metric, weight, attainment, reason code]; the weights are the settings', the same on every row.
  const parts = (row) => [['revenue', row.revenue_weight, row.revenue_attainment, row.revenue_reason],
    ['win_rate', row.win_rate_weight, row.win_rate_attainment, row.win_rate_reason],
    ...(row.kpis ?? []).map((k) => [k.metric, k.weight, k.attainment, k.reason])].filter(([, weight]) => weight > 0);
  const num = (attributes, ...children) => h('td', { class: 'kpi-num', ...attributes }, ...children);
  const head = (text, attributes = {}) => h('th', { scope: 'col', ...attributes }, ...[text].flat());
  return h('table', { class: 'kpi-settings-table kpi-settings-bonus-table' },
    h('thead', {}, h('tr', {}, head(t('settings.motivation.col.manager')),
      ...parts(rows[0]).map(([metric, weight]) => head([bonusKpiName(metric, lang), h('br'),
        h('span', { class: 'kpi-field-hint' }, message('BONUS_WEIGHT', { weight: number.format(weight) }, lang))],
      { class: 'kpi-num', 'data-part': metric })),
      ...['attainment', 'multiplier', 'bonus'].map((k) => head(t(`settings.motivation.col.${k}`), { class: 'kpi-num' })))),
    h('tbody', {}, ...rows.map((row) => h('tr', { 'data-manager': row.manager, 'data-bonus': row.bonus ?? '' },
      h('th', { scope: 'row' }, row.manager),
      ...parts(row).map(([metric, , attainment, reason]) => (attainment === null
        ? num({ 'data-part': metric, 'data-reason': reason, title: message(reason, {}, lang) }, '—')
        : num({ 'data-part': metric, 'data-attainment': attainment }, value(attainment, share)))),
      num({}, value(row.attainment, share)),
      num({}, row.multiplier === null ? '—' : `×${value(row.multiplier, number)}`),
      num({}, row.bonus === null ? h('span', { class: 'kpi-field-hint kpi-inline-hint' }, bonusReasonText(row, lang) || '—')
        : value(row.bonus, money))))));
}

/**
 * The bonus weights of the METRICS keys other than revenue and win rate: the
 * field of each weighted key (made by the panel: `field(key, label)`) with a
 * button that takes it out (`remove(key)`), and a list of the report
 * catalogue's other keys to add one (`add(key)`). Returns the grid's items.
 */
export function bonusWeights({ weights, catalogue, field, add, remove }) {
  const lang = language();
  const own = (key) => key === 'revenue' || key === 'win_rate';
  const keys = Object.keys(weights ?? {}).filter((key) => !own(key));
  const items = keys.map((key) => {
    const name = bonusKpiName(key, lang);
    const drop = h('button', {
      type: 'button', class: 'kpi-icon-button', 'data-action': 'remove-weight', 'data-metric': key,
      'aria-label': message('DESIGN_WEIGHT_REMOVE', { name }, lang), title: message('DESIGN_WEIGHT_REMOVE', { name }, lang),
    }, '×');
    drop.addEventListener('click', () => remove(key));
    return h('div', { class: 'kpi-design-weight', 'data-weight': key }, field(key, message('DESIGN_WEIGHT_OF', { name }, lang)), drop);
  });
  const offered = Object.keys(catalogue ?? {}).filter((key) => !own(key) && !keys.includes(key));
  if (offered.length) {
    const label = message('DESIGN_WEIGHT_ADD', {}, lang);
    const select = h('select', { class: 'kpi-design-add', 'data-input': 'motivation.weights.add', 'aria-label': label },
      h('option', { value: '' }, `${label}…`), ...offered.map((key) => h('option', { value: key }, bonusKpiName(key, lang))));
    select.addEventListener('change', () => { if (select.value) add(select.value); });
    items.push(h('div', { class: 'kpi-field kpi-design-weight-add' }, select));
  }
  return items;
}

/**
 * Before a changed document is sent: its `norm_history` is the history of
 * the document the core holds (`inForce`), plus, when the change is one of
 * the norms, a record `{at}` without norms: "this document's own norms, from
 * now" (the core fills them in; the first change records the norms in force
 * too, as the baseline). So only norms the core accepted are ever recorded,
 * and a refused value (150 %) is named once, at its field. `same(a, b)` is
 * the panel's deep equality. Whether the changes came too often, the core
 * decides (core/kpi/design.cpp).
 */
export function recordNorms(next, inForce, same, now = new Date()) {
  const history = Array.isArray(inForce?.norm_history) ? inForce.norm_history.slice() : [];
  if (inForce?.norms && !same(inForce.norms, next.norms)) {
    const at = now.toISOString();
    if (!history.length) history.push({ at, norms: structuredClone(inForce.norms) });
    history.push({ at });
  }
  next.norm_history = history.slice(-NORM_HISTORY_MAX);
}
