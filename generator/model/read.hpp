#pragma once

#include "load/kept_json.hpp"
#include "model/checker.hpp"
#include "model/model.hpp"

#include <optional>
#include <string_view>

namespace retrofit::model {

/// A UPRN: 1 to 12 digits, safe to use as a file name.
bool is_uprn(std::string_view text);
/// A simulation id: a lowercase UUID (8-4-4-4-12 hex digits), safe as a file name.
bool is_uuid(std::string_view text);

/// The parts of a result that read_result() looks at: a reader that only
/// keeps these (json::KeptParser) gives it the same answer, faster.
extern const json::Keep k_result_keep;

/// Typed views of the documents; nullopt when the checker reported an error.
std::optional<Home> read_home(Checker& check, const Node& node);
std::optional<EnergyProfile> read_profile(Checker& check, const Node& node);
std::optional<SimulationResult> read_result(Checker& check, const Node& root);
std::optional<Settings> read_settings(Checker& check, const Node& root);

}  // namespace retrofit::model
