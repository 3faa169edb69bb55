// <kpi-standup>: the stand-up list (issue 11), above today's list: the day's
// 3-5 deal cards, most deviant first, exactly as the core ranked and cut them
// (report.today.standup; docs/kpi.md "The stand-up list"). The number of
// cards is the settings' `standup_cards` (the core's, 3 to 5): the select sends
// it like any change (`kpi-setting-change` {key, value}, applied and saved by
// the settings panel). "Print" downloads the self-contained page
// wasm/standup.mjs writes (one A4 sheet).

import { addStrings, formatCount, language, t, tn } from '../i18n.mjs';
import { displayName, formatMoney, h } from '../dom.mjs';
import { standupHtml } from '../engine/standup.mjs';
import { isNumber } from './metrics.mjs';
import { drillValue } from './drill.mjs';
import { why } from './today.mjs';
import { saveBlob } from './exports.mjs';
import { fileStem } from '../export-table.mjs';
import { ReportView } from './report-view.mjs';

const COUNTS = [3, 4, 5]; // the choices the core accepts (settings SETTINGS_WHOLE_RANGE 3..5)

class KpiStandup extends ReportView {
  listen() {
    this.addEventListener('change', (event) => {
      const select = event.target.closest('select[data-standup-count]');
      if (!select) return;
      this.dispatchEvent(new CustomEvent('kpi-setting-change', { bubbles: true, detail: { key: 'standup_cards', value: Number(select.value) } }));
    });
    this.addEventListener('click', (event) => {
      if (!event.target.closest('[data-standup-print]') || !this.report) return;
      const page = standupHtml(this.report, { lang: language() });
      saveBlob(`${fileStem(this.report)}-standup.html`, new Blob([page], { type: 'text/html;charset=utf-8' }));
    });
  }

  /** The count in force: the settings document the panel holds (the core's own value, never a default of ours). */
  #count() {
    const n = document.querySelector('kpi-settings')?.settings?.standup_cards;
    return COUNTS.includes(n) ? n : null;
  }

  render() {
    const report = this.report;
    const rows = report?.today?.standup;
    if (!report || !Array.isArray(rows) || report.state?.code && report.state.code !== 'OK') {
      this.hidden = true;
      this.replaceChildren();
      return;
    }
    this.hidden = false;
    const count = this.#count();
    const bar = h('div', { class: 'kpi-standup-bar' },
      h('label', { class: 'kpi-today-filter' }, h('span', {}, t('standup.count')),
        h('select', { 'data-standup-count': '' }, ...COUNTS.map((n) => h('option', { value: String(n), selected: n === count }, formatCount(n))))),
      h('button', { type: 'button', class: 'kpi-button', 'data-standup-print': '', disabled: rows.length === 0 }, t('standup.print')));
    const list = rows.length
      ? h('ol', { class: 'kpi-standup-list' }, ...rows.map((row, i) => h('li', { class: 'kpi-standup-card', 'data-deal': row.deal_id, 'data-deviation': String(row.deviation ?? '') },
        h('span', { class: 'kpi-standup-rank', 'aria-hidden': 'true' }, String(i + 1)),
        h('div', { class: 'kpi-standup-body' },
          h('p', { class: 'kpi-standup-deal' }, h('strong', {}, row.deal_id), row.title ? ` — ${row.title}` : ''),
          h('p', { class: 'kpi-muted kpi-standup-facts' }, [displayName(row.manager) || t('today.no_manager'),
            row.stage ? displayName(row.stage) : null,
            isNumber(row.amount) ? formatMoney(row.amount) : null,
            isNumber(row.idle_days) ? `${t('today.col.idle')}: ${drillValue('working_days', row.idle_days)}` : null].filter(Boolean).join(' · ')),
          h('ul', { class: 'kpi-reasons' }, ...(row.reasons ?? []).map((reason) => h('li', { class: 'kpi-reason', 'data-code': reason.code },
            h('span', { class: 'kpi-reason-icon', 'aria-hidden': 'true' }, '!'), why(reason))))))))
      : h('p', { class: 'kpi-today-empty' }, t('today.none'));
    this.replaceChildren(
      h('h2', { class: 'kpi-section-title' }, t('standup.title')),
      h('p', { class: 'kpi-muted' }, tn('standup.intro', rows.length)),
      bar, list);
  }
}

customElements.define('kpi-standup', KpiStandup);

addStrings({
  en: {
    'standup.title': 'Stand-up: the day’s cards',
    'standup.intro': { one: 'The deal furthest off its norms, to go through at the morning stand-up.', other: 'The {n} deals furthest off their norms, the worst first, to go through at the morning stand-up.' },
    'standup.count': 'Cards',
    'standup.print': 'Printable list',
  },
  ru: {
    'standup.title': 'Планёрка: карточки дня',
    'standup.intro': {
      one: 'Сделка дальше всего от норм — разобрать на утренней планёрке.',
      few: '{n} сделки дальше всего от норм, худшие сверху, — разобрать на утренней планёрке.',
      many: '{n} сделок дальше всего от норм, худшие сверху, — разобрать на утренней планёрке.',
      other: '{n} сделки дальше всего от норм, худшие сверху, — разобрать на утренней планёрке.',
    },
    'standup.count': 'Карточек',
    'standup.print': 'Список для печати',
  },
});
