// The CRM packages in Chromium, each in a stand-in of its CRM page
// (tests/hosts) against the local mock of its API (tests/mocks): the amoCRM
// widget loaded by RequireJS with the widget lifecycle, and the Bitrix24 app
// opened by a form POST into an iframe and the frame protocol. Each loads the
// fixtures through the API into the engine and must show exactly the won, lost
// and revenue per manager (and the six tiles) the engine computes from the
// same fixtures in Node; a 429 / 503 in the middle of paging loses no page;
// Cancel stops the requests; every request goes to the mock host only.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, launchBrowser, screenshot } from './harness.mjs';
import { buildEmbed } from '../../scripts/build-embed.mjs';
import { AMO_FIXTURES, SESSION, startAmoMock } from '../mocks/amocrm.mjs';
import { APP_TOKEN, BITRIX_FIXTURES, EXPIRED_APP_TOKEN, startBitrixMock } from '../mocks/bitrix24.mjs';

const HOSTS = path.join(ROOT, 'tests/hosts/');
const VENDOR = { '/vendor/requirejs/': path.join(ROOT, 'node_modules/requirejs/'), '/vendor/jquery/': path.join(ROOT, 'node_modules/jquery/dist/') };
let built;
before(async () => { built = await buildEmbed(); });

const slaDeals = new Map(); // fixture folder -> the deals behind its SLA tile, as the engine lists them

/** What the engine computes in Node from a fixture folder, with the default settings (as the widget runs it) or `settings`. */
async function expected(dir, settings = null) {
  const { createEngine } = await import(path.join(ROOT, 'build/wasm/kpi-engine.mjs'));
  const engine = await createEngine({ wasmBinary: readFileSync(path.join(ROOT, 'build/wasm/kpi.wasm')) });
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    assert.equal((await engine.addFile(name, readFileSync(path.join(dir, name)))).ok, true, name);
  }
  if (settings) engine.setSettings(settings);
  const r = engine.report();
  slaDeals.set(`${dir}|${JSON.stringify(settings)}`, engine.drill({ metric: 'sla', flaggedOnly: true }).rows.map((row) => row.deal_id));
  return {
    managers: r.managers.map((m) => [m.name, m.metrics.won_count, m.metrics.lost_count, m.metrics.revenue]),
    team: [r.team.metrics.won_count, r.team.metrics.lost_count, r.team.metrics.revenue],
    // The tiles as <kpi-lens-board> marks them: data-status none when the core gave no ok / warn / bad.
    tiles: r.board.filter((t) => t.metric).map((t) => [t.id, ['ok', 'warn', 'bad'].includes(t.status) ? t.status : 'none',
      Number.isFinite(t.value) ? String(t.value) : '']),
  };
}

/** The board as the page shows it (Playwright's CSS selectors pierce the open shadow root). */
async function shown(scope) {
  const rows = await scope.locator('tr[data-manager]').evaluateAll((trs) => trs.map((tr) => [tr.dataset.manager,
    ...['won_count', 'lost_count', 'revenue'].map((k) => tr.querySelector(`td[data-metric=${k}]`).dataset.value).map((v) => (v === '' ? null : Number(v)))]));
  const team = await scope.locator('tr[data-team]').evaluate((tr) => ['won_count', 'lost_count', 'revenue']
    .map((k) => tr.querySelector(`td[data-metric=${k}]`).dataset.value).map((v) => (v === '' ? null : Number(v))));
  const tiles = await scope.locator('button.kpi-tile[data-tile]').evaluateAll((ds) => ds.map((d) => [d.dataset.tile, d.dataset.status,
    d.querySelector('.kpi-tile-value').dataset.value]));
  return { managers: rows, team, tiles };
}

const page = (file, config) => readFileSync(path.join(HOSTS, file), 'utf8').replace('{{CONFIG}}', JSON.stringify(config));

async function amoHost(options = {}, area = 'settings') {
  const config = { code: 'kpi_lens', lang: 'en', area, lateMs: 400, session: SESSION };
  return startAmoMock({
    ...options,
    static: { '/upl/kpi_lens/widget/': built.amoDir, '/host/': HOSTS, ...VENDOR },
    pages: { '/settings/widgets/kpi_lens/': page('amocrm.html', config) },
  });
}

function recordRequests(context) {
  const urls = [];
  context.on('request', (r) => urls.push(r.url()));
  return urls;
}

// The fixtures' deals lie months back: this account keeps a settings document for the whole
// data (the core's default is the last complete month), so the SLA tile has deals to list.
const WHOLE = { period_preset: 'whole' };

test('the amoCRM widget in its host: lifecycle, the engine\'s numbers, a 429 mid-paging, only the CRM host', async () => {
  const want = await expected(AMO_FIXTURES, WHOLE);
  const amo = await amoHost({ pageSize: { leads: 2, events: 3 } });
  const f429 = amo.fail({ path: '/api/v4/leads', page: 2, status: 429 });
  const browser = await launchBrowser();
  await browser.context.addInitScript(([key, doc]) => localStorage.setItem(key, doc),
    [`kpi-lens.embed.settings.${new URL(amo.url).host}`, JSON.stringify(WHOLE)]);
  try {
    const urls = recordRequests(browser.context);
    await browser.page.goto(`${amo.url}/settings/widgets/kpi_lens/`);
    const face = browser.page.locator('.kpi-lens-embed-host');
    await face.waitFor();
    assert.deepEqual(await browser.page.evaluate(() => window.hostLog), [
      { callback: 'render', answer: true }, { callback: 'render', answer: true }, { callback: 'init', answer: true },
      { callback: 'bind_actions', answer: true }, { callback: 'settings', answer: true }, { callback: 'advancedSettings', answer: true }]);
    await screenshot(browser.page, 'embed-amocrm-start');
    await browser.page.locator('[data-action=load]').click();
    await browser.page.locator('.kpi-lens-embed-host[data-kpi-state=ready]').waitFor();
    assert.deepEqual(await shown(face), want);
    assert.equal(want.tiles.length, 6);
    assert.equal(f429.hits, 1);
    assert.deepEqual(amo.apiRequests.filter((q) => q.path === '/api/v4/leads').map((q) => q.query.page), ['1', '2', '2', '3']);
    assert.equal(await browser.page.locator('#page_holder .kpi-lens-embed-host').count(), 1, 'mounted once');
    assert.ok(urls.length > 10 && urls.every((u) => u.startsWith(`${amo.url}/`)), urls.filter((u) => !u.startsWith(amo.url)).join(', '));
    // The console notes the 429 it was given, and nothing else.
    assert.deepEqual(browser.problems, ['console: Failed to load resource: the server responded with a status of 429 (Too Many Requests)']);
    await screenshot(browser.page, 'embed-amocrm-widget');
    // A tile lists its deals, read from the widget's engine.
    await face.locator('button.kpi-tile[data-tile=sla]').click();
    const rows = face.locator('kpi-drill dialog[open] tr[data-deal]');
    await rows.first().waitFor();
    const listed = slaDeals.get(`${AMO_FIXTURES}|${JSON.stringify(WHOLE)}`);
    assert.ok(listed.length > 0);
    assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.deal)), listed);
    await browser.page.keyboard.press('Escape');
    // Disabling the widget: onSave, then destroy, which unmounts the face.
    await browser.page.evaluate(() => window.hostDisable());
    assert.equal(await browser.page.locator('.kpi-lens-embed-host').count(), 0);
  } finally {
    await browser.close();
    await amo.close();
  }
});

test('amoCRM widget settings: a settings file is judged by the engine, kept for the account, used after a reload; a bad one names its field', async () => {
  const norms = { ...WHOLE, norms: { sla_share: 0 } }; // the whole data: the fixture's months hold the SLA figures
  const [defaults, custom] = [await expected(AMO_FIXTURES), await expected(AMO_FIXTURES, norms)];
  assert.notDeepEqual(custom.tiles, defaults.tiles, 'the fixture must show the setting');
  const amo = await amoHost();
  const browser = await launchBrowser();
  const file = (name, doc) => ({ name, mimeType: 'application/json', buffer: Buffer.from(typeof doc === 'string' ? doc : JSON.stringify(doc)) });
  const face = browser.page.locator('.kpi-lens-embed-host');
  const stored = () => browser.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('kpi-lens.embed.settings.')));
  try {
    await browser.page.goto(`${amo.url}/settings/widgets/kpi_lens/`);
    await face.waitFor();
    assert.equal(await face.getAttribute('data-kpi-settings'), 'defaults');
    await browser.page.locator('.kpi-embed-settings summary').click();
    await browser.page.locator('[data-action=settings-file]').setInputFiles(file('norms.json', norms));
    await browser.page.locator('.kpi-lens-embed-host[data-kpi-settings=saved]').waitFor();
    assert.deepEqual(await stored(), [`kpi-lens.embed.settings.${new URL(amo.url).host}`]);
    await browser.page.locator('[data-action=load]').click();
    await browser.page.locator('.kpi-lens-embed-host[data-kpi-state=ready]').waitFor();
    assert.deepEqual(await shown(face), custom);

    // A new visit: the saved settings are in force before the first report.
    await browser.page.goto(`${amo.url}/settings/widgets/kpi_lens/`);
    await browser.page.locator('.kpi-lens-embed-host[data-kpi-settings=saved]').waitFor();
    await browser.page.locator('[data-action=load]').click();
    await browser.page.locator('.kpi-lens-embed-host[data-kpi-state=ready]').waitFor();
    assert.deepEqual(await shown(face), custom);

    // A bad document: the engine's words for the field, in the face's language; the settings in force stay.
    await browser.page.locator('.kpi-embed-settings summary').click();
    await browser.page.locator('[data-action=settings-file]').setInputFiles(file('bad.json', { norms: { sla_share: 5 } }));
    const bad = browser.page.locator('.kpi-embed-settings-status li[data-path="/norms/sla_share"]');
    await bad.waitFor();
    assert.match(await bad.textContent(), /^\/norms\/sla_share: Enter a percentage from 0 to 100\./);
    await browser.page.locator('[data-action=settings-file]').setInputFiles(file('broken.json', '{"norms": '));
    await browser.page.locator('.kpi-embed-settings-status li', { hasText: 'not a JSON document' }).waitFor();
    assert.equal(await face.getAttribute('data-kpi-settings'), 'saved');
    assert.deepEqual(await shown(face), custom);
    await screenshot(browser.page, 'embed-amocrm-settings');

    // Reset: the defaults at once, nothing kept.
    await browser.page.locator('[data-action=settings-reset]').click();
    await browser.page.locator('.kpi-lens-embed-host[data-kpi-settings=defaults]').waitFor();
    assert.deepEqual(await shown(face), defaults);
    assert.deepEqual(await stored(), []);
  } finally {
    await browser.close();
    await amo.close();
  }
});

test('Cancel in the amoCRM widget stops the requests', async () => {
  const amo = await amoHost({ pageSize: { leads: 1, events: 1 }, latencyMs: 250 });
  const browser = await launchBrowser();
  try {
    await browser.page.goto(`${amo.url}/settings/widgets/kpi_lens/`);
    await browser.page.locator('[data-action=load]').click();
    while (!amo.apiRequests.some((q) => q.path === '/api/v4/leads')) await new Promise((r) => setTimeout(r, 20));
    await screenshot(browser.page, 'embed-amocrm-loading');
    await browser.page.locator('[data-action=cancel]').click();
    await browser.page.locator('.kpi-lens-embed-host[data-kpi-state=cancelled]').waitFor();
    const after = amo.apiRequests.length;
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(amo.apiRequests.length, after, 'requests went on after Cancel');
    assert.ok(amo.apiRequests.filter((q) => q.path === '/api/v4/leads').length < 5, 'all the leads were read anyway');
    assert.match(await browser.page.locator('.kpi-embed-status').textContent(), /Loading cancelled/);
    assert.equal(await browser.page.locator('[data-action=load]').isVisible(), true);
  } finally {
    await browser.close();
    await amo.close();
  }
});

test('the amoCRM leads list gets one button that opens the widget page, however often render runs', async () => {
  const amo = await amoHost({}, 'llist');
  const browser = await launchBrowser();
  try {
    await browser.page.goto(`${amo.url}/settings/widgets/kpi_lens/`);
    await browser.page.waitForFunction(() => (window.hostLog ?? []).length === 4);
    assert.deepEqual(await browser.page.evaluate(() => window.hostLog.map((e) => [e.callback, e.answer])),
      [['render', true], ['render', true], ['init', true], ['bind_actions', true]]);
    const links = await browser.page.locator('.list__top__actions a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    assert.deepEqual(links, [['KPI Lens', '/settings/widgets/kpi_lens/']]);
    assert.equal(amo.apiRequests.length, 0, 'the list button reads nothing');
  } finally {
    await browser.close();
    await amo.close();
  }
});

async function bitrixHost(options = {}, lang = 'en', auth = { auth: APP_TOKEN }) {
  const config = { appPath: '/local/app/', lang, installed: false, ...auth };
  return startBitrixMock({
    ...options,
    static: { '/local/app/': built.bitrixDir, '/host/': HOSTS },
    pages: { '/marketplace/app/7/': page('bitrix24.html', config) },
  });
}

test('the Bitrix24 app in its host: install, the frame protocol, the engine\'s numbers, 503 and 429 mid-paging, only the portal', async () => {
  const want = await expected(BITRIX_FIXTURES);
  const b24 = await bitrixHost();
  const f503 = b24.fail({ method: 'crm.deal.list', status: 503 });
  // The deal list: throttled inside the first batch (503), then its retry answered 429 over HTTP.
  const f429 = b24.fail({ method: 'crm.deal.list', status: 429 });
  const browser = await launchBrowser();
  try {
    const urls = recordRequests(browser.context);
    await browser.page.goto(`${b24.url}/marketplace/app/7/`);
    const frame = browser.page.frameLocator('iframe');
    await frame.locator('.kpi-lens-embed-host').waitFor();
    // install.html finished the install; the portal then opened index.html by a POST.
    const posts = b24.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/local/app/')).map((r) => r.path);
    assert.deepEqual(posts, ['/local/app/install.html', '/local/app/index.html']);
    await frame.locator('[data-action=load]').click();
    await frame.locator('.kpi-lens-embed-host[data-kpi-state=ready]').waitFor();
    assert.deepEqual(await shown(frame.locator('body')), want);
    assert.equal(f503.hits, 1);
    assert.equal(f429.hits, 1);
    // Every call came with the app's token; the first was one batch of every list.
    assert.ok(b24.calls.every((c) => c.via.startsWith('app')));
    assert.equal(b24.calls[0].via, 'app/batch');
    const log = await browser.page.evaluate(() => window.hostLog);
    assert.deepEqual(log.slice(0, 3), ['getInitData', 'setInstallFinish', 'getInitData']);
    assert.ok(log.includes('resizeWindow'));
    assert.ok(Number.parseInt(await browser.page.locator('iframe').evaluate((f) => f.style.height), 10) > 250, 'the frame was resized');
    assert.ok(urls.every((u) => u.startsWith(`${b24.url}/`)), urls.filter((u) => !u.startsWith(b24.url)).join(', '));
    assert.deepEqual(browser.problems, ['console: Failed to load resource: the server responded with a status of 429 (Too Many Requests)']);
    await screenshot(browser.page, 'embed-bitrix24-app');
  } finally {
    await browser.close();
    await b24.close();
  }
});

test('the Bitrix24 app asks the portal for a fresh token when its own has expired', async () => {
  const want = await expected(BITRIX_FIXTURES);
  const b24 = await bitrixHost({}, 'en', { auth: EXPIRED_APP_TOKEN, freshAuth: APP_TOKEN });
  const browser = await launchBrowser();
  try {
    await browser.page.goto(`${b24.url}/marketplace/app/7/`);
    const frame = browser.page.frameLocator('iframe');
    await frame.locator('[data-action=load]').click();
    await frame.locator('.kpi-lens-embed-host[data-kpi-state=ready]').waitFor();
    assert.deepEqual(await shown(frame.locator('body')), want);
    assert.equal(b24.calls[0].refused, 'expired');
    assert.ok((await browser.page.evaluate(() => window.hostLog)).includes('refreshAuth'));
  } finally {
    await browser.close();
    await b24.close();
  }
});

test('the Bitrix24 app on a free plan says that REST needs a commercial plan', async () => {
  const b24 = await bitrixHost({ freePlan: true }, 'ru');
  const browser = await launchBrowser();
  try {
    await browser.page.goto(`${b24.url}/marketplace/app/7/`);
    const frame = browser.page.frameLocator('iframe');
    await frame.locator('[data-action=load]').click();
    await frame.locator('.kpi-lens-embed-host[data-kpi-state=error]').waitFor();
    assert.match(await frame.locator('.kpi-embed-status').textContent(),
      /^Не удалось загрузить данные: REST API Битрикс24 работает только на коммерческих тарифах/);
  } finally {
    await browser.close();
    await b24.close();
  }
});
