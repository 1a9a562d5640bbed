/* Prima's kiosk service worker (ADR 0018), served from the kiosk's address so that its scope
   is the kiosk alone. It keeps the kiosk's pages and files so that the kiosk opens without a
   connection; the answers themselves wait in the page's outbox (prima/kiosk-outbox.js), never
   here. Pages: the network first (a fresh form, the current questionnaire), the kept copy when
   offline. Files: the kept copy, refreshed in the background. No library, no other host. */
"use strict";
var CACHE = "{{ cache_name|escapejs }}";
var PREFIX = "{{ cache_prefix|escapejs }}";
var KIOSK = "{{ kiosk_path|escapejs }}";
var SHELL = {{ shell|safe }};

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll(SHELL.map(function (url) {
        return new Request(url, { credentials: "same-origin", cache: "reload" });
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(PREFIX) === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function keep(request, response) {
  if (response && response.status === 200 && response.type === "basic") {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { return cache.put(request, copy); });
  }
  return response;
}

function kept(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request, { ignoreSearch: true, ignoreVary: true });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;  // the outbox's POST and everything else go to the network untouched
  }
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).then(function (response) {
        return keep(url.pathname, response);
      }).catch(function () {
        return kept(url.pathname).then(function (page) {
          return page || kept(KIOSK);
        }).then(function (page) {
          return page || Response.error();
        });
      })
    );
    return;
  }
  if (SHELL.indexOf(url.pathname) !== -1) {
    event.respondWith(
      kept(url.pathname).then(function (copy) {
        var fresh = fetch(request).then(function (response) {
          return keep(url.pathname, response);
        });
        if (copy) {
          fresh.catch(function () { return null; });
          return copy;
        }
        return fresh;
      })
    );
  }
});
