/* Story field helpers: a character counter and a draft kept in sessionStorage.
 * sessionStorage (not localStorage): pupils share school computers, and a draft must not
 * outlive the tab. The page works the same without this script. */
(function () {
  "use strict";
  var DRAFT_KEY = "vertelpunt:draft:" + location.pathname;

  function storage() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }

  function clearDrafts() {
    var s = storage();
    if (!s) return;
    for (var i = s.length - 1; i >= 0; i--) {
      var key = s.key(i);
      if (key && key.indexOf("vertelpunt:draft:") === 0) s.removeItem(key);
    }
  }

  function formatNumber(n) { return n.toLocaleString("nl-NL"); }

  /* The page gives the words (templates/tracks/_script_text.html): translated, and in the
   * track's form of address. "{name}" in them is filled in from `values`. */
  function text(form, name, values) {
    var words = form.getAttribute("data-text-" + name) || "";
    return words.replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? values[key] : all;
    });
  }

  function setupCounter(form, field) {
    var min = parseInt(field.getAttribute("data-min-length"), 10) || 0;
    var max = parseInt(field.getAttribute("data-max-length"), 10) || 0;
    var counter = document.createElement("p");
    counter.className = "char-counter";
    counter.id = field.id + "_counter";
    // Not a live region: it would interrupt a screen reader at every key. The field is
    // described by it, so the count is read whenever the teller asks.
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    function update() {
      var length = field.value.replace(/\r\n/g, "\n").length;
      var over = max && length > max;
      counter.classList.toggle("is-over", !!over);
      var values = {
        length: formatNumber(length), min: formatNumber(min), max: formatNumber(max),
        over: formatNumber(length - max)
      };
      if (over) {
        counter.textContent = text(form, "count-over", values);
      } else if (length < min) {
        counter.textContent = text(form, "count-short", values);
      } else {
        counter.textContent = text(form, "count", values);
      }
    }
    field.addEventListener("input", update);
    update();
  }

  /* Every saved page clears the drafts, so a draft found here is text that never reached
   * the server (a failed submit, a reload, a link followed): it is newer than what the server
   * filled in, and is put back. "Wis concept" empties the field and forgets the draft. */
  function setupDraft(form, field) {
    var s = storage();
    if (!s) return;
    var restored = false;
    var saved = s.getItem(DRAFT_KEY);
    if (saved && saved !== field.value) {
      field.value = saved;
      field.dispatchEvent(new Event("input"));
      restored = true;
    }
    var bar = document.createElement("div");
    bar.className = "draft-bar small";
    var note = document.createElement("span");
    note.className = "draft-note me-2";
    note.setAttribute("aria-live", "polite");
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "btn btn-link btn-sm p-0 align-baseline";
    clear.textContent = text(form, "draft-clear", {});
    clear.setAttribute("data-clear-draft", "");
    bar.appendChild(note);
    bar.appendChild(clear);
    field.parentNode.insertBefore(bar, field);
    function showNote() {
      var has = !!s.getItem(DRAFT_KEY);
      note.textContent = !has ? "" : text(form, restored ? "draft-restored" : "draft-kept", {});
      clear.hidden = !has;
    }
    field.addEventListener("input", function () {
      try {
        if (field.value) s.setItem(DRAFT_KEY, field.value);
        else s.removeItem(DRAFT_KEY);
      } catch (e) { /* storage full or blocked: the form still works */ }
      restored = false;
      showNote();
    });
    clear.addEventListener("click", function () {
      s.removeItem(DRAFT_KEY);
      field.value = "";
      field.dispatchEvent(new Event("input"));
      field.focus();
    });
    showNote();
  }

  /* The receipt code's copy button: only shown where the browser can copy. */
  function setupCopy(button) {
    var code = document.querySelector("[data-receipt]");
    if (!code || !navigator.clipboard) return;
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(code.textContent.trim()).then(function () {
        button.textContent = button.getAttribute("data-copied");
        setTimeout(function () { button.textContent = label; }, 3000);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (document.querySelector("[data-story-saved]")) clearDrafts();
    var copy = document.querySelector("[data-copy-receipt]");
    if (copy) setupCopy(copy);
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
    var form = document.querySelector("[data-story-form]");
    if (!form) return;
    var field = form.querySelector("textarea[data-draft]");
    if (!field) return;
    setupCounter(form, field);
    setupDraft(form, field);
  });
})();
