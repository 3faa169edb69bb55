// <kpi-board>: the deviation board of spec §4, what the head of sales reads
// first: six tiles (team value, norm, status as colour, icon and words, the
// change against the previous period, the managers furthest off). What to act
// on today is <kpi-today> (report.today). A tile is a button: it opens its
// deals in <kpi-drill> (a `kpi-drill` event). A metric whose inputs are
// missing says what it needs, never 0; when no deal was read the board says
// so (report.state), never "all in norm".

import { intl, language, t, tn } from '../i18n.mjs';
import { displayName, formatInstant, h } from '../dom.mjs';
import { message } from '../engine/messages.mjs';
import { tileNorm } from '../engine/report-html.mjs';
import { STATUS_ICON, deltaParts, formatMetric, formatMinutes, formatNorm, isNumber } from './metrics.mjs';
import { stateText } from './today.mjs';
import { pill } from './dynamics.mjs';
import { trendLine } from './trends.mjs';
import { ReportView } from './report-view.mjs';

// The drill-down behind each tile (core/kpi/drill.h accepts the tile ids).
const TILES = new Set(['frt', 'sla', 'next_step', 'overdue', 'stalled', 'win_rate_by_source']);

class KpiBoard extends ReportView {
  listen() {
    this.addEventListener('click', (event) => {
      const tile = event.target.closest('button[data-tile]');
      if (tile) this.#drill(tile.dataset.tile);
    });
  }

  #drill(id) {
    if (!TILES.has(id)) return;
    this.dispatchEvent(new CustomEvent('kpi-drill', {
      bubbles: true,
      detail: { metric: id, flaggedOnly: true, label: t(`board.${id}`) },
    }));
  }

  render() {
    const report = this.report;
    const heading = h('div', { class: 'kpi-board-head' },
      h('h2', { class: 'kpi-section-title' }, t('board.title')),
      report?.as_of ? h('p', { class: 'kpi-board-asof' }, t('board.as_of', { date: formatInstant(report.as_of, { withTime: true }) })) : null);
    if (!report) {
      this.replaceChildren(heading, h('p', { class: 'kpi-muted' }, t('matrix.none')));
      return;
    }
    // The role KPI set's tiles, in its order (report.layout.tiles, the core's; issue 11).
    const order = (report.layout?.tiles ?? [...TILES]).filter((id) => TILES.has(id));
    const tiles = order.map((id) => (report.board ?? []).find((tile) => tile.id === id)).filter((tile) => tile?.metric);
    const grid = h('div', { class: 'kpi-tiles', role: 'list' }, ...tiles.map((tile) => h('div', { role: 'listitem' }, this.#tile(tile))));
    const state = stateText(report);
    const banner = state ? h('p', { class: 'kpi-state-note', role: 'status', 'data-state': report.state.code }, state) : null;
    this.replaceChildren(...[heading, banner, grid].filter(Boolean));
  }

  #tile(tile) {
    const report = this.report;
    const metric = tile.metric;
    const present = isNumber(tile.value);
    const code = tile.status_reason ?? 'NOT_COMPUTED';
    const reason = present ? null : code === 'NOT_COMPUTED' ? t('value.no_data') : message(code, {}, language());
    const status = present && ['ok', 'warn', 'bad'].includes(tile.status) ? tile.status : null;
    const value = present ? formatMetric(metric, tile.value) : '—';
    const norm = formatNorm(metric, tileNorm(tile, report)) || '—';
    const parts = [
      h('span', { class: 'kpi-tile-name' }, t(`board.${tile.id}`)),
      h('span', { class: 'kpi-tile-top' },
        h('span', { class: 'kpi-tile-value', 'data-value': present ? String(tile.value) : '' }, value),
        pill(status)),
      reason
        ? h('span', { class: 'kpi-tile-reason' }, t('board.unavailable', { reason }))
        : tile.by_class ? this.#classNorms(tile) : h('span', { class: 'kpi-tile-norm' }, `${t('board.norm')}: ${norm}`),
    ];
    // Issue 11: the direction over the last weeks or months (components/trends.mjs) under the change.
    if (!reason) parts.push(this.#delta(metric, tile.delta_prev), trendLine(report, metric));
    if (!reason && tile.worst?.length) {
      parts.push(h('span', { class: 'kpi-tile-worst' },
        h('span', { class: 'kpi-tile-worst-label' }, tile.id === 'win_rate_by_source' ? t('board.worst_sources') : t('board.worst')),
        ` ${tile.worst.map(displayName).join(', ')}`));
    }
    const count = reason || !isNumber(tile.flagged) ? null : tile.flagged;
    const more = count === null ? t('board.open_deals') : tn(tile.id === 'overdue' ? 'board.tasks_to_review' : 'board.deals_to_review', count);
    if (!reason) parts.push(h('span', { class: 'kpi-tile-more', 'aria-hidden': 'true', 'data-count': count ?? null }, more));
    return h('button', {
      type: 'button', class: 'kpi-tile', 'data-tile': tile.id, 'data-status': status ?? 'none',
      'data-metric': metric, 'aria-label': this.#tileLabel(tile, value, norm, status, reason, more),
    }, ...parts);
  }

  #tileLabel(tile, value, norm, status, reason, more) {
    const bits = reason ? [t('board.unavailable', { reason })] // else the status, the norm and the footer without its arrow
      : [status ? t(`status.${status}`) : null, `${t('board.norm')}: ${norm}`, more.replace(/\s*→$/, '')];
    return [t(`board.${tile.id}`), value, ...bits].filter(Boolean).join('. ');
  }

  #delta(metric, delta) {
    if (!isNumber(delta)) return h('span', { class: 'kpi-delta', 'data-tone': 'none' }, t('board.no_previous'));
    const shown = deltaParts(metric, delta, this.report);
    return h('span', { class: 'kpi-delta', 'data-tone': shown.tone, 'data-delta': String(delta) },
      h('span', { class: 'kpi-delta-arrow', 'aria-hidden': 'true' }, shown.arrow),
      ` ${shown.text} `,
      h('span', { class: 'kpi-delta-label' }, t('board.vs_previous')));
  }

  /**
   * The FRT tile: which statistic it shows, then each lead class's median
   * against the norm the user set for that class, with the core's verdict
   * (board[].by_class; no mixed norm nobody set).
   */
  #classNorms(tile) {
    const rows = (tile.by_class ?? []).filter((c) => isNumber(c.norm_value));
    // The pill is the worst class's status (board[].status_lead_class, judged by the core): say which.
    const decides = tile.status_lead_class ?? null;
    return h('span', { class: 'kpi-tile-norm kpi-tile-classes' },
      decides ? h('span', { class: 'kpi-tile-decided', 'data-decided-by': decides }, message(`FRT_STATUS_BY_CLASS_${decides.toUpperCase()}`, {}, language())) : null,
      h('span', { class: 'kpi-tile-statistic' }, t('board.frt_statistic')),
      h('span', { class: 'kpi-class-norms' }, ...rows.map((c) => {
        const status = ['ok', 'warn', 'bad'].includes(c.status) ? c.status : null;
        const value = isNumber(c.value) ? classMinutes(c.value) : t('board.class_none');
        return h('span', { class: 'kpi-class-norm', 'data-class': c.lead_class, 'data-status': status ?? 'none', 'data-decides': c.lead_class === decides ? '' : null },
          status ? h('span', { class: 'kpi-class-icon', 'aria-hidden': 'true' }, STATUS_ICON[status]) : null,
          `${t(`board.class.${c.lead_class}`)} ≤ ${formatMinutes(c.norm_value)}: ${value}`,
          status ? h('span', { class: 'kpi-visually-hidden' }, ` (${t(`status.${status}`)})`) : null);
      })));
  }
}

/** A class's median beside its norm: one decimal under an hour, so 10.4 min never reads as "10 min" against "≤ 10 min". */
function classMinutes(minutes) {
  if (minutes >= 60) return formatMinutes(minutes);
  return intl(Intl.NumberFormat, { style: 'unit', unit: 'minute', unitDisplay: 'short', maximumFractionDigits: 1 }).format(minutes);
}

customElements.define('kpi-board', KpiBoard);
