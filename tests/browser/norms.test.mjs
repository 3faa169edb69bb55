// A person changes a norm in the settings panel and the board and matrix
// recolour: the stalled-share cells of the matrix and the stalled tile are
// judged against the new norm with the board's rule (ok within the norm, warn
// within 10 % of it, bad beyond), for every manager, from the report's own
// values. Then the norm goes back and so do the colours.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { generation, launchSite, openBoard, screenshot, waitForLoad } from './harness.mjs';

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
