/* Prima kiosk: back to a blank survey when the tablet is left alone, so the next person never
   sees the previous person's answers. The page works without this script; it only adds the
   idle reset. */
(function () {
  "use strict";
  var body = document.body;
  var seconds = parseInt(body.getAttribute("data-idle-seconds"), 10) || 90;
  var restart = body.getAttribute("data-restart") || window.location.pathname;
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
