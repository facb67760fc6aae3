#include "write/publish.hpp"

#include "load/content.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <set>
#include <sstream>
#include <system_error>
#include <unistd.h>

namespace retrofit::write {

namespace fs = std::filesystem;

namespace {

struct Marker {
    bool present = false;
    bool complete = false;
    std::set<std::string> files;
};

/// The previous build's marker; only plain relative paths are trusted, so a
/// doctored marker cannot reach outside the folder.
Marker read_marker(const fs::path& folder)
{
    Marker marker;
    std::string why;
    const auto text = load::read_file(folder / k_marker, why);
    marker.present = text.has_value();
    std::istringstream lines(text.value_or(""));
    std::string first;
    std::getline(lines, first);
    marker.complete = first == k_marker_complete;
    for (std::string line; std::getline(lines, line);) {
        const fs::path path(line);
        bool plain = !line.empty() && path.is_relative();
        for (const fs::path& part : path) {
            plain = plain && part != ".." && part != ".";
        }
        if (plain) {
            marker.files.insert(line);
        }
    }
    return marker;
}

std::string marker_text(const char* status, const std::set<std::string>& files)
{
    std::string text = std::string(status) + '\n';
    for (const std::string& path : files) {
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

/// Writes all of bytes to a new file; false with errno set on failure.
bool write_new_file(const fs::path& path, const std::string& bytes)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        return false;
    }
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            const int saved = errno;
            ::close(fd);
            errno = saved;
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return ::close(fd) == 0;
}

/// Writes bytes to a temporary file beside path, then renames it into place.
std::optional<Error> replace_file(const fs::path& path, const std::string& bytes)
{
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) {
        return Error {path.parent_path().string(), "cannot create the folder: " + ec.message()};
    }
    const fs::path temporary
        = path.parent_path() / std::string(".").append(path.filename().string()).append(k_temporary_suffix);
    if (!write_new_file(temporary, bytes)) {
        const std::string why = std::strerror(errno);
        fs::remove(temporary, ec);
        return Error {temporary.string(), "cannot write the file: " + why};
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

/// Removes the temporary files an interrupted build left behind.
void remove_temporaries(const fs::path& folder)
{
    std::error_code ec;
    std::vector<fs::path> leftovers;
    for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.front() == '.' && name.ends_with(k_temporary_suffix) && it->is_regular_file(ec)) {
            leftovers.push_back(it->path());
        }
    }
    for (const fs::path& path : leftovers) {
        fs::remove(path, ec);
    }
}

std::optional<Error> check_folder(const fs::path& folder, const Marker& marker)
{
    std::error_code ec;
    const bool exists = fs::exists(folder, ec);
    if (exists && !fs::is_directory(folder, ec)) {
        return Error {folder.string(), "the output path exists and is not a folder"};
    }
    if (exists && !fs::is_empty(folder, ec) && !marker.present) {
        return Error {folder.string(),
            std::string("refusing to write into a folder that is not empty and was not written by "
                        "retrofit-site (it has no ")
                + k_marker + " file)"};
    }
    return std::nullopt;
}

}  // namespace

std::optional<Error> publish(const fs::path& folder, const Files& files, Report& report)
{
    const Marker previous = read_marker(folder);
    if (auto error = check_folder(folder, previous)) {
        return error;
    }
    std::set<std::string> produced;
    std::vector<const Files::value_type*> changed;
    for (const auto& entry : files) {
        produced.insert(entry.first);
        if (same_bytes(folder / entry.first, entry.second)) {
            ++report.unchanged;
        } else {
            changed.push_back(&entry);
        }
    }
    std::set<std::string> stale;
    for (const std::string& relative : previous.files) {
        if (!produced.contains(relative)) {
            stale.insert(relative);
        }
    }
    const std::string final_marker = marker_text(k_marker_complete, produced);
    if (changed.empty() && stale.empty() && same_bytes(folder / k_marker, final_marker)) {
        return std::nullopt;
    }
    // Until the final marker is in place, it lists the files of both builds,
    // so that a build interrupted at any point is finished by the next one.
    std::set<std::string> either = produced;
    either.insert(previous.files.begin(), previous.files.end());
    if (auto error = replace_file(folder / k_marker, marker_text(k_marker_in_progress, either))) {
        return error;
    }
    for (const auto* entry : changed) {
        if (auto error = replace_file(folder / entry->first, entry->second)) {
            return error;
        }
        ++report.written;
    }
    for (const std::string& relative : stale) {
        report.removed += remove_file(folder, relative) ? 1 : 0;
    }
    if (!previous.complete) {
        remove_temporaries(folder);
    }
    return replace_file(folder / k_marker, final_marker);
}

std::optional<Error> check_published(const fs::path& folder)
{
    const Marker marker = read_marker(folder);
    if (!marker.present) {
        return Error {
            folder.string(), std::string("not a site written by retrofit-site (it has no ") + k_marker + " file)"};
    }
    if (!marker.complete) {
        return Error {folder.string(), "the last build did not finish: build again before publishing this site"};
    }
    std::error_code ec;
    for (const std::string& relative : marker.files) {
        if (!fs::is_regular_file(folder / relative, ec)) {
            return Error {(folder / relative).string(), "a file of the last build is missing: build again"};
        }
    }
    return std::nullopt;
}

}  // namespace retrofit::write
