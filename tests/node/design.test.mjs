// Branch design (issue 11): the KPI design check on the command line's table
// and in the audit report (scripts/kpi-lens analyze), rendered from the core's
// report.design_check in the words of wasm/messages.mjs, ru and en; and
// nothing when the design holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ROOT, FIXTURES } from './helpers.mjs';
import { message } from '../../wasm/messages.mjs';

const tmp = mkdtempSync(`${tmpdir()}/kpi-design-`);
const SKELETON = [`${FIXTURES}skeleton/deals.csv`, `${FIXTURES}skeleton/tasks.csv`];

function config(name, doc) {
  const file = `${tmp}/${name}.json`;
  writeFileSync(file, JSON.stringify(doc));
  return file;
}
const analyze = (file, ...args) => {
  const run = spawnSync(`${ROOT}scripts/kpi-lens`, ['analyze', '--period', 'whole', '--config', file, ...args, ...SKELETON],
    { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
};

// The bonus on two activity KPIs and on the inbound lead count (the manager cannot influence it);
// norms changed on Feb 1 and again on Apr 30 (88 days: more often than once a quarter).
const BAD = config('bad', {
  motivation: { base_salary: 100000, weights: { next_step_share: 1, overdue_share: 1, sla_total: 0.5 }, steps: [[1, 1]] },
  norm_history: [
    { at: '2026-01-15', norms: { sla_share: 0.85 } },
    { at: '2026-02-01', norms: { sla_share: 0.9 } },
    { at: '2026-04-30', norms: { sla_share: 0.8 } },
  ],
});
// Revenue in the bonus, norms changed exactly a quarter apart.
const GOOD = config('good', {
  motivation: { base_salary: 100000, weights: { revenue: 1, overdue_share: 1 }, steps: [[1, 1]] },
  norm_history: [
    { at: '2026-01-15', norms: { sla_share: 0.85 } },
    { at: '2026-02-01', norms: { sla_share: 0.9 } },
    { at: '2026-05-01', norms: { sla_share: 0.8 } },
  ],
});

const ACTIVITY_EN = 'The bonus depends only on activity KPIs (Inbound leads under SLA, Next-step coverage, Overdue tasks share): '
  + 'it can be earned without a single sale. Add a result: revenue against the plan, won deals or win rate.';

test('the JSON report carries the findings as codes with params', () => {
  const report = JSON.parse(analyze(BAD, '--format', 'json'));
  assert.deepEqual(report.design_check, [
    { code: 'BONUS_ONLY_ACTIVITY', params: { n: 3 }, metrics: ['sla_total', 'next_step_share', 'overdue_share'] },
    { code: 'BONUS_NOT_INFLUENCED', params: { metric: 'sla_total' }, metrics: ['sla_total'] },
    { code: 'NORMS_CHANGED_OFTEN', params: { n: 2, days: 88, months: 3, from: '2026-02-01', to: '2026-04-30' }, metrics: [] },
  ]);
  assert.equal(report.catalogue.sla_total.kind, 'volume');
  assert.equal(report.catalogue.sla_total.influence, 'none');
  assert.equal(report.catalogue.next_step_share.kind, 'activity');
  assert.equal(report.catalogue.win_rate.kind, 'result');
  assert.deepEqual(JSON.parse(analyze(GOOD, '--format', 'json')).design_check, []);
});

test('the table says each finding in English, and nothing when the design holds', () => {
  const bad = analyze(BAD);
  const lines = bad.split('\n');
  const at = lines.indexOf('KPI design check:');
  assert.ok(at > 0, bad);
  assert.deepEqual(lines.slice(at + 1, at + 4), [
    `  BONUS_ONLY_ACTIVITY: ${ACTIVITY_EN}`,
    '  BONUS_NOT_INFLUENCED: “Inbound leads under SLA” is in the bonus, but the manager cannot influence it: the bonus would pay for what others decide (marketing’s leads, the plan set from above).',
    '  NORMS_CHANGED_OFTEN: Norms changed more often than once a quarter: on Feb 1, 2026 and again on Apr 30, 2026, 88 days apart (2 changes in the last 12 months). Review norms monthly, change them at most once a quarter, or the figures stop being comparable.',
  ]);
  assert.doesNotMatch(analyze(GOOD), /KPI design check/);
});

test('the audit report has the design section in Russian and English', () => {
  const section = (page) => page.match(/<section class="sec" id="design">([\s\S]*?)<\/section>/)?.[1] ?? '';
  const ru = section(analyze(BAD, '--format', 'html', '--lang', 'ru'));
  assert.match(ru, /<h2>Проверка устройства KPI<\/h2>/);
  assert.deepEqual([...ru.matchAll(/<li data-code="(\w+)">/g)].map((m) => m[1]), ['BONUS_ONLY_ACTIVITY', 'BONUS_NOT_INFLUENCED', 'NORMS_CHANGED_OFTEN']);
  assert.ok(ru.includes('Премия зависит только от показателей активности (Входящие лиды под SLA, Доля со следующим шагом, Доля просроченных задач): её можно получить без единой продажи.'), ru);
  assert.ok(ru.includes('Нормы менялись чаще раза в квартал: 1 февр. 2026 г. и снова 30 апр. 2026 г., через 88 дн. (изменений за 12 месяцев: 2).'), ru);
  const en = section(analyze(BAD, '--format', 'html', '--lang', 'en'));
  assert.match(en, /<h2>KPI design check<\/h2>/);
  assert.ok(en.includes('“Inbound leads under SLA” is in the bonus, but the manager cannot influence it'), en);
  const good = section(analyze(GOOD, '--format', 'html', '--lang', 'en'));
  assert.ok(good.includes(`<p class="muted" data-design-ok="">${message('DESIGN_CHECK_OK', {}, 'en')}</p>`), good);
  assert.doesNotMatch(good, /<li/);
});
