// scripts/kpi-lens analyze --format html: the self-contained audit report.
// Nothing in it may load or run (no scripts, no URLs, a CSP), the skeleton
// fixture's matrix and board come out with the exact texts, CRM strings are
// escaped, both languages work, and the demo report stays small.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ROOT, FIXTURES, WASM_DIR } from './helpers.mjs';

const cli = (...args) => spawnSync(`${ROOT}scripts/kpi-lens`, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
const tmp = mkdtempSync(`${tmpdir()}/kpi-html-`);
const SKELETON = [`${FIXTURES}skeleton/deals.csv`, `${FIXTURES}skeleton/tasks.csv`];
const NBSP = '\u00a0';

/** [name, text of the cell of `metric`] for every matrix row, in order. */
function matrixCells(page, metric) {
  const table = page.match(/<table class="grid matrix" id="matrix">([\s\S]*?)<\/table>/)?.[1] ?? '';
  return [...table.matchAll(/<tr data-row="(?:manager|team)"><th scope="row">(.*?)<\/th>(.*?)<\/tr>/g)].map(([, name, cells]) => {
    const cell = cells.match(new RegExp(`<td([^>]*) data-metric="${metric}">(.*?)</td>`));
    return [name, cell?.[2] ?? null];
  });
}

const tile = (page, id) => page.match(new RegExp(`<article class="tile [^"]*" data-tile="${id}">([\\s\\S]*?)</article>`))?.[1] ?? '';

function assertSelfContained(page) {
  assert.match(page, /^<!DOCTYPE html>\n<html lang="(ru|en)">/);
  assert.ok(page.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`));
  assert.doesNotMatch(page, /<script/i);
  assert.doesNotMatch(page, /https?:\/\//i);
  assert.doesNotMatch(page, /<(link|iframe|object|embed|img)\b/i);
  assert.doesNotMatch(page, /url\(/i);
}

test('--format html writes one self-contained page for the skeleton fixture', () => {
  const run = cli('analyze', '--format', 'html', ...SKELETON);
  assert.equal(run.status, 0, run.stderr);
  assertSelfContained(run.stdout);
  assert.match(run.stdout, /@media print/);
  assert.match(run.stdout, /<\/html>\n$/);
  // Sections in the order of the spec.
  const order = ['board', 'matrix', 'stages', 'losses', 'groups', 'quality', 'coverage', 'unavailable', 'inputs', 'definitions']
    .map((id) => run.stdout.search(new RegExp(`<section class="[^"]*" id="${id}">`)));
  assert.ok(order.every((at) => at > 0), `every section present: ${order}`);
  assert.deepEqual([...order].sort((a, b) => a - b), order);
});

test('the matrix has a row per manager and the team, with Russian number formats', () => {
  const page = cli('analyze', '--format', 'html', ...SKELETON).stdout;
  assert.equal(new Intl.NumberFormat('ru-RU', { style: 'percent', minimumFractionDigits: 1 }).format(2 / 3), `66,7${NBSP}%`);
  assert.deepEqual(matrixCells(page, 'win_rate'), [
    ['Anna', `66,7${NBSP}%`], ['Boris', `50,0${NBSP}%`], ['Gleb', '—'], ['Vera', `0,0${NBSP}%`], ['Команда', `50,0${NBSP}%`],
  ]);
  assert.deepEqual(matrixCells(page, 'revenue').map(([, v]) => v), [`3${NBSP}501`, '—', '—', '—', `3${NBSP}501`]);
  // A null is "—" with a "no data" title; a missed norm is coloured (Boris's stalled share: bad).
  assert.ok(page.includes('<td class="num nil" title="нет данных" data-metric="win_rate">—</td>'));
  assert.ok(page.includes(`<td class="num bad" title="норма ≤ 10${NBSP}%" data-status="bad" data-metric="stalled_share">100,0${NBSP}%</td>`));
  // A status the report gives is marked on the cell even when ok (Anna's win rate: at the team's or above).
  assert.ok(page.includes(`<td class="num" title="норма не ниже команды" data-status="ok" data-metric="win_rate">66,7${NBSP}%</td>`));
});

test('the board shows six tiles; the stalled tile names Boris and deal D5', () => {
  const page = cli('analyze', '--format', 'html', ...SKELETON).stdout;
  assert.equal([...page.matchAll(/<article class="tile /g)].length, 6);
  const stalled = tile(page, 'stalled');
  assert.match(stalled, /<span class="badge bad">вне нормы<\/span>/);
  assert.match(stalled, /<code class="id">D5<\/code>/);
  assert.match(stalled, /Boris/);
  assert.match(tile(page, 'win_rate_by_source'), /<code class="id">D7<\/code> <code class="id">D2<\/code>/);
  assert.match(tile(page, 'frt'), /badge none">нет данных/);
  // Loss reasons: the null reason in words.
  assert.match(page, /<td class="none-reason">причина не указана<\/td>/);
});

test('names from the CRM are escaped, never markup', () => {
  const deals = readFileSync(SKELETON[0], 'utf8')
    .replace(',Vera,', ',<b>Vera</b> <script>alert(1)</script>,')
    .replace('D5,Epsilon', '"D5\'><img src=x>",Epsilon');
  writeFileSync(`${tmp}/deals.csv`, deals);
  const run = cli('analyze', '--format', 'html', `${tmp}/deals.csv`, SKELETON[1]);
  assert.equal(run.status, 0, run.stderr);
  assertSelfContained(run.stdout);
  assert.ok(run.stdout.includes('&lt;b&gt;Vera&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(!run.stdout.includes('<b>Vera'));
  assert.ok(run.stdout.includes('D5&#39;&gt;&lt;img src=x&gt;'));
});

test('--lang en gives English headings and formats', () => {
  const run = cli('analyze', '--format', 'html', '--lang', 'en', ...SKELETON);
  assert.equal(run.status, 0, run.stderr);
  assertSelfContained(run.stdout);
  assert.match(run.stdout, /<html lang="en">/);
  for (const heading of ['Deviation board', 'KPI matrix', 'Pipeline stages', 'Loss reasons', 'Data quality', 'Input files', 'Definitions']) {
    assert.ok(run.stdout.includes(`<h2>${heading}</h2>`), heading);
  }
  assert.deepEqual(matrixCells(run.stdout, 'win_rate').map(([n, v]) => `${n} ${v}`),
    ['Anna 66.7%', 'Boris 50.0%', 'Gleb —', 'Vera 0.0%', 'Team 50.0%']);
  assert.match(run.stdout, /<td class="none-reason">no reason given<\/td>/);
  assert.ok(!/Доска отклонений/.test(run.stdout));
});

test('an unreadable input is listed in red with its error; bad options are usage errors', () => {
  writeFileSync(`${tmp}/binary.csv`, Buffer.from([0x61, 0x00, 0x62]));
  const run = cli('analyze', '--format', 'html', ...SKELETON, `${tmp}/binary.csv`);
  assert.equal(run.status, 3);
  assert.match(run.stdout, /<tr class="unreadable"><td>binary\.csv<\/td><td colspan="5"><strong>не прочитан:<\/strong> это не таблица \(двоичные данные\); ожидалась выгрузка CSV, XLSX или JSON \(байт 1\)<\/td>/);
  assert.equal(cli('analyze', '--format', 'html', '--lang', 'de', ...SKELETON).status, 2);
  assert.match(cli('--help').stdout, /--format table\|json\|html[\s\S]*--lang ru\|en/);
});

test('renderHtml: coverage rows, an empty report and hostile keys', async () => {
  const { renderHtml } = await import(`${WASM_DIR}report-html.mjs`);
  const report = {
    schema: 'kpi-lens/report@1', as_of: null, period: { from: null, to: null }, inputs: [], team: { metrics: {} },
    managers: [], groups: { source: [], segment: [] }, stages: [], loss_reasons: [], board: [], data_quality: [],
    unavailable: [{ metric: '<i>x</i>', code: '"quoted" & <b>', reason: 'an English sentence no face shows' }],
    coverage: [{ metric: 'frt', covered: 83, total: 100, share: 0.83, note: '17 have no outgoing touch' }],
  };
  const page = renderHtml(report, { lang: 'en', title: 'T <1>', generatedAt: '2026-04-01T09:30:00Z' });
  assertSelfContained(page);
  assert.ok(page.includes('<title>T &lt;1&gt;</title>'));
  assert.ok(page.includes('2026-04-01 09:30 UTC'));
  assert.match(page, /<td>First response time<\/td><td class="num">83 \/ 100<\/td><td class="num">83\.0%<\/td><td>17 have no outgoing touch<\/td>/);
  assert.ok(page.includes('&lt;i&gt;x&lt;/i&gt;') && page.includes('&quot;quoted&quot; &amp; &lt;b&gt;'));
  assert.ok(!page.includes('an English sentence no face shows'), 'the reason is rendered from its code');
  assert.match(renderHtml(report), /<html lang="ru">[\s\S]*Покрытие/);
});

test('the demo report (300 deals) renders every section and stays under 2 MB', () => {
  const dir = `${tmp}/demo`;
  const gen = spawnSync('node', [`${ROOT}scripts/gen-demo.mjs`, '--out', dir, '--deals', '300'], { encoding: 'utf8' });
  assert.equal(gen.status, 0, gen.stderr);
  const files = readdirSync(dir).filter((f) => f.endsWith('.csv')).map((f) => `${dir}/${f}`);
  const run = cli('analyze', '--format', 'html', ...files);
  assert.equal(run.status, 0, run.stderr);
  assertSelfContained(run.stdout);
  assert.ok(Buffer.byteLength(run.stdout) < 2 * 1024 * 1024, `${Buffer.byteLength(run.stdout)} bytes`);
  assert.equal(matrixCells(run.stdout, 'win_rate').length, 13); // 12 managers and the team
  // The board lists at most 10 deals per tile, then a count of the rest.
  for (const id of ['frt', 'sla', 'next_step', 'overdue', 'stalled', 'win_rate_by_source']) {
    assert.ok([...tile(run.stdout, id).matchAll(/<code class="id">/g)].length <= 10, id);
  }
});
