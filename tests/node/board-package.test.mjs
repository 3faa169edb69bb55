// The npm package of <kpi-lens-board> that scripts/build-embed.mjs writes to
// build/embed/board/ (docs/embedding.md): `npm pack --dry-run` lists the
// element, the engine's .wasm, the TypeScript declarations and the README, and
// nothing of the tests or node_modules; every `exports` target is packed; the
// declarations name exactly the functions the module exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEmbed } from '../../scripts/build-embed.mjs';

const built = await buildEmbed(mkdtempSync(join(tmpdir(), 'kpi-board-pkg-')));
const pkg = JSON.parse(readFileSync(join(built.boardDir, 'package.json'), 'utf8'));
const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
  cwd: built.boardDir, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'silent', npm_config_update_notifier: 'false' },
}))[0];
const files = packed.files.map((f) => f.path).sort();

test('npm pack --dry-run: the element, the wasm, the declarations and the README; no tests, no node_modules', () => {
  assert.equal(packed.name, 'kpi-lens-board');
  assert.equal(packed.version, JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  for (const f of ['package.json', 'README.md', 'index.d.ts', 'kpi-lens-board.mjs', 'board.css', 'engine/kpi.wasm', 'engine/kpi.mjs',
    'engine/kpi-engine.mjs', 'components/board.mjs', 'components/matrix.mjs', 'styles/board.css', 'styles/matrix.css']) {
    assert.ok(files.includes(f), `${f} is not packed: ${files.join(', ')}`);
  }
  assert.deepEqual(files.filter((f) => /(^|\/)(node_modules|tests?)\/|\.test\.mjs$/.test(f)), []);
  // The engine travels whole: the packed wasm is the built one, byte for byte.
  const wasm = packed.files.find((f) => f.path === 'engine/kpi.wasm');
  assert.equal(wasm.size, readFileSync(join(built.boardDir, 'engine/kpi.wasm')).length);
});

test('package.json: an ES module whose every export target (and its types) is in the package', () => {
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.exports['.'].types, './index.d.ts');
  const targets = Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
  for (const t of targets) assert.ok(files.includes(t.replace(/^\.\//, '')), `${t} is exported but not packed`);
});

test('index.d.ts declares the functions the module exports, the element and its events', () => {
  const source = readFileSync(join(built.boardDir, 'kpi-lens-board.mjs'), 'utf8');
  const types = readFileSync(join(built.boardDir, 'index.d.ts'), 'utf8');
  const exported = [...source.matchAll(/^export (?:async )?function (\w+)/gm)].map((m) => m[1]).sort();
  const declared = [...types.matchAll(/^export function (\w+)/gm)].map((m) => m[1]).sort();
  assert.deepEqual(declared, exported);
  assert.ok(['init', 'load', 'setSettings', 'settings', 'report'].every((f) => exported.includes(f)));
  assert.match(source, /^export class KpiLensBoard extends HTMLElement/m);
  assert.match(types, /^export class KpiLensBoard extends HTMLElement/m);
  assert.match(types, /'kpi-lens-board': KpiLensBoard/);
  for (const event of ['kpi-lens-drill', 'kpi-lens-cell']) {
    assert.match(source, new RegExp(`'${event}'`));
    assert.match(types, new RegExp(`'${event}': CustomEvent`));
  }
});

test('the README tells an embedder the API, the events, the custom properties and the CSP', () => {
  const readme = readFileSync(join(built.boardDir, 'README.md'), 'utf8');
  for (const word of ['init(', 'load(', 'setSettings(', 'report()', 'kpi-lens-drill', 'kpi-lens-cell', "'wasm-unsafe-eval'"]) {
    assert.ok(readme.includes(word), word);
  }
  // Every --kpi-lens-* property the stylesheet reads is documented, and no other.
  const css = readFileSync(join(built.boardDir, 'board.css'), 'utf8');
  const used = [...new Set([...css.matchAll(/var\((--kpi-lens-[\w-]+)/g)].map((m) => m[1]))].sort();
  const documented = [...new Set([...readme.matchAll(/`(--kpi-lens-[\w-]+)`/g)].map((m) => m[1]))].sort();
  assert.deepEqual(documented, used);
});
