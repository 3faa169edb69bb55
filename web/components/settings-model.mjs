// The analysis settings as the page keeps them: one document in the shape of
// the command line's `--config` JSON (spec/kpi.md §3a plus as_of, from, to,
// tz and calendar), with every key present. No DOM here, so Node tests can
// check it: defaults that mirror core/settings.h, import (normalize), the
// document sent to the engine, local validation and localStorage.

/** Keys the core reads, with its defaults (core/settings.h; docs/kpi.md). */
export function defaultSettings() {
  return {
    as_of: null,
    from: null,
    to: null,
    tz: 'Europe/Moscow',
    calendar: 'default',
    norms: {
      frt_min: { hot: 10, warm: 30, cold: 540 },
      sla_share: 0.85,
      next_step_share: 0.85,
      overdue_share: 0.05,
      touches: [8, 12],
      stalled_share: 0.10,
    },
    min_call_s: 10,
    source_classes: {},
    stage_control_days: { default: 3, 'Квалификация': 2, Qualification: 2, 'Переговоры': 5, Negotiation: 5 },
    won_stages: ['Успешно реализовано', 'won'],
    lost_stages: ['Закрыто и не реализовано', 'lost'],
    pipelines: {},
    plans: [],
    motivation: null,
  };
}

/** What "enable the bonus table" starts from (the example of docs/kpi.md "Motivation"). */
export function defaultMotivation() {
  return {
    base_salary: 100000,
    weights: { revenue: 1, win_rate: 0 },
    steps: [[0, 0], [0.8, 0.5], [1, 1], [1.2, 1.5]],
  };
}

export const LEAD_CLASSES = ['hot', 'warm', 'cold'];
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const CALENDAR_PRESETS = ['none', 'default', 'ru'];
/** The hours of the `default` calendar, the start of a custom one. */
export function defaultWeek() {
  return { mon: ['09:00', '18:00'], tue: ['09:00', '18:00'], wed: ['09:00', '18:00'], thu: ['09:00', '18:00'],
    fri: ['09:00', '18:00'], sat: null, sun: null };
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

/**
 * A settings document (parsed `--config` JSON) laid over the defaults the way
 * the core applies it (core/settings.cpp): `norms` and `frt_min` key by key,
 * `stage_control_days` entry by entry, every other key replaced whole;
 * `period: {from, to}` becomes top-level `from`/`to`. `tz_offsets` is dropped:
 * the engine reads the zone's history from the browser again. Keys the core
 * does not know are kept, so an export gives them back. Values of a wrong type
 * are kept as they are for validate() and the core to reject, never guessed.
 */
export function normalizeSettings(input) {
  const out = defaultSettings();
  if (!isObject(input)) return out;
  for (const [key, value] of Object.entries(input)) {
    if (key === 'tz_offsets') continue;
    if (key === 'period' && isObject(value)) {
      if ('from' in value) out.from = value.from;
      if ('to' in value) out.to = value.to;
    } else if (key === 'norms' && isObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'frt_min' && isObject(v)) Object.assign(out.norms.frt_min, clone(v));
        else out.norms[k] = clone(v);
      }
    } else if (key === 'stage_control_days' && isObject(value)) {
      Object.assign(out.stage_control_days, clone(value));
    } else {
      out[key] = clone(value);
    }
  }
  return out;
}

/** The case folding of core/model/text.cpp: ASCII and Cyrillic letters, Ё included. */
export function foldCase(text) {
  return String(text).replace(/[A-ZА-ЯЁ]/g, (c) => c.toLowerCase());
}

/** The control period (days) the core uses for a stage: its entry, matched case-insensitively, else `default`. */
export function controlDaysOf(settings, stage) {
  const days = settings.stage_control_days ?? {};
  const folded = foldCase(stage);
  let found;
  for (const [name, value] of Object.entries(days)) {
    if (name !== 'default' && foldCase(name) === folded) found = value;
  }
  return found ?? days.default;
}

// core/kpi/lead_class.cpp: cold keywords first ("outbound call list" is cold).
const CLASS_KEYWORDS = [
  ['cold', 'cold'], ['outbound', 'cold'], ['холод', 'cold'],
  ['call', 'hot'], ['звон', 'hot'], ['chat', 'hot'], ['чат', 'hot'], ['widget', 'hot'], ['виджет', 'hot'],
  ['form', 'warm'], ['форм', 'warm'], ['mail', 'warm'], ['почт', 'warm'], ['social', 'warm'], ['соц', 'warm'],
];

/** The class a source gets without a mapping entry: by keyword, else warm. */
export function keywordClassOf(source) {
  const folded = foldCase(source);
  return CLASS_KEYWORDS.find(([word]) => folded.includes(word))?.[1] ?? 'warm';
}

/** The class a source gets with these settings (mapping first, case-insensitive). */
export function leadClassOf(settings, source) {
  const folded = foldCase(source);
  for (const [name, cls] of Object.entries(settings.source_classes ?? {})) {
    if (foldCase(name) === folded) return cls;
  }
  return keywordClassOf(source);
}

/**
 * The document for the engine. The core applies settings on top of the ones it
 * holds, and `stage_control_days` only ever adds or updates entries, so an
 * entry the page once sent (or a core default) that is gone from the document
 * would live on: each such name is sent again with the value the core should
 * use for it now (a same-named entry's, else `default`). `sentStages` (a Set)
 * collects the names sent so far.
 */
export function engineSettings(settings, sentStages = new Set()) {
  const doc = withoutDraftPlans(settings);
  const days = isObject(doc.stage_control_days) ? doc.stage_control_days : {};
  const stale = {};
  for (const name of [...Object.keys(defaultSettings().stage_control_days), ...sentStages]) {
    if (name in days) continue;
    stale[name] = controlDaysOf({ stage_control_days: days }, name);
  }
  doc.stage_control_days = { ...stale, ...days };
  for (const name of Object.keys(doc.stage_control_days)) sentStages.add(name);
  return doc;
}

/**
 * A copy without the plans still waiting for their revenue ("Add a plan for
 * every manager" makes such rows): a plan of 0 would not be "no plan", it
 * would add the manager's revenue to the team's fact against nothing.
 */
export function withoutDraftPlans(settings) {
  const doc = clone(settings);
  if (Array.isArray(doc.plans)) doc.plans = doc.plans.filter((p) => !isDraftPlan(p));
  return doc;
}

export function isDraftPlan(plan) {
  return isObject(plan) && (plan.revenue === null || plan.revenue === undefined);
}

/** The `--config` file the page exports: the whole document, every key, indented (draft plans left out). */
export function exportText(settings) {
  return `${JSON.stringify(withoutDraftPlans(settings), null, 2)}\n`;
}

// ---------------------------------------------------------------------------
// Dates: the page shows period and plan ends inclusive ("to 31 March"); the
// document keeps them as the core reads them, exclusive ("to": "2026-04-01").

export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
export const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/;

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
// Validation before anything is sent. Each problem names the field (`field`,
// the id the panel gives the input) and a message key with parameters; the
// core validates again and its messages, which quote the key, are shown too.

const finite = (v) => typeof v === 'number' && Number.isFinite(v);
const isDateText = (v) => typeof v === 'string' && (DATE_ONLY.test(v) || LOCAL_DATE_TIME.test(v) || /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(v));
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/** [{field, key, params}] for every local problem; [] when the document can be sent. */
export function validateSettings(s) {
  const problems = [];
  const bad = (field, key, params = {}) => problems.push({ field, key, params });
  const share = (field, v) => {
    if (!finite(v)) bad(field, 'settings.error.number');
    else if (v < 0 || v > 1) bad(field, 'settings.error.share');
  };
  const nonNegative = (field, v) => {
    if (!finite(v)) bad(field, 'settings.error.number');
    else if (v < 0) bad(field, 'settings.error.negative');
  };
  const date = (field, v, required) => {
    if (v === null || v === undefined || v === '') {
      if (required) bad(field, 'settings.error.date');
    } else if (!isDateText(v)) bad(field, 'settings.error.date');
  };

  date('as_of', s.as_of, false);
  date('from', s.from, false);
  date('to', s.to, false);
  if (isDateText(s.from) && isDateText(s.to) && !(s.from < s.to)) bad('to', 'settings.error.order');
  if (typeof s.tz !== 'string' || !s.tz) bad('tz', 'settings.error.required');

  const norms = isObject(s.norms) ? s.norms : {};
  for (const cls of LEAD_CLASSES) nonNegative(`norms.frt_min.${cls}`, norms.frt_min?.[cls]);
  for (const key of ['sla_share', 'next_step_share', 'overdue_share', 'stalled_share']) share(`norms.${key}`, norms[key]);
  const touches = Array.isArray(norms.touches) ? norms.touches : [];
  nonNegative('norms.touches.0', touches[0]);
  nonNegative('norms.touches.1', touches[1]);
  if (finite(touches[0]) && finite(touches[1]) && touches[0] > touches[1]) bad('norms.touches.1', 'settings.error.range');
  nonNegative('min_call_s', s.min_call_s);

  for (const [source, cls] of Object.entries(isObject(s.source_classes) ? s.source_classes : {})) {
    if (!LEAD_CLASSES.includes(cls)) bad(`source_classes.${source}`, 'settings.error.class');
  }
  for (const [stage, days] of Object.entries(isObject(s.stage_control_days) ? s.stage_control_days : {})) {
    if (!finite(days)) bad(`stage_control_days.${stage}`, 'settings.error.number');
    else if (!(days > 0)) bad(`stage_control_days.${stage}`, 'settings.error.positive');
  }

  if (isObject(s.calendar)) {
    for (const day of WEEKDAYS) {
      const span = s.calendar.hours?.[day];
      if (span === null || span === undefined) continue;
      if (!Array.isArray(span) || !CLOCK.test(span[0]) || !CLOCK.test(span[1])) bad(`calendar.hours.${day}`, 'settings.error.clock');
      else if (span[1] <= span[0]) bad(`calendar.hours.${day}`, 'settings.error.hours');
    }
    for (const list of ['holidays', 'workdays']) {
      const days = s.calendar[list] ?? [];
      const wrong = Array.isArray(days) ? days.filter((d) => !DATE_ONLY.test(d)) : ['?'];
      if (wrong.length) bad(`calendar.${list}`, 'settings.error.dates', { values: wrong.join(', ') });
    }
  } else if (!CALENDAR_PRESETS.includes(s.calendar)) {
    bad('calendar', 'settings.error.calendar');
  }

  (Array.isArray(s.plans) ? s.plans : []).forEach((plan, i) => {
    date(`plans.${i}.from`, plan?.from, true);
    date(`plans.${i}.to`, plan?.to, true);
    if (isDateText(plan?.from) && isDateText(plan?.to) && !(plan.from < plan.to)) bad(`plans.${i}.to`, 'settings.error.order');
    if (!isDraftPlan(plan)) nonNegative(`plans.${i}.revenue`, plan?.revenue);
    if (plan?.won_count !== undefined && plan?.won_count !== null) nonNegative(`plans.${i}.won_count`, plan.won_count);
  });

  const m = s.motivation;
  if (m !== null && m !== undefined) {
    const salary = m.base_salary;
    if (isObject(salary)) {
      for (const [name, amount] of Object.entries(salary)) nonNegative(`motivation.base_salary.${name}`, amount);
    } else {
      nonNegative('motivation.base_salary.default', salary);
    }
    const weights = isObject(m.weights) ? m.weights : { revenue: 1 };
    nonNegative('motivation.weights.revenue', weights.revenue ?? 0);
    nonNegative('motivation.weights.win_rate', weights.win_rate ?? 0);
    if (finite(weights.revenue ?? 0) && finite(weights.win_rate ?? 0) && !((weights.revenue ?? 0) + (weights.win_rate ?? 0) > 0)) {
      bad('motivation.weights.revenue', 'settings.error.weights');
    }
    const steps = Array.isArray(m.steps) ? m.steps : [];
    if (steps.length === 0) bad('motivation.steps', 'settings.error.steps');
    steps.forEach((step, i) => {
      if (!Array.isArray(step) || !finite(step[0])) bad(`motivation.steps.${i}.0`, 'settings.error.number');
      else if (i > 0 && Array.isArray(steps[i - 1]) && finite(steps[i - 1][0]) && !(step[0] > steps[i - 1][0])) {
        bad(`motivation.steps.${i}.0`, 'settings.error.ascending');
      }
      nonNegative(`motivation.steps.${i}.1`, Array.isArray(step) ? step[1] : undefined);
    });
  }
  return problems;
}

// ---------------------------------------------------------------------------
// Persistence: one localStorage entry; a broken or foreign entry reads as none.

export const STORAGE_KEY = 'kpi-lens.settings';

export function loadSaved(storage = globalThis.localStorage) {
  try {
    const text = storage?.getItem(STORAGE_KEY);
    if (!text) return null;
    const saved = JSON.parse(text);
    return saved?.version === 1 && isObject(saved.settings) ? normalizeSettings(saved.settings) : null;
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
