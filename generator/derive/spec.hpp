#pragma once

#include "derive/comparison.hpp"
#include "model/model.hpp"

#include <string>
#include <vector>

namespace retrofit::derive {

constexpr const char* k_before = "Before improvements";
constexpr const char* k_after = "After improvements";

/// One sentence giving the annual totals and the saving, used as the chart's
/// subtitle and in its text description.
std::string annual_summary(const Figure& annual);

/// The chart's subtitle: the annual totals, then the saving, on two lines.
std::vector<std::string> subtitle_lines(const Figure& annual);

/// The Vega-Lite v6 spec of a home's before/after chart, data inline.
/// pretty: indented for the standalone .vl.json file; compact for pages.
std::string chart_spec(const model::Home& home, const Comparison& comparison, bool pretty);

}  // namespace retrofit::derive
