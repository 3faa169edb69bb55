// <kpi-mapping-dialog>: the column-mapping dialog (a modal <dialog>). It shows
// what the core made of a file (summary.inspection: header cells, guessed
// fields and why, the guessed table, the first rows), lets the user pick the
// table and one canonical field per column with labelled <select>s, checks
// that the table's required fields are all chosen, and answers with a
// mapping {kind, columns, date_format, decimal} and, optionally, a preset
// name. It does not read files itself: the controller re-reads the file.
//
//   const result = await dialog.open({ file, inspection, mapping });  // null = cancelled
//   // result = { mapping, presetName }  (presetName null unless "save as preset")

import { t } from '../i18n.mjs';
import { h, morph } from '../dom.mjs';

// The tables come from the core (inspection.tables: each kind's fields and required ones).
const DATE_FORMATS = ['auto', 'dmy', 'mdy', 'ymd', 'unix'];
const DECIMALS = ['auto', 'comma', 'dot'];

let nextId = 1;

const fieldText = (field) => t(`mapping.field.${field}`, {}, field);

/**
 * The mapping's column reference for header cell `index`: the header name when it is
 * unique in the header (readable, and what --mapping users write), else the index.
 */
function columnRef(signature, index) {
  const name = signature[index];
  if (!name) return index;
  return signature.filter((s) => s === name).length === 1 ? name : index;
}

/** Header cell index a mapping's reference points at (name: case-folded compare), or -1. */
function resolveRef(signature, ref) {
  if (Number.isInteger(ref)) return ref >= 0 && ref < signature.length ? ref : -1;
  if (typeof ref !== 'string') return -1;
  return signature.indexOf(ref.trim().toLowerCase());
}

class KpiMappingDialog extends HTMLElement {
  #dialog = null;
  #state = null; // {file, inspection, kind, fields: (field|'')[], by: string[], dateFormat, decimal}
  #resolve = null;

  connectedCallback() {
    if (this.#dialog) return;
    this.#dialog = h('dialog', { class: 'kpi-mapping', 'aria-labelledby': `kpi-mapping-title-${nextId}` });
    this.#dialog.dataset.titleId = `kpi-mapping-title-${nextId++}`;
    this.#dialog.addEventListener('close', () => this.#finish(null));
    this.#dialog.addEventListener('cancel', () => this.#finish(null));
    this.append(this.#dialog);
  }

  /**
   * Opens the dialog for one file. `inspection`: the core's summary.inspection; `mapping`:
   * the mapping the file was read with, if any (pre-fills instead of the guesses).
   * Resolves with {mapping, presetName} or null when cancelled.
   */
  open({ file, inspection, mapping = null, presetName = '' }) {
    this.connectedCallback();
    this.#finish(null);
    const signature = inspection.signature ?? inspection.columns.map((c) => String(c.name).toLowerCase());
    // The core's guesses (how each was made, and its confidence in it), unless a mapping of a known table is given.
    const guessed = !(mapping && Object.hasOwn(inspection.tables ?? {}, mapping.kind));
    const fields = inspection.columns.map((c) => (guessed && c.field) || '');
    const by = inspection.columns.map((c) => (guessed && c.field ? c.by ?? '' : ''));
    const sure = inspection.columns.map((c) => (guessed && c.field ? c.confidence ?? null : null));
    for (const [field, ref] of guessed ? [] : Object.entries(mapping.columns ?? {})) {
      const i = resolveRef(signature, ref);
      if (i >= 0 && !fields[i]) { fields[i] = field; by[i] = presetName ? 'preset' : 'mapping'; }
    }
    this.#state = {
      file, inspection, signature, kind: guessed ? inspection.kind ?? '' : mapping.kind, fields, by, sure,
      dateFormat: DATE_FORMATS.includes(mapping?.date_format) ? mapping.date_format : 'auto',
      decimal: DECIMALS.includes(mapping?.decimal) ? mapping.decimal : 'auto',
      savePreset: false, presetName: presetName || file.replace(/\.[^.]+$/, ''),
    };
    this.#dialog.replaceChildren(); // another file: a new form, not the last one's scroll
    this.render();
    this.#dialog.showModal();
    this.#dialog.querySelector('select[name="kind"]')?.focus();
    return new Promise((resolve) => { this.#resolve = resolve; });
  }

  /**
   * Redraws from the state, in the current language (the controller calls it after a language
   * switch): merged into what is shown (dom.mjs morph), so the focus, the table's scroll and the
   * form's listeners stay.
   */
  render() {
    if (!this.#dialog || !this.#state) return;
    const s = this.#state;
    const titleId = this.#dialog.dataset.titleId;
    const problem = this.#problem();
    const form = h('form', { method: 'dialog', class: 'kpi-mapping-form', novalidate: true },
      h('h2', { id: titleId, class: 'kpi-mapping-title' }, t('mapping.title', { file: s.file })),
      h('p', { class: 'kpi-muted kpi-mapping-intro' }, t('mapping.intro')),
      this.#options(),
      this.#table(),
      h('p', {
        class: 'kpi-mapping-status', role: 'status', 'aria-live': 'polite', 'data-mapping-status': '', 'data-state': problem ? 'invalid' : 'ok',
      }, problem ?? t('mapping.ready')),
      this.#presetBox(),
      h('div', { class: 'kpi-mapping-actions' },
        h('button', { type: 'button', class: 'kpi-button', 'data-action': 'cancel' }, t('mapping.cancel')),
        h('button', { type: 'submit', class: 'kpi-button kpi-button-primary', 'data-action': 'apply', disabled: Boolean(problem) },
          t('mapping.apply'))));
    form.addEventListener('change', (event) => this.#onChange(event));
    form.addEventListener('input', (event) => this.#onChange(event));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#apply();
    });
    form.querySelector('[data-action="cancel"]').addEventListener('click', () => this.#dialog.close());
    morph(this.#dialog, [form]);
  }

  #options() {
    const s = this.#state;
    const select = (name, values, current, textOf, extra = {}) => {
      const id = `kpi-mapping-${name}-${this.#dialog.dataset.titleId}`;
      return h('div', { class: 'kpi-mapping-option' },
        h('label', { for: id }, t(`mapping.${name}`)),
        h('select', { id, name, ...extra },
          ...values.map((v) => h('option', { value: v, selected: v === current }, textOf(v)))));
    };
    return h('div', { class: 'kpi-mapping-options' },
      select('kind', ['', ...Object.keys(s.inspection.tables ?? {})], s.kind, (k) => t(k ? `mapping.kind.${k}` : 'mapping.kind.none'), { required: true }),
      select('date_format', DATE_FORMATS, s.dateFormat, (d) => t(`mapping.date.${d}`)),
      select('decimal', DECIMALS, s.decimal, (d) => t(`mapping.decimal.${d}`)));
  }

  #table() {
    const s = this.#state;
    const table = s.inspection.tables?.[s.kind];
    const fieldList = table?.fields ?? [];
    const required = new Set(table?.required ?? []);
    const head = s.inspection.columns.map((column, i) => {
      const id = `kpi-mapping-col-${i}-${this.#dialog.dataset.titleId}`;
      const name = column.name || t('mapping.column_unnamed', { n: i + 1 });
      const options = [h('option', { value: '', selected: !s.fields[i] }, t('mapping.skip'))];
      for (const f of fieldList) {
        const text = required.has(f) ? t('mapping.required', { field: fieldText(f) }) : fieldText(f);
        options.push(h('option', { value: f, selected: s.fields[i] === f }, text));
      }
      // How the guess was made and how sure the core is; or why a name's guess was dropped.
      const how = s.by[i] ? t(`mapping.by.${s.by[i]}`) : '';
      const sure = s.by[i] && s.sure[i] != null && s.sure[i] < 1
        ? t('mapping.sure', { by: how, percent: Math.round(s.sure[i] * 100) }) : how;
      const guess = sure || (!s.fields[i] && column.doubt ? t(`mapping.doubt.${column.doubt}`) : '');
      return h('th', { scope: 'col', 'data-column': i, 'data-field': s.fields[i] || null },
        h('span', { class: 'kpi-mapping-header', id: `${id}-name` }, name),
        h('select', {
          id, name: `column-${i}`, 'data-column': i, 'aria-label': t('mapping.column_label', { name }),
          disabled: !s.kind,
        }, ...options),
        h('span', { class: 'kpi-mapping-guess', 'data-by': s.by[i] || null }, guess));
    });
    const rows = s.inspection.preview ?? [];
    const body = rows.length
      ? rows.map((row) => h('tr', {}, ...s.inspection.columns.map((_, i) => h('td', {}, row[i] ?? ''))))
      : [h('tr', {}, h('td', { colspan: Math.max(1, s.inspection.columns.length), class: 'kpi-muted' }, t('mapping.no_preview')))];
    return h('div', { class: 'kpi-mapping-scroll', tabindex: 0, role: 'region', 'aria-label': t('mapping.preview') },
      h('table', { class: 'kpi-mapping-table' },
        h('caption', { class: 'kpi-visually-hidden' }, t('mapping.preview')),
        h('thead', {}, h('tr', {}, ...head)),
        h('tbody', {}, ...body)));
  }

  #presetBox() {
    const s = this.#state;
    const id = `kpi-mapping-preset-${this.#dialog.dataset.titleId}`;
    return h('div', { class: 'kpi-mapping-preset' },
      h('label', { class: 'kpi-mapping-check' },
        h('input', { type: 'checkbox', name: 'save_preset', checked: s.savePreset }),
        ' ', t('mapping.save_preset')),
      h('label', { for: id, class: 'kpi-visually-hidden' }, t('mapping.preset_name')),
      h('input', {
        id, type: 'text', name: 'preset_name', value: s.presetName, placeholder: t('mapping.preset_name'),
        disabled: !s.savePreset, maxlength: 80, autocomplete: 'off',
      }));
  }

  #onChange(event) {
    const s = this.#state;
    const { name, value, checked } = event.target;
    if (name === 'preset_name') s.presetName = value;
    else if (event.type !== 'change') return;
    else if (name === 'kind') {
      s.kind = value;
      // Keep what fits the new table; drop the rest.
      const fields = new Set(s.inspection.tables?.[s.kind]?.fields ?? []);
      s.fields = s.fields.map((f) => (fields.has(f) ? f : ''));
      s.by = s.by.map((b, i) => (s.fields[i] ? b : ''));
    } else if (name === 'date_format') s.dateFormat = value;
    else if (name === 'decimal') s.decimal = value;
    else if (name === 'save_preset') s.savePreset = checked;
    else if (event.target.dataset.column !== undefined) {
      const i = Number(event.target.dataset.column);
      // One column per field: choosing a field here frees it elsewhere; a column the user set says no guess.
      s.fields = s.fields.map((f, k) => (k === i ? value : value && f === value ? '' : f));
      s.by = s.by.map((b, k) => (k === i || !s.fields[k] ? '' : b));
    }
    this.render();
    if (name === 'save_preset' && checked) this.#dialog.querySelector('input[name="preset_name"]').focus();
  }

  /** What keeps the mapping from being applied, in words (the status line); null when nothing does. */
  #problem() {
    const s = this.#state;
    const missing = (s.inspection.tables?.[s.kind]?.required ?? []).filter((f) => !s.fields.includes(f));
    if (!s.kind) return t('mapping.choose_kind');
    if (missing.length) return t('mapping.missing', { fields: missing.map(fieldText).join(', ') });
    return s.savePreset && !s.presetName.trim() ? t('mapping.preset_needed') : null;
  }

  #apply() {
    if (this.#problem()) return;
    const s = this.#state;
    const columns = {};
    s.fields.forEach((field, i) => { if (field) columns[field] = columnRef(s.signature, i); });
    const mapping = { kind: s.kind, columns, date_format: s.dateFormat, decimal: s.decimal };
    this.#finish({ mapping, presetName: s.savePreset ? s.presetName.trim() : null });
    this.#dialog.close();
  }

  #finish(value) {
    const resolve = this.#resolve;
    this.#resolve = null;
    resolve?.(value);
  }
}

customElements.define('kpi-mapping-dialog', KpiMappingDialog);
