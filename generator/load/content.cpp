#include "load/content.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <system_error>
#include <unistd.h>

namespace retrofit::load {

namespace fs = std::filesystem;

std::optional<std::string> read_file(const fs::path& path, std::string& why, std::uintmax_t limit)
{
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec && fs::is_symlink(fs::symlink_status(path))) {
        why = "broken symbolic link to " + fs::read_symlink(path).string();
        return std::nullopt;
    }
    if (ec) {
        why = "cannot read: " + ec.message();
        return std::nullopt;
    }
    if (fs::is_directory(status)) {
        why = "expected a file, got a directory";
        return std::nullopt;
    }
    if (!fs::is_regular_file(status)) {
        why = "expected a regular file";
        return std::nullopt;
    }
    const std::uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > limit) {
        why = "file is " + std::to_string(size) + " bytes, over the limit of " + std::to_string(limit >> 20U) + " MiB ("
            + std::to_string(limit) + " bytes)";
        return std::nullopt;
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        // GCOVR_EXCL_START: needs a file without read permission, which root (CI) can always read
        why = std::string("cannot open: ") + std::strerror(errno);
        return std::nullopt;
        // GCOVR_EXCL_STOP
    }
    // One read of the size stat gave, then on to the end: a file may grow.
    // A byte to spare, so that the read that finds the end needs no more
    // room (growing the string would double its memory).
    std::string bytes(ec ? 1 : static_cast<std::size_t>(size) + 1, '\0');
    std::size_t done = 0;
    for (;;) {
        if (done == bytes.size()) {
            bytes.resize(done + 65536);
        }
        const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
        if (n <= 0) {
            const int saved = errno;
            ::close(fd);
            if (n < 0) {
                why = std::string("cannot read: ") + std::strerror(saved);  // GCOVR_EXCL_LINE: an I/O error
                return std::nullopt;  // GCOVR_EXCL_LINE
            }
            break;
        }
        done += static_cast<std::size_t>(n);
    }
    bytes.resize(done);
    return bytes;
}

std::vector<std::string> list_json_names(const fs::path& folder, Diagnostics& sink)
{
    std::vector<std::string> files;
    std::error_code ec;
    if (!fs::exists(folder, ec)) {
        return files;
    }
    // readdir rather than a directory_iterator, which builds a path (each of
    // its components parsed) for every entry.
    DIR* dir = ::opendir(folder.c_str());
    if (dir == nullptr) {
        sink.file_error(folder.string(), std::string("cannot list the folder: ") + std::strerror(errno));
        return files;
    }
    std::vector<std::string> names;
    errno = 0;
    while (const dirent* entry = ::readdir(dir)) {
        const std::string_view name(entry->d_name);
        if (name.front() != '.' && name.size() > 5 && name.ends_with(".json")) {
            names.emplace_back(name);
        }
    }
    const int error = errno;
    ::closedir(dir);
    if (error != 0) {
        // GCOVR_EXCL_START: a folder that fails while it is read
        sink.file_error(folder.string(), std::string("cannot list the folder: ") + std::strerror(error));
        // GCOVR_EXCL_STOP
    }
    std::sort(names.begin(), names.end());
    names.shrink_to_fit();  // kept to the end of a build: no room for as many again
    return names;
}

std::optional<SourceFile> read_source(const fs::path& path, Diagnostics& sink)
{
    std::string why;
    if (auto text = read_file(path, why)) {
        return SourceFile {path.string(), std::move(*text)};
    }
    sink.file_error(path.string(), why);
    return std::nullopt;
}

namespace {

void read_all(
    const std::string& folder, const std::vector<std::string>& names, std::vector<SourceFile>& into, Diagnostics& sink)
{
    for (const std::string& name : names) {
        if (auto file = read_source(folder + name, sink)) {
            into.push_back(std::move(*file));
        }
    }
}

}  // namespace

ContentPaths list_content(const fs::path& folder, Diagnostics& sink)
{
    ContentPaths paths;
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
        sink.file_error(folder.string(), "content folder not found (give one with --content DIR)");
        return paths;
    }
    const fs::path settings = folder / "site.json";
    if (fs::exists(fs::symlink_status(settings, ec))) {
        paths.settings = settings;
    }
    paths.homes_folder = (folder / "homes" / "").string();
    paths.homes = list_json_names(folder / "homes", sink);
    paths.results_folder = (folder / "results" / "").string();
    paths.results = list_json_names(folder / "results", sink);
    return paths;
}

ContentFiles read_content(const fs::path& folder, Diagnostics& sink)
{
    ContentFiles files;
    const ContentPaths paths = list_content(folder, sink);
    if (paths.settings) {
        files.settings = read_source(*paths.settings, sink);
    }
    read_all(paths.homes_folder, paths.homes, files.homes, sink);
    read_all(paths.results_folder, paths.results, files.results, sink);
    return files;
}

}  // namespace retrofit::load
