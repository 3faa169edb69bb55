// A person changes a norm in the settings panel and the board and matrix
// recolour: the stalled-share cells of the matrix and the stalled tile are
// judged against the new norm with the board's rule (ok within the norm, warn
// within 10 % of it, bad beyond), for every manager, from the report's own
// values. Then the norm goes back and so do the colours.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { drawn, generation, launchSite, openBoard, screenshot, waitForLoad } from './harness.mjs';

let site;
before(async () => { site = await launchSite({ locale: 'en-US', viewport: { width: 1366, height: 900 } }); });
after(async () => { await site?.close(); });

/** At-most norm: ok within it, warn within 10 % over it, bad beyond. */
function statusFor(share, norm) {
  if (share <= norm) return 'ok';
  return share <= norm * 1.1 ? 'warn' : 'bad';
}

async function stalledCells(page) {
  return page.$$eval('kpi-matrix tbody tr[data-manager] td[data-metric="stalled_share"]', (cells) => cells.map((td) => ({
    manager: td.closest('tr').dataset.manager, value: td.dataset.value, status: td.dataset.status ?? '',
  })));
}

async function setStalledNorm(page, percent) {
  if (!(await page.isVisible('dialog.kpi-settings-panel[open]'))) await page.click('kpi-settings .kpi-settings-open');
  const before = await generation(page);
  const input = page.locator('dialog [data-input="norms.stalled_share"]');
  await input.fill(String(percent));
  await input.blur();
  await waitForLoad(page, before);
  await page.click('[data-action="close-settings"]');
}

async function check(page, norm) {
  const report = await page.evaluate(() => document.querySelector('kpi-matrix').report);
  assert.equal(report.norms.stalled_share, norm);
  const cells = await stalledCells(page);
  const managers = report.managers.filter((m) => typeof m.metrics.stalled_share === 'number');
  assert.ok(managers.length >= 5, 'the demo has stalled shares for most managers');
  const byName = new Map(cells.map((c) => [c.manager, c]));
  for (const m of managers) {
    const cell = byName.get(m.name);
    assert.ok(cell, `a stalled cell for ${m.name}`);
    assert.equal(Number(cell.value), m.metrics.stalled_share);
    assert.equal(cell.status, statusFor(m.metrics.stalled_share, norm), `${m.name} at ${m.metrics.stalled_share} vs ${norm}`);
  }
  const tile = await page.getAttribute('kpi-board button[data-tile="stalled"]', 'data-status');
  const boardTile = report.board.find((t) => t.id === 'stalled');
  assert.equal(tile, boardTile.status ?? 'none');
  return { cells: cells.map((c) => c.status), tile };
}

test('changing the stalled norm recolours the matrix and the board tile', async () => {
  const { page } = site;
  await openBoard(page, site.url);
  const strict = await check(page, 0.1);
  assert.ok(strict.cells.includes('bad'), 'at the default 10 % some managers miss the norm');
  assert.equal(strict.tile, 'bad');

  await setStalledNorm(page, 95);
  const lenient = await check(page, 0.95);
  assert.ok(lenient.cells.every((s) => s === 'ok'), 'at 95 % every manager meets it');
  assert.equal(lenient.tile, 'ok');
  await screenshot(page, 'norm-changed');

  await setStalledNorm(page, 10);
  assert.deepEqual(await check(page, 0.1), strict);
});

// branch page (issues 9, 11): a new report re-draws only what it changes (docs/web.md, top) —
// the matrix patches its cells, a view whose inputs are the same is skipped, the others merge
// the new drawing into the old nodes. Whatever was kept, skipped or merged, every view must
// read exactly as a fresh element given the same report.
test('a norm change redraws only what it changes, and every view reads as a fresh one', async () => {
  const { page } = site;
  await openBoard(page, site.url);
  // Marks on nodes that the stalled norm does not touch, and on the cells it does.
  await page.evaluate(() => {
    for (const td of document.querySelectorAll('kpi-matrix td[data-metric="won_count"], kpi-matrix td[data-metric="stalled_share"]')) td.kpiMark = true;
    document.querySelector('kpi-quality h2').kpiMark = true;
    document.querySelector('kpi-board button[data-tile="sla"]').kpiMark = true;
  });
  await setStalledNorm(page, 95);
  const kept = await page.evaluate(() => ({
    won: [...document.querySelectorAll('kpi-matrix td[data-metric="won_count"]')].map((td) => td.kpiMark === true),
    stalled: [...document.querySelectorAll('kpi-matrix td[data-metric="stalled_share"]')].map((td) => td.kpiMark === true),
    quality: document.querySelector('kpi-quality h2').kpiMark === true,
    tile: document.querySelector('kpi-board button[data-tile="sla"]').kpiMark === true,
  }));
  assert.ok(kept.won.length >= 5 && kept.won.every(Boolean), 'the won-count cells are the same nodes');
  assert.ok(kept.stalled.length >= 5 && kept.stalled.every((k) => !k), 'every stalled-share cell was drawn again');
  assert.ok(kept.quality, 'the quality table (its parts of the report unchanged) was not drawn again');
  assert.ok(kept.tile, 'the board merged its new drawing into the tiles it had');

  await sameAsFresh(page);

  await setStalledNorm(page, 10);
  const back = await check(page, 0.1);
  assert.equal(back.tile, 'bad');
});

/** Every view of the page reads exactly as a fresh element given the same report. */
async function sameAsFresh(page) {
  const views = await page.evaluate(() => {
    // Chart ids count up per drawing; the matrix's scroll hint follows the card's width.
    const normal = (html) => html.replace(/kpi-chart-\d+-/g, 'kpi-chart-#-').replace(/ data-(more|visible)=""/g, '');
    const box = document.createElement('div');
    box.hidden = true;
    document.body.append(box);
    const out = [];
    for (const view of document.querySelectorAll('[data-report]')) {
      if (view.localName === 'kpi-settings' || view.localName === 'kpi-drill') continue;
      const fresh = document.createElement(view.localName);
      box.append(fresh);
      fresh.client = view.client;
      fresh.report = view.report;
      out.push({ view: view.localName, same: normal(view.innerHTML) === normal(fresh.innerHTML), size: view.innerHTML.length });
    }
    box.remove();
    return out;
  });
  assert.ok(views.length >= 9, `the views compared: ${views.map((v) => v.view)}`);
  for (const v of views) assert.ok(v.same && v.size > 0, `${v.view} reads as a fresh one after the norm change`);
}

// branch page: a view far from the viewport draws a change when it nears the viewport or once the
// page is idle (report-view.mjs, docs/web.md), so the first frame after a change shows the board.
test('a view far from the viewport draws a norm change when scrolled to, the others when the page is idle', async () => {
  const { page } = site;
  await openBoard(page, site.url);
  await page.evaluate(() => window.scrollTo(0, 0));
  // Hold the page's waiting timers (report-view.mjs's quiet delay before the idle draw) until the
  // matrix has been checked: on a loaded machine more than that delay passes between the change
  // and the scroll, the idle draw came first and "the charts are still behind" failed.
  await page.evaluate(() => {
    const real = window.setTimeout;
    const held = [];
    window.setTimeout = (fn, ms, ...args) => (ms >= 100 ? (held.push(() => fn(...args)), -1) : real(fn, ms, ...args));
    window.kpiReleaseTimers = () => {
      window.setTimeout = real;
      for (const fn of held.splice(0)) real(fn);
    };
  });
  const first = await sendStalledNorm(page, 0.95);
  assert.equal(first.tile, 'ok', 'the board on screen shows the new norm at once');
  assert.ok(first.cells.includes('bad'), 'the matrix, far below, still shows the old norm');
  assert.equal(first.drawing, true, 'html[data-drawing] says some view is behind');

  // Scrolled to, the matrix draws; the charts further down (they show this norm) wait for the page to be idle.
  await page.evaluate(() => document.querySelector('kpi-matrix').scrollIntoView());
  await page.waitForFunction(() => [...document.querySelectorAll('kpi-matrix tbody td[data-metric="stalled_share"]')]
    .every((td) => (td.dataset.status ?? 'ok') === 'ok'), null, { polling: 20 });
  assert.equal(await page.evaluate(() => 'drawing' in document.documentElement.dataset), true, 'the charts are still behind');
  await page.evaluate(() => window.kpiReleaseTimers());
  await drawn(page);
  assert.equal(await page.getAttribute('[data-chart="stalled"] line.kpi-chart-norm', 'data-norm'), '0.95');
  await check(page, 0.95);
  await sameAsFresh(page);

  // Printed at once after a change: every view is drawn before the page is printed.
  await page.evaluate(() => window.scrollTo(0, 0));
  assert.equal((await sendStalledNorm(page, 0.1)).drawing, true);
  assert.equal(await page.evaluate(() => {
    window.dispatchEvent(new Event('beforeprint'));
    return 'drawing' in document.documentElement.dataset;
  }), false, 'nothing is behind when the page is printed');
  await check(page, 0.1);
});

/**
 * Sends the settings in force with `share` as the stalled norm, as the panel does; returns what the
 * page shows as soon as the new report has been handed to every view (html[data-generation]).
 */
async function sendStalledNorm(page, share) {
  return page.evaluate(async (norm) => {
    const root = document.documentElement;
    const before = Number(root.dataset.generation);
    const settings = document.querySelector('kpi-settings').settings;
    settings.norms.stalled_share = norm;
    const advanced = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (Number(root.dataset.generation) > before) { observer.disconnect(); resolve(); }
      });
      observer.observe(root, { attributes: true, attributeFilter: ['data-generation'] });
    });
    document.dispatchEvent(new CustomEvent('kpi-settings-change', { detail: { settings } }));
    await advanced;
    return {
      tile: document.querySelector('kpi-board button[data-tile="stalled"]').dataset.status,
      cells: [...document.querySelectorAll('kpi-matrix tbody td[data-metric="stalled_share"]')].map((td) => td.dataset.status ?? ''),
      drawing: 'drawing' in root.dataset,
    };
  }, share);
}
