// The strings tables are data (docs/web.md "Strings"): web/strings/{en,ru}.json for
// the page and wasm/strings/{en,ru}.json for the codes that cross the boundary.
// Both languages have the same keys and the same {placeholders} per key, plural
// forms always have `other`, and every key the page names literally (t('...'),
// tn('...')) is in the page's table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const table = (dir, lang) => JSON.parse(readFileSync(path.join(ROOT, dir, 'strings', `${lang}.json`), 'utf8'));
const placeholders = (v) => [...new Set((typeof v === 'string' ? [v] : Object.values(v)).flatMap((t) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1])))].sort();

for (const dir of ['web', 'wasm']) {
  test(`${dir}/strings: the same keys and placeholders in Russian and English`, () => {
    const en = table(dir, 'en');
    const ru = table(dir, 'ru');
    assert.ok(Object.keys(en).length > 100);
    assert.deepEqual(Object.keys(ru).filter((k) => !(k in en)), [], 'only in ru');
    assert.deepEqual(Object.keys(en).filter((k) => !(k in ru)), [], 'only in en');
    for (const [key, text] of Object.entries(en)) {
      for (const v of [text, ru[key]]) {
        assert.ok(typeof v === 'string' || (v && typeof v.other === 'string'), `${key}: a string or plural forms with "other"`);
      }
      // A plural's `one` form may leave out {n} ("один файл"); the keys it names are the other forms'.
      const named = (v) => (typeof v === 'string' ? placeholders(v) : placeholders(v.other));
      assert.deepEqual(named(ru[key]).filter((p) => !named(text).includes(p)), [], `${key}: ru names a placeholder en does not`);
    }
  });
}

test('every key the page names literally is in the page\'s table', () => {
  const en = table('web', 'en');
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else if (e.name.endsWith('.mjs')) files.push(path.join(dir, e.name));
    }
  };
  walk(path.join(ROOT, 'web'));
  const missing = [];
  let seen = 0;
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\btn?\(\s*'([a-z][\w.-]*)'/g)) {
      seen++;
      if (!(m[1] in en)) missing.push(`${path.relative(ROOT, file)}: ${m[1]}`);
    }
  }
  assert.ok(seen > 300, `${seen} keys named`);
  assert.deepEqual(missing, []);
});
