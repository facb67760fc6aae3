#pragma once

#include "load/vendor.hpp"
#include "model/model.hpp"
#include "render/templates.hpp"

#include <string>

namespace retrofit::render {

/// docs/index.html: the API description (api/openapi.json) drawn by Swagger
/// UI, the counterpart of the prototype's /docs/. Swagger UI comes from the
/// CDN, or with --assets local from the site's own assets/vendor/, so the page
/// draws with no internet too.
std::string docs_page(const Templates& templates, const model::Settings& settings, load::Assets assets);

/// 404.html: what a static host answers a wrong URL with. Its links are
/// relative to the site root, like the index's: the host serves it at the
/// wrong URL's own path, so they hold for a wrong URL at the top level.
std::string not_found_page(const Templates& templates, const model::Settings& settings);

}  // namespace retrofit::render
