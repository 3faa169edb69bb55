// Nothing leaves the browser: once the demo board is shown, analyzing a dropped
// file, switching the language and every export make no network request at all
// (the page's and the worker's requests are both recorded, through the browser
// context; an export's own blob: download is not a request to anyone). Before
// that, every request stays on the page's own origin. The single-file build,
// opened from disk, requests nothing but itself and its worker's blob: URL.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  chooseFiles, dropFiles, launchBrowser, launchSite, openBoard, readMatrix, screenshot, singleFileBuild, waitForLoad, switchLanguage,
} from './harness.mjs';

/** Clicks every export button; waits for each download (print opens no dialog headless). */
async function exportEverything(page) {
  for (const kind of ['csv', 'xlsx', 'html', 'json']) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`kpi-exports button[data-export="${kind}"]`)]);
    assert.equal(await download.failure(), null, kind);
  }
}

/** Requests to anything but the page's own blob: URLs (downloads, the single file's worker). */
const notBlob = (urls) => urls.filter((url) => !url.startsWith('blob:'));

const CSV = [
  'id;title;pipeline;stage;state;owner;source;segment;amount;currency;created_at;closed_at;loss_reason',
  'P1;Secret deal;Main;Won;won;Polina;Call;SMB;999;RUB;2026-01-10 10:00:00;2026-01-12 10:00:00;',
  'P2;Another;Main;Lost;lost;Polina;Call;SMB;10;RUB;2026-01-10 11:00:00;2026-01-13 10:00:00;Price',
  '',
].join('\r\n');

let site;
before(async () => { site = await launchSite({ locale: 'en-US' }); });
after(async () => { await site?.close(); });

test('no request after the board is shown', async () => {
  const { page, context } = site;
  const loading = [];
  const record = (list) => (request) => list.push(request.url());
  const onLoad = record(loading);
  context.on('request', onLoad);
  await openBoard(page, site.url);
  context.off('request', onLoad);

  const origin = new URL(site.url).origin;
  // The worker's requests are seen too: it fetches the engine and the demo.
  for (const own of ['app.mjs', 'worker.mjs', 'engine/kpi.wasm', 'demo/deals.csv']) {
    assert.ok(loading.includes(`${origin}/${own}`), `${own} was requested while loading: ${loading}`);
  }
  for (const url of loading) {
    assert.ok(url.startsWith(`${origin}/`) || url.startsWith('data:'), `only same-origin requests while loading: ${url}`);
  }
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /connect-src 'self'/);

  const servedAtLoad = site.served.length;
  const after = [];
  const onAfter = record(after);
  context.on('request', onAfter);
  page.on('request', onAfter);
  try {
    await dropFiles(page, [{ name: 'private.csv', content: CSV }]);
    assert.deepEqual((await readMatrix(page)).managers.map((m) => m.name), ['Polina']);
    await chooseFiles(page, [{ name: 'private-again.csv', content: CSV }]);
    await exportEverything(page);
    await switchLanguage(page, 'ru');
    await page.waitForFunction(() => document.documentElement.lang === 'ru');
    await screenshot(page, 'privacy-ru');
    await switchLanguage(page, 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForTimeout(500); // let anything late show up
  } finally {
    context.off('request', onAfter);
    page.off('request', onAfter);
  }
  assert.deepEqual(notBlob(after), [], 'no request after load');
  assert.deepEqual(site.served.slice(servedAtLoad), [], 'the server saw no request after load');
  assert.deepEqual(site.problems, []);
});

test('the single-file build from file:// requests nothing but itself, before or after load', async () => {
  const build = await singleFileBuild();
  const browser = await launchBrowser({ locale: 'ru-RU' });
  try {
    const { page, context } = browser;
    const all = [];
    context.on('request', (request) => all.push(request.url()));
    await page.goto(build.url);
    await waitForLoad(page, 0);
    assert.equal(await page.getAttribute('html', 'data-state'), 'ready');
    assert.ok((await readMatrix(page)).managers.length >= 5, 'the demo board');
    const atLoad = all.length;
    await dropFiles(page, [{ name: 'private.csv', content: CSV }]);
    assert.deepEqual((await readMatrix(page)).managers.map((m) => m.name), ['Polina']);
    await switchLanguage(page, 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await exportEverything(page);
    await page.waitForTimeout(500);
    // Loading: the file itself and the worker (a blob: URL the page made); nothing else.
    assert.deepEqual(notBlob(all.slice(0, atLoad)), [build.url]);
    assert.deepEqual(notBlob(all.slice(atLoad)), [], 'no request after load');
    assert.deepEqual(all.filter((url) => !/^(file|blob):/.test(url)), [], 'zero non-file requests');
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});
