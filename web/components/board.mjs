// <kpi-board>: the deviation board of spec §4, what the head of sales reads
// first: six tiles (team value, norm, status as colour, icon and words, the
// change against the previous period, the managers furthest off) and the
// "cards to review today", the deals behind the tiles with why each is there.
// A tile is a button: it opens its deals in <kpi-drill> (a `kpi-drill` event).
// A metric whose inputs are missing says what it needs, never 0.

import { addStrings, formatCount, language, t, tn } from '../i18n.mjs';
import { displayName, formatInstant, formatMoney, h } from '../dom.mjs';
import { message } from '../engine/messages.mjs';
import { STATUS_ICON, deltaParts, formatMetric, formatNorm, isNumber } from './metrics.mjs';
import { drillValue } from './drill.mjs';
import { trendLine } from './trends.mjs';

// The drill-down behind each tile (core/kpi/drill.h accepts the tile ids).
const TILES = new Set(['frt', 'sla', 'next_step', 'overdue', 'stalled', 'win_rate_by_source']);
const CARDS_SHOWN = 8;

/** A tile's norm as the report gives it ({kind, value, low, high, source}). */
function tileNorm(tile, report) {
  const source = report.catalogue?.[tile.metric]?.norm?.source;
  return { kind: tile.norm_kind, value: tile.norm_value, low: tile.norm_low, high: tile.norm_high, source };
}

class KpiBoard extends HTMLElement {
  #report = null;
  #showAll = false;
  client = null;

  get report() { return this.#report; }
  set report(value) {
    this.#report = value ?? null;
    this.#showAll = false;
    this.render();
  }

  connectedCallback() {
    this.addEventListener('click', (event) => {
      const tile = event.target.closest('button[data-tile]');
      if (tile) this.#drill(tile.dataset.tile);
      if (event.target.closest('[data-cards-toggle]')) {
        this.#showAll = !this.#showAll;
        this.render();
        this.querySelector('[data-cards-toggle]')?.focus();
      }
    });
    this.render();
  }

  #drill(id) {
    if (!TILES.has(id)) return;
    this.dispatchEvent(new CustomEvent('kpi-drill', {
      bubbles: true,
      detail: { metric: id, flaggedOnly: true, label: t(`board.${id}`) },
    }));
  }

  render() {
    const report = this.#report;
    const heading = h('div', { class: 'kpi-board-head' },
      h('h2', { class: 'kpi-section-title' }, t('board.title')),
      report?.as_of ? h('p', { class: 'kpi-board-asof' }, t('board.as_of', { date: formatInstant(report.as_of, { withTime: true }) })) : null);
    if (!report) {
      this.replaceChildren(heading, h('p', { class: 'kpi-muted' }, t('matrix.none')));
      return;
    }
    const tiles = (report.board ?? []).filter((tile) => TILES.has(tile.id) && tile.metric);
    const grid = h('div', { class: 'kpi-tiles', role: 'list' }, ...tiles.map((tile) => h('div', { role: 'listitem' }, this.#tile(tile))));
    this.replaceChildren(heading, grid, this.#cards(tiles));
  }

  #tile(tile) {
    const report = this.#report;
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
        status ? h('span', { class: 'kpi-pill', 'data-status': status },
          h('span', { class: 'kpi-pill-icon', 'aria-hidden': 'true' }, STATUS_ICON[status]), t(`status.${status}`)) : null),
      reason
        ? h('span', { class: 'kpi-tile-reason' }, t('board.unavailable', { reason }))
        : h('span', { class: 'kpi-tile-norm' }, `${t('board.norm')}: ${norm}`),
    ];
    if (!reason) parts.push(this.#delta(metric, tile.delta_prev));
    if (!reason) parts.push(trendLine(report, metric)); // issue 11: the direction over the last weeks or months (components/trends.mjs)
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
    const bits = [t(`board.${tile.id}`), value];
    if (reason) bits.push(t('board.unavailable', { reason }));
    else {
      if (status) bits.push(t(`status.${status}`));
      bits.push(`${t('board.norm')}: ${norm}`);
    }
    if (!reason) bits.push(more.replace(/\s*→$/, '')); // the footer without its arrow
    return bits.join('. ');
  }

  #delta(metric, delta) {
    if (!isNumber(delta)) return h('span', { class: 'kpi-delta', 'data-tone': 'none' }, t('board.no_previous'));
    const shown = deltaParts(metric, delta, this.#report);
    return h('span', { class: 'kpi-delta', 'data-tone': shown.tone, 'data-delta': String(delta) },
      h('span', { class: 'kpi-delta-arrow', 'aria-hidden': 'true' }, shown.arrow),
      ` ${shown.text} `,
      h('span', { class: 'kpi-delta-label' }, t('board.vs_previous')));
  }

  /**
   * The deals the report carries rows for (board[].cards, the first few of
   * each tile), interleaved by rank (each tile's worst first), one card per
   * deal with every tile's reason; the count is every deal behind the tiles.
   */
  #cards(tiles) {
    const byDeal = new Map();
    const longest = Math.max(0, ...tiles.map((tile) => tile.cards?.length ?? 0));
    for (let rank = 0; rank < longest; rank += 1) {
      for (const tile of tiles) {
        const row = tile.cards?.[rank];
        if (!row) continue;
        const card = byDeal.get(row.deal_id) ?? { row, reasons: [] };
        for (const reason of row.reasons ?? []) {
          if (!card.reasons.some((r) => r.code === reason.code)) card.reasons.push({ ...reason, tile: tile.id });
        }
        byDeal.set(row.deal_id, card);
      }
    }
    const all = new Set(tiles.flatMap((tile) => tile.deal_ids ?? []));
    const cards = [...byDeal.values()];
    const title = h('h3', { class: 'kpi-cards-title' }, t('board.cards'),
      h('span', { class: 'kpi-cards-count' }, ` ${formatCount(all.size)}`));
    if (cards.length === 0) return h('section', { class: 'kpi-cards' }, title, h('p', { class: 'kpi-muted' }, t('board.cards_none')));
    const shown = this.#showAll ? cards : cards.slice(0, CARDS_SHOWN);
    const list = h('ol', { class: 'kpi-card-list' }, ...shown.map((card) => this.#card(card)));
    const toggle = cards.length > CARDS_SHOWN
      ? h('button', { type: 'button', class: 'kpi-button kpi-cards-toggle', 'data-cards-toggle': '', 'aria-expanded': String(this.#showAll) },
        this.#showAll ? t('board.cards_fewer') : t('board.cards_all', { n: formatCount(cards.length) }))
      : null;
    const rest = all.size - cards.length;
    const note = this.#showAll && rest > 0 ? h('p', { class: 'kpi-muted kpi-cards-more' }, tn('board.cards_more', rest)) : null;
    return h('section', { class: 'kpi-cards', 'aria-label': t('board.cards') }, title, list, toggle, note);
  }

  #card({ row, reasons }) {
    const facts = [displayName(row.manager), displayName(row.stage), isNumber(row.amount) ? formatMoney(row.amount) : null].filter(Boolean);
    return h('li', { class: 'kpi-deal-card', 'data-deal': row.deal_id },
      h('div', { class: 'kpi-deal-head' },
        h('span', { class: 'kpi-deal-id' }, row.deal_id),
        row.title ? h('span', { class: 'kpi-deal-title' }, row.title) : null),
      facts.length ? h('div', { class: 'kpi-deal-facts' }, facts.join(' · ')) : null,
      h('ul', { class: 'kpi-reasons' }, ...reasons.map((reason) => h('li', { class: 'kpi-reason', 'data-tile': reason.tile, 'data-code': reason.code },
        h('span', { class: 'kpi-reason-icon', 'aria-hidden': 'true' }, '!'),
        why(reason)))));
  }
}

/** Why a deal is on the list: the reason's code rendered with its numbers in their unit. */
function why(reason) {
  const p = reason.params ?? {};
  const params = { ...p };
  if (isNumber(p.value)) params.value = drillValue(p.unit, p.value);
  if (isNumber(p.norm)) params.norm = drillValue(p.unit, p.norm);
  if (p.stage !== undefined) params.stage = displayName(p.stage);
  if (p.source !== undefined) params.source = displayName(p.source);
  return message(reason.code, params, language());
}

customElements.define('kpi-board', KpiBoard);

addStrings({
  en: {
    'board.title': 'Deviation board',
    'board.as_of': 'as of {date}',
    'board.frt': 'First response time',
    'board.sla': 'SLA compliance',
    'board.next_step': 'Next-step coverage',
    'board.overdue': 'Overdue tasks',
    'board.stalled': 'Stalled deals',
    'board.win_rate_by_source': 'Win rate by source',
    'board.norm': 'Norm',
    'board.unavailable': 'Not computed: {reason}',
    'board.no_previous': 'No previous period',
    'board.vs_previous': 'vs previous period',
    'board.worst': 'Furthest off:',
    'board.worst_sources': 'Sources below the team:',
    'board.deals_to_review': { one: '{n} deal to review →', other: '{n} deals to review →' },
    'board.tasks_to_review': { one: '{n} task to review →', other: '{n} tasks to review →' },
    'board.open_deals': 'Open the deals →',
    'board.cards': 'Cards to review today',
    'board.cards_none': 'Nothing to review: no deal is off norm.',
    'board.cards_all': 'Show all {n}',
    'board.cards_fewer': 'Show fewer',
    'board.cards_more': { one: '{n} more deal: open a tile for its list', other: '{n} more deals: open a tile for their list' },
  },
  ru: {
    'board.title': 'Доска отклонений',
    'board.as_of': 'на {date}',
    'board.frt': 'Время первого ответа',
    'board.sla': 'Соблюдение SLA',
    'board.next_step': 'Следующий шаг',
    'board.overdue': 'Просроченные задачи',
    'board.stalled': 'Зависшие сделки',
    'board.win_rate_by_source': 'Конверсия по источникам',
    'board.norm': 'Норма',
    'board.unavailable': 'Не рассчитано: {reason}',
    'board.no_previous': 'Нет прошлого периода',
    'board.vs_previous': 'к прошлому периоду',
    'board.worst': 'Дальше всех от нормы:',
    'board.worst_sources': 'Источники ниже команды:',
    'board.deals_to_review': {
      one: '{n} сделка к разбору →', few: '{n} сделки к разбору →', many: '{n} сделок к разбору →', other: '{n} сделки к разбору →',
    },
    'board.open_deals': 'Открыть сделки →',
    'board.tasks_to_review': {
      one: '{n} задача к разбору →', few: '{n} задачи к разбору →', many: '{n} задач к разбору →', other: '{n} задачи к разбору →',
    },
    'board.cards': 'Карточки к разбору сегодня',
    'board.cards_none': 'Разбирать нечего: все сделки в норме.',
    'board.cards_all': 'Показать все {n}',
    'board.cards_fewer': 'Свернуть',
    'board.cards_more': {
      one: 'Ещё {n} сделка: откройте плитку, чтобы увидеть список', few: 'Ещё {n} сделки: откройте плитку, чтобы увидеть список',
      many: 'Ещё {n} сделок: откройте плитку, чтобы увидеть список', other: 'Ещё {n} сделки: откройте плитку, чтобы увидеть список',
    },
  },
});


