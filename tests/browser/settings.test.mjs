// The settings panel on the demo: a changed norm or control period changes the
// report (and the charts drawn from it), the settings survive a reload and
// reach the engine before the first report, reset returns to the core's
// defaults, the exported file is the command line's --config (the CLI gives
// the same figures with it) and imports back, bad values are refused by the
// core next to their field (tests/browser/settings-errors.test.mjs: by JSON
// pointer, whatever the words), and a plan appears in the plan chart with the revenue counted
// here from deals.csv.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import {
  ROOT, SITE_DIR, csvRecords, generation, launchSite, openBoard, screenshot, screenshotOf, waitForLoad, switchLanguage,
} from './harness.mjs';
import { message } from '../../wasm/messages.mjs';

const run = promisify(execFile);

let site;
before(async () => { site = await launchSite({ locale: 'en-US', viewport: { width: 1280, height: 1000 } }); });
after(async () => { await site?.close(); });

/** The report the page shows (the controller hands it to every data-report view). */
function pageReport(page) {
  return page.evaluate(() => document.querySelector('kpi-charts').report);
}

async function openSettings(page) {
  if (!(await page.isVisible('dialog.kpi-settings-panel[open]'))) await page.click('kpi-settings .kpi-settings-open');
  await page.waitForSelector('dialog.kpi-settings-panel[open]');
}

async function closeSettings(page) {
  await page.click('[data-action="close-settings"]');
  await page.waitForSelector('dialog.kpi-settings-panel[open]', { state: 'detached' }).catch(() => {});
}

/** Types a value into a panel field and leaves it (a `change`); waits for the new report. */
async function setField(page, field, value, { expectReport = true } = {}) {
  const before = await generation(page);
  const input = page.locator(`dialog [data-input="${field}"]`);
  await input.fill(String(value));
  await input.blur();
  if (expectReport) return waitForLoad(page, before);
  return before;
}

const percent = (share) => new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(share);

/** The board's rule: ok within the norm, warn within 10 % of it, bad beyond (at-most norms). */
function expectedStatus(share, norm) {
  if (share === null) return '';
  if (share <= norm) return 'ok';
  return share <= norm * 1.1 ? 'warn' : 'bad';
}

async function stalledChart(page) {
  return page.$$eval('[data-chart="stalled"] g[data-stage]', (rows) => rows.map((g) => ({
    stage: g.dataset.stage, status: g.dataset.status, text: g.querySelector('[data-value="stalled"]').textContent,
  })));
}

test('a norm and a control period changed in the panel change the report and the charts', async () => {
  const { page } = site;
  await openBoard(page, site.url);
  const initial = await pageReport(page);
  assert.equal(initial.norms.stalled_share, 0.1);
  await openSettings(page);
  await screenshot(page, 'settings-panel');
  assert.equal(await page.inputValue('[data-input="norms.stalled_share"]'), '10');

  await setField(page, 'norms.stalled_share', 60);
  const changed = await pageReport(page);
  assert.equal(changed.norms.stalled_share, 0.6);
  const pipeline = await page.getAttribute('.kpi-charts-grid', 'data-pipeline');
  assert.equal(pipeline, 'Продажи'); // the larger of the demo's two pipelines is shown first
  const main = changed.stages.filter((s) => s.pipeline === pipeline).sort((a, b) => a.order - b.order);
  const chart = await stalledChart(page);
  assert.deepEqual(chart.map((r) => r.stage), main.map((s) => s.stage));
  for (const [i, row] of chart.entries()) {
    assert.equal(row.status, expectedStatus(main[i].stalled_share, 0.6), `${row.stage}: status against 60 %`);
  }
  // 57.9 % of Квалификация (55 of 95 open deals) was "bad" against 10 % and is "ok" against 60 %.
  assert.equal(chart.find((r) => r.stage === 'Квалификация').status, 'ok');
  assert.equal(await page.getAttribute('[data-chart="stalled"] line[data-norm]', 'data-norm'), '0.6');

  // Квалификация: 2 days by default; 30 days leaves fewer of its open deals stalled.
  const before = changed.stages.find((s) => s.pipeline === 'Продажи' && s.stage === 'Квалификация');
  await setField(page, 'stage_control_days.Квалификация', 30);
  const after30 = (await pageReport(page)).stages.find((s) => s.pipeline === 'Продажи' && s.stage === 'Квалификация');
  assert.equal(after30.open, before.open);
  assert.ok(after30.stalled < before.stalled, `stalled ${after30.stalled} < ${before.stalled}`);
  const row = (await stalledChart(page)).find((r) => r.stage === 'Квалификация');
  assert.equal(row.text, `${percent(after30.stalled_share)} · ${after30.stalled} of ${after30.open}`);
  assert.match(await page.textContent('[data-settings-status]'), /Applied and saved/);
  assert.deepEqual(site.problems, []);
});

test('the panel is not redrawn under the user: Tab after a change keeps the next field focused', async () => {
  const { page } = site;
  await openSettings(page);
  await page.$eval('[data-input="norms.next_step_share"]', (input) => { input.dataset.mark = 'same element'; });
  const before = await generation(page);
  await page.fill('[data-input="norms.sla_share"]', '80');
  await page.keyboard.press('Tab');
  await waitForLoad(page, before);
  assert.equal((await pageReport(page)).norms.sla_share, 0.8);
  assert.deepEqual(await page.evaluate(() => ({ ...document.activeElement.dataset })),
    { input: 'norms.next_step_share', mark: 'same element' });
});

test('the settings survive a reload and the first report already uses them', async () => {
  const { page } = site;
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('kpi-lens.settings')));
  assert.equal(stored.settings.norms.stalled_share, 0.6);
  assert.equal(stored.settings.stage_control_days['Квалификация'], 30);
  await page.reload();
  await waitForLoad(page, 0);
  // Generation 1 is the demo's own load: no second analysis was needed.
  assert.equal(await generation(page), 1);
  const report = await pageReport(page);
  assert.equal(report.norms.stalled_share, 0.6);
  assert.equal(await page.getAttribute('[data-chart="stalled"] line[data-norm]', 'data-norm'), '0.6');
  assert.equal(await page.getAttribute('kpi-settings .kpi-settings-open', 'data-custom'), 'true');
  await openSettings(page);
  assert.equal(await page.inputValue('[data-input="norms.stalled_share"]'), '60');
  assert.equal(await page.inputValue('[data-input="stage_control_days.Квалификация"]'), '30');
});

test('the exported file is the CLI --config: same figures there, and it imports back', async () => {
  const { page } = site;
  await openSettings(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="settings-export"]')]);
  assert.equal(download.suggestedFilename(), 'kpi-lens-settings.json');
  const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(exported.norms.stalled_share, 0.6);
  assert.equal(exported.stage_control_days['Квалификация'], 30);
  assert.equal(exported.tz, 'Europe/Moscow');
  assert.equal(exported.calendar, 'default');

  const dir = await mkdtemp(path.join(os.tmpdir(), 'kpi-lens-settings-'));
  try {
    const config = path.join(dir, 'config.json');
    await writeFile(config, JSON.stringify(exported));
    const manifest = JSON.parse(await readFile(path.join(SITE_DIR, 'demo/manifest.json'), 'utf8'));
    const { stdout } = await run('node', [path.join(ROOT, 'build/wasm/cli.mjs'), 'analyze', '--format', 'json', '--config', config,
      ...manifest.files.map((f) => path.join(SITE_DIR, 'demo', f))], { maxBuffer: 64 << 20 });
    const cli = JSON.parse(stdout);
    const shown = await pageReport(page);
    assert.deepEqual(cli.norms, shown.norms);
    assert.deepEqual(cli.stages, shown.stages);
    assert.deepEqual(cli.board.map((b) => [b.id, b.value, b.status]), shown.board.map((b) => [b.id, b.value, b.status]));

    // Import an edited copy: SLA 50 %, the period of March 2026.
    const edited = { ...exported, norms: { ...exported.norms, sla_share: 0.5 }, from: '2026-03-01', to: '2026-04-01' };
    const before = await generation(page);
    await page.setInputFiles('[data-settings-import-file]', {
      name: 'edited.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(edited)),
    });
    await waitForLoad(page, before);
    const imported = await pageReport(page);
    assert.equal(imported.norms.sla_share, 0.5);
    assert.equal(imported.period.from, '2026-02-28T21:00:00Z'); // 1 March, Moscow
    assert.equal(imported.period.to, '2026-03-31T21:00:00Z');
    assert.equal(await page.inputValue('[data-input="norms.sla_share"]'), '50');
    assert.equal(await page.inputValue('[data-input="from"]'), 'Mar 1, 2026'); // as the English page writes dates
    assert.equal(await page.inputValue('[data-input="to"]'), 'Mar 31, 2026'); // shown inclusive
    // The report's period, told in the settings' zone (Moscow), not the browser's (UTC here).
    assert.match(await page.textContent('[data-period-hint]'), /In the current report: Mar 1, 2026 – Mar 31, 2026;/);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('kpi-lens.settings')));
    assert.equal(stored.settings.to, '2026-04-01');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('bad values are refused by the core next to their field; a bad file is not imported', async () => {
  const { page } = site;
  await openSettings(page);
  const before = await pageReport(page);
  const gen = await setField(page, 'norms.sla_share', -5, { expectReport: false });
  const holder = page.locator('dialog [data-field="norms.sla_share"]');
  await holder.locator('.kpi-field-error').waitFor({ state: 'visible' });
  assert.equal(await holder.locator('.kpi-field-error').textContent(), 'Enter a percentage from 0 to 100.');
  assert.equal(await page.getAttribute('[data-input="norms.sla_share"]', 'aria-invalid'), 'true');
  assert.match(await page.textContent('[data-settings-status]'), /correct the marked fields/);
  await page.waitForTimeout(300);
  assert.equal(await generation(page), gen, 'nothing was applied');
  assert.deepEqual((await pageReport(page)).norms, before.norms);
  await screenshot(page, 'settings-error');
  await setField(page, 'norms.sla_share', 50);
  assert.equal(await page.getAttribute('[data-input="norms.sla_share"]', 'aria-invalid'), null);

  // A file with a plan owner that is not text: the core names the field; nothing is imported.
  const config = { plans: [{ owner: 7, from: '2026-03-01', to: '2026-04-01', revenue: 1 }] };
  await page.setInputFiles('[data-settings-import-file]', {
    name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(config)),
  });
  await page.waitForFunction(() => document.querySelector('[data-settings-status]')?.textContent.startsWith('Not imported'));
  assert.equal(await page.textContent('[data-settings-status]'),
    'Not imported: bad.json is not a settings file (/plans/0/owner: must be text). Nothing changed.');
  assert.equal(await page.inputValue('[data-input="norms.sla_share"]'), '50');
  // Not saved: the stored settings are still the last accepted ones.
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('kpi-lens.settings')));
  assert.deepEqual(stored.settings.plans, []);
});

// Issue 10: the date fields show and take dates as the page's language writes
// them (not the browser's date control); the document and the core keep ISO.
test('date fields in the page language: Mar 2, 2026 in English, 02.03.2026 in Russian; the core gets ISO', async () => {
  const { page } = site;
  await openSettings(page);
  assert.equal(await page.getAttribute('[data-input="from"]', 'type'), 'text');
  assert.equal(await page.getAttribute('[data-input="from"]', 'placeholder'), 'Mar 31, 2026');
  await setField(page, 'from', 'Mar 2, 2026');
  await setField(page, 'to', '3/30/2026'); // the last day, inclusive
  let report = await pageReport(page);
  assert.equal(report.period.from, '2026-03-01T21:00:00Z'); // 2 March 00:00, Moscow
  assert.equal(report.period.to, '2026-03-30T21:00:00Z'); //   31 March 00:00: the 30th is inside
  assert.equal(await page.inputValue('[data-input="from"]'), 'Mar 2, 2026');
  assert.equal(await page.inputValue('[data-input="to"]'), 'Mar 30, 2026');
  let stored = await page.evaluate(() => JSON.parse(localStorage.getItem('kpi-lens.settings')).settings);
  assert.deepEqual([stored.from, stored.to], ['2026-03-02', '2026-03-31']);
  await screenshotOf(page, 'dialog [data-section="period"]', 'settings-dates-en-1280');

  await closeSettings(page);
  await switchLanguage(page, 'ru');
  await openSettings(page);
  assert.equal(await page.inputValue('[data-input="from"]'), '02.03.2026');
  assert.equal(await page.inputValue('[data-input="to"]'), '30.03.2026');
  assert.equal(await page.getAttribute('[data-input="to"]', 'placeholder'), 'дд.мм.гггг');
  assert.equal(await page.getAttribute('[data-input="as_of"]', 'placeholder'), 'дд.мм.гггг чч:мм');
  await setField(page, 'to', '15.03.2026');
  await setField(page, 'as_of', '20.03.2026 10:30');
  report = await pageReport(page);
  assert.equal(report.period.to, '2026-03-15T21:00:00Z');
  assert.equal(report.as_of, '2026-03-20T07:30:00Z');
  assert.equal(await page.inputValue('[data-input="as_of"]'), '20.03.2026 10:30');
  stored = await page.evaluate(() => JSON.parse(localStorage.getItem('kpi-lens.settings')).settings);
  assert.deepEqual([stored.to, stored.as_of], ['2026-03-16', '2026-03-20T10:30']);
  // No such day: the text goes to the core as typed, and its message stands by the field.
  const gen = await setField(page, 'from', '31.02.2026', { expectReport: false });
  const holder = page.locator('dialog [data-field="from"]');
  await holder.locator('.kpi-field-error').waitFor({ state: 'visible' });
  assert.equal(await holder.locator('.kpi-field-error').textContent(), 'Не дата: 31.02.2026');
  assert.equal(await generation(page), gen, 'nothing was applied');
  await screenshotOf(page, 'dialog [data-section="period"]', 'settings-dates-ru-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshotOf(page, 'dialog [data-section="period"]', 'settings-dates-ru-390');
  await page.setViewportSize({ width: 1280, height: 1000 });
  await setField(page, 'from', '02.03.2026');
  await closeSettings(page);
  await switchLanguage(page, 'en');
});

test('reset returns to the defaults and forgets the saved settings', async () => {
  const { page } = site;
  await openSettings(page);
  const before = await generation(page);
  page.once('dialog', (dialog) => dialog.accept());
  await page.click('[data-action="settings-reset"]');
  await waitForLoad(page, before);
  const report = await pageReport(page);
  assert.deepEqual(report.norms.stalled_share, 0.1);
  assert.equal(report.norms.sla_share, 0.85);
  assert.equal(await page.inputValue('[data-input="norms.stalled_share"]'), '10');
  assert.equal(await page.inputValue('[data-input="stage_control_days.Квалификация"]'), '2');
  assert.equal(await page.evaluate(() => localStorage.getItem('kpi-lens.settings')), null);
  assert.equal(await page.getAttribute('kpi-settings .kpi-settings-open', 'data-custom'), 'false');
  // Back to the whole data range.
  const fresh = await generation(page);
  await page.reload();
  await waitForLoad(page, 0);
  assert.deepEqual((await pageReport(page)).period, report.period);
  assert.ok(fresh > 0);
});

test('a plan set in the panel appears in the plan chart with the revenue counted from deals.csv', async () => {
  const { page } = site;
  await openSettings(page);
  let before = await generation(page);
  await page.click('[data-action="add-plans-all"]');
  await waitForLoad(page, before);
  const owner = 'Анна Смирнова';
  const PLAN = 20000000;
  const revenueInput = `dialog tr[data-owner="${owner}"] [data-input$=".revenue"]`;
  assert.equal(await page.inputValue(`dialog tr[data-owner="${owner}"] [data-input$=".from"]`), 'Mar 1, 2026'); // the month of "now"
  assert.equal(await page.inputValue(`dialog tr[data-owner="${owner}"] [data-input$=".to"]`), 'Mar 31, 2026'); // in the page's words (issue 10)
  const field = await page.getAttribute(revenueInput, 'data-input');
  await setField(page, field, PLAN);
  await page.locator('dialog [data-section="plans"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ROOT, 'artifacts/screenshots/settings-plans.png') });
  await closeSettings(page);

  // Fact: Anna's deals won in March 2026 (Moscow wall-clock times in the file).
  const deals = csvRecords(await readFile(path.join(SITE_DIR, 'demo/deals.csv'), 'utf8'));
  const fact = deals.filter((d) => d.owner === owner && d.state === 'won' && d.closed_at.startsWith('2026-03') && d.amount !== '')
    .reduce((sum, d) => sum + Number(d.amount), 0);
  assert.ok(fact > 0);
  const bar = page.locator(`[data-chart="plan"] g[data-manager="${owner}"]`);
  assert.equal(Number(await bar.getAttribute('data-plan')), PLAN);
  assert.ok(Math.abs(Number(await bar.getAttribute('data-fact')) - fact) < 1e-6, `fact ${await bar.getAttribute('data-fact')} vs ${fact}`);
  // "Now" is the last minute of March, so the whole plan period has elapsed: forecast = fact.
  assert.ok(Math.abs(Number(await bar.getAttribute('data-forecast')) - fact) < 1e-6);
  assert.equal(await bar.getAttribute('data-status'), fact >= PLAN ? 'ok' : fact >= 0.9 * PLAN ? 'warn' : 'bad');
  const pace = percent(fact / PLAN);
  assert.match(await bar.locator('[data-value="plan"]').textContent(), new RegExp(`of ₽20M · pace ${pace.replace('.', '\\.')}`));
  // The other managers' rows wait for a revenue and are not sent: only Anna and the team are drawn.
  assert.deepEqual(await page.$$eval('[data-chart="plan"] g[data-manager]', (gs) => gs.map((g) => g.dataset.manager)), [owner, '']);
  const report = await pageReport(page);
  assert.deepEqual(report.managers.filter((m) => m.metrics.plan_revenue !== null).map((m) => m.name), [owner]);
  // The team has no plan of its own: the managers' plans (Anna's alone) add up.
  const team = page.locator('[data-chart="plan"] g[data-team]');
  assert.equal(Number(await team.getAttribute('data-plan')), PLAN);
  assert.ok(Math.abs(Number(await team.getAttribute('data-fact')) - fact) < 1e-6);
  // Every value of the plan chart is drawn inside its box.
  assert.deepEqual(await page.$$eval('[data-chart="plan"] svg text', (texts) => texts.filter((t) => {
    const box = t.getBBox();
    return box.x < -0.5 || box.x + box.width > t.ownerSVGElement.viewBox.baseVal.width + 0.5;
  }).map((t) => t.textContent)), []);
  await page.locator('[data-chart="plan"]').scrollIntoViewIfNeeded();
  await page.locator('[data-chart="plan"]').screenshot({ path: path.join(ROOT, 'artifacts/screenshots/chart-plan.png') });
  assert.deepEqual(site.problems, []);

  // Leave the next test files a clean profile.
  await openSettings(page);
  before = await generation(page);
  page.once('dialog', (dialog) => dialog.accept());
  await page.click('[data-action="settings-reset"]');
  await waitForLoad(page, before);
});

test('the bonus table gives each manager the bonus of their win rate against the team', async () => {
  const { page } = site;
  // Pinned to the whole export (the default period is the last complete month): the counts below are over all of deals.csv.
  if (await page.getAttribute('html', 'data-state') !== 'ready') await openBoard(page, site.url);
  if (await page.isVisible('dialog.kpi-settings-panel[open]')) await closeSettings(page);
  let before = await generation(page);
  await page.click('kpi-period button[data-preset="whole"]');
  await waitForLoad(page, before);
  await openSettings(page);
  before = await generation(page);
  await page.check('dialog [data-input="motivation"]');
  await waitForLoad(page, before);
  // Weights: win rate 1, revenue 0 (set in this order: both 0 at once is refused).
  await setField(page, 'motivation.weights.win_rate', 1);
  await setField(page, 'motivation.weights.revenue', 0);

  // Counted here: win rate = won / (won + lost) per owner over all closed deals (the period
  // set to the whole export above); attainment = own rate / team rate; the default steps
  // [0 → ×0, 80 % → ×0.5, 100 % → ×1, 120 % → ×1.5]; bonus = 100,000 × multiplier.
  const deals = csvRecords(await readFile(path.join(SITE_DIR, 'demo/deals.csv'), 'utf8'));
  const closed = new Map();
  for (const d of deals) {
    if (d.state !== 'won' && d.state !== 'lost') continue;
    const c = closed.get(d.owner) ?? { won: 0, all: 0 };
    c.all += 1;
    if (d.state === 'won') c.won += 1;
    closed.set(d.owner, c);
  }
  const team = [...closed.values()].reduce((a, c) => ({ won: a.won + c.won, all: a.all + c.all }), { won: 0, all: 0 });
  const steps = [[0, 0], [0.8, 0.5], [1, 1], [1.2, 1.5]];
  const shown = await page.$$eval('dialog [data-bonus-result] tbody tr', (rows) => rows.map((tr) => [tr.dataset.manager, Number(tr.dataset.bonus)]));
  assert.equal(shown.length, closed.size);
  for (const [name, bonus] of shown) {
    const c = closed.get(name);
    const attainment = (c.won / c.all) / (team.won / team.all);
    const multiplier = steps.filter(([threshold]) => threshold <= attainment * (1 + 1e-9)).pop()[1];
    assert.equal(bonus, 100000 * multiplier, `${name}: attainment ${attainment}`);
  }
  assert.ok(new Set(shown.map(([, b]) => b)).size > 1, 'the demo managers land on different steps');

  // Each weighted KPI has its column: win rate only (revenue weighs 0), each cell the manager's rate over the team's.
  const parts = () => page.$$eval('dialog [data-bonus-result] thead th[data-part]', (ths) => ths.map((th) => [th.dataset.part, th.textContent]));
  const cells = (part) => page.$$eval(`dialog [data-bonus-result] tbody td[data-part="${part}"]`, (tds) => tds.map((td) => ({
    manager: td.closest('tr').dataset.manager, attainment: td.dataset.attainment, reason: td.dataset.reason, title: td.title, text: td.textContent,
  })));
  assert.deepEqual(await parts(), [['win_rate', 'Win rateweight 1']]);
  const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
  for (const cell of await cells('win_rate')) {
    const c = closed.get(cell.manager);
    const expected = (c.won / c.all) / (team.won / team.all);
    assert.ok(Math.abs(Number(cell.attainment) - expected) < 1e-12, `${cell.manager}: ${cell.attainment} against ${expected}`);
    assert.equal(cell.text, percent.format(expected));
  }
  // A KPI added to the bonus gets its column: won deals against the team's per manager, capped at 150 %.
  await addWeight(page, 'won_count');
  assert.deepEqual((await parts()).map(([part]) => part), ['win_rate', 'won_count']);
  const perManager = team.won / closed.size;
  const won = await cells('won_count');
  assert.equal(won.length, closed.size);
  for (const cell of won) {
    const expected = Math.min(1.5, closed.get(cell.manager).won / perManager);
    assert.ok(Math.abs(Number(cell.attainment) - expected) < 1e-12, `${cell.manager}: ${cell.attainment} against ${expected}`);
  }
  assert.ok(won.some((cell) => Number(cell.attainment) === 1.5), 'a manager far above the team is capped');
  // Revenue weighed without a plan: its cells say why they are empty, and the others still count.
  await setField(page, 'motivation.weights.revenue', 1);
  assert.deepEqual((await parts()).map(([part]) => part), ['revenue', 'win_rate', 'won_count']);
  for (const cell of await cells('revenue')) {
    assert.deepEqual([cell.text, cell.reason, cell.title], ['—', 'BONUS_NEEDS_PLAN', message('BONUS_NEEDS_PLAN', {}, 'en')], cell.manager);
  }
  await page.locator('dialog [data-bonus-result]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ROOT, 'artifacts/screenshots/settings-bonus-parts.png') });
  await page.locator('dialog [data-section="motivation"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ROOT, 'artifacts/screenshots/settings-bonus.png') });

  before = await generation(page);
  await page.uncheck('dialog [data-input="motivation"]');
  await waitForLoad(page, before);
  assert.deepEqual((await pageReport(page)).motivation, []);
});

// ---- branch design (issue 11): the KPI design check beside the bonus table (web/components/design.mjs).

/** The codes of the design findings shown beside the bonus table, in order. */
function designCodes(page) {
  return page.$$eval('dialog [data-design-check] [data-design-code]', (items) => items.map((li) => li.dataset.designCode));
}

/** Adds a METRICS key to the bonus from the panel's list (weight 1); waits for the new report. */
async function addWeight(page, key) {
  const before = await generation(page);
  await page.selectOption('dialog [data-input="motivation.weights.add"]', key);
  await waitForLoad(page, before);
}

test('the KPI design check beside the bonus table: each bonus warning when its condition holds, and not otherwise', async () => {
  const { page } = site;
  if (await page.getAttribute('html', 'data-state') !== 'ready') await openBoard(page, site.url);
  await openSettings(page);
  let before = await generation(page);
  await page.check('dialog [data-input="motivation"]');
  await waitForLoad(page, before);
  // The default bonus (revenue against the plan) on the general role's 7 judged KPIs: nothing to say.
  assert.deepEqual(await designCodes(page), []);
  assert.equal(await page.textContent('dialog [data-design-check] [data-design-ok]'), message('DESIGN_CHECK_OK', {}, 'en'));
  // An activity KPI beside revenue holds; with revenue at 0 the bonus can be earned without a sale.
  await addWeight(page, 'next_step_share');
  assert.deepEqual(await designCodes(page), []);
  await setField(page, 'motivation.weights.revenue', 0);
  assert.deepEqual(await designCodes(page), ['BONUS_ONLY_ACTIVITY']);
  assert.equal(await page.textContent('dialog [data-design-code="BONUS_ONLY_ACTIVITY"]'),
    message('BONUS_ONLY_ACTIVITY', { list: 'Next-step coverage' }, 'en'));
  // The inbound lead count in the bonus: the manager cannot influence it (and it is no result either).
  await addWeight(page, 'sla_total');
  assert.deepEqual(await designCodes(page), ['BONUS_ONLY_ACTIVITY', 'BONUS_NOT_INFLUENCED']);
  await setField(page, 'motivation.weights.revenue', 1);
  assert.deepEqual(await designCodes(page), ['BONUS_NOT_INFLUENCED']);
  before = await generation(page);
  await page.click('dialog [data-action="remove-weight"][data-metric="sla_total"]');
  await waitForLoad(page, before);
  assert.deepEqual(await designCodes(page), []);
  // KPIs in use: the role's 7 (next step among them) + revenue, plan pace and FRT p90 = exactly 10, within 7-10; one more is 11.
  await addWeight(page, 'plan_pace');
  await addWeight(page, 'frt_p90_min');
  assert.deepEqual(await designCodes(page), []);
  await addWeight(page, 'touches_per_won_median');
  assert.deepEqual(await designCodes(page), ['METRICS_OVER_LIMIT']);
  const metrics = await page.getAttribute('dialog [data-design-code="METRICS_OVER_LIMIT"]', 'data-metrics');
  assert.equal(metrics.split(' ').length, 11);
  assert.match(await page.textContent('dialog [data-design-code="METRICS_OVER_LIMIT"]'), /^11 KPIs in use, more than 10: /);
  // The report says the same (the page only renders it).
  assert.deepEqual((await pageReport(page)).design_check.map((d) => d.code), ['METRICS_OVER_LIMIT']);
  before = await generation(page);
  await page.uncheck('dialog [data-input="motivation"]');
  await waitForLoad(page, before);
  assert.deepEqual(await designCodes(page), []);
});

test('norms changed twice within a quarter: the check says so from the local history of applied norms', async () => {
  const { page } = site;
  if (await page.getAttribute('html', 'data-state') !== 'ready') await openBoard(page, site.url);
  await openSettings(page);
  // One change: the norms before it and after it are recorded; one change is not too often.
  await setField(page, 'norms.sla_share', 90);
  assert.deepEqual(await designCodes(page), []);
  // The newest record is this document's own norms ({at} alone); the core gives them back filled in.
  let stored = await page.evaluate(() => JSON.parse(localStorage.getItem('kpi-lens.settings')).settings.norm_history);
  assert.deepEqual(stored.map((r) => r.norms?.sla_share ?? 'own'), [0.85, 'own']);
  // A second change the same day is recorded, but it is the same sitting (one review): not too often.
  await setField(page, 'norms.sla_share', 80);
  assert.deepEqual(await designCodes(page), []);
  stored = await page.evaluate(() => JSON.parse(localStorage.getItem('kpi-lens.settings')).settings.norm_history);
  assert.deepEqual(stored.map((r) => r.norms?.sla_share ?? 'own'), [0.85, 0.9, 'own']);
  // A history whose last review was 20 days ago (imported), then a change today: two reviews 20 days apart.
  const day = 86400e3;
  const doc = await page.evaluate(() => JSON.parse(localStorage.getItem('kpi-lens.settings')).settings);
  doc.norms = { ...doc.norms, sla_share: 0.9 };
  doc.norm_history = [{ at: new Date(Date.now() - 40 * day).toISOString(), norms: { ...doc.norms, sla_share: 0.85 } },
    { at: new Date(Date.now() - 20 * day).toISOString(), norms: { ...doc.norms, sla_share: 0.9 } }];
  let before = await generation(page);
  await page.setInputFiles('[data-settings-import-file]', {
    name: 'history.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)),
  });
  await waitForLoad(page, before);
  assert.deepEqual(await designCodes(page), []);
  await setField(page, 'norms.sla_share', 80);
  assert.deepEqual(await designCodes(page), ['NORMS_CHANGED_OFTEN']);
  const [finding] = (await pageReport(page)).design_check;
  assert.equal(finding.params.days, 20);
  assert.equal(finding.params.n, 2);
  const words = (iso) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
  assert.equal(await page.textContent('dialog [data-design-code="NORMS_CHANGED_OFTEN"]'),
    message('NORMS_CHANGED_OFTEN', { ...finding.params, from: words(finding.params.from), to: words(finding.params.to) }, 'en'));
  // A refused value (150 %) is named at its field alone and never recorded; the next good one is.
  await setField(page, 'norms.sla_share', 150, { expectReport: false });
  await page.locator('dialog [data-field="norms.sla_share"] .kpi-field-error').waitFor({ state: 'visible' });
  assert.match(await page.textContent('[data-settings-status]'), /correct the marked fields/);
  await setField(page, 'norms.sla_share', 70);
  stored = await page.evaluate(() => JSON.parse(localStorage.getItem('kpi-lens.settings')).settings.norm_history);
  assert.deepEqual(stored.map((r) => r.norms?.sla_share ?? 'own'), [0.85, 0.9, 0.8, 'own']);
  // Reset: the defaults carry no history.
  before = await generation(page);
  page.once('dialog', (dialog) => dialog.accept());
  await page.click('[data-action="settings-reset"]');
  await waitForLoad(page, before);
  assert.deepEqual(await designCodes(page), []);
});

test('the calendar and the time zone: own hours and holidays, checked and exported', async () => {
  const { page } = site;
  await openSettings(page);
  const moscow = (await pageReport(page)).as_of;
  let before = await generation(page);
  await page.selectOption('dialog [data-input="tz"]', 'UTC');
  await waitForLoad(page, before);
  // The files hold Moscow wall-clock times; read as UTC, every instant is 3 hours later.
  assert.equal(Date.parse((await pageReport(page)).as_of) - Date.parse(moscow), 3 * 3600 * 1000);

  before = await generation(page);
  await page.selectOption('dialog [data-input="calendar"]', 'custom');
  await waitForLoad(page, before);
  assert.equal(await page.isChecked('dialog [data-input="calendar.hours.sat.working"]'), false);
  before = await generation(page);
  await page.check('dialog [data-input="calendar.hours.sat.working"]');
  await waitForLoad(page, before);
  const holidays = page.locator('dialog [data-input="calendar.holidays"]');
  await holidays.fill('2026-03-09\nsomeday');
  await holidays.blur();
  const holidayError = page.locator('dialog [data-field="calendar.holidays"] .kpi-field-error');
  await holidayError.waitFor({ state: 'visible' });
  assert.equal(await holidayError.textContent(), 'Not a date: someday');
  await holidays.fill('2026-03-09');
  before = await generation(page);
  await holidays.blur();
  await waitForLoad(page, before);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="settings-export"]')]);
  const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(exported.tz, 'UTC');
  assert.deepEqual(exported.calendar, {
    hours: { mon: ['09:00', '18:00'], tue: ['09:00', '18:00'], wed: ['09:00', '18:00'], thu: ['09:00', '18:00'], fri: ['09:00', '18:00'], sat: ['09:00', '18:00'], sun: null },
    holidays: ['2026-03-09'], workdays: [],
  });
  await page.locator('dialog [data-section="calendar"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ROOT, 'artifacts/screenshots/settings-calendar.png') });

  before = await generation(page);
  page.once('dialog', (dialog) => dialog.accept());
  await page.click('[data-action="settings-reset"]');
  await waitForLoad(page, before);
  assert.equal((await pageReport(page)).as_of, moscow);
});

test('the panel in Russian', async () => {
  const { page } = site;
  if (await page.getAttribute('html', 'data-state') !== 'ready') await openBoard(page, site.url);
  if (await page.isVisible('dialog.kpi-settings-panel[open]')) await closeSettings(page);
  await switchLanguage(page, 'ru');
  await openSettings(page);
  assert.equal(await page.textContent('#kpi-settings-title'), 'Настройки анализа');
  assert.equal(await page.textContent('dialog [data-section="stages"] .kpi-settings-section-title'), 'Контрольные сроки этапов');
  await page.screenshot({ path: path.join(ROOT, 'artifacts/screenshots/settings-panel-ru.png') });
  await closeSettings(page);
  await switchLanguage(page, 'en');
});
