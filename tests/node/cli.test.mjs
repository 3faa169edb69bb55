// scripts/kpi-lens as a user runs it: JSON and table output, exit codes and
// messages, and the wasm build's JSON equal byte for byte to the native one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ROOT, FIXTURES } from './helpers.mjs';

const cli = (...args) => spawnSync(`${ROOT}scripts/kpi-lens`, args, { encoding: 'utf8', maxBuffer: 1 << 26 }); // a 2,000-deal report passes 1 MiB, spawnSync's default
const tmp = mkdtempSync(`${tmpdir()}/kpi-cli-`);

test('analyze --format json prints the report for the fixture', () => {
  const run = cli('analyze', '--format', 'json', '--period', 'whole', `${FIXTURES}skeleton/deals.csv`, `${FIXTURES}skeleton/tasks.csv`);
  assert.equal(run.status, 0, run.stderr);
  const r = JSON.parse(run.stdout);
  assert.equal(r.schema, 'kpi-lens/report@1');
  assert.equal(r.team.metrics.win_rate, 0.5);
  assert.deepEqual(r.managers.map((m) => [m.name, m.metrics.won_count, m.metrics.lost_count]),
    [['Anna', 2, 1], ['Boris', 1, 1], ['Gleb', null, null], ['Vera', 0, 1]]);
  assert.deepEqual(r.inputs.map((i) => [i.file, i.kind, i.rows]), [['deals.csv', 'deals', 8], ['tasks.csv', 'tasks', 3]]);
});

// Issue 11 (branch audit): the core's default period is "auto". The skeleton spans 39 days up to
// Tuesday 31 March 20:00 (Moscow): under 60, so the last complete week, 23-30 March (D6 won on the
// 25th), against 16-23 March (D3 won on the 20th); --period whole gives the whole export.
test('the default period is the last complete week (short export) against the week before; --period whole reads everything', () => {
  const r = JSON.parse(cli('analyze', '--format', 'json', `${FIXTURES}skeleton/deals.csv`).stdout);
  assert.equal(r.period.preset, 'last_week');
  assert.equal(r.period.from, '2026-03-22T21:00:00Z');
  assert.equal(r.period.to, '2026-03-29T21:00:00Z');
  assert.deepEqual(r.period.previous, { from: '2026-03-15T21:00:00Z', to: '2026-03-22T21:00:00Z', as_of: '2026-03-22T20:59:59Z' });
  assert.equal(r.team.metrics.won_count, 1);
  assert.equal(r.team.metrics.lost_count, 0);
  assert.equal(r.team.previous.won_count, 1);
  const whole = JSON.parse(cli('analyze', '--format', 'json', '--period', 'whole', `${FIXTURES}skeleton/deals.csv`).stdout);
  assert.equal(whole.period.preset, 'whole');
  assert.equal(whole.team.metrics.win_rate, 0.5);
  assert.equal(whole.period.from, '2026-02-20T07:00:00Z');
});

test('--as-of, --from/--to and --tz reach the core', () => {
  const asOf = JSON.parse(cli('analyze', '--format', 'json', '--period', 'whole', '--as-of', '2026-03-15', `${FIXTURES}skeleton/deals.csv`).stdout);
  assert.equal(asOf.as_of, '2026-03-14T21:00:00Z');
  assert.equal(asOf.team.metrics.won_count, 1);
  const period = JSON.parse(cli('analyze', '--format', 'json', '--tz', 'UTC', '--from', '2026-03-06', '--to', '2026-03-21',
    `${FIXTURES}skeleton/deals.csv`).stdout);
  assert.equal(period.period.from, '2026-03-06T00:00:00Z');
  assert.equal(period.team.metrics.win_rate, 1 / 3);
});

test('--config supplies settings; the command line wins over it', () => {
  writeFileSync(`${tmp}/config.json`, JSON.stringify({ as_of: '2026-03-15', tz: 'UTC' }));
  const r = JSON.parse(cli('analyze', '--format', 'json', '--config', `${tmp}/config.json`, '--as-of', '2026-03-31 23:00',
    `${FIXTURES}skeleton/deals.csv`).stdout);
  assert.equal(r.as_of, '2026-03-31T23:00:00Z');
});

test('the table lists every manager and the team, aligned, with norms marked', () => {
  const run = cli('analyze', '--period', 'whole', `${FIXTURES}skeleton/deals.csv`, `${FIXTURES}skeleton/tasks.csv`);
  assert.equal(run.status, 0);
  const lines = run.stdout.split('\n');
  const at = lines.findIndex((l) => l.startsWith('Manager'));
  // Marks are the report's statuses: stalled 100 % against at most 10 % (bad), and
  // Vera's win rate 0 of 1 against the team's 3 of 6 (bad); the team's own win rate
  // has no previous period to be held to, so it is unmarked.
  assert.deepEqual(lines.slice(at, at + 9), [
    'Manager  FRT med  SLA  Next step  Overdue  Touches    Stalled  Won  Lost  Win rate  Revenue  Plan pace  Forecast',
    '───────  ───────  ───  ─────────  ───────  ───────  ─────────  ───  ────  ────────  ───────  ─────────  ────────',
    'Anna           —    —          —        —        —          —    2     1    66.7 %    3 501          —         —',
    'Boris          —    —    100.0 %        —        —  100.0 % ✗    1     1    50.0 %        —          —         —',
    'Gleb           —    —          —    0.0 %        —          —    —     —         —        —          —         —',
    'Vera           —    —          —        —        —          —    0     1   0.0 % ✗        —          —         —',
    '───────  ───────  ───  ─────────  ───────  ───────  ─────────  ───  ────  ────────  ───────  ─────────  ────────',
    'Team           —    —    100.0 %    0.0 %        —  100.0 % ✗    3     3    50.0 %    3 501          —         —',
    '✗ misses the norm, ! within 10 % of it',
  ]);
  // The board: Boris's D5 is stalled; Звонок's lost deals are the win-rate cards.
  assert.ok(lines.some((l) => /^ {2}Stalled deals +100\.0 % +<= 10 % +bad +— +Boris +D5$/.test(l)), run.stdout);
  assert.ok(lines.some((l) => /^ {2}Win rate \(by source\) +50\.0 % .* Звонок +D7, D2$/.test(l)), run.stdout);
  // Reasons and checks in words from the strings table, not the core's sentences or keys.
  assert.ok(lines.includes('  plan: needs a sales plan in the settings'));
  assert.ok(lines.includes('  Repeated deal ids: 1 (e.g. D1)'));
  assert.ok(lines.includes('  frt: needs calls or messages with dates'));
});

test('an unreadable file exits 3 naming the file and the place; the rest is reported', () => {
  writeFileSync(`${tmp}/junk.bin`, Buffer.from([0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
  writeFileSync(`${tmp}/people.csv`, 'name;phone\nAnna;1\n');
  const run = cli('analyze', '--format', 'json', '--period', 'whole', `${tmp}/junk.bin`, `${tmp}/people.csv`, `${FIXTURES}skeleton/deals.csv`);
  assert.equal(run.status, 3);
  assert.match(run.stderr, /junk\.bin: not a text file \(it holds NUL bytes\); expected CSV \(byte 3\)/);
  assert.match(run.stderr, /people\.csv: the header row \(name, phone\) matches none of the tables.* \(line 1\)/);
  assert.equal(JSON.parse(run.stdout).team.metrics.won_count, 3);
});

test('a missing file exits 3; bad usage exits 2', () => {
  const missing = cli('analyze', `${tmp}/nope.csv`);
  assert.equal(missing.status, 3);
  assert.match(missing.stderr, /nope\.csv: cannot open \(ENOENT\)/);
  assert.equal(cli('analyze').status, 2);
  assert.equal(cli('analyse', 'x.csv').status, 2);
  const badTz = cli('analyze', '--tz', 'Mars/Base', `${FIXTURES}skeleton/deals.csv`);
  assert.equal(badTz.status, 2);
  assert.match(badTz.stderr, /unknown time zone "Mars\/Base"/);
});

test('the wasm CLI and the native build write the same JSON bytes on the demo data', () => {
  const gen = spawnSync('node', [`${ROOT}scripts/gen-demo.mjs`, '--out', `${tmp}/demo`, '--deals', '2000'], { encoding: 'utf8' });
  assert.equal(gen.status, 0, gen.stderr);
  const files = ['deals.csv', 'stage_events.csv', 'tasks.csv', 'activities.csv'].map((f) => `${tmp}/demo/${f}`);
  const wasm = cli('analyze', '--format', 'json', ...files);
  assert.equal(wasm.status, 0, wasm.stderr);
  const native = spawnSync(`${ROOT}build/native/kpi_report_native`, files, { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(native.status, 0, native.stderr);
  assert.equal(wasm.stdout, native.stdout);
  const r = JSON.parse(wasm.stdout);
  assert.equal(r.managers.length, 12);
  // Every METRICS key of report.md, for the team and every manager.
  const KEYS = ['frt_median_min', 'frt_mean_min', 'frt_p90_min', 'sla_share', 'sla_breached', 'sla_total',
    'next_step_share', 'overdue_step_count', 'open_count', 'overdue_share', 'overdue_count', 'tasks_due_count',
    'touches_per_won_mean', 'touches_per_won_median', 'won_count', 'lost_count', 'win_rate', 'revenue',
    'avg_won_amount', 'stalled_count', 'stalled_share', 'velocity_median_days', 'plan_revenue', 'plan_fact_share',
    'plan_pace', 'plan_forecast', 'plan_won_count', 'plan_won_fact_share', 'plan_won_pace', 'plan_won_forecast'];
  for (const row of [r.team, ...r.managers]) assert.deepEqual(Object.keys(row.metrics), KEYS);
  // The demo has activities, tasks and stage history: every family but plan has a team value.
  for (const key of KEYS.filter((k) => !k.startsWith('plan_'))) {
    assert.equal(typeof r.team.metrics[key], 'number', key);
  }
  assert.deepEqual(r.unavailable.map((u) => u.metric), ['plan']);
  assert.deepEqual(r.board.map((t) => t.id), ['frt', 'sla', 'next_step', 'overdue', 'stalled', 'win_rate_by_source']);
  // Every tile is judged, win rate too: the default period (the last complete month) is held to the month before it.
  assert.equal(r.period.preset, 'last_month');
  for (const tile of r.board) assert.ok(['ok', 'warn', 'bad'].includes(tile.status), tile.id);
  // Each tile is the team row's cell: same key, value and status.
  for (const tile of r.board) {
    assert.equal(tile.value, r.team.metrics[tile.metric], tile.id);
    assert.equal(tile.status, r.team.status[tile.metric], tile.id);
  }
  // Both pipelines' open stages, in order, with conversion on each.
  assert.deepEqual(r.stages.filter((s) => s.pipeline === 'Продажи').map((s) => s.stage),
    ['Новая заявка', 'Квалификация', 'Встреча', 'КП отправлено', 'Переговоры', 'Счёт выставлен']);
  for (const s of r.stages) assert.equal(typeof s.conversion, 'number', s.stage);
  // Loss reasons: counts add up to the team's losses, "no reason" is a null row.
  assert.equal(r.loss_reasons.reduce((n, l) => n + l.count, 0), r.team.metrics.lost_count);
  assert.ok(r.loss_reasons.some((l) => l.reason === null));
});

// Issue 10: the table's compact first-hour summary, on the ranking fixture of
// tests/core/today_test.cpp (by hand there): at 03-20 10:00, clock days, the
// only deal to act on is B1 (no next step; in New since 03-01, 19 days).
test('the table sums up today\'s list, the ranking, the pipeline and new deals (issue 10)', () => {
  const dir = mkdtempSync(`${tmpdir()}/kpi-cli-fh-`);
  writeFileSync(`${dir}/deals.csv`, 'id,stage,state,owner,amount,created_at,closed_at\n'
    + 'A1,New,open,Anna,100,2026-03-18 10:00,\nA2,Won,won,Anna,100,2026-03-01 10:00,2026-03-10 10:00\n'
    + 'B1,New,open,Boris,100,2026-03-01 10:00,\nB2,Lost,lost,Boris,100,2026-03-01 10:00,2026-03-10 10:00\n'
    + 'C1,New,open,Cora,100,2026-03-19 10:00,\nC2,Won,won,Cora,100,2026-03-01 10:00,2026-03-10 10:00\n');
  writeFileSync(`${dir}/tasks.csv`, 'id,deal_id,owner,created_at,due_at,completed_at\n'
    + 'T1,A1,Anna,2026-03-18 10:00,2026-03-25 10:00,\nT2,C1,Cora,2026-03-19 10:00,2026-03-25 10:00,\n');
  writeFileSync(`${dir}/config.json`, JSON.stringify({ as_of: '2026-03-20 10:00', period: { from: '2026-03-01', to: '2026-04-01' },
    calendar: 'none', crm_account: 'acme.bitrix24.ru' }));
  const run = cli('analyze', '--config', `${dir}/config.json`, `${dir}/deals.csv`, `${dir}/tasks.csv`);
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.split('\n');
  const at = lines.findIndex((l) => l.startsWith('To act on today:'));
  assert.ok(at > 0, run.stdout);
  assert.equal(lines[at], 'To act on today: 1 open deals that can still be saved (left out: 0 idle over 60 working days, 0 closed)');
  assert.match(lines[at + 1], /^ {2}Deal\s+Manager\s+Amount\s+Why$/);
  assert.match(lines[at + 2], /^ {2}https:\/\/acme\.bitrix24\.ru\/crm\/deal\/details\/B1\/\s+Boris\s+100\s+No next step planned; Idle 19 working days in New \(limit 3 working days\)$/);
  assert.ok(lines.includes('Managers by deviations (most board metrics off norm first):'));
  assert.ok(lines.includes('  1. Boris (3 ✗)  2. Anna (all ok)  3. Cora (all ok)'), run.stdout);
  // Open at now: A1, B1, C1 at 100 each; without stage history no stage has a win probability,
  // so nothing is weighted and all 300 is said to be in stages without history.
  assert.ok(lines.includes('Open pipeline: 300 in 3 open deals; weighted forecast 0 (300 in stages without history)'), run.stdout);
  assert.ok(lines.includes('New deals in the period: 6 (600); Anna 2, Boris 2, Cora 2'), run.stdout);
  // No activities table: no activity line at all (never zeros).
  assert.ok(!lines.some((l) => l.startsWith('Activity in the period')));
});

// Issue 10: a `kpi-lens fetch` folder's manifest names the Bitrix24 portal
// (its API pages do not), so the deal links work from the folder alone.
test('analyze FOLDER takes the portal of a Bitrix24 fetch from its manifest', () => {
  const dir = mkdtempSync(`${tmpdir()}/kpi-cli-b24-`);
  for (const name of readdirSync(`${FIXTURES}bitrix24-rest`)) copyFileSync(`${FIXTURES}bitrix24-rest/${name}`, `${dir}/${name}`);
  const plain = JSON.parse(cli('analyze', '--format', 'json', dir).stdout);
  assert.deepEqual(plain.crm, { kind: 'bitrix24', account: null, source: null });
  mkdirSync(`${dir}/.kpi-fetch`);
  writeFileSync(`${dir}/.kpi-fetch/state.json`, JSON.stringify({ schema: 'kpi-lens/fetch-state@1', crm: 'bitrix24',
    account: 'https://client.bitrix24.ru', since: null, lists: {}, complete: true }));
  const r = JSON.parse(cli('analyze', '--format', 'json', dir).stdout);
  assert.deepEqual(r.crm, { kind: 'bitrix24', account: 'client.bitrix24.ru', source: 'fetch_manifest' });
  assert.ok(r.today.rows.length > 0);
  for (const row of r.today.rows) assert.equal(row.url, `https://client.bitrix24.ru/crm/deal/details/${row.deal_id}/`);
  const manifest = r.inputs.find((i) => i.file === 'state.json');
  assert.deepEqual([manifest.ok, manifest.kind, manifest.rows], [true, 'fetch_manifest', 0]);
});
