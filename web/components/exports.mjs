// <kpi-exports>: download the report as it is on screen — the KPI matrix as CSV
// (Excel's dialect for the page language) or XLSX, the self-contained HTML audit
// report (wasm/report-html.mjs, the same one `--format html` writes), the report
// JSON — and print. Files are made in this page and handed to the browser as
// blob: URLs; nothing is sent anywhere.

import { language, t } from '../i18n.mjs';
import { displayName, h, saveBlob } from '../dom.mjs';
import { fileStem, matrixTable, tableToCsv, tableToSheet } from '../export-table.mjs';
import { writeXlsx } from '../xlsx-writer.mjs';
// Imported with the page, not on first use: after the board is shown the page
// makes no request at all (tests/browser/privacy.test.mjs), so it keeps working offline.
import { periodWords, renderHtml } from '../engine/report-html.mjs';
import { why } from './today.mjs';
import { ReportView } from './report-view.mjs';

/** A metric's label in the page language; the key itself for a metric without one. */
export const metricLabel = (key) => t(`metric.${key}`, {}, key);

/** The currency's sign in the page language ("₽"), or null when the report names none. */
function currencySign(report) {
  if (!report?.currency) return null;
  try {
    return new Intl.NumberFormat(language(), { style: 'currency', currency: report.currency, currencyDisplay: 'narrowSymbol' })
      .formatToParts(0).find((p) => p.type === 'currency')?.value ?? report.currency;
  } catch {
    return report.currency;
  }
}

/** The matrix (managers and team, every metric) in the page language; money headers name the currency. */
export function exportTable(report) {
  const sign = currencySign(report);
  const table = matrixTable(report, { label: metricLabel, teamLabel: t('exports.team') });
  for (const column of table.columns) {
    if (column.kind === 'money' && sign && column.label !== column.key) column.label = `${column.label}, ${sign}`;
  }
  return table;
}

/**
 * The deals to review (the report's board cards), one row per deal with every
 * tile's reason, in the board's rank order; amounts in the money format.
 */
export function dealsSheet(report) {
  const byDeal = new Map();
  const tiles = report.board ?? [];
  const longest = Math.max(0, ...tiles.map((tile) => tile.cards?.length ?? 0));
  for (let rank = 0; rank < longest; rank += 1) {
    for (const tile of tiles) {
      const card = tile.cards?.[rank];
      if (!card) continue;
      const entry = byDeal.get(card.deal_id) ?? { card, reasons: [] };
      for (const reason of card.reasons ?? []) if (!entry.reasons.some((r) => r.code === reason.code)) entry.reasons.push(reason);
      byDeal.set(card.deal_id, entry);
    }
  }
  const header = ['id', 'title', 'manager', 'stage', 'amount', 'reasons'].map((k) => ({ v: t(`exports.deals.${k}`), style: 'header' }));
  const rows = [...byDeal.values()].map(({ card, reasons }) => [
    String(card.deal_id ?? ''), card.title ?? null, displayName(card.manager) ?? null, displayName(card.stage) ?? null,
    typeof card.amount === 'number' ? { v: card.amount, style: 'money' } : null,
    reasons.map(why).join('; ') || null,
  ]);
  return {
    name: t('exports.deals.sheet'),
    headerRow: 2,
    columns: [{ width: 12 }, { width: 32 }, { width: 24 }, { width: 22 }, { width: 14 }, { width: 70 }],
    rows: [[{ v: t('exports.deals.heading'), style: 'title' }], [], header, ...rows],
  };
}

/** The settings' time zone (dates are shown in it), or UTC when the engine cannot say. */
async function timeZoneOf(client) {
  try {
    return (await client?.settings())?.settings?.tz ?? 'UTC';
  } catch {
    return 'UTC';
  }
}

const FORMATS = {
  async csv(report) {
    const text = tableToCsv(exportTable(report), { lang: language(), nameHeader: t('exports.manager') });
    return { name: `${fileStem(report)}-matrix.csv`, blob: new Blob([text], { type: 'text/csv;charset=utf-8' }) };
  },
  async csv_keys(report) {
    const text = tableToCsv(exportTable(report), { lang: language(), technical: true });
    return { name: `${fileStem(report)}-matrix-keys.csv`, blob: new Blob([text], { type: 'text/csv;charset=utf-8' }) };
  },
  async xlsx(report, client) {
    const words = periodWords(report, { lang: language(), timeZone: await timeZoneOf(client) });
    const sheet = tableToSheet(exportTable(report), {
      name: t('exports.sheet'), nameHeader: t('exports.manager'), title: t('exports.xlsx.heading'),
      period: words.period ? t('exports.xlsx.period', { period: words.period, asOf: words.asOf ?? '—' }) : null,
    });
    const bytes = await writeXlsx({ sheets: [sheet, dealsSheet(report)] });
    return {
      name: `${fileStem(report)}-matrix.xlsx`,
      blob: new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
    };
  },
  async html(report, client) {
    const page = renderHtml(report, { lang: language(), generatedAt: new Date(), timeZone: await timeZoneOf(client) });
    return { name: `${fileStem(report)}-audit.html`, blob: new Blob([page], { type: 'text/html;charset=utf-8' }) };
  },
  async json(report) {
    return { name: `${fileStem(report)}.json`, blob: new Blob([`${JSON.stringify(report, null, 2)}\n`], { type: 'application/json' }) };
  },
};

class KpiExports extends ReportView {
  #status = null; // () => string, re-translated on render

  reportChanged() { this.#status = null; }

  listen() {
    this.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-export]');
      if (button && !button.disabled) this.export(button.dataset.export);
    });
  }

  /** Makes one export and downloads it: 'csv' | 'xlsx' | 'html' | 'json' | 'print'. */
  async export(kind) {
    if (kind === 'print') {
      window.print();
      return;
    }
    const report = this.report;
    if (!report || !Object.hasOwn(FORMATS, kind)) return;
    try {
      const { name, blob } = await FORMATS[kind](report, this.client);
      saveBlob(name, blob);
      this.#status = () => t('exports.done', { file: name });
    } catch (e) {
      this.#status = () => t('exports.failed', { message: e?.message ?? String(e) });
    }
    this.#renderStatus();
  }

  #renderStatus() {
    const status = this.querySelector('.kpi-exports-status');
    if (status) status.textContent = this.#status?.() ?? '';
  }

  render() {
    const none = !this.report;
    const button = (kind) => h('button', {
      type: 'button',
      class: 'kpi-button kpi-export-button',
      'data-export': kind,
      title: t(`exports.${kind}.title`),
      disabled: none && kind !== 'print',
    }, t(`exports.${kind}`));
    this.replaceChildren(
      h('h2', { class: 'kpi-exports-title', id: 'kpi-exports-title' }, t('exports.title')),
      h('div', { class: 'kpi-exports-buttons', role: 'group', 'aria-labelledby': 'kpi-exports-title' },
        button('csv'), button('csv_keys'), button('xlsx'), button('html'), button('json'), button('print')),
      h('p', { class: 'kpi-exports-status', role: 'status', 'aria-live': 'polite' }),
    );
    this.#renderStatus();
  }
}

customElements.define('kpi-exports', KpiExports);
