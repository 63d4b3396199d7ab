// Progress for the certificate ZIP: the build runs in one POST request; a second request polls its progress.
(function () {
  "use strict";
  var box = document.getElementById("bundle");
  var form = document.getElementById("bundle-form");
  if (!box || !form || !window.fetch) { return; }
  var bar = document.getElementById("bundle-progress");
  var text = document.getElementById("bundle-text");
  var link = document.getElementById("bundle-download");
  var button = form.querySelector("button");
  var timer = null;

  function show(status) {
    bar.max = Math.max(status.total, 1);
    bar.value = status.done;
    if (status.state === "ready") {
      text.textContent = box.dataset.msgReady + " " + status.done + "/" + status.total;
      link.hidden = false;
    } else if (status.state === "failed") {
      text.textContent = box.dataset.msgFailed;
    } else if (status.state === "building") {
      text.textContent = box.dataset.msgBuilding + " " + status.done + "/" + status.total + "…";
    }
  }

  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(show)
      .catch(function () {});
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    link.hidden = true;
    text.textContent = box.dataset.msgBuilding + " …";
    timer = window.setInterval(poll, 1000);
    fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                        headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (status) {
        show(status);
        if (status.download_url) { window.location.href = status.download_url; }
      })
      .catch(function () { text.textContent = box.dataset.msgFailed; })
      .finally(function () { window.clearInterval(timer); button.disabled = false; poll(); });
  });
  box.dataset.ready = "1";  // the progress display is live (tests wait for this)
})();
