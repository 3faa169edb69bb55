// TypeScript declarations of kpi-lens-board (kpi-lens-board.mjs): the ES-module
// API and the <kpi-lens-board> custom element. The report and settings
// documents are described in the project's docs/report.md and docs/kpi.md;
// they are typed loosely here (their schema names are checked at run time).

/** A kpi-lens/report@1 document (docs/report.md). */
export interface KpiReport {
  schema: string;
  as_of: string | null;
  /** The IANA zone the report was computed in (the settings' tz); the element shows instants in it. */
  tz: string;
  /** The role KPI set in force: the matrix columns and board tiles the element shows (docs/kpi.md "Role KPI sets"). */
  layout: { role: string; columns: string[]; tiles: string[] };
  board: KpiBoardTile[];
  managers: Array<{ name: string; metrics: Record<string, number | null>; [key: string]: unknown }>;
  team: { metrics: Record<string, number | null>; [key: string]: unknown };
  files: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

/** One tile of report.board, judged by the engine (the element never compares a value with a norm). */
export interface KpiBoardTile {
  id: 'frt' | 'sla' | 'next_step' | 'overdue' | 'stalled' | 'win_rate_by_source' | string;
  metric: string | null;
  value: number | null;
  status: 'ok' | 'warn' | 'bad' | string | null;
  status_reason?: string | null;
  norm_kind?: string | null;
  norm_value?: number | null;
  cards?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

/** The settings document (kpi-lens/settings@1, docs/kpi.md); a key left out takes its default. */
export type KpiSettings = { schema?: 'kpi-lens/settings@1'; as_of?: string | null; tz?: string; [key: string]: unknown };

/** Where kpi.wasm comes from: its URL, a fetch() Response, or its bytes. Default: engine/kpi.wasm of this package. */
export type WasmSource = string | URL | Response | ArrayBuffer | ArrayBufferView;

/** One table: CSV or JSON text, bytes, a Blob / File, or row objects (written as CSV with their keys as the header). */
export type TableSource = string | ArrayBuffer | Uint8Array | Blob | Array<Record<string, unknown>>;

/** A page of a CRM's API as it was returned: `list` is the endpoint (amoCRM `leads`, `events`…; Bitrix24 `crm.deal.list`…). */
export interface ApiPage { list: string; page: unknown }

export type LoadInput =
  | FileList
  | Array<File | { name: string; data: TableSource }>
  | { deals?: TableSource; events?: TableSource; tasks?: TableSource; activities?: TableSource }
  | ApiPage[]
  | { pages: ApiPage[] };

export interface LoadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: { file: string; bytes: number; total: number | null }) => void;
}

/** Loads the engine once; later calls return the same promise. */
export function init(wasm?: WasmSource): Promise<unknown>;
/** Replaces the data, recomputes, returns the report; every connected <kpi-lens-board> shows it. */
export function load(input: LoadInput, options?: LoadOptions): Promise<KpiReport>;
/** The whole settings document in force. */
export function settings(): Promise<KpiSettings>;
/** Takes a whole settings document, recomputes, returns the report. Rejects with an Error whose `errors` name each bad field. */
export function setSettings(doc: KpiSettings | string): Promise<KpiReport>;
/** The last report computed by load() or setSettings(), or null. */
export function report(): KpiReport | null;
/** The deals behind a tile or a cell: pass the detail of a kpi-lens-drill / kpi-lens-cell event. */
export function drill(query: KpiDrillDetail | KpiCellDetail): Promise<unknown>;
/** CRM API pages as the files the engine reads ({name, data}). */
export function pagesToFiles(pages: ApiPage[]): Array<{ name: string; data: string }>;

export interface KpiDrillDetail { metric: string; flaggedOnly: boolean; label: string }
export interface KpiCellDetail { metric: string; manager: string; groupBy: string; group: string; label: string }

/** <kpi-lens-board lang="ru|en">; data-state: loading | empty | ready. */
export class KpiLensBoard extends HTMLElement {
  /** ru or en, from the lang attribute or the document. */
  readonly language: 'ru' | 'en';
  /** The report shown. Setting one detaches the element from load(); setting null re-attaches it. */
  report: KpiReport | null;
  /** With a report of your own: where the deal lists come from (else the module's drill()). */
  drillSource: ((query: KpiDrillDetail | KpiCellDetail) => unknown) | null;
}

declare global {
  interface HTMLElementTagNameMap { 'kpi-lens-board': KpiLensBoard }
  interface HTMLElementEventMap {
    /** A tile was opened (click, Enter or Space); cancel it to keep the element's own deal list closed. */
    'kpi-lens-drill': CustomEvent<KpiDrillDetail>;
    /** A matrix cell was opened. */
    'kpi-lens-cell': CustomEvent<KpiCellDetail>;
  }
}
