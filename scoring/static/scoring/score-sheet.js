// Score sheet: running total while typing, and autosave of each changed field to the sheet's JSON endpoint.
// Without this script the form still works: "Lưu nháp" and "Nộp phiếu" post the whole sheet.
(function () {
  "use strict";
  var form = document.querySelector("form.score-sheet");
  if (!form) { return; }
  var url = form.getAttribute("data-autosave-url");
  var totalOutput = document.getElementById("sheet-total");
  var status = document.getElementById("autosave-status");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]");

  // The page's decimal separator ("," in Vietnamese), from the server's one definition (catalog/numbers.py).
  var separator = (totalOutput && totalOutput.getAttribute("data-decimal-separator")) || ",";

  // Either separator is read, as the server reads it: "60,5" and "60.5"; "6,0,5" or "1.234,5" are not numbers.
  function parse(text) {
    var trimmed = String(text).trim();
    if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(trimmed)) { return null; }
    return Number(trimmed.replace(",", "."));
  }

  // Two places at most, trailing zeros dropped, in the page's language: 84.5 → "84,5" (vi).
  function show(value) {
    return String(Math.round(value * 100) / 100).replace(".", separator);
  }

  function recompute() {
    var total = 0;
    form.querySelectorAll("input[data-score]").forEach(function (input) {
      var value = parse(input.value);
      if (value !== null && value >= 0 && value <= parse(input.getAttribute("data-max"))) { total += value; }
    });
    if (totalOutput) { totalOutput.textContent = show(total); }
  }

  function showError(input, message) {
    var code = input.name.replace(/^(score|comment)-/, "");
    var slot = document.getElementById("error-" + code);
    if (slot && input.name.indexOf("score-") === 0) { slot.textContent = message || ""; }
    var row = input.closest("tr");
    if (row) { row.classList.toggle("has-error", Boolean(message)); }
  }

  // One request at a time, in the order the fields changed: a later value never lands before an earlier one.
  var queue = Promise.resolve();
  var pending = 0;

  function save(input) {
    if (!url) { return; }
    pending += 1;
    queue = queue.then(function () { return send(input, input.value); })
      .then(function () { pending -= 1; }, function () { pending -= 1; });
  }

  function send(input, value) {
    var body = new FormData();
    body.append("field", input.name);
    body.append("value", value);
    if (status) { status.textContent = "…"; }
    return fetch(url, {method: "POST", body: body, credentials: "same-origin",
                headers: {"X-CSRFToken": token ? token.value : ""}})
      .then(function (response) { return response.json().then(function (data) { return [response.ok, data]; }); })
      .then(function (result) {
        var ok = result[0], data = result[1];
        if (ok) {
          showError(input, "");
          if (totalOutput && data.total_text !== undefined) { totalOutput.textContent = data.total_text; }
          if (status) { status.textContent = form.getAttribute("data-saved-text") || "✓"; }
        } else {
          var errors = data.errors || {};
          var first = Object.keys(errors)[0];
          showError(input, first ? errors[first] : (data.messages || []).join(" "));
          if (status) { status.textContent = (data.messages || []).join(" "); }
        }
      })
      .catch(function () {
        if (status) { status.textContent = form.getAttribute("data-offline-text") || "!"; }
      });
  }

  // "Lưu nháp" / "Nộp phiếu" wait for the field saves still on their way, so the sheet is posted last.
  form.addEventListener("submit", function (event) {
    if (pending === 0) { return; }
    event.preventDefault();
    var submitter = event.submitter;
    queue.then(function () { form.requestSubmit(submitter); });
  });

  form.addEventListener("input", function (event) {
    if (event.target.matches("input[data-score]")) { recompute(); }
  });
  form.addEventListener("change", function (event) {
    if (event.target.matches("input[data-score], textarea")) { save(event.target); }
  });
})();
