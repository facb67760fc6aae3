// Draws the API description with Swagger UI (loaded just before this file)
// into the element that names the description (data-spec-url), so the page
// needs no inline script.
(function () {
  "use strict";
  // The description names one server, the site itself, so the server picker
  // offers no choice; and it is a <select> with no name (axe: select-name).
  function hideServers() {
    return { components: { ServersContainer: function () { return null; } } };
  }

  function draw() {
    var element = document.querySelector("[data-spec-url]");
    if (!element || typeof SwaggerUIBundle !== "function") {
      return;
    }
    SwaggerUIBundle({
      url: element.getAttribute("data-spec-url"),
      domNode: element,
      // Deep links put a link inside each operation's toggle button, a control
      // within a control that screen readers cannot reach (axe: nested-interactive).
      deepLinking: false,
      validatorUrl: null, // no badge from validator.swagger.io: the page asks no other server
      plugins: [hideServers],
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
