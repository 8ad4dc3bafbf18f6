(function () {
  "use strict";
  var table = document.getElementById("status");
  var body = table.tBodies[0];
  var filter = document.getElementById("filter");
  var shown = document.getElementById("shown");
  function rows() { return Array.prototype.slice.call(body.rows); }
  function key(row, col) { return row.cells[col].getAttribute("data-sort") || ""; }
  function sortBy(th) {
    var col = Number(th.getAttribute("data-col"));
    var numeric = th.getAttribute("data-type") === "num";
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    var sorted = rows().map(function (row, i) { return [row, i]; });
    sorted.sort(function (a, b) {
      var x = key(a[0], col), y = key(b[0], col), c;
      if (numeric) { c = Number(x) - Number(y); } else { c = x < y ? -1 : x > y ? 1 : 0; }
      return c * dir || a[1] - b[1];
    });
    sorted.forEach(function (pair) { body.appendChild(pair[0]); });
  }
  // Each row's text, lower-cased once: filtering then only compares strings.
  function text(row) {
    if (row.wbText === undefined) { row.wbText = row.textContent.toLowerCase(); }
    return row.wbText;
  }
  function applyFilter() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var all = body.rows, count = 0;
    for (var i = 0; i < all.length; i += 1) {
      var row = all[i], t = text(row), keep = true;
      for (var w = 0; w < words.length && keep; w += 1) { keep = t.indexOf(words[w]) !== -1; }
      if (row.classList.contains("filtered") === keep) { row.classList.toggle("filtered", !keep); }
      if (keep) { count += 1; }
    }
    shown.textContent = count + " of " + all.length + " shown";
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    th.querySelector("button").addEventListener("click", function () { sortBy(th); });
  });
  filter.addEventListener("input", applyFilter);
  applyFilter();

  var svg = document.getElementById("flows");
  if (svg) { graph(svg); }

  // The data-flow graph: pan and zoom through the viewBox; choosing an app (click
  // or search) highlights its flows and neighbours and dims the rest.
  function graph(svg) {
    var full = { x: 0, y: 0, w: Number(svg.getAttribute("data-width")), h: Number(svg.getAttribute("data-height")) };
    var view = { x: 0, y: 0, w: full.w, h: full.h };
    var minW = Math.max(120, full.w / 60);
    var search = document.getElementById("app-search");
    var found = document.getElementById("app-found");
    var info = document.getElementById("app-info");
    var nodes = {}, names = {}, byApp = {}, selected = null;
    Array.prototype.forEach.call(svg.querySelectorAll("g.node"), function (n) {
      var id = n.getAttribute("data-app");
      nodes[id] = n;
      names[n.querySelector("title").textContent.trim().toLowerCase()] = id;
    });
    Array.prototype.forEach.call(svg.querySelectorAll("g.edge"), function (e) {
      var from = e.getAttribute("data-from"), to = e.getAttribute("data-to");
      (byApp[from] = byApp[from] || []).push(e);
      if (to !== from) { (byApp[to] = byApp[to] || []).push(e); }
    });
    function name(id) { return nodes[id].querySelector("title").textContent; }

    function apply() {
      svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(function (v) { return Math.round(v * 10) / 10; }).join(" "));
    }
    function zoom(factor, cx, cy) {
      var w = Math.min(Math.max(view.w * factor, minW), full.w * 2);
      var f = w / view.w;
      view.x = cx - (cx - view.x) * f;
      view.y = cy - (cy - view.y) * f;
      view.w = w;
      view.h *= f;
      apply();
    }
    function zoomCentre(factor) { zoom(factor, view.x + view.w / 2, view.y + view.h / 2); }
    function fit() { view = { x: full.x, y: full.y, w: full.w, h: full.h }; apply(); }
    function toSvg(clientX, clientY) {
      var p = svg.createSVGPoint();
      p.x = clientX;
      p.y = clientY;
      return p.matrixTransform(svg.getScreenCTM().inverse());
    }
    function pan(dx, dy) { // screen pixels
      var m = svg.getScreenCTM();
      view.x -= dx / m.a;
      view.y -= dy / m.d;
      apply();
    }
    // Shows the app and its neighbours, keeping the page's aspect ratio.
    function focusOn(id) {
      var boxes = [nodes[id]];
      (byApp[id] || []).forEach(function (e) {
        boxes.push(nodes[e.getAttribute("data-from")], nodes[e.getAttribute("data-to")]);
      });
      var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      boxes.forEach(function (n) {
        var b = n.getBBox();
        x0 = Math.min(x0, b.x); y0 = Math.min(y0, b.y);
        x1 = Math.max(x1, b.x + b.width); y1 = Math.max(y1, b.y + b.height);
      });
      var pad = 40, w = x1 - x0 + 2 * pad, h = y1 - y0 + 2 * pad, ratio = full.w / full.h;
      if (w / h < ratio) { w = h * ratio; } else { h = w / ratio; }
      if (w < minW * 4) { w = minW * 4; h = w / ratio; }
      view = { x: (x0 + x1) / 2 - w / 2, y: (y0 + y1) / 2 - h / 2, w: w, h: h };
      apply();
    }

    function clear() {
      selected = null;
      svg.classList.remove("selecting");
      Array.prototype.forEach.call(svg.querySelectorAll(".hl, .nb"), function (el) {
        el.classList.remove("hl", "nb");
        if (el.classList.contains("edge")) { el.querySelector("path").setAttribute("marker-end", "url(#arrow)"); }
      });
      info.hidden = true;
      info.textContent = "";
    }
    function el(tag, textContent, cls) {
      var e = document.createElement(tag);
      if (textContent) { e.textContent = textContent; }
      if (cls) { e.className = cls; }
      return e;
    }
    function appButtons(label, ids) {
      var p = el("p", label + " ");
      if (!ids.length) { p.appendChild(document.createTextNode("none")); }
      ids.sort(function (a, b) { return name(a).toLowerCase() < name(b).toLowerCase() ? -1 : 1; });
      ids.forEach(function (id) {
        var b = el("button", name(id));
        b.type = "button";
        b.setAttribute("data-app", id);
        b.addEventListener("click", function () { select(id); });
        p.appendChild(b);
      });
      return p;
    }
    function select(id) {
      clear();
      if (!id || !nodes[id]) { return; }
      selected = id;
      svg.classList.add("selecting");
      nodes[id].classList.add("hl");
      var flows = 0, ins = 0, outs = 0, to = {}, from = {}, lines = [];
      var layer = svg.querySelector("#edges");
      (byApp[id] || []).forEach(function (e) {
        var f = e.getAttribute("data-from"), t = e.getAttribute("data-to"), n = Number(e.getAttribute("data-flows"));
        e.classList.add("hl");
        e.querySelector("path").setAttribute("marker-end", "url(#arrow-hl)");
        layer.appendChild(e); // drawn above the dimmed edges
        flows += n;
        if (f === id) { outs += n; if (t !== id) { to[t] = true; } }
        if (t === id) { ins += n; if (f !== id) { from[f] = true; } }
        lines.push(e.querySelector("title").textContent);
      });
      var neighbours = {};
      Object.keys(to).concat(Object.keys(from)).forEach(function (n) { neighbours[n] = true; nodes[n].classList.add("nb"); });
      var count = Object.keys(neighbours).length;
      var head = el("p", "", "head");
      head.appendChild(el("strong", name(id)));
      head.appendChild(document.createTextNode(": " + flows + " flow" + (flows === 1 ? "" : "s") + " (" + outs + " out, " + ins + " in) with " +
        count + " app" + (count === 1 ? "" : "s") + " "));
      var close = el("button", "Clear");
      close.type = "button";
      close.addEventListener("click", clear);
      head.appendChild(close);
      info.appendChild(head);
      info.appendChild(appButtons("Sends to:", Object.keys(to)));
      info.appendChild(appButtons("Receives from:", Object.keys(from)));
      var details = el("details"), list = el("ul");
      details.appendChild(el("summary", "Flows (" + lines.length + " pair" + (lines.length === 1 ? "" : "s") + " of apps)"));
      lines.sort().forEach(function (l) { list.appendChild(el("li", l)); });
      details.appendChild(list);
      info.appendChild(details);
      info.hidden = false;
    }
    function lookup(q, loose) {
      q = q.trim().toLowerCase();
      if (!q) { return null; }
      if (names[q]) { return names[q]; }
      if (!loose) { return null; }
      var keys = Object.keys(names).sort(), k;
      for (k = 0; k < keys.length; k += 1) { if (keys[k].indexOf(q) === 0) { return names[keys[k]]; } }
      for (k = 0; k < keys.length; k += 1) { if (keys[k].indexOf(q) !== -1) { return names[keys[k]]; } }
      return null;
    }
    function find(loose) {
      var id = lookup(search.value, loose);
      if (id) {
        select(id);
        focusOn(id);
        found.textContent = name(id);
      } else {
        found.textContent = search.value.trim() && loose ? "no app matches “" + search.value.trim() + "”" : "";
      }
    }
    search.addEventListener("input", function () { find(false); });
    search.addEventListener("change", function () { find(true); });
    search.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); find(true); } });

    document.getElementById("zoom-in").addEventListener("click", function () { zoomCentre(1 / 1.4); });
    document.getElementById("zoom-out").addEventListener("click", function () { zoomCentre(1.4); });
    document.getElementById("zoom-fit").addEventListener("click", fit);
    svg.addEventListener("wheel", function (e) {
      e.preventDefault();
      var p = toSvg(e.clientX, e.clientY);
      zoom(Math.pow(1.0015, Math.max(-300, Math.min(300, e.deltaY))), p.x, p.y);
    }, { passive: false });
    var drag = null;
    svg.addEventListener("pointerdown", function (e) {
      if (e.button !== 0) { return; }
      var node = e.target.closest ? e.target.closest("g.node") : null;
      drag = { x: e.clientX, y: e.clientY, moved: false, node: node ? node.getAttribute("data-app") : null };
      svg.setPointerCapture(e.pointerId);
    });
    svg.addEventListener("pointermove", function (e) {
      if (!drag) { return; }
      var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) { return; }
      drag.moved = true;
      svg.classList.add("dragging");
      pan(dx, dy);
      drag.x = e.clientX;
      drag.y = e.clientY;
    });
    function end(e) {
      if (!drag) { return; }
      if (!drag.moved && e.type === "pointerup") {
        if (drag.node && drag.node !== selected) { select(drag.node); } else if (!drag.node) { clear(); }
      }
      svg.classList.remove("dragging");
      drag = null;
    }
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    svg.addEventListener("keydown", function (e) {
      var step = 60;
      switch (e.key) {
        case "+": case "=": zoomCentre(1 / 1.4); break;
        case "-": case "_": zoomCentre(1.4); break;
        case "0": fit(); break;
        case "ArrowLeft": pan(step, 0); break;
        case "ArrowRight": pan(-step, 0); break;
        case "ArrowUp": pan(0, step); break;
        case "ArrowDown": pan(0, -step); break;
        case "Escape": clear(); break;
        default: return;
      }
      e.preventDefault();
    });
  }
})();
