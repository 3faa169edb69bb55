// <kpi-period>: the period switcher above the board (issue 11). Each button
// asks for a preset the core resolves relative to the data's "now"
// (settings `period_preset`, docs/kpi.md "Period presets"); the window shown
// and the one it is compared with are the report's (`period.from`, `to`,
// `preset`, `previous`), never computed here. A choice goes to the settings
// panel as a `kpi-period-change` event {period_preset}, which sends the whole
// document like any other change (and saves it); "Custom…" opens the panel's
// dates.

import { t } from '../i18n.mjs';
import { formatInstant, h } from '../dom.mjs';
import { ReportView } from './report-view.mjs';

// The presets offered, in order ("custom" is the settings' own from / to).
const PRESETS = ['this_week', 'last_week', 'this_month', 'last_month', 'this_quarter', 'last_3_months', 'whole', 'custom'];

function windowText(from, to) {
  if (!from || !to) return '—';
  return `${formatInstant(from, {})} – ${formatInstant(to, { exclusiveEnd: true })}`;
}

class KpiPeriod extends ReportView {
  listen() {
    this.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-preset]');
      if (!button) return;
      const preset = button.dataset.preset; // "Custom…" also opens the panel's dates
      this.dispatchEvent(new CustomEvent('kpi-period-change', { bubbles: true, detail: { period_preset: preset, open: preset === 'custom' } }));
    });
  }

  render() {
    const period = this.report?.period;
    if (!period) {
      this.replaceChildren();
      return;
    }
    const current = period.preset ?? 'custom';
    const buttons = h('div', { class: 'kpi-period-presets', role: 'group', 'aria-label': t('period.label') },
      ...PRESETS.map((p) => h('button', {
        type: 'button', class: 'kpi-period-button', 'data-preset': p, 'aria-pressed': String(p === current || (p === 'custom' && !PRESETS.includes(current))),
      }, t(`period.${p}`))));
    const previous = period.previous;
    const windows = h('p', { class: 'kpi-period-window', 'data-from': period.from ?? '', 'data-to': period.to ?? '' },
      h('span', { class: 'kpi-period-current' }, t('period.current', { window: windowText(period.from, period.to) })),
      ' ',
      h('span', { class: 'kpi-period-previous', 'data-from': previous?.from ?? '', 'data-to': previous?.to ?? '' },
        previous ? t('period.previous', { window: windowText(previous.from, previous.to) }) : t('period.no_previous')));
    this.replaceChildren(buttons, windows);
  }
}

customElements.define('kpi-period', KpiPeriod);
