// The user's own file replaces the demo, whether chosen with the button (the
// hidden <input type=file>) or dropped on the page (later files are added to it:
// tests/browser/files.test.mjs; here "Clear all" empties the page in between). The file is semicolon-
// delimited, starts with a BOM and has a quoted title holding ';', '""' and a
// line break; the expected numbers below are worked out by hand.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  chooseFiles, clearAll, dropFiles, generation, launchSite, openBoard, readFileList, readMatrix, screenshot, waitForLoad,
} from './harness.mjs';

const HEADER = 'id;title;pipeline;stage;state;owner;source;segment;amount;currency;created_at;closed_at;loss_reason';
const ROWS = [
  'D1;"Rack; 42 units\nsecond ""line""";Main;Won;won;Anna;Site;SMB;1000;RUB;2026-03-01 10:00:00;2026-03-05 12:00:00;',
  'D2;Servers;Main;Won;won;Anna;Call;SMB;2500.5;RUB;2026-03-02 10:00:00;2026-03-06 12:00:00;',
  'D3;Laptops;Main;Lost;lost;Anna;Call;SMB;700;RUB;2026-03-02 11:00:00;2026-03-07 12:00:00;No budget',
  'D4;Printers;Main;New;open;Anna;Call;SMB;300;RUB;2026-03-03 10:00:00;;',
  'D5;Licences;Main;Won;won;Boris;Site;Enterprise;4000;RUB;2026-03-01 09:00:00;2026-03-10 12:00:00;',
  'D6;Cables;Main;Lost;lost;Boris;Site;SMB;150;RUB;2026-03-01 09:30:00;2026-03-04 12:00:00;Price',
  'D7;Monitors;Main;Lost;lost;Boris;Call;SMB;900;RUB;2026-03-02 09:30:00;2026-03-08 12:00:00;Competitor',
  'D8;Tablets;Main;Lost;lost;Boris;Call;SMB;1200;RUB;2026-03-03 09:30:00;2026-03-09 12:00:00;',
  'D9;Routers;Main;New;open;Vera;Site;SMB;500;RUB;2026-03-04 10:00:00;;',
  'D10;Switches;Main;Meeting;open;Vera;Site;SMB;800;RUB;2026-03-05 10:00:00;;',
];
const DEALS_CSV = `\uFEFF${HEADER}\r\n${ROWS.join('\r\n')}\r\n`;

// Hand-computed: Anna 2 won (1000 + 2500.5), 1 lost; Boris 1 won (4000), 3 lost;
// Vera only open deals. Team: 3 won, 4 lost, revenue 7500.5.
const EXPECTED = {
  Anna: { won_count: 2, lost_count: 1, win_rate: 2 / 3, revenue: 3500.5, avg_won_amount: 1750.25,
    text: { win_rate: '66.7%', revenue: '₽3,500.50', avg_won_amount: '₽1,750.25' } },
  Boris: { won_count: 1, lost_count: 3, win_rate: 0.25, revenue: 4000, avg_won_amount: 4000,
    text: { win_rate: '25.0%', revenue: '₽4,000', avg_won_amount: '₽4,000' } },
  // Vera has no closed deal: every metric is "no data", never 0 (kpi.md §3).
  Vera: { won_count: null, lost_count: null, win_rate: null, revenue: null, avg_won_amount: null, text: {} },
};
const TEAM = { won_count: 3, lost_count: 4, win_rate: 3 / 7, revenue: 7500.5, avg_won_amount: 7500.5 / 3,
  text: { win_rate: '42.9%', revenue: '₽7,500.50', avg_won_amount: '₽2,500.17' } };

function assertRow(row, expected, who) {
  for (const [metric, value] of Object.entries(expected)) {
    if (metric === 'text') continue;
    const cell = row.metrics[metric];
    assert.ok(cell, `${who}: no ${metric} cell`);
    if (value === null) {
      assert.equal(cell.raw, '', `${who} ${metric}: expected no data`);
      assert.equal(cell.text, '—', `${who} ${metric}: no data shows a dash`);
      assert.equal(cell.title, 'no data', `${who} ${metric}: tooltip`);
    } else {
      assert.ok(Math.abs(cell.value - value) <= 1e-9, `${who} ${metric}: ${cell.raw}, expected ${value}`);
    }
  }
  // Money below 100 000 keeps its kopecks, never rounded up (docs/web.md "Money"); the exact amount is in data-value and the tooltip.
  for (const [metric, text] of Object.entries(expected.text)) assert.equal(row.metrics[metric].text, text, `${who} ${metric} text`);
}

function assertBoard(matrix) {
  assert.deepEqual(matrix.managers.map((m) => m.name), ['Anna', 'Boris', 'Vera']);
  for (const row of matrix.managers) assertRow(row, EXPECTED[row.name], row.name);
  assertRow(matrix.team, TEAM, 'team');
  assert.equal(matrix.managers[0].metrics.revenue.title, '₽3,500.50', 'the exact amount is in the tooltip');
}

let site;
before(async () => {
  site = await launchSite({ locale: 'en-US', wholeExport: true });
  await openBoard(site.page, site.url);
});
after(async () => { await site?.close(); });

test('a file chosen with the button replaces the demo', async () => {
  const { page } = site;
  assert.ok(await page.isVisible('[data-demo-badge]'));
  await chooseFiles(page, [{ name: 'my-deals.csv', content: DEALS_CSV }]);
  assert.equal(await page.getAttribute('html', 'data-state'), 'ready');
  assert.equal(await page.isVisible('[data-demo-badge]'), false, 'the demo badge is gone');

  const files = await readFileList(page);
  assert.deepEqual(files.map((f) => f.file), ['my-deals.csv']);
  assert.match(files[0].text, /Deals/);
  assert.match(files[0].text, /10 rows/, 'the quoted line break does not split a row');
  assert.match(files[0].text, /delimiter “;”/);

  assertBoard(await readMatrix(page));
  await screenshot(page, 'drop-chosen');
});

test('after "Clear all" a file dropped on the page is all that is shown', async () => {
  const { page } = site;
  await clearAll(page);
  assert.equal(await page.getAttribute('html', 'data-state'), 'empty');
  assert.deepEqual(await readFileList(page), []);
  assert.equal((await readMatrix(page)).managers.length, 0, 'no report after Clear all');
  assert.ok(await page.isVisible('[data-action="demo"]'), '"Show the demo" is offered');
  await dropFiles(page, [{ name: 'dropped-deals.csv', content: DEALS_CSV }], {
    beforeDrop: async () => {
      assert.ok(await page.isVisible('.kpi-drop-overlay'), 'dragging files shows the drop overlay');
      await screenshot(page, 'drop-overlay');
    },
  });
  assert.equal(await page.isVisible('.kpi-drop-overlay'), false);
  assert.deepEqual((await readFileList(page)).map((f) => f.file), ['dropped-deals.csv']);
  assertBoard(await readMatrix(page));
  await screenshot(page, 'drop-dropped');
});

test('"Show the demo" brings the demo back', async () => {
  const { page } = site;
  const before = await generation(page);
  await page.click('[data-action="demo"]');
  await waitForLoad(page, before);
  assert.ok(await page.isVisible('[data-demo-badge]'));
  assert.ok((await readMatrix(page)).managers.length > 3);
  assert.deepEqual(site.problems, []);
});
