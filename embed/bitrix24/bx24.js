// A small stand-in for Bitrix24's BX24.js (the part this app uses), shipped
// inside the app so that the app loads nothing from outside the portal. It
// speaks the frame protocol the parent Bitrix24 page answers (docs/embedding.md
// §2.3): messages "<command>:<JSON params>:<callback id>:<APP_SID>" posted to
// the portal's origin, replies "<callback id>:<JSON>" accepted from that origin
// only. The portal, protocol and APP_SID come from the frame's address
// (DOMAIN, PROTOCOL, APP_SID), else from its name "<host>|<0/1>|<APP_SID>".
// The official BX24.js can replace this file: the app calls only BX24.init,
// getAuth, isHttps, getLang, installFinish, refreshAuth and resizeWindow.
(function () {
  'use strict';
  var query = new URLSearchParams(window.location.search);
  var nameParts = String(window.name || '').split('|');
  var domain = query.get('DOMAIN') || nameParts[0] || '';
  var secure = (query.get('PROTOCOL') || nameParts[1] || '1') === '1';
  var sid = query.get('APP_SID') || nameParts[2] || '';
  var parentOrigin = (secure ? 'https://' : 'http://') + domain;
  var callbacks = {};
  var sequence = 0;
  var initData = null;
  var waiting = [];

  function send(command, params, callback) {
    var id = '';
    if (callback) {
      sequence += 1;
      id = 'kpi' + sequence;
      callbacks[id] = callback;
    }
    var body = params === undefined || params === null ? '' : JSON.stringify(params);
    window.parent.postMessage(command + ':' + body + ':' + id + ':' + sid, parentOrigin);
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== parentOrigin || typeof event.data !== 'string') return;
    var cut = event.data.indexOf(':');
    if (cut < 0) return;
    var id = event.data.slice(0, cut);
    var callback = callbacks[id];
    if (!callback) return;
    delete callbacks[id];
    var json = event.data.slice(cut + 1);
    var value;
    try {
      value = json ? JSON.parse(json) : undefined;
    } catch (e) {
      value = json;
    }
    callback(value);
  });

  send('getInitData', null, function (data) {
    initData = data || {};
    var queued = waiting;
    waiting = null;
    for (var i = 0; i < queued.length; i += 1) queued[i]();
  });

  window.BX24 = {
    init: function (callback) {
      if (waiting) waiting.push(callback);
      else callback();
    },
    getAuth: function () {
      if (!initData) return false;
      return {
        access_token: initData.AUTH_ID,
        refresh_token: initData.REFRESH_ID,
        expires_in: initData.AUTH_EXPIRES,
        domain: initData.DOMAIN || domain,
        member_id: initData.MEMBER_ID,
      };
    },
    getDomain: function () { return (initData && initData.DOMAIN) || domain; },
    isHttps: function () { return initData ? String(initData.PROTOCOL) === '1' : secure; },
    getLang: function () { return (initData && initData.LANG) || query.get('LANG') || 'en'; },
    isAdmin: function () { return !!(initData && initData.IS_ADMIN); },
    isInstall: function () { return !!(initData && initData.INSTALL); },
    installFinish: function () { send('setInstallFinish', {}); },
    refreshAuth: function (callback) {
      send('refreshAuth', {}, function (data) {
        if (data && data.AUTH_ID) {
          initData.AUTH_ID = data.AUTH_ID;
          initData.REFRESH_ID = data.REFRESH_ID;
          initData.AUTH_EXPIRES = data.AUTH_EXPIRES;
        }
        callback(window.BX24.getAuth());
      });
    },
    resizeWindow: function (width, height, callback) { send('resizeWindow', { width: width, height: height }, callback || function () {}); },
  };
})();
