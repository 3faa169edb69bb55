// The page opens on the bundled demo: one matrix row per owner in demo/deals.csv,
// and every win rate equals won / (won + lost) counted here from the CSV itself.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  SITE_DIR, csvRecords, launchSite, openBoard, percentText, pinWholeExport, readFileList, readMatrix, screenshot, switchLanguage,
} from './harness.mjs';

let site;
before(async () => {
  site = await launchSite({ locale: 'en-US' });
  await pinWholeExport(site.context); // counted over the whole deals.csv (the page's default: the last complete month)
});
after(async () => { await site?.close(); });

/** owner -> {won, lost}, counted from the CSV rows. */
function closedByOwner(deals) {
  const counts = new Map();
  for (const deal of deals) {
    if (!deal.owner) continue;
    const c = counts.get(deal.owner) ?? { won: 0, lost: 0 };
    if (deal.state === 'won') c.won += 1;
    if (deal.state === 'lost') c.lost += 1;
    counts.set(deal.owner, c);
  }
  return counts;
}

function assertWinRate(row, { won, lost }, who) {
  const cell = row.metrics.win_rate;
  assert.ok(cell, `${who}: no win_rate cell`);
  assert.equal(row.metrics.won_count.value, won, `${who}: won`);
  assert.equal(row.metrics.lost_count.value, lost, `${who}: lost`);
  if (won + lost === 0) {
    assert.equal(cell.raw, '', `${who}: win rate of no closed deals must be empty`);
    assert.equal(cell.text, '—');
    assert.equal(cell.title, 'no data');
    return;
  }
  const expected = won / (won + lost);
  assert.ok(Math.abs(cell.value - expected) <= 1e-12, `${who}: data-value ${cell.raw}, expected ${expected}`);
  assert.equal(cell.text, percentText(won, won + lost), `${who}: shown text`);
}

test('the demo board shows every owner with the win rate computed from deals.csv', async () => {
  const { page } = site;
  await openBoard(page, site.url);
  assert.equal(await page.getAttribute('html', 'data-state'), 'ready');
  assert.ok(await page.isVisible('[data-demo-badge]'), 'the "Demo data" badge is shown');

  const deals = csvRecords(await readFile(path.join(SITE_DIR, 'demo/deals.csv'), 'utf8'));
  const expected = closedByOwner(deals);
  const matrix = await readMatrix(page);

  assert.equal(matrix.managers.length, expected.size, 'one row per distinct owner');
  assert.deepEqual(new Set(matrix.managers.map((m) => m.name)), new Set(expected.keys()));
  for (const row of matrix.managers) assertWinRate(row, expected.get(row.name), row.name);

  const team = [...expected.values()].reduce((a, c) => ({ won: a.won + c.won, lost: a.lost + c.lost }), { won: 0, lost: 0 });
  assertWinRate(matrix.team, team, 'team');

  // as_of and the period are shown above the matrix.
  for (const attribute of ['data-as-of', 'data-period-from', 'data-period-to']) {
    const text = (await page.textContent(`kpi-matrix time[${attribute}]`)).trim();
    assert.ok(text && text !== '—', `${attribute} is shown`);
  }

  // Every demo file is listed and was read.
  const manifest = JSON.parse(await readFile(path.join(SITE_DIR, 'demo/manifest.json'), 'utf8'));
  const files = await readFileList(page);
  assert.deepEqual(files.map((f) => f.file), manifest.files);
  for (const f of files) assert.notEqual(f.status, 'error', `${f.file}: ${f.text}`);

  await screenshot(page, 'demo');
  assert.deepEqual(site.problems, []);
});

test('the language switch re-renders the board in Russian with the same numbers', async () => {
  const { page } = site;
  const english = await readMatrix(page);
  await switchLanguage(page, 'ru');
  assert.equal(await page.getAttribute('html', 'lang'), 'ru');
  assert.equal(await page.getAttribute('[data-lang="ru"]', 'aria-pressed'), 'true');
  const russian = await readMatrix(page);
  assert.deepEqual(russian.managers.map((m) => [m.name, m.metrics.win_rate.raw]),
    english.managers.map((m) => [m.name, m.metrics.win_rate.raw]));
  // ru-RU: decimal comma, a space before the percent sign.
  const { won_count: won, lost_count: lost } = russian.team.metrics;
  const text = percentText(won.value, won.value + lost.value).replace('.', ',').replace('%', '\u00a0%');
  assert.equal(russian.team.metrics.win_rate.text, text);
  assert.equal(await page.textContent('kpi-matrix thead th[data-metric="win_rate"] .kpi-sort > span:first-child'), 'Доля выигранных');
  await screenshot(page, 'demo-ru');
  await switchLanguage(page, 'en');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
});
