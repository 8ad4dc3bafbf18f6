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
  function applyFilter() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var count = 0;
    rows().forEach(function (row) {
      var text = row.textContent.toLowerCase();
      var keep = words.every(function (w) { return text.indexOf(w) !== -1; });
      row.classList.toggle("filtered", !keep);
      if (keep) { count += 1; }
    });
    shown.textContent = count + " of " + body.rows.length + " shown";
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    th.querySelector("button").addEventListener("click", function () { sortBy(th); });
  });
  filter.addEventListener("input", applyFilter);
  applyFilter();
})();
