#pragma once

#include "diagnostics.hpp"
#include "load/content.hpp"
#include "model/model.hpp"

#include <map>
#include <string>
#include <vector>

namespace retrofit::model {

/// Parses and validates every file, then links results to homes. Each
/// problem goes to sink; the content is usable only when sink has no error.
Content build_content(const load::ContentFiles& files, Diagnostics& sink);

/// Each home's results by UPRN, in simulation id order.
std::map<std::string, std::vector<const SimulationResult*>> results_by_home(const Content& content);

/// UPRNs in numeric order (shorter first), so "9" sorts before "10".
bool uprn_less(const std::string& a, const std::string& b);

}  // namespace retrofit::model
