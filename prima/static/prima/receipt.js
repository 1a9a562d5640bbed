/* Prima receipt: copy buttons for the report number and codes, and a print button. Progressive
   enhancement: the buttons are hidden in the page and shown here; without JavaScript the codes
   are plain text to select, and the page says how to print or save it. */
(function () {
  "use strict";
  var receipt = document.querySelector(".receipt");
  if (!receipt) { return; }
  var copied = receipt.getAttribute("data-copied") || "Copied";
  var failed = receipt.getAttribute("data-copy-failed") || "Could not copy";

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function fallback(text) {
    // Older browsers and pages without clipboard permission: a hidden textarea and execCommand.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    document.body.removeChild(area);
    return done;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return fallback(text); }
      );
    }
    return Promise.resolve(fallback(text));
  }

  Array.prototype.forEach.call(receipt.querySelectorAll("button.copy[data-copy]"), function (button) {
    var tools = button.parentNode;
    var status = tools.querySelector(".copy-status");
    var code = tools.parentNode.querySelector(".code");
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(button.getAttribute("data-copy")).then(function (done) {
        status.textContent = done ? copied : failed;
        if (!done && code) { selectText(code); }
        window.setTimeout(function () { status.textContent = ""; }, 4000);
      });
    });
  });

  var print = document.querySelector("button[data-print]");
  if (print && window.print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
}());
