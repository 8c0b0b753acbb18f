/* Maps, privacy first: until the reader agrees, a map is a placeholder that names
   the host the map images would come from, and the page makes no request to it.
   The choice is remembered on this device. Leaflet itself comes from this site and
   is loaded only then, with map-leaflet.js, which draws the maps: the page's first
   view fetches only this. Every map has a list of the same offices next to it. */
(function () {
  "use strict";

  var KEY = "kim-map-consent";

  /* The privacy page: withdraw the consent as easily as it was given. */
  var forget = document.querySelector("[data-map-forget]");
  if (forget) {
    var words = JSON.parse(document.getElementById("kim-map-forget").textContent);
    forget.hidden = false;
    forget.querySelector("button").addEventListener("click", function () {
      var stored = null;
      try { stored = localStorage.getItem(KEY); localStorage.removeItem(KEY); } catch (e) { /* nothing stored */ }
      forget.querySelector("[data-map-forgotten]").textContent = stored ? words.done : words.none;
    });
  }

  var containers = document.querySelectorAll("[data-map]");
  var settingsElement = document.getElementById("kim-map-settings");
  if (!containers.length || !settingsElement) return;
  var settings = JSON.parse(settingsElement.textContent);
  var K = window.KIM;
  var L_ = K.labels;
  var host = new URL(settings.tiles.replace(/\{s\}/, "a").replace(/\{[a-z]\}/g, "0"), location.href).hostname;
  var me = document.currentScript;

  function agreed() {
    if (!settings.consent) return true;
    try { return localStorage.getItem(KEY) === host; } catch (e) { return false; }
  }
  function remember() {
    try { localStorage.setItem(KEY, host); } catch (e) { /* private mode: ask again next time */ }
  }

  /* Leaflet, its cluster plugin, the maps' setups (kim-maps.js) and map-leaflet.js,
     fetched once, when the first map is shown. */
  var loading = null;
  function load() {
    function add(tag, attributes) {
      return new Promise(function (resolve, reject) {
        var node = document.createElement(tag);
        Object.keys(attributes).forEach(function (name) { node[name] = attributes[name]; });
        node.onload = resolve;
        node.onerror = reject;
        document.head.appendChild(node);
      });
    }
    var base = settings.assets;
    loading = loading || Promise.all([
      add("link", { rel: "stylesheet", href: base + "leaflet.css" }),
      add("link", { rel: "stylesheet", href: base + "MarkerCluster.css" }),
      add("link", { rel: "stylesheet", href: base + "MarkerCluster.Default.css" }),
      // In this order: an added script runs as soon as it is there, and the later ones use Leaflet.
      add("script", { src: base + "leaflet.js" })
        .then(function () { return add("script", { src: base + "markercluster.js" }); })
        .then(function () {
          return Promise.all([
            add("script", { src: new URL("kim-maps.js", me.src).href }),
            add("script", { src: new URL("map-leaflet.js", me.src).href })
          ]);
        })
    ]);
    return loading;
  }

  /* The finder calls this after each filtering: its map follows the results (once
     drawn, map-leaflet.js sets `show`). Its first results may have come before this
     script (finder.js, window.kimFound). */
  var finder = { offices: window.kimFound || null, show: null };
  window.kimShowOnMap = function (list) {
    finder.offices = list;
    if (finder.show) finder.show(list);
  };

  function start(container, focus) {
    container.querySelector("[data-map-placeholder]").hidden = true;
    container.querySelector("[data-map-canvas]").hidden = false;
    load().then(function () { window.kimDrawMap(container, focus, settings, finder); });
  }

  containers.forEach(function (container) {
    var placeholder = container.querySelector("[data-map-placeholder]");
    var words = container.getAttribute("data-map-kind") === "office" ? L_.mapConsentOffice : L_.mapConsent;
    placeholder.querySelector("[data-map-host]").textContent = K.fill(words, { host: host });
    if (agreed()) {
      start(container);
      return;
    }
    placeholder.hidden = false;
    container.querySelector("[data-map-consent]").addEventListener("click", function () {
      remember();
      containers.forEach(function (each) { start(each, each === container); });
    });
  });
})();
