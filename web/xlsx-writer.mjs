// A small XLSX writer for the page's exports: SpreadsheetML (ECMA-376) for one
// or more sheets of numbers and text, in a ZIP container written here (no
// dependency, nothing fetched). Entries are deflated with the platform's
// CompressionStream('deflate-raw') when there is one, else stored.
//
//   const bytes = await writeXlsx({ sheets: [{ name: 'KPI', columns: [{ width: 24 }],
//     rows: [[{ v: 'Manager', style: 'header' }], ['Anna', { v: 0.5, style: 'percent' }]] }] });
//
// A cell is null (empty), a number, a string, or {v, style} with style one of
// CELL_STYLES. Numbers stay numbers (Excel can sum them); text is written as
// inline strings, so no formula is ever created from CRM data.

// Number formats of the numeric styles (164+ are custom formats).
const NUMBER_FORMATS = { percent: 164, money: 4, integer: 3, decimal: 2 };
// A status's colours (a cell the report judged): font and fill, as the page's
// status colours (the report's ok | warn | bad, never a comparison made here).
const STATUS_COLOURS = {
  ok: { font: 'FF067647', fill: 'FFECFDF3' },
  warn: { font: 'FF93370D', fill: 'FFFFFAEB' },
  bad: { font: 'FFB42318', fill: 'FFFEF3F2' },
};

/**
 * Cell styles: name -> index into cellXfs of styles.xml. The first seven keep
 * their indices; then `title` (bold, larger), `note` (grey text) and every
 * numeric style with a status: `percent-ok`, `money-bad`, `integer-warn`, ...
 */
export const CELL_STYLES = {
  default: 0,
  header: 1, // bold, light fill, wrapped
  percent: 2, // 0.0%
  money: 3, // #,##0.00
  integer: 4, // #,##0
  decimal: 5, // 0.00
  bold: 6, // bold text (the team row)
  title: 7, // bold, 14 pt (a sheet's title line)
  note: 8, // grey text (the period line)
};
// [numFmtId, fontId, fillId] of each cell style after the first seven.
const EXTRA_XFS = [[0, 5, 0], [0, 6, 0]];
for (const [status, index] of [['ok', 0], ['warn', 1], ['bad', 2]]) {
  for (const [kind, format] of Object.entries(NUMBER_FORMATS)) {
    CELL_STYLES[`${kind}-${status}`] = 7 + EXTRA_XFS.length;
    EXTRA_XFS.push([format, 2 + index, 3 + index]);
  }
}

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

// ---------------------------------------------------------------------------
// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), as ZIP requires.

let crcTable = null;

function makeCrcTable() {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** CRC-32 of the bytes; crc32(new TextEncoder().encode('123456789')) === 0xCBF43926. */
export function crc32(bytes) {
  crcTable ??= makeCrcTable();
  let c = 0xFFFFFFFF;
  for (let i = 0; i < bytes.length; i += 1) c = crcTable[(c ^ bytes[i]) & 0xFF] ^ (c >>> 8);
  return (c ^ 0xFFFFFFFF) >>> 0;
}

// ---------------------------------------------------------------------------
// ZIP (PKWARE APPNOTE 6.3): local headers, data, central directory, end record.
// No ZIP64: an export is far below 4 GB and 65,535 entries.

async function deflateRaw(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** True when this platform can deflate (browsers since 2023, Node 18+). */
export function canDeflate() {
  if (typeof CompressionStream !== 'function') return false;
  try {
    new CompressionStream('deflate-raw'); // eslint-disable-line no-new
    return true;
  } catch {
    return false;
  }
}

/** Fields [[bytes (2 | 4), value], ...] one after the other, little-endian. */
function littleEndian(fields) {
  const view = new DataView(new ArrayBuffer(fields.reduce((sum, [bytes]) => sum + bytes, 0)));
  let at = 0;
  for (const [bytes, value] of fields) {
    if (bytes === 2) view.setUint16(at, value, true); else view.setUint32(at, value, true);
    at += bytes;
  }
  return new Uint8Array(view.buffer);
}

/** MS-DOS date and time of a Date (local fields, 2-second resolution, years 1980..2107). */
function dosDateTime(date) {
  const year = Math.min(2107, Math.max(1980, date.getFullYear()));
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

/**
 * A ZIP archive of `entries` [{name, data: Uint8Array|string}] as a Uint8Array.
 * Options: compress (default: when the platform can), modified (a Date; default
 * 1980-01-01 so the same input gives the same bytes).
 */
export async function zip(entries, { compress = canDeflate(), modified = new Date(1980, 0, 1) } = {}) {
  const encoder = new TextEncoder();
  const stamp = dosDateTime(modified);
  const parts = [];
  const central = [];
  let offset = 0;
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    const data = typeof entry.data === 'string' ? encoder.encode(entry.data) : entry.data;
    const crc = crc32(data);
    let method = 0;
    let stored = data;
    if (compress && data.length > 0) {
      const deflated = await deflateRaw(data);
      if (deflated.length < data.length) {
        method = 8;
        stored = deflated;
      }
    }
    // Local header: signature, version needed 2.0 (deflate), flags (bit 11: the name is UTF-8),
    // method, time, date, CRC, sizes, name length, extra length.
    const shared = [[2, 0x0800], [2, method], [2, stamp.time], [2, stamp.date], [4, crc], [4, stored.length], [4, data.length],
      [2, name.length]];
    parts.push(littleEndian([[4, 0x04034B50], [2, 20], ...shared, [2, 0]]), name, stored);
    // Central record: signature, version made by 2.0 (MS-DOS attributes), needed, the same fields,
    // then extra and comment lengths, disk number, internal and external attributes (all zero),
    // and the offset of the local header.
    const zeros = [[2, 0], [2, 0], [2, 0], [2, 0], [4, 0]];
    central.push(littleEndian([[4, 0x02014B50], [2, 20], [2, 20], ...shared, ...zeros, [4, offset]]), name);
    offset += 30 + name.length + stored.length;
  }
  const centralSize = central.reduce((sum, part) => sum + part.length, 0);
  // End of central directory: signature, disk numbers, entries on this disk and in total, the
  // directory's size and where it starts, comment length.
  const end = littleEndian([[4, 0x06054B50], [2, 0], [2, 0], [2, entries.length], [2, entries.length],
    [4, centralSize], [4, offset], [2, 0]]);
  const all = [...parts, ...central, end];
  const out = new Uint8Array(all.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of all) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// ---------------------------------------------------------------------------
// SpreadsheetML

/** Text as XML character data: escapes markup and drops characters XML 1.0 forbids. */
export function xmlText(value) {
  return String(value)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Column letters of a 0-based index: 0 -> A, 25 -> Z, 26 -> AA. */
export function columnName(index) {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function cellXml(cell, ref) {
  const value = cell !== null && typeof cell === 'object' ? cell.v : cell;
  const styleName = cell !== null && typeof cell === 'object' ? cell.style ?? 'default' : 'default';
  const style = CELL_STYLES[styleName];
  if (style === undefined) throw new Error(`xlsx: unknown cell style ${JSON.stringify(styleName)}`);
  const s = style ? ` s="${style}"` : '';
  if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) {
    return style ? `<c r="${ref}"${s}/>` : '';
  }
  if (typeof value === 'number') return `<c r="${ref}"${s}><v>${value}</v></c>`;
  if (typeof value === 'boolean') return `<c r="${ref}"${s} t="b"><v>${value ? 1 : 0}</v></c>`;
  const text = xmlText(value);
  const space = /^\s|\s$|\n/.test(text) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${text}</t></is></c>`;
}

function sheetXml({ rows = [], columns = [], freezeHeader = true, autoFilter = true, headerRow = 0 }) {
  const width = rows.reduce((max, row) => Math.max(max, row.length), 0);
  const cols = columns.length
    ? `<cols>${columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${Number(c?.width) || 12}" customWidth="1"/>`).join('')}</cols>`
    : '';
  const top = headerRow + 1; // the header's 1-based row: rows above it are titles
  const pane = freezeHeader && rows.length > top
    ? `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${top}" topLeftCell="A${top + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`
    : '<sheetViews><sheetView workbookViewId="0"/></sheetViews>';
  const body = rows.map((row, r) => `<row r="${r + 1}">${row.map((cell, c) => cellXml(cell, `${columnName(c)}${r + 1}`)).join('')}</row>`).join('');
  const filter = autoFilter && rows.length > top && width > 0 ? `<autoFilter ref="A${top}:${columnName(width - 1)}${rows.length}"/>` : '';
  return `${XML_HEADER}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">${pane}<sheetFormatPr defaultRowHeight="15"/>${cols}<sheetData>${body}</sheetData>${filter}</worksheet>`;
}

const font = (bold, colour, size = 11) => `<font>${bold ? '<b/>' : ''}<sz val="${size}"/>${colour ? `<color rgb="${colour}"/>` : ''}<name val="Calibri"/><family val="2"/></font>`;
const solid = (rgb) => `<fill><patternFill patternType="solid"><fgColor rgb="${rgb}"/><bgColor indexed="64"/></patternFill></fill>`;
const FONTS = [font(false), font(true), ...Object.values(STATUS_COLOURS).map((c) => font(false, c.font)), font(true, null, 14), font(false, 'FF5D6878')];
const FILLS = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>', solid('FFE9EEFD'),
  ...Object.values(STATUS_COLOURS).map((c) => solid(c.fill))];
const XFS = [
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
  '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf>',
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
  '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
  '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
  '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
  ...EXTRA_XFS.map(([numFmt, fontId, fillId]) => `<xf numFmtId="${numFmt}" fontId="${fontId}" fillId="${fillId}" borderId="0" xfId="0"`
    + `${numFmt ? ' applyNumberFormat="1"' : ''} applyFont="1"${fillId ? ' applyFill="1"' : ''}/>`),
];

const STYLES_XML = `${XML_HEADER}<styleSheet xmlns="${NS_MAIN}">`
  + '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>'
  + `<fonts count="${FONTS.length}">${FONTS.join('')}</fonts>`
  + `<fills count="${FILLS.length}">${FILLS.join('')}</fills>`
  + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
  + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
  + `<cellXfs count="${XFS.length}">${XFS.join('')}</cellXfs>`
  + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
  + '</styleSheet>';

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\ and not blank. */
export function sheetName(name, index) {
  const clean = String(name ?? '').replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31);
  return clean || `Sheet${index + 1}`;
}

/**
 * The workbook as XLSX bytes. sheets: [{name, rows: Cell[][], columns?: [{width}],
 * freezeHeader? (default true), autoFilter? (default true), headerRow? (0-based
 * row of the header that is frozen and filtered; rows above it are titles;
 * default 0)}]. Options: as zip().
 */
export async function writeXlsx({ sheets, creator = 'KPI Lens' }, options = {}) {
  if (!Array.isArray(sheets) || sheets.length === 0) throw new Error('xlsx: a workbook needs at least one sheet');
  const names = sheets.map((s, i) => sheetName(s.name, i));
  const contentTypes = `${XML_HEADER}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
    + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    + '<Default Extension="xml" ContentType="application/xml"/>'
    + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    + names.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')
    + '</Types>';
  const rootRels = `${XML_HEADER}<Relationships xmlns="${NS_PKG_REL}">`
    + `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/>`
    + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    + '</Relationships>';
  const core = `${XML_HEADER}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">`
    + `<dc:creator>${xmlText(creator)}</dc:creator></cp:coreProperties>`;
  const workbook = `${XML_HEADER}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheets>`
    + names.map((name, i) => `<sheet name="${xmlText(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')
    + '</sheets></workbook>';
  const workbookRels = `${XML_HEADER}<Relationships xmlns="${NS_PKG_REL}">`
    + names.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')
    + `<Relationship Id="rId${names.length + 1}" Type="${NS_REL}/styles" Target="styles.xml"/>`
    + '</Relationships>';
  return zip([
    { name: '[Content_Types].xml', data: contentTypes },
    { name: '_rels/.rels', data: rootRels },
    { name: 'docProps/core.xml', data: core },
    { name: 'xl/workbook.xml', data: workbook },
    { name: 'xl/_rels/workbook.xml.rels', data: workbookRels },
    { name: 'xl/styles.xml', data: STYLES_XML },
    ...sheets.map((sheet, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: sheetXml(sheet) })),
  ], options);
}
