// Staff forms marked data-unsaved-warning: the browser asks before leaving the page while a
// field of the form (also one outside it, tied to it with form="…") has changed since the page
// was shown. Sending the form itself ends the warning.
(function () {
  "use strict";
  document.querySelectorAll("form[data-unsaved-warning]").forEach(function (form) {
    var changed = false;
    function mark(event) {
      if (event.target.form === form) changed = true;
    }
    document.addEventListener("input", mark);
    document.addEventListener("change", mark);
    form.addEventListener("submit", function () { changed = false; });
    window.addEventListener("beforeunload", function (event) {
      if (!changed) return;
      event.preventDefault();
      event.returnValue = form.dataset.unsavedWarning;  // browsers show their own words
    });
  });
})();
