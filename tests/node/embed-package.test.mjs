// The structure of the two CRM packages scripts/build-embed.mjs writes
// (docs/embedding.md): widget.zip for amoCRM / Kommo and the Bitrix24 static
// app zip. What amoCRM checks on upload and in moderation: files at the root,
// manifest fields, one i18n file per locale with every key the manifest names,
// the logo sizes, UTF-8 without BOM, readable (unminified) script.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzip } from './helpers.mjs';
import { AMO_IMAGES, buildEmbed } from '../../scripts/build-embed.mjs';

const built = await buildEmbed(mkdtempSync(join(tmpdir(), 'kpi-embed-')));
const TEXT = /\.(json|js|mjs|html|css)$/;

/** Width and height from a PNG's IHDR, after checking the signature. */
function pngSize(bytes) {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], 'PNG signature');
  assert.equal(bytes.toString('latin1', 12, 16), 'IHDR');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

function checkText(entries) {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  for (const [name, { data }] of Object.entries(entries)) {
    if (!TEXT.test(name)) continue;
    assert.notDeepEqual([...data.subarray(0, 3)], [0xEF, 0xBB, 0xBF], `${name} starts with a BOM`);
    assert.doesNotThrow(() => utf8.decode(data), `${name} is not UTF-8`);
  }
}

const get = (obj, dotted) => dotted.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);

test('widget.zip: files at the root, the manifest, one i18n file per locale, logos, UTF-8 without BOM', () => {
  assert.match(built.widget, /\/widget\.zip$/);
  const entries = unzip(readFileSync(built.widget));
  const names = Object.keys(entries);
  assert.ok(names.includes('manifest.json') && names.includes('script.js'), names.join(', '));
  assert.ok(names.every((n) => !n.startsWith('widget/') && !n.startsWith('/')), 'wrapped in a folder');
  checkText(entries);

  const manifest = JSON.parse(entries['manifest.json'].data);
  const w = manifest.widget;
  assert.deepEqual([w.name, w.description, w.short_description], ['widget.name', 'widget.description', 'widget.short_description']);
  assert.match(w.version, /^\d+\.\d+\.\d+$/);
  assert.equal(w.version, JSON.parse(readFileSync(new URL('../../package.json', import.meta.url))).version);
  assert.equal(w.interface_version, 2);
  assert.match(w.support.link, /^https:\/\//);
  assert.match(w.support.email, /^[^@\s]+@[^@\s]+$/);
  assert.deepEqual(w.locale, ['ru', 'en', 'es', 'pt']);
  assert.ok(manifest.locations.includes('advanced_settings'));
  assert.equal(manifest.advanced.title, 'advanced.title');
  assert.ok(!manifest.locations.includes('widget_page'), 'a left-menu page is for public widgets only');

  // One i18n file per locale, no other; each holds every key the manifest and script.js use.
  const i18n = names.filter((n) => n.startsWith('i18n/')).sort();
  assert.deepEqual(i18n, w.locale.map((l) => `i18n/${l}.json`).sort());
  const script = entries['script.js'].data.toString('utf8');
  const used = [...script.matchAll(/self\.i18n\('(\w+)'\)\.(\w+)/g)].map((m) => `${m[1]}.${m[2]}`);
  assert.ok(used.length >= 3);
  for (const file of i18n) {
    const doc = JSON.parse(entries[file].data);
    for (const key of [w.name, w.description, w.short_description, manifest.advanced.title, ...used]) {
      assert.equal(typeof get(doc, key), 'string', `${file}: ${key}`);
      assert.ok(get(doc, key).length > 0, `${file}: ${key} is empty`);
    }
  }

  for (const [name, size] of Object.entries(AMO_IMAGES)) {
    const png = entries[`images/${name}`]?.data;
    assert.ok(png, `images/${name} is missing`);
    assert.deepEqual(pngSize(png), size, name);
    assert.ok(png.length <= 300 * 1024, `${name} is over 300 KB`);
  }

  // script.js: an AMD module with the callbacks, readable.
  assert.match(script, /^define\(\['jquery'/m);
  for (const cb of ['render', 'init', 'bind_actions', 'settings', 'onSave', 'destroy', 'advancedSettings']) {
    assert.match(script, new RegExp(`\\n\\s+${cb}: function`), cb);
  }
  assert.match(script, /render: function \(\) \{[\s\S]*?return true;/);
  const lines = script.split('\n');
  assert.ok(lines.length > 50 && lines.every((l) => l.length <= 160), 'script.js looks minified');
  // The engine travels inside: the computation needs no server.
  for (const f of ['engine/kpi.wasm', 'engine/kpi-engine.mjs', 'crm/amocrm-api.mjs', 'app.mjs', 'kpi-lens-board.mjs', 'components/board.mjs', 'styles/board.css']) assert.ok(names.includes(f), f);
});

test('the Bitrix24 app zip: index.html and install.html with BX24.installFinish() at the root, UTF-8 without BOM', () => {
  const entries = unzip(readFileSync(built.app));
  const names = Object.keys(entries);
  for (const f of ['index.html', 'install.html', 'bx24.js', 'main.mjs', 'app.mjs', 'crm/bitrix24-api.mjs', 'engine/kpi.wasm']) {
    assert.ok(names.includes(f), `${f} is missing`);
  }
  assert.ok(names.every((n) => !n.includes('/') || /^(engine|crm|components|styles|strings)\//.test(n)), names.join(', '));
  checkText(entries);
  const install = entries['install.html'].data.toString('utf8');
  assert.match(install, /<script src="bx24\.js"><\/script>/);
  assert.match(install, /BX24\.init\(function \(\) \{\s*BX24\.installFinish\(\);/);
  // Nothing loaded from outside the package (the portal serves the files; the data comes from its REST API).
  for (const f of names.filter((n) => /\.(html|mjs|js)$/.test(n) && !n.startsWith('engine/'))) {
    assert.doesNotMatch(entries[f].data.toString('utf8'), /(src|href)="(https?:)?\/\//, f);
  }
});
