// Accessibility checks of the whole page on the demo board, written here in the
// spirit of axe (no dependency): the language is declared; a skip link leads to
// <main>; every control has an accessible name; every <svg> and <img> is named
// or hidden from assistive technology; focus is visible; and text contrast is at
// least 4.5:1 (3:1 for large text, WCAG 1.4.3), computed from computed styles,
// in the light and the dark colour scheme and in both languages.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchSite, openBoard, switchLanguage } from './harness.mjs';

let site;
before(async () => {
  site = await launchSite({ locale: 'en-US' });
  await openBoard(site.page, site.url);
});
after(async () => { await site?.close(); });

/** Runs in the page: every finding as a string (empty = passes). */
function audit() {
  const findings = [];
  const describe = (e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.trim().split(/\s+/).join('.')}` : ''}${e.dataset?.export ? `[data-export=${e.dataset.export}]` : ''}`;
  const hiddenFromAT = (e) => {
    for (let n = e; n && n.nodeType === 1; n = n.parentElement) {
      if (n.hidden || n.getAttribute('aria-hidden') === 'true' || n.inert) return true;
      const style = getComputedStyle(n);
      if (style.display === 'none' || style.visibility === 'hidden') return true;
    }
    return false;
  };

  // Accessible names (a subset of accname 1.2 that covers what the page uses).
  const nameOf = (e) => {
    const labelledby = e.getAttribute('aria-labelledby');
    if (labelledby) {
      const text = labelledby.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
      if (text) return text;
    }
    const label = e.getAttribute('aria-label')?.trim();
    if (label) return label;
    if (e.labels?.length) {
      const text = [...e.labels].map((l) => l.textContent).join(' ').trim();
      if (text) return text;
    }
    if (['BUTTON', 'A', 'SUMMARY'].includes(e.tagName) || e.getAttribute('role') === 'button') {
      const text = e.textContent.trim();
      if (text) return text;
    }
    return e.getAttribute('title')?.trim() || e.getAttribute('placeholder')?.trim() || '';
  };
  const controls = document.querySelectorAll('button, input:not([type=hidden]), select, textarea, a[href], summary, [role=button], [role=checkbox], [role=tab], [role=switch]');
  for (const control of controls) {
    if (hiddenFromAT(control)) continue;
    if (!nameOf(control)) findings.push(`no accessible name: ${describe(control)}`);
  }
  for (const svg of document.querySelectorAll('svg')) {
    if (hiddenFromAT(svg)) continue;
    const named = svg.querySelector(':scope > title')?.textContent.trim() || svg.getAttribute('aria-label') || svg.getAttribute('aria-labelledby');
    if (!named) findings.push(`svg without a title or aria-hidden: ${describe(svg.parentElement ?? svg)}`);
  }
  for (const img of document.querySelectorAll('img')) {
    if (!hiddenFromAT(img) && !img.hasAttribute('alt')) findings.push(`img without alt: ${img.src.slice(0, 60)}`);
  }

  // Contrast: the text colour against the first opaque background behind it.
  const rgba = (text) => {
    const m = /rgba?\(([^)]+)\)/.exec(text);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a), b: top.b * top.a + bottom.b * (1 - top.a), a: 1,
  });
  const luminance = ({ r, g, b }) => {
    const channel = (c) => {
      const s = c / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const backgroundOf = (e) => {
    const layers = [];
    for (let n = e; n; n = n.parentElement) {
      const style = getComputedStyle(n);
      if (style.backgroundImage !== 'none') return null; // a gradient or image: not judged here
      const color = rgba(style.backgroundColor);
      if (color && color.a > 0) {
        layers.push(color);
        if (color.a >= 1) break;
      }
    }
    let result = { r: 255, g: 255, b: 255, a: 1 }; // the canvas
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const opacityOf = (e) => {
    let opacity = 1;
    for (let n = e; n; n = n.parentElement) opacity *= Number(getComputedStyle(n).opacity);
    return opacity;
  };
  const checked = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const e = node.parentElement;
    if (!node.textContent.trim() || checked.has(e)) continue;
    checked.add(e);
    if (hiddenFromAT(e) || e.closest('button:disabled, [aria-disabled="true"], script, style, noscript')) continue;
    const rect = e.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    const style = getComputedStyle(e);
    const background = backgroundOf(e);
    const color = rgba(style.color);
    if (!background || !color) continue;
    const text = over({ ...color, a: color.a * opacityOf(e) }, background);
    const [l1, l2] = [luminance(text), luminance(background)].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const needed = large ? 3 : 4.5;
    if (ratio < needed) findings.push(`contrast ${ratio.toFixed(2)} < ${needed}: ${describe(e)} "${node.textContent.trim().slice(0, 30)}" (${style.color} on rgb(${Math.round(background.r)}, ${Math.round(background.g)}, ${Math.round(background.b)}))`);
  }
  return { findings, texts: checked.size };
}

test('the first Tab lands on a visible skip link that leads to <main>', async () => {
  const { page } = site;
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => {
    const e = document.activeElement;
    const r = e.getBoundingClientRect();
    return { tag: e.tagName, href: e.getAttribute('href'), text: e.textContent.trim(), visible: r.width > 0 && r.height > 0 && r.top >= 0 };
  });
  assert.deepEqual(skip, { tag: 'A', href: '#kpi-main', text: 'Skip to content', visible: true });
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'kpi-main');
});

test('the language is declared and follows the switch; one h1, one main', async () => {
  const { page } = site;
  for (const lang of ['ru', 'en']) {
    await switchLanguage(page, lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    assert.equal(await page.textContent('.kpi-skip-link'), lang === 'ru' ? 'Перейти к содержимому' : 'Skip to content');
  }
  assert.equal(await page.$$eval('h1', (list) => list.length), 1);
  assert.equal(await page.$$eval('main', (list) => list.length), 1);
});

test('focus is visible on every kind of control', async () => {
  const { page } = site;
  const outlines = await page.evaluate(async () => {
    const result = {};
    for (const selector of ['[data-lang="ru"]', 'kpi-drop-zone button', 'kpi-exports button[data-export="csv"]', '.kpi-skip-link']) {
      const e = document.querySelector(selector);
      result[selector] = null;
      if (!e) continue;
      e.focus({ focusVisible: true });
      const style = getComputedStyle(e);
      result[selector] = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    }
    return result;
  });
  for (const [selector, ok] of Object.entries(outlines)) assert.equal(ok, true, `focus ring on ${selector}`);
});

for (const scheme of ['light', 'dark']) {
  for (const lang of ['en', 'ru']) {
    test(`names, svg titles and text contrast (${scheme}, ${lang})`, async () => {
      const { page } = site;
      await page.emulateMedia({ colorScheme: scheme });
      await switchLanguage(page, lang);
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      const { findings, texts } = await page.evaluate(audit);
      assert.ok(texts > 50, `${texts} text elements were checked`);
      assert.deepEqual(findings, []);
    });
  }
}

test('the audit finds what it should (a control without a name, low contrast, a bare svg)', async () => {
  const { page } = site;
  await page.emulateMedia({ colorScheme: 'light' });
  await page.evaluate(() => {
    const probe = document.createElement('div');
    probe.id = 'a11y-probe';
    const button = document.createElement('button');
    button.type = 'button';
    const faint = document.createElement('span');
    faint.textContent = 'faint text';
    faint.style.color = '#aaaaaa';
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('width', '10');
    svg.setAttribute('height', '10');
    probe.append(button, faint, svg);
    document.body.append(probe);
  });
  let findings;
  try {
    ({ findings } = await page.evaluate(audit));
  } finally {
    await page.evaluate(() => document.getElementById('a11y-probe')?.remove());
  }
  assert.equal(findings.length, 3, findings.join('\n'));
  assert.equal(findings.filter((f) => f === 'no accessible name: button').length, 1, findings.join('\n'));
  // #aaaaaa (luminance 0.402) on the page background #f5f6f8 (0.921): 0.971 / 0.452 = 2.15 < 4.5.
  assert.ok(findings.some((f) => /^contrast 2\.15 < 4\.5: span "faint text"/.test(f)), findings.join('\n'));
  assert.ok(findings.includes('svg without a title or aria-hidden: div#a11y-probe'), findings.join('\n'));
});
