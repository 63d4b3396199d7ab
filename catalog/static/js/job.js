// Progress of a background job (catalog.jobs): the form queues it, then this polls its JSON status until it
// is done or failed, updating the bar and the counts without reloading. No inline script (strict CSP): the
// texts come from data- attributes of the #job box.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || !window.fetch) { return; }
  var form = document.getElementById("job-form");
  var bar = document.getElementById("job-progress");
  var text = document.getElementById("job-text");
  var link = document.getElementById("job-download");
  var button = form ? form.querySelector("button") : null;
  var pruned = document.getElementById("job-pruned");
  var timer = null;
  var ACTIVE = {queued: 1, running: 1, retrying: 1};

  function show(status) {
    bar.max = Math.max(status.total, 1);
    bar.value = status.done;
    var counts = " " + status.done + "/" + status.total;
    if (status.state === "done") {
      text.textContent = box.dataset.msgDone + counts;
    } else if (status.state === "failed") {
      text.textContent = box.dataset.msgFailed + " " + status.error;
    } else if (status.state === "retrying") {
      text.textContent = box.dataset.msgRetrying + " (" + status.attempts + "/" + status.max_attempts + ") " +
        status.error;
    } else if (status.state === "queued") {
      text.textContent = box.dataset.msgQueued;
    } else if (status.state === "running") {
      text.textContent = box.dataset.msgRunning + counts + "…";
    }
    if (link) {
      link.hidden = !status.download_url;
      if (status.download_url) { link.href = status.download_url; }
    }
    if (button) { button.disabled = !!ACTIVE[status.state]; }
    var finished = ACTIVE[box.dataset.state] && !ACTIVE[status.state];
    box.dataset.state = status.state;
    // A page whose result is drawn by the server (an import's preview) shows it once the job has finished.
    if (finished && box.dataset.reloadWhenFinished) { window.location.reload(); return; }
    if (!ACTIVE[status.state] && timer) { window.clearInterval(timer); timer = null; }
  }

  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(show)
      .catch(function () {});
  }

  function watch() {
    if (!timer) { timer = window.setInterval(poll, 1000); }
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (button) { button.disabled = true; }
      if (link) { link.hidden = true; }
      if (pruned) { pruned.hidden = true; }
      text.textContent = box.dataset.msgQueued;
      fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                          headers: {"Accept": "application/json"}})
        .then(function (r) { return r.json(); })
        .then(function (status) { show(status); watch(); })
        .catch(function () { text.textContent = box.dataset.msgFailed; if (button) { button.disabled = false; } });
    });
  }
  if (ACTIVE[box.dataset.state]) { watch(); }
  box.dataset.ready = "1";  // the progress display is live (tests wait for this)
})();
