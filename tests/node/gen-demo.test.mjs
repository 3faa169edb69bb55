// Tests for scripts/gen-demo.mjs: determinism, canonical headers and the
// internal consistency of the generated tables. Runs the script as a child
// process and reads its CSV output with a small RFC 4180 parser of its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'gen-demo.mjs');
const END = '2026-03-31';
const END_TS = `${END} 23:59:59`;
const FILES = ['deals.csv', 'stage_events.csv', 'tasks.csv', 'activities.csv'];
const HEADERS = {
  'deals.csv': 'id,title,pipeline,stage,state,owner,source,segment,amount,currency,created_at,closed_at,loss_reason',
  'stage_events.csv': 'deal_id,from_stage,to_stage,at,by',
  'tasks.csv': 'id,deal_id,owner,created_at,due_at,completed_at,type',
  'activities.csv': 'id,deal_id,owner,type,at,duration_s',
};
const TS = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

let tmp;
const dirs = {};

function generate(name, args) {
  const out = path.join(tmp, name);
  execFileSync(process.execPath, [SCRIPT, '--out', out, ...args], { stdio: 'pipe' });
  return out;
}

/** RFC 4180: returns rows of fields; quoted fields may hold , " and newlines. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      field += c; i++; continue;
    }
    if (c === '"' && field === '') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; continue; }
    assert.notEqual(c, '"', `stray quote at offset ${i}`);
    assert.notEqual(c, '\r', `CR at offset ${i}`);
    field += c; i++;
  }
  assert.equal(quoted, false, 'unterminated quoted field');
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

/** Table as an array of objects keyed by header name, plus the raw header. */
function readTable(dir, file) {
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  assert.ok(text.endsWith('\n'), `${file} ends with a newline`);
  const [header, ...rows] = parseCsv(text);
  for (const r of rows) assert.equal(r.length, header.length, `${file}: row width ${JSON.stringify(r)}`);
  return {
    header: header.join(','),
    rows: rows.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k]]))),
  };
}

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-demo-'));
  dirs.a = generate('a', ['--deals', '300', '--seed', '7', '--end', END]);
  dirs.b = generate('b', ['--deals', '300', '--seed', '7', '--end', END]);
  dirs.c = generate('c', ['--deals', '300', '--seed', '8', '--end', END]);
});

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('same arguments give identical bytes', () => {
  for (const f of [...FILES, 'manifest.json']) {
    const a = fs.readFileSync(path.join(dirs.a, f));
    const b = fs.readFileSync(path.join(dirs.b, f));
    assert.ok(a.length > 0, `${f} is not empty`);
    assert.ok(a.equals(b), `${f} differs between two runs`);
  }
});

test('a different seed gives different bytes', () => {
  for (const f of FILES) {
    const a = fs.readFileSync(path.join(dirs.a, f));
    const c = fs.readFileSync(path.join(dirs.c, f));
    assert.ok(!a.equals(c), `${f} is the same for seeds 7 and 8`);
  }
});

test('manifest lists the files, deal count and seed', () => {
  const m = JSON.parse(fs.readFileSync(path.join(dirs.a, 'manifest.json'), 'utf8'));
  assert.deepEqual(m, { files: FILES, deals: 300, seed: 7 });
});

test('header rows are exactly the canonical ones, no BOM', () => {
  for (const f of FILES) {
    const raw = fs.readFileSync(path.join(dirs.a, f));
    assert.notDeepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], `${f} has a BOM`);
    assert.equal(raw.toString('utf8').split('\n', 1)[0], HEADERS[f]);
    assert.equal(readTable(dirs.a, f).header, HEADERS[f]);
  }
});

test('deals and stage history are consistent', () => {
  const deals = readTable(dirs.a, 'deals.csv').rows;
  const events = readTable(dirs.a, 'stage_events.csv').rows;
  assert.equal(deals.length, 300);
  const byDeal = new Map();
  for (const e of events) {
    if (!byDeal.has(e.deal_id)) byDeal.set(e.deal_id, []);
    byDeal.get(e.deal_id).push(e);
  }
  const states = new Set();
  for (const d of deals) {
    states.add(d.state);
    assert.ok(['open', 'won', 'lost'].includes(d.state), `${d.id}: state ${d.state}`);
    assert.match(d.created_at, TS);
    const hist = byDeal.get(d.id);
    assert.ok(hist && hist.length > 0, `${d.id} has stage events`);
    assert.equal(hist[0].from_stage, '', `${d.id}: first event starts from nothing`);
    assert.equal(hist[0].at, d.created_at, `${d.id}: first event at created_at`);
    for (let k = 1; k < hist.length; k++) {
      assert.ok(hist[k - 1].at <= hist[k].at, `${d.id}: events out of order`);
      assert.equal(hist[k].from_stage, hist[k - 1].to_stage, `${d.id}: broken chain`);
    }
    for (const e of hist) assert.equal(e.by, d.owner, `${d.id}: event by the owner`);
    const last = hist[hist.length - 1];
    assert.equal(d.stage, last.to_stage, `${d.id}: current stage = last to_stage`);
    if (d.state === 'open') {
      assert.equal(d.closed_at, '', `${d.id}: open deal has no closed_at`);
      assert.equal(d.loss_reason, '', `${d.id}: open deal has no loss reason`);
    } else {
      assert.equal(d.closed_at, last.at, `${d.id}: closed_at = last event time`);
      assert.ok(d.closed_at >= d.created_at, `${d.id}: closed before created`);
      const terminal = d.state === 'won' ? 'Успешно реализовано' : 'Закрыто и не реализовано';
      assert.equal(d.stage, terminal);
    }
    if (d.state !== 'lost') assert.equal(d.loss_reason, '');
    const terminalMoves = hist.filter((e) => e.to_stage === 'Успешно реализовано' || e.to_stage === 'Закрыто и не реализовано');
    assert.equal(terminalMoves.length, d.state === 'open' ? 0 : 1, `${d.id}: won/lost only via the final event`);
  }
  assert.deepEqual([...states].sort(), ['lost', 'open', 'won']);
});

test('no timestamp after the end date (task due dates excepted)', () => {
  const checks = {
    'deals.csv': ['created_at', 'closed_at'],
    'stage_events.csv': ['at'],
    'tasks.csv': ['created_at', 'completed_at'],
    'activities.csv': ['at'],
  };
  for (const [f, cols] of Object.entries(checks)) {
    for (const r of readTable(dirs.a, f).rows) {
      for (const c of cols) {
        if (r[c] === '') continue;
        assert.match(r[c], TS, `${f}.${c}`);
        assert.ok(r[c] <= END_TS, `${f}.${c} = ${r[c]} is after ${END_TS}`);
      }
    }
  }
  for (const t of readTable(dirs.a, 'tasks.csv').rows) {
    if (t.due_at !== '') assert.match(t.due_at, TS);
    if (t.completed_at !== '') assert.ok(t.completed_at >= t.created_at, `${t.id}: completed before created`);
  }
});

test('every referenced deal_id exists in deals.csv', () => {
  const ids = new Set(readTable(dirs.a, 'deals.csv').rows.map((d) => d.id));
  assert.equal(ids.size, 300, 'deal ids are unique');
  for (const f of ['stage_events.csv', 'tasks.csv', 'activities.csv']) {
    const rows = readTable(dirs.a, f).rows;
    assert.ok(rows.length > 0, `${f} has rows`);
    for (const r of rows) assert.ok(ids.has(r.deal_id), `${f}: unknown deal ${r.deal_id}`);
  }
});

test('tasks are created, due and completed all along the history, and closing a deal closes its tasks', () => {
  const deals = new Map(readTable(dirs.a, 'deals.csv').rows.map((d) => [d.id, d]));
  const tasks = readTable(dirs.a, 'tasks.csv').rows;
  const months = ['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03'];
  for (const col of ['created_at', 'due_at', 'completed_at']) {
    const per = Object.fromEntries(months.map((m) => [m, 0]));
    for (const t of tasks) if (t[col].slice(0, 7) in per) per[t[col].slice(0, 7)] += 1;
    // With 300 deals a month holds ~1/6 of the tasks: none may fall below a third of that.
    for (const m of months) assert.ok(per[m] > tasks.length / 18, `${col} in ${m}: ${per[m]} of ${tasks.length}`);
  }
  for (const t of tasks) {
    const d = deals.get(t.deal_id);
    if (d.state === 'open') continue;
    assert.ok(t.created_at <= d.closed_at, `${t.id}: created after its deal closed`);
    assert.ok(t.completed_at !== '' && t.completed_at <= d.closed_at, `${t.id}: left open after its deal closed`);
  }
});
