// Helpers of the settings panel that need no DOM (Node tests check them): the
// page keeps a copy of the core's settings document (the command line's
// `--config` JSON; the core owns its defaults, merge rules and checks,
// docs/kpi.md "Settings"), plans still being typed, inclusive / exclusive
// dates, percentages, the field a core error's JSON pointer names, and
// localStorage.

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const finite = (v) => typeof v === 'number' && Number.isFinite(v);

/** The case folding of core/model/text.cpp: ASCII and Cyrillic letters, Ё included. */
export function foldCase(text) {
  return String(text).replace(/[A-ZА-ЯЁ]/g, (c) => c.toLowerCase());
}

/**
 * A copy without the plans still waiting for their revenue or deal count ("Add a plan for
 * every manager" makes such rows): a plan of 0 would not be "no plan", it
 * would add the manager's revenue to the team's fact against nothing.
 */
export function withoutDraftPlans(settings) {
  const doc = structuredClone(settings);
  if (Array.isArray(doc.plans)) doc.plans = doc.plans.filter((p) => !isDraftPlan(p));
  return doc;
}

/** A plan row with neither a revenue nor a number of deals yet (a plan is by money, by count, or both). */
export function isDraftPlan(plan) {
  const unset = (v) => v === null || v === undefined;
  return isObject(plan) && unset(plan.revenue) && unset(plan.won_count);
}

/**
 * `current` plans with `imported` ones (the core's plan table, each with its `line`) merged in: an
 * imported plan replaces a plan of the same manager (case-insensitive) and the same period.
 */
export function mergePlans(current, imported) {
  const key = (p) => `${String(p.owner ?? '').toLowerCase()}|${p.from}|${p.to}`;
  const out = [...(current ?? [])];
  for (const { line, ...plan } of imported) {
    const at = out.findIndex((p) => key(p) === key(plan));
    if (at >= 0) out[at] = plan; else out.push(plan);
  }
  return out;
}

/** The `--config` file the page exports: the whole document, every key, indented (draft plans left out). */
export function exportText(settings) {
  return `${JSON.stringify(withoutDraftPlans(settings), null, 2)}\n`;
}

// ---------------------------------------------------------------------------
// Dates: the page shows period and plan ends inclusive ("to 31 March"); the
// document keeps them as the core reads them, exclusive ("to": "2026-04-01").

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` + n days (calendar arithmetic in UTC, no zone involved). */
export function addDays(date, n) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The last day inside [from, to) for a date-only `to`; other values unchanged. */
export function inclusiveEnd(to) {
  return typeof to === 'string' && DATE_ONLY.test(to) ? addDays(to, -1) : to;
}

/** The exclusive `to` for an inclusive last day. */
export function exclusiveEnd(lastDay) {
  return typeof lastDay === 'string' && DATE_ONLY.test(lastDay) ? addDays(lastDay, 1) : lastDay;
}

// Dates as the page's language writes them (issue 10): the fields show
// "31.03.2026" (ru) or "Mar 31, 2026" (en, as the English page shows dates:
// Intl en-US, medium); what is typed is read by the core (client.readDate,
// core/settings.h read_typed_date); the document keeps ISO.

/**
 * An ISO date (`YYYY-MM-DD`) or local date-time (`YYYY-MM-DDTHH:MM`) in the
 * language's words; any other text (an offset, a value typed by hand) as it is.
 */
export function dateText(iso, lang) {
  if (typeof iso !== 'string' || !iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::\d{2})?)?$/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d, hh, mm] = m;
  const time = hh === undefined ? '' : ` ${hh}:${mm}`;
  if (lang === 'ru') return `${d}.${mo}.${y}${time}`;
  const month = new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, Number(mo) - 1, 1)));
  return `${month} ${Number(d)}, ${y}${time}`;
}

/** The calendar month containing an ISO instant (its date part): [first day, first day of the next). */
export function monthOf(instant) {
  const day = typeof instant === 'string' && /^\d{4}-\d{2}-\d{2}/.test(instant)
    ? instant.slice(0, 10) : new Date().toISOString().slice(0, 10);
  const first = `${day.slice(0, 7)}-01`;
  const next = new Date(`${first}T00:00:00Z`);
  next.setUTCMonth(next.getUTCMonth() + 1);
  return { from: first, to: next.toISOString().slice(0, 10) };
}

// ---------------------------------------------------------------------------
// Errors: the core names a bad field by its JSON pointer ("/norms/sla_share",
// "/plans/2/to", "/stage_control_days/a~1b"); the panel's fields are named by
// the same keys joined with dots (`data-field`). No message text is read.

/**
 * The field (one of `fields`) a JSON pointer names: the field of that key, else the one field
 * that edits it (`/motivation/base_salary` as a number is `motivation.base_salary.default`),
 * else the nearest enclosing field (`/calendar/holidays/3` is `calendar.holidays`); null for
 * none (the document itself, a key the form does not show).
 */
export function fieldForPath(path, fields) {
  if (typeof path !== 'string' || !path.startsWith('/')) return null;
  const keys = path.slice(1).split('/').map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (keys[0] === 'period') keys.shift(); // the older spelling of from / to
  for (let n = keys.length; n > 0; n--) {
    const dotted = keys.slice(0, n).join('.');
    if (fields.includes(dotted)) return dotted;
    if (n === keys.length) {
      const child = fields.find((f) => f.startsWith(`${dotted}.`));
      if (child) return child;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------
// Persistence: one localStorage entry; a broken or foreign entry reads as none.

export const STORAGE_KEY = 'kpi-lens.settings';

export function loadSaved(storage = globalThis.localStorage) {
  try {
    const text = storage?.getItem(STORAGE_KEY);
    if (!text) return null;
    const saved = JSON.parse(text);
    return saved?.version === 1 && isObject(saved.settings) ? saved.settings : null;
  } catch {
    return null;
  }
}

export function save(settings, storage = globalThis.localStorage) {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify({ version: 1, settings }));
    return true;
  } catch {
    return false; // storage full or disabled: the settings still apply for this visit
  }
}

export function forget(storage = globalThis.localStorage) {
  try { storage?.removeItem(STORAGE_KEY); } catch { /* nothing to forget */ }
}

/** Share (0..1) as a percent number for an input, without float noise (0.07 -> 7). */
export function toPercent(share) {
  return finite(share) ? Number((share * 100).toPrecision(12)) : share;
}

/** Percent from an input as a share (7 -> 0.07). */
export function fromPercent(percent) {
  return finite(percent) ? Number((percent / 100).toPrecision(12)) : percent;
}
