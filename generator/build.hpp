#pragma once

#include "diagnostics.hpp"
#include "write/publish.hpp"

#include <filesystem>

namespace retrofit {

struct BuildOptions {
    std::filesystem::path content = "content";
    std::filesystem::path templates = "templates";
    std::filesystem::path out = "site";
};

struct BuildSummary {
    std::size_t homes = 0;
    std::size_t simulations = 0;
    write::Report files;
};

/// Validates the content folder; writes nothing. True when it has no error.
bool check_content(const BuildOptions& options, Diagnostics& sink, BuildSummary& summary);

/// Renders the whole site in memory: nothing is written. Empty on error.
write::Files render_site(const BuildOptions& options, Diagnostics& sink, BuildSummary& summary);

/// load -> model -> derive -> render -> write. Every content or template
/// error is found before the first write, so a failed build leaves the
/// output folder as it was. True when the site was published.
bool build_site(const BuildOptions& options, Diagnostics& sink, BuildSummary& summary);

}  // namespace retrofit
