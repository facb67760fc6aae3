// libFuzzer target: any bytes, as a content file, must end in diagnostics or
// in valid output, never in a crash, a leak or undefined behaviour.
//
// The bytes go through every reader of the model, both directly (so that a
// document valid as a home or a result goes on to derive and render whatever
// its ids) and through build_content as content/site.json, a home file and a
// result file (so that file names, ids and linking are exercised too).
//
// The fast reading of the build (json::KeptParser with model::k_result_keep
// for a result, k_keep_all for a home) is checked against the full one: when
// it gives a model with no diagnostic, json::parse and the reader on the full
// tree must accept the document too and render byte for byte the same. It
// reads the text where it is, as the build does, and must give the same
// answer as from a copy and leave the text as it was.

#include "derive/comparison.hpp"
#include "derive/spec.hpp"
#include "diagnostics.hpp"
#include "load/content.hpp"
#include "load/json.hpp"
#include "load/kept_json.hpp"
#include "model/checker.hpp"
#include "model/content.hpp"
#include "model/read.hpp"
#include "render/api.hpp"
#include "render/pages.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace retrofit;

/// The result file's name: a result validates in build_content only when its
/// simulation_id is this, and its home file "homes/1.json" only for uprn "1".
constexpr const char* k_result_path = "content/results/00000000-0000-4000-8000-000000000001.json";
constexpr const char* k_home_path = "content/homes/1.json";

/// What the generator writes must be JSON that it would read back itself.
void require_json(const std::string& what, const std::string& text)
{
    const json::Document document = json::parse(text);
    if (!document.errors.empty()) {
        std::fprintf(stderr, "content_fuzzer: %s is not valid JSON: %s at byte %zu\n%s\n", what.c_str(),
            document.errors.front().message.c_str(), document.errors.front().offset, text.c_str());
        std::abort();
    }
}

/// Every diagnostic renders (byte offsets anywhere in the file become line:column).
void format_all(const Diagnostics& sink)
{
    for (const Diagnostic& diagnostic : sink.items()) {
        if (format_diagnostic(diagnostic).empty()) {
            std::abort();
        }
    }
}

/// Derives and renders the outputs of one valid result.
void render_result(const model::SimulationResult& result)
{
    const derive::Comparison comparison = derive::compare(result);
    require_json("api/energy-comparison", render::comparison_api(result, comparison));
    const std::string spec = derive::chart_spec(result.baseline_home, comparison);
    require_json("the chart spec", spec);
    require_json("the chart spec of a page", render::spec_for_script(spec));
    require_json("api/home", render::home_api(result.baseline_home, {result.simulation_id}));
}

/// The readers straight on the document, with no file name to match.
void read_directly(const std::string& text)
{
    const json::Document document = json::parse(text);
    if (!document.errors.empty()) {
        return;
    }
    const SourceFile file {k_result_path, text};
    Diagnostics sink;
    model::Checker check(file, sink);
    const model::Node root(document.root);
    if (const auto home = model::read_home(check, root)) {
        require_json("api/home", render::home_api(*home, {}));
    }
    if (const auto result = model::read_result(check, root)) {
        render_result(*result);
    }
    model::read_settings(check, root);
    format_all(sink);
}

/// The fast reading accepted a document that the full reading does not read the same.
[[noreturn]] void mismatch(const char* what, const std::string& text, const std::string& detail = "")
{
    std::fprintf(stderr, "content_fuzzer: the fast reading accepts what the full reading does not: %s\n%s\n%s\n", what,
        detail.c_str(), text.c_str());
    std::abort();
}

/// The full reading of a document the fast reading accepted: no diagnostic at all.
template <typename T, typename Read>
T read_full(const SourceFile& file, Read read)
{
    const json::Document document = json::parse(file.text);
    if (!document.errors.empty()) {
        mismatch("json::parse reports an error", file.text, document.errors.front().message);
    }
    Diagnostics sink;
    model::Checker check(file, sink);
    const std::optional<T> full = read(check, model::Node(document.root));
    if (!sink.items().empty()) {
        mismatch("the reader reports a problem on the full tree", file.text, format_diagnostic(sink.items().front()));
    }
    if (!full) {
        mismatch("the reader gives nothing on the full tree", file.text);
    }
    return *full;
}

/// KeptParser as the build runs it, reading the text where it is: the text
/// must be as it was afterwards, and the answer that of reading a copy.
std::optional<json::Value> read_kept(json::KeptParser& parser, const std::string& text, const json::Keep& keep)
{
    std::string in_place = text;
    std::optional<json::Value> kept = parser.parse_in_place(in_place, keep);
    if (in_place != text) {
        mismatch("reading the text where it is changed it", text, in_place);
    }
    if (kept.has_value() != parser.parse(text, keep).has_value()) {
        mismatch("reading the text where it is and from a copy disagree", text);
    }
    return kept;
}

/// What the build would do on its fast path, checked against the full path.
void read_fast(json::KeptParser& parser, const std::string& text)
{
    if (const std::optional<json::Value> kept = read_kept(parser, text, model::k_result_keep)) {
        const SourceFile file {k_result_path, text};
        Diagnostics quiet;
        model::Checker check(file, quiet);
        const auto fast = model::read_result(check, model::Node(*kept));
        if (fast && quiet.items().empty()) {
            const auto full = read_full<model::SimulationResult>(file, model::read_result);
            const std::string fast_api = render::comparison_api(*fast, derive::compare(*fast));
            const std::string full_api = render::comparison_api(full, derive::compare(full));
            if (fast_api != full_api) {
                mismatch("api/energy-comparison differs", text, fast_api + "\n!=\n" + full_api);
            }
            if (render::home_api(fast->baseline_home, {}) != render::home_api(full.baseline_home, {})) {
                mismatch("the baseline home's api/home differs", text);
            }
        }
    }
    if (const std::optional<json::Value> kept = read_kept(parser, text, json::k_keep_all)) {
        const SourceFile file {k_home_path, text};
        Diagnostics quiet;
        model::Checker check(file, quiet);
        const auto fast = model::read_home(check, model::Node(*kept));
        if (fast && quiet.items().empty()) {
            const auto full = read_full<model::Home>(file, model::read_home);
            const std::string fast_api = render::home_api(*fast, {});
            const std::string full_api = render::home_api(full, {});
            if (fast_api != full_api) {
                mismatch("api/home differs", text, fast_api + "\n!=\n" + full_api);
            }
        }
    }
}

/// The whole model stage, the bytes being every kind of content file at once.
void build(const std::string& text)
{
    load::ContentFiles files;
    files.settings = SourceFile {"content/site.json", text};
    files.homes.push_back({k_home_path, text});
    files.results.push_back({k_result_path, text});
    Diagnostics sink;
    const model::Content content = model::build_content(files, sink);
    format_all(sink);
    if (sink.error_count() != 0) {
        return;
    }
    const auto by_home = model::results_by_home(content);
    for (const model::Home& home : content.homes) {
        std::vector<std::string> ids;
        if (const auto found = by_home.find(home.uprn); found != by_home.end()) {
            for (const model::SimulationResult* result : found->second) {
                ids.push_back(result->simulation_id);
            }
        }
        require_json("api/home", render::home_api(home, ids));
    }
    for (const model::SimulationResult& result : content.results) {
        render_result(result);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    static json::KeptParser parser;  // reused from input to input, as the build reuses one per thread
    read_directly(text);
    read_fast(parser, text);
    build(text);
    return 0;
}
