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
  var shareChoice = form.querySelector("[data-share]");
  // The printable area of an A4 page (kim.css: @page margin 10 mm, the sheet 190 mm wide).
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

  // Smaller type until the sheet fits on one page, measured as laid out on paper (a
  // phone's screen shows the halves one below the other: kim.css).
  function fit() {
    window.kimFitToPage(sheet, "handout", 0.04);
  }

  // Share the office's page in the family's language (the one the QR code opens): the
  // phone's share sheet, else copy the link.
  function share() {
    var language = languageChoice.value, url = absolute(pagePath(language, officeChoice.value));
    var name = sheet.querySelector('[data-handout-half][lang="' + CSS.escape(language) + '"] .kim-handout__name');
    var title = name ? name.textContent.trim() : document.title;
    if (navigator.share) {
      navigator.share({ title: title, text: config.shareText[language].replace("%(name)s", title), url: url }).catch(function () {});
      return;
    }
    var done = form.querySelector("[data-share-status]");
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(function () { done.textContent = config.labels.linkCopied; }, function () { done.textContent = url; });
    } else {
      done.textContent = url;  // no clipboard (a page not served over https): the link to copy by hand
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
        if (node === family) slot.appendChild(kimQrCode(absolute(pagePath(language, slug)), config.labels.qr));
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
    // The printed footer names this handout (kim-head.js wrote the first address).
    document.querySelectorAll("[data-print-address]").forEach(function (node) { node.textContent = location.href; });
    form.querySelector("[data-share-status]").textContent = "";
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
  shareChoice.textContent = navigator.share ? config.labels.share : config.labels.copyLink;
  shareChoice.addEventListener("click", share);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  show();
})();
