// amoCRM / Kommo API v4 client: reads the lists KPI Lens analyses, page by
// page, and hands each page over exactly as the API sent it (the shape the
// core's amoCRM JSON reader takes, docs/formats.md). Node and browsers.
//
//   const api = createAmoClient({ baseUrl: 'https://example.amocrm.ru', token });   // CLI: long-lived token
//   const api = createAmoClient({ baseUrl: location.origin });                        // widget: the user's session
//   await api.fetchPages({ onPage, onProgress, signal, state });
//
// Facts it follows (docs/embedding.md §1.5): at most 250 a page (events 100),
// `_links.next` until it is absent, 204 with an empty body = nothing (more),
// fewer than 7 requests a second, 429 (and 503) retried with backoff. The next
// link is followed on the configured host only: its path and query are taken
// and the host is ours, so a token is never sent anywhere else.

import { CRM_ERRORS, CrmApiError, RateLimiter, defaultFetch, limitedFetch, parseJson } from './http.mjs';

const EVENT_TYPES = ['lead_status_changed', 'incoming_call', 'outgoing_call', 'incoming_chat_message',
  'outgoing_chat_message', 'incoming_sms', 'outgoing_sms'];

/**
 * The lists read, in order (references first: small, and a page of leads is
 * named at once). `key` is the `_embedded` key, `limit` the page size.
 */
export const AMO_LISTS = Object.freeze([
  { list: 'pipelines', path: '/api/v4/leads/pipelines', key: 'pipelines', limit: 0 },
  { list: 'users', path: '/api/v4/users', key: 'users', limit: 250 },
  { list: 'loss_reasons', path: '/api/v4/leads/loss_reasons', key: 'loss_reasons', limit: 250 },
  { list: 'leads', path: '/api/v4/leads', key: 'leads', limit: 250 },
  { list: 'events', path: '/api/v4/events', key: 'events', limit: 100,
    query: { 'filter[entity][]': ['lead'], 'filter[type][]': EVENT_TYPES } },
  { list: 'tasks', path: '/api/v4/tasks', key: 'tasks', limit: 250, query: { 'filter[entity_type]': 'leads' } },
  { list: 'notes', path: '/api/v4/leads/notes', key: 'notes', limit: 250,
    query: { 'filter[note_type][]': ['call_in', 'call_out', 'sms_in', 'sms_out'] } },
]);

/** The first page's path and query of a list (optionally only what changed since `since`, unix seconds). */
export function firstPath(spec, { since = null } = {}) {
  const params = new URLSearchParams();
  if (spec.limit) {
    params.set('page', '1');
    params.set('limit', String(spec.limit));
  }
  for (const [name, value] of Object.entries(spec.query ?? {})) {
    for (const v of [value].flat()) params.append(name, v);
  }
  if (since !== null && spec.list !== 'pipelines' && spec.list !== 'users' && spec.list !== 'loss_reasons') {
    params.set(spec.list === 'events' ? 'filter[created_at][from]' : 'filter[updated_at][from]', String(since));
  }
  const query = params.toString();
  return query ? `${spec.path}?${query}` : spec.path;
}

function describeStatus(status, text) {
  let detail = '';
  try {
    const body = JSON.parse(text);
    detail = [body.title, body.detail].filter((s) => typeof s === 'string').join(': ');
  } catch { /* not JSON */ }
  return detail;
}

export class AmoClient {
  #base;
  #headers;
  #fetch;
  #limiter;
  #retry;
  #credentials;
  requests = 0; // HTTP requests sent, retries included

  #counted = (...args) => { this.requests += 1; return this.#fetch(...args); };

  constructor({ baseUrl, token = null, fetch: fetchImpl = null, limiter = null, retry = {}, userAgent = null } = {}) {
    let base;
    try {
      base = new URL(baseUrl);
    } catch {
      throw new CrmApiError(CRM_ERRORS.BAD_USAGE, 'amoCRM: the account address must be a URL such as https://example.amocrm.ru');
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:') {
      throw new CrmApiError(CRM_ERRORS.BAD_USAGE, 'amoCRM: the account address must be an http(s) URL');
    }
    this.#base = base.origin;
    this.#headers = { Accept: 'application/hal+json, application/json' };
    if (token) this.#headers.Authorization = `Bearer ${token}`;
    if (userAgent) this.#headers['User-Agent'] = userAgent;
    // In the widget the page's own session cookie authenticates; a token never goes with cookies.
    this.#credentials = token ? 'omit' : 'same-origin';
    this.#fetch = fetchImpl ?? defaultFetch();
    // Fewer than 7 a second: one request every 1/6 s.
    this.#limiter = limiter ?? new RateLimiter({ capacity: 1, perSecond: 6 });
    this.#retry = retry;
  }

  /** The account origin requests go to. */
  get origin() { return this.#base; }

  /** Path and query of a `_links.next.href`, to be requested from our own host; null when absent. */
  nextPath(href) {
    if (typeof href !== 'string' || href === '') return null;
    let url;
    try { url = new URL(href, this.#base); } catch { return null; }
    if (!url.pathname.startsWith('/api/v4/')) {
      throw new CrmApiError(CRM_ERRORS.BAD_RESPONSE, `a next-page link outside /api/v4: ${url.pathname}`);
    }
    return url.pathname + url.search;
  }

  /** One GET. Returns the page object, or null for 204 (nothing). */
  async get(path, { signal, onWait } = {}) {
    const label = `GET ${path.split('?')[0]}`;
    const { status, text } = await limitedFetch(this.#base + path, {
      method: 'GET', headers: this.#headers, credentials: this.#credentials, cache: 'no-store',
    }, {
      fetchImpl: this.#counted, limiter: this.#limiter, signal, retry: this.#retry, label, onWait,
      isThrottled: (s) => s === 429 || s === 503,
    });
    if (status === 204) return null;
    if (status === 200) {
      const page = parseJson(text, label, status);
      if (!page || typeof page !== 'object' || Array.isArray(page) || typeof page._embedded !== 'object' || page._embedded === null) {
        throw new CrmApiError(CRM_ERRORS.BAD_RESPONSE, `${label}: not an API v4 list page (no _embedded)`, { status, method: label });
      }
      return page;
    }
    const detail = describeStatus(status, text);
    if (status === 401) {
      const expired = /expire/i.test(detail);
      throw new CrmApiError(expired ? CRM_ERRORS.EXPIRED_TOKEN : CRM_ERRORS.UNAUTHORIZED,
        expired ? `${label}: the token has expired; issue a new long-lived token in amoCRM (Settings → Integrations → Keys and scopes)`
          : `${label}: not authorised (HTTP 401${detail ? `: ${detail}` : ''}); check the token or log in again`,
        { status, method: label });
    }
    if (status === 403) {
      throw new CrmApiError(CRM_ERRORS.FORBIDDEN, `${label}: access denied (HTTP 403${detail ? `: ${detail}` : ''})`, { status, method: label });
    }
    throw new CrmApiError(CRM_ERRORS.HTTP_ERROR, `${label}: HTTP ${status}${detail ? ` (${detail})` : ''}`, { status, method: label });
  }

  /**
   * Reads every page of every list in `lists` (default AMO_LISTS), in order.
   * `state` (mutated; save it to resume): {<list>: {next: path|null, pages, rows, done}}.
   * `onPage({list, index, page, rows})` is awaited before the state moves on, so a
   * page is never lost or read twice across a resume. `onProgress({list, pages,
   * rows, requests, waiting})` after each page and while waiting out a 429.
   */
  async fetchPages({ lists = AMO_LISTS, state = {}, onPage, onProgress, signal, since = null } = {}) {
    for (const spec of lists) {
      const s = (state[spec.list] ??= { next: firstPath(spec, { since }), pages: 0, rows: 0, done: false });
      while (!s.done) {
        const onWait = ({ status, waitMs }) => onProgress?.({ list: spec.list, pages: s.pages, rows: s.rows, requests: this.requests, waiting: { status, ms: waitMs } });
        const page = await this.get(s.next, { signal, onWait });
        const items = page?._embedded?.[spec.key];
        const rows = Array.isArray(items) ? items.length : 0;
        const next = page && spec.limit ? this.nextPath(page._links?.next?.href) : null;
        if (page && rows > 0) {
          await onPage?.({ list: spec.list, index: s.pages + 1, page, rows });
          s.pages += 1;
          s.rows += rows;
        }
        if (next === s.next) throw new CrmApiError(CRM_ERRORS.BAD_RESPONSE, `${spec.list}: the next page link points at the same page`);
        // The end: no next link, a 204, or an empty page (whichever the API gives past the last page).
        s.next = rows > 0 ? next : null;
        s.done = s.next === null;
        onProgress?.({ list: spec.list, pages: s.pages, rows: s.rows, requests: this.requests, waiting: null });
      }
    }
    return state;
  }
}

export const createAmoClient = (options) => new AmoClient(options);
