// engine.drill() across the wasm boundary: the skeleton fixture's rows behind
// a metric (hand-checked in tests/core/drill_test.cpp), errors as KpiError,
// and the row cap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine, fixture } from './helpers.mjs';

const engine = await loadEngine();
engine.clear();
engine.setSettings({ period_preset: 'whole' }); // counted over the whole skeleton (the default is the last complete week)
await engine.addFile('deals.csv', fixture('skeleton/deals.csv'));
await engine.addFile('tasks.csv', fixture('skeleton/tasks.csv'));

test('drill lists Anna\'s closed deals, the lost one first, as plain JSON values', () => {
  const d = engine.drill({ metric: 'win_rate', manager: 'Anna' });
  assert.equal(d.family, 'win_rate');
  assert.equal(d.total, 3); // D1 won, D2 lost, D3 won
  assert.equal(d.flagged, 1);
  assert.equal(d.shown, 3);
  assert.equal(d.more, 0);
  assert.deepEqual(d.rows.map((r) => [r.deal_id, r.state, r.flagged, r.status]), [
    ['D2', 'lost', true, 'bad'], ['D3', 'won', false, 'ok'], ['D1', 'won', false, 'ok'],
  ]);
  assert.equal(d.rows[0].title, 'Beta, "big"');
  assert.equal(d.rows[0].amount, null); // D2 has no amount: null, not 0
  assert.equal(d.rows[1].amount, 2500.5);
  assert.equal(d.rows[1].date, '2026-03-20T15:00:00Z'); // 18:00 Moscow
});

test('the group filter and the limit', () => {
  const enterprise = engine.drill({ metric: 'lost_count', groupBy: 'segment', group: 'Enterprise' });
  assert.deepEqual([enterprise.total, enterprise.flagged], [2, 1]); // D4 lost, D6 won
  const capped = engine.drill({ metric: 'win_rate', limit: 1 });
  assert.deepEqual([capped.total, capped.shown, capped.more], [6, 1, 5]);
  assert.equal(capped.rows[0].deal_id, 'D7'); // the latest loss
  const stalled = engine.drill({ metric: 'stalled_count', flaggedOnly: true });
  assert.deepEqual(stalled.rows.map((r) => [r.deal_id, r.value, r.norm]), [['D5', 20, 3]]);
});

test('a metric without a deal list is a KpiError, not an empty list', () => {
  assert.throws(() => engine.drill({ metric: 'plan_pace' }), (e) => e.name === 'KpiError' && e.code === 'BAD_USAGE'
    && /plan_pace/.test(e.message));
  assert.throws(() => engine.drill({ metric: 'nonsense' }), /no drill-down for metric "nonsense"/);
});

test('each board tile counts the rows its drill-down flags, so the page needs no request to say how many', () => {
  const report = engine.report();
  // By hand on the skeleton: D5 (Boris) is the one open deal, stalled and with a next step;
  // T2 was done before its due time; three deals were lost in the period.
  const want = { next_step: 0, overdue: 0, stalled: 1, win_rate_by_source: 3 };
  for (const [id, flagged] of Object.entries(want)) {
    const tile = report.board.find((t) => t.id === id);
    assert.equal(tile.flagged, flagged, `${id}: the tile's count`);
    assert.equal(engine.drill({ metric: id, flaggedOnly: true }).flagged, flagged, `${id}: the drill-down's`);
  }
  assert.equal(report.board.find((t) => t.id === 'frt').flagged, null); // no activities: FRT has no count
});
