// Small DOM and formatting helpers shared by every component. Formatting:
// null is "no data", never 0.

import { locale } from './i18n.mjs';

export function formatPercent(share) {
  return new Intl.NumberFormat(locale(), {
    style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1,
  }).format(share);
}

/** Whole rubles in the matrix; the exact amount is in data-value and the tooltip. */
export function formatMoney(amount, { exact = false } = {}) {
  const digits = exact && !Number.isInteger(amount) ? 2 : 0;
  return new Intl.NumberFormat(locale(), {
    style: 'currency', currency: 'RUB', currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: digits, maximumFractionDigits: digits,
  }).format(amount);
}

export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function formatInstant(text, { withTime, exclusiveEnd = false }) {
  if (!text) return '—';
  const dateOnly = DATE_ONLY.test(text);
  const date = new Date(dateOnly ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime())) return text;
  if (exclusiveEnd) date.setTime(date.getTime() - 1);
  const options = withTime && !dateOnly ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' };
  if (dateOnly) options.timeZone = 'UTC';
  return new Intl.DateTimeFormat(locale(), options).format(date);
}

/** Creates an element: h('td', {class: 'x', 'data-metric': 'won'}, child, 'text'). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

