// Issue 10, items 6, 8 and 9 as a reader meets them on the demo: the HTML
// audit report exported from the page, opened in Chromium in Russian and in
// English (no ISO date, no snake_case key, no sentence of the other language,
// nothing overflowing at 1366 px and in print); money with its kopecks; the
// settings panel (no developer footer, the user's and Russia's zones first,
// no English default stage on a Russian dataset, plans imported from a CSV
// with per-line errors and plans by deals won judged by the core).
// Screenshots: artifacts/screenshots/audit-{ru,en}-{1366,390}.png, settings-ru-{1366,390}.png,
// settings-zones-ru-1366.png, settings-plans-ru-{1366,390}.png.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { generation, launchSite, openBoard, screenshot, screenshotOf, waitForLoad, switchLanguage } from './harness.mjs';

let site;
before(async () => {
  site = await launchSite({ locale: 'ru-RU', viewport: { width: 1366, height: 900 } });
  await openBoard(site.page, site.url);
});
after(async () => { await site?.close(); });

const report = () => site.page.evaluate(() => document.querySelector('kpi-exports').report);

async function setLanguage(lang) {
  const { page } = site;
  if (await page.getAttribute('html', 'lang') === lang) return;
  await switchLanguage(page, lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

async function download(kind) {
  const [file] = await Promise.all([site.page.waitForEvent('download'), site.page.click(`kpi-exports button[data-export="${kind}"]`)]);
  return readFile(await file.path());
}

/** Every name the data gives (CRM values may be in any language): managers, stages, sources, files... */
function dataWords(r) {
  const names = [
    ...(r.managers ?? []).map((m) => m.name),
    ...Object.values(r.groups ?? {}).flat().map((g) => g.name),
    ...(r.stages ?? []).flatMap((s) => [s.stage, s.pipeline]),
    ...(r.loss_reasons ?? []).map((l) => l.reason),
    ...(r.board ?? []).flatMap((t) => [...(t.worst ?? []), ...(t.cards ?? []).flatMap((c) => [c.title, c.manager, c.stage])]),
    ...(r.data_quality ?? []).flatMap((q) => q.examples ?? []),
    ...(r.inputs ?? []).map((i) => i.file),
    // Issue 10: today's list and the first-hour sections name deals, managers, stages and sources too.
    ...(r.today?.rows ?? []).flatMap((row) => [row.deal_id, row.title, row.manager, row.stage,
      ...(row.reasons ?? []).flatMap((w) => [w.params?.stage, w.params?.source])]),
    ...(r.open_pipeline?.stages ?? []).map((st) => st.stage),
    ...(r.ranking ?? []).map((m) => m.manager),
  ];
  return names.filter((n) => typeof n === 'string' && n).sort((a, b) => b.length - a.length);
}

// Words of an English sentence that must not appear in the Russian report.
const ENGLISH = /\b(the|of|and|have|has|no|not|needs?|deals?|settings|plans?|norm|lead|class|hot|warm|cold|share|rows?|file|empty|computed|touch(es)?)\b/i;
const ISO = /\d{4}-\d{2}-\d{2}|\d{2}:\d{2}(:\d{2})? ?UTC|\bUTC\b|T\d{2}:\d{2}/;
const SNAKE = /\b[a-z]+_[a-z0-9_]+\b/;

/** Visible text of the report with the data's own names taken out. */
async function visibleText(page, words) {
  let text = await page.evaluate(() => document.body.innerText);
  for (const w of words) text = text.split(w).join(' ');
  return text;
}

/** Wrappers and tables wider than their box (a clipped last column), as [what, scrollWidth, clientWidth]. */
function overflowing(page) {
  return page.evaluate(() => [...document.querySelectorAll('main, section, .scroll, .group-table, .tile, table')]
    .filter((e) => e.scrollWidth > e.clientWidth + 1)
    .map((e) => [e.id || e.className || e.tagName, e.scrollWidth, e.clientWidth]));
}

for (const lang of ['ru', 'en']) {
  test(`the HTML audit report in ${lang}: the reader's dates and words, no key, nothing clipped`, async () => {
    await setLanguage(lang);
    const r = await report();
    const html = (await download('html')).toString('utf8');
    const page = await site.context.newPage();
    try {
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.setContent(html, { waitUntil: 'load' });
      const text = await visibleText(page, dataWords(r));
      assert.doesNotMatch(text, ISO, 'no ISO or UTC time stamp');
      assert.doesNotMatch(text, SNAKE, `no snake_case key: ${text.match(SNAKE)?.[0]}`);
      if (lang === 'ru') {
        assert.doesNotMatch(text.replace(/KPI Lens|KPI|SLA|CSV|XLSX|JSON|amoCRM|p90|utf-8|UTF-8/g, ''), ENGLISH,
          `no English word: ${text.replace(/KPI Lens/g, '').match(ENGLISH)?.[0]}`);
        assert.match(text, /Часовой пояс\s+Москва/i);
        assert.match(text, /₽/, 'money with its currency');
      } else {
        assert.doesNotMatch(text, /[А-Яа-яЁё]/, `no Russian word but the data's: ${text.match(/\S*[А-Яа-яЁё]+\S*/)?.[0]}`);
        assert.match(text, /Time zone\s+Moscow/i);
      }
      assert.deepEqual(await overflowing(page), [], 'nothing overflows at 1366 px');
      await screenshot(page, `audit-${lang}-1366`);
      // Issue 10: "to act on today" (the first rows of report.today, each reason in words) and the
      // first-hour sections (ranking, open pipeline with its forecast, new deals, activity).
      const today = await page.$$eval('#today-table tbody tr', (trs) => trs.map((tr) => ({
        deal: tr.dataset.deal, reasons: [...tr.querySelectorAll('li')].map((li) => [li.dataset.code, li.textContent]),
      })));
      assert.deepEqual(today.map((row) => row.deal), r.today.rows.slice(0, 10).map((row) => row.deal_id));
      for (const row of today) {
        assert.ok(row.reasons.length > 0, row.deal);
        for (const [code, words] of row.reasons) assert.ok(words && words !== code && !/\{\w+\}/.test(words), `${code}: ${words}`);
      }
      assert.match(await page.textContent('#today'), lang === 'ru' ? /₽/ : /RUB|₽/, 'amounts with their currency');
      assert.deepEqual(await page.$$eval('#ranking li', (lis) => lis.map((li) => li.dataset.manager)), r.ranking.map((m) => m.manager));
      for (const id of ['pipeline-stages', 'pipeline-managers', 'new-deals', 'activity']) {
        assert.ok(await page.$$eval(`#${id} tbody tr`, (trs) => trs.length) > 0, id);
      }
      await screenshotOf(page, '#today', `audit-today-${lang}-1366`);
      await screenshotOf(page, '#first-hour', `audit-first-hour-${lang}-1366`);
      // Print: A4 landscape with 12 mm margins is 273 mm, about 1030 CSS pixels wide.
      await page.setViewportSize({ width: 1030, height: 800 });
      await page.emulateMedia({ media: 'print' });
      assert.deepEqual(await overflowing(page), [], 'nothing overflows in print');
      await page.emulateMedia({ media: 'screen' });
      await page.setViewportSize({ width: 390, height: 844 });
      // On a phone the tables scroll inside their wrappers; the page itself does not.
      assert.deepEqual((await overflowing(page)).filter(([what]) => !/scroll|group-table|^table$|grid/.test(what)), []);
      await screenshot(page, `audit-${lang}-390`);
      await screenshotOf(page, '#today', `audit-today-${lang}-390`);
    } finally {
      await page.close();
    }
  });
}

test('money keeps its kopecks below 100 000 and is never rounded up', async () => {
  await setLanguage('ru');
  const shown = await site.page.evaluate(async () => {
    const { formatMoney, setCurrency } = await import('./dom.mjs');
    const texts = [1000.5, 19999.99, 1000, 19999999.99].map((v) => formatMoney(v));
    setCurrency(null);
    texts.push(formatMoney(1000.5));
    setCurrency(document.querySelector('kpi-exports').report.currency);
    return texts;
  });
  const nb = '\u00a0';
  assert.deepEqual(shown, [`1${nb}000,50${nb}₽`, `19${nb}999,99${nb}₽`, `1${nb}000${nb}₽`, `19${nb}999${nb}999${nb}₽`, `1${nb}000,50`]);
  assert.equal((await report()).currency, 'RUB');
});

test('settings speak to users: no --config, zones, stages of the data, plans imported with per-line errors and judged by count', async () => {
  await setLanguage('ru');
  const { page } = site;
  await page.click('kpi-settings .kpi-settings-open');
  await page.waitForSelector('dialog.kpi-settings-panel[open]');
  const dialogText = await page.$eval('dialog.kpi-settings-panel', (d) => d.innerText);
  assert.doesNotMatch(dialogText, /--config|kpi-lens analyze/);
  // The zone in force first, then the browser's own and Russia's, then a rule and the rest.
  const zones = await page.$$eval('dialog [data-input="tz"] option', (os) => os.map((o) => [o.value, o.textContent, o.disabled]));
  const own = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  const rule = zones.findIndex(([, , disabled]) => disabled);
  const first = zones.slice(0, rule).map(([v]) => v);
  assert.equal(first[0], 'Europe/Moscow');
  assert.ok(first.includes(own) && first.includes('Asia/Vladivostok') && first.includes('Europe/Kaliningrad'), first.join());
  assert.equal(zones[0][1], 'Москва (UTC+3)');
  assert.ok(rule > 0 && zones.length > rule + 100, 'every other zone after the rule');
  // A Russian dataset: no English default stage without data.
  const stages = await page.$$eval('dialog [data-stage]', (rows) => rows.map((r) => r.dataset.stage));
  assert.ok(stages.includes('Квалификация') && !stages.includes('Qualification') && !stages.includes('Negotiation'), stages.join());
  await screenshotOf(page, 'dialog.kpi-settings-panel', 'settings-ru-1366');
  await screenshotOf(page, 'dialog [data-section="calendar"]', 'settings-zones-ru-1366');

  // Plans from a CSV in the Russian Excel dialect: two good lines, two bad ones.
  const r = await report();
  const [anna, boris] = r.managers.map((m) => m.name);
  const month = r.as_of.slice(0, 7);
  const csv = `Менеджер;Месяц;План, ₽;Сделок\r\n${anna};${month};1 000 000;8\r\n${boris};марток;5;\r\n;${month};5;\r\n${boris};${month};;4\r\n`;
  const before = await generation(page);
  await page.setInputFiles('[data-plans-import-file]', { name: 'планы.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await waitForLoad(page, before);
  const summary = await page.$eval('[data-plan-import]', (e) => ({ imported: e.dataset.imported, text: e.innerText }));
  assert.equal(summary.imported, '2');
  assert.match(summary.text, /строка 3: «марток» — не месяц/);
  assert.match(summary.text, /строка 4: не указан менеджер/);
  const plans = await page.$$eval('dialog tr[data-plan]', (rows) => rows.map((tr) => tr.dataset.owner));
  assert.deepEqual(plans, [anna, boris]);
  // The core carries and judges the count plans (docs/kpi.md "Plan pace").
  const after = await report();
  const byName = Object.fromEntries(after.managers.map((m) => [m.name, m]));
  assert.equal(byName[anna].metrics.plan_won_count, 8);
  assert.equal(byName[anna].metrics.plan_revenue, 1000000);
  assert.equal(byName[boris].metrics.plan_won_count, 4);
  assert.equal(byName[boris].metrics.plan_revenue, null);
  assert.ok(['ok', 'warn', 'bad'].includes(byName[boris].status.plan_won_pace), 'the pace by count is judged by the core');
  assert.equal(after.team.metrics.plan_won_count, 12);
  await screenshotOf(page, 'dialog [data-section="plans"]', 'settings-plans-ru-1366');
  // A file the core's CSV reader stops on: the reader's own issue text, in Russian, with its line;
  // the plans already imported stay.
  await page.setInputFiles('[data-plans-import-file]', { name: 'обрезан.csv', mimeType: 'text/csv', buffer: Buffer.from('Менеджер;Месяц;План\r\nАнна;2026-03;"1\r\n') });
  await page.waitForSelector('[data-plan-import][data-imported="0"][data-errors="1"]');
  assert.match(await page.$eval('[data-plan-import]', (e) => e.innerText),
    /строка 2: файл не читается как CSV или Excel \(кавычка, открытая в строке 2, не закрыта/);
  assert.deepEqual(await page.$$eval('dialog tr[data-plan]', (rows) => rows.map((tr) => tr.dataset.owner)), [anna, boris]);
  // With plans the audit report gets its plans table; still nothing clipped, on screen or in print.
  await page.click('[data-action="close-settings"]');
  await screenshotOf(page, 'kpi-charts [data-chart="plan"]', 'plan-chart-ru-1366');
  const audit = await site.context.newPage();
  try {
    await audit.setViewportSize({ width: 1366, height: 900 });
    await audit.setContent((await download('html')).toString('utf8'), { waitUntil: 'load' });
    assert.deepEqual(await audit.$$eval('#plans tbody tr', (rows) => rows.map((tr) => tr.querySelector('th').textContent)), [anna, boris]);
    assert.deepEqual(await overflowing(audit), [], 'nothing overflows at 1366 px with plans');
    await audit.setViewportSize({ width: 1030, height: 800 });
    await audit.emulateMedia({ media: 'print' });
    assert.deepEqual(await overflowing(audit), [], 'nothing overflows in print with plans');
  } finally {
    await audit.close();
  }
  await page.click('kpi-settings .kpi-settings-open');
  await page.waitForSelector('dialog.kpi-settings-panel[open]');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshotOf(page, 'dialog [data-section="plans"]', 'settings-plans-ru-390');
  await screenshotOf(page, 'dialog.kpi-settings-panel', 'settings-ru-390');
  await page.setViewportSize({ width: 1366, height: 900 });
  // Leave the defaults for the next test file: reset.
  page.once('dialog', (d) => d.accept());
  const resetFrom = await generation(page);
  await page.click('[data-action="settings-reset"]');
  await waitForLoad(page, resetFrom).catch(() => {});
  await page.click('[data-action="close-settings"]');
});
