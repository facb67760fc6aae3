#include "load/content.hpp"

#include "load/kept_json.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace retrofit::load {

namespace fs = std::filesystem;

bool read_file_into(const fs::path& path, std::string& bytes, std::string& why, std::uintmax_t limit)
{
    // Opened first, then asked what it is: one lookup of the path, not
    // three. O_NONBLOCK so that opening a named pipe cannot wait for a
    // writer; a regular file ignores it.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        const int error = errno;
        std::error_code ec;
        // A link whose target is missing (ENOENT) or that leads round in a loop (ELOOP).
        if ((error == ENOENT || error == ELOOP) && fs::is_symlink(fs::symlink_status(path, ec))) {
            why = "broken symbolic link to " + fs::read_symlink(path, ec).string();
        } else if (error == ENOENT || error == ENOTDIR) {
            why = std::string("cannot read: ") + std::strerror(error);
        } else {
            // GCOVR_EXCL_START: needs a file without read permission, which root (CI) can always read
            why = std::string("cannot open: ") + std::strerror(error);
            // GCOVR_EXCL_STOP
        }
        return false;
    }
    struct stat status { };
    if (::fstat(fd, &status) != 0) {
        // GCOVR_EXCL_START: fstat of an open descriptor does not fail
        why = std::string("cannot read: ") + std::strerror(errno);
        ::close(fd);
        return false;
        // GCOVR_EXCL_STOP
    }
    const auto size = static_cast<std::uintmax_t>(status.st_size);
    if (S_ISDIR(status.st_mode)) {
        why = "expected a file, got a directory";
    } else if (!S_ISREG(status.st_mode)) {
        why = "expected a regular file";
    } else if (size > limit) {
        why = "file is " + std::to_string(size) + " bytes, over the limit of " + std::to_string(limit >> 20U) + " MiB ("
            + std::to_string(limit) + " bytes)";
    }
    if (!S_ISREG(status.st_mode) || size > limit) {
        ::close(fd);
        return false;
    }
    // One read of the size fstat gave and a byte more, then on to the end:
    // a file may grow. The byte to spare means that the read that finds the
    // end needs no more room (growing the string would double its memory),
    // and that one read is enough: a read of a regular file that gives
    // fewer bytes than asked has reached the end, and when it gives the
    // size fstat gave there is no need to ask again. A string read into
    // before keeps its memory: no new block, no fresh pages, and only
    // bytes beyond its last size are cleared before the read overwrites them.
    // Room too for the NULs KeptParser appends to read the text where it is.
    bytes.reserve(static_cast<std::size_t>(size) + 1 + json::k_text_padding);
    bytes.resize(static_cast<std::size_t>(size) + 1);
    std::size_t done = 0;
    for (;;) {
        if (done == bytes.size()) {
            bytes.resize(done + 65536);
        }
        const std::size_t asked = bytes.size() - done;
        const ssize_t n = ::read(fd, bytes.data() + done, asked);
        if (n <= 0) {
            const int saved = errno;
            ::close(fd);
            if (n < 0) {
                why = std::string("cannot read: ") + std::strerror(saved);  // GCOVR_EXCL_LINE: an I/O error
                return false;  // GCOVR_EXCL_LINE
            }
            break;
        }
        done += static_cast<std::size_t>(n);
        if (done == size && static_cast<std::size_t>(n) < asked) {
            ::close(fd);  // the size fstat gave, and short of what was asked: the end
            break;
        }
    }
    bytes.resize(done);
    return true;
}

std::optional<std::string> read_file(const fs::path& path, std::string& why, std::uintmax_t limit)
{
    std::string bytes;
    if (!read_file_into(path, bytes, why, limit)) {
        return std::nullopt;
    }
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

bool read_source_into(const fs::path& path, SourceFile& file, Diagnostics& sink)
{
    file.path = path.string();
    std::string why;
    if (read_file_into(path, file.text, why)) {
        return true;
    }
    sink.file_error(file.path, why);
    return false;
}

std::optional<SourceFile> read_source(const fs::path& path, Diagnostics& sink)
{
    SourceFile file;
    if (read_source_into(path, file, sink)) {
        return file;
    }
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
