// Files that cannot be read (binary bytes, an empty file, a CSV cut off inside a
// quoted field) each get a visible message naming the file, and the page stays
// usable: the next good file is analyzed as usual, and a bad file can be removed
// with its ×. So does an engine that fails to load. Each bad file is dropped on an
// emptied page ("Clear all"), since later drops add to the files shown.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  GOOD_CSV, HEADER, chooseFiles, clearAll, dropFiles, generation, launchSite, openBoard, readAlerts, readFileList, readMatrix, screenshot, waitForLoad, switchLanguage,
} from './harness.mjs';

/** Deterministic "random" bytes with NULs in them (xorshift32). */
function binaryBytes(length) {
  const bytes = Buffer.alloc(length);
  let x = 0x9e3779b9;
  for (let i = 0; i < length; i += 1) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    bytes[i] = i % 7 === 3 ? 0 : x & 0xff;
  }
  return bytes;
}

const BAD_FILES = {
  binary: { name: 'random.bin', mimeType: 'application/octet-stream', content: binaryBytes(4096) },
  empty: { name: 'empty.csv', content: '' },
  truncated: {
    name: 'truncated.csv',
    content: `${HEADER}\nT1,Fine,Main,Won,won,Tanya,Call,SMB,100,RUB,2026-02-01 10:00:00,2026-02-02 10:00:00,\n`
      + 'T2,"An unterminated title,Main,Lost,lost,Tanya,Call,SMB,50,RUB,2026-02-01 10:00:00,2026-02-02 10:00:00,',
  },
};

let site;
before(async () => {
  site = await launchSite({ locale: 'en-US', wholeExport: true });
  await openBoard(site.page, site.url);
});
after(async () => { await site?.close(); });

async function assertNamed(page, name) {
  const item = (await readFileList(page)).find((f) => f.file === name);
  assert.ok(item, `${name} is listed`);
  assert.ok(item.visible, `${name} is visible`);
  assert.ok(['error', 'warning'].includes(item.status), `${name}: status ${item.status}`);
  assert.ok(item.message && item.message.includes(name), `${name}: the message names the file: ${item.message}`);
  const alerts = await readAlerts(page);
  assert.ok(alerts.some((a) => a.text.includes(name)), `${name}: an alert names the file: ${JSON.stringify(alerts)}`);
  return item;
}

for (const [label, file] of Object.entries(BAD_FILES)) {
  test(`the ${label} file gets a visible message naming it`, async () => {
    const { page } = site;
    await clearAll(page);
    await dropFiles(page, [file]);
    assert.notEqual(await page.getAttribute('html', 'data-state'), 'loading');
    const item = await assertNamed(page, file.name);
    if (label === 'binary') assert.equal(item.status, 'error');
    await screenshot(page, `bad-input-${label}`);
  });
}

test('a bad file dropped together with a good one does not stop the good one', async () => {
  const { page } = site;
  await clearAll(page);
  await dropFiles(page, [BAD_FILES.binary, { name: 'good.csv', content: GOOD_CSV }]);
  await assertNamed(page, 'random.bin');
  const good = (await readFileList(page)).find((f) => f.file === 'good.csv');
  assert.equal(good.status, 'ok', good.text);
  const matrix = await readMatrix(page);
  assert.deepEqual(matrix.managers.map((m) => m.name), ['Gleb']);
  assert.equal(matrix.managers[0].metrics.win_rate.value, 2 / 3);
  await screenshot(page, 'bad-input-mixed');
});

test('after the bad files a good file still works, and the bad one can be removed', async () => {
  const { page } = site;
  const before = await generation(page);
  await page.click('kpi-file-list button[aria-label="Remove random.bin"]');
  await waitForLoad(page, before);
  // The same name again replaces the loaded good.csv.
  await chooseFiles(page, [{ name: 'good.csv', content: GOOD_CSV }]);
  assert.equal(await page.getAttribute('html', 'data-state'), 'ready');
  assert.deepEqual(await readAlerts(page), []);
  const files = await readFileList(page);
  assert.deepEqual(files.map((f) => f.file), ['good.csv']);
  const [good] = files;
  assert.equal(good.status, 'ok', good.text);
  const matrix = await readMatrix(page);
  assert.deepEqual(matrix.managers.map((m) => m.name), ['Gleb']);
  const gleb = matrix.managers[0].metrics;
  assert.equal(gleb.won_count.value, 2);
  assert.equal(gleb.lost_count.value, 1);
  assert.equal(gleb.win_rate.value, 2 / 3);
  assert.equal(gleb.win_rate.text, '66.7%');
  assert.equal(gleb.revenue.value, 400);
  assert.deepEqual(site.problems, []);
});

test('an engine that fails to load gives a message, and the next drop loads it again', async () => {
  const broken = await launchSite({ locale: 'en-US', wholeExport: true });
  try {
    const { page, context } = broken;
    await context.route('**/engine/kpi.wasm', (route) => route.abort());
    await page.goto(broken.url);
    await waitForLoad(page, 0);
    assert.equal(await page.getAttribute('html', 'data-state'), 'error');
    const alerts = await readAlerts(page);
    assert.equal(alerts.length, 1);
    assert.match(alerts[0].text, /demo data could not be loaded/);
    assert.match(alerts[0].text, /engine could not be loaded/);
    await screenshot(page, 'bad-input-engine');
    // The worker's failure is a code with its cause (wasm/messages.mjs), so it reads in Russian too.
    await switchLanguage(page, 'ru');
    const [ru] = await readAlerts(page);
    assert.match(ru.text, /^Не удалось загрузить демо-данные: не удалось загрузить движок анализа \(.+\)$/);
    await switchLanguage(page, 'en');

    await context.unroute('**/engine/kpi.wasm');
    await chooseFiles(page, [{ name: 'good.csv', content: GOOD_CSV }]);
    assert.equal(await page.getAttribute('html', 'data-state'), 'ready');
    assert.deepEqual(await readAlerts(page), []);
    assert.deepEqual((await readMatrix(page)).managers.map((m) => m.name), ['Gleb']);
  } finally {
    await broken.close();
  }
});
