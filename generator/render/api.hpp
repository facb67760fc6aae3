#pragma once

#include "derive/comparison.hpp"
#include "load/json.hpp"
#include "model/model.hpp"

#include <string>
#include <vector>

namespace retrofit::render {

/// api/home/<uprn>.json: the home object exactly as written, and its simulations.
std::string home_api(const model::Home& home, const std::vector<std::string>& simulation_ids);

/// api/energy-comparison/<simulation_id>.json: the chart's numbers.
std::string comparison_api(const model::SimulationResult& result, const derive::Comparison& comparison);

/// Escapes JSON for a <script> element: no "<", ">", "&", U+2028 or U+2029
/// can appear, so no content can close the element or break the script.
std::string escape_json_for_script(const std::string& json);

}  // namespace retrofit::render
