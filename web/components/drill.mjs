// <kpi-drill>: the deals behind a number. Any element dispatches a bubbling
// `kpi-drill` event ({detail: {metric, manager?, groupBy?, group?, flaggedOnly?,
// label?}}); this element asks the engine (client.drill, core/kpi/drill.h)
// and shows the rows in a modal <dialog>: deal, manager, stage, amount, the
// per-deal value that made it count, and why it is flagged. Esc or the close
// button closes it and focus returns to what opened it.

import { addStrings, formatCount, t, tn } from '../i18n.mjs';
import { displayName, errorText, formatInstant, formatMoney, h } from '../dom.mjs';
import { STATUS_ICON, formatDays, formatDecimal, formatMinutes, isNumber, metricTitle } from './metrics.mjs';
import { ReportView } from './report-view.mjs';

const GROUP_LABEL = { source: 'drill.by.source', lead_class: 'drill.by.lead_class', segment: 'drill.by.segment' };
// Row states that miss the norm, and the ones that are only notes.
const STATE_TONE = {
  ok: 'ok', on_time: 'ok', next_step: 'ok', won: 'ok', moving: 'ok',
  late: 'bad', unanswered: 'bad', no_step: 'bad', overdue_step: 'bad', lost: 'bad', stalled: 'bad', few: 'warn', many: 'warn',
  pending: 'warn', task_done_late: 'bad', task_overdue_open_deal: 'bad', task_overdue_closed_deal: 'bad', task_overdue: 'bad',
};
// A task's state names how late it is (core/kpi/drill.cpp: never "answered late").
const WITH_VALUE = new Set(['task_done_late', 'task_overdue_open_deal', 'task_overdue_closed_deal', 'task_overdue']);

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
      const tone = STATE_TONE[row.state] ?? 'ok';
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
          WITH_VALUE.has(row.state) ? t(`drill.state.${row.state}`, { value: drillValue(r.unit, row.value) }) : t(`drill.state.${row.state}`))));
    });
    return h('div', { class: 'kpi-drill-scroll', tabindex: '0', role: 'region', 'aria-label': t('drill.rows') },
      h('table', { class: 'kpi-table kpi-drill-table' }, head, h('tbody', {}, ...rows)));
  }
}

customElements.define('kpi-drill', KpiDrill);

addStrings({
  en: {
    'drill.team': 'Whole team',
    'drill.by.source': 'Source',
    'drill.by.lead_class': 'Lead class',
    'drill.by.segment': 'Segment',
    'drill.close': 'Close',
    'drill.loading': 'Loading the deals…',
    'drill.failed': 'The deals could not be listed: {message}',
    'drill.no_engine': 'the analysis engine is not ready',
    'drill.only_flagged': 'Only the ones off norm',
    'drill.summary': { one: '{n} deal, {flagged} off norm', other: '{n} deals, {flagged} off norm' },
    'drill.summary_tasks': { one: '{n} task, {flagged} overdue', other: '{n} tasks, {flagged} overdue' },
    'drill.more': 'Showing the first {shown}; {more} more are not listed — narrow the list by manager or group.',
    'drill.empty': 'No deals here.',
    'drill.rows': 'Deals',
    'drill.deal': 'Deal',
    'drill.task': 'Task',
    'drill.manager': 'Manager',
    'drill.stage': 'Stage',
    'drill.amount': 'Amount',
    'drill.date': 'Date',
    'drill.norm': 'norm {norm}',
    'drill.status': 'Why',
    'drill.value.frt': 'First response',
    'drill.value.sla': 'Answer or wait',
    'drill.value.next_step': 'Open for',
    'drill.value.overdue': 'Late by',
    'drill.value.touches': 'Touches',
    'drill.value.win_rate': 'Outcome',
    'drill.value.revenue': 'Amount won',
    'drill.value.stalled': 'Idle',
    'drill.value.velocity': 'Cycle',
    'drill.working_days': { one: '{n} working day', other: '{n} working days' },
    'drill.touches': { one: '{n} touch', other: '{n} touches' },
    'drill.state.ok': 'On norm',
    'drill.state.late': 'Answered late',
    'drill.state.unanswered': 'No answer',
    'drill.state.pending': 'Waiting',
    'drill.state.next_step': 'Has a next step',
    'drill.state.overdue_step': 'Next step overdue',
    'drill.state.no_step': 'No next step',
    'drill.state.on_time': 'Done on time',
    'drill.state.few': 'Too few touches',
    'drill.state.many': 'Too many touches',
    'drill.state.won': 'Won',
    'drill.state.lost': 'Lost',
    'drill.state.stalled': 'Stalled',
    'drill.state.moving': 'Moving',
    'drill.state.task_done_late': 'Task done {value} late',
    'drill.state.task_overdue_open_deal': 'Task overdue by {value}, deal open',
    'drill.state.task_overdue_closed_deal': 'Task overdue by {value}, deal closed',
    'drill.state.task_overdue': 'Task overdue by {value}, no known deal',
  },
  ru: {
    'drill.team': 'Вся команда',
    'drill.by.source': 'Источник',
    'drill.by.lead_class': 'Класс лида',
    'drill.by.segment': 'Сегмент',
    'drill.close': 'Закрыть',
    'drill.loading': 'Загрузка сделок…',
    'drill.failed': 'Не удалось получить список сделок: {message}',
    'drill.no_engine': 'модуль анализа ещё не готов',
    'drill.only_flagged': 'Только вне нормы',
    'drill.summary': {
      one: '{n} сделка, вне нормы: {flagged}', few: '{n} сделки, вне нормы: {flagged}',
      many: '{n} сделок, вне нормы: {flagged}', other: '{n} сделки, вне нормы: {flagged}',
    },
    'drill.summary_tasks': {
      one: '{n} задача, просрочено: {flagged}', few: '{n} задачи, просрочено: {flagged}',
      many: '{n} задач, просрочено: {flagged}', other: '{n} задачи, просрочено: {flagged}',
    },
    'drill.more': 'Показаны первые {shown}; ещё {more} не показаны — сузьте список по менеджеру или группе.',
    'drill.empty': 'Сделок нет.',
    'drill.rows': 'Сделки',
    'drill.deal': 'Сделка',
    'drill.task': 'Задача',
    'drill.manager': 'Менеджер',
    'drill.stage': 'Этап',
    'drill.amount': 'Сумма',
    'drill.date': 'Дата',
    'drill.norm': 'норма {norm}',
    'drill.status': 'Почему',
    'drill.value.frt': 'Первый ответ',
    'drill.value.sla': 'Ответ или ожидание',
    'drill.value.next_step': 'Открыта',
    'drill.value.overdue': 'Просрочка',
    'drill.value.touches': 'Касания',
    'drill.value.win_rate': 'Итог',
    'drill.value.revenue': 'Сумма',
    'drill.value.stalled': 'Простой',
    'drill.value.velocity': 'Цикл',
    'drill.working_days': { one: '{n} рабочий день', few: '{n} рабочих дня', many: '{n} рабочих дней', other: '{n} рабочего дня' },
    'drill.touches': { one: '{n} касание', few: '{n} касания', many: '{n} касаний', other: '{n} касания' },
    'drill.state.ok': 'В норме',
    'drill.state.late': 'Ответ с опозданием',
    'drill.state.unanswered': 'Нет ответа',
    'drill.state.pending': 'Ожидает',
    'drill.state.next_step': 'Есть следующий шаг',
    'drill.state.overdue_step': 'Шаг просрочен',
    'drill.state.no_step': 'Нет следующего шага',
    'drill.state.on_time': 'Выполнена в срок',
    'drill.state.few': 'Мало касаний',
    'drill.state.many': 'Много касаний',
    'drill.state.won': 'Выиграна',
    'drill.state.lost': 'Проиграна',
    'drill.state.stalled': 'Зависла',
    'drill.state.moving': 'Движется',
    'drill.state.task_done_late': 'Задача выполнена с опозданием на {value}',
    'drill.state.task_overdue_open_deal': 'Задача просрочена на {value}, сделка открыта',
    'drill.state.task_overdue_closed_deal': 'Задача просрочена на {value}, сделка закрыта',
    'drill.state.task_overdue': 'Задача просрочена на {value}, сделки нет в данных',
  },
});
