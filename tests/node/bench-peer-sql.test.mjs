// scripts/bench-peer-sql.mjs: the benchmark's agreement check between our report and the SQL
// peer's rows must pass on equal answers and fail, naming the difference, on any other (issue 13:
// "a benchmark comparing different answers is worthless"). The SQL itself runs in DuckDB only in
// scripts/bench (scripts/test runs `scripts/bench --quick`); here: its shape per loaded table set.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  BENCH_SETTINGS, assertSameAnswers, skeletonAnswers, workloadAnswers, workloadSql,
} from '../../scripts/bench-peer-sql.mjs';

// A report with two managers and one pipeline of two stages, figures chosen by hand.
function report() {
  const m = (x) => ({
    won_count: null, lost_count: null, revenue: null, frt_mean_min: null, frt_median_min: null, frt_p90_min: null,
    sla_total: null, sla_breached: null, sla_share: null, open_count: null, next_step_share: null,
    overdue_step_count: null, tasks_due_count: null, overdue_count: null, overdue_share: null,
    stalled_count: null, stalled_share: null, ...x,
  });
  return {
    team: { metrics: m({
      won_count: 3, lost_count: 1, revenue: 600, frt_mean_min: 12.5, frt_median_min: 10, frt_p90_min: 20,
      sla_total: 4, sla_breached: 1, sla_share: 0.75, open_count: 4, next_step_share: 0.5, overdue_step_count: 1,
      tasks_due_count: 5, overdue_count: 1, overdue_share: 0.2, stalled_count: 1, stalled_share: 0.25,
    }) },
    managers: [
      { name: 'Anna', metrics: m({ won_count: 3, lost_count: 0, revenue: 600, frt_mean_min: 12.5, frt_median_min: 10, frt_p90_min: 20,
        sla_total: 4, sla_breached: 1, sla_share: 0.75, open_count: 4, next_step_share: 0.5, overdue_step_count: 1,
        tasks_due_count: 5, overdue_count: 1, overdue_share: 0.2, stalled_count: 1, stalled_share: 0.25 }) },
      { name: 'Boris', metrics: m({ won_count: 0, lost_count: 1 }) }, // closed one, nothing open, no task
    ],
    groups: { source: [{ name: 'Звонок', metrics: m({ won_count: 3, lost_count: 1 }) }], segment: [] },
    loss_reasons: [{ reason: 'Дорого', count: 1, share: 1 }],
    stages: [
      { pipeline: 'Main', stage: 'New', reached: 6, converted: 3, conversion: 0.5, open: 3, stalled: 1, stalled_share: 1 / 3 },
      { pipeline: 'Main', stage: 'Offer', reached: 3, converted: 3, conversion: 1, open: 1, stalled: 0, stalled_share: 0 },
      { pipeline: 'Main', stage: 'Empty', reached: 0, converted: 0, conversion: null, open: 0, stalled: 0, stalled_share: null },
    ],
  };
}

// The same answers as the SQL statements' rows (g_owner = 1: the team row).
function rows() {
  const both = (x) => [{ g_owner: 1, owner: null, ...x }, { g_owner: 0, owner: 'Anna', ...x }];
  return {
    skeleton: [
      { g_owner: 0, g_source: 1, g_segment: 1, g_reason: 1, owner: 'Anna', won: 3, lost: 0, won_with_amount: 3, revenue: 600 },
      { g_owner: 0, g_source: 1, g_segment: 1, g_reason: 1, owner: 'Boris', won: 0, lost: 1, won_with_amount: 0, revenue: null },
      { g_owner: 1, g_source: 0, g_segment: 1, g_reason: 1, source: 'Звонок', won: 3, lost: 1, won_with_amount: 3, revenue: 600 },
      { g_owner: 1, g_source: 1, g_segment: 1, g_reason: 0, loss_reason: 'Дорого', won: 0, lost: 1, won_with_amount: 0, revenue: null },
      { g_owner: 1, g_source: 1, g_segment: 1, g_reason: 1, won: 3, lost: 1, won_with_amount: 3, revenue: 600 },
    ],
    response: both({ frt_mean_min: 12.5, frt_median_min: 10, frt_p90_min: 20, sla_ok: 3n, sla_breach: 1n }),
    next_step: both({ open_count: 4n, next_step: 2n, overdue_step: 1n }),
    overdue: both({ tasks_due_count: 5n, overdue_count: 1n }),
    stalled: [
      ...both({ g_pipeline: 1, open: 4n, stalled: 1n }),
      { g_owner: 1, g_pipeline: 0, pipeline: 'Main', stage: 'new', open: 3n, stalled: 1n },
      { g_owner: 1, g_pipeline: 0, pipeline: 'Main', stage: 'OFFER', open: 1n, stalled: 0n },
    ],
    conversion: [
      { pipeline: 'Main', stage: 'new', pos: 0, reached: 6n, converted: 3n },
      { pipeline: 'Main', stage: 'offer', pos: 1, reached: 3n, converted: 3n },
    ],
  };
}

function peer(r = rows()) {
  const skeleton = skeletonAnswers(r.skeleton);
  const rest = { ...r };
  delete rest.skeleton;
  return { skeleton, workload: workloadAnswers(rest) };
}

test('equal answers pass: stage names match case-insensitively, a stage with no deal is 0 of 0', () => {
  assert.doesNotThrow(() => assertSameAnswers('hand-made', report(), peer()));
  assert.doesNotThrow(() => assertSameAnswers('skeleton only', report(), peer().skeleton));
  assert.doesNotThrow(() => assertSameAnswers('native vs wasm', report(), report()));
});

test('FRT statistics agree to 1e-9 relative; counts and shares must be identical', () => {
  const r = rows();
  r.response[0].frt_median_min = 10 * (1 + 1e-12);
  assert.doesNotThrow(() => assertSameAnswers('rounding', report(), peer(r)));
  r.response[0].frt_median_min = 10.0001;
  assert.throws(() => assertSameAnswers('median', report(), peer(r)), /team frt_median_min: 10 vs 10\.0001/);
});

for (const [what, perturb, message] of [
  ['an SLA count', (r) => { r.response[1].sla_breach = 2n; }, /manager "Anna" sla_total: 4 vs 5/],
  ['a next-step count', (r) => { r.next_step[0].next_step = 3n; }, /team next_step_share: 0\.5 vs 0\.75/],
  ['an overdue count', (r) => { r.overdue[1].overdue_count = 0n; }, /manager "Anna" overdue_count: 1 vs 0/],
  ['a stalled stage', (r) => { r.stalled[2].stalled = 2n; }, /stage Main \/ new stalled: 1 vs 2/],
  ['a conversion', (r) => { r.conversion[1].converted = 2n; }, /stage Main \/ offer converted: 3 vs 2/],
  ['a stage only one side has', (r) => { r.conversion.push({ pipeline: 'Main', stage: 'won?', pos: 2, reached: 1n, converted: 0n }); }, /stage Main \/ won\? reached: 0 vs 1/],
  ['a won count', (r) => { r.skeleton[0].won = 2; }, /manager "Anna": \[3,0\] vs \[2,0\]/],
  ['revenue', (r) => { r.skeleton[4].revenue = 601; }, /revenue 600 vs 601/],
]) {
  test(`a perturbed answer fails loudly: ${what}`, () => {
    const r = rows();
    perturb(r);
    assert.throws(() => assertSameAnswers('perturbed', report(), peer(r)), message);
  });
}

test('a peer that computed nothing of a family compares nothing of it; an empty report is refused', () => {
  const r = rows();
  delete r.response;
  r.next_step = [];
  const ours = report();
  ours.team.metrics.frt_median_min = 99; // not compared: the peer did not run the statement
  assert.throws(() => assertSameAnswers('no next-step rows', ours, peer(r)), /team open_count: 4 vs null/);
  delete r.next_step;
  assert.doesNotThrow(() => assertSameAnswers('families left out', ours, peer(r)));
  const empty = report();
  empty.managers = [];
  assert.throws(() => assertSameAnswers('empty', empty, peer()), /manager "Anna"/);
});

test('the statements follow the loaded tables', () => {
  const p = { as_of: '2026-03-31 18:00:00', p_from: '2025-10-01 00:00:00', p_to: '2026-03-31 18:00:01' };
  assert.deepEqual(Object.keys(workloadSql(['deals'], BENCH_SETTINGS, p)), ['skeleton', 'stalled']);
  assert.deepEqual(Object.keys(workloadSql(['deals', 'stage_events', 'tasks', 'activities'], BENCH_SETTINGS, p)),
    ['skeleton', 'response', 'next_step', 'overdue', 'stalled', 'conversion']);
  const sql = workloadSql(['deals', 'stage_events'], BENCH_SETTINGS, p);
  assert.match(sql.stalled, /\('квалификация', 2\)/); // control periods from the settings, folded
  assert.match(sql.conversion, /\('Повторные продажи', 'кп отправлено', 1\)/); // pipeline order from the settings
});
