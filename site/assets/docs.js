// Draws the API description with Swagger UI (loaded just before this file)
// into the element that names the description (data-spec-url), so the page
// needs no inline script.
(function () {
  "use strict";
  function draw() {
    var element = document.querySelector("[data-spec-url]");
    if (!element || typeof SwaggerUIBundle !== "function") {
      return;
    }
    SwaggerUIBundle({
      url: element.getAttribute("data-spec-url"),
      domNode: element,
      deepLinking: true,
      validatorUrl: null, // no badge from validator.swagger.io: the page asks no other server
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
