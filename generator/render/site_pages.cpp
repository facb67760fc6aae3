#include "render/site_pages.hpp"

namespace retrofit::render {

using kainjow::mustache::data;

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

/// A vendor file for the layout, {key: url}: from the CDN with its integrity
/// hash, or the site's own copy (file:// pages could not check a hash).
data vendor_file(const char* key, const load::VendorScript& file, const std::string& root, load::Assets assets)
{
    data item;
    if (assets == load::Assets::local) {
        item.set(key, root + "assets/vendor/" + load::vendor_file_name(file));
    } else {
        item.set(key, file.cdn_url);
        item.set("integrity", file.integrity);
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
    // Swagger UI first: deferred scripts run in order, and ours calls it.
    data scripts {data::type::list};
    scripts.push_back(vendor_file("src", load::k_swagger_ui_script, root, assets));
    data ours;
    ours.set("src", root + "assets/docs.js");
    scripts.push_back(ours);
    view.set("scripts", scripts);
    data stylesheets {data::type::list};
    stylesheets.push_back(vendor_file("href", load::k_swagger_ui_style, root, assets));
    view.set("stylesheets", stylesheets);
    return templates.render("docs", view);
}

std::string not_found_page(const Templates& templates, const model::Settings& settings)
{
    return templates.render("404", layout(settings, "Page not found", ""));
}

}  // namespace retrofit::render
