// retrofit-parse-floor: what reading and parsing a content folder costs at
// the least, for comparing the generator against.
//
// Every .json file of DIR/homes and DIR/results is listed and read as the
// generator lists and reads it (load::list_content, load::read_file_into) and
// parsed by RapidJSON's SAX reader, in place, numbers as strings (the
// generator's flags), into a handler that does nothing: no value kept, no
// field checked, nothing rendered or written. Workers take files from a
// shared counter, as the generator's do. It prints the wall and CPU time;
// the generator's `check` (which reads, parses and validates everything)
// and `build` are then measured against that. See README.md, "Performance".

#include "diagnostics.hpp"
#include "load/content.hpp"

#include <rapidjson/reader.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <sys/resource.h>
#include <thread>
#include <utility>
#include <vector>

namespace {

using retrofit::Diagnostic;
using retrofit::Diagnostics;
using retrofit::format_diagnostic;
namespace load = retrofit::load;

struct Options {
    std::string content;
    unsigned jobs = std::max(1U, std::thread::hardware_concurrency());
    bool read_only = false;
};

/// What one worker went through.
struct Tally {
    std::uint64_t files = 0;
    std::uint64_t bytes = 0;
    std::vector<std::string> failures;  ///< "path: what went wrong"
};

void work(const std::vector<std::string>& paths, std::atomic<std::size_t>& next, bool read_only, Tally& tally)
{
    constexpr unsigned k_flags = rapidjson::kParseInsituFlag | rapidjson::kParseNumbersAsStringsFlag;
    std::string text;
    std::string why;
    rapidjson::Reader reader;
    rapidjson::BaseReaderHandler<> nothing;
    for (std::size_t i = next++; i < paths.size(); i = next++) {
        if (!load::read_file_into(paths[i], text, why)) {
            tally.failures.push_back(paths[i] + ": " + why);
            continue;
        }
        ++tally.files;
        tally.bytes += text.size();
        if (read_only) {
            continue;
        }
        rapidjson::InsituStringStream stream(text.data());  // the string's own NUL ends it
        if (reader.Parse<k_flags>(stream, nothing).IsError()) {
            tally.failures.push_back(paths[i] + ": not JSON at byte " + std::to_string(reader.GetErrorOffset()));
        }
    }
}

/// User and system seconds of this process so far.
std::pair<double, double> cpu_seconds()
{
    rusage now {};
    ::getrusage(RUSAGE_SELF, &now);
    const auto seconds = [](const timeval& time) {
        return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
    };
    return {seconds(now.ru_utime), seconds(now.ru_stime)};
}

void say(const std::string& problem)
{
    static_cast<void>(std::fprintf(stderr, "retrofit-parse-floor: %s\n", problem.c_str()));
}

int usage(const char* problem)
{
    if (problem != nullptr) {
        say(problem);
    }
    const int written = std::fprintf(problem != nullptr ? stderr : stdout,
        "usage: retrofit-parse-floor --content DIR [--jobs J] [--read-only]\n"
        "\n"
        "Reads every DIR/homes/*.json and DIR/results/*.json and parses it with\n"
        "RapidJSON's SAX reader into a handler that does nothing: the least that\n"
        "reading and parsing the folder can cost. Prints wall and CPU seconds.\n"
        "\n"
        "  --content DIR  a content folder (as retrofit-portfolio writes one)\n"
        "  --jobs J       threads (default: all cores)\n"
        "  --read-only    read the files, parse nothing\n");
    return problem != nullptr || written < 0 ? 2 : 0;
}

}  // namespace

int main(int argc, char** argv)
{
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--help" || arg == "-h") {
            return usage(nullptr);
        }
        if (arg == "--read-only") {
            options.read_only = true;
        } else if (arg == "--content" && has_value) {
            options.content = argv[++i];
        } else if (arg == "--jobs" && has_value) {
            const std::string_view value = argv[++i];
            const auto parsed = std::from_chars(value.data(), value.data() + value.size(), options.jobs);
            if (parsed.ec != std::errc() || parsed.ptr != value.data() + value.size() || options.jobs == 0) {
                return usage("expected a whole number of at least 1 after --jobs");
            }
        } else {
            return usage(("unexpected argument: " + std::string(arg)).c_str());
        }
    }
    if (options.content.empty()) {
        return usage("--content DIR is required");
    }
    // The files the generator would read, found as it finds them.
    Diagnostics listing;
    const load::ContentPaths content = load::list_content(options.content, listing);
    for (const Diagnostic& problem : listing.items()) {
        say(format_diagnostic(problem));
    }
    std::vector<std::string> paths;
    for (const std::string& name : content.homes) {
        paths.push_back(content.homes_folder + name);
    }
    for (const std::string& name : content.results) {
        paths.push_back(content.results_folder + name);
    }
    if (listing.error_count() > 0) {
        return 1;
    }
    if (paths.empty()) {
        say(options.content + ": no homes/*.json or results/*.json to read");
        return 1;
    }
    const std::size_t home_files = content.homes.size();

    const auto [user_before, system_before] = cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    std::atomic<std::size_t> next {0};
    std::vector<Tally> tallies(options.jobs);
    {
        std::vector<std::jthread> workers;
        workers.reserve(tallies.size());
        for (Tally& tally : tallies) {
            workers.emplace_back(work, std::cref(paths), std::ref(next), options.read_only, std::ref(tally));
        }
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto [user_after, system_after] = cpu_seconds();
    const double user = user_after - user_before;
    const double system = system_after - system_before;

    Tally total;
    for (Tally& tally : tallies) {
        total.files += tally.files;
        total.bytes += tally.bytes;
        total.failures.insert(total.failures.end(), tally.failures.begin(), tally.failures.end());
    }
    for (const std::string& failure : total.failures) {
        say(failure);
    }
    const int written
        = std::printf("%llu files (%zu in homes/, %zu in results/), %.1f MB %s: %.2f s wall, %.2f s CPU (%.2f user, "
                      "%.2f system)\n",
            static_cast<unsigned long long>(total.files), home_files, paths.size() - home_files,
            static_cast<double>(total.bytes) / 1e6, options.read_only ? "read" : "read and parsed", wall, user + system,
            user, system);
    return total.failures.empty() && written > 0 ? 0 : 1;
}
