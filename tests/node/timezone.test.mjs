// Any IANA zone through the JS facade: setSettings reads the zone's offset
// history from Intl and sends it as tz_offsets. Expected instants by hand
// (New York: EST -5, EDT -4 from 2026-03-08 07:00Z to 2026-11-01 06:00Z; in a
// gap or overlap the offset before the change is used, as in core/model/time.h).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine, WASM_DIR } from './helpers.mjs';

const engine = await loadEngine();
const { zoneHistory } = await import(`${WASM_DIR}kpi-engine.mjs`);

const HEADER = 'id,title,pipeline,stage,state,owner,source,segment,amount,currency,created_at,closed_at,loss_reason\n';
const oneDeal = (createdAt) => `${HEADER}D1,Alpha,Main,New,open,Anna,Звонок,SMB,,USD,${createdAt},,\n`;

async function asOfFor(createdAt, settings) {
  engine.clear();
  engine.setSettings(settings);
  await engine.addFile('deals.csv', oneDeal(createdAt));
  return engine.report().as_of;
}

test('wall-clock cells are read in America/New_York, gaps and overlaps included', async () => {
  const tz = { tz: 'America/New_York' };
  assert.equal(await asOfFor('2026-01-15 09:00', tz), '2026-01-15T14:00:00Z'); // EST
  assert.equal(await asOfFor('2026-06-15 12:00', tz), '2026-06-15T16:00:00Z'); // EDT
  // 02:30 on 2026-03-08 never showed (02:00 EST -> 03:00 EDT): read with EST, = 03:30 EDT.
  assert.equal(await asOfFor('2026-03-08 02:30', tz), '2026-03-08T07:30:00Z');
  // 01:30 on 2026-11-01 showed twice: the first time, still EDT.
  assert.equal(await asOfFor('2026-11-01 01:30', tz), '2026-11-01T05:30:00Z');
  // Offsets in the cell win; settings' dates are read in the zone as well; JSON text works too.
  assert.equal(await asOfFor('2026-03-08 02:30+01:00', tz), '2026-03-08T01:30:00Z');
  assert.equal(await asOfFor('2026-06-15 12:00', JSON.stringify({ ...tz, as_of: '2026-11-01 01:30' })),
    '2026-11-01T05:30:00Z');
  engine.setSettings({ tz: 'Europe/Moscow', as_of: null });
});

test('the history matches the 2026 changes and is cached per zone', () => {
  const ny = zoneHistory('America/New_York');
  assert.deepEqual(ny[0], [null, -5 * 3600]); // 1990-01-01: EST, since always
  const in2026 = ny.filter(([t]) => t >= Date.UTC(2026, 0, 1) / 1000 && t < Date.UTC(2027, 0, 1) / 1000);
  assert.deepEqual(in2026, [[Date.UTC(2026, 2, 8, 7) / 1000, -4 * 3600], [Date.UTC(2026, 10, 1, 6) / 1000, -5 * 3600]]);
  assert.equal(zoneHistory('America/New_York'), ny);
  assert.deepEqual(zoneHistory('Asia/Kolkata'), [[null, 5.5 * 3600]]);
  assert.equal(zoneHistory('Mars/Base'), null);
});

test('Moscow, UTC and fixed offsets keep working', async () => {
  assert.equal(await asOfFor('2026-03-02 14:05', { tz: 'Europe/Moscow' }), '2026-03-02T11:05:00Z');
  assert.equal(await asOfFor('2026-03-02 14:05', { tz: 'UTC' }), '2026-03-02T14:05:00Z');
  assert.equal(await asOfFor('2026-03-02 14:05', { tz: '+05:30' }), '2026-03-02T08:35:00Z');
  assert.equal(await asOfFor('2026-03-02 14:05', { tz: 'UTC-3' }), '2026-03-02T17:05:00Z');
});

test('an unknown zone or a bad tz_offsets list is BAD_SETTINGS; the old zone stays', async () => {
  await asOfFor('2026-06-15 12:00', { tz: 'America/New_York' });
  assert.throws(() => engine.setSettings({ tz: 'Mars/Base' }),
    (e) => e.name === 'KpiError' && e.code === 'BAD_SETTINGS' && e.path === '/tz' && e.rule === 'SETTINGS_UNKNOWN_ZONE' &&
      e.message === '/tz: unknown time zone "Mars/Base"');
  assert.throws(() => engine.setSettings({ tz: 'Europe/Nowhere', tz_offsets: [[null, 3600], [0, 99 * 3600]] }),
    (e) => e.code === 'BAD_SETTINGS' && /tz_offsets/.test(e.message));
  assert.throws(() => engine.setSettings({ tz: 'X/Y', tz_offsets: [[null, 0], [100, 3600], [50, 0]] }),
    (e) => e.code === 'BAD_SETTINGS' && /tz_offsets.*entry 2/.test(e.message));
  assert.throws(() => engine.setSettings({ tz_offsets: [[null, 0]] }),
    (e) => e.code === 'BAD_SETTINGS' && /tz_offsets/.test(e.message));
  assert.equal(engine.report().as_of, '2026-06-15T16:00:00Z'); // still New York
  engine.setSettings({ tz: 'Europe/Moscow' });
});
