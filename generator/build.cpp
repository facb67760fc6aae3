#include "build.hpp"

#include "derive/comparison.hpp"
#include "derive/spec.hpp"
#include "load/content.hpp"
#include "model/content.hpp"
#include "model/packed.hpp"
#include "render/api.hpp"
#include "render/headers.hpp"
#include "render/index.hpp"
#include "render/pages.hpp"
#include "render/site_pages.hpp"
#include "render/templates.hpp"

#include "load/kept_json.hpp"
#include "load/spool.hpp"
#include "parallel.hpp"
#include "write/manifest.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace retrofit {

namespace {

/// Where rendered files go: the output folder (a Publisher) or memory.
using Emit = std::function<std::optional<write::Error>(const std::string& path, const std::string& bytes)>;
/// The same for a file too big to hold whole, produced in pieces; sets size.
using EmitProduced = std::function<std::optional<write::Error>(
    const std::string& path, const write::Producer& produce, std::uint64_t& size)>;
/// The same for the files of one home together: paths[i] holds files[i].
using EmitAll = std::function<std::optional<write::Error>(
    const std::vector<std::string>& paths, const std::vector<std::string>& files)>;

/// Where they go, and how files of the last build that are still right
/// are kept without being rendered (empty when nothing can be kept).
struct Output {
    std::function<std::optional<write::Error>()> open;
    Emit emit;
    EmitProduced emit_produced;
    EmitAll emit_all;
    std::function<void(const std::string& path)> keep;
};

/// One content file's problems, kept apart so that files can be read on
/// several threads and still be reported in file order: every reading
/// problem first, then every validation problem.
struct FileReport {
    Diagnostics read;
    Diagnostics check;
};

/// A home of the site: its facts and the files it is rendered from.
struct Unit {
    /// What the index shows (model::Facts). Shared with the
    /// manifest's record of the file it came from, never copied.
    std::shared_ptr<const model::Facts> facts;
    bool unchanged = true;  ///< every input as the manifest knows it
    bool home_file = false;  ///< its first file is a home file; the others are its results, by simulation id
    /// Its files, Checked::files[first, first + count): indexes, not a list
    /// of paths of its own, which for every home of a big portfolio adds up.
    std::uint32_t first = 0;
    std::uint32_t count = 0;
};

/// The path of the i-th content file: a home file's below paths.homes.size(), then the results'.
std::string content_path(const load::ContentPaths& paths, std::size_t i)
{
    const std::size_t homes = paths.homes.size();
    return i < homes ? paths.homes_folder + paths.homes[i] : paths.results_folder + paths.results[i - homes];
}

/// What the manifest calls it: its path under the content folder, the
/// same wherever that is, and shorter than its path.
std::string manifest_name(const load::ContentPaths& paths, std::size_t i)
{
    const std::size_t homes = paths.homes.size();
    return i < homes ? "homes/" + paths.homes[i] : "results/" + paths.results[i - homes];
}

/// What validation keeps of the content: small, so that a portfolio of any
/// size fits in memory. The files are read again to render each home.
struct Checked {
    model::Settings settings;
    std::vector<Unit> units;  ///< in UPRN order
    /// The content files (paths as strings: a std::filesystem::path also
    /// holds each of its components). A unit's are let go once it is
    /// rendered: a big portfolio's units then hold little more than their
    /// facts to the end of the build.
    load::ContentPaths paths;
    /// The units' files, unit after unit, as indexes into paths: a home
    /// file's below paths.homes.size(), then the results'.
    std::vector<std::uint32_t> files;
    /// By index, where validation put down each valid file's document,
    /// packed (model::pack): rendering reads them, not the files. Empty when
    /// it put down none (a rebuild that read no file).
    std::vector<std::optional<json::SpoolPlace>> packed;
    std::unique_ptr<json::Spool> spool;  ///< the documents validation read
    write::Manifest manifest;  ///< the inputs part of the next manifest

    /// The name of file (an index, as in files) in its folder.
    const std::string& name(std::uint32_t file) const
    {
        return file < paths.homes.size() ? paths.homes[file] : paths.results[file - paths.homes.size()];
    }
    std::string& name(std::uint32_t file)
    {
        return file < paths.homes.size() ? paths.homes[file] : paths.results[file - paths.homes.size()];
    }
    /// Its path.
    std::string path(std::uint32_t file) const { return content_path(paths, file); }
    std::size_t inputs_as_before = 0;  ///< inputs with the very stamp the manifest has
    /// For each of the next manifest's inputs, in order, whether its record
    /// differs from the previous manifest's (empty when none is trusted).
    std::vector<char> input_changed;
};

/// The manifest's record of the files of the whole portfolio (index pages,
/// catalogue, static files), kept with the homes' under a name no UPRN has.
constexpr const char* k_portfolio = "";

/// The previous manifest and the keys that say what of it can be trusted.
struct Incremental {
    std::optional<write::Manifest> previous;
    std::uint64_t reader_key = 0;  ///< 0: no manifest is used at all

    /// The previous manifest's inputs, when the same generator read them.
    std::map<std::string, write::Manifest::Input>* inputs()
    {
        return previous && previous->reader_key == reader_key ? &previous->inputs : nullptr;
    }
    /// The previous record of an input, when the same generator read it.
    const write::Manifest::Input* input(const std::string& path) const
    {
        if (!previous || previous->reader_key != reader_key) {
            return nullptr;
        }
        const auto found = previous->inputs.find(path);
        return found == previous->inputs.end() ? nullptr : &found->second;
    }
};

/// Identifies this generator: its own executable's bytes. 0 when they
/// cannot be read, and then no manifest is trusted or written.
std::uint64_t generator_key()
{
    std::string why;
    const auto self = load::read_file("/proc/self/exe", why, load::k_any_size);
    return self ? write::hash_bytes(*self, 1) : 0;
}

Incremental incremental_of(const BuildOptions& options)
{
    Incremental incremental;
    if (!options.manifest.empty()) {
        incremental.reader_key = generator_key();
        incremental.previous = incremental.reader_key != 0 ? write::read_manifest(options.manifest) : std::nullopt;
    }
    return incremental;
}

/// Everything besides the inputs that shapes the output: a change to any
/// of it renders every home again.
/// What shapes every page besides the content and settings: the generator,
/// the templates, the vendor files and where pages load them from. Shards
/// carry it, so that merge never mixes pages of different looks.
std::uint64_t render_fingerprint(std::uint64_t generator, const BuildOptions& options,
    const render::Templates& templates, const std::map<std::string, std::string>& vendor)
{
    std::uint64_t key = write::hash_bytes(options.assets == load::Assets::local ? "local" : "cdn", generator);
    for (const auto* files : {&templates.sources(), &templates.assets(), &templates.api_files(), &vendor}) {
        for (const auto& [name, bytes] : *files) {
            key = write::hash_bytes(bytes, write::hash_bytes(name, key));
        }
    }
    return key;
}

std::uint64_t build_key(const Incremental& incremental, const BuildOptions& options, const model::Settings& settings,
    const render::Templates& templates, const std::map<std::string, std::string>& vendor)
{
    const std::uint64_t key = render_fingerprint(incremental.reader_key, options, templates, vendor);
    const std::string shard = options.sharded
        ? std::to_string(options.shard_index) + "/" + std::to_string(options.shard_count)
        : std::string("whole");
    return write::hash_bytes(settings.title + "\n" + std::to_string(settings.page_size) + "\n" + shard, key);
}

unsigned jobs_of(const BuildOptions& options)
{
    return options.jobs == 0 ? default_jobs() : options.jobs;
}

/// Calls the progress callback, when there is one, as work gets done.
class Progress {
public:
    Progress(const BuildOptions& options, const char* stage, std::size_t total)
        : m_options(options)
        , m_stage(stage)
        , m_total(total)
    {
    }
    void one_done()
    {
        const std::size_t done = ++m_done;
        if (m_options.progress) {
            m_options.progress(m_stage, done, m_total);
        }
    }

private:
    const BuildOptions& m_options;
    const char* m_stage;
    std::size_t m_total;
    std::atomic<std::size_t> m_done {0};
};

/// Groups valid homes and results by UPRN into units, taking their facts
/// and noting their files; a result whose home has no file of its own
/// brings the home with it (its first result's baseline home).
/// Sorting the files by UPRN, not a map of homes: no allocation per home,
/// and numbers compared, not strings scattered in memory.
void units_of(Checked& checked, const std::vector<std::shared_ptr<const model::Facts>>& homes,
    const std::vector<std::shared_ptr<const model::ResultSummary>>& results, const std::vector<char>& reused)
{
    struct File {
        std::uint64_t key;  ///< the UPRN as a number that sorts as model::uprn_less does
        std::uint32_t index;  ///< a home's below homes.size(), then the results'
    };
    // A UPRN is 1 to 12 digits: its length, then its value, in one number.
    const auto key_of = [](std::string_view uprn) {
        std::uint64_t value = 0;
        for (const char digit : uprn) {
            value = value * 10 + static_cast<std::uint64_t>(digit - '0');
        }
        return (static_cast<std::uint64_t>(uprn.size()) << 40U) | value;  // 10^12 < 2^40
    };
    std::vector<File> files;
    files.reserve(static_cast<std::size_t>(std::count_if(homes.begin(), homes.end(), [](const auto& h) { return h; })
        + std::count_if(results.begin(), results.end(), [](const auto& r) { return r; })));
    for (std::size_t i = 0; i < homes.size(); ++i) {
        if (homes[i]) {
            files.push_back({key_of(homes[i]->uprn()), static_cast<std::uint32_t>(i)});
        }
    }
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (results[i]) {
            files.push_back({key_of(results[i]->uprn), static_cast<std::uint32_t>(homes.size() + i)});
        }
    }
    // Stable: a home's file stays before its results, and they in file order.
    std::stable_sort(files.begin(), files.end(), [](const File& a, const File& b) { return a.key < b.key; });
    // Exactly as many as there are homes: grown by doubling, a big
    // portfolio's would hold room for up to as many again to the end.
    std::size_t home_count = 0;
    for (std::size_t k = 0; k < files.size(); ++k) {
        home_count += k == 0 || files[k].key != files[k - 1].key ? 1 : 0;
    }
    checked.units.reserve(home_count);
    checked.files.reserve(files.size());
    for (std::size_t begin = 0, end = 0; begin < files.size(); begin = end) {
        while (end < files.size() && files[end].key == files[begin].key) {
            ++end;
        }
        Unit& unit = checked.units.emplace_back();
        unit.first = static_cast<std::uint32_t>(begin);
        unit.count = static_cast<std::uint32_t>(end - begin);
        for (std::size_t k = begin; k < end; ++k) {
            const std::uint32_t i = files[k].index;
            if (i < homes.size()) {
                unit.facts = homes[i];
                unit.home_file = true;
            } else if (k == begin) {
                unit.facts = results[i - homes.size()]->home;  // kept: no home file of its UPRN is listed
            }
            unit.unchanged = unit.unchanged && reused[i] != 0;
            checked.files.push_back(i);
        }
    }
}

/// A content file's name without its folder and ".json": a home file is
/// named after its UPRN.
std::string_view file_stem(std::string_view path)
{
    const std::string_view name = path.substr(path.rfind('/') + 1);
    return name.substr(0, name.rfind('.'));
}

/// The UPRN that places a result in a shard: its baseline home's, read
/// without parsing the rest; for a file that cannot say (unreadable, not
/// JSON) its name, so that exactly one shard reports it.
std::string result_uprn(const std::string& path, const SourceFile* file)
{
    auto uprn = file != nullptr ? json::string_at(file->text, {"baseline_home", "uprn"}) : std::nullopt;
    return uprn ? *uprn : std::string(file_stem(path));
}

/// Whether a home belongs to this build's shard (always, unsharded).
bool in_shard(const BuildOptions& options, std::string_view uprn)
{
    return options.shard_count <= 1 || write::shard_of(uprn, options.shard_count) == options.shard_index;
}

/// Reads and validates every content file, on every worker, reporting every
/// problem; keeps only what rendering needs to find its way.
Checked check_files(const BuildOptions& options, load::ContentPaths paths, Incremental& incremental,
    bool keep_documents, Diagnostics& sink, BuildSummary& summary)
{
    Checked checked;
    if (options.shard_count > 1) {  // a home file's name is its UPRN
        std::erase_if(paths.homes, [&](const std::string& name) { return !in_shard(options, file_stem(name)); });
    }
    std::optional<SourceFile> settings = paths.settings ? load::read_source(*paths.settings, sink) : std::nullopt;
    const std::size_t home_count = paths.homes.size();
    const std::size_t total = home_count + paths.results.size();
    // Only files with something to say have a report: most have none.
    std::vector<std::unique_ptr<FileReport>> reports(total);
    // What each valid file holds, shared with the manifest's record of it.
    std::vector<std::shared_ptr<const model::Facts>> homes(home_count);
    std::vector<std::shared_ptr<const model::ResultSummary>> results(paths.results.size());
    std::vector<json::KeptParser> parsers(jobs_of(options));
    std::vector<SourceFile> sources(jobs_of(options));  // each worker reads into its own, again and again
    if (keep_documents) {
        checked.spool = std::make_unique<json::Spool>(jobs_of(options));
    }
    std::vector<std::optional<json::SpoolPlace>> packed(total);
    std::vector<std::string> packs(jobs_of(options));  // each worker packs into its own, again and again
    std::vector<std::optional<write::Stamp>> stamps(total);
    std::vector<char> reused(total, 0);  // not vector<bool>: workers write neighbours
    // A result keeps its home's facts only when no home file of its UPRN
    // (a home file is named after it) is listed: only then are they shown.
    std::vector<std::string_view> home_names;
    for (const std::string& name : paths.homes) {
        home_names.push_back(file_stem(name));
    }
    std::sort(home_names.begin(), home_names.end());
    const auto home_listed = [&home_names](std::string_view uprn) {
        return std::binary_search(home_names.begin(), home_names.end(), uprn);
    };
    // Inputs are stamped by their names in these (for a rebuild).
    const write::OpenFolder homes_folder(paths.homes_folder);
    const write::OpenFolder results_folder(paths.results_folder);
    Progress progress(options, "checking", total);
    const auto check_one = [&](unsigned worker, std::size_t i, FileReport& report) {
        const bool home = i < home_count;
        const std::string path = content_path(paths, i);
        const write::Manifest::Input* known = incremental.input(manifest_name(paths, i));
        if (known != nullptr && (home ? known->home == nullptr : known->result == nullptr)) {
            known = nullptr;  // GCOVR_EXCL_LINE: a record of the other kind of file, as only a hand could write it
        }
        if (known != nullptr && !home && !known->result->home && !home_listed(known->result->uprn)) {
            known = nullptr;  // its home's facts, not kept while its home file was listed, are shown now
        }
        // Unchanged since the last build: what it held is in the manifest.
        const auto reuse = [&] {
            if (home && known->home) {
                homes[i] = known->home;
            } else if (!home && known->result) {
                results[i - home_count] = known->result;
            }
            reused[i] = 1;
            progress.one_done();
        };
        stamps[i] = incremental.reader_key != 0
            ? (home ? homes_folder : results_folder)
                  .stamp(home ? paths.homes[i].c_str() : paths.results[i - home_count].c_str())
            : std::nullopt;
        if (known != nullptr && stamps[i] && known->stamp.same_metadata(*stamps[i])) {
            stamps[i]->hash = known->stamp.hash;
            if (!home && !in_shard(options, known->result->uprn)) {
                return progress.one_done();
            }
            reuse();
            reused[i] = 2;  // not even touched
            return;
        }
        SourceFile* file = load::read_source_into(path, sources[worker], report.read) ? &sources[worker] : nullptr;
        if (!home && options.shard_count > 1 && !in_shard(options, result_uprn(path, file))) {
            report = {};
            return progress.one_done();
        }
        if (file != nullptr && stamps[i]) {
            stamps[i]->hash = write::content_hash(file->text);
            if (known != nullptr && known->stamp.size == stamps[i]->size && known->stamp.hash == stamps[i]->hash) {
                return reuse();
            }
        }
        // A valid document goes down packed, with the object of the home
        // it publishes (if any) as the API file holds it: rendering unpacks it.
        const auto put = [&](const auto& document, const model::Home* published) {
            if (checked.spool) {
                packs[worker].clear();
                model::pack(document,
                    published != nullptr && published->raw ? render::home_object_text(*published->raw) : std::string(),
                    packs[worker]);
                packed[i] = checked.spool->put(worker, packs[worker]);
            }
        };
        if (file != nullptr && home) {
            if (auto read = model::read_home_file(*file, parsers[worker], report.check)) {
                homes[i] = std::make_shared<const model::Facts>(*read);
                put(*read, &*read);
            }
        } else if (file != nullptr) {
            if (auto read = model::read_result_file(*file, parsers[worker], report.check)) {
                const bool own_home = !home_listed(read->baseline_home.uprn);
                results[i - home_count]
                    = std::make_shared<const model::ResultSummary>(model::summarise(*read, file->text, own_home));
                put(*read, own_home ? &read->baseline_home : nullptr);
            }
        }
        progress.one_done();
    };
    const std::vector<Diagnostic> k_none;
    for_each_index(total, jobs_of(options), [&](unsigned worker, std::size_t i) {
        FileReport report;
        check_one(worker, i, report);
        if (!report.read.items().empty() || !report.check.items().empty()) {
            reports[i] = std::make_unique<FileReport>(std::move(report));
        }
    });
    for (const auto& report : reports) {
        for (const Diagnostic& diagnostic : report ? report->read.items() : k_none) {
            sink.add(diagnostic);
        }
    }
    if (settings) {
        checked.settings = model::read_settings_file(*settings, sink);
    }
    for (const auto& report : reports) {
        for (const Diagnostic& diagnostic : report ? report->check.items() : k_none) {
            sink.add(diagnostic);
        }
    }
    // The next manifest's inputs. A record of the previous one is taken
    // over where there is one, its node and path moved, not made again: a
    // rebuild then holds each input once. What is left of the previous
    // inputs is what is gone.
    std::map<std::string, write::Manifest::Input>* before = incremental.inputs();
    std::map<std::string, write::Manifest::Input>& next = checked.manifest.inputs;
    for (std::size_t i = 0; i < total; ++i) {
        // A file with a warning is read again next time, so that the warning is too.
        const bool valid = i < home_count ? homes[i] != nullptr : results[i - home_count] != nullptr;
        if (!valid || !stamps[i] || (reports[i] && !reports[i]->check.items().empty())) {
            continue;
        }
        const std::string path = manifest_name(paths, i);
        write::Manifest::Input input {
            *stamps[i], i < home_count ? homes[i] : nullptr, i < home_count ? nullptr : results[i - home_count]};
        auto node = before != nullptr ? before->extract(path) : decltype(before->extract(path)) {};
        if (before != nullptr) {
            const bool same = node && node.mapped().stamp == input.stamp && node.mapped().home == input.home
                && node.mapped().result == input.result;
            checked.input_changed.push_back(same ? 0 : 1);
        }
        // Paths come in order (homes/ before results/, each sorted): each goes at the end.
        if (node) {
            node.mapped() = std::move(input);
            next.insert(next.end(), std::move(node));
        } else {
            next.emplace_hint(next.end(), path, std::move(input));
        }
    }
    checked.inputs_as_before = static_cast<std::size_t>(std::count(reused.begin(), reused.end(), 2));
    // Recorded: let them go before more is made, which for a big portfolio
    // would otherwise be the build's peak of memory.
    std::vector<std::optional<write::Stamp>>().swap(stamps);
    std::vector<std::pair<const model::Facts*, std::string_view>> home_facts;
    for (std::size_t i = 0; i < home_count; ++i) {
        if (homes[i]) {
            home_facts.emplace_back(homes[i].get(), paths.homes[i]);
        }
    }
    std::vector<std::pair<const model::ResultSummary*, std::string_view>> result_summaries;
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (results[i]) {
            result_summaries.emplace_back(results[i].get(), paths.results[i]);
        }
    }
    model::check_homes_agree(home_facts, result_summaries, sink, paths.homes_folder, paths.results_folder);
    summary.simulations = result_summaries.size();
    std::vector<std::unique_ptr<FileReport>>().swap(reports);
    checked.paths = std::move(paths);
    if (std::any_of(packed.begin(), packed.end(), [](const auto& place) { return place.has_value(); })) {
        checked.spool->flush();
        checked.packed = std::move(packed);
    }
    units_of(checked, homes, results, reused);
    summary.homes = checked.units.size();
    if (options.warnings_as_errors) {
        sink.promote_warnings("--warnings-as-errors");
    }
    return checked;
}

/// An absolute, normalised path without a trailing separator.
std::filesystem::path resolved(const std::filesystem::path& path)
{
    std::error_code ec;
    std::filesystem::path out = std::filesystem::weakly_canonical(std::filesystem::absolute(path), ec);
    return out.has_relative_path() && out.filename().empty() ? out.parent_path() : out;
}

/// Whether inner is folder or lies below it.
bool within(const std::filesystem::path& inner, const std::filesystem::path& folder)
{
    const auto [stop, unused] = std::mismatch(folder.begin(), folder.end(), inner.begin(), inner.end());
    return stop == folder.end();
}

/// A home's documents, read again for rendering: they were valid moments ago.
struct HomeDocuments {
    std::optional<model::Home> home;
    std::vector<model::SimulationResult> results;
    std::optional<write::Error> error;  ///< a file that could not be read again
};

/// What a worker reads with, again and again.
struct Reading {
    json::KeptParser parser;
    std::string bytes;  ///< a packed document, from the spool
};

HomeDocuments read_home_documents(const Checked& checked, const Unit& unit, Reading& reading)
{
    HomeDocuments documents;
    Diagnostics quiet;
    // GCOVR_EXCL_START: needs a file changed between the two passes of one build
    const auto changed = [&](const std::filesystem::path& path) {
        documents.error = write::Error {path.string(), "the file changed during the build: build again"};
    };
    // GCOVR_EXCL_STOP
    // Unpacked from the spool when validation put it there, else read from the file.
    const auto read = [&](const std::string& path, std::uint32_t index, auto unpack, auto from_file) {
        const auto& place = checked.packed.empty() ? std::nullopt : checked.packed.at(index);
        if (auto document
            = place && checked.spool->get(*place, reading.bytes) ? unpack(reading.bytes, path) : std::nullopt) {
            return document;
        }
        auto file = load::read_source(path, quiet);
        return file ? from_file(*file, reading.parser, quiet) : std::nullopt;
    };
    std::uint32_t k = unit.first;
    if (unit.home_file) {
        const std::uint32_t file = checked.files[k++];
        documents.home = read(checked.path(file), file, model::unpack_home, model::read_home_file);
        if (!documents.home) {
            changed(checked.path(file));  // GCOVR_EXCL_LINE: see changed
        }
    }
    for (; k < unit.first + unit.count; ++k) {
        const std::uint32_t file = checked.files[k];
        const std::string path = checked.path(file);
        auto result = read(path, file, model::unpack_result, model::read_result_file);
        if (!result) {
            changed(path);  // GCOVR_EXCL_LINE: see changed
            continue;  // GCOVR_EXCL_LINE
        }
        documents.results.push_back(std::move(*result));
    }
    if (!documents.home && !documents.error) {
        documents.home = documents.results.front().baseline_home;
    }
    return documents;
}

/// The files of one home, in the order write::home_files() names them: a
/// comparison API file and a chart spec per simulation, its API file and
/// its page. Returns the energy figures of its first simulation, for the index.
std::optional<derive::Figure> render_home(const render::Templates& templates, const model::Settings& settings,
    const model::Home& home, const std::vector<model::SimulationResult>& results, load::Assets assets,
    const std::vector<std::string>& ids, std::vector<std::string>& files)
{
    std::vector<render::HomeSimulation> simulations;
    for (const model::SimulationResult& result : results) {
        // Derive: the chart's numbers, rounded once, and its spec, used by every output.
        simulations.push_back(render::home_simulation(home, result));
        files.push_back(render::comparison_api(result, simulations.back().comparison));
        files.push_back(simulations.back().spec);
    }
    files.push_back(render::home_api(home, ids));
    files.push_back(render::home_page(templates, settings, home, simulations, assets));
    if (simulations.empty()) {
        return std::nullopt;
    }
    return simulations.front().comparison.energy.annual;
}

/// Reads, renders and emits one home, recording what it wrote.
std::optional<write::Error> render_one(const BuildOptions& options, const Checked& checked,
    const render::Templates& templates, const EmitAll& emit_all, const Unit& unit, Reading& reading,
    write::Manifest::HomeOutputs& record)
{
    HomeDocuments documents = read_home_documents(checked, unit, reading);
    if (documents.error) {
        return documents.error;  // GCOVR_EXCL_LINE: a file changed during the build
    }
    record.home_file = unit.home_file;
    for (const model::SimulationResult& result : documents.results) {
        record.simulation_ids.push_back(result.simulation_id);
    }
    std::vector<std::string> files;
    record.annual = render_home(
        templates, checked.settings, *documents.home, documents.results, options.assets, record.simulation_ids, files);
    record.listing = write::listing_key(unit.facts->home(), record.simulation_ids, record.annual);
    const std::vector<std::string> paths = write::home_files(std::string(unit.facts->uprn()), record.simulation_ids);
    if (auto error = emit_all(paths, files)) {
        return error;
    }
    for (const std::string& file : files) {
        record.sizes.push_back(file.size());
    }
    return std::nullopt;
}

using RecordedFiles = std::vector<std::pair<std::string, std::uint64_t>>;

/// Whether files (path, size) are all in the output folder at those sizes.
bool files_in_place(const RecordedFiles& files, const write::OpenFolder& out)
{
    return std::ranges::all_of(files, [&out](const auto& file) {
        const auto stamp = out.stamp(file.first.c_str());
        return stamp && stamp->size == file.second;
    });
}

/// The files of the previous build's record of a home (record, when there
/// is one) when it is still right: rendering it again would give the same
/// files, from the same inputs, unchanged, with the same templates and
/// settings (same_build), and its files are still in place at the size
/// they were written.
std::optional<RecordedFiles> still_right(const Checked& checked, const Unit& unit,
    const write::Manifest::HomeOutputs* record, bool same_build, const write::OpenFolder& out)
{
    if (record == nullptr || !unit.unchanged || !same_build) {
        return std::nullopt;
    }
    // Rendered from the same files: a result file is named after its simulation id.
    const auto results = checked.files.begin() + unit.first + (unit.home_file ? 1 : 0);
    const bool same_inputs = record->home_file == unit.home_file
        && std::equal(results, checked.files.begin() + unit.first + unit.count, record->simulation_ids.begin(),
            record->simulation_ids.end(),
            [&checked](std::uint32_t file, const std::string& id) { return file_stem(checked.name(file)) == id; });
    if (!same_inputs) {
        return std::nullopt;
    }
    RecordedFiles files = write::recorded_files(std::string(unit.facts->uprn()), *record);
    return files_in_place(files, out) ? std::optional(std::move(files)) : std::nullopt;
}

/// Whether every home is listed as the previous build listed it.
bool same_listings(const std::vector<write::Manifest::HomeOutputs*>& records,
    const std::vector<std::optional<std::uint64_t>>& previous_listings)
{
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (previous_listings[i] != records[i]->listing) {
            return false;
        }
    }
    return true;
}

/// What differs between the manifest this build read and the one it
/// leaves, which builds on it (same generator, same build key): inputs
/// with another stamp or record (input_changed), homes rendered again,
/// homes and inputs gone (the previous inputs left are those no longer read).
write::ManifestChange change_from(const write::Manifest& previous, const write::Manifest& next,
    const std::vector<char>& input_changed, const std::vector<Unit>& units, const std::vector<char>& kept_homes,
    bool portfolio_kept)
{
    write::ManifestChange change;
    std::size_t k = 0;
    for (const auto& [path, input] : next.inputs) {
        if (input_changed.at(k++) != 0) {
            change.inputs.push_back(path);
        }
    }
    for (const auto& [path, input] : previous.inputs) {
        change.removed_inputs.push_back(path);
    }
    for (std::size_t i = 0; i < units.size(); ++i) {
        if (kept_homes[i] == 0) {
            change.homes.emplace_back(units[i].facts->uprn());
        }
    }
    if (!portfolio_kept) {
        change.homes.emplace_back(k_portfolio);
    }
    for (const auto& [uprn, record] : previous.homes) {
        if (!next.homes.contains(uprn)) {
            change.removed_homes.push_back(uprn);
        }
    }
    change.whole_bytes = previous.whole_bytes;
    change.change_bytes = previous.change_bytes;
    change.changes = previous.changes;
    return change;
}

/// Renders and emits every home's files on every worker, or keeps them when
/// the manifest says they are still right; each home's manifest record
/// lands in its own place, so the order never varies. Stops at the first
/// failure, reported in home order.
/// A record the previous build made of a home is in place at its start
/// (previous_listings says which); it is kept as it is or started afresh.
void render_homes(const BuildOptions& options, Checked& checked, const render::Templates& templates,
    const Output& output, bool same_build, const std::vector<write::Manifest::HomeOutputs*>& records,
    const std::vector<std::optional<std::uint64_t>>& previous_listings, std::vector<char>& kept_homes,
    Diagnostics& sink)
{
    const std::vector<Unit>& units = checked.units;
    kept_homes.assign(units.size(), 0);
    // The first home's failure, in home order (not one slot a home: a big
    // portfolio's would be megabytes for what is nearly always nothing).
    std::optional<std::pair<std::size_t, write::Error>> error_seen;
    std::mutex error_lock;
    std::vector<Reading> readings(jobs_of(options));
    // Homes after a failed one are skipped, those before it never are: the
    // error reported is always the first home's, whatever the timing.
    std::atomic<std::size_t> first_failure {units.size()};
    const write::OpenFolder out(options.out);  // where kept files are looked for
    Progress progress(options, "writing", units.size());
    for_each_index(units.size(), jobs_of(options), [&](unsigned worker, std::size_t i) {
        if (i > first_failure) {
            return;
        }
        write::Manifest::HomeOutputs& record = *records[i];
        const auto kept = output.keep
            ? still_right(checked, units[i], previous_listings[i] ? &record : nullptr, same_build, out)
            : std::nullopt;
        if (kept) {
            for (const auto& file : *kept) {
                output.keep(file.first);
            }
            kept_homes[i] = 1;
        } else {
            record = {};  // the previous build's, if any: rendered afresh
            if (auto error
                = render_one(options, checked, templates, output.emit_all, units[i], readings[worker], record)) {
                const std::lock_guard hold(error_lock);
                if (!error_seen || i < error_seen->first) {
                    error_seen.emplace(i, std::move(*error));
                }
                for (std::size_t seen = first_failure; i < seen && !first_failure.compare_exchange_weak(seen, i);) { }
                return;
            }
        }
        // Its paths are in its record now, and its documents read: a big
        // portfolio's units need not hold them until the end of the build.
        for (std::uint32_t k = units[i].first; k < units[i].first + units[i].count; ++k) {
            std::string().swap(checked.name(checked.files[k]));
        }
        progress.one_done();
    });
    if (error_seen) {
        sink.file_error(error_seen->second.path, error_seen->second.message);
    }
}

/// The API describes itself: the OpenAPI description and the page that
/// draws it, and the answers to a wrong URL (the catalogue of homes, too
/// big to hold whole, is emitted apart).
void render_self_description(
    const render::Templates& templates, const model::Settings& settings, load::Assets assets, write::Files& files)
{
    for (const auto& [path, bytes] : templates.api_files()) {
        files.emplace("api/" + path, render::api_description(bytes, settings));  // never over a generated file
    }
    if (templates.has("docs")) {
        files["docs/index.html"] = render::docs_page(templates, settings, assets);
    }
    if (templates.has("404")) {
        files["404.html"] = render::not_found_page(templates, settings);
    }
}

/// Everything but the homes: index pages (rendered and emitted one at a
/// time, so that a big portfolio's pages are never all in memory), static
/// files, self-description.
std::optional<write::Error> render_portfolio(const BuildOptions& options, const model::Settings& settings,
    const render::Templates& templates, const std::map<std::string, std::string>& vendor,
    const render::Listing<render::IndexRow>& rows, const render::Listing<render::CatalogueEntry>& catalogue,
    const Emit& emit, const EmitProduced& emit_produced)
{
    // Pages on every worker, each written as soon as it is rendered.
    const std::size_t pages = render::index_page_count(settings, rows.size);
    std::vector<std::optional<write::Error>> errors(pages);
    for_each_index(pages, jobs_of(options), [&](unsigned /*worker*/, std::size_t i) {
        const render::IndexPage page = render::index_page(templates, settings, rows, i + 1);
        errors[i] = emit(page.path, page.html);
    });
    std::optional<write::Error> failed;
    for (auto& error : errors) {
        if (error && !failed) {
            failed = std::move(error);
        }
    }
    write::Files files;
    for (const auto& [path, bytes] : templates.assets()) {
        files["assets/" + path] = bytes;
    }
    for (const auto& [name, bytes] : vendor) {
        files["assets/vendor/" + name] = bytes;
    }
    files["_headers"] = render::headers_file();
    render_self_description(templates, settings, options.assets, files);
    for (const auto& [path, bytes] : files) {
        if (!failed) {
            failed = emit(path, bytes);
        }
    }
    if (!failed) {
        std::uint64_t size = 0;
        failed = emit_produced(
            "api/homes.json", [&](const write::Pieces& out) { render::homes_api(catalogue, out); }, size);
    }
    return failed;
}

std::string shard_manifest(const BuildOptions& options, const Checked& checked,
    const std::vector<write::Manifest::HomeOutputs*>& records, std::uint64_t fingerprint)
{
    write::ShardManifest shard;
    shard.fingerprint = fingerprint;
    shard.index = options.shard_index;
    shard.count = options.shard_count;
    shard.settings = checked.settings;
    for (std::size_t i = 0; i < records.size(); ++i) {
        shard.homes.push_back({checked.units[i].facts->home(), records[i]->simulation_ids, records[i]->annual});
    }
    return write::shard_manifest_text(shard);
}

/// Validates content, templates and vendor files, then renders the site
/// into output. Nothing is emitted unless everything is valid. On success,
/// manifest holds what the next build needs to know.
bool render_into(const BuildOptions& options, Diagnostics& sink, BuildSummary& summary, const Output& output,
    write::Manifest* manifest, std::optional<write::ManifestChange>& change, std::optional<write::Manifest>& retired)
{
    // The manifest is read while the content folder is listed.
    auto reading = std::async(std::launch::async,
        [&options, manifest] { return manifest != nullptr ? incremental_of(options) : Incremental {}; });
    load::ContentPaths paths = load::list_content(options.content, sink);
    Incremental incremental = reading.get();
    Checked checked = check_files(options, std::move(paths), incremental, true, sink, summary);
    // Templates are checked before anything is rendered, like content.
    const render::Templates templates = render::Templates::load(options.templates, sink);
    // Vendor scripts, for --assets local: missing ones are errors like content.
    const auto vendor = options.assets == load::Assets::local ? load::read_vendor(options.vendor, sink)
                                                              : std::map<std::string, std::string> {};
    if (sink.error_count() != 0) {
        return false;
    }
    if (auto error = output.open()) {
        sink.file_error(error->path, error->message);
        return false;
    }
    const std::uint64_t key
        = incremental.reader_key != 0 ? build_key(incremental, options, checked.settings, templates, vendor) : 0;
    // Each home's record, made in place in what becomes the next manifest's
    // map: not a vector of them moved into it at the end, which for a big
    // portfolio would hold every record twice over for a moment. A home the
    // previous manifest knows takes over its node, record and all, so that
    // a rebuild holds each record once; what is left of the previous homes
    // is the portfolio's record and the homes gone.
    write::Manifest* previous = incremental.previous ? &*incremental.previous : nullptr;
    std::map<std::string, write::Manifest::HomeOutputs> homes;
    std::vector<write::Manifest::HomeOutputs*> records;  ///< in unit order
    std::vector<std::optional<std::uint64_t>> previous_listings;  ///< of each home the previous manifest knows
    records.reserve(checked.units.size());
    previous_listings.reserve(checked.units.size());
    for (const Unit& unit : checked.units) {
        const std::string uprn(unit.facts->uprn());
        auto node = previous != nullptr ? previous->homes.extract(uprn) : decltype(homes)::node_type {};
        previous_listings.push_back(node ? std::optional(node.mapped().listing) : std::nullopt);
        records.push_back(node ? &homes.insert(std::move(node)).position->second : &homes[uprn]);
    }
    std::vector<char> kept_homes;
    render_homes(options, checked, templates, output, previous != nullptr && previous->build_key == key && key != 0,
        records, previous_listings, kept_homes, sink);
    if (sink.error_count() != 0) {
        return false;
    }
    // The portfolio's pages show each home's listing: with the same homes,
    // each listed as before, and the same build key, they would come out
    // the same, so they are kept if still in place.
    const auto previous_portfolio
        = previous != nullptr ? previous->homes.find(k_portfolio) : decltype(previous->homes.end()) {};
    const bool listed_as_before = previous != nullptr && previous->build_key == key
        && previous_portfolio != previous->homes.end() && previous->homes.size() == 1
        && same_listings(records, previous_listings)
        && files_in_place(previous_portfolio->second.files, write::OpenFolder(options.out));
    // Nothing new to remember either: every input as stamped, every home
    // kept. Then the manifest on disk is not written again.
    // (check_files took over the previous inputs it read: any left are gone.)
    const bool as_before = listed_as_before && checked.inputs_as_before == checked.manifest.inputs.size()
        && previous->inputs.empty()
        && std::count(kept_homes.begin(), kept_homes.end(), 1) == static_cast<std::ptrdiff_t>(checked.units.size());
    write::Manifest::HomeOutputs portfolio;
    std::mutex portfolio_lock;
    const auto recorded = [&](const std::string& path, const std::string& bytes) {
        auto error = output.emit(path, bytes);
        const std::lock_guard hold(portfolio_lock);
        portfolio.files.emplace_back(path, bytes.size());
        return error;
    };
    const auto recorded_produced = [&](const std::string& path, const write::Producer& produce, std::uint64_t& size) {
        auto error = output.emit_produced(path, produce, size);
        const std::lock_guard hold(portfolio_lock);
        portfolio.files.emplace_back(path, size);
        return error;
    };
    std::optional<write::Error> error;
    if (listed_as_before && output.keep) {
        for (const auto& file : previous_portfolio->second.files) {
            output.keep(file.first);
        }
        portfolio = previous_portfolio->second;
    } else if (options.sharded) {  // merge renders the portfolio's pages from what the shard says of its homes
        error = recorded(write::k_shard_manifest,
            shard_manifest(options, checked, records,
                render_fingerprint(incremental.reader_key != 0 ? incremental.reader_key : generator_key(), options,
                    templates, vendor)));
    } else {
        // Each home's row and catalogue entry made as the page or piece that shows it is.
        const std::vector<Unit>& units = checked.units;
        const render::Listing<render::IndexRow> rows {
            units.size(), [&](std::size_t i) {
                return render::IndexRow {units[i].facts->home(), records[i]->annual};
            }};
        const render::Listing<render::CatalogueEntry> catalogue {
            units.size(), [&](std::size_t i) {
                return render::CatalogueEntry {units[i].facts->home(), records[i]->simulation_ids, records[i]->annual};
            }};
        error = render_portfolio(options, checked.settings, templates, vendor, rows, catalogue, Emit(recorded),
            EmitProduced(recorded_produced));
    }
    if (error) {
        sink.file_error(error->path, error->message);
        return false;
    }
    std::sort(portfolio.files.begin(), portfolio.files.end());
    if (manifest != nullptr && key != 0 && !as_before) {
        *manifest = std::move(checked.manifest);
        manifest->reader_key = incremental.reader_key;
        manifest->build_key = key;
        manifest->homes = std::move(homes);
        manifest->homes[k_portfolio] = std::move(portfolio);
        if (previous != nullptr && previous->reader_key == incremental.reader_key && previous->build_key == key) {
            change = change_from(*previous, *manifest, checked.input_changed, checked.units, kept_homes,
                listed_as_before && output.keep);
        }
    }
    retired = std::move(incremental.previous);
    return true;
}

}  // namespace

std::string unsafe_output(const BuildOptions& options)
{
    const std::filesystem::path out = resolved(options.out);
    if (out == out.root_path()) {
        return "refusing to write a site into the filesystem root";
    }
    const char* home = std::getenv("HOME");
    if (home != nullptr && *home != '\0' && out == resolved(home)) {
        return "refusing to write a site into the home directory";
    }
    const std::pair<const std::filesystem::path*, const char*> inputs[]
        = {{&options.content, "content"}, {&options.templates, "templates"}};
    for (const auto& [folder, name] : inputs) {
        const std::filesystem::path input = resolved(*folder);
        if (input == out) {
            return std::string("refusing to write a site into the ") + name + " folder";
        }
        if (within(input, out)) {
            return std::string("refusing to write a site into a folder that holds the ") + name + " folder";
        }
    }
    return {};
}

bool check_content(const BuildOptions& options, Diagnostics& sink, BuildSummary& summary)
{
    Incremental none;
    check_files(options, load::list_content(options.content, sink), none, false, sink, summary);
    if (options.check_out) {
        if (auto error = write::check_published(options.out)) {
            sink.file_error(error->path, error->message);
        }
    }
    return sink.error_count() == 0;
}

bool build_site(const BuildOptions& options, Diagnostics& sink, BuildSummary& summary)
{
    if (std::string why = unsafe_output(options); !why.empty()) {
        sink.file_error(options.out.string(), why);
        return false;
    }
    // Write: the one stage that touches the output folder, from the first
    // home rendered on, once every input is known to be valid.
    std::unique_ptr<write::Publisher> publisher;
    const Output output {[&] { return write::Publisher::open(options.out, publisher); },
        [&](const std::string& path, const std::string& bytes) { return publisher->put(path, bytes); },
        [&](const std::string& path, const write::Producer& produce, std::uint64_t& size) {
            return publisher->put(path, produce, size);
        },
        [&](const std::vector<std::string>& paths, const std::vector<std::string>& files) {
            return publisher->put(paths, files);
        },
        [&](const std::string& path) { publisher->keep(path); }};
    write::Manifest manifest;
    std::optional<write::ManifestChange> change;
    std::optional<write::Manifest> previous;
    const bool ok = render_into(options, sink, summary, output, &manifest, change, previous);
    // The last build's manifest, some 100,000 allocations, is freed on
    // another thread while the site is finished and the new one written.
    std::thread retire([&previous] { previous.reset(); });
    if (ok) {
        if (auto error = publisher->finish()) {
            // GCOVR_EXCL_START: a disk failing after every write went well
            sink.file_error(error->path, error->message);
            // GCOVR_EXCL_STOP
        } else if (!options.manifest.empty() && manifest.build_key != 0) {
            // A manifest that cannot be written costs the next build time, never correctness.
            write::write_manifest(options.manifest, manifest, change ? &*change : nullptr);
        }
    }
    retire.join();
    if (publisher) {
        summary.files = publisher->report();
    }
    return sink.error_count() == 0;
}

namespace {

/// The shard manifests of a sharded build's folders, checked to be every
/// shard of one count, each finished, with the same settings.
std::vector<write::ShardManifest> read_shards(const std::vector<std::filesystem::path>& folders, Diagnostics& sink)
{
    std::vector<write::ShardManifest> shards;
    std::map<std::size_t, std::string> seen;  // index to folder
    for (const std::filesystem::path& folder : folders) {
        if (auto error = write::check_published(folder)) {
            sink.file_error(error->path, error->message);
            continue;
        }
        std::string why;
        const auto bytes = load::read_file(folder / write::k_shard_manifest, why, load::k_any_size);
        auto shard = bytes ? write::parse_shard_manifest(*bytes) : std::nullopt;
        if (!shard) {
            sink.file_error((folder / write::k_shard_manifest).string(),
                "not the manifest of a shard build (made by build --shard K/N): " + (bytes ? "unreadable" : why));
            continue;
        }
        if (!shards.empty() && shard->count != shards.front().count) {
            sink.file_error(folder.string(),
                "shard of " + std::to_string(shard->count) + ", the others are of "
                    + std::to_string(shards.front().count));
            continue;
        }
        if (!shards.empty()
            && (shard->settings.title != shards.front().settings.title
                || shard->settings.page_size != shards.front().settings.page_size)) {
            sink.file_error(folder.string(), "built with other settings (site.json) than " + seen.begin()->second);
            continue;
        }
        if (const auto [at, added] = seen.emplace(shard->index, folder.string()); !added) {
            sink.file_error(
                folder.string(), "shard " + std::to_string(shard->index) + " again: " + at->second + " is it too");
            continue;
        }
        shards.push_back(std::move(*shard));
    }
    if (sink.error_count() == 0 && !shards.empty() && shards.size() != shards.front().count) {
        std::string missing;
        for (std::size_t i = 0; i < shards.front().count; ++i) {
            if (!seen.contains(i)) {
                missing += (missing.empty() ? "" : ", ") + std::to_string(i);
            }
        }
        sink.file_error(folders.back().string(),
            "missing shard " + missing + " of " + std::to_string(shards.front().count)
                + ": merge needs the folder of every shard");
    }
    return shards;
}

/// Copies each shard's files (but its manifest) into the publisher, on every worker.
void copy_shard_files(const BuildOptions& options, const std::vector<std::filesystem::path>& folders,
    write::Publisher& publisher, Diagnostics& sink)
{
    std::vector<std::pair<std::filesystem::path, std::string>> files;
    std::map<std::string, const std::filesystem::path*> owner;
    for (const std::filesystem::path& folder : folders) {
        for (std::string& path : write::published_files(folder)) {
            if (path == write::k_shard_manifest) {
                continue;
            }
            if (const auto [at, added] = owner.emplace(path, &folder); !added) {
                sink.file_error(
                    (folder / path).string(), "also in " + at->second->string() + ": shards of different content?");
                return;
            }
            files.emplace_back(folder, std::move(path));
        }
    }
    std::vector<std::optional<write::Error>> errors(files.size());
    Progress progress(options, "merging", files.size());
    for_each_index(files.size(), jobs_of(options), [&](unsigned /*worker*/, std::size_t i) {
        std::string why;
        const auto bytes = load::read_file(files[i].first / files[i].second, why);
        errors[i] = bytes ? publisher.put(files[i].second, *bytes)
                          : write::Error {(files[i].first / files[i].second).string(), why};
        progress.one_done();
    });
    for (const auto& error : errors) {
        if (error) {
            // GCOVR_EXCL_START: a listed file vanished or a write failed after check_published found them all
            sink.file_error(error->path, error->message);
            return;
            // GCOVR_EXCL_STOP
        }
    }
}

}  // namespace

bool merge_shards(const BuildOptions& options, const std::vector<std::filesystem::path>& folders, Diagnostics& sink,
    BuildSummary& summary)
{
    if (std::string why = unsafe_output(options); !why.empty()) {
        sink.file_error(options.out.string(), why);
        return false;
    }
    const std::vector<write::ShardManifest> shards = read_shards(folders, sink);
    const render::Templates templates = render::Templates::load(options.templates, sink);
    const auto vendor = options.assets == load::Assets::local ? load::read_vendor(options.vendor, sink)
                                                              : std::map<std::string, std::string> {};
    if (sink.error_count() != 0) {
        return false;
    }
    const std::uint64_t fingerprint = render_fingerprint(generator_key(), options, templates, vendor);
    for (std::size_t i = 0; i < shards.size(); ++i) {
        if (shards[i].fingerprint != fingerprint) {
            sink.file_error(folders[i].string(),
                "built with other templates, --assets or generator than this merge: the index pages would not match "
                "the homes' pages (use the same everywhere)");
            return false;
        }
    }
    // The homes of every shard, in the order one build would give them.
    std::vector<const write::ShardManifest::Home*> homes;
    for (const write::ShardManifest& shard : shards) {
        for (const write::ShardManifest::Home& home : shard.homes) {
            homes.push_back(&home);
            summary.simulations += home.simulation_ids.size();
        }
    }
    std::sort(homes.begin(), homes.end(),
        [](const auto* a, const auto* b) { return model::uprn_less(a->facts.uprn, b->facts.uprn); });
    summary.homes = homes.size();
    const render::Listing<render::IndexRow> rows {homes.size(), [&](std::size_t i) {
                                                      return render::IndexRow {homes[i]->facts, homes[i]->annual};
                                                  }};
    const render::Listing<render::CatalogueEntry> catalogue {
        homes.size(), [&](std::size_t i) {
            return render::CatalogueEntry {homes[i]->facts, homes[i]->simulation_ids, homes[i]->annual};
        }};
    std::unique_ptr<write::Publisher> publisher;
    if (auto error = write::Publisher::open(options.out, publisher)) {
        sink.file_error(error->path, error->message);
        return false;
    }
    copy_shard_files(options, folders, *publisher, sink);
    if (sink.error_count() == 0) {
        const Emit emit
            = [&](const std::string& path, const std::string& bytes) { return publisher->put(path, bytes); };
        const EmitProduced emit_produced = [&](const std::string& path, const write::Producer& produce,
                                               std::uint64_t& size) { return publisher->put(path, produce, size); };
        if (auto error = render_portfolio(
                options, shards.front().settings, templates, vendor, rows, catalogue, emit, emit_produced)) {
            // GCOVR_EXCL_START: a write failing after the homes' went well
            sink.file_error(error->path, error->message);
            // GCOVR_EXCL_STOP
        }
    }
    if (sink.error_count() == 0) {
        if (auto error = publisher->finish()) {
            sink.file_error(error->path, error->message);  // GCOVR_EXCL_LINE: likewise
        }
    }
    summary.files = publisher->report();
    return sink.error_count() == 0;
}

}  // namespace retrofit
