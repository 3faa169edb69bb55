// <kpi-first-hour>: what a head of sales looks for first besides the board
// (issue 10): activity per manager and day, money in the open pipeline per
// stage and manager with the weighted forecast, new deals per manager and
// source, and the managers ranked by the board's deviations. Every figure,
// every order and the ranking come from the report (report.activity,
// open_pipeline, new_deals, ranking; docs/kpi.md); this element only prints
// them. A section without its input says what it needs, never zeros.

import { formatCount, intl, language, t, tn } from '../i18n.mjs';
import { displayName, formatInstant, formatMoney, h, lazyDetails } from '../dom.mjs';
import { message } from '../engine/messages.mjs';
import { formatDecimal, isNumber, metricTitle } from './metrics.mjs';
import { ReportView } from './report-view.mjs';

const ACTIVITY = ['calls_out', 'calls_in', 'talk_min', 'meetings', 'emails_out', 'messages_out'];

const money = (v) => (isNumber(v) ? formatMoney(v) : '—');
const count = (v) => (isNumber(v) ? formatCount(v) : '—');
const pct = (v) => (isNumber(v) ? intl(Intl.NumberFormat, { style: 'percent', maximumFractionDigits: 0 }).format(v) : '—');
const who = (name) => (name === null || name === undefined ? t('fh.team') : displayName(name));

/** A table in a scroll region: head cells [text, numeric?], rows of cells. */
function table(label, head, rows, { team = false } = {}) {
  return h('div', { class: 'kpi-fh-scroll', tabindex: '0', role: 'region', 'aria-label': label },
    h('table', { class: 'kpi-table kpi-fh-table' },
      h('thead', {}, h('tr', {}, ...head.map(([text, num], i) => h('th', { scope: 'col', class: num ? 'kpi-num' : null, 'data-col': i }, text)))),
      h('tbody', {}, ...rows.map((cells, r) => h('tr', { class: team && r === 0 ? 'kpi-fh-team' : null, 'data-row': cells[0] ?? '' },
        ...cells.slice(1).map((cell, i) => (i === 0
          ? h('th', { scope: 'row' }, cell)
          : h('td', { class: head[i][1] ? 'kpi-num' : null }, cell))))))));
}

class KpiFirstHour extends ReportView {
  render() {
    const report = this.report;
    if (!report || report.state?.code !== 'OK') {
      this.hidden = true;
      this.replaceChildren();
      return;
    }
    this.hidden = false;
    this.replaceChildren(
      h('h2', { class: 'kpi-section-title' }, t('fh.title')),
      h('div', { class: 'kpi-fh-grid' },
        this.#ranking(report), this.#pipeline(report), this.#newDeals(report), this.#activity(report)));
  }

  #section(id, title, ...children) {
    return h('section', { class: 'kpi-fh-section', 'data-section': id },
      h('h3', { class: 'kpi-fh-title' }, title), ...children);
  }

  #missing(code) { return h('p', { class: 'kpi-muted' }, t('fh.unavailable', { reason: message(code, {}, language()) })); }

  #ranking(report) {
    const ranking = report.ranking ?? [];
    const body = ranking.length === 0 ? h('p', { class: 'kpi-muted' }, t('fh.ranking.none'))
      : h('ol', { class: 'kpi-fh-ranking' }, ...ranking.map((m) => h('li', {
        'data-manager': m.manager, 'data-bad': m.bad, 'data-warn': m.warn,
      },
      h('span', { class: 'kpi-fh-rank-name' }, displayName(m.manager)),
      h('span', { class: 'kpi-fh-rank-counts' },
        m.bad ? h('span', { class: 'kpi-state', 'data-status': 'bad' }, tn('fh.ranking.bad', m.bad)) : null,
        m.warn ? h('span', { class: 'kpi-state', 'data-status': 'warn' }, tn('fh.ranking.warn', m.warn)) : null,
        !m.bad && !m.warn ? h('span', { class: 'kpi-state', 'data-status': 'ok' }, t('fh.ranking.all_ok')) : null),
      m.off?.length ? h('span', { class: 'kpi-fh-rank-off' }, m.off.map((k) => metricTitle(k)).join(', ')) : null)));
    return this.#section('ranking', t('fh.ranking.title'), h('p', { class: 'kpi-muted kpi-fh-note' }, t('fh.ranking.rule')), body);
  }

  #pipeline(report) {
    const p = report.open_pipeline;
    if (!p) return this.#section('open_pipeline', t('fh.pipeline.title'), this.#missing('NEEDS_DEALS'));
    const team = (p.managers ?? [])[0] ?? {};
    const several = new Set((p.stages ?? []).map((st) => st.pipeline)).size > 1;  // stage names repeat across pipelines
    const stages = table(t('fh.pipeline.by_stage'),
      [[t('fh.col.stage')], [t('fh.col.open'), true], [t('fh.col.amount'), true], [t('fh.col.probability'), true], [t('fh.col.weighted'), true]],
      (p.stages ?? []).map((s) => [`${s.pipeline}|${s.stage}`, several ? `${displayName(s.pipeline)} · ${displayName(s.stage)}` : displayName(s.stage), count(s.open_count), money(s.amount),
        isNumber(s.win_probability) ? pct(s.win_probability) : t('fh.no_history'), money(s.weighted)]));
    const managers = table(t('fh.pipeline.by_manager'),
      [[t('fh.col.manager')], [t('fh.col.open'), true], [t('fh.col.amount'), true], [t('fh.col.weighted'), true], [t('fh.col.unweighted'), true]],
      (p.managers ?? []).map((m) => [m.manager ?? '', who(m.manager), count(m.open_count), money(m.amount), money(m.weighted), money(m.unweighted_amount)]),
      { team: true });
    return this.#section('open_pipeline', t('fh.pipeline.title'),
      h('p', { class: 'kpi-fh-summary' }, t('fh.pipeline.summary', { amount: money(team.amount), weighted: money(team.weighted), n: count(team.open_count) })),
      h('p', { class: 'kpi-muted kpi-fh-note' }, t('fh.pipeline.rule')),
      stages, managers);
  }

  #newDeals(report) {
    const n = report.new_deals;
    if (!n) return this.#section('new_deals', t('fh.new.title'), this.#missing('NEEDS_DEALS'));
    const managers = table(t('fh.new.by_manager'), [[t('fh.col.manager')], [t('fh.col.new'), true], [t('fh.col.amount'), true]],
      (n.managers ?? []).map((m) => [m.manager ?? '', who(m.manager), count(m.count), money(m.amount)]), { team: true });
    const sources = () => table(t('fh.new.by_source'), [[t('fh.col.manager')], [t('fh.col.source')], [t('fh.col.new'), true], [t('fh.col.amount'), true]],
      (n.by_source ?? []).map((s) => [`${s.manager ?? ''}|${s.source ?? ''}`, who(s.manager), s.source === null ? t('fh.no_source') : displayName(s.source), count(s.count), money(s.amount)]));
    const { from, to } = report.period ?? {};
    const period = from && to ? t('fh.period', {
      from: formatInstant(from, { withTime: false }), to: formatInstant(to, { withTime: false, exclusiveEnd: true }),
    }) : null;
    return this.#section('new_deals', t('fh.new.title'), period ? h('p', { class: 'kpi-muted kpi-fh-note' }, period) : null, managers,
      lazyDetails({ class: 'kpi-fh-details' }, t('fh.new.by_source'), sources));
  }

  #activity(report) {
    const rows = report.activity;
    if (!rows) return this.#section('activity', t('fh.activity.title'), this.#missing('NEEDS_ACTIVITIES'));
    const head = [[t('fh.col.manager')], ...ACTIVITY.map((k) => [t(`fh.activity.${k}`), true])];
    const cells = (c) => ACTIVITY.map((k) => (k === 'talk_min' ? formatDecimal(Math.round(c[k] ?? 0)) : count(c[k])));
    const period = table(t('fh.activity.title'), head, rows.map((r) => [r.manager ?? '', who(r.manager), ...cells(r.period ?? {})]), { team: true });
    const days = rows.filter((r) => r.manager !== null && (r.days ?? []).length).map((r) => {
      const title = t('fh.activity.days_of', { manager: displayName(r.manager), n: formatCount(r.days.length) });
      return lazyDetails({ class: 'kpi-fh-details', 'data-manager': r.manager }, title, () => table(title,
        [[t('fh.col.day')], ...ACTIVITY.map((k) => [t(`fh.activity.${k}`), true])],
        r.days.map((d) => [d.date, formatInstant(d.date, { withTime: false }), ...cells(d)])));
    });
    return this.#section('activity', t('fh.activity.title'), h('p', { class: 'kpi-muted kpi-fh-note' }, t('fh.activity.rule')), period, ...days);
  }
}

customElements.define('kpi-first-hour', KpiFirstHour);
