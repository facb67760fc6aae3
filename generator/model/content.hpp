#pragma once

#include "diagnostics.hpp"
#include "load/content.hpp"
#include "load/kept_json.hpp"
#include "model/model.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace retrofit::model {

/// Read one file on its own, so that files can be read on several threads
/// (each with its own parser): nullopt, with the problems in sink, when the
/// file is not valid. When kept is given and the file reads without a word,
/// the tree read of it goes there, for read_*_tree() to read it again.
std::optional<Home> read_home_file(
    const SourceFile& file, json::KeptParser& parser, Diagnostics& sink, json::Value* kept = nullptr);
std::optional<SimulationResult> read_result_file(
    const SourceFile& file, json::KeptParser& parser, Diagnostics& sink, json::Value* kept = nullptr);
/// The same document again from its kept tree, without its file; nullopt
/// should it not read without a word.
std::optional<Home> read_home_tree(const std::string& path, const json::Value& root);
std::optional<SimulationResult> read_result_tree(const std::string& path, const json::Value& root);
Settings read_settings_file(const SourceFile& file, Diagnostics& sink);

/// A home's facts without the whole object, nor the path of its file (a
/// build keeps that once, as the file's): what an index row needs.
Home without_raw(const Home& home);

/// What a build keeps of a valid result once its file is put down: what
/// places it and checks it against its home file, and its home's facts
/// only when they may be shown, which a home file of its UPRN prevents.
/// Its simulation id and path are those of its file, kept by the build.
struct ResultSummary {
    std::string uprn;  ///< of its baseline home
    std::string postcode;  ///< of its baseline home
    Position postcode_at;  ///< of /baseline_home/address/postcode, for an error
    /// The baseline home, without_raw(); null when a home file of its UPRN is listed.
    std::shared_ptr<const Home> home;
};
/// text: the result's file, to place the postcode; keep_home: whether to
/// keep its home's facts (no home file of its UPRN is listed).
ResultSummary summarise(const SimulationResult& result, const std::string& text, bool keep_home);

/// A result and the home file of its UPRN must describe the same home: a
/// different postcode means one of the two files is about another property.
/// Both files are named: each home and result comes with its file's path.
void check_homes_agree(const std::vector<std::pair<const Home*, std::string_view>>& homes,
    const std::vector<std::pair<const ResultSummary*, std::string_view>>& results, Diagnostics& sink);

/// Parses and validates every file, then links results to homes. Each
/// problem goes to sink; the content is usable only when sink has no error.
Content build_content(const load::ContentFiles& files, Diagnostics& sink);

/// Each home's results by UPRN, in simulation id order.
std::map<std::string, std::vector<const SimulationResult*>> results_by_home(const Content& content);

/// UPRNs in numeric order (shorter first), so "9" sorts before "10".
bool uprn_less(const std::string& a, const std::string& b);

}  // namespace retrofit::model
