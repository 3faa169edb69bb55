// The Bitrix24 app's page: once the portal has handed over the frame's data
// (BX24.init), reads the deals and their history through the portal's REST API
// with the current user's token and shows the board (app.mjs).
import { mountApp } from './app.mjs';
import { createBitrixClient } from './crm/bitrix24-api.mjs';

const BX24 = globalThis.BX24;

BX24.init(() => {
  const auth = BX24.getAuth();
  const lang = String(BX24.getLang()).slice(0, 2) === 'ru' ? 'ru' : 'en';
  document.documentElement.lang = lang;
  // The token expires after an hour: the client asks the portal for a fresh one when told so.
  const refreshAuth = () => new Promise((resolve) => BX24.refreshAuth((fresh) => resolve(fresh?.access_token)));
  const client = createBitrixClient({ domain: auth.domain, auth: auth.access_token, protocol: BX24.isHttps() ? 'https' : 'http', refreshAuth });
  const container = document.getElementById('kpi-lens-app');
  mountApp(container, { client, lang, origin: auth.domain });
  // The portal sizes the frame: follow the content's height.
  let last = 0;
  new ResizeObserver(() => {
    const height = Math.ceil(document.documentElement.scrollHeight);
    if (height !== last) { last = height; BX24.resizeWindow('100%', height); }
  }).observe(document.body);
});
