// The test stand-in for the Bitrix24 page that opens a local app
// (docs/embedding.md §2.3, §6.2): a hidden form POSTs the call data into an
// iframe (query DOMAIN, PROTOCOL, LANG, APP_SID; body AUTH_ID, AUTH_EXPIRES,
// REFRESH_ID, member_id, status, PLACEMENT, PLACEMENT_OPTIONS), named
// "<host>|<0/1>|<APP_SID>", not sandboxed; install.html until the app calls
// setInstallFinish, index.html after. It answers the frame's messages
// "<command>:<JSON>:<callback>:<APP_SID>" with "<callback>:<JSON>", from the
// frame's origin only: getInitData, setInstallFinish, refreshAuth, resizeWindow.
(function () {
  'use strict';
  var config = window.HOST_CONFIG;
  var sid = 'sid' + Math.random().toString(16).slice(2, 10);
  var installed = !!config.installed;
  var log = (window.hostLog = []);
  var holder = document.getElementById('frame-holder');
  var frame = document.createElement('iframe');
  frame.name = location.host + '|0|' + sid;
  frame.setAttribute('allow', 'geolocation *; microphone *; camera *; autoplay *;');
  holder.appendChild(frame);

  function open() {
    var form = document.createElement('form');
    form.method = 'POST';
    form.target = frame.name;
    form.action = config.appPath + (installed ? 'index.html' : 'install.html') + '?' + new URLSearchParams({
      DOMAIN: location.host, PROTOCOL: '0', LANG: config.lang, APP_SID: sid,
    });
    var fields = { AUTH_ID: config.auth, AUTH_EXPIRES: '3600', REFRESH_ID: 'refresh-test', member_id: 'member-test', status: 'L',
      PLACEMENT: 'DEFAULT', PLACEMENT_OPTIONS: '{}' };
    Object.keys(fields).forEach(function (name) {
      var input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = fields[name];
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
    form.remove();
  }

  var handlers = {
    getInitData: function () {
      return { DOMAIN: location.host, PROTOCOL: 0, LANG: config.lang, PATH: config.appPath, AUTH_ID: config.auth, AUTH_EXPIRES: 3600,
        REFRESH_ID: 'refresh-test', MEMBER_ID: 'member-test', IS_ADMIN: true, INSTALL: !installed, FIRST_RUN: false,
        PLACEMENT: 'DEFAULT', PLACEMENT_OPTIONS: {} };
    },
    refreshAuth: function () {
      config.auth = config.freshAuth || config.auth;
      return { AUTH_ID: config.auth, REFRESH_ID: 'refresh-test-2', AUTH_EXPIRES: 3600 };
    },
    setInstallFinish: function () {
      installed = true;
      setTimeout(open, 0);
      return {};
    },
    resizeWindow: function (params) {
      frame.style.height = Math.max(200, Number(params.height) || 0) + 'px';
      return {};
    },
  };

  window.addEventListener('message', function (event) {
    if (event.source !== frame.contentWindow || event.origin !== location.origin || typeof event.data !== 'string') return;
    var text = event.data;
    var first = text.indexOf(':');
    var last = text.lastIndexOf(':');
    var prev = text.lastIndexOf(':', last - 1);
    if (first < 0 || prev < first) return;
    var command = text.slice(0, first);
    var params = text.slice(first + 1, prev);
    var callback = text.slice(prev + 1, last);
    if (text.slice(last + 1) !== sid || !handlers[command]) return;
    log.push(command);
    document.getElementById('host-log').textContent = log.join(' → ');
    var answer = handlers[command](params ? JSON.parse(params) : null);
    if (callback) frame.contentWindow.postMessage(callback + ':' + JSON.stringify(answer), location.origin);
  });

  open();
})();
