// The board inside the CRM widget and app, for now: a minimal view of the
// report (the six tiles as the core judged them, then won, lost and revenue per
// manager). It only renders: every number and status comes from the report.
// This whole module is to be replaced by the embeddable <kpi-lens-board>, built
// on the self-describing report (issue 9); app.mjs calls nothing here but
// renderBoard().

const STRINGS = {
  ru: {
    tiles: { frt: 'Первый ответ, среднее', sla: 'Доля SLA', next_step: 'Следующий шаг', overdue: 'Просроченные задачи',
      stalled: 'Зависшие сделки', win_rate_by_source: 'Конверсия (по источникам)' },
    manager: 'Менеджер', won: 'Выиграно', lost: 'Проиграно', revenue: 'Выручка', team: 'Команда', min: 'мин',
    status: { ok: 'в норме', warn: 'близко к границе', bad: 'вне нормы' },
  },
  en: {
    tiles: { frt: 'First response, mean', sla: 'SLA share', next_step: 'Next-step coverage', overdue: 'Overdue tasks',
      stalled: 'Stalled deals', win_rate_by_source: 'Win rate (by source)' },
    manager: 'Manager', won: 'Won', lost: 'Lost', revenue: 'Revenue', team: 'Team', min: 'min',
    status: { ok: 'on norm', warn: 'near the limit', bad: 'off norm' },
  },
};

function el(doc, tag, attrs = {}, ...children) {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

/** Replaces `target`'s content with the board of `report` (kpi-lens/report@1) in `lang` (ru|en). */
export function renderBoard(target, report, lang = 'ru') {
  const t = STRINGS[lang] ?? STRINGS.en;
  const doc = target.ownerDocument;
  const number = new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-US', { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-US', { style: 'percent', maximumFractionDigits: 1 });
  const show = (v, tile) => (v === null || v === undefined ? '—' : tile === 'frt' ? `${number.format(v)} ${t.min}` : percent.format(v));
  const money = (v) => (v === null || v === undefined ? '—' : number.format(v));
  const count = (v) => (v === null || v === undefined ? '—' : String(v));

  const tiles = el(doc, 'div', { class: 'kpi-embed-tiles' });
  for (const tile of report.board ?? []) {
    tiles.append(el(doc, 'div', { class: 'kpi-embed-tile', dataset: { tile: tile.id, status: tile.status ?? '', value: tile.value ?? '' } },
      el(doc, 'div', { class: 'kpi-embed-tile-title' }, t.tiles[tile.id] ?? tile.id),
      el(doc, 'div', { class: 'kpi-embed-tile-value' }, show(tile.value, tile.id)),
      el(doc, 'div', { class: 'kpi-embed-tile-status' }, tile.status ? t.status[tile.status] ?? tile.status : '')));
  }
  const head = el(doc, 'tr', {}, ...[t.manager, t.won, t.lost, t.revenue].map((h) => el(doc, 'th', { scope: 'col' }, h)));
  const row = (name, m, attrs) => el(doc, 'tr', attrs,
    el(doc, 'th', { scope: 'row' }, name),
    el(doc, 'td', { dataset: { metric: 'won_count', value: m.won_count ?? '' } }, count(m.won_count)),
    el(doc, 'td', { dataset: { metric: 'lost_count', value: m.lost_count ?? '' } }, count(m.lost_count)),
    el(doc, 'td', { dataset: { metric: 'revenue', value: m.revenue ?? '' } }, money(m.revenue)));
  const body = el(doc, 'tbody', {}, ...(report.managers ?? []).map((m) => row(m.name, m.metrics, { 'data-manager': m.name })));
  const table = el(doc, 'table', { class: 'kpi-embed-managers' }, el(doc, 'thead', {}, head), body,
    el(doc, 'tfoot', {}, row(t.team, report.team?.metrics ?? {}, { 'data-team': '' })));
  target.replaceChildren(tiles, table);
}
