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

// The figures below are over the whole export (the default period is its last complete week).
const cli = (...args) => spawnSync(`${ROOT}scripts/kpi-lens`, args[0] === 'analyze' ? [...args, '--period', 'whole'] : args, { encoding: 'utf8', maxBuffer: 64 << 20 });
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
  // Money with its currency and, below 100 000, its kopecks: 3 500,50 ₽ never reads «3 501».
  assert.deepEqual(matrixCells(page, 'revenue').map(([, v]) => v), [`3${NBSP}500,50${NBSP}₽`, '—', '—', '—', `3${NBSP}500,50${NBSP}₽`]);
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
  // A value the report could not judge (no previous period to compare the win rate with) is not "no data".
  assert.match(tile(page, 'win_rate_by_source'), /badge none">не с чем сравнить/);
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

test('an unreadable input is listed in red with its error in words; bad options are usage errors', async () => {
  const { issueMessage } = await import(`${WASM_DIR}messages.mjs`);
  writeFileSync(`${tmp}/binary.csv`, Buffer.from([0x61, 0x00, 0x62]));
  const run = cli('analyze', '--format', 'html', ...SKELETON, `${tmp}/binary.csv`);
  assert.equal(run.status, 3);
  const json = JSON.parse(cli('analyze', '--format', 'json', ...SKELETON, `${tmp}/binary.csv`).stdout);
  const error = json.inputs.find((i) => i.file === 'binary.csv').error;
  // The reason is the strings table's, in the report's language; no code, no English sentence.
  const words = issueMessage(error, 'ru').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  assert.equal(words, 'это не таблица (двоичные данные); ожидалась выгрузка CSV, XLSX или JSON');
  assert.ok(run.stdout.includes(`<tr class="unreadable"><td>binary.csv</td><td colspan="5"><strong>не прочитан:</strong> ${words} (байт 1)</td>`), words);
  assert.ok(!run.stdout.includes(error.message) && !run.stdout.includes(`>${error.code}<`));
  assert.equal(cli('analyze', '--format', 'html', '--lang', 'de', ...SKELETON).status, 2);
  assert.match(cli('--help').stdout, /--format table\|json\|html[\s\S]*--lang ru\|en/);
});

test('renderHtml: coverage rows, an empty report and hostile keys', async () => {
  const { renderHtml } = await import(`${WASM_DIR}report-html.mjs`);
  const report = {
    schema: 'kpi-lens/report@1', as_of: null, period: { from: null, to: null }, inputs: [], team: { metrics: {} },
    managers: [], groups: { source: [], segment: [] }, stages: [], loss_reasons: [], board: [], data_quality: [],
    unavailable: [{ metric: '<i>x</i>', code: '"quoted" & <b>', reason: 'an English sentence no face shows' }],
    coverage: [{ metric: 'frt', covered: 83, total: 100, share: 0.83, note: '17 have no outgoing touch', code: null, lacking_pct: 17, severity: 'medium' }],
  };
  const page = renderHtml(report, { lang: 'en', title: 'T <1>', generatedAt: '2026-04-01T09:30:00Z', timeZone: 'Europe/Moscow' });
  assertSelfContained(page);
  assert.ok(page.includes('<title>T &lt;1&gt;</title>'));
  // In the settings' zone and the reader's words: 09:30 UTC is 12:30 in Moscow.
  assert.match(page, /<dd>April 1, 2026 at 12:30\sPM<\/dd>/);
  assert.doesNotMatch(page, /UTC|\d{4}-\d{2}-\d{2}/);
  // The core's English note is not read: the gap in words from the row's lacking percent.
  assert.match(page, /<td>First response time<\/td><td class="num">83 \/ 100<\/td><td class="num">83\.0%<\/td><td>17% of the leads created in the period have no outgoing touch<\/td>/);
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

test('the audit report reads as written for its reader: no code, no ISO date, money with its currency', async () => {
  const { renderHtml, moneyFormatter, MINOR_UNITS_BELOW } = await import(`${WASM_DIR}report-html.mjs`);
  const { MINOR_UNITS_BELOW: pageRule } = await import(`${ROOT}web/export-table.mjs`);
  assert.equal(pageRule, MINOR_UNITS_BELOW, 'the exports round money by the same rule');
  // Money: kopecks below 100 000 when there are any; whole from there up, never rounded up.
  const rub = moneyFormatter('ru-RU', 'RUB');
  assert.deepEqual([1000.5, 19999.99, 1000, 74303628.5, 19999999.99].map(rub),
    [`1${NBSP}000,50${NBSP}₽`, `19${NBSP}999,99${NBSP}₽`, `1${NBSP}000${NBSP}₽`, `74${NBSP}303${NBSP}628${NBSP}₽`, `19${NBSP}999${NBSP}999${NBSP}₽`]);
  assert.equal(moneyFormatter('en-US', null)(1234.5), '1,234.50', 'no currency: a bare amount');
  const team = { metrics: { revenue: 1000.5, win_rate: 0.5 }, status: { win_rate: 'ok' } };
  const report = {
    schema: 'kpi-lens/report@1', as_of: '2026-03-31T20:59:59Z', period: { from: '2026-02-28T21:00:00Z', to: '2026-03-31T21:00:00Z' },
    currency: 'RUB', team, managers: [{ name: 'Анна', metrics: { revenue: 1000.5 } }],
    groups: { source: [], segment: [], lead_class: ['hot', 'warm', 'cold'].map((name) => ({ name, metrics: { won_count: 1 } })) },
    stages: [], loss_reasons: [], board: [], unavailable: [{ metric: 'plan', code: 'NEEDS_PLAN', reason: 'needs a sales plan (settings: plans)' }],
    data_quality: [{ check: 'junk_stages', count: 2, examples: ['Думает'], severity: 'medium', unit: 'stages' },
      { check: 'open_without_task_or_touch', count: 0, examples: [], severity: 'ok', unit: 'deals' }],
    coverage: [{ metric: 'touches', covered: 0, total: 10, share: 0, note: 'no activities loaded', code: 'NEEDS_ACTIVITIES', lacking_pct: 100, severity: 'high' }],
    inputs: [{ file: 'deals.csv', kind: 'deals', format: 'amocrm-xlsx', encoding: 'utf-8', rows: 2, skipped: 1, issue_count: 1, ok: true,
      issues: [{ code: 'BAD_NUMBER', rule: 'CELL_NOT_AMOUNT', line: 3, message: 'amount: not a number', params: { column: 'Бюджет', value: 'абв' } }] }],
    catalogue: { sla_share: { unit: 'share', norm: { kind: 'at_least', value: 0.85, source: 'default' } } },
  };
  report.unavailable.push({ metric: 'touches', code: 'NEEDS_TOUCHES', reason: 'x' });
  const text = (page) => page.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ').replace(/&[#\w]+;/g, ' ').replace(/\s+/g, ' ');
  const ru = renderHtml(report, { lang: 'ru', timeZone: 'Europe/Moscow', generatedAt: '2026-04-01T07:00:00Z' });
  const visible = text(ru);
  assert.ok(visible.includes('1–31 марта 2026 г.'), 'the period in Russian words, in Moscow time');
  assert.ok(visible.includes('31 марта 2026 г. в 23:59'));
  assert.ok(ru.includes(`1${NBSP}000,50${NBSP}₽`));
  for (const word of ['горячий', 'тёплый', 'холодный', 'Класс лида', 'выгрузка amoCRM, XLSX', 'строка 3: «Бюджет»: «абв» — не сумма; сделка учтена без суммы',
    'нужен план продаж в настройках', 'нужны активности']) assert.ok(visible.includes(word), word);
  assert.doesNotMatch(visible, /\d{4}-\d{2}-\d{2}|UTC|\b[a-z]+_[a-z_]+\b|\b(hot|warm|cold|plans|lead_class)\b/);
  assert.doesNotMatch(visible, /\b(the|of|no|have|not|needs|settings)\b/i, 'no English sentence in the Russian report');
  const en = text(renderHtml(report, { lang: 'en', timeZone: 'Europe/Moscow' }));
  assert.ok(en.includes('March 1 – 31, 2026') || en.includes('March 1 – 31, 2026'));
  assert.doesNotMatch(en.replace(/Анна|Думает|Бюджет|абв/g, ''), /[А-Яа-яЁё]/, 'no Russian word in the English report but the data');
  assert.doesNotMatch(en, /\d{4}-\d{2}-\d{2}|UTC|\b[a-z]+_[a-z_]+\b/);
});

// Issue 10: "to act on today" lists the first 10 rows of report.today with links and reasons in words,
// and the first-hour sections print the report's ranking, pipeline, new deals and activity.
test('renderHtml: today\'s list with links and reasons in words, and the first-hour sections', async () => {
  const { renderHtml } = await import(`${WASM_DIR}report-html.mjs`);
  const row = (i, url) => ({ deal_id: `D${i}`, title: `Deal <${i}>`, manager: 'Anna', stage: 'New', amount: 1000.5 * i, currency: 'RUB',
    idle_days: 19.04, score: 1, url, reasons: [{ code: 'NO_NEXT_STEP', params: {} },
      { code: 'STALLED', params: { value: 19.04, norm: 3, unit: 'working_days', stage: 'New' } }] });
  const report = {
    schema: 'kpi-lens/report@1', as_of: null, period: { from: null, to: null }, inputs: [], team: { metrics: {} }, currency: 'RUB',
    managers: [], groups: {}, stages: [], loss_reasons: [], board: [], data_quality: [], unavailable: [],
    state: { code: 'OK', params: { files: 1, unreadable: 0, deals: 12 } },
    today: { stale_days: 60, open_flagged: 13, stale: 1, closed: 2, more: 0,
      rows: [row(1, 'https://acme.bitrix24.ru/crm/deal/details/1/?a=1&b=2'), ...Array.from({ length: 11 }, (_, i) => row(i + 2, null))] },
    ranking: [{ manager: 'Boris', bad: 3, warn: 0, ok: 0, miss: 11, off: ['next_step_share'] }, { manager: 'Anna', bad: 0, warn: 0, ok: 3, miss: 0, off: [] }],
    open_pipeline: { stages: [{ pipeline: 'Main', stage: 'New', open_count: 3, amount: 7500, win_probability: 2 / 3, weighted: 5000 }],
      managers: [{ manager: null, open_count: 3, amount: 7500, weighted: 5000, unweighted_amount: 0 }] },
    new_deals: { managers: [{ manager: null, count: 4, amount: 8500 }, { manager: 'Anna', count: 4, amount: 8500 }], by_source: [] },
    activity: null,
  };
  const en = renderHtml(report, { lang: 'en' });
  const rows = [...en.matchAll(/<tr data-deal="(D\d+)">/g)].map((m) => m[1]);
  assert.deepEqual(rows, ['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D8', 'D9', 'D10'], 'the first 10 rows');
  assert.ok(en.includes('<a class="id" href="https://acme.bitrix24.ru/crm/deal/details/1/?a=1&amp;b=2" rel="noreferrer">D1</a>'));
  assert.ok(en.includes('<code class="id">D2</code><span class="deal-title">Deal &lt;2&gt;</span>'));
  assert.ok(en.includes('Open deals that can still be saved: 12; the first 10 here, by money at stake and freshness. Left out: idle over 60 working days — 1, closed — 2.'));
  assert.ok(en.includes('<li data-code="NO_NEXT_STEP">No next step planned</li><li data-code="STALLED">Idle 19\u00a0working days in New (limit 3\u00a0working days)</li>'),
    'in the stand-up list\'s words, the number held to its unit');
  assert.ok(en.includes('data-label="Amount">₽1,000.50</td>'), 'money with its currency and kopecks');
  assert.match(en, /<li data-manager="Boris"><strong>Boris<\/strong> — off norm: 3<span class="muted"> \(Next-step coverage\)<\/span><\/li>/);
  assert.ok(en.includes('₽7,500 in open deals (3); weighted forecast ₽5,000.'));
  assert.match(en, /<td class="num">66\.7%<\/td>/);
  assert.ok(en.includes('Not computed: needs calls or messages with dates.'), 'activity without its input says why');
  const ru = renderHtml(report, { lang: 'ru' });
  assert.ok(ru.includes('<li data-code="STALLED">Простой 19\u00a0раб. дн. на этапе «New» (срок 3\u00a0раб. дн.)</li>'));
  assert.match(ru, /data-label="Сумма">1\s000,50\s₽<\/td>/);
  // Nothing read is no good news.
  const none = renderHtml({ ...report, state: { code: 'NO_DEALS_READ', params: { files: 1, unreadable: 1, deals: 0 } }, today: { rows: [] } }, { lang: 'en' });
  assert.match(none, /No deal was read: the 1 file given holds no deals table/);
  assert.doesNotMatch(none, /Nothing to save today/);
});
