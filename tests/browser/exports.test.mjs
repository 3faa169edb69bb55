// The export buttons on the demo board: each file is downloaded through the
// browser (a blob: URL), then re-opened here and compared with the report the
// page holds — the CSV parses in the dialect of its language and its win rates
// equal the report's, the XLSX unzips (Node zlib) and its cells equal the
// report's, the HTML audit opens offline in Chromium and shows the same team
// figures, the JSON is the report. No request is made and the CSP holds.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { csvRecords, launchSite, openBoard, percentText, readMatrix, switchLanguage } from './harness.mjs';
import { unzip } from '../node/helpers.mjs';

let site;
let report; // the report the page holds, read back from the JSON export
const requests = [];

before(async () => {
  site = await launchSite({ locale: 'en-US' });
  await openBoard(site.page, site.url);
  site.context.on('request', (request) => requests.push(request.url()));
});
after(async () => { await site?.close(); });

/** Clicks an export button and returns {name, bytes} of the download. */
async function download(kind) {
  const { page } = site;
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.click(`kpi-exports button[data-export="${kind}"]`),
  ]);
  assert.equal(await file.failure(), null);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()), url: file.url() };
}

/** A share as the people's CSV writes it: one decimal and a percent sign, Excel reads it as a number. */
const csvShare = (share, decimal = '.') => (share === null ? '' : `${(Math.round(share * 1000) / 10).toFixed(1).replace('.', decimal)}%`);
/** Money as the exports round it (docs/web.md "Money"): kopecks below 100 000, whole and cut toward zero from there. */
const shownMoney = (v) => (v === null ? null : Math.abs(v) < 100000 ? Math.round(v * 100) / 100 : Math.trunc(Math.round(v * 100) / 100));

test('JSON: the report the page holds, as a blob: download', async () => {
  const file = await download('json');
  assert.match(file.url, /^blob:/);
  report = JSON.parse(file.bytes.toString('utf8'));
  assert.equal(report.schema, 'kpi-lens/report@1');
  assert.match(file.name, /^kpi-lens-\d{4}-\d{2}-\d{2}\.json$/);
  // The same managers, in the same order, as the matrix on screen.
  const matrix = await readMatrix(site.page);
  assert.deepEqual(report.managers.map((m) => m.name), matrix.managers.map((m) => m.name));
  assert.ok(report.managers.length >= 5);
  for (const [i, row] of matrix.managers.entries()) {
    assert.equal(row.metrics.win_rate.value, report.managers[i].metrics.win_rate, row.name);
  }
});

test('CSV (English): BOM, comma dialect, labels without keys, values as the page shows them', async () => {
  const file = await download('csv');
  const text = file.bytes.toString('utf8');
  assert.ok(text.startsWith('\uFEFF'), 'UTF-8 BOM');
  assert.match(file.name, /-matrix\.csv$/);
  const records = csvRecords(text, ',');
  assert.equal(records.length, report.managers.length + 1);
  const header = Object.keys(records[0]);
  assert.equal(header[0], 'Manager');
  assert.equal(header.length, Object.keys(report.team.metrics).length + 1, 'every METRICS key is a column');
  assert.ok(header.every((h) => !/\[|_/.test(h)), `no [key] and no snake_case in the header: ${header}`);
  assert.ok(header.includes('Revenue, ₽'), 'money headers name the currency');
  for (const [i, manager] of report.managers.entries()) {
    assert.equal(records[i].Manager, manager.name);
    // 0.0504807 is written 5.0%, not 0.0504807… (Excel reads "5.0%" as the number 0.05).
    assert.equal(records[i]['Win rate'], csvShare(manager.metrics.win_rate), manager.name);
    const revenue = records[i]['Revenue, ₽'];
    assert.equal(revenue === '' ? null : Number(revenue), shownMoney(manager.metrics.revenue), manager.name);
    assert.doesNotMatch(Object.values(records[i]).join(','), /\.\d{3,}/, 'no long fractions');
  }
  const team = records.at(-1);
  assert.equal(team.Manager, 'Team');
  assert.equal(team['Win rate'], csvShare(report.team.metrics.win_rate));
  assert.equal(Number(team.Won), report.team.metrics.won_count);
});

test('CSV with keys: the technical header and full precision, for scripts', async () => {
  const file = await download('csv_keys');
  assert.match(file.name, /-matrix-keys\.csv$/);
  const records = csvRecords(file.bytes.toString('utf8'), ',');
  assert.deepEqual(Object.keys(records[0]), ['manager', ...Object.keys(report.team.metrics)]);
  for (const [i, manager] of report.managers.entries()) {
    assert.equal(records[i].win_rate === '' ? null : Number(records[i].win_rate), manager.metrics.win_rate, manager.name);
    assert.equal(records[i].revenue === '' ? null : Number(records[i].revenue), manager.metrics.revenue, manager.name);
  }
});

test('CSV (Russian): semicolons and decimal commas, Russian labels, percentages', async () => {
  const { page } = site;
  await switchLanguage(page, 'ru');
  await page.waitForFunction(() => document.documentElement.lang === 'ru');
  try {
    const text = (await download('csv')).bytes.toString('utf8');
    const records = csvRecords(text, ';');
    assert.equal(Object.keys(records[0])[0], 'Менеджер');
    assert.equal(records.at(-1).Менеджер, 'Команда');
    assert.ok(Object.keys(records[0]).every((h) => !/[A-Za-z]{4,}|\[|_/.test(h.replace(/SLA|KPI/g, ''))), 'Russian headers');
    for (const [i, manager] of report.managers.entries()) {
      assert.equal(records[i]['Доля выигранных'], csvShare(manager.metrics.win_rate, ','), manager.name);
    }
  } finally {
    await switchLanguage(page, 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
  }
});

/** The rows of an XLSX sheet: [{r, cells: {A: {style, value}}}]. */
function sheetRows(xml) {
  return [...xml.matchAll(/<row r="(\d+)">(.*?)<\/row>/g)].map(([, r, body]) => ({
    r: Number(r),
    cells: Object.fromEntries([...body.matchAll(/<c r="([A-Z]+)\d+"(?: s="(\d+)")?(?: t="(\w+)")?(?:\/>|>(.*?)<\/c>)/g)]
      .map(([, col, st, type, inner]) => [col, {
        style: Number(st ?? 0),
        value: type === 'inlineStr' ? inner.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
          : Number(inner.replace(/<[^>]+>/g, '')),
      }])),
  }));
}

test('XLSX: the period above the header, values as shown, status colours from the report, the deals to review', async () => {
  const file = await download('xlsx');
  assert.match(file.name, /-matrix\.xlsx$/);
  const entries = unzip(file.bytes);
  assert.ok(entries['[Content_Types].xml'] && entries['xl/workbook.xml'] && entries['xl/styles.xml']);
  const rows = sheetRows(entries['xl/worksheets/sheet1.xml'].data.toString('utf8'));
  assert.equal(rows[0].cells.A.value, 'Sales KPI matrix');
  const period = rows[1].cells.A.value;
  assert.match(period, /^Period: .*2026.* · data as of .*2026/);
  assert.doesNotMatch(period, /\d{4}-\d{2}-\d{2}|UTC/, 'the period in words, not ISO');
  const headerAt = rows.findIndex((row) => row.cells.A?.value === 'Manager');
  assert.equal(headerAt, 3);
  assert.equal(rows.length, headerAt + report.managers.length + 2); // title lines, header, managers, team
  const header = rows[headerAt].cells;
  const column = Object.entries(header).find(([, c]) => c.value === 'Win rate')?.[0];
  const revenue = Object.entries(header).find(([, c]) => c.value === 'Revenue, ₽')?.[0];
  assert.ok(column && revenue, 'win rate and revenue columns');
  assert.equal(header.A.style, 1); // header style
  // Percent styles: 2 plain, 9 / 13 / 17 the report's ok / warn / bad (web/xlsx-writer.mjs).
  const PERCENT = { null: 2, ok: 9, warn: 13, bad: 17 };
  const coloured = new Set();
  for (const [i, manager] of report.managers.entries()) {
    const cells = rows[headerAt + 1 + i].cells;
    assert.equal(cells.A.value, manager.name);
    const rate = manager.metrics.win_rate;
    assert.equal(cells[column]?.value ?? null, rate === null ? null : Math.round(rate * 1000) / 1000, manager.name);
    if (rate !== null) {
      const status = manager.status?.win_rate ?? null;
      assert.equal(cells[column].style, PERCENT[status], `${manager.name}: the report says ${status}`);
      coloured.add(status);
    }
    assert.equal(cells[revenue]?.value ?? null, shownMoney(manager.metrics.revenue), manager.name);
  }
  assert.ok(coloured.size >= 2, `the demo has win rates of more than one status: ${[...coloured]}`);
  const team = rows.at(-1).cells;
  assert.equal(team.A.value, 'Team');
  // The deals to review: one row per deal of the report's board cards, with the reasons in words.
  const deals = sheetRows(entries['xl/worksheets/sheet2.xml'].data.toString('utf8'));
  assert.match(entries['xl/workbook.xml'].data.toString(), /<sheet name="Deals to review" sheetId="2"/);
  const ids = new Set((report.board ?? []).flatMap((tile) => (tile.cards ?? []).map((c) => String(c.deal_id))));
  assert.equal(deals[2].cells.A.value, 'Deal');
  assert.deepEqual(new Set(deals.slice(3).map((row) => row.cells.A.value)), ids);
  assert.ok(deals.slice(3).every((row) => typeof row.cells.F?.value === 'string' && !/[A-Z]{3,}_/.test(row.cells.F.value)), 'reasons in words, no codes');
});

test('HTML: the audit report opens offline in Chromium and shows the team figures', async () => {
  const file = await download('html');
  const text = file.bytes.toString('utf8');
  assert.match(file.name, /-audit\.html$/);
  assert.match(text, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.doesNotMatch(text, /<script/i);

  const page = await site.context.newPage();
  const seen = [];
  page.on('request', (r) => seen.push(r.url()));
  await site.context.setOffline(true);
  try {
    await page.setContent(text, { waitUntil: 'load' });
    const team = await page.$eval('#matrix tr[data-row="team"]', (tr) => Object.fromEntries(
      [...tr.querySelectorAll('td[data-metric]')].map((td) => [td.dataset.metric, td.textContent.trim()]),
    ));
    // en-US formats of report-html.mjs: counts grouped, shares with one decimal.
    const { won_count: won, lost_count: lost } = report.team.metrics;
    const count = (n) => new Intl.NumberFormat('en-US').format(n);
    assert.equal(team.won_count, count(won));
    assert.equal(team.lost_count, count(lost));
    assert.equal(team.win_rate, percentText(won, won + lost));
    assert.equal(await page.$$eval('#matrix tr[data-row="manager"]', (rows) => rows.length), report.managers.length);
  } finally {
    await site.context.setOffline(false);
    await page.close();
  }
  assert.deepEqual(seen, [], 'the audit report loads nothing');
});

test('print: controls are hidden, a button inside a table prints as text, rows are not cut', async () => {
  const { page } = site;
  await page.emulateMedia({ media: 'print' });
  try {
    const shown = await page.evaluate(() => {
      // A manager name that opens a drill-down is content, not a control.
      const cell = document.querySelector('kpi-matrix tbody th');
      const nameButton = document.createElement('button');
      nameButton.textContent = 'name';
      cell.append(nameButton);
      const visible = (selector) => [...document.querySelectorAll(selector)].some((e) => getComputedStyle(e).display !== 'none');
      const result = {
        // Buttons inside a table (a manager's name, a sortable header) are content.
        controls: [...document.querySelectorAll('button, input')].filter((e) => !e.closest('table'))
          .some((e) => getComputedStyle(e).display !== 'none'),
        headerButtons: [...document.querySelectorAll('kpi-matrix thead button')].every((e) => getComputedStyle(e).display !== 'none'),
        nameButton: getComputedStyle(nameButton).display !== 'none',
        dropZone: visible('kpi-drop-zone'),
        exports: visible('kpi-exports'),
        matrix: visible('kpi-matrix'),
        rowBreak: getComputedStyle(document.querySelector('kpi-matrix tbody tr')).breakInside,
        head: getComputedStyle(document.querySelector('kpi-matrix thead')).display,
      };
      nameButton.remove();
      return result;
    });
    assert.deepEqual(shown, {
      controls: false, headerButtons: true, nameButton: true, dropZone: false, exports: false, matrix: true, rowBreak: 'avoid', head: 'table-header-group',
    });
    const pdf = await page.pdf({ format: 'A4', landscape: true });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
});

test('no request and no CSP complaint from any export', () => {
  assert.deepEqual(requests.filter((url) => !url.startsWith('blob:')), []);
  assert.deepEqual(site.problems, []);
});
