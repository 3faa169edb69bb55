// Nothing leaves the browser: once the demo board is shown, analyzing a dropped
// file and switching the language make no network request at all (the page's
// and the worker's requests are both recorded, through the browser context).
// Before that, every request stays on the page's own origin.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  chooseFiles, dropFiles, launchSite, openBoard, readMatrix, screenshot,
} from './harness.mjs';

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
    await page.click('[data-lang="ru"]');
    await page.waitForFunction(() => document.documentElement.lang === 'ru');
    await screenshot(page, 'privacy-ru');
    await page.click('[data-lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForTimeout(500); // let anything late show up
  } finally {
    context.off('request', onAfter);
    page.off('request', onAfter);
  }
  assert.deepEqual(after, [], 'no request after load');
  assert.deepEqual(site.served.slice(servedAtLoad), [], 'the server saw no request after load');
  assert.deepEqual(site.problems, []);
});
