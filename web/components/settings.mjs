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
import { formatInstant, h, saveBlob, setTimeZone } from '../dom.mjs';
import { issueMessage, message } from '../engine/messages.mjs';
import {
  dateText, exclusiveEnd, exportText, fieldForPath, foldCase, forget, fromPercent, inclusiveEnd,
  isDraftPlan, loadSaved, mergePlans, monthOf, save, toPercent, withoutDraftPlans,
} from './settings-model.mjs';
import { bonusTable, bonusWeights, fillDesignCheck, recordNorms } from './design.mjs';

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

// The kinds of value the schema's fields take one by one (its lists and tables: map, table, zone, date_list).
const VALUE_TYPES = new Set(['number', 'integer', 'pair', 'date', 'date_time']);
const UNIT_KEYS = { share: 'percent', share_change: 'pp', min: 'min', s: 's', days: 'days' };
/** The unit the form shows beside a value of the schema's `unit` (none for money and counts). */
const unitText = (spec) => (UNIT_KEYS[spec.unit] ? t(`settings.unit.${UNIT_KEYS[spec.unit]}`) : null);

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
 * The zones offered, as [value, label, disabled] options: first the one in force, the browser's
 * own (Intl) and Russia's, by name and offset (the zone's id where two would read the same); a
 * rule; then every other IANA zone the browser knows (plus UTC, which Chromium leaves out of the
 * list), sorted, by id (naming hundreds of zones through Intl costs seconds).
 */
function zoneOptions(current, lang, own = Intl.DateTimeFormat().resolvedOptions().timeZone) {
  let zones = [];
  try { zones = Intl.supportedValuesOf('timeZone'); } catch { /* old browser: the current zone only */ }
  const first = [...new Set([current, own, ...RUSSIAN_ZONES].filter(Boolean))];
  const rest = [...new Set(['UTC', ...zones])].filter((z) => !first.includes(z)).sort();
  const names = first.map((z) => zoneName(z, lang));
  const twice = (name) => names.indexOf(name) !== names.lastIndexOf(name);
  return [...first.map((z, i) => [z, twice(names[i]) ? `${names[i]} — ${z.replaceAll('_', ' ')}` : names[i]]),
    ...(rest.length ? [['', '──────────', true]] : []), ...rest.map((z) => [z, z.replaceAll('_', ' ')])];
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

/** `element` with `handler` listening for `type` on it. */
function on(element, type, handler) {
  element.addEventListener(type, handler);
  return element;
}

/** A button (`type="button"`) that runs `onClick`. */
const button = (attributes, label, onClick) => on(h('button', { type: 'button', ...attributes }, ...[label].flat()), 'click', onClick);

/** The × that takes a row out of a table. */
function removeButton(action, label, onClick) {
  return button({ class: 'kpi-icon-button', 'aria-label': label, title: label, 'data-action': action }, '×', onClick);
}

/** The slot a field's error is written to (showErrors). */
const errorSlot = () => h('p', { class: 'kpi-field-error', hidden: true });

/** A hidden file input that hands the file chosen to `onFile` (and can choose the same file again). */
function fileInput(attributes, onFile) {
  return on(h('input', { type: 'file', hidden: true, tabindex: -1, ...attributes }), 'change', ({ target }) => {
    const [file] = target.files;
    target.value = '';
    if (file) onFile(file);
  });
}

/** The value at `keys` (a JSON pointer's keys) in `doc`, and setting it (making the objects on the way). */
const getAt = (doc, keys) => keys.reduce((o, k) => o?.[k], doc);
const setAt = (doc, keys, v) => { keys.slice(0, -1).reduce((o, k) => (o[k] ??= {}), doc)[keys.at(-1)] = v; };

/**
 * Sets the map at `keys` (sources' classes, stages' periods, managers' salaries) to `value` for
 * `name` under the key `entry` (the one it has, whatever its case) or `name`; null takes every
 * spelling of the name out. The salaries are a bare number (their `default`) while no manager
 * has one of their own.
 */
function setNamed(doc, keys, name, entry, value) {
  const old = getAt(doc, keys);
  const map = isObject(old) ? { ...old } : { default: old };
  for (const k of Object.keys(map)) if (k !== 'default' && foldCase(k) === foldCase(name)) delete map[k];
  if (value !== null) map[entry ?? name] = value;
  const bare = keys.join('.') === 'motivation.base_salary' && !Object.keys(map).some((k) => k !== 'default');
  setAt(doc, keys, bare ? map.default ?? null : map);
}

/** A settings table: its column heads (texts, '' for a head with no text, or <th> nodes) over `rows`. */
function table(kind, heads, rows) {
  const head = (text) => (typeof text !== 'string' ? text : text ? h('th', { scope: 'col' }, text) : h('th', {}));
  return h('table', { class: kind ? `kpi-settings-table ${kind}` : 'kpi-settings-table' },
    h('thead', {}, h('tr', {}, ...heads.map(head))),
    h('tbody', {}, ...rows));
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

  connectedCallback() {
    if (this.#button) return;
    this.#button = button({ class: 'kpi-button kpi-settings-open', 'aria-haspopup': 'dialog' },
      [h('span', { class: 'kpi-settings-gear', 'aria-hidden': 'true' }), h('span', { class: 'kpi-settings-open-text' })], () => this.open());
    this.#dialog = on(h('dialog', { class: 'kpi-settings-panel', 'aria-labelledby': 'kpi-settings-title' }), 'click', (event) => {
      if (event.target === this.#dialog) this.#dialog.close(); // a click on the backdrop
    });
    this.#fileInput = fileInput({ accept: '.json,application/json', 'data-settings-import-file': '' }, (file) => this.#import(file));
    this.append(this.#button, this.#dialog, this.#fileInput);
    document.addEventListener('kpi-settings-applied', (event) => this.#onApplied(event.detail ?? {}));
    // One top-level key changed from elsewhere on the page, sent like any change: the board's period
    // switcher (components/period.mjs; `open` opens the panel), the stand-up's card count (issue 11).
    const setKey = (key, value) => {
      if (this.#settings && typeof key === 'string' && this.#settings[key] !== value) this.#change(key, (s) => { s[key] = value; });
    };
    document.addEventListener('kpi-period-change', ({ detail }) => {
      setKey('period_preset', detail?.period_preset);
      if (detail?.open) this.open();
    });
    document.addEventListener('kpi-setting-change', ({ detail }) => setKey(detail?.key, detail?.value));
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
      const unplaced = errors.filter((e) => !this.#fieldForPath(e.path)); // named in the status line
      this.#setStatus(unplaced.length ? 'settings.status.rejected' : 'settings.status.invalid', {}, unplaced);
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
    const all = (report?.stages ?? []).map((row) => row.stage); // a stage of several pipelines: once, as first spelled
    const stages = all.filter((stage, i) => all.findIndex((other) => foldCase(other) === foldCase(stage)) === i);
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
      this.#schemaSection('period', { hint: this.#periodHint = h('p', { class: 'kpi-field-hint', 'data-period-hint': '' }, this.#periodHintText()) }),
      this.#roleSection(),
      this.#schemaSection('norms'),
      this.#schemaSection('sla'),
      this.#sourcesSection(lists),
      this.#stagesSection(lists),
      this.#calendarSection(),
      this.#plansSection(lists),
      this.#motivationSection(lists));
    this.#statusLine = h('p', { class: 'kpi-settings-status', role: 'status', 'aria-live': 'polite', 'data-settings-status': '' });
    const closeButton = button({ class: 'kpi-settings-close', 'aria-label': t('settings.close'), 'data-action': 'close-settings' }, '×',
      () => this.close());
    const action = (name, label, onClick, kind = 'kpi-button') => button({ class: kind, 'data-action': name }, label, onClick);
    const footer = h('footer', { class: 'kpi-settings-footer' },
      this.#statusLine,
      h('div', { class: 'kpi-settings-actions' },
        action('settings-export', t('settings.export'), () => this.#export()),
        action('settings-import', t('settings.import'), () => this.#fileInput.click()),
        action('settings-reset', t('settings.reset'), () => this.#reset(), 'kpi-button kpi-button-quiet')),
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
    return on(h('input', {
      type: 'number', inputmode: 'decimal', step, min, max, placeholder,
      value: typeof value === 'number' && Number.isFinite(value) ? String(value) : '', 'data-input': field, 'aria-label': label,
    }), 'change', ({ target }) => {
      const v = numberOrNull(target);
      this.#change(field, (next) => onValue(next, v));
    });
  }

  #percent(field, share, onShare, options = {}) {
    return this.#number(field, toPercent(share), (next, v) => onShare(next, v === null ? null : fromPercent(v)),
      { min: 0, max: 100, step: 'any', ...options });
  }

  /**
   * A date field in the page language's convention (ru 31.03.2026, en Mar 31, 2026; issue 10):
   * shown by dateText, read back to ISO by the core (client.readDate, core/settings.h
   * read_typed_date); text that is no date goes to the core as typed, whose message then names
   * the field. A value with an offset stays as written.
   */
  #date(field, value, onValue, { inclusive = false, withTime = false, label = null } = {}) {
    const shown = inclusive ? inclusiveEnd(value) : value;
    const lang = language();
    return on(h('input', {
      type: 'text', autocomplete: 'off', spellcheck: 'false',
      value: dateText(typeof shown === 'string' ? shown : '', lang), placeholder: t(withTime ? 'settings.date_time.pattern' : 'settings.date.pattern'),
      'data-input': field, 'data-date': typeof shown === 'string' ? shown : '', 'aria-label': label, class: 'kpi-date-input',
    }), 'change', async ({ target: input }) => {
      const typed = input.value.trim();
      const parsed = typed ? await this.#client.readDate(typed, lang).catch(() => null) : null;
      if (parsed) input.value = dateText(parsed, lang); // "3/30/2026" reads back as "Mar 30, 2026"
      let v = parsed ?? (typed || null);
      if (v && inclusive) v = exclusiveEnd(v);
      this.#change(field, (next) => onValue(next, v));
    });
  }

  #select(field, value, options, onValue, { label = null, redraw = false } = {}) {
    return on(h('select', { 'data-input': field, 'aria-label': label },
      ...options.map(([v, text, disabled = false]) => h('option', { value: v, selected: v === value, disabled }, text))),
    'change', ({ target }) => this.#change(field, (next) => onValue(next, target.value), { redraw }));
  }

  #section(id, title, ...children) {
    return h('section', { class: 'kpi-settings-section', 'data-section': id },
      h('h3', { class: 'kpi-settings-section-title' }, title), ...children);
  }

  /** What the current report used: its period and "now" (the defaults when the fields are empty). */
  #periodHintText() {
    const r = this.#report;
    if (!r?.as_of) return '';
    // In the zone in force (formatInstant), the report's and the fields' (not the browser's); [from, to): its last instant.
    const date = (instant, exclusiveEnd = false) => formatInstant(instant, { withTime: false, exclusiveEnd });
    const period = `${date(r.period?.from)} – ${date(r.period?.to, true)}`;
    return t('settings.period.hint', { period, as_of: formatInstant(r.as_of, { withTime: true }) });
  }

  /**
   * The role KPI sets (issue 11): one click sets the settings' `role` (the core then names the
   * matrix columns and board tiles in report.layout) and the preset's norms, all from the
   * core's table (engine.form().rolePresets); the norms stay editable below.
   */
  #roleSection() {
    if (!this.#rolePresets.length) return null;
    const current = this.#settings.role;
    const buttons = this.#rolePresets.map((preset) => button({
      class: 'kpi-button kpi-role-button', 'data-role': preset.role, 'aria-pressed': String(preset.role === current),
    }, message(`ROLE_${preset.role}`, {}, language()), () => this.#change('role', (next) => {
      next.role = preset.role;
      next.norms = { ...next.norms, ...structuredClone(preset.norms) };
    }, { redraw: true })));
    return this.#section('role', t('settings.section.role'),
      h('div', { class: 'kpi-role-buttons', role: 'group', 'aria-label': t('settings.section.role'), 'data-field': 'role' }, ...buttons),
      h('p', { class: 'kpi-field-hint' }, t('settings.role.hint')));
  }

  /**
   * The control of one spec of the core's schema (settings_schema_json: a field, a table's
   * column, a map's value) editing `field`, showing `value`: a date (an exclusive end shown
   * inclusive), a list of dates (one a line), a zone, a choice (`options` [value, text] when its
   * names come from elsewhere), or a number with the spec's bounds (shares in percent).
   * `store(next, v)` keeps what was typed.
   */
  #control(spec, field, value, store, { label = null, placeholder = null, options = null } = {}) {
    if (spec.type === 'date' || spec.type === 'date_time') {
      return this.#date(field, value, store, { inclusive: spec.end === 'exclusive', withTime: spec.type === 'date_time', label });
    }
    if (spec.type === 'date_list') {
      const area = on(h('textarea', { rows: 3, 'data-input': field, spellcheck: 'false' }), 'change',
        ({ target }) => this.#change(field, (next) => store(next, target.value.split(/[\s,;]+/).filter(Boolean))));
      area.value = (Array.isArray(value) ? value : []).join('\n');
      return area;
    }
    if (spec.type === 'zone') return this.#select(field, value ?? '', zoneOptions(value, locale()), store, { label });
    if (spec.type === 'choice') return this.#select(field, value ?? '', options ?? spec.choices.map((c) => [c, c]), store, { label });
    const percent = spec.unit === 'share' || spec.unit === 'share_change';
    const scale = (v) => (v === undefined ? null : percent ? v * 100 : v);
    const bounds = { min: scale(spec.min), max: scale(spec.max), step: spec.step ?? 'any', label, placeholder };
    return percent ? this.#percent(field, value, store, bounds) : this.#number(field, value, store, bounds);
  }

  /** A control with the unit the form shows for its spec beside it (none for money and counts). */
  #withUnit(spec, control) {
    const unit = unitText(spec);
    return unit ? h('div', { class: 'kpi-field-control' }, control, h('span', { class: 'kpi-field-unit' }, unit)) : control;
  }

  /**
   * The labelled field of one value of the core's schema, or a [low, high] pair of two; the label
   * is the strings table's `settings.field.<path>`. `value` / `store` replace reading and keeping
   * the value at the spec's path (a salary that is a number or a map's `default`).
   */
  #scalarField(spec, { label = null, value, store, wide = false } = {}) {
    const field = spec.path.slice(1).replaceAll('/', '.');
    const keys = field.split('.');
    const unit = unitText(spec);
    label ??= t(`settings.field.${field}`);
    if (spec.type !== 'pair') {
      return this.#field(field, label, this.#control(spec, field, value ?? getAt(this.#settings, keys), store ?? ((next, v) => setAt(next, keys, v))), { unit, wide });
    }
    const pair = getAt(this.#settings, keys);
    return h('div', { class: 'kpi-field', 'data-field': field },
      h('span', { class: 'kpi-field-label' }, label),
      h('div', { class: 'kpi-field-pair' }, ...[0, 1].map((side) => this.#field(`${field}.${side}`, t(side ? 'settings.pair.high' : 'settings.pair.low'),
        this.#control(spec, `${field}.${side}`, Array.isArray(pair) ? pair[side] : null, (next, v) => {
          const both = [...(getAt(next, keys) ?? [null, null])];
          both[side] = v;
          setAt(next, keys, both);
        }), { unit }))),
      errorSlot());
  }

  /** The value fields of one section of the core's schema, in its order (its lists and tables are drawn by their sections). */
  #schemaFields(section) {
    return this.#schema.filter((spec) => spec.section === section && VALUE_TYPES.has(spec.type)).map((spec) => this.#scalarField(spec));
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

  /**
   * The rows of a map of the core's schema at `path` (sources' classes, stages' periods,
   * managers' salaries): the names in the data, then `extra` ones only the settings name, each
   * with the control of the map's value for its entry, whose key matches the name case-folded.
   * `options(name)`: a choice's options; `placeholder`: what an empty entry means. A row is
   * marked with its name (`data-source`, `data-stage`, `data-manager`: the map's `keys`).
   */
  #mapRows(path, names, extra, { options = null, placeholder = null } = {}) {
    const { value: spec, keys: kind } = this.fieldSchema(path);
    const attribute = `data-${kind.slice(0, -1)}`;
    const keys = path.slice(1).split('/');
    const map = isObject(getAt(this.#settings, keys)) ? getAt(this.#settings, keys) : {};
    return [...names, ...extra].map((name) => {
      const entry = Object.keys(map).filter((k) => k !== 'default' && foldCase(k) === foldCase(name)).pop();
      const field = `${keys.join('.')}.${entry ?? name}`;
      const control = this.#control(spec, field, entry === undefined ? null : map[entry], (next, v) => setNamed(next, keys, name, entry, v === '' ? null : v),
        { label: name, placeholder, options: options?.(name) });
      return h('tr', { 'data-field': field, [attribute]: name },
        h('th', { scope: 'row' }, name, extra.includes(name) ? h('span', { class: 'kpi-field-hint kpi-inline-hint' }, ` (${t('settings.sources.not_in_data')})`) : null),
        h('td', {}, this.#withUnit(spec, control), errorSlot()));
    });
  }

  /**
   * A table of the core's schema at `path` (sales plans, bonus steps): a head and a cell per
   * column, the control its spec gives, and a × (`remove`: [action, label]) that takes the row
   * out. `cell(column, row, i)` may give a column's {value, store, options, placeholder}.
   */
  #schemaTable(path, kind, remove, rowAttributes, cell = () => ({})) {
    const { columns } = this.fieldSchema(path);
    const keys = path.slice(1).split('/');
    const name = keys.join('.');
    const label = (column) => t(`settings.field.${name}.${column.key}`);
    const rows = (getAt(this.#settings, keys) ?? []).map((row, i) => h('tr', rowAttributes(row, i),
      ...columns.map((column) => {
        const field = `${name}.${i}.${column.key}`;
        const { value = row?.[column.key], store = (next, v) => { getAt(next, keys)[i][column.key] = v; }, ...options } = cell(column, row, i);
        return h('td', { 'data-field': field }, this.#withUnit(column, this.#control(column, field, value, store, { label: label(column), ...options })), errorSlot());
      }),
      h('td', {}, removeButton(remove[0], remove[1], () => this.#change(name, (next) => { getAt(next, keys).splice(i, 1); }, { redraw: true })))));
    return table(kind, [...columns.map(label), ''], rows);
  }

  /**
   * A section of the core's schema (period, norms, first response, sources, stages): its value
   * fields; the rows of its map, if it has one: a row per name in the data and per name only the
   * settings give a value other than the default document's (the core's default periods name
   * stages in both languages, and a Russian dataset needs no "Qualification" row), under the
   * `heads` `settings.<id>.<head>` (no rows and no fields: `settings.<id>.empty` instead); and
   * its hint (`settings.<id>.hint`, if the strings have one, or the node given).
   */
  #schemaSection(id, { heads = [], hint = t(`settings.${id}.hint`, {}, ''), ...rowOptions } = {}) {
    const fields = this.#schemaFields(id);
    const spec = this.#schema.find((x) => x.section === id && x.type === 'map');
    let rows = [];
    if (spec) {
      const keys = spec.path.slice(1).split('/');
      const map = isObject(getAt(this.#settings, keys)) ? getAt(this.#settings, keys) : {};
      const defaults = getAt(this.#defaults, keys) ?? {};
      const inData = new Set(rowOptions.names.map(foldCase));
      const extra = Object.keys(map).filter((name) => name !== 'default' && !inData.has(foldCase(name)) && map[name] !== defaults[name]);
      rows = this.#mapRows(spec.path, rowOptions.names, extra, rowOptions);
    }
    return this.#section(id, t(`settings.section.${id}`),
      fields.length ? h('div', { class: 'kpi-field-grid' }, ...fields) : null,
      spec && (rows.length || fields.length ? table(null, heads.map((k) => t(`settings.${id}.${k}`)), rows) : h('p', { class: 'kpi-muted' }, t(`settings.${id}.empty`))),
      typeof hint === 'string' ? (hint || null) && h('p', { class: 'kpi-field-hint' }, hint) : hint);
  }

  #sourcesSection({ sources }) {
    this.#fetchClasses([...sources, ...Object.keys(isObject(this.#settings.source_classes) ? this.#settings.source_classes : {})]);
    const classes = this.fieldSchema('/source_classes').value.choices.map((c) => [c, t(`settings.class.${c}`)]);
    const auto = (cls) => (cls ? t('settings.class.auto', { cls: t(`settings.class.${cls}`).toLowerCase() }) : t('settings.class.auto_pending'));
    // The first choice: the class the core's keywords give the name.
    return this.#schemaSection('sources', { names: sources, heads: ['source', 'class'], options: (source) => [['', auto(this.#classes.get(source))], ...classes] });
  }

  #stagesSection({ stages }) {
    return this.#schemaSection('stages', { names: stages, heads: ['stage', 'days'], placeholder: String(this.#settings.stage_control_days?.default ?? '') });
  }

  /** The CRM account's address (issue 10): deal ids on the page become links to the deal. The core checks it. */
  #crmAccountField() {
    const input = on(h('input', {
      type: 'text', inputmode: 'url', autocomplete: 'off', spellcheck: 'false', placeholder: 'example.amocrm.ru',
      value: this.#settings.crm_account ?? '', 'data-input': 'crm_account',
    }), 'change', ({ target }) => this.#change('crm_account', (next) => { next.crm_account = target.value.trim(); }));
    return this.#field('crm_account', t('settings.crm_account'), input, { hint: t('settings.crm_account.hint'), wide: true });
  }

  #calendarSection() {
    const s = this.#settings;
    const custom = isObject(s.calendar);
    const preset = this.#select('calendar', custom ? 'custom' : s.calendar,
      [...(this.fieldSchema('/calendar')?.choices ?? []), 'custom'].map((p) => [p, t(`settings.calendar.${p}`)]),
      (next, v) => { next.calendar = v === 'custom' ? structuredClone(this.#starts.calendar) : v; }, { redraw: true });
    const parts = [h('div', { class: 'kpi-field-grid kpi-field-grid-calendar' },
      this.#scalarField(this.fieldSchema('/tz'), { label: t('settings.tz') }), this.#field('calendar', t('settings.calendar'), preset),
      this.#crmAccountField())];
    if (custom) {
      const hours = { ...this.#starts.calendar.hours, ...(isObject(s.calendar.hours) ? s.calendar.hours : {}) };
      const workday = this.#starts.calendar.hours.mon; // the hours a day gets when it is made a working one
      const dayRow = (day) => {
        const span = hours[day];
        const working = Array.isArray(span);
        const field = `calendar.hours.${day}`;
        const setSpan = (next, value) => { next.calendar.hours = { ...(next.calendar.hours ?? {}), [day]: value }; };
        const check = on(h('input', {
          type: 'checkbox', checked: working, 'data-input': `${field}.working`, 'aria-label': `${t(`day.${day}`)}: ${t('settings.calendar.working')}`,
        }), 'change', ({ target }) => this.#change(field, (next) => setSpan(next, target.checked ? [...workday] : null), { redraw: true }));
        const time = (i) => on(h('input', { type: 'time', value: working ? span[i] ?? '' : '', disabled: !working, 'data-input': `${field}.${i}`,
          'aria-label': `${t(`day.${day}`)}: ${t(i === 0 ? 'settings.calendar.start' : 'settings.calendar.end')}`,
        }), 'change', ({ target }) => this.#change(field, (next) => {
          const current = [...(Array.isArray(next.calendar.hours?.[day]) ? next.calendar.hours[day] : workday)];
          current[i] = target.value;
          setSpan(next, current);
        }));
        return h('tr', { 'data-field': field, 'data-day': day },
          h('th', { scope: 'row' }, t(`day.${day}`)),
          h('td', {}, check), h('td', {}, time(0)), h('td', {}, time(1), errorSlot()));
      };
      parts.push(
        h('div', { class: 'kpi-settings-scroll' }, table('kpi-settings-week',
          ['day', 'working', 'start', 'end'].map((k) => t(`settings.calendar.${k}`)), Object.keys(this.#starts.calendar.hours).map(dayRow))),
        h('div', { class: 'kpi-field-grid' }, ...this.#schema.filter((x) => x.type === 'date_list').map((spec) => this.#scalarField(spec, { wide: true }))));
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
    const cell = (column, plan, i) => {
      const owner = plan?.owner ?? '';
      if (column.key === 'owner') {
        const other = owner && owner !== 'team' && !managers.includes(owner) ? [[owner, owner]] : [];
        return { value: owner === 'team' ? '' : owner, options: [['', t('settings.plans.team')], ...managers.map((m) => [m, m]), ...other] };
      }
      if (column.key === 'revenue') return { placeholder: isDraftPlan(plan) ? t('settings.plans.draft') : null };
      // No number of deals is no such key (a plan by money only).
      return column.key === 'won_count' ? { store: (next, v) => { if (v === null) delete next.plans[i].won_count; else next.plans[i].won_count = v; } } : {};
    };
    // Draft rows (no revenue yet) in the new plans' period for the owners `which(plans)` gives ('': the team).
    const add = (action, label, which, disabled = false) => button({ class: 'kpi-button', 'data-action': action, disabled }, label, () => {
      const period = this.#newPlanPeriod();
      this.#change('plans', (next) => {
        next.plans = [...(next.plans ?? []), ...which(next.plans ?? []).map((owner) => ({ owner, ...period, revenue: null }))];
      }, { redraw: true });
    });
    const unplanned = (list) => managers.filter((m) => !list.some((p) => foldCase(p.owner ?? '') === foldCase(m)));
    const rowAttributes = (plan, i) => ({ 'data-plan': String(i), 'data-owner': plan?.owner ?? '' });
    return this.#section('plans', t('settings.section.plans'),
      h('p', { class: 'kpi-field-hint' }, t('settings.plans.hint')),
      h('div', { 'data-field': 'plans' },
        plans.length ? h('div', { class: 'kpi-settings-scroll' },
          this.#schemaTable('/plans', 'kpi-settings-plans', ['remove-plan', t('settings.plans.remove')], rowAttributes, cell))
          : h('p', { class: 'kpi-muted' }, t('settings.plans.empty')),
        errorSlot()),
      h('div', { class: 'kpi-settings-row-actions' }, add('add-plan', t('settings.plans.add'), () => ['']),
        add('add-plans-all', t('settings.plans.add_all'), unplanned, managers.length === 0), ...this.#planImportControls()),
      this.#planImportReport());
  }

  /** "Import from CSV or Excel…": a button and its file input. */
  #planImportControls() {
    const input = fileInput({ accept: '.csv,.txt,.xlsx,text/csv', 'data-plans-import-file': '' }, (file) => this.#importPlans(file));
    const title = t('settings.plans.import.title');
    return [button({ class: 'kpi-button', 'data-action': 'import-plans', title }, t('settings.plans.import'), () => input.click()), input];
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
    const select = on(h('select', { 'data-plan-sheet': '' }, ...last.sheets.map((name) => h('option', { value: name, selected: name === last.sheet }, name))),
      'change', ({ target }) => this.#importPlans({ name: last.file }, { bytes: last.bytes, sheet: target.value }));
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
    const toggle = on(h('input', { type: 'checkbox', checked: enabled, 'data-input': 'motivation', id: 'kpi-set-motivation' }), 'change',
      ({ target }) => this.#change('motivation', (next) => {
        next.motivation = target.checked ? structuredClone(this.#starts.motivation) : null;
      }, { redraw: true }));
    const parts = [h('label', { class: 'kpi-checkbox', 'data-field': 'motivation' }, toggle, ' ', t('settings.motivation.enabled')),
      h('p', { class: 'kpi-field-hint' }, t('settings.motivation.hint'))];
    this.#motivationResult = null;
    if (enabled) {
      const salary = m.base_salary;
      const base = isObject(salary) ? salary.default : salary;
      const weights = isObject(m.weights) ? m.weights : { revenue: 1 };
      const setWeight = (key) => (next, v) => {
        next.motivation.weights = { revenue: 0, win_rate: 0, ...(isObject(next.motivation.weights) ? next.motivation.weights : { revenue: 1 }), [key]: v };
      };
      // A weight of any METRICS key (branch design: bonusWeights adds them) is a field like revenue's.
      const weightField = (key, label) => this.#scalarField({ ...this.fieldSchema('/motivation/weights/revenue'), path: `/motivation/weights/${key}` },
        { label, value: weights[key] ?? 0, store: setWeight(key) });
      const setSteps = (mutate) => this.#change('motivation.steps', mutate, { redraw: true });
      const addStep = button({ class: 'kpi-button', 'data-action': 'add-step' }, t('settings.motivation.add_step'), () => setSteps((next) => {
        const last = next.motivation.steps?.[next.motivation.steps.length - 1];
        const threshold = Array.isArray(last) && Number.isFinite(last[0]) ? Number((last[0] + 0.2).toPrecision(12)) : 0;
        next.motivation.steps = [...(next.motivation.steps ?? []), [threshold, Array.isArray(last) ? last[1] : 1]];
      }));
      const money = intl(Intl.NumberFormat, { maximumFractionDigits: 0 });
      this.#motivationResult = h('div', { class: 'kpi-settings-bonus', 'data-bonus-result': '' });
      this.#fillMotivationResult();
      parts.push(
        h('div', { class: 'kpi-field-grid' },
          this.#scalarField(this.fieldSchema('/motivation/base_salary/default'),
            { value: base, store: (next, v) => setNamed(next, ['motivation', 'base_salary'], 'default', 'default', v) }),
          weightField('revenue', t('settings.field.motivation.weights.revenue')),
          weightField('win_rate', t('settings.field.motivation.weights.win_rate')),
          ...bonusWeights({ // branch design: any METRICS key may weigh
            weights, catalogue: this.#report?.catalogue, field: weightField,
            add: (key) => this.#change(`motivation.weights.${key}`, (next) => setWeight(key)(next, 1), { redraw: true }),
            remove: (key) => this.#change('motivation.weights', (next) => { delete next.motivation.weights[key]; }, { redraw: true }),
          })),
        h('div', { 'data-field': 'motivation.steps' },
          this.#schemaTable('/motivation/steps', 'kpi-settings-steps', ['remove-step', t('settings.motivation.remove_step')], (step, i) => ({ 'data-step': String(i) })),
          errorSlot()),
        h('div', { class: 'kpi-settings-row-actions' }, addStep),
        this.#motivationResult);
      if (managers.length) {
        parts.push(h('details', { class: 'kpi-settings-salaries' },
          h('summary', {}, t('settings.motivation.salaries')),
          h('table', { class: 'kpi-settings-table' }, h('tbody', {}, ...this.#mapRows('/motivation/base_salary', managers, [],
            { placeholder: Number.isFinite(base) ? money.format(base) : '' })))));
      }
    }
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
    this.#motivationResult.replaceChildren(
      h('h4', { class: 'kpi-settings-subtitle' }, t('settings.motivation.result')),
      h('div', { class: 'kpi-settings-scroll' }, bonusTable(rows)));
  }
}

customElements.define('kpi-settings', KpiSettings);

/** Hands the saved settings to the engine before the first report (see app.mjs start()). */
export function restoreSettings(client) {
  return document.querySelector('kpi-settings')?.restore(client) ?? Promise.resolve();
}

