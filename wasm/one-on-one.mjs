// The 1:1 sheet (issue 11): one manager's page for the weekly one-to-one, as a
// self-contained printable HTML document (no script, no request; the same
// string from the page and from `kpi-lens analyze --format html --manager
// NAME`). It renders the report only: the manager's KPIs with the status,
// norm, team value and previous period the core wrote, their weeks or months
// (report.series, each point a fresh analysis judged by the core), the KPIs
// furthest off (report.off_norm, ranked by the core), the deals on the board's
// cards that are theirs, and their plan and bonus; and (issue 11, second
// session) their win rate change over 3 and 6 months (report.win_rate_change),
// loss reasons against the team's mix (report.loss_mix) and plan by working
// day (report.plan_days), each as the core judged it. Reuses report-html.mjs's
// escaping and norm-in-force helpers without changing that module.

import { documentHead, escapeHtml, isNum, LOCALES, normInForce, reasonText } from './report-html.mjs';
import { fill, message, MESSAGES, sheetStrings } from './messages.mjs';

// The sheet's metrics, in the order a 1:1 goes through them.
const METRICS = ['frt_median_min', 'sla_share', 'next_step_share', 'overdue_share', 'touches_per_won_mean', 'stalled_share',
  'won_count', 'lost_count', 'win_rate', 'revenue', 'avg_won_amount', 'velocity_median_days', 'plan_pace', 'plan_forecast'];

function formatter(lang) {
  const locale = LOCALES[lang];
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const one = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const word = (unit, n) => fill(MESSAGES[lang][`unit.${unit}`], { n }); // the strings table's unit words
  return (unit, v) => {
    if (!isNum(v)) return null;
    if (unit === 'share') return pct.format(v);
    if (unit === 'minutes') return Math.abs(v) < 60 ? word('min', int.format(v)) : word('h', one.format(v / 60));
    if (unit === 'days') return message('unit.days', { n: v }, lang);
    if (unit === 'count' || unit === 'money') return int.format(v);
    return one.format(v);
  };
}

/** A date of the report (UTC instant) as YYYY-MM-DD, the end bound one second back when exclusive. */
function day(text, { exclusive = false } = {}) {
  const ms = Date.parse(text ?? '');
  if (!Number.isFinite(ms)) return null;
  return new Date(ms - (exclusive ? 1000 : 0)).toISOString().slice(0, 10);
}

function normText(report, row, key, unit, s, fmt) {
  const norm = normInForce(report, row, key);
  if (!norm) return null;
  if (norm.source === 'previous_period') return s.normPrev;
  if (norm.source === 'team') return s.normTeam;
  if (norm.source === 'plan') return s.normPlan;
  if (norm.kind === 'range') return isNum(norm.low) && isNum(norm.high) ? `${fmt(unit, norm.low)}–${fmt(unit, norm.high)}` : null;
  if (!isNum(norm.value)) return null;
  return `${norm.kind === 'at_most' ? '≤' : '≥'} ${fmt(unit, norm.value)}`;
}

// The manager's points of `key` as a small inline SVG (a figure, not a script).
function sparkSvg(points, key) {
  const W = 96, H = 22;
  const spark = sparkGeometry(points, key, { width: W, height: H, pad: 3 });
  if (!spark) return '';
  const dots = spark.dots.map((p) => `<circle cx="${p.x}" cy="${p.y}" r="2" class="dot ${escapeHtml(p.status)}" data-value="${p.value}"/>`);
  return `<svg class="spark" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" aria-hidden="true"><path d="${spark.d}"/>${dots.join('')}</svg>`;
}

/**
 * A sparkline of `metric` over the points in width × height inside `pad`, for this sheet and the
 * page's matrix: {d (the path), dots: [{x, y, value, status}]}, null with under two values.
 */
export function sparkGeometry(points, metric, { width, height, pad }) {
  const values = (points ?? []).map((p) => p?.metrics?.[metric]);
  const present = values.filter(isNum);
  if (present.length < 2) return null;
  const lo = Math.min(...present), hi = Math.max(...present);
  const x = (i) => pad + (i * (width - 2 * pad)) / Math.max(1, values.length - 1);
  const y = (v) => (hi === lo ? height / 2 : height - pad - ((v - lo) * (height - 2 * pad)) / (hi - lo));
  const dots = values.flatMap((v, i) => (isNum(v) ? [{ x: x(i).toFixed(1), y: y(v).toFixed(1), value: v, status: points[i]?.status?.[metric] ?? '' }] : []));
  return { d: linePath(values, x, y), dots };
}

/** "M x y L x y ..." through the values at (x(i), y(v)), lifted over the gaps (values that are not numbers). */
export function linePath(values, x, y) {
  let d = '', open = false;
  values.forEach((v, i) => {
    if (!isNum(v)) { open = false; return; }
    d += `${open ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)} `;
    open = true;
  });
  return d.trim();
}

function trendWords(direction, s) {
  if (!direction?.trend) return '';
  const words = [s.trendWords[direction.trend]];
  if (direction.verdict && direction.verdict !== 'same') words.push(s.trendWords[direction.verdict]);
  return words.join(', ');
}

// A month's first instant (a local midnight of the settings' zone) as "2026-11": noon after it is the same month.
function month(text) {
  const ms = Date.parse(text ?? '');
  return Number.isFinite(ms) ? new Date(ms + 12 * 3600 * 1000).toISOString().slice(0, 7) : '—';
}

function signedPp(change, s, lang) {
  const n = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 1 }).format(Math.abs(change) * 100);
  return `${change < 0 ? '−' : '+'}${fill(s.pp, { n })}`;
}

// report.win_rate_change for one manager (the team's change beside it), as the core judged it.
function winSection(report, manager, s, lang, fmt) {
  const w = report.win_rate_change;
  if (!w) return `<p class="muted">${escapeHtml(s.winNone)}</p>`;
  const mine = (w.managers ?? []).find((m) => m.manager === manager);
  const rows = (mine?.changes ?? []).map((c, k) => {
    const team = w.team?.changes?.[k];
    const value = isNum(c.change)
      ? `<span class="v">${escapeHtml(signedPp(c.change, s, lang))}</span> <span class="badge ${escapeHtml(c.status ?? 'none')}">${escapeHtml(s.status[c.status ?? 'null'])}</span>`
      : `<span class="muted">${escapeHtml(message(c.status_reason, {}, lang))}</span>`;
    const rates = `${fmt('share', c.before) ?? s.none} → ${fmt('share', c.after) ?? s.none}`;
    const teamText = team && isNum(team.change) ? `${s.team}: ${signedPp(team.change, s, lang)}` : '';
    return `<tr data-months="${c.months}" data-status="${escapeHtml(c.status ?? '')}"><th scope="row">${escapeHtml(fill(s.winRow, { months: c.months, before: month(c.before_from), after: month(w.latest_from) }))}</th>`
      + `<td class="${escapeHtml(c.status ?? '')}">${value}</td><td class="num">${escapeHtml(rates)}</td><td class="muted">${escapeHtml(teamText)}</td></tr>`;
  });
  return `<p class="muted">${escapeHtml(fill(s.winNorm, { low: signedPp(w.norm_low, s, lang), high: signedPp(w.norm_high, s, lang) }))}</p>`
    + `<table><tbody>${rows.join('')}</tbody></table>`;
}

// report.loss_mix for one manager: every team reason, the manager's share beside the team's, the core's ranks marked.
function lossSection(report, manager, s, lang, fmt) {
  const mix = (report.loss_mix ?? []).find((m) => m.manager === manager);
  if (!mix) return '';
  if (mix.lost === 0) return `<p class="muted">${escapeHtml(message(mix.reason_code, {}, lang))}</p>`;
  const rows = (mix.reasons ?? []).map((x) => `<tr data-reason="${escapeHtml(x.reason ?? '')}"${x.rank ? ` data-rank="${x.rank}" class="ranked"` : ''}>`
    + `<th scope="row">${escapeHtml(x.reason ?? s.lossNone)}${x.rank ? ` <span class="badge warn">${escapeHtml(s.lossMark)}</span>` : ''}</th>`
    + `<td class="num">${escapeHtml(fmt('share', x.share))} (${x.count})</td><td class="num">${escapeHtml(fmt('share', x.team_share))}</td>`
    + `<td class="num">${escapeHtml(signedPp(x.diff, s, lang))}</td></tr>`);
  return `<div class="scroll"><table><thead><tr><th scope="col">${escapeHtml(s.lossCol.reason)}</th><th scope="col">${escapeHtml(s.lossCol.mine)} (${mix.lost})</th>`
    + `<th scope="col">${escapeHtml(s.lossCol.team)}</th><th scope="col">${escapeHtml(s.lossCol.diff)}</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

// report.plan_days for one manager: each measure's track as a small SVG (plan line dashed, fact solid) and its last point.
function planDaysSection(report, manager, s, fmt) {
  const out = [];
  for (const measure of ['revenue', 'won_count']) {
    const track = (report.plan_days?.[measure]?.managers ?? []).find((m) => m.manager === manager);
    const days = track?.days ?? [];
    if (!days.length) continue;
    const W = 320, H = 90;
    const hi = Math.max(1, track.plan ?? 0, ...days.map((d) => d.fact).filter(isNum));
    const x = (i) => 4 + (days.length <= 1 ? 0 : (i * (W - 8)) / (days.length - 1));
    const y = (v) => 4 + (H - 8) * (1 - v / hi);
    const path = (key) => days.map((d, i) => (isNum(d[key]) ? `${i && isNum(days[i - 1][key]) ? 'L' : 'M'}${x(i).toFixed(1)} ${y(d[key]).toFixed(1)}` : '')).join(' ').trim();
    const last = days.reduce((k, d, i) => (isNum(d.fact) ? i : k), -1);
    const unit = measure === 'revenue' ? 'money' : 'number';
    const note = last >= 0 ? fill(s.planDays, { date: days[last].date, fact: fmt(unit, days[last].fact), expected: fmt(unit, days[last].expected) }) : '';
    out.push(`<div class="plan-days" data-measure="${measure}" data-status="${escapeHtml(track.status ?? '')}"><strong>${escapeHtml(s.planMeasure[measure])}</strong> `
      + `<span class="badge ${escapeHtml(track.status ?? 'none')}">${escapeHtml(s.status[track.status ?? 'null'])}</span><br>`
      + `<svg class="plan-svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" aria-hidden="true"><path class="line-plan" d="${path('expected')}"/>`
      + `<path class="line-fact ${escapeHtml(track.status ?? '')}" d="${path('fact')}"/></svg><div class="muted">${escapeHtml(note)}</div></div>`);
  }
  return out.join('');
}

/**
 * The 1:1 sheet of `manager` as one HTML document (a string). Options: lang
 * 'ru' (default) or 'en'. Throws a RangeError naming the manager when the
 * report has no such manager.
 */
export function oneOnOneHtml(report, manager, { lang = 'ru' } = {}) {
  const language = lang === 'en' ? 'en' : 'ru';
  const s = sheetStrings('one_on_one', language);
  const fmt = formatter(language);
  const index = (report.managers ?? []).findIndex((m) => m.name === manager);
  if (index < 0) throw new RangeError(fill(s.unknown, { name: manager }));
  const row = report.managers[index];
  const series = report.series ?? null;
  const seriesRow = series?.managers?.find((m) => m.name === manager) ?? null;
  const unit = (key) => report.catalogue?.[key]?.unit ?? null;
  const cell = (text, cls = '') => `<td class="num${cls}">${text === null ? s.none : escapeHtml(text)}</td>`;

  const kpiRows = METRICS.filter((key) => isNum(row.metrics?.[key]) || isNum(report.team?.metrics?.[key])).map((key) => {
    const status = row.status?.[key] ?? null;
    const value = fmt(unit(key), row.metrics?.[key]);
    const reason = value === null && row.status_reason?.[key] ? message(row.status_reason[key], {}, language) : null;
    return `<tr data-metric="${key}"><th scope="row">${escapeHtml(s.names[key])}</th>`
      + `<td class="num ${status ?? ''}" data-value="${row.metrics?.[key] ?? ''}" data-status="${status ?? ''}"><span class="v">${escapeHtml(value ?? s.none)}</span>`
      + `${reason ? `<div class="muted">${escapeHtml(reason)}</div>` : ''}</td>`
      + `<td><span class="badge ${status ?? 'none'}">${escapeHtml(s.status[status ?? 'null'])}</span></td>`
      + cell(normText(report, row, key, unit(key), s, fmt))
      + cell(fmt(unit(key), report.team?.metrics?.[key]))
      + cell(fmt(unit(key), row.previous?.[key]))
      + `<td>${sparkSvg(seriesRow?.points, key)}<span class="trend">${escapeHtml(trendWords(seriesRow?.direction?.[key], s))}</span></td></tr>`;
  });

  const off = (report.off_norm ?? []).find((o) => o.manager === manager)?.metrics ?? [];
  const pct = new Intl.NumberFormat(LOCALES[language], { style: 'percent', maximumFractionDigits: 0 });
  const furthest = off.slice(0, 2).map((o) => `<li data-metric="${escapeHtml(o.metric)}"><strong>${escapeHtml(s.names[o.metric] ?? o.metric)}</strong>: `
    + `${escapeHtml(fmt(unit(o.metric), row.metrics?.[o.metric]) ?? s.none)} (${escapeHtml(normText(report, row, o.metric, unit(o.metric), s, fmt) ?? s.none)}) — `
    + `<span class="badge ${escapeHtml(o.status)}">${escapeHtml(s.status[o.status] ?? o.status)}</span>, ${escapeHtml(fill(s.missBy, { pct: pct.format(o.miss) }))}</li>`);

  const seen = new Set();
  const cards = [];
  for (const tile of report.board ?? []) {
    for (const card of tile.cards ?? []) {
      if (card.manager !== manager || seen.has(card.deal_id)) continue;
      seen.add(card.deal_id);
      const reasons = (card.reasons ?? []).map((r) => reasonText(r, language)).join('; ');
      cards.push(`<li data-deal="${escapeHtml(card.deal_id)}"><strong>${escapeHtml(card.title || card.deal_id)}</strong>`
        + `${card.stage ? ` · ${escapeHtml(card.stage)}` : ''}${isNum(card.amount) ? ` · ${escapeHtml(fmt('money', card.amount))}` : ''} — ${escapeHtml(reasons)}</li>`);
    }
  }

  const bonus = (report.motivation ?? []).find((m) => m.manager === manager) ?? null;
  const planRows = [
    ...['plan_revenue', 'plan_fact_share', 'plan_pace', 'plan_forecast'].map((key) => [s.planRows[key], fmt(unit(key), row.metrics?.[key])]),
    ...(bonus ? [[s.planRows.multiplier, isNum(bonus.multiplier) ? `×${fmt('number', bonus.multiplier)}` : null], [s.planRows.bonus, fmt('money', bonus.bonus)]] : []),
  ].filter(([, v]) => v !== null);

  const from = day(report.period?.from), to = day(report.period?.to, { exclusive: true });
  const prev = report.period?.previous;
  const title = fill(s.title, { name: manager });
  return `${documentHead(language, title, 'one-on-one')}<body>
<main data-manager="${escapeHtml(manager)}">
<div class="brand">${escapeHtml(s.brand)}</div>
<h1>${escapeHtml(title)}</h1>
<dl class="meta">
<div><dt>${escapeHtml(s.asOf)}</dt><dd>${escapeHtml(day(report.as_of) ?? s.none)}</dd></div>
<div><dt>${escapeHtml(s.period)}</dt><dd>${from && to ? `${from} – ${to}` : s.none}</dd></div>
<div><dt>${escapeHtml(s.previous)}</dt><dd>${prev ? `${day(prev.from)} – ${day(prev.to, { exclusive: true })}` : escapeHtml(s.noPrevious)}</dd></div>
</dl>
<section id="kpis"><h2>${escapeHtml(s.kpis)}</h2>
<div class="scroll"><table>
<thead><tr><th scope="col">${s.col.kpi}</th><th scope="col">${escapeHtml(s.col.mine)}</th><th scope="col">${escapeHtml(s.col.status)}</th><th scope="col">${escapeHtml(s.col.norm)}</th><th scope="col">${escapeHtml(s.col.team)}</th><th scope="col">${escapeHtml(s.col.previous)}</th><th scope="col">${escapeHtml(s.col.trend)}</th></tr></thead>
<tbody>
${kpiRows.join('\n')}
</tbody></table></div></section>
<section id="furthest"><h2>${escapeHtml(s.furthest)}</h2>
${furthest.length ? `<ol>${furthest.join('')}</ol>` : `<p class="muted">${escapeHtml(s.furthestNone)}</p>`}</section>
<section id="cards"><h2>${escapeHtml(s.cards)}</h2>
${cards.length ? `<ul class="cards">${cards.join('')}</ul>` : `<p class="muted">${escapeHtml(s.cardsNone)}</p>`}</section>
<section id="win-change"><h2>${escapeHtml(s.winTitle)}</h2>
${winSection(report, manager, s, language, fmt)}</section>
<section id="loss-mix"><h2>${escapeHtml(s.lossTitle)}</h2>
${lossSection(report, manager, s, language, fmt)}</section>
<section id="plan"><h2>${escapeHtml(s.plan)}</h2>
${planRows.length ? `<table><tbody>${planRows.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td class="num">${escapeHtml(v)}</td></tr>`).join('')}</tbody></table>` : `<p class="muted">${escapeHtml(s.planNone)}</p>`}
${planDaysSection(report, manager, s, fmt)}</section>
<footer>${escapeHtml(s.footer)}</footer>
</main>
</body>
</html>
`;
}
