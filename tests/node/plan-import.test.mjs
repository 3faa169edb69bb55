// Sales plans imported from a table (web/plan-import.mjs): a CSV in the Russian
// Excel dialect and an XLSX workbook, with the rows that cannot become a plan
// reported by line and reason, and the plans merged into the settings' list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT, loadEngine } from './helpers.mjs';

const zip = await import(`${ROOT}wasm/unzip.mjs`);
const { csvRows, mergePlans, parseAmount, parseMonth, plansFromRows, readPlanFile, readPlanTable } = await import(`${ROOT}web/plan-import.mjs`);
const { writeXlsx } = await import(`${ROOT}web/xlsx-writer.mjs`);

const MARCH = { from: '2026-03-01', to: '2026-04-01' };

test('a Russian CSV: plans by money and by count, and every bad line with its reason', async () => {
  const csv = '\uFEFFМенеджер;Месяц;План, ₽;Сделок\r\n'
    + 'Анна Смирнова;март 2026;"1 500 000,50";12\r\n' // line 2: both
    + ';03.2026;5;\r\n' //                                line 3: no manager
    + 'Игорь Петров;марток;100;\r\n' //                   line 4: not a month
    + 'Ольга Новикова;2026-04;двести;\r\n' //             line 5: not a number
    + '\r\n' //                                           an empty line is skipped
    + 'Команда;2026-03;;40\r\n' //                        line 7: the team, by count only
    + 'Юлия Павлова;2026-03;;\r\n'; //                    line 8: neither amount
  const { plans, errors } = plansFromRows(await readPlanTable(new TextEncoder().encode(csv), zip));
  assert.deepEqual(plans, [
    { owner: 'Анна Смирнова', ...MARCH, revenue: 1500000.5, won_count: 12, line: 2 },
    { owner: '', ...MARCH, won_count: 40, line: 7 },
  ]);
  assert.deepEqual(errors.map((e) => [e.line, e.code, e.params]), [
    [3, 'PLAN_IMPORT_NO_OWNER', {}],
    [4, 'PLAN_IMPORT_BAD_PERIOD', { value: 'марток' }],
    [5, 'PLAN_IMPORT_BAD_NUMBER', { value: 'двести', column: 'revenue' }],
    [8, 'PLAN_IMPORT_NO_AMOUNT', {}],
  ]);
});

test('an XLSX workbook with from/to days (the last one inclusive) and an Excel day number', async () => {
  const bytes = await writeXlsx({ sheets: [{ name: 'Plans', rows: [
    ['Manager', 'From', 'To', 'Revenue', 'Deals won'],
    ['Anna', '01.03.2026', '31.03.2026', 1500000, null],
    ['Boris', { v: 46082, style: 'integer' }, '2026-03-15', null, 3], // 46082 = 2026-03-01
    ['Vera', '2026-03-01', '2026-02-30', 1, null], //                     no 30 February
  ] }] });
  const { plans, errors } = plansFromRows(await readPlanTable(bytes, zip));
  assert.deepEqual(plans, [
    { owner: 'Anna', ...MARCH, revenue: 1500000, line: 2 },
    { owner: 'Boris', from: '2026-03-01', to: '2026-03-16', won_count: 3, line: 3 },
  ]);
  assert.deepEqual(errors.map((e) => [e.line, e.code]), [[4, 'PLAN_IMPORT_BAD_PERIOD']]);
});

test('a header without the needed columns is one error naming them', () => {
  const { plans, errors } = plansFromRows(csvRows('Name,Notes\nAnna,x\n'));
  assert.deepEqual(plans, []);
  assert.deepEqual(errors, [{ line: 1, code: 'PLAN_IMPORT_NO_COLUMNS', params: { missing: ['owner', 'amount', 'period'] } }]);
  assert.deepEqual(plansFromRows([]).errors.map((e) => e.code), ['PLAN_IMPORT_EMPTY']);
});

test('cells as people write them', () => {
  assert.deepEqual(['1 500 000', '1 500 000,50', '1,500,000.50', '1500000 ₽', '12,5', '1,500', 'x', ''].map(parseAmount),
    [1500000, 1500000.5, 1500000.5, 1500000, 12.5, 1500, null, null]);
  for (const month of ['2026-03', '03.2026', '3.2026', 'Март 2026', 'март 2026 г.', 'March 2026', 'mar 2026', '15.03.2026']) {
    assert.deepEqual(parseMonth(month), MARCH, month);
  }
  assert.deepEqual(parseMonth('декабрь 2026'), { from: '2026-12-01', to: '2027-01-01' });
  assert.equal(parseMonth('13.2026'), null);
});

test('mergePlans: a manager\'s plan for the same period is replaced, others are added', () => {
  const current = [{ owner: 'Anna', ...MARCH, revenue: 1 }, { owner: 'Boris', ...MARCH, revenue: 2 }];
  assert.deepEqual(mergePlans(current, [{ owner: 'anna', ...MARCH, won_count: 5, line: 2 }, { owner: 'Vera', ...MARCH, revenue: 3, line: 3 }]), [
    { owner: 'anna', ...MARCH, won_count: 5 }, { owner: 'Boris', ...MARCH, revenue: 2 }, { owner: 'Vera', ...MARCH, revenue: 3 },
  ]);
});

// Issue 10: a CSV saved by a Russian Excel (Windows-1251) or as "Unicode text"
// (UTF-16LE with a BOM) is decoded by the core's own detection (the page sends
// the bytes to its worker's engine; here the engine itself), never guessed again here.
/** Windows-1251 bytes of ASCII and Russian letters. */
function cp1251(text) {
  return Uint8Array.from([...text], (ch) => {
    const c = ch.codePointAt(0);
    if (c < 0x80) return c;
    if (c >= 0x410 && c <= 0x44f) return c - 0x410 + 0xc0;
    if (c === 0x401) return 0xa8;
    if (c === 0x451) return 0xb8;
    throw new Error(`not in this test's Windows-1251: ${ch}`);
  });
}

test('a CSV in Windows-1251 or UTF-16 is decoded by the core\'s encoding detection', async () => {
  const engine = await loadEngine();
  const decode = (bytes) => engine.decodeText(bytes);
  const csv = 'Менеджер;Месяц;Выручка;Сделок\r\nАнна Смирнова;март 2026;1 500 000;12\r\nЁлкин Пётр;03.2026;;4\r\n';
  const want = [
    { owner: 'Анна Смирнова', ...MARCH, revenue: 1500000, won_count: 12, line: 2 },
    { owner: 'Ёлкин Пётр', ...MARCH, won_count: 4, line: 3 },
  ];
  const ansi = await readPlanFile(cp1251(csv), zip, { decode });
  assert.equal(ansi.encoding, 'windows-1251');
  assert.deepEqual(plansFromRows(ansi.rows), { plans: want, errors: [] });
  const unicode = await readPlanFile(new Uint8Array(Buffer.from(`\uFEFF${csv}`, 'utf16le')), zip, { decode });
  assert.equal(unicode.encoding, 'utf-16le');
  assert.deepEqual(plansFromRows(unicode.rows), { plans: want, errors: [] });
  // Without the core's decoder the same bytes are not read as Russian (what the page did before).
  assert.notDeepEqual(plansFromRows(await readPlanTable(cp1251(csv), zip)).plans, want);
});

test('a workbook of two sheets: the one that looks like a plan is read, or the one the user picks', async () => {
  const bytes = await writeXlsx({ sheets: [
    { name: 'Инструкция', rows: [['Как заполнять план'], ['Менеджер — как в CRM; месяц — «март 2026»']] },
    { name: 'План', rows: [['Менеджер', 'Месяц', 'Выручка'], ['Анна', '2026-03', 100]] },
  ] });
  const read = await readPlanFile(bytes, zip);
  assert.equal(read.sheet, 'План');
  assert.deepEqual(read.sheets, ['Инструкция', 'План']);
  assert.deepEqual(plansFromRows(read.rows).plans, [{ owner: 'Анна', ...MARCH, revenue: 100, line: 2 }]);
  // The user's choice wins: the instructions sheet is no plan, and says which columns it lacks.
  const picked = await readPlanFile(bytes, zip, { sheet: 'Инструкция' });
  assert.equal(picked.sheet, 'Инструкция');
  assert.deepEqual(plansFromRows(picked.rows).errors.map((e) => e.code), ['PLAN_IMPORT_NO_COLUMNS']);
});
