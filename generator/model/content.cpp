#include "model/content.hpp"

#include "model/read.hpp"

#include <algorithm>
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
};

/// Reads every file of one kind; a file named wrongly is not even parsed,
/// so that its name never reaches an output path.
template <typename T>
void read_documents(
    const std::vector<SourceFile>& files, const DocumentKind<T>& kind, std::vector<T>& into, Diagnostics& sink)
{
    for (const SourceFile& file : files) {
        Checker check(file, sink);
        const std::string name = stem(file);
        if (!kind.valid_name(name)) {
            sink.file_error(
                file.path, std::string("expected a file name ") + kind.bad_name + ", got \"" + name + ".json\"");
            continue;
        }
        if (auto root = parse_file(file, sink)) {
            const Node node {*root, ""};
            check_named_after(check, node, kind.id_key, name);
            if (auto document = kind.read(check, node)) {
                into.push_back(std::move(*document));
            }
        }
    }
}

const DocumentKind<Home> k_home_kind {is_uprn, "<uprn>.json with 1 to 12 digits", "uprn", read_home};
const DocumentKind<SimulationResult> k_result_kind {
    is_uuid, "<simulation_id>.json with a lowercase UUID", "simulation_id", read_result};

/// A result and the home file of its UPRN must describe the same home: a
/// different postcode means one of the two files is about another property.
void check_homes_agree(const std::vector<SourceFile>& files, const Content& content, Diagnostics& sink)
{
    std::map<std::string, const Home*> homes;
    for (const Home& home : content.homes) {
        homes.emplace(home.uprn, &home);
    }
    std::map<std::string, const SourceFile*> sources;
    for (const SourceFile& file : files) {
        sources.emplace(file.path, &file);
    }
    for (const SimulationResult& result : content.results) {
        const auto home = homes.find(result.baseline_home.uprn);
        if (home == homes.end() || home->second->postcode == result.baseline_home.postcode) {
            continue;
        }
        const json::Value& postcode = *result.baseline_home.raw.find("address")->find("postcode");
        sink.error(*sources.at(result.source_path), postcode.offset, "/baseline_home/address/postcode",
            "postcode \"" + result.baseline_home.postcode + "\" differs from \"" + home->second->postcode + "\" in "
                + home->second->source_path + ": are these the same home?");
    }
}

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

bool uprn_less(const std::string& a, const std::string& b)
{
    return a.size() != b.size() ? a.size() < b.size() : a < b;
}

Content build_content(const load::ContentFiles& files, Diagnostics& sink)
{
    Content content;
    if (files.settings) {
        Checker check(*files.settings, sink);
        if (auto root = parse_file(*files.settings, sink)) {
            content.settings = read_settings(check, {*root, ""}).value_or(Settings {});
        }
    }
    read_documents(files.homes, k_home_kind, content.homes, sink);
    read_documents(files.results, k_result_kind, content.results, sink);
    check_homes_agree(files.results, content, sink);
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
