#include "write/publish.hpp"

#include "load/content.hpp"

#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

namespace retrofit::write {

namespace fs = std::filesystem;

namespace {

/// The files the previous build wrote, from its marker; only plain relative
/// paths are trusted, so a doctored marker cannot reach outside the folder.
std::set<std::string> previous_files(const fs::path& folder)
{
    std::set<std::string> files;
    std::string why;
    const auto text = load::read_file(folder / k_marker, why);
    std::istringstream lines(text.value_or(""));
    for (std::string line; std::getline(lines, line);) {
        const fs::path path(line);
        bool plain = !line.empty() && line.front() != '#' && path.is_relative();
        for (const fs::path& part : path) {
            plain = plain && part != ".." && part != ".";
        }
        if (plain) {
            files.insert(line);
        }
    }
    return files;
}

std::string marker_text(const Files& files)
{
    std::string text = "# written by retrofit-site: the files of the last build, removed when no longer produced\n";
    for (const auto& [path, bytes] : files) {
        text += path + '\n';
    }
    return text;
}

bool same_bytes(const fs::path& path, const std::string& bytes)
{
    std::error_code ec;
    if (!fs::is_regular_file(path, ec) || fs::file_size(path, ec) != bytes.size()) {
        return false;
    }
    std::string why;
    return load::read_file(path, why) == bytes;
}

/// Writes bytes to a temporary file beside path, then renames it into place.
std::optional<Error> replace_file(const fs::path& path, const std::string& bytes)
{
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) {
        return Error {path.parent_path().string(), "cannot create the folder: " + ec.message()};
    }
    std::string name = path.filename().string();
    name.insert(0, 1, '.');
    name += ".tmp";
    const fs::path temporary = path.parent_path() / name;
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out) {
            fs::remove(temporary, ec);
            return Error {temporary.string(), "cannot write the file"};
        }
    }
    fs::rename(temporary, path, ec);
    if (ec) {
        const std::string why = ec.message();  // before remove() reuses ec
        fs::remove(temporary, ec);
        return Error {path.string(), "cannot replace the file: " + why};
    }
    return std::nullopt;
}

/// Removes a file, then its folders up to the output folder while they are empty.
bool remove_file(const fs::path& folder, const std::string& relative)
{
    std::error_code ec;
    fs::path path = folder / relative;
    const bool removed = fs::remove(path, ec);
    for (path = path.parent_path(); path != folder && fs::is_empty(path, ec); path = path.parent_path()) {
        fs::remove(path, ec);
    }
    return removed;
}

}  // namespace

std::optional<Error> publish(const fs::path& folder, const Files& files, Report& report)
{
    std::error_code ec;
    const bool exists = fs::exists(folder, ec);
    if (exists && !fs::is_directory(folder, ec)) {
        return Error {folder.string(), "the output path exists and is not a folder"};
    }
    if (exists && !fs::is_empty(folder, ec) && !fs::exists(folder / k_marker, ec)) {
        return Error {folder.string(),
            std::string("refusing to write into a folder that is not empty and was not written by "
                        "retrofit-site (it has no ")
                + k_marker + " file)"};
    }
    const std::set<std::string> previous = previous_files(folder);
    for (const auto& [relative, bytes] : files) {
        const fs::path path = folder / relative;
        if (same_bytes(path, bytes)) {
            ++report.unchanged;
            continue;
        }
        if (auto error = replace_file(path, bytes)) {
            return error;
        }
        ++report.written;
    }
    for (const std::string& relative : previous) {
        if (files.count(relative) == 0 && remove_file(folder, relative)) {
            ++report.removed;
        }
    }
    const std::string marker = marker_text(files);
    if (!same_bytes(folder / k_marker, marker)) {
        return replace_file(folder / k_marker, marker);
    }
    return std::nullopt;
}

}  // namespace retrofit::write
