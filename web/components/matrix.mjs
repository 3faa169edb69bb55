// <kpi-matrix>: managers × every metric of the report, the KPI matrix of the
// spec. Columns are grouped (response, activity, pipeline, outcome, plan); a
// readable default set is shown and a chooser adds the rest. Each cell: the
// value, its status against the norm (colour, icon and words), the sample
// size n (small samples marked) and the change against the previous period.
// Sortable by any column; split by source, lead class or segment (spec §5:
// a manager is flagged against the same group's average); the team row; and
// the mix-adjusted expectation beside each share. A cell opens its deals in
// <kpi-drill> (click, Enter or Space; arrow keys move between cells).
//
// Test hooks: td[data-metric][data-value][data-status][data-manager],
// tr[data-manager] (and [data-group] when split), tr[data-team], th[aria-sort].

import { formatCount, language, t } from '../i18n.mjs';
import { message } from '../engine/messages.mjs';
import { displayName, formatInstant, formatMoney, formatPercent, h } from '../dom.mjs';
import {
  METRIC_GROUPS, STATUS_ICON, deltaParts, drillable, formatMetric, isNumber, isUnavailable,
  formatNorm, metricKind, metricLabel, metricTitle, normOf, reasonOf, statusOf, unavailableText,
} from './metrics.mjs';
import { seriesPoints, sparkline } from './trends.mjs';
import { ReportView } from './report-view.mjs';

const COLUMNS_KEY = 'kpi-lens.matrix.columns';
const SPLITS = ['none', 'source', 'lead_class', 'segment'];
const ALL_METRICS = METRIC_GROUPS.flatMap((g) => g.metrics);

/**
 * The user's own column choice, as {role, columns} (a bare array, as saved
 * before the role KPI sets, is a choice made under "general"); null when none.
 */
function storedColumns() {
  try {
    const saved = JSON.parse(globalThis.localStorage?.getItem(COLUMNS_KEY) ?? 'null');
    const choice = Array.isArray(saved) ? { role: 'general', columns: saved } : saved;
    if (Array.isArray(choice?.columns)) {
      const known = choice.columns.filter((m) => ALL_METRICS.includes(m));
      if (known.length) return { role: String(choice.role ?? 'general'), columns: new Set(known) };
    }
  } catch { /* storage disabled or garbled: the role's columns */ }
  return null;
}

/** What a row's cells are drawn with: {team, groupBy, group, manager} (a manager's row names them). */
function cellOptions({ data, options: { team = false, groupBy = '', group = '', groupLabel = '' } }) {
  return { team, groupBy, group, manager: team || groupLabel ? '' : data.name ?? '' };
}

/** Lead classes are stored as hot / warm / cold; the page names them. */
function groupName(split, name) {
  return split === 'lead_class' ? t(`class.${name}`) : (displayName(name) || '—');
}

class KpiMatrix extends ReportView {
  #choice = storedColumns(); // the user's own columns {role, columns}, or null: the report's layout
  #sort = { metric: null, dir: 'desc' }; // null = report order (by name)
  #split = 'none';
  #expected = 'off';
  #focus = null; // {row, metric} of the cell that holds the tab stop

  #resizeObserver = null;

  listen() {
    this.addEventListener('click', (event) => this.#onClick(event));
    this.addEventListener('keydown', (event) => this.#onKey(event));
    this.addEventListener('change', (event) => this.#onChange(event));
  }

  /** Columns shown, in catalogue order. */
  #shown() { return ALL_METRICS.filter((m) => this.#columns.has(m)); }

  /**
   * The columns in force: the user's choice made under the role in force, else the role
   * KPI set's (report.layout.columns, the core's; issue 11: the general role's is spec §3's matrix).
   */
  get #columns() {
    const layout = this.report?.layout;
    const role = layout?.role ?? 'general';
    if (this.#choice && this.#choice.role === role) return this.#choice.columns;
    return new Set((layout?.columns ?? []).filter((m) => ALL_METRICS.includes(m)));
  }

  // What the table on screen was built from (#patch): its layout key, each cell by row and
  // metric ({sig, td}), each column's sort button, the meta line and the note.
  #built = null;

  render() {
    const report = this.report;
    if (!report) {
      this.#built = null;
      HTMLElement.prototype.replaceChildren.call(this, h('h2', { class: 'kpi-section-title' }, t('matrix.title')), h('p', { class: 'kpi-muted kpi-matrix-none' }, t('matrix.none')));
      return;
    }
    const columns = this.#shown();
    const plan = this.#plan(columns);
    // A new report with the same rows, columns, order and language (a norm change, a new
    // period of the same managers...) changes cells in place: only a cell whose inputs
    // differ is built again, so the rest keep their nodes, styles and shaped text. A render
    // asked for with the report already drawn (a language switch, a sort) draws it anew.
    const key = [language(), report.currency ?? '', columns.join(','), this.#split, this.#expected, this.#sort.metric, this.#sort.dir,
      plan.keys.join('\u0001')].join('\u0002');
    if (this.#built?.key === key && this.#built.report !== report && this.#built.host === this.firstElementChild) {
      this.#built.report = report;
      this.#patch(columns, plan);
      return;
    }
    const built = { key, report, host: null, cells: new Map(), sorts: new Map(), meta: null, note: null };
    this.#built = built;
    const heading = h('h2', { class: 'kpi-section-title' }, t('matrix.title'));
    built.host = heading;
    const managers = report.managers ?? [];
    const table = h('table', { class: 'kpi-table kpi-matrix-table', role: 'grid', 'aria-label': t('matrix.title') },
      this.#head(columns), ...this.#bodies(columns, plan),
      h('tfoot', { hidden: managers.length === 0 }, this.#row(plan.team, columns)));
    built.meta = this.#meta(report) ?? document.createComment('meta');
    built.note = this.#note(columns) ?? document.createComment('note');
    const wrap = h('div', { class: 'kpi-table-wrap kpi-matrix-wrap' }, table);
    const hint = h('p', { class: 'kpi-scroll-hint', 'aria-hidden': 'true' }, t('matrix.scroll_more'));
    // Not ReportView's morph: #built holds the new nodes, and the wrap's listeners are on them.
    HTMLElement.prototype.replaceChildren.call(this, heading, built.meta, this.#toolbar(columns), wrap, hint,
      h('p', { class: 'kpi-matrix-legend kpi-muted' }, t('matrix.legend')), built.note);
    this.#placeTabStop();
    this.#watchScroll(wrap, hint);
  }

  /** The same table with a new report: cells, sort titles, the meta line and the note where they differ. */
  #patch(columns, plan) {
    const built = this.#built;
    for (const spec of [...plan.rows, plan.team]) {
      for (const metric of columns) {
        const entry = built.cells.get(`${spec.key}\u0000${metric}`);
        const sig = this.#cellSig(metric, spec.data, cellOptions(spec));
        if (!entry || entry.sig === sig) continue;
        const td = this.#cell(metric, spec.data, cellOptions(spec));
        td.tabIndex = entry.td.tabIndex;
        entry.td.replaceWith(td);
        entry.td = td;
        entry.sig = sig;
      }
    }
    for (const metric of columns) {
      const button = built.sorts.get(metric);
      const title = this.#columnTitle(metric);
      if (button && button.title !== title) button.title = title;
    }
    const swap = (part, next, empty) => {
      const made = next ?? empty;
      if (built[part].isEqualNode(made)) return;
      built[part].replaceWith(made);
      built[part] = made;
    };
    swap('meta', this.#meta(this.report), document.createComment('meta'));
    swap('note', this.#note(columns), document.createComment('note'));
  }

  /** Why some shown columns have no values (the report's unavailable families), or null. */
  #note(columns) {
    const report = this.report;
    const missing = columns.map((m) => report.catalogue?.[m]?.unavailable).filter((f, i, all) => f && all.indexOf(f) === i)
      .map((family) => ({ family, reason: unavailableText(report, family) })).filter((u) => u.reason);
    return missing.length ? h('p', { class: 'kpi-muted kpi-unavailable' }, t('matrix.unavailable', {
      metrics: missing.map((u) => `${t(`family.${u.family}`)} (${u.reason})`).join('; '),
    })) : null;
  }

  /** Says "more columns to the right" while the table is wider than its card and not scrolled to its end. */
  #watchScroll(wrap, hint) {
    const update = () => {
      const more = wrap.scrollLeft + wrap.clientWidth < wrap.scrollWidth - 1;
      wrap.toggleAttribute('data-more', more);
      hint.toggleAttribute('data-visible', more);
    };
    wrap.addEventListener('scroll', update, { passive: true });
    this.#resizeObserver?.disconnect();
    this.#resizeObserver = new ResizeObserver(update);
    // Its first call comes with the next frame, after layout: reading the sizes here,
    // between the DOM writes of a render, would force a layout of the whole page.
    this.#resizeObserver.observe(wrap);
  }

  #meta(report) {
    if (!report.as_of && !report.period?.from) return null;
    return h('p', { class: 'kpi-meta' },
      h('span', {}, `${t('meta.as_of')}: `,
        h('time', { datetime: report.as_of ?? '', 'data-as-of': report.as_of ?? '' },
          formatInstant(report.as_of, { withTime: true }))),
      h('span', { class: 'kpi-meta-sep', 'aria-hidden': 'true' }, '·'),
      h('span', {}, `${t('meta.period')}: `,
        h('time', { datetime: report.period?.from ?? '', 'data-period-from': report.period?.from ?? '' },
          formatInstant(report.period?.from, { withTime: false })),
        ' – ',
        // The period is [from, to): show the last day inside it.
        h('time', { datetime: report.period?.to ?? '', 'data-period-to': report.period?.to ?? '' },
          formatInstant(report.period?.to, { withTime: false, exclusiveEnd: true }))));
  }

  #toolbar(columns) {
    const select = (name, label, options, current) => h('label', { class: 'kpi-control' },
      h('span', { class: 'kpi-control-label' }, label),
      h('select', { 'data-control': name }, ...options.map(([value, text]) => h('option', { value, selected: value === current }, text))));
    const split = select('split', t('matrix.split'), SPLITS.map((s) => [s, t(`matrix.split.${s}`)]), this.#split);
    const expected = select('expected', t('matrix.expected'),
      ['off', 'source', 'lead_class', 'segment'].map((s) => [s, t(`matrix.expected.${s}`)]), this.#expected);
    const chooser = h('details', { class: 'kpi-columns' },
      h('summary', {}, t('matrix.columns', { n: formatCount(columns.length), total: formatCount(ALL_METRICS.length) })),
      h('div', { class: 'kpi-columns-panel' },
        ...METRIC_GROUPS.map((group) => h('fieldset', { class: 'kpi-columns-group' },
          h('legend', {}, t(`group.${group.id}`)),
          ...group.metrics.map((metric) => h('label', { class: 'kpi-columns-item', title: metricTitle(metric) },
            h('input', { type: 'checkbox', 'data-column': metric, checked: this.#columns.has(metric) }),
            ` ${metricLabel(metric)}`)))),
        h('button', { type: 'button', class: 'kpi-button', 'data-columns-reset': '' }, t('matrix.columns.reset'))));
    return h('div', { class: 'kpi-matrix-toolbar' }, split, expected, chooser);
  }

  #head(columns) {
    const groups = METRIC_GROUPS.map((g) => ({ ...g, shown: g.metrics.filter((m) => columns.includes(m)) }))
      .filter((g) => g.shown.length);
    const top = h('tr', { class: 'kpi-group-row' },
      h('td', { class: 'kpi-col-name' }),
      ...groups.map((g) => h('th', { scope: 'colgroup', colspan: g.shown.length, class: 'kpi-group-head', 'data-group-head': g.id },
        t(`group.${g.id}`))));
    // The direction a column is sorted in, or null (no metric chosen: the rows are in name order).
    const dirOf = (key) => (this.#sort.metric === key || (key === 'name' && this.#sort.metric === null) ? this.#sort.dir : null);
    const sortButton = (key, label, title) => h('button', { type: 'button', class: 'kpi-sort', 'data-sort': key, title },
      h('span', {}, label),
      h('span', { class: 'kpi-sort-icon', 'aria-hidden': 'true' }, { asc: '▲', desc: '▼' }[dirOf(key)] ?? '↕'));
    const ariaSort = (key) => ({ asc: 'ascending', desc: 'descending' }[dirOf(key)] ?? 'none');
    const nameSortDir = this.#sort.metric === null ? 'asc' : this.#sort.dir;
    const bottom = h('tr', {},
      h('th', { scope: 'col', class: 'kpi-col-name', 'aria-sort': this.#sort.metric === null || this.#sort.metric === 'name' ? (nameSortDir === 'asc' ? 'ascending' : 'descending') : 'none' },
        sortButton('name', t('matrix.manager'), t('matrix.sort_by', { column: t('matrix.manager') }))),
      ...columns.map((metric) => {
        const button = sortButton(metric, metricLabel(metric), this.#columnTitle(metric));
        this.#built.sorts.set(metric, button);
        return h('th', { scope: 'col', class: 'kpi-num', 'data-metric': metric, 'aria-sort': ariaSort(metric) }, button);
      }));
    return h('thead', {}, top, bottom);
  }

  /** A column's tooltip: the metric, the team's norm or why it is missing. */
  #columnTitle(metric) {
    const team = this.report.team;
    const norm = formatNorm(metric, normOf(this.report, team, metric));
    const reason = isUnavailable(team, metric) ? reasonOf(team, metric) : '';
    return [metricTitle(metric), norm ? `${t('board.norm')}: ${norm}` : null, reason ? t('board.unavailable', { reason }) : null]
      .filter(Boolean).join(' · ');
  }

  /**
   * The rows to draw, in order: {bodies: [{attributes, rows: [spec]} or {empty: text}], rows (every
   * spec), team, keys (what identifies the layout: each body and row)}. A spec is {key, attributes,
   * name, data, options}: what #row draws.
   */
  #plan(columns) {
    const report = this.report;
    const managers = report.managers ?? [];
    const team = { key: '#team', attributes: { 'data-team': '' }, name: t('matrix.team'), data: report.team, options: { team: true } };
    const bodies = [];
    if (this.#split === 'none') {
      const rows = this.#sorted(managers.map((m) => ({ ...m }))).map((m) => ({
        key: `m:${m.name ?? ''}`, attributes: { 'data-manager': m.name ?? '' }, name: displayName(m.name) || '—', data: m, options: {},
      }));
      bodies.push({ attributes: {}, rows, empty: managers.length === 0 ? t('matrix.empty') : null });
    } else {
      const split = this.#split;
      const cells = report.splits?.[split] ?? [];
      for (const group of report.groups?.[split] ?? []) {
        const members = this.#sorted(cells.filter((c) => c.group === group.name)
          .map((c) => ({ ...c, name: c.manager, worse: c.worse_than_group ?? [] })));
        if (members.length === 0 && !(group.metrics && Object.values(group.metrics).some(isNumber))) continue;
        const options = { groupBy: split, group: group.name };
        bodies.push({
          attributes: { class: 'kpi-split', 'data-split-group': group.name },
          rows: [{ key: `g:${group.name}`, attributes: { class: 'kpi-group-total', 'data-group-total': group.name }, name: groupName(split, group.name), data: group,
            options: { ...options, groupLabel: t(`matrix.split_label.${split}`) } },
          ...members.map((m) => ({ key: `g:${group.name}\u0000${m.name}`, attributes: { 'data-manager': m.name, 'data-group': group.name },
            name: displayName(m.name), data: m, options: { ...options, nested: true } }))],
        });
      }
      if (bodies.length === 0) bodies.push({ attributes: {}, rows: [], empty: t('matrix.split_empty') });
    }
    const rows = bodies.flatMap((b) => b.rows);
    return { bodies, rows, team, keys: [...bodies.map((b) => `${b.attributes['data-split-group'] ?? ''}:${b.rows.length}:${b.empty ?? ''}`), ...rows.map((r) => r.key)] };
  }

  /** Manager rows (sorted), or one tbody per group when split. */
  #bodies(columns, plan) {
    return plan.bodies.map((body) => {
      const element = h('tbody', body.attributes, ...body.rows.map((spec) => this.#row(spec, columns)));
      if (body.empty) element.append(h('tr', { class: 'kpi-empty-row' }, h('td', { colspan: columns.length + 1 }, body.empty)));
      return element;
    });
  }

  /** Rows in the chosen order; no data always last. */
  #sorted(rows) {
    const { metric, dir } = this.#sort;
    if (metric === null) return rows;
    const sign = dir === 'asc' ? 1 : -1;
    const collator = new Intl.Collator(document.documentElement.lang || undefined);
    return rows.map((row, i) => ({ row, i })).sort((a, b) => {
      if (metric === 'name') return sign * collator.compare(a.row.name ?? '', b.row.name ?? '') || a.i - b.i;
      const va = a.row.metrics?.[metric], vb = b.row.metrics?.[metric];
      if (!isNumber(va) || !isNumber(vb)) return (isNumber(va) ? -1 : 0) + (isNumber(vb) ? 1 : 0) || a.i - b.i;
      return sign * (va - vb) || a.i - b.i;
    }).map((x) => x.row);
  }

  #row(spec, columns) {
    const { key, attributes, name, data, options: { groupLabel = '', nested = false } } = spec;
    const header = h('th', { scope: 'row', class: `kpi-col-name${nested ? ' kpi-nested' : ''}` },
      groupLabel ? h('span', { class: 'kpi-group-kind' }, `${groupLabel}: `) : null,
      h('span', { class: 'kpi-row-name' }, name));
    const options = cellOptions(spec);
    return h('tr', attributes, header, ...columns.map((metric) => {
      const td = this.#cell(metric, data, options);
      this.#built.cells.set(`${key}\u0000${metric}`, { sig: this.#cellSig(metric, data, options), td });
      return td;
    }));
  }

  /**
   * Everything a cell is drawn from, as one string: a cell whose string is unchanged in a new
   * report (same layout and language) is kept as it is.
   */
  #cellSig(metric, data, { team, groupBy, group, manager }) {
    const report = this.report;
    const sample = data.samples?.[metric];
    const expected = this.#expected !== 'off' && manager && !groupBy ? data.expected?.[this.#expected]?.[metric] : null;
    let spark = '';
    if (!groupBy) for (const p of seriesPoints(report, team ? null : manager)) spark += `${p?.metrics?.[metric]}:${p?.status?.[metric]},`;
    return [data.metrics?.[metric], data.status_reason?.[metric], data.status?.[metric], data.status_lead_class?.[metric],
      JSON.stringify(normOf(report, data, metric)), sample ? `${sample.n}:${sample.small}:${sample.low}:${sample.high}` : '',
      data.previous?.[metric], report.catalogue?.[metric]?.direction, expected, data.worse?.includes(metric), group, spark].join('\u0001');
  }

  #cell(metric, data, { team, groupBy, group, manager }) {
    const report = this.report;
    const value = data.metrics?.[metric];
    const present = isNumber(value);
    const reason = present ? null : reasonOf(data, metric);
    const status = present ? statusOf(data, metric) : null;
    const attributes = {
      class: `kpi-num kpi-cell${present ? '' : ' kpi-null'}`,
      'data-metric': metric,
      'data-value': present ? String(value) : '',
      'data-status': status,
      'data-manager': manager || null,
      'data-team': team ? '' : null,
      'data-group-by': groupBy || null,
      'data-group': groupBy ? group : null,
      'data-drill': drillable(metric) ? '' : null,
      tabindex: '-1',
    };
    if (!present) {
      return h('td', { ...attributes, title: reason ? t('board.unavailable', { reason }) : t('value.no_data') },
        h('span', { class: 'kpi-value' }, '—'));
    }
    const compact = metricKind(metric) === 'money';
    // The tooltip: the exact amount behind a rounded one, the status, the sample, the change.
    const titleBits = compact ? [formatMoney(value, { exact: true })] : [];
    // The team's FRT median is judged by its worst lead class (report team.status_lead_class; issue 10):
    // the tooltip names that class rather than the mix of class norms.
    const byClass = data.status_lead_class?.[metric];
    if (status) {
      titleBits.push(`${t(`status.${status}`)} (${byClass ? message(`FRT_STATUS_BY_CLASS_${byClass.toUpperCase()}`, {}, language())
        : formatNorm(metric, normOf(report, data, metric))})`);
    }

    const sample = data.samples?.[metric] ?? null;
    const sub = [];
    if (sample && isNumber(sample.n)) {
      sub.push(h('span', { class: `kpi-n${sample.small ? ' kpi-n-small' : ''}`, 'data-n': String(sample.n), 'data-small': sample.small ? '' : null },
        `n ${formatCount(sample.n)}${sample.small ? '*' : ''}`));
      titleBits.push(sample.small
        ? t('matrix.small_sample', { n: formatCount(sample.n), low: formatPercent(sample.low), high: formatPercent(sample.high) })
        : t('matrix.sample', { n: formatCount(sample.n), low: formatPercent(sample.low), high: formatPercent(sample.high) }));
    }
    const previous = data.previous?.[metric];
    if (isNumber(previous)) {
      const delta = value - previous;
      const shown = deltaParts(metric, delta, report);
      sub.push(h('span', { class: 'kpi-cell-delta', 'data-tone': shown.tone, 'data-delta': String(delta) },
        h('span', { 'aria-hidden': 'true' }, shown.arrow), shown.text));
      titleBits.push(t('matrix.delta', { delta: shown.text }));
    }
    if (this.#expected !== 'off' && manager && !groupBy) {
      const expected = data.expected?.[this.#expected]?.[metric];
      if (isNumber(expected)) {
        sub.push(h('span', { class: 'kpi-expected', 'data-expected': String(expected) }, t('matrix.expected_short', { value: formatPercent(expected) })));
        titleBits.push(t('matrix.expected_title', { value: formatPercent(expected) }));
      }
    }
    const worse = data.worse?.includes(metric);
    if (worse) titleBits.push(t('matrix.worse_than_group'));

    return h('td', { ...attributes, 'data-worse': worse ? '' : null, title: titleBits.length ? titleBits.join('\n') : null },
      h('span', { class: 'kpi-cell-main' },
        status ? h('span', { class: 'kpi-status-icon', 'data-status': status, 'aria-hidden': 'true' }, STATUS_ICON[status]) : null,
        worse ? h('span', { class: 'kpi-worse-icon', 'aria-hidden': 'true' }, '▾') : null,
        h('span', { class: 'kpi-value' }, formatMetric(metric, value, { compact })),
        status ? h('span', { class: 'kpi-sr' }, ` ${t(`status.${status}`)}`) : null,
        worse ? h('span', { class: 'kpi-sr' }, ` ${t('matrix.worse_than_group')}`) : null),
      sub.length ? h('span', { class: 'kpi-cell-sub' }, ...sub) : null,
      groupBy ? null : sparkline(seriesPoints(report, team ? null : manager), metric)); // issue 11: the row's weeks or months
  }

  // ---- interaction --------------------------------------------------------

  #onClick(event) {
    const sort = event.target.closest('button[data-sort]');
    if (sort) {
      this.#toggleSort(sort.dataset.sort);
      return;
    }
    if (event.target.closest('[data-columns-reset]')) {
      this.#setColumns(null);
      return;
    }
    const cell = event.target.closest('td[data-drill]');
    if (cell && !cell.classList.contains('kpi-null')) this.#openDrill(cell);
    else if (cell) this.#rememberFocus(cell);
  }

  #toggleSort(key) {
    const current = this.#sort.metric ?? 'name';
    if (current === key) this.#sort = { metric: key, dir: this.#sort.dir === 'asc' ? 'desc' : 'asc' };
    else this.#sort = { metric: key, dir: key === 'name' ? 'asc' : 'desc' };
    this.render();
    this.querySelector(`button[data-sort="${CSS.escape(key)}"]`)?.focus();
  }

  #onChange(event) {
    const control = event.target.dataset.control;
    if (control === 'split') {
      this.#split = SPLITS.includes(event.target.value) ? event.target.value : 'none';
      this.render();
      this.querySelector('select[data-control="split"]')?.focus();
    } else if (control === 'expected') {
      this.#expected = event.target.value;
      this.render();
      this.querySelector('select[data-control="expected"]')?.focus();
    } else if (event.target.dataset.column) {
      const next = new Set(this.#columns);
      if (event.target.checked) next.add(event.target.dataset.column);
      else next.delete(event.target.dataset.column);
      if (next.size === 0) { event.target.checked = true; return; } // at least one column
      this.#setColumns(next, event.target.dataset.column);
    }
  }

  #setColumns(columns, focusColumn = null) {
    this.#choice = columns ? { role: this.report?.layout?.role ?? 'general', columns } : null;
    try {
      if (this.#choice) globalThis.localStorage?.setItem(COLUMNS_KEY, JSON.stringify({ role: this.#choice.role, columns: [...columns] }));
      else globalThis.localStorage?.removeItem(COLUMNS_KEY);
    } catch { /* not fatal */ }
    const open = this.querySelector('details.kpi-columns')?.open;
    this.render();
    const details = this.querySelector('details.kpi-columns');
    if (details && open) details.open = true;
    (focusColumn ? this.querySelector(`input[data-column="${CSS.escape(focusColumn)}"]`) : details?.querySelector('summary'))?.focus();
  }

  #openDrill(cell) {
    this.#rememberFocus(cell);
    const { metric, manager = '', groupBy = '', group = '' } = cell.dataset;
    this.dispatchEvent(new CustomEvent('kpi-drill', {
      bubbles: true,
      detail: { metric, manager, groupBy, group, label: metricTitle(metric) },
    }));
  }

  // Arrow keys move between the cells (one tab stop for the grid); Enter or Space opens a cell's deals.
  #onKey(event) {
    const cell = event.target.closest?.('td[data-metric]');
    if (!cell) return;
    const rows = [...this.querySelectorAll('tbody tr, tfoot tr')].filter((tr) => tr.querySelector('td[data-metric]'));
    const row = cell.parentElement;
    const r = rows.indexOf(row);
    const cellsOf = (tr) => [...tr.querySelectorAll('td[data-metric]')];
    const c = cellsOf(row).indexOf(cell);
    let target = null;
    switch (event.key) {
      case 'ArrowRight': target = cellsOf(row)[c + 1]; break;
      case 'ArrowLeft': target = cellsOf(row)[c - 1]; break;
      case 'ArrowDown': target = rows[r + 1] && cellsOf(rows[r + 1])[c]; break;
      case 'ArrowUp': target = rows[r - 1] && cellsOf(rows[r - 1])[c]; break;
      case 'Home': target = cellsOf(row)[0]; break;
      case 'End': target = cellsOf(row).at(-1); break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        if (cell.dataset.drill !== undefined && !cell.classList.contains('kpi-null')) this.#openDrill(cell);
        return;
      default: return;
    }
    event.preventDefault();
    if (target) {
      this.#rememberFocus(target);
      target.focus();
    }
  }

  #rememberFocus(cell) {
    for (const other of this.querySelectorAll('td[data-metric][tabindex="0"]')) other.tabIndex = -1;
    cell.tabIndex = 0;
    this.#focus = { row: cell.parentElement.dataset.manager ?? (cell.parentElement.dataset.team !== undefined ? '#team' : ''), metric: cell.dataset.metric };
  }

  /** Keeps one cell in the tab order: the last one used, else the first. */
  #placeTabStop() {
    const cells = this.querySelectorAll('td[data-metric]');
    if (cells.length === 0) return;
    let stop = null;
    if (this.#focus) {
      const rowSelector = this.#focus.row === '#team' ? 'tr[data-team]' : `tr[data-manager="${CSS.escape(this.#focus.row)}"]`;
      stop = this.querySelector(`${rowSelector} td[data-metric="${CSS.escape(this.#focus.metric)}"]`);
    }
    (stop ?? cells[0]).tabIndex = 0;
  }
}

customElements.define('kpi-matrix', KpiMatrix);
