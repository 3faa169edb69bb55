// Bitrix24 REST client: reads the lists KPI Lens analyses and hands over each
// page in the shape the core's Bitrix24 JSON reader takes ({result, total,
// next?, time}: docs/formats.md). Node and browsers.
//
//   createBitrixClient({ webhook: 'https://portal.bitrix24.ru/rest/1/secret/' })          // CLI
//   createBitrixClient({ domain: 'portal.bitrix24.ru', auth: AUTH_ID, protocol: 'https', refreshAuth }) // the app (BX24 frame)
//
// Facts it follows (docs/embedding.md §2.5–2.7):
// - fast paging for the big lists: order by ID, filter `>ID` the last one read,
//   `start=-1` (no total count); a page shorter than 50 is the last;
// - the small reference lists page with `start` / `next`;
// - `batch` of at most 50 commands: each round asks one page of every
//   unfinished list in one HTTP request (a list's next page needs the last ID
//   of the one before, so pages of one list cannot share a round);
// - the portal's leaky bucket (50 at once, 2 a second): `QUERY_LIMIT_EXCEEDED`
//   (503) and `OPERATION_TIME_LIMIT` (429) are waited out with backoff, also
//   when a batch reports them for some of its commands;
// - errors: `expired_token` (401), `ACCESS_DENIED` (403: REST is for commercial
//   plans only), `insufficient_scope`, `NO_AUTH_FOUND`.
// The webhook URL holds its secret: it is never put into a message.

import { CRM_ERRORS, CrmApiError, RateLimiter, backoffDelay, defaultFetch, limitedFetch, parseJson, sleep } from './http.mjs';

export const PAGE_SIZE = 50;
export const MAX_BATCH = 50;

/**
 * The lists read. `fast`: ID-cursor paging (`cursor` is the request's ID field,
 * `idKey` the response's); `items`: the key inside `result` that holds the rows
 * (none: `result` is the array); `combine`: the pages belong in one file (the
 * reader pairs a stage-history record with the same deal's previous one).
 */
export const BITRIX_LISTS = Object.freeze([
  { list: 'crm.status.list', method: 'crm.status.list', params: { order: { SORT: 'ASC' } } },
  { list: 'crm.category.list', method: 'crm.category.list', params: { entityTypeId: 2 }, items: 'categories' },
  { list: 'user.get', method: 'user.get', params: {} },
  { list: 'crm.deal.list', method: 'crm.deal.list', params: {}, fast: true, cursor: 'ID', idKey: 'ID' },
  { list: 'crm.stagehistory.list', method: 'crm.stagehistory.list', params: { entityTypeId: 2 }, items: 'items',
    fast: true, cursor: 'ID', idKey: 'ID', combine: true },
  { list: 'crm.activity.list', method: 'crm.activity.list', params: { filter: { OWNER_TYPE_ID: 2 } },
    fast: true, cursor: 'ID', idKey: 'ID' },
  { list: 'tasks.task.list', method: 'tasks.task.list', items: 'tasks', fast: true, cursor: 'ID', idKey: 'id',
    params: { select: ['ID', 'TITLE', 'STATUS', 'RESPONSIBLE_ID', 'CREATED_BY', 'CREATED_DATE', 'DEADLINE', 'CLOSED_DATE', 'CHANGED_DATE', 'UF_CRM_TASK'] } },
]);

const THROTTLE = new Set(['QUERY_LIMIT_EXCEEDED', 'OPERATION_TIME_LIMIT']);

/** PHP-style query string of nested params: filter[>ID]=5&order[ID]=ASC&select[0]=ID. */
export function toQuery(params, prefix = '') {
  const parts = [];
  for (const [key, value] of Object.entries(params)) {
    const name = prefix ? `${prefix}[${key}]` : key;
    if (value === null || value === undefined) continue;
    if (typeof value === 'object') parts.push(toQuery(value, name));
    else parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  }
  return parts.filter(Boolean).join('&');
}

/** The request of a list's next page given its state. */
export function pageParams(spec, s) {
  const params = structuredClone(spec.params ?? {});
  if (spec.fast) {
    params.order = { [spec.cursor]: 'ASC' };
    params.filter = { ...(params.filter ?? {}), [`>${spec.cursor}`]: s.cursor ?? 0 };
    params.start = -1;
  } else {
    params.start = s.start ?? 0;
  }
  return params;
}

/** The rows of a list's `result`. */
export function rowsOf(spec, result) {
  const rows = spec.items ? result?.[spec.items] : result;
  return Array.isArray(rows) ? rows : null;
}

function errorFor(body, status, label) {
  const code = String(body?.error ?? '');
  const text = String(body?.error_description ?? '').slice(0, 300).replace(/\.+$/, '');
  const tail = text ? `: ${text}` : '';
  if (code === 'expired_token') {
    return new CrmApiError(CRM_ERRORS.EXPIRED_TOKEN, `${label}: the access token or webhook has expired (expired_token); create a new inbound webhook or reopen the app`, { status, method: label });
  }
  if (code === 'ACCESS_DENIED') {
    return new CrmApiError(CRM_ERRORS.PAID_PLAN_REQUIRED, `${label}: ACCESS_DENIED${text ? ` (${text})` : ''}. Bitrix24 opens its REST API only on commercial plans (with a Market subscription, a trial or an NFR key); on the free plan, export the deals to a file instead`, { status, method: label });
  }
  if (code === 'NO_AUTH_FOUND' || code === 'INVALID_CREDENTIALS' || code === 'invalid_token' || status === 401) {
    return new CrmApiError(CRM_ERRORS.UNAUTHORIZED, `${label}: not authorised (${code || `HTTP ${status}`}${tail}); check the webhook address`, { status, method: label });
  }
  if (code === 'insufficient_scope' || code === 'user_access_error' || status === 403) {
    return new CrmApiError(CRM_ERRORS.FORBIDDEN, `${label}: access denied (${code || `HTTP ${status}`}${tail}); the webhook needs the crm, task and user scopes`, { status, method: label });
  }
  return new CrmApiError(CRM_ERRORS.HTTP_ERROR, `${label}: ${code || `HTTP ${status}`}${tail}`, { status, method: label });
}

export class BitrixClient {
  #endpoint; // (method) => URL
  #fetch;
  #limiter;
  #retry;
  #batch;
  requests = 0; // HTTP requests sent, retries included

  #counted = (...args) => { this.requests += 1; return this.#fetch(...args); };

  #auth = null; // the app's access token (app mode)
  #refreshAuth = null; // () => Promise<new token>, asked once when the token has expired

  constructor({ webhook = null, domain = null, auth = null, protocol = 'https', fetch: fetchImpl = null,
    limiter = null, retry = {}, batch = true, refreshAuth = null } = {}) {
    if (webhook) {
      let url;
      try { url = new URL(webhook); } catch { url = null; }
      if (!url || !/^https?:$/.test(url.protocol) || !/\/rest\/\d+\/[^/]+\/?$/.test(url.pathname.replace(/\/[a-z.]+\.json$/i, '/'))) {
        throw new CrmApiError(CRM_ERRORS.BAD_USAGE, 'Bitrix24: the webhook must look like https://<portal>/rest/<user id>/<secret>/');
      }
      const base = url.origin + url.pathname.replace(/\/[a-z.]+\.json$/i, '/').replace(/\/?$/, '/');
      this.#endpoint = (method) => `${base}${method}.json`;
    } else if (domain && auth) {
      const scheme = protocol === 'http' ? 'http' : 'https';
      this.#auth = auth;
      this.#refreshAuth = refreshAuth;
      this.#endpoint = (method) => `${scheme}://${domain}/rest/${method}.json?auth=${encodeURIComponent(this.#auth)}`;
    } else {
      throw new CrmApiError(CRM_ERRORS.BAD_USAGE, 'Bitrix24: give a webhook URL, or the portal domain and an access token');
    }
    this.#fetch = fetchImpl ?? defaultFetch();
    this.#limiter = limiter ?? new RateLimiter({ capacity: 10, perSecond: 2 });
    this.#retry = retry;
    this.#batch = batch;
  }

  /** One method call, POST JSON. Returns the whole reply {result, total, next, time}. */
  async call(method, params = {}, { signal, onWait } = {}) {
    try {
      return await this.#call(method, params, { signal, onWait });
    } catch (e) {
      // The app's token lives an hour: once expired, ask the portal for a fresh one (BX24's refreshAuth) and try again once.
      if (e.code !== CRM_ERRORS.EXPIRED_TOKEN || !this.#refreshAuth) throw e;
      const token = await this.#refreshAuth();
      if (!token || token === this.#auth) throw e;
      this.#auth = token;
      return this.#call(method, params, { signal, onWait });
    }
  }

  async #call(method, params, { signal, onWait }) {
    const label = method;
    const { status, text } = await limitedFetch(this.#endpoint(method), {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(params), credentials: 'omit', cache: 'no-store',
    }, {
      fetchImpl: this.#counted, limiter: this.#limiter, signal, retry: this.#retry, label, onWait,
      // Only the reply's own status: a batch is 200 even when some of its commands were throttled.
      isThrottled: (s) => s === 503 || s === 429,
    });
    let body;
    try { body = JSON.parse(text); } catch { body = null; }
    if (status !== 200 || body?.error) throw errorFor(body, status, label);
    if (!body || typeof body !== 'object' || !('result' in body)) throw new CrmApiError(CRM_ERRORS.BAD_RESPONSE, `${label}: no "result" in the reply`, { status, method: label });
    return body;
  }

  /**
   * `batch` of at most 50 commands {key: [method, params]}. Returns {key: reply |
   * {error}} where a reply is {result, total, next?, time} as a single call gives.
   */
  async batch(commands, { signal, onWait } = {}) {
    const keys = Object.keys(commands);
    if (keys.length === 0) return {};
    if (keys.length > MAX_BATCH) throw new CrmApiError(CRM_ERRORS.BAD_USAGE, `batch: ${keys.length} commands, at most ${MAX_BATCH}`);
    const cmd = {};
    for (const key of keys) {
      const [method, params] = commands[key];
      cmd[key] = `${method}?${toQuery(params)}`;
    }
    const reply = await this.call('batch', { halt: 0, cmd }, { signal, onWait });
    const r = reply.result ?? {};
    const pick = (map, key) => (map && !Array.isArray(map) ? map[key] : undefined); // empty maps come as []
    const out = {};
    for (const key of keys) {
      const error = pick(r.result_error, key);
      if (error) { out[key] = { error }; continue; }
      const result = pick(r.result, key);
      if (result === undefined) { out[key] = { error: { error: 'NO_RESULT', error_description: 'the batch gave no result for this command' } }; continue; }
      const page = { result, total: pick(r.result_total, key) ?? 0 };
      const next = pick(r.result_next, key);
      if (next !== undefined) page.next = next;
      const time = pick(r.result_time, key);
      if (time !== undefined) page.time = time;
      out[key] = page;
    }
    return out;
  }

  /**
   * Reads every page of every list in `lists` (default BITRIX_LISTS).
   * `state` (mutated; save it to resume): {<list>: {cursor|start, pages, rows, done}}.
   * `onPage({list, index, page, rows, combine})` is awaited before the state moves
   * on. `onProgress({list, pages, rows, requests, waiting})`.
   */
  async fetchPages({ lists = BITRIX_LISTS, state = {}, onPage, onProgress, signal } = {}) {
    for (const spec of lists) state[spec.list] ??= { cursor: 0, start: 0, pages: 0, rows: 0, done: false };
    const progress = (spec, waiting = null) => {
      const s = state[spec.list];
      onProgress?.({ list: spec.list, pages: s.pages, rows: s.rows, requests: this.requests, waiting });
    };
    let throttledRounds = 0;
    for (;;) {
      const open = lists.filter((spec) => !state[spec.list].done);
      if (open.length === 0) return state;
      const onWait = ({ status, waitMs }) => progress(open[0], { status, ms: waitMs });
      let replies;
      if (this.#batch && open.length > 1) {
        const commands = Object.fromEntries(open.slice(0, MAX_BATCH).map((spec) => [spec.list, [spec.method, pageParams(spec, state[spec.list])]]));
        replies = await this.batch(commands, { signal, onWait });
      } else {
        const spec = open[0];
        replies = { [spec.list]: await this.call(spec.method, pageParams(spec, state[spec.list]), { signal, onWait }) };
      }
      let throttled = false;
      for (const spec of open) {
        const reply = replies[spec.list];
        if (!reply) continue;
        if (reply.error) {
          if (THROTTLE.has(reply.error.error)) { throttled = true; continue; }
          throw errorFor(reply.error, reply.error.error === 'OPERATION_TIME_LIMIT' ? 429 : 400, spec.method);
        }
        await this.#take(spec, state[spec.list], reply, onPage);
        progress(spec);
      }
      if (throttled) {
        const retries = this.#retry.retries ?? 6;
        if (throttledRounds >= retries) throw new CrmApiError(CRM_ERRORS.RATE_LIMITED, `batch: commands still throttled after ${retries} retries`);
        const wait = backoffDelay(throttledRounds, this.#retry);
        throttledRounds += 1;
        onWait({ status: 503, waitMs: wait });
        await sleep(wait, signal);
      } else {
        throttledRounds = 0;
      }
    }
  }

  async #take(spec, s, reply, onPage) {
    const rows = rowsOf(spec, reply.result);
    if (rows === null) throw new CrmApiError(CRM_ERRORS.BAD_RESPONSE, `${spec.method}: the reply holds no list${spec.items ? ` (result.${spec.items})` : ''}`);
    if (rows.length > 0) {
      await onPage?.({ list: spec.list, index: s.pages + 1, page: reply, rows: rows.length, combine: !!spec.combine });
      s.pages += 1;
      s.rows += rows.length;
    }
    if (spec.fast) {
      if (rows.length > 0) {
        const last = Number(rows[rows.length - 1][spec.idKey]);
        if (!Number.isFinite(last) || last <= Number(s.cursor)) {
          throw new CrmApiError(CRM_ERRORS.BAD_RESPONSE, `${spec.method}: the ID cursor did not move forward (${s.cursor} → ${rows[rows.length - 1][spec.idKey]})`);
        }
        s.cursor = last;
      }
      s.done = rows.length < PAGE_SIZE;
    } else {
      const next = Number(reply.next);
      s.done = !(Number.isInteger(next) && next > (s.start ?? 0));
      if (!s.done) s.start = next;
    }
  }
}

export const createBitrixClient = (options) => new BitrixClient(options);
