// Issue 11 (branch audit) on the bundled demo, one page load: the stand-up
// list shows the core's top cards (report.today.standup, computed here with the
// same engine in Node) and its count follows the settings; the printable page,
// re-opened, says the same; each role KPI set in Settings changes the matrix
// columns and the board's tiles as docs/kpi.md "Role KPI sets" documents.
// (A file of its own: board.test.mjs and first-hour.test.mjs are other
// branches' this session.) Screenshots go to artifacts/screenshots/.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { demoEngine, generation, launchSite, openBoard, screenshotOf, waitForLoad } from './harness.mjs';

let site;
let engine;

before(async () => {
  engine = await demoEngine();
  site = await launchSite({ locale: 'en-US', viewport: { width: 1366, height: 900 } });
  await openBoard(site.page, site.url);
});
after(async () => {
  await site?.close();
  engine?.dispose();
});

const shownCards = (page) => page.$$eval('kpi-standup li[data-deal]', (items) => items.map((li) => ({
  deal: li.dataset.deal, deviation: Number(li.dataset.deviation), reasons: [...li.querySelectorAll('[data-code]')].map((r) => r.dataset.code),
})));

test('the stand-up list shows the core\'s most deviant cards: 3 by default, 5 when set; the printable page says the same', async () => {
  const { page, context } = site;
  const report = engine.report();
  const want = report.today.standup;
  assert.equal(want.length, 3, 'the default: 3 cards');
  let cards = await shownCards(page);
  assert.deepEqual(cards.map((c) => c.deal), want.map((r) => r.deal_id));
  assert.deepEqual(cards.map((c) => c.reasons), want.map((r) => r.reasons.map((w) => w.code)));
  for (let i = 1; i < cards.length; i++) assert.ok(cards[i - 1].deviation >= cards[i].deviation, 'most deviant first');
  // The first card is no less deviant than any deal on today's list.
  assert.ok(report.today.rows.every((r) => r.deviation <= want[0].deviation));
  assert.equal(await page.inputValue('kpi-standup select[data-standup-count]'), '3');
  // The choices are the core's range (its settings schema, the bounds it checks), not the page's.
  const { min, max } = engine.form().schema.find((f) => f.path === '/standup_cards');
  const choices = await page.$$eval('kpi-standup select[data-standup-count] option', (os) => os.map((o) => Number(o.value)));
  assert.deepEqual(choices, Array.from({ length: max - min + 1 }, (_, i) => min + i));
  assert.deepEqual([min, max], [3, 5]);

  const before = await generation(page);
  await page.selectOption('kpi-standup select[data-standup-count]', '5');
  await waitForLoad(page, before);
  engine.setSettings({ standup_cards: 5 });
  const five = engine.report().today.standup;
  assert.equal(five.length, 5);
  cards = await shownCards(page);
  assert.deepEqual(cards.map((c) => c.deal), five.map((r) => r.deal_id));
  assert.deepEqual(cards.slice(0, 3).map((c) => c.deal), want.map((r) => r.deal_id), 'the same top three');
  assert.equal(await page.inputValue('kpi-standup select[data-standup-count]'), '5');
  await screenshotOf(page, 'kpi-standup', 'standup-1366-en');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('kpi-standup [data-standup-print]')]);
  assert.match(download.suggestedFilename(), /-standup\.html$/);
  const html = await readFile(await download.path(), 'utf8');
  assert.doesNotMatch(html, /<script|src=|href=/i, 'self-contained: no script, nothing fetched');
  const sheet = await context.newPage();
  try {
    await sheet.setContent(html);
    const printed = await sheet.$$eval('ol.cards > li', (items) => items.map((li) => ({
      deal: li.dataset.deal, deviation: Number(li.dataset.deviation), reasons: [...li.querySelectorAll('[data-code]')].map((r) => r.dataset.code),
    })));
    assert.deepEqual(printed, cards);
    assert.equal(await sheet.getAttribute('main', 'data-standup'), '5');
    assert.equal(await sheet.textContent('h1'), 'Stand-up: deals to discuss today');
    // Each reason in the strings table's words, as on the page.
    const pageWhy = await page.$$eval('kpi-standup li[data-deal]:first-child [data-code]', (els) => els.map((e) => e.textContent.replace(/^!/, '').trim()));
    const sheetWhy = await sheet.$$eval('ol.cards > li:first-child [data-code]', (els) => els.map((e) => e.textContent.trim()));
    assert.equal(sheetWhy.length, pageWhy.length);
    // The sheet fits one A4 page (its @page margins 14 mm: 182 × 269 mm = 688 × 1017 CSS px) with 5 cards.
    await sheet.emulateMedia({ media: 'print' });
    await sheet.setViewportSize({ width: 688, height: 1017 });
    const height = await sheet.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(height <= 1017, `one printed page: ${height} px`);
  } finally {
    await sheet.close();
  }
  const back = await generation(page);
  await page.selectOption('kpi-standup select[data-standup-count]', '3');
  await waitForLoad(page, back);
});

// docs/kpi.md "Role KPI sets": the board tiles and matrix columns of each role.
const ROLES = {
  cold_sales: {
    tiles: ['next_step', 'overdue', 'stalled', 'win_rate_by_source'],
    columns: ['touches_per_won_mean', 'next_step_share', 'overdue_share', 'stalled_share', 'won_count', 'win_rate', 'revenue'],
  },
  inbound: {
    tiles: ['frt', 'sla', 'next_step', 'win_rate_by_source'],
    columns: ['frt_median_min', 'sla_share', 'next_step_share', 'won_count', 'win_rate', 'revenue', 'avg_won_amount'],
  },
  account_management: {
    tiles: ['next_step', 'overdue', 'stalled'],
    columns: ['next_step_share', 'overdue_share', 'open_count', 'stalled_share', 'won_count', 'revenue', 'avg_won_amount', 'plan_fact_share'],
  },
  online_chat: {
    tiles: ['frt', 'sla', 'next_step'],
    columns: ['frt_median_min', 'frt_p90_min', 'sla_share', 'sla_breached', 'next_step_share', 'won_count', 'win_rate'],
  },
  head_of_sales: {
    tiles: ['frt', 'sla', 'next_step', 'overdue', 'stalled', 'win_rate_by_source'],
    columns: ['sla_share', 'next_step_share', 'overdue_share', 'stalled_share', 'won_count', 'win_rate', 'revenue', 'plan_fact_share', 'plan_pace'],
  },
  general: {
    tiles: ['frt', 'sla', 'next_step', 'overdue', 'stalled', 'win_rate_by_source'],
    columns: ['frt_median_min', 'sla_share', 'next_step_share', 'overdue_share', 'touches_per_won_mean', 'stalled_share', 'won_count',
      'lost_count', 'win_rate', 'revenue', 'avg_won_amount'],
  },
};

const shownLayout = (page) => page.evaluate(() => ({
  tiles: [...document.querySelectorAll('kpi-board button[data-tile]')].map((b) => b.dataset.tile),
  columns: [...document.querySelectorAll('kpi-matrix thead th[data-metric]')].map((th) => th.dataset.metric),
  pressed: [...document.querySelectorAll('dialog [data-role][aria-pressed="true"]')].map((b) => b.dataset.role),
}));

test('each role KPI set in Settings changes the board\'s tiles and the matrix columns as documented, and is saved', async () => {
  const { page } = site;
  const first = await shownLayout(page);
  assert.deepEqual(first.tiles, ROLES.general.tiles);
  assert.deepEqual([...first.columns].sort(), [...ROLES.general.columns].sort());
  await page.click('kpi-settings .kpi-settings-open');
  await page.waitForSelector('dialog.kpi-settings-panel[open] [data-role]');
  assert.deepEqual(await page.$$eval('dialog [data-role]', (bs) => bs.map((b) => b.dataset.role)),
    ['general', 'cold_sales', 'inbound', 'account_management', 'online_chat', 'head_of_sales']);
  // A norm edited before is reset to the preset's (spec §3's) by the click; editable after it.
  for (const [role, want] of Object.entries(ROLES)) {
    const before = await generation(page);
    await page.click(`dialog [data-role="${role}"]`);
    await waitForLoad(page, before);
    const shown = await shownLayout(page);
    assert.deepEqual(shown.tiles, want.tiles, `${role}: tiles, in the role's order`);
    assert.deepEqual([...shown.columns].sort(), [...want.columns].sort(), `${role}: columns`);
    assert.deepEqual(shown.pressed, [role]);
    const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('kpi-lens.settings') ?? 'null'));
    // Saved like any change (back on the defaults, the page forgets its saved copy).
    if (role === 'general') assert.ok(saved === null || saved.settings.role === 'general', 'general: saved or forgotten');
    else assert.equal(saved?.settings?.role, role, `${role}: saved`);
    if (role === 'online_chat') await screenshotOf(page, 'dialog.kpi-settings-panel [data-section="role"]', 'settings-roles-1366-en');
  }
  // Editable afterwards: a norm typed after the preset stays, and so does the role.
  const input = page.locator('dialog [data-input="norms.sla_share"]');
  const before = await generation(page);
  await input.fill('90');
  await input.blur();
  await waitForLoad(page, before);
  const report = await page.evaluate(() => document.querySelector('kpi-board').report);
  assert.equal(report.layout.role, 'general');
  assert.equal(report.norms.sla_share, 0.9);
  assert.deepEqual(site.problems, []);
});
