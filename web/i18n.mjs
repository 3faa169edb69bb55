// Every string the page shows, in Russian and English, plus the number and date
// formats of the chosen language. Russian is the default for Russian browsers;
// the choice made with the RU/EN switch is remembered in localStorage.
// The strings are data: web/strings/<lang>.json, one flat {key: text | {plural
// forms}} object per language (docs/web.md "Strings"); JSON modules load the same
// way in the browser, the worker, the embedded board and Node.

import en from './strings/en.json' with { type: 'json' };
import ru from './strings/ru.json' with { type: 'json' };
import { fill } from './engine/messages.mjs';

const DICTIONARY = { en, ru };

export const LANGUAGES = ['ru', 'en'];
const STORAGE_KEY = 'kpi-lens.lang';
const LOCALES = { ru: 'ru-RU', en: 'en-US' };

let current = 'en';

/** The remembered choice, else Russian for a Russian browser, else English. */
export function detectLanguage(nav = globalThis.navigator) {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (LANGUAGES.includes(stored)) return stored;
  } catch { /* storage may be disabled; fall through */ }
  return String(nav?.language ?? '').toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

export function setLanguage(lang, { remember = false } = {}) {
  current = LANGUAGES.includes(lang) ? lang : 'en';
  if (remember) {
    try { globalThis.localStorage?.setItem(STORAGE_KEY, current); } catch { /* not fatal */ }
  }
  return current;
}

export function language() { return current; }

/** BCP 47 locale for Intl formatting in the current language. */
export function locale() { return LOCALES[current]; }

/** The string for `key` with {placeholders} filled from `params`; `fallback` (default: the key) when there is none. */
export function t(key, params = {}, fallback = key) {
  const entry = DICTIONARY[current][key] ?? DICTIONARY.en[key];
  if (entry === undefined) return String(fallback);
  return fill(typeof entry === 'string' ? entry : entry.other, params);
}

/** A counted string ({n} is the count, formatted) with the language's plural rules. */
export function tn(key, n, params = {}) {
  const entry = DICTIONARY[current][key] ?? DICTIONARY.en[key];
  const text = typeof entry === 'object' ? entry[intl(Intl.PluralRules).select(n)] ?? entry.other : entry;
  return text === undefined ? key : fill(text, { ...params, n: formatCount(n) });
}

export function formatCount(n) {
  return intl(Intl.NumberFormat, { maximumFractionDigits: 0 }).format(n);
}

// Making an Intl formatter costs ~100 times using one, and a render formats thousands of
// values (docs/performance.md "The page: re-render after a change"): each is made once.
const formatters = new Map();

/** The Intl `Kind` (NumberFormat, DateTimeFormat...) for `options` in the page's locale (or `lang`), made on first use; throws as its constructor does. */
export function intl(Kind, options = {}, lang = locale()) {
  const key = `${Kind.name}|${lang}|${JSON.stringify(options)}`;
  if (!formatters.has(key)) formatters.set(key, new Kind(lang, options));
  return formatters.get(key);
}
