#include "cli.hpp"

#include "diagnostics.hpp"

#ifndef RETROFIT_VERSION
#define RETROFIT_VERSION "0.0.0"
#endif

namespace retrofit::cli {

std::string help_text()
{
    return "usage: retrofit-site build [--content DIR] [--templates DIR] [--out DIR] [--assets cdn|local]\n"
           "                          [--vendor DIR] [--manifest FILE] [--warnings-as-errors] [--jobs N] [--quiet]\n"
           "       retrofit-site check [--content DIR] [--out DIR] [--warnings-as-errors] [--jobs N] [--quiet]\n"
           "       retrofit-site --help | --version\n"
           "\n"
           "Turns home-energy simulation results into a static website: a JSON API\n"
           "and a page per home with a before/after chart of monthly energy use.\n"
           "\n"
           "commands:\n"
           "  build        validate the content, then write the site (only files that change)\n"
           "  check        validate the content and write nothing; with --out, also fail\n"
           "               unless DIR holds a site whose last build finished\n"
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

Parsed parse(const std::vector<std::string>& args)
{
    Parsed parsed;
    Options& options = parsed.options;
    if (args.empty()) {
        parsed.error = "expected a command: build or check";
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
    if (command != "build" && command != "check") {
        parsed.error = "unknown command \"" + command + "\": expected build or check";
        return parsed;
    }
    options.command = command == "build" ? Command::build : Command::check;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& arg = args[i];
        const bool build = options.command == Command::build;
        const bool takes_folder = arg == "--content" || arg == "--out"
            || (build && (arg == "--templates" || arg == "--vendor" || arg == "--manifest"));
        if (arg == "--help" || arg == "-h") {
            options.command = Command::help;
            return parsed;
        }
        if (arg == "--quiet" || arg == "-q") {
            options.quiet = true;
        } else if (arg == "--jobs" || arg == "-j") {
            const std::string value = i + 1 < args.size() ? args[++i] : "";
            const bool digits = !value.empty() && value.size() <= 4
                && value.find_first_not_of("0123456789") == std::string::npos && std::stoul(value) >= 1;
            options.build.jobs = digits ? static_cast<unsigned>(std::stoul(value)) : 0;
            if (!digits) {
                parsed.error = arg + " needs a number of workers from 1 to 9999, got \"" + value + "\"";
            }
        } else if (arg == "--warnings-as-errors") {
            options.build.warnings_as_errors = true;
        } else if (build && arg == "--assets") {
            const std::string value = i + 1 < args.size() ? args[++i] : "";
            options.build.assets = value == "local" ? load::Assets::local : load::Assets::cdn;
            if (value != "local" && value != "cdn") {
                parsed.error = "--assets needs cdn or local, got \"" + value + "\"";
            }
        } else if (takes_folder && i + 1 < args.size() && args[i + 1].rfind('-', 0) != 0) {
            const std::string& value = args[++i];
            (arg == "--content"            ? options.build.content
                    : arg == "--templates" ? options.build.templates
                    : arg == "--vendor"    ? options.build.vendor
                    : arg == "--manifest"  ? options.build.manifest
                                           : options.build.out)
                = value;
            options.build.check_out = options.build.check_out || arg == "--out";
        } else if (takes_folder) {
            parsed.error = arg + (arg == "--manifest" ? " needs a file" : " needs a folder");
        } else {
            parsed.error = std::string("unknown option \"").append(arg).append("\" for ").append(command);
        }
        if (!parsed.error.empty()) {
            return parsed;
        }
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
        const auto left = static_cast<std::size_t>(static_cast<double>(total - done) / rate + 0.5);
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
                                                      : check_content(options.build, sink, summary);
    for (const Diagnostic& diagnostic : sink.items()) {
        err += format_diagnostic(diagnostic) + '\n';
    }
    const std::string counts = plural(summary.homes, "home") + ", " + plural(summary.simulations, "simulation");
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
