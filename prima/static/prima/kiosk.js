/* Prima kiosk: back to a blank survey a few seconds after the thank-you page, and when the
   tablet is left alone, so the next person never sees the previous person's answers. Without
   this script the thank-you page still returns (a <noscript> refresh); only the idle reset
   needs it. */
(function () {
  "use strict";
  var body = document.body;
  var restart = body.getAttribute("data-restart") || window.location.pathname;
  var after = parseInt(body.getAttribute("data-restart-after"), 10);
  if (after) {
    window.setTimeout(function () { window.location.replace(restart); }, after * 1000);
    return;
  }
  var seconds = parseInt(body.getAttribute("data-idle-seconds"), 10) || 90;
  var timer = null;
  function reset() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { window.location.replace(restart); }, seconds * 1000);
  }
  ["pointerdown", "keydown", "input", "change", "scroll", "touchstart"].forEach(function (name) {
    document.addEventListener(name, reset, { passive: true });
  });
  var form = document.querySelector("form.survey");
  if (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) { button.setAttribute("aria-disabled", "true"); }
    });
  }
  reset();
}());
