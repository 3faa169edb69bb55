// The base of the elements that draw the report (marked `data-report` in
// index.html; web/app.mjs): the controller sets `report` (and `client`) after
// every analysis and calls refresh() after a language switch. A subclass writes
// render(), reading this.report; reportChanged(report) is where it drops what a
// new report makes stale (a chosen manager who is no longer in it...).
//
// A new report that is the same for a view is not drawn again (docs/performance.md
// "The page: re-render after a change"): while render() runs, this.report records which
// of the report's top-level parts it read, and a new report whose parts are equal to
// those (in the same language, currency and time zone) leaves the view as it is — a norm
// change re-draws the views that show that norm, not the quality table. A view with its
// own reportChanged() opts in with `static skipsSameReport = true` (that hook must only
// read the report). A view may narrow this with renderKey(): exactly what render() draws
// from, as a JSON value (a part of a part: the charts read one norm of report.norms); a new
// report with an equal key is skipped.
//
// A view that is drawn again keeps the nodes that did not change: replaceChildren() on a
// view is dom.mjs morph(), which sets attributes and text where they differ. So a view
// listens on itself (listen()), never on the nodes it draws.
//
// A view that has drawn a report and is far from the viewport (over half a screen above or
// below it) does not draw a new report or a language switch (refresh()) at once: it is marked
// stale and drawn as it nears the viewport, once the page has had no change for QUIET_MS and
// is idle, or before the page is printed; <html data-drawing> is present while a view is stale
// (docs/web.md). So the first frame after a change shows the views on screen. A view's own
// render() (a sort, a filter) draws at once, and so does a view with `static drawsAtOnce =
// true` (an open dialog).

import { language } from '../i18n.mjs';
import { formatContext, morph } from '../dom.mjs';

export class ReportView extends HTMLElement {
  #report = null;
  #tracking = null; // the Set of parts read while render() runs
  #proxy = null;    // [report, its recording proxy]
  #drawn = null;    // {report, parts, context} of the last render
  client = null;

  constructor() {
    super();
    const render = this.render; // the subclass's: every call (its own, the language switch's) is recorded
    this.render = () => {
      const parts = new Set();
      this.#tracking = parts;
      try {
        render.call(this);
      } finally {
        this.#tracking = null;
      }
      this.#drawn = { report: this.#report, parts, context: `${language()}|${formatContext()}`, key: this.renderKey() };
      if (stale.delete(this)) settle();
    };
  }

  get report() {
    const report = this.#report;
    if (!this.#tracking || report === null || typeof report !== 'object') return report;
    if (this.#proxy?.[0] !== report) {
      const read = (key) => this.#tracking?.add(typeof key === 'string' ? key : '*');
      this.#proxy = [report, new Proxy(report, {
        get: (target, key) => { read(key); return target[key]; },
        has: (target, key) => { read(key); return key in target; },
        ownKeys: (target) => { read('*'); return Reflect.ownKeys(target); },
        getOwnPropertyDescriptor: (target, key) => { read(key); return Reflect.getOwnPropertyDescriptor(target, key); },
      })];
    }
    return this.#proxy[1];
  }

  set report(value) {
    const previous = this.#report;
    this.#report = value ?? null;
    this.reportChanged(this.#report);
    if (!this.#deferred() && !this.#same(previous, this.#report)) this.render();
  }

  /** Draws the view again (a language switch): now, or later when far from the viewport. */
  refresh() { if (!this.#deferred()) this.render(); }

  /** Whether the drawing waits: a view that has drawn a report, is shown, and is far from the viewport is marked stale. */
  #deferred() {
    if (!this.#drawn?.report || this.hidden || !far.has(this) || this.constructor.drawsAtOnce) return false;
    stale.add(this);
    schedule();
    return true;
  }

  /** A stale view drawn, unless what it shows is the same as its last drawing. */
  catchUp() {
    if (stale.has(this) && !this.#same(this.#drawn.report, this.#report)) this.render();
    else if (stale.delete(this)) settle();
  }

  /** Whether the last render drew `previous` and `next` is the same in every part it read. */
  #same(previous, next) {
    const drawn = this.#drawn;
    const opted = this.constructor.skipsSameReport ?? this.reportChanged === ReportView.prototype.reportChanged;
    if (!opted || !drawn || !previous || !next || drawn.report !== previous || drawn.parts.has('*')) return false;
    if (drawn.context !== `${language()}|${formatContext()}`) return false;
    if (drawn.key !== null) {
      if (!sameJson(this.renderKey(), drawn.key)) return false;
    } else {
      for (const part of drawn.parts) if (!sameJson(previous[part], next[part])) return false;
    }
    drawn.report = next; // what is on screen is this report's drawing too
    return true;
  }

  /** As the DOM's, but keeping the nodes that match (dom.mjs morph()). */
  replaceChildren(...children) { morph(this, children); }

  /** What render() draws from this.report, as a JSON value, or null: the parts it reads (see above). */
  renderKey() { return null; }

  /** Called with each new report (or null), before it is rendered. */
  reportChanged() {}

  #listening = false; // a move connects the element again: its listeners are there already
  connectedCallback() {
    if (!this.#listening) this.listen();
    this.#listening = true;
    observer?.observe(this);
    this.render();
  }

  /** Adds the element's event listeners (once, before its first render). */
  listen() {}

  render() {}
}

// The views far from the viewport (an IntersectionObserver's), the stale ones, and the flush
// that draws them once QUIET_MS have passed without a change and the page is idle.
const far = new WeakSet();
const stale = new Set();
const QUIET_MS = 300;
let quiet = 0;
const observer = globalThis.IntersectionObserver && new IntersectionObserver((entries) => {
  for (const { target, isIntersecting } of entries) {
    if (!isIntersecting) far.add(target);
    else if (far.delete(target)) target.catchUp();
  }
}, { rootMargin: '50% 0px' });
const idle = globalThis.requestIdleCallback ?? ((callback) => setTimeout(() => callback({ didTimeout: true })));

function schedule() {
  document.documentElement.dataset.drawing = '';
  clearTimeout(quiet);
  quiet = setTimeout(() => idle(flush, { timeout: 500 }), QUIET_MS);
}

/** Draws the stale views in page order while the idle period lasts (at least one). */
function flush(deadline) {
  for (const view of [...stale].sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))) {
    view.catchUp();
    if (!deadline.didTimeout && deadline.timeRemaining() <= 0) break;
  }
  if (stale.size) idle(flush, { timeout: 500 });
}

function settle() {
  if (stale.size === 0) delete document.documentElement.dataset.drawing;
}

// A page printed is printed whole (styles/print.css): every stale view is drawn first.
globalThis.addEventListener?.('beforeprint', () => { for (const view of [...stale]) view.catchUp(); });

/** Deep equality of two parsed JSON values. */
export function sameJson(a, b) {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (!Object.hasOwn(b, key) || !sameJson(a[key], b[key])) return false;
  return true;
}
