// `kpi-lens fetch` end to end against the local mocks of both CRM APIs
// (tests/mocks): the folder it writes, analysed, gives the same report as the
// fixtures the mocks serve; throttling (429 / 503) in the middle of paging
// loses no page; an interrupted fetch resumes without duplicates; the token and
// the webhook secret appear in no output and no file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, FIXTURES } from './helpers.mjs';
import { EXPIRED_TOKEN, TOKEN, startAmoMock } from '../mocks/amocrm.mjs';
import { EXPIRED_SECRET, SECRET, WEBHOOK_USER, loadBitrixFixtures, startBitrixMock } from '../mocks/bitrix24.mjs';

const MARCH = { as_of: '2026-03-31T23:59:59+03:00', from: '2026-03-01T00:00:00+03:00', to: '2026-04-01T00:00:00+03:00' };
const KPI = `${ROOT}scripts/kpi-lens`;
const tmp = (p) => mkdtempSync(join(tmpdir(), p));

/**
 * Runs kpi-lens asynchronously (the mock answers in this process): {status, signal,
 * stdout, stderr}. `killWhen()` is polled every 10 ms; once true the process gets
 * `signal` (SIGKILL by default: no chance to tidy up).
 */
function run(args, { env = {}, killWhen = null, signal = 'SIGKILL' } = {}) {
  return new Promise((resolve) => {
    const child = spawn(KPI, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const poll = killWhen && setInterval(() => { if (killWhen()) { clearInterval(poll); child.kill(signal); } }, 10);
    child.on('close', (status, signal) => { clearInterval(poll); resolve({ status, signal, stdout, stderr }); });
  });
}

function analyze(dir) {
  const config = join(tmp('kpi-cfg-'), 'config.json');
  writeFileSync(config, JSON.stringify(MARCH));
  const r = spawnSync(KPI, ['analyze', '--format', 'json', '--config', config, dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.ok(report.inputs.every((i) => i.ok), JSON.stringify(report.inputs.filter((i) => !i.ok)));
  return report;
}

/**
 * The report without its list of input files (names and sizes differ between the fixtures and a fetch)
 * and without the number of files in `state.params` (a fetch saves one file per page); the rest of
 * `state` (its code, the deals read, the unreadable files) must still agree.
 */
const withoutInputs = ({ inputs, state, ...rest }) => {
  const { files, ...params } = state?.params ?? {};
  return { ...rest, state: { ...state, params } };
};

/** Every file under dir (hidden ones too), recursively. */
function allFiles(dir) {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? allFiles(join(dir, n)) : [join(dir, n)]));
}

function assertSecretNowhere(secret, { stdout, stderr }, dir) {
  assert.ok(!stdout.includes(secret) && !stderr.includes(secret), 'the secret is printed');
  for (const file of allFiles(dir)) assert.ok(!readFileSync(file, 'utf8').includes(secret), `the secret is written into ${file}`);
}

function expectScenario(r) {
  assert.equal(r.team.metrics.won_count, 2);
  assert.equal(r.team.metrics.lost_count, 2);
  assert.equal(r.team.metrics.revenue, 130000);
  assert.deepEqual(r.managers.map((m) => [m.name, m.metrics.won_count, m.metrics.lost_count, m.metrics.revenue]),
    [['Анна Смирнова', 1, 1, 100000], ['Игорь Петров', 1, 1, 30000]]);
}

const ids = (dir, prefix, pick) => readdirSync(dir).filter((n) => n.startsWith(prefix))
  .flatMap((n) => [JSON.parse(readFileSync(join(dir, n), 'utf8'))].flat()).flatMap(pick);

test('amoCRM: the fetched folder gives the fixtures\' report; 429 and 503 mid-paging lose no page; the token is never shown', async () => {
  const amo = await startAmoMock({ pageSize: { leads: 2, events: 3, tasks: 2, notes: 2 } });
  const f429 = amo.fail({ path: '/api/v4/leads', page: 2, status: 429 });
  const f503 = amo.fail({ path: '/api/v4/events', page: 3, status: 503 });
  try {
    const dir = tmp('kpi-fetch-amo-');
    const tokenFile = join(tmp('kpi-secret-'), 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`);
    const out = join(dir, 'out');
    const r = await run(['fetch', 'amocrm', '--account', amo.url, '--token-file', tokenFile, '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /fetch: done, .*leads 5/);
    assert.match(r.stderr, /fetch: leads: 3 pages, 5 rows \(\d+ requests\)/);
    assert.match(r.stderr, /HTTP 429/);
    assert.equal(f429.hits, 1);
    assert.equal(f503.hits, 1);
    assert.deepEqual(readdirSync(out).filter((n) => n.startsWith('leads')), ['leads_0001.json', 'leads_0002.json', 'leads_0003.json']);
    assert.deepEqual(ids(out, 'leads_', (p) => p._embedded.leads.map((l) => l.id)), [1001, 1002, 1003, 1004, 1005]);
    // The documented limits: 250 a page, events 100; under 7 requests a second (the mock never had to throttle).
    for (const q of amo.apiRequests) if (q.query.limit) assert.ok(Number(q.query.limit) <= (q.path === '/api/v4/events' ? 100 : 250), q.search);
    assert.ok(amo.apiRequests.some((q) => q.path === '/api/v4/events' && q.query.limit === '100'));
    assert.equal(amo.throttled, 0);
    // Only the mock's own host: the next links name https://example.amocrm.ru, never requested.
    assert.ok(amo.requests.every((q) => q.headers.host === `127.0.0.1:${amo.port}`));
    const fetched = analyze(out);
    expectScenario(fetched);
    assert.deepEqual(withoutInputs(fetched), withoutInputs(analyze(`${FIXTURES}amocrm-api`)));
    assertSecretNowhere(TOKEN, r, dir);
    // Run again: nothing to do.
    const again = await run(['fetch', 'amocrm', '--account', amo.url, '--out', out], { env: { KPI_AMOCRM_TOKEN: TOKEN } });
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /already complete/);
  } finally {
    await amo.close();
  }
});

test('Bitrix24: the fetched folder gives the fixtures\' report; batch and fast paging; 503 and 429 are waited out', async () => {
  const b24 = await startBitrixMock();
  const f503 = b24.fail({ method: 'crm.deal.list', status: 503 });
  const f429 = b24.fail({ method: 'crm.activity.list', status: 429 });
  try {
    const dir = tmp('kpi-fetch-b24-');
    const webhook = `${b24.url}/rest/${WEBHOOK_USER}/${SECRET}/`;
    const out = join(dir, 'out');
    const r = await run(['fetch', 'bitrix24', '--out', out], { env: { KPI_BITRIX24_WEBHOOK: webhook } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(f503.hits, 1);
    assert.equal(f429.hits, 1);
    // One batch asked the first page of every list; the deal list paged fast (start=-1, ordered by ID, after ID 0).
    assert.equal(b24.requests[0].path, `/rest/${WEBHOOK_USER}/${SECRET}/batch.json`);
    const deal = b24.calls.find((c) => c.method === 'crm.deal.list');
    assert.deepEqual([deal.params.start, deal.params.order, deal.params.filter], ['-1', { ID: 'ASC' }, { '>ID': '0' }]);
    assert.deepEqual(readdirSync(out).filter((n) => n.endsWith('.json')), ['crm.activity.list_0001.json', 'crm.category.list_0001.json',
      'crm.deal.list_0001.json', 'crm.stagehistory.list.json', 'crm.status.list_0001.json', 'tasks.task.list_0001.json', 'user.get_0001.json']);
    const fetched = analyze(out);
    expectScenario(fetched);
    assert.deepEqual(withoutInputs(fetched), withoutInputs(analyze(`${FIXTURES}bitrix24-rest`)));
    assertSecretNowhere(SECRET, r, dir);
  } finally {
    await b24.close();
  }
});

// 130 deals over three pages of 50: manager 1 owns the odd ids, 2 the even; every
// fifth deal (5, 10, ..., 130) is won for 1000 × its id, every seventh not a
// multiple of 5 lost. Counted by hand: won — odd ids 5, 15, ..., 125 (13 deals,
// sum 1000 × 845 = 845 000), even ids 10, 20, ..., 130 (13 deals, 1000 × 910 =
// 910 000); lost — 7, 21, 49, 63, 77, 91, 119 (odd: 7) and 14, 28, 42, 56, 84,
// 98, 112, 126 (even: 8).
function bigPortal() {
  const data = loadBitrixFixtures();
  data['crm.deal.list'] = [];
  for (let id = 1; id <= 130; id += 1) {
    const won = id % 5 === 0;
    const lost = !won && id % 7 === 0;
    data['crm.deal.list'].push({ ID: String(id), TITLE: `Deal ${id}`, CATEGORY_ID: '0', STAGE_ID: won ? 'WON' : lost ? 'LOSE' : 'NEW',
      STAGE_SEMANTIC_ID: won ? 'S' : lost ? 'F' : 'P', CURRENCY_ID: 'RUB', OPPORTUNITY: `${1000 * id}.00`, CLOSED: won || lost ? 'Y' : 'N',
      ASSIGNED_BY_ID: id % 2 ? '1' : '2', DATE_CREATE: '2026-03-02T10:00:00+03:00', MOVED_TIME: '2026-03-10T10:00:00+03:00', SOURCE_ID: 'CALL' });
  }
  data['crm.stagehistory.list'] = [];
  data['crm.activity.list'] = [];
  data['tasks.task.list'] = [];
  return data;
}

test('Bitrix24: 503 and 429 in the middle of fast paging lose no page', async () => {
  const b24 = await startBitrixMock({ data: bigPortal(), bucket: { capacity: 4, perSecond: 2 } });
  const f503 = b24.fail({ method: 'crm.deal.list', status: 503, after: 1 }); // the second page
  const f429 = b24.fail({ method: 'crm.deal.list', status: 429, after: 2 }); // the third
  try {
    const out = join(tmp('kpi-fetch-b24-big-'), 'out');
    const webhookFile = join(tmp('kpi-secret-'), 'webhook');
    writeFileSync(webhookFile, `${b24.url}/rest/${WEBHOOK_USER}/${SECRET}/`);
    const r = await run(['fetch', 'bitrix24', '--webhook-file', webhookFile, '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(f503.hits, 1);
    assert.equal(f429.hits, 1);
    const dealIds = ids(out, 'crm.deal.list_', (p) => p.result.map((d) => Number(d.ID)));
    assert.deepEqual(dealIds, Array.from({ length: 130 }, (_, i) => i + 1));
    assert.equal(readdirSync(out).filter((n) => n.startsWith('crm.deal.list_')).length, 3);
    const report = analyze(out);
    assert.deepEqual(report.managers.map((m) => [m.name, m.metrics.won_count, m.metrics.lost_count, m.metrics.revenue]),
      [['Анна Смирнова', 13, 7, 845000], ['Игорь Петров', 13, 8, 910000]]);
    assertSecretNowhere(SECRET, r, out);
  } finally {
    await b24.close();
  }
});

test('an interrupted fetch resumes where it stopped, without duplicates', async () => {
  const amo = await startAmoMock({ pageSize: { leads: 1, events: 2 }, latencyMs: 30 });
  try {
    const out = join(tmp('kpi-fetch-resume-'), 'out');
    const env = { KPI_AMOCRM_TOKEN: TOKEN };
    const args = ['fetch', 'amocrm', '--account', amo.url, '--out', out];
    const first = await run(args, { env, killWhen: () => existsSync(join(out, 'leads_0003.json')) });
    assert.equal(first.signal, 'SIGKILL');
    // Ctrl-C: the fetch stops between pages, says how to go on, and exits 130.
    const third = await run(args, { env, signal: 'SIGINT', killWhen: () => existsSync(join(out, 'events_0002.json')) });
    assert.equal(third.status, 130, third.stderr);
    assert.match(third.stderr, /resuming[\s\S]*fetch: interrupted; run the same command again to go on from where it stopped/);
    const before = amo.apiRequests.length;
    const second = await run(args, { env });
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stderr, /resuming/);
    // The pipelines, users and loss reasons were not asked again, nor the first leads pages.
    const resumed = amo.apiRequests.slice(before);
    assert.ok(!resumed.some((q) => q.path === '/api/v4/users' || q.path === '/api/v4/leads/pipelines'));
    assert.ok(!resumed.some((q) => q.path === '/api/v4/leads' || (q.path === '/api/v4/events' && Number(q.query.page) < 2)));
    assert.deepEqual(ids(out, 'leads_', (p) => p._embedded.leads.map((l) => l.id)), [1001, 1002, 1003, 1004, 1005]);
    const events = ids(out, 'events_', (p) => p._embedded.events.map((e) => e.id));
    assert.equal(new Set(events).size, events.length);
    const report = analyze(out);
    expectScenario(report);
    assert.deepEqual(withoutInputs(report), withoutInputs(analyze(`${FIXTURES}amocrm-api`)));
    assertSecretNowhere(TOKEN, { stdout: first.stdout + third.stdout + second.stdout, stderr: first.stderr + third.stderr + second.stderr }, out);
  } finally {
    await amo.close();
  }
});

test('clear messages for an expired token, an expired webhook, a free Bitrix24 plan and a missing secret', async () => {
  const amo = await startAmoMock();
  const b24 = await startBitrixMock();
  const free = await startBitrixMock({ freePlan: true });
  try {
    const out = () => join(tmp('kpi-fetch-err-'), 'out');
    const expired = await run(['fetch', 'amocrm', '--account', amo.url, '--out', out()], { env: { KPI_AMOCRM_TOKEN: EXPIRED_TOKEN } });
    assert.equal(expired.status, 4);
    assert.match(expired.stderr, /the token has expired; issue a new long-lived token/);
    assert.ok(!(expired.stdout + expired.stderr).includes(EXPIRED_TOKEN));

    const hook = `${b24.url}/rest/${WEBHOOK_USER}/${EXPIRED_SECRET}/`;
    const old = await run(['fetch', 'bitrix24', '--out', out()], { env: { KPI_BITRIX24_WEBHOOK: hook } });
    assert.equal(old.status, 4);
    assert.match(old.stderr, /expired \(expired_token\)/);
    assert.ok(!(old.stdout + old.stderr).includes(EXPIRED_SECRET));

    const plan = await run(['fetch', 'bitrix24', '--out', out()], { env: { KPI_BITRIX24_WEBHOOK: `${free.url}/rest/${WEBHOOK_USER}/${SECRET}/` } });
    assert.equal(plan.status, 4);
    assert.match(plan.stderr, /ACCESS_DENIED \(REST API is available only on commercial plans\)\. Bitrix24 opens its REST API only on commercial plans/);
    assert.ok(!(plan.stdout + plan.stderr).includes(SECRET));

    const none = await run(['fetch', 'amocrm', '--account', amo.url, '--out', out()], { env: { KPI_AMOCRM_TOKEN: '' } });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /no token: give --token-file FILE or set \$KPI_AMOCRM_TOKEN/);
    const crossed = await run(['fetch', 'bitrix24', '--token-file', '/dev/null', '--out', out()]);
    assert.equal(crossed.status, 2);
    assert.match(crossed.stderr, /--token-file is for amoCRM; Bitrix24 takes --webhook-file/);
    const onCommandLine = await run(['fetch', 'amocrm', '--account', amo.url, '--out', out(), TOKEN]);
    assert.equal(onCommandLine.status, 2);
    assert.ok(!(onCommandLine.stdout + onCommandLine.stderr).includes(TOKEN));
  } finally {
    await Promise.all([amo.close(), b24.close(), free.close()]);
  }
});
