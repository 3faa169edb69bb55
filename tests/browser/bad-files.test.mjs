// Issue 10, item 7: files dropped by mistake. A .docx, a PNG and an old .xls
// each say, in the page's language, what the file is and what was expected,
// next to the red alert, with a short "how to export" help for amoCRM and
// Bitrix24; a zip holding a CSV is read, its table listed as
// "export.zip/deals.csv". Row issues are shown from their rule and params (no
// English sentence of the core, no stripped prefix). One page load; the
// language is switched with the page's own buttons. The zip and the .docx
// are built here with the page's own zip writer; the .xls is a fixture.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { ROOT, chooseFiles, launchSite, openBoard, readFileList, screenshot, switchLanguage } from './harness.mjs';
import { zip } from '../../web/xlsx-writer.mjs';

const DEALS = 'id,stage,owner,created_at,amount,state,closed_at\n'
  + '1,Новая,Анна,2026-03-02 10:00:00,100,open,\n'
  + '2,Успешно,Анна,2026-03-03 10:00:00,200,maybe,\n';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1]);

let site;
let files;
before(async () => {
  site = await launchSite({ locale: 'ru-RU', viewport: { width: 1366, height: 900 } });
  await openBoard(site.page, site.url);
  files = [
    { name: 'отчёт.docx', content: Buffer.from(await zip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: '<w:document/>' }])) },
    { name: 'export.zip', content: Buffer.from(await zip([{ name: 'deals.csv', data: DEALS }])) },
    { name: 'chart.png', content: PNG },
    { name: 'old.xls', content: readFileSync(`${ROOT}tests/fixtures/malformed/old_excel.xls`) },
  ];
  await chooseFiles(site.page, files.map(({ name, content }) => ({ name, content })));
});
after(async () => { await site?.close(); });

/** What the page shows: each file's line and issues, and the red alert with its reasons and help. */
async function shown(page) {
  const list = await readFileList(page);
  const issues = await page.$$eval('kpi-file-list li[data-file] .kpi-issues li', (lis) => lis.map((li) => li.innerText));
  const alert = await page.$eval('#kpi-alerts .kpi-alert[data-kind="error"]', (a) => ({
    text: a.querySelector('.kpi-alert-text').innerText,
    reasons: [...a.querySelectorAll('.kpi-alert-reasons li')].map((li) => li.innerText),
    help: a.querySelector('.kpi-export-help')?.innerText ?? '',
  }));
  return { list: Object.fromEntries(list.map((f) => [f.file, f])), issues, alert };
}

test('bad files say what they are, in Russian and in English, next to the alert; a zip of CSV is read', async () => {
  const { page } = site;
  const ru = await shown(page);
  // The zip's table is read as its own file; the deal with a bad state is a row issue.
  assert.equal(ru.list['export.zip/deals.csv']?.status, 'warning', JSON.stringify(Object.keys(ru.list)));
  assert.ok(!ru.list['export.zip'], 'the archive itself is not listed');
  assert.deepEqual(ru.issues, ['строка 3: «state»: «maybe» — не open, won или lost; строка пропущена']);
  assert.equal(ru.list['отчёт.docx'].message,
    'Не удалось прочитать отчёт.docx: это документ Word (.docx), а не таблица; ожидалась выгрузка CSV, XLSX или JSON');
  assert.equal(ru.list['chart.png'].message,
    'Не удалось прочитать chart.png: это изображение (PNG), а не таблица; ожидалась выгрузка CSV, XLSX или JSON');
  assert.match(ru.list['old.xls'].message, /старая книга Excel 97–2003 \(\.xls\)/);
  // The alert names the three files and says why for each, then how to export.
  assert.match(ru.alert.text, /отчёт\.docx, chart\.png, old\.xls/);
  assert.equal(ru.alert.reasons.length, 3);
  assert.ok(ru.alert.reasons.every((r) => /^Не удалось прочитать/.test(r)), ru.alert.reasons.join('\n'));
  assert.match(ru.alert.help, /amoCRM: Сделки/);
  assert.match(ru.alert.help, /Битрикс24: CRM → Сделки/);
  await screenshot(page, 'bad-files-ru');

  await switchLanguage(page, 'en');
  const en = await shown(page);
  assert.deepEqual(en.issues, ['line 3: «state»: «maybe» is not open, won or lost; the row is skipped']);
  assert.equal(en.list['chart.png'].message,
    'Could not read chart.png: this is an image (PNG), not a table; expected a CSV, XLSX or JSON export');
  assert.match(en.list['old.xls'].message, /an old Excel 97–2003 workbook \(\.xls\)/);
  assert.match(en.alert.help, /amoCRM: Leads/);
  assert.match(en.alert.help, /Bitrix24: CRM → Deals/);
  // No sentence of the core reaches the page.
  const text = await page.evaluate(() => document.body.innerText);
  for (const core of ['holds NUL bytes', 'the file is empty', 'old binary Excel', 'is not open, won or lost:']) {
    assert.ok(!text.includes(core), `the page shows the core's "${core}"`);
  }
  await screenshot(page, 'bad-files-en');
  assert.deepEqual(site.problems, []);
});
