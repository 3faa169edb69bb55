// <kpi-settings>: the header's "Settings" button and the side panel it opens
// (a modal <dialog>). It edits a copy of the core's settings document (the
// command line's `--config` JSON, fetched from the worker with the core's
// defaults; the page mirrors no default and checks nothing itself) and sends
// every change, the WHOLE document, as `kpi-settings-change` {detail:
// {settings, reread}} (reread: the time zone changed, so the files must be
// read again). The controller answers with `kpi-settings-applied` {detail:
// {ok, settings, inForce, error}}; the panel then saves the document in
// localStorage, or puts each of the core's errors next to the field its JSON
// pointer (`path`) names, in the words of the strings table
// (engine/messages.mjs, by `rule`). Stage, manager and source lists come from
// the report (`data-report`), the class each source name gets from the core.
// restoreSettings() hands the saved settings to the engine before the first report.

import { intl, language, locale, t, tn } from '../i18n.mjs';
import { formatInstant, h, setTimeZone } from '../dom.mjs';
import { issueMessage, message } from '../engine/messages.mjs';
import {
  dateText, datePattern, exclusiveEnd, exportText, fieldForPath, foldCase, forget, fromPercent, inclusiveEnd,
  isDraftPlan, loadSaved, mergePlans, monthOf, parseDateText, save, toPercent, withoutDraftPlans,
} from './settings-model.mjs';
import { bonusReason, bonusWeights, fillDesignCheck, recordNorms } from './design.mjs';
import { saveBlob } from './exports.mjs';

const EXPORT_NAME = 'kpi-lens-settings.json';
const MAX_IMPORT_BYTES = 1 << 20; // a settings document is a few KB; anything larger is not one
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
/** Deep equality of two JSON values, whatever the order of their keys. */
function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (isObject(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]));
  return value;
}
const same = (a, b) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

// Russia's zones, west to east (the zones the Russian CRMs' accounts use), offered first.
const RUSSIAN_ZONES = ['Europe/Kaliningrad', 'Europe/Moscow', 'Europe/Samara', 'Asia/Yekaterinburg', 'Asia/Omsk',
  'Asia/Novosibirsk', 'Asia/Krasnoyarsk', 'Asia/Irkutsk', 'Asia/Yakutsk', 'Asia/Vladivostok', 'Asia/Magadan', 'Asia/Kamchatka'];

/**
 * The zones to offer, as {first, rest}: first the one in force, the browser's
 * own (Intl) and Russia's, then every other IANA zone the browser knows (plus
 * UTC, which Chromium leaves out of the list), sorted.
 */
export function timeZones(current, own = Intl.DateTimeFormat().resolvedOptions().timeZone) {
  let zones = [];
  try { zones = Intl.supportedValuesOf('timeZone'); } catch { /* old browser: the current zone only */ }
  const first = [...new Set([current, own, ...RUSSIAN_ZONES].filter(Boolean))];
  const taken = new Set(first);
  const rest = [...new Set(['UTC', ...zones])].filter((z) => !taken.has(z)).sort();
  return { first, rest };
}

const zoneNames = new Map(); // `${lang} ${zone}` -> "Москва (UTC+3)" (hundreds of zones: made once)

/** A zone as a person reads it: its city or region in the page language and its offset, "Москва (UTC+3)". */
function zoneName(zone, lang) {
  const key = `${lang} ${zone}`;
  if (!zoneNames.has(key)) {
    let name = zone;
    try {
      const at = new Date();
      const part = (l, style) => new Intl.DateTimeFormat(l, { timeZone: zone, timeZoneName: style }).formatToParts(at)
        .find((p) => p.type === 'timeZoneName')?.value;
      const offset = (part('en', 'shortOffset') ?? '').replace('GMT', 'UTC') || 'UTC';
      // The long generic name up to its comma ("Москва, стандартное время" -> "Москва"): Chromium's
      // short generic names fall back to English in Russian.
      const place = part(lang, 'longGeneric')?.split(',')[0];
      name = place && !place.startsWith('GMT') && place !== offset ? `${place} (${offset === 'UTC' ? 'UTC+0' : offset})` : `${zone.replaceAll('_', ' ')} (${offset})`;
    } catch { /* a zone this browser cannot format: its id */ }
    zoneNames.set(key, name);
  }
  return zoneNames.get(key);
}

/**
 * Labels of the zones offered: the first ones (in force, the browser's, Russia's) by
 * name and offset, the zone's id where two would read the same; the rest by id
 * (naming hundreds of zones through Intl costs seconds).
 */
function zoneLabels({ first, rest }, lang) {
  const names = first.map((z) => zoneName(z, lang));
  const count = new Map();
  for (const n of names) count.set(n, (count.get(n) ?? 0) + 1);
  return [...first.map((z, i) => [z, count.get(names[i]) > 1 ? `${names[i]} — ${z.replaceAll('_', ' ')}` : names[i]]),
    ...rest.map((z) => [z, z.replaceAll('_', ' ')])];
}

/** The local date (YYYY-MM-DD) of an instant in a zone; null when either is unknown. */
function localDate(instant, zone) {
  if (!instant) return null;
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .format(new Date(instant));
  } catch {
    return String(instant).slice(0, 10);
  }
}

function numberOrNull(input) {
  if (input.value === '') return input.validity?.badInput ? Number.NaN : null;
  return Number(input.value);
}

let fieldCounter = 0;
const FAILED = new Set(['settings.status.invalid', 'settings.status.rejected', 'settings.import.bad', 'settings.import.too_large']);

class KpiSettings extends HTMLElement {
  #report = null;
  #client = null;
  #settings = null;        // the page's copy of the core's document (plus plans still being typed)
  #defaults = null;        // the core's default document
  #rolePresets = [];       // the core's role KPI sets [{role, columns, tiles, norms}] (issue 11)
  #schema = [];            // the core's form fields [{path, section, type, unit, min, max, step, choices}] (issue 9)
  #starts = null;          // the core's start of a custom calendar and of the bonus table: {calendar, motivation}
  #inForce = null;         // the document the core holds now
  #lastSent = null;        // the document of the newest change
  #appliedTz = null;       // the zone the engine read the files in
  #status = { key: 'settings.status.defaults', params: {}, errors: [] };
  #coreErrors = [];        // the core's answer to the newest change: [{rule, path, params, message}]
  #importing = null;       // {file, doc}: an import waiting for the core's answer
  #classes = new Map();    // source name -> the lead class its name gives (the core's keywords)
  #lastField = null;       // the field changed last (where a core message goes when it names none)
  #listsKey = '';          // stage/manager/source names the form was drawn with
  #button = null;
  #dialog = null;
  #body = null;
  #statusLine = null;
  #fileInput = null;
  #planImport = null;      // the last plan import: {file, imported, errors: [{line, code, params}], sheet, sheets, bytes}
  #periodHint = null;
  #motivationResult = null;
  #designResult = null;    // branch design: the KPI design check beside the bonus table

  get report() { return this.#report; }
  set report(value) {
    this.#report = value ?? null;
    if (!this.#dialog?.open) return;
    if (this.#lists().key !== this.#listsKey) this.#renderForm();
    else {
      if (this.#periodHint) this.#periodHint.textContent = this.#periodHintText();
      this.#fillMotivationResult();
    }
  }

  /** The current settings document (what Export writes). */
  get settings() { return structuredClone(this.#settings); }

  /** The core's schema of one field by its JSON pointer ("/standup_cards"), or null. */
  fieldSchema(path) { return this.#schema.find((spec) => spec.path === path) ?? null; }

  /** The core's default document (null until the engine answered). */
  get defaults() { return structuredClone(this.#defaults); }

  connectedCallback() {
    if (this.#button) return;
    this.#button = h('button', { type: 'button', class: 'kpi-button kpi-settings-open', 'aria-haspopup': 'dialog' },
      h('span', { class: 'kpi-settings-gear', 'aria-hidden': 'true' }), h('span', { class: 'kpi-settings-open-text' }));
    this.#button.addEventListener('click', () => this.open());
    this.#dialog = h('dialog', { class: 'kpi-settings-panel', 'aria-labelledby': 'kpi-settings-title' });
    this.#dialog.addEventListener('click', (event) => {
      if (event.target === this.#dialog) this.#dialog.close(); // a click on the backdrop
    });
    this.#fileInput = h('input', { type: 'file', accept: '.json,application/json', hidden: true, tabindex: -1, 'data-settings-import-file': '' });
    this.#fileInput.addEventListener('change', () => {
      const [file] = this.#fileInput.files;
      this.#fileInput.value = '';
      if (file) this.#import(file);
    });
    this.append(this.#button, this.#dialog, this.#fileInput);
    document.addEventListener('kpi-settings-applied', (event) => this.#onApplied(event.detail ?? {}));
    // The board's period switcher (components/period.mjs): one key of the document, sent like any change.
    document.addEventListener('kpi-period-change', (event) => {
      if (!this.#settings) return;
      const { period_preset: preset, open } = event.detail ?? {};
      if (this.#settings.period_preset !== preset) this.#change('period_preset', (s) => { s.period_preset = preset; });
      if (open) this.open();
    });
    // One top-level key changed from elsewhere on the page (issue 11: the stand-up's card count).
    document.addEventListener('kpi-setting-change', (event) => {
      const { key, value } = event.detail ?? {};
      if (!this.#settings || typeof key !== 'string' || this.#settings[key] === value) return;
      this.#change(key, (s) => { s[key] = value; });
    });
    this.render();
  }

  /** Re-reads the strings (after a language switch). */
  render() {
    if (!this.#button) return;
    this.#updateButton();
    if (this.#dialog.open) this.#renderForm();
  }

  /** The header button: marked when the settings differ from the defaults or were not applied. */
  #updateButton() {
    const custom = Boolean(this.#inForce && this.#defaults && !same(this.#inForce, this.#defaults));
    const failed = FAILED.has(this.#status.key);
    this.#button.dataset.custom = String(custom);
    this.#button.dataset.error = String(failed);
    this.#button.querySelector('.kpi-settings-open-text').textContent = t('settings.open');
    this.#button.title = failed ? this.#statusText() : custom ? t('settings.open.custom') : t('settings.open');
  }

  open() {
    if (!this.#settings) return; // the engine has not answered yet: restore() opens nothing
    this.#renderForm();
    if (!this.#dialog.open) this.#dialog.showModal();
  }

  close() { this.#dialog?.close(); }

  /**
   * Fetches the core's document and defaults, then sends the saved settings (if any) to the
   * engine; called by the controller before the first report.
   */
  async restore(client) {
    this.#client = client;
    const { settings, defaults, rolePresets, schema, starts } = await client.settings();
    this.#defaults = defaults;
    this.#starts = starts;
    this.#schema = Array.isArray(schema) ? schema : [];
    this.#rolePresets = Array.isArray(rolePresets) ? rolePresets : [];
    this.#inForce = settings;
    this.#settings = structuredClone(settings);
    this.#appliedTz = settings.tz;
    setTimeZone(settings.tz);
    const saved = loadSaved();
    if (saved) {
      this.#settings = saved;
      const doc = withoutDraftPlans(saved);
      this.#lastSent = doc;
      try {
        this.#onApplied({ ok: true, settings: doc, inForce: await client.setSettings(doc) });
      } catch (error) {
        this.#onApplied({ ok: false, settings: doc, error });
      }
    } else {
      this.#setStatus('settings.status.defaults');
    }
  }

  // ---- changes -----------------------------------------------------------

  /** Applies `mutate` to a copy of the settings, then validates and sends the result. */
  #change(field, mutate, { redraw = false } = {}) {
    const next = structuredClone(this.#settings);
    mutate(next);
    recordNorms(next, this.#inForce ?? this.#settings, same); // branch design: the norms' local history (design.mjs)
    this.#settings = next;
    this.#lastField = field;
    this.#commit();
    if (redraw) this.#renderForm();
  }

  #commit() {
    this.#coreErrors = [];
    // No redraw of the form here: the field being left keeps its value and the next one its focus.
    this.#showErrors();
    this.#setStatus('settings.status.pending');
    this.#send(withoutDraftPlans(this.#settings));
  }

  /** Sends a whole document (an object, or an imported file's text) to the controller. */
  #send(doc, tz = doc.tz) {
    this.#lastSent = doc;
    // The files' wall-clock times are read in the zone in force when they are read, so a new
    // zone asks the controller to read them again (`reread`); anything else re-analyses only.
    const zone = tz === undefined || tz === null ? this.#defaults?.tz : tz;
    const reread = zone !== this.#appliedTz;
    this.dispatchEvent(new CustomEvent('kpi-settings-change', { bubbles: true, detail: { settings: doc, reread } }));
  }

  #onApplied({ ok, settings, inForce, error }) {
    if (ok && inForce) {
      // Answers come in order: the last accepted document is the engine's.
      this.#appliedTz = inForce.tz;
      setTimeZone(inForce.tz);
      this.#inForce = inForce;
    }
    if (settings !== this.#lastSent) return; // an older change; a newer one is on its way
    const errors = ok ? [] : (error?.errors?.length ? error.errors : [{ rule: null, path: null, params: {}, message: String(error?.message ?? error ?? '') }]);
    if (this.#importing && settings === this.#importing.doc) {
      const { file } = this.#importing;
      this.#importing = null;
      if (ok) {
        // The imported file as the core read it: every key present, defaults for the ones it lacks.
        this.#settings = structuredClone(inForce);
        this.#coreErrors = [];
        this.#renderForm();
        this.#saveApplied('settings.import.done', { file });
      } else {
        // Nothing changed: the form keeps its document, the engine its settings.
        this.#setStatus('settings.import.bad', { file }, errors);
      }
      return;
    }
    if (ok) {
      this.#coreErrors = [];
      this.#saveApplied();
    } else {
      this.#coreErrors = errors;
      const placed = errors.every((e) => this.#fieldForPath(e.path));
      this.#setStatus(placed ? 'settings.status.invalid' : 'settings.status.rejected', {}, placed ? [] : errors.filter((e) => !this.#fieldForPath(e.path)));
    }
    this.#showErrors();
  }

  /** After the core took the document: saved in this browser (forgotten when it is the defaults). */
  #saveApplied(key = null, params = {}) {
    const isDefault = Boolean(this.#inForce && this.#defaults && same(this.#inForce, this.#defaults));
    if (isDefault) forget();
    const saved = isDefault || save(this.#settings);
    this.#setStatus(key ?? (isDefault ? 'settings.status.defaults' : saved ? 'settings.status.saved' : 'settings.status.unsaved'), params);
  }

  /** The form field a core error's JSON pointer names (settings-model.mjs fieldForPath). */
  #fieldForPath(path) {
    const fields = [...(this.#body?.querySelectorAll('[data-field]') ?? [])].map((e) => e.dataset.field);
    return fieldForPath(path, fields) ?? (path === null ? this.#lastField : null);
  }

  /** A core error in the user's language: the strings table's text of its rule, else its message. */
  #errorText(error) {
    return error.rule ? message(error.rule, error.params ?? {}, language()) : String(error.message ?? error.code ?? '');
  }

  #statusText() {
    const { key, params, errors } = this.#status;
    if (!key) return '';
    const list = errors.map((e) => `${e.path ? `${e.path}: ` : ''}${this.#errorText(e)}`).join('; ');
    return t(key, { ...params, message: list });
  }

  #setStatus(key, params = {}, errors = []) {
    this.#status = { key, params, errors };
    if (this.#button) this.#updateButton();
    if (this.#statusLine) {
      this.#statusLine.textContent = this.#statusText();
      this.#statusLine.dataset.kind = FAILED.has(key) ? 'error' : 'ok';
    }
  }

  /** Puts every message next to its field (aria-invalid on its controls). */
  #showErrors() {
    if (!this.#body) return;
    for (const slot of this.#body.querySelectorAll('.kpi-field-error')) { slot.textContent = ''; slot.hidden = true; }
    for (const input of this.#body.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
    for (const holder of this.#body.querySelectorAll('[data-invalid]')) holder.removeAttribute('data-invalid');
    const all = this.#coreErrors.map((e) => ({ field: this.#fieldForPath(e.path), text: this.#errorText(e) }));
    for (const { field, text } of all) {
      const holder = field ? this.#body.querySelector(`[data-field="${CSS.escape(field)}"]`) : null;
      if (!holder) continue;
      // The holder's own slot, not one of a field nested in it.
      const slot = [...holder.querySelectorAll('.kpi-field-error')].find((e) => e.closest('[data-field]') === holder);
      if (!slot) continue;
      slot.textContent = slot.textContent ? `${slot.textContent} ${text}` : text;
      slot.hidden = false;
      holder.dataset.invalid = '';
      for (const input of holder.querySelectorAll('input, select, textarea')) {
        if (input.closest('[data-field]') === holder) input.setAttribute('aria-invalid', 'true');
      }
    }
  }

  // ---- import, export, reset ----------------------------------------------

  #export() {
    saveBlob(EXPORT_NAME, new Blob([exportText(this.#settings)], { type: 'application/json' }));
  }

  /**
   * Import: the core reads the file as a whole settings document. Anything it cannot take (not
   * JSON: a CSV, a picture; JSON of another shape: a report, a mapping preset; a bad field) is
   * named in the status line in the user's language and changes nothing (docs/web.md).
   */
  async #import(file) {
    if (!this.#settings) return;
    this.open();
    if (file.size > MAX_IMPORT_BYTES) {
      this.#setStatus('settings.import.too_large', { file: file.name });
      return;
    }
    let text;
    try {
      text = await file.text();
    } catch (e) {
      this.#setStatus('settings.import.bad', { file: file.name }, [{ rule: null, path: null, params: {}, message: e.message }]);
      return;
    }
    let tz = null; // only to know whether the files must be read again in another zone
    try { tz = JSON.parse(text)?.tz ?? null; } catch { /* the core names what is wrong */ }
    this.#importing = { file: file.name, doc: text };
    this.#setStatus('settings.status.pending');
    this.#send(text, typeof tz === 'string' ? tz : null);
  }

  #reset() {
    if (!globalThis.confirm(t('settings.reset.confirm'))) return;
    this.#settings = structuredClone(this.#defaults);
    this.#lastField = null;
    this.#renderForm();
    this.#commit();
  }

  // ---- the form ------------------------------------------------------------

  /** Stage, manager and source names of the report, plus a key that changes when any does. */
  #lists() {
    const report = this.#report;
    const stages = [];
    const seen = new Set();
    for (const row of report?.stages ?? []) {
      const folded = foldCase(row.stage);
      if (!seen.has(folded)) { seen.add(folded); stages.push(row.stage); }
    }
    const managers = (report?.managers ?? []).map((m) => m.name).filter(Boolean);
    const sources = (report?.groups?.source ?? []).map((s) => s.name).filter(Boolean);
    return { stages, managers, sources, key: JSON.stringify([stages, managers, sources]) };
  }

  #renderForm() {
    if (!this.#dialog) return;
    const lists = this.#lists();
    this.#listsKey = lists.key;
    const scrollTop = this.#body?.scrollTop ?? 0;
    this.#body = h('div', { class: 'kpi-settings-body' },
      h('p', { class: 'kpi-muted kpi-settings-intro' }, t('settings.intro')),
      this.#periodSection(),
      this.#roleSection(),
      this.#normsSection(),
      this.#slaSection(),
      this.#sourcesSection(lists),
      this.#stagesSection(lists),
      this.#calendarSection(),
      this.#plansSection(lists),
      this.#motivationSection(lists));
    this.#statusLine = h('p', { class: 'kpi-settings-status', role: 'status', 'aria-live': 'polite', 'data-settings-status': '' });
    const closeButton = h('button', { type: 'button', class: 'kpi-settings-close', 'aria-label': t('settings.close'), 'data-action': 'close-settings' }, '×');
    closeButton.addEventListener('click', () => this.close());
    const button = (action, label, onClick, extra = {}) => {
      const b = h('button', { type: 'button', class: 'kpi-button', 'data-action': action, ...extra }, label);
      b.addEventListener('click', onClick);
      return b;
    };
    const footer = h('footer', { class: 'kpi-settings-footer' },
      this.#statusLine,
      h('div', { class: 'kpi-settings-actions' },
        button('settings-export', t('settings.export'), () => this.#export()),
        button('settings-import', t('settings.import'), () => this.#fileInput.click()),
        button('settings-reset', t('settings.reset'), () => this.#reset(), { class: 'kpi-button kpi-button-quiet' })),
    );
    this.#dialog.replaceChildren(
      h('header', { class: 'kpi-settings-head' }, h('h2', { id: 'kpi-settings-title', class: 'kpi-section-title' }, t('settings.title')), closeButton),
      this.#body, footer);
    this.#body.scrollTop = scrollTop;
    this.#setStatus(this.#status.key, this.#status.params, this.#status.errors);
    this.#showErrors();
  }

  /**
   * A labelled control with an error slot: `data-field` names the settings key it edits
   * (the id validation and the core's messages are matched against).
   */
  #field(field, label, control, { unit = null, hint = null, wide = false } = {}) {
    const id = `kpi-set-${++fieldCounter}`;
    control.id = id;
    const errorId = `${id}-error`;
    control.setAttribute('aria-describedby', errorId);
    return h('div', { class: `kpi-field${wide ? ' kpi-field-wide' : ''}`, 'data-field': field },
      h('label', { for: id, class: 'kpi-field-label' }, label),
      h('div', { class: 'kpi-field-control' }, control, unit ? h('span', { class: 'kpi-field-unit' }, unit) : null),
      hint ? h('p', { class: 'kpi-field-hint' }, hint) : null,
      h('p', { class: 'kpi-field-error', id: errorId, hidden: true }));
  }

  /** A number input; `onValue(next, value)` stores the parsed value (null when empty). */
  #number(field, value, onValue, { min = null, max = null, step = 'any', placeholder = null, label = null } = {}) {
    const input = h('input', {
      type: 'number', inputmode: 'decimal', step, min, max, placeholder,
      value: typeof value === 'number' && Number.isFinite(value) ? String(value) : '', 'data-input': field, 'aria-label': label,
    });
    input.addEventListener('change', () => {
      const v = numberOrNull(input);
      this.#change(field, (next) => onValue(next, v));
    });
    return input;
  }

  #percent(field, share, onShare, options = {}) {
    return this.#number(field, toPercent(share), (next, v) => onShare(next, v === null ? null : fromPercent(v)),
      { min: 0, max: 100, step: 'any', ...options });
  }

  /**
   * A date field in the page language's convention (ru 31.03.2026, en Mar 31, 2026; issue 10):
   * shown by dateText, read back to ISO by parseDateText; text that is no date goes to the
   * core as typed, whose message then names the field. A value with an offset stays as written.
   */
  #date(field, value, onValue, { inclusive = false, withTime = false, label = null } = {}) {
    const shown = inclusive ? inclusiveEnd(value) : value;
    const lang = language();
    const input = h('input', {
      type: 'text', autocomplete: 'off', spellcheck: 'false',
      value: dateText(typeof shown === 'string' ? shown : '', lang), placeholder: datePattern(lang, withTime),
      'data-input': field, 'data-date': typeof shown === 'string' ? shown : '', 'aria-label': label, class: 'kpi-date-input',
    });
    input.addEventListener('change', () => {
      const typed = input.value.trim();
      const parsed = typed ? parseDateText(typed, lang) : null;
      if (parsed) input.value = dateText(parsed, lang); // "3/30/2026" reads back as "Mar 30, 2026"
      let v = parsed ?? (typed || null);
      if (v && inclusive) v = exclusiveEnd(v);
      this.#change(field, (next) => onValue(next, v));
    });
    return input;
  }

  #select(field, value, options, onValue, { label = null, redraw = false } = {}) {
    const select = h('select', { 'data-input': field, 'aria-label': label },
      ...options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
    select.addEventListener('change', () => this.#change(field, (next) => onValue(next, select.value), { redraw }));
    return select;
  }

  #section(id, title, ...children) {
    return h('section', { class: 'kpi-settings-section', 'data-section': id },
      h('h3', { class: 'kpi-settings-section-title' }, title), ...children);
  }

  /** What the current report used: its period and "now" (the defaults when the fields are empty). */
  #periodHintText() {
    const r = this.#report;
    if (!r?.as_of) return '';
    // In the settings' zone, where the dates in the fields are read (not the browser's).
    const format = (instant, withTime, shift = 0) => {
      if (!instant) return '—';
      const options = withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' };
      try {
        return new Intl.DateTimeFormat(locale(), { ...options, timeZone: this.#settings.tz }).format(new Date(Date.parse(instant) + shift));
      } catch {
        return formatInstant(instant, { withTime });
      }
    };
    return t('settings.period.hint', {
      period: `${format(r.period?.from, false)} – ${format(r.period?.to, false, -1000)}`, // [from, to): the last second inside
      as_of: format(r.as_of, true),
    });
  }

  #periodSection() {
    const s = this.#settings;
    this.#periodHint = h('p', { class: 'kpi-field-hint', 'data-period-hint': '' }, this.#periodHintText());
    return this.#section('period', t('settings.section.period'),
      h('div', { class: 'kpi-field-grid' },
        this.#field('from', t('settings.from'), this.#date('from', s.from, (n, v) => { n.from = v; })),
        this.#field('to', t('settings.to'), this.#date('to', s.to, (n, v) => { n.to = v; }, { inclusive: true })),
        this.#field('as_of', t('settings.as_of'), this.#date('as_of', s.as_of, (n, v) => { n.as_of = v; }, { withTime: true }))),
      this.#periodHint);
  }

  /**
   * The role KPI sets (issue 11): one click sets the settings' `role` (the core then names the
   * matrix columns and board tiles in report.layout) and the preset's norms, all from the
   * core's table (engine.form().rolePresets); the norms stay editable below.
   */
  #roleSection() {
    if (!this.#rolePresets.length) return null;
    const current = this.#settings.role;
    const buttons = this.#rolePresets.map((preset) => {
      const b = h('button', {
        type: 'button', class: 'kpi-button kpi-role-button', 'data-role': preset.role, 'aria-pressed': String(preset.role === current),
      }, message(`ROLE_${preset.role}`, {}, language()));
      b.addEventListener('click', () => this.#change('role', (next) => {
        next.role = preset.role;
        next.norms = { ...next.norms, ...structuredClone(preset.norms) };
      }, { redraw: true }));
      return b;
    });
    return this.#section('role', t('settings.section.role'),
      h('div', { class: 'kpi-role-buttons', role: 'group', 'aria-label': t('settings.section.role'), 'data-field': 'role' }, ...buttons),
      h('p', { class: 'kpi-field-hint' }, t('settings.role.hint')));
  }

  /**
   * The fields of one section of the core's schema (settings_schema_json: path, type, unit,
   * min, max, step), in its order: a number, or a [low, high] pair of two. The label is the
   * strings table's `settings.field.<path>`; shares are shown in percent (points for a change).
   */
  #schemaFields(section) {
    return this.#schema.filter((spec) => spec.section === section && spec.type !== 'choice').map((spec) => {
      const field = spec.path.slice(1).replaceAll('/', '.');
      const keys = field.split('.');
      const get = (doc) => keys.reduce((o, k) => o?.[k], doc);
      const set = (doc, v) => { keys.slice(0, -1).reduce((o, k) => (o[k] ??= {}), doc)[keys.at(-1)] = v; };
      const shares = spec.unit === 'share' || spec.unit === 'share_change';
      const unitKey = { share: 'percent', share_change: 'pp', min: 'min', s: 's', days: 'days' }[spec.unit];
      const unit = unitKey ? t(`settings.unit.${unitKey}`) : null;
      const scale = (v) => (v === undefined || v === null || !shares ? v : v * 100);
      const input = (name, value, store, label = null) => (shares
        ? this.#percent(name, value, store, { min: scale(spec.min), max: scale(spec.max), label })
        : this.#number(name, value, store, { min: spec.min ?? null, max: spec.max ?? null, step: spec.step ?? 'any', label }));
      if (spec.type !== 'pair') return this.#field(field, t(`settings.field.${field}`), input(field, get(this.#settings), set), { unit });
      const pair = get(this.#settings);
      return h('div', { class: 'kpi-field', 'data-field': field },
        h('span', { class: 'kpi-field-label' }, t(`settings.field.${field}`)),
        h('div', { class: 'kpi-field-pair' }, ...[0, 1].map((side) => this.#field(`${field}.${side}`, t(side ? 'settings.pair.high' : 'settings.pair.low'),
          input(`${field}.${side}`, Array.isArray(pair) ? pair[side] : null, (next, v) => {
            const both = [...(get(next) ?? [null, null])];
            both[side] = v;
            set(next, both);
          }), { unit }))),
        h('p', { class: 'kpi-field-error', hidden: true }));
    });
  }

  #normsSection() {
    return this.#section('norms', t('settings.section.norms'), h('div', { class: 'kpi-field-grid' }, ...this.#schemaFields('norms')));
  }

  #slaSection() {
    return this.#section('sla', t('settings.section.sla'), h('div', { class: 'kpi-field-grid' }, ...this.#schemaFields('sla')),
      h('p', { class: 'kpi-field-hint' }, t('settings.sla.hint')));
  }

  /** Asks the core which class each source name gets by itself, then draws the form again. */
  #fetchClasses(names) {
    const missing = names.filter((n) => !this.#classes.has(n));
    if (!missing.length || !this.#client) return;
    for (const name of missing) this.#classes.set(name, null); // asked once
    this.#client.leadClasses(missing).then((classes) => {
      for (const [name, { auto }] of Object.entries(classes)) this.#classes.set(name, auto);
      if (this.#dialog?.open) this.#renderForm();
    }, () => {});
  }

  /** The lead classes: the core's, as its schema names their first-response norms (/norms/frt_min/<class>). */
  #leadClasses() {
    return this.#schema.filter((spec) => spec.path.startsWith('/norms/frt_min/')).map((spec) => spec.path.split('/').pop());
  }

  #sourcesSection({ sources }) {
    const mapping = isObject(this.#settings.source_classes) ? this.#settings.source_classes : {};
    const inData = new Set(sources.map(foldCase));
    const extra = Object.keys(mapping).filter((name) => !inData.has(foldCase(name)));
    this.#fetchClasses([...sources, ...extra]);
    const rows = [...sources, ...extra].map((source) => {
      const key = Object.keys(mapping).find((name) => foldCase(name) === foldCase(source));
      const value = key === undefined ? '' : mapping[key];
      const cls = this.#classes.get(source); // the class the core's keywords give this name
      const auto = cls ? t('settings.class.auto', { cls: t(`settings.class.${cls}`).toLowerCase() }) : t('settings.class.auto_pending');
      const field = `source_classes.${source}`;
      const select = this.#select(field, value, [['', auto], ...this.#leadClasses().map((c) => [c, t(`settings.class.${c}`)])],
        (next, v) => {
          for (const name of Object.keys(next.source_classes ?? {})) {
            if (foldCase(name) === foldCase(source)) delete next.source_classes[name];
          }
          if (v) next.source_classes = { ...(next.source_classes ?? {}), [key ?? source]: v };
        }, { label: source });
      return h('tr', { 'data-field': field, 'data-source': source },
        h('th', { scope: 'row' }, source, extra.includes(source) ? h('span', { class: 'kpi-field-hint kpi-inline-hint' }, ` (${t('settings.sources.not_in_data')})`) : null),
        h('td', {}, select, h('p', { class: 'kpi-field-error', hidden: true })));
    });
    return this.#section('sources', t('settings.section.sources'),
      rows.length ? h('table', { class: 'kpi-settings-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('settings.sources.source')), h('th', { scope: 'col' }, t('settings.sources.class')))),
        h('tbody', {}, ...rows)) : h('p', { class: 'kpi-muted' }, t('settings.sources.empty')),
      h('p', { class: 'kpi-field-hint' }, t('settings.sources.hint')));
  }

  #stagesSection({ stages }) {
    const days = isObject(this.#settings.stage_control_days) ? this.#settings.stage_control_days : {};
    const inData = new Set(stages.map(foldCase));
    // A stage the data does not have is listed only when the user set it: the core's
    // default periods name stages in both languages, and a Russian dataset needs no
    // "Qualification" row (nor an English one «Квалификация»).
    const defaults = isObject(this.#defaults?.stage_control_days) ? this.#defaults.stage_control_days : {};
    const extra = Object.keys(days).filter((name) => name !== 'default' && !inData.has(foldCase(name)) && days[name] !== defaults[name]);
    const unit = t('settings.unit.days');
    const row = (stage) => {
      const key = Object.keys(days).filter((name) => name !== 'default' && foldCase(name) === foldCase(stage)).pop();
      const field = `stage_control_days.${key ?? stage}`;
      const input = this.#number(field, key === undefined ? null : days[key], (next, v) => {
        const names = Object.keys(next.stage_control_days).filter((name) => name !== 'default' && foldCase(name) === foldCase(stage));
        for (const name of names) delete next.stage_control_days[name];
        if (v !== null) next.stage_control_days[key ?? stage] = v;
      }, { min: 0, placeholder: String(days.default ?? ''), label: stage });
      return h('tr', { 'data-field': field, 'data-stage': stage },
        h('th', { scope: 'row' }, stage, extra.includes(stage) ? h('span', { class: 'kpi-field-hint kpi-inline-hint' }, ` (${t('settings.sources.not_in_data')})`) : null),
        h('td', {}, h('div', { class: 'kpi-field-control' }, input, h('span', { class: 'kpi-field-unit' }, unit)),
          h('p', { class: 'kpi-field-error', hidden: true })));
    };
    return this.#section('stages', t('settings.section.stages'),
      h('div', { class: 'kpi-field-grid' }, ...this.#schemaFields('stages')),
      h('table', { class: 'kpi-settings-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('settings.stages.stage')), h('th', { scope: 'col' }, t('settings.stages.days')))),
        h('tbody', {}, ...[...stages, ...extra].map(row))),
      h('p', { class: 'kpi-field-hint' }, t('settings.stages.hint')));
  }

  /** The CRM account's address (issue 10): deal ids on the page become links to the deal. The core checks it. */
  #crmAccountField() {
    const input = h('input', {
      type: 'text', inputmode: 'url', autocomplete: 'off', spellcheck: 'false', placeholder: 'example.amocrm.ru',
      value: this.#settings.crm_account ?? '', 'data-input': 'crm_account',
    });
    input.addEventListener('change', () => this.#change('crm_account', (next) => { next.crm_account = input.value.trim(); }));
    return this.#field('crm_account', t('settings.crm_account'), input, { hint: t('settings.crm_account.hint'), wide: true });
  }

  #calendarSection() {
    const s = this.#settings;
    const custom = isObject(s.calendar);
    const zones = timeZones(s.tz);
    const tz = this.#select('tz', s.tz, zoneLabels(zones, locale()), (next, v) => { next.tz = v; });
    // A rule between the zones offered first and the rest.
    const separator = tz.querySelector?.(`option[value="${CSS.escape(zones.rest[0] ?? '')}"]`);
    if (separator) separator.before(h('option', { disabled: true, value: '' }, '──────────'));
    const preset = this.#select('calendar', custom ? 'custom' : s.calendar,
      [...(this.fieldSchema('/calendar')?.choices ?? []), 'custom'].map((p) => [p, t(`settings.calendar.${p}`)]),
      (next, v) => { next.calendar = v === 'custom' ? structuredClone(this.#starts.calendar) : v; }, { redraw: true });
    const parts = [h('div', { class: 'kpi-field-grid kpi-field-grid-calendar' },
      this.#field('tz', t('settings.tz'), tz), this.#field('calendar', t('settings.calendar'), preset),
      this.#crmAccountField())];
    if (custom) {
      const hours = { ...this.#starts.calendar.hours, ...(isObject(s.calendar.hours) ? s.calendar.hours : {}) };
      const workday = this.#starts.calendar.hours.mon; // the hours a day gets when it is made a working one
      const dayRow = (day) => {
        const span = hours[day];
        const working = Array.isArray(span);
        const field = `calendar.hours.${day}`;
        const setSpan = (next, value) => { next.calendar.hours = { ...(next.calendar.hours ?? {}), [day]: value }; };
        const check = h('input', { type: 'checkbox', checked: working, 'data-input': `${field}.working`, 'aria-label': `${t(`day.${day}`)}: ${t('settings.calendar.working')}` });
        check.addEventListener('change', () => this.#change(field, (next) => setSpan(next, check.checked ? [...workday] : null), { redraw: true }));
        const time = (i) => {
          const input = h('input', { type: 'time', value: working ? span[i] ?? '' : '', disabled: !working, 'data-input': `${field}.${i}`,
            'aria-label': `${t(`day.${day}`)}: ${t(i === 0 ? 'settings.calendar.start' : 'settings.calendar.end')}` });
          input.addEventListener('change', () => this.#change(field, (next) => {
            const current = [...(Array.isArray(next.calendar.hours?.[day]) ? next.calendar.hours[day] : workday)];
            current[i] = input.value;
            setSpan(next, current);
          }));
          return input;
        };
        return h('tr', { 'data-field': field, 'data-day': day },
          h('th', { scope: 'row' }, t(`day.${day}`)),
          h('td', {}, check), h('td', {}, time(0)), h('td', {}, time(1), h('p', { class: 'kpi-field-error', hidden: true })));
      };
      const dates = (list) => {
        const field = `calendar.${list}`;
        const values = Array.isArray(s.calendar[list]) ? s.calendar[list] : [];
        const area = h('textarea', { rows: 3, 'data-input': field, spellcheck: 'false' });
        area.value = values.join('\n');
        area.addEventListener('change', () => this.#change(field, (next) => {
          next.calendar[list] = area.value.split(/[\s,;]+/).map((d) => d.trim()).filter(Boolean);
        }));
        return this.#field(field, t(`settings.calendar.${list}`), area, { wide: true });
      };
      parts.push(
        h('div', { class: 'kpi-settings-scroll' }, h('table', { class: 'kpi-settings-table kpi-settings-week' },
          h('thead', {}, h('tr', {}, ...['day', 'working', 'start', 'end'].map((k) => h('th', { scope: 'col' }, t(`settings.calendar.${k}`))))),
          h('tbody', {}, ...Object.keys(this.#starts.calendar.hours).map(dayRow)))),
        h('div', { class: 'kpi-field-grid' }, dates('holidays'), dates('workdays')));
    }
    parts.splice(1, 0, h('p', { class: 'kpi-field-hint' }, t('settings.tz.hint')));
    return this.#section('calendar', t('settings.section.calendar'), ...parts);
  }

  /** The period a new plan gets: the month of the report's "now" in the settings' zone. */
  #newPlanPeriod() {
    const plans = Array.isArray(this.#settings.plans) ? this.#settings.plans : [];
    const last = plans[plans.length - 1];
    if (last?.from && last?.to) return { from: last.from, to: last.to };
    return monthOf(localDate(this.#report?.as_of, this.#settings.tz) ?? undefined);
  }

  #plansSection({ managers }) {
    const plans = Array.isArray(this.#settings.plans) ? this.#settings.plans : [];
    const row = (plan, i) => {
      const owners = [['', t('settings.plans.team')], ...managers.map((m) => [m, m])];
      const owner = plan?.owner ?? '';
      if (owner && owner !== 'team' && !managers.includes(owner)) owners.push([owner, owner]);
      const set = (key) => (next, v) => { next.plans[i][key] = v; };
      const remove = h('button', { type: 'button', class: 'kpi-icon-button', 'aria-label': t('settings.plans.remove'), title: t('settings.plans.remove'), 'data-action': 'remove-plan' }, '×');
      remove.addEventListener('click', () => this.#change('plans', (next) => { next.plans.splice(i, 1); }, { redraw: true }));
      const cell = (key, control) => h('td', { 'data-field': `plans.${i}.${key}` }, control, h('p', { class: 'kpi-field-error', hidden: true }));
      return h('tr', { 'data-plan': String(i), 'data-owner': owner },
        cell('owner', this.#select(`plans.${i}.owner`, owner === 'team' ? '' : owner, owners, set('owner'), { label: t('settings.plans.owner') })),
        cell('from', this.#date(`plans.${i}.from`, plan?.from, set('from'), { label: t('settings.plans.from') })),
        cell('to', this.#date(`plans.${i}.to`, plan?.to, set('to'), { inclusive: true, label: t('settings.plans.to') })),
        cell('revenue', this.#number(`plans.${i}.revenue`, plan?.revenue, set('revenue'), {
          min: 0, step: 1000, label: t('settings.plans.revenue'), placeholder: isDraftPlan(plan) ? t('settings.plans.draft') : null,
        })),
        cell('won_count', this.#number(`plans.${i}.won_count`, plan?.won_count, (next, v) => {
          if (v === null) delete next.plans[i].won_count; else next.plans[i].won_count = v;
        }, { min: 0, step: 1, label: t('settings.plans.won_count') })),
        h('td', {}, remove));
    };
    const add = h('button', { type: 'button', class: 'kpi-button', 'data-action': 'add-plan' }, t('settings.plans.add'));
    add.addEventListener('click', () => {
      const period = this.#newPlanPeriod();
      this.#change('plans', (next) => { next.plans = [...(next.plans ?? []), { owner: '', ...period, revenue: null }]; }, { redraw: true });
    });
    const addAll = h('button', { type: 'button', class: 'kpi-button', 'data-action': 'add-plans-all', disabled: managers.length === 0 }, t('settings.plans.add_all'));
    addAll.addEventListener('click', () => {
      const period = this.#newPlanPeriod();
      this.#change('plans', (next) => {
        const have = new Set((next.plans ?? []).map((p) => foldCase(p.owner ?? '')));
        next.plans = [...(next.plans ?? []), ...managers.filter((m) => !have.has(foldCase(m))).map((m) => ({ owner: m, ...period, revenue: null }))];
      }, { redraw: true });
    });
    const cols = ['owner', 'from', 'to', 'revenue', 'won_count'];
    return this.#section('plans', t('settings.section.plans'),
      h('p', { class: 'kpi-field-hint' }, t('settings.plans.hint')),
      h('div', { 'data-field': 'plans' },
        plans.length ? h('div', { class: 'kpi-settings-scroll' }, h('table', { class: 'kpi-settings-table kpi-settings-plans' },
          h('thead', {}, h('tr', {}, ...cols.map((c) => h('th', { scope: 'col' }, t(`settings.plans.${c}`))), h('th', {}))),
          h('tbody', {}, ...plans.map(row)))) : h('p', { class: 'kpi-muted' }, t('settings.plans.empty')),
        h('p', { class: 'kpi-field-error', hidden: true })),
      h('div', { class: 'kpi-settings-row-actions' }, add, addAll, ...this.#planImportControls()),
      this.#planImportReport());
  }

  /** "Import from CSV or Excel…": a button and its file input. */
  #planImportControls() {
    const input = h('input', { type: 'file', accept: '.csv,.txt,.xlsx,text/csv', hidden: true, tabindex: -1, 'data-plans-import-file': '' });
    input.addEventListener('change', () => {
      const [file] = input.files;
      input.value = '';
      if (file) this.#importPlans(file);
    });
    const button = h('button', { type: 'button', class: 'kpi-button', 'data-action': 'import-plans', title: t('settings.plans.import.title') },
      t('settings.plans.import'));
    button.addEventListener('click', () => input.click());
    return [button, input];
  }

  /**
   * Reads a plan table (CSV in any encoding the core reads, or XLSX: the sheet that looks like a
   * plan, or the one the user picks), adds its plans (replacing a manager's plan for the same
   * period) and keeps what was wrong, line by line.
   */
  async #importPlans(file, { bytes = null, sheet = null } = {}) {
    const data = bytes ?? new Uint8Array(await file.arrayBuffer());
    let result;
    try {
      result = await this.#client.planTable(data, sheet ?? ''); // the core reads it, in the worker
    } catch (e) {
      result = { plans: [], errors: [{ line: null, code: 'PLAN_IMPORT_UNREADABLE', params: { reason: e?.message ?? String(e) } }], sheets: [] };
    }
    this.#planImport = { file: file.name, imported: result.plans.length, errors: result.errors, sheet: result.sheet, sheets: result.sheets, bytes: data };
    if (result.plans.length) this.#change('plans', (next) => { next.plans = mergePlans(next.plans, result.plans); }, { redraw: true });
    else this.#renderForm();
  }

  /** A workbook of several sheets: which one was read, and a choice of another (issue 10). */
  #planSheetChoice(last) {
    if (!last.sheets || last.sheets.length < 2) return null;
    const select = h('select', { 'data-plan-sheet': '' }, ...last.sheets.map((name) => h('option', { value: name, selected: name === last.sheet }, name)));
    select.addEventListener('change', () => this.#importPlans({ name: last.file }, { bytes: last.bytes, sheet: select.value }));
    return h('label', { class: 'kpi-field-hint kpi-plan-sheet' }, `${message('PLAN_IMPORT_SHEET', { n: last.sheets.length }, language())} `, select);
  }

  /** What the last plan import did: how many plans, and each line that could not be read and why. */
  #planImportReport() {
    const last = this.#planImport;
    if (!last) return null;
    const column = (key) => t(`settings.plans.${key === 'won_count' ? 'won_count' : 'revenue'}`);
    const line = (e) => {
      const text = t(`settings.plans.import.${e.code}`, {
        ...e.params, column: e.params?.column ? column(e.params.column) : '',
        reason: e.params?.rule ? issueMessage({ rule: e.params.rule, params: e.params }, language()) : e.params?.reason,
        missing: (e.params?.missing ?? []).map((m) => t(`settings.plans.import.column.${m}`)).join(', '),
      });
      return h('li', { 'data-line': e.line ?? '', 'data-code': e.code }, e.line ? `${t('settings.plans.import.line', { n: e.line })}: ${text}` : text);
    };
    return h('div', { class: 'kpi-plan-import', 'data-plan-import': '', 'data-imported': String(last.imported), 'data-errors': String(last.errors.length) },
      h('p', { class: last.errors.length ? 'kpi-field-hint kpi-plan-import-warn' : 'kpi-field-hint' },
        tn('settings.plans.import.done', last.imported, { file: last.file })),
      this.#planSheetChoice(last),
      last.errors.length ? h('ul', { class: 'kpi-plan-import-errors' }, ...last.errors.map(line)) : null);
  }

  #motivationSection({ managers }) {
    const m = this.#settings.motivation;
    const enabled = isObject(m);
    const toggle = h('input', { type: 'checkbox', checked: enabled, 'data-input': 'motivation', id: 'kpi-set-motivation' });
    toggle.addEventListener('change', () => this.#change('motivation', (next) => {
      next.motivation = toggle.checked ? structuredClone(this.#starts.motivation) : null;
    }, { redraw: true }));
    const parts = [h('label', { class: 'kpi-checkbox', 'data-field': 'motivation' }, toggle, ' ', t('settings.motivation.enabled')),
      h('p', { class: 'kpi-field-hint' }, t('settings.motivation.hint'))];
    if (enabled) {
      const salary = m.base_salary;
      const perManager = isObject(salary) ? salary : {};
      const base = isObject(salary) ? salary.default : salary;
      const setSalary = (name) => (next, v) => {
        const current = isObject(next.motivation.base_salary) ? { ...next.motivation.base_salary } : { default: next.motivation.base_salary };
        if (v === null) delete current[name]; else current[name] = v;
        const names = Object.keys(current).filter((k) => k !== 'default');
        next.motivation.base_salary = names.length ? current : current.default ?? null;
      };
      const weights = isObject(m.weights) ? m.weights : { revenue: 1 };
      const setWeight = (key) => (next, v) => {
        next.motivation.weights = { revenue: 0, win_rate: 0, ...(isObject(next.motivation.weights) ? next.motivation.weights : { revenue: 1 }), [key]: v };
      };
      const steps = Array.isArray(m.steps) ? m.steps : [];
      const stepRow = (step, i) => {
        const remove = h('button', { type: 'button', class: 'kpi-icon-button', 'aria-label': t('settings.motivation.remove_step'), title: t('settings.motivation.remove_step'), 'data-action': 'remove-step' }, '×');
        remove.addEventListener('click', () => this.#change('motivation.steps', (next) => { next.motivation.steps.splice(i, 1); }, { redraw: true }));
        const setStep = (k) => (next, v) => { next.motivation.steps[i] = [...next.motivation.steps[i]]; next.motivation.steps[i][k] = v; };
        return h('tr', { 'data-step': String(i) },
          h('td', { 'data-field': `motivation.steps.${i}.0` }, h('div', { class: 'kpi-field-control' },
            this.#percent(`motivation.steps.${i}.0`, step?.[0], setStep(0), { max: null, label: t('settings.motivation.threshold') }),
            h('span', { class: 'kpi-field-unit' }, '%')), h('p', { class: 'kpi-field-error', hidden: true })),
          h('td', { 'data-field': `motivation.steps.${i}.1` }, h('div', { class: 'kpi-field-control' },
            this.#number(`motivation.steps.${i}.1`, step?.[1], setStep(1), { min: 0, label: t('settings.motivation.multiplier') })),
            h('p', { class: 'kpi-field-error', hidden: true })),
          h('td', {}, remove));
      };
      const addStep = h('button', { type: 'button', class: 'kpi-button', 'data-action': 'add-step' }, t('settings.motivation.add_step'));
      addStep.addEventListener('click', () => this.#change('motivation.steps', (next) => {
        const last = next.motivation.steps?.[next.motivation.steps.length - 1];
        const threshold = Array.isArray(last) && Number.isFinite(last[0]) ? Number((last[0] + 0.2).toPrecision(12)) : 0;
        next.motivation.steps = [...(next.motivation.steps ?? []), [threshold, Array.isArray(last) ? last[1] : 1]];
      }, { redraw: true }));
      const money = intl(Intl.NumberFormat, { maximumFractionDigits: 0 });
      parts.push(
        h('div', { class: 'kpi-field-grid' },
          this.#field('motivation.base_salary.default', t('settings.motivation.salary'),
            this.#number('motivation.base_salary.default', base, setSalary('default'), { min: 0, step: 1000 })),
          this.#field('motivation.weights.revenue', t('settings.motivation.weight_revenue'),
            this.#number('motivation.weights.revenue', weights.revenue ?? 0, setWeight('revenue'), { min: 0, step: 0.1 })),
          this.#field('motivation.weights.win_rate', t('settings.motivation.weight_win_rate'),
            this.#number('motivation.weights.win_rate', weights.win_rate ?? 0, setWeight('win_rate'), { min: 0, step: 0.1 })),
          ...bonusWeights({ // branch design: any METRICS key may weigh
            weights, catalogue: this.#report?.catalogue,
            field: (key, label) => this.#field(`motivation.weights.${key}`, label,
              this.#number(`motivation.weights.${key}`, weights[key] ?? 0, setWeight(key), { min: 0, step: 0.1 })),
            add: (key) => this.#change(`motivation.weights.${key}`, (next) => setWeight(key)(next, 1), { redraw: true }),
            remove: (key) => this.#change('motivation.weights', (next) => { delete next.motivation.weights[key]; }, { redraw: true }),
          })),
        h('div', { 'data-field': 'motivation.steps' },
          h('table', { class: 'kpi-settings-table kpi-settings-steps' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('settings.motivation.threshold')), h('th', { scope: 'col' }, t('settings.motivation.multiplier')), h('th', {}))),
            h('tbody', {}, ...steps.map(stepRow))),
          h('p', { class: 'kpi-field-error', hidden: true })),
        h('div', { class: 'kpi-settings-row-actions' }, addStep));
      this.#motivationResult = h('div', { class: 'kpi-settings-bonus', 'data-bonus-result': '' });
      this.#fillMotivationResult();
      parts.push(this.#motivationResult);
      if (managers.length) {
        parts.push(h('details', { class: 'kpi-settings-salaries' },
          h('summary', {}, t('settings.motivation.salaries')),
          h('table', { class: 'kpi-settings-table' }, h('tbody', {}, ...managers.map((name) => {
            const key = Object.keys(perManager).find((k) => k !== 'default' && foldCase(k) === foldCase(name)) ?? name;
            const field = `motivation.base_salary.${key}`;
            return h('tr', { 'data-field': field },
              h('th', { scope: 'row' }, name),
              h('td', {}, this.#number(field, perManager[key] ?? null, setSalary(key),
                { min: 0, step: 1000, placeholder: Number.isFinite(base) ? money.format(base) : '', label: name }),
              h('p', { class: 'kpi-field-error', hidden: true })));
          })))));
      }
    }
    else this.#motivationResult = null;
    this.#designResult = h('div', { class: 'kpi-design-check', 'data-design-check': '' });
    fillDesignCheck(this.#designResult, this.#report);
    parts.push(this.#designResult);
    return this.#section('motivation', t('settings.section.motivation'), ...parts);
  }

  /** The bonuses of the current report under the table that gives them (spec/kpi.md §7). */
  #fillMotivationResult() {
    const rows = this.#report?.motivation ?? [];
    if (this.#designResult) fillDesignCheck(this.#designResult, this.#report);
    if (!this.#motivationResult) return;
    if (!rows.length) {
      this.#motivationResult.replaceChildren();
      return;
    }
    const money = intl(Intl.NumberFormat, { maximumFractionDigits: 0 });
    const number = intl(Intl.NumberFormat, { maximumFractionDigits: 2 });
    const share = intl(Intl.NumberFormat, { style: 'percent', maximumFractionDigits: 1 });
    const value = (v, format) => (typeof v === 'number' && Number.isFinite(v) ? format.format(v) : '—');
    this.#motivationResult.replaceChildren(
      h('h4', { class: 'kpi-settings-subtitle' }, t('settings.motivation.result')),
      h('div', { class: 'kpi-settings-scroll' }, h('table', { class: 'kpi-settings-table kpi-settings-bonus-table' },
        h('thead', {}, h('tr', {}, ...['manager', 'attainment', 'multiplier', 'bonus'].map((k, i) => h('th', { scope: 'col', class: i ? 'kpi-num' : null }, t(`settings.motivation.col.${k}`))))),
        h('tbody', {}, ...rows.map((row) => h('tr', { 'data-manager': row.manager, 'data-bonus': row.bonus ?? '' },
          h('th', { scope: 'row' }, row.manager),
          h('td', { class: 'kpi-num' }, value(row.attainment, share)),
          h('td', { class: 'kpi-num' }, row.multiplier === null ? '—' : `×${value(row.multiplier, number)}`),
          h('td', { class: 'kpi-num' }, row.bonus === null ? h('span', { class: 'kpi-field-hint kpi-inline-hint' }, bonusReason(row) || '—') : value(row.bonus, money))))))));
  }
}

customElements.define('kpi-settings', KpiSettings);

/** Hands the saved settings to the engine before the first report (see app.mjs start()). */
export function restoreSettings(client) {
  return document.querySelector('kpi-settings')?.restore(client) ?? Promise.resolve();
}

