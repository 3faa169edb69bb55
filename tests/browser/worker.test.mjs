// The engine's worker under stress (issue 12). A worker that dies is replaced and
// the page reads the user's files (it still holds the File objects) and settings
// into the new one — the files of a drop the death cut short included — shows the
// same board and says what happened. A 2 GiB file (a
// Blob assembled in the page from one repeated chunk, never a fixture) is refused
// with a message naming the file, its size and the limit, before a byte of it is
// read; the tab stays alive and the next file is analysed as usual. One page load.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  GOOD_CSV, HEADER, clearAll, dropFiles, generation, launchSite, openBoard, readAlerts, readFileList, readMatrix, screenshot, waitForLoad,
} from './harness.mjs';


let site;
before(async () => {
  site = await launchSite({ locale: 'en-US', wholeExport: true });
  await openBoard(site.page, site.url);
});
after(async () => { await site?.close(); });

/** The page's engine client (every report view gets it as `client`). */
const client = 'document.querySelector("[data-report]").client';

test('a worker that dies is replaced; the files and settings are read again and the board comes back with a notice', async () => {
  const { page } = site;
  await dropFiles(page, [{ name: 'good.csv', content: GOOD_CSV }]);
  assert.equal(await page.getAttribute('html', 'data-state'), 'ready');
  // A settings change (what the settings panel sends): 42 s is no default.
  let gen = await generation(page);
  await page.evaluate(() => document.dispatchEvent(new CustomEvent('kpi-settings-change', {
    detail: { settings: { min_call_s: 42, period_preset: 'whole' } }, // a whole document: the whole export stays
  })));
  gen = await waitForLoad(page, gen);
  const board = await readMatrix(page);
  const gleb = board.managers.find((m) => m.name === 'Gleb');
  assert.equal(gleb.metrics.won_count.value, 2); // 2 won of 3, by hand
  assert.equal(gleb.metrics.lost_count.value, 1);

  await page.evaluate(`${client}.crashWorkerForTest()`);
  await waitForLoad(page, gen);

  assert.equal(await page.getAttribute('html', 'data-state'), 'ready');
  assert.deepEqual(await readMatrix(page), board, 'the same board');
  const files = await readFileList(page);
  assert.deepEqual(files.map((f) => [f.file, f.status]), [['good.csv', 'ok']]);
  const alerts = await readAlerts(page);
  assert.equal(alerts.length, 1, JSON.stringify(alerts));
  assert.equal(alerts[0].kind, 'warning');
  assert.match(alerts[0].text,
    /^The analysis engine stopped \(.*TEST_CRASH.*\) and was restarted; your file and settings were loaded into it again\.$/);
  // The new worker holds the settings in force before the crash.
  const { settings } = await page.evaluate(`${client}.settings()`);
  assert.equal(settings.min_call_s, 42);
  await screenshot(page, 'worker-restarted');
});

test('a worker that dies while a drop is being read is replaced; the dropped file is read again with the others', async () => {
  const { page } = site;
  const gen = await generation(page);
  // good.csv is shown (the test above). Drop big.csv, 170,000 deals won by Bulk (about 16 MB, 16 chunks),
  // and kill the worker from the page's own progress callback at the first report that is not the
  // last: the death lands while the file is being read.
  const rows = 170_000;
  await page.evaluate(({ header, n, clientPath }) => {
    const lines = [header];
    for (let i = 0; i < n; i += 1) lines.push(`B${i},Bulk,Main,Won,won,Bulk,Call,SMB,100,RUB,2026-02-01 10:00:00,2026-02-03 10:00:00,`);
    const file = new File([`${lines.join('\n')}\n`], 'big.csv', { type: 'text/csv' });
    // eslint-disable-next-line no-eval
    const c = (0, eval)(clientPath);
    const request = c.request.bind(c);
    window.killedAt = null;
    c.request = (type, payload, options = {}) => {
      if (type !== 'ADD_FILES' || window.killedAt) return request(type, payload, options);
      return request(type, payload, {
        onProgress: (p) => {
          options.onProgress?.(p);
          if (!window.killedAt && p.bytes < p.total) {
            window.killedAt = { file: p.file, bytes: p.bytes, total: p.total };
            c.crashWorkerForTest();
          }
        },
      });
    };
    document.dispatchEvent(new CustomEvent('kpi-files', { detail: { files: [file] } }));
  }, { header: HEADER, n: rows, clientPath: client });
  // Two loads end: the drop (failed: WORKER_FAILED) and the replay.
  await waitForLoad(page, gen + 1);
  const killedAt = await page.evaluate(() => window.killedAt);
  assert.equal(killedAt?.file, 'big.csv');
  assert.ok(killedAt.bytes < killedAt.total, JSON.stringify(killedAt));

  assert.equal(await page.getAttribute('html', 'data-state'), 'ready');
  assert.deepEqual((await readFileList(page)).map((f) => [f.file, f.status]), [['good.csv', 'ok'], ['big.csv', 'ok']]);
  const matrix = await readMatrix(page);
  const row = (name) => matrix.managers.find((m) => m.name === name);
  assert.equal(row('Bulk').metrics.won_count.value, rows, 'every row of big.csv was read, once');
  assert.equal(row('Gleb').metrics.won_count.value, 2);
  assert.equal(row('Gleb').metrics.lost_count.value, 1);
  assert.equal(matrix.team.metrics.won_count.value, rows + 2);
  const alerts = await readAlerts(page);
  assert.equal(alerts.length, 1, JSON.stringify(alerts));
  assert.equal(alerts[0].kind, 'warning');
  assert.match(alerts[0].text, /^The analysis engine stopped \(.*TEST_CRASH.*\) while reading big\.csv and was restarted; your 2 files, those included, and settings were loaded into it again\.$/);
  const { settings } = await page.evaluate(`${client}.settings()`);
  assert.equal(settings.min_call_s, 42);
  await screenshot(page, 'worker-restarted-mid-read');
  // The next test starts from an empty page (its size limit counts the bytes held), with the client as built.
  await page.evaluate(`delete ${client}.request`);
  await clearAll(page);
});

test('a 2 GiB file is refused with a message naming it and its size; the page stays usable', async () => {
  const { page } = site;
  const gen = await generation(page);
  const started = Date.now();
  await page.evaluate((header) => {
    // The header, then 2,048 references to one chunk of exactly 1 MiB of rows: the browser
    // keeps one copy of the chunk.
    const row = 'H1,Huge,Main,Won,won,Hana,Call,SMB,100,RUB,2026-02-01 10:00:00,2026-02-03 10:00:00,\n';
    const chunk = new Blob([row.repeat(Math.ceil(2 ** 20 / row.length)).slice(0, 2 ** 20)]);
    const file = new File([`${header}\n`, ...Array(2048).fill(chunk)], 'huge.csv', { type: 'text/csv' });
    window.hugeSize = file.size;
    document.dispatchEvent(new CustomEvent('kpi-files', { detail: { files: [file] } }));
  }, HEADER);
  await waitForLoad(page, gen);
  assert.ok(Date.now() - started < 15000, 'refused before reading, not after');
  assert.equal(await page.evaluate(() => window.hugeSize), 2 ** 31 + HEADER.length + 1);
  const alerts = await readAlerts(page);
  const refusal = alerts.find((a) => a.text.startsWith('huge.csv (2,048 MiB) is too large'));
  assert.ok(refusal, JSON.stringify(alerts));
  assert.equal(refusal.kind, 'error');
  assert.equal(refusal.text, 'huge.csv (2,048 MiB) is too large to analyse in the browser: the page holds at most '
    + '512 MiB of files at a time. Export a shorter period or fewer columns, or split the file.');
  const [listed] = (await readFileList(page)).filter((f) => f.file === 'huge.csv');
  assert.equal(listed.status, 'error');
  assert.match(listed.message, /huge\.csv/);
  await screenshot(page, 'huge-file-refused');

  // The tab answers, and the next file is analysed.
  await dropFiles(page, [{ name: 'good.csv', content: GOOD_CSV }]);
  assert.equal(await page.getAttribute('html', 'data-state'), 'ready');
  const gleb = (await readMatrix(page)).managers.find((m) => m.name === 'Gleb');
  assert.equal(gleb.metrics.won_count.value, 2);
});
