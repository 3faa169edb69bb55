// addFile's AbortSignal (what the page's Cancel button uses through the worker's
// CANCEL): a read is stopped part-way even when every chunk of the stream is
// already queued (reads then resolve as microtasks, so an abort that comes from
// an event could never run without addFile's task turns); the file is dropped,
// the files read before stay, and the engine reads the next file as usual.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadEngine } from './helpers.mjs';

const HEADER = 'id,stage,state,owner,source,amount,currency,created_at,closed_at\n';
// Gleb: G1, G2 won (1 000 + 2 000), G3 lost → 2 won, 1 lost.
const GOOD = `${HEADER}G1,Won,won,Gleb,Site,1000,RUB,2026-03-02 10:00,2026-03-05 10:00\n`
  + 'G2,Won,won,Gleb,Call,2000,RUB,2026-03-03 10:00,2026-03-06 10:00\n'
  + 'G3,Lost,lost,Gleb,Call,500,RUB,2026-03-04 10:00,2026-03-07 10:00\n';

const CHUNKS = 300;
/** A stream of CHUNKS chunks (~64 KB of rows each, all enqueued at once): deals of Bulk. */
function queuedStream() {
  const rows = [];
  for (let i = 0; i < 900; i += 1) rows.push(`B${i},Won,won,Bulk,Site,100,RUB,2026-03-02 10:00,2026-03-05 10:00`);
  const block = new TextEncoder().encode(`${rows.join('\n')}\n`);
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(HEADER));
      for (let i = 0; i < CHUNKS; i += 1) controller.enqueue(block);
      controller.close();
    },
  });
}

let engine;
before(async () => {
  engine = await loadEngine();
  engine.setSettings({ period_preset: 'whole' }); // Gleb's figures over the whole file (the default: its last complete week)
});
after(() => engine?.dispose());

test('an abort from a timer stops a read whose chunks are all queued; the file is dropped', async () => {
  engine.clear();
  await engine.addFile('good.csv', GOOD);
  const controller = new AbortController();
  const reason = Object.assign(new Error('reading cancelled'), { code: 'CANCELLED' });
  setTimeout(() => controller.abort(reason), 0); // an event, as the worker's CANCEL message is
  let chunks = 0;
  await assert.rejects(
    engine.addFile('bulk.csv', queuedStream(), { signal: controller.signal, onProgress: () => { chunks += 1; } }),
    (e) => e === reason,
  );
  assert.ok(chunks > 0 && chunks < CHUNKS, `stopped part-way: ${chunks} of ${CHUNKS + 1} chunks read`);
  assert.deepEqual(engine.files().map((f) => f.file), ['good.csv'], 'the cancelled file left nothing behind');
  const team = engine.report().team.metrics;
  assert.equal(team.won_count, 2);
  assert.equal(team.lost_count, 1);
  assert.equal(team.revenue, 3000);

  // The engine reads on: the next file is added as usual.
  const summary = await engine.addFile('more.csv', `${HEADER}M1,Won,won,Mila,Site,400,RUB,2026-03-02 10:00,2026-03-03 10:00\n`);
  assert.equal(summary.rows, 1);
  assert.deepEqual(engine.files().map((f) => f.file), ['good.csv', 'more.csv']);
  assert.equal(engine.report().team.metrics.revenue, 3400); // 3 000 + 400
});

test('a signal aborted before the read adds nothing', async () => {
  engine.clear();
  const controller = new AbortController();
  controller.abort(new Error('early'));
  await assert.rejects(engine.addFile('good.csv', GOOD, { signal: controller.signal }), /early/);
  assert.deepEqual(engine.files(), []);
});
