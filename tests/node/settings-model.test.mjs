// The page's settings document (web/components/settings-model.mjs): its
// defaults are the core's, import lays a file over them the way the core does,
// entries the page drops from stage_control_days stop counting in the engine,
// and the checks run before anything is sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from './helpers.mjs';
import {
  controlDaysOf, defaultSettings, engineSettings, exclusiveEnd, exportText, fromPercent, inclusiveEnd, keywordClassOf,
  leadClassOf, loadSaved, monthOf, normalizeSettings, save, toPercent, validateSettings,
} from '../../web/components/settings-model.mjs';

const engine = await loadEngine();

// Two open deals in "Qualification", no stage history: stalled is measured from
// created_at. As of 2026-03-10 00:00 UTC with clock time (calendar none), A has
// sat 9 days and B 5 days.
const DEALS = [
  'id,title,pipeline,stage,state,owner,source,segment,amount,currency,created_at,closed_at,loss_reason',
  'A,a,Main,Qualification,open,Anna,Звонок,SMB,,RUB,2026-03-01 00:00:00+00:00,,',
  'B,b,Main,Qualification,open,Anna,Звонок,SMB,,RUB,2026-03-05 00:00:00+00:00,,',
  '',
].join('\n');
const BASE = { as_of: '2026-03-10T00:00:00Z', calendar: 'none', tz: 'UTC' };

function stalledIn(report, stage) {
  return report.stages.find((s) => s.stage === stage).stalled;
}

async function freshEngine() {
  engine.clear();
  engine.setSettings({ ...defaultSettings(), tz: 'UTC' }); // back to the core's defaults
  await engine.addFile('deals.csv', DEALS);
}

test('the default document gives the same report as no settings at all', async () => {
  engine.clear();
  await engine.addFile('deals.csv', DEALS);
  const { loadEngine: load } = await import('./helpers.mjs');
  const untouched = await load(); // a new engine holds the core's own defaults
  await untouched.addFile('deals.csv', DEALS);
  engine.setSettings(defaultSettings());
  assert.deepEqual(engine.report(), untouched.report());
  untouched.dispose();
});

test('a stage entry the page drops is sent again with the value for any other stage', async () => {
  await freshEngine();
  const sent = new Set();
  const settings = { ...defaultSettings(), ...BASE };
  // Core default: Qualification 2 days -> A (9 d) and B (5 d) are stalled.
  engine.setSettings(engineSettings(settings, sent));
  assert.equal(stalledIn(engine.report(), 'Qualification'), 2);
  // 6 days: only A (9 > 6).
  settings.stage_control_days = { ...settings.stage_control_days, Qualification: 6 };
  engine.setSettings(engineSettings(settings, sent));
  assert.equal(stalledIn(engine.report(), 'Qualification'), 1);
  // Entry removed: the engine would keep 6 days if sent as is ...
  delete settings.stage_control_days.Qualification;
  const doc = engineSettings(settings, sent);
  assert.equal(doc.stage_control_days.Qualification, 3); // ... so it goes as `default` (3 days): 9 > 3, 5 > 3
  engine.setSettings(doc);
  assert.equal(stalledIn(engine.report(), 'Qualification'), 2);
  // A differently cased entry of the same stage decides for every spelling the engine holds: 6 days.
  settings.stage_control_days.qualification = 6;
  const cased = engineSettings(settings, sent);
  assert.equal(cased.stage_control_days.Qualification, 6);
  engine.setSettings(cased);
  assert.equal(stalledIn(engine.report(), 'Qualification'), 1);
});

test('normalize lays a config over the defaults the way the core applies it', () => {
  const doc = normalizeSettings({
    norms: { sla_share: 0.9, frt_min: { hot: 5 } },
    stage_control_days: { Встреча: 4 },
    period: { from: '2026-03-01', to: '2026-04-01' },
    tz_offsets: [[null, 10800]],
    future_key: { kept: true },
  });
  assert.equal(doc.norms.sla_share, 0.9);
  assert.deepEqual(doc.norms.frt_min, { hot: 5, warm: 30, cold: 540 });
  assert.equal(doc.norms.next_step_share, 0.85);
  assert.deepEqual(doc.stage_control_days, { default: 3, 'Квалификация': 2, Qualification: 2, 'Переговоры': 5, Negotiation: 5, 'Встреча': 4 });
  assert.equal(doc.from, '2026-03-01');
  assert.equal(doc.to, '2026-04-01');
  assert.equal('period' in doc, false);
  assert.equal('tz_offsets' in doc, false);
  assert.deepEqual(doc.future_key, { kept: true });
  assert.deepEqual(JSON.parse(exportText(doc)), doc); // no plans, so nothing is left out
  assert.deepEqual(normalizeSettings('not an object'), defaultSettings());
});

test('an exported document is accepted by the core as --config', async () => {
  await freshEngine();
  const doc = normalizeSettings({ ...BASE, norms: { stalled_share: 0.5 }, plans: [{ owner: 'Anna', from: '2026-03-01', to: '2026-04-01', revenue: 100 }] });
  engine.setSettings(JSON.parse(exportText(doc)));
  const report = engine.report();
  assert.equal(report.norms.stalled_share, 0.5);
  assert.equal(report.managers[0].metrics.plan_revenue, 100);
});

test('plans still without a revenue are neither checked, sent nor exported', () => {
  const doc = normalizeSettings({ plans: [
    { owner: 'Anna', from: '2026-03-01', to: '2026-04-01', revenue: 100 },
    { owner: 'Boris', from: '2026-03-01', to: '2026-04-01', revenue: null },
  ] });
  assert.deepEqual(validateSettings(doc), []);
  assert.deepEqual(engineSettings(doc).plans.map((p) => p.owner), ['Anna']);
  assert.deepEqual(JSON.parse(exportText(doc)).plans.map((p) => p.owner), ['Anna']);
  assert.equal(doc.plans.length, 2); // the page keeps the row to be filled in
});

test('validation names the field of each problem', () => {
  assert.deepEqual(validateSettings(defaultSettings()), []);
  const bad = defaultSettings();
  bad.norms.sla_share = 1.5;             // above 100 %
  bad.norms.touches = [12, 8];           // upper below lower
  bad.min_call_s = Number.NaN;           // not a number
  bad.stage_control_days.Встреча = 0;    // must be > 0
  bad.from = '2026-04-01';
  bad.to = '2026-03-01';                 // before from
  bad.plans = [{ owner: 'Anna', from: '2026-03-01', to: '2026-03-01', revenue: -1 }];
  bad.motivation = { base_salary: 100, weights: { revenue: 0, win_rate: 0 }, steps: [[1, 1], [0.5, 2]] };
  bad.calendar = { hours: { mon: ['18:00', '09:00'] }, holidays: ['01.01.2026'] };
  const fields = validateSettings(bad).map((p) => `${p.field}:${p.key.replace('settings.error.', '')}`);
  assert.deepEqual(fields, [
    'to:order',
    'norms.sla_share:share',
    'norms.touches.1:range',
    'min_call_s:number',
    'stage_control_days.Встреча:positive',
    'calendar.hours.mon:hours',
    'calendar.holidays:dates',
    'plans.0.to:order',
    'plans.0.revenue:negative',
    'motivation.weights.revenue:weights',
    'motivation.steps.1.0:ascending',
  ]);
});

test('ends shown inclusive, kept exclusive; shares shown as percent without float noise', () => {
  assert.equal(inclusiveEnd('2026-04-01'), '2026-03-31');
  assert.equal(exclusiveEnd('2026-03-31'), '2026-04-01');
  assert.equal(exclusiveEnd('2024-02-29'), '2024-03-01');
  assert.equal(inclusiveEnd('2026-04-01T10:00'), '2026-04-01T10:00'); // a time is left as written
  assert.deepEqual(monthOf('2026-03-31'), { from: '2026-03-01', to: '2026-04-01' });
  assert.deepEqual(monthOf('2026-12-15'), { from: '2026-12-01', to: '2027-01-01' });
  assert.equal(toPercent(0.07), 7);      // 0.07 * 100 is 7.000000000000001 in floats
  assert.equal(fromPercent(7), 0.07);
  assert.equal(toPercent(0.85), 85);
});

test('lead classes and control periods are looked up as the core does', () => {
  assert.equal(keywordClassOf('Холодная база'), 'cold');
  assert.equal(keywordClassOf('Outbound call list'), 'cold'); // cold before call
  assert.equal(keywordClassOf('Чат на сайте'), 'hot');
  assert.equal(keywordClassOf('Форма на сайте'), 'warm');
  assert.equal(keywordClassOf('Рекомендация'), 'warm');
  assert.equal(leadClassOf({ source_classes: { 'рекомендация': 'hot' } }, 'Рекомендация'), 'hot');
  const s = defaultSettings();
  assert.equal(controlDaysOf(s, 'КВАЛИФИКАЦИЯ'), 2);
  assert.equal(controlDaysOf(s, 'Встреча'), 3);
});

test('saved settings come back; a broken entry reads as none', () => {
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v), removeItem: (k) => store.delete(k) };
  const doc = normalizeSettings({ norms: { sla_share: 0.7 } });
  assert.equal(save(doc, storage), true);
  assert.deepEqual(loadSaved(storage), doc);
  store.set('kpi-lens.settings', '{not json');
  assert.equal(loadSaved(storage), null);
  store.set('kpi-lens.settings', JSON.stringify({ version: 2, settings: {} }));
  assert.equal(loadSaved(storage), null);
});
