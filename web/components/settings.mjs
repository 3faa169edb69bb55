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
  dateText, datePattern, exclusiveEnd, exportText, fieldForPath, foldCase, forget, fromPercent, inclusiveEnd,
  isDraftPlan, loadSaved, mergePlans, monthOf, parseDateText, save, toPercent, withoutDraftPlans,
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

/**
 * Sets `doc[key][name]` (a source's class, a stage's period) to `value` under the key `entry`
 * (the one it has, whatever its case) or `name`; null takes every spelling of the name out.
 */
function setNamed(doc, key, name, entry, value) {
  const map = { ...(isObject(doc[key]) ? doc[key] : {}) };
  for (const k of Object.keys(map)) if (k !== 'default' && foldCase(k) === foldCase(name)) delete map[k];
  if (value !== null) map[entry ?? name] = value;
  doc[key] = map;
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
      this.#periodSection(),
      this.#roleSection(),
      this.#schemaSection('norms'),
      this.#schemaSection('sla', 'settings.sla.hint'),
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
   * shown by dateText, read back to ISO by parseDateText; text that is no date goes to the
   * core as typed, whose message then names the field. A value with an offset stays as written.
   */
  #date(field, value, onValue, { inclusive = false, withTime = false, label = null } = {}) {
    const shown = inclusive ? inclusiveEnd(value) : value;
    const lang = language();
    return on(h('input', {
      type: 'text', autocomplete: 'off', spellcheck: 'false',
      value: dateText(typeof shown === 'string' ? shown : '', lang), placeholder: datePattern(lang, withTime),
      'data-input': field, 'data-date': typeof shown === 'string' ? shown : '', 'aria-label': label, class: 'kpi-date-input',
    }), 'change', ({ target: input }) => {
      const typed = input.value.trim();
      const parsed = typed ? parseDateText(typed, lang) : null;
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
        errorSlot());
    });
  }

  /** A section that is only the core's schema fields (norms, first-response norms), and its hint if it has one. */
  #schemaSection(id, hint = null) {
    return this.#section(id, t(`settings.section.${id}`), h('div', { class: 'kpi-field-grid' }, ...this.#schemaFields(id)),
      hint && h('p', { class: 'kpi-field-hint' }, t(hint)));
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

  /**
   * The rows of a table of names (sources, stages) and the values `doc[key]` gives them: the
   * names in the data, then `extra` ones only the settings name. `control(name, key, field)`
   * edits the name's entry, whose key matches the name case-folded (`key`; undefined: none).
   */
  #namedRows(key, names, extra, attribute, control) {
    const map = isObject(this.#settings[key]) ? this.#settings[key] : {};
    return [...names, ...extra].map((name) => {
      const entry = Object.keys(map).filter((k) => k !== 'default' && foldCase(k) === foldCase(name)).pop();
      const field = `${key}.${entry ?? name}`;
      return h('tr', { 'data-field': field, [attribute]: name },
        h('th', { scope: 'row' }, name, extra.includes(name) ? h('span', { class: 'kpi-field-hint kpi-inline-hint' }, ` (${t('settings.sources.not_in_data')})`) : null),
        h('td', {}, control(name, entry, field), errorSlot()));
    });
  }

  #sourcesSection({ sources }) {
    const mapping = isObject(this.#settings.source_classes) ? this.#settings.source_classes : {};
    const inData = new Set(sources.map(foldCase));
    const extra = Object.keys(mapping).filter((name) => !inData.has(foldCase(name)));
    this.#fetchClasses([...sources, ...extra]);
    const rows = this.#namedRows('source_classes', sources, extra, 'data-source', (source, key, field) => {
      const cls = this.#classes.get(source); // the class the core's keywords give this name
      const auto = cls ? t('settings.class.auto', { cls: t(`settings.class.${cls}`).toLowerCase() }) : t('settings.class.auto_pending');
      const classes = [['', auto], ...this.#leadClasses().map((c) => [c, t(`settings.class.${c}`)])];
      return this.#select(field, key === undefined ? '' : mapping[key], classes, (next, v) => setNamed(next, 'source_classes', source, key, v || null),
        { label: source });
    });
    return this.#section('sources', t('settings.section.sources'),
      rows.length ? table(null, [t('settings.sources.source'), t('settings.sources.class')], rows)
        : h('p', { class: 'kpi-muted' }, t('settings.sources.empty')),
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
    const rows = this.#namedRows('stage_control_days', stages, extra, 'data-stage', (stage, key, field) => h('div',
      { class: 'kpi-field-control' },
      this.#number(field, key === undefined ? null : days[key], (next, v) => setNamed(next, 'stage_control_days', stage, key, v),
        { min: 0, placeholder: String(days.default ?? ''), label: stage }),
      h('span', { class: 'kpi-field-unit' }, t('settings.unit.days'))));
    return this.#section('stages', t('settings.section.stages'),
      h('div', { class: 'kpi-field-grid' }, ...this.#schemaFields('stages')),
      table(null, [t('settings.stages.stage'), t('settings.stages.days')], rows),
      h('p', { class: 'kpi-field-hint' }, t('settings.stages.hint')));
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
    const tz = this.#select('tz', s.tz, zoneOptions(s.tz, locale()), (next, v) => { next.tz = v; });
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
      const dates = (list) => {
        const field = `calendar.${list}`;
        const values = Array.isArray(s.calendar[list]) ? s.calendar[list] : [];
        const area = on(h('textarea', { rows: 3, 'data-input': field, spellcheck: 'false' }), 'change', ({ target }) => this.#change(field,
          (next) => { next.calendar[list] = target.value.split(/[\s,;]+/).map((d) => d.trim()).filter(Boolean); }));
        area.value = values.join('\n');
        return this.#field(field, t(`settings.calendar.${list}`), area, { wide: true });
      };
      parts.push(
        h('div', { class: 'kpi-settings-scroll' }, table('kpi-settings-week',
          ['day', 'working', 'start', 'end'].map((k) => t(`settings.calendar.${k}`)), Object.keys(this.#starts.calendar.hours).map(dayRow))),
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
      const remove = removeButton('remove-plan', t('settings.plans.remove'),
        () => this.#change('plans', (next) => { next.plans.splice(i, 1); }, { redraw: true }));
      const cell = (key, control) => h('td', { 'data-field': `plans.${i}.${key}` }, control, errorSlot());
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
    // Draft rows (no revenue yet) in the new plans' period for the owners `which(plans)` gives ('': the team).
    const add = (action, label, which, disabled = false) => button({ class: 'kpi-button', 'data-action': action, disabled }, label, () => {
      const period = this.#newPlanPeriod();
      this.#change('plans', (next) => {
        next.plans = [...(next.plans ?? []), ...which(next.plans ?? []).map((owner) => ({ owner, ...period, revenue: null }))];
      }, { redraw: true });
    });
    const unplanned = (list) => managers.filter((m) => !list.some((p) => foldCase(p.owner ?? '') === foldCase(m)));
    const heads = ['owner', 'from', 'to', 'revenue', 'won_count'].map((c) => t(`settings.plans.${c}`));
    return this.#section('plans', t('settings.section.plans'),
      h('p', { class: 'kpi-field-hint' }, t('settings.plans.hint')),
      h('div', { 'data-field': 'plans' },
        plans.length ? h('div', { class: 'kpi-settings-scroll' }, table('kpi-settings-plans', [...heads, ''], plans.map(row)))
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
      const numberField = (field, label, value, onValue, step) => this.#field(field, label, this.#number(field, value, onValue, { min: 0, step }));
      const weightField = (key, label) => numberField(`motivation.weights.${key}`, label, weights[key] ?? 0, setWeight(key), 0.1);
      const steps = Array.isArray(m.steps) ? m.steps : [];
      const setSteps = (mutate) => this.#change('motivation.steps', mutate, { redraw: true });
      const stepRow = (step, i) => {
        const setStep = (k) => (next, v) => { next.motivation.steps[i] = [...next.motivation.steps[i]]; next.motivation.steps[i][k] = v; };
        const cell = (k, control, unit) => h('td', { 'data-field': `motivation.steps.${i}.${k}` },
          h('div', { class: 'kpi-field-control' }, control, unit), errorSlot());
        return h('tr', { 'data-step': String(i) },
          cell(0, this.#percent(`motivation.steps.${i}.0`, step?.[0], setStep(0), { max: null, label: t('settings.motivation.threshold') }),
            h('span', { class: 'kpi-field-unit' }, '%')),
          cell(1, this.#number(`motivation.steps.${i}.1`, step?.[1], setStep(1), { min: 0, label: t('settings.motivation.multiplier') })),
          h('td', {}, removeButton('remove-step', t('settings.motivation.remove_step'),
            () => setSteps((next) => { next.motivation.steps.splice(i, 1); }))));
      };
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
          numberField('motivation.base_salary.default', t('settings.motivation.salary'), base, setSalary('default'), 1000),
          weightField('revenue', t('settings.motivation.weight_revenue')),
          weightField('win_rate', t('settings.motivation.weight_win_rate')),
          ...bonusWeights({ // branch design: any METRICS key may weigh
            weights, catalogue: this.#report?.catalogue, field: weightField,
            add: (key) => this.#change(`motivation.weights.${key}`, (next) => setWeight(key)(next, 1), { redraw: true }),
            remove: (key) => this.#change('motivation.weights', (next) => { delete next.motivation.weights[key]; }, { redraw: true }),
          })),
        h('div', { 'data-field': 'motivation.steps' },
          table('kpi-settings-steps', [t('settings.motivation.threshold'), t('settings.motivation.multiplier'), ''], steps.map(stepRow)),
          errorSlot()),
        h('div', { class: 'kpi-settings-row-actions' }, addStep),
        this.#motivationResult);
      if (managers.length) {
        parts.push(h('details', { class: 'kpi-settings-salaries' },
          h('summary', {}, t('settings.motivation.salaries')),
          h('table', { class: 'kpi-settings-table' }, h('tbody', {}, ...managers.map((name) => {
            const key = Object.keys(perManager).find((k) => k !== 'default' && foldCase(k) === foldCase(name)) ?? name;
            const field = `motivation.base_salary.${key}`;
            return h('tr', { 'data-field': field },
              h('th', { scope: 'row' }, name),
              h('td', {}, this.#number(field, perManager[key] ?? null, setSalary(key),
                { min: 0, step: 1000, placeholder: Number.isFinite(base) ? money.format(base) : '', label: name }), errorSlot()));
          })))));
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

