// bench-peer-sql.mjs — the questions the board asks, as SQL for DuckDB(-WASM), and the check
// that the peer's answers equal ours. Used by scripts/bench.mjs; pure functions (no DuckDB
// here), so tests/node/bench-peer-sql.test.mjs can test the agreement check on its own.
//
// Both sides analyse with the same explicit settings (BENCH_SETTINGS): the SQL is generated from
// that object, so it reads the values the core is given rather than repeating the core's
// defaults. What the SQL computes, for the period [from, to) and `now` = as_of (docs/kpi.md):
//   skeleton   won / lost counts, revenue per owner, source, segment and loss reason, team
//   frt, sla   first outgoing touch at or after created_at and by now; working seconds under the
//              Mon–Fri 09:00–18:00 calendar (the macro kpi_wsec below: cumulative working seconds
//              since 1970, so a duration is a difference); median, mean and p90 (linear, like
//              numpy) per owner and team; SLA ok / breach per class norm, unanswered leads a
//              breach once their working-time deadline is before now
//   next_step  deals open at now: an open task due at or after now / only overdue open tasks
//   overdue    tasks seen at now, due in the period and before now: completed late or not at all
//   stalled    deals open at now: working time since the last stage change > the stage's control
//              period × 9 h; per owner, team and (pipeline, stage at now)
//   conversion per (pipeline, open stage): deals whose entry into the stage (a skipped stage is
//              entered with the next one) lies in the period, and how many of them went further
//              (or won); a window over each deal's history, in (time, input order)

// The bench data's pipelines (scripts/gen-demo.mjs SALES_STAGES and PIPELINES) with their order
// given, as a head of sales would configure them; both sides read the same list. A stage the data
// has and the list lacks would make the core append a row the SQL lacks: the comparison says so.
export const BENCH_SETTINGS = Object.freeze({
  period_preset: 'custom', // the settings' from / to, else the whole data, as the SQL reads them (the core's default is the last complete month)
  tz: 'Europe/Moscow',
  calendar: 'default',
  norms: { frt_min: { hot: 10, warm: 30, cold: 540 } },
  source_classes: {
    'Звонок': 'hot', 'Чат на сайте': 'hot', 'Виджет сайта': 'hot', 'Форма на сайте': 'warm',
    'E-mail': 'warm', 'Соцсети': 'warm', 'Холодная база': 'cold', 'Рекомендация': 'warm',
  },
  stage_control_days: { default: 3, 'Квалификация': 2, 'Переговоры': 5 },
  won_stages: ['Успешно реализовано'],
  lost_stages: ['Закрыто и не реализовано'],
  pipelines: {
    'Продажи': ['Новая заявка', 'Квалификация', 'Встреча', 'КП отправлено', 'Переговоры', 'Счёт выставлен'],
    'Повторные продажи': ['Новая заявка', 'КП отправлено', 'Счёт выставлен'],
  },
});

// The working calendar of `calendar: 'default'` (docs/kpi.md "Working calendar"): Mon–Fri
// 09:00–18:00 local, no holidays. kpi_wsec(t) = working seconds from Monday 1970-01-05 00:00 to
// t; the timestamps are naive Moscow wall-clock (the files carry no offset), which is the local
// time the core's calendar works in, so epoch() of the naive value is the local second.
export const PEER_SETUP_SQL = `
CREATE OR REPLACE MACRO kpi_wsec(t) AS (
  ((epoch(t)::BIGINT // 86400 - 4) // 7) * 162000
  + least((epoch(t)::BIGINT // 86400 - 4) % 7, 5) * 32400
  + CASE WHEN (epoch(t)::BIGINT // 86400 - 4) % 7 < 5
         THEN least(greatest(epoch(t)::BIGINT % 86400 - 32400, 0), 32400) ELSE 0 END)`;
const WORKING_DAY_S = 9 * 3600; // the longest weekday of that calendar

const q = (s) => `'${String(s).replaceAll("'", "''")}'`;
const ts = (s) => `TIMESTAMP ${q(s)}`;
const fold = (s) => String(s).toLowerCase();

/** The period query: as_of = latest event of any loaded table, from = earliest, to = as_of + 1 s. */
export function periodSql(tables, settings) {
  const ranges = {
    deals: 'SELECT least(min(created_at), min(closed_at)) AS lo, greatest(max(created_at), max(closed_at)) AS hi FROM deals',
    stage_events: 'SELECT min("at"), max("at") FROM stage_events',
    tasks: 'SELECT least(min(created_at), min(completed_at)), greatest(max(created_at), max(completed_at)) FROM tasks',
    activities: 'SELECT min("at"), max("at") FROM activities',
  };
  const asOf = settings?.as_of ? ts(settings.as_of) : 'b.hi';
  const from = settings?.period?.from ? ts(settings.period.from) : `least(b.lo, ${asOf})`;
  const to = settings?.period?.to ? ts(settings.period.to) : `(${asOf} + INTERVAL 1 SECOND)`;
  return `WITH r AS (${tables.map((t) => ranges[t]).join(' UNION ALL ')}),
b AS (SELECT min(lo) AS lo, max(hi) AS hi FROM r)
SELECT CAST(${asOf} AS VARCHAR) AS as_of, CAST(${from} AS VARCHAR) AS p_from, CAST(${to} AS VARCHAR) AS p_to FROM b`;
}

/**
 * The skeleton (won/lost, revenue per owner, source, segment, loss reason, team) in one scan,
 * with the period computed in the same statement: the comparison the benchmark began with.
 */
export function skeletonSql(tables, settings) {
  return `WITH p AS (SELECT CAST(as_of AS TIMESTAMP) AS as_of, CAST(p_from AS TIMESTAMP) AS p_from, CAST(p_to AS TIMESTAMP) AS p_to
           FROM (${periodSql(tables, settings)})),
c AS (SELECT owner, source, segment, loss_reason, state, amount FROM deals, p
      WHERE state IN ('won', 'lost') AND closed_at >= p_from AND closed_at < p_to AND closed_at <= as_of)
${SKELETON_SELECT}`;
}
const SKELETON_SELECT = `SELECT grouping(owner) AS g_owner, grouping(source) AS g_source, grouping(segment) AS g_segment,
       grouping(loss_reason) AS g_reason, owner, source, segment, loss_reason,
       count(*) FILTER (WHERE state = 'won') AS won,
       count(*) FILTER (WHERE state = 'lost') AS lost,
       count(amount) FILTER (WHERE state = 'won') AS won_with_amount,
       sum(amount) FILTER (WHERE state = 'won') AS revenue
FROM c
GROUP BY GROUPING SETS ((owner), (source), (segment), (loss_reason), ())`;

/**
 * The whole workload as named statements, for a period already resolved (`p`: as_of, p_from,
 * p_to as timestamp strings from periodSql): the period is computed once per analysis, as a
 * person writing these queries would, not once per statement. Statements whose tables are not
 * loaded are left out (ours then reports those families unavailable).
 */
export function workloadSql(tables, settings, p) {
  const has = (t) => tables.includes(t);
  const ASOF = ts(p.as_of), FROM = ts(p.p_from), TO = ts(p.p_to);
  const inPeriod = (col) => `(${col} >= ${FROM} AND ${col} < ${TO} AND ${col} <= ${ASOF})`;
  const openAtNow = `d.created_at <= ${ASOF} AND (d.state = 'open' OR d.closed_at > ${ASOF})`;
  const norms = settings.norms.frt_min;
  const classes = Object.entries(settings.source_classes ?? {});
  const classNorm = (cls) => Math.round(norms[cls] * 60);
  const control = Object.entries(settings.stage_control_days).filter(([k]) => fold(k) !== 'default');
  const defaultDays = settings.stage_control_days.default;
  const stageRows = Object.entries(settings.pipelines).flatMap(([pl, list]) => list.map((s, i) => `(${q(pl)}, ${q(fold(s))}, ${i})`));
  const won = settings.won_stages.map((s) => q(fold(s))).join(', ');
  const out = { skeleton: `WITH c AS (SELECT owner, source, segment, loss_reason, state, amount FROM deals
      WHERE state IN ('won', 'lost') AND ${inPeriod('closed_at')})
${SKELETON_SELECT}` };

  if (has('activities')) {
    out.response = `WITH fr AS (
  SELECT a.deal_id, min(a."at") AS first_at
  FROM activities a JOIN deals d ON d.id = a.deal_id
  WHERE a.type IN ('call_out', 'email_out', 'message_out', 'meeting') AND a."at" >= d.created_at AND a."at" <= ${ASOF}
  GROUP BY a.deal_id),
cls(source, norm_s) AS (VALUES ${classes.map(([s, c]) => `(${q(s)}, ${classNorm(c)})`).join(', ') || '(NULL, 0)'}),
c AS (
  SELECT d.owner, d.created_at, coalesce(cls.norm_s, ${classNorm('warm')}) AS norm_s,
         CASE WHEN fr.first_at IS NULL THEN NULL ELSE kpi_wsec(fr.first_at) - kpi_wsec(d.created_at) END AS frt_s
  FROM deals d LEFT JOIN fr ON fr.deal_id = d.id LEFT JOIN cls ON cls.source = d.source
  WHERE ${inPeriod('d.created_at')})
SELECT grouping(owner) AS g_owner, owner,
       avg(frt_s::DOUBLE / 60) AS frt_mean_min,
       quantile_cont(frt_s::DOUBLE / 60, 0.5) AS frt_median_min,
       quantile_cont(frt_s::DOUBLE / 60, 0.9) AS frt_p90_min,
       count(*) FILTER (WHERE frt_s <= norm_s) AS sla_ok,
       count(*) FILTER (WHERE frt_s > norm_s
                           OR frt_s IS NULL AND kpi_wsec(${ASOF} - INTERVAL 1 SECOND) >= kpi_wsec(created_at) + norm_s) AS sla_breach
FROM c GROUP BY GROUPING SETS ((owner), ())`;
  }

  if (has('tasks')) {
    out.next_step = `WITH t AS (
  SELECT deal_id,
         bool_or(due_at >= ${ASOF} AND (completed_at IS NULL OR completed_at > ${ASOF})) AS ahead,
         bool_or(due_at < ${ASOF} AND (completed_at IS NULL OR completed_at > ${ASOF})) AS behind
  FROM tasks WHERE created_at IS NULL OR created_at <= ${ASOF} GROUP BY deal_id),
o AS (SELECT d.owner, coalesce(t.ahead, false) AS ahead, coalesce(t.behind, false) AS behind
      FROM deals d LEFT JOIN t ON t.deal_id = d.id WHERE ${openAtNow})
SELECT grouping(owner) AS g_owner, owner, count(*) AS open_count,
       count(*) FILTER (WHERE ahead) AS next_step, count(*) FILTER (WHERE NOT ahead AND behind) AS overdue_step
FROM o GROUP BY GROUPING SETS ((owner), ())`;
    out.overdue = `SELECT grouping(owner) AS g_owner, owner, count(*) AS tasks_due_count,
       count(*) FILTER (WHERE completed_at IS NULL OR completed_at > due_at) AS overdue_count
FROM tasks
WHERE ${inPeriod('due_at')} AND due_at < ${ASOF} AND (created_at IS NULL OR created_at <= ${ASOF})
GROUP BY GROUPING SETS ((owner), ())`;
  }

  // Each deal's history at now: its events at or before now, ordered by (time, input order);
  // k is that order as one BIGINT (rowid is the file's row order: CREATE TABLE AS keeps it).
  const ev = `ev AS (SELECT e.deal_id, e.from_stage, e.to_stage, e."at", epoch(e."at")::BIGINT * 100000000 + e.rowid AS k
       FROM stage_events e JOIN deals d ON d.id = e.deal_id
       WHERE e."at" <= ${ASOF} AND d.created_at <= ${ASOF})`;
  const hist = has('stage_events');
  out.stalled = `WITH ${hist ? `${ev},
last AS (SELECT deal_id, arg_max(to_stage, k) AS stage, max("at") AS last_at FROM ev GROUP BY deal_id),` : ''}
ctl(stage, days) AS (VALUES ${control.map(([s, d]) => `(${q(fold(s))}, ${Number(d)})`).join(', ') || '(NULL, 0)'}),
s AS (SELECT d.owner, d.pipeline, ${hist ? 'coalesce(l.stage, d.stage)' : 'd.stage'} AS stage,
             ${hist ? 'coalesce(l.last_at, d.created_at)' : 'd.created_at'} AS last_at
      FROM deals d ${hist ? 'LEFT JOIN last l ON l.deal_id = d.id' : ''} WHERE ${openAtNow}),
x AS (SELECT s.*, (CASE WHEN ${ASOF} > last_at THEN kpi_wsec(${ASOF}) - kpi_wsec(last_at) ELSE 0 END)
                   > coalesce(ctl.days, ${Number(defaultDays)}) * ${WORKING_DAY_S} AS stalled
      FROM s LEFT JOIN ctl ON ctl.stage = lower(s.stage))
SELECT grouping(owner) AS g_owner, grouping(pipeline) AS g_pipeline, owner, pipeline, stage,
       count(*) AS open, count(*) FILTER (WHERE stalled) AS stalled
FROM x GROUP BY GROUPING SETS ((owner), (pipeline, stage), ())`;

  if (hist) {
    // Actions per deal in order: where it began (the first event's from_stage, else its current
    // stage; position 0 when not an open stage), each event into an open stage or won, and won
    // at closed_at when won by now. Stage j entered enters every stage up to j not entered yet.
    out.conversion = `WITH st(pipeline, stage, pos) AS (VALUES ${stageRows.join(', ')}),
pm AS (SELECT pipeline, max(pos) + 1 AS m FROM st GROUP BY pipeline),
${ev},
fe AS (SELECT deal_id, arg_min(from_stage, k) AS from_stage, min("at") AS first_at FROM ev GROUP BY deal_id),
dd AS (SELECT d.id, d.pipeline, d.stage, d.created_at, d.closed_at, pm.m,
              d.state = 'won' AND (d.closed_at IS NULL OR d.closed_at <= ${ASOF}) AS won_now
       FROM deals d JOIN pm ON pm.pipeline = d.pipeline WHERE d.created_at <= ${ASOF}),
act AS (
  SELECT dd.id AS deal_id, dd.pipeline, -1::BIGINT AS k, coalesce(sp.pos, 0) AS target,
         CASE WHEN fe.deal_id IS NULL THEN dd.created_at ELSE least(dd.created_at, fe.first_at) END AS t
  FROM dd LEFT JOIN fe ON fe.deal_id = dd.id
  LEFT JOIN st sp ON sp.pipeline = dd.pipeline AND sp.stage = lower(CASE WHEN fe.deal_id IS NULL THEN dd.stage ELSE fe.from_stage END)
  UNION ALL
  SELECT ev.deal_id, dd.pipeline, ev.k, CASE WHEN lower(ev.to_stage) IN (${won}) THEN dd.m ELSE sp.pos END, ev."at"
  FROM ev JOIN dd ON dd.id = ev.deal_id
  LEFT JOIN st sp ON sp.pipeline = dd.pipeline AND sp.stage = lower(ev.to_stage)
  WHERE lower(ev.to_stage) IN (${won}) OR sp.pos IS NOT NULL
  UNION ALL
  SELECT id, pipeline, 9000000000000000000, m, closed_at FROM dd WHERE won_now),
run AS (SELECT pipeline, t, target,
               coalesce(max(target) OVER (PARTITION BY deal_id ORDER BY k ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), -1) AS hi_before,
               max(target) OVER (PARTITION BY deal_id) AS hi
        FROM act)
SELECT st.pipeline, st.stage, st.pos,
       count(*) FILTER (WHERE ${inPeriod('run.t')}) AS reached,
       count(*) FILTER (WHERE ${inPeriod('run.t')} AND run.hi > st.pos) AS converted
FROM run JOIN st ON st.pipeline = run.pipeline AND st.pos > run.hi_before AND st.pos <= run.target
GROUP BY st.pipeline, st.stage, st.pos`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Turning rows into the answers both sides must agree on
// ---------------------------------------------------------------------------------------------

const num = (x) => (x == null ? null : Number(x));
const stageKey = (pipeline, stage) => `${pipeline ?? ''} / ${fold(stage ?? '')}`;

/** The skeleton rows as the report's shape (win rate, loss-reason shares and order in JS). */
export function skeletonAnswers(rows) {
  const metrics = (r) => {
    const w = Number(r.won), l = Number(r.lost), wa = Number(r.won_with_amount);
    const revenue = num(r.revenue);
    return {
      won_count: w, lost_count: l, win_rate: w + l ? w / (w + l) : null,
      revenue: wa ? revenue : null, avg_won_amount: wa ? revenue / wa : null,
    };
  };
  const out = { team: null, managers: [], groups: { source: [], segment: [] }, loss_reasons: [] };
  let lostTotal = 0;
  for (const r of rows) {
    if (!r.g_owner) { if (r.owner != null) out.managers.push({ name: r.owner, metrics: metrics(r) }); }
    else if (!r.g_source) { if (r.source != null) out.groups.source.push({ name: r.source, metrics: metrics(r) }); }
    else if (!r.g_segment) { if (r.segment != null) out.groups.segment.push({ name: r.segment, metrics: metrics(r) }); }
    else if (!r.g_reason) {
      const n = Number(r.lost);
      if (n > 0) out.loss_reasons.push({ reason: r.loss_reason, count: n });
    } else {
      out.team = { metrics: metrics(r) };
      lostTotal = Number(r.lost);
    }
  }
  for (const x of out.loss_reasons) x.share = x.count / lostTotal;
  return out;
}

/**
 * The workload's rows (by statement name) as {team, managers: {name: metrics}, stages: {key}}
 * with the report's metric keys; families whose statement did not run are absent.
 */
export function workloadAnswers(rows) {
  const team = {};
  const managers = {};
  const stages = {};
  const put = (r, values) => {
    const into = r.g_owner ? team : r.owner == null ? null : (managers[r.owner] ??= {});
    if (into) Object.assign(into, values);
  };
  const share = (a, b) => (b ? a / b : null);
  for (const r of rows.response ?? []) {
    const ok = Number(r.sla_ok), total = ok + Number(r.sla_breach);
    put(r, {
      frt_mean_min: num(r.frt_mean_min), frt_median_min: num(r.frt_median_min), frt_p90_min: num(r.frt_p90_min),
      sla_total: total || null, sla_breached: total ? total - ok : null, sla_share: share(ok, total),
    });
  }
  for (const r of rows.next_step ?? []) {
    const open = Number(r.open_count);
    put(r, { open_count: open, next_step_share: share(Number(r.next_step), open), overdue_step_count: Number(r.overdue_step) });
  }
  for (const r of rows.overdue ?? []) {
    const due = Number(r.tasks_due_count), late = Number(r.overdue_count);
    put(r, { tasks_due_count: due, overdue_count: late, overdue_share: share(late, due) });
  }
  for (const r of rows.stalled ?? []) {
    const open = Number(r.open), stalled = Number(r.stalled);
    if (!r.g_pipeline && r.g_owner) {
      const s = (stages[stageKey(r.pipeline, r.stage)] ??= {});
      Object.assign(s, { open, stalled, stalled_share: share(stalled, open) });
    } else {
      put(r, { stalled_count: stalled, stalled_share: share(stalled, open) });
    }
  }
  for (const r of rows.conversion ?? []) {
    const s = (stages[stageKey(r.pipeline, r.stage)] ??= {});
    const reached = Number(r.reached), converted = Number(r.converted);
    Object.assign(s, { reached, converted, conversion: share(converted, reached) });
  }
  return { team, managers, stages, families: Object.keys(rows) };
}

// What of our report each statement answers (the keys compared when the peer ran it).
const FAMILY_KEYS = {
  response: ['frt_mean_min', 'frt_median_min', 'frt_p90_min', 'sla_total', 'sla_breached', 'sla_share'],
  next_step: ['open_count', 'next_step_share', 'overdue_step_count'],
  overdue: ['tasks_due_count', 'overdue_count', 'overdue_share'],
  stalled: ['stalled_count', 'stalled_share'],
};
const STAGE_KEYS = { stalled: ['open', 'stalled', 'stalled_share'], conversion: ['reached', 'converted', 'conversion'] };
// Floating point: FRT statistics are means and interpolations of working minutes (x / 60), which
// DuckDB sums in another order and interpolates with another formula: equal to 1e-9 relative.
// Counts and the shares derived from them (the same two integers divided) must be identical.
const INEXACT = new Set(['frt_mean_min', 'frt_median_min', 'frt_p90_min', 'revenue', 'avg_won_amount']);
export const RELATIVE_TOLERANCE = 1e-9;

function sameValue(key, a, b) {
  if (a == null || b == null) return a == null && b == null;
  if (!INEXACT.has(key)) return a === b;
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Our report's answers to the same questions, in the same shape. */
export function reportAnswers(report) {
  const pick = (m) => Object.fromEntries(Object.values(FAMILY_KEYS).flat().map((k) => [k, m[k] ?? null]));
  const stages = {};
  for (const s of report.stages ?? []) stages[stageKey(s.pipeline, s.stage)] = s;
  return {
    team: pick(report.team.metrics),
    managers: Object.fromEntries(report.managers.map((m) => [m.name, pick(m.metrics)])),
    stages,
  };
}

/** The skeleton figures of a report-shaped object, for comparison. */
function skeletonCounts(report) {
  const rows = (list) => Object.fromEntries(
    list.filter((x) => (x.metrics.won_count ?? 0) + (x.metrics.lost_count ?? 0) > 0)
      .map((x) => [x.name, [x.metrics.won_count ?? 0, x.metrics.lost_count ?? 0]]));
  return {
    team: [report.team.metrics.won_count ?? 0, report.team.metrics.lost_count ?? 0],
    revenue: report.team.metrics.revenue ?? 0,
    managers: rows(report.managers),
    source: rows(report.groups.source),
    segment: rows(report.groups.segment),
    loss_reasons: Object.fromEntries(report.loss_reasons.map((x) => [x.reason ?? '', x.count])),
  };
}

/**
 * Throws, listing the first differences, unless `ours` (a kpi-lens/report@1 object) and `peer`
 * ({skeleton, workload?} from the SQL, or another report) give the same answers: the skeleton
 * always, and every family the peer computed (team, each manager, each stage row).
 */
export function assertSameAnswers(what, ours, peer) {
  const problems = [];
  const peerSkeleton = peer.skeleton ?? peer;
  const ca = skeletonCounts(ours), cb = skeletonCounts(peerSkeleton);
  const cmpMap = (label, x, y) => {
    for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
      if (JSON.stringify(x[k]) !== JSON.stringify(y[k])) problems.push(`${label} "${k}": ${JSON.stringify(x[k])} vs ${JSON.stringify(y[k])}`);
    }
  };
  if (JSON.stringify(ca.team) !== JSON.stringify(cb.team)) problems.push(`team won/lost ${ca.team} vs ${cb.team}`);
  if (!sameValue('revenue', ca.revenue, cb.revenue)) problems.push(`revenue ${ca.revenue} vs ${cb.revenue}`);
  cmpMap('manager', ca.managers, cb.managers);
  cmpMap('source', ca.source, cb.source);
  cmpMap('segment', ca.segment, cb.segment);
  cmpMap('loss reason', ca.loss_reasons, cb.loss_reasons);
  if (Object.keys(ca.managers).length === 0) problems.push('no manager closed a deal: nothing was compared');

  // The workload: a peer that is a report (native vs wasm) is compared on every family.
  const w = peer.workload ?? (peer.stages ? { ...reportAnswers(peer), families: [...Object.keys(FAMILY_KEYS), 'conversion'] } : null);
  if (w) {
    const a = reportAnswers(ours);
    const keys = w.families.flatMap((f) => FAMILY_KEYS[f] ?? []);
    const cmpMetrics = (label, x = {}, y = {}) => {
      for (const k of keys) {
        if (!sameValue(k, x[k] ?? null, y[k] ?? null)) problems.push(`${label} ${k}: ${x[k] ?? null} vs ${y[k] ?? null}`);
      }
    };
    cmpMetrics('team', a.team, w.team);
    for (const name of new Set([...Object.keys(a.managers), ...Object.keys(w.managers)])) cmpMetrics(`manager "${name}"`, a.managers[name], w.managers[name]);
    const stageKeys = w.families.flatMap((f) => STAGE_KEYS[f] ?? []);
    if (stageKeys.length) {
      for (const key of new Set([...Object.keys(a.stages), ...Object.keys(w.stages)])) {
        for (const k of stageKeys) {
          // A stage no deal is open in (or entered) has no SQL row; ours shows 0 of 0: counts 0, shares null.
          const none = k === 'conversion' || k.endsWith('_share') ? null : 0;
          const x = a.stages[key]?.[k] ?? none, y = w.stages[key]?.[k] ?? none;
          if (!sameValue(k, x, y)) problems.push(`stage ${key} ${k}: ${x} vs ${y}`);
        }
      }
      if (peer.workload && Object.keys(a.stages).length === 0) problems.push('ours has no stage rows: nothing was compared');
    }
    // A SQL peer that ran a statement must have had something to compare it with.
    if (peer.workload && w.families.includes('response') && a.team.frt_median_min == null) problems.push('ours has no team FRT: nothing was compared');
  }
  if (problems.length) throw new Error(`${what}: the two sides disagree:\n  ${problems.slice(0, 12).join('\n  ')}${problems.length > 12 ? `\n  … ${problems.length - 12} more` : ''}`);
}
