#include "render/site_pages.hpp"

namespace retrofit::render {

using kainjow::mustache::data;

const CdnFile k_swagger_ui_script = {"https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.35.0/swagger-ui-bundle.js",
    "sha384-gjRm0bEPMeTmMh5jT2cHccIwCUZSTd8YC+j0d0sXw0MdGEfScduGpSyF3ZSSLkX9"};
const CdnFile k_swagger_ui_style = {"https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.35.0/swagger-ui.css",
    "sha384-WlYgdmXYOOBWL5apwjDEZwN+U3HmXSSu5R6V5aGxEcf7z+KuRNwBhoxKVN1i3D5I"};

namespace {

/// The view every page's layout (head and foot) reads.
data layout(const model::Settings& settings, const std::string& title, const std::string& root)
{
    data view;
    view.set("site_title", settings.title);
    view.set("page_title", title);
    view.set("root", root);
    return view;
}

/// A file for the layout: {key: url} and its integrity hash, if any.
data file(const char* key, const std::string& url, const char* integrity)
{
    data item;
    item.set(key, url);
    if (integrity != nullptr) {
        item.set("integrity", integrity);
    }
    return item;
}

}  // namespace

std::string docs_page(const Templates& templates, const model::Settings& settings, load::Assets assets)
{
    const std::string root = "../";
    data view = layout(settings, "API", root);
    view.set("spec_href", root + "api/openapi.json");
    view.set("homes_href", root + "api/homes.json");
    view.set("swagger", assets == load::Assets::cdn);
    if (assets == load::Assets::cdn) {
        // Swagger UI first: deferred scripts run in order, and ours calls it.
        data scripts {data::type::list};
        scripts.push_back(file("src", k_swagger_ui_script.url, k_swagger_ui_script.integrity));
        scripts.push_back(file("src", root + "assets/docs.js", nullptr));
        view.set("scripts", scripts);
        data stylesheets {data::type::list};
        stylesheets.push_back(file("href", k_swagger_ui_style.url, k_swagger_ui_style.integrity));
        view.set("stylesheets", stylesheets);
    }
    return templates.render("docs", view);
}

std::string not_found_page(const Templates& templates, const model::Settings& settings)
{
    return templates.render("404", layout(settings, "Page not found", ""));
}

}  // namespace retrofit::render
