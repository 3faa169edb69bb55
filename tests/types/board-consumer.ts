// A host page's use of kpi-lens-board as its README shows it, type-checked
// against embed/board/index.d.ts by tests/node/board-types.test.mjs (tsc
// --strict): a declaration that drifts from the documented use fails here.
import { init, load, setSettings, settings, report, drill, pagesToFiles } from 'kpi-lens-board';
import type { KpiReport, KpiBoardTile, KpiSettings, KpiLensBoard } from 'kpi-lens-board';

export async function host(files: FileList, wasm: Response): Promise<number> {
  await init(wasm);
  const first: KpiReport = await load(files, { onProgress: (p) => console.log(p.file, p.bytes, p.total ?? '?') });
  const tiles: KpiBoardTile[] = first.board;
  const doc: KpiSettings = await settings();
  const again = await setSettings({ ...doc, tz: 'Europe/Moscow' });
  await load({ deals: [{ id: 1, owner: 'Anna' }], events: 'deal_id,at\n' });
  await load(pagesToFiles([{ list: 'leads', page: { _embedded: { leads: [] } } }]));
  const board: KpiLensBoard = document.createElement('kpi-lens-board');
  board.addEventListener('kpi-lens-drill', (e) => { void drill(e.detail); });
  board.addEventListener('kpi-lens-cell', (e) => { console.log(e.detail.manager, e.detail.metric); });
  board.report = report();
  const lang: 'ru' | 'en' = board.language;
  const zone: string = first.tz; // the zone the element renders instants in
  const columns: string[] = first.layout.columns;
  return tiles.length + again.board.length + lang.length + zone.length + columns.length;
}
