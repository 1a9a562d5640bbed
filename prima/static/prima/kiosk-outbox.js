/* Prima kiosk outbox (ADR 0018): the kiosk keeps working without a connection.

   With this script, Send puts the answer into an outbox in the tablet's IndexedDB (with its
   own UUID, the kiosk, the tablet's clock and the questionnaire's version) and then sends the
   outbox in batches to the kiosk's outbox address, which answers item by item. Answers the
   server stored (or had stored before) leave the tablet; the rest wait and are sent again when
   the connection returns, every minute, on the next page, and when "Send now" is pressed. The
   service worker (the kiosk's sw.js) keeps the pages so the kiosk opens offline.

   Without this script — or without IndexedDB, fetch or crypto.randomUUID — the form is sent
   online as before, with its single-use token. Plain JavaScript, no library. */
(function () {
  "use strict";
  var box = document.getElementById("kiosk-outbox");
  if (!box || !window.indexedDB || !window.fetch || !window.Promise || !window.crypto ||
      typeof window.crypto.randomUUID !== "function") {
    return;
  }
  var config = box.dataset;
  var endpoint = config.endpoint;
  var BATCH = 50;
  var started = Date.now();
  var syncing = null;
  var notEnrolled = false;
  var database = null;

  // --- IndexedDB, directly -----------------------------------------------------------------
  function db() {
    if (!database) {
      database = new Promise(function (resolve, reject) {
        var request = window.indexedDB.open("prima-kiosk", 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore("outbox", { keyPath: "id" });
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return database;
  }

  function transact(mode, work) {
    return db().then(function (handle) {
      return new Promise(function (resolve, reject) {
        var tx = handle.transaction("outbox", mode);
        var result = work(tx.objectStore("outbox"));
        tx.oncomplete = function () { resolve(result && result.result); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function items() {
    return transact("readonly", function (store) { return store.getAll(); }).then(function (all) {
      return (all || []).filter(function (item) { return item.endpoint === endpoint; })
        .sort(function (a, b) { return a.captured_at < b.captured_at ? -1 : 1; });
    });
  }

  function save(list) {
    return transact("readwrite", function (store) {
      list.forEach(function (item) { store.put(item); });
    });
  }

  function forget(ids) {
    return transact("readwrite", function (store) {
      ids.forEach(function (id) { store.delete(id); });
    });
  }

  // --- what the staff see ------------------------------------------------------------------
  var count = box.querySelector(".kiosk-outbox-count");
  var button = box.querySelector(".kiosk-outbox-send");

  function show(list, sending) {
    var waiting = list.filter(function (item) { return !item.refused; }).length;
    var refused = list.length - waiting;
    var parts = [];
    if (notEnrolled) {
      parts.push(config.msgNotEnrolled);
    }
    if (sending) {
      parts.push(config.msgSending);
    }
    if (waiting) {
      parts.push(config.msgPending.replace("{n}", waiting));
    }
    if (refused) {
      parts.push(config.msgRefused.replace("{n}", refused));
    }
    if (!list.length && !sending) {
      parts.push(config.msgSent);
    }
    if (list.length && !navigator.onLine) {
      parts.push(config.msgOffline);
    }
    count.textContent = parts.join(" · ");
    box.setAttribute("data-waiting", String(list.length));
    button.hidden = !list.length;
    box.hidden = false;
  }

  function refresh(sending) {
    return items().then(function (list) { show(list, sending); });
  }

  // --- sending -----------------------------------------------------------------------------
  function wire(item) {
    var sent = {};
    Object.keys(item).forEach(function (key) {
      if (key !== "endpoint" && key !== "refused" && key !== "errors") { sent[key] = item[key]; }
    });
    return sent;
  }

  function post(batch) {
    return window.fetch(endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-Prima-Kiosk": "1" },
      body: JSON.stringify({ sent_at: new Date().toISOString(), items: batch.map(wire) })
    }).then(function (response) {
      if (response.status === 403) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          notEnrolled = body.reason === "not_enrolled";
          return null;
        });
      }
      if (!response.ok) { return null; }  // kept; sent again later
      notEnrolled = false;
      return response.json();
    }).then(function (body) {
      if (!body || !body.results) { return false; }
      var done = [];
      var refused = [];
      body.results.forEach(function (result) {
        var item = batch.find(function (queued) { return queued.id === result.id; });
        if (!item) { return; }
        if (result.status === "invalid") {
          item.refused = true;
          item.errors = result.errors || {};
          refused.push(item);
        } else {  // stored, duplicate (stored before), closed (no survey takes it)
          done.push(item.id);
        }
      });
      return forget(done).then(function () { return save(refused); }).then(function () {
        return true;
      });
    });
  }

  // Sends what waits, batch after batch; refused answers only when asked by a person.
  function sync(byHand) {
    if (syncing) { return syncing; }
    syncing = items().then(function (list) {
      var queue = list.filter(function (item) { return byHand || !item.refused; });
      if (!queue.length) { return null; }
      show(list, true);
      var next = function () {
        var batch = queue.splice(0, BATCH);
        if (!batch.length) { return null; }
        return post(batch).then(function (ok) { return ok ? next() : null; });
      };
      return next();
    }).catch(function () {
      return null;  // offline or the server away: everything stays in the outbox
    }).then(function () {
      syncing = null;
      return refresh(false);
    });
    return syncing;
  }

  // --- the form ----------------------------------------------------------------------------
  var form = document.querySelector("form.survey");
  var elements = config.elements ? config.elements.split(",") : [];

  function missing() {
    var gaps = [];
    elements.forEach(function (key) {
      var first = form.querySelector("input[name='" + key + "']");
      if (!first) { return; }
      var fieldset = first.closest("fieldset");
      var error = fieldset.querySelector(".field-error.outbox");
      var answered = form.querySelector("input[name='" + key + "']:checked");
      fieldset.classList.toggle("invalid", !answered);
      if (!answered && !error) {
        error = document.createElement("p");
        error.className = "field-error outbox";
        error.textContent = config.msgChoose;
        fieldset.querySelector("legend").insertAdjacentElement("afterend", error);
      } else if (answered && error) {
        error.remove();
      }
      if (!answered) { gaps.push(first); }
    });
    return gaps;
  }

  function capture() {
    var data = new FormData(form);
    var item = {
      id: window.crypto.randomUUID(),
      endpoint: endpoint,
      kiosk: parseInt(config.kiosk, 10),
      captured_at: new Date().toISOString(),
      version: config.version,
      answers: {},
      profile: {},
      extra: {},
      service: data.get("service") ? parseInt(data.get("service"), 10) : null,
      suggestion: data.get("suggestion") || "",
      honeypot: data.get("website") || "",
      fill_seconds: Math.max(0, Math.round((Date.now() - started) / 1000))
    };
    elements.forEach(function (key) { item.answers[key] = parseInt(data.get(key), 10); });
    ["sex", "age", "education", "occupation"].forEach(function (name) {
      item.profile[name] = data.get(name) || "";
    });
    data.forEach(function (value, name) {
      if (name.indexOf("extra_") === 0 && value) { item.extra[name.slice(6)] = value; }
    });
    return item;
  }

  if (form && elements.length) {
    var alert = null;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var send = form.querySelector("button[type=submit]");
      var gaps = missing();
      if (gaps.length) {
        if (send) { send.removeAttribute("aria-disabled"); }
        if (!alert) {
          alert = document.createElement("p");
          alert.className = "notice warn";
          alert.setAttribute("role", "alert");
          form.insertAdjacentElement("beforebegin", alert);
        }
        alert.textContent = config.msgCheck;
        gaps[0].focus();
        return;
      }
      save([capture()]).then(function () {
        // Offline the attempt fails at once; online it has a few seconds before the
        // thank-you page (what is not sent by then is sent from the next page).
        return Promise.race([sync(false), new Promise(function (done) {
          window.setTimeout(done, 4000);
        })]);
      }).then(function () {
        window.location.assign(config.thanks);
      }, function () {
        // IndexedDB refused the answer (private mode, full disk): send the form online.
        form.submit();
      });
    });
  }

  // --- start -------------------------------------------------------------------------------
  button.addEventListener("click", function () { sync(true); });
  window.addEventListener("online", function () { sync(false); });
  window.addEventListener("offline", function () { refresh(false); });
  window.setInterval(function () { sync(false); }, 60000);
  if (navigator.storage && navigator.storage.persist) {
    navigator.storage.persist().catch(function () { return false; });
  }
  if (navigator.serviceWorker && config.worker) {
    navigator.serviceWorker.register(config.worker, { scope: config.scope })
      .catch(function () { return null; });  // no offline pages; the outbox still works
  }
  refresh(false).then(function () { return sync(false); }).catch(function () { return null; });
}());
