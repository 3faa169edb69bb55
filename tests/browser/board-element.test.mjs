// <kpi-lens-board> in host pages served here on 127.0.0.1 with the header
// Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval' (no
// 'unsafe-eval'): a page whose global CSS tries to restyle it, with the same
// board in iframes of a plain page. One page load, four boards, the
// cross-format fixture (tests/fixtures/equivalence/canonical) loaded through
// load({deals, events, tasks, activities}), the engine given to init() as
// bytes, a Response, a URL and nothing (the package's own kpi.wasm). Both must show the
// numbers the engine computes in Node from the same files, with zero CSP
// violations; the computed styles inside the shadow root must be those of the
// plain frame (only the documented --kpi-lens-* properties change them);
// events come from user actions only; every request goes to the page's origin;
// the module API (settings, setSettings, report, drill) drives the board.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, launchBrowser, screenshot } from './harness.mjs';
import { mimeType } from '../../scripts/serve.mjs';
import { buildEmbed } from '../../scripts/build-embed.mjs';

const CSP = "script-src 'self' 'wasm-unsafe-eval'";
const WHOLE = { period_preset: 'whole' }; // tests/hosts/board/host.mjs asks for the whole export
const DATA = path.join(ROOT, 'tests/fixtures/equivalence/canonical');
const TABLES = ['deals.csv', 'stage_events.csv', 'tasks.csv', 'activities.csv'];
const out = mkdtempSync(path.join(tmpdir(), 'kpi-board-element-'));
let server;
let origin;
let browser;
let requests;
let frame;

/** Static files under three roots, every answer with the CSP header. */
function serve(roots) {
  return createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const [prefix, dir] = Object.entries(roots).find(([p]) => url.pathname.startsWith(p)) ?? [];
    const file = dir && path.join(dir, decodeURIComponent(url.pathname.slice(prefix.length)));
    if (!file || !file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Security-Policy': CSP }).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': mimeType(file), 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' });
    createReadStream(file).pipe(res);
  });
}

/** The numbers the engine computes in Node from the same files over the whole export (as the host asks), or with `settings`. */
async function expected(settings = WHOLE, drillQuery = null) {
  const { createEngine } = await import(path.join(ROOT, 'build/wasm/kpi-engine.mjs'));
  const engine = await createEngine({ wasmBinary: readFileSync(path.join(ROOT, 'build/wasm/kpi.wasm')) });
  for (const name of TABLES) assert.equal((await engine.addFile(name, readFileSync(path.join(DATA, name)))).ok, true, name);
  engine.setSettings(settings ?? WHOLE);
  const r = engine.report();
  const drilled = drillQuery ? engine.drill(drillQuery).rows.map((row) => row.deal_id) : null;
  engine.dispose();
  return {
    ...(drilled ? { drilled } : {}),
    tiles: r.board.filter((t) => t.metric).map((t) => [t.id, ['ok', 'warn', 'bad'].includes(t.status) ? t.status : 'none',
      Number.isFinite(t.value) ? String(t.value) : '']),
    managers: r.managers.map((m) => [m.name, m.metrics.won_count, m.metrics.lost_count, m.metrics.revenue]),
    team: [r.team.metrics.won_count, r.team.metrics.lost_count, r.team.metrics.revenue],
  };
}

/** What a board shows (Playwright's CSS selectors pierce open shadow roots). */
async function shown(scope) {
  const board = scope.locator('kpi-lens-board[data-state=ready]');
  await board.waitFor();
  return board.evaluate((el) => {
    const root = el.shadowRoot;
    const metric = (tr, k) => Number(tr.querySelector(`td[data-metric=${k}]`).dataset.value);
    return {
      tiles: [...root.querySelectorAll('kpi-board button.kpi-tile[data-tile]')].map((b) => [b.dataset.tile, b.dataset.status,
        b.querySelector('.kpi-tile-value').dataset.value]),
      managers: [...root.querySelectorAll('kpi-matrix tr[data-manager]')].map((tr) => [tr.dataset.manager,
        ...['won_count', 'lost_count', 'revenue'].map((k) => metric(tr, k))]),
      team: ['won_count', 'lost_count', 'revenue'].map((k) => metric(root.querySelector('kpi-matrix tr[data-team]'), k)),
    };
  });
}

const STYLED = ['.kpi-lens-root', 'kpi-board .kpi-section-title', 'button.kpi-tile', '.kpi-tile-name', '.kpi-tile-value',
  '.kpi-pill', 'kpi-matrix table', 'kpi-matrix thead th', 'kpi-matrix tr[data-manager] th', 'kpi-matrix td[data-metric=revenue]'];
const PROPS = ['font-size', 'font-family', 'font-weight', 'color', 'background-color', 'display', 'line-height',
  'letter-spacing', 'text-transform', 'text-align', 'padding-top', 'margin-top', 'border-top-width', 'border-top-color'];

/** Computed styles of a few elements inside the board's shadow root. */
async function styles(scope) {
  return scope.locator('kpi-lens-board[data-state=ready]').evaluate((el, [selectors, props]) => Object.fromEntries(selectors.map((s) => {
    const node = el.shadowRoot.querySelector(s);
    if (!node) return [s, null];
    const cs = getComputedStyle(node);
    return [s, Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]))];
  })), [STYLED, PROPS]);
}

before(async () => {
  const built = await buildEmbed(out);
  server = serve({ '/board/': built.boardDir, '/data/': DATA, '/host/': path.join(ROOT, 'tests/hosts/board') });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launchBrowser();
  requests = [];
  browser.context.on('request', (r) => requests.push(r.url()));
  // Every CSP violation of every document (frames too), recorded before any page script runs.
  await browser.context.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await browser.page.goto(`${origin}/host/hostile.html?wasm=bytes`);
  frame = browser.page.frameLocator('iframe').first();
  await browser.page.waitForFunction(() => window.hostState !== undefined);
  assert.equal(await browser.page.evaluate(() => window.hostState), 'ready');
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  rmSync(out, { recursive: true, force: true });
});

test('under script-src \'self\' \'wasm-unsafe-eval\' and in an iframe: the engine\'s numbers, no CSP violation', async () => {
  const want = await expected();
  assert.equal(want.tiles.length, 6);
  assert.ok(want.managers.length >= 2);
  for (let i = 0; i < 3; i += 1) assert.deepEqual(await shown(browser.page.frameLocator('iframe').nth(i)), want, `frame ${i + 1}`);
  assert.deepEqual(await shown(browser.page), want);

  const frames = browser.page.frames().filter((f) => f.url().includes('plain.html'));
  assert.equal(frames.length, 3);
  for (const f of frames) assert.equal(await f.evaluate(() => window.hostState), 'ready', f.url());
  // The frame's board speaks Russian (lang=ru), the page's English: the strings come from the element's language.
  assert.equal(await frame.locator('button.kpi-tile[data-tile=frt] .kpi-tile-name').textContent(), 'Время первого ответа');
  assert.equal(await browser.page.locator('button.kpi-tile[data-tile=frt] .kpi-tile-name').textContent(), 'First response time');

  assert.deepEqual(await browser.page.evaluate(() => window.cspViolations), []);
  for (const f of frames) assert.deepEqual(await f.evaluate(() => window.cspViolations), [], f.url());
  assert.deepEqual(browser.problems, []);
  // The header really was there: an inline script is refused (and reported) in the same page.
  await browser.page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.inlineRan = true';
    document.body.append(s);
  });
  await browser.page.waitForFunction(() => window.cspViolations.length > 0);
  assert.equal(await browser.page.evaluate(() => window.inlineRan), undefined);
  assert.match((await browser.page.evaluate(() => window.cspViolations))[0], /^script-src/);
});

test('the host\'s global CSS changes nothing inside; only --kpi-lens-* properties do', async () => {
  const plain = await styles(frame);
  const hostile = await styles(browser.page);
  for (const s of STYLED) assert.ok(plain[s], `${s} is not in the board`);
  assert.deepEqual(hostile, plain);
  // The host page really is hostile: its own heading took the rules.
  assert.equal(await browser.page.locator('h1').evaluate((h) => getComputedStyle(h).fontSize), '40px');
  assert.notEqual(plain['.kpi-tile-value']['font-size'], '40px');
  await screenshot(browser.page, 'board-element-hostile');

  // A documented custom property does reach in.
  await browser.page.locator('kpi-lens-board').evaluate((el) => el.style.setProperty('--kpi-lens-text', 'rgb(1, 2, 3)'));
  assert.equal((await styles(browser.page))['.kpi-lens-root'].color, 'rgb(1, 2, 3)');
  await browser.page.locator('kpi-lens-board').evaluate((el) => el.style.removeProperty('--kpi-lens-text'));
});

test('events only for user actions, each opening the deals behind it unless the host cancels it; every request to the page\'s own origin', async () => {
  const { drilled } = await expected(null, { metric: 'sla', flaggedOnly: true });
  assert.ok(drilled.length > 0);
  const dialog = browser.page.locator('kpi-lens-board kpi-drill dialog');
  const listed = async () => {
    await dialog.locator('tr[data-deal]').first().waitFor();
    const ids = await dialog.locator('tr[data-deal]').evaluateAll((trs) => trs.map((tr) => tr.dataset.deal));
    await browser.page.screenshot({ path: path.join(ROOT, 'artifacts/screenshots/board-element-drill.png') }); // the viewport, where the dialog is
    await browser.page.keyboard.press('Escape');
    await browser.page.locator('kpi-lens-board kpi-drill dialog:not([open])').waitFor({ state: 'attached' });
    return ids;
  };
  assert.deepEqual(await browser.page.evaluate(() => window.hostEvents), []);
  await browser.page.locator('kpi-lens-board button.kpi-tile[data-tile=sla]').click();
  assert.deepEqual(await listed(), drilled);
  await browser.page.locator('kpi-lens-board kpi-matrix tr[data-manager] td[data-metric=won_count]').first().click();
  assert.ok((await listed()).length > 0);
  // A host that handles the event itself cancels it: no list.
  await browser.page.evaluate(() => document.addEventListener('kpi-lens-drill', (e) => e.preventDefault(), { once: true }));
  await browser.page.locator('kpi-lens-board button.kpi-tile[data-tile=overdue]').click();
  await browser.page.waitForFunction(() => window.hostEvents.length === 3);
  assert.equal(await dialog.evaluate((d) => d.open), false);
  const events = await browser.page.evaluate(() => window.hostEvents);
  assert.deepEqual(events.map((e) => [e.type, e.detail.metric]), [['kpi-lens-drill', 'sla'], ['kpi-lens-cell', 'won_count'], ['kpi-lens-drill', 'overdue']]);
  assert.equal(events[0].detail.flaggedOnly, true);
  assert.ok(events[1].detail.manager.length > 0);

  assert.ok(requests.length >= 10, requests.join('\n'));
  assert.deepEqual(requests.filter((u) => !u.startsWith(`${origin}/`)), []);
  // The element's own files came from the package: its module, its three stylesheets and the wasm.
  for (const f of ['/board/kpi-lens-board.mjs', '/board/board.css', '/board/styles/matrix.css', '/board/engine/kpi.wasm']) {
    assert.ok(requests.includes(`${origin}${f}`), f);
  }
});

test('the module API: settings(), setSettings() re-renders the board, report(), drill() gives the deals of an event', async () => {
  const custom = { ...WHOLE, norms: { sla_share: 0 } };
  const want = await expected(custom, { metric: 'sla', flaggedOnly: true });
  const before = await expected();
  assert.notDeepEqual(want.tiles, before.tiles, 'the setting must show on the board');
  const api = (fn, arg) => browser.page.evaluate(async ([f, a]) => {
    const m = await import('/board/kpi-lens-board.mjs');
    const r = await m[f](a);
    return f === 'report' ? { schema: r.schema, board: r.board.length } : f === 'drill' ? r.rows.map((row) => row.deal_id)
      : f === 'settings' ? r.norms : r.board.map((t) => t.id);
  }, [fn, arg]);
  assert.equal((await api('settings')).sla_share, 0.85);
  await api('setSettings', custom);
  assert.equal((await api('settings')).sla_share, 0);
  assert.deepEqual(await api('report'), { schema: 'kpi-lens/report@1', board: 6 });
  const { drilled, ...board } = want;
  assert.deepEqual(await shown(browser.page), board); // the page's board followed the new report
  assert.deepEqual(await shown(frame), before); // another document, another engine: unchanged
  // A tile's event detail is a drill query as it is.
  const detail = (await browser.page.evaluate(() => window.hostEvents)).find((e) => e.type === 'kpi-lens-drill').detail;
  assert.deepEqual(await api('drill', detail), drilled);
  assert.ok(drilled.length > 0);
  // A bad document is refused with the field named; the settings in force stay.
  const refused = await browser.page.evaluate(async () => {
    const m = await import('/board/kpi-lens-board.mjs');
    try { await m.setSettings({ norms: { sla_share: 5 } }); return null; } catch (e) { return e.errors.map((x) => x.path); }
  });
  assert.deepEqual(refused, ['/norms/sla_share']);
  assert.equal((await api('settings')).sla_share, 0);
  // A new report is no user action: still only the three events of the clicks.
  assert.equal((await browser.page.evaluate(() => window.hostEvents)).length, 3);
});

// Issue 11 (branch audit): the report carries the zone it was computed in
// (report.tz) and the element shows instants in it, not in the browser's zone.
test('instants are shown in the report\'s zone (report.tz), whatever the browser\'s', async () => {
  const asOf = (scope) => scope.locator('kpi-lens-board[data-state=ready]').evaluate((el) => ({
    text: el.shadowRoot.querySelector('.kpi-board-asof').textContent, tz: el.report.tz, at: el.report.as_of,
  }));
  const inZone = (at, tz, locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: tz }).format(new Date(at));
  // The frame: the default zone, Moscow, in Russian.
  const moscow = await asOf(frame);
  assert.equal(moscow.tz, 'Europe/Moscow');
  assert.equal(moscow.text, `на ${inZone(moscow.at, 'Europe/Moscow', 'ru-RU')}`);
  // The page's board after setSettings({tz}): Vladivostok (UTC+10), not the browser's zone.
  const browserZone = await browser.page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  await browser.page.evaluate(async () => {
    const m = await import('/board/kpi-lens-board.mjs');
    await m.setSettings({ ...(await m.settings()), tz: 'Asia/Vladivostok' });
  });
  await browser.page.waitForFunction(() => document.querySelector('kpi-lens-board')?.report?.tz === 'Asia/Vladivostok');
  const shownThere = await asOf(browser.page);
  assert.equal(shownThere.tz, 'Asia/Vladivostok');
  assert.equal(shownThere.text, `as of ${inZone(shownThere.at, 'Asia/Vladivostok', 'en-US')}`);
  if (browserZone !== 'Asia/Vladivostok') {
    assert.notEqual(shownThere.text, `as of ${inZone(shownThere.at, browserZone, 'en-US')}`, 'not the browser\'s zone');
  }
});
