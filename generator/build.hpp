#pragma once

#include "diagnostics.hpp"
#include "load/vendor.hpp"
#include "write/publish.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <vector>

namespace retrofit {

struct BuildOptions {
    std::filesystem::path content = "content";
    std::filesystem::path templates = "templates";
    std::filesystem::path out = "site";
    load::Assets assets = load::Assets::cdn;  ///< where pages load vega from
    std::filesystem::path vendor = "node_modules";  ///< --assets local copies the vendor scripts from here
    bool warnings_as_errors = false;
    bool check_out = false;  ///< check: also require a finished build in out
    /// Where the incremental build's manifest is kept (never in out); empty: none,
    /// every build reads and renders everything.
    std::filesystem::path manifest;
    /// --shard K/N: build only the homes of shard index (from 0) of count,
    /// with a shard manifest for merge instead of the index pages.
    std::size_t shard_index = 0;
    std::size_t shard_count = 1;
    bool sharded = false;  ///< --shard given, even 0/1
    unsigned jobs = 0;  ///< worker threads; 0: one per core. The output never depends on it.
    /// Called as files are checked and homes written (stage "checking" or
    /// "writing", done of total), from any worker thread; may be empty.
    std::function<void(const char* stage, std::size_t done, std::size_t total)> progress;
};

struct BuildSummary {
    std::size_t homes = 0;
    std::size_t simulations = 0;
    write::Report files;
};

/// Why writing into options.out could destroy input or far more than a site
/// (the content or templates folder or a folder holding them, the filesystem
/// root, the home directory); empty when it is safe.
std::string unsafe_output(const BuildOptions& options);

/// Validates the content folder (and, with check_out, that the output folder
/// holds a finished build); writes nothing. True when it has no error.
bool check_content(const BuildOptions& options, Diagnostics& sink, BuildSummary& summary);

/// load -> model -> derive -> render -> write. Every content or template
/// error is found before the first write, so a failed build leaves the
/// output folder as it was. True when the site was published.
bool build_site(const BuildOptions& options, Diagnostics& sink, BuildSummary& summary);

/// merge: assembles the site in options.out from the folders of a sharded
/// build (every shard of one count, each finished): their homes' files as
/// they are, and the index pages, catalogue, static files and API
/// description rendered from their shard manifests. True when published.
bool merge_shards(const BuildOptions& options, const std::vector<std::filesystem::path>& folders, Diagnostics& sink,
    BuildSummary& summary);

}  // namespace retrofit
