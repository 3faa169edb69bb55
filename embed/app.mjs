// The face KPI Lens shows inside a CRM (the amoCRM/Kommo widget and the
// Bitrix24 app): a Load button, a progress line with Cancel, and the board.
// The data is read page by page through the CRM's API (crm/*-api.mjs) in this
// browser, straight into the engine (engine/kpi-engine.mjs); nothing is sent
// anywhere but the CRM's own API.
//
//   import { mountApp } from './app.mjs';
//   mountApp(container, { lang: 'ru', client, crm: 'amocrm' });

import { createEngine } from './engine/kpi-engine.mjs';
import { message } from './engine/messages.mjs';
import './kpi-lens-board.mjs';

const STRINGS = {
  ru: {
    title: 'KPI Lens — показатели менеджеров',
    privacy: (origin) => `Данные читаются из ${origin} через API и считаются в этом браузере; никуда больше они не отправляются.`,
    load: 'Загрузить данные', reload: 'Обновить', cancel: 'Отмена',
    progress: (p) => `${LISTS.ru[p.list] ?? p.list}: ${p.pages} стр., ${p.rows} записей (запросов: ${p.requests})`,
    waiting: (s) => ` — CRM просит подождать (HTTP ${s.status}), ждём ${(s.ms / 1000).toFixed(1)} с`,
    computing: 'Считаем показатели…', cancelled: 'Загрузка отменена.',
    ready: (rows) => `Готово: прочитано ${rows} записей.`,
    failed: (m) => `Не удалось загрузить данные: ${m}`,
    skipped: (n) => ` Не прочитано страниц: ${n}.`,
    settings: 'Настройки показателей',
    settingsHelp: 'Нормы, период, часовой пояс и стадии — файл настроек, сохранённый на странице KPI Lens (Настройки → «Экспорт JSON», kpi-lens-settings.json). Они хранятся в этом браузере для этого аккаунта.',
    settingsFile: 'Загрузить файл настроек', settingsReset: 'Сбросить к стандартным',
    settingsDefaults: 'Действуют стандартные настройки.', settingsSaved: 'Действуют сохранённые настройки.',
    settingsApplied: (name) => `Настройки из «${name}» применены и сохранены.`,
    settingsBad: (name) => `Настройки из «${name}» не применены, действуют прежние:`,
    settingsNotJson: 'это не JSON-документ',
    settingsSavedBad: 'Сохранённые настройки больше не подходят, действуют стандартные:',
    errors: {
      UNAUTHORIZED: 'нет доступа: войдите в CRM заново.', EXPIRED_TOKEN: 'сеанс или токен истёк: откройте страницу заново.',
      PAID_PLAN_REQUIRED: 'REST API Битрикс24 работает только на коммерческих тарифах (с подпиской Маркет, пробным периодом или NFR-ключом). На бесплатном тарифе выгрузите сделки в файл.',
      FORBIDDEN: 'недостаточно прав для чтения сделок.', RATE_LIMITED: 'CRM слишком долго ограничивает запросы; попробуйте позже.',
      NETWORK: 'нет связи с CRM.',
    },
  },
  en: {
    title: 'KPI Lens — manager KPIs',
    privacy: (origin) => `The data is read from ${origin} through its API and computed in this browser; it is sent nowhere else.`,
    load: 'Load data', reload: 'Reload', cancel: 'Cancel',
    progress: (p) => `${LISTS.en[p.list] ?? p.list}: ${p.pages} page${p.pages === 1 ? '' : 's'}, ${p.rows} record${p.rows === 1 ? '' : 's'} (${p.requests} requests)`,
    waiting: (s) => ` — the CRM asks to slow down (HTTP ${s.status}), waiting ${(s.ms / 1000).toFixed(1)} s`,
    computing: 'Computing the KPIs…', cancelled: 'Loading cancelled.',
    ready: (rows) => `Done: ${rows} records read.`,
    failed: (m) => `The data could not be loaded: ${m}`,
    skipped: (n) => ` Pages not read: ${n}.`,
    settings: 'KPI settings',
    settingsHelp: 'Norms, period, time zone and stages: a settings file saved from the KPI Lens page (Settings → “Export JSON”, kpi-lens-settings.json). They are kept in this browser for this account.',
    settingsFile: 'Load a settings file', settingsReset: 'Reset to the defaults',
    settingsDefaults: 'The default settings are in force.', settingsSaved: 'The saved settings are in force.',
    settingsApplied: (name) => `The settings from "${name}" are applied and saved.`,
    settingsBad: (name) => `The settings from "${name}" were not applied; the previous ones stay:`,
    settingsNotJson: 'not a JSON document',
    settingsSavedBad: 'The saved settings are no longer valid; the defaults are in force:',
    errors: {
      UNAUTHORIZED: 'not authorised: log in to the CRM again.', EXPIRED_TOKEN: 'the session or token has expired: reopen the page.',
      PAID_PLAN_REQUIRED: 'the Bitrix24 REST API works only on commercial plans (with a Market subscription, a trial or an NFR key). On the free plan, export the deals to a file.',
      FORBIDDEN: 'not enough rights to read the deals.', RATE_LIMITED: 'the CRM keeps throttling the requests; try again later.',
      NETWORK: 'the CRM cannot be reached.',
    },
  },
};

const LISTS = {
  ru: { pipelines: 'Воронки', users: 'Пользователи', loss_reasons: 'Причины отказа', leads: 'Сделки', events: 'События',
    tasks: 'Задачи', notes: 'Примечания', 'crm.status.list': 'Стадии', 'crm.category.list': 'Воронки', 'user.get': 'Пользователи',
    'crm.deal.list': 'Сделки', 'crm.stagehistory.list': 'История стадий', 'crm.activity.list': 'Дела', 'tasks.task.list': 'Задачи' },
  en: { pipelines: 'Pipelines', users: 'Users', loss_reasons: 'Loss reasons', leads: 'Deals', events: 'Events', tasks: 'Tasks',
    notes: 'Notes', 'crm.status.list': 'Stages', 'crm.category.list': 'Pipelines', 'user.get': 'Users', 'crm.deal.list': 'Deals',
    'crm.stagehistory.list': 'Stage history', 'crm.activity.list': 'Activities', 'tasks.task.list': 'Tasks' },
};

// The face's own sheet (app.css), linked rather than inlined: a CRM page whose CSP
// allows styles from its own origin only would refuse a <style> element.
const STYLESHEET = new URL('./app.css', import.meta.url).href;

/**
 * Where the face keeps the settings document: this browser's localStorage, one
 * key per CRM account (its host), so two accounts in one browser keep their own.
 * {load() -> doc | null, save(doc), remove()}; storage may be disabled (then nothing is kept).
 */
export function localSettingsStore(account, storage = globalThis.localStorage) {
  const key = `kpi-lens.embed.settings.${account}`;
  return {
    load() {
      try { return JSON.parse(storage?.getItem(key) ?? 'null'); } catch { return null; }
    },
    save(doc) { try { storage?.setItem(key, JSON.stringify(doc)); } catch { /* full or disabled: not kept */ } },
    remove() { try { storage?.removeItem(key); } catch { /* disabled */ } },
  };
}

/**
 * Builds the face into `container` (its content is replaced) and returns
 * {load(), cancel(), destroy(), element}. `client` is an AmoClient or
 * BitrixClient; `origin` names the CRM in the privacy line. The root element
 * carries data-kpi-state: idle, loading, ready, cancelled or error.
 */
export function mountApp(container, { client, lang = 'ru', origin = '', autoload = false, engineOptions = {}, store = localSettingsStore(origin) }) {
  const t = STRINGS[lang] ?? STRINGS.en;
  const doc = container.ownerDocument;
  // A shadow root keeps the CRM page's CSS out and ours in.
  const host = doc.createElement('div');
  host.className = 'kpi-lens-embed-host';
  const shadow = host.attachShadow({ mode: 'open' });
  const style = Object.assign(doc.createElement('link'), { rel: 'stylesheet', href: STYLESHEET });
  const root = doc.createElement('section');
  root.className = 'kpi-embed';
  root.setAttribute('lang', lang);
  root.dataset.kpiState = 'idle';
  root.innerHTML = '<h2></h2><p class="kpi-embed-privacy"></p><div class="kpi-embed-actions"><button type="button" data-action="load"></button>'
    + '<button type="button" data-action="cancel" hidden></button></div><p class="kpi-embed-status" role="status" aria-live="polite"></p>'
    + '<details class="kpi-embed-settings"><summary></summary><div class="kpi-embed-settings-body"><p></p>'
    + '<label><span></span> <input type="file" accept=".json,application/json" data-action="settings-file"></label>'
    + '<button type="button" data-action="settings-reset"></button>'
    + '<div class="kpi-embed-settings-status" role="status" aria-live="polite"></div></div></details><div class="kpi-embed-board"></div>';
  root.querySelector('h2').textContent = t.title;
  root.querySelector('.kpi-embed-privacy').textContent = t.privacy(origin);
  const loadButton = root.querySelector('[data-action=load]');
  const cancelButton = root.querySelector('[data-action=cancel]');
  const status = root.querySelector('.kpi-embed-status');
  const board = root.querySelector('.kpi-embed-board');
  loadButton.textContent = t.load;
  cancelButton.textContent = t.cancel;
  root.querySelector('.kpi-embed-settings summary').textContent = t.settings;
  root.querySelector('.kpi-embed-settings-body p').textContent = t.settingsHelp;
  root.querySelector('.kpi-embed-settings label span').textContent = t.settingsFile;
  const settingsFile = root.querySelector('[data-action=settings-file]');
  const settingsReset = root.querySelector('[data-action=settings-reset]');
  const settingsStatus = root.querySelector('.kpi-embed-settings-status');
  settingsReset.textContent = t.settingsReset;
  shadow.append(style, root);
  container.replaceChildren(host);
  host.dataset.kpiState = 'idle';

  let enginePromise = null;
  let controller = null;
  let shown = null; // the <kpi-lens-board> once data is loaded
  const setState = (s) => { root.dataset.kpiState = s; host.dataset.kpiState = s; };

  // ---- Settings: the saved document goes to the engine before the first report; the
  // engine checks it (the face checks nothing) and names each bad field.
  const settingsState = (which, text, errors = []) => {
    host.dataset.kpiSettings = which;
    settingsStatus.replaceChildren(text);
    if (errors.length) {
      const list = doc.createElement('ul');
      for (const e of errors) {
        const item = doc.createElement('li');
        item.dataset.path = e.path ?? '';
        item.textContent = `${e.path ? `${e.path}: ` : ''}${e.rule ? message(e.rule, e.params ?? {}, lang) : e.message}`;
        list.append(item);
      }
      settingsStatus.append(list);
    }
  };
  const engineReady = () => {
    enginePromise ??= createEngine(engineOptions).then((engine) => {
      const saved = store.load();
      if (saved) {
        try {
          engine.setSettings(saved);
          settingsState('saved', t.settingsSaved);
        } catch (e) {
          store.remove(); // saved by an older version and no longer valid: the defaults, said so
          settingsState('defaults', t.settingsSavedBad, e.errors?.length ? e.errors : [e]);
        }
      } else settingsState('defaults', t.settingsDefaults);
      return engine;
    });
    return enginePromise;
  };
  settingsState(store.load() ? 'saved' : 'defaults', store.load() ? t.settingsSaved : t.settingsDefaults);

  /** Applies a whole settings document (null: the defaults); the board follows, re-reading the CRM if the time zone changed. */
  async function applySettings(settingsDoc, name) {
    const engine = await engineReady();
    const zone = engine.settings().tz;
    try {
      engine.setSettings(settingsDoc ?? {});
    } catch (e) {
      settingsState(host.dataset.kpiSettings, t.settingsBad(name), e.errors?.length ? e.errors : [e]);
      return;
    }
    if (settingsDoc) {
      store.save(settingsDoc);
      settingsState('saved', t.settingsApplied(name));
    } else {
      store.remove();
      settingsState('defaults', t.settingsDefaults);
    }
    if (!shown) return;
    if (engine.settings().tz !== zone) await load(); // times are read in the zone: the pages are read again
    else shown.report = engine.report();
  }

  settingsFile.addEventListener('change', async () => {
    const file = settingsFile.files?.[0];
    if (!file) return;
    settingsFile.value = '';
    let parsed;
    try {
      parsed = JSON.parse(await file.text());
    } catch {
      settingsState(host.dataset.kpiSettings, t.settingsBad(file.name), [{ message: t.settingsNotJson }]);
      return;
    }
    await applySettings(parsed, file.name);
  });
  settingsReset.addEventListener('click', () => applySettings(null));

  async function load() {
    if (controller) return;
    controller = new AbortController();
    const { signal } = controller;
    setState('loading');
    loadButton.hidden = true;
    cancelButton.hidden = false;
    status.textContent = '';
    let rows = 0;
    let unread = 0;
    try {
      settingsFile.disabled = true;
      settingsReset.disabled = true;
      const engine = await engineReady();
      engine.clear();
      const combined = new Map();
      const encoder = new TextEncoder();
      const add = async (name, doc) => {
        const summary = await engine.addFile(name, encoder.encode(JSON.stringify(doc)), { signal });
        if (!summary.ok) unread += 1;
      };
      await client.fetchPages({
        signal,
        onProgress: (p) => { status.textContent = t.progress(p) + (p.waiting ? t.waiting(p.waiting) : ''); },
        onPage: async ({ list, index, page, rows: n, combine }) => {
          rows += n;
          if (combine) { combined.set(list, [...(combined.get(list) ?? []), page]); return; }
          await add(`${list}_${String(index).padStart(4, '0')}.json`, page);
        },
      });
      for (const [list, pages] of combined) await add(`${list}.json`, pages);
      status.textContent = t.computing;
      const element = doc.createElement('kpi-lens-board');
      element.setAttribute('lang', lang);
      element.report = engine.report();
      element.drillSource = (query) => engine.drill(query);
      board.replaceChildren(element);
      shown = element;
      status.textContent = t.ready(rows) + (unread ? t.skipped(unread) : '');
      setState('ready');
      loadButton.textContent = t.reload;
    } catch (e) {
      if (e?.code === 'ABORTED' || signal.aborted) {
        status.textContent = t.cancelled;
        setState('cancelled');
      } else {
        status.textContent = t.failed(t.errors[e?.code] ?? e?.message ?? String(e));
        status.dataset.error = e?.code ?? 'ERROR';
        setState('error');
      }
      (await enginePromise?.catch(() => null))?.clear();
      shown = null;
      board.replaceChildren();
    } finally {
      settingsFile.disabled = false;
      settingsReset.disabled = false;
      controller = null;
      loadButton.hidden = false;
      cancelButton.hidden = true;
    }
  }

  const cancel = () => controller?.abort();
  loadButton.addEventListener('click', load);
  cancelButton.addEventListener('click', cancel);
  if (autoload) load();
  return {
    element: host, load, cancel,
    destroy() { cancel(); host.remove(); },
  };
}
