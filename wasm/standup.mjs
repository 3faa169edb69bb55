// The stand-up list (issue 11): the day's 3-5 deal cards for the morning
// stand-up, most deviant first, as one self-contained printable HTML page (no
// script, no request), like the 1:1 sheet. It renders the report only:
// report.today.standup, which the core ranked (docs/kpi.md "The stand-up
// list": how far each deal is off its norms) and cut to the settings'
// `standup_cards`; every reason in the words of the strings table.

import { documentHead, escapeHtml, inUnit, isNum, LOCALES, reasonText } from './report-html.mjs';
import { sheetStrings } from './messages.mjs';

/** A report instant as the date in the report's zone (report.tz), the end one second back when exclusive. */
function day(text, tz, lang, { exclusive = false } = {}) {
  const ms = Date.parse(text ?? '');
  if (!Number.isFinite(ms)) return null;
  const at = new Date(ms - (exclusive ? 1000 : 0));
  try {
    return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeZone: tz || 'UTC' }).format(at);
  } catch {
    return at.toISOString().slice(0, 10);
  }
}

/**
 * The stand-up list of `report` as one HTML document (a string). Options:
 * lang 'ru' (default) or 'en'.
 */
export function standupHtml(report, { lang = 'ru' } = {}) {
  const language = lang === 'en' ? 'en' : 'ru';
  const s = sheetStrings('standup', language);
  const money = new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 0 });
  const rows = report?.today?.standup ?? [];
  const tz = report?.tz;
  const items = rows.map((row, i) => {
    const facts = [
      row.manager ? `<span data-field="manager">${escapeHtml(row.manager)}</span>` : '',
      row.stage ? `<span data-field="stage">${escapeHtml(row.stage)}</span>` : '',
      isNum(row.amount) ? `<span data-field="amount">${escapeHtml(money.format(row.amount))}${row.currency ? `\u00a0${escapeHtml(row.currency)}` : ''}</span>` : '',
      isNum(row.idle_days) ? `<span data-field="idle">${escapeHtml(s.col.idle)}: ${escapeHtml(inUnit('working_days', row.idle_days, language))}</span>` : '',
    ].filter(Boolean).join('');
    const why = (row.reasons ?? []).map((r) => `<li data-code="${escapeHtml(r.code)}">${escapeHtml(reasonText(r, language))}</li>`).join('');
    return `<li data-deal="${escapeHtml(row.deal_id)}" data-deviation="${isNum(row.deviation) ? row.deviation : ''}">`
      + `<div class="rank">${i + 1}</div><div><div class="deal">${escapeHtml(row.deal_id)}${row.title ? ` — ${escapeHtml(row.title)}` : ''}</div>`
      + `<div class="facts">${facts}</div><ul class="why">${why}</ul>`
      + `<div class="next">${escapeHtml(s.col.next)}: <b></b></div></div></li>`;
  });
  const from = day(report?.period?.from, tz, language), to = day(report?.period?.to, tz, language, { exclusive: true });
  return `${documentHead(language, s.title, 'standup')}<body>
<main data-standup="${rows.length}">
<div class="brand">${escapeHtml(s.brand)}</div>
<h1>${escapeHtml(s.title)}</h1>
<dl class="meta">
<div><dt>${escapeHtml(s.asOf)}</dt><dd>${escapeHtml(day(report?.as_of, tz, language) ?? s.none)}</dd></div>
<div><dt>${escapeHtml(s.period)}</dt><dd>${from && to ? escapeHtml(`${from} – ${to}`) : s.none}</dd></div>
<div><dt>${escapeHtml(s.cards)}</dt><dd>${rows.length}</dd></div>
</dl>
<p class="muted">${escapeHtml(rows.length ? s.intro : s.empty)}</p>
${rows.length ? `<ol class="cards">${items.join('\n')}</ol>` : ''}
<footer>${escapeHtml(s.footer)}</footer>
</main>
</body>
</html>
`;
}
