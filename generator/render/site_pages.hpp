#pragma once

#include "load/vendor.hpp"
#include "model/model.hpp"
#include "render/templates.hpp"

#include <string>

namespace retrofit::render {

/// A file of a browser library on the CDN at an exact version, so the page
/// works the same next year, with the Subresource Integrity hash of the
/// file npm installs (the CDN serves it unchanged).
struct CdnFile {
    const char* url;
    const char* integrity;  ///< "sha384-" + base64 of the SHA-384 digest
};

/// Swagger UI, which draws the API description. Unlike Redoc it injects no
/// inline style, so the page keeps a strict Content-Security-Policy.
extern const CdnFile k_swagger_ui_script;
extern const CdnFile k_swagger_ui_style;

/// docs/index.html: the API description (api/openapi.json) drawn by Swagger
/// UI, the counterpart of the prototype's /docs/. With --assets local the
/// site loads nothing from the internet, so the page links the description.
std::string docs_page(const Templates& templates, const model::Settings& settings, load::Assets assets);

/// 404.html: what a static host answers a wrong URL with. Its links are
/// relative to the site root, like the index's: the host serves it at the
/// wrong URL's own path, so they hold for a wrong URL at the top level.
std::string not_found_page(const Templates& templates, const model::Settings& settings);

}  // namespace retrofit::render
