// Follows a running export without reloading: polls its JSON status and moves the progress
// bar; reloads once the export is finished, so the server renders the download link. Without
// JavaScript the page's "Vernieuw" link does the same by hand.
(function () {
  "use strict";
  var box = document.getElementById("export-status");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("export-progress");

  function show(field, value) {
    var el = box.querySelector('[data-export-field="' + field + '"]');
    if (el) { el.textContent = String(value); }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        bar.value = data.progress;
        bar.textContent = data.progress + "%";
        show("progress", data.progress);
        show("rows", data.rows);
        show("status_display", data.status_display);
        if (data.finished) { window.location.reload(); } else { window.setTimeout(poll, 2000); }
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }

  window.setTimeout(poll, 1000);
})();
