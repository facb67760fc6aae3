#pragma once

#include "derive/comparison.hpp"
#include "load/json.hpp"
#include "model/model.hpp"
#include "render/listing.hpp"

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace retrofit::render {

/// api/home/<uprn>.json: the home object exactly as written, and its simulations.
/// The object is home.raw, or else home.raw_text (null when neither is there).
std::string home_api(const model::Home& home, const std::vector<std::string>& simulation_ids);

/// A home's whole object as home_api() writes it, indented for its place
/// there: what a build puts down for rendering (model::Home::raw_text).
std::string home_object_text(const json::Value& raw);

/// api/energy-comparison/<simulation_id>.json: the chart's numbers.
std::string comparison_api(const model::SimulationResult& result, const derive::Comparison& comparison);

/// One home of the catalogue, with what a client needs to pick it out.
struct CatalogueEntry {
    model::Home home;  ///< made as the piece that shows it is, from what the build keeps
    std::span<const std::string> simulation_ids;  ///< sorted; held by the caller, not copied
    std::optional<derive::Figure> annual;  ///< the first simulation's energy, if any
};

/// api/homes.json: every home, in the index's order, so that a client can
/// find them all without reading HTML.
std::string homes_api(const std::vector<CatalogueEntry>& homes);
/// The same, handed to out in pieces of about 64 KiB as they are written:
/// a big portfolio's catalogue is never whole in memory.
void homes_api(const Listing<CatalogueEntry>& homes, const std::function<void(std::string_view)>& out);

/// A JSON file of templates/api/ as published: an OpenAPI description (an
/// object with an "info" object) gets the site's title and the generator's
/// version in info, so they never go stale; any other file is unchanged.
/// The text must be valid JSON (Templates::load checks it).
std::string api_description(const std::string& text, const model::Settings& settings);

/// JSON for a <script> element, from valid JSON text: the whitespace
/// between its tokens dropped, and "<", ">", "&", U+2028 and U+2029 written
/// as \u escapes, so that no content can close the element or break the script.
std::string compact_json_for_script(std::string_view json);

}  // namespace retrofit::render
