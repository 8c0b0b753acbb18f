/* A map once the reader agreed to load its images (map.js fetches this with Leaflet
   and kim-maps.js, folium's setup of each kind of map): the tiles, the offices'
   markers with their cards, names for the clusters, the keyboard. */
(function () {
  "use strict";

  var K = window.KIM;
  var L_ = K.labels;

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

  /* `finder`: map.js's record of the finder's results; its map shows them from now on. */
  window.kimDrawMap = function (container, focus, settings, finder) {
    var canvas = container.querySelector("[data-map-canvas]");
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
      finder.show = function (list) { showOffices(made, list); };
      if (finder.offices) finder.show(finder.offices);
    } else {
      K.offices().then(function (data) { showOffices(made, data.offices); labelClusters(canvas); });
    }
    keyboard(made, canvas);
    container.setAttribute("data-map-ready", "");
    // After "Show the map" the focus goes to the map, not to the page (the button is gone).
    if (focus) canvas.focus();
  };
})();
