// <kpi-exports>: download the report as it is on screen — the KPI matrix as CSV
// (Excel's dialect for the page language) or XLSX, the self-contained HTML audit
// report (wasm/report-html.mjs, the same one `--format html` writes), the report
// JSON — and print. Files are made in this page and handed to the browser as
// blob: URLs; nothing is sent anywhere.

import { addStrings, language, t } from '../i18n.mjs';
import { h } from '../dom.mjs';
import { fileStem, matrixTable, tableToCsv, tableToSheet } from '../export-table.mjs';
import { writeXlsx } from '../xlsx-writer.mjs';
// Imported with the page, not on first use: after the board is shown the page
// makes no request at all (tests/browser/privacy.test.mjs), so it keeps working offline.
import { renderHtml } from '../engine/report-html.mjs';

addStrings({
  en: {
    'exports.title': 'Export',
    'exports.csv': 'CSV',
    'exports.csv.title': 'The KPI matrix as CSV: one row per manager and the team, every metric',
    'exports.xlsx': 'Excel',
    'exports.xlsx.title': 'The KPI matrix as an Excel workbook (.xlsx)',
    'exports.html': 'HTML report',
    'exports.html.title': 'The full audit report as one HTML file that opens offline',
    'exports.json': 'JSON',
    'exports.json.title': 'The report as JSON (kpi-lens/report@1)',
    'exports.print': 'Print',
    'exports.print.title': 'Print the page or save it as PDF',
    'exports.failed': 'The export failed: {message}',
    'exports.done': 'Saved {file}',
    'exports.sheet': 'KPI',
    'exports.manager': 'Manager',
    'exports.team': 'Team',
    'metric.frt_median_min': 'First response, median, min',
    'metric.frt_mean_min': 'First response, mean, min',
    'metric.frt_p90_min': 'First response, p90, min',
    'metric.sla_share': 'SLA compliance',
    'metric.sla_breached': 'SLA breached',
    'metric.sla_total': 'SLA leads',
    'metric.next_step_share': 'Next-step coverage',
    'metric.overdue_step_count': 'Overdue next steps',
    'metric.open_count': 'Open deals',
    'metric.overdue_share': 'Overdue tasks share',
    'metric.overdue_count': 'Overdue tasks',
    'metric.tasks_due_count': 'Tasks due',
    'metric.touches_per_won_mean': 'Touches per won deal, mean',
    'metric.touches_per_won_median': 'Touches per won deal, median',
    'metric.won_count': 'Won',
    'metric.lost_count': 'Lost',
    'metric.win_rate': 'Win rate',
    'metric.revenue': 'Revenue',
    'metric.avg_won_amount': 'Avg. won deal',
    'metric.stalled_count': 'Stalled deals',
    'metric.stalled_share': 'Stalled share',
    'metric.velocity_median_days': 'Deal velocity, median, days',
    'metric.plan_revenue': 'Plan',
    'metric.plan_fact_share': 'Plan achieved',
    'metric.plan_pace': 'Plan pace',
    'metric.plan_forecast': 'Forecast',
  },
  ru: {
    'exports.title': 'Экспорт',
    'exports.csv': 'CSV',
    'exports.csv.title': 'Матрица KPI в CSV: строка на менеджера и команда, все показатели',
    'exports.xlsx': 'Excel',
    'exports.xlsx.title': 'Матрица KPI книгой Excel (.xlsx)',
    'exports.html': 'HTML-отчёт',
    'exports.html.title': 'Полный аудит одним HTML-файлом, открывается без сети',
    'exports.json': 'JSON',
    'exports.json.title': 'Отчёт в JSON (kpi-lens/report@1)',
    'exports.print': 'Печать',
    'exports.print.title': 'Напечатать страницу или сохранить в PDF',
    'exports.failed': 'Экспорт не удался: {message}',
    'exports.done': 'Сохранён {file}',
    'exports.sheet': 'KPI',
    'exports.manager': 'Менеджер',
    'exports.team': 'Команда',
    'metric.frt_median_min': 'Первый ответ, медиана, мин',
    'metric.frt_mean_min': 'Первый ответ, среднее, мин',
    'metric.frt_p90_min': 'Первый ответ, p90, мин',
    'metric.sla_share': 'Соблюдение SLA',
    'metric.sla_breached': 'Нарушений SLA',
    'metric.sla_total': 'Лидов под SLA',
    'metric.next_step_share': 'Доля со следующим шагом',
    'metric.overdue_step_count': 'Просроченных следующих шагов',
    'metric.open_count': 'Открытых сделок',
    'metric.overdue_share': 'Доля просроченных задач',
    'metric.overdue_count': 'Просроченных задач',
    'metric.tasks_due_count': 'Задач со сроком',
    'metric.touches_per_won_mean': 'Касаний на выигранную, среднее',
    'metric.touches_per_won_median': 'Касаний на выигранную, медиана',
    'metric.won_count': 'Выиграно',
    'metric.lost_count': 'Проиграно',
    'metric.win_rate': 'Доля выигранных',
    'metric.revenue': 'Выручка',
    'metric.avg_won_amount': 'Средний чек',
    'metric.stalled_count': 'Зависших сделок',
    'metric.stalled_share': 'Доля зависших',
    'metric.velocity_median_days': 'Скорость сделки, медиана, дн.',
    'metric.plan_revenue': 'План',
    'metric.plan_fact_share': 'Выполнение плана',
    'metric.plan_pace': 'Темп плана',
    'metric.plan_forecast': 'Прогноз',
  },
});

/** A metric's label in the page language; the key itself for a metric without one. */
export function metricLabel(key) {
  const text = t(`metric.${key}`);
  return text === `metric.${key}` ? key : text;
}

/** The matrix (managers and team, every metric) in the page language. */
export function exportTable(report) {
  return matrixTable(report, { label: metricLabel, teamLabel: t('exports.team') });
}

const FORMATS = {
  async csv(report) {
    const text = tableToCsv(exportTable(report), { lang: language(), nameHeader: t('exports.manager') });
    return { name: `${fileStem(report)}-matrix.csv`, blob: new Blob([text], { type: 'text/csv;charset=utf-8' }) };
  },
  async xlsx(report) {
    const sheet = tableToSheet(exportTable(report), { name: t('exports.sheet'), nameHeader: t('exports.manager') });
    const bytes = await writeXlsx({ sheets: [sheet] });
    return {
      name: `${fileStem(report)}-matrix.xlsx`,
      blob: new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
    };
  },
  async html(report) {
    const page = renderHtml(report, { lang: language(), generatedAt: new Date() });
    return { name: `${fileStem(report)}-audit.html`, blob: new Blob([page], { type: 'text/html;charset=utf-8' }) };
  },
  async json(report) {
    return { name: `${fileStem(report)}.json`, blob: new Blob([`${JSON.stringify(report, null, 2)}\n`], { type: 'application/json' }) };
  },
};

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

class KpiExports extends HTMLElement {
  #report = null;
  #status = null; // () => string, re-translated on render
  #listening = false;

  get report() { return this.#report; }
  set report(value) {
    this.#report = value ?? null;
    this.#status = null;
    this.render();
  }

  connectedCallback() {
    this.render();
    if (this.#listening) return; // connected again after a move: one listener is enough
    this.#listening = true;
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
    const report = this.#report;
    if (!report || !Object.hasOwn(FORMATS, kind)) return;
    try {
      const { name, blob } = await FORMATS[kind](report);
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
    const none = !this.#report;
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
        button('csv'), button('xlsx'), button('html'), button('json'), button('print')),
      h('p', { class: 'kpi-exports-status', role: 'status', 'aria-live': 'polite' }),
    );
    this.#renderStatus();
  }
}

customElements.define('kpi-exports', KpiExports);
