// The CRM API clients' own rules, without the CLI: the leaky bucket's pace,
// Cancel while waiting, the next link kept on our host, the shapes of pages
// (204, a missing _embedded), Bitrix24's nested query strings, batch replies
// with empty maps as [], and the stalled-cursor guard. Timing bounds are
// lower bounds only (the bucket must wait at least this long).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimiter, backoffDelay, sleep } from '../../wasm/crm/http.mjs';
import { AMO_LISTS, createAmoClient, firstPath } from '../../wasm/crm/amocrm-api.mjs';
import { BITRIX_LISTS, createBitrixClient, pageParams, toQuery } from '../../wasm/crm/bitrix24-api.mjs';
import { TOKEN, loadAmoFixtures, startAmoMock } from '../mocks/amocrm.mjs';
import { SECRET, WEBHOOK_USER, loadBitrixFixtures, startBitrixMock } from '../mocks/bitrix24.mjs';

const reply = (status, body, headers = {}) => new Response(body === null ? null : typeof body === 'string' ? body : JSON.stringify(body), { status, headers });

test('the leaky bucket lets `capacity` go at once, then `perSecond`', async () => {
  const limiter = new RateLimiter({ capacity: 2, perSecond: 20 });
  const start = Date.now();
  for (let i = 0; i < 6; i += 1) await limiter.take();
  // 2 at once, then 4 more at 20 a second: at least 200 ms.
  assert.ok(Date.now() - start >= 190, `${Date.now() - start} ms`);
  const fast = new RateLimiter({ capacity: 5, perSecond: 1 });
  const t0 = Date.now();
  for (let i = 0; i < 5; i += 1) await fast.take();
  assert.ok(Date.now() - t0 < 1000, 'a sixth request would wait a whole second; five must not');
});

test('Cancel ends a wait in the bucket and a backoff sleep at once', async () => {
  const limiter = new RateLimiter({ capacity: 1, perSecond: 0.1 }); // one every 10 s
  await limiter.take();
  const controller = new AbortController();
  const waiting = limiter.take(controller.signal);
  setTimeout(() => controller.abort(), 30);
  const t0 = Date.now();
  await assert.rejects(waiting, { code: 'ABORTED' });
  await assert.rejects(sleep(10_000, AbortSignal.abort()), { code: 'ABORTED' });
  assert.ok(Date.now() - t0 < 1000);
});

test('backoff doubles up to its cap and honours a longer Retry-After', () => {
  const none = () => 0;
  assert.deepEqual([0, 1, 2, 3, 10].map((a) => backoffDelay(a, { baseMs: 100, maxMs: 500 }, null, none)), [100, 200, 400, 500, 500]);
  assert.equal(backoffDelay(0, { baseMs: 100, maxMs: 500 }, '1', none), 1000);
});

test('amoCRM: page sizes, 204, the next link taken on our own host only, a 401 for an expired token', async () => {
  assert.equal(firstPath(AMO_LISTS.find((l) => l.list === 'leads')), '/api/v4/leads?page=1&limit=250');
  assert.match(firstPath(AMO_LISTS.find((l) => l.list === 'events')), /^\/api\/v4\/events\?page=1&limit=100&/);
  const seen = [];
  const pages = {
    '/api/v4/leads?page=1&limit=250': reply(200, { _page: 1, _links: { next: { href: 'https://evil.example/api/v4/leads?page=2&limit=250' } }, _embedded: { leads: [{ id: 1 }] } }),
    '/api/v4/leads?page=2&limit=250': reply(204, null),
  };
  const fetch = async (url, init) => {
    seen.push([url, init.headers.Authorization]);
    return pages[url.replace('https://acme.amocrm.ru', '')] ?? reply(404, 'no');
  };
  const client = createAmoClient({ baseUrl: 'https://acme.amocrm.ru/some/path', token: 't0k', fetch, limiter: new RateLimiter({ capacity: 10, perSecond: 100 }) });
  const got = [];
  const state = await client.fetchPages({ lists: [AMO_LISTS.find((l) => l.list === 'leads')], onPage: (p) => got.push(p.rows) });
  assert.deepEqual(got, [1]);
  assert.deepEqual(state.leads, { next: null, pages: 1, rows: 1, done: true });
  assert.deepEqual(seen.map(([u]) => new URL(u).host), ['acme.amocrm.ru', 'acme.amocrm.ru']);
  assert.ok(seen.every(([, auth]) => auth === 'Bearer t0k'));

  const broken = createAmoClient({ baseUrl: 'https://acme.amocrm.ru', fetch: async () => reply(200, { _page: 1 }) });
  await assert.rejects(broken.get('/api/v4/leads'), { code: 'BAD_RESPONSE', message: /no _embedded/ });
  const expired = createAmoClient({ baseUrl: 'https://acme.amocrm.ru', token: 'x', fetch: async () => reply(401, { title: 'Unauthorized', detail: 'Token has expired' }) });
  await assert.rejects(expired.get('/api/v4/leads'), { code: 'EXPIRED_TOKEN' });
  assert.throws(() => createAmoClient({ baseUrl: 'acme' }), { code: 'BAD_USAGE' });
});

test('Bitrix24: nested query strings, fast-paging parameters, batch replies with [] for empty maps', async () => {
  assert.equal(decodeURIComponent(toQuery({ filter: { '>ID': 5, OWNER_TYPE_ID: 2 }, order: { ID: 'ASC' }, select: ['ID', 'UF_CRM_TASK'], start: -1 })),
    'filter[>ID]=5&filter[OWNER_TYPE_ID]=2&order[ID]=ASC&select[0]=ID&select[1]=UF_CRM_TASK&start=-1');
  const deals = BITRIX_LISTS.find((l) => l.list === 'crm.deal.list');
  assert.deepEqual(pageParams(deals, { cursor: 37 }), { order: { ID: 'ASC' }, filter: { '>ID': 37 }, start: -1 });
  const statuses = BITRIX_LISTS.find((l) => l.list === 'crm.status.list');
  assert.deepEqual(pageParams(statuses, { start: 50 }), { order: { SORT: 'ASC' }, start: 50 });

  let body = null;
  const fetch = async (url, init) => {
    body = JSON.parse(init.body);
    assert.equal(url, 'https://portal.example/rest/7/s3cret/batch.json');
    return reply(200, { result: { result: { a: [{ ID: '1' }] }, result_error: [], result_total: { a: 0 }, result_next: [], result_time: [] }, time: {} });
  };
  const client = createBitrixClient({ webhook: 'https://portal.example/rest/7/s3cret/', fetch });
  const out = await client.batch({ a: ['crm.deal.list', { start: -1 }] });
  assert.deepEqual(out, { a: { result: [{ ID: '1' }], total: 0 } });
  assert.deepEqual(body, { halt: 0, cmd: { a: 'crm.deal.list?start=-1' } });
  await assert.rejects(client.batch(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`c${i}`, ['user.get', {}]]))), { code: 'BAD_USAGE' });
  assert.throws(() => createBitrixClient({ webhook: 'https://portal.example/crm/' }), { code: 'BAD_USAGE' });
});

test('Bitrix24: a cursor that does not move forward stops the read instead of looping', async () => {
  const page = { result: Array.from({ length: 50 }, () => ({ ID: '5' })), total: 0 };
  const client = createBitrixClient({ webhook: 'https://portal.example/rest/1/x/', batch: false, fetch: async () => reply(200, page) });
  const lists = [BITRIX_LISTS.find((l) => l.list === 'crm.deal.list')];
  await assert.rejects(client.fetchPages({ lists, state: { 'crm.deal.list': { cursor: 5, pages: 0, rows: 0, done: false } } }),
    { code: 'BAD_RESPONSE', message: /cursor did not move forward/ });
});

test('amoCRM: an empty list (204) and a page past the last (204, or 200 with nothing) both end a list', async () => {
  const lists = AMO_LISTS.filter((l) => l.list === 'loss_reasons' || l.list === 'leads');
  for (const pastEnd204 of [true, false]) {
    const amo = await startAmoMock({ data: { ...loadAmoFixtures(), loss_reasons: [] }, pageSize: { leads: 2 }, nextOnLastPage: true, pastEnd204 });
    try {
      const client = createAmoClient({ baseUrl: amo.url, token: TOKEN });
      const pages = [];
      const state = await client.fetchPages({ lists, onPage: (p) => pages.push([p.list, p.index, p.rows]) });
      assert.deepEqual(pages, [['leads', 1, 2], ['leads', 2, 2], ['leads', 3, 1]]);
      assert.deepEqual([state.loss_reasons.done, state.loss_reasons.rows, state.leads.done, state.leads.rows], [true, 0, true, 5]);
      // The past-the-end page 4 was asked once and ended the list.
      assert.deepEqual(amo.apiRequests.filter((q) => q.path === '/api/v4/leads').map((q) => q.query.page), ['1', '2', '3', '4']);
    } finally {
      await amo.close();
    }
  }
});

test('Bitrix24: a client within the portal\'s bucket is never refused; one bursting past it is, and still reads every page', async () => {
  const data = loadBitrixFixtures();
  data['crm.deal.list'] = Array.from({ length: 130 }, (_, i) => ({ ID: String(i + 1), STAGE_ID: 'NEW', DATE_CREATE: '2026-03-02T10:00:00+03:00' }));
  // A margin of one below the portal's burst: the portal measures arrivals, which jitter.
  for (const [capacity, refusedExpected] of [[2, false], [10, true]]) {
    const b24 = await startBitrixMock({ data, bucket: { capacity: 3, perSecond: 2 } });
    try {
      const client = createBitrixClient({ webhook: `${b24.url}/rest/${WEBHOOK_USER}/${SECRET}/`, batch: false,
        limiter: new RateLimiter({ capacity, perSecond: 2 }), retry: { baseMs: 200 } });
      const ids = [];
      await client.fetchPages({ onPage: ({ list, page }) => { if (list === 'crm.deal.list') ids.push(...page.result.map((d) => Number(d.ID))); } });
      assert.deepEqual(ids, Array.from({ length: 130 }, (_, i) => i + 1));
      const refused = b24.calls.filter((c) => c.refused === 'bucket').length;
      assert.equal(refused > 0, refusedExpected, `capacity ${capacity}: ${refused} refused`);
    } finally {
      await b24.close();
    }
  }
});
