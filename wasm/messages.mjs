// The one strings table for every code that crosses the boundary: why a
// metric is unavailable (report.unavailable[].code), why a status is null
// (status_reason), why a deal is on a board card (board[].cards[].reasons),
// data-quality checks (report.data_quality[].check), the rules of row
// issues and file errors (`issueMessage`) and of settings errors. The page, the command line's table
// and the HTML report all render these codes through `message`; no face reads
// the core's English sentences (they stay in the JSON for old readers).
// The table is data: wasm/strings/<lang>.json, one flat {CODE: text | {plural
// forms}} object per language (docs/architecture.md "Strings"), imported as JSON
// modules (Node 20 and the browsers alike; copied beside this module by the build).
// No DOM: this module runs in Node and in the browser.
//
//   message('NEEDS_DEALS', {}, 'ru')              // 'нужна таблица сделок'
//   message('SLA_LATE', {value: '2 h', norm: '10 min'}, 'en')  // 'Answered in 2 h, norm 10 min'
//
// A message is a string with {name} placeholders, or an object of plural
// forms chosen by Intl.PluralRules on params.n. Numbers in params are
// formatted with Intl.NumberFormat in the language given. An unknown code
// renders as the code itself (never as an empty string), so a new core code
// is visible before its translation exists.

import en from './strings/en.json' with { type: 'json' };
import ru from './strings/ru.json' with { type: 'json' };

export const LANGS = ['ru', 'en'];

export const MESSAGES = { en, ru };

// Made once a language (the page formats hundreds of durations a render through inUnit).
const NUMBER = {}, PLURAL = {};

function language(lang) { return LANGS.includes(lang) ? lang : 'en'; }

function formatParam(name, value, lang, values) {
  // A `reason` that is itself a code (JSON_PAGE_SKIPPED's page error) is rendered in turn, with the same params.
  if (name === 'reason' && hasMessage(value)) return message(value, { ...values, reason: '' }, lang);
  if (typeof value === 'number' && Number.isFinite(value)) {
    return (NUMBER[lang] ??= new Intl.NumberFormat(lang, { maximumFractionDigits: 1 })).format(value);
  }
  return String(value ?? '');
}

/** `text` with its {placeholders} put in from `params` (as given; an unknown one stays). */
export function fill(text, params = {}) {
  return String(text).replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/**
 * The strings of one printable sheet (`standup`, `one_on_one`) in `lang`: the table's keys
 * `<sheet>.a.b` as {a: {b: text}}; a text with {placeholders} is filled with `fill`.
 */
export function sheetStrings(sheet, lang = 'en') {
  const out = {};
  for (const [key, text] of Object.entries(MESSAGES[language(lang)])) {
    if (!key.startsWith(`${sheet}.`)) continue;
    const path = key.slice(sheet.length + 1).split('.');
    path.slice(0, -1).reduce((o, k) => (o[k] ??= {}), out)[path.at(-1)] = text;
  }
  return out;
}

/** Whether the table has a text for `code` (in any language). */
export function hasMessage(code) { return Object.hasOwn(MESSAGES.en, code); }

/**
 * The text of `code` in `lang` ('ru' | 'en'; anything else is English) with
 * `params` put into its {placeholders}. Plural messages pick their form from
 * params.n. An unknown code is returned as is.
 */
export function message(code, params = {}, lang = 'en') {
  const l = language(lang);
  let text = MESSAGES[l][code] ?? MESSAGES.en[code];
  if (text === undefined) return String(code ?? '');
  const values = params ?? {};
  if (typeof text === 'object') {
    const n = Number(values.n);
    const form = Number.isFinite(n) ? (PLURAL[l] ??= new Intl.PluralRules(l)).select(n) : 'other';
    text = text[form] ?? text.other;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(values, name) ? formatParam(name, values[name], l, values) : whole));
}

/**
 * The text of a reader issue or file error (report.inputs[].issues[], inputs[].error): its `rule`
 * (the finer key, core/error.h Issue::rule) with its params; readers of old reports without a
 * rule get the code's text.
 */
export function issueMessage(issue, lang = 'en') {
  const key = issue?.rule && hasMessage(issue.rule) ? issue.rule : issue?.code;
  return message(key, issue?.params ?? {}, lang);
}

/** The title of a data-quality check (report.data_quality[].check, a snake_case code). */
export function checkMessage(check, lang = 'en') {
  const code = `CHECK_${String(check).toUpperCase()}`;
  return hasMessage(code) ? message(code, {}, lang) : String(check);
}
