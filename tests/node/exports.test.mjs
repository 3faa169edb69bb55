// The page's export formats without a browser: web/xlsx-writer.mjs (CRC-32, the
// ZIP container, SpreadsheetML) read back with Node's zlib and a small ZIP
// reader, and web/export-table.mjs (the matrix as rows, CSV in both dialects).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT, unzip } from './helpers.mjs';

const { crc32, zip, writeXlsx, columnName, xmlText, sheetName } = await import(`${ROOT}web/xlsx-writer.mjs`);
const { matrixTable, tableToCsv, tableToSheet, csvNumber, metricKind, fileStem, shownValue } = await import(`${ROOT}web/export-table.mjs`);

test('crc32: the check value of "123456789" and of nothing', () => {
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xCBF43926); // the CRC-32/ISO-HDLC check value
  assert.equal(crc32(new Uint8Array(0)), 0);
  assert.equal(crc32(new TextEncoder().encode('a')), 0xE8B7BE43);
});

test('zip: stored and deflated entries read back, names in UTF-8', async () => {
  const text = 'KPI '.repeat(100); // 400 bytes that deflate well
  const bytes = await zip([{ name: 'a.txt', data: text }, { name: 'папка/б.txt', data: 'x' }, { name: 'empty', data: '' }]);
  const entries = unzip(bytes);
  assert.deepEqual(Object.keys(entries), ['a.txt', 'папка/б.txt', 'empty']);
  assert.equal(entries['a.txt'].method, 8);
  assert.equal(entries['a.txt'].data.toString(), text);
  assert.equal(entries['папка/б.txt'].method, 0); // 1 byte does not deflate smaller
  assert.equal(entries['папка/б.txt'].data.toString(), 'x');
  assert.equal(entries.empty.data.length, 0);
  // Same input, same bytes (fixed 1980-01-01 timestamp).
  assert.deepEqual(await zip([{ name: 'a.txt', data: text }]), await zip([{ name: 'a.txt', data: text }]));
  // Without compression: 30 + 5 + 400 (local) + 46 + 5 (central) + 22 (end) = 508 bytes.
  const stored = await zip([{ name: 'a.txt', data: text }], { compress: false });
  assert.equal(stored.length, 508);
  assert.equal(unzip(stored)['a.txt'].method, 0);
});

test('xlsx helpers: column names, XML text, sheet names', () => {
  assert.deepEqual([0, 25, 26, 27, 51, 52, 701, 702].map(columnName), ['A', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  assert.equal(xmlText('a<b & "c"\u0001'), 'a&lt;b &amp; &quot;c&quot;');
  assert.equal(sheetName('KPI: 1/2 [x]', 0), 'KPI  1 2  x');
  assert.equal(sheetName('', 2), 'Sheet3');
  assert.equal(sheetName('x'.repeat(40), 0).length, 31);
});

// Two managers and the team, as the core writes them (shares are fractions).
const REPORT = {
  as_of: '2026-03-31T20:59:59Z',
  managers: [
    { name: 'Anna', metrics: { won_count: 2, lost_count: 1, win_rate: 2 / 3, revenue: 3501.5, frt_median_min: null }, status: { win_rate: 'ok' } },
    { name: '=HYPERLINK("x")', metrics: { won_count: 0, lost_count: 1, win_rate: 0, revenue: null, frt_median_min: 12 } },
  ],
  team: { metrics: { won_count: 2, lost_count: 2, win_rate: 0.5, revenue: 3501.5, frt_median_min: 12 }, status: { win_rate: 'bad', revenue: null } },
  catalogue: { won_count: { unit: 'count' }, lost_count: { unit: 'count' }, win_rate: { unit: 'share' }, revenue: { unit: 'money' }, frt_median_min: { unit: 'minutes' } },
};
const LABELS = { won_count: 'Won', lost_count: 'Lost', win_rate: 'Win rate', revenue: 'Revenue' };

test('matrixTable: one row per manager and the team, every metric key', () => {
  const table = matrixTable(REPORT, { label: (k) => LABELS[k] ?? k, teamLabel: 'Team' });
  assert.deepEqual(table.columns.map((c) => [c.key, c.label, c.kind]), [
    ['won_count', 'Won', 'count'], ['lost_count', 'Lost', 'count'], ['win_rate', 'Win rate', 'share'],
    ['revenue', 'Revenue', 'money'], ['frt_median_min', 'frt_median_min', 'minutes'],
  ]);
  // The report's statuses ride along (the exports colour by them, never by comparing values).
  assert.deepEqual(table.rows.map((r) => r.statuses), [
    [null, null, 'ok', null, null],
    [null, null, null, null, null],
    [null, null, 'bad', null, null],
  ]);
  assert.deepEqual(table.rows.map((r) => [r.name, r.team, r.values]), [
    ['Anna', false, [2, 1, 2 / 3, 3501.5, null]],
    ['=HYPERLINK("x")', false, [0, 1, 0, null, 12]],
    ['Team', true, [2, 2, 0.5, 3501.5, 12]],
  ]);
  // Every kind from the catalogue's unit, never from the key's name.
  const catalogue = { plan_pace: { unit: 'share' }, sla_total: { unit: 'count' }, plan_forecast: { unit: 'money' },
    velocity_median_days: { unit: 'days' }, plan_won_forecast: { unit: 'count' }, odd_share: { unit: 'count' } };
  assert.deepEqual(['plan_pace', 'sla_total', 'plan_forecast', 'velocity_median_days', 'plan_won_forecast', 'odd_share', 'revenue']
    .map((key) => metricKind(key, catalogue)), ['share', 'count', 'money', 'number', 'number', 'count', 'number']);
  assert.equal(fileStem(REPORT), 'kpi-lens-2026-03-31');
  assert.equal(fileStem({}), 'kpi-lens');
});

test('tableToCsv: BOM, English and Russian dialects, quoting, formula guard; values as the page shows them', () => {
  const table = matrixTable(REPORT, { label: (k) => LABELS[k] ?? k });
  // For people: labels, shares as percentages Excel reads as numbers, money with its kopecks.
  assert.equal(tableToCsv(table, { lang: 'en', nameHeader: 'Manager' }), [
    '\uFEFFManager,Won,Lost,Win rate,Revenue,frt_median_min',
    'Anna,2,1,66.7%,3501.50,',
    '"\'=HYPERLINK(""x"")",0,1,0.0%,,12',
    'Team,2,2,50.0%,3501.50,12',
    '',
  ].join('\r\n'));
  assert.equal(tableToCsv(table, { lang: 'ru', nameHeader: 'Менеджер' }), [
    '\uFEFFМенеджер;Won;Lost;Win rate;Revenue;frt_median_min',
    'Anna;2;1;66,7%;3501,50;',
    '"\'=HYPERLINK(""x"")";0;1;0,0%;;12',
    'Team;2;2;50,0%;3501,50;12',
    '',
  ].join('\r\n'));
  // For scripts (the technical header): keys, full precision, shares as fractions (2/3 in its shortest round-trip form).
  assert.equal(tableToCsv(table, { lang: 'en', technical: true }), [
    '\uFEFFmanager,won_count,lost_count,win_rate,revenue,frt_median_min',
    'Anna,2,1,0.6666666666666666,3501.5,',
    '"\'=HYPERLINK(""x"")",0,1,0,,12',
    'Team,2,2,0.5,3501.5,12',
    '',
  ].join('\r\n'));
  assert.deepEqual([[0.0504807, 'share'], [276.68333333333334, 'minutes'], [19999.994, 'money'], [19999999.99, 'money'], [7.36, 'number']]
    .map(([v, kind]) => shownValue(kind, v)), [0.05, 277, 19999.99, 19999999, 7.4]);
  assert.equal(csvNumber(-1234.5, ','), '-1234,5');
  assert.equal(csvNumber(1e-7, ','), '1e-7');
});

test('writeXlsx: the matrix sheet reads back with numbers, styles and inline strings', async () => {
  const table = matrixTable(REPORT, { label: (k) => LABELS[k] ?? k });
  const bytes = await writeXlsx({ sheets: [tableToSheet(table, { name: 'KPI', nameHeader: 'Manager' })] });
  const entries = unzip(bytes);
  assert.deepEqual(Object.keys(entries).sort(), [
    '[Content_Types].xml', '_rels/.rels', 'docProps/core.xml', 'xl/_rels/workbook.xml.rels',
    'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml',
  ]);
  const sheet = entries['xl/worksheets/sheet1.xml'].data.toString();
  const cells = Object.fromEntries([...sheet.matchAll(/<c r="([A-Z]+\d+)"(?: s="(\d+)")?(?: t="(\w+)")?(?:\/>|>(.*?)<\/c>)/g)]
    .map(([, ref, s, t, body]) => [ref, { s: Number(s ?? 0), t: t ?? 'n', text: body?.replace(/<[^>]+>/g, '') ?? null }]));
  assert.deepEqual(cells.A1, { s: 1, t: 'inlineStr', text: 'Manager' });
  assert.deepEqual(cells.D1, { s: 1, t: 'inlineStr', text: 'Win rate' });
  assert.deepEqual(cells.A2, { s: 0, t: 'inlineStr', text: 'Anna' });
  assert.deepEqual(cells.B2, { s: 4, t: 'n', text: '2' }); // integer style
  assert.deepEqual(cells.D2, { s: 9, t: 'n', text: '0.667' }); // percent, as the page shows it; green: the report's ok
  assert.deepEqual(cells.E2, { s: 3, t: 'n', text: '3501.5' }); // money style
  assert.equal(cells.F2, undefined); // null: no cell
  assert.deepEqual(cells.A3, { s: 0, t: 'inlineStr', text: '=HYPERLINK(&quot;x&quot;)' }); // text, never a formula
  assert.doesNotMatch(sheet, /<f>/);
  assert.deepEqual(cells.A4, { s: 6, t: 'inlineStr', text: 'Team' });
  assert.deepEqual(cells.D4, { s: 17, t: 'n', text: '0.5' }); // percent, red: the report's bad
  assert.deepEqual(cells.E4, { s: 3, t: 'n', text: '3501.5' }); // money, no status: no colour
  assert.match(sheet, /<autoFilter ref="A1:F4"\/>/);
  assert.match(sheet, /<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"\/>/);
  const styles = entries['xl/styles.xml'].data.toString();
  assert.match(styles, /<numFmt numFmtId="164" formatCode="0.0%"\/>/);
  assert.equal([...styles.matchAll(/<xf numFmtId=/g)].length, 22); // 1 cellStyleXfs + 21 cellXfs
  // Style 9 (percent-ok) is 0.0% in the ok colours, 17 (percent-bad) in the bad ones.
  const xfs = [...styles.matchAll(/<xf numFmtId="(\d+)" fontId="(\d+)" fillId="(\d+)"/g)].slice(1).map((m) => m.slice(1).map(Number));
  const fills = [...styles.matchAll(/<fill>(.*?)<\/fill>/g)].map((m) => /rgb="(\w+)"/.exec(m[1])?.[1] ?? null);
  assert.deepEqual([xfs[9][0], fills[xfs[9][2]]], [164, 'FFECFDF3']);
  assert.deepEqual([xfs[17][0], fills[xfs[17][2]]], [164, 'FFFEF3F2']);
  assert.match(entries['xl/workbook.xml'].data.toString(), /<sheet name="KPI" sheetId="1" r:id="rId1"\/>/);
  await assert.rejects(writeXlsx({ sheets: [] }), /at least one sheet/);
  await assert.rejects(writeXlsx({ sheets: [{ rows: [[{ v: 1, style: 'nope' }]] }] }), /unknown cell style "nope"/);
});

test('tableToSheet: a title and a period above the header, which is then frozen and filtered', async () => {
  const table = matrixTable(REPORT, { label: (k) => LABELS[k] ?? k });
  const bytes = await writeXlsx({ sheets: [tableToSheet(table, { title: 'Sales KPI matrix', period: 'Period: March 1 – 31, 2026' })] });
  const sheet = unzip(bytes)['xl/worksheets/sheet1.xml'].data.toString();
  assert.match(sheet, /<c r="A1" s="7" t="inlineStr"><is><t>Sales KPI matrix<\/t><\/is><\/c>/);
  assert.match(sheet, /<c r="A2" s="8" t="inlineStr"><is><t>Period: March 1 – 31, 2026<\/t><\/is><\/c>/);
  assert.match(sheet, /<c r="A4" s="1" t="inlineStr"><is><t>Manager<\/t>/);
  assert.match(sheet, /<pane ySplit="4" topLeftCell="A5" activePane="bottomLeft" state="frozen"\/>/);
  assert.match(sheet, /<autoFilter ref="A4:F7"\/>/);
});
