// Settings errors on the page come from the core: each carries a rule (the
// strings table's code) and the JSON pointer of the bad field, and the panel
// places it by the pointer, never by reading a sentence. So (1) with every
// settings message of the strings tables (engine/strings/*.json) reworded, every error the form can
// produce still lands in its own field, in the new words; (2) importing a file
// that is not a settings document (a CSV, a picture, a report, JSON of another
// shape) says so in the user's language and changes nothing (issue 12, item 8).

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { SITE_DIR, generation, launchSite, openBoard, screenshot, waitForLoad, switchLanguage } from './harness.mjs';

let site;
before(async () => { site = await launchSite({ locale: 'en-US', viewport: { width: 1280, height: 1000 } }); });
after(async () => { await site?.close(); });

const reworded = (rule) => `[reworded ${rule}]`;

async function openSettings(page) {
  if (!(await page.isVisible('dialog.kpi-settings-panel[open]'))) await page.click('kpi-settings .kpi-settings-open');
  await page.waitForSelector('dialog.kpi-settings-panel[open]');
}

async function change(page, field, value) {
  const input = page.locator(`dialog [data-input="${field}"]`);
  await input.fill(String(value));
  await input.blur();
}

function pageReport(page) {
  return page.evaluate(() => document.querySelector('kpi-charts').report);
}

test('with every settings message reworded, each error the form can make lands in its field', async () => {
  const { page } = site;
  // Serve strings tables whose settings messages all read differently (both languages).
  for (const lang of ['en', 'ru']) {
    const table = JSON.parse(await readFile(path.join(SITE_DIR, `engine/strings/${lang}.json`), 'utf8'));
    const rules = Object.keys(table).filter((code) => code.startsWith('SETTINGS_'));
    assert.ok(rules.length > 10, lang);
    for (const rule of rules) table[rule] = reworded(rule);
    await page.route(`**/engine/strings/${lang}.json`, (route) => route.fulfill({
      status: 200, contentType: 'application/json; charset=utf-8', body: JSON.stringify(table),
    }));
  }
  await openBoard(page, site.url);
  await openSettings(page);
  // Parts of the form that appear on a choice (each choice is valid and re-analyses).
  let gen = await generation(page);
  await page.selectOption('dialog [data-input="calendar"]', 'custom');
  gen = await waitForLoad(page, gen);
  await page.check('dialog [data-input="motivation"]');
  gen = await waitForLoad(page, gen);

  // Every bad value at once: the core answers with all of them, each with its JSON pointer.
  const expected = {
    'norms.sla_share': 'SETTINGS_SHARE',             // 150 %
    'norms.touches.1': 'SETTINGS_RANGE',             // high below low
    'norms.win_rate_change.1': 'SETTINGS_RANGE',     // issue 11: +2 pp below +5 pp
    'min_call_s': 'SETTINGS_NEGATIVE',
    'norms.frt_min.hot': 'SETTINGS_NOT_NUMBER',      // left empty
    'stage_control_days.Квалификация': 'SETTINGS_NOT_POSITIVE',
    'to': 'SETTINGS_ORDER',                          // before from
    'calendar.holidays': 'SETTINGS_NOT_DATE',
    'motivation.weights.revenue': 'SETTINGS_WEIGHTS', // no weight above 0
    'motivation.steps.1.0': 'SETTINGS_ASCENDING',
  };
  await change(page, 'norms.sla_share', 150);
  await change(page, 'norms.touches.0', 12);
  await change(page, 'norms.touches.1', 8);
  await change(page, 'norms.win_rate_change.0', 5);
  await change(page, 'norms.win_rate_change.1', 2);
  await change(page, 'min_call_s', -1);
  await change(page, 'norms.frt_min.hot', '');
  await change(page, 'stage_control_days.Квалификация', 0);
  await change(page, 'from', '2026-04-01');
  await change(page, 'to', '2026-03-01');
  await change(page, 'calendar.holidays', 'someday');
  await change(page, 'motivation.weights.revenue', 0);
  await change(page, 'motivation.steps.1.0', 0);
  const last = Object.keys(expected).map((field) => page.locator(`dialog [data-field="${field}"] .kpi-field-error`).first());
  for (const [i, field] of Object.keys(expected).entries()) {
    await last[i].waitFor({ state: 'visible' });
    assert.equal(await last[i].textContent(), reworded(expected[field]), field);
    assert.equal(await page.locator(`dialog [data-field="${field}"]`).first().getAttribute('data-invalid'), '', field);
  }
  // Nothing else is marked, and nothing was applied.
  const marked = await page.$$eval('dialog [data-invalid]', (els) => els.map((e) => e.dataset.field).sort());
  assert.deepEqual(marked, Object.keys(expected).sort());
  assert.equal(await generation(page), gen, 'no analysis ran');
  assert.match(await page.textContent('[data-settings-status]'), /correct the marked fields/);
  await screenshot(page, 'settings-errors-reworded');
  assert.deepEqual(site.problems, []);
  for (const lang of ['en', 'ru']) await page.unroute(`**/engine/strings/${lang}.json`);
  await page.evaluate(() => localStorage.clear());
});

test('importing a file that is not a settings document says so and changes nothing', async () => {
  const { page } = site;
  await page.reload();
  await waitForLoad(page, 0);
  const before = await pageReport(page);
  const gen = await generation(page);
  const stored = await page.evaluate(() => localStorage.getItem('kpi-lens.settings'));
  const report = await readFile(path.join(SITE_DIR, 'demo/manifest.json'));
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  const cases = [
    // The panel closed: the old page failed here with a TypeError (issue 12, item 8).
    { name: 'deals.csv', buffer: Buffer.from('id,title\n1,x\n'), closed: true, why: /not a JSON document/ },
    { name: 'photo.png', buffer: png, why: /not a JSON document/ },
    { name: 'report.json', buffer: Buffer.from(JSON.stringify({ schema: 'kpi-lens/report@1', team: {} })), why: /\/schema: a kpi-lens\/report@1 document, not settings; \/team: unknown setting team/ },
    { name: 'manifest.json', buffer: report, why: /unknown setting/ },
    { name: 'list.json', buffer: Buffer.from('[1, 2]'), why: /must be an object/ },
  ];
  for (const c of cases) {
    if (c.closed && await page.isVisible('dialog.kpi-settings-panel[open]')) await page.click('[data-action="close-settings"]');
    if (!c.closed) await openSettings(page);
    await page.setInputFiles('[data-settings-import-file]', { name: c.name, mimeType: 'application/octet-stream', buffer: c.buffer });
    const status = page.locator('[data-settings-status]');
    await page.waitForFunction((name) => document.querySelector('[data-settings-status]')?.textContent.includes(`Not imported: ${name}`), c.name);
    const text = await status.textContent();
    assert.match(text, new RegExp(`^Not imported: ${c.name.replace('.', '\\.')} is not a settings file \\(`), c.name);
    assert.match(text, c.why, c.name);
    assert.match(text, /Nothing changed\.$/, c.name);
    assert.equal(await status.getAttribute('data-kind'), 'error');
    assert.equal(await page.inputValue('[data-input="norms.sla_share"]'), '85', c.name);
  }
  await screenshot(page, 'settings-import-refused');
  assert.equal(await generation(page), gen, 'no analysis ran');
  assert.deepEqual((await pageReport(page)).norms, before.norms);
  assert.equal(await page.evaluate(() => localStorage.getItem('kpi-lens.settings')), stored);

  // In Russian, in Russian.
  await page.click('[data-action="close-settings"]');
  await switchLanguage(page, 'ru');
  await page.setInputFiles('[data-settings-import-file]', { name: 'photo.png', mimeType: 'image/png', buffer: png });
  await page.waitForFunction(() => document.querySelector('[data-settings-status]')?.textContent.includes('Не импортировано'));
  assert.match(await page.textContent('[data-settings-status]'),
    /^Не импортировано: photo\.png — не файл настроек \(не документ JSON\)\. Ничего не изменилось\.$/);
  await screenshot(page, 'settings-import-refused-ru');
  assert.equal(await generation(page), gen);
  await page.click('[data-action="close-settings"]');
  await switchLanguage(page, 'en');
  assert.deepEqual(site.problems, []);
});
