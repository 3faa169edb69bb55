// The 1:1 sheet and the period presets through the command line (issue 11):
// `kpi-lens analyze --format html --manager NAME` on tests/fixtures/series,
// the values worked by hand in tests/core/series_test.cpp.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { ROOT, FIXTURES } from './helpers.mjs';

const cli = (...args) => spawnSync(`${ROOT}scripts/kpi-lens`, args, { encoding: 'utf8' });
const DEALS = `${FIXTURES}series/deals.csv`;
const QUARTER = ['--from', '2026-01-01', '--to', '2026-04-01', '--as-of', '2026-03-31 23:59:59'];

test('--manager writes that manager\'s 1:1 sheet: their KPIs as the report judges them, their weeks, the KPI furthest off', () => {
  const run = cli('analyze', '--format', 'html', '--lang', 'en', '--manager', 'Boris', ...QUARTER, DEALS);
  assert.equal(run.status, 0, run.stderr);
  const page = run.stdout;
  assert.match(page, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.match(page, /<title>1:1 — Boris<\/title>/);
  assert.doesNotMatch(page, /<script|https?:\/\//); // self-contained: nothing to run, nothing to fetch
  // Boris won D3 and D8, lost D5 and D6: 2 of 4 against the team's 5 of 8 → off norm.
  const winRate = /<tr data-metric="win_rate">([\s\S]*?)<\/tr>/.exec(page)?.[1] ?? '';
  assert.match(winRate, /data-value="0.5" data-status="bad"/);
  assert.match(winRate, /62\.5%/); // the team
  // His weeks with a closed deal (D3 28 Jan, D5 10 Feb, D6 17 Feb, D8 4 Mar): win rates 1, 0, 0, 1.
  assert.deepEqual([...winRate.matchAll(/data-value="([^"]*)"\/>/g)].map((m) => Number(m[1])), [1, 0, 0, 1]);
  const furthest = /<section id="furthest">([\s\S]*?)<\/section>/.exec(page)?.[1] ?? '';
  assert.deepEqual([...furthest.matchAll(/data-metric="([^"]+)"/g)].map((m) => m[1]), ['win_rate']);
  assert.match(furthest, /misses the norm by 20%/);
  // Russian by default; a card's reasons say their numbers in their unit, as the stand-up list does.
  const anna = cli('analyze', '--format', 'html', '--manager', 'Anna', ...QUARTER, DEALS).stdout;
  assert.match(anna, /<title>Встреча 1:1 — Anna<\/title>/);
  assert.match(anna, /<li data-deal="D9">.*Простой 15,9\u00a0раб\. дн\. на этапе «New» \(срок 3\u00a0раб\. дн\.\)<\/li>/);
});

test('--manager needs --format html and a manager the report has', () => {
  const table = cli('analyze', '--manager', 'Boris', DEALS);
  assert.equal(table.status, 2);
  assert.match(table.stderr, /--manager: only with --format html/);
  const unknown = cli('analyze', '--format', 'html', '--lang', 'en', '--manager', 'Nobody', DEALS);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /No manager "Nobody" in the report/);
});

test('--period resolves a preset in the core: the window, the one before it and the weekly series', () => {
  const r = JSON.parse(cli('analyze', '--format', 'json', '--period', 'last_month', DEALS).stdout);
  assert.equal(r.period.preset, 'last_month');
  assert.equal(r.period.from, '2026-01-31T21:00:00Z'); // 1 February, Moscow
  assert.equal(r.period.to, '2026-02-28T21:00:00Z');
  assert.deepEqual(r.period.previous, { from: '2025-12-31T21:00:00Z', to: '2026-01-31T21:00:00Z', as_of: '2026-01-31T20:59:59Z' });
  assert.equal(r.team.metrics.win_rate, 1 / 3);
  assert.equal(r.team.previous.win_rate, 2 / 3);
  assert.equal(r.series.bucket, 'week');
  assert.deepEqual(r.series.team.points.map((p) => p.metrics.won_count), [null, 1, 0, 0, null]);
  assert.deepEqual(r.series.team.points.map((p) => p.metrics.lost_count), [null, 0, 1, 1, null]);
  const bad = cli('analyze', '--format', 'json', '--period', 'yesterday', DEALS);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /\/period_preset must be one of/);
});

// Issue 11, second session: the sheet's win rate change, loss reasons against
// the team and plan by working day, on tests/fixtures/dynamics (worked by hand
// in tests/core/dynamics_test.cpp).
test('the 1:1 sheet shows the manager\'s win rate change, loss mix and plan by working day as the core judged them', () => {
  const dir = `${FIXTURES}dynamics/`;
  const run = cli('analyze', '--format', 'html', '--lang', 'en', '--manager', 'Boris', '--as-of', '2026-11-16 12:00',
    '--from', '2026-05-01', '--to', '2026-12-01', '--config', `${dir}plans.json`, `${dir}deals.csv`);
  assert.equal(run.status, 0, run.stderr);
  const page = run.stdout;
  // As of 16 Nov the latest complete month is October: Boris 0 of 1 (O1); July 0 of 1 (J2) → no growth, bad;
  // April closed nothing (M6 closes on 1 May).
  const win = /<section id="win-change">([\s\S]*?)<\/section>/.exec(page)?.[1] ?? '';
  assert.match(win, /norm: growth of \+2 pp…\+5 pp/);
  assert.deepEqual([...win.matchAll(/<tr data-months="(\d)" data-status="([a-z]*)">/g)].map((m) => [m[1], m[2]]), [['3', 'bad'], ['6', '']]);
  assert.match(win, /3 months \(2026-07 → 2026-10\)[\s\S]*\+0 pp/);
  assert.match(win, /no deal was won or lost in one of the two months/);
  // Lost by 16 Nov: Boris M6, A6, A7, O1 Competitor, J2, A8 Timing (6); the team 13: Competitor 5, Price 4, Timing 3, none 1.
  // Boris − team: Price 0 − 4/13 = −30.8 pp, Competitor 4/6 − 5/13 = +28.2 pp, Timing 2/6 − 3/13 = +10.3 pp.
  const loss = /<section id="loss-mix">([\s\S]*?)<\/section>/.exec(page)?.[1] ?? '';
  assert.match(loss, /Manager \(6\)/);
  assert.deepEqual([...loss.matchAll(/<tr data-reason="([^"]*)" data-rank="(\d)"/g)].map((m) => [m[1], m[2]]),
    [['Competitor', '2'], ['Price', '1'], ['Timing', '3']]);
  assert.match(loss, /−30\.8 pp/);
  // The plan by working day: 330 by 16 Nov against 1000 × 11/21 = 524 by the line, off norm.
  const plan = /<section id="plan">([\s\S]*?)<\/section>/.exec(page)?.[1] ?? '';
  assert.match(plan, /<div class="plan-days" data-measure="revenue" data-status="bad">/);
  assert.match(plan, /By working day: 330 by 2026-11-16 against 524 by the plan line\./);
});
