// Small DOM and formatting helpers shared by every component. Formatting:
// null is "no data", never 0.

import { intl, language, locale, t } from './i18n.mjs';
import { hasMessage, message } from './engine/messages.mjs';
import { moneyFormatter } from './engine/report-html.mjs';

export function formatPercent(share) {
  return intl(Intl.NumberFormat, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(share);
}

// The currency of the report on screen (report.currency, set by the controller
// with each report); null prints bare amounts (the deals name several).
let currency = null;
export function setCurrency(code) { currency = typeof code === 'string' && code ? code : null; }

/**
 * Money as every face prints it (docs/web.md "Money"): below 100 000 with its
 * kopecks when it has any (1 000,50 ₽), whole from there up, never rounded up.
 * `exact`: always with the kopecks (tooltips). `compact`: "34,2 млн ₽".
 */
const moneyFormatters = new Map(); // made once per locale, currency and density
export function formatMoney(amount, { exact = false, compact = false } = {}) {
  if (exact && !Number.isInteger(amount)) {
    const style = currency ? { style: 'currency', currency, currencyDisplay: 'narrowSymbol' } : {};
    return intl(Intl.NumberFormat, { ...style, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
  }
  const key = `${locale()}|${currency}|${compact}`;
  if (!moneyFormatters.has(key)) moneyFormatters.set(key, moneyFormatter(locale(), currency, { compact }));
  return moneyFormatters.get(key)(amount);
}

export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

// The settings' time zone (set by the settings panel from the engine's document in force):
// instants are shown in it, as the analysis reads them, not in the browser's zone.
let zone;
export function setTimeZone(tz) { zone = typeof tz === 'string' && tz ? tz : undefined; }

/** The currency and time zone values are formatted in (web/components/report-view.mjs keys its drawings by them). */
export function formatContext() { return `${currency}|${zone}`; }

export function formatInstant(text, { withTime, exclusiveEnd = false }) {
  if (!text) return '—';
  const dateOnly = DATE_ONLY.test(text);
  const date = new Date(dateOnly ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime())) return text;
  if (exclusiveEnd) date.setTime(date.getTime() - 1);
  const options = withTime && !dateOnly ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' };
  if (dateOnly) options.timeZone = 'UTC';
  else if (zone) options.timeZone = zone;
  try {
    return intl(Intl.DateTimeFormat, options).format(date);
  } catch { // a zone this browser does not know: its own
    delete options.timeZone;
    return intl(Intl.DateTimeFormat, options).format(date);
  }
}

/** Hands a Blob to the browser as a download (an <a download> on a blob: URL). */
export function saveBlob(name, blob) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by now; keep the URL a while for slow browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Creates an element: h('td', {class: 'x', 'data-metric': 'won'}, child, 'text'). */
export function h(tag, attributes = {}, ...children) {
  return filled(document.createElement(tag), attributes, children);
}

/** An SVG element, as h() makes HTML ones; attributes are SVG presentation attributes (the CSP allows no style="..."). */
export function svg(tag, attributes = {}, ...children) {
  return filled(document.createElementNS('http://www.w3.org/2000/svg', tag), attributes, children);
}

// Attributes (false, null and undefined leave one out; true is present and empty) and children (the same three skipped).
function filled(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

// API dumps name users, stages, pipelines... by id until a reference file names
// them (docs/architecture.md "References"): the core keeps a stable placeholder
// such as `amocrm:user:501` or `bitrix24:stage:C3:WON`. Shown to a person, it
// reads "user 501" / "пользователь 501"; data attributes and queries keep the key.
const PLACEHOLDER = /^(amocrm|bitrix24):(user|stage|pipeline|loss_reason|source|task_type):(.+)$/;

/** A name from the report as a person should read it (placeholders of unnamed CRM ids spelled out). */
export function displayName(name) {
  if (typeof name !== 'string') return name;
  const m = PLACEHOLDER.exec(name);
  if (!m) return name;
  // amoCRM stage ids repeat per pipeline (`7001:142`): the status id is what the CRM shows.
  const id = m[2] === 'stage' && m[1] === 'amocrm' ? m[3].split(':').pop() : m[3];
  return t(`ref.${m[2]}`, { id });
}

/**
 * A closed <details> whose content is made when it is first opened: a section nobody
 * opens costs nothing to render (docs/performance.md "The page: re-render after a
 * change"). `content()` returns the children that follow the summary.
 */
export function lazyDetails(attributes, summary, content) {
  const details = h('details', attributes, h('summary', {}, summary));
  lazy.add(details);
  details.addEventListener('toggle', () => {
    if (details.open && details.childElementCount === 1) details.append(...[content()].flat());
  });
  return details;
}

const lazy = new WeakSet(); // lazyDetails(): their content comes from a listener, so morph() replaces them whole

/**
 * Puts `children` (nodes, strings; null, undefined and false skipped) into `parent` as
 * replaceChildren() would, but keeps the nodes already there where they match (same
 * kind and name): their attributes and text are set where they differ, their children
 * matched the same way. What did not change keeps its style, layout and shaped text,
 * so a new report that changes a few values re-lays out a few nodes
 * (docs/performance.md "The page: re-render after a change"). Listeners on the new
 * nodes are not carried over: a view using this listens on itself. A <details> keeps
 * its open state; form controls take the new checked, selected and value.
 */
export function morph(parent, children) {
  let old = parent.firstChild;
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    old = place(parent, old, typeof child === 'string' ? document.createTextNode(child) : child);
  }
  while (old !== null) { // the old children left over
    const after = old.nextSibling;
    old.remove();
    old = after;
  }
}

/** `node` in place of `old` (patched into it when they match); returns the next old child. */
function place(parent, old, node) {
  if (old === null) {
    parent.append(node);
    return null;
  }
  const after = old.nextSibling;
  if (old === node) return after;
  if (old.nodeType === node.nodeType && old.nodeName === node.nodeName && !lazy.has(old) && !lazy.has(node)
    && (old.nodeType !== 1 || old.namespaceURI === node.namespaceURI)) {
    // Most of a new drawing equals the old one: the browser compares a subtree faster than a walk here.
    if (!old.isEqualNode(node)) patch(old, node);
  } else {
    parent.replaceChild(node, old);
  }
  return after;
}

function patch(old, node) {
  if (old.nodeType !== 1) {
    if (old.data !== node.data) old.data = node.data;
    return;
  }
  // By name, not through .attributes: each of its items is an Attr node the element then keeps.
  for (const name of old.getAttributeNames()) {
    if (!node.hasAttribute(name) && !(name === 'open' && old.localName === 'details')) old.removeAttribute(name);
  }
  for (const name of node.getAttributeNames()) {
    const value = node.getAttribute(name);
    if (old.getAttribute(name) === value) continue;
    if (name === 'style') old.style.cssText = node.style.cssText; // the CSP allows the CSSOM, not style attributes
    else old.setAttribute(name, value);
  }
  if (old.firstChild !== null || node.firstChild !== null) morph(old, [...node.childNodes]);
  const tag = old.localName;
  if (tag === 'input') old.checked = node.checked;
  else if (tag === 'option') old.selected = node.selected;
  if ((tag === 'select' || tag === 'input' || tag === 'textarea') && old.value !== node.value) old.value = node.value;
}

/**
 * Why a request failed, in the page's language: the strings table's text of its rule or
 * code (wasm/messages.mjs) with its params, the worker's own words as {detail}; only a
 * code the table does not know shows those words alone.
 */
export function errorText(e) {
  const detail = String(e?.message ?? e);
  const key = [e?.rule, e?.code].find((k) => typeof k === 'string' && hasMessage(k));
  return key ? message(key, { detail, ...e.params }, language()) : detail;
}
