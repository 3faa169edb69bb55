// XLSX in the page: workbooks chosen with the button and dropped on the page
// are unzipped in the worker (DecompressionStream) and analysed; a workbook
// cut short gets a visible message naming it while the others load.
// Fixtures: tests/fixtures/crm/*.xlsx (make_xlsx.py), the deals of the CSV
// fixtures; the numbers below are counted by hand.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chooseFiles, clearAll, dropFiles, launchSite, openBoard, readAlerts, readFileList, readMatrix } from './harness.mjs';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const workbook = (path) => ({ name: path.split('/').pop(), mimeType: XLSX_TYPE, content: readFileSync(`${FIXTURES}${path}`) });

let site;
before(async () => {
  site = await launchSite({ locale: 'en-US', wholeExport: true });
  await openBoard(site.page, site.url);
});
after(async () => { await site?.close(); });

// amoCRM: Анна 101 won, 102 lost; Игорь 103 open, 104 won (1 200 000).
// Bitrix24: Мария 7 won (19 999.99), 8 lost; Олег 9 open.
// Team: 3 won, 2 lost → 0.6; revenue 150 000 + 1 200 000 + 19 999.99 = 1 369 999.99.
function assertDeals(matrix) {
  const byName = Object.fromEntries(matrix.managers.map((m) => [m.name, m.metrics]));
  assert.deepEqual(Object.keys(byName).sort(), ['Анна Смирнова', 'Игорь Петров', 'Мария Кузнецова', 'Олег Лебедев']);
  assert.equal(byName['Анна Смирнова'].win_rate.value, 0.5);
  assert.equal(byName['Игорь Петров'].win_rate.value, 1);
  assert.equal(byName['Игорь Петров'].revenue.value, 1200000);
  assert.equal(byName['Мария Кузнецова'].revenue.value, 19999.99);
  assert.equal(byName['Олег Лебедев'].win_rate.value, null);
  assert.equal(matrix.team.metrics.won_count.value, 3);
  assert.equal(matrix.team.metrics.win_rate.value, 0.6);
  assert.ok(Math.abs(matrix.team.metrics.revenue.value - 1369999.99) < 1e-6);
}

test('workbooks chosen with the button are unzipped in the worker and analysed', async () => {
  const { page } = site;
  await chooseFiles(page, [
    workbook('crm/amocrm_export_leads.xlsx'), workbook('crm/bitrix24_deals.xlsx'), workbook('xlsx-bad/truncated.xlsx'),
  ]);
  const files = await readFileList(page);
  assert.deepEqual(files.map((f) => [f.file, f.status === 'error']), [
    ['amocrm_export_leads.xlsx', false], ['bitrix24_deals.xlsx', false], ['truncated.xlsx', true],
  ]);
  const cut = files[2];
  assert.ok(cut.visible);
  assert.equal(cut.message, 'Could not read truncated.xlsx (byte 1,563): the zip is damaged or cut short: save or download it again');
  const alerts = await readAlerts(page);
  assert.ok(alerts.some((a) => a.text.includes('truncated.xlsx')), JSON.stringify(alerts));
  assertDeals(await readMatrix(page));
});

test('dropped workbooks give the same board', async () => {
  const { page } = site;
  await clearAll(page); // a drop adds to the files shown; this one stands alone
  await dropFiles(page, [workbook('crm/amocrm_export_leads.xlsx'), workbook('crm/bitrix24_deals.xlsx')]);
  const files = await readFileList(page);
  assert.deepEqual(files.map((f) => f.file), ['amocrm_export_leads.xlsx', 'bitrix24_deals.xlsx']);
  assertDeals(await readMatrix(page));
});
