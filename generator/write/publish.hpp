#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace retrofit::write {

/// The site to publish: path relative to the output folder ('/'-separated) to bytes.
using Files = std::map<std::string, std::string>;

/// Lists the files of the last build, one per line; it marks a folder as
/// written by retrofit-site and tells the next build what to remove.
constexpr const char* k_marker = ".retrofit-site";

struct Report {
    std::size_t written = 0;  ///< new or changed files
    std::size_t unchanged = 0;  ///< files whose bytes were already right
    std::size_t removed = 0;  ///< files of the last build that no longer come from content
};

/// Brings folder up to date with files, in place: writes only files whose
/// bytes change, each through a temporary file renamed into place so that
/// none is ever seen half-written, and removes the files of the previous
/// build that are no longer produced. Touches nothing it did not write.
struct Error {
    std::string path;
    std::string message;
};

/// Returns nothing on success, otherwise the path and what went wrong; a
/// file that failed keeps its previous bytes.
std::optional<Error> publish(const std::filesystem::path& folder, const Files& files, Report& report);

}  // namespace retrofit::write
