// <kpi-drop-zone>: the "Choose files" button, its hidden input, and drops
// anywhere on the page (emits `kpi-files` with {files: File[]}); <kpi-file-list>:
// what was read from each file, and what went wrong; for the user's own files a
// × per file (emits `kpi-remove-file` {key, file}: `key` is the summary's page
// key, app.mjs) and "Map columns…" (`kpi-map-file` {key, file}). What adding, removing and cancelling do: docs/web.md "Files".

import { formatCount, language, t, tn } from '../i18n.mjs';
import { h } from '../dom.mjs';
import { issueMessage } from '../engine/messages.mjs';
import { archiveTables } from '../engine/unzip.mjs';

const DRAG_EVENTS = ['dragenter', 'dragover', 'dragleave', 'drop'];

class KpiDropZone extends HTMLElement {
  #input = null;
  #button = null;
  #hint = null;
  #overlay = null;
  #dragDepth = 0;

  connectedCallback() {
    if (!this.#input) {
      this.#button = h('button', { type: 'button', class: 'kpi-button kpi-button-primary' });
      this.#input = h('input', { type: 'file', multiple: true, hidden: true, tabindex: -1 });
      this.#hint = h('span', { class: 'kpi-drop-hint' });
      this.#overlay = h('div', { class: 'kpi-drop-overlay', hidden: true, 'aria-hidden': 'true' },
        h('div', { class: 'kpi-drop-overlay-box' }));
      this.append(this.#button, this.#input, this.#hint, this.#overlay);
      this.#button.addEventListener('click', () => this.#input.click());
      this.#input.addEventListener('change', () => {
        const files = [...this.#input.files];
        this.#input.value = ''; // choosing the same file again must fire `change` again
        this.#emit(files);
      });
    }
    for (const type of DRAG_EVENTS) document.addEventListener(type, this);
    this.refresh();
  }

  disconnectedCallback() {
    for (const type of DRAG_EVENTS) document.removeEventListener(type, this);
  }

  /** Re-reads the strings (after a language change). */
  refresh() {
    if (!this.#input) return;
    this.#button.textContent = t('drop.choose');
    this.#hint.textContent = t('drop.hint');
    this.#overlay.firstElementChild.textContent = t('drop.overlay');
  }

  async #emit(files) {
    if (files.length === 0) return;
    this.dispatchEvent(new CustomEvent('kpi-files', { bubbles: true, detail: { files: await unpackArchives(files) } }));
  }

  #showOverlay(visible) {
    this.#overlay.hidden = !visible;
    document.documentElement.classList.toggle('kpi-dragging', visible);
  }

  /** The page's drag events (the element listens on the document): files dropped anywhere are taken. */
  handleEvent(event) {
    const { type, dataTransfer } = event;
    if (!Array.from(dataTransfer?.types ?? []).includes('Files')) return;
    if (type !== 'dragleave') event.preventDefault(); // makes the page a drop target; a drop never opens the file
    if (type === 'dragover') {
      dataTransfer.dropEffect = 'copy';
      return;
    }
    // dragenter and dragleave come for every element crossed: the overlay shows while more were entered than left.
    if (type === 'dragenter') this.#dragDepth += 1;
    else if (type === 'dragleave') this.#dragDepth = Math.max(0, this.#dragDepth - 1);
    else this.#dragDepth = 0;
    this.#showOverlay(this.#dragDepth > 0);
    if (type === 'drop') this.#emit([...(dataTransfer.files ?? [])]);
  }
}

/**
 * A zip archive that holds tables (not an XLSX workbook, not a .docx) becomes its tables, each a
 * File named "archive.zip/inner.csv" (wasm/unzip.mjs archiveTables); every other file stays as
 * it is, and a zip that cannot be unpacked goes to the engine, which names what is wrong with it.
 */
async function unpackArchives(files) {
  const out = [];
  for (const file of files) {
    let tables = null;
    if (/\.zip$/i.test(file.name) || file.type === 'application/zip') {
      try { tables = await archiveTables(file.name, new Uint8Array(await file.arrayBuffer())); } catch { tables = null; }
    }
    if (tables?.length) out.push(...tables.map((f) => new File([f.bytes], f.name)));
    else out.push(file);
  }
  return out;
}

/** The short "how to export" help shown next to the alert about files that could not be read. */
export function exportHelp() {
  return h('details', { class: 'kpi-export-help', open: true },
    h('summary', {}, t('files.help.title')),
    h('ul', {}, ...['amocrm', 'bitrix24', 'zip'].map((key) => h('li', {}, t(`files.help.${key}`)))));
}

// ---------------------------------------------------------------------------
// <kpi-file-list>: what was read from each file, and what went wrong.

const MAX_VISIBLE_ISSUES = 5;

function whereText(line, byte) {
  if (line !== null && line !== undefined) return t('files.line', { n: formatCount(line) });
  if (byte) return t('files.byte', { n: formatCount(byte) });
  return '';
}

/** ok | warning | error, plus the one-line message shown under the file name. */
export function fileStatus(summary) {
  const file = summary.file;
  if (!summary.ok) {
    const error = summary.error ?? {};
    const where = whereText(error.line, error.byte);
    return {
      status: 'error',
      message: t('files.error', { file, where: where ? ` (${where})` : '', message: issueMessage(error, language()) }),
    };
  }
  if (!summary.kind) return { status: 'warning', message: t('files.unknown_kind', { file }) };
  if (!summary.rows && summary.kind !== 'fetch_manifest') return { status: 'warning', message: t('files.no_rows', { file }) }; // a manifest holds no rows
  if (summary.skipped) return { status: 'warning', message: tn('files.skipped_rows', summary.skipped, { file }) };
  if (summary.issues?.length) return { status: 'warning', message: tn('files.notes', summary.issues.length, { file }) };
  return { status: 'ok', message: null };
}

class KpiFileList extends HTMLElement {
  #files = [];
  #refocus = null; // after a ×: the index whose × takes the focus once the list is redrawn

  /** True when the page holds the user's files, so they can be mapped, re-read and removed (not the demo). */
  mappable = false;

  get files() { return this.#files; }
  set files(value) {
    this.#files = Array.isArray(value) ? value : [];
    this.render();
  }

  connectedCallback() {
    this.render();
    // "Map columns…" opens the mapping dialog for that file; × removes it (the controller does both).
    this.addEventListener('click', (event) => {
      const button = event.target.closest('[data-action="map"], [data-action="remove"]');
      if (!button) return;
      const type = button.dataset.action === 'map' ? 'kpi-map-file' : 'kpi-remove-file';
      if (type === 'kpi-remove-file') this.#refocus = Number(button.dataset.index);
      this.dispatchEvent(new CustomEvent(type, {
        bubbles: true, detail: { key: Number(button.dataset.key), file: button.dataset.file },
      }));
    });
  }

  render() {
    const heading = h('h2', { class: 'kpi-section-title', tabindex: -1 }, t('files.title'));
    this.replaceChildren(heading, this.#files.length === 0 ? h('p', { class: 'kpi-muted' }, t('files.empty'))
      : h('ul', { class: 'kpi-files' }, ...this.#files.map((f, i) => this.#item(f, i))));
    this.#restoreFocus(heading);
  }

  /** After a ×, the keyboard stays in the list: on the × now at that place, the one before it, or the heading. */
  #restoreFocus(heading) {
    if (this.#refocus === null || !this.mappable) return;
    if (this.#files.length === 0) heading.focus();
    else this.querySelector(`[data-action="remove"][data-index="${Math.min(this.#refocus, this.#files.length - 1)}"]`)?.focus();
    this.#refocus = null;
  }

  #item(summary, index) {
    const { status, message } = fileStatus(summary);
    const facts = [];
    if (summary.ok) {
      if (summary.kind) facts.push(t(`kind.${summary.kind}`, {}, summary.kind));
      if (summary.format) facts.push(t(`format.${summary.format}`, {}, summary.format));
      if (summary.encoding) facts.push(String(summary.encoding).toUpperCase());
      if (summary.delimiter) facts.push(t('files.delimiter', { d: summary.delimiter === '\t' ? 'Tab' : summary.delimiter }));
      facts.push(tn('files.rows', summary.rows ?? 0));
      if (summary.skipped) facts.push(tn('files.skipped', summary.skipped));
    }
    const mapped = summary.preset ? t('files.preset', { name: summary.preset }) : summary.mapping ? t('files.mapped') : null;
    // Files the core could not place fully carry its guesses (inspection); mapped ones can be re-mapped.
    const canMap = this.mappable && !summary.unread && Boolean(summary.inspection || summary.mapping);
    const button = (action, attributes, label) => h('button', {
      type: 'button', 'data-action': action, 'data-index': index, 'data-key': summary.key, 'data-file': summary.file, ...attributes,
    }, label);
    const item = h('li', { class: 'kpi-file', 'data-file': summary.file, 'data-status': status },
      h('div', { class: 'kpi-file-head' },
        h('span', { class: 'kpi-file-icon', 'aria-hidden': 'true' }),
        h('span', { class: 'kpi-file-name' }, summary.file),
        facts.length ? h('span', { class: 'kpi-file-facts' }, facts.join(' · ')) : null,
        canMap ? button('map', { class: 'kpi-button kpi-file-map', title: t('files.map_title', { file: summary.file }) }, t('files.map')) : null,
        this.mappable ? button('remove', {
          class: 'kpi-file-remove', 'aria-label': t('files.remove', { file: summary.file }), title: t('files.remove', { file: summary.file }),
        }, '×') : null),
      mapped ? h('p', { class: 'kpi-file-mapped', 'data-preset': summary.preset ?? null }, mapped) : null,
      message ? h('p', { class: 'kpi-file-message', role: status === 'error' ? 'alert' : null }, message) : null);

    const issues = summary.ok ? summary.issues ?? [] : [];
    if (issues.length) {
      const line = (issue) => {
        const where = whereText(issue.line, issue.byte);
        return h('li', { 'data-rule': issue.rule ?? issue.code }, where ? `${where}: ` : '', issueMessage(issue, language()));
      };
      item.append(h('ul', { class: 'kpi-issues' }, ...issues.slice(0, MAX_VISIBLE_ISSUES).map(line)));
      if (issues.length > MAX_VISIBLE_ISSUES) {
        item.append(h('details', { class: 'kpi-issues-more' },
          h('summary', {}, tn('files.issues', issues.length)),
          h('ul', { class: 'kpi-issues' }, ...issues.slice(MAX_VISIBLE_ISSUES).map(line))));
      }
    }
    return item;
  }
}

// ---------------------------------------------------------------------------

customElements.define('kpi-drop-zone', KpiDropZone);
customElements.define('kpi-file-list', KpiFileList);
