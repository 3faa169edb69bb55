// <kpi-board>: the deviation board of spec §4, what the head of sales reads
// first: six tiles (team value, norm, status as colour, icon and words, the
// change against the previous period, the managers furthest off) and the
// "cards to review today", the deals behind the tiles with why each is there.
// A tile is a button: it opens its deals in <kpi-drill> (a `kpi-drill` event).
// A metric whose inputs are missing says what it needs, never 0.

import { addStrings, formatCount, t, tn } from '../i18n.mjs';
import { displayName, formatInstant, formatMoney, h } from '../dom.mjs';
import {
  STATUS_ICON, deltaParts, formatMetric, isNumber, normText, unavailableReason,
} from './metrics.mjs';
import { drillValue } from './drill.mjs';

// Each tile: the METRICS key its value is, the drill metric behind it, and
// which report.unavailable family explains a missing value.
const TILES = {
  frt: { metric: 'frt_mean_min', drill: 'frt', family: 'frt' },
  sla: { metric: 'sla_share', drill: 'sla', family: 'sla' },
  next_step: { metric: 'next_step_share', drill: 'next_step', family: 'next_step' },
  overdue: { metric: 'overdue_share', drill: 'overdue', family: 'overdue' },
  stalled: { metric: 'stalled_share', drill: 'stalled', family: 'stalled' },
  win_rate_by_source: { metric: 'win_rate', drill: 'win_rate_by_source', family: 'win_rate' },
};
// The cards of the FRT and SLA tiles are the same leads (SLA breaches).
const CARD_SOURCE = { frt: 'sla', sla: 'sla', next_step: 'next_step', overdue: 'overdue', stalled: 'stalled', win_rate_by_source: 'win_rate_by_source' };
const CARDS_SHOWN = 8;

/**
 * How many rows the tile's drill-down flags, from the team's metrics (the
 * card list is capped at 100, the drill-down is not): SLA breaches, open deals
 * without a next step, overdue tasks, stalled deals, lost deals. FRT has no
 * such count in the report (its list is the leads answered past their norm).
 */
function offNormCount(id, m) {
  const n = (v) => (isNumber(v) ? v : null);
  switch (id) {
    case 'sla': return n(m.sla_breached);
    case 'next_step': return isNumber(m.open_count) && isNumber(m.next_step_share) ? Math.round(m.open_count * (1 - m.next_step_share)) : null;
    case 'overdue': return n(m.overdue_count);
    case 'stalled': return n(m.stalled_count);
    case 'win_rate_by_source': return n(m.lost_count);
    default: return null;
  }
}

class KpiBoard extends HTMLElement {
  #report = null;
  #details = new Map(); // drill metric -> Map(deal id -> drill row): what the cards say about each deal
  #showAll = false;
  #request = 0;
  client = null;

  get report() { return this.#report; }
  set report(value) {
    this.#report = value ?? null;
    this.#details = new Map();
    this.#showAll = false;
    this.render();
    this.#loadCardDetails();
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
    const tile = TILES[id];
    if (!tile) return;
    this.dispatchEvent(new CustomEvent('kpi-drill', {
      bubbles: true,
      detail: { metric: tile.drill, flaggedOnly: true, label: t(`board.${id}`) },
    }));
  }

  /** The deals on the cards, with their manager, stage and value, from the engine. */
  async #loadCardDetails() {
    const report = this.#report;
    const id = ++this.#request;
    if (!report || !this.client?.drill) return;
    const wanted = new Set((report.board ?? []).filter((tile) => tile.deal_ids?.length).map((tile) => CARD_SOURCE[tile.id]));
    const details = new Map();
    for (const metric of wanted) {
      try {
        const result = await this.client.drill({ metric, flaggedOnly: true, limit: 500 });
        const rows = new Map();
        for (const row of result.rows) {
          // Overdue lists tasks: keep each deal's latest-running task.
          const seen = rows.get(row.deal_id);
          if (row.deal_id && (!seen || (row.value ?? 0) > (seen.value ?? 0))) rows.set(row.deal_id, { ...row, unit: result.unit });
        }
        details.set(metric, rows);
      } catch {
        // The cards still show their ids and reasons without details.
      }
      if (id !== this.#request) return;
    }
    this.#details = details;
    this.render();
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
    const tiles = (report.board ?? []).filter((tile) => TILES[tile.id]);
    const grid = h('div', { class: 'kpi-tiles', role: 'list' }, ...tiles.map((tile) => h('div', { role: 'listitem' }, this.#tile(tile))));
    this.replaceChildren(heading, grid, this.#cards(tiles));
  }

  #tile(tile) {
    const spec = TILES[tile.id];
    const report = this.#report;
    const reason = isNumber(tile.value) ? null : unavailableReason(report, spec.family);
    const status = isNumber(tile.value) ? tile.status : null;
    const value = isNumber(tile.value)
      ? formatMetric(spec.metric, tile.value)
      : '—';
    const norm = tile.id === 'win_rate_by_source' ? t('board.norm.trend')
      : tile.id === 'stalled' ? t('board.norm.per_stage', { norm: normText('stalled_share', report) })
        : normText(spec.metric, report);
    const parts = [
      h('span', { class: 'kpi-tile-name' }, t(`board.${tile.id}`)),
      h('span', { class: 'kpi-tile-top' },
        h('span', { class: 'kpi-tile-value', 'data-value': isNumber(tile.value) ? String(tile.value) : '' }, value),
        status ? h('span', { class: 'kpi-pill', 'data-status': status },
          h('span', { class: 'kpi-pill-icon', 'aria-hidden': 'true' }, STATUS_ICON[status]), t(`status.${status}`)) : null),
      reason
        ? h('span', { class: 'kpi-tile-reason' }, t('board.unavailable', { reason }))
        : h('span', { class: 'kpi-tile-norm' }, `${t('board.norm')}: ${norm}`),
    ];
    if (!reason) parts.push(this.#delta(spec.metric, tile.delta_prev));
    if (!reason && tile.worst?.length) {
      parts.push(h('span', { class: 'kpi-tile-worst' },
        h('span', { class: 'kpi-tile-worst-label' }, tile.id === 'win_rate_by_source' ? t('board.worst_sources') : t('board.worst')),
        ` ${tile.worst.map(displayName).join(', ')}`));
    }
    const count = reason ? null : offNormCount(tile.id, report.team?.metrics ?? {});
    const more = count === null ? t('board.open_deals') : tn(tile.id === 'overdue' ? 'board.tasks_to_review' : 'board.deals_to_review', count);
    if (!reason) parts.push(h('span', { class: 'kpi-tile-more', 'aria-hidden': 'true', 'data-count': count ?? null }, more));
    return h('button', {
      type: 'button', class: 'kpi-tile', 'data-tile': tile.id, 'data-status': status ?? 'none',
      'data-metric': spec.metric, 'aria-label': this.#tileLabel(tile, value, norm, status, reason, more),
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
    const shown = deltaParts(metric, delta);
    return h('span', { class: 'kpi-delta', 'data-tone': shown.tone, 'data-delta': String(delta) },
      h('span', { class: 'kpi-delta-arrow', 'aria-hidden': 'true' }, shown.arrow),
      ` ${shown.text} `,
      h('span', { class: 'kpi-delta-label' }, t('board.vs_previous')));
  }

  /** Deals from every tile's list, interleaved by rank (each tile's worst first), one card per deal. */
  #cards(tiles) {
    const byDeal = new Map();
    const longest = Math.max(0, ...tiles.map((tile) => tile.deal_ids?.length ?? 0));
    for (let rank = 0; rank < longest; rank += 1) {
      for (const tile of tiles) {
        const dealId = tile.deal_ids?.[rank];
        if (dealId === undefined) continue;
        const card = byDeal.get(dealId) ?? { id: dealId, reasons: [] };
        const source = CARD_SOURCE[tile.id];
        if (!card.reasons.some((r) => r.source === source)) card.reasons.push({ tile: tile.id, source });
        byDeal.set(dealId, card);
      }
    }
    const cards = [...byDeal.values()];
    const title = h('h3', { class: 'kpi-cards-title' }, t('board.cards'),
      h('span', { class: 'kpi-cards-count' }, ` ${formatCount(cards.length)}`));
    if (cards.length === 0) return h('section', { class: 'kpi-cards' }, title, h('p', { class: 'kpi-muted' }, t('board.cards_none')));
    const shown = this.#showAll ? cards : cards.slice(0, CARDS_SHOWN);
    const list = h('ol', { class: 'kpi-card-list' }, ...shown.map((card) => this.#card(card)));
    const toggle = cards.length > CARDS_SHOWN
      ? h('button', { type: 'button', class: 'kpi-button kpi-cards-toggle', 'data-cards-toggle': '', 'aria-expanded': String(this.#showAll) },
        this.#showAll ? t('board.cards_fewer') : t('board.cards_all', { n: formatCount(cards.length) }))
      : null;
    return h('section', { class: 'kpi-cards', 'aria-label': t('board.cards') }, title, list, toggle);
  }

  #card(card) {
    let deal = null;
    for (const reason of card.reasons) deal ??= this.#details.get(reason.source)?.get(card.id) ?? null;
    const facts = deal ? [displayName(deal.manager), displayName(deal.stage), isNumber(deal.amount) ? formatMoney(deal.amount) : null].filter(Boolean) : [];
    return h('li', { class: 'kpi-deal-card', 'data-deal': card.id },
      h('div', { class: 'kpi-deal-head' },
        h('span', { class: 'kpi-deal-id' }, card.id),
        deal?.title ? h('span', { class: 'kpi-deal-title' }, deal.title) : null),
      facts.length ? h('div', { class: 'kpi-deal-facts' }, facts.join(' · ')) : null,
      h('ul', { class: 'kpi-reasons' }, ...card.reasons.map((reason) => h('li', { class: 'kpi-reason', 'data-tile': reason.tile },
        h('span', { class: 'kpi-reason-icon', 'aria-hidden': 'true' }, '!'),
        this.#why(reason, this.#details.get(reason.source)?.get(card.id))))));
  }

  /** Why a deal is on the list, with its own number when the engine gave it. */
  #why(reason, row) {
    const value = row && isNumber(row.value) ? drillValue(row.unit, row.value) : null;
    const norm = row && isNumber(row.norm) ? drillValue(row.unit, row.norm) : null;
    switch (reason.source) {
      case 'sla':
        if (row?.state === 'unanswered') return value ? t('why.unanswered', { value, norm }) : t('why.sla');
        return value ? t('why.late', { value, norm }) : t('why.sla');
      case 'next_step': return row?.state === 'overdue_step' ? t('why.overdue_step') : t('why.no_step');
      case 'overdue': return value ? t('why.overdue', { value }) : t('why.overdue_plain');
      case 'stalled': return value ? t('why.stalled', { value, norm, stage: row.stage ?? '' }) : t('why.stalled_plain');
      case 'win_rate_by_source': return t('why.lost', { source: row?.source ?? '—' });
      default: return '';
    }
  }
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
    'board.norm.trend': 'not below the previous period',
    'board.norm.per_stage': '{norm} in every stage',
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
    'why.late': 'Answered in {value}, norm {norm}',
    'why.unanswered': 'No answer for {value}, norm {norm}',
    'why.sla': 'SLA breached',
    'why.no_step': 'No next step planned',
    'why.overdue_step': 'Next step is overdue',
    'why.overdue': 'Task overdue by {value}',
    'why.overdue_plain': 'Task overdue',
    'why.stalled': 'Idle {value} in {stage} (limit {norm})',
    'why.stalled_plain': 'Stalled in its stage',
    'why.lost': 'Lost; source {source} wins less than the team',
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
    'board.norm.trend': 'не ниже прошлого периода',
    'board.norm.per_stage': '{norm} на каждом этапе',
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
    'why.late': 'Ответ через {value}, норма {norm}',
    'why.unanswered': 'Нет ответа {value}, норма {norm}',
    'why.sla': 'Нарушен SLA',
    'why.no_step': 'Следующий шаг не запланирован',
    'why.overdue_step': 'Следующий шаг просрочен',
    'why.overdue': 'Задача просрочена на {value}',
    'why.overdue_plain': 'Задача просрочена',
    'why.stalled': 'Простой {value} на этапе «{stage}» (срок {norm})',
    'why.stalled_plain': 'Зависла на этапе',
    'why.lost': 'Проиграна; источник «{source}» выигрывает реже команды',
  },
});

export { TILES };
