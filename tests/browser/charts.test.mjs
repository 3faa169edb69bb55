// The charts and the data quality panel on the demo: every stage name and
// value drawn is the report's, the loss reasons and the quality counts are the
// ones counted here from deals.csv, and each chart is labelled and has a table
// (re-render time lives in scripts/bench ui, never in a timed test).

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, SITE_DIR, csvRecords, generation, launchSite, openBoard, pinWholeExport, screenshot, screenshotOf, waitForLoad, switchLanguage } from './harness.mjs';
import { loadEngine } from '../node/helpers.mjs';

let site;
let deals;
before(async () => {
  site = await launchSite({ locale: 'en-US' });
  await pinWholeExport(site.context); // loss reasons and data quality are counted here over the whole deals.csv
  deals = csvRecords(await readFile(path.join(SITE_DIR, 'demo/deals.csv'), 'utf8'));
});
after(async () => { await site?.close(); });

const count = (n) => new Intl.NumberFormat('en-US').format(n);
const percent = (share) => new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(share);
const days = (d) => `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: d < 10 ? 1 : 0 }).format(d)} d`;

/** Texts drawn outside their SVG's box (clipped on screen): [] when every label fits. */
function textsOutside(page) {
  return page.$$eval('kpi-charts svg', (svgs) => svgs.flatMap((svg) => {
    const width = svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll('text')].map((text) => ({ text: text.textContent, box: text.getBBox() }))
      .filter(({ box }) => box.x < -0.5 || box.x + box.width > width + 0.5)
      .map(({ text, box }) => `${text}: ${box.x.toFixed(0)}..${(box.x + box.width).toFixed(0)} of ${width}`);
  }));
}

function pageReport(page) {
  return page.evaluate(() => document.querySelector('kpi-charts').report);
}

/** Rows of one chart: the group's data attributes and the text of its label and values. */
function chartRows(page, chart) {
  return page.$$eval(`[data-chart="${chart}"] svg g[data-stage], [data-chart="${chart}"] svg g[data-reason], [data-chart="${chart}"] svg g[data-manager]`,
    (groups) => groups.map((g) => ({
      data: { ...g.dataset },
      // What is drawn: the label's own text, not its <title> (the whole name, for a clipped one).
      label: [...g.querySelector('.kpi-chart-label').childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(''),
      fullLabel: g.querySelector('.kpi-chart-label title').textContent,
      values: Object.fromEntries([...g.querySelectorAll('[data-value]')].map((v) => [v.dataset.value, v.textContent])),
    })));
}

async function assertStageCharts(page, report, pipeline) {
  const stages = report.stages.filter((s) => s.pipeline === pipeline).sort((a, b) => a.order - b.order);
  assert.ok(stages.length > 0);
  const funnel = await chartRows(page, 'funnel');
  assert.deepEqual(funnel.map((r) => r.fullLabel), stages.map((s) => s.stage));
  for (const [i, row] of funnel.entries()) {
    assert.equal(row.values.reached, count(stages[i].reached), `${row.label}: reached`);
    assert.equal(row.values.conversion, `→ ${percent(stages[i].conversion)}`, `${row.label}: conversion`);
  }
  const stalled = await chartRows(page, 'stalled');
  assert.deepEqual(stalled.map((r) => r.fullLabel), stages.map((s) => s.stage));
  for (const [i, row] of stalled.entries()) {
    const s = stages[i];
    assert.equal(row.values.stalled, s.open ? `${percent(s.stalled_share)} · ${s.stalled} of ${s.open}` : 'no open deals');
  }
  const time = await chartRows(page, 'time');
  for (const [i, row] of time.entries()) {
    assert.equal(row.values.days, `${days(stages[i].median_days_in_stage)} · p90 ${days(stages[i].p90_days_in_stage)}`);
  }
}

test('the pipeline charts draw the stages and values the report holds', async () => {
  const { page } = site;
  await openBoard(page, site.url);
  const report = await pageReport(page);
  // The demo has two pipelines; the larger (more deals at its first stage) is shown first.
  const firsts = new Map();
  for (const s of report.stages) if (s.order === 0) firsts.set(s.pipeline, s.reached);
  const largest = [...firsts].sort((a, b) => b[1] - a[1])[0][0];
  assert.equal(largest, 'Продажи');
  assert.equal(await page.getAttribute('.kpi-charts-grid', 'data-pipeline'), largest);
  await assertStageCharts(page, report, largest);
  await page.locator('kpi-charts').screenshot({ path: path.join(ROOT, 'artifacts/screenshots/charts.png') });

  await page.selectOption('[data-pipeline-select]', 'Повторные продажи');
  assert.equal(await page.getAttribute('.kpi-charts-grid', 'data-pipeline'), 'Повторные продажи');
  await assertStageCharts(page, report, 'Повторные продажи');
  await page.selectOption('[data-pipeline-select]', largest);
  assert.deepEqual(site.problems, []);
});

/** Chart texts outside the screen or outside their scroll box (hidden behind a sideways scroll). */
function textsCut(page) {
  return page.$$eval('kpi-charts svg text', (texts) => texts.map((text) => {
    const r = text.getBoundingClientRect();
    const box = text.closest('.kpi-chart-scroll').getBoundingClientRect();
    return { text: text.textContent, chart: text.closest('figure').dataset.chart, left: r.left, right: r.right,
      min: Math.max(0, box.left), max: Math.min(innerWidth, box.right) };
  }).filter((x) => x.left < x.min - 0.5 || x.right > x.max + 0.5)
    .map((x) => `${x.chart}: ${x.text} ${x.left.toFixed(0)}..${x.right.toFixed(0)} of ${x.min.toFixed(0)}..${x.max.toFixed(0)}`));
}

// Issue 10: the wide funnel was cut at 390 px; on a phone it is drawn half-width and fits whole.
test('at 390 px every chart text is inside the screen and its box, in both languages', async () => {
  const { page } = site;
  const funnelWidth = (w) => page.waitForFunction((want) => document.querySelector('[data-chart="funnel"] svg')?.viewBox.baseVal.width === want, w);
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await funnelWidth(500);
    for (const lang of ['en', 'ru']) {
      if (lang === 'ru') await switchLanguage(page, 'ru');
      await funnelWidth(500);
      assert.deepEqual(await textsOutside(page), [], lang);
      assert.deepEqual(await textsCut(page), [], lang);
      assert.deepEqual(await page.$$eval('kpi-charts .kpi-chart-scroll', (all) => all.filter((e) => e.scrollWidth > e.clientWidth + 1)
        .map((e) => e.closest('figure').dataset.chart)), [], `${lang}: no chart scrolls sideways`);
      // The phone's funnel draws the same stages and values.
      const report = await pageReport(page);
      const stages = report.stages.filter((st) => st.pipeline === 'Продажи').sort((a, b) => a.order - b.order);
      assert.deepEqual((await chartRows(page, 'funnel')).map((r) => r.fullLabel), stages.map((st) => st.stage));
      await screenshotOf(page, 'kpi-charts [data-chart="funnel"]', `funnel-${lang}-390`);
    }
  } finally {
    await switchLanguage(page, 'en');
    await page.setViewportSize({ width: 1366, height: 900 });
  }
  await funnelWidth(960);
  await screenshotOf(page, 'kpi-charts [data-chart="funnel"]', 'funnel-en-1366');
});

test('the loss reasons are the ones counted from deals.csv, "no reason given" included', async () => {
  const { page } = site;
  // The default period is the whole data range, so every lost deal with a close date is in it.
  const lost = deals.filter((d) => d.state === 'lost' && d.closed_at);
  const byReason = new Map();
  for (const d of lost) byReason.set(d.loss_reason, (byReason.get(d.loss_reason) ?? 0) + 1);
  const rows = await chartRows(page, 'loss');
  assert.equal(rows.length, byReason.size);
  for (const row of rows) {
    const reason = 'noReason' in row.data ? '' : row.data.reason;
    const n = byReason.get(reason);
    assert.equal(Number(row.data.count), n, `${reason || 'no reason'}: count`);
    assert.equal(row.values.loss, `${count(n)} · ${percent(n / lost.length)}`);
  }
  const none = rows.find((r) => 'noReason' in r.data);
  assert.equal(none.label, 'No reason given');
  // Sorted by count, the no-reason row last among equals (spec/report.md).
  const counts = rows.map((r) => Number(r.data.count));
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
});

test('every chart is labelled and has a table with the same rows', async () => {
  const { page } = site;
  const figures = await page.$$eval('kpi-charts figure[data-chart]', (list) => list.map((f) => {
    const svg = f.querySelector('svg');
    const ids = (svg?.getAttribute('aria-labelledby') ?? '').split(' ').filter(Boolean);
    return {
      chart: f.dataset.chart,
      role: svg?.getAttribute('role') ?? null,
      labels: ids.map((id) => document.getElementById(id)?.textContent ?? null),
      svgTitle: svg?.querySelector(':scope > title')?.textContent ?? null,
      rows: svg ? svg.querySelectorAll('g[data-stage], g[data-reason], g[data-manager]').length : 0,
      tableRows: f.querySelectorAll('details table tbody tr').length,
      text: f.innerText,
    };
  }));
  assert.deepEqual(figures.map((f) => f.chart), ['funnel', 'stalled', 'time', 'loss', 'loss-mix', 'plan']);
  // The loss mix (issue 11) is a table itself: a row per manager.
  assert.equal(await page.$$eval('[data-chart="loss-mix"] tbody tr', (trs) => trs.length), (await pageReport(page)).managers.length);
  for (const f of figures.filter((x) => x.chart !== 'plan' && x.chart !== 'loss-mix')) {
    assert.equal(f.role, 'img', f.chart);
    assert.equal(f.labels.length, 2, `${f.chart}: title and description`);
    assert.ok(f.labels.every((l) => l && l.length > 10), `${f.chart}: ${f.labels}`);
    assert.equal(f.svgTitle, f.labels[0]);
    assert.ok(f.rows > 0);
    assert.equal(f.tableRows, f.rows, `${f.chart}: one table row per bar`);
  }
  assert.deepEqual(await textsOutside(page), []);
  // Without plans the plan chart says how to get one.
  const plan = figures.find((f) => f.chart === 'plan');
  assert.equal(plan.role, null);
  assert.match(plan.text, /No sales plans yet/);
  await page.click('[data-chart="plan"] [data-action="open-settings"]');
  await page.waitForSelector('dialog.kpi-settings-panel[open]');
  await page.click('[data-action="close-settings"]');
});

test('the data quality panel lists what deals.csv lacks, with severity and examples', async () => {
  const { page } = site;
  const report = await pageReport(page);
  const shown = await page.$$eval('kpi-quality li[data-check]', (items) => items.map((li) => ({
    check: li.dataset.check, severity: li.dataset.severity, count: Number(li.dataset.count),
    countText: li.querySelector('.kpi-check-count')?.textContent ?? null,
    examples: [...li.querySelectorAll('.kpi-example')].map((e) => e.textContent),
    passed: li.closest('details') !== null,
  })));
  assert.deepEqual(shown.map((s) => s.check).sort(), report.data_quality.map((q) => q.check).sort());
  const found = shown.filter((s) => !s.passed);
  assert.ok(found.every((s) => s.count > 0) && shown.filter((s) => s.passed).every((s) => s.count === 0 && s.severity === 'ok'));
  // Most serious first.
  const rank = { high: 0, medium: 1 };
  assert.deepEqual(found.map((s) => rank[s.severity]), found.map((s) => rank[s.severity]).sort());

  const total = deals.length;
  const expectCount = (check, n, severity) => {
    const row = shown.find((s) => s.check === check);
    assert.equal(row.count, n, check);
    assert.equal(row.severity, severity, check);
    const share = n / total < 0.001 ? '< 0.1%' : new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(n / total);
    assert.equal(row.countText, `${count(n)} ${n === 1 ? 'deal' : 'deals'} (${share} of ${count(total)} deals)`);
    assert.deepEqual(row.examples, report.data_quality.find((q) => q.check === check).examples);
  };
  expectCount('missing_source', deals.filter((d) => d.source === '').length, 'medium');
  expectCount('lost_missing_reason', deals.filter((d) => d.state === 'lost' && d.loss_reason === '').length, 'medium');
  expectCount('won_missing_amount', deals.filter((d) => d.state === 'won' && d.amount === '').length, 'high');

  // Coverage: one row per KPI, the share and "N of M" the report's, the rest described.
  const coverage = await page.$$eval('kpi-quality .kpi-coverage tbody tr', (rows) => rows.map((tr) => ({
    metric: tr.dataset.metric, covered: tr.querySelector('.kpi-share-text').textContent, note: tr.querySelector('.kpi-coverage-note').textContent,
  })));
  assert.deepEqual(coverage.map((c) => c.metric), report.coverage.map((c) => c.metric));
  for (const [i, c] of report.coverage.entries()) {
    // Whole percent, but a gap never rounds away: 4,996 of 5,000 (99.92 %) reads 99%, not 100%.
    const exact = Math.round((100 * c.covered) / c.total);
    const whole = c.covered === c.total ? 100 : Math.max(c.covered > 0 ? 1 : 0, Math.min(99, exact));
    assert.equal(coverage[i].covered, `${whole}% · ${count(c.covered)} of ${count(c.total)}`);
    if (c.covered === c.total) assert.equal(coverage[i].note.trim(), 'nothing missing');
  }
  assert.equal(coverage.find((c) => c.metric === 'sla').covered, '99% · 4,996 of 5,000');
  // frt: 4,800 of 5,000 answered -> "4% of the leads created in the period have no outgoing touch".
  const frt = report.coverage.find((c) => c.metric === 'frt');
  const lacking = Math.round((100 * (frt.total - frt.covered)) / frt.total);
  // 96 % covered is no cause for alarm (no badge); the gap is still said.
  assert.equal(coverage.find((c) => c.metric === 'frt').note.trim(), `${lacking}% of the leads created in the period have no outgoing touch`);
  assert.equal(await page.getAttribute('kpi-quality tr[data-metric="frt"]', 'data-severity'), 'ok');
  await page.locator('kpi-quality').screenshot({ path: path.join(ROOT, 'artifacts/screenshots/quality.png') });
  assert.deepEqual(site.problems, []);
});

test('the charts and the quality panel in Russian', async () => {
  const { page } = site;
  await switchLanguage(page, 'ru');
  assert.equal(await page.$eval('[data-chart="loss"] g[data-no-reason] .kpi-chart-label', (e) => e.lastChild.textContent), 'Причина не указана');
  assert.equal(await page.textContent('kpi-quality .kpi-section-title'), 'Качество данных');
  const report = await pageReport(page);
  const first = report.stages.find((s) => s.pipeline === 'Продажи' && s.order === 0);
  const ru = new Intl.NumberFormat('ru-RU', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(first.conversion);
  assert.equal(await page.textContent(`[data-chart="funnel"] g[data-stage="${first.stage}"] [data-value="conversion"]`), `→ ${ru}`);
  assert.deepEqual(await textsOutside(page), []);
  await screenshot(page, 'charts-quality-ru');
  await switchLanguage(page, 'en');
});

// One judge (issue 9): the plan chart draws report.plans and derives nothing.
// Money and count plans on the demo, as of Mar 15; the same files and settings
// analysed by the engine in Node give the numbers each bar must carry.
const PLAN_SETTINGS = {
  as_of: '2026-03-15',
  plans: [
    { owner: 'Анна Смирнова', from: '2026-03-01', to: '2026-04-01', revenue: 40000000, won_count: 40 },
    { owner: 'Игорь Петров', from: '2026-03-01', to: '2026-04-01', revenue: 10000000 },
    { owner: 'Игорь Петров', from: '2026-03-01', to: '2026-04-01', won_count: 30 },
    { owner: 'team', from: '2026-03-01', to: '2026-04-01', won_count: 300 },
  ],
};

test('the plan chart draws report.plans for money and count plans, the team on its own scale', async () => {
  const { page } = site;
  await page.setViewportSize({ width: 1366, height: 900 });
  const before = await generation(page);
  await page.evaluate((settings) => document.dispatchEvent(new CustomEvent('kpi-settings-change', { detail: { settings } })), PLAN_SETTINGS);
  await waitForLoad(page, before);
  await page.waitForSelector('[data-chart="plan"] g[data-measure="won_count"]');

  const engine = await loadEngine();
  const manifest = JSON.parse(await readFile(path.join(SITE_DIR, 'demo/manifest.json'), 'utf8'));
  for (const name of manifest.files) await engine.addFile(name, await readFile(path.join(SITE_DIR, 'demo', name)));
  engine.setSettings(PLAN_SETTINGS);
  const { plans } = engine.report();
  engine.dispose();
  assert.deepEqual((await pageReport(page)).plans, plans, 'the page analyses what Node analyses');
  // Hand-checked shape: Anna has both measures, Igor one row each; the team's count plan is its own,
  // its money plan the managers' sum.
  for (const measure of ['revenue', 'won_count']) {
    assert.deepEqual(plans[measure].managers.map((m) => m.manager).sort(), ['Анна Смирнова', 'Игорь Петров'].sort(), measure);
  }
  assert.equal(plans.revenue.team.plan, 50000000);
  assert.equal(plans.won_count.team.plan, 300);
  for (const m of [...plans.revenue.managers, ...plans.won_count.managers, plans.revenue.team, plans.won_count.team]) {
    assert.ok(m.fact > 0 && m.expected > 0 && m.forecast > 0, JSON.stringify(m));
  }

  const drawn = await page.$$eval('[data-chart="plan"] g[data-manager]', (gs) => gs.map((g) => ({
    measure: g.dataset.measure, manager: g.hasAttribute('data-team') ? null : g.dataset.manager,
    plan: Number(g.dataset.plan), fact: Number(g.dataset.fact), expected: Number(g.dataset.expected), forecast: Number(g.dataset.forecast),
    text: g.querySelector('[data-value="plan"]').textContent,
    planX: Number(g.querySelector('.kpi-chart-plan-line').getAttribute('x1')),
  })));
  const want = ['revenue', 'won_count'].flatMap((measure) => [
    ...plans[measure].managers.map((m) => ({ measure, ...m })),
    { measure, manager: null, ...plans[measure].team },
  ]);
  assert.deepEqual(drawn.map(({ text, planX, ...rest }) => rest), want);
  // A count plan is written in deals, not money: "N of 40 · pace … · forecast …".
  const annaWon = drawn.find((d) => d.measure === 'won_count' && d.manager === 'Анна Смирнова');
  assert.match(annaWon.text, new RegExp(`^${count(plans.won_count.managers[0].fact)} of 40 · pace `));
  assert.doesNotMatch(annaWon.text, /₽/);
  // The team's row has its own scale, so it does not squeeze the managers' bars: on a shared scale the
  // managers' plan lines would sit at 40/300 of the count chart's bar width (x 190..580); here the
  // longest manager line and the team's both reach past the middle.
  for (const measure of ['revenue', 'won_count']) {
    const rows = drawn.filter((d) => d.measure === measure);
    const team = rows.find((d) => d.manager === null);
    const managersMaxX = Math.max(...rows.filter((d) => d.manager !== null).map((d) => d.planX));
    assert.ok(managersMaxX > 385 && team.planX > 385, `${measure}: team ${team.planX}, managers up to ${managersMaxX}`);
  }
  assert.deepEqual(await textsOutside(page), []);
  // The table lists every drawn row.
  assert.equal(await page.$$eval('[data-chart="plan"] details table tbody tr', (trs) => trs.length), drawn.length);

  await switchLanguage(page, 'ru');
  assert.deepEqual(await page.$$eval('[data-chart="plan"] .kpi-chart-subtitle', (hs) => hs.map((x) => x.textContent)), ['Выручка', 'Выигранные сделки']);
  assert.deepEqual(await textsOutside(page), []);
  await screenshotOf(page, 'kpi-charts [data-chart="plan"]', 'plan-chart-measures-ru-1366');
  await switchLanguage(page, 'en');
});

// Issue 11 (second session): the plan by working day and each manager's loss
// reasons against the team draw report.plan_days and report.loss_mix as the
// core gave them (the page is still on PLAN_SETTINGS from the test above).
test('the plan by working day draws report.plan_days; the loss mix lists the reasons the core ranked', async () => {
  const { page } = site;
  await page.waitForSelector('[data-chart="plan-days"] .kpi-plan-days-track');
  const report = await pageReport(page);
  const want = ['revenue', 'won_count'].flatMap((measure) => [
    ...(report.plan_days[measure].team ? [{ measure, manager: '', ...report.plan_days[measure].team }] : []),
    ...report.plan_days[measure].managers.map((m) => ({ measure, ...m }))]).filter((t) => t.days.length);
  assert.ok(want.length >= 4, 'team and managers, both measures');
  const drawn = await page.$$eval('[data-chart="plan-days"] .kpi-plan-days-track', (tracks) => tracks.map((d) => {
    const now = d.querySelector('circle.kpi-plan-days-now');
    return { measure: d.dataset.measure, manager: d.dataset.manager, status: d.dataset.status, points: Number(d.dataset.points),
      now: now ? { date: now.dataset.date, fact: Number(now.dataset.fact), expected: Number(now.dataset.expected) } : null };
  }));
  assert.deepEqual(drawn, want.map((t) => {
    const last = t.days.filter((d) => d.fact !== null).at(-1) ?? null;
    return { measure: t.measure, manager: t.manager, status: t.status ?? '', points: t.days.length,
      now: last && { date: last.date, fact: last.fact, expected: last.expected } };
  }));
  // As of 15 March, with the default calendar (Mon–Fri): March 2026 has 22 working days, the 15th is a Sunday,
  // so the last day with a fact is Friday the 13th.
  assert.equal(want[0].days.length, 22);
  assert.equal(drawn[0].now.date, '2026-03-13');
  assert.deepEqual(await textsOutside(page), []);
  await screenshotOf(page, 'kpi-charts [data-chart="plan-days"]', 'plan-days-1366-en');

  const mix = await page.$$eval('[data-chart="loss-mix"] tbody tr', (rows) => rows.map((tr) => ({
    manager: tr.dataset.manager, ranked: [...tr.querySelectorAll('li[data-reason]')].map((li) => ({ reason: li.dataset.reason, diff: Number(li.dataset.diff) })),
  })));
  assert.deepEqual(mix, report.loss_mix.map((m) => ({
    manager: m.manager,
    ranked: m.reasons.filter((x) => x.rank !== null).sort((a, b) => a.rank - b.rank).map((x) => ({ reason: x.reason ?? '', diff: x.diff })),
  })));
  assert.ok(mix.some((m) => m.ranked.length > 0), 'some manager differs from the team');
  await screenshotOf(page, 'kpi-charts [data-chart="loss-mix"]', 'loss-mix-1366-en');
});
