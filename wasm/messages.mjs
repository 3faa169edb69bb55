// The one strings table for every code that crosses the boundary: why a
// metric is unavailable (report.unavailable[].code), why a status is null
// (status_reason), why a deal is on a board card (board[].cards[].reasons),
// data-quality checks (report.data_quality[].check) and the codes of row
// issues, file errors and settings errors. The page, the command line's table
// and the HTML report all render these codes through `message`; no face reads
// the core's English sentences (they stay in the JSON for old readers).
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

export const LANGS = ['ru', 'en'];

export const MESSAGES = {
  en: {
    // report.unavailable[].code: why a metric family has no value.
    NEEDS_DEALS: 'needs a deals table',
    NEEDS_ACTIVITIES: 'needs calls or messages with dates',
    NEEDS_TOUCHES: 'needs activities (calls, e-mails, messages) linked to deals',
    NEEDS_TASKS: 'needs tasks with due dates',
    NEEDS_HISTORY: 'needs stage history',
    NEEDS_PLAN: 'needs a sales plan in the settings',
    NO_OPEN_DEAL: 'no deal is open now',
    NO_TASK_DUE: 'no task was due in the period',
    NO_CLOSED_DEAL: 'no deal was won or lost in the period',
    NO_WON_DEAL: 'no deal was won in the period',
    NO_AMOUNT: 'the won deals have no amount',
    NO_STAGE_EVENT: 'no stage change of a known deal before the report date',
    NO_VELOCITY: 'no deal was won and no stage stay ended in the period',
    WON_BEFORE_CREATED: 'the deals won in the period close before they were created (see data quality)',
    // status_reason: why a value has no ok / warn / bad.
    NO_NORM: 'no norm for this metric',
    NOT_COMPUTED: 'not computed',
    NO_PREVIOUS: 'no previous period to compare with',
    NO_PLAN: 'no plan for this row',
    // board[].cards[].reasons[].code: why a deal is to be reviewed today.
    SLA_LATE: 'Answered in {value}, norm {norm}',
    SLA_UNANSWERED: 'No answer for {value}, norm {norm}',
    NO_NEXT_STEP: 'No next step planned',
    NEXT_STEP_OVERDUE: 'Next step is overdue',
    TASK_OVERDUE: 'Task overdue by {value}',
    STALLED: 'Idle {value} in {stage} (limit {norm})',
    LOST_WEAK_SOURCE: 'Lost; source {source} wins less than the team',
    // report.data_quality[].check, as CHECK_<check>.
    CHECK_SKIPPED_ROWS: 'Rows the readers could not read',
    CHECK_DUPLICATE_DEAL_ID: 'Repeated deal ids',
    CHECK_MISSING_OWNER: 'Deals without a manager',
    CHECK_MISSING_SOURCE: 'Deals without a source',
    CHECK_WON_MISSING_AMOUNT: 'Won deals without an amount',
    CHECK_LOST_MISSING_REASON: 'Lost deals without a loss reason',
    CHECK_CLOSED_MISSING_CLOSED_AT: 'Closed deals without a close date',
    CHECK_UNLINKED_ROWS: 'History, tasks or touches of unknown deals',
    CHECK_CLOSED_BEFORE_CREATED: 'Deals closed before they were created',
    CHECK_JUNK_STAGES: 'Stages that carry no decision',
    CHECK_TOO_MANY_LOSS_REASONS: 'More than 10 loss reasons',
    CHECK_OPEN_WITHOUT_TASK_OR_TOUCH: 'Open deals nobody works on',
    CHECK_ARTIFICIAL_CLEANUP: 'A clean-up at the end of the period',
    CHECK_MIXED_CURRENCIES: 'Won deals in several currencies',
    // Issue codes (core/error.h): row issues and file errors.
    EMPTY_FILE: 'the file is empty',
    BINARY_FILE: 'not a text file',
    UNSUPPORTED_FORMAT: 'a format this version cannot read',
    UNKNOWN_TABLE: 'the columns match no known table',
    MISSING_COLUMN: 'a required column is missing',
    UNTERMINATED_QUOTE: 'a quoted field never closes (the file may be cut short)',
    ROW_TOO_LONG: 'a row is too long',
    RAGGED_ROW: 'a row has a different number of fields than the header',
    MISSING_VALUE: 'a required cell is empty',
    BAD_TIMESTAMP: 'a date in no known format',
    BAD_NUMBER: 'not a number',
    BAD_STATE: 'a deal state other than open, won or lost',
    BAD_VALUE: 'a value outside its allowed set',
    BAD_SETTINGS: 'the settings are not valid',
    BAD_USAGE: 'the engine was called out of order',
    BAD_MAPPING: 'the column mapping cannot apply',
    BAD_XLSX: 'a damaged XLSX workbook',
    BAD_ZIP: 'a damaged or unsupported zip archive',
    BAD_JSON: 'malformed or truncated JSON',
    FILE_TOO_LARGE: 'the file is too large',
    UNKNOWN_DOCUMENT: 'JSON of no known CRM dump',
    // Settings errors (BAD_SETTINGS): error.rule, with error.path the JSON pointer of the field
    // (core/settings.h). The page shows them next to the field the path names.
    SETTINGS_NOT_JSON: 'not a JSON document',
    SETTINGS_NOT_OBJECT: 'must be an object {…}',
    SETTINGS_NOT_ARRAY: 'must be a list […]',
    SETTINGS_NOT_NUMBER: 'Enter a number.',
    SETTINGS_NOT_STRING: 'must be text',
    SETTINGS_NEGATIVE: 'Must not be negative.',
    SETTINGS_SHARE: 'Enter a percentage from 0 to 100.',
    SETTINGS_NOT_POSITIVE: 'Must be more than 0.',
    SETTINGS_RANGE: 'The upper bound must not be below the lower.',
    SETTINGS_PAIR: 'must be a pair of numbers',
    SETTINGS_NOT_DATE: 'Not a date: {value}',
    SETTINGS_ORDER: 'Must come after the start.',
    SETTINGS_REQUIRED: 'Required.',
    SETTINGS_LEAD_CLASS: 'Choose hot, warm or cold (not {value}).',
    SETTINGS_UNKNOWN_ZONE: 'Unknown time zone {zone}.',
    SETTINGS_ZONE_OFFSETS: 'the zone’s offset history is malformed',
    SETTINGS_CALENDAR: 'Choose a calendar (not {value}).',
    SETTINGS_CALENDAR_OBJECT: 'The working calendar is not valid.',
    SETTINGS_HOURS: 'Enter the hours as HH:MM, the end not before the start.',
    SETTINGS_WEIGHTS: 'At least one weight must be above 0.',
    SETTINGS_STEPS: 'Add at least one step.',
    SETTINGS_ASCENDING: 'Thresholds must increase from step to step.',
    SETTINGS_UNKNOWN_KEY: 'unknown setting {key}',
    SETTINGS_SCHEMA: 'a {value} document, not settings',
    // The page's engine worker (web/worker.mjs, web/client.mjs, web/app.mjs): its restart and
    // its size limits. Sizes are in MiB.
    FILE_TOO_LARGE_FOR_PAGE: '{file} ({size} MiB) is too large to analyse in the browser: the page holds at most {limit} MiB of files at a time. Export a shorter period or fewer columns, or split the file.',
    WORKBOOK_TOO_LARGE_FOR_PAGE: '{file} ({size} MiB) is too large: the page reads a workbook of at most {limit} MiB. Save it as CSV (read in a stream) or export a shorter period.',
    WORKER_RESTARTED: {
      one: 'The analysis engine stopped ({reason}) and was restarted; your file and settings were loaded into it again.',
      other: 'The analysis engine stopped ({reason}) and was restarted; your {n} files and settings were loaded into it again.',
    },
    WORKER_RESTARTED_EMPTY: 'The analysis engine stopped ({reason}) and was restarted with your settings.',
  },
  ru: {
    NEEDS_DEALS: 'нужна таблица сделок',
    NEEDS_ACTIVITIES: 'нужны звонки или сообщения с датами',
    NEEDS_TOUCHES: 'нужны активности (звонки, письма, сообщения), привязанные к сделкам',
    NEEDS_TASKS: 'нужны задачи со сроками',
    NEEDS_HISTORY: 'нужна история этапов',
    NEEDS_PLAN: 'нужен план продаж в настройках',
    NO_OPEN_DEAL: 'сейчас нет открытых сделок',
    NO_TASK_DUE: 'в периоде не было задач со сроком',
    NO_CLOSED_DEAL: 'в периоде нет выигранных или проигранных сделок',
    NO_WON_DEAL: 'в периоде нет выигранных сделок',
    NO_AMOUNT: 'у выигранных сделок нет суммы',
    NO_STAGE_EVENT: 'нет смен этапов известных сделок до даты отчёта',
    NO_VELOCITY: 'в периоде нет ни выигранных сделок, ни завершённых пребываний на этапах',
    WON_BEFORE_CREATED: 'выигранные в периоде сделки закрыты раньше, чем созданы (см. качество данных)',
    NO_NORM: 'для этого показателя нет нормы',
    NOT_COMPUTED: 'не рассчитано',
    NO_PREVIOUS: 'нет прошлого периода для сравнения',
    NO_PLAN: 'для этой строки нет плана',
    SLA_LATE: 'Ответ через {value}, норма {norm}',
    SLA_UNANSWERED: 'Нет ответа {value}, норма {norm}',
    NO_NEXT_STEP: 'Следующий шаг не запланирован',
    NEXT_STEP_OVERDUE: 'Следующий шаг просрочен',
    TASK_OVERDUE: 'Задача просрочена на {value}',
    STALLED: 'Простой {value} на этапе «{stage}» (срок {norm})',
    LOST_WEAK_SOURCE: 'Проиграна; источник «{source}» выигрывает реже команды',
    CHECK_SKIPPED_ROWS: 'Строки, которые не удалось прочитать',
    CHECK_DUPLICATE_DEAL_ID: 'Повторяющиеся номера сделок',
    CHECK_MISSING_OWNER: 'Сделки без ответственного',
    CHECK_MISSING_SOURCE: 'Сделки без источника',
    CHECK_WON_MISSING_AMOUNT: 'Выигранные сделки без суммы',
    CHECK_LOST_MISSING_REASON: 'Проигранные сделки без причины отказа',
    CHECK_CLOSED_MISSING_CLOSED_AT: 'Закрытые сделки без даты закрытия',
    CHECK_UNLINKED_ROWS: 'История, задачи или касания неизвестных сделок',
    CHECK_CLOSED_BEFORE_CREATED: 'Сделки, закрытые раньше создания',
    CHECK_JUNK_STAGES: 'Этапы без решения',
    CHECK_TOO_MANY_LOSS_REASONS: 'Больше 10 причин отказа',
    CHECK_OPEN_WITHOUT_TASK_OR_TOUCH: 'Открытые сделки, с которыми не работают',
    CHECK_ARTIFICIAL_CLEANUP: 'Чистка в конце периода',
    CHECK_MIXED_CURRENCIES: 'Выигранные сделки в разных валютах',
    EMPTY_FILE: 'файл пуст',
    BINARY_FILE: 'это не текстовый файл',
    UNSUPPORTED_FORMAT: 'формат, который эта версия не читает',
    UNKNOWN_TABLE: 'столбцы не похожи ни на одну известную таблицу',
    MISSING_COLUMN: 'нет обязательного столбца',
    UNTERMINATED_QUOTE: 'кавычка не закрыта (файл, возможно, обрезан)',
    ROW_TOO_LONG: 'слишком длинная строка',
    RAGGED_ROW: 'в строке другое число полей, чем в заголовке',
    MISSING_VALUE: 'пустая обязательная ячейка',
    BAD_TIMESTAMP: 'дата в неизвестном формате',
    BAD_NUMBER: 'не число',
    BAD_STATE: 'состояние сделки не open, won или lost',
    BAD_VALUE: 'значение вне допустимого набора',
    BAD_SETTINGS: 'настройки заданы неверно',
    BAD_USAGE: 'движок вызван не по порядку',
    BAD_MAPPING: 'сопоставление столбцов не подходит к файлу',
    BAD_XLSX: 'повреждённая книга XLSX',
    BAD_ZIP: 'повреждённый или неподдерживаемый zip-архив',
    BAD_JSON: 'JSON повреждён или обрезан',
    FILE_TOO_LARGE: 'файл слишком большой',
    UNKNOWN_DOCUMENT: 'JSON не похож ни на одну известную выгрузку CRM',
    // Ошибки настроек (BAD_SETTINGS): error.rule; error.path — JSON-указатель поля.
    SETTINGS_NOT_JSON: 'не документ JSON',
    SETTINGS_NOT_OBJECT: 'должно быть объектом {…}',
    SETTINGS_NOT_ARRAY: 'должно быть списком […]',
    SETTINGS_NOT_NUMBER: 'Введите число.',
    SETTINGS_NOT_STRING: 'должно быть текстом',
    SETTINGS_NEGATIVE: 'Не может быть отрицательным.',
    SETTINGS_SHARE: 'Введите процент от 0 до 100.',
    SETTINGS_NOT_POSITIVE: 'Должно быть больше 0.',
    SETTINGS_RANGE: 'Верхняя граница не может быть меньше нижней.',
    SETTINGS_PAIR: 'должно быть парой чисел',
    SETTINGS_NOT_DATE: 'Не дата: {value}',
    SETTINGS_ORDER: 'Должно быть позже начала.',
    SETTINGS_REQUIRED: 'Обязательное поле.',
    SETTINGS_LEAD_CLASS: 'Выберите горячий, тёплый или холодный (не {value}).',
    SETTINGS_UNKNOWN_ZONE: 'Неизвестный часовой пояс {zone}.',
    SETTINGS_ZONE_OFFSETS: 'история смещений часового пояса задана неверно',
    SETTINGS_CALENDAR: 'Выберите календарь (не {value}).',
    SETTINGS_CALENDAR_OBJECT: 'Рабочий календарь задан неверно.',
    SETTINGS_HOURS: 'Введите часы как ЧЧ:ММ, конец не раньше начала.',
    SETTINGS_WEIGHTS: 'Хотя бы один вес должен быть больше 0.',
    SETTINGS_STEPS: 'Добавьте хотя бы одну ступень.',
    SETTINGS_ASCENDING: 'Пороги должны расти от ступени к ступени.',
    SETTINGS_UNKNOWN_KEY: 'неизвестная настройка {key}',
    SETTINGS_SCHEMA: 'документ {value}, а не настройки',
    FILE_TOO_LARGE_FOR_PAGE: '{file} ({size} МиБ) слишком велик для анализа в браузере: страница держит не больше {limit} МиБ файлов одновременно. Выгрузите более короткий период или меньше столбцов либо разделите файл.',
    WORKBOOK_TOO_LARGE_FOR_PAGE: '{file} ({size} МиБ) слишком велик: страница читает книгу Excel не больше {limit} МиБ. Сохраните её как CSV (он читается потоком) или выгрузите более короткий период.',
    WORKER_RESTARTED: {
      one: 'Движок анализа остановился ({reason}) и запущен заново; в него снова загружены ваш {n} файл и настройки.',
      few: 'Движок анализа остановился ({reason}) и запущен заново; в него снова загружены ваши {n} файла и настройки.',
      many: 'Движок анализа остановился ({reason}) и запущен заново; в него снова загружены ваши {n} файлов и настройки.',
      other: 'Движок анализа остановился ({reason}) и запущен заново; в него снова загружены ваши {n} файла и настройки.',
    },
    WORKER_RESTARTED_EMPTY: 'Движок анализа остановился ({reason}) и запущен заново с вашими настройками.',
  },
};

function language(lang) { return LANGS.includes(lang) ? lang : 'en'; }

function formatParam(value, lang) {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(value);
  }
  return String(value ?? '');
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
    const form = Number.isFinite(n) ? new Intl.PluralRules(l).select(n) : 'other';
    text = text[form] ?? text.other;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(values, name) ? formatParam(values[name], l) : whole));
}

/** The title of a data-quality check (report.data_quality[].check, a snake_case code). */
export function checkMessage(check, lang = 'en') {
  const code = `CHECK_${String(check).toUpperCase()}`;
  return hasMessage(code) ? message(code, {}, lang) : String(check);
}
