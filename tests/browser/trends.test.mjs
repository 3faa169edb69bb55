// Issue 11 on the page, read from what is drawn, on the bundled demo: the
// trend chart's points and norm line are the report's series (computed here
// with the same engine in Node), every SVG text lies inside its box, each
// manager's matrix cell carries that manager's sparkline, and the period
// switcher changes the figures to what the core gives for the preset.
// One page load; screenshots go to artifacts/screenshots/.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chooseFiles, generation, launchSite, openBoard, screenshotOf, waitForLoad, demoEngine, HEADER } from './harness.mjs';

let site;
let engine;
let report;

before(async () => {
  engine = await demoEngine();
  report = engine.report();
  site = await launchSite({ locale: 'en-US', viewport: { width: 1366, height: 900 } });
  await openBoard(site.page, site.url);
});
after(async () => {
  await site?.close();
  engine?.dispose();
});

const values = (points, metric) => points.map((p) => p.metrics[metric]).filter((v) => typeof v === 'number');

/** The windows <kpi-period> shows and each tile's delta, read from the page. */
async function shownWindows(page) {
  return page.evaluate(() => ({
    from: document.querySelector('kpi-period .kpi-period-window')?.dataset.from,
    to: document.querySelector('kpi-period .kpi-period-window')?.dataset.to,
    previousFrom: document.querySelector('kpi-period .kpi-period-previous')?.dataset.from,
    previousTo: document.querySelector('kpi-period .kpi-period-previous')?.dataset.to,
    pressed: document.querySelector('kpi-period button[aria-pressed="true"]')?.dataset.preset,
    deltas: Object.fromEntries([...document.querySelectorAll('kpi-board button[data-tile]')].map((b) => [b.dataset.tile, b.querySelector('.kpi-delta')?.dataset.delta ?? null])),
  }));
}

// Issue 11 (branch audit): the core's default period is "auto", so the first
// visit compares the last complete month with the one before it.
test('the first visit opens on the last complete month of the demo against the month before, with deltas on the tiles', async () => {
  const { page } = site;
  assert.equal(report.period.preset, 'last_month', 'the demo spans more than 60 days: auto takes the last month');
  const shown = await shownWindows(page);
  assert.equal(shown.from, report.period.from);
  assert.equal(shown.to, report.period.to);
  assert.equal(shown.previousFrom, report.period.previous.from);
  assert.equal(shown.previousTo, report.period.previous.to);
  assert.equal(shown.previousTo, shown.from, 'the month before, ending where the period starts');
  assert.equal(shown.pressed, 'last_month');
  // The windows are whole calendar months in the demo's zone (Moscow): from the 1st 00:00 to the next 1st.
  const local = (iso) => new Intl.DateTimeFormat('en-CA', { timeZone: report.tz, day: '2-digit', hour: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
  for (const bound of [shown.from, shown.to, shown.previousFrom]) assert.equal(local(bound), '01, 00', bound);
  assert.ok(Date.parse(report.period.to) <= Date.parse(report.as_of), 'a complete month, before now');
  // Deltas: every tile the core gives a change for shows it.
  const withDelta = report.board.filter((t) => typeof t.delta_prev === 'number');
  assert.ok(withDelta.length >= 4, 'most tiles have a previous value');
  for (const t of withDelta) assert.equal(Number(shown.deltas[t.id]), t.delta_prev, t.id);
});

test('the trend chart draws the series of the report: the team\'s points, a picked manager\'s, the norm line; texts inside the box', async () => {
  const { page } = site;
  assert.ok(report.series.points.length >= 2, 'the demo spans several weeks or months');
  const chart = 'kpi-trends figure.kpi-trend';
  assert.equal(await page.getAttribute(chart, 'data-bucket'), report.series.bucket);
  await page.selectOption('kpi-trends select[data-trend-metric]', 'sla_share');
  const manager = report.series.managers[0].name;
  await page.click(`kpi-trends input[data-trend-manager="${manager}"]`);
  await page.waitForSelector(`kpi-trends g[data-row="${manager}"]`);
  const drawn = await page.$eval('kpi-trends svg.kpi-trend-svg', (svg) => {
    const box = svg.viewBox.baseVal;
    const texts = [...svg.querySelectorAll('text')].map((t) => { const b = t.getBBox(); return { x: b.x, y: b.y, right: b.x + b.width, bottom: b.y + b.height }; });
    const dots = (row) => [...svg.querySelectorAll(`g[data-row="${row}"] circle`)].map((c) => ({ value: Number(c.dataset.value), status: c.dataset.status }));
    return { width: box.width, height: box.height, texts, team: dots('team'), rows: [...svg.querySelectorAll('g[data-row]')].map((g) => g.dataset.row),
      norms: [...svg.querySelectorAll('path.kpi-trend-norm')].map((p) => p.dataset.norms) };
  });
  assert.deepEqual(drawn.team.map((d) => d.value), values(report.series.team.points, 'sla_share'));
  assert.deepEqual(drawn.team.map((d) => d.status),
    report.series.team.points.filter((p) => typeof p.metrics.sla_share === 'number').map((p) => p.status.sla_share ?? ''));
  assert.deepEqual(drawn.rows, ['team', manager]);
  // The norm line: the norm in force at each point, as the report gives it.
  assert.deepEqual(drawn.norms, [report.series.team.points.map((p) => p.norms.sla_share ?? '').join(' ')]);
  for (const t of drawn.texts) {
    assert.ok(t.x >= 0 && t.y >= 0 && t.right <= drawn.width && t.bottom <= drawn.height, `text inside the chart: ${JSON.stringify(t)}`);
  }
  const managerDots = await page.$$eval(`kpi-trends g[data-row="${manager}"] circle`, (cs) => cs.map((c) => Number(c.dataset.value)));
  assert.deepEqual(managerDots, values(report.series.managers[0].points, 'sla_share'));
  await screenshotOf(page, 'kpi-trends', 'trends-chart-1366-en');
});

test('each manager\'s matrix cell carries their sparkline: the points of their series', async () => {
  const { page } = site;
  const spark = await page.$$eval('kpi-matrix tr[data-manager] td[data-metric="win_rate"]', (cells) => cells.map((td) => ({
    manager: td.dataset.manager, present: td.dataset.value !== '',
    values: [...td.querySelectorAll('svg.kpi-spark circle')].map((c) => Number(c.dataset.value)),
  })));
  assert.ok(spark.length > 0);
  for (const cell of spark.filter((c) => c.present)) {
    const series = report.series.managers.find((m) => m.name === cell.manager);
    const want = values(series.points, 'win_rate');
    assert.deepEqual(cell.values, want.length >= 2 ? want : [], cell.manager);
  }
  assert.ok(spark.some((c) => c.values.length >= 2), 'some manager has a sparkline');
});

test('the period switcher: "Last month" shows the core\'s window and figures, the one before it beside them', async () => {
  const { page } = site;
  const before = await generation(page);
  await page.click('kpi-period button[data-preset="last_month"]');
  await waitForLoad(page, before);
  engine.setSettings({ period_preset: 'last_month' });
  const expected = engine.report();
  assert.equal(expected.period.preset, 'last_month');
  assert.equal(await page.getAttribute('kpi-period button[data-preset="last_month"]', 'aria-pressed'), 'true');
  assert.equal(await page.getAttribute('kpi-period .kpi-period-window', 'data-from'), expected.period.from);
  assert.equal(await page.getAttribute('kpi-period .kpi-period-previous', 'data-from'), expected.period.previous.from);
  // The window reads in the settings' zone (the demo's Moscow), not the browser's UTC: "Feb 1", not "Jan 31".
  const day = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: engine.settings().tz });
  const shown = (from, to) => `${day.format(new Date(from))} – ${day.format(new Date(Date.parse(to) - 1))}`;
  assert.equal(await page.textContent('kpi-period .kpi-period-current'), `Period: ${shown(expected.period.from, expected.period.to)}`);
  assert.match(await page.textContent('kpi-period .kpi-period-current'), /Period: \w{3} 1, \d{4} – /);
  const tile = await page.getAttribute('kpi-board button[data-tile="sla"] .kpi-tile-value', 'data-value');
  assert.equal(Number(tile), expected.team.metrics.sla_share);
  engine.setSettings({ period_preset: 'whole' });
  assert.notEqual(expected.team.metrics.sla_share, engine.report().team.metrics.sla_share, 'the month differs from the whole export');
  const delta = await page.getAttribute('kpi-board button[data-tile="sla"] .kpi-delta', 'data-delta');
  assert.equal(Number(delta), expected.board.find((t) => t.id === 'sla').delta_prev);
  await screenshotOf(page, 'kpi-period', 'period-switcher-1366-en');
});

test('the win rate change over 3 and 6 months shows the core\'s changes and statuses for the team and each manager', async () => {
  const { page } = site;
  const want = engine.report().win_rate_change; // the page is on the same settings as the engine (last_month)
  assert.ok(want, 'the demo has a complete month');
  const drawn = await page.$$eval('kpi-trends .kpi-win-table tbody tr', (rows) => rows.map((tr) => ({
    manager: tr.dataset.manager,
    cells: [...tr.querySelectorAll('td.kpi-win-change')].map((td) => ({ months: Number(td.dataset.months), status: td.dataset.status, change: td.dataset.change === '' ? null : Number(td.dataset.change) })),
  })));
  assert.deepEqual(drawn, [{ manager: '', ...want.team }, ...want.managers].map((r) => ({
    manager: r.manager ?? '', cells: r.changes.map((c) => ({ months: c.months, status: c.status ?? '', change: c.change })),
  })));
  assert.ok(drawn.flatMap((r) => r.cells).some((c) => c.status !== ''), 'some change is judged');
  await screenshotOf(page, 'kpi-trends .kpi-win-trend', 'win-change-1366-en');
});

// A short export (15 days: under 60) opens on the last complete week against the week before.
// Mon 2 Feb .. Mon 16 Feb 2026 (Moscow): the week of 9 Feb won S3, S4 and lost S5 (2/3); the week
// of 2 Feb won S1 and lost S2 (1/2): the win-rate tile's change is +1/6.
test('a short export opens on its last complete week against the week before, with the change', async () => {
  const { page, url } = site;
  await page.evaluate(() => localStorage.clear()); // a first visit again (the switcher above saved a preset)
  await openBoard(page, url);
  const rows = [
    'S1,One,Main,Won,won,Olga,Call,SMB,100,RUB,2026-02-02 10:00:00,2026-02-03 10:00:00,',
    'S2,Two,Main,Lost,lost,Olga,Call,SMB,100,RUB,2026-02-03 10:00:00,2026-02-04 10:00:00,Price',
    'S3,Three,Main,Won,won,Olga,Call,SMB,100,RUB,2026-02-09 10:00:00,2026-02-10 10:00:00,',
    'S4,Four,Main,Won,won,Olga,Call,SMB,100,RUB,2026-02-10 10:00:00,2026-02-11 10:00:00,',
    'S5,Five,Main,Lost,lost,Olga,Call,SMB,100,RUB,2026-02-11 10:00:00,2026-02-12 10:00:00,Price',
    'S6,Six,Main,New,open,Olga,Call,SMB,100,RUB,2026-02-16 10:00:00,,',
  ];
  await chooseFiles(page, [{ name: 'short.csv', content: [HEADER, ...rows, ''].join('\n') }]);
  const shown = await shownWindows(page);
  assert.equal(shown.pressed, 'last_week');
  assert.equal(shown.from, '2026-02-08T21:00:00Z'); // Monday 9 February 00:00 Moscow
  assert.equal(shown.to, '2026-02-15T21:00:00Z');
  assert.equal(shown.previousFrom, '2026-02-01T21:00:00Z');
  assert.equal(shown.previousTo, '2026-02-08T21:00:00Z');
  assert.ok(Math.abs(Number(shown.deltas.win_rate_by_source) - (2 / 3 - 1 / 2)) < 1e-12, shown.deltas.win_rate_by_source);
  assert.equal(await page.getAttribute('kpi-board button[data-tile="win_rate_by_source"] .kpi-tile-value', 'data-value'), String(2 / 3));
});
