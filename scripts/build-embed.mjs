#!/usr/bin/env node
// Builds the embeddable packages from embed/, the page's board components
// (web/) and the built engine (build/wasm):
//   build/embed/board/                                    the npm package `kpi-lens-board` (<kpi-lens-board> + API)
//   build/embed/amocrm/   + build/embed/widget.zip        the amoCRM / Kommo widget
//   build/embed/bitrix24/ + build/embed/bitrix24-app.zip  the Bitrix24 static local app
// The widget and the app hold the board package's files too. Files sit at the root of each zip. The widget's logos are drawn here (PNG,
// the sizes amoCRM documents), so no image is committed.
// Usage: node scripts/build-embed.mjs [--out DIR]   (docs/embedding.md)
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { crc32, zip } from '../web/xlsx-writer.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const WASM = join(ROOT, 'build/wasm');

/** amoCRM's logo files and sizes (docs/embedding.md §1.1). */
export const AMO_IMAGES = { 'logo_main.png': [400, 272], 'logo_small.png': [108, 108], 'logo.png': [130, 100],
  'logo_medium.png': [240, 84], 'logo_min.png': [84, 84] };

// ---- PNG (ISO/IEC 15948): 8-bit RGBA, one IDAT, filter 0 on every row -------------
// Twenty lines over node:zlib and the project's CRC-32 instead of a dependency:
// the logos are flat shapes and need no decoder, palette or interlacing.
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A PNG of width × height whose pixel (x, y) is paint(x, y) = [r, g, b, a]. */
export function png(width, height, paint) {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 4 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x += 1) raw.set(paint(x, y), row + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, filter 0, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** The logo: three rising white bars on the brand blue, centred, scaled to the box. */
function logo(width, height) {
  const blue = [47, 111, 189, 255];
  const white = [255, 255, 255, 255];
  const side = Math.min(width, height) * 0.64;
  const left = (width - side) / 2;
  const bottom = (height + side) / 2;
  const bar = side / 5;
  const bars = [0.45, 0.7, 1].map((h, i) => ({ x0: left + i * 2 * bar, x1: left + i * 2 * bar + bar, y0: bottom - h * side }));
  return png(width, height, (x, y) => (bars.some((b) => x >= b.x0 && x < b.x1 && y >= b.y0 && y < bottom) ? white : blue));
}

function copyTree(from, to) {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    const src = join(from, name);
    if (statSync(src).isDirectory()) copyTree(src, join(to, name));
    else copyFileSync(src, join(to, name));
  }
}

function listTree(dir) {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? listTree(join(dir, n)) : [join(dir, n)]));
}

async function zipDir(dir, file) {
  const entries = listTree(dir).sort().map((path) => ({ name: relative(dir, path).split('\\').join('/'), data: new Uint8Array(readFileSync(path)) }));
  writeFileSync(file, await zip(entries));
}

// Where each folder of the board package comes from: the package has the
// site's layout (so the page's components keep their relative imports), the
// element's own files sit beside the page's root modules.
const SOURCE_DIRS = {
  '': ['embed/', 'web/'], 'components/': ['web/components/'], 'engine/': ['build/wasm/'], 'styles/': ['web/styles/'],
  'strings/': ['web/strings/'], 'engine/strings/': ['build/wasm/strings/'], // the strings tables (JSON modules)
};
const IMPORT = /(?:^|[\s;])(?:import|export)\s*(?:[^'"`;]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceOf(name) {
  const dir = name.includes('/') ? name.slice(0, name.lastIndexOf('/') + 1) : '';
  const base = name.slice(dir.length);
  for (const from of SOURCE_DIRS[dir] ?? []) if (existsSync(join(ROOT, from, base))) return `${from}${base}`;
  const where = (SOURCE_DIRS[dir] ?? []).join(' or ') || 'nowhere';
  throw new Error(`${name}: not found in ${where}${dir === 'engine/' ? ' (build the engine first: scripts/build wasm)' : ''}`);
}

/**
 * The files of <kpi-lens-board>, as [package path, source path]: the element's
 * module graph (followed through its static imports, so a component that
 * imports a new module takes it along), its stylesheets and the engine's wasm.
 */
export function boardFiles() {
  const files = new Map();
  const visit = (name) => {
    if (files.has(name)) return;
    const source = sourceOf(name);
    files.set(name, source);
    if (!name.endsWith('.mjs')) return;
    const text = readFileSync(join(ROOT, source), 'utf8');
    for (const [, spec] of text.matchAll(IMPORT)) visit(posix.normalize(posix.join(posix.dirname(name), spec)));
  };
  visit('kpi-lens-board.mjs');
  const element = readFileSync(join(ROOT, 'embed/kpi-lens-board.mjs'), 'utf8');
  const sheets = /const STYLESHEETS = \[([^\]]*)\]/.exec(element)?.[1].match(/[\w./-]+\.css/g) ?? [];
  for (const sheet of [...sheets, 'engine/kpi.wasm']) visit(sheet);
  return [...files];
}

function copyBoard(to) {
  const files = boardFiles();
  for (const [name, source] of files) {
    mkdirSync(join(to, name, '..'), { recursive: true });
    copyFileSync(join(ROOT, source), join(to, name));
  }
  return files;
}

/** Board, CRM client and face files shared by both CRM packages. */
function copyShared(to, client) {
  copyBoard(to);
  mkdirSync(join(to, 'crm'), { recursive: true });
  for (const f of ['http.mjs', client]) copyFileSync(join(ROOT, 'wasm/crm', f), join(to, 'crm', f));
  for (const f of ['app.mjs', 'app.css']) copyFileSync(join(ROOT, 'embed', f), join(to, f));
}

/** The npm package: the board's files, its README and TypeScript declarations, a package.json with `exports`. */
function buildBoardPackage(to, version) {
  const files = copyBoard(to);
  for (const f of ['README.md', 'index.d.ts']) copyFileSync(join(ROOT, 'embed/board', f), join(to, f));
  const pkg = {
    name: 'kpi-lens-board',
    version,
    description: 'KPI Lens sales-KPI board as a custom element: the WebAssembly engine computes in the page, nothing is sent anywhere.',
    license: 'UNLICENSED',
    type: 'module',
    main: './kpi-lens-board.mjs',
    types: './index.d.ts',
    exports: {
      '.': { types: './index.d.ts', default: './kpi-lens-board.mjs' },
      './kpi.wasm': './engine/kpi.wasm',
      './engine': './engine/kpi-engine.mjs',
      './package.json': './package.json',
    },
    files: ['README.md', 'index.d.ts', ...files.map(([name]) => name)],
    sideEffects: ['./kpi-lens-board.mjs', './components/*.mjs'],
  };
  writeFileSync(join(to, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
}

export async function buildEmbed(out = join(ROOT, 'build/embed')) {
  rmSync(out, { recursive: true, force: true });
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

  const board = join(out, 'board');
  buildBoardPackage(board, version);

  const amo = join(out, 'amocrm');
  copyTree(join(ROOT, 'embed/amocrm'), amo);
  const manifest = JSON.parse(readFileSync(join(amo, 'manifest.json'), 'utf8'));
  manifest.widget.version = version; // a re-upload needs a new version: it follows package.json
  writeFileSync(join(amo, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  mkdirSync(join(amo, 'images'), { recursive: true });
  for (const [name, [w, h]] of Object.entries(AMO_IMAGES)) writeFileSync(join(amo, 'images', name), logo(w, h));
  copyShared(amo, 'amocrm-api.mjs');
  await zipDir(amo, join(out, 'widget.zip'));

  const b24 = join(out, 'bitrix24');
  copyTree(join(ROOT, 'embed/bitrix24'), b24);
  copyShared(b24, 'bitrix24-api.mjs');
  await zipDir(b24, join(out, 'bitrix24-app.zip'));
  return { out, widget: join(out, 'widget.zip'), app: join(out, 'bitrix24-app.zip'), amoDir: amo, bitrixDir: b24, boardDir: board };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf('--out');
  const r = await buildEmbed(at > 0 ? process.argv[at + 1] : undefined);
  console.log(`build-embed: ${relative(process.cwd(), r.boardDir)}/ (npm package), ${relative(process.cwd(), r.widget)} (${statSync(r.widget).size} bytes), ${relative(process.cwd(), r.app)} (${statSync(r.app).size} bytes)`);
}

