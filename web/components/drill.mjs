// <kpi-drill>: the deals behind a number. Any element dispatches a bubbling
// `kpi-drill` event ({detail: {metric, manager?, groupBy?, group?, flaggedOnly?,
// label?}}); this element asks the engine (client.drill, core/kpi/drill.h)
// and shows the rows in a modal <dialog>: deal, manager, stage, amount, the
// per-deal value that made it count, and why it is flagged. Esc or the close
// button closes it and focus returns to what opened it.

import { formatCount, t, tn } from '../i18n.mjs';
import { displayName, errorText, formatInstant, formatMoney, h } from '../dom.mjs';
import { STATUS_ICON, formatDays, formatDecimal, formatMinutes, isNumber, metricTitle } from './metrics.mjs';
import { ReportView } from './report-view.mjs';

const GROUP_LABEL = { source: 'drill.by.source', lead_class: 'drill.by.lead_class', segment: 'drill.by.segment' };

/** A counted unit for a value that may have a fraction ("20.5 working days" takes the "other" form). */
function countText(key, value) {
  return Number.isInteger(value) ? tn(key, value) : t(key, { n: formatDecimal(value) });
}

/** The per-row value in its unit ("12 min", "3.5 days", "20 working days"). */
export function drillValue(unit, value) {
  if (!isNumber(value)) return '—';
  switch (unit) {
    case 'min': return formatMinutes(value);
    case 'days': return formatDays(value);
    case 'working_days': return countText('drill.working_days', Math.round(value * 10) / 10);
    case 'touches': return countText('drill.touches', value);
    case 'amount': return formatMoney(value);
    default: return formatDecimal(value);
  }
}

class KpiDrill extends ReportView {
  static drawsAtOnce = true; // an open list is in the top layer, wherever the element is
  #dialog = null;
  #query = null;
  #result = null;
  #error = null;
  #returnFocus = null;
  #request = 0;

  /** New data or settings make an open list stale, so it is read again. */
  reportChanged() {
    if (this.#dialog?.open && this.#query) this.#load();
  }

  listen() {
    this.#dialog = h('dialog', { class: 'kpi-drill', 'aria-labelledby': 'kpi-drill-title' });
    this.append(this.#dialog);
    document.addEventListener('kpi-drill', (event) => this.open(event.detail ?? {}, event.target));
    this.#dialog.addEventListener('close', () => {
      this.#query = null;
      this.#returnFocus?.focus?.();
      this.#returnFocus = null;
    });
    // A click on the backdrop (outside the dialog's box) closes it.
    this.#dialog.addEventListener('click', (event) => {
      if (event.target === this.#dialog) this.#dialog.close();
    });
  }

  /** Opens the list for a query ({metric, manager, groupBy, group, flaggedOnly, label}). */
  async open(query, opener = document.activeElement) {
    if (!query.metric) return;
    this.#query = { flaggedOnly: false, ...query };
    this.#returnFocus = opener instanceof HTMLElement ? opener : null;
    this.#result = null;
    this.#error = null;
    this.render();
    if (!this.#dialog.open) this.#dialog.showModal();
    await this.#load();
  }

  async #load() {
    const id = ++this.#request;
    const { metric, manager = '', groupBy = '', group = '', flaggedOnly } = this.#query;
    try {
      if (!this.client) throw new Error(t('drill.no_engine'));
      const result = await this.client.drill({ metric, manager, groupBy, group, flaggedOnly, limit: 500 });
      if (id !== this.#request) return;
      this.#result = result;
    } catch (e) {
      if (id !== this.#request) return;
      this.#error = e;
    }
    this.render();
  }

  render() {
    if (!this.#dialog || !this.#query) return;
    const q = this.#query;
    const scope = [displayName(q.manager) || t('drill.team')];
    if (q.groupBy) scope.push(`${t(GROUP_LABEL[q.groupBy])}: ${q.group || '—'}`);
    const closeButton = h('button', { type: 'button', class: 'kpi-drill-close', 'aria-label': t('drill.close') }, '×');
    closeButton.addEventListener('click', () => this.#dialog.close());
    const head = h('header', { class: 'kpi-drill-head' },
      h('div', {},
        h('h2', { id: 'kpi-drill-title', class: 'kpi-drill-title' }, q.label || metricTitle(q.metric)),
        h('p', { class: 'kpi-drill-scope' }, scope.join(' · '))),
      closeButton);

    const r = this.#result;
    let body;
    if (this.#error) {
      body = h('p', { class: 'kpi-drill-error', role: 'alert' }, t('drill.failed', { message: errorText(this.#error) }));
    } else if (!r) {
      body = h('p', { class: 'kpi-muted', 'aria-live': 'polite' }, t('drill.loading'));
    } else {
      body = this.#table(r);
    }
    const filter = h('label', { class: 'kpi-drill-filter' },
      h('input', { type: 'checkbox', 'data-drill-flagged': '', checked: q.flaggedOnly }), ` ${t('drill.only_flagged')}`);
    filter.querySelector('input').addEventListener('change', (event) => {
      this.#query = { ...this.#query, flaggedOnly: event.target.checked };
      this.#load();
    });
    const summary = r ? h('p', { class: 'kpi-drill-summary', 'aria-live': 'polite' },
      tn(r.family === 'overdue' ? 'drill.summary_tasks' : 'drill.summary', r.total, { flagged: formatCount(r.flagged) })) : null;
    const more = r && r.more > 0 ? h('p', { class: 'kpi-muted kpi-drill-more' },
      t('drill.more', { shown: formatCount(r.shown), more: formatCount(r.more) })) : null;

    this.#dialog.dataset.metric = q.metric;
    if (r) {
      this.#dialog.dataset.total = String(r.total);
      this.#dialog.dataset.flagged = String(r.flagged);
      this.#dialog.dataset.more = String(r.more);
    } else {
      delete this.#dialog.dataset.total;
    }
    this.#dialog.replaceChildren(...[head, h('div', { class: 'kpi-drill-bar' }, summary, filter), body, more].filter(Boolean));
    if (!this.#dialog.contains(document.activeElement)) closeButton.focus();
  }

  #table(r) {
    if (r.rows.length === 0) return h('p', { class: 'kpi-muted kpi-drill-empty' }, t('drill.empty'));
    const tasks = r.family === 'overdue';
    const head = h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('drill.deal')),
      tasks ? h('th', { scope: 'col' }, t('drill.task')) : null,
      h('th', { scope: 'col' }, t('drill.manager')),
      h('th', { scope: 'col' }, t('drill.stage')),
      h('th', { scope: 'col', class: 'kpi-num' }, t('drill.amount')),
      h('th', { scope: 'col' }, t('drill.date')),
      h('th', { scope: 'col', class: 'kpi-num' }, t(`drill.value.${r.family}`)),
      h('th', { scope: 'col' }, t('drill.status'))));
    const rows = r.rows.map((row) => {
      const tone = row.status ?? 'ok'; // the core's (drill rows' `status`)
      const norm = isNumber(row.norm) ? (r.unit === 'min' ? formatMinutes(row.norm) : countText('drill.working_days', row.norm)) : null;
      return h('tr', { 'data-deal': row.deal_id ?? '', 'data-task': row.task_id ?? false, 'data-flagged': String(row.flagged) },
        h('th', { scope: 'row', class: 'kpi-drill-deal' },
          h('span', { class: 'kpi-drill-id' }, row.deal_id ?? '—'),
          row.title ? h('span', { class: 'kpi-drill-deal-title' }, row.title) : null),
        tasks ? h('td', {}, row.task_id ?? '—') : null,
        h('td', {}, displayName(row.manager) ?? '—'),
        h('td', {}, displayName(row.stage) ?? '—'),
        h('td', { class: 'kpi-num' }, isNumber(row.amount) ? formatMoney(row.amount) : '—'),
        h('td', { class: 'kpi-drill-date' }, row.date ? formatInstant(row.date, { withTime: false }) : '—'),
        h('td', { class: 'kpi-num', 'data-value': isNumber(row.value) ? String(row.value) : '' },
          drillValue(r.unit, row.value),
          norm ? h('span', { class: 'kpi-drill-norm' }, t('drill.norm', { norm })) : null),
        h('td', {}, h('span', { class: 'kpi-state', 'data-status': tone },
          h('span', { class: 'kpi-state-icon', 'aria-hidden': 'true' }, STATUS_ICON[tone]),
          t(`drill.state.${row.state}`, { value: drillValue(r.unit, row.value) }))));  // a task's state says how late
    });
    return h('div', { class: 'kpi-drill-scroll', tabindex: '0', role: 'region', 'aria-label': t('drill.rows') },
      h('table', { class: 'kpi-table kpi-drill-table' }, head, h('tbody', {}, ...rows)));
  }
}

customElements.define('kpi-drill', KpiDrill);
