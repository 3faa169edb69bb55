// Every string the page shows, in Russian and English, plus the number and date
// formats of the chosen language. Russian is the default for Russian browsers;
// the choice made with the RU/EN switch is remembered in localStorage.

const DICTIONARY = {
  en: {
    'app.title': 'KPI Lens',
    'app.tagline': 'Sales KPIs from your CRM exports. Files are analyzed in this browser and never leave it.',
    'badge.demo': 'Demo data',
    'badge.demo.title': 'Generated sample data. Drop your own CRM exports to replace it.',
    'lang.switch': 'Language',
    'drop.choose': 'Choose files',
    'drop.hint': 'or drop CRM exports (CSV, XLSX, .xls) or API dumps (JSON) anywhere on the page',
    'drop.overlay': 'Drop files to analyze',
    'demo.reload': 'Show the demo',
    'files.clear': 'Clear all',
    'meta.as_of': 'Data as of',
    'meta.period': 'Period',
    'matrix.title': 'KPI matrix',
    'matrix.manager': 'Manager',
    'matrix.won': 'Won',
    'matrix.lost': 'Lost',
    'matrix.win_rate': 'Win rate',
    'matrix.revenue': 'Revenue',
    'matrix.avg_won': 'Avg. won deal',
    'matrix.team': 'Team',
    'matrix.empty': 'No deals in the loaded files.',
    'matrix.none': 'No report yet.',
    'matrix.unavailable': 'Not computed from these files: {metrics}.',
    'value.no_data': 'no data',
    'files.title': 'Files',
    'files.empty': 'No files loaded.',
    'files.rows': { one: '{n} row', other: '{n} rows' },
    'files.skipped': { one: '{n} skipped', other: '{n} skipped' },
    'files.delimiter': 'delimiter “{d}”',
    'files.issues': { one: '{n} note', other: '{n} notes' },
    'files.line': 'line {n}',
    'files.byte': 'byte {n}',
    'files.error': 'Could not read {file}{where}: {message}',
    'files.no_rows': '{file}: no data rows found.',
    'files.unknown_kind': '{file}: not recognised as deals, stage history, tasks or activities.',
    'files.skipped_rows': { one: '{file}: {n} row could not be read and was skipped.', other: '{file}: {n} rows could not be read and were skipped.' },
    'files.notes': { one: '{file}: {n} note about the data.', other: '{file}: {n} notes about the data.' },
    'format.canonical-csv': 'canonical CSV',
    'format.amocrm-csv': 'amoCRM CSV',
    'format.amocrm-json': 'amoCRM JSON',
    'format.bitrix24-csv': 'Bitrix24 CSV',
    'format.bitrix24-json': 'Bitrix24 JSON',
    'format.amocrm-xlsx': 'amoCRM XLSX',
    'format.bitrix24-xlsx': 'Bitrix24 XLSX',
    'format.generic-xlsx': 'XLSX',
    'format.canonical-xlsx': 'canonical XLSX',
    'kind.deals': 'Deals',
    'kind.fetch_manifest': 'kpi-lens fetch folder: the CRM address', // issue 10
    'format.fetch-json': 'kpi-lens fetch',
    'kind.stage_events': 'Stage history',
    'kind.tasks': 'Tasks',
    'kind.activities': 'Activities',
    'kind.events': 'Events (stage changes, touches)',
    'kind.pipelines': 'Pipelines and stages',
    'kind.statuses': 'Stages and sources',
    'kind.users': 'Users',
    'kind.loss_reasons': 'Loss reasons',
    'progress.reading': 'Reading {file}…',
    'progress.demo': 'Loading demo data…',
    'progress.report': 'Computing KPIs…',
    'progress.cancel': 'Cancel',
    'alert.failed_files': { one: '{n} file could not be read: {files}', other: '{n} files could not be read: {files}' },
    'alert.worker': 'The analysis failed: {message}',
    'alert.demo': 'The demo data could not be loaded: {message}',
    'alert.dismiss': 'Dismiss',
    'alert.cancelled': 'Reading cancelled. Not loaded: {files}.',
    'footer.privacy': 'Everything is computed locally with WebAssembly; no data is uploaded.',
    'a11y.skip': 'Skip to content',
  },
  ru: {
    'app.title': 'KPI Lens',
    'app.tagline': 'KPI отдела продаж по выгрузкам из CRM. Файлы обрабатываются в этом браузере и никуда не отправляются.',
    'badge.demo': 'Демо-данные',
    'badge.demo.title': 'Сгенерированный пример. Перетащите свои выгрузки из CRM, чтобы заменить его.',
    'lang.switch': 'Язык',
    'drop.choose': 'Выбрать файлы',
    'drop.hint': 'или перетащите сюда выгрузки CRM (CSV, XLSX, .xls) или дампы API (JSON)',
    'drop.overlay': 'Отпустите файлы для анализа',
    'demo.reload': 'Показать демо',
    'files.clear': 'Очистить всё',
    'meta.as_of': 'Данные на',
    'meta.period': 'Период',
    'matrix.title': 'Матрица KPI',
    'matrix.manager': 'Менеджер',
    'matrix.won': 'Выиграно',
    'matrix.lost': 'Проиграно',
    'matrix.win_rate': 'Доля выигранных',
    'matrix.revenue': 'Выручка',
    'matrix.avg_won': 'Средний чек',
    'matrix.team': 'Команда',
    'matrix.empty': 'В загруженных файлах нет сделок.',
    'matrix.none': 'Отчёта пока нет.',
    'matrix.unavailable': 'По этим файлам не рассчитываются: {metrics}.',
    'value.no_data': 'нет данных',
    'files.title': 'Файлы',
    'files.empty': 'Файлы не загружены.',
    'files.rows': { one: '{n} строка', few: '{n} строки', many: '{n} строк', other: '{n} строки' },
    'files.skipped': { one: '{n} пропущена', few: '{n} пропущены', many: '{n} пропущено', other: '{n} пропущено' },
    'files.delimiter': 'разделитель «{d}»',
    'files.issues': { one: '{n} замечание', few: '{n} замечания', many: '{n} замечаний', other: '{n} замечания' },
    'files.line': 'строка {n}',
    'files.byte': 'байт {n}',
    'files.error': 'Не удалось прочитать {file}{where}: {message}',
    'files.no_rows': '{file}: строк с данными не найдено.',
    'files.unknown_kind': '{file}: не похоже на сделки, историю этапов, задачи или активности.',
    'files.skipped_rows': {
      one: '{file}: {n} строку не удалось прочитать, она пропущена.',
      few: '{file}: {n} строки не удалось прочитать, они пропущены.',
      many: '{file}: {n} строк не удалось прочитать, они пропущены.',
      other: '{file}: {n} строки не удалось прочитать, они пропущены.',
    },
    'files.notes': { one: '{file}: {n} замечание к данным.', few: '{file}: {n} замечания к данным.', many: '{file}: {n} замечаний к данным.', other: '{file}: {n} замечания к данным.' },
    'format.canonical-csv': 'канонический CSV',
    'format.amocrm-csv': 'amoCRM CSV',
    'format.amocrm-json': 'amoCRM JSON',
    'format.bitrix24-csv': 'Битрикс24 CSV',
    'format.bitrix24-json': 'Битрикс24 JSON',
    'format.amocrm-xlsx': 'amoCRM XLSX',
    'format.bitrix24-xlsx': 'Битрикс24 XLSX',
    'format.generic-xlsx': 'XLSX',
    'format.canonical-xlsx': 'канонический XLSX',
    'kind.deals': 'Сделки',
    'kind.fetch_manifest': 'папка kpi-lens fetch: адрес CRM', // issue 10
    'format.fetch-json': 'kpi-lens fetch',
    'kind.stage_events': 'История этапов',
    'kind.tasks': 'Задачи',
    'kind.activities': 'Активности',
    'kind.events': 'События (этапы, касания)',
    'kind.pipelines': 'Воронки и этапы',
    'kind.statuses': 'Стадии и источники',
    'kind.users': 'Пользователи',
    'kind.loss_reasons': 'Причины отказа',
    'progress.reading': 'Чтение {file}…',
    'progress.demo': 'Загрузка демо-данных…',
    'progress.report': 'Расчёт KPI…',
    'progress.cancel': 'Отменить',
    'alert.failed_files': {
      one: 'Не удалось прочитать {n} файл: {files}',
      few: 'Не удалось прочитать {n} файла: {files}',
      many: 'Не удалось прочитать {n} файлов: {files}',
      other: 'Не удалось прочитать {n} файла: {files}',
    },
    'alert.worker': 'Анализ не удался: {message}',
    'alert.demo': 'Не удалось загрузить демо-данные: {message}',
    'alert.dismiss': 'Закрыть',
    'alert.cancelled': 'Чтение отменено. Не загружены: {files}.',
    'footer.privacy': 'Всё считается локально в WebAssembly; данные никуда не загружаются.',
    'a11y.skip': 'Перейти к содержимому',
  },
};

/**
 * Adds a component's strings ({en: {...}, ru: {...}}); a component module calls
 * it once at import time, so each component keeps its strings next to its code.
 */
export function addStrings(dictionary) {
  for (const [lang, entries] of Object.entries(dictionary)) Object.assign(DICTIONARY[lang] ??= {}, entries);
}

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

function fill(template, params) {
  return template.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/** The string for `key` with {placeholders} filled from `params`. */
export function t(key, params = {}) {
  const entry = DICTIONARY[current][key] ?? DICTIONARY.en[key] ?? key;
  return fill(typeof entry === 'string' ? entry : entry.other, params);
}

/** A counted string ({n} is the count, formatted) with the language's plural rules. */
export function tn(key, n, params = {}) {
  const entry = DICTIONARY[current][key] ?? DICTIONARY.en[key];
  if (entry === undefined) return key;
  if (typeof entry === 'string') return fill(entry, { ...params, n: formatCount(n) });
  const form = intl(Intl.PluralRules).select(n);
  return fill(entry[form] ?? entry.other, { ...params, n: formatCount(n) });
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
