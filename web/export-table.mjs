// The KPI matrix as a plain table for the exports (CSV and XLSX): one row per
// manager in report order, then the team; one column per key of the report's
// METRICS, in the report's own order. No DOM here, so Node tests use it as is.

/** How a metric's value reads: shares are fractions 0..1 (percent in XLSX). */
export function metricKind(key) {
  if (key === 'win_rate' || key === 'plan_pace' || key.endsWith('_share')) return 'share';
  if (key === 'revenue' || key === 'avg_won_amount' || key === 'plan_revenue' || key === 'plan_forecast') return 'money';
  if (key.endsWith('_count') || key === 'sla_breached' || key === 'sla_total') return 'count';
  return 'number';
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
  const rows = managers.map((m) => ({ name: String(m?.name ?? ''), team: false, values: values(m?.metrics) }));
  if (report?.team) rows.push({ name: teamLabel, team: true, values: values(report.team.metrics) });
  return { columns: keys.map((key) => ({ key, label: label(key), kind: metricKind(key) })), rows };
}

/** "Label [key]": the header cell names the metric for people and for scripts. */
export function headerText(column) {
  return column.label && column.label !== column.key ? `${column.label} [${column.key}]` : column.key;
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

/**
 * The table as CSV text: UTF-8 BOM first (Excel then reads UTF-8), CRLF line ends,
 * the header row, then one row per manager and the team. Empty cell = no data.
 */
export function tableToCsv(table, { lang = 'en', nameHeader = 'Manager' } = {}) {
  return rowsToCsv([nameHeader, ...table.columns.map((c) => headerText(c))],
    table.rows.map((row) => [row.name, ...row.values]), { lang });
}

/** The table as an XLSX sheet description for writeXlsx() (web/xlsx-writer.mjs). */
export function tableToSheet(table, { name = 'KPI', nameHeader = 'Manager' } = {}) {
  const style = { share: 'percent', money: 'money', count: 'integer', number: 'decimal' };
  const header = [{ v: nameHeader, style: 'header' }, ...table.columns.map((c) => ({ v: headerText(c), style: 'header' }))];
  const rows = table.rows.map((row) => [
    row.team ? { v: row.name, style: 'bold' } : row.name,
    ...row.values.map((v, i) => (v === null ? null : { v, style: style[table.columns[i].kind] })),
  ]);
  return {
    name,
    columns: [{ width: 24 }, ...table.columns.map(() => ({ width: 16 }))],
    rows: [header, ...rows],
  };
}

/** A file name stem from the report's as-of date: kpi-lens-2026-03-31. */
export function fileStem(report) {
  const date = /^\d{4}-\d{2}-\d{2}/.exec(String(report?.as_of ?? ''))?.[0];
  return date ? `kpi-lens-${date}` : 'kpi-lens';
}
