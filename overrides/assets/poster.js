/* The language poster (poster/?municipality=<id>): a QR code per language to the finder
   filtered to it (and to the place chosen), drawn with qr.js; the languages of the
   offices for that place alone; smaller until it fits on one A4 page.
   The page comes from generator/rendering/templates/poster.md.j2. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("kim-poster-config").textContent);
  var form = document.querySelector("[data-poster-form]");
  var sheet = document.querySelector("[data-poster-sheet]");
  var placeChoice = form.querySelector("[name=municipality]");
  // The printable area of an A4 page (kim.css: @page margin 10 mm) less the line below.

  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : null; }

  // The address the family scans: the published site's where it is set, else this one's.
  function absolute(path) {
    return new URL(path, config.siteUrl || new URL(config.root, location.href)).href;
  }

  function fit() {
    window.kimFitToPage(sheet, "poster", 0.05);
  }

  function show() {
    var place = placeChoice.value, codes = place ? own(config.places, place) || [] : null;
    sheet.querySelectorAll("li[data-language]").forEach(function (item) {
      var link = item.querySelector("[data-finder]");
      var path = link.getAttribute("data-finder") + (place ? "&municipality=" + encodeURIComponent(place) : "");
      item.hidden = codes !== null && codes.indexOf(item.getAttribute("data-language")) < 0;
      link.href = config.root + path;
      item.querySelector("[data-qr-slot]").replaceChildren(kimQrCode(absolute(path), config.labels.qr));
    });
    fit();
    document.querySelectorAll("[data-print-address]").forEach(function (node) { node.textContent = location.href; });
    sheet.setAttribute("data-poster-ready", place);
  }

  var chosen = new URLSearchParams(location.search).get("municipality");
  if (chosen && own(config.places, chosen)) placeChoice.value = chosen;
  form.hidden = false;
  placeChoice.addEventListener("change", function () {
    history.replaceState(null, "", placeChoice.value ? "?municipality=" + encodeURIComponent(placeChoice.value) : location.pathname);
    show();
  });
  form.querySelector("[data-print]").addEventListener("click", function () { window.print(); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  show();
})();
