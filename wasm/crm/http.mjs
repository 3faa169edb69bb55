// What both CRM API clients share: a rate limiter (a leaky bucket), abortable
// sleeps, retries with exponential backoff, and one error type. Runs in Node
// (>= 18, global fetch) and in browsers; nothing here knows a CRM.
//
// The limiter is a leaky bucket: `capacity` requests may go at once, and the
// bucket drains `perSecond` requests a second. amoCRM allows fewer than 7
// requests a second (capacity 1, 6 a second: one request every 167 ms);
// Bitrix24 counts 50 at once draining 2 a second per portal and IP
// (docs/embedding.md).

/** A CRM API failure. `code` is stable (the faces translate it); `message` never holds a token. */
export class CrmApiError extends Error {
  constructor(code, message, { status = 0, method = '' } = {}) {
    super(message);
    this.name = 'CrmApiError';
    this.code = code;
    this.status = status;
    this.method = method;
  }
}

/** Error codes of CrmApiError, the same for both CRMs. */
export const CRM_ERRORS = Object.freeze({
  ABORTED: 'ABORTED', // the signal was aborted (Cancel)
  UNAUTHORIZED: 'UNAUTHORIZED', // no or a wrong token / session
  EXPIRED_TOKEN: 'EXPIRED_TOKEN', // the token or webhook has expired
  PAID_PLAN_REQUIRED: 'PAID_PLAN_REQUIRED', // Bitrix24 free plan: REST is for commercial plans only
  FORBIDDEN: 'FORBIDDEN', // rights, scope, IP block
  RATE_LIMITED: 'RATE_LIMITED', // still throttled after every retry
  HTTP_ERROR: 'HTTP_ERROR', // another status
  BAD_RESPONSE: 'BAD_RESPONSE', // not the JSON the method documents
  NETWORK: 'NETWORK', // fetch itself failed
  BAD_USAGE: 'BAD_USAGE', // a wrong argument to the client
});

export function abortError() {
  return new CrmApiError(CRM_ERRORS.ABORTED, 'cancelled');
}

/** Resolves after `ms`, or rejects with ABORTED as soon as `signal` aborts. */
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(abortError()); return; }
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, Math.max(0, ms));
    function onAbort() { clearTimeout(timer); reject(abortError()); }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A leaky bucket: `take()` resolves when one more request may be sent. */
export class RateLimiter {
  #capacity;
  #perSecond;
  #level = 0; // requests in the bucket
  #at = 0; // when #level was measured (ms)
  #now;
  #chain = Promise.resolve();

  constructor({ capacity = 1, perSecond = 1, now = () => Date.now() } = {}) {
    if (!(capacity >= 1) || !(perSecond > 0)) throw new CrmApiError(CRM_ERRORS.BAD_USAGE, 'RateLimiter: capacity >= 1, perSecond > 0');
    this.#capacity = capacity;
    this.#perSecond = perSecond;
    this.#now = now;
  }

  #drain() {
    const now = this.#now();
    this.#level = Math.max(0, this.#level - ((now - this.#at) / 1000) * this.#perSecond);
    this.#at = now;
  }

  /** Waits (abortably) for room in the bucket, then counts one request. Calls are served in order. */
  take(signal) {
    const turn = this.#chain.then(async () => {
      for (;;) {
        if (signal?.aborted) throw abortError();
        this.#drain();
        if (this.#level + 1 <= this.#capacity) { this.#level += 1; return; }
        await sleep(((this.#level + 1 - this.#capacity) / this.#perSecond) * 1000, signal);
      }
    });
    this.#chain = turn.catch(() => {});
    return turn;
  }

  /** After a throttling answer: the bucket is treated as full, so the next requests wait. */
  fill() {
    this.#drain();
    this.#level = this.#capacity;
  }
}

/**
 * Backoff before retry `attempt` (0-based): base * 2^attempt, at most max, with
 * up to 25 % jitter; a Retry-After (seconds) wins when it is longer.
 */
export function backoffDelay(attempt, { baseMs = 1000, maxMs = 30_000 } = {}, retryAfter = null, random = Math.random) {
  const exp = Math.min(maxMs, baseMs * 2 ** attempt);
  const jittered = exp * (1 + 0.25 * random());
  const told = Number(retryAfter);
  return Number.isFinite(told) && told > 0 ? Math.max(jittered, Math.min(told * 1000, maxMs * 4)) : jittered;
}

/**
 * fetch through the limiter, retrying throttled answers (`isThrottled(response,
 * body)`) with backoff. Returns {status, headers, text}. Network failures and
 * aborts become CrmApiError. `label` names the request in errors (never the URL:
 * a Bitrix24 webhook URL holds its secret).
 */
export async function limitedFetch(url, init, { fetchImpl, limiter, signal, retry = {}, label, isThrottled, onWait }) {
  const retries = retry.retries ?? 6;
  for (let attempt = 0; ; attempt += 1) {
    await limiter.take(signal);
    let response;
    let text;
    try {
      response = await fetchImpl(url, { ...init, signal });
      text = await response.text();
    } catch (e) {
      if (signal?.aborted) throw abortError();
      throw new CrmApiError(CRM_ERRORS.NETWORK, `${label}: the request failed (${e?.cause?.code ?? e?.message ?? e})`, { method: label });
    }
    if (!isThrottled(response.status, text)) return { status: response.status, headers: response.headers, text };
    limiter.fill();
    if (attempt >= retries) {
      throw new CrmApiError(CRM_ERRORS.RATE_LIMITED,
        `${label}: still throttled (HTTP ${response.status}) after ${retries} retries`, { status: response.status, method: label });
    }
    const wait = backoffDelay(attempt, retry, response.headers.get('retry-after'));
    onWait?.({ status: response.status, attempt: attempt + 1, waitMs: wait });
    await sleep(wait, signal);
  }
}

/** Parses JSON or throws BAD_RESPONSE naming the request. */
export function parseJson(text, label, status) {
  try {
    return JSON.parse(text);
  } catch {
    throw new CrmApiError(CRM_ERRORS.BAD_RESPONSE, `${label}: HTTP ${status}, not JSON`, { status, method: label });
  }
}

/** The platform's fetch, bound (a bare `fetch` reference loses `this` in some browsers). */
export function defaultFetch() {
  if (typeof fetch !== 'function') throw new CrmApiError(CRM_ERRORS.BAD_USAGE, 'no fetch on this platform: pass { fetch }');
  return (...args) => fetch(...args);
}
