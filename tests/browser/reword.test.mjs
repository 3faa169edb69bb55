// Codes, not prose (issue 9): the page renders why a metric is missing from
// the report's code through the one strings table (wasm/strings/*.json, loaded by
// wasm/messages.mjs as JSON modules: the table object is what the page reads). Reword
// the core's English sentence and every message in the table: every
// unavailable reason still reaches its tile, its matrix cells and the
// matrix's note, now in the new words; nothing is looked up by sentence.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chooseFiles, launchSite, openBoard, readFileList } from './harness.mjs';

let site;

before(async () => {
  site = await launchSite({ locale: 'en-US', viewport: { width: 1366, height: 900 } });
  await openBoard(site.page, site.url);
  // Deals only: a won and a lost deal, nothing open, no activities, tasks, history or plan.
  await chooseFiles(site.page, [{
    name: 'deals-only.csv',
    content: 'id,stage,state,owner,source,created_at,closed_at\n'
      + 'A1,Won,won,Anna,Звонок,2026-03-02 10:00,2026-03-05 10:00\nA2,Lost,lost,Anna,Звонок,2026-03-02 11:00,2026-03-06 10:00\n',
  }]);
});
after(async () => { await site?.close(); });

// By hand: what is missing from a deals-only file, and why.
const WANT = {
  frt: 'NEEDS_ACTIVITIES', sla: 'NEEDS_ACTIVITIES', next_step: 'NEEDS_TASKS', overdue: 'NEEDS_TASKS',
  touches: 'NEEDS_TOUCHES', stalled: 'NO_OPEN_DEAL', conversion: 'NEEDS_HISTORY', plan: 'NEEDS_PLAN',
};

test('rewording the strings table and the core\'s sentences keeps every unavailable reason on the page', async () => {
  const { page } = site;
  const shown = await page.evaluate(async () => {
    const { MESSAGES } = await import('/engine/messages.mjs');
    const board = document.querySelector('kpi-board');
    const matrix = document.querySelector('kpi-matrix');
    const report = structuredClone(board.report);
    for (const u of report.unavailable) {
      u.reason = `the core said this differently (${u.metric})`; // a reworded C++ sentence
      MESSAGES.en[u.code] = `reworded ${u.code}`;
    }
    board.report = report;
    matrix.report = report;
    // The table changed under the page: draw again, as a language switch does (a view skips a
    // new report whose parts it reads are the same, and here only the sentences differ).
    board.render();
    matrix.render();
    const tiles = Object.fromEntries([...board.querySelectorAll('button[data-tile]')].map((b) => [b.dataset.tile, b.querySelector('.kpi-tile-reason')?.textContent ?? null]));
    const cells = Object.fromEntries([...matrix.querySelectorAll('tr[data-team] td[data-metric]')].map((td) => [td.dataset.metric, td.getAttribute('title')]));
    return {
      unavailable: report.unavailable.map((u) => ({ metric: u.metric, code: u.code })),
      tiles, cells, note: matrix.querySelector('.kpi-unavailable')?.textContent ?? '',
      page: document.body.innerText,
    };
  });
  const codes = Object.fromEntries(shown.unavailable.map((u) => [u.metric, u.code]));
  for (const [family, code] of Object.entries(WANT)) assert.equal(codes[family], code, family);
  // Each tile of a missing family says its reason in the new words.
  for (const family of ['frt', 'sla', 'next_step', 'overdue', 'stalled']) {
    assert.equal(shown.tiles[family], `Not computed: reworded ${WANT[family]}`, `${family} tile`);
  }
  // The team's cells of the default columns, and the note under the matrix.
  assert.equal(shown.cells.frt_median_min, 'Not computed: reworded NEEDS_ACTIVITIES');
  assert.equal(shown.cells.sla_share, 'Not computed: reworded NEEDS_ACTIVITIES');
  assert.equal(shown.cells.next_step_share, 'Not computed: reworded NEEDS_TASKS');
  assert.equal(shown.cells.touches_per_won_mean, 'Not computed: reworded NEEDS_TOUCHES');
  for (const code of ['NEEDS_ACTIVITIES', 'NEEDS_TASKS', 'NEEDS_TOUCHES', 'NO_OPEN_DEAL']) {
    assert.ok(shown.note.includes(`reworded ${code}`), `matrix note names ${code}: ${shown.note}`);
  }
  // No trace of a sentence from the core.
  assert.ok(!shown.page.includes('the core said this differently'));
  assert.deepEqual(site.problems, []);
});

test('rewording the strings table and the core\'s sentences keeps every file error and row issue in the file list', async () => {
  const { page } = site;
  await chooseFiles(page, [
    { name: 'bad-state.csv', content: 'id,stage,owner,created_at,state\nB1,New,Anna,2026-03-02 10:00,maybe\nB2,New,Anna,2026-03-02 11:00,open\n' },
    { name: 'picture.png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) },
  ]);
  const shown = await page.evaluate(async () => {
    const { MESSAGES } = await import('/engine/messages.mjs');
    const list = document.querySelector('kpi-file-list');
    const files = structuredClone(list.files);
    const rules = [];
    for (const f of files) {
      for (const issue of f.ok ? f.issues : [f.error]) {
        issue.message = 'the core said this differently'; // a reworded C++ sentence
        MESSAGES.en[issue.rule] = `reworded ${issue.rule} [${Object.keys(issue.params).map((k) => `{${k}}`).join(' ')}]`;
        rules.push(issue.rule);
      }
    }
    list.files = files;
    return { rules, issues: [...list.querySelectorAll('.kpi-issues li')].map((li) => li.innerText), page: document.body.innerText };
  });
  assert.deepEqual(shown.rules.sort(), ['CELL_BAD_STATE', 'FILE_IMAGE']);
  assert.deepEqual(shown.issues, ['line 2: reworded CELL_BAD_STATE [state maybe]']);
  const png = (await readFileList(page)).find((f) => f.file === 'picture.png');
  assert.equal(png.message, 'Could not read picture.png: reworded FILE_IMAGE [PNG]');
  assert.ok(!shown.page.includes('the core said this differently'));
  assert.deepEqual(site.problems, []);
});
