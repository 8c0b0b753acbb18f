/* The handout for a family (handout/?office=<slug>&for=<language>): one A4 page with
   the office's German half and the family's half side by side, and a QR code to the
   office's page in the family's language.
   The halves come from handout/<office>.html, rendered by the build with the office
   page's own words (generator/rendering/templates/handout_half.html.j2). */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("kim-handout-config").textContent);
  var form = document.querySelector("[data-handout-form]");
  var sheet = document.querySelector("[data-handout-sheet]");
  var status = document.querySelector("[data-handout-status]");
  var officeChoice = form.querySelector("[name=office]");
  var languageChoice = form.querySelector("[name=for]");
  var vcard = form.querySelector("[data-vcard]");  // the office's contact card
  // The printable area of an A4 page (kim.css: @page margin 10 mm, the sheet 190 mm wide).
  var PAGE_HEIGHT_MM = 277 - 12;  // less the line with the address and date below the sheet
  var asked = 0;

  function pagePath(language, slug) {
    return (language === config.default ? "" : language + "/") + "offices/" + encodeURIComponent(slug) + "/";
  }
  // The address the family scans: the published site's where it is set, else this one's.
  function absolute(path) {
    return new URL(path, config.siteUrl || new URL(config.root, location.href)).href;
  }

  // The office's halves in every language (handout/<office>.html, written by the build).
  function halves(slug) {
    return fetch(config.root + "handout/" + encodeURIComponent(slug) + ".html").then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (html) {
      return new DOMParser().parseFromString(html, "text/html");
    });
  }
  function half(source, language) {
    var found = source.querySelector('[data-handout-half][lang="' + CSS.escape(language) + '"]');
    if (!found) throw new Error("no handout half in " + language);
    return document.importNode(found, true);
  }

  // The people who speak the family's language first, each group in the page's order.
  function speakersFirst(node, language) {
    var list = node.querySelector(".kim-handout__contacts");
    if (!list) return;
    var items = Array.prototype.slice.call(list.children);
    items.filter(function (li) { return (li.getAttribute("data-languages") || "").split(" ").indexOf(language) >= 0; })
      .reverse().forEach(function (li) { list.insertBefore(li, list.firstChild); });
  }

  function qrCode(url) {
    qrcode.stringToBytes = qrcode.stringToBytesFuncs["UTF-8"];
    var code = qrcode(0, "M");
    code.addData(url);
    code.make();
    var size = code.getModuleCount(), quiet = 4, path = [];
    for (var row = 0; row < size; row++) {
      for (var col = 0; col < size; col++) {
        if (code.isDark(row, col)) path.push("M" + (col + quiet) + " " + (row + quiet) + "h1v1h-1z");
      }
    }
    var ns = "http://www.w3.org/2000/svg", full = size + 2 * quiet;
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 " + full + " " + full);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", config.labels.qr.replace("%(url)s", url));
    svg.setAttribute("data-qr", url);
    svg.setAttribute("shape-rendering", "crispEdges");
    var background = document.createElementNS(ns, "rect");
    background.setAttribute("width", full);
    background.setAttribute("height", full);
    background.setAttribute("fill", "#fff");
    var modules = document.createElementNS(ns, "path");
    modules.setAttribute("d", path.join(""));
    modules.setAttribute("fill", "#000");
    svg.appendChild(background);
    svg.appendChild(modules);
    return svg;
  }

  // Smaller type until the sheet fits on one page (it is as wide on screen as on paper).
  function fit() {
    var limit = PAGE_HEIGHT_MM * 96 / 25.4;
    var scale = 1;
    sheet.style.setProperty("--kim-handout-scale", scale);
    while (sheet.scrollHeight > limit && scale > 0.5) {
      scale -= 0.04;
      sheet.style.setProperty("--kim-handout-scale", scale.toFixed(2));
    }
  }

  function show() {
    var slug = officeChoice.value, language = languageChoice.value, mine = ++asked;
    vcard.href = config.root + "vcard/" + encodeURIComponent(slug) + ".vcf";
    status.textContent = config.labels.loading;
    sheet.setAttribute("aria-busy", "true");
    var languages = language === config.default ? [config.default] : [config.default, language];
    halves(slug).then(function (source) {
      if (mine !== asked) return;
      var halves = languages.map(function (code) { return half(source, code); });
      var family = halves[halves.length - 1];
      halves.forEach(function (node) { speakersFirst(node, language); });
      // The QR code belongs to the family's half only: it opens the page in their language.
      halves.forEach(function (node) {
        var slot = node.querySelector("[data-qr-slot]");
        if (node === family) slot.appendChild(qrCode(absolute(pagePath(language, slug))));
        else slot.parentNode.remove();
      });
      sheet.replaceChildren.apply(sheet, halves);
      sheet.classList.toggle("kim-handout--one", halves.length === 1);
      fit();
      status.textContent = "";
      sheet.removeAttribute("aria-busy");
      sheet.setAttribute("data-handout-ready", language);
    }).catch(function () {
      if (mine !== asked) return;
      sheet.replaceChildren();
      status.textContent = config.labels.failed;
      sheet.removeAttribute("aria-busy");
    });
  }

  function remember() {
    var query = new URLSearchParams({ office: officeChoice.value, "for": languageChoice.value });
    history.replaceState(null, "", "?" + query.toString());
  }

  var params = new URLSearchParams(location.search);
  function choose(select, value) {
    if (value && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) select.value = value;
  }
  choose(officeChoice, params.get("office"));
  choose(languageChoice, params.get("for"));
  form.hidden = false;
  [officeChoice, languageChoice].forEach(function (select) {
    select.addEventListener("change", function () { remember(); show(); });
  });
  form.querySelector("[data-print]").addEventListener("click", function () { window.print(); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  show();
})();
