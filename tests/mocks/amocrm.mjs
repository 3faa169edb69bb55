// A local amoCRM / Kommo API v4 for the tests (docs/embedding.md §6.1):
// the lists of tests/fixtures/amocrm-api (or any data given), paged as the API
// pages them, with 204, 429/503 injection, a requests-per-second limit, a
// long-lived token, an expired one and a session cookie. Started and stopped by
// each test:
//   const amo = await startAmoMock({ pageSize: { leads: 2 } });
//   ... amo.url, amo.requests, amo.fail({ path: '/api/v4/leads', page: 2, status: 429, times: 1 }) ...
//   await amo.close();
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { listen, parseNested, serveStatic } from './server.mjs';

export const AMO_FIXTURES = fileURLToPath(new URL('../fixtures/amocrm-api/', import.meta.url));
export const TOKEN = 'amo-test-token-3f9c1b7e5d';
export const EXPIRED_TOKEN = 'amo-expired-token-8a2d4c';
export const SESSION = 'kpi-lens-test-session';

const LIST_KEYS = ['leads', 'events', 'tasks', 'notes', 'users', 'loss_reasons'];

/** The entities of the fixture folder: {leads: [...], events: [...], ..., pipelines: [...]}. */
export function loadAmoFixtures(dir = AMO_FIXTURES) {
  const data = Object.fromEntries([...LIST_KEYS, 'pipelines'].map((k) => [k, []]));
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const doc = JSON.parse(readFileSync(`${dir}/${name}`, 'utf8'));
    for (const page of Array.isArray(doc) ? doc : [doc]) {
      if (page && page._embedded) {
        for (const [key, items] of Object.entries(page._embedded)) data[key]?.push(...items);
      } else if (page && page.note_type) {
        data.notes.push(page); // a bare array of notes
      }
    }
  }
  return data;
}

const ROUTES = {
  '/api/v4/leads': { key: 'leads', cap: 250 },
  '/api/v4/events': { key: 'events', cap: 100 },
  '/api/v4/tasks': { key: 'tasks', cap: 250 },
  '/api/v4/leads/notes': { key: 'notes', cap: 250 },
  '/api/v4/users': { key: 'users', cap: 250 },
  '/api/v4/leads/loss_reasons': { key: 'loss_reasons', cap: 250 },
};

const list = (v) => (v === undefined ? null : [v].flat().flatMap((s) => String(s).split(',')));

function filtered(key, items, q) {
  const f = q.filter ?? {};
  let out = items;
  if (key === 'events') {
    const types = list(f.type);
    const entities = list(f.entity);
    if (types) out = out.filter((e) => types.includes(e.type));
    if (entities) out = out.filter((e) => entities.includes(e.entity_type));
    if (f.created_at?.from) out = out.filter((e) => e.created_at >= Number(f.created_at.from));
  }
  if (key === 'tasks' && f.entity_type) out = out.filter((t) => t.entity_type === f.entity_type);
  if (key === 'notes') {
    const types = list(f.note_type);
    if (types) out = out.filter((n) => types.includes(n.note_type));
  }
  if (f.updated_at?.from && key !== 'events') out = out.filter((e) => (e.updated_at ?? 0) >= Number(f.updated_at.from));
  return out;
}

/**
 * Options: data (loadAmoFixtures() by default); pageSize {list: n} serves at most n
 * a page whatever the limit asked (to make paging visible on small data);
 * rateLimit (requests per second before 429; default 7, 0 = none); pastEnd204
 * (default true: a page past the last is 204); publicHost (the host written into
 * _links, default https://example.amocrm.ru, as the real API writes its own); nextOnLastPage (a
 * next link on the last page too, so the client meets the page past the end: whether
 * the real API does so is unconfirmed, and the client must stop either way);
 * static {prefix: dir}; pages {path: html} served as text/html.
 */
export async function startAmoMock({ data = loadAmoFixtures(), pageSize = {}, rateLimit = 7, pastEnd204 = true, nextOnLastPage = false,
  publicHost = 'https://example.amocrm.ru', static: mounts = {}, pages = {}, latencyMs = 0 } = {}) {
  const faults = [];
  const recent = [];
  let throttled = 0;
  const apiRequests = [];

  function send(res, status, body, type = 'application/hal+json') {
    const headers = { 'X-Request-Id': Math.random().toString(16).slice(2), 'Cache-Control': 'no-store' };
    if (body === null) { res.writeHead(status, headers); res.end(); return; }
    res.writeHead(status, { ...headers, 'Content-Type': type });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  }
  const problem = (res, status, title, detail) => send(res, status, { title, type: 'https://httpstatus.es/' + status, status, detail }, 'application/problem+json');

  function authorised(req) {
    const auth = req.headers.authorization ?? '';
    if (auth === `Bearer ${TOKEN}`) return 'ok';
    if (auth === `Bearer ${EXPIRED_TOKEN}`) return 'expired';
    if (!auth && (req.headers.cookie ?? '').split(/;\s*/).includes(`session_id=${SESSION}`)) return 'ok';
    return 'no';
  }

  const mock = await listen(async (req, res, url) => {
    if (!url.pathname.startsWith('/api/')) {
      if (pages[url.pathname] !== undefined) { send(res, 200, pages[url.pathname], 'text/html; charset=utf-8'); return; }
      if (await serveStatic(mounts, url.pathname, res)) return;
      send(res, 404, 'not found', 'text/plain');
      return;
    }
    const q = parseNested(url.search.slice(1));
    apiRequests.push({ path: url.pathname, query: q, search: url.search });
    if (latencyMs) await new Promise((r) => setTimeout(r, latencyMs));
    const who = authorised(req);
    if (who === 'expired') { problem(res, 401, 'Unauthorized', 'Token has expired'); return; }
    if (who !== 'ok') { problem(res, 401, 'Unauthorized', 'Authorization required'); return; }
    if (req.method !== 'GET') { problem(res, 405, 'Method Not Allowed', 'this mock reads lists only'); return; }

    const page = Number(q.page ?? 1);
    const fault = faults.find((f) => f.times > 0 && url.pathname === f.path && (f.page === undefined || f.page === page));
    if (fault) {
      fault.times -= 1;
      fault.hits = (fault.hits ?? 0) + 1;
      send(res, fault.status, fault.status === 429 ? 'Too Many Requests' : 'Service Unavailable', 'text/html');
      return;
    }
    const now = Date.now();
    while (recent.length && now - recent[0] >= 1000) recent.shift();
    recent.push(now);
    if (rateLimit && recent.length > rateLimit) { throttled += 1; send(res, 429, 'Too Many Requests', 'text/html'); return; }

    if (url.pathname === '/api/v4/leads/pipelines') {
      send(res, 200, { _total_items: data.pipelines.length, _links: { self: { href: `${publicHost}/api/v4/leads/pipelines` } },
        _embedded: { pipelines: data.pipelines } });
      return;
    }
    const route = ROUTES[url.pathname];
    if (!route) { problem(res, 404, 'Not Found', `no list ${url.pathname}`); return; }
    const limit = Number(q.limit ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > route.cap) {
      send(res, 400, { title: 'Bad Request', status: 400, 'validation-errors': [{ request_id: '0', errors: [{ code: 'NotSupportedChoice', path: 'limit', detail: `limit must be at most ${route.cap}` }] }] }, 'application/problem+json');
      return;
    }
    if (!Number.isInteger(page) || page < 1) { problem(res, 400, 'Bad Request', 'page'); return; }
    const items = filtered(route.key, data[route.key], q);
    const size = Math.min(limit, pageSize[route.key] ?? limit);
    const slice = items.slice((page - 1) * size, page * size);
    if (slice.length === 0 && (page === 1 || pastEnd204)) { send(res, 204, null); return; }
    const link = (p) => {
      const params = new URLSearchParams(url.search);
      params.set('page', String(p));
      return `${publicHost}${url.pathname}?${params}`;
    };
    const body = { _page: page, _links: { self: { href: link(page) } }, _embedded: { [route.key]: slice } };
    if (page * size < items.length || nextOnLastPage) body._links.next = { href: link(page + 1) };
    send(res, 200, body);
  });
  return Object.assign(mock, {
    apiRequests,
    get throttled() { return throttled; },
    /** Answers the next `times` requests of `path` (page `page`, if given) with `status`. */
    fail({ path, page, status = 429, times = 1 }) { const f = { path, page, status, times }; faults.push(f); return f; },
  });
}
