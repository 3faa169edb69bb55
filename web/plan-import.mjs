// Sales plans from a table the user already keeps (CSV or XLSX): one row per
// manager and period, with a revenue, a number of deals won, or both. The
// header names the columns in Russian or English; each row that cannot become
// a plan is reported with its line and why, the others are imported. No DOM
// here, so Node tests use it as is; the core still checks every plan it is
// sent (settings validation, docs/kpi.md "Settings").
//
//   const rows = await readPlanTable(bytes, zip, { decode });   // zip: the engine's unzip.mjs module;
//                                                              // decode: the core's text decoding (readPlanFile)
//   const { plans, errors } = plansFromRows(rows);  // errors: [{line, code, params}]
//
// The zip reader is passed in (the page imports engine/unzip.mjs with itself, so
// an import makes no request later; Node tests pass wasm/unzip.mjs).

// Header words per column, lower case; a header cell matches when it starts with one.
const COLUMNS = {
  owner: ['менеджер', 'сотрудник', 'ответственный', 'продавец', 'manager', 'owner', 'employee', 'sales rep'],
  month: ['месяц', 'период', 'month', 'period'],
  from: ['с', 'начало', 'дата начала', 'from', 'start'],
  to: ['по', 'конец', 'дата окончания', 'to', 'end'],
  revenue: ['план по выручке', 'выручка', 'сумма', 'план, ₽', 'план', 'revenue', 'amount', 'plan'],
  won_count: ['сделок', 'сделки', 'количество', 'план по сделкам', 'выигранных', 'deals', 'won', 'count'],
};
// A manager cell that means the whole team.
const TEAM_WORDS = new Set(['команда', 'отдел', 'итого', 'все', 'team', 'total', 'all']);

/** Lines of CSV text as arrays of cells: RFC 4180 quotes; `;`, `,` or tab, whichever the header uses most. */
export function csvRows(text) {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [';', '\t', ','].map((d) => [d, firstLine.split(d).length]).sort((a, b) => b[1] - a[1])[0][0];
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') { cell += '"'; i += 1; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === delimiter) { row.push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i += 1;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

async function entryText(bytes, entry, zip) {
  const parts = [];
  for await (const chunk of zip.entryChunks(bytes, entry)) parts.push(chunk.slice());
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { all.set(p, at); at += p.length; }
  return new TextDecoder().decode(all);
}

const XML_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s) => s.replace(/&(#x?[0-9a-f]+|\w+);/gi, (m, e) => {
  if (e[0] !== '#') return XML_ENTITIES[e] ?? m;
  return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
});
const textOf = (xml) => unescapeXml([...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => m[1]).join(''));

/** Column index of a cell reference ("C7" -> 2). */
function columnIndex(ref) {
  let n = 0;
  for (const ch of /^[A-Z]+/.exec(ref)?.[0] ?? 'A') n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** One worksheet's XML as rows of cells (text, or numbers as numbers). */
function sheetRows(xml, shared) {
  const rows = [];
  for (const [, attrs, body] of xml.matchAll(/<row\b([^>]*)>([\s\S]*?)<\/row>/g)) {
    const r = Number(/\br="(\d+)"/.exec(attrs)?.[1] ?? rows.length + 1) - 1;
    const cells = [];
    for (const [, cellAttrs, inner = ''] of body.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const ref = /\br="([A-Z]+\d+)"/.exec(cellAttrs)?.[1];
      const type = /\bt="(\w+)"/.exec(cellAttrs)?.[1] ?? 'n';
      const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
      let value = null;
      if (type === 's') value = shared[Number(v)] ?? '';
      else if (type === 'inlineStr') value = textOf(inner);
      else if (type === 'str') value = unescapeXml(v ?? '');
      else if (v !== undefined) value = Number(v);
      cells[ref ? columnIndex(ref) : cells.length] = value;
    }
    rows[r] = Array.from(cells, (c) => c ?? '');
  }
  return Array.from(rows, (r) => r ?? []);
}

/**
 * Every worksheet of an XLSX workbook, in the workbook's order, with its name:
 * [{name, rows}] (xl/workbook.xml names the sheets, its rels say which part is which).
 */
export async function xlsxSheets(bytes, zip) {
  const byName = zip.readZipDirectory(bytes); // name -> entry
  const text = async (name) => (byName.has(name) ? entryText(bytes, byName.get(name), zip) : '');
  const shared = [...(await text('xl/sharedStrings.xml')).matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => textOf(m[1]));
  const targets = new Map([...(await text('xl/_rels/workbook.xml.rels')).matchAll(/<Relationship\b([^>]*)\/?>/g)].map(([, a]) => {
    const target = /\bTarget="([^"]*)"/.exec(a)?.[1] ?? '';
    return [/\bId="([^"]*)"/.exec(a)?.[1], target.startsWith('/') ? target.slice(1) : `xl/${target}`];
  }));
  let parts = [...(await text('xl/workbook.xml')).matchAll(/<sheet\b([^>]*)\/?>/g)].map(([, a]) => ({
    name: unescapeXml(/\bname="([^"]*)"/.exec(a)?.[1] ?? ''), part: targets.get(/\br:id="([^"]*)"/.exec(a)?.[1]),
  })).filter((p) => p.part && byName.has(p.part));
  if (!parts.length) {
    parts = [...byName.keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))
      .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)[1]) - Number(/(\d+)\.xml$/.exec(b)[1])).map((part) => ({ name: part.replace(/^.*\/|\.xml$/g, ''), part }));
  }
  if (!parts.length) throw new Error('no worksheet');
  const sheets = [];
  for (const { name, part } of parts) sheets.push({ name, rows: sheetRows(await text(part), shared) });
  return sheets;
}

/** Whether a table's header names a manager, an amount or a deal count, and a period: a plan table. */
export function looksLikePlan(rows) {
  const header = rows.find((r) => r.some((c) => String(c ?? '').trim() !== ''));
  if (!header) return false;
  const col = planColumns(header);
  return col.owner !== undefined && (col.revenue !== undefined || col.won_count !== undefined)
    && (col.month !== undefined || (col.from !== undefined && col.to !== undefined));
}

/**
 * A plan file's rows: an XLSX (a zip) or CSV text. {rows, sheet, sheets, encoding}:
 * - XLSX: the sheet named `sheet` when given, else the first one that looks like a plan
 *   (looksLikePlan), else the first; `sheets` lists every sheet's name so the user can
 *   choose another.
 * - CSV: decoded by `decode(bytes) -> {encoding, text}` when given — the page and Node
 *   pass the core's encoding detection (BOM, UTF-8, UTF-16, else Windows-1251;
 *   core/io/encoding.h), so there is one detector — else read as UTF-8.
 */
export async function readPlanFile(bytes, zip, { decode = null, sheet = null } = {}) {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (zip.isZip(data)) {
    const sheets = await xlsxSheets(data, zip);
    const chosen = sheets.find((x) => x.name === sheet) ?? sheets.find((x) => looksLikePlan(x.rows)) ?? sheets[0];
    return { rows: chosen.rows, sheet: chosen.name, sheets: sheets.map((x) => x.name), encoding: null };
  }
  const { text, encoding } = decode ? await decode(data) : { text: new TextDecoder().decode(data), encoding: 'utf-8' };
  return { rows: csvRows(text), sheet: null, sheets: [], encoding };
}

/** A plan table's rows from a file's bytes (readPlanFile's rows). */
export async function readPlanTable(bytes, zip, options) {
  return (await readPlanFile(bytes, zip, options)).rows;
}

// ---- cells -------------------------------------------------------------------

/** A number as people write it: "1 500 000", "1 500 000,50", "1,500,000.50", "1500000 ₽"; null if it is not one. */
export function parseAmount(cell) {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  let s = String(cell ?? '').replace(/[\s\u00a0\u202f]/g, '').replace(/(₽|руб\.?|р\.|rub|\$|€)/gi, '');
  if (s === '') return null;
  const lastComma = s.lastIndexOf(','), lastDot = s.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    s = lastComma > lastDot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (lastComma >= 0) {
    s = s.split(',').length === 2 && s.length - lastComma - 1 <= 2 ? s.replace(',', '.') : s.replace(/,/g, '');
  }
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : null;
}

const pad = (n) => String(n).padStart(2, '0');
const iso = (y, m, d) => `${y}-${pad(m)}-${pad(d)}`;
function nextMonth(y, m) { return m === 12 ? [y + 1, 1] : [y, m + 1]; }
function dayAfter(y, m, d) {
  const t = new Date(Date.UTC(y, m - 1, d + 1));
  return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}
const validDate = (y, m, d) => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};

// Month names (and their first three letters) in both languages, from Intl.
const MONTHS = new Map();
for (const locale of ['ru', 'en']) {
  for (let m = 1; m <= 12; m += 1) {
    const at = new Date(Date.UTC(2026, m - 1, 15));
    for (const month of ['long', 'short']) {
      for (const name of [new Intl.DateTimeFormat(locale, { month, timeZone: 'UTC' }).format(at),
        new Intl.DateTimeFormat(locale, { month, day: 'numeric', timeZone: 'UTC' }).format(at).replace(/[\d\s.]/g, '')]) {
        const key = name.toLowerCase().replace('.', '');
        MONTHS.set(key, m);
        MONTHS.set(key.slice(0, 3), m);
      }
    }
  }
}

/** A day as [y, m, d]: "2026-03-01", "01.03.2026", an Excel day number; null otherwise. */
export function parseDay(cell) {
  if (typeof cell === 'number' && cell > 20000 && cell < 80000) {
    const t = new Date(Date.UTC(1899, 11, 30) + Math.floor(cell) * 86_400_000);
    return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
  }
  const s = String(cell ?? '').trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(s);
  if (m) return validDate(+m[1], +m[2], +m[3]) ? [+m[1], +m[2], +m[3]] : null;
  m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(s);
  if (m) return validDate(+m[3], +m[2], +m[1]) ? [+m[3], +m[2], +m[1]] : null;
  return null;
}

/** A month as {from, to} (to exclusive): "2026-03", "03.2026", "март 2026", "March 2026", a date in it. */
export function parseMonth(cell) {
  const s = String(cell ?? '').trim().toLowerCase();
  let y, mo;
  let m = /^(\d{4})-(\d{1,2})$/.exec(s) ?? null;
  if (m) [y, mo] = [+m[1], +m[2]];
  else if ((m = /^(\d{1,2})[./](\d{4})$/.exec(s))) [y, mo] = [+m[2], +m[1]];
  else if ((m = /^([a-zа-яё]+)\.?\s+(\d{4})(?:\s*г\.?)?$/.exec(s)) && MONTHS.has(m[1])) [y, mo] = [+m[2], MONTHS.get(m[1])];
  else {
    const day = parseDay(cell);
    if (day) [y, mo] = day;
  }
  if (!y || !(mo >= 1 && mo <= 12)) return null;
  const [ny, nm] = nextMonth(y, mo);
  return { from: iso(y, mo, 1), to: iso(ny, nm, 1) };
}

// ---- rows --------------------------------------------------------------------

/** Which column holds what, from the header row; null for a column not found. */
export function planColumns(header) {
  const cells = header.map((c) => String(c ?? '').trim().toLowerCase());
  const found = {};
  const taken = new Set();
  // Longer, more specific words first ("план по сделкам" before "план").
  const wanted = Object.entries(COLUMNS).flatMap(([key, words]) => words.map((w) => [key, w])).sort((a, b) => b[1].length - a[1].length);
  for (const [key, word] of wanted) {
    if (found[key] !== undefined) continue;
    const i = cells.findIndex((c, n) => !taken.has(n) && (c === word || (word.length > 2 && c.startsWith(word))));
    if (i >= 0) { found[key] = i; taken.add(i); }
  }
  return found;
}

/**
 * Plans from a table's rows (the first non-empty row is the header). Returns
 * {plans: [{owner, from, to, revenue?, won_count?, line}], errors: [{line, code, params}]}
 * with `line` the 1-based row of the file. Codes: PLAN_IMPORT_NO_COLUMNS (the header
 * names no manager, or neither a revenue nor a deal count, or no period),
 * PLAN_IMPORT_NO_OWNER, PLAN_IMPORT_BAD_PERIOD, PLAN_IMPORT_BAD_NUMBER, PLAN_IMPORT_NO_AMOUNT.
 */
export function plansFromRows(rows) {
  const start = rows.findIndex((r) => r.some((c) => String(c ?? '').trim() !== ''));
  if (start < 0) return { plans: [], errors: [{ line: 1, code: 'PLAN_IMPORT_EMPTY', params: {} }] };
  const col = planColumns(rows[start]);
  const missing = [];
  if (col.owner === undefined) missing.push('owner');
  if (col.revenue === undefined && col.won_count === undefined) missing.push('amount');
  if (col.month === undefined && (col.from === undefined || col.to === undefined)) missing.push('period');
  if (missing.length) return { plans: [], errors: [{ line: start + 1, code: 'PLAN_IMPORT_NO_COLUMNS', params: { missing } }] };
  const plans = [];
  const errors = [];
  for (let r = start + 1; r < rows.length; r += 1) {
    const row = rows[r];
    const line = r + 1;
    const cell = (key) => (col[key] === undefined ? '' : row[col[key]] ?? '');
    if (!row.some((c) => String(c ?? '').trim() !== '')) continue;
    const ownerText = String(cell('owner')).trim();
    if (!ownerText) { errors.push({ line, code: 'PLAN_IMPORT_NO_OWNER', params: {} }); continue; }
    let period = null;
    if (col.month !== undefined && String(cell('month')).trim() !== '') period = parseMonth(cell('month'));
    else if (col.from !== undefined && col.to !== undefined) {
      const a = parseDay(cell('from')), b = parseDay(cell('to'));
      period = a && b ? { from: iso(...a), to: dayAfter(...b) } : null; // the last day is inclusive in a table
    }
    if (!period) {
      const value = col.month !== undefined ? cell('month') : `${cell('from')} – ${cell('to')}`;
      errors.push({ line, code: 'PLAN_IMPORT_BAD_PERIOD', params: { value: String(value) } });
      continue;
    }
    const plan = { owner: TEAM_WORDS.has(ownerText.toLowerCase()) ? '' : ownerText, ...period };
    let bad = false;
    for (const key of ['revenue', 'won_count']) {
      const text = cell(key);
      if (String(text).trim() === '') continue;
      const n = parseAmount(text);
      if (n === null || n < 0) {
        errors.push({ line, code: 'PLAN_IMPORT_BAD_NUMBER', params: { value: String(text), column: key } });
        bad = true;
      } else plan[key] = n;
    }
    if (bad) continue;
    if (plan.revenue === undefined && plan.won_count === undefined) {
      errors.push({ line, code: 'PLAN_IMPORT_NO_AMOUNT', params: {} });
      continue;
    }
    plans.push({ ...plan, line });
  }
  return { plans, errors };
}

/**
 * `current` plans with `imported` ones merged in: an imported plan replaces a
 * plan of the same manager (case-insensitive) and the same period; the rest are added.
 */
export function mergePlans(current, imported) {
  const key = (p) => `${String(p.owner ?? '').toLowerCase()}|${p.from}|${p.to}`;
  const out = [...(current ?? [])];
  for (const { line, ...plan } of imported) {
    const at = out.findIndex((p) => key(p) === key(plan));
    if (at >= 0) out[at] = { ...plan };
    else out.push({ ...plan });
  }
  return out;
}
