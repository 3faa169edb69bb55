// What both CRM mocks share: a node:http server on 127.0.0.1 (port 0: the
// system picks a free one), a log of every request, PHP-style nested query
// parsing (filter[>ID]=5, select[0]=ID, filter[type][]=a) and static files.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** Sets `obj[a][b][c] = value` from the name `a[b][c]`; `[]` appends. */
function assign(obj, name, value) {
  const keys = [];
  const m = name.match(/^([^[\]]+)((?:\[[^\]]*\])*)$/);
  if (!m) { obj[name] = value; return; }
  keys.push(m[1]);
  for (const part of m[2].matchAll(/\[([^\]]*)\]/g)) keys.push(part[1]);
  let at = obj;
  for (let i = 0; i < keys.length; i += 1) {
    const last = i === keys.length - 1;
    let key = keys[i];
    if (key === '') key = Array.isArray(at) ? at.length : Object.keys(at).length;
    if (last) {
      at[key] = value;
    } else {
      if (at[key] === undefined || typeof at[key] !== 'object') at[key] = keys[i + 1] === '' ? [] : {};
      at = at[key];
    }
  }
}

/** A query string (or form body) as nested objects, the way PHP reads it. */
export function parseNested(search) {
  const out = {};
  for (const [name, value] of new URLSearchParams(search)) assign(out, name, value);
  return out;
}

export async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.css': 'text/css; charset=utf-8', '.png': 'image/png', '.wasm': 'application/wasm',
};

/** Serves `file` (any method: the Bitrix24 frame is opened with a POST). False when it does not exist. */
export async function sendFile(res, file) {
  try {
    if (!(await stat(file)).isFile()) return false;
  } catch {
    return false;
  }
  const body = await readFile(file);
  res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
  res.end(body);
  return true;
}

/** Maps URL prefixes to folders: {'/upl/kpi_lens/widget/': '/abs/dir'}; true when it answered. */
export async function serveStatic(mounts, pathname, res) {
  for (const [prefix, dir] of Object.entries(mounts)) {
    if (!pathname.startsWith(prefix)) continue;
    const rel = decodeURIComponent(pathname.slice(prefix.length)) || 'index.html';
    const file = path.resolve(dir, rel);
    if (!file.startsWith(path.resolve(dir) + path.sep)) return false;
    if (await sendFile(res, file)) return true;
  }
  return false;
}

/** Starts `handler(req, res, url)` on 127.0.0.1:0. Returns {url, port, requests, close}. */
export async function listen(handler) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    requests.push({ method: req.method, path: url.pathname, search: url.search, headers: req.headers, at: Date.now() });
    try {
      await handler(req, res, url);
    } catch (e) {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`mock error: ${e.stack}`);
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port, url: `http://127.0.0.1:${port}`, requests, server,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}
