#!/usr/bin/env node
// A tiny dependency-free static file server for the built site (and the browser
// tests). GET/HEAD only, correct MIME types (application/wasm lets the browser
// compile while downloading), nothing outside the served directory.
//
//   node scripts/serve.mjs DIR [--port 8080] [--host 127.0.0.1] [--title "KPI Lens demo"]
//   import { startServer } from './serve.mjs'; const { url, close } = await startServer(dir, { port: 0 });

import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.xls': 'application/vnd.ms-excel',
};

export function mimeType(file) {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function isInside(root, candidate) {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * The file under `root` that `urlPath` names, or null. Rejects encoded NULs and
 * separators that escape the root, and symlinks that point outside it.
 */
async function resolveFile(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const candidate = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  if (!isInside(root, candidate)) return null;
  try {
    let info = await stat(candidate);
    let file = candidate;
    if (info.isDirectory()) {
      file = path.join(candidate, 'index.html');
      info = await stat(file);
    }
    if (!info.isFile()) return null;
    const real = await realpath(file);
    if (!isInside(root, real)) return null;
    return { file: real, size: info.size, mtime: info.mtime };
  } catch {
    return null;
  }
}

function send(res, status, text, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

function handler(root, onRequest) {
  return async (req, res) => {
    onRequest?.({ method: req.method, url: req.url });
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    const urlPath = (req.url ?? '/').split(/[?#]/, 1)[0];
    if (!urlPath.startsWith('/')) {
      send(res, 400, 'Bad Request\n');
      return;
    }
    const found = await resolveFile(root, urlPath);
    if (!found) {
      send(res, 404, 'Not Found\n');
      return;
    }
    // A directory URL without its slash would resolve relative links wrongly.
    if (!urlPath.endsWith('/') && path.basename(found.file) === 'index.html' && !urlPath.endsWith('index.html')) {
      res.writeHead(301, { Location: `${urlPath}/`, 'Content-Length': 0 });
      res.end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': mimeType(found.file),
      'Content-Length': found.size,
      'Last-Modified': found.mtime.toUTCString(),
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(found.file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };
}

function urlFor(address) {
  const host = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  return `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}/`;
}

/**
 * Serves `dir` until close(). port 0 picks any free port; onRequest({method, url})
 * sees every request (the tests use it as a second witness for "no requests").
 * Returns {url, port, server, close: () => Promise<void>}.
 */
export async function startServer(dir, { port = 8080, host = '127.0.0.1', onRequest } = {}) {
  const root = await realpath(path.resolve(dir));
  if (!(await stat(root)).isDirectory()) throw new Error(`serve: ${dir} is not a directory`);
  const server = createServer(handler(root, onRequest));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    url: urlFor(address),
    port: address.port,
    server,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function parseArgs(argv) {
  const options = { dir: null, port: 8080, host: '127.0.0.1', title: 'KPI Lens demo' };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      i += 1;
      return argv[i];
    };
    if (arg === '--port') options.port = Number(value());
    else if (arg === '--host') options.host = value();
    else if (arg === '--title') options.title = value();
    else if (arg === '-h' || arg === '--help') options.help = true;
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else if (options.dir === null) options.dir = arg;
    else throw new Error(`unexpected argument ${arg}`);
  }
  if (!options.help && options.dir === null) throw new Error('the directory to serve is missing');
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new Error('--port must be an integer 0..65535');
  }
  return options;
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`serve: ${e.message}\nusage: node scripts/serve.mjs DIR [--port 8080] [--host 127.0.0.1] [--title TEXT]`);
    process.exit(2);
  }
  if (options.help) {
    console.log('usage: node scripts/serve.mjs DIR [--port 8080] [--host 127.0.0.1] [--title TEXT]');
    return;
  }
  try {
    const { url, close } = await startServer(options.dir, options);
    console.log(`${options.title}: ${url}`);
    const stop = () => close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (e) {
    const reason = e.code === 'EADDRINUSE' ? `port ${options.port} on ${options.host} is already in use (set another with --port)`
      : e.code === 'ENOENT' ? `${options.dir} does not exist` : e.message;
    console.error(`serve: ${reason}`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
