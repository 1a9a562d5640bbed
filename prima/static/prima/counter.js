/* Prima character counter: under a text box with a limit (textarea[data-limit]), the number of
   characters left — or how many too many — as people type or paste. Without this script the
   page states the limit ("At most 5,000 characters") and the server says by how much a text is
   too long, keeping it; nothing is ever cut.

   The count on screen changes with every key; screen readers hear it only when it crosses a
   threshold (a tenth of the limit left, the limit reached, over the limit, back under it), in a
   polite live region, not at each keystroke. Characters are counted as the server counts them:
   by code point, a line break as one. */
(function () {
  "use strict";
  var language = document.documentElement.lang || "id";

  function count(text) {
    var n = 0;
    for (var i = 0; i < text.length; i += 1) {
      var code = text.charCodeAt(i);
      // A surrogate pair (an emoji, say) is one character, as Python counts it.
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) { i += 1; }
      n += 1;
    }
    return n;
  }

  function say(template, n) {
    return template.replace("%(n)s", n.toLocaleString(language));
  }

  function setUp(box) {
    var limit = parseInt(box.getAttribute("data-limit"), 10);
    var hint = document.getElementById(box.id + "_limit");
    if (!limit || !hint) { return; }
    var shown = document.createElement("p");
    shown.className = "char-count";
    shown.setAttribute("aria-hidden", "true");
    var heard = document.createElement("p");
    heard.className = "visually-hidden";
    heard.setAttribute("aria-live", "polite");
    hint.parentNode.insertBefore(shown, hint.nextSibling);
    hint.parentNode.insertBefore(heard, shown.nextSibling);
    // The stated limit stays the box's description for screen readers; the live count
    // takes its place on screen.
    hint.classList.add("visually-hidden");
    var state = null;

    function update() {
      var left = limit - count(box.value);
      var message = left >= 0
        ? say(hint.getAttribute(left === 1 ? "data-left-one" : "data-left-many"), left)
        : say(hint.getAttribute(-left === 1 ? "data-over-one" : "data-over-many"), -left);
      shown.textContent = message;
      shown.classList.toggle("over", left < 0);
      var now = left < 0 ? "over" : left === 0 ? "full" : left <= limit / 10 ? "near" : "ok";
      if (state !== null && now !== state) { heard.textContent = message; }
      state = now;
    }

    box.addEventListener("input", update);
    update();
  }

  var boxes = document.querySelectorAll("textarea[data-limit]");
  for (var i = 0; i < boxes.length; i += 1) { setUp(boxes[i]); }
}());
