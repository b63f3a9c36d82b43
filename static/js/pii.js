/* While typing: a friendly hint when a text looks like it contains personal data.
 * Mirrors vertelpunt/pii.py (the server checks again on submit); it never blocks. */
(function () {
  "use strict";
  var EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
  var PHONE = /(?<![\w+])(?:\+31|0031|0)(?:[\s.-]?\d){9}(?!\d)/g;
  var NINE = /(?<![\d.,-])(?:\d{9}|\d{3}\.\d{2}\.\d{3}\.\d|\d{4}\.\d{2}\.\d{3})(?![\d-]|[.,]\d)/g;
  var POSTCODE = /\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b[\s,]*\d{1,5}[a-z]?\b|\b\d{1,5}[a-z]?\s*,?\s*[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b/g;
  var STREET = /\b[A-Z][a-zà-ÿ]+(?:straat|laan|weg|plein|gracht|kade|dijk|singel|hof|pad|steeg|dreef|park|plantsoen|markt|baan)\s+\d{1,5}[a-z]?\b/g;
  var PARTICLES = "(?:(?:van|de|der|den|ter|ten|el|al|van de|van der|van den)\\s+)";
  var NAME = new RegExp(
    "\\b(?:[Jj]uf|[Jj]uffrouw|[Mm]eester|[Mm]evrouw|[Mm]eneer|[Mm]evr\\.?|[Dd]hr\\.?|[Mm]ijn\\s+(?:zoon|dochter|kind|broer|zus))" +
    "\\s+(" + PARTICLES + "*[A-Z][a-zà-ÿ'-]+(?:\\s+" + PARTICLES + "*[A-Z][a-zà-ÿ'-]+)?)", "g");
  var NOT_NAMES = ["de", "het", "een", "die", "dat", "en", "maar", "hij", "zij", "ze", "is", "was",
    "heeft", "had", "zei", "zegt", "kreeg", "kon", "wil", "wilde", "moest", "ging", "gaat", "in", "op",
    "met", "bij", "uit", "naar", "toen", "nu", "ook", "niet", "wel", "zelf"];

  function elfProof(digits) {
    if (digits.length === 8) digits = "0" + digits;
    if (digits.length !== 9 || digits === "000000000") return false;
    var total = 0;
    for (var i = 0; i < 8; i++) total += parseInt(digits[i], 10) * (9 - i);
    total -= parseInt(digits[8], 10);
    return total % 11 === 0;
  }

  function found(text) {
    var hits = [];
    function all(re, filter) {
      re.lastIndex = 0;
      var m;
      while ((m = re.exec(text)) !== null) {
        var value = filter ? filter(m) : m[0];
        if (value) hits.push(value);
      }
    }
    all(EMAIL); all(PHONE); all(POSTCODE); all(STREET);
    all(NINE, function (m) { return elfProof(m[0].replace(/\D/g, "")) ? m[0] : null; });
    all(NAME, function (m) {
      var first = m[1].split(/\s+/)[0];
      return first[0] === first[0].toUpperCase() && NOT_NAMES.indexOf(first.toLowerCase()) !== -1 ? null : m[1];
    });
    return hits.filter(function (v, i) { return hits.indexOf(v) === i; });
  }

  function watch(field) {
    // The words come from the page (templates/tracks/_script_text.html), translated.
    var words = field.form && field.form.getAttribute("data-text-personal-data");
    if (!words) return;
    var hint = document.createElement("p");
    hint.className = "pii-hint small";
    hint.id = field.id + "_pii";
    hint.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", hint);
    var timer = null;
    function check() {
      var hits = found(field.value);
      hint.textContent = hits.length ? words.replace("{found}", hits.slice(0, 3).join(", ")) : "";
    }
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(check, 400);
    });
    check();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".teller-form textarea, .teller-form input[name=title]"), watch);
  });
})();
