/* While typing: a friendly hint when a text looks like it contains personal data. It never
 * blocks; the server looks again when the page is sent.
 *
 * The patterns and word lists are the server's (vertelpunt/pii.py, browser_rules()), put in
 * the page as <script type="application/json" id="pii-rules">; this file only repeats the
 * few steps of find_personal_data() that follow the matching. A browser that cannot read the
 * patterns (no lookbehind or Unicode classes) shows no hint. */
(function () {
  "use strict";
  var ND = /\p{Nd}/u;

  function compile(data) {
    var p = data.patterns, re = {};
    Object.keys(p).forEach(function (name) {
      // u: the sources are written for it; d: where each named group matched.
      re[name] = new RegExp(p[name], name === "ofAPlace" ? "uy" : "gud");
    });
    return {
      re: re,
      space: new RegExp(data.space, "u"),
      notNames: data.notNames,
      particles: data.particles
    };
  }

  function rules() {
    var node = document.getElementById("pii-rules");
    if (!node) return null;
    try {
      return compile(JSON.parse(node.textContent));
    } catch (e) {
      return null;
    }
  }

  /* The value of a decimal digit of any script: Unicode puts every digit set in a run of ten,
   * 0 to 9, so the value is how many digits come just before it, counted in tens. */
  function digitValue(ch) {
    var code = ch.codePointAt(0), before = 0;
    while (code - before > 0 && ND.test(String.fromCodePoint(code - before - 1))) before++;
    return before % 10;
  }

  function elfProof(text) {
    var digits = Array.from(text).filter(function (c) { return ND.test(c); }).map(digitValue);
    if (digits.length === 8) digits.unshift(0);
    if (digits.length !== 9 || digits.every(function (d) { return d === 0; })) return false;
    var total = 0;
    for (var i = 0; i < 8; i++) total += digits[i] * (9 - i);
    total -= digits[8];
    return total % 11 === 0;
  }

  function isUpper(ch) { return ch !== ch.toLowerCase(); }

  function find(r, text) {
    var spans = [];
    function each(name, take) {
      var re = r.re[name], m;
      re.lastIndex = 0;
      while ((m = re.exec(text)) !== null) take(m);
    }
    function whole(kind) {
      return function (m) { spans.push({ start: m.index, end: m.index + m[0].length, kind: kind }); };
    }
    function group(m, names) {
      return names.filter(function (n) { return m.groups[n] !== undefined; })[0];
    }
    function words(value) { return value.split(r.space).filter(Boolean); }

    each("email", whole("email"));
    each("phone", whole("phone"));
    each("nineDigits", function (m) { if (elfProof(m[0])) whole("bsn")(m); });
    each("postcodeHouse", whole("address"));
    each("street", whole("address"));
    each("nameCue", function (m) {
      var g = group(m, ["name", "titled"]), name = m.groups[g];
      // The first word that is not a particle: "Juf Die zei..." is no name.
      var first = words(name).filter(function (w) {
        return isUpper(w[0]) && r.particles.indexOf(w.toLowerCase()) === -1;
      })[0];
      if (!first || r.notNames.indexOf(first.toLowerCase()) !== -1) return;
      // "de directeur van Het Baken" names a place, found as a school below.
      r.re.ofAPlace.lastIndex = 0;
      if (r.re.ofAPlace.test(name)) return;
      var at = m.indices.groups[g];
      spans.push({ start: at[0], end: at[1], kind: "name" });
    });
    each("school", function (m) {
      var g = group(m, ["after", "college", "named"]), last = words(m.groups[g]).pop();
      if (r.notNames.indexOf(last.toLowerCase()) !== -1 || (g === "after" && !isUpper(last[0]))) return;
      var at = m.indices.groups[g];
      spans.push({ start: at[0], end: at[1], kind: "school" });
    });

    // As the server: from the start, the longer of two spans that begin together, no overlaps.
    spans.sort(function (a, b) { return a.start - b.start || (b.end - b.start) - (a.end - a.start); });
    var kept = [];
    spans.forEach(function (s) {
      if (!kept.length || s.start >= kept[kept.length - 1].end) kept.push(s);
    });
    return kept.map(function (s) { return text.slice(s.start, s.end); });
  }

  function watch(r, field) {
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
      var hits = find(r, field.value);
      hits = hits.filter(function (v, i) { return hits.indexOf(v) === i; });
      hint.textContent = hits.length ? words.replace("{found}", hits.slice(0, 3).join(", ")) : "";
    }
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(check, 400);
    });
    check();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var r = rules();
    if (!r) return;
    Array.prototype.forEach.call(
      document.querySelectorAll(".teller-form textarea, .teller-form input[name=title]"),
      function (field) { watch(r, field); });
  });
})();
