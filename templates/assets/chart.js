// Draws every chart of a page from the Vega-Lite spec carried beside it as
// JSON data (not script), so pages need no inline script. Under the pages'
// Content-Security-Policy (no eval, no inline style) vega runs its expression
// interpreter (ast) and nothing injects a <style>: site.css styles the
// tooltip and the actions menu.
(function () {
  "use strict";
  function draw() {
    var specs = document.querySelectorAll("script.chart-spec[data-chart]");
    Array.prototype.forEach.call(specs, function (element) {
      var target = document.getElementById(element.getAttribute("data-chart"));
      if (!target || typeof vegaEmbed !== "function") {
        return;
      }
      vegaEmbed(target, JSON.parse(element.textContent), {
        actions: { export: true, source: false, compiled: false, editor: false },
        ast: true,
        defaultStyle: false,
        tooltip: { disableDefaultStyle: true },
        // UK conventions: "£1,234.50", not "$1,234.50".
        formatLocale: { decimal: ".", thousands: ",", grouping: [3], currency: ["\u00a3", ""] },
      }).catch(function (error) {
        target.textContent = "The chart could not be drawn: " + error.message;
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
