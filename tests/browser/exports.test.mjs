// The export buttons on the demo board: each file is downloaded through the
// browser (a blob: URL), then re-opened here and compared with the report the
// page holds — the CSV parses in the dialect of its language and its win rates
// equal the report's, the XLSX unzips (Node zlib) and its cells equal the
// report's, the HTML audit opens offline in Chromium and shows the same team
// figures, the JSON is the report. No request is made and the CSP holds.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { csvRecords, launchSite, openBoard, percentText, readMatrix } from './harness.mjs';
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

const WIN_RATE_HEADER = (label) => `${label} [win_rate]`;

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

test('CSV (English): BOM, comma dialect, one row per manager plus the team, exact win rates', async () => {
  const file = await download('csv');
  const text = file.bytes.toString('utf8');
  assert.ok(text.startsWith('\uFEFF'), 'UTF-8 BOM');
  assert.match(file.name, /-matrix\.csv$/);
  const records = csvRecords(text, ',');
  assert.equal(records.length, report.managers.length + 1);
  const header = Object.keys(records[0]);
  assert.equal(header[0], 'Manager');
  // Every METRICS key is a column, named "Label [key]".
  for (const key of Object.keys(report.team.metrics)) {
    assert.equal(header.filter((h) => h.endsWith(` [${key}]`)).length, 1, key);
  }
  const rate = WIN_RATE_HEADER('Win rate');
  for (const [i, manager] of report.managers.entries()) {
    assert.equal(records[i].Manager, manager.name);
    assert.equal(records[i][rate] === '' ? null : Number(records[i][rate]), manager.metrics.win_rate, manager.name);
    assert.equal(records[i]['Revenue [revenue]'] === '' ? null : Number(records[i]['Revenue [revenue]']), manager.metrics.revenue);
  }
  const team = records.at(-1);
  assert.equal(team.Manager, 'Team');
  assert.equal(Number(team[rate]), report.team.metrics.win_rate);
  assert.equal(Number(team['Won [won_count]']), report.team.metrics.won_count);
});

test('CSV (Russian): semicolons and decimal commas, Russian labels', async () => {
  const { page } = site;
  await page.click('[data-lang="ru"]');
  await page.waitForFunction(() => document.documentElement.lang === 'ru');
  try {
    const text = (await download('csv')).bytes.toString('utf8');
    const records = csvRecords(text, ';');
    const rate = WIN_RATE_HEADER('Доля выигранных');
    assert.equal(Object.keys(records[0])[0], 'Менеджер');
    assert.equal(records.at(-1).Менеджер, 'Команда');
    for (const [i, manager] of report.managers.entries()) {
      const cell = records[i][rate];
      assert.doesNotMatch(cell, /\./, 'a decimal comma, not a point');
      assert.equal(Number(cell.replace(',', '.')), manager.metrics.win_rate, manager.name);
    }
  } finally {
    await page.click('[data-lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
  }
});

test('XLSX: unzips with Node zlib, cells are the report\'s numbers with share and header styles', async () => {
  const file = await download('xlsx');
  assert.match(file.name, /-matrix\.xlsx$/);
  const entries = unzip(file.bytes);
  assert.ok(entries['[Content_Types].xml'] && entries['xl/workbook.xml'] && entries['xl/styles.xml']);
  const sheet = entries['xl/worksheets/sheet1.xml'].data.toString('utf8');
  const rows = [...sheet.matchAll(/<row r="(\d+)">(.*?)<\/row>/g)].map(([, r, body]) => ({
    r: Number(r),
    cells: Object.fromEntries([...body.matchAll(/<c r="([A-Z]+)\d+"(?: s="(\d+)")?(?: t="(\w+)")?(?:\/>|>(.*?)<\/c>)/g)]
      .map(([, col, s, type, inner]) => [col, {
        style: Number(s ?? 0),
        value: type === 'inlineStr' ? inner.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
          : Number(inner.replace(/<[^>]+>/g, '')),
      }])),
  }));
  assert.equal(rows.length, report.managers.length + 2); // header, managers, team
  const header = rows[0].cells;
  const column = Object.entries(header).find(([, c]) => c.value === WIN_RATE_HEADER('Win rate'))?.[0];
  const revenue = Object.entries(header).find(([, c]) => c.value === 'Revenue [revenue]')?.[0];
  assert.ok(column && revenue, 'win rate and revenue columns');
  assert.equal(header.A.value, 'Manager');
  assert.equal(header.A.style, 1); // header style
  for (const [i, manager] of report.managers.entries()) {
    const cells = rows[i + 1].cells;
    assert.equal(cells.A.value, manager.name);
    assert.equal(cells[column]?.value ?? null, manager.metrics.win_rate, manager.name);
    if (manager.metrics.win_rate !== null) assert.equal(cells[column].style, 2, 'percent style');
    assert.equal(cells[revenue]?.value ?? null, manager.metrics.revenue, manager.name);
  }
  const team = rows.at(-1).cells;
  assert.equal(team.A.value, 'Team');
  assert.equal(team[column].value, report.team.metrics.win_rate);
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
