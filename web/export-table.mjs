// The KPI matrix as a plain table for the exports (CSV and XLSX): one row per
// manager in report order, then the team; one column per key of the report's
// METRICS, in the report's own order, with the report's status of each value.
// No DOM here, so Node tests use it as is.

/**
 * Money below this keeps its kopecks (docs/web.md "Money"); the same constant
 * as wasm/report-html.mjs's MINOR_UNITS_BELOW (a Node test holds them equal:
 * this module is imported from web/ in Node, where engine/ is not).
 */
export const MINOR_UNITS_BELOW = 100_000;

/** How a metric's value reads, by its unit in the report's catalogue (days, touches: a number). */
export function metricKind(key, catalogue) {
  const unit = catalogue?.[key]?.unit;
  if (unit === 'count') return key === 'plan_won_forecast' ? 'number' : 'count';  // a run-rate of deals: 7.3
  return ['share', 'money', 'minutes'].includes(unit) ? unit : 'number';
}

/**
 * A value as the page shows it, as a number: shares as a fraction rounded to
 * 0.1 % (0.0504807 -> 0.050), minutes whole, counts whole, other numbers to one
 * decimal, money by the page's rule (docs/web.md "Money": kopecks below
 * 100 000, whole units from there up, never rounded up).
 */
export function shownValue(kind, v) {
  switch (kind) {
    case 'share': return Math.round(v * 1000) / 1000;
    case 'minutes':
    case 'count': return Math.round(v);
    case 'money': {
      const cents = Math.round(v * 100) / 100;
      return Math.abs(cents) < MINOR_UNITS_BELOW ? cents : Math.trunc(cents);
    }
    default: return Math.round(v * 10) / 10;
  }
}

/**
 * {columns: [{key, label, kind}], rows: [{name, team: boolean, values: (number|null)[]}]}.
 * Metric keys are the union over the team and every manager, first-seen order, so a
 * key only some rows carry still gets a column. `label(key)` names a metric;
 * `teamLabel` names the team row.
 */
export function matrixTable(report, { label = (key) => key, teamLabel = 'Team' } = {}) {
  const managers = Array.isArray(report?.managers) ? report.managers : [];
  const keys = [];
  const seen = new Set();
  for (const metrics of [report?.team?.metrics, ...managers.map((m) => m?.metrics)]) {
    for (const key of Object.keys(metrics ?? {})) {
      if (!seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
    }
  }
  const values = (metrics) => keys.map((key) => {
    const v = metrics?.[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  });
  // The report's judgement of each value (ok | warn | bad | null): exports colour by it, never by a comparison.
  const statuses = (row) => keys.map((key) => {
    const st = row?.status?.[key];
    return st === 'ok' || st === 'warn' || st === 'bad' ? st : null;
  });
  const rows = managers.map((m) => ({ name: String(m?.name ?? ''), team: false, values: values(m?.metrics), statuses: statuses(m) }));
  if (report?.team) rows.push({ name: teamLabel, team: true, values: values(report.team.metrics), statuses: statuses(report.team) });
  return { columns: keys.map((key) => ({ key, label: label(key), kind: metricKind(key, report?.catalogue) })), rows };
}

/**
 * A header cell. For people: the metric's label (the key alone when it has
 * none). `technical`: the METRICS key, the header row scripts read
 * (docs/web.md "Exports": the CSV with keys).
 */
export function headerText(column, { technical = false } = {}) {
  return technical ? column.key : column.label || column.key;
}

/** The CSV dialect of a page language: what Excel in that locale opens without a wizard. */
export function csvDialect(lang) {
  return lang === 'ru' ? { delimiter: ';', decimal: ',' } : { delimiter: ',', decimal: '.' };
}

// A cell starting with one of these is a formula to Excel and LibreOffice; CRM
// names are untrusted, so such text gets a leading apostrophe (OWASP's advice).
const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(text, delimiter) {
  const needsQuotes = text.includes(delimiter) || /["\r\n]/.test(text) || text !== text.trim();
  return needsQuotes ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A number as text with the dialect's decimal mark, full precision, no grouping. */
export function csvNumber(value, decimal) {
  const text = String(value); // shortest round-trip form; exponent only below 1e-6 or above 1e21
  return decimal === '.' ? text : text.replace('.', decimal);
}

/** One CSV line of text and number cells (null = empty) in a dialect; text is guarded against formulas. */
function csvLine(cells, { delimiter, decimal }) {
  return cells.map((value) => {
    if (value === null || value === undefined) return '';
    if (typeof value === 'number') return Number.isFinite(value) ? csvNumber(value, decimal) : '';
    const s = String(value);
    return csvField(FORMULA_START.test(s) ? `'${s}` : s, delimiter);
  }).join(delimiter);
}

/** Rows of cells (text, numbers, null) under a header row as CSV: UTF-8 BOM, CRLF (today's list export). */
export function rowsToCsv(header, rows, { lang = 'en' } = {}) {
  const dialect = csvDialect(lang);
  const lines = [csvLine(header, dialect), ...rows.map((row) => csvLine(row, dialect))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A share as Excel in the dialect's locale reads a percentage: "5,0%" (ru), "5.0%" (en). */
export function csvPercent(share, decimal) {
  return `${csvNumber((Math.round(share * 1000) / 10).toFixed(1), decimal)}%`;
}

/**
 * The table as CSV text: UTF-8 BOM first (Excel then reads UTF-8), CRLF line ends,
 * the header row, then one row per manager and the team. Empty cell = no data.
 * For people (the default): the metrics' labels, values rounded as the page
 * shows them and shares as percentages Excel reads as numbers ("5,0%").
 * `technical`: the keys as the header, every value at full precision, shares
 * as fractions 0..1 (the machine-readable table of docs/web.md).
 */
export function tableToCsv(table, { lang = 'en', nameHeader = 'Manager', technical = false } = {}) {
  const { delimiter, decimal } = csvDialect(lang);
  const text = (value) => {
    const s = String(value ?? '');
    return csvField(FORMULA_START.test(s) ? `'${s}` : s, delimiter);
  };
  const cell = (v, column) => {
    if (v === null) return '';
    if (technical) return csvNumber(v, decimal);
    if (column.kind === 'share') return csvPercent(v, decimal);
    const shown = shownValue(column.kind, v);
    // Money with kopecks keeps both digits (1000,50), as the page prints it.
    return csvNumber(column.kind === 'money' && !Number.isInteger(shown) ? shown.toFixed(2) : shown, decimal);
  };
  const lines = [[text(technical ? 'manager' : nameHeader), ...table.columns.map((c) => text(headerText(c, { technical })))].join(delimiter)];
  for (const row of table.rows) {
    lines.push([text(row.name), ...row.values.map((v, i) => cell(v, table.columns[i]))].join(delimiter));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * The table as an XLSX sheet description for writeXlsx() (web/xlsx-writer.mjs):
 * `title` and `period` lines above the header (the header is then frozen and
 * filtered), values as the page shows them in number formats (shares as
 * percent), each judged value coloured by the report's status.
 */
export function tableToSheet(table, { name = 'KPI', nameHeader = 'Manager', title = null, period = null } = {}) {
  const style = { share: 'percent', money: 'money', count: 'integer', minutes: 'integer', number: 'decimal' };
  const above = [];
  if (title) above.push([{ v: title, style: 'title' }]);
  if (period) above.push([{ v: period, style: 'note' }]);
  if (above.length) above.push([]);
  const header = [{ v: nameHeader, style: 'header' }, ...table.columns.map((c) => ({ v: headerText(c), style: 'header' }))];
  const rows = table.rows.map((row) => [
    row.team ? { v: row.name, style: 'bold' } : row.name,
    ...row.values.map((v, i) => {
      if (v === null) return null;
      const kind = table.columns[i].kind;
      const status = row.statuses?.[i];
      return { v: shownValue(kind, v), style: status ? `${style[kind]}-${status}` : style[kind] };
    }),
  ]);
  return {
    name,
    headerRow: above.length,
    columns: [{ width: 24 }, ...table.columns.map(() => ({ width: 16 }))],
    rows: [...above, header, ...rows],
  };
}

/** A file name stem from the report's as-of date: kpi-lens-2026-03-31. */
export function fileStem(report) {
  const date = /^\d{4}-\d{2}-\d{2}/.exec(String(report?.as_of ?? ''))?.[0];
  return date ? `kpi-lens-${date}` : 'kpi-lens';
}
