// The deviation board, the KPI matrix and the drill-down on the bundled demo,
// read as a person sees them and checked against the report this test
// computes itself with the same engine in Node (build/wasm, the demo files
// from build/site/demo): tile values and statuses, matrix cells, a tile's
// deals (as many as the report counts), sorting, the split by source, the
// mix-adjusted expectation and the Russian labels. Screenshots of the board,
// the matrix and the drill-down go to artifacts/screenshots/.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchSite, openBoard, readMatrix, screenshot, screenshotOf, demoEngine, switchLanguage } from './harness.mjs';

let site;
let report;
let engine;

before(async () => {
  engine = await demoEngine();
  report = engine.report();
  site = await launchSite({ locale: 'en-US', viewport: { width: 1366, height: 768 } });
  await openBoard(site.page, site.url);
});
after(async () => {
  await site?.close();
  engine?.dispose();
});

// How en-US prints each kind of value (written out here, not imported from the page).
const percent = (v) => new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);
// Durations as the documents write them (inUnit: the strings table's unit words after a no-break space).
const minutes = (m) => {
  const n = (v, d = 1) => new Intl.NumberFormat('en-US', { maximumFractionDigits: d }).format(v);
  if (m < 60) return `${n(m, m < 10 ? 1 : 0)}\u00a0min`;
  return m < 2880 ? `${n(m / 60)}\u00a0h` : `${n(m / 1440)}\u00a0days`;
};
const STATUS_WORDS = { ok: 'On norm', warn: 'Near norm', bad: 'Off norm' };
const TILE_METRIC = {
  frt: 'frt_median_min', sla: 'sla_share', next_step: 'next_step_share', overdue: 'overdue_share', stalled: 'stalled_share', win_rate_by_source: 'win_rate',
};

/** What each tile shows: {id, value, valueText, status, pill, text}. */
async function readTiles(page) {
  return page.$$eval('kpi-board button[data-tile]', (tiles) => tiles.map((tile) => ({
    id: tile.dataset.tile,
    value: tile.querySelector('.kpi-tile-value').dataset.value,
    valueText: tile.querySelector('.kpi-tile-value').textContent,
    status: tile.dataset.status,
    metric: tile.dataset.metric,
    pill: tile.querySelector('.kpi-pill')?.textContent ?? null,
    text: tile.innerText,
  })));
}

async function openDrill(page, click) {
  await click();
  await page.waitForSelector('dialog.kpi-drill[open][data-total]');
  return page.$eval('dialog.kpi-drill', (dialog) => ({
    metric: dialog.dataset.metric,
    total: Number(dialog.dataset.total),
    flagged: Number(dialog.dataset.flagged),
    more: Number(dialog.dataset.more),
    rows: [...dialog.querySelectorAll('tbody tr')].map((tr) => ({ deal: tr.dataset.deal, flagged: tr.dataset.flagged === 'true' })),
    summary: dialog.querySelector('.kpi-drill-summary')?.textContent,
  }));
}

async function closeDrill(page) {
  await page.keyboard.press('Escape');
  await page.waitForSelector('dialog.kpi-drill[open]', { state: 'detached', timeout: 5000 }).catch(() => {});
  assert.equal(await page.$eval('dialog.kpi-drill', (d) => d.open), false, 'Escape closes the list');
}

test('the six tiles show the report\'s team values, statuses and worst managers', async () => {
  const { page } = site;
  const tiles = await readTiles(page);
  assert.deepEqual(tiles.map((t) => t.id), report.board.map((b) => b.id));
  for (const tile of tiles) {
    const want = report.board.find((b) => b.id === tile.id);
    assert.equal(Number(tile.value), want.value, `${tile.id}: data-value`);
    const text = tile.id === 'frt' ? minutes(want.value) : percent(want.value);
    assert.equal(tile.valueText, text, `${tile.id}: shown value`);
    assert.equal(tile.status, want.status ?? 'none', `${tile.id}: status`);
    if (want.status) assert.equal(tile.pill.replace(/^[✓!✕]/, ''), STATUS_WORDS[want.status], `${tile.id}: the status in words`);
    else assert.equal(tile.pill, null, `${tile.id}: no status, no pill (${want.status_reason})`);
    for (const name of want.worst) assert.ok(tile.text.includes(name), `${tile.id}: worst ${name}`);
    assert.equal(tile.metric, TILE_METRIC[tile.id], `${tile.id}: names its metric`);
    assert.equal(report.team.metrics[tile.metric], want.value, `${tile.id}: the tile is the team value`);
    // The tile and the matrix's team cell are one judgement.
    assert.equal(want.status, report.team.status[tile.metric], `${tile.id}: the team cell's status`);
  }
  // The demo's default period is its last complete month (docs/kpi.md "Period presets"): each tile
  // says its change against the month before, none says "no previous period".
  assert.equal(report.period.preset, 'last_month');
  const changed = report.board.filter((b) => Number.isFinite(b.delta_prev)).map((b) => b.id);
  assert.ok(changed.length >= 4, `most tiles have a change: ${changed}`);
  for (const t of tiles) assert.equal(t.text.includes('vs previous period'), changed.includes(t.id), t.id);
  // Today's list (issue 10): the core's first open deal to save, with why it is there.
  const first = report.today.rows[0].deal_id;
  await page.waitForSelector('kpi-today tbody tr .kpi-reason');
  assert.equal(await page.getAttribute('kpi-today tbody tr', 'data-deal'), first);
  assert.ok((await page.textContent('kpi-today tbody tr .kpi-reason')).length > 5, 'each row says why it is there');
  await screenshotOf(page, 'kpi-board', 'board');
  assert.deepEqual(site.problems, []);
});

test('every matrix cell holds the report\'s value, status, n and the team row', async () => {
  const { page } = site;
  const matrix = await readMatrix(page);
  assert.deepEqual(matrix.managers.map((m) => m.name), report.managers.map((m) => m.name));
  const columns = Object.keys(matrix.managers[0].metrics);
  assert.ok(columns.length >= 10, `a readable default set: ${columns}`);
  for (const row of [...matrix.managers.map((m) => [m, report.managers.find((r) => r.name === m.name)]), [matrix.team, report.team]]) {
    const [shown, want] = row;
    for (const metric of columns) {
      const value = want.metrics[metric];
      assert.equal(shown.metrics[metric].value, value, `${shown.name ?? 'team'} ${metric}`);
      if (value === null) assert.equal(shown.metrics[metric].text, '—');
    }
    assert.equal(shown.metrics.sla_share.text, percent(want.metrics.sla_share));
    assert.equal(shown.metrics.win_rate.text, percent(want.metrics.win_rate));
  }
  // SLA colour by the report's norm: ok at or above, warn within 10 % of it, bad below that.
  const norm = report.norms.sla_share;
  for (const m of matrix.managers) {
    const v = m.metrics.sla_share.value;
    const want = v >= norm ? 'ok' : v >= norm * 0.9 ? 'warn' : 'bad';
    assert.equal(m.metrics.sla_share.status, want, `${m.name}: sla status`);
  }
  // n beside the share, small samples marked.
  const anna = report.managers[0];
  const n = await page.$eval(`kpi-matrix tr[data-manager="${anna.name}"] td[data-metric="win_rate"] .kpi-n`, (e) => e.dataset.n);
  assert.equal(Number(n), anna.samples.win_rate.n);
  const small = report.managers.filter((m) => m.samples.next_step_share?.small).map((m) => m.name);
  const marked = await page.$$eval('kpi-matrix tbody td[data-metric="next_step_share"] .kpi-n[data-small]', (cells) => cells.map((c) => c.closest('tr').dataset.manager));
  assert.deepEqual(marked, small);
  await screenshotOf(page, 'kpi-matrix', 'matrix');
});

test('a board tile opens its deals: as many as the report counts', async () => {
  const { page } = site;
  const stalled = await openDrill(page, () => page.click('kpi-board button[data-tile="stalled"]'));
  assert.equal(stalled.flagged, report.team.metrics.stalled_count);
  assert.equal(stalled.total, report.team.metrics.open_count);
  assert.equal(stalled.rows.length, Math.min(500, stalled.flagged));
  // The tile said how many before it was opened.
  assert.equal(Number(await page.getAttribute('kpi-board button[data-tile="stalled"] .kpi-tile-more', 'data-count')), stalled.flagged);
  assert.ok(stalled.rows.every((r) => r.flagged));
  // The same list as the engine gives in Node, the most overdue first.
  const direct = engine.drill({ metric: 'stalled', flaggedOnly: true });
  assert.deepEqual(stalled.rows.slice(0, 20).map((r) => r.deal), direct.rows.slice(0, 20).map((r) => r.deal_id));
  await screenshot(page, 'drill');
  await screenshotOf(page, 'dialog.kpi-drill', 'drill-dialog');
  await closeDrill(page);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.tile), 'stalled', 'focus returns to the tile');

  // Keyboard: Enter on the focused SLA tile; the breaches are the report's sla_breached.
  await page.focus('kpi-board button[data-tile="sla"]');
  const sla = await openDrill(page, () => page.keyboard.press('Enter'));
  assert.equal(sla.flagged, report.team.metrics.sla_breached);
  assert.equal(sla.total, report.team.metrics.sla_total);
  await closeDrill(page);
});

test('a matrix cell opens the manager\'s deals behind it, by click or keyboard', async () => {
  const { page } = site;
  const who = report.managers[1];
  const cell = `kpi-matrix tr[data-manager="${who.name}"] td[data-metric="win_rate"]`;
  const closed = await openDrill(page, () => page.click(cell));
  assert.equal(closed.total, who.metrics.won_count + who.metrics.lost_count);
  assert.equal(closed.flagged, who.metrics.lost_count);
  await closeDrill(page);

  // Arrow keys move across the grid; Enter opens the focused cell.
  await page.focus(cell);
  await page.keyboard.press('ArrowDown');
  const focused = await page.evaluate(() => ({ manager: document.activeElement.dataset.manager, metric: document.activeElement.dataset.metric }));
  assert.deepEqual(focused, { manager: report.managers[2].name, metric: 'win_rate' });
  const next = await openDrill(page, () => page.keyboard.press('Enter'));
  assert.equal(next.total, report.managers[2].metrics.won_count + report.managers[2].metrics.lost_count);
  await closeDrill(page);
});

test('sorting a column by click and by keyboard', async () => {
  const { page } = site;
  const header = 'kpi-matrix th[data-metric="won_count"]';
  await page.click(`${header} button`);
  assert.equal(await page.getAttribute(header, 'aria-sort'), 'descending');
  const desc = [...report.managers].sort((a, b) => b.metrics.won_count - a.metrics.won_count || 0);
  let names = (await readMatrix(page)).managers.map((m) => m.metrics.won_count.value);
  assert.deepEqual(names, desc.map((m) => m.metrics.won_count));
  await page.focus(`${header} button`);
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute(header, 'aria-sort'), 'ascending');
  names = (await readMatrix(page)).managers.map((m) => m.metrics.won_count.value);
  assert.deepEqual(names, [...desc.map((m) => m.metrics.won_count)].reverse());
  assert.equal(await page.getAttribute('kpi-matrix th.kpi-col-name', 'aria-sort'), 'none');
  await page.click('kpi-matrix th.kpi-col-name button'); // back to names, A to Z
  assert.equal(await page.getAttribute('kpi-matrix th.kpi-col-name', 'aria-sort'), 'ascending');
});

test('split by source: each manager within each source, flagged against that source', async () => {
  const { page } = site;
  await page.selectOption('kpi-matrix select[data-control="split"]', 'source');
  const rows = await page.$$eval('kpi-matrix tbody tr[data-manager][data-group]', (trs) => trs.map((tr) => ({
    manager: tr.dataset.manager,
    group: tr.dataset.group,
    winRate: tr.querySelector('td[data-metric="win_rate"]').dataset.value,
    worse: tr.querySelector('td[data-metric="win_rate"]').hasAttribute('data-worse'),
  })));
  const want = report.splits.source;
  assert.equal(rows.length, want.length);
  for (const cell of want) {
    const row = rows.find((r) => r.manager === cell.manager && r.group === cell.group);
    assert.ok(row, `${cell.manager} in ${cell.group}`);
    assert.equal(row.winRate === '' ? null : Number(row.winRate), cell.metrics.win_rate);
    assert.equal(row.worse, cell.worse_than_group.includes('win_rate'), `${cell.manager} in ${cell.group}: worse flag`);
  }
  assert.equal(await page.$$eval('kpi-matrix tr[data-group-total]', (trs) => trs.length), report.groups.source.length);
  await screenshotOf(page, 'kpi-matrix', 'matrix-split-source');
  await page.selectOption('kpi-matrix select[data-control="split"]', 'none');
});

test('the mix-adjusted expectation beside each manager\'s share', async () => {
  const { page } = site;
  await page.selectOption('kpi-matrix select[data-control="expected"]', 'lead_class');
  for (const m of report.managers) {
    const shown = await page.$eval(`kpi-matrix tr[data-manager="${m.name}"] td[data-metric="win_rate"] .kpi-expected`, (e) => Number(e.dataset.expected));
    assert.equal(shown, m.expected.lead_class.win_rate, m.name);
  }
  await page.selectOption('kpi-matrix select[data-control="expected"]', 'off');
  assert.equal(await page.$$eval('kpi-matrix .kpi-expected', (e) => e.length), 0);
});

test('the column chooser adds any metric of the report', async () => {
  const { page } = site;
  await page.click('kpi-matrix details.kpi-columns summary');
  await page.check('kpi-matrix input[data-column="velocity_median_days"]');
  const matrix = await readMatrix(page);
  assert.equal(matrix.team.metrics.velocity_median_days.value, report.team.metrics.velocity_median_days);
  await page.click('kpi-matrix [data-columns-reset]');
  assert.equal((await readMatrix(page)).team.metrics.velocity_median_days, undefined);
});

test('in Russian: the board, the matrix and the drill-down speak Russian', async () => {
  const { page } = site;
  await switchLanguage(page, 'ru');
  assert.equal(await page.textContent('kpi-board .kpi-section-title'), 'Доска отклонений');
  assert.equal(await page.textContent('kpi-board button[data-tile="stalled"] .kpi-tile-name'), 'Зависшие сделки');
  assert.equal(await page.textContent('kpi-matrix th[data-group-head="outcome"]'), 'Результат');
  const status = report.board.find((b) => b.id === 'sla').status;
  const words = { ok: 'В норме', warn: 'Близко к норме', bad: 'Вне нормы' }[status];
  assert.equal((await page.textContent('kpi-board button[data-tile="sla"] .kpi-pill')).slice(1), words);
  const drill = await openDrill(page, () => page.click('kpi-board button[data-tile="stalled"]'));
  assert.equal(drill.flagged, report.team.metrics.stalled_count);
  assert.match(drill.summary, /сдел/);
  assert.equal(await page.textContent('dialog.kpi-drill thead th'), 'Сделка');
  await screenshotOf(page, 'dialog.kpi-drill', 'drill-ru');
  await closeDrill(page);
  await screenshotOf(page, 'kpi-board', 'board-ru');
  await switchLanguage(page, 'en');
  assert.deepEqual(site.problems, []);
});

test('a narrow screen keeps the board and the matrix usable', async () => {
  const { page } = site;
  await page.setViewportSize({ width: 390, height: 844 });
  // No horizontal scroll of the page itself: the matrix scrolls inside its own box.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page overflows by ${overflow}px`);
  const tile = await page.$eval('kpi-board button[data-tile="frt"]', (b) => b.getBoundingClientRect().width);
  assert.ok(tile >= 140, `tiles stay readable (${tile}px)`);
  await screenshot(page, 'narrow');
  await page.setViewportSize({ width: 1366, height: 768 });
});

test('with a previous period, tiles and cells show the change against it', async () => {
  const { page } = site;
  const settings = { from: '2026-01-01', to: '2026-04-01' };
  engine.setSettings(settings);
  const withPrevious = engine.report();
  engine.setSettings({});
  const { generation, waitForLoad } = await import('./harness.mjs');
  const before = await generation(page);
  await page.evaluate((detail) => document.dispatchEvent(new CustomEvent('kpi-settings-change', { detail: { settings: detail } })), settings);
  await waitForLoad(page, before);
  const sla = withPrevious.board.find((b) => b.id === 'sla');
  assert.ok(Number.isFinite(sla.delta_prev), 'the demo has data before 2026-01-01');
  const delta = await page.$eval('kpi-board button[data-tile="sla"] .kpi-delta', (e) => ({ value: Number(e.dataset.delta), tone: e.dataset.tone, text: e.textContent }));
  assert.equal(delta.value, sla.delta_prev);
  assert.equal(delta.tone, sla.delta_prev > 0 ? 'good' : 'bad'); // a higher SLA share is better
  assert.match(delta.text, sla.delta_prev > 0 ? /▲ \+[\d.]+ pp vs previous period/ : /▼ −[\d.]+ pp vs previous period/);
  const m = withPrevious.managers[0];
  const cell = await page.$eval(`kpi-matrix tr[data-manager="${m.name}"] td[data-metric="win_rate"] .kpi-cell-delta`, (e) => Number(e.dataset.delta));
  assert.ok(Math.abs(cell - (m.metrics.win_rate - m.previous.win_rate)) < 1e-12, `${m.name}: win rate change`);
  await screenshotOf(page, 'kpi-board', 'board-with-previous');
  await screenshotOf(page, 'kpi-matrix', 'matrix-with-previous');
});

test('without activities the FRT and SLA tiles say what they need, never 0', async () => {
  const { page } = site;
  const { chooseFiles } = await import('./harness.mjs');
  await chooseFiles(page, [{
    name: 'deals-only.csv',
    content: 'id,stage,state,owner,source,created_at,closed_at\n'
      + 'A1,Won,won,Anna,Звонок,2026-03-02 10:00,2026-03-05 10:00\nA2,Lost,lost,Anna,Звонок,2026-03-02 11:00,2026-03-06 10:00\n',
  }]);
  for (const id of ['frt', 'sla']) {
    const tile = `kpi-board button[data-tile="${id}"]`;
    assert.equal(await page.getAttribute(`${tile} .kpi-tile-value`, 'data-value'), '');
    assert.equal(await page.textContent(`${tile} .kpi-tile-value`), '—');
    assert.equal(await page.textContent(`${tile} .kpi-tile-reason`), 'Not computed: needs calls or messages with dates');
    assert.equal(await page.getAttribute(tile, 'data-status'), 'none');
  }
  const anna = (await readMatrix(page)).managers[0];
  assert.equal(anna.metrics.frt_median_min.raw, '');
  assert.equal(anna.metrics.frt_median_min.title, 'Not computed: needs calls or messages with dates');
  assert.equal(anna.metrics.win_rate.text, '50.0%'); // 1 of 2
  await screenshotOf(page, 'kpi-board', 'board-no-activities');
  assert.deepEqual(site.problems, []);
});
