/* Runs in <head>, before Material's bundle (overrides/main.html). A file, not an
   inline script: the Content-Security-Policy runs only this site's script files
   and the theme's own inline scripts. */
(function () {
  "use strict";
  var me = document.currentScript;

  // Material fetches the whole search index on every first view (hundreds of KB at
  // NRW scale). Hold that one request back until the reader goes to the search
  // field; the rest of search works as before.
  var X = XMLHttpRequest.prototype, open = X.open, send = X.send, held = [], go = false;
  function start() { if (!go) { go = true; held.forEach(function (f) { f(); }); held = []; } }
  X.open = function (method, url) { this.kimSearch = /search\/search_index\.json$/.test(String(url)); return open.apply(this, arguments); };
  X.send = function () {
    var request = this, args = arguments;
    if (request.kimSearch && !go) { held.push(function () { send.apply(request, args); }); return; }
    return send.apply(request, args);
  };
  document.addEventListener("focusin", function (e) { if (e.target.matches && e.target.matches("[data-md-component=search-query]")) start(); });
  document.addEventListener("change", function (e) { if (e.target.id === "__search") start(); });

  // Material fetches <alternate>/sitemap.xml for every hreflang link to find the
  // same page in another language; static-i18n already links the same page, and
  // those fetches all fail. Crawlers keep the links (they do not run scripts) and
  // the hreflang alternates in sitemap.xml.
  document.querySelectorAll("link[rel=alternate][hreflang]").forEach(function (l) { l.remove(); });

  // Each language has its own search index under its root (generator/search.py):
  // point Material's search there. The base is only used for search here.
  var language = me && me.dataset.language, fallback = me && me.dataset.defaultLanguage;
  var config = document.getElementById("__config");
  if (config && language && language !== fallback) {
    var c = JSON.parse(config.textContent);
    c.base = c.base.replace(/\/?$/, "/" + language + "/");
    config.textContent = JSON.stringify(c);
  }
})();
