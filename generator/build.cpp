#include "build.hpp"

#include "derive/comparison.hpp"
#include "derive/spec.hpp"
#include "load/content.hpp"
#include "model/content.hpp"
#include "render/api.hpp"
#include "render/headers.hpp"
#include "render/index.hpp"
#include "render/pages.hpp"
#include "render/site_pages.hpp"
#include "render/templates.hpp"

#include <algorithm>
#include <cstdlib>

namespace retrofit {

namespace {

/// Reads and validates all content; the sink says whether it is usable.
model::Content load_content(const BuildOptions& options, Diagnostics& sink, BuildSummary& summary)
{
    // Load: the raw bytes of every content file, in a stable order.
    const load::ContentFiles files = load::read_content(options.content, sink);
    // Model: parse, validate and link, reporting every problem of every file.
    model::Content content = model::build_content(files, sink);
    summary.homes = content.homes.size();
    summary.simulations = content.results.size();
    if (options.warnings_as_errors) {
        sink.promote_warnings("--warnings-as-errors");
    }
    return content;
}

/// An absolute, normalised path without a trailing separator.
std::filesystem::path resolved(const std::filesystem::path& path)
{
    std::error_code ec;
    std::filesystem::path out = std::filesystem::weakly_canonical(std::filesystem::absolute(path), ec);
    return out.has_relative_path() && out.filename().empty() ? out.parent_path() : out;
}

/// Whether inner is folder or lies below it.
bool within(const std::filesystem::path& inner, const std::filesystem::path& folder)
{
    const auto [stop, unused] = std::mismatch(folder.begin(), folder.end(), inner.begin(), inner.end());
    return stop == folder.end();
}

/// The files of one home: its API file, its page and a spec per simulation.
/// Returns the energy figures of its first simulation, for the index.
std::optional<derive::Figure> render_home(const render::Templates& templates, const model::Content& content,
    const model::Home& home, const std::vector<const model::SimulationResult*>& results, load::Assets assets,
    write::Files& files)
{
    std::vector<std::string> ids;
    std::vector<render::HomeSimulation> simulations;
    for (const model::SimulationResult* result : results) {
        // Derive: the chart's numbers, rounded once, used by every output.
        simulations.push_back({result, derive::compare(*result)});
        ids.push_back(result->simulation_id);
        files["api/energy-comparison/" + result->simulation_id + ".json"]
            = render::comparison_api(*result, simulations.back().comparison);
        files["homes/" + home.uprn + "/" + result->simulation_id + ".vl.json"]
            = derive::chart_spec(home, simulations.back().comparison, true);
    }
    files["api/home/" + home.uprn + ".json"] = render::home_api(home, ids);
    files["homes/" + home.uprn + "/index.html"]
        = render::home_page(templates, content.settings, home, simulations, assets);
    if (simulations.empty()) {
        return std::nullopt;
    }
    return simulations.front().comparison.energy.annual;
}

/// The API describes itself: the catalogue of homes, the OpenAPI description
/// and the page that draws it, and the answers to a wrong URL.
void render_self_description(const render::Templates& templates, const model::Settings& settings,
    const std::vector<render::CatalogueEntry>& catalogue, load::Assets assets, write::Files& files)
{
    files["api/homes.json"] = render::homes_api(catalogue);
    for (const auto& [path, bytes] : templates.api_files()) {
        files.emplace("api/" + path, render::api_description(bytes, settings));  // never over a generated file
    }
    if (templates.has("docs")) {
        files["docs/index.html"] = render::docs_page(templates, settings, assets);
    }
    if (templates.has("404")) {
        files["404.html"] = render::not_found_page(templates, settings);
    }
}

}  // namespace

std::string unsafe_output(const BuildOptions& options)
{
    const std::filesystem::path out = resolved(options.out);
    if (out == out.root_path()) {
        return "refusing to write a site into the filesystem root";
    }
    const char* home = std::getenv("HOME");
    if (home != nullptr && *home != '\0' && out == resolved(home)) {
        return "refusing to write a site into the home directory";
    }
    const std::pair<const std::filesystem::path*, const char*> inputs[]
        = {{&options.content, "content"}, {&options.templates, "templates"}};
    for (const auto& [folder, name] : inputs) {
        const std::filesystem::path input = resolved(*folder);
        if (input == out) {
            return std::string("refusing to write a site into the ") + name + " folder";
        }
        if (within(input, out)) {
            return std::string("refusing to write a site into a folder that holds the ") + name + " folder";
        }
    }
    return {};
}

bool check_content(const BuildOptions& options, Diagnostics& sink, BuildSummary& summary)
{
    load_content(options, sink, summary);
    if (options.check_out) {
        if (auto error = write::check_published(options.out)) {
            sink.file_error(error->path, error->message);
        }
    }
    return sink.error_count() == 0;
}

write::Files render_site(const BuildOptions& options, Diagnostics& sink, BuildSummary& summary)
{
    const model::Content content = load_content(options, sink, summary);
    // Templates are checked before anything is rendered, like content.
    const render::Templates templates = render::Templates::load(options.templates, sink);
    // Vendor scripts, for --assets local: missing ones are errors like content.
    const auto vendor = options.assets == load::Assets::local ? load::read_vendor(options.vendor, sink)
                                                              : std::map<std::string, std::string> {};
    if (sink.error_count() != 0) {
        return {};
    }
    // Render: every output as bytes in memory; only publish() writes.
    write::Files files;
    const auto by_home = model::results_by_home(content);
    std::vector<render::IndexRow> rows;
    std::vector<render::CatalogueEntry> catalogue;
    for (const model::Home& home : content.homes) {
        const auto found = by_home.find(home.uprn);
        const auto& results = found != by_home.end() ? found->second : std::vector<const model::SimulationResult*> {};
        const auto annual = render_home(templates, content, home, results, options.assets, files);
        rows.push_back({&home, annual});
        catalogue.push_back({&home, results, annual});
    }
    for (render::IndexPage& page : render::index_pages(templates, content.settings, rows)) {
        files[page.path] = std::move(page.html);
    }
    for (const auto& [path, bytes] : templates.assets()) {
        files["assets/" + path] = bytes;
    }
    for (const auto& [name, bytes] : vendor) {
        files["assets/vendor/" + name] = bytes;
    }
    files["_headers"] = render::headers_file();
    render_self_description(templates, content.settings, catalogue, options.assets, files);
    return files;
}

bool build_site(const BuildOptions& options, Diagnostics& sink, BuildSummary& summary)
{
    if (std::string why = unsafe_output(options); !why.empty()) {
        sink.file_error(options.out.string(), why);
        return false;
    }
    const write::Files files = render_site(options, sink, summary);
    if (sink.error_count() != 0) {
        return false;
    }
    // Write: the one stage that touches the output folder.
    if (auto error = write::publish(options.out, files, summary.files)) {
        sink.file_error(error->path, error->message);
        return false;
    }
    return true;
}

}  // namespace retrofit
