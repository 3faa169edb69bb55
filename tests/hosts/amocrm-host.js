// The test stand-in for an amoCRM page hosting a widget (docs/embedding.md
// §6.1): RequireJS with jQuery and a vendor module, the AMOCRM / APP globals,
// a session cookie, and the widget lifecycle: the system mixes its base object
// (params, system(), get_settings(), i18n(), langs, set_settings()) into the
// widget, loads the locale file, then calls render (twice, as amoCRM may),
// init and bind_actions, then advancedSettings, whose work area appears only
// later. Every callback and its answer goes to window.hostLog.
(function () {
  'use strict';
  var config = window.HOST_CONFIG;
  var code = config.code;
  var path = '/upl/' + code + '/widget';
  var log = (window.hostLog = []);
  document.cookie = 'session_id=' + config.session + '; path=/';

  requirejs.config({ paths: { jquery: '/vendor/jquery/jquery' } });
  define('lib/components/base/modal', [], function () { return function Modal() {}; });
  window.AMOCRM = window.APP = { lang_id: config.lang, constant: function (name) { return name === 'account' ? { subdomain: 'example' } : null; } };

  function call(widget, name, args) {
    var answer = widget.callbacks[name].apply(widget, args || []);
    log.push({ callback: name, answer: answer === undefined ? null : answer });
    document.getElementById('host-log').textContent = log.map(function (e) { return e.callback; }).join(' → ');
    return answer;
  }

  require(['jquery', path + '/script.js'], function ($, Widget) {
    var widget = new Widget();
    var saved = { widget_code: code, active: 'Y' };
    var base = {
      params: { path: path, widget_code: code, version: '0.1.0' },
      system: function () {
        return { area: config.area, amouser_id: 1, amouser: 'admin@example.test', subdomain: 'example', lang: config.lang, domain: location.host };
      },
      get_settings: function () { return saved; },
      set_settings: function (values) { $.extend(saved, values); },
      i18n: function (key) { return widget.langs[key]; },
      langs: null,
    };
    Object.keys(base).forEach(function (key) { if (!(key in widget)) widget[key] = base[key]; });
    if (config.area === 'llist') $('<div class="list__top__actions"></div>').appendTo('#page_holder');
    $.getJSON(path + '/i18n/' + config.lang + '.json').then(function (langs) {
      widget.langs = langs;
      if (call(widget, 'render') !== true) return;
      call(widget, 'render');
      call(widget, 'init');
      call(widget, 'bind_actions');
      if (config.area !== 'settings') return;
      var $modal = $('<div class="widget-settings__modal"></div>').appendTo('#page_holder');
      call(widget, 'settings', [$modal]);
      call(widget, 'advancedSettings');
      setTimeout(function () {
        $('<div/>', { id: 'work-area-' + code, 'class': 'work-area' }).appendTo('#page_holder');
      }, config.lateMs);
      window.hostDisable = function () {
        call(widget, 'onSave', [{ active: 'N', fields: {} }]);
        call(widget, 'destroy');
      };
    });
  });
})();
