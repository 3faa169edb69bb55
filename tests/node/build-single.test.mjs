// scripts/build-single.mjs: ES modules rewritten into one classic script. Every
// import and export form the page uses runs the same as a module graph would,
// comments that name import() are left alone, and what cannot be bundled fails
// the build with the file and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { ROOT } from './helpers.mjs';

const { bundle, BuildError } = await import(`${ROOT}scripts/build-single.mjs`);

function site(files) {
  const dir = mkdtempSync(path.join(tmpdir(), 'kpi-bundle-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Runs a bundle as a classic script; returns what the entry put on `out` (arrays of another realm: spread them). */
async function run(script) {
  const context = { self: { location: { href: 'file:///disk/kpi-lens.html' } }, out: {} };
  vm.runInNewContext(script, context);
  await new Promise((resolve) => setTimeout(resolve, 10)); // dynamic imports settle
  return context.out;
}

test('import and export forms: named, aliased, default, namespace, re-exports, dynamic, import.meta.url', async () => {
  const dir = site({
    'app.mjs': [
      "import base, { twice, ONE as one } from './lib/math.mjs';",
      "import * as strings from './lib/strings.mjs';",
      'import {',
      '  shout,',
      '  whisper as quiet,',
      "} from './lib/index.mjs';",
      "import './side.mjs';",
      '// a comment may say import() or import(x) without breaking the build',
      '/** and so may JSDoc: import.meta.env */',
      'out.values = [base(2), twice(one), strings.greet("ann"), shout("a"), quiet("B"), strings.default];',
      'out.url = import.meta.url;',
      "import('./lazy.mjs').then((m) => { out.lazy = m.lazy(); });",
      'export const unused = 1;',
    ].join('\n'),
    'lib/math.mjs': "export default function square(x) { return x * x; }\nexport const ONE = 1;\nexport function twice(x) { return 2 * x; }\n",
    'lib/strings.mjs': "export default 'd';\nexport function greet(name) { return `hi ${name}`; }\n",
    'lib/index.mjs': "export { shout } from './shout.mjs';\nexport * from './whisper.mjs';\n",
    'lib/shout.mjs': "const shout = (s) => s.toUpperCase();\nexport { shout };\n",
    'lib/whisper.mjs': "export const whisper = (s) => s.toLowerCase();\nexport default 'not re-exported by export *';\n",
    'side.mjs': 'out.side = true;\n',
    'lazy.mjs': "export async function lazy() { return 'later'; }\n",
  });
  const { script, files } = bundle(path.join(dir, 'app.mjs'), dir);
  assert.deepEqual(files.map((f) => path.relative(dir, f)).sort(),
    ['app.mjs', 'lazy.mjs', 'lib/index.mjs', 'lib/math.mjs', 'lib/shout.mjs', 'lib/strings.mjs', 'lib/whisper.mjs', 'side.mjs']);
  assert.doesNotMatch(script, /^\s*(import|export)\b/m);
  const out = await run(script);
  assert.deepEqual([...out.values], [4, 2, 'hi ann', 'A', 'b', 'd']);
  assert.equal(out.side, true);
  assert.equal(out.url, 'file:///disk/kpi-lens.html');
  assert.equal(await out.lazy, 'later');
});

test('each module runs once, in import order', async () => {
  const dir = site({
    'app.mjs': "import './a.mjs';\nimport './b.mjs';\nout.log.push('app');\n",
    'a.mjs': "import './c.mjs';\nout.log = out.log ?? [];\nout.log.push('a');\n",
    'b.mjs': "import './c.mjs';\nout.log.push('b');\n",
    'c.mjs': "out.log = out.log ?? [];\nout.log.push('c');\n",
  });
  assert.deepEqual([...(await run(bundle(path.join(dir, 'app.mjs'), dir).script)).log], ['c', 'a', 'b', 'app']);
});

test('what cannot be bundled fails with the file and line', () => {
  const cases = [
    [{ 'app.mjs': "import x from 'lodash';\n" }, /app\.mjs:1: "lodash" is not a relative specifier/],
    [{ 'app.mjs': "\nconst name = './x.mjs';\nimport(name);\n" }, /app\.mjs:3: import\(\) needs a literal/],
    [{ 'app.mjs': "import './a.mjs';\n", 'a.mjs': "import './app.mjs';\n" }, /import cycle app\.mjs -> a\.mjs -> app\.mjs/],
    [{ 'app.mjs': "import './missing.mjs';\n" }, /app\.mjs: imports missing\.mjs, which is not in/],
    [{ 'app.mjs': 'console.log(import.meta.resolve("x"));\n' }, /app\.mjs:1: only import\.meta\.url is supported/],
    [{ 'app.mjs': 'export const { a, b } = {};\n' }, /app\.mjs:1: an export form the single-file build cannot rewrite/],
  ];
  for (const [files, message] of cases) {
    const dir = site(files);
    assert.throws(() => bundle(path.join(dir, 'app.mjs'), dir), (e) => e instanceof BuildError && message.test(e.message), String(message));
  }
});
