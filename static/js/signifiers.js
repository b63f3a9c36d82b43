/* Progressive enhancement of signifier widgets. Without this script a slider is a 0-100
 * number box and a triad is three share boxes; with it, a range slider that starts
 * unanswered and a triangle to click, drag or move with the arrow keys. The number boxes
 * stay the form fields, so the server sees the same data either way. */
(function () {
  "use strict";
  var SQRT3_2 = Math.sqrt(3) / 2;

  function labelText(input) {
    var label = input.id && document.querySelector('label[for="' + input.id + '"]');
    return label ? label.textContent.trim() : "";
  }

  /* The page gives the words (templates/tracks/_script_text.html, on the form): translated.
   * "{name}" in them is filled in from `values`. */
  function text(node, name, values) {
    var form = node.closest("form");
    var words = (form && form.getAttribute("data-text-" + name)) || "";
    return words.replace(/\{(\w+)\}/g, function (all, key) {
      return values && key in values ? values[key] : all;
    });
  }

  function legendText(el) {
    var fieldset = el.closest("fieldset");
    var legend = fieldset && fieldset.querySelector("legend");
    return legend ? legend.textContent.replace("*", "").trim() : "";
  }

  /* The help text and error message ids that the server tied to the question's fieldset, so
   * that the control the teller actually uses announces them too. */
  function describedBy(el, ownId) {
    var fieldset = el.closest("fieldset");
    var ids = fieldset && fieldset.getAttribute("aria-describedby");
    return ownId + (ids ? " " + ids : "");
  }

  /* Once the teller changes an answer the server's "invalid" marks are out of date; the
   * message stays until the next submit says whether it is fixed. */
  function clearInvalid(widget) {
    Array.prototype.forEach.call(widget.querySelectorAll("[aria-invalid]"), function (input) {
      input.classList.remove("is-invalid");
      input.removeAttribute("aria-invalid");
    });
  }

  /* ---- sliders ---------------------------------------------------------------------- */
  /* A finger that only passes over a slider while scrolling the page must not answer it: a
   * browser's range input takes a value the moment it is touched. So a pointer gesture only
   * answers once it is clearly a tap (let go without moving much) or a sideways drag; a
   * gesture that goes mostly up or down, or that the browser takes over to scroll
   * (pointercancel), leaves the answer as it was. Keys and assistive technology change the
   * range without a pointer and answer at once. */
  var SLOP = 10;  // px a finger may wobble and still tap

  function enhanceSlider(widget) {
    var number = widget.querySelector(".slider-number");
    if (!number) return;
    var na = widget.querySelector(".slider-na input[type=checkbox]");
    var range = document.createElement("input");
    range.type = "range";
    range.min = "0"; range.max = "100"; range.step = "1";
    range.className = "form-range slider-range";
    range.id = number.id + "_range";
    range.setAttribute("aria-label", legendText(widget) + " " + labelText(number));
    var state = document.createElement("p");
    state.className = "slider-state";
    state.id = number.id + "_state";
    state.setAttribute("aria-live", "polite");
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "btn btn-link btn-sm ms-2 slider-clear";
    clear.textContent = text(widget, "slider-clear");
    range.setAttribute("aria-describedby", describedBy(widget, state.id));
    if (number.getAttribute("aria-invalid") === "true") range.setAttribute("aria-invalid", "true");
    var poles = widget.querySelector(".slider-poles");
    poles.insertAdjacentElement("afterend", range);
    range.insertAdjacentElement("afterend", state);

    function render() {
      var has = number.value !== "";
      // Unanswered: no thumb at all (the CSS hides it), so no position seems chosen.
      widget.classList.toggle("is-unset", !has);
      range.classList.toggle("is-unset", !has);
      range.value = has ? number.value : "50";
      if (has) range.removeAttribute("aria-valuetext");
      else range.setAttribute("aria-valuetext", text(widget, "slider-unanswered"));
      range.disabled = !!(na && na.checked);
      if (na && na.checked) state.textContent = text(widget, "na-chosen", { na: labelText(na) });
      else if (has) state.textContent = text(widget, "slider-chosen", { value: number.value });
      else state.textContent = text(widget, "slider-unset");
      if (has) state.appendChild(clear);
    }
    function answer(value) {
      number.value = value;
      if (na) na.checked = false;
      clearInvalid(widget);
      render();
    }

    // The pointer gesture under way: where it began, the value the range took meanwhile,
    // and once it is clear, whether it runs sideways (answers) or up and down (scrolls).
    var gesture = null;
    range.addEventListener("pointerdown", function (evt) {
      if (!evt.isPrimary || range.disabled) return;
      gesture = { id: evt.pointerId, x: evt.clientX, y: evt.clientY, way: null, value: null };
    });
    function follow(evt) {
      if (!gesture || evt.pointerId !== gesture.id || gesture.way) return;
      var dx = Math.abs(evt.clientX - gesture.x), dy = Math.abs(evt.clientY - gesture.y);
      if (dy > SLOP && dy > dx) {
        gesture.way = "vertical";
        render();
      } else if (dx > SLOP) {
        gesture.way = "sideways";
        if (gesture.value !== null) answer(gesture.value);
      }
    }
    function end(evt) {
      if (!gesture || evt.pointerId !== gesture.id) return;
      follow(evt);
      var tapped = evt.type === "pointerup" && gesture.way === null;
      var value = gesture.value;
      gesture = null;
      if (tapped) answer(value !== null ? value : range.value);
      else render();
    }
    window.addEventListener("pointermove", follow, true);
    window.addEventListener("pointerup", end, true);
    window.addEventListener("pointercancel", end, true);
    range.addEventListener("input", function () {
      if (gesture && gesture.way !== "sideways") {
        // Not yet an answer: remember where the finger put it, show nothing yet.
        gesture.value = range.value;
        render();
        return;
      }
      answer(range.value);
    });
    if (na) na.addEventListener("change", function () {
      if (na.checked) number.value = "";
      render();
    });
    clear.addEventListener("click", function () { number.value = ""; render(); range.focus(); });
    widget.classList.add("is-enhanced");
    render();
  }

  /* ---- triads ----------------------------------------------------------------------- */
  var SVG_NS = "http://www.w3.org/2000/svg";
  var W = 300, PAD = 30, SIDE = W - 2 * PAD, H = SIDE * SQRT3_2 + 2 * PAD;

  function toSvg(x, y) { return [PAD + x * SIDE, H - PAD - y * SIDE]; }
  function fromSvg(px, py) { return [(px - PAD) / SIDE, (H - PAD - py) / SIDE]; }

  function sharesFromPoint(x, y) {
    var c = y / SQRT3_2, b = x - c / 2, a = 1 - b - c;
    var raw = [Math.max(a, 0), Math.max(b, 0), Math.max(c, 0)];
    var total = raw[0] + raw[1] + raw[2] || 1;
    raw = raw.map(function (v) { return (v / total) * 100; });
    var floors = raw.map(Math.floor);
    var rest = 100 - floors.reduce(function (s, v) { return s + v; }, 0);
    raw.map(function (v, i) { return [v - floors[i], i]; })
      .sort(function (p, q) { return q[0] - p[0]; })
      .slice(0, rest)
      .forEach(function (p) { floors[p[1]] += 1; });
    return floors;
  }

  function pointFromShares(s) {
    var total = s[0] + s[1] + s[2];
    var b = s[1] / total, c = s[2] / total;
    return [b + c / 2, c * SQRT3_2];
  }

  function el(name, attrs) {
    var node = document.createElementNS(SVG_NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function enhanceTriad(widget) {
    var inputs = Array.prototype.slice.call(widget.querySelectorAll(".triad-share"));
    if (inputs.length !== 3) return;
    var na = widget.querySelector(".triad-na input[type=checkbox]");
    var total = widget.querySelector("[data-triad-total]");
    var names = inputs.map(labelText);
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, class: "triad-svg", tabindex: "0", role: "img" });
    // The question ends as a sentence ("…over?", not "…over?.") before the instructions.
    var question = legendText(widget).replace(/([^.?!:;\u2026\u061f])$/, "$1.");
    svg.setAttribute("aria-label", text(widget, "triad-label", { question: question, corners: names.join(", ") }));
    var a = toSvg(0, 0), b = toSvg(1, 0), c = toSvg(0.5, SQRT3_2);
    svg.appendChild(el("polygon", { points: [a, b, c].map(function (p) { return p.join(","); }).join(" "), class: "triad-area" }));
    [[a, "start", 0, 18], [b, "end", 0, 18], [c, "middle", 0, -10]].forEach(function (spec, i) {
      var t = el("text", { x: spec[0][0] + spec[2], y: spec[0][1] + spec[3], "text-anchor": spec[1] });
      t.textContent = names[i];
      svg.appendChild(t);
    });
    var dot = el("circle", { r: 9, class: "triad-point" });
    svg.appendChild(dot);
    total.id = inputs[0].id + "_total";
    svg.setAttribute("aria-describedby", describedBy(widget, total.id));
    widget.querySelector(".triad-instruction").insertAdjacentElement("afterend", svg);

    function values() { return inputs.map(function (i) { return i.value === "" ? null : parseInt(i.value, 10); }); }
    function render() {
      var v = values();
      var filled = v.filter(function (x) { return x !== null && !isNaN(x); });
      var sum = filled.reduce(function (s, x) { return s + x; }, 0);
      var complete = filled.length === 3 && sum === 100;
      dot.style.display = complete ? "" : "none";
      if (complete) {
        var p = toSvg.apply(null, pointFromShares(v));
        dot.setAttribute("cx", p[0]); dot.setAttribute("cy", p[1]);
      }
      if (na && na.checked) total.textContent = text(widget, "na-chosen", { na: labelText(na) });
      else if (!filled.length) total.textContent = text(widget, "triad-unset");
      else if (complete) {
        total.textContent = text(widget, "triad-complete", {
          shares: names.map(function (n, i) { return n + " " + v[i]; }).join(", ")
        });
      } else total.textContent = text(widget, "triad-sum", { sum: sum });
    }
    function setShares(s) {
      inputs.forEach(function (input, i) { input.value = String(s[i]); });
      if (na) na.checked = false;
      clearInvalid(widget);
      render();
    }
    function setFromEvent(evt) {
      var rect = svg.getBoundingClientRect();
      var px = ((evt.clientX - rect.left) / rect.width) * W;
      var py = ((evt.clientY - rect.top) / rect.height) * H;
      var xy = fromSvg(px, py);
      setShares(sharesFromPoint(xy[0], Math.max(xy[1], 0)));
    }
    var dragging = false;
    svg.addEventListener("pointerdown", function (evt) { dragging = true; svg.setPointerCapture(evt.pointerId); setFromEvent(evt); });
    svg.addEventListener("pointermove", function (evt) { if (dragging) setFromEvent(evt); });
    svg.addEventListener("pointerup", function () { dragging = false; });
    svg.addEventListener("keydown", function (evt) {
      var moves = { ArrowLeft: [-0.03, 0], ArrowRight: [0.03, 0], ArrowUp: [0, 0.03], ArrowDown: [0, -0.03] };
      var move = moves[evt.key];
      if (!move) return;
      evt.preventDefault();
      var v = values();
      var start = v.every(function (x) { return x !== null; }) && v[0] + v[1] + v[2] === 100 ? pointFromShares(v) : [0.5, SQRT3_2 / 3];
      setShares(sharesFromPoint(start[0] + move[0], Math.max(start[1] + move[1], 0)));
    });
    inputs.forEach(function (i) { i.addEventListener("input", render); });
    if (na) na.addEventListener("change", function () {
      if (na.checked) inputs.forEach(function (i) { i.value = ""; });
      render();
    });
    render();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-slider]"), enhanceSlider);
    Array.prototype.forEach.call(document.querySelectorAll("[data-triad]"), enhanceTriad);
  });
})();
