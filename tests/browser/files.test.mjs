// The page's file handling as a user meets it (docs/web.md "Files"): the first
// drop replaces the demo, later drops add (a file named like a loaded one
// replaces it), × removes one file, "Clear all" empties the page, and Cancel
// stops a large read part-way while the files read before it stay. Matrix
// values are checked against the report the same engine computes in Node from
// the same files (build/wasm), and against hand counts of the fixtures.

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  ROOT, clearAll, dropFiles, generation, launchSite, openBoard, readAlerts, readFileList, readMatrix, screenshot,
  screenshotOf, waitForLoad, switchLanguage,
} from './harness.mjs';

const CRM = path.join(ROOT, 'tests/fixtures/crm');
const AMO = 'amocrm_export_leads.csv';
const BITRIX = 'bitrix24_deals_cp1251.csv';

let site;
let engine;
let amo; // Buffer
let bitrix; // Buffer (Windows-1251)
let amoChanged; // amoCRM export with two more rows, one of them unreadable
let tmp;

// The amoCRM file again under the same name: 105 won by Игорь (300 000) and 106 whose
// creation date is not a date (skipped: a warning on the file, line 7).
const EXTRA_ROWS = '105,Проект Д,300000,Игорь Петров,07-03-2026 10:00:00,Игорь Петров,09-03-2026 10:00:00,,'
  + 'Успешно реализовано,Продажи,Звонок,,Сайт\n'
  + '106,Битая дата,1000,Анна Смирнова,тридцатое,Анна Смирнова,,,Успешно реализовано,Продажи,Звонок,,Сайт\n';

/** The report the engine in Node gives for these files ({name, content}), in this order. */
async function expectedReport(files) {
  engine.clear();
  for (const { name, content } of files) await engine.addFile(name, content);
  return engine.report();
}

before(async () => {
  const { createEngine } = await import(path.join(ROOT, 'build/wasm/kpi-engine.mjs'));
  engine = await createEngine({ wasmBinary: await readFile(path.join(ROOT, 'build/wasm/kpi.wasm')) });
  engine.setSettings({ period_preset: 'whole' }); // as the page (launchSite wholeExport): figures over whole files
  amo = await readFile(path.join(CRM, AMO));
  bitrix = await readFile(path.join(CRM, BITRIX));
  amoChanged = Buffer.concat([Buffer.from(amo.toString('utf8').trimEnd() + '\n'), Buffer.from(EXTRA_ROWS)]);
  tmp = await mkdtemp(path.join(os.tmpdir(), 'kpi-lens-files-'));
  site = await launchSite({ locale: 'en-US', wholeExport: true, viewport: { width: 1280, height: 900 } });
  await openBoard(site.page, site.url);
});
after(async () => {
  await site?.close();
  engine?.dispose();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Every matrix cell equals the report's value for that manager (and the team row the team's). */
function assertMatrixIs(matrix, report) {
  const names = report.managers.map((m) => m.name);
  assert.deepEqual(matrix.managers.map((m) => m.name).sort(), [...names].sort());
  const rows = [...matrix.managers.map((row) => [row, report.managers.find((m) => m.name === row.name).metrics]),
    [matrix.team, report.team.metrics]];
  let cells = 0;
  for (const [row, metrics] of rows) {
    for (const [metric, cell] of Object.entries(row.metrics)) {
      const want = metrics[metric] ?? null;
      if (want === null) assert.equal(cell.raw, '', `${row.name} ${metric}: no data`);
      else assert.ok(Math.abs(cell.value - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${row.name} ${metric}: ${cell.raw} != ${want}`);
      cells += 1;
    }
  }
  assert.ok(cells >= 5 * rows.length, `only ${cells} cells compared`);
}

const byName = (matrix) => Object.fromEntries(matrix.managers.map((m) => [m.name, m.metrics]));

test('the first drop replaces the demo; a second drop adds its files', async () => {
  const { page } = site;
  assert.ok(await page.isVisible('[data-demo-badge]'));
  assert.equal(await page.isVisible('[data-action="clear"]'), false, 'nothing of the user to clear yet');

  await dropFiles(page, [{ name: AMO, content: amo }]);
  let files = await readFileList(page);
  assert.deepEqual(files.map((f) => f.file), [AMO], 'the demo files are gone');
  assert.equal(await page.isVisible('[data-demo-badge]'), false);
  assert.ok(await page.isVisible('[data-action="clear"]'));
  assert.equal(files[0].remove, `Remove ${AMO}`);

  await dropFiles(page, [{ name: BITRIX, content: bitrix }]);
  files = await readFileList(page);
  assert.deepEqual(files.map((f) => [f.file, f.status]), [[AMO, 'ok'], [BITRIX, 'ok']]);
  assert.match(files[0].text, /Deals · amoCRM CSV · UTF-8 · delimiter “,” · 4 rows/);
  assert.match(files[1].text, /Deals · Bitrix24 CSV · WINDOWS-1251 · delimiter “;” · 3 rows/);
  assert.equal(files[1].remove, `Remove ${BITRIX}`);

  const matrix = await readMatrix(page);
  assertMatrixIs(matrix, await expectedReport([{ name: AMO, content: amo }, { name: BITRIX, content: bitrix }]));
  // By hand: amoCRM Анна 101 won (150 000), 102 lost; Игорь 103 open, 104 won (1 200 000);
  // Bitrix24 Мария 7 won (19 999,99), 8 lost; Олег 9 open. Team 3 won of 5 closed.
  const m = byName(matrix);
  assert.equal(m['Мария Кузнецова'].revenue.value, 19999.99, 'the Windows-1251 file is in the matrix');
  assert.equal(m['Анна Смирнова'].win_rate.value, 0.5);
  assert.equal(matrix.team.metrics.won_count.value, 3);
  assert.equal(matrix.team.metrics.win_rate.value, 0.6);
  assert.ok(Math.abs(matrix.team.metrics.revenue.value - 1369999.99) < 1e-6);
});

test('× removes one file and its rows; the other stays', async () => {
  const { page } = site;
  const before = await generation(page);
  await page.click(`kpi-file-list button[aria-label="Remove ${BITRIX}"]`);
  await waitForLoad(page, before);
  assert.equal(await page.getAttribute('html', 'data-state'), 'ready');
  assert.deepEqual((await readFileList(page)).map((f) => f.file), [AMO]);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), `Remove ${AMO}`,
    'the focus moves to the × now in that place, not to the top of the page');
  const matrix = await readMatrix(page);
  assertMatrixIs(matrix, await expectedReport([{ name: AMO, content: amo }]));
  // Only amoCRM: Анна 1 of 2, Игорь 1 of 1; team 2 won of 3, 150 000 + 1 200 000.
  assert.deepEqual(matrix.managers.map((r) => r.name).sort(), ['Анна Смирнова', 'Игорь Петров']);
  assert.equal(matrix.team.metrics.won_count.value, 2);
  assert.equal(matrix.team.metrics.win_rate.value, 2 / 3);
  assert.equal(matrix.team.metrics.revenue.value, 1350000);
});

test('a new time zone re-reads the files now loaded, and only those', async () => {
  const { page } = site;
  const asOf = () => page.evaluate(() => document.querySelector('kpi-charts').report.as_of);
  const atMoscow = await asOf();
  await page.click('kpi-settings .kpi-settings-open');
  await page.waitForSelector('dialog.kpi-settings-panel[open]');
  const zone = await page.inputValue('dialog [data-input="tz"]');
  let before = await generation(page);
  await page.selectOption('dialog [data-input="tz"]', 'UTC');
  await waitForLoad(page, before);
  // What is loaded now (amoCRM), not the last drop (the Bitrix24 file, removed since).
  assert.deepEqual((await readFileList(page)).map((f) => [f.file, f.status]), [[AMO, 'ok']]);
  engine.setSettings({ tz: 'UTC', period_preset: 'whole' });
  const expected = await expectedReport([{ name: AMO, content: amo }]);
  assert.equal(await asOf(), expected.as_of);
  assert.notEqual(expected.as_of, atMoscow, 'the files were read in the new zone');
  assertMatrixIs(await readMatrix(page), expected);

  before = await generation(page);
  await page.selectOption('dialog [data-input="tz"]', zone);
  await waitForLoad(page, before);
  engine.setSettings({ tz: zone, period_preset: 'whole' });
  assert.equal(await asOf(), atMoscow);
  await page.click('[data-action="close-settings"]');
});

test('a file named like a loaded one replaces it; the list shows its warning', async () => {
  const { page } = site;
  await dropFiles(page, [{ name: BITRIX, content: bitrix }, { name: AMO, content: amoChanged }]);
  const files = await readFileList(page);
  // The old amoCRM file was dropped first, so the new one comes after the Bitrix24 file.
  assert.deepEqual(files.map((f) => [f.file, f.status]), [[BITRIX, 'ok'], [AMO, 'warning']]);
  assert.match(files[1].text, /5 rows · 1 skipped/);
  assert.equal(files[1].message, `${AMO}: 1 row could not be read and was skipped.`);
  // The note says where once ("line 7: line 7: ..." before).
  // In the strings table's words, naming the column as the export writes it (the core's `rule` and `params`).
  assert.match(files[1].text, /\nline 7: «Дата создания сделки»: «тридцатое» is not a date; the row is skipped/);
  assert.ok(files.every((f) => f.remove === `Remove ${f.file}`));

  const matrix = await readMatrix(page);
  assertMatrixIs(matrix, await expectedReport([{ name: BITRIX, content: bitrix }, { name: AMO, content: amoChanged }]));
  // Игорь: 104 (1 200 000) and 105 (300 000) won; the team: 4 won of 6 closed,
  // 150 000 + 1 200 000 + 300 000 + 19 999,99 = 1 669 999,99 (106 is not read).
  assert.equal(byName(matrix)['Игорь Петров'].revenue.value, 1500000);
  assert.equal(matrix.team.metrics.won_count.value, 4);
  assert.equal(matrix.team.metrics.win_rate.value, 4 / 6);
  assert.ok(Math.abs(matrix.team.metrics.revenue.value - 1669999.99) < 1e-6);

  await switchLanguage(page, 'ru');
  await page.waitForFunction(() => document.documentElement.lang === 'ru');
  assert.deepEqual((await readFileList(page)).map((f) => f.remove), [`Убрать ${BITRIX}`, `Убрать ${AMO}`]);
  assert.equal(await page.textContent('[data-action="clear"]'), 'Очистить всё');
  await switchLanguage(page, 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await screenshotOf(page, 'kpi-file-list', 'files-list');
});

test('"Clear all" empties the page', async () => {
  const { page } = site;
  await clearAll(page);
  assert.equal(await page.getAttribute('html', 'data-state'), 'empty');
  assert.deepEqual(await readFileList(page), []);
  assert.equal((await readMatrix(page)).managers.length, 0);
  assert.deepEqual(await readAlerts(page), []);
  assert.ok(await page.isVisible('[data-action="demo"]'), '"Show the demo" is offered');
  assert.equal(await page.isVisible('[data-action="clear"]'), false);
  assert.equal(await page.isVisible('[data-demo-badge]'), false);
  assert.ok(await page.isVisible('kpi-drop-zone .kpi-drop-hint'));
  await screenshot(page, 'files-cleared');
  // The next drop starts from nothing.
  await dropFiles(page, [{ name: BITRIX, content: bitrix }]);
  assert.deepEqual((await readFileList(page)).map((f) => f.file), [BITRIX]);
  assertMatrixIs(await readMatrix(page), await expectedReport([{ name: BITRIX, content: bitrix }]));
  await clearAll(page);
});

// good.csv: Gleb wins G1 and G2 and loses G3 → 2 of 3; 1 000 + 2 000 revenue.
const GOOD_CSV = 'id,stage,state,owner,source,amount,currency,created_at,closed_at\n'
  + 'G1,Won,won,Gleb,Site,1000,RUB,2026-03-02 10:00,2026-03-05 10:00\n'
  + 'G2,Won,won,Gleb,Call,2000,RUB,2026-03-03 10:00,2026-03-06 10:00\n'
  + 'G3,Lost,lost,Gleb,Call,500,RUB,2026-03-04 10:00,2026-03-07 10:00\n';

/** A canonical deals CSV of about `megabytes` MB: one manager, Bulk, winning every deal. */
function bigCsv(megabytes) {
  const rows = [];
  for (let i = 0; i < 20000; i += 1) rows.push(`B${i},Won,won,Bulk,Site,100,RUB,2026-03-02 10:00,2026-03-05 10:00`);
  const block = `${rows.join('\n')}\n`;
  const header = 'id,stage,state,owner,source,amount,currency,created_at,closed_at\n';
  return header + block.repeat(Math.ceil((megabytes * 1e6) / block.length));
}

test('Cancel stops a large read; the files read before it stay and the page stays usable', async (t) => {
  const { page } = site;
  const good = path.join(tmp, 'good.csv');
  const big = path.join(tmp, 'big.csv');
  await writeFile(good, GOOD_CSV);
  await writeFile(big, bigCsv(60));

  const before = await generation(page);
  await page.setInputFiles('kpi-drop-zone input[type=file]', [good, big]);
  // The read of big.csv has begun (the bar moved past good.csv's share): click Cancel.
  await page.waitForFunction(() => {
    const bar = document.querySelector('#kpi-progress progress');
    return /big\.csv/.test(document.querySelector('.kpi-progress-label').textContent) && bar.value > 0.02;
  }, null, { polling: 'raf' });
  assert.ok(await page.isVisible('#kpi-progress [data-action="cancel"]'), 'the bar offers Cancel');
  await screenshotOf(page, '#kpi-progress', 'files-cancel-button');
  const atClick = await page.$eval('#kpi-progress progress', (bar) => bar.value);
  const clicked = Date.now();
  await page.click('#kpi-progress [data-action="cancel"]');
  await waitForLoad(page, before);
  const took = Date.now() - clicked;
  assert.ok(atClick < 0.9, `the read was still running at the click (${atClick})`);
  assert.ok(took < 10_000, `cancelled within ${took} ms`);
  t.diagnostic(`cancelled at ${(atClick * 100).toFixed(1)} % of the bytes; the page was ready ${took} ms after the click`);

  assert.equal(await page.getAttribute('html', 'data-state'), 'ready');
  assert.equal(await page.isVisible('#kpi-progress'), false);
  assert.deepEqual(await page.$eval('#kpi-progress [data-action="cancel"]', (b) => [b.hidden, b.disabled]), [true, false],
    'the next read gets an enabled Cancel');
  assert.deepEqual((await readFileList(page)).map((f) => [f.file, f.status]), [['good.csv', 'ok']],
    'good.csv, read before the cancel, stays; big.csv is not loaded');
  const alerts = await readAlerts(page);
  assert.deepEqual(alerts, [{ kind: 'warning', text: 'Reading cancelled. Not loaded: big.csv.' }]);
  const matrix = await readMatrix(page);
  assert.deepEqual(matrix.managers.map((r) => r.name), ['Gleb'], 'no row of big.csv reached the report');
  assert.equal(matrix.team.metrics.won_count.value, 2);
  assert.equal(matrix.team.metrics.win_rate.value, 2 / 3);
  assert.equal(matrix.team.metrics.revenue.value, 3000);
  await screenshot(page, 'files-cancelled');

  // Still usable: the next drop adds to good.csv.
  await dropFiles(page, [{ name: BITRIX, content: bitrix }]);
  assert.deepEqual((await readFileList(page)).map((f) => f.file), ['good.csv', BITRIX]);
  assertMatrixIs(await readMatrix(page), await expectedReport([
    { name: 'good.csv', content: GOOD_CSV }, { name: BITRIX, content: bitrix },
  ]));
  assert.deepEqual(site.problems, []);
});
