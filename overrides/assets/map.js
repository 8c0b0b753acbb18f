/* Maps, privacy first: until the reader agrees, a map is a placeholder that names
   the host the map images would come from, and the page makes no request to it.
   The choice is remembered on this device. Leaflet itself comes from this site and
   is loaded only then. Every map has a list of the same offices next to it. */
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
  var finderMap = null;
  var finderOffices = null;

  function agreed() {
    if (!settings.consent) return true;
    try { return localStorage.getItem(KEY) === host; } catch (e) { return false; }
  }
  function remember() {
    try { localStorage.setItem(KEY, host); } catch (e) { /* private mode: ask again next time */ }
  }

  var leaflet = null;
  function loadLeaflet() {
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
    leaflet = leaflet || Promise.all([
      add("link", { rel: "stylesheet", href: base + "leaflet.css" }),
      add("link", { rel: "stylesheet", href: base + "MarkerCluster.css" }),
      add("link", { rel: "stylesheet", href: base + "MarkerCluster.Default.css" }),
      add("script", { src: base + "leaflet.js" }).then(function () { return add("script", { src: base + "markercluster.js" }); })
    ]);
    return leaflet;
  }

  /* The office's card (K.card), under the name of the place where the marker is. */
  function popup(o, place) {
    var box = K.el("div", "kim-popup");
    box.dir = document.body.dir;
    if (place) box.appendChild(K.el("p", "kim-popup__place", L_.placeOf + " ")).appendChild(K.el("bdi", "", place.name));
    box.appendChild(K.el("ul", "kim-cards")).appendChild(K.card(o.card, o));
    return box;
  }

  function marker(lat, lon, name) {
    return window.L.marker([lat, lon], { title: name, alt: name, keyboard: true });
  }

  /* Cluster icons are numbers in a box: give them a name and a role for screen readers. */
  function labelClusters(container) {
    container.querySelectorAll(".marker-cluster").forEach(function (icon) {
      var n = parseInt(icon.textContent, 10);
      icon.setAttribute("role", "button");
      icon.setAttribute("aria-label", K.countText(n) + " – " + L_.zoomToCluster);
      icon.title = K.countText(n);
    });
  }

  /* One marker per place: the office's address and its further consultation places. */
  function showOffices(made, list) {
    made.cluster.clearLayers();
    var markers = [];
    list.forEach(function (o) {
      if (typeof o.lat === "number") markers.push(marker(o.lat, o.lon, o.card.name.text).bindPopup(function () { return popup(o); }));
      o.places.forEach(function (p) {
        if (typeof p.lat !== "number") return;
        var name = p.name + " – " + o.card.name.text;
        markers.push(marker(p.lat, p.lon, name).bindPopup(function () { return popup(o, p); }));
      });
    });
    made.cluster.addLayers(markers);
    if (markers.length) made.map.fitBounds(made.cluster.getBounds(), { padding: [30, 30], maxZoom: 14 });
  }

  /* The keyboard on a map: Enter and Space press a marker (its popup) or a cluster (it
     zooms in or spreads out; Leaflet itself answers neither on a cluster, and only
     Enter on a marker); the map keeps the focus while a pressed cluster's icon goes.
     Escape closes a popup and returns to its marker (Leaflet's own Escape works only
     while the map itself has the focus). */
  function keyboard(made, canvas) {
    var source = null;
    made.map.on("popupopen", function (event) { source = event.popup._source || null; });
    made.map.on("popupclose", function () { source = null; });
    canvas.addEventListener("keydown", function (event) {
      var icon = event.target.closest(".leaflet-marker-icon");
      if (icon && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        icon.click();
        if (icon.classList.contains("marker-cluster")) canvas.focus();
      } else if (event.key === "Escape" && source) {
        event.preventDefault();
        var marker = source;
        made.map.closePopup();
        if (marker._icon) marker._icon.focus();
        else canvas.focus();
      }
    });
  }

  function start(container, focus) {
    var canvas = container.querySelector("[data-map-canvas]");
    container.querySelector("[data-map-placeholder]").hidden = true;
    canvas.hidden = false;
    loadLeaflet().then(function () {
      var made = window.kimMapSetup[container.getAttribute("data-map")]();
      window.L.tileLayer(settings.tiles, {
        attribution: settings.attribution,
        maxZoom: 19,
        // OpenStreetMap's tile policy asks for a referrer: send the site's origin.
        referrerPolicy: "strict-origin-when-cross-origin"
      }).addTo(made.map);
      window.L.control.zoom({ zoomInTitle: L_.zoomIn, zoomOutTitle: L_.zoomOut }).addTo(made.map);
      made.map.attributionControl.setPrefix(false);
      made.map.on("zoomend moveend layeradd", function () { labelClusters(canvas); });
      made.cluster.on("animationend", function () { labelClusters(canvas); });
      var kind = container.getAttribute("data-map-kind");
      if (kind === "office") {
        // [[lat, lon, name], ...]: the office, then its further consultation places.
        var points = JSON.parse(container.getAttribute("data-points"));
        points.forEach(function (p) { made.cluster.addLayer(marker(p[0], p[1], p[2])); });
        if (points.length > 1) made.map.fitBounds(points.map(function (p) { return [p[0], p[1]]; }), { padding: [30, 30], maxZoom: 15 });
        else made.map.setView([points[0][0], points[0][1]], 15);
      } else if (kind === "finder") {
        finderMap = made;
        if (finderOffices) showOffices(made, finderOffices);
      } else {
        K.offices().then(function (data) { showOffices(made, data.offices); labelClusters(canvas); });
      }
      keyboard(made, canvas);
      container.setAttribute("data-map-ready", "");
      // After "Show the map" the focus goes to the map, not to the page (the button is gone).
      if (focus) canvas.focus();
    });
  }

  /* The finder calls this after each filtering: its map follows the results. */
  window.kimShowOnMap = function (list) {
    finderOffices = list;
    if (finderMap) showOffices(finderMap, list);
  };

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
