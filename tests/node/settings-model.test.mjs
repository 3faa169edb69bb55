// The settings document belongs to the core (docs/kpi.md "Settings"): its
// defaults, whole-document semantics, checks with JSON pointers and the lead
// classes of source names come from the engine; the page's helpers
// (web/components/settings-model.mjs) only place errors by pointer, keep
// plans being typed out of what is sent, and convert dates and percentages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from './helpers.mjs';
import {
  dateText, exclusiveEnd, exportText, fieldForPath, fromPercent, inclusiveEnd, loadSaved, monthOf,
  save, toPercent, withoutDraftPlans,
} from '../../web/components/settings-model.mjs';
import { message } from '../../wasm/messages.mjs';

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

test('defaults() is the whole document a new engine holds, and sending it changes nothing', async () => {
  const untouched = await loadEngine();
  await untouched.addFile('deals.csv', DEALS);
  const defaults = untouched.defaults();
  assert.deepEqual(untouched.settings(), defaults);
  assert.equal(defaults.schema, 'kpi-lens/settings@1');
  assert.deepEqual(defaults.norms, {
    frt_min: { hot: 10, warm: 30, cold: 540 }, sla_share: 0.85, next_step_share: 0.85, overdue_share: 0.05,
    touches: [8, 12], stalled_share: 0.1, win_rate_change: [0.02, 0.05],
  });
  assert.deepEqual(defaults.stage_control_days, { default: 3, 'Квалификация': 2, Qualification: 2, 'Переговоры': 5, Negotiation: 5 });
  engine.clear();
  await engine.addFile('deals.csv', DEALS);
  engine.setSettings(defaults);
  assert.deepEqual(engine.report(), untouched.report());
  untouched.dispose();
});

test('setSettings takes the whole document: a stage entry left out takes the default again', async () => {
  engine.clear();
  await engine.addFile('deals.csv', DEALS);
  // Core default: Qualification 2 days -> A (9 d) and B (5 d) are stalled.
  engine.setSettings(BASE);
  assert.equal(stalledIn(engine.report(), 'Qualification'), 2);
  // 6 days: only A (9 > 6).
  engine.setSettings({ ...BASE, stage_control_days: { Qualification: 6 } });
  assert.equal(stalledIn(engine.report(), 'Qualification'), 1);
  assert.deepEqual(engine.settings().stage_control_days, { default: 3, Qualification: 6 });
  // The entry gone from the map: `default` (3 days) applies, 9 > 3 and 5 > 3, nothing lingers.
  engine.setSettings({ ...BASE, stage_control_days: { default: 3 } });
  assert.equal(stalledIn(engine.report(), 'Qualification'), 2);
  // No stage_control_days at all: the default map, Qualification 2 days.
  engine.setSettings({ ...BASE, norms: { sla_share: 0.7 } });
  const inForce = engine.settings();
  assert.deepEqual(inForce.stage_control_days, engine.defaults().stage_control_days);
  assert.equal(inForce.norms.sla_share, 0.7);
  assert.equal(inForce.norms.next_step_share, 0.85); // a key the document leaves out takes its default
  assert.equal(inForce.as_of, '2026-03-10T00:00:00Z');
});

test('a bad document names every bad field by its JSON pointer and keeps the settings in force', async () => {
  engine.clear();
  await engine.addFile('deals.csv', DEALS);
  engine.setSettings({ ...BASE, norms: { sla_share: 0.6 } });
  const before = engine.settings();
  assert.throws(() => engine.setSettings({
    norms: { sla_share: 1.5, touches: [12, 8] },
    source_classes: { 'Звонок': 'tepid' },
    plans: [{ owner: 'Anna', from: '2026-03-01', revenue: -1 }],
    tz: 'Mars/Base',
    colour: 'blue',
  }), (e) => {
    assert.equal(e.code, 'BAD_SETTINGS');
    assert.deepEqual(e.errors.map((x) => [x.path, x.rule]), [
      ['/tz', 'SETTINGS_UNKNOWN_ZONE'],
      ['/norms/sla_share', 'SETTINGS_SHARE'],
      ['/norms/touches/1', 'SETTINGS_RANGE'],
      ['/source_classes/Звонок', 'SETTINGS_LEAD_CLASS'],
      ['/plans/0/revenue', 'SETTINGS_NEGATIVE'],
      ['/plans/0/to', 'SETTINGS_REQUIRED'],
      ['/colour', 'SETTINGS_UNKNOWN_KEY'],
    ]);
    assert.equal(e.path, '/tz'); // the first one, also on the error itself
    assert.deepEqual(e.errors[3].params, { value: 'tepid' });
    assert.equal(message(e.errors[3].rule, e.errors[3].params, 'ru'), 'Выберите горячий, тёплый или холодный (не tepid).');
    return true;
  });
  assert.deepEqual(engine.settings(), before);
  // Not JSON at all (a CSV given as settings): one error for the document itself.
  assert.throws(() => engine.setSettings('id,title\n1,x\n'), (e) => e.rule === 'SETTINGS_NOT_JSON' && e.path === '');
  assert.deepEqual(engine.settings(), before);
});

test('the lead class of a source name comes from the core: keywords, then source_classes', () => {
  engine.setSettings({ source_classes: { 'Рекомендация': 'hot' } });
  assert.deepEqual(engine.leadClasses(['Холодная база', 'Outbound call list', 'Чат на сайте', 'Форма на сайте', 'Рекомендация']), {
    'Холодная база': { class: 'cold', auto: 'cold' },
    'Outbound call list': { class: 'cold', auto: 'cold' }, // cold before call
    'Чат на сайте': { class: 'hot', auto: 'hot' },
    'Форма на сайте': { class: 'warm', auto: 'warm' },
    'Рекомендация': { class: 'hot', auto: 'warm' },
  });
  engine.setSettings({});
});

test('an exported document is accepted by the core as --config and reads back the same', async () => {
  engine.clear();
  await engine.addFile('deals.csv', DEALS);
  engine.setSettings({ ...BASE, norms: { stalled_share: 0.5 }, plans: [{ owner: 'Anna', from: '2026-03-01', to: '2026-04-01', revenue: 100 }] });
  const doc = engine.settings();
  engine.setSettings({});
  engine.setSettings(JSON.parse(exportText(doc)));
  assert.deepEqual(engine.settings(), doc);
  const report = engine.report();
  assert.equal(report.norms.stalled_share, 0.5);
  assert.equal(report.managers[0].metrics.plan_revenue, 100);
});

test('plans still without a revenue are neither sent nor exported', () => {
  const doc = { plans: [
    { owner: 'Anna', from: '2026-03-01', to: '2026-04-01', revenue: 100 },
    { owner: 'Boris', from: '2026-03-01', to: '2026-04-01', revenue: null },
  ] };
  assert.deepEqual(withoutDraftPlans(doc).plans.map((p) => p.owner), ['Anna']);
  assert.deepEqual(JSON.parse(exportText(doc)).plans.map((p) => p.owner), ['Anna']);
  assert.equal(doc.plans.length, 2); // the page keeps the row to be filled in
});

test('a JSON pointer names the form field that edits it', () => {
  const fields = ['from', 'to', 'norms.sla_share', 'norms.touches', 'norms.touches.0', 'norms.touches.1',
    'stage_control_days.a/b', 'calendar.holidays', 'plans.0.to', 'motivation.base_salary.default',
    'motivation.weights.revenue', 'motivation.weights.win_rate'];
  assert.equal(fieldForPath('/norms/sla_share', fields), 'norms.sla_share');
  assert.equal(fieldForPath('/norms/touches/1', fields), 'norms.touches.1');
  assert.equal(fieldForPath('/stage_control_days/a~1b', fields), 'stage_control_days.a/b');
  assert.equal(fieldForPath('/calendar/holidays/3', fields), 'calendar.holidays');
  assert.equal(fieldForPath('/period/to', fields), 'to');
  assert.equal(fieldForPath('/motivation/base_salary', fields), 'motivation.base_salary.default');
  assert.equal(fieldForPath('/motivation/weights', fields), 'motivation.weights.revenue');
  assert.equal(fieldForPath('/plans/0/to', fields), 'plans.0.to');
  assert.equal(fieldForPath('/colour', fields), null);
  assert.equal(fieldForPath('', fields), null);
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

test('saved settings come back; a broken entry reads as none', () => {
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v), removeItem: (k) => store.delete(k) };
  const doc = { norms: { sla_share: 0.7 } };
  assert.equal(save(doc, storage), true);
  assert.deepEqual(loadSaved(storage), doc);
  store.set('kpi-lens.settings', '{not json');
  assert.equal(loadSaved(storage), null);
  store.set('kpi-lens.settings', JSON.stringify({ version: 2, settings: {} }));
  assert.equal(loadSaved(storage), null);
});

// Issue 10: the date fields in the page language's convention, ISO in the document; what is
// typed is read by the core (engine.readDate, core/settings.h read_typed_date), the export
// the page reaches through the worker (client.readDate).
test('dates as the page language writes them, and back to ISO by the core', async () => {
  const readDate = (text, lang) => engine.readDate(text, lang);
  assert.equal(dateText('2026-03-01', 'ru'), '01.03.2026');
  assert.equal(dateText('2026-03-01', 'en'), 'Mar 1, 2026');
  assert.equal(dateText('2026-12-31T09:05', 'ru'), '31.12.2026 09:05');
  assert.equal(dateText('2026-12-31T09:05', 'en'), 'Dec 31, 2026 09:05');
  assert.equal(dateText('2026-03-01T10:00:00+03:00', 'ru'), '2026-03-01T10:00:00+03:00'); // an offset: as written
  assert.equal(dateText(null, 'en'), '');
  for (const [text, lang, iso] of [
    ['01.03.2026', 'ru', '2026-03-01'], ['1.3.26', 'ru', '2026-03-01'], ['31.12.2026 9:05', 'ru', '2026-12-31T09:05'],
    ['2026-03-01', 'ru', '2026-03-01'], ['2026-03-01T10:00', 'en', '2026-03-01T10:00'],
    ['Mar 1, 2026', 'en', '2026-03-01'], ['March 1 2026', 'en', '2026-03-01'], ['3/31/2026', 'en', '2026-03-31'],
    ['Dec 31, 2026, 2:30 PM', 'en', '2026-12-31T14:30'], ['Dec 31, 2026 12:05 am', 'en', '2026-12-31T00:05'],
    ['Dec 31, 2026 14:30', 'en', '2026-12-31T14:30'], ['01.03.2026', 'en', '2026-03-01'],
  ]) assert.equal(readDate(text, lang), iso, `${lang}: ${text}`);
  // Not dates: null (the field sends the text to the core, whose message names the field).
  for (const [text, lang] of [['31.02.2026', 'ru'], ['3/31/2026', 'ru'], ['Foo 1, 2026', 'en'], ['13.13.2026', 'ru'],
    ['Mar 1, 2026 25:00', 'en'], ['Mar 1, 2026 13:00 PM', 'en'], ['', 'ru'], ['завтра', 'ru']]) {
    assert.equal(readDate(text, lang), null, `${lang}: ${text}`);
  }
  // Round trip in both languages.
  for (const iso of ['2026-02-28', '2024-02-29', '2026-03-20T10:30']) {
    for (const lang of ['ru', 'en']) assert.equal(readDate(dateText(iso, lang), lang), iso);
  }
  // The boundary takes any text: a number, a long line, Cyrillic, an emoji; only dates come back.
  for (const text of [42, 'x'.repeat(5000), 'Март 1, 2026', '😀 1, 2026', '1/2/3/4']) assert.equal(engine.readDate(text, 'en'), null, String(text).slice(0, 20));
});

// Issue 9: the page draws the norm fields and the stand-up choices from the core's schema
// (core/settings.h settings_schema_json). Each bound it names is the one the core checks:
// every bound is taken, one step past it is refused with that field's pointer, and every
// norm of the default document has a field.
test('the settings schema names exactly the bounds and choices the core checks', () => {
  const schema = engine.form().schema;
  const defaults = engine.defaults();
  const keysOf = (path) => path.slice(1).split('/');
  const get = (doc, path) => keysOf(path).reduce((o, k) => o?.[k], doc);
  const withValue = (path, value) => {
    const doc = structuredClone(defaults);
    const keys = keysOf(path);
    keys.slice(0, -1).reduce((o, k) => o[k], doc)[keys.at(-1)] = value;
    return doc;
  };
  const refused = (doc) => {
    try { engine.setSettings(doc); } catch (e) { return e.errors.map((x) => x.path); }
    return [];
  };
  const norms = Object.entries(defaults.norms).flatMap(([k, v]) => (k === 'frt_min' ? Object.keys(v).map((c) => `/norms/frt_min/${c}`) : [`/norms/${k}`]));
  assert.deepEqual(norms.filter((p) => !schema.some((spec) => spec.path === p)), [], 'a norm without a form field');
  assert.deepEqual(schema.find((spec) => spec.path === '/standup_cards'), { path: '/standup_cards', section: 'today', type: 'integer', unit: 'count', min: 3, max: 5, step: 1 });
  // The scalar fields here; the lists and tables (map, table, zone, date_list, dates) by their own test below.
  for (const spec of schema.filter((x) => ['number', 'integer', 'pair', 'choice'].includes(x.type) && x.section !== 'motivation')) {
    const fallback = get(defaults, spec.path);
    assert.notEqual(fallback, undefined, `${spec.path} is in the default document`);
    if (spec.type === 'choice') {
      assert.ok(spec.choices.length > 1 && spec.choices.includes(fallback), spec.path);
      for (const c of spec.choices) assert.deepEqual(refused(withValue(spec.path, c)), [], `${spec.path} = ${c}`);
      assert.deepEqual(refused(withValue(spec.path, 'no-such-choice')), [spec.path]);
      continue;
    }
    // A pair is checked on each side with the other side kept inside the bounds.
    const sides = spec.type === 'pair' ? [0, 1] : [null];
    for (const side of sides) {
      const at = side === null ? spec.path : `${spec.path}/${side}`;
      const doc = (v) => withValue(spec.path, side === null ? v : side === 0 ? [v, spec.max ?? 2e9] : [spec.min, v]);
      const step = spec.step ?? 0.001;
      if (spec.above_min) {
        assert.deepEqual(refused(doc(spec.min)), [at], `${at} = min ${spec.min} is refused (more than min)`);
        assert.deepEqual(refused(doc(spec.min + step)), [], `${at} just above min`);
      } else {
        assert.deepEqual(refused(doc(spec.min)), [], `${at} = min ${spec.min}`);
        assert.deepEqual(refused(doc(spec.min - step)), [at], `${at} below min`);
      }
      if (spec.max !== undefined) {
        assert.deepEqual(refused(doc(spec.max)), [], `${at} = max ${spec.max}`);
        assert.deepEqual(refused(doc(spec.max + step)), [at], `${at} above max`);
      } else {
        assert.deepEqual(refused(doc(1e9)), [], `${at} has no upper bound`);
      }
      if (spec.type === 'integer') assert.deepEqual(refused(doc(spec.min + step / 2)), [at], `${at} is whole`);
    }
  }
  engine.setSettings(defaults);
});

// Issue 9: the lists and tables the panel draws from the schema name the keys of the document
// the core reads: every table column and map value it describes is taken at a value inside its
// bounds and refused (with that cell's pointer) one step outside them.
test('the schema\'s lists and tables name what the core takes', () => {
  const { schema, starts } = engine.form();
  const spec = (path) => schema.find((x) => x.path === path);
  const refused = (doc) => {
    try { engine.setSettings(doc); } catch (e) { return e.errors.map((x) => x.path); }
    return [];
  };
  const plan = { owner: 'Anna', from: '2026-03-01', to: '2026-04-01', revenue: 100, won_count: 2 };
  assert.deepEqual(spec('/plans').columns.map((c) => c.key), Object.keys(plan));
  assert.deepEqual(refused({ plans: [plan] }), []);
  for (const column of spec('/plans').columns.filter((c) => c.min !== undefined)) {
    assert.deepEqual(refused({ plans: [{ ...plan, [column.key]: column.min - 1 }] }), [`/plans/0/${column.key}`], column.key);
  }
  const steps = spec('/motivation/steps');
  assert.deepEqual(steps.columns.map((c) => c.key), ['0', '1']);
  const bonus = (patch) => ({ motivation: { ...starts.motivation, ...patch } });
  assert.deepEqual(refused(bonus({ steps: [[-0.5, 0], [1, 1]] })), [], 'a threshold has no lower bound');
  assert.deepEqual(refused(bonus({ steps: [[0, steps.columns[1].min - 1]] })), ['/motivation/steps/0/1']);
  assert.deepEqual(refused(bonus({ base_salary: { default: 1, Anna: spec('/motivation/base_salary').value.min - 1 } })), ['/motivation/base_salary/Anna']);
  assert.deepEqual(refused(bonus({ weights: { revenue: spec('/motivation/weights/revenue').min - 1 } })).slice(0, 1), ['/motivation/weights/revenue']);
  assert.deepEqual(refused({ stage_control_days: { default: 3, Won: spec('/stage_control_days').value.min } }), ['/stage_control_days/Won'], 'above min');
  for (const c of spec('/source_classes').value.choices) assert.deepEqual(refused({ source_classes: { Звонок: c } }), []);
  assert.deepEqual(refused({ source_classes: { Звонок: 'tepid' } }), ['/source_classes/Звонок']);
  assert.deepEqual(refused({ from: '2026-03-01', to: '2026-04-01', as_of: '2026-03-10T12:00' }), []);
  engine.setSettings(engine.defaults());
});
