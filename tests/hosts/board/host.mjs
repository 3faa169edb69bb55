// The host page's script (tests/browser/board-element.test.mjs): loads the
// engine the way ?wasm= says (url | response | bytes; default: the package's
// own kpi.wasm), four tables of a fixture through load({deals, events, tasks,
// activities}), and logs the element's events. Everything from this origin.
import { init, load, report, setSettings } from '/board/kpi-lens-board.mjs';

const query = new URLSearchParams(location.search);
const board = document.querySelector('kpi-lens-board');
board.setAttribute('lang', query.get('lang') ?? 'en');
window.hostEvents = [];
for (const type of ['kpi-lens-drill', 'kpi-lens-cell']) {
  document.addEventListener(type, (e) => window.hostEvents.push({ type, detail: e.detail }));
}

const wasmUrl = '/board/engine/kpi.wasm';
const how = query.get('wasm');
const text = async (name) => (await fetch(`/data/${name}`)).text();
try {
  if (how === 'url') await init(wasmUrl);
  else if (how === 'response') await init(await fetch(wasmUrl));
  else if (how === 'bytes') await init(new Uint8Array(await (await fetch(wasmUrl)).arrayBuffer()));
  else await init();
  // The whole export (the engine's default is its last complete month or week): the test's figures.
  await setSettings({ period_preset: 'whole' });
  const [deals, events, tasks, activities] = await Promise.all(['deals.csv', 'stage_events.csv', 'tasks.csv', 'activities.csv'].map(text));
  await load({ deals, events, tasks, activities });
  window.hostReport = { team: report().team.metrics, tiles: report().board.length };
  window.hostState = 'ready';
} catch (e) {
  window.hostState = `error: ${e?.message ?? e}`;
}
