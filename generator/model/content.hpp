#pragma once

#include "diagnostics.hpp"
#include "load/content.hpp"
#include "load/kept_json.hpp"
#include "model/model.hpp"

#include <cstdint>
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
/// file is not valid. The parser reads the file's text where it is: it is
/// left as it was, but may be moved.
std::optional<Home> read_home_file(SourceFile& file, json::KeptParser& parser, Diagnostics& sink);
std::optional<SimulationResult> read_result_file(SourceFile& file, json::KeptParser& parser, Diagnostics& sink);
Settings read_settings_file(const SourceFile& file, Diagnostics& sink);

/// A home's facts, without the whole object nor the path of its file:
/// what the index, catalogue and manifest show of it. A build keeps them
/// for every home to its end, so they are packed: their strings in one
/// block, not some ten strings and a vector of their own (about 240 bytes
/// a home rather than 450).
class Facts {
public:
    explicit Facts(const Home& home);
    /// The facts as a Home, its raw object and source path empty.
    Home home() const;
    std::string_view uprn() const { return field(k_uprn); }
    std::string_view postcode() const { return field(k_postcode); }

private:
    enum Field : std::uint8_t { k_uprn, k_town, k_postcode, k_property_type, k_built_form, k_epc_rating, k_lines };
    /// The i-th string of m_text: the fields in the order above, then the address lines.
    std::string_view field(std::size_t i) const;
    void add(std::string_view text);

    std::string m_text;  ///< each string as its length (4 bytes) then its bytes
    double m_total_floor_area = 0;
    std::optional<long long> m_epc_score;
    bool m_has_epc_rating = false;
};

/// What a build keeps of a valid result once its file is put down: what
/// places it and checks it against its home file, and its home's facts
/// only when they may be shown, which a home file of its UPRN prevents.
/// Its simulation id and path are those of its file, kept by the build.
struct ResultSummary {
    std::string uprn;  ///< of its baseline home
    std::string postcode;  ///< of its baseline home
    Position postcode_at;  ///< of /baseline_home/address/postcode, for an error
    /// The baseline home's facts; null when a home file of its UPRN is listed.
    std::shared_ptr<const Facts> home;
};
/// text: the result's file, to place the postcode; keep_home: whether to
/// keep its home's facts (no home file of its UPRN is listed).
ResultSummary summarise(const SimulationResult& result, const std::string& text, bool keep_home);

/// A result and the home file of its UPRN must describe the same home: a
/// different postcode means one of the two files is about another property.
/// Both files are named: each home and result comes with its file's path,
/// or its name in a folder given once (home_folder, result_folder).
void check_homes_agree(const std::vector<std::pair<const Facts*, std::string_view>>& homes,
    const std::vector<std::pair<const ResultSummary*, std::string_view>>& results, Diagnostics& sink,
    std::string_view home_folder = {}, std::string_view result_folder = {});

/// Parses and validates every file, then links results to homes. Each
/// problem goes to sink; the content is usable only when sink has no error.
Content build_content(const load::ContentFiles& files, Diagnostics& sink);

/// Each home's results by UPRN, in simulation id order.
std::map<std::string, std::vector<const SimulationResult*>> results_by_home(const Content& content);

/// UPRNs in numeric order (shorter first), so "9" sorts before "10".
bool uprn_less(const std::string& a, const std::string& b);

}  // namespace retrofit::model
