#include "cli.hpp"

#include "diagnostics.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#ifndef RETROFIT_VERSION
#define RETROFIT_VERSION "0.0.0"
#endif

namespace retrofit::cli {

std::string help_text()
{
    return "usage: retrofit-site build [--content DIR] [--templates DIR] [--out DIR] [--assets cdn|local]\n"
           "                          [--vendor DIR] [--manifest FILE] [--warnings-as-errors] [--jobs N] [--quiet]\n"
           "                          [--shard K/N | --shard N]\n"
           "       retrofit-site check [--content DIR] [--out DIR] [--warnings-as-errors] [--jobs N] [--quiet]\n"
           "       retrofit-site merge SHARD_DIR... [--out DIR] [--templates DIR] [--assets cdn|local]\n"
           "                          [--vendor DIR] [--jobs N] [--quiet]\n"
           "       retrofit-site --help | --version\n"
           "\n"
           "Turns home-energy simulation results into a static website: a JSON API\n"
           "and a page per home with a before/after chart of monthly energy use.\n"
           "\n"
           "commands:\n"
           "  build        validate the content, then write the site (only files that change)\n"
           "  check        validate the content and write nothing; with --out, also fail\n"
           "               unless DIR holds a site whose last build finished\n"
           "  merge        assemble the site from the folders of a build run as N shards\n"
           "               (build --shard K/N on N machines): homes' files as they are, the\n"
           "               index pages, catalogue and API description rendered anew\n"
           "\n"
           "options:\n"
           "  --content DIR         content folder: homes/<uprn>.json, results/<simulation_id>.json,\n"
           "                        site.json (default: content)\n"
           "  --templates DIR       Mustache templates and assets/ (default: templates)\n"
           "  --out DIR             output folder (default: site)\n"
           "  --assets cdn|local    load vega, vega-lite and vega-embed from the CDN with integrity\n"
           "                        hashes (default), or copy them into the site's assets/vendor/\n"
           "  --vendor DIR          node_modules folder that --assets local copies them from, filled by\n"
           "                        npm ci (default: node_modules)\n"
           "  --manifest FILE       incremental builds: remember in FILE (kept outside the site) what\n"
           "                        each input held and each home wrote, so that the next build reads\n"
           "                        and renders only what changed; a missing or damaged FILE means a\n"
           "                        full build, never a wrong one\n"
           "  --shard K/N           build only the homes of shard K (0 to N-1) of N, chosen by a stable\n"
           "                        hash of the UPRN, and a shard manifest for merge; --shard N takes K\n"
           "                        from JOB_COMPLETION_INDEX (Kubernetes) or AWS_BATCH_JOB_ARRAY_INDEX\n"
           "  --warnings-as-errors  fail on warnings too\n"
           "  --jobs N, -j N        worker threads (default: one per core); the site is the same\n"
           "                        byte for byte whatever N is\n"
           "  --quiet               print errors and warnings only: no summary, no progress line\n"
           "                        (the progress line shows only on a terminal, after a second)\n"
           "  --help                show this help\n"
           "  --version             show the version\n"
           "\n"
           "exit status: 0 success, 1 errors in the content or templates, 2 wrong command line\n";
}

std::string version_text()
{
    return std::string("retrofit-site ") + RETROFIT_VERSION + "\n";
}

namespace {

/// A whole number from 1 to 9999 written in digits, or 0.
std::size_t count_of(const std::string& text)
{
    const bool digits = !text.empty() && text.size() <= 4 && text.find_first_not_of("0123456789") == std::string::npos;
    return digits ? std::stoul(text) : 0;
}

/// --shard K/N, or --shard N with K from a batch engine's environment.
std::string parse_shard(const std::string& value, BuildOptions& build, const Environment& env)
{
    const std::size_t slash = value.find('/');
    std::string index = slash == std::string::npos ? "" : value.substr(0, slash);
    const std::size_t count = count_of(slash == std::string::npos ? value : value.substr(slash + 1));
    if (count == 0) {
        return "--shard needs K/N or N, N a number of shards from 1 to 9999, got \"" + value + "\"";
    }
    for (const char* name : {"JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"}) {
        const char* set = env(name);
        if (slash == std::string::npos && set != nullptr) {
            index = set;
            break;
        }
    }
    if (slash == std::string::npos && index.empty()) {
        return "--shard " + value
            + " takes the shard index from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) or "
              "AWS_BATCH_JOB_ARRAY_INDEX (an AWS Batch array job), and neither is set: give --shard K/"
            + value;
    }
    const bool zero = index == "0";
    if (!zero && count_of(index) == 0) {
        return "--shard needs a shard index K from 0 to " + std::to_string(count - 1) + ", got \"" + index + "\"";
    }
    build.shard_index = zero ? 0 : count_of(index);
    build.shard_count = count;
    build.sharded = true;
    if (build.shard_index >= count) {
        return "--shard needs a shard index K from 0 to " + std::to_string(count - 1) + ", got \"" + index + "\"";
    }
    return {};
}

/// Which options a command takes.
bool takes(Command command, const std::string& arg)
{
    static const std::map<std::string, std::vector<Command>> k_options = {
        {"--content", {Command::build, Command::check}},
        {"--out", {Command::build, Command::check, Command::merge}},
        {"--templates", {Command::build, Command::merge}},
        {"--vendor", {Command::build, Command::merge}},
        {"--manifest", {Command::build}},
        {"--assets", {Command::build, Command::merge}},
        {"--shard", {Command::build}},
    };
    const auto found = k_options.find(arg);
    return found != k_options.end()
        && std::find(found->second.begin(), found->second.end(), command) != found->second.end();
}

/// Reads one option (and its value) at args[i]; an error message, or empty.
std::string parse_option(const std::vector<std::string>& args, std::size_t& i, Options& options, const Environment& env)
{
    const std::string& arg = args[i];
    BuildOptions& build = options.build;
    const auto value = [&] { return i + 1 < args.size() ? args[++i] : std::string(); };
    const bool folder
        = arg == "--content" || arg == "--out" || arg == "--templates" || arg == "--vendor" || arg == "--manifest";
    if (arg == "--quiet" || arg == "-q") {
        options.quiet = true;
    } else if (arg == "--jobs" || arg == "-j") {
        const std::string text = value();
        build.jobs = static_cast<unsigned>(count_of(text));
        if (build.jobs == 0) {
            return arg + " needs a number of workers from 1 to 9999, got \"" + text + "\"";
        }
    } else if (arg == "--warnings-as-errors" && options.command != Command::merge) {
        build.warnings_as_errors = true;
    } else if (arg == "--assets" && takes(options.command, arg)) {
        const std::string text = value();
        build.assets = text == "local" ? load::Assets::local : load::Assets::cdn;
        if (text != "local" && text != "cdn") {
            return "--assets needs cdn or local, got \"" + text + "\"";
        }
    } else if (arg == "--shard" && takes(options.command, arg)) {
        return parse_shard(value(), build, env);
    } else if (folder && takes(options.command, arg)) {
        if (i + 1 >= args.size() || args[i + 1].rfind('-', 0) == 0) {
            return arg + (arg == "--manifest" ? " needs a file" : " needs a folder");
        }
        const std::string& text = args[++i];
        (arg == "--content"            ? build.content
                : arg == "--templates" ? build.templates
                : arg == "--vendor"    ? build.vendor
                : arg == "--manifest"  ? build.manifest
                                       : build.out)
            = text;
        build.check_out = build.check_out || arg == "--out";
    } else if (options.command == Command::merge && arg.rfind('-', 0) != 0) {
        options.shards.emplace_back(arg);
    } else {
        return std::string("unknown option \"").append(arg).append("\" for ").append(args.front());
    }
    return {};
}

}  // namespace

Parsed parse(const std::vector<std::string>& args, const Environment& env)
{
    Parsed parsed;
    Options& options = parsed.options;
    if (args.empty()) {
        parsed.error = "expected a command: build, check or merge";
        return parsed;
    }
    const std::string& command = args.front();
    if (command == "--help" || command == "-h" || command == "help") {
        options.command = Command::help;
        return parsed;
    }
    if (command == "--version") {
        options.command = Command::version;
        return parsed;
    }
    if (command != "build" && command != "check" && command != "merge") {
        parsed.error = "unknown command \"" + command + "\": expected build, check or merge";
        return parsed;
    }
    options.command = command == "build" ? Command::build : command == "check" ? Command::check : Command::merge;
    for (std::size_t i = 1; i < args.size() && parsed.error.empty(); ++i) {
        if (args[i] == "--help" || args[i] == "-h") {
            options.command = Command::help;
            return parsed;
        }
        parsed.error = parse_option(args, i, options, env);
    }
    if (parsed.error.empty() && options.command == Command::merge && options.shards.empty()) {
        parsed.error = "merge needs the folders of a sharded build: retrofit-site merge SHARD_DIR... --out DIR";
    }
    return parsed;
}

namespace {

std::string plural(std::size_t count, const char* noun)
{
    return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

std::string problems(const Diagnostics& sink)
{
    std::string text = plural(sink.error_count(), "error");
    if (sink.warning_count() != 0) {
        text += ", " + plural(sink.warning_count(), "warning");
    }
    return text;
}

std::string thousands(std::size_t count)
{
    const std::string digits = std::to_string(count);
    std::string text;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (digits.size() - i) % 3 == 0) {
            text += ',';
        }
        text += digits[i];
    }
    return text;
}

}  // namespace

std::string progress_text(const char* stage, std::size_t done, std::size_t total, double seconds)
{
    const char* what = std::string_view(stage) == "writing" ? " homes" : " files";
    std::string text = std::string("retrofit-site: ") + stage + " " + thousands(done) + "/" + thousands(total) + what;
    if (seconds > 0 && done > 0) {
        const double rate = static_cast<double>(done) / seconds;
        text += ", " + thousands(static_cast<std::size_t>(rate)) + "/s";
        const auto left = static_cast<std::size_t>(std::lround(static_cast<double>(total - done) / rate));
        text += ", about " + (left < 60 ? std::to_string(left) + " s" : std::to_string((left + 30) / 60) + " min")
            + " left";
    }
    return text;
}

int run(const Options& options, std::string& out, std::string& err)
{
    if (options.command == Command::help) {
        out = help_text();
        return k_exit_ok;
    }
    if (options.command == Command::version) {
        out = version_text();
        return k_exit_ok;
    }
    Diagnostics sink;
    BuildSummary summary;
    const bool ok = options.command == Command::build ? build_site(options.build, sink, summary)
        : options.command == Command::merge           ? merge_shards(options.build, options.shards, sink, summary)
                                                      : check_content(options.build, sink, summary);
    for (const Diagnostic& diagnostic : sink.items()) {
        err += format_diagnostic(diagnostic) + '\n';
    }
    const std::string shard = options.build.sharded ? " (shard " + std::to_string(options.build.shard_index) + " of "
            + std::to_string(options.build.shard_count) + ")"
                                                    : "";
    const std::string counts = plural(summary.homes, "home") + ", " + plural(summary.simulations, "simulation") + shard;
    if (!ok) {
        const std::size_t written = summary.files.written;
        const std::string outcome = options.command == Command::check ? ""
            : written == 0                                            ? ", nothing written"
                           : ", " + plural(written, "file") + " written before the error: build again to finish";
        err += "retrofit-site: " + problems(sink) + outcome + "\n";
        return k_exit_content;
    }
    if (!options.quiet && options.command == Command::check) {
        out = "retrofit-site: " + counts + ": " + problems(sink) + "\n";
    } else if (!options.quiet) {
        const write::Report& files = summary.files;
        out = "retrofit-site: " + counts + " into " + options.build.out.string() + ": " + plural(files.written, "file")
            + " written, " + std::to_string(files.unchanged) + " unchanged, " + std::to_string(files.removed)
            + " removed" + (sink.warning_count() != 0 ? ", " + plural(sink.warning_count(), "warning") : "") + "\n";
    }
    return k_exit_ok;
}

}  // namespace retrofit::cli
