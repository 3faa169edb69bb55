// <kpi-today>: today's list (issue 10), the open deals that can still be
// saved, as the core ranked them (report.today: money at stake and freshness,
// docs/kpi.md "Today's list"), each with every reason it is there. Filters by
// manager and by reason, a CSV export of what the filters leave, and each deal
// id a link to the deal in the CRM when the report gives its address
// (report.today.rows[].url: opened by the user in a new tab; the page itself
// requests nothing). Without data it says what was read (report.state).

import { formatCount, language, t, tn } from '../i18n.mjs';
import { displayName, formatMoney, h, saveBlob } from '../dom.mjs';
import { message } from '../engine/messages.mjs';
import { isNumber } from './metrics.mjs';
import { drillValue } from './drill.mjs';
import { fileStem, rowsToCsv } from '../export-table.mjs';
import { ReportView } from './report-view.mjs';

const ROWS_SHOWN = 25;

/** Why a deal is on a list: the reason's code rendered with its numbers in their unit. */
export function why(reason) {
  const p = reason.params ?? {};
  const params = { ...p };
  if (isNumber(p.value)) params.value = drillValue(p.unit, p.value);
  if (isNumber(p.norm)) params.norm = drillValue(p.unit, p.norm);
  if (p.stage !== undefined) params.stage = displayName(p.stage);
  if (p.source !== undefined) params.source = displayName(p.source);
  return message(reason.code, params, language());
}

/** The report's state in words, or null when something was read (report.state, core/kpi/board.cpp). */
export function stateText(report) {
  const state = report?.state;
  if (!state || state.code === 'OK') return null;
  const p = state.params ?? {};
  return message(`STATE_${state.code}`, { n: p.files ?? 0, unreadable: p.unreadable ?? 0 }, language());
}

class KpiToday extends ReportView {
  static skipsSameReport = true; // reportChanged() only reads the report
  #manager = '';
  #reason = '';
  #showAll = false;

  reportChanged() {
    const rows = this.report?.today?.rows ?? [];
    if (!rows.some((r) => r.manager === this.#manager)) this.#manager = '';
    if (!rows.some((r) => r.reasons?.some((w) => w.code === this.#reason))) this.#reason = '';
  }

  listen() {
    this.addEventListener('change', (event) => {
      const select = event.target.closest('select[data-today-filter]');
      if (!select) return;
      if (select.dataset.todayFilter === 'manager') this.#manager = select.value;
      else this.#reason = select.value;
      this.render();
      this.querySelector(`select[data-today-filter="${select.dataset.todayFilter}"]`)?.focus();
    });
    this.addEventListener('click', (event) => {
      if (event.target.closest('[data-today-toggle]')) {
        this.#showAll = !this.#showAll;
        this.render();
        this.querySelector('[data-today-toggle]')?.focus();
      }
      if (event.target.closest('[data-today-export]')) this.#export();
    });
  }

  /** The rows the filters leave, in the core's order. */
  #filtered() {
    return (this.report?.today?.rows ?? []).filter((row) => (!this.#manager || row.manager === this.#manager)
      && (!this.#reason || row.reasons?.some((w) => w.code === this.#reason)));
  }

  render() {
    const report = this.report;
    const title = h('h2', { class: 'kpi-section-title' }, t('today.title'));
    if (!report) {
      this.hidden = true;
      this.replaceChildren(title);
      return;
    }
    this.hidden = false;
    const state = stateText(report);
    if (state) {
      this.replaceChildren(title, h('p', { class: 'kpi-state-note', role: 'status', 'data-state': report.state.code }, state));
      return;
    }
    const today = report.today ?? { rows: [] };
    const all = today.rows ?? [];
    const left = [];
    if (today.stale) left.push(tn('today.left.stale', today.stale, { days: formatCount(today.stale_days) }));
    if (today.closed) left.push(tn('today.left.closed', today.closed));
    const intro = h('p', { class: 'kpi-muted kpi-today-intro' }, t('today.intro'),
      left.length ? ` ${t('today.left', { what: left.join(t('today.and')) })}` : null);
    if (all.length === 0) {
      this.replaceChildren(title, intro, h('p', { class: 'kpi-today-empty' }, t('today.none')));
      return;
    }
    const rows = this.#filtered();
    const shown = this.#showAll ? rows : rows.slice(0, ROWS_SHOWN);
    const managers = [...new Set(all.map((r) => r.manager ?? ''))].sort((a, b) => String(displayName(a)).localeCompare(String(displayName(b)), language()));
    const codes = [...new Set(all.flatMap((r) => (r.reasons ?? []).map((w) => w.code)))];
    const filters = h('div', { class: 'kpi-today-bar' },
      h('label', { class: 'kpi-today-filter' }, h('span', {}, t('today.filter.manager')),
        h('select', { 'data-today-filter': 'manager' },
          h('option', { value: '', selected: !this.#manager }, t('today.filter.all_managers')),
          ...managers.map((m) => h('option', { value: m, selected: m === this.#manager }, displayName(m) || t('today.no_manager'))))),
      h('label', { class: 'kpi-today-filter' }, h('span', {}, t('today.filter.reason')),
        h('select', { 'data-today-filter': 'reason' },
          h('option', { value: '', selected: !this.#reason }, t('today.filter.all_reasons')),
          ...codes.map((c) => h('option', { value: c, selected: c === this.#reason }, t(`today.reason.${c}`))))),
      h('span', { class: 'kpi-today-count', 'data-count': rows.length, 'aria-live': 'polite' }, tn('today.count', rows.length)),
      h('button', { type: 'button', class: 'kpi-button', 'data-today-export': '' }, t('today.export')));
    const noLinks = !report.crm?.account ? h('p', { class: 'kpi-muted kpi-today-links' }, t('today.no_links')) : null;
    const table = h('div', { class: 'kpi-today-scroll', tabindex: '0', role: 'region', 'aria-label': t('today.title') },
      h('table', { class: 'kpi-table kpi-today-table' },
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col', class: 'kpi-num' }, '#'),
          h('th', { scope: 'col' }, t('today.col.deal')),
          h('th', { scope: 'col' }, t('today.col.manager')),
          h('th', { scope: 'col', class: 'kpi-num' }, t('today.col.amount')),
          h('th', { scope: 'col', class: 'kpi-num' }, t('today.col.idle')),
          h('th', { scope: 'col' }, t('today.col.why')))),
        h('tbody', {}, ...shown.map((row) => this.#row(row, all.indexOf(row) + 1)))));
    const toggle = rows.length > ROWS_SHOWN
      ? h('button', { type: 'button', class: 'kpi-button kpi-today-toggle', 'data-today-toggle': '', 'aria-expanded': String(this.#showAll) },
        this.#showAll ? t('today.fewer') : t('today.all', { n: formatCount(rows.length) }))
      : null;
    const more = today.more ? h('p', { class: 'kpi-muted' }, tn('today.more', today.more)) : null;
    this.replaceChildren(...[title, intro, filters, noLinks, table, toggle, more].filter(Boolean));
  }

  #row(row, rank) {
    const id = row.url
      ? h('a', { class: 'kpi-today-id', href: row.url, target: '_blank', rel: 'noopener noreferrer' }, row.deal_id)
      : h('span', { class: 'kpi-today-id' }, row.deal_id);
    return h('tr', { 'data-deal': row.deal_id, 'data-manager': row.manager ?? '' },
      h('td', { class: 'kpi-num kpi-today-rank' }, String(rank)),
      h('th', { scope: 'row', class: 'kpi-today-deal' }, id,
        row.title ? h('span', { class: 'kpi-today-title' }, row.title) : null,
        row.stage ? h('span', { class: 'kpi-today-stage' }, displayName(row.stage)) : null),
      h('td', {}, displayName(row.manager) || '—'),
      h('td', { class: 'kpi-num', 'data-value': isNumber(row.amount) ? String(row.amount) : '' }, isNumber(row.amount) ? formatMoney(row.amount) : '—'),
      h('td', { class: 'kpi-num' }, drillValue('working_days', row.idle_days)),
      h('td', {}, h('ul', { class: 'kpi-reasons' }, ...(row.reasons ?? []).map((reason) => h('li', { class: 'kpi-reason', 'data-code': reason.code },
        h('span', { class: 'kpi-reason-icon', 'aria-hidden': 'true' }, '!'), why(reason))))));
  }

  /** The filtered list as CSV in the page's language (what the user sees, every row, not only the first page). */
  #export() {
    const report = this.report;
    const all = report?.today?.rows ?? [];
    const header = ['#', t('today.col.deal'), t('today.csv.title'), t('today.col.manager'), t('today.csv.stage'),
      t('today.col.amount'), t('today.csv.currency'), t('today.csv.idle'), t('today.col.why'), t('today.csv.link')];
    const rows = this.#filtered().map((row) => [all.indexOf(row) + 1, row.deal_id, row.title ?? '', displayName(row.manager) ?? '',
      displayName(row.stage) ?? '', isNumber(row.amount) ? row.amount : null, row.currency ?? '',
      isNumber(row.idle_days) ? Math.round(row.idle_days * 10) / 10 : null,
      (row.reasons ?? []).map(why).join('; '), row.url ?? '']);
    const text = rowsToCsv(header, rows, { lang: language() });
    saveBlob(`${fileStem(report)}-today.csv`, new Blob([text], { type: 'text/csv;charset=utf-8' }));
  }
}

customElements.define('kpi-today', KpiToday);
