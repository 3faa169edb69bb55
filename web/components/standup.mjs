// <kpi-standup>: the stand-up list (issue 11), above today's list: the day's
// 3-5 deal cards, most deviant first, exactly as the core ranked and cut them
// (report.today.standup; docs/kpi.md "The stand-up list"). The number of
// cards is the settings' `standup_cards` (the choices: the core's schema of that field): the select sends
// it like any change (`kpi-setting-change` {key, value}, applied and saved by
// the settings panel). "Print" downloads the self-contained page
// wasm/standup.mjs writes (one A4 sheet).

import { formatCount, language, t, tn } from '../i18n.mjs';
import { displayName, formatMoney, h, saveBlob } from '../dom.mjs';
import { standupHtml } from '../engine/standup.mjs';
import { isNumber } from './metrics.mjs';
import { drillValue } from './drill.mjs';
import { why } from './today.mjs';
import { fileStem } from '../export-table.mjs';
import { ReportView } from './report-view.mjs';

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

  /** The counts the core takes (its settings schema's min..max of `standup_cards`) and the one in force. */
  #counts() {
    const panel = document.querySelector('kpi-settings');
    const { min, max, step = 1 } = panel?.fieldSchema?.('/standup_cards') ?? {};
    const counts = [];
    for (let n = min; n <= max; n += step) counts.push(n);
    return { counts, count: panel?.settings?.standup_cards };
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
    const { counts, count } = this.#counts();
    const bar = h('div', { class: 'kpi-standup-bar' },
      h('label', { class: 'kpi-today-filter' }, h('span', {}, t('standup.count')),
        h('select', { 'data-standup-count': '' }, ...counts.map((n) => h('option', { value: String(n), selected: n === count }, formatCount(n))))),
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
