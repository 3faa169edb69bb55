// scripts/bench-artifacts.mjs: the benchmark's artifact copy follows the built modules' imports,
// so a module added to wasm/ is copied without editing the benchmark (issue 13: the hand list
// missed unzip.mjs and the benchmark stopped at once).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { moduleGraph, relativeSpecifiers } from '../../scripts/bench-artifacts.mjs';

function tree(files) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-artifacts-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

test('every relative specifier form is found; bare ones are the runtime\'s', () => {
  const src = [
    "import createKpiModule from './kpi.mjs';",
    "import { ZipError,\n  entryChunks } from \"./unzip.mjs\";",
    "export { x } from './re-export.mjs';",
    "import './side-effect.mjs';",
    "const m = await import('./lazy.mjs');",
    "const w = new URL('kpi.wasm', import.meta.url);",
    "const j = new URL('./data/table.json', import.meta.url);",
    "import fs from 'node:fs'; const p = await import('module');",
    "import createKpiModule2 from './kpi.mjs';",
  ].join('\n');
  assert.deepEqual(relativeSpecifiers(src),
    ['./kpi.mjs', './unzip.mjs', './re-export.mjs', './side-effect.mjs', './lazy.mjs', './kpi.wasm', './data/table.json']);
});

test('the graph follows imports through subfolders, once each, entries first', () => {
  const dir = tree({
    'engine.mjs': "import a from './kpi.mjs';\nimport { z } from './lib/unzip.mjs';\n",
    'kpi.mjs': "var u = new URL('kpi.wasm', import.meta.url); import('node:fs');",
    'kpi.wasm': '\0asm',
    'lib/unzip.mjs': "import { crc } from './crc.mjs'; import e from '../engine.mjs';",
    'lib/crc.mjs': 'export const crc = 1;',
    'unused.mjs': 'export {};',
  });
  try {
    assert.deepEqual(moduleGraph(dir, ['engine.mjs']), ['engine.mjs', 'kpi.mjs', 'kpi.wasm', 'lib/unzip.mjs', 'lib/crc.mjs']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing import fails loudly, naming the importer', () => {
  const dir = tree({ 'engine.mjs': "import { z } from './unzip.mjs';" });
  try {
    assert.throws(() => moduleGraph(dir, ['engine.mjs']), /engine\.mjs imports unzip\.mjs, which is missing/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an import outside the build directory is refused', () => {
  const dir = tree({ 'engine.mjs': "import x from '../../elsewhere.mjs';" });
  try {
    assert.throws(() => moduleGraph(dir, ['engine.mjs']), /outside/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
