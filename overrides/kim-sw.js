/* The site's service worker (issue 25: offline on the phone). What this site served
   to the reader (pages, their files, the finder's index) is kept in the browser and
   served from there first, then updated from the network for the next visit; with
   no connection the kept copy is all there is. Only this site's own addresses, under
   the folder it is published in (site_url's path); nothing from another host.
   At the site's root so that it serves the whole site; registered by kim-head.js. */
"use strict";

var CACHE = "kim-1";
var SCOPE = new URL("./", self.location.href).href;

function ours(url) {
  return url.indexOf(SCOPE) === 0;
}

function keep(request, response) {
  if (response.ok && response.type === "basic") {
    var copy = response.clone();
    return caches.open(CACHE).then(function (cache) { return cache.put(request, copy); }).then(function () { return response; });
  }
  return response;
}

self.addEventListener("install", function () {
  self.skipWaiting();
});
self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || !ours(request.url)) return;
  var fresh = fetch(request).then(function (response) { return keep(request, response); });
  // A page is kept once, whatever its address says after "?" (?language=ar).
  event.respondWith(caches.match(request, { ignoreSearch: request.mode === "navigate" }).then(function (kept) {
    if (!kept) return fresh;
    event.waitUntil(fresh.catch(function () {}));
    return kept;
  }));
});

/* The first page seen came before this worker: the page sends its address and the
   files it loaded, to be kept as well. */
self.addEventListener("message", function (event) {
  var urls = (event.data && event.data.keep || []).filter(function (url) { return typeof url === "string" && ours(url); });
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      return cache.match(url).then(function (kept) { return kept || cache.add(url); }).catch(function () {});
    }));
  }));
});
