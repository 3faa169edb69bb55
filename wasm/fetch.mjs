// `kpi-lens fetch amocrm|bitrix24 --out DIR`: pulls a client's lists through
// the CRM API (wasm/crm/*-api.mjs) into a folder of page files that
// `kpi-lens analyze DIR` reads as it is. For consultants: an amoCRM long-lived
// token or a Bitrix24 inbound webhook, read from a file or an environment
// variable and never printed, logged or written.
//
// The folder: one file per page (`leads_0001.json`, `crm.deal.list_0001.json`),
// except Bitrix24's stage history, whose pages become one array file when the
// list is complete (the reader pairs each stage move with the deal's previous
// one, which may sit on another page). `.kpi-fetch/` holds the state and the
// pages of such lists while they are read; `analyze` skips hidden entries.
// A page file is written (to a temporary name, then renamed) before the state
// moves past it, so an interrupted fetch, run again, goes on from the page
// after the last one saved and rewrites at most that page under the same name:
// no page is lost or doubled.

import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AMO_LISTS, createAmoClient } from './crm/amocrm-api.mjs';
import { BITRIX_LISTS, createBitrixClient } from './crm/bitrix24-api.mjs';
import { CrmApiError } from './crm/http.mjs';

export const FETCH_USAGE = `usage: kpi-lens fetch amocrm --account URL --out DIR [--token-file FILE] [--since DATE] [--restart]
       kpi-lens fetch bitrix24 --out DIR [--webhook-file FILE] [--restart]
  amoCRM / Kommo: a long-lived token (Settings → Integrations → your private
    integration → Keys and scopes) in --token-file or $KPI_AMOCRM_TOKEN;
    --account is the account address, e.g. https://example.amocrm.ru ($KPI_AMOCRM_ACCOUNT)
  Bitrix24: an inbound webhook (Developer resources → Other → Inbound webhook,
    scopes crm, task, user), https://<portal>/rest/<user>/<secret>/, in
    --webhook-file or $KPI_BITRIX24_WEBHOOK
  --out DIR     the folder of page files (created; an interrupted fetch into it resumes)
  --since DATE  amoCRM: only what changed since DATE (ISO 8601)
  --restart     forget a previous fetch into DIR and start again
  The token and the webhook are never printed. Then: kpi-lens analyze DIR`;

const STATE_DIR = '.kpi-fetch';
const STATE = 'state.json';

class UsageError extends Error {}

function parse(argv, env) {
  const [crm, ...rest] = argv;
  if (crm === '--help' || crm === '-h') return { help: true };
  if (crm !== 'amocrm' && crm !== 'bitrix24') throw new UsageError(crm ? `fetch: unknown CRM "${crm}" (amocrm or bitrix24)` : 'fetch: which CRM? amocrm or bitrix24');
  const o = { crm, restart: false };
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i];
    const value = () => {
      if (i + 1 >= rest.length || rest[i + 1].startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return rest[++i];
    };
    switch (arg) {
      case '--out': o.out = value(); break;
      case '--account': o.account = value(); break;
      case '--token-file': o.tokenFile = value(); break;
      case '--webhook-file': o.webhookFile = value(); break;
      case '--since': o.since = value(); break;
      case '--restart': o.restart = true; break;
      case '--help': case '-h': return { help: true };
      default: throw new UsageError(arg.startsWith('--') ? `unknown option ${arg}` : `unexpected argument (secrets go in a file or the environment, never on the command line)`);
    }
  }
  if (!o.out) throw new UsageError('--out DIR is required');
  const secretFrom = (file, variable, what) => {
    if (file) {
      let text;
      try { text = readFileSync(file, 'utf8'); } catch (e) { throw new UsageError(`${what} file ${file}: cannot read it (${e.code ?? 'error'})`); }
      const secret = text.trim();
      if (!secret) throw new UsageError(`${what} file ${file} is empty`);
      return secret;
    }
    const secret = (env[variable] ?? '').trim();
    if (!secret) throw new UsageError(`no ${what}: give --${what === 'token' ? 'token' : 'webhook'}-file FILE or set $${variable}`);
    return secret;
  };
  if (crm === 'amocrm' && o.webhookFile) throw new UsageError('--webhook-file is for Bitrix24; amoCRM takes --token-file');
  if (crm === 'bitrix24' && o.tokenFile) throw new UsageError('--token-file is for amoCRM; Bitrix24 takes --webhook-file');
  if (crm === 'amocrm') {
    o.account ??= env.KPI_AMOCRM_ACCOUNT;
    if (!o.account) throw new UsageError('--account URL is required (e.g. https://example.amocrm.ru)');
    o.secret = secretFrom(o.tokenFile, 'KPI_AMOCRM_TOKEN', 'token');
    if (o.since !== undefined) {
      const t = Date.parse(o.since);
      if (!Number.isFinite(t)) throw new UsageError(`--since ${o.since}: not a date (ISO 8601)`);
      o.sinceSeconds = Math.floor(t / 1000);
    }
  } else {
    if (o.account) throw new UsageError('--account is for amoCRM; the webhook names the Bitrix24 portal');
    if (o.since) throw new UsageError('--since is for amoCRM only');
    o.secret = secretFrom(o.webhookFile, 'KPI_BITRIX24_WEBHOOK', 'webhook');
  }
  return o;
}

/** Writes `text` to `dir/name` through a temporary file, so the name holds a whole page or nothing. */
function writeAtomic(dir, name, text) {
  const tmp = join(dir, `.${name}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, join(dir, name));
}

const pageName = (list, index) => `${list}_${String(index).padStart(4, '0')}.json`;

/** Removes what a fetch writes into `out` (page files of our lists, the combined files, the state). */
function clearOut(out, lists) {
  const ours = new RegExp(`^(${lists.map((s) => s.list.replace(/\./g, '\\.')).join('|')})(_\\d{4,})?\\.json$`);
  for (const name of readdirSync(out)) if (ours.test(name)) rmSync(join(out, name));
  rmSync(join(out, STATE_DIR), { recursive: true, force: true });
}

function progressPrinter(stderr) {
  const tty = !!stderr.isTTY;
  let lastLine = 0;
  let lastList = null;
  return {
    update({ list, pages, rows, requests, waiting }, force = false) {
      const wait = waiting ? ` — the CRM asks to slow down (HTTP ${waiting.status}), waiting ${(waiting.ms / 1000).toFixed(1)} s` : '';
      const line = `fetch: ${list}: ${pages} page${pages === 1 ? '' : 's'}, ${rows} row${rows === 1 ? '' : 's'} (${requests} request${requests === 1 ? '' : 's'})${wait}`;
      const now = Date.now();
      if (tty) { stderr.write(`\r\x1b[2K${line}`); return; }
      if (force || waiting || list !== lastList || now - lastLine > 2000) { stderr.write(`${line}\n`); lastLine = now; lastList = list; }
    },
    done() { if (tty) stderr.write('\n'); },
  };
}

/**
 * Runs the fetch command. Returns the exit status: 0 complete, 2 bad usage,
 * 4 the CRM refused or failed (message on stderr), 130 interrupted (resumable).
 * `fetchImpl` and `retry` are for tests.
 */
export async function fetchCommand(argv, { env = process.env, stdout = process.stdout, stderr = process.stderr,
  signal = null, fetchImpl = null, retry = undefined } = {}) {
  let o;
  try {
    o = parse(argv, env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    stderr.write(`kpi-lens: ${e.message}\n${FETCH_USAGE}\n`);
    return 2;
  }
  if (o.help) { stdout.write(`${FETCH_USAGE}\n`); return 0; }

  let client;
  let lists;
  let account;
  try {
    if (o.crm === 'amocrm') {
      client = createAmoClient({ baseUrl: o.account, token: o.secret, fetch: fetchImpl, retry });
      lists = AMO_LISTS;
      account = client.origin;
    } else {
      client = createBitrixClient({ webhook: o.secret, fetch: fetchImpl, retry });
      lists = BITRIX_LISTS;
      account = new URL(o.secret).origin; // the portal, without the secret path
    }
  } catch (e) {
    if (!(e instanceof CrmApiError)) throw e;
    stderr.write(`kpi-lens: ${e.message}\n`);
    return 2;
  }

  mkdirSync(join(o.out, STATE_DIR), { recursive: true });
  const statePath = join(o.out, STATE_DIR, STATE);
  let saved = null;
  if (existsSync(statePath)) {
    try { saved = JSON.parse(readFileSync(statePath, 'utf8')); } catch { saved = null; }
  }
  if (saved && !o.restart && (saved.crm !== o.crm || saved.account !== account)) {
    stderr.write(`kpi-lens: ${o.out} holds a fetch from ${saved.crm} ${saved.account}; use another --out, or --restart to replace it\n`);
    return 2;
  }
  if (o.restart || !saved) {
    clearOut(o.out, lists);
    mkdirSync(join(o.out, STATE_DIR), { recursive: true });
    saved = { schema: 'kpi-lens/fetch-state@1', crm: o.crm, account, since: o.sinceSeconds ?? null, lists: {}, complete: false };
  } else if (saved.complete) {
    stdout.write(`fetch: ${o.out} is already complete (${describe(saved)}); --restart fetches it again\n`);
    return 0;
  } else {
    stderr.write(`fetch: resuming the fetch into ${o.out}\n`);
  }
  const save = () => writeAtomic(join(o.out, STATE_DIR), STATE, JSON.stringify(saved, null, 1));
  save();

  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  signal?.addEventListener('abort', onSigint, { once: true });
  const printer = progressPrinter(stderr);
  const partsDir = (list) => join(o.out, STATE_DIR, list);

  const onPage = ({ list, index, page, combine }) => {
    if (combine) {
      mkdirSync(partsDir(list), { recursive: true });
      writeAtomic(partsDir(list), pageName(list, index), JSON.stringify(page));
    } else {
      writeAtomic(o.out, pageName(list, index), JSON.stringify(page));
    }
  };
  // A combined list, once complete, becomes one array file (also on a resume
  // that stopped between the last page and this step).
  const combine = (list) => {
    const s = saved.lists[list];
    if (!s?.done || s.combined || !lists.find((l) => l.list === list)?.combine) return;
    const parts = existsSync(partsDir(list)) ? readdirSync(partsDir(list)).filter((n) => n.endsWith('.json')).sort() : [];
    if (parts.length) {
      const text = `[\n${parts.map((n) => readFileSync(join(partsDir(list), n), 'utf8')).join(',\n')}\n]\n`;
      writeAtomic(o.out, `${list}.json`, text);
    }
    s.combined = true;
    save();
    rmSync(partsDir(list), { recursive: true, force: true });
  };
  const onProgress = (p) => {
    if (!p.waiting) save();
    combine(p.list);
    printer.update(p, saved.lists[p.list]?.done);
  };

  try {
    await client.fetchPages({ state: saved.lists, onPage, onProgress, signal: controller.signal, since: saved.since });
    for (const spec of lists) combine(spec.list);
    saved.complete = true;
    save();
    printer.done();
    stdout.write(`fetch: done, ${describe(saved)} in ${o.out}; next: kpi-lens analyze ${o.out}\n`);
    return 0;
  } catch (e) {
    printer.done();
    save();
    if (e instanceof CrmApiError && e.code === 'ABORTED') {
      stderr.write(`fetch: interrupted; run the same command again to go on from where it stopped\n`);
      return 130;
    }
    if (e instanceof CrmApiError) {
      stderr.write(`kpi-lens: ${o.crm}: ${e.message}\nfetch: the pages saved so far stay in ${o.out}; run the same command again to go on\n`);
      return 4;
    }
    throw e;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

function describe(state) {
  return Object.entries(state.lists).map(([list, s]) => `${list} ${s.rows}`).join(', ');
}
