#!/usr/bin/env node
// build-single.mjs — the whole app as one HTML file that works when opened from
// disk (file://): every stylesheet, every module of the page, the worker, the
// engine (kpi.wasm) and, unless --no-demo, the demo data, each gzip-compressed and base64.
//
//   node scripts/build-single.mjs [--site build/site] [--out build/site/kpi-lens.html] [--no-demo]
//   import { buildSingle } from './build-single.mjs'; buildSingle({ site, out });
//
// Why not just inline the ES modules: from a file:// page a module worker does not
// start, and a worker cannot import() a blob: module either. So the module graphs
// (the page's from index.html's <script type=module>, the worker's from worker.mjs)
// are found by walking their imports and rewritten into classic scripts with a tiny
// module registry: `import {a} from './x.mjs'` becomes `const {a} = require('x.mjs')`,
// exports become getters. Both live in the one inline script (its hash is in the
// CSP): the page's runs at once; the worker's is a function whose source text
// starts a classic worker from a blob: URL, or runs on the page where no worker
// starts (web/client.mjs asks KPI_INLINE.createWorker()). Stylesheets are found
// from index.html's <link rel=stylesheet> and their @import rules. Nothing is a fixed list: a new
// component imported by app.mjs, or a stylesheet linked from index.html, is picked up.
// Limits (the build fails with the file and line when they are broken): relative
// specifiers only (JSON modules are inlined as their value), literal dynamic imports, no import cycles, no top-level await;
// imported bindings are read once, after the imported module ran (not live).

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export class BuildError extends Error {}

function fail(message) {
  throw new BuildError(message);
}

function lineOf(text, index) {
  return text.slice(0, index).split('\n').length;
}

/**
 * Whether `index` is inside a comment, judged by its line alone: a `//` before it
 * (not in `://`), or a line that opens with `*` or `/*` as JSDoc and block comments
 * do. Enough for `import(` and `import.meta` named in prose; code is never skipped
 * unless a line starts with `*`.
 */
function inComment(text, index) {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  const before = text.slice(lineStart, index);
  return /^\s*(\*|\/\*)/.test(before) || /(^|[^:])\/\//.test(before);
}

// ---------------------------------------------------------------------------
// ES module -> registry entry

const IDENT = '[A-Za-z_$][\\w$]*';
// `with { type: 'json' }`: a JSON module (the strings tables), inlined as its value.
const IMPORT_FROM = new RegExp(`^[ \\t]*import\\s+([^'";]*?)\\s*from\\s*(['"])([^'"\\n]+)\\2(?:\\s*with\\s*\\{[^}\\n]*\\})?[ \\t]*;?`, 'gm');
const IMPORT_BARE = /^[ \t]*import\s*(['"])([^'"\n]+)\1[ \t]*;?/gm;
const EXPORT_FROM = /^[ \t]*export\s*(\*(?:\s*as\s+[\w$]+)?|\{[^}]*\})\s*from\s*(['"])([^'"\n]+)\2[ \t]*;?/gm;
const EXPORT_LIST = /^[ \t]*export\s*\{([^}]*)\}[ \t]*;?/gm;
const EXPORT_DEFAULT_DECL = new RegExp(`^([ \\t]*)export\\s+default\\s+((?:async\\s+)?function\\s*\\*?\\s*(${IDENT})|class\\s+(${IDENT}))`, 'gm');
const EXPORT_DEFAULT = /^([ \t]*)export\s+default\s+/gm;
const EXPORT_DECL = new RegExp(`^([ \\t]*)export\\s+((?:async\\s+)?function\\s*\\*?\\s*(${IDENT})|class\\s+(${IDENT})|(?:const|let|var)\\s+(${IDENT}))`, 'gm');
// Not a method or private method named import: `this.#import(` and `x.import(` stay as they are.
const DYNAMIC_IMPORT = /(?<![\w$#.])import\s*\(\s*(?:(['"])([^'"\n]+)\1\s*\))?/g;

/** `a, b as c` -> [['a', 'a'], ['b', 'c']] (imported/local or local/exported). */
function namesList(list, where) {
  return list.split(',').map((s) => s.trim()).filter(Boolean).map((entry) => {
    const m = new RegExp(`^(${IDENT}|default)(?:\\s+as\\s+(${IDENT}|default))?$`).exec(entry);
    if (!m) fail(`${where}: cannot read the name list entry "${entry}"`);
    return [m[1], m[2] ?? m[1]];
  });
}

/**
 * One module's source as the body of a registry function. `resolve(specifier)` gives
 * the id of an imported module. Returns {code, deps: [id], lazy: [id]} (lazy: dynamic).
 */
export function convertModule(source, file, resolve) {
  const deps = [];
  const lazy = [];
  const exports = []; // [exportedName, expression]
  let counter = 0;
  const where = (text, index) => `${file}:${lineOf(text, index)}`;
  const dep = (specifier, at) => {
    const id = resolve(specifier, at);
    if (!deps.includes(id)) deps.push(id);
    return id;
  };
  let code = source;
  for (const m of code.matchAll(/\bimport\.meta\b(?!\.url\b)/g)) {
    if (!inComment(code, m.index)) fail(`${where(source, m.index)}: only import.meta.url is supported`);
  }
  code = code.replace(/\bimport\.meta\.url\b/g, '__kpi$meta.url');

  code = code.replace(IMPORT_FROM, (all, clause, q, specifier, offset) => {
    const id = dep(specifier, where(source, offset));
    const ns = `__kpi$m${counter++}`;
    const lines = [`const ${ns} = __kpi$require(${JSON.stringify(id)});`];
    let rest = clause.trim();
    const first = new RegExp(`^(${IDENT})\\s*(?:,\\s*|$)`).exec(rest);
    if (first && !rest.startsWith('{') && !rest.startsWith('*')) {
      lines.push(`const ${first[1]} = ${ns}.default;`);
      rest = rest.slice(first[0].length).trim();
    }
    const star = new RegExp(`^\\*\\s*as\\s+(${IDENT})$`).exec(rest);
    if (star) lines.push(`const ${star[1]} = ${ns};`);
    else if (rest.startsWith('{') && rest.endsWith('}')) {
      const names = namesList(rest.slice(1, -1), where(source, offset));
      if (names.length) lines.push(`const { ${names.map(([n, local]) => (n === local ? n : `${n}: ${local}`)).join(', ')} } = ${ns};`);
    } else if (rest !== '') fail(`${where(source, offset)}: cannot read the import clause "${clause.trim()}"`);
    return lines.join(' ');
  });
  code = code.replace(IMPORT_BARE, (all, q, specifier, offset) => `__kpi$require(${JSON.stringify(dep(specifier, where(source, offset)))});`);
  code = code.replace(EXPORT_FROM, (all, what, q, specifier, offset) => {
    const id = dep(specifier, where(source, offset));
    const ns = `__kpi$m${counter++}`;
    if (what === '*') return `const ${ns} = __kpi$require(${JSON.stringify(id)}); __kpi$exportAll(${ns});`;
    const star = new RegExp(`^\\*\\s*as\\s+(${IDENT})$`).exec(what);
    if (star) {
      exports.push([star[1], ns]);
      return `const ${ns} = __kpi$require(${JSON.stringify(id)});`;
    }
    for (const [name, exported] of namesList(what.slice(1, -1), where(source, offset))) exports.push([exported, `${ns}.${name}`]);
    return `const ${ns} = __kpi$require(${JSON.stringify(id)});`;
  });
  code = code.replace(EXPORT_LIST, (all, list, offset) => {
    for (const [local, exported] of namesList(list, where(source, offset))) exports.push([exported, local]);
    return '';
  });
  code = code.replace(EXPORT_DEFAULT_DECL, (all, indent, decl, fn, cls) => {
    exports.push(['default', fn ?? cls]);
    return `${indent}${decl}`;
  });
  code = code.replace(EXPORT_DEFAULT, (all, indent) => {
    exports.push(['default', '__kpi$default']);
    return `${indent}const __kpi$default = `;
  });
  code = code.replace(EXPORT_DECL, (all, indent, decl, fn, cls, binding) => {
    exports.push([fn ?? cls ?? binding, fn ?? cls ?? binding]);
    return `${indent}${decl}`;
  });
  code = code.replace(DYNAMIC_IMPORT, (all, q, specifier, offset, text) => {
    if (inComment(text, offset)) return all;
    if (!specifier) fail(`${file}:${lineOf(text, offset)}: import() needs a literal relative specifier to be bundled`);
    const id = resolve(specifier, `${file} (import())`);
    if (!lazy.includes(id)) lazy.push(id);
    return `__kpi$load(${JSON.stringify(id)})`;
  });
  const left = /^[ \t]*(import|export)\b(?!\s*\()/m.exec(code);
  if (left) fail(`${file}:${lineOf(code, left.index)}: an ${left[1]} form the single-file build cannot rewrite`);
  const getters = exports.map(([name, expr]) => `${JSON.stringify(name)}: () => ${expr}`).join(', ');
  return { code: `${getters ? `__kpi$export({ ${getters} });\n` : ''}${code}`, deps, lazy };
}

// The registry every bundle starts with. A module runs on first require(); its
// exports are getters on a null-prototype object, so `export let` stays live for
// namespace reads. __kpi$load is import(): a promise of the namespace.
const REGISTRY = `const __kpi$defs = new Map();
const __kpi$cache = new Map();
function __kpi$require(id) {
  let ns = __kpi$cache.get(id);
  if (ns) return ns;
  const body = __kpi$defs.get(id);
  if (!body) throw new Error('module ' + id + ' is not in this bundle');
  ns = Object.create(null);
  __kpi$cache.set(id, ns);
  const define = (getters) => {
    for (const name of Object.keys(getters)) Object.defineProperty(ns, name, { get: getters[name], enumerable: true });
  };
  const exportAll = (from) => {
    for (const name of Object.keys(from)) {
      if (name !== 'default' && !(name in ns)) Object.defineProperty(ns, name, { get: () => from[name], enumerable: true });
    }
  };
  body(define, exportAll, __kpi$require, (next) => Promise.resolve().then(() => __kpi$require(next)), { url: String(self.location.href) });
  return ns;
}
`;

/**
 * Every module reachable from `entry` (static and dynamic imports) as one classic
 * script that runs the entry. Returns {script, files: [absolute paths]}.
 */
export function bundle(entry, site) {
  const modules = new Map(); // id -> {code, deps, lazy}
  const order = [];
  const visiting = [];
  const idOf = (file) => path.relative(site, file).split(path.sep).join('/');
  const visit = (file, from) => {
    const id = idOf(file);
    if (modules.has(id)) return id;
    const cycle = visiting.indexOf(id);
    if (cycle >= 0) fail(`import cycle ${[...visiting.slice(cycle), id].join(' -> ')}: the single-file build needs an acyclic graph`);
    if (!existsSync(file)) fail(`${from}: imports ${id}, which is not in ${site}`);
    visiting.push(id);
    const source = readFileSync(file, 'utf8');
    const resolve = (specifier, at) => {
      if (!/^\.\.?\//.test(specifier)) fail(`${at}: "${specifier}" is not a relative specifier (bare names cannot be bundled)`);
      const target = path.resolve(path.dirname(file), specifier.split(/[?#]/)[0]);
      if (path.relative(site, target).startsWith('..')) fail(`${at}: "${specifier}" points outside the site`);
      return idOf(target);
    };
    const converted = file.endsWith('.json')
      ? { code: `__kpi$export({ "default": () => __kpi$json });\nconst __kpi$json = ${JSON.stringify(JSON.parse(source))};`, deps: [], lazy: [] }
      : convertModule(source, id, resolve);
    for (const dep of [...converted.deps, ...converted.lazy]) visit(path.join(site, dep), id);
    visiting.pop();
    modules.set(id, converted);
    order.push(id);
    return id;
  };
  const entryId = visit(entry, 'entry');
  const defs = order.map((id) => `__kpi$defs.set(${JSON.stringify(id)}, function (__kpi$export, __kpi$exportAll, __kpi$require, __kpi$load, __kpi$meta) {\n${modules.get(id).code}\n});`);
  const script = `(() => {\n'use strict';\n${REGISTRY}${defs.join('\n')}\n__kpi$require(${JSON.stringify(entryId)});\n})();\n`;
  return { script, files: order.map((id) => path.join(site, id)) };
}

// ---------------------------------------------------------------------------
// Stylesheets

/** A stylesheet with its @import rules replaced by the imported files, recursively. */
function inlineCss(file, site, seen = new Set()) {
  if (seen.has(file)) return '';
  seen.add(file);
  if (!existsSync(file)) fail(`stylesheet ${path.relative(site, file)} is missing`);
  const css = readFileSync(file, 'utf8');
  const out = css.replace(/@import\s+(?:url\(\s*)?(['"]?)([^'")\s]+)\1\s*\)?\s*([^;]*);/g, (all, q, href, media) => {
    const inner = inlineCss(path.resolve(path.dirname(file), href), site, seen);
    return media.trim() ? `@media ${media.trim()} {\n${inner}\n}` : inner;
  });
  for (const m of out.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)) {
    if (!m[2].startsWith('data:') && !m[2].startsWith('#')) {
      fail(`${path.relative(site, file)}: url(${m[2]}) would be a request; use a data: URL`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// The page

/** Text safe inside <script>...</script>: the HTML parser must not see an end tag or a comment opener. */
function scriptSafe(text) {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('base64');

function attribute(tag, name) {
  return new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag)?.slice(2).find((v) => v !== undefined) ?? null;
}

/** The demo files of site/demo/manifest.json as [{name, size, gzip (base64)}]. */
function demoFiles(site) {
  const manifestFile = path.join(site, 'demo/manifest.json');
  if (!existsSync(manifestFile)) fail(`${manifestFile} is missing (scripts/build-site writes it)`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  return (manifest.files ?? []).map((entry) => {
    const name = typeof entry === 'string' ? entry : entry?.name ?? entry?.file ?? entry?.path;
    const bytes = readFileSync(path.join(site, 'demo', name));
    return { name, size: bytes.length, gzip: gzipSync(bytes, { level: 9 }).toString('base64') };
  });
}

/** Files in dir (relative to site) with the extension that `included` lacks. */
function notIncluded(site, dir, ext, included) {
  const full = path.join(site, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full).filter((f) => f.endsWith(ext)).map((f) => path.join(full, f)).filter((f) => !included.has(f))
    .map((f) => path.relative(site, f));
}

/**
 * Builds the single file. Returns {out, bytes, parts: {name: bytes}, modules, worker, styles, unused}.
 * `unused` lists components/*.mjs and styles/*.css the page never reaches (a warning).
 */
export function buildSingle({ site = path.join(ROOT, 'build/site'), out = path.join(site, 'kpi-lens.html'), demo = true } = {}) {
  site = path.resolve(site);
  const indexFile = path.join(site, 'index.html');
  for (const needed of ['index.html', 'worker.mjs', 'engine/kpi.wasm', 'engine/kpi-engine.mjs']) {
    if (!existsSync(path.join(site, needed))) fail(`${path.join(site, needed)} is missing: run scripts/build wasm && scripts/build-site`);
  }
  let html = readFileSync(indexFile, 'utf8');

  // Stylesheets, in document order, into one <style> where the first one was.
  const styleFiles = [];
  const cssParts = [];
  const seenCss = new Set();
  html = html.replace(/[ \t]*<link\b[^>]*>\n?/gi, (tag) => {
    if (!/\brel\s*=\s*["']?stylesheet\b/i.test(tag)) return tag;
    const href = attribute(tag, 'href');
    const file = path.resolve(site, href);
    const media = attribute(tag, 'media');
    const before = new Set(seenCss);
    const css = inlineCss(file, site, seenCss);
    for (const f of seenCss) if (!before.has(f)) styleFiles.push(f);
    cssParts.push(`/* ${href} */\n${media && media !== 'all' ? `@media ${media} {\n${css}\n}` : css}`);
    return cssParts.length === 1 ? '<!--KPI-STYLE-->\n' : '';
  });
  const css = cssParts.join('\n');

  // The page's module scripts become one classic bundle.
  const entries = [];
  html = html.replace(/[ \t]*<script\b([^>]*)>([\s\S]*?)<\/script>\n?/gi, (all, attrs, body) => {
    if (!/type\s*=\s*["']?module/i.test(attrs)) fail(`index.html: a classic <script> would need its own CSP hash; make it a module`);
    const src = attribute(`<script ${attrs}>`, 'src');
    if (!src || body.trim()) fail('index.html: inline module scripts are not supported; use <script type="module" src>');
    entries.push(path.resolve(site, src));
    return '';
  });
  if (entries.length !== 1) fail(`index.html: expected one <script type="module" src>, found ${entries.length}`);
  const page = bundle(entries[0], site);
  const worker = bundle(path.join(site, 'worker.mjs'), site);

  const wasm = gzipSync(readFileSync(path.join(site, 'engine/kpi.wasm')), { level: 9 }).toString('base64');
  const demoData = demo ? demoFiles(site) : [];

  // KPI_INLINE on the page: createWorker() for web/client.mjs. The worker's code is
  // the function __kpiWorkerMain(self): the worker runs its source text (from
  // toString(), so it is in the file once) after self.KPI_INLINE = {wasm, demo}
  // (see web/worker.mjs); a browser that will not start the worker runs it on the
  // page instead, with an object standing in for `self`.
  const boot = `(() => {
  'use strict';
  function __kpiWorkerMain(self) {
${worker.script}  }
  const block = (id) => document.getElementById(id).textContent;
  let assets = null;
  const inlineAssets = () => (assets ??= { wasm: block('kpi-wasm').trim(), demo: JSON.parse(block('kpi-demo')) });
  let workerUrl = null;
  const workerSource = () => (workerUrl ??= URL.createObjectURL(new Blob([
    'self.KPI_INLINE = ', JSON.stringify(inlineAssets()), ';\\n(', __kpiWorkerMain.toString(), ')(self);\\n',
  ], { type: 'text/javascript' })));

  /** The worker's code on this page; returns send(data). Answers reach deliver(data). */
  function inPageEngine(deliver) {
    let listener = null;
    __kpiWorkerMain({
      KPI_INLINE: inlineAssets(),
      location: { href: location.href },
      postMessage: (data) => setTimeout(() => deliver(data), 0),
      addEventListener: (type, fn) => { if (type === 'message') listener = fn; },
    });
    return (data) => setTimeout(() => listener?.({ data }), 0);
  }

  /**
   * What web/client.mjs uses as its Worker. It starts the real worker; if that
   * cannot start (the constructor throws, or it reports an error before its first
   * answer), the engine runs on the page and the unanswered requests are sent again.
   */
  class EngineWorker extends EventTarget {
    #worker = null;
    #send = null;
    #unanswered = new Map(); // id -> request, until its answer arrives
    #answered = false;

    constructor() {
      super();
      try {
        const worker = new Worker(workerSource(), { name: 'kpi-engine' });
        worker.addEventListener('message', (event) => this.#deliver(event.data));
        worker.addEventListener('messageerror', () => this.dispatchEvent(new Event('messageerror')));
        worker.addEventListener('error', (event) => {
          event.preventDefault();
          if (this.#answered) this.dispatchEvent(new ErrorEvent('error', { message: event.message, cancelable: true }));
          else this.#fallBack(event.message || 'the worker did not start');
        });
        this.#worker = worker;
        this.#send = (data) => worker.postMessage(data);
      } catch (e) {
        this.#fallBack(e?.message ?? String(e));
      }
    }

    postMessage(data) {
      if (data?.id !== undefined) this.#unanswered.set(data.id, data);
      this.#send(data);
    }

    terminate() { this.#worker?.terminate(); }

    #deliver(data) {
      this.#answered = true;
      if (data?.type !== 'PROGRESS') this.#unanswered.delete(data?.id);
      this.dispatchEvent(new MessageEvent('message', { data }));
    }

    #fallBack(reason) {
      this.#worker?.terminate();
      this.#worker = null;
      globalThis.KPI_INLINE.fallbackReason = reason;
      document.documentElement.dataset.engine = 'main-thread';
      console.warn('KPI Lens: the analysis worker could not start (' + reason + '); the engine runs on the page instead, so the page may pause while it reads files.');
      this.#send = inPageEngine((data) => this.#deliver(data));
      for (const data of this.#unanswered.values()) this.#send(data);
    }
  }

  globalThis.KPI_INLINE = { createWorker: () => new EngineWorker(), fallbackReason: null };
})();
${page.script}`;
  const bootText = scriptSafe(boot);
  for (const [name, text] of [['the page bundle', bootText]]) {
    try {
      new vm.Script(text, { filename: name }); // eslint-disable-line no-new
    } catch (e) {
      fail(`${name} does not compile: ${e.message}`);
    }
  }

  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${sha256(bootText)}' 'wasm-unsafe-eval'`,
    'worker-src blob:',
    "connect-src 'none'",
    `style-src 'sha256-${sha256(css)}'`,
    'img-src data:',
    "font-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  if (!/<meta http-equiv="Content-Security-Policy" content="[^"]*">/.test(html)) fail('index.html: no CSP <meta> to replace');
  // Function replacements throughout: a replacement string would read `$1` or `$&` in the code.
  html = html.replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/,
    () => `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
  html = html.replace('<!--KPI-STYLE-->', () => `<style>${css}</style>`);
  const demoJson = JSON.stringify(demoData).replace(/</g, '\\u003c');
  const blocks = [
    `<script type="application/x-kpi-base64" id="kpi-wasm">${wasm}</script>`,
    `<script type="application/json" id="kpi-demo">${demoJson}</script>`,
    `<script>${bootText}</script>`,
  ].join('\n');
  if (!html.includes('</body>')) fail('index.html: no </body>');
  html = html.replace('</body>', () => `${blocks}\n</body>`);
  html = html.replace(/<html\b/, () => '<html data-build="single-file"');

  // Anything left that the browser would fetch is a bug of this build (links to
  // other pages are not fetches: <a href> may point anywhere).
  const markup = html.replace(/<script\b[\s\S]*?<\/script>/gi, '').replace(/<style>[\s\S]*?<\/style>/, '');
  for (const [tag, name] of markup.matchAll(/<([a-z][\w-]*)\b[^>]*>/gi)) {
    for (const [, attr, value] of tag.matchAll(/\s(src|href|srcset|poster|data)\s*=\s*["']?([^"'\s>]+)/gi)) {
      const harmless = value.startsWith('data:') || value.startsWith('#') || (name.toLowerCase() === 'a' && attr.toLowerCase() === 'href');
      if (!harmless) fail(`index.html: <${name} ${attr}="${value}"> would load a file the single-file build does not carry`);
    }
  }

  writeFileSync(out, html);
  const included = new Set([...page.files, ...worker.files, ...styleFiles]);
  const unused = [...notIncluded(site, 'components', '.mjs', included), ...notIncluded(site, 'styles', '.css', included)];
  return {
    out,
    bytes: statSync(out).size,
    parts: {
      page: Buffer.byteLength(bootText) - Buffer.byteLength(worker.script), worker: Buffer.byteLength(worker.script), css: Buffer.byteLength(css),
      wasm: wasm.length, demo: Buffer.byteLength(demoJson),
    },
    modules: page.files.map((f) => path.relative(site, f)),
    worker: worker.files.map((f) => path.relative(site, f)),
    styles: styleFiles.map((f) => path.relative(site, f)),
    unused,
  };
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new BuildError(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--site') options.site = value();
    else if (arg === '--out') options.out = value();
    else if (arg === '--no-demo') options.demo = false;
    else if (arg === '-h' || arg === '--help') options.help = true;
    else throw new BuildError(`unknown argument ${arg}`);
  }
  return options;
}

const kb = (n) => `${(n / 1024).toFixed(0)} KB`;

function main() {
  const usage = 'usage: node scripts/build-single.mjs [--site build/site] [--out build/site/kpi-lens.html] [--no-demo]';
  try {
    const options = parseArgs(process.argv.slice(2));
    if (options.help) {
      console.log(usage);
      return;
    }
    const result = buildSingle(options);
    const { parts } = result;
    console.log(`build-single: ${path.relative(process.cwd(), result.out)} ${(result.bytes / 1048576).toFixed(2)} MB`
      + ` (page ${kb(parts.page)}, worker ${kb(parts.worker)}, CSS ${kb(parts.css)}, wasm ${kb(parts.wasm)} gzip+base64, demo ${kb(parts.demo)} gzip+base64)`);
    console.log(`build-single: ${result.modules.length} page modules, ${result.worker.length} worker modules, ${result.styles.length} stylesheets`);
    for (const file of result.unused) console.warn(`build-single: warning: ${file} is not reachable from index.html, so it is not in the file`);
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    console.error(`build-single: ${e.message}\n${usage}`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
