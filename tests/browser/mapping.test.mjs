// The column-mapping dialog end to end: a CSV whose headers the dictionary
// does not know fails with "Map columns…"; the dialog opens with the core's
// guesses and the first rows, the user picks the rest, saves a preset and
// applies it; the matrix fills. Then another file with the same headers is
// mapped automatically with the saved preset. Hand-computed numbers below.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chooseFiles, clearAll, dropFiles, generation, launchSite, openBoard, readFileList, readMatrix, screenshot, waitForLoad } from './harness.mjs';

const HEADER = 'Deal No;Client;Manager name;Opened;Result;Sum, RUB;Channel;Closed';
// March: D-1 won 1 000 (Ann), D-2 lost (Ann), D-3 open (Bob).
const MARCH = `${HEADER}
D-1;Acme;Ann;02.03.2026 10:00;won;1 000;Site;05.03.2026 10:00
D-2;Beta;Ann;03.03.2026 11:00;lost;2 500,50;Call;06.03.2026 10:00
D-3;Gamma;Bob;04.03.2026 09:00;open;300;Site;
`;
// April: Bob wins A-1 (4 000) and A-2 (1 500,50), Ann loses A-3.
const APRIL = `${HEADER}
A-1;Delta;Bob;01.04.2026 10:00;won;4 000;Call;03.04.2026 10:00
A-2;Echo;Bob;02.04.2026 10:00;won;1 500,50;Site;04.04.2026 10:00
A-3;Fox;Ann;02.04.2026 12:00;lost;700;Call;05.04.2026 10:00
`;

let site;
before(async () => {
  site = await launchSite({ locale: 'en-US', wholeExport: true, viewport: { width: 1280, height: 900 } });
  await openBoard(site.page, site.url);
});
after(async () => { await site?.close(); });

/** The dialog's state: per column {name, field, guess}, the status line, and whether Apply is enabled. */
function readDialog(page) {
  return page.$eval('kpi-mapping-dialog dialog', (dialog) => ({
    open: dialog.open,
    title: dialog.querySelector('h2').textContent,
    kind: dialog.querySelector('select[name="kind"]').value,
    columns: [...dialog.querySelectorAll('thead th')].map((th) => ({
      name: th.querySelector('.kpi-mapping-header').textContent,
      field: th.querySelector('select').value,
      guess: th.querySelector('.kpi-mapping-guess').textContent,
      label: th.querySelector('select').getAttribute('aria-label'),
    })),
    rows: [...dialog.querySelectorAll('tbody tr')].map((tr) => [...tr.cells].map((td) => td.textContent)),
    status: dialog.querySelector('[data-mapping-status]').textContent,
    applyEnabled: !dialog.querySelector('[data-action="apply"]').disabled,
  }));
}

const metric = (row, key) => row.metrics[key].value;

test('an unknown CSV is mapped in the dialog, saved as a preset, and the matrix fills', async () => {
  const { page } = site;
  await chooseFiles(page, [{ name: 'crm-march.csv', content: MARCH }]);
  let files = await readFileList(page);
  assert.equal(files[0].status, 'error');
  assert.match(files[0].message, /the columns \(Deal No, Client, Manager name, Opened, Result, Sum, RUB, Channel, Closed\) match no table this page reads/);
  assert.ok(await page.isVisible('kpi-file-list [data-action="map"]'), 'the file offers "Map columns…"');

  await page.click('kpi-file-list [data-action="map"]');
  await page.waitForSelector('kpi-mapping-dialog dialog[open]');
  let d = await readDialog(page);
  assert.equal(d.title, 'Map columns — crm-march.csv');
  assert.equal(d.kind, 'deals', 'the table is guessed from the values');
  assert.deepEqual(d.columns.map((c) => [c.name, c.field]), [
    ['Deal No', ''], ['Client', ''], ['Manager name', ''], ['Opened', 'created_at'], ['Result', 'state'],
    ['Sum, RUB', 'amount'], ['Channel', ''], ['Closed', 'closed_at'],
  ]);
  assert.equal(d.columns[3].guess, 'guessed from the values · 60 % sure', 'the core says how sure it is');
  assert.equal(d.columns[0].label, 'Field for column “Deal No”', 'every select is labelled');
  assert.deepEqual(d.rows[0], ['D-1', 'Acme', 'Ann', '02.03.2026 10:00', 'won', '1 000', 'Site', '05.03.2026 10:00']);
  assert.equal(d.rows.length, 3);
  assert.equal(d.status, 'Still needed for this table: ID, Stage, Manager.');
  assert.equal(d.applyEnabled, false, 'Apply waits for the required fields');
  // The kind select has focus; Tab walks the form with the keyboard.
  assert.equal(await page.evaluate(() => document.activeElement?.name), 'kind');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.name), 'date_format');
  await screenshot(page, 'mapping-dialog-guesses');

  const column = (i) => `kpi-mapping-dialog select[data-column="${i}"]`;
  await page.selectOption(column(0), 'id');
  await page.selectOption(column(1), 'title');
  await page.selectOption(column(2), 'owner');
  await page.selectOption(column(4), 'stage'); // "won"/"lost"/"open" stage names give the state
  await page.selectOption(column(6), 'source');
  d = await readDialog(page);
  assert.equal(d.columns[4].field, 'stage');
  assert.equal(d.status, 'All required fields are chosen.');
  assert.equal(d.applyEnabled, true);

  await page.check('kpi-mapping-dialog input[name="save_preset"]');
  assert.equal(await page.inputValue('kpi-mapping-dialog input[name="preset_name"]'), 'crm-march',
    'the preset name starts as the file name');
  await page.fill('kpi-mapping-dialog input[name="preset_name"]', ' ');
  assert.equal((await readDialog(page)).status, 'Give the preset a name.');
  assert.equal((await readDialog(page)).applyEnabled, false, 'a preset needs a name');
  await page.fill('kpi-mapping-dialog input[name="preset_name"]', 'Odd CRM');
  assert.equal((await readDialog(page)).applyEnabled, true);
  const shot = await screenshot(page, 'mapping-dialog');
  assert.ok(shot.endsWith('mapping-dialog.png'));

  const before = await generation(page);
  await page.click('kpi-mapping-dialog [data-action="apply"]');
  await waitForLoad(page, before);
  assert.equal(await page.getAttribute('html', 'data-state'), 'ready');
  assert.equal(await page.isVisible('kpi-mapping-dialog dialog[open]'), false);

  files = await readFileList(page);
  assert.equal(files.length, 1);
  assert.equal(files[0].status, 'ok');
  assert.match(files[0].text, /mapped with preset «Odd CRM»/);
  assert.match(files[0].text, /3 rows/);

  // Ann: D-1 won (1 000), D-2 lost → 50 %; Bob: only an open deal → no data.
  const m = await readMatrix(page);
  assert.deepEqual(m.managers.map((r) => r.name), ['Ann', 'Bob']);
  const ann = m.managers[0];
  assert.equal(metric(ann, 'won_count'), 1);
  assert.equal(metric(ann, 'lost_count'), 1);
  assert.equal(metric(ann, 'win_rate'), 0.5);
  assert.equal(metric(ann, 'revenue'), 1000);
  assert.equal(metric(m.managers[1], 'win_rate'), null);
  assert.equal(metric(m.team, 'revenue'), 1000);

  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('kpi-lens.mapping-presets')));
  assert.equal(saved.length, 1);
  assert.equal(saved[0].name, 'Odd CRM');
  assert.deepEqual(saved[0].signature, ['deal no', 'client', 'manager name', 'opened', 'result', 'sum, rub', 'channel', 'closed']);
  assert.deepEqual(saved[0].mapping.columns, {
    id: 'deal no', title: 'client', owner: 'manager name', created_at: 'opened', stage: 'result', amount: 'sum, rub',
    source: 'channel', closed_at: 'closed',
  });
  await screenshot(page, 'mapping-applied');
});

test('another file with the same headers is mapped with the preset automatically', async () => {
  const { page } = site;
  await clearAll(page); // presets outlive the files: the April file alone on an empty page
  await dropFiles(page, [{ name: 'crm-april.csv', content: APRIL }]);
  const files = await readFileList(page);
  assert.deepEqual(files.map((f) => [f.file, f.status]), [['crm-april.csv', 'ok']]);
  assert.match(files[0].text, /mapped with preset «Odd CRM»/);
  // Bob: won (4 000 + 1 500,50); Ann: A-3 lost. Team 2 of 3.
  const m = await readMatrix(page);
  const bob = m.managers.find((r) => r.name === 'Bob');
  const ann = m.managers.find((r) => r.name === 'Ann');
  assert.equal(metric(bob, 'won_count'), 2);
  assert.equal(metric(bob, 'revenue'), 5500.5);
  assert.equal(metric(bob, 'win_rate'), 1);
  assert.equal(metric(ann, 'win_rate'), 0);
  assert.equal(metric(m.team, 'win_rate'), 2 / 3);
  assert.equal(m.team.metrics.revenue.text, '₽5,500.50'); // kopecks below 100 000 (docs/web.md "Money")
  // A mapped file can be mapped again: the dialog opens with the preset's choices.
  await page.click('kpi-file-list [data-action="map"]');
  await page.waitForSelector('kpi-mapping-dialog dialog[open]');
  const d = await readDialog(page);
  assert.equal(d.columns[4].field, 'stage');
  assert.equal(d.columns[4].guess, 'from the preset');
  await page.click('kpi-mapping-dialog [data-action="cancel"]');
  assert.equal(await page.isVisible('kpi-mapping-dialog dialog[open]'), false);
  assert.deepEqual(site.problems, []);
});

test('mapped files keep their mapping and preset while files come and go and the time zone changes', async () => {
  const { page } = site;
  // Added to crm-april.csv (mapped with the preset): the March file, also by the preset, and a
  // canonical file that is then removed with its ×.
  await dropFiles(page, [{ name: 'crm-march.csv', content: MARCH }]);
  await dropFiles(page, [{
    name: 'other.csv',
    content: 'id,stage,state,owner,created_at,closed_at\nO1,Won,won,Olga,2026-03-02 10:00,2026-03-03 10:00\n',
  }]);
  assert.deepEqual((await readFileList(page)).map((f) => f.file), ['crm-april.csv', 'crm-march.csv', 'other.csv']);
  let before = await generation(page);
  await page.click('kpi-file-list button[aria-label="Remove other.csv"]');
  await waitForLoad(page, before);

  await page.click('kpi-settings .kpi-settings-open');
  await page.waitForSelector('dialog.kpi-settings-panel[open]');
  const zone = await page.inputValue('dialog [data-input="tz"]');
  before = await generation(page);
  await page.selectOption('dialog [data-input="tz"]', 'UTC'); // the files are read again
  await waitForLoad(page, before);

  const files = await readFileList(page);
  assert.deepEqual(files.map((f) => [f.file, f.status]), [['crm-april.csv', 'ok'], ['crm-march.csv', 'ok']]);
  for (const file of files) {
    assert.match(file.text, /mapped with preset «Odd CRM»/, `${file.file} keeps its preset`);
    assert.match(file.text, /3 rows/);
  }
  // March + April: Ann won D-1 (1 000), lost D-2 and A-3; Bob won A-1 and A-2 (4 000 + 1 500,50).
  // Team: 3 won of 5 closed; revenue 1 000 + 5 500,50 = 6 500,50. Olga's file is gone.
  const m = await readMatrix(page);
  assert.deepEqual(m.managers.map((r) => r.name).sort(), ['Ann', 'Bob']);
  const ann = m.managers.find((r) => r.name === 'Ann');
  assert.equal(metric(ann, 'won_count'), 1);
  assert.equal(metric(ann, 'lost_count'), 2);
  assert.equal(metric(m.team, 'win_rate'), 0.6);
  assert.equal(metric(m.team, 'revenue'), 6500.5);

  before = await generation(page);
  await page.selectOption('dialog [data-input="tz"]', zone);
  await waitForLoad(page, before);
  await page.click('[data-action="close-settings"]');
  assert.deepEqual(site.problems, []);
});
