// One confirmation for every irreversible action: a submit button (or form) with data-confirm="what will happen"
// asks before posting. The same sentence is printed beside the button, so without this script the person still
// reads it before pressing. A static file, no inline script: the Content-Security-Policy stays strict.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var text = (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    // A form re-posted by another script (the score sheet waits for its autosaves) is asked only once.
    if (!text || form.hasAttribute("data-confirmed")) { return; }
    if (window.confirm(text)) { form.setAttribute("data-confirmed", ""); return; }
    event.preventDefault();
    event.stopImmediatePropagation();
  }, true);
})();
