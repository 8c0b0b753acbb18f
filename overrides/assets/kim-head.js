/* Runs in <head>, before Material's bundle (overrides/main.html). A file, not an
   inline script: the Content-Security-Policy runs only this site's script files
   and the theme's own inline scripts. */
(function () {
  "use strict";

  // Material fetches <alternate>/sitemap.xml for every hreflang link to find the
  // same page in another language; static-i18n already links the same page, and
  // those fetches all fail. Crawlers keep the links (they do not run scripts) and
  // the hreflang alternates in sitemap.xml.
  document.querySelectorAll("link[rel=alternate][hreflang]").forEach(function (l) { l.remove(); });

  // Printed pages end with their address (overrides/main.html, .kim-print-line).
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print-address]").forEach(function (node) { node.textContent = location.href; });
  });
})();
