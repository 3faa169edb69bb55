// The one strings table for every code that crosses the boundary: why a
// metric is unavailable (report.unavailable[].code), why a status is null
// (status_reason), why a deal is on a board card (board[].cards[].reasons),
// data-quality checks (report.data_quality[].check), the rules of row
// issues and file errors (`issueMessage`) and of settings errors. The page, the command line's table
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
    // Codes without a finer rule (core/error.h); reader issues and file errors have one (block "judge").
    BAD_SETTINGS: 'the settings are not valid',
    BAD_USAGE: 'the engine was called out of order',
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
    // ---- judge: reader issues and file errors, by Issue.rule (core/error.h; docs/report.md
    // "Codes and parameters"). The FILE_* texts say what the file is and what was expected;
    // the page adds how to export from amoCRM or Bitrix24 (files.exportHelp).
    CELL_BAD_ACTIVITY_TYPE: '«{column}»: «{value}» is not an activity type (a call, e-mail, meeting or message); the row is skipped',
    CELL_BAD_DIRECTION: '«{column}»: «{value}» is neither incoming nor outgoing; the row is skipped',
    CELL_BAD_STATE: '«{column}»: «{value}» is not open, won or lost; the row is skipped',
    CELL_EMPTY: '«{column}» is empty; the row is skipped',
    CELL_NOT_AMOUNT: '«{column}»: «{value}» is not an amount; the deal is kept without it',
    CELL_NOT_DATE: '«{column}»: «{value}» is not a date; the cell is ignored',
    CELL_NOT_DATE_SKIPPED: '«{column}»: «{value}» is not a date; the row is skipped',
    CELL_NOT_DURATION: '«{column}»: «{value}» is not a duration in seconds; the cell is ignored',
    CSV_HEADER_ENDLESS: 'the header row runs past {mib} MiB without ending: this is not a table',
    CSV_NEEDS_COLUMN: 'the {table} table needs a column «{field}», and the file has none',
    CSV_QUOTE_NEVER_CLOSES: 'a quote opened on line {line} never closes: the file may be cut short; the rows before it are read',
    CSV_QUOTE_TOO_LONG: 'a quote opened on line {line} runs past {mib} MiB without closing; the rows before it are read',
    CSV_RAGGED_ROW: 'the row has {n} fields, the header {header}; the row is skipped',
    CSV_ROW_TOO_LONG: 'the row on line {line} is longer than {mib} MiB; the rows before it are read',
    CSV_UNKNOWN_HEADER: 'the columns ({header}) match no table this page reads: deals, stage history, tasks or activities',
    FILE_ARCHIVE: 'this is a {format} archive; expected a table (CSV, XLSX, or a zip of them)',
    FILE_BINARY: 'this is not a table (binary data); expected a CSV, XLSX or JSON export',
    FILE_DOCX: 'this is a Word document (.docx), not a table; expected a CSV, XLSX or JSON export',
    FILE_EMPTY: 'the file is empty (0 bytes)',
    FILE_IMAGE: 'this is an image ({format}), not a table; expected a CSV, XLSX or JSON export',
    FILE_NO_DATA: 'the file holds no rows, only blank lines',
    FILE_ODF: 'this is an OpenDocument file (.ods/.odt); save the sheet as CSV or XLSX',
    FILE_OLD_XLS: 'this is an old Excel 97–2003 workbook (.xls), which the page does not read; save it as XLSX or CSV',
    FILE_PDF: 'this is a PDF document, not a table; expected a CSV, XLSX or JSON export',
    FILE_PPTX: 'this is a PowerPoint presentation (.pptx), not a table; expected a CSV, XLSX or JSON export',
    FILE_UTF32: 'the text is in UTF-32, which the page does not read; save it as UTF-8, UTF-16 or Windows-1251',
    FILE_ZIP_NO_TABLE: 'a zip archive with no table in it (no CSV, XLSX or JSON file)',
    FILE_ZIP_OF_TABLES: 'a zip archive of tables: unpack it, or drop it on the page, which reads each table in it',
    FILE_ZIP_RAW: 'a zip archive given as raw bytes; the page and the command line unpack it',
    HTML_CELL_TOO_LONG: 'a cell is longer than {mib} MiB; the rows before it are read',
    HTML_NO_TABLE: 'an HTML page without a table; expected a Bitrix24 export «to Excel» or a CSV',
    HTML_ROW_TOO_LONG: 'a row is longer than {mib} MiB; the rows before it are read',
    HTML_ROW_TOO_WIDE: 'a row has more than {n} cells; the rows before it are read',
    HTML_TAG_TOO_LONG: 'a tag is longer than {kib} KiB: the file may be cut short',
    JSON_ARRAY_NOT_ENTITIES: 'a JSON list of neither API pages nor CRM records',
    JSON_EMBEDDED_NOT_OBJECT: 'an amoCRM page whose «_embedded» is not an object',
    JSON_EMPTY_ARRAY: 'an empty JSON list',
    JSON_ERROR_REPLY: 'an error answer of the {crm} API saved instead of data: {error}',
    JSON_FIELD_MISSING: '{entity}: «{field}» is missing',
    JSON_FIELD_NOT_DATE: '{entity}: «{field}» is not a date: «{value}»',
    JSON_FIELD_NOT_DURATION: '{entity}: «{field}» is not a duration in seconds',
    JSON_FIELD_NOT_ID: '{entity}: «{field}» is missing or not an id',
    JSON_FIELD_NOT_INTEGER: '{entity}: «{field}» is not a whole number',
    JSON_FIELD_NOT_NUMBER: '{entity}: «{field}» is not a number',
    JSON_FIELD_NOT_STRING: '{entity}: «{field}» is not text',
    JSON_FIELD_NOT_UNIX_TIME: '{entity}: «{field}» is not a time (unix seconds)',
    JSON_MALFORMED: 'the JSON is broken at byte {byte}',
    JSON_MIXED_CRMS: 'the file mixes amoCRM and Bitrix24 pages; save each CRM to its own file',
    JSON_NO_LEAD_STATUS: '{entity}: «{field}» names no stage',
    JSON_NO_MEMORY: 'not enough memory to read this JSON file; save the API pages as separate files',
    JSON_NO_PAGE_READ: 'no page of this JSON list could be read',
    JSON_NOT_DUMP: 'JSON that is no amoCRM or Bitrix24 API answer',
    JSON_NOT_OBJECT: '{entity}: not a JSON object',
    JSON_NOT_PAGE: 'not an API page',
    JSON_NOT_UTF8: 'the JSON is not UTF-8 text at byte {byte}',
    JSON_NUMBER_TOO_LARGE: 'the JSON holds a number too large to read',
    JSON_PAGE_SKIPPED: 'page {page} is skipped: {reason}',
    JSON_SCALAR: 'a single JSON value, not an API answer',
    JSON_TOO_DEEP: 'the JSON nests deeper than {n} levels, which no CRM answer does',
    JSON_TOO_LARGE: 'a JSON file larger than {mib} MiB; save the API pages as separate files',
    JSON_TRUNCATED: 'the JSON ends early at byte {byte}: the file looks cut short',
    JSON_UNKNOWN_AMO_PAGE: 'an amoCRM page of another list ({found}); expected leads, events, tasks, notes, pipelines, users or loss reasons',
    JSON_UNKNOWN_BITRIX_ENTITIES: 'Bitrix24 records of another kind ({found}); expected deals, stage history, activities, tasks, statuses or users',
    JSON_UNKNOWN_BITRIX_RESULT: 'a Bitrix24 answer of another method ({found}); expected crm.deal.list, crm.stagehistory.list, crm.activity.list, tasks.task.list, crm.status.list, crm.category.list or user.get',
    JSON_UNKNOWN_ENTITIES: 'JSON records of no known CRM list',
    JSON_UNKNOWN_ENVELOPE: 'JSON that is neither an amoCRM API page nor a Bitrix24 REST answer',
    MAPPING_COLUMN_BEYOND: 'the mapping puts «{field}» in column {index}, but the file has {n} columns',
    MAPPING_INVALID: 'the column mapping is not valid ({key})',
    MAPPING_NO_COLUMN: 'the mapping puts «{field}» in the column «{column}», which the file does not have',
    USAGE_TOO_MANY_FILES: 'at most {n} files can be loaded at once',
    XLSX_BAD_XML: 'the workbook part {part} is damaged: re-save the workbook in Excel',
    XLSX_CELL_BEYOND: 'a cell beyond column {n} is ignored',
    XLSX_CELL_TOO_LONG: '{part}: a cell is longer than {mib} MiB; the rows before it are read',
    XLSX_CELL_TWICE: 'a second value for column {index} is ignored',
    XLSX_NO_SHARED_STRING: 'a cell names text #{value}, which the workbook does not have ({n} texts); the cell is ignored',
    XLSX_NO_SHEET: 'the workbook has no sheet ({part} is missing)',
    XLSX_NO_SHEET_DATA: '{part} is no worksheet',
    XLSX_ROW_TOO_LONG: '{part}: a row is longer than {mib} MiB; the rows before it are read',
    XLSX_SHEET_CUT: '{part} ends early: the workbook may be cut short; the rows before it are read',
    XLSX_SHEET_EMPTY: 'the workbook’s first sheet is empty',
    ZIP_CORRUPT: 'the zip is damaged or cut short: save or download it again',
    ZIP_ENCRYPTED: 'the workbook is protected by a password: save it without one',
    ZIP_METHOD: 'the zip is packed by a method this page cannot unpack ({method}): re-save the workbook in Excel',
    ZIP_NO_INFLATE: 'this browser cannot unpack zip files (a browser from 2023 on is needed)',
    ZIP_SPLIT: 'a zip split over several files: join it into one',
    // ---- end judge (en)
    // ---- firsthour block (issue 10): report.state codes, the CRM account setting.
    SETTINGS_CRM_ACCOUNT: 'Enter the account address, e.g. example.amocrm.ru or example.bitrix24.ru (not {value}).',
    STATE_NO_DEALS_READ: {
      one: 'No deal was read: the {n} file given holds no deals table ({unreadable} unreadable). Nothing is judged until deals are read.',
      other: 'No deal was read: the {n} files given hold no deals table ({unreadable} unreadable). Nothing is judged until deals are read.',
    },
    STATE_NO_FILES: 'No file was read yet: add a deals export to see the board.',
    // ---- end of firsthour block
    // ---- trends (issue 11)
    SETTINGS_CHOICE: 'Choose one of {choices} (not {value}).',
    // ---- end of trends
    // ---- audit block (issue 10, items 6, 8, 9): the audit report's words for the report's codes.
    // report.coverage[]: what the uncovered part of a metric's cohort lacks, by metric.
    COVERAGE_LACK_CONVERSION: '{pct} of the deals have no stage history',
    COVERAGE_LACK_FRT: '{pct} of the leads created in the period have no outgoing touch',
    COVERAGE_LACK_NEXT_STEP: '{pct} of the open deals have no task',
    COVERAGE_LACK_REVENUE: '{pct} of the won deals have no amount',
    COVERAGE_LACK_SLA: '{pct} of the leads are still within their deadline',
    COVERAGE_LACK_TOUCHES: '{pct} of the won deals have no touch',
    COVERAGE_LACK_WIN_RATE: '{pct} of the closed deals have no close date',
    // inputs[].format: the container, after the CRM (FORMAT_<crm>).
    FORMAT_AMOCRM: 'amoCRM export, {container}',
    FORMAT_BITRIX24: 'Bitrix24 export, {container}',
    FORMAT_CANONICAL: 'KPI Lens tables, {container}',
    FORMAT_GENERIC: 'a table with its own columns, {container}',
    // groups.lead_class[].name
    LEAD_CLASS_COLD: 'cold',
    LEAD_CLASS_HOT: 'hot',
    LEAD_CLASS_WARM: 'warm',
    // inputs[].kind
    TABLE_ACTIVITIES: 'Calls and messages',
    TABLE_DEALS: 'Deals',
    TABLE_EVENTS: 'Events',
    TABLE_LOSS_REASONS: 'Loss reasons',
    TABLE_NOTES: 'Notes',
    TABLE_PIPELINES: 'Pipelines',
    TABLE_REFERENCE: 'Reference list',
    TABLE_STAGE_EVENTS: 'Stage history',
    TABLE_STATUSES: 'Stages',
    TABLE_TASKS: 'Tasks',
    TABLE_USERS: 'Users',
    // ---- end of the audit block
    // The page's engine worker (web/worker.mjs, web/client.mjs, web/app.mjs): its restart and
    // its size limits. Sizes are in MiB.
    FILE_TOO_LARGE_FOR_PAGE: '{file} ({size} MiB) is too large to analyse in the browser: the page holds at most {limit} MiB of files at a time. Export a shorter period or fewer columns, or split the file.',
    WORKBOOK_TOO_LARGE_FOR_PAGE: '{file} ({size} MiB) is too large: the page reads a workbook of at most {limit} MiB. Save it as CSV (read in a stream) or export a shorter period.',
    WORKER_RESTARTED: {
      one: 'The analysis engine stopped ({reason}) and was restarted; your file and settings were loaded into it again.',
      other: 'The analysis engine stopped ({reason}) and was restarted; your {n} files and settings were loaded into it again.',
    },
    WORKER_RESTARTED_EMPTY: 'The analysis engine stopped ({reason}) and was restarted with your settings.',
    // ---- branch trends (issue 11, second session): dynamics and the KPI design check
    WIN_BEFORE_DATA: 'the data begin after the earlier month',
    WIN_MONTH_NO_CLOSED: 'no deal was won or lost in one of the two months',
    NO_LOST_DEAL: 'no deal lost in the period',
    // ---- end of branch trends
    // ---- firsthour block 2 (issue 10, session 2): plan import from a workbook of several sheets.
    // The FRT tile's and the team cell's status is the worst lead class's (board[].status_lead_class).
    FRT_STATUS_BY_CLASS_COLD: 'status by the cold leads',
    FRT_STATUS_BY_CLASS_HOT: 'status by the hot leads',
    FRT_STATUS_BY_CLASS_WARM: 'status by the warm leads',
    PLAN_IMPORT_SHEET: { one: 'Sheet read:', other: 'Sheet read (the workbook has {n}):' },
    TABLE_FETCH_MANIFEST: 'kpi-lens fetch folder (the CRM address)',
    FORMAT_FETCH: 'kpi-lens fetch, {container}',
    // ---- end of firsthour block 2
    // ---- judge branch (issue 9): why a request to the page's engine worker failed (web/app.mjs
    // errorText); {detail} is the worker's or the browser's own words.
    DEMO_UNAVAILABLE: 'the demo files could not be read ({detail})',
    ENGINE_LOAD_FAILED: 'the analysis engine could not be loaded ({detail})',
    WORKER_FAILED: 'the analysis engine stopped ({detail})',
    // ---- end of the judge block
    // ---- audit block (issue 11: stand-up list, role KPI sets; branch audit)
    ROLE_account_management: 'Account management',
    ROLE_cold_sales: 'Cold sales',
    ROLE_general: 'General (every role)',
    ROLE_head_of_sales: 'Head of sales',
    ROLE_inbound: 'Inbound sales',
    ROLE_online_chat: 'Online chat',
    SETTINGS_WHOLE_RANGE: 'Enter a whole number from {min} to {max}.',
    // ---- end of the audit block (issue 11)
    // branch readers (issue 12): a worker that dies while a drop is being read
    WORKER_RESTARTED_MID_READ: {
      one: 'The analysis engine stopped ({reason}) while reading {files} and was restarted; the file and your settings were loaded into it again.',
      other: 'The analysis engine stopped ({reason}) while reading {files} and was restarted; your {n} files, those included, and settings were loaded into it again.',
    },
    // ---- design branch (issue 11): the bonus KPIs and the KPI design check (report.design_check,
    // motivation[].reasons; core/kpi/design.h, docs/kpi.md "KPI design check"). {name} is KPI_NAME_<key>.
    BONUS_KPI_MISSING: 'needs {name} ({reason})',
    BONUS_NEEDS_CLOSED: 'needs deals closed in the period (win rate)',
    BONUS_NEEDS_PLAN: 'needs a sales plan (settings: plans)',
    BONUS_NO_SALARY: 'no base salary for this manager (settings: motivation.base_salary)',
    BONUS_NOT_INFLUENCED: '“{name}” is in the bonus, but the manager cannot influence it: the bonus would pay for what others decide (marketing’s leads, the plan set from above).',
    BONUS_ONLY_ACTIVITY: 'The bonus depends only on activity KPIs ({list}): it can be earned without a single sale. Add a result: revenue against the plan, won deals or win rate.',
    BONUS_PLAN_ZERO: 'the sales plan is 0',
    BONUS_TEAM_WIN_ZERO: 'the team’s win rate is 0',
    DESIGN_CHECK_OK: 'No problem found in the KPI design.',
    DESIGN_CHECK_TITLE: 'KPI design check',
    DESIGN_WEIGHT_ADD: 'Add a KPI to the bonus',
    DESIGN_WEIGHT_OF: 'Weight of “{name}”',
    DESIGN_WEIGHT_REMOVE: 'Remove “{name}” from the bonus',
    METRICS_OVER_LIMIT: '{n} KPIs in use, more than {limit}: {list}. The methods advise 7–10 in all and 2–4 per role.',
    NORMS_CHANGED_OFTEN: 'Norms changed more often than once a quarter: on {from} and again on {to}, {days} days apart ({n} changes in the last 12 months). Review norms monthly, change them at most once a quarter, or the figures stop being comparable.',
    KPI_NAME_frt_median_min: 'First response, median',
    KPI_NAME_frt_mean_min: 'First response, mean',
    KPI_NAME_frt_p90_min: 'First response, p90',
    KPI_NAME_sla_share: 'SLA compliance',
    KPI_NAME_sla_breached: 'SLA breaches',
    KPI_NAME_sla_total: 'Inbound leads under SLA',
    KPI_NAME_next_step_share: 'Next-step coverage',
    KPI_NAME_overdue_step_count: 'Overdue next steps',
    KPI_NAME_open_count: 'Open deals',
    KPI_NAME_overdue_share: 'Overdue tasks share',
    KPI_NAME_overdue_count: 'Overdue tasks',
    KPI_NAME_tasks_due_count: 'Tasks due',
    KPI_NAME_touches_per_won_mean: 'Touches per won deal, mean',
    KPI_NAME_touches_per_won_median: 'Touches per won deal, median',
    KPI_NAME_won_count: 'Won deals',
    KPI_NAME_lost_count: 'Lost deals',
    KPI_NAME_win_rate: 'Win rate',
    KPI_NAME_revenue: 'Revenue vs plan',
    KPI_NAME_avg_won_amount: 'Average won deal',
    KPI_NAME_stalled_count: 'Stalled deals',
    KPI_NAME_stalled_share: 'Stalled share',
    KPI_NAME_velocity_median_days: 'Deal velocity, median',
    KPI_NAME_plan_revenue: 'Revenue plan',
    KPI_NAME_plan_fact_share: 'Plan achieved',
    KPI_NAME_plan_pace: 'Plan pace',
    KPI_NAME_plan_forecast: 'Revenue forecast',
    KPI_NAME_plan_won_count: 'Plan, deals won',
    KPI_NAME_plan_won_fact_share: 'Plan achieved, deals won',
    KPI_NAME_plan_won_pace: 'Plan pace, deals won',
    KPI_NAME_plan_won_forecast: 'Forecast, deals won',
    // ---- end of the design block
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
    BAD_SETTINGS: 'настройки заданы неверно',
    BAD_USAGE: 'движок вызван не по порядку',
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
    // ---- judge: замечания чтения и ошибки файлов, по Issue.rule.
    CELL_BAD_ACTIVITY_TYPE: '«{column}»: «{value}» — не тип активности (звонок, письмо, встреча или сообщение); строка пропущена',
    CELL_BAD_DIRECTION: '«{column}»: «{value}» — ни входящее, ни исходящее; строка пропущена',
    CELL_BAD_STATE: '«{column}»: «{value}» — не open, won или lost; строка пропущена',
    CELL_EMPTY: '«{column}» пусто; строка пропущена',
    CELL_NOT_AMOUNT: '«{column}»: «{value}» — не сумма; сделка учтена без суммы',
    CELL_NOT_DATE: '«{column}»: «{value}» — не дата; ячейка не учтена',
    CELL_NOT_DATE_SKIPPED: '«{column}»: «{value}» — не дата; строка пропущена',
    CELL_NOT_DURATION: '«{column}»: «{value}» — не длительность в секундах; ячейка не учтена',
    CSV_HEADER_ENDLESS: 'строка заголовка длиннее {mib} МиБ и не кончается: это не таблица',
    CSV_NEEDS_COLUMN: 'таблице {table} нужен столбец «{field}», а в файле его нет',
    CSV_QUOTE_NEVER_CLOSES: 'кавычка, открытая в строке {line}, не закрыта: файл, возможно, обрезан; строки до неё прочитаны',
    CSV_QUOTE_TOO_LONG: 'кавычка, открытая в строке {line}, не закрывается дольше {mib} МиБ; строки до неё прочитаны',
    CSV_RAGGED_ROW: 'в строке полей: {n}, в заголовке: {header}; строка пропущена',
    CSV_ROW_TOO_LONG: 'строка {line} длиннее {mib} МиБ; строки до неё прочитаны',
    CSV_UNKNOWN_HEADER: 'столбцы ({header}) не похожи ни на одну таблицу, которую читает страница: сделки, история этапов, задачи или активности',
    FILE_ARCHIVE: 'это архив {format}; ожидалась таблица (CSV, XLSX или zip-архив с ними)',
    FILE_BINARY: 'это не таблица (двоичные данные); ожидалась выгрузка CSV, XLSX или JSON',
    FILE_DOCX: 'это документ Word (.docx), а не таблица; ожидалась выгрузка CSV, XLSX или JSON',
    FILE_EMPTY: 'файл пуст (0 байт)',
    FILE_IMAGE: 'это изображение ({format}), а не таблица; ожидалась выгрузка CSV, XLSX или JSON',
    FILE_NO_DATA: 'в файле нет строк, только пустые',
    FILE_ODF: 'это файл OpenDocument (.ods/.odt); сохраните лист как CSV или XLSX',
    FILE_OLD_XLS: 'это старая книга Excel 97–2003 (.xls), её страница не читает; сохраните её как XLSX или CSV',
    FILE_PDF: 'это документ PDF, а не таблица; ожидалась выгрузка CSV, XLSX или JSON',
    FILE_PPTX: 'это презентация PowerPoint (.pptx), а не таблица; ожидалась выгрузка CSV, XLSX или JSON',
    FILE_UTF32: 'текст в кодировке UTF-32, её страница не читает; сохраните файл в UTF-8, UTF-16 или Windows-1251',
    FILE_ZIP_NO_TABLE: 'zip-архив без таблиц (в нём нет файлов CSV, XLSX или JSON)',
    FILE_ZIP_OF_TABLES: 'zip-архив с таблицами: распакуйте его или перетащите на страницу — она прочитает каждую таблицу',
    FILE_ZIP_RAW: 'zip-архив передан как есть; страница и командная строка распаковывают его сами',
    HTML_CELL_TOO_LONG: 'ячейка длиннее {mib} МиБ; строки до неё прочитаны',
    HTML_NO_TABLE: 'страница HTML без таблицы; ожидалась выгрузка Битрикс24 «в Excel» или CSV',
    HTML_ROW_TOO_LONG: 'строка длиннее {mib} МиБ; строки до неё прочитаны',
    HTML_ROW_TOO_WIDE: 'в строке больше {n} ячеек; строки до неё прочитаны',
    HTML_TAG_TOO_LONG: 'тег длиннее {kib} КиБ: файл, возможно, обрезан',
    JSON_ARRAY_NOT_ENTITIES: 'список JSON, в котором ни страницы API, ни записи CRM',
    JSON_EMBEDDED_NOT_OBJECT: 'страница amoCRM, у которой «_embedded» — не объект',
    JSON_EMPTY_ARRAY: 'пустой список JSON',
    JSON_ERROR_REPLY: 'вместо данных сохранён ответ API {crm} с ошибкой: {error}',
    JSON_FIELD_MISSING: '{entity}: нет поля «{field}»',
    JSON_FIELD_NOT_DATE: '{entity}: «{field}» — не дата: «{value}»',
    JSON_FIELD_NOT_DURATION: '{entity}: «{field}» — не длительность в секундах',
    JSON_FIELD_NOT_ID: '{entity}: «{field}» отсутствует или не номер',
    JSON_FIELD_NOT_INTEGER: '{entity}: «{field}» — не целое число',
    JSON_FIELD_NOT_NUMBER: '{entity}: «{field}» — не число',
    JSON_FIELD_NOT_STRING: '{entity}: «{field}» — не текст',
    JSON_FIELD_NOT_UNIX_TIME: '{entity}: «{field}» — не время (секунды unix)',
    JSON_MALFORMED: 'JSON повреждён на байте {byte}',
    JSON_MIXED_CRMS: 'в файле смешаны страницы amoCRM и Битрикс24; сохраните каждую CRM в свой файл',
    JSON_NO_LEAD_STATUS: '{entity}: в «{field}» нет этапа',
    JSON_NO_MEMORY: 'не хватает памяти, чтобы прочитать этот JSON; сохраните страницы API отдельными файлами',
    JSON_NO_PAGE_READ: 'ни одну страницу этого списка JSON не удалось прочитать',
    JSON_NOT_DUMP: 'JSON, который не является ответом API amoCRM или Битрикс24',
    JSON_NOT_OBJECT: '{entity}: не объект JSON',
    JSON_NOT_PAGE: 'не страница API',
    JSON_NOT_UTF8: 'JSON не в кодировке UTF-8 на байте {byte}',
    JSON_NUMBER_TOO_LARGE: 'в JSON число, слишком большое для чтения',
    JSON_PAGE_SKIPPED: 'страница {page} пропущена: {reason}',
    JSON_SCALAR: 'одно значение JSON, а не ответ API',
    JSON_TOO_DEEP: 'JSON вложен глубже {n} уровней — так не отвечает ни одна CRM',
    JSON_TOO_LARGE: 'файл JSON больше {mib} МиБ; сохраните страницы API отдельными файлами',
    JSON_TRUNCATED: 'JSON обрывается на байте {byte}: файл, похоже, обрезан',
    JSON_UNKNOWN_AMO_PAGE: 'страница amoCRM другого списка ({found}); ожидались сделки, события, задачи, примечания, воронки, пользователи или причины отказа',
    JSON_UNKNOWN_BITRIX_ENTITIES: 'записи Битрикс24 другого вида ({found}); ожидались сделки, история этапов, дела, задачи, статусы или пользователи',
    JSON_UNKNOWN_BITRIX_RESULT: 'ответ Битрикс24 другого метода ({found}); ожидались crm.deal.list, crm.stagehistory.list, crm.activity.list, tasks.task.list, crm.status.list, crm.category.list или user.get',
    JSON_UNKNOWN_ENTITIES: 'записи JSON, не похожие ни на один список CRM',
    JSON_UNKNOWN_ENVELOPE: 'JSON — ни страница API amoCRM, ни ответ REST Битрикс24',
    MAPPING_COLUMN_BEYOND: 'сопоставление ставит «{field}» в столбец {index}, а в файле столбцов: {n}',
    MAPPING_INVALID: 'сопоставление столбцов задано неверно ({key})',
    MAPPING_NO_COLUMN: 'сопоставление ставит «{field}» в столбец «{column}», которого в файле нет',
    USAGE_TOO_MANY_FILES: 'одновременно можно загрузить не больше {n} файлов',
    XLSX_BAD_XML: 'часть книги {part} повреждена: пересохраните книгу в Excel',
    XLSX_CELL_BEYOND: 'ячейка правее столбца {n} не учтена',
    XLSX_CELL_TOO_LONG: '{part}: ячейка длиннее {mib} МиБ; строки до неё прочитаны',
    XLSX_CELL_TWICE: 'второе значение для столбца {index} не учтено',
    XLSX_NO_SHARED_STRING: 'ячейка ссылается на текст №{value}, которого в книге нет (текстов: {n}); ячейка не учтена',
    XLSX_NO_SHEET: 'в книге нет листа (нет {part})',
    XLSX_NO_SHEET_DATA: '{part} — не рабочий лист',
    XLSX_ROW_TOO_LONG: '{part}: строка длиннее {mib} МиБ; строки до неё прочитаны',
    XLSX_SHEET_CUT: '{part} обрывается: книга, возможно, обрезана; строки до обрыва прочитаны',
    XLSX_SHEET_EMPTY: 'первый лист книги пуст',
    ZIP_CORRUPT: 'zip-архив повреждён или обрезан: сохраните или скачайте его заново',
    ZIP_ENCRYPTED: 'книга защищена паролем: сохраните её без пароля',
    ZIP_METHOD: 'архив сжат способом, который страница не распаковывает ({method}): пересохраните книгу в Excel',
    ZIP_NO_INFLATE: 'этот браузер не умеет распаковывать zip (нужен браузер 2023 года или новее)',
    ZIP_SPLIT: 'zip-архив разбит на несколько файлов: соберите его в один',
    // ---- end judge (ru)
    // ---- firsthour block (issue 10)
    SETTINGS_CRM_ACCOUNT: 'Укажите адрес аккаунта, например example.amocrm.ru или example.bitrix24.ru (а не {value}).',
    STATE_NO_DEALS_READ: {
      one: 'Не прочитано ни одной сделки: в {n} файле нет таблицы сделок (не прочитано файлов: {unreadable}). Оценивать нечего, пока не загружены сделки.',
      few: 'Не прочитано ни одной сделки: в {n} файлах нет таблицы сделок (не прочитано файлов: {unreadable}). Оценивать нечего, пока не загружены сделки.',
      many: 'Не прочитано ни одной сделки: в {n} файлах нет таблицы сделок (не прочитано файлов: {unreadable}). Оценивать нечего, пока не загружены сделки.',
      other: 'Не прочитано ни одной сделки: в {n} файла нет таблицы сделок (не прочитано файлов: {unreadable}). Оценивать нечего, пока не загружены сделки.',
    },
    STATE_NO_FILES: 'Файлы ещё не загружены: добавьте выгрузку сделок, чтобы увидеть доску.',
    // ---- end of firsthour block
    // ---- trends (issue 11)
    SETTINGS_CHOICE: 'Выберите одно из: {choices} (не {value}).',
    // ---- end of trends
    // ---- audit block (issue 10, items 6, 8, 9)
    COVERAGE_LACK_CONVERSION: '{pct} сделок без истории этапов',
    COVERAGE_LACK_FRT: '{pct} лидов, созданных в периоде, без исходящего касания',
    COVERAGE_LACK_NEXT_STEP: '{pct} открытых сделок без задачи',
    COVERAGE_LACK_REVENUE: '{pct} выигранных сделок без суммы',
    COVERAGE_LACK_SLA: '{pct} лидов ещё в пределах срока ответа',
    COVERAGE_LACK_TOUCHES: '{pct} выигранных сделок без касаний',
    COVERAGE_LACK_WIN_RATE: '{pct} закрытых сделок без даты закрытия',
    FORMAT_AMOCRM: 'выгрузка amoCRM, {container}',
    FORMAT_BITRIX24: 'выгрузка Битрикс24, {container}',
    FORMAT_CANONICAL: 'таблицы KPI Lens, {container}',
    FORMAT_GENERIC: 'таблица со своими колонками, {container}',
    LEAD_CLASS_COLD: 'холодный',
    LEAD_CLASS_HOT: 'горячий',
    LEAD_CLASS_WARM: 'тёплый',
    TABLE_ACTIVITIES: 'Звонки и сообщения',
    TABLE_DEALS: 'Сделки',
    TABLE_EVENTS: 'События',
    TABLE_LOSS_REASONS: 'Причины отказа',
    TABLE_NOTES: 'Примечания',
    TABLE_PIPELINES: 'Воронки',
    TABLE_REFERENCE: 'Справочник',
    TABLE_STAGE_EVENTS: 'История этапов',
    TABLE_STATUSES: 'Этапы',
    TABLE_TASKS: 'Задачи',
    TABLE_USERS: 'Пользователи',
    // ---- end of the audit block
    FILE_TOO_LARGE_FOR_PAGE: '{file} ({size} МиБ) слишком велик для анализа в браузере: страница держит не больше {limit} МиБ файлов одновременно. Выгрузите более короткий период или меньше столбцов либо разделите файл.',
    WORKBOOK_TOO_LARGE_FOR_PAGE: '{file} ({size} МиБ) слишком велик: страница читает книгу Excel не больше {limit} МиБ. Сохраните её как CSV (он читается потоком) или выгрузите более короткий период.',
    WORKER_RESTARTED: {
      one: 'Движок анализа остановился ({reason}) и запущен заново; в него снова загружены ваш {n} файл и настройки.',
      few: 'Движок анализа остановился ({reason}) и запущен заново; в него снова загружены ваши {n} файла и настройки.',
      many: 'Движок анализа остановился ({reason}) и запущен заново; в него снова загружены ваши {n} файлов и настройки.',
      other: 'Движок анализа остановился ({reason}) и запущен заново; в него снова загружены ваши {n} файла и настройки.',
    },
    WORKER_RESTARTED_EMPTY: 'Движок анализа остановился ({reason}) и запущен заново с вашими настройками.',
    // ---- branch trends (issue 11, second session): dynamics and the KPI design check
    WIN_BEFORE_DATA: 'данные начинаются позже более раннего месяца',
    WIN_MONTH_NO_CLOSED: 'в одном из двух месяцев нет выигранных или проигранных сделок',
    NO_LOST_DEAL: 'в периоде нет проигранных сделок',
    // ---- end of branch trends
    // ---- firsthour block 2 (issue 10, session 2)
    FRT_STATUS_BY_CLASS_COLD: 'статус — по холодным лидам',
    FRT_STATUS_BY_CLASS_HOT: 'статус — по горячим лидам',
    FRT_STATUS_BY_CLASS_WARM: 'статус — по тёплым лидам',
    PLAN_IMPORT_SHEET: { one: 'Прочитан лист:', few: 'Прочитан лист (в книге {n}):', many: 'Прочитан лист (в книге {n}):', other: 'Прочитан лист (в книге {n}):' },
    TABLE_FETCH_MANIFEST: 'папка kpi-lens fetch (адрес CRM)',
    FORMAT_FETCH: 'kpi-lens fetch, {container}',
    // ---- end of firsthour block 2
    // ---- judge branch (issue 9): why a request to the page's engine worker failed
    DEMO_UNAVAILABLE: 'не удалось прочитать файлы демо ({detail})',
    ENGINE_LOAD_FAILED: 'не удалось загрузить движок анализа ({detail})',
    WORKER_FAILED: 'движок анализа остановился ({detail})',
    // ---- end of the judge block
    // ---- audit block (issue 11: планёрка, наборы KPI по ролям; ветка audit)
    ROLE_account_management: 'Аккаунт-менеджеры',
    ROLE_cold_sales: 'Холодные продажи',
    ROLE_general: 'Общий (все роли)',
    ROLE_head_of_sales: 'Руководитель отдела продаж',
    ROLE_inbound: 'Входящие заявки',
    ROLE_online_chat: 'Онлайн-чат',
    SETTINGS_WHOLE_RANGE: 'Введите целое число от {min} до {max}.',
    // ---- end of the audit block (issue 11)
    // branch readers (issue 12): a worker that dies while a drop is being read
    WORKER_RESTARTED_MID_READ: {
      one: 'Движок анализа остановился ({reason}) во время чтения {files} и запущен заново; в него снова загружены ваш {n} файл и настройки.',
      few: 'Движок анализа остановился ({reason}) во время чтения {files} и запущен заново; в него снова загружены ваши {n} файла, включая эти, и настройки.',
      many: 'Движок анализа остановился ({reason}) во время чтения {files} и запущен заново; в него снова загружены ваши {n} файлов, включая эти, и настройки.',
      other: 'Движок анализа остановился ({reason}) во время чтения {files} и запущен заново; в него снова загружены ваши {n} файла, включая эти, и настройки.',
    },
    // ---- design branch (issue 11): the bonus KPIs and the KPI design check.
    BONUS_KPI_MISSING: 'нужен показатель «{name}» ({reason})',
    BONUS_NEEDS_CLOSED: 'нужны сделки, закрытые в периоде (доля выигранных)',
    BONUS_NEEDS_PLAN: 'нужен план продаж (настройки: планы)',
    BONUS_NO_SALARY: 'не задан оклад этого менеджера (настройки: мотивация)',
    BONUS_NOT_INFLUENCED: '«{name}» входит в премию, но менеджер не может на это влиять: премия платила бы за решения других (лиды от маркетинга, план сверху).',
    BONUS_ONLY_ACTIVITY: 'Премия зависит только от показателей активности ({list}): её можно получить без единой продажи. Добавьте результат: выручку к плану, выигранные сделки или долю выигранных.',
    BONUS_PLAN_ZERO: 'план продаж равен 0',
    BONUS_TEAM_WIN_ZERO: 'доля выигранных у команды равна 0',
    DESIGN_CHECK_OK: 'В устройстве KPI проблем не найдено.',
    DESIGN_CHECK_TITLE: 'Проверка устройства KPI',
    DESIGN_WEIGHT_ADD: 'Добавить показатель в премию',
    DESIGN_WEIGHT_OF: 'Вес показателя «{name}»',
    DESIGN_WEIGHT_REMOVE: 'Убрать «{name}» из премии',
    METRICS_OVER_LIMIT: 'Используется показателей: {n}, больше {limit}: {list}. Методика советует 7–10 всего и 2–4 на роль.',
    NORMS_CHANGED_OFTEN: 'Нормы менялись чаще раза в квартал: {from} и снова {to}, через {days} дн. (изменений за 12 месяцев: {n}). Пересматривайте нормы ежемесячно, а меняйте не чаще раза в квартал, иначе цифры перестают быть сравнимыми.',
    KPI_NAME_frt_median_min: 'Первый ответ, медиана',
    KPI_NAME_frt_mean_min: 'Первый ответ, среднее',
    KPI_NAME_frt_p90_min: 'Первый ответ, p90',
    KPI_NAME_sla_share: 'Соблюдение SLA',
    KPI_NAME_sla_breached: 'Нарушения SLA',
    KPI_NAME_sla_total: 'Входящие лиды под SLA',
    KPI_NAME_next_step_share: 'Доля со следующим шагом',
    KPI_NAME_overdue_step_count: 'Просроченные следующие шаги',
    KPI_NAME_open_count: 'Открытые сделки',
    KPI_NAME_overdue_share: 'Доля просроченных задач',
    KPI_NAME_overdue_count: 'Просроченные задачи',
    KPI_NAME_tasks_due_count: 'Задачи со сроком',
    KPI_NAME_touches_per_won_mean: 'Касания на выигранную, среднее',
    KPI_NAME_touches_per_won_median: 'Касания на выигранную, медиана',
    KPI_NAME_won_count: 'Выигранные сделки',
    KPI_NAME_lost_count: 'Проигранные сделки',
    KPI_NAME_win_rate: 'Доля выигранных',
    KPI_NAME_revenue: 'Выручка к плану',
    KPI_NAME_avg_won_amount: 'Средний чек',
    KPI_NAME_stalled_count: 'Зависшие сделки',
    KPI_NAME_stalled_share: 'Доля зависших',
    KPI_NAME_velocity_median_days: 'Скорость сделки, медиана',
    KPI_NAME_plan_revenue: 'План по выручке',
    KPI_NAME_plan_fact_share: 'Выполнение плана',
    KPI_NAME_plan_pace: 'Темп плана',
    KPI_NAME_plan_forecast: 'Прогноз выручки',
    KPI_NAME_plan_won_count: 'План, выигранные сделки',
    KPI_NAME_plan_won_fact_share: 'Выполнение плана по сделкам',
    KPI_NAME_plan_won_pace: 'Темп плана по сделкам',
    KPI_NAME_plan_won_forecast: 'Прогноз по сделкам',
    // ---- end of the design block
  },
};

function language(lang) { return LANGS.includes(lang) ? lang : 'en'; }

function formatParam(name, value, lang, values) {
  // A `reason` that is itself a code (JSON_PAGE_SKIPPED's page error) is rendered in turn, with the same params.
  if (name === 'reason' && hasMessage(value)) return message(value, { ...values, reason: '' }, lang);
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
