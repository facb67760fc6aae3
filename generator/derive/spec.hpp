#pragma once

#include "derive/comparison.hpp"
#include "model/model.hpp"

#include <string>
#include <vector>

namespace retrofit::derive {

/// One sentence giving the annual totals and the saving, used as the chart's
/// subtitle and in its text description.
std::string annual_summary(const Figure& annual);

/// The chart's subtitle: the annual totals, then the saving, on two lines.
/// metric: "energy" (kWh, the default), "cost" (£) or "co2e" (kg CO2e);
/// after: how the "after" figure is named ("after", "after stage 2").
std::vector<std::string> subtitle_lines(
    const Figure& annual, const std::string& metric = "energy", const std::string& after = "after");

/// The Vega-Lite v6 spec of a home's before/after chart, data inline,
/// indented and ending in a newline, as its .vl.json file holds it (a page
/// holds it compacted: render::spec_for_script).
std::string chart_spec(const model::Home& home, const Comparison& comparison);

}  // namespace retrofit::derive
