#pragma once

#include "derive/comparison.hpp"
#include "load/vendor.hpp"
#include "model/model.hpp"
#include "render/templates.hpp"

#include <optional>
#include <string>
#include <vector>

namespace retrofit::render {

/// One simulation of a home with its derived numbers.
struct HomeSimulation {
    const model::SimulationResult* result;
    derive::Comparison comparison;
    std::string spec;  ///< derive::chart_spec(): its .vl.json file, and compacted in the page
};

/// A simulation of the home, ready for its page: the chart's figures and spec.
HomeSimulation home_simulation(const model::Home& home, const model::SimulationResult& result);

/// homes/<uprn>/index.html: the address, key facts and a chart per simulation,
/// drawn with the vendor scripts from the CDN or from assets/vendor/.
std::string home_page(const Templates& templates, const model::Settings& settings, const model::Home& home,
    const std::vector<HomeSimulation>& simulations, load::Assets assets = load::Assets::cdn);

/// One line of the portfolio index (render/index.hpp).
struct IndexRow {
    model::Home home;  ///< made as the page that shows it is, from what the build keeps
    std::optional<derive::Figure> annual;  ///< the home's first simulation's energy, if any
};

/// The HTML <script> body for a chart spec: compact JSON that cannot end the element.
std::string spec_for_script(const std::string& spec);

}  // namespace retrofit::render
