#pragma once

#include "build.hpp"

#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace retrofit::cli {

enum class Command { build, check, merge, help, version };

struct Options {
    Command command = Command::help;
    BuildOptions build;
    std::vector<std::filesystem::path> shards;  ///< merge: the shards' folders
    bool quiet = false;
};

/// The result of reading the command line: options, or a usage error.
struct Parsed {
    Options options;
    std::string error;  ///< non-empty for a usage error (exit code 2)
};

/// Looks up an environment variable (std::getenv, or a test's own).
using Environment = std::function<const char*(const char*)>;

/// Reads the arguments after the program name.
Parsed parse(
    const std::vector<std::string>& args, const Environment& env = [](const char* name) { return std::getenv(name); });

std::string help_text();
std::string version_text();

/// Exit codes: success, errors in the content, wrong command line.
constexpr int k_exit_ok = 0;
constexpr int k_exit_content = 1;
constexpr int k_exit_usage = 2;

/// The progress line of a long build: "retrofit-site: writing 4,210/10,000
/// homes, 3,900/s, about 2 s left" (stage as BuildOptions::progress gives it).
std::string progress_text(const char* stage, std::size_t done, std::size_t total, double seconds);

/// Runs a parsed command; diagnostics go to err, the summary to out.
int run(const Options& options, std::string& out, std::string& err);

}  // namespace retrofit::cli
