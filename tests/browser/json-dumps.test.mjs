// API dumps on the page: a folder's worth of amoCRM API pages (references
// included, dropped in reverse order) and a truncated Bitrix24 page. The file
// list names each file's kind and format in the page's language; the matrix
// shows managers by name (tests/fixtures/equivalence/README.md: Анна won
// 1001 and lost 1002, Игорь won 1004 and lost 1005).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { chooseFiles, clearAll, launchSite, openBoard, readFileList, readMatrix, screenshot } from './harness.mjs';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const amo = readdirSync(path.join(FIXTURES, 'amocrm-api')).filter((f) => f.endsWith('.json')).sort().reverse()
  .map((name) => ({ name, mimeType: 'application/json', content: readFileSync(path.join(FIXTURES, 'amocrm-api', name)) }));

let site;
before(async () => {
  site = await launchSite({ locale: 'ru-RU', wholeExport: true });
  await openBoard(site.page, site.url);
});
after(async () => { await site?.close(); });

test('amoCRM API pages: kinds in the file list, managers by name', async () => {
  const { page } = site;
  await chooseFiles(page, amo);
  const files = await readFileList(page);
  assert.deepEqual(files.map((f) => f.file), amo.map((f) => f.name));
  const byName = Object.fromEntries(files.map((f) => [f.file, f]));
  assert.ok(files.every((f) => f.status === 'ok' && /amoCRM JSON/.test(f.text)), JSON.stringify(files));
  assert.match(byName['users.json'].text, /Пользователи/);
  assert.match(byName['pipelines.json'].text, /Воронки и этапы/);
  assert.match(byName['loss_reasons.json'].text, /Причины отказа/);
  assert.match(byName['events.json'].text, /События/);
  assert.match(byName['leads_page_1.json'].text, /Сделки/);
  const matrix = await readMatrix(page);
  assert.deepEqual(matrix.managers.map((m) => m.name), ['Анна Смирнова', 'Игорь Петров']);
  for (const row of matrix.managers) {
    assert.equal(row.metrics.won_count.value, 1, row.name);
    assert.equal(row.metrics.lost_count.value, 1, row.name);
  }
  await screenshot(page, 'json-amocrm');
});

test('without users.json, managers read "пользователь 501" while the data keeps the placeholder', async () => {
  const { page } = site;
  await clearAll(page);
  await chooseFiles(page, amo.filter((f) => f.name.startsWith('leads_page_')));
  const matrix = await readMatrix(page);
  // leads_page_1/2: users 501 (1001, 1002) and 502 (1003, 1004, 1005), named by no loaded file.
  assert.deepEqual(matrix.managers.map((m) => m.name), ['amocrm:user:501', 'amocrm:user:502']);
  assert.deepEqual(matrix.managers.map((m) => m.label.trim()), ['пользователь 501', 'пользователь 502']);
  assert.equal(matrix.managers[0].metrics.won_count.value, 1);
  // The board's worst-manager lists read the same way.
  const worst = await page.$$eval('kpi-board .kpi-tile-worst', (nodes) => nodes.map((n) => n.textContent).join(' '));
  assert.doesNotMatch(worst, /amocrm:/);
});

test('a truncated Bitrix24 page is named with its byte; the other page loads', async () => {
  const { page } = site;
  const deals = readFileSync(path.join(FIXTURES, 'bitrix24-rest', 'crm.deal.list.json'));
  await clearAll(page); // without it the pages are added to the amoCRM ones
  await chooseFiles(page, [
    { name: 'cut.json', mimeType: 'application/json', content: deals.subarray(0, 300) },
    { name: 'users.json', mimeType: 'application/json', content: readFileSync(path.join(FIXTURES, 'bitrix24-rest', 'user.get.json')) },
  ]);
  const [cut, users] = await readFileList(page);
  assert.equal(cut.status, 'error');
  assert.match(cut.text, /300/);
  assert.equal(users.status, 'ok');
  assert.match(users.text, /Битрикс24 JSON/);
  assert.deepEqual(site.problems, []);
});
