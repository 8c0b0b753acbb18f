/* The site's service worker (issue 25: offline on the phone). What this site served
   to the reader (pages, their files, the finder's index) is kept in the browser. With a
   connection the network always answers first, so a reader never sees yesterday's phone
   number after the site was republished (issue 27); with no connection the kept copy is
   served, and the page says the date of its data. Only this site's own addresses, under
   the folder it is published in (site_url's path); nothing from another host. At most
   KEEP answers are kept, the least recently fetched go first.
   At the site's root so that it serves the whole site; registered by kim-head.js. */
"use strict";

var CACHE = "kim-2";
var KEEP = 300;
var SCOPE = new URL("./", self.location.href).href;

function ours(url) {
  return url.indexOf(SCOPE) === 0;
}

// Oldest first: put() replaces an entry at the end of the list.
function trim(cache) {
  return cache.keys().then(function (keys) {
    return Promise.all(keys.slice(0, Math.max(0, keys.length - KEEP)).map(function (key) { return cache.delete(key); }));
  });
}

/* The answer goes to the page at once; the copy is kept while the page goes on (the
   event's lifetime is extended), one trim after another. */
var trimming = Promise.resolve();
function keep(event, request, response) {
  if (response.ok && response.type === "basic") {
    var copy = response.clone();
    event.waitUntil(caches.open(CACHE).then(function (cache) {
      return cache.put(request, copy).then(function () {
        trimming = trimming.then(function () { return trim(cache); }, function () { return trim(cache); });
        return trimming;
      });
    }).catch(function () {}));
  }
  return response;
}

self.addEventListener("install", function () {
  self.skipWaiting();
});
self.addEventListener("activate", function (event) {
  // Copies kept by an earlier version of this worker go.
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== CACHE; }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || !ours(request.url)) return;
  // Pages and the offices' data are asked of the server each time (a copy in the
  // browser's own cache is used only when the server says it is unchanged).
  var data = request.mode === "navigate" || /\.json$/.test(new URL(request.url).pathname);
  event.respondWith(fetch(request, data ? { cache: "no-cache" } : {}).then(function (response) { return keep(event, request, response); }, function (offline) {
    // A page is kept once, whatever its address says after "?" (?language=ar).
    return caches.match(request, { ignoreSearch: request.mode === "navigate" }).then(function (kept) {
      if (kept) return kept;
      throw offline;
    });
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
