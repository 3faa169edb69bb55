// bench-artifacts.mjs — which built files a benchmark must copy to run the engine on its own.
//
// scripts/bench pins the artifacts under test by copying them into build/bench/bin-<pid>/ (a
// rebuild of build/ during a long run must not mix two builds). The copy used to be a hand list
// (kpi.mjs, kpi.wasm, kpi-engine.mjs) and broke the day kpi-engine.mjs began importing
// ./unzip.mjs. Here the list is read from the built files themselves: every relative specifier of
// a static `import … from`, `export … from`, bare `import '…'`, dynamic `import('…')` and
// `new URL('…', import.meta.url)` (how Emscripten names kpi.wasm) is followed, so a module added
// later is copied without anyone editing the benchmark. Bare specifiers (node:fs, packages) are
// the runtime's, not ours, and are left alone.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, normalize, relative } from 'node:path';

// Relative specifiers only ('./x', '../x'); the quote is captured so the closing one matches.
const SPEC = String.raw`(['"])(\.{1,2}/[^'"\n]+?)\1`;
const PATTERNS = [
  new RegExp(String.raw`\b(?:import|export)\s[^;'"]*?\bfrom\s*${SPEC}`, 'g'), // import x from './a.mjs'
  new RegExp(String.raw`\bimport\s*${SPEC}`, 'g'), //                             import './a.mjs'
  new RegExp(String.raw`\bimport\s*\(\s*${SPEC}\s*\)`, 'g'), //                   import('./a.mjs')
  new RegExp(String.raw`\bnew\s+URL\s*\(\s*${SPEC}\s*,\s*import\.meta\.url\s*\)`, 'g'), // new URL('./a.wasm', import.meta.url)
];
// Emscripten also writes `new URL('kpi.wasm', import.meta.url)` without the './'.
const BARE_URL = /\bnew\s+URL\s*\(\s*(['"])([^'"\n/:]+\.wasm)\1\s*,\s*import\.meta\.url\s*\)/g;

/** The relative specifiers one JS module names (in order of appearance, duplicates removed). */
export function relativeSpecifiers(source) {
  const found = [];
  for (const re of [...PATTERNS, BARE_URL]) {
    for (const m of source.matchAll(re)) found.push({ at: m.index, spec: m[2] });
  }
  found.sort((a, b) => a.at - b.at);
  return [...new Set(found.map((f) => (f.spec.startsWith('.') ? f.spec : `./${f.spec}`)))];
}

/**
 * Every file reachable from `entries` (paths relative to `dir`) through relative specifiers, as
 * paths relative to `dir`, entries first. JS modules (.mjs/.js/.cjs) are read and followed; other
 * files (.wasm, .json) are listed as they are. Throws when a named file is missing or lies
 * outside `dir` (a copy would then not be self-contained).
 */
export function moduleGraph(dir, entries) {
  const seen = new Set();
  const order = [];
  const visit = (rel, from) => {
    const path = normalize(join(dir, rel));
    const inside = relative(dir, path);
    if (inside.startsWith('..') || isAbsolute(inside)) {
      throw new Error(`${from ?? 'entry'} names ${rel}, outside ${dir}: the artifact copy would not be self-contained`);
    }
    if (seen.has(inside)) return;
    if (!existsSync(path)) throw new Error(`${from ? `${from} imports ` : ''}${inside}, which is missing in ${dir} (run scripts/build wasm)`);
    seen.add(inside);
    order.push(inside);
    if (!['.mjs', '.js', '.cjs'].includes(extname(path))) return;
    for (const spec of relativeSpecifiers(readFileSync(path, 'utf8'))) {
      visit(join(dirname(inside), spec.split(/[?#]/)[0]), inside);
    }
  };
  for (const e of entries) visit(e, null);
  return order;
}
