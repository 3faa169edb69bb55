// The single-file build (scripts/build-single.mjs) opened from disk, as a
// double-click would: a file:// URL, the network switched off and every http(s)
// request aborted. The demo matrix must equal the report the engine computes in
// Node from the same demo files; dropped files, a language switch and an export
// work too; nothing but the file itself (and the worker's blob: URL) is loaded,
// and the CSP forbids connections and eval. Where no worker starts, the engine
// runs on the page instead, and says so.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  SITE_DIR, csvRecords, dropFiles, launchBrowser, readAlerts, readMatrix, screenshot, singleFileBuild, waitForLoad, switchLanguage,
} from './harness.mjs';
import { loadEngine } from '../node/helpers.mjs';

let browser;
let build;
const requests = [];

before(async () => {
  build = await singleFileBuild();
  browser = await launchBrowser({ locale: 'en-US', wholeExport: true });
  await browser.context.setOffline(true);
  await browser.context.route(/^(https?|wss?|ftp):/, (route) => route.abort());
  browser.context.on('request', (request) => requests.push(request.url()));
});
after(async () => { await browser?.close(); });

/** The demo's report computed by the engine in Node, from the site's demo files. */
async function nodeReport() {
  const engine = await loadEngine();
  const manifest = JSON.parse(readFileSync(path.join(SITE_DIR, 'demo/manifest.json'), 'utf8'));
  for (const name of manifest.files) await engine.addFile(name, readFileSync(path.join(SITE_DIR, 'demo', name)));
  engine.setSettings({ period_preset: 'whole' }); // as the page opened with wholeExport
  const report = engine.report();
  engine.dispose();
  return report;
}

test('the file holds everything: one HTML file with a CSP that forbids connections and eval', async () => {
  const html = await readFile(build.file, 'utf8');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
  assert.ok(csp, 'a CSP meta tag');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'none'/);
  assert.match(csp, /worker-src blob:/);
  assert.doesNotMatch(csp, /'unsafe-eval'|'unsafe-inline'|https?:|\*/);
  assert.doesNotMatch(html, /<script[^>]*\ssrc=|<link[^>]*rel="stylesheet"/);
  // Every component the page imports is inside, found by walking imports.
  assert.ok(build.result.modules.includes('app.mjs') && build.result.modules.includes('components/exports.mjs'));
  assert.ok(build.result.modules.includes('components/matrix.mjs') && build.result.modules.includes('engine/report-html.mjs'));
  assert.deepEqual(build.result.worker, ['engine/kpi.mjs', 'engine/unzip.mjs', 'engine/kpi-engine.mjs', 'worker.mjs']);
  assert.deepEqual(build.result.unused, []);
  assert.ok(build.result.bytes < 4 * 1024 * 1024, `${build.result.bytes} bytes`);
});

test('from file:// with the network off, the demo matrix equals the engine\'s report', async () => {
  const { page } = browser;
  await page.goto(build.url);
  await waitForLoad(page, 0);
  assert.equal(await page.getAttribute('html', 'data-state'), 'ready', JSON.stringify(await readAlerts(page)));
  const matrix = await readMatrix(page);
  const report = await nodeReport();
  assert.deepEqual(matrix.managers.map((m) => m.name), report.managers.map((m) => m.name));
  assert.ok(report.managers.length >= 5);
  for (const [i, row] of matrix.managers.entries()) {
    for (const metric of ['won_count', 'lost_count', 'win_rate', 'revenue']) {
      assert.equal(row.metrics[metric].value, report.managers[i].metrics[metric], `${row.name} ${metric}`);
    }
  }
  assert.equal(matrix.team.metrics.win_rate.value, report.team.metrics.win_rate);
  await screenshot(page, 'single-file');
});

test('dropped files, a language switch and a CSV export work from disk', async () => {
  const { page } = browser;
  const csv = [
    'id;title;pipeline;stage;state;owner;source;segment;amount;currency;created_at;closed_at;loss_reason',
    'P1;Deal;Main;Won;won;Polina;Call;SMB;999;RUB;2026-01-10 10:00:00;2026-01-12 10:00:00;',
    'P2;Deal;Main;Lost;lost;Polina;Call;SMB;10;RUB;2026-01-10 11:00:00;2026-01-13 10:00:00;Price',
    '',
  ].join('\r\n');
  await dropFiles(page, [{ name: 'mine.csv', content: csv }]);
  const matrix = await readMatrix(page);
  assert.deepEqual(matrix.managers.map((m) => [m.name, m.metrics.win_rate.value]), [['Polina', 0.5]]); // 1 won / 2 closed
  await switchLanguage(page, 'ru');
  await page.waitForFunction(() => document.documentElement.lang === 'ru');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('kpi-exports button[data-export="csv"]')]);
  const records = csvRecords((await readFile(await download.path())).toString('utf8'), ';');
  assert.deepEqual(records.map((r) => [r.Менеджер, r['Доля выигранных']]), [['Polina', '50,0%'], ['Команда', '50,0%']]); // as the page shows it
  await switchLanguage(page, 'en');
});

test('nothing but the file and the worker\'s blob: URL was loaded, and no error was logged', () => {
  const network = requests.filter((url) => !/^(file|blob|data):/.test(url));
  assert.deepEqual(network, []);
  assert.deepEqual(requests.filter((url) => url.startsWith('file:')), [build.url]);
  assert.deepEqual(browser.problems, []);
});

test('where no worker starts, the engine runs on the page and says why', async () => {
  for (const broken of [
    // The constructor throws (a browser that forbids blob: workers from file://).
    () => { window.Worker = class { constructor() { throw new Error('workers are blocked for this test'); } }; },
    // The worker is made but fails before its first answer.
    () => {
      const Real = window.Worker;
      window.Worker = class extends Real {
        constructor(url, options) {
          super(URL.createObjectURL(new Blob(['throw new Error("broken for this test")'], { type: 'text/javascript' })), options);
        }
      };
    },
  ]) {
    const page = await browser.context.newPage();
    const warnings = [];
    page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    try {
      await page.addInitScript(broken);
      await page.goto(build.url);
      await waitForLoad(page, 0);
      assert.equal(await page.getAttribute('html', 'data-state'), 'ready', JSON.stringify(await readAlerts(page)));
      assert.equal(await page.getAttribute('html', 'data-engine'), 'main-thread');
      const reason = await page.evaluate(() => globalThis.KPI_INLINE.fallbackReason);
      assert.match(reason, /blocked for this test|broken for this test/);
      assert.ok(warnings.some((w) => w.includes('the engine runs on the page instead')), warnings.join('\n'));
      const report = await nodeReport();
      const matrix = await readMatrix(page);
      assert.deepEqual(matrix.managers.map((m) => [m.name, m.metrics.win_rate.value]),
        report.managers.map((m) => [m.name, m.metrics.win_rate]));
    } finally {
      await page.close();
    }
  }
});
