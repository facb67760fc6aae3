#pragma once

#include "diagnostics.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace retrofit::load {

/// Larger content files are refused before they are read: no real document
/// comes near.
constexpr std::uintmax_t k_max_file_bytes = 64ULL * 1024 * 1024;
/// No limit: for the files the generator writes for itself (the manifest,
/// the output folder's marker, a shard's manifest), which grow with the
/// portfolio: the manifest of 100,000 homes is about 120 MB.
constexpr std::uintmax_t k_any_size = UINTMAX_MAX;

/// The raw files of a content folder, each list sorted by file name.
struct ContentFiles {
    std::optional<SourceFile> settings;  ///< content/site.json, when present
    std::vector<SourceFile> homes;  ///< content/homes/*.json
    std::vector<SourceFile> results;  ///< content/results/*.json
};

/// The content files, each list sorted by file name: their names, each
/// folder's path given once rather than in each of a big portfolio's
/// 200,000 paths. As strings: a std::filesystem::path also holds each of
/// its components.
struct ContentPaths {
    std::optional<std::filesystem::path> settings;
    std::string homes_folder;  ///< the content folder's homes/, a separator at its end
    std::vector<std::string> homes;  ///< names in homes_folder
    std::string results_folder;  ///< the content folder's results/, a separator at its end
    std::vector<std::string> results;  ///< names in results_folder
};

/// Reads a whole file of at most limit bytes into bytes, whose memory is
/// used again; on failure returns false and sets why.
bool read_file_into(
    const std::filesystem::path& path, std::string& bytes, std::string& why, std::uintmax_t limit = k_max_file_bytes);

/// Reads a whole file of at most limit bytes; on failure returns nullopt
/// and sets why.
std::optional<std::string> read_file(
    const std::filesystem::path& path, std::string& why, std::uintmax_t limit = k_max_file_bytes);

/// The names of the .json files of one folder, sorted; hidden files and
/// other names (README.md, editor backups) are not content and are skipped.
std::vector<std::string> list_json_names(const std::filesystem::path& folder, Diagnostics& sink);

/// Finds the content files without reading them.
ContentPaths list_content(const std::filesystem::path& folder, Diagnostics& sink);

/// Reads one file; a problem goes to sink.
std::optional<SourceFile> read_source(const std::filesystem::path& path, Diagnostics& sink);

/// Reads one file into file, whose memory is used again (one per worker);
/// a problem goes to sink and returns false.
bool read_source_into(const std::filesystem::path& path, SourceFile& file, Diagnostics& sink);

/// Reads every content file; problems go to sink and the file is left out.
ContentFiles read_content(const std::filesystem::path& folder, Diagnostics& sink);

}  // namespace retrofit::load
