#include "model/content.hpp"

#include "model/read.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

namespace retrofit::model {

namespace {

/// Parses one file, reporting syntax errors; nullopt when it is not JSON.
std::optional<json::Value> parse_file(const SourceFile& file, Diagnostics& sink)
{
    json::Document document = json::parse(file.text);
    for (const json::ParseError& error : document.errors) {
        sink.error(file, error.offset, {}, error.message);
    }
    if (!document.errors.empty()) {
        return std::nullopt;
    }
    return std::move(document.root);
}

std::string stem(const SourceFile& file)
{
    return std::filesystem::path(file.path).stem().string();
}

/// The id inside a document must be the one its file is named after.
void check_named_after(Checker& check, const Node& root, std::string_view key, const std::string& name)
{
    const json::Value* id = root.value.find(key);
    if (id != nullptr && id->kind == json::Kind::string && id->text != name) {
        check.error(root.member(key, *id),
            std::string(key) + " \"" + id->text + "\" does not match the file name \"" + name + ".json\"");
    }
}

/// How one kind of document is named and read.
template <typename T>
struct DocumentKind {
    bool (*valid_name)(std::string_view);
    const char* bad_name;  ///< what the file name should be
    const char* id_key;  ///< the member that must equal the file name
    std::optional<T> (*read)(Checker&, const Node&);
    const json::Keep* keep;  ///< the parts read looks at
};

/// Reads a document from its tree, quietly: nullopt at the first problem.
template <typename T>
std::optional<T> read_quietly(const SourceFile& file, const std::shared_ptr<const json::Value>& root,
    const DocumentKind<T>& kind, const std::string& name)
{
    Diagnostics quiet;
    Checker check(file, quiet, root);
    const Node node {*root};
    check_named_after(check, node, kind.id_key, name);
    std::optional<T> document = kind.read(check, node);
    if (!quiet.items().empty()) {
        return std::nullopt;
    }
    return document;
}

/// Reads one document the fast way: only the parts the reader looks at are
/// kept. Nullopt when the file has any problem, even a warning: the full
/// reading then reports it with its position.
template <typename T>
std::optional<T> read_fast(
    json::KeptParser& parser, SourceFile& file, const DocumentKind<T>& kind, const std::string& name)
{
    std::optional<json::Value> parsed = parser.parse_in_place(file.text, *kind.keep);
    if (!parsed) {
        return std::nullopt;
    }
    return read_quietly(file, std::make_shared<const json::Value>(std::move(*parsed)), kind, name);
}

/// Reads one file of a kind; a file named wrongly is not even parsed, so
/// that its name never reaches an output path.
template <typename T>
std::optional<T> read_document(
    SourceFile& file, const DocumentKind<T>& kind, json::KeptParser& parser, Diagnostics& sink)
{
    const std::string name = stem(file);
    if (!kind.valid_name(name)) {
        sink.file_error(
            file.path, std::string("expected a file name ") + kind.bad_name + ", got \"" + name + ".json\"");
        return std::nullopt;
    }
    if (auto document = read_fast(parser, file, kind, name)) {
        return document;
    }
    auto root = parse_file(file, sink);
    if (!root) {
        return std::nullopt;
    }
    Checker check(file, sink);
    const Node node {*root};
    check_named_after(check, node, kind.id_key, name);
    return kind.read(check, node);
}

const DocumentKind<Home> k_home_kind {is_uprn, "<uprn>.json with 1 to 12 digits", "uprn", read_home, &json::k_keep_all};
const DocumentKind<SimulationResult> k_result_kind {
    is_uuid, "<simulation_id>.json with a lowercase UUID", "simulation_id", read_result, &k_result_keep};

/// A result whose home has no file of its own brings the home with it.
void add_homes_from_results(Content& content)
{
    std::set<std::string> known;
    for (const Home& home : content.homes) {
        known.insert(home.uprn);
    }
    for (const SimulationResult& result : content.results) {
        if (known.insert(result.baseline_home.uprn).second) {
            content.homes.push_back(result.baseline_home);
        }
    }
}

}  // namespace

std::optional<Home> read_home_file(SourceFile& file, json::KeptParser& parser, Diagnostics& sink)
{
    return read_document(file, k_home_kind, parser, sink);
}

std::optional<SimulationResult> read_result_file(SourceFile& file, json::KeptParser& parser, Diagnostics& sink)
{
    return read_document(file, k_result_kind, parser, sink);
}

Settings read_settings_file(const SourceFile& file, Diagnostics& sink)
{
    Checker check(file, sink);
    if (auto root = parse_file(file, sink)) {
        return read_settings(check, Node(*root)).value_or(Settings {});
    }
    return Settings {};
}

Facts::Facts(const Home& home)
    : m_total_floor_area(home.total_floor_area)
    , m_epc_score(home.epc_score)
    , m_has_epc_rating(home.epc_rating.has_value())
{
    std::size_t size = 0;
    for (const auto* text : {&home.uprn, &home.town, &home.postcode, &home.property_type, &home.built_form}) {
        size += sizeof(std::uint32_t) + text->size();
    }
    size += sizeof(std::uint32_t) + home.epc_rating.value_or("").size();
    for (const std::string& line : home.address_lines) {
        size += sizeof(std::uint32_t) + line.size();
    }
    m_text.reserve(size);  // one allocation, of the exact size
    for (const auto* text : {&home.uprn, &home.town, &home.postcode, &home.property_type, &home.built_form}) {
        add(*text);
    }
    add(home.epc_rating.value_or(""));
    for (const std::string& line : home.address_lines) {
        add(line);
    }
}

void Facts::add(std::string_view text)
{
    const auto length = static_cast<std::uint32_t>(text.size());  // a content file is at most 64 MiB
    m_text.append(reinterpret_cast<const char*>(&length), sizeof length);  // NOLINT(*-reinterpret-cast)
    m_text.append(text);
}

std::string_view Facts::field(std::size_t i) const
{
    std::size_t at = 0;
    for (;;) {
        std::uint32_t length = 0;
        std::memcpy(&length, m_text.data() + at, sizeof length);
        at += sizeof length;
        if (i == 0) {
            return std::string_view(m_text).substr(at, length);
        }
        at += length;
        --i;
    }
}

Home Facts::home() const
{
    Home home;
    home.uprn = field(k_uprn);
    home.town = field(k_town);
    home.postcode = field(k_postcode);
    home.property_type = field(k_property_type);
    home.built_form = field(k_built_form);
    if (m_has_epc_rating) {
        home.epc_rating = std::string(field(k_epc_rating));
    }
    home.total_floor_area = m_total_floor_area;
    home.epc_score = m_epc_score;
    // The address lines follow the fields to the end of the text.
    std::size_t at = 0;
    for (std::size_t i = 0; at < m_text.size(); ++i) {
        std::uint32_t length = 0;
        std::memcpy(&length, m_text.data() + at, sizeof length);
        at += sizeof length;
        if (i >= k_lines) {
            home.address_lines.emplace_back(m_text, at, length);
        }
        at += length;
    }
    return home;
}

ResultSummary summarise(const SimulationResult& result, const std::string& text, bool keep_home)
{
    const json::Value& postcode = *result.baseline_home.raw->find("address")->find("postcode");
    ResultSummary summary {
        result.baseline_home.uprn, result.baseline_home.postcode, locate(text, postcode.offset), nullptr};
    if (keep_home) {
        summary.home = std::make_shared<const Facts>(result.baseline_home);
    }
    return summary;
}

void check_homes_agree(const std::vector<std::pair<const Facts*, std::string_view>>& homes,
    const std::vector<std::pair<const ResultSummary*, std::string_view>>& results, Diagnostics& sink,
    std::string_view home_folder, std::string_view result_folder)
{
    // Sorted by UPRN, in one block rather than a map's node a home.
    using Placed = std::pair<const Facts*, std::string_view>;
    std::vector<Placed> by_uprn = homes;
    const auto less = [](const Placed& a, const Placed& b) { return a.first->uprn() < b.first->uprn(); };
    std::stable_sort(by_uprn.begin(), by_uprn.end(), less);
    for (const auto& [result, path] : results) {
        const auto found = std::lower_bound(by_uprn.begin(), by_uprn.end(), result->uprn,
            [](const Placed& home, std::string_view uprn) { return home.first->uprn() < uprn; });
        if (found == by_uprn.end() || found->first->uprn() != result->uprn
            || found->first->postcode() == result->postcode) {
            continue;
        }
        const auto& [home, home_path] = *found;
        sink.add({Severity::error, std::string(result_folder).append(path), result->postcode_at.line,
            result->postcode_at.column, "/baseline_home/address/postcode",
            "postcode \"" + result->postcode + "\" differs from \"" + std::string(home->postcode()) + "\" in "
                + std::string(home_folder).append(home_path) + ": are these the same home?"});
    }
}

bool uprn_less(const std::string& a, const std::string& b)
{
    return a.size() != b.size() ? a.size() < b.size() : a < b;
}

Content build_content(const load::ContentFiles& files, Diagnostics& sink)
{
    Content content;
    if (files.settings) {
        content.settings = read_settings_file(*files.settings, sink);
    }
    json::KeptParser parser;
    for (SourceFile file : files.homes) {  // a copy, which the parser reads where it is
        if (auto home = read_home_file(file, parser, sink)) {
            content.homes.push_back(std::move(*home));
        }
    }
    std::vector<ResultSummary> summaries;
    for (SourceFile file : files.results) {
        if (auto result = read_result_file(file, parser, sink)) {
            summaries.push_back(summarise(*result, file.text, false));
            content.results.push_back(std::move(*result));
        }
    }
    const std::vector<Facts> facts(content.homes.begin(), content.homes.end());
    std::vector<std::pair<const Facts*, std::string_view>> homes;
    homes.reserve(content.homes.size());
    for (std::size_t i = 0; i < facts.size(); ++i) {
        homes.emplace_back(&facts[i], content.homes[i].source_path);
    }
    std::vector<std::pair<const ResultSummary*, std::string_view>> results;
    results.reserve(summaries.size());
    for (std::size_t i = 0; i < summaries.size(); ++i) {
        results.emplace_back(&summaries[i], content.results[i].source_path);
    }
    check_homes_agree(homes, results, sink);
    add_homes_from_results(content);
    std::sort(content.homes.begin(), content.homes.end(),
        [](const Home& a, const Home& b) { return uprn_less(a.uprn, b.uprn); });
    std::sort(content.results.begin(), content.results.end(),
        [](const SimulationResult& a, const SimulationResult& b) { return a.simulation_id < b.simulation_id; });
    return content;
}

std::map<std::string, std::vector<const SimulationResult*>> results_by_home(const Content& content)
{
    std::map<std::string, std::vector<const SimulationResult*>> index;
    for (const SimulationResult& result : content.results) {
        index[result.baseline_home.uprn].push_back(&result);
    }
    return index;
}

}  // namespace retrofit::model
