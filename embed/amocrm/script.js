// KPI Lens widget for amoCRM / Kommo: the AMD module amoCRM loads with
// RequireJS (docs/embedding.md). It is a thin loader: the face itself is the
// ES module app.mjs beside it, which reads the account's data through
// /api/v4 with the user's own session and computes the KPIs in this browser
// with the WebAssembly engine (engine/). Nothing is sent anywhere else.
//
// A private widget cannot add a left-menu page, so the board lives on the
// widget's advanced-settings page (#work-area-<code>); the leads list gets a
// button that opens it. Written unminified, as amoCRM's moderation requires.
define(['jquery', 'module'], function ($, module) {
  'use strict';

  var CustomWidget = function () {
    var self = this;
    var app = null; // the mounted face: {destroy(), element}
    var pending = null; // the timer of a container we still wait for
    var MOUNT_TRIES = 100; // x 100 ms: the work area may appear after the callback

    function widgetCode() {
      var settings = self.get_settings() || {};
      return settings.widget_code || 'kpi_lens';
    }

    // Where the widget's files are served from: amoCRM gives params.path; else
    // the folder of this script as RequireJS loaded it.
    function baseUrl() {
      var path = self.params && self.params.path;
      if (path) return String(path).replace(/\/?$/, '/');
      return String(module.uri || '').replace(/[^/]*$/, '');
    }

    function language() {
      var system = self.system() || {};
      var lang = system.lang || document.documentElement.lang || 'ru';
      return String(lang).slice(0, 2) === 'ru' ? 'ru' : 'en';
    }

    function stopWaiting() {
      if (pending !== null) {
        clearTimeout(pending);
        pending = null;
      }
    }

    // Mounts the face into the first match of `selector`, waiting for it when it
    // is not there yet; a second call while mounted (render and
    // advancedSettings can both run, render more than once) does nothing.
    function mountInto(selector, tries) {
      stopWaiting();
      var $area = $(selector);
      if ($area.length === 0) {
        if (tries > 0) {
          pending = setTimeout(function () { mountInto(selector, tries - 1); }, 100);
        }
        return;
      }
      var area = $area.get(0);
      if (app && area.contains(app.element)) return;
      if (area.getAttribute('data-kpi-lens-mounting') === '1') return;
      area.setAttribute('data-kpi-lens-mounting', '1');
      var base = baseUrl();
      Promise.all([import(base + 'app.mjs'), import(base + 'crm/amocrm-api.mjs')]).then(function (modules) {
        area.removeAttribute('data-kpi-lens-mounting');
        if (app) app.destroy();
        var client = modules[1].createAmoClient({ baseUrl: window.location.origin });
        app = modules[0].mountApp(area, { client: client, lang: language(), origin: window.location.host });
      }).catch(function (error) {
        area.removeAttribute('data-kpi-lens-mounting');
        $area.text(self.i18n('advanced').load_error + ' ' + (error && error.message ? error.message : error));
      });
    }

    // The leads list: one button that opens the board on the advanced-settings page.
    function addListButton() {
      var id = 'kpi-lens-open-' + widgetCode();
      if (document.getElementById(id)) return;
      var $button = $('<a/>', {
        id: id,
        href: '/settings/widgets/' + encodeURIComponent(widgetCode()) + '/',
        text: self.i18n('list').open,
        'class': 'button-input kpi-lens-open',
      });
      $('.list__top__actions, #list_page_holder .list-top-nav').first().append($button);
    }

    this.callbacks = {
      render: function () {
        var area = (self.system() || {}).area;
        if (area === 'llist') addListButton();
        return true;
      },
      init: function () {
        return true;
      },
      bind_actions: function () {
        return true;
      },
      settings: function ($modal_body) {
        var $note = $('<p/>', { 'class': 'kpi-lens-settings-note', text: self.i18n('settings').privacy });
        if ($modal_body && $modal_body.find('.kpi-lens-settings-note').length === 0) $modal_body.append($note);
        return true;
      },
      onSave: function () {
        return true;
      },
      destroy: function () {
        stopWaiting();
        if (app) {
          app.destroy();
          app = null;
        }
      },
      advancedSettings: function () {
        mountInto('#work-area-' + widgetCode(), MOUNT_TRIES);
        return true;
      },
    };
    return this;
  };

  return CustomWidget;
});
