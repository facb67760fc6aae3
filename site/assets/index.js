// Sorts and filters the table of homes on an index page. The table is whole
// without this script: it only turns the column headings into sort buttons
// and shows the filter box. Number columns sort on each cell's
// data-sort-value (the plain figure), never on the formatted text; empty
// cells go last whichever the direction.
(function () {
  "use strict";
  var collator = new Intl.Collator("en-GB", { numeric: true, sensitivity: "base" });

  function sortKey(cell, numeric) {
    var text = numeric ? cell.getAttribute("data-sort-value") : cell.textContent.trim();
    return text ? (numeric ? Number(text) : text) : null;
  }

  function setUp(table, tools) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var filter = document.getElementById("home-filter");
    var status = document.getElementById("match-count");
    var scope = tools.hasAttribute("data-several-pages") ? " on this page" : "";

    function sortBy(header, column) {
      var numeric = header.getAttribute("data-sort") === "number";
      var direction = header.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      rows.sort(function (a, b) {
        var x = sortKey(a.cells[column], numeric);
        var y = sortKey(b.cells[column], numeric);
        if (x === null || y === null) {
          return (x === null) - (y === null);
        }
        return direction * (numeric ? x - y : collator.compare(x, y));
      });
      rows.forEach(function (row) { body.appendChild(row); });
      headers.forEach(function (other) {
        if (other.hasAttribute("aria-sort")) {
          other.setAttribute("aria-sort", other !== header ? "none" : direction > 0 ? "ascending" : "descending");
        }
      });
    }

    function applyFilter() {
      var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.textContent.toLowerCase();
        row.hidden = !words.every(function (word) { return text.indexOf(word) !== -1; });
        shown += row.hidden ? 0 : 1;
      });
      var total = rows.length.toLocaleString("en-GB") + (rows.length === 1 ? " home" : " homes");
      status.textContent = words.length === 0 ? "Showing all " + total + scope + "."
        : shown.toLocaleString("en-GB") + " of " + total + scope + " match.";
    }

    headers.forEach(function (header, column) {
      if (!header.hasAttribute("data-sort")) {
        return;
      }
      var button = document.createElement("button");
      button.type = "button";
      while (header.firstChild) {
        button.appendChild(header.firstChild);
      }
      header.appendChild(button);
      header.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () { sortBy(header, column); });
    });
    filter.addEventListener("input", applyFilter);
    tools.hidden = false;
    applyFilter();
  }

  function start() {
    var table = document.querySelector("table.homes");
    var tools = document.getElementById("index-tools");
    if (table && tools) {
      setUp(table, tools);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
