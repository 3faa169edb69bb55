// A local Bitrix24 REST API for the tests (docs/embedding.md §6.2): the lists
// of tests/fixtures/bitrix24-rest (or any data given) behind an inbound webhook
// (/rest/<user>/<secret>/<method>.json) and an app token (/rest/<method>.json
// ?auth=...), 50 rows a page with `start`/`next`/`total`, fast paging
// (`start=-1`: total 0, no next, `>ID` filter and order honoured), `batch` with
// `result_error` / `result_total` / `result_next` ([] when empty), the leaky
// bucket (503 QUERY_LIMIT_EXCEEDED), 429 OPERATION_TIME_LIMIT and 503 injection,
// an expired webhook and a free plan's ACCESS_DENIED.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { listen, parseNested, readBody, serveStatic } from './server.mjs';

export const BITRIX_FIXTURES = fileURLToPath(new URL('../fixtures/bitrix24-rest/', import.meta.url));
export const WEBHOOK_USER = '1';
export const SECRET = 'wh5ecret0b1x24q7';
export const EXPIRED_SECRET = 'wh0ld5ecret99expired';
export const APP_TOKEN = 'app-auth-token-5c7e9d';
export const EXPIRED_APP_TOKEN = 'app-auth-token-expired-0a1b';
const PAGE = 50;

/** The rows of the fixture folder: {'crm.deal.list': [...], ...} by method. */
export function loadBitrixFixtures(dir = BITRIX_FIXTURES) {
  const data = { 'crm.deal.list': [], 'crm.stagehistory.list': [], 'crm.activity.list': [], 'tasks.task.list': [],
    'crm.status.list': [], 'crm.category.list': [], 'user.get': [] };
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const method = name.replace(/(_page\d+)?\.json$/, '');
    const doc = JSON.parse(readFileSync(`${dir}/${name}`, 'utf8'));
    for (const page of Array.isArray(doc) ? doc : [doc]) {
      const r = page.result;
      data[method].push(...(Array.isArray(r) ? r : r.items ?? r.tasks ?? r.categories));
    }
  }
  return data;
}

const SHAPE = { 'crm.stagehistory.list': 'items', 'tasks.task.list': 'tasks', 'crm.category.list': 'categories' };
const ID_KEY = { 'tasks.task.list': 'id', 'crm.category.list': 'id' };
const LISTS = new Set(Object.keys(SHAPE).concat(['crm.deal.list', 'crm.activity.list', 'crm.status.list', 'user.get']));

const time = () => {
  const now = Date.now() / 1000;
  return { start: now, finish: now + 0.01, duration: 0.01, processing: 0.005, date_start: new Date().toISOString(),
    date_finish: new Date().toISOString(), operating_reset_at: Math.floor(now) + 600, operating: 0 };
};

function matches(row, filter, method) {
  for (const [rawKey, want] of Object.entries(filter ?? {})) {
    const m = rawKey.match(/^(>=|<=|>|<|=|!)?(.+)$/);
    const op = m[1] ?? '=';
    let key = m[2];
    if (method === 'tasks.task.list') key = key.toLowerCase().replace(/_(\w)/g, (_, c) => c.toUpperCase());
    const have = row[key] ?? row[m[2]];
    const n = Number(have);
    const w = Number(want);
    const ok = op === '>' ? n > w : op === '<' ? n < w : op === '>=' ? n >= w : op === '<=' ? n <= w
      : op === '!' ? String(have) !== String(want) : String(have) === String(want);
    if (!ok) return false;
  }
  return true;
}

function listReply(method, rows, params) {
  const idKey = ID_KEY[method] ?? 'ID';
  let out = rows.filter((r) => matches(r, params.filter, method));
  const order = params.order ?? {};
  const [orderKey, dir] = Object.entries(order)[0] ?? [];
  if (orderKey && /^id$/i.test(orderKey)) {
    out = [...out].sort((a, b) => (Number(a[idKey]) - Number(b[idKey])) * (String(dir).toUpperCase() === 'DESC' ? -1 : 1));
  }
  const start = Number(params.start ?? 0);
  const wrap = (items) => (SHAPE[method] ? { [SHAPE[method]]: items } : items);
  if (start === -1) return { result: wrap(out.slice(0, PAGE)), total: 0, time: time() };
  const slice = out.slice(start, start + PAGE);
  const reply = { result: wrap(slice), total: out.length, time: time() };
  if (start + PAGE < out.length) reply.next = start + PAGE;
  return reply;
}

/**
 * Options: data (loadBitrixFixtures()); bucket {capacity, perSecond} (default 50 / 2,
 * null = none); freePlan (every call is 403 ACCESS_DENIED); static {prefix: dir} and
 * pages {path: html} for the host pages; cors (default true).
 */
export async function startBitrixMock({ data = loadBitrixFixtures(), bucket = { capacity: 50, perSecond: 2 },
  freePlan = false, static: mounts = {}, pages = {}, cors = true } = {}) {
  const faults = [];
  const calls = []; // every method executed or refused, batch commands included: {method, params, via}
  let level = 0;
  let levelAt = Date.now();
  let installed = false;

  function takeBucket() {
    if (!bucket) return true;
    const now = Date.now();
    level = Math.max(0, level - ((now - levelAt) / 1000) * bucket.perSecond);
    levelAt = now;
    if (level + 1 > bucket.capacity) return false;
    level += 1;
    return true;
  }

  const error = (status, code, description) => ({ status, body: { error: code, error_description: description } });

  function fault(method) {
    const f = faults.find((x) => x.times > 0 && x.method === method && (x.after ?? 0) <= (x.seen = (x.seen ?? 0) + 1) - 1);
    if (!f) return null;
    f.times -= 1;
    f.hits = (f.hits ?? 0) + 1;
    return f.status === 429 ? error(429, 'OPERATION_TIME_LIMIT', 'Method is blocked due to operation time limit.')
      : error(503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests');
  }

  function run(method, params, via) {
    calls.push({ method, params, via });
    const f = fault(method);
    if (f) return f;
    if (method === 'app.info') return { status: 200, body: { result: { ID: 7, CODE: 'local.kpilens', INSTALLED: installed, STATUS: 'L' }, time: time() } };
    if (method === 'batch') return error(405, 'ERROR_BATCH_METHOD_NOT_ALLOWED', 'Method is not allowed for batch usage');
    if (!LISTS.has(method)) return error(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
    if ((method === 'crm.stagehistory.list' || method === 'crm.category.list') && String(params.entityTypeId) !== '2') {
      return error(400, 'INVALID_ARG_VALUE', 'entityTypeId: this mock holds deals (2) only');
    }
    return { status: 200, body: listReply(method, data[method], params) };
  }

  function runBatch(params, via) {
    const cmd = params.cmd ?? {};
    const keys = Object.keys(cmd);
    if (keys.length > 50) return error(400, 'ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded');
    const out = { result: {}, result_error: {}, result_total: {}, result_next: {}, result_time: {} };
    for (const key of keys) {
      const [method, query = ''] = String(cmd[key]).split('?');
      const r = run(method, parseNested(query), `${via}/batch`);
      if (r.status !== 200) { out.result_error[key] = r.body; continue; }
      out.result[key] = r.body.result;
      out.result_time[key] = r.body.time;
      if (r.body.total !== undefined) out.result_total[key] = r.body.total;
      if (r.body.next !== undefined) out.result_next[key] = r.body.next;
    }
    for (const k of Object.keys(out)) if (Object.keys(out[k]).length === 0) out[k] = []; // PHP writes an empty map as []
    return { status: 200, body: { result: out, time: time() } };
  }

  const mock = await listen(async (req, res, url) => {
    const headers = { 'Cache-Control': 'no-store' };
    if (cors && req.headers.origin) Object.assign(headers, { 'Access-Control-Allow-Origin': req.headers.origin, 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Allow-Methods': 'GET, POST' });
    if (req.method === 'OPTIONS') { res.writeHead(204, headers); res.end(); return; }
    const m = url.pathname.match(/^\/rest\/(?:(\d+)\/([^/]+)\/)?([a-z0-9_.]+?)(?:\.json)?\/?$/i);
    if (!m) {
      if (pages[url.pathname] !== undefined) {
        res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
        res.end(typeof pages[url.pathname] === 'function' ? await pages[url.pathname](req, url) : pages[url.pathname]);
        return;
      }
      if (await serveStatic(mounts, url.pathname, res)) return;
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    const [, user, secret, method] = m;
    const body = req.method === 'POST' ? await readBody(req) : '';
    let params = parseNested(url.search.slice(1));
    if (body) {
      const type = req.headers['content-type'] ?? '';
      params = { ...params, ...(type.includes('json') ? JSON.parse(body) : parseNested(body)) };
    }
    const reply = (r) => { res.writeHead(r.status, { ...headers, 'Content-Type': 'application/json; charset=utf-8' }); res.end(JSON.stringify(r.body)); };
    let via;
    if (user !== undefined) {
      if (secret === EXPIRED_SECRET) { calls.push({ method, params, via: 'webhook', refused: 'expired' }); reply(error(401, 'expired_token', 'The access token provided has expired.')); return; }
      if (user !== WEBHOOK_USER || secret !== SECRET) { calls.push({ method, params, via: 'webhook', refused: 'auth' }); reply(error(401, 'NO_AUTH_FOUND', 'Wrong authorization data')); return; }
      via = 'webhook';
    } else {
      if (params.auth === EXPIRED_APP_TOKEN) { calls.push({ method, params, via: 'app', refused: 'expired' }); reply(error(401, 'expired_token', 'The access token provided has expired.')); return; }
      if (params.auth !== APP_TOKEN) { calls.push({ method, params, via: 'app', refused: 'auth' }); reply(error(401, 'NO_AUTH_FOUND', 'Wrong authorization data')); return; }
      via = 'app';
    }
    delete params.auth;
    if (freePlan) { calls.push({ method, params, via, refused: 'plan' }); reply(error(403, 'ACCESS_DENIED', 'REST API is available only on commercial plans.')); return; }
    if (!takeBucket()) { calls.push({ method, params, via, refused: 'bucket' }); reply(error(503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests')); return; }
    if (method === 'batch') {
      const f = fault('batch');
      reply(f ?? runBatch(params, via));
      return;
    }
    reply(run(method, params, via));
  });
  return Object.assign(mock, {
    calls,
    /** The next `times` calls of `method` (inside a batch too; 'batch' for the batch request), after `after` of them, fail with `status` (503 or 429). */
    fail({ method, status = 503, times = 1, after = 0 }) { const f = { method, status, times, after }; faults.push(f); return f; },
    get installed() { return installed; },
    set installed(v) { installed = v; },
  });
}
