// storyline story page: filter the server-rendered timeline and zoom it by date range.
// Works on data- attributes only; builds SVG with createElementNS and textContent (never innerHTML).
"use strict";
(function () {
  var SVG = "http://www.w3.org/2000/svg";
  var DAY = 86400000;
  var PAD = 14;

  function parseDay(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : null;
  }
  function formatDay(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }
  function el(name, attrs) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var list = document.getElementById("timeline-list");
    if (!list) return;
    var svg = document.getElementById("axis");
    var controls = {
      type: document.getElementById("f-type"),
      entity: document.getElementById("f-entity"),
      status: document.getElementById("f-status"),
      from: document.getElementById("f-from"),
      to: document.getElementById("f-to"),
      undated: document.getElementById("f-undated")
    };
    var count = document.getElementById("f-count");
    var items = Array.prototype.map.call(list.querySelectorAll("li.event"), function (li) {
      return {
        li: li,
        first: parseDay(li.dataset.first),
        last: parseDay(li.dataset.last),
        type: li.dataset.type,
        status: li.dataset.status,
        entities: li.dataset.entities ? li.dataset.entities.split("|") : []
      };
    });
    var dated = items.filter(function (it) { return it.first !== null; });
    var fullStart = Math.min.apply(null, dated.map(function (it) { return it.first; }));
    var fullEnd = Math.max.apply(null, dated.map(function (it) { return it.last; }));
    // The axis opens on the story's own span: background events years earlier would squeeze it.
    var storyFirst = parseDay(svg.dataset.storyFirst);
    var storyLast = parseDay(svg.dataset.storyLast);
    var openStart = storyFirst !== null ? Math.max(fullStart, storyFirst - 30 * DAY) : fullStart;
    var openEnd = storyLast !== null ? Math.min(fullEnd, storyLast + 90 * DAY) : fullEnd;
    if (openEnd <= openStart) { openStart = fullStart; openEnd = fullEnd; }
    if (dated.length) {
      controls.from.min = controls.to.min = formatDay(fullStart);
      controls.from.max = controls.to.max = formatDay(fullEnd);
    }

    function visible(it, start, end) {
      if (controls.type.value && it.type !== controls.type.value) return false;
      if (controls.status.value && it.status !== controls.status.value) return false;
      if (controls.entity.value && it.entities.indexOf(controls.entity.value) < 0) return false;
      if (it.first === null) return start === null && end === null && controls.undated.checked;
      if (start !== null && it.last < start) return false;
      if (end !== null && it.first > end) return false;
      return true;
    }

    function apply() {
      var start = parseDay(controls.from.value);
      var end = parseDay(controls.to.value);
      var shown = 0;
      items.forEach(function (it) {
        it.shown = visible(it, start, end);
        it.li.hidden = !it.shown;
        if (it.shown) shown += 1;
      });
      count.textContent = shown + " of " + items.length + " event(s)";
      draw(start, end);
    }

    function draw(start, end) {
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      var width = svg.clientWidth || 800;
      var lo = start !== null ? start : openStart;
      var hi = end !== null ? end : openEnd;
      if (!dated.length || !isFinite(lo) || !isFinite(hi)) return;
      if (hi <= lo) { lo -= DAY; hi += DAY; }
      var scale = function (ms) { return PAD + (ms - lo) / (hi - lo) * (width - 2 * PAD); };
      svg.appendChild(el("line", { "class": "base", x1: PAD, x2: width - PAD, y1: 44, y2: 44 }));
      var ticks = 6;
      for (var i = 0; i <= ticks; i += 1) {
        var ms = lo + (hi - lo) * i / ticks;
        var anchor = i === 0 ? "start" : (i === ticks ? "end" : "middle");
        var label = el("text", { "class": "tick", x: scale(ms), y: 60, "text-anchor": anchor });
        label.textContent = formatDay(ms);
        svg.appendChild(label);
      }
      var stacks = {};
      var earlier = 0, later = 0;
      items.forEach(function (it) {
        if (!it.shown || it.first === null) return;
        if (it.last < lo) { earlier += 1; return; }
        if (it.first > hi) { later += 1; return; }
        var mid = (Math.max(it.first, lo) + Math.min(it.last, hi)) / 2;
        var x = Math.round(scale(mid));
        var level = stacks[x] = (stacks[x] || 0) + 1;
        var dot = el("circle", { "class": "dot status-" + it.status, cx: x, cy: 44 - 7 * Math.min(level, 5), r: 4 });
        var title = el("title", {});
        title.textContent = (it.li.querySelector(".when").textContent + " · " + it.type + ": " +
          it.li.querySelector(".summary").textContent).slice(0, 200);
        dot.appendChild(title);
        dot.addEventListener("click", function () {
          it.li.scrollIntoView({ behavior: "smooth", block: "center" });
          it.li.classList.add("flash");
          window.setTimeout(function () { it.li.classList.remove("flash"); }, 1500);
        });
        svg.appendChild(dot);
      });
      if (earlier) edgeNote("◀ " + earlier + " earlier", PAD, "start");
      if (later) edgeNote(later + " later ▶", width - PAD, "end");
      svg.dataset.lo = lo;
      svg.dataset.hi = hi;
      svg.dataset.width = width;
    }

    function edgeNote(text, x, anchor) {
      var note = el("text", { "class": "tick edge", x: x, y: 12, "text-anchor": anchor });
      note.textContent = text;
      svg.appendChild(note);
    }

    // Drag across the axis to zoom into that date range.
    var brushStart = null;
    var brush = null;
    function dayAt(x) {
      var lo = +svg.dataset.lo, hi = +svg.dataset.hi, width = +svg.dataset.width;
      var ms = lo + (x - PAD) / (width - 2 * PAD) * (hi - lo);
      return Math.min(Math.max(ms, lo), hi);
    }
    function localX(event) { return event.clientX - svg.getBoundingClientRect().left; }
    svg.addEventListener("pointerdown", function (event) {
      if (event.target.tagName === "circle") return;
      brushStart = localX(event);
      brush = el("rect", { "class": "brush", x: brushStart, y: 2, width: 0, height: 46 });
      svg.appendChild(brush);
      svg.setPointerCapture(event.pointerId);
    });
    svg.addEventListener("pointermove", function (event) {
      if (brushStart === null) return;
      var x = localX(event);
      brush.setAttribute("x", Math.min(x, brushStart));
      brush.setAttribute("width", Math.abs(x - brushStart));
    });
    svg.addEventListener("pointerup", function (event) {
      if (brushStart === null) return;
      var x = localX(event);
      var a = Math.min(x, brushStart), b = Math.max(x, brushStart);
      brushStart = null;
      if (b - a < 6) { apply(); return; }
      controls.from.value = formatDay(dayAt(a));
      controls.to.value = formatDay(dayAt(b) + DAY - 1);
      apply();
    });

    Object.keys(controls).forEach(function (key) {
      controls[key].addEventListener("change", apply);
    });
    document.getElementById("f-reset").addEventListener("click", function () {
      controls.type.value = controls.entity.value = controls.status.value = "";
      controls.from.value = controls.to.value = "";
      controls.undated.checked = true;
      apply();
    });
    document.getElementById("f-all").addEventListener("click", function () {
      if (!dated.length) return;
      controls.from.value = formatDay(fullStart);
      controls.to.value = formatDay(fullEnd);
      apply();
    });
    window.addEventListener("resize", apply);
    apply();
  });
})();
