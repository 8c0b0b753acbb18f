/* Runs before Material's bundle (overrides/main.html, both deferred). A file, not an
   inline script: the Content-Security-Policy runs only this site's script files
   and the theme's own inline scripts. */
(function () {
  "use strict";

  // The page's language versions (<link rel=alternate hreflang>) are for search
  // engines, the feed of changes (<link rel=alternate type=application/atom+xml>) for
  // feed readers, and they stay in the page. Material's bundle, once the page has
  // loaded, fetches "sitemap.xml" next to each <link rel=alternate> to find the same
  // page in another language;
  // our language menu already links the same page (static-i18n), and those fetches
  // would all fail (or go to the published host from a preview). So the links are
  // taken out while the bundle looks for them, when the document has loaded, and put
  // back right after, in the same place. (Checked against Material 9.8.1's bundle:
  // generator/mkdocs_adapter/upstream.py, tests/test_upstream.py.)
  var links = Array.prototype.slice.call(document.querySelectorAll("link[rel=alternate]"));
  var places = links.map(function (link) { return [link, link.parentNode, link.nextSibling]; });
  links.forEach(function (link) { link.remove(); });
  document.addEventListener("DOMContentLoaded", function () {
    // Listeners run in the order they were added: Material's after this one.
    setTimeout(function () {
      // Last first: each link's next sibling (often the next link) is back by then.
      places.reverse().forEach(function (place) { place[1].insertBefore(place[0], place[2]); });
    }, 0);
  });

  // The header by keyboard. The menu and search buttons are labels of Material's
  // checkboxes (partials/header.html gives them tabindex and role): Material's bundle
  // presses a focused label on Enter, and here Space presses it. The language menu
  // opens when its button is pressed, not on mere focus (closed, its links take no Tab
  // stop: kim.css), and closes on Escape, with the focus back on its button, or when
  // the focus leaves it.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("label.md-header__button[role=button]").forEach(function (label) {
      var toggle = document.getElementById(label.htmlFor);
      label.addEventListener("keydown", function (event) {
        if (event.key !== " ") return;
        event.preventDefault();
        label.click();
      });
      if (!toggle) return;
      var show = function () { label.setAttribute("aria-expanded", String(toggle.checked)); };
      toggle.addEventListener("change", show);
      show();
    });
    document.querySelectorAll(".md-header .md-select").forEach(function (menu) {
      var button = menu.querySelector("button");
      if (!button) return;
      var open = function (yes) {
        menu.classList.toggle("kim-open", yes);
        button.setAttribute("aria-expanded", String(yes));
      };
      open(false);
      button.addEventListener("click", function () { open(!menu.classList.contains("kim-open")); });
      menu.addEventListener("keydown", function (event) {
        if (event.key !== "Escape" || !menu.classList.contains("kim-open")) return;
        event.stopPropagation();
        open(false);
        button.focus();
      });
      menu.addEventListener("focusout", function (event) {
        if (!menu.contains(event.relatedTarget)) open(false);
      });
    });
  });

  // Printed pages end with their address (overrides/main.html, .kim-print-line).
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print-address]").forEach(function (node) { node.textContent = location.href; });
  });
})();

// The header search (partials/search.html) fetches its script, assets/search.js, only
// when the reader first goes to it: the search field, its button on a phone, or one of
// the keys that open it ("/", "s", "f", as search.js). A page's first view is smaller.
(function () {
  "use strict";
  var root = document.querySelector("[data-kim-search]");
  if (!root) return;
  var input = root.querySelector("[data-kim-search-query]");
  var toggle = document.getElementById("__search");
  var fetched = false, arrived = false;
  function fetchScript() {
    if (fetched) return;
    fetched = true;
    var script = document.createElement("script");
    script.src = root.getAttribute("data-kim-search");
    script.onload = function () { arrived = true; };
    script.onerror = function () {  // offline: the search says so, and tries again next time
      script.remove();
      fetched = false;
      root.querySelector(".md-search-result__meta").textContent = JSON.parse(document.getElementById("kim-search-words").textContent).unavailable;
    };
    document.head.appendChild(script);
  }
  // The field opens at once, as search.js opens it (a narrow header shows it only open).
  input.addEventListener("focus", function () {
    setOpen(true);
    fetchScript();
  });
  // Until search.js is there, the search opens and closes as it does: the phone's
  // button puts the focus in the field, Tab and Escape close it. (Left open, search.js
  // would take the focus back to it when it came, from wherever she had gone.)
  function setOpen(open) {
    if (!toggle || toggle.checked === open) return;
    toggle.checked = open;
    toggle.dispatchEvent(new Event("change"));
  }
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (!toggle.checked || arrived) return;
      fetchScript();
      if (document.activeElement !== input) input.focus();
    });
  }
  document.addEventListener("keydown", function (e) {
    if (arrived || !toggle || !toggle.checked) return;
    if (e.key === "Escape") {
      e.preventDefault();
      setOpen(false);
      input.blur();
    } else if (e.key === "Tab") {
      setOpen(false);
    }
  });
  document.addEventListener("keydown", function (e) {
    var active = document.activeElement;
    if (fetched || e.metaKey || e.ctrlKey || e.altKey || (e.key !== "/" && e.key !== "s" && e.key !== "f")) return;
    if (active && (active.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName))) return;
    e.preventDefault();
    input.focus();  // opens the search and fetches its script
  });
})();

// Offline on the phone (issue 25): the site's own service worker (kim-sw.js at the
// site's root, named by overrides/main.html; not in the preview, which must show
// every change at once). It keeps what is visited; this page came before it, so the
// page tells it what it loaded.
(function () {
  "use strict";
  var named = document.querySelector("meta[name=kim-offline-worker]");
  if (!named || !("serviceWorker" in navigator)) return;
  function loaded() {
    var resources = performance.getEntriesByType("resource").map(function (entry) { return entry.name; });
    return [location.href.split("#")[0]].concat(resources);
  }
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(named.content).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      registration.active.postMessage({ keep: loaded() });
    }).catch(function () {});
  });
})();
