/* Prima polling: a list that asks for itself again with htmx (hx-trigger "every Ns") while
   something is being prepared does not ask from a hidden tab; it asks once when the tab is
   shown again ("visibilitychange from:document" in its trigger). Mark the element with
   data-poll-visible. Without JavaScript the page offers a link to reload it. */
(function () {
  "use strict";
  document.addEventListener("htmx:beforeRequest", function (event) {
    var element = event.detail && event.detail.elt;
    if (document.hidden && element && element.hasAttribute("data-poll-visible")) {
      event.preventDefault();
    }
  });
})();
