#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace retrofit::write {

/// The site to publish: path relative to the output folder ('/'-separated) to bytes.
using Files = std::map<std::string, std::string>;

/// Lists the files of the last build, one per line, under a first line that
/// says whether that build finished. It marks a folder as written by
/// retrofit-site and tells the next build what to remove.
constexpr const char* k_marker = ".retrofit-site";
constexpr const char* k_marker_complete = "# retrofit-site: build complete";
constexpr const char* k_marker_in_progress = "# retrofit-site: build in progress";

/// Temporary files are named .<name>.retrofit-tmp beside the file they replace.
constexpr const char* k_temporary_suffix = ".retrofit-tmp";

/// A file's bytes handed over in pieces, for a file too big to hold whole:
/// a Producer calls out with each piece in turn. It may be called twice
/// (once to compare with the file in place, once to write), and gives the
/// same pieces each time.
using Pieces = std::function<void(std::string_view piece)>;
using Producer = std::function<void(const Pieces& out)>;

struct Report {
    std::size_t written = 0;  ///< new or changed files
    std::size_t unchanged = 0;  ///< files whose bytes were already right
    std::size_t removed = 0;  ///< files of the last build that no longer come from content
};

struct Error {
    std::string path;
    std::string message;
};

/// Brings an output folder up to date one file at a time, from several
/// threads at once, so that a build never holds the whole site in memory.
/// Same rules as publish(): only changed bytes are written (a file the last
/// build did not list is written without being read), a changed file
/// through a temporary file renamed into place, a new one where it goes;
/// the marker says "in progress" from the first change on and lists every
/// file before it is written, so that an interrupted build is finished by
/// the next one; finish() removes what the previous build made and this
/// one did not.
class Publisher {
public:
    /// Reads the previous build's marker; an error when folder cannot be
    /// written into (not a folder, or not a site of ours).
    static std::optional<Error> open(const std::filesystem::path& folder, std::unique_ptr<Publisher>& publisher);
    ~Publisher();
    Publisher(const Publisher&) = delete;
    Publisher& operator=(const Publisher&) = delete;

    /// Publishes one file (path relative to the folder, '/'-separated).
    std::optional<Error> put(const std::string& relative, const std::string& bytes);
    /// Publishes one file produced in pieces; size is set to its length.
    std::optional<Error> put(const std::string& relative, const Producer& produce, std::uint64_t& size);
    /// Publishes several files (relatives[i] holding bytes[i]), as put()
    /// does each, but lists the new ones in the marker with one write: a
    /// home's files go together.
    std::optional<Error> put(const std::vector<std::string>& relatives, const std::vector<std::string>& bytes);
    /// Counts a file of the last build as produced by this one, as it is.
    void keep(const std::string& relative);
    /// Removes stale files, and temporaries after an interrupted build, then
    /// marks the build complete.
    std::optional<Error> finish();
    Report report() const;

private:
    explicit Publisher(std::filesystem::path folder);
    /// A file to publish and how: its size is set to its length; a file of
    /// another size than known_size (when given) is not read to compare.
    struct Item {
        const std::string* relative;
        const Producer* produce;
        std::uint64_t* size;
        std::optional<std::uint64_t> known_size;
    };
    std::optional<Error> put(std::span<const Item> items);
    /// Makes first the folders that new files of items go in and that are
    /// most likely new; places: where the last build's marker lists each.
    void make_new_folders(std::span<const Item> items, const std::vector<std::size_t>& places);
    struct State;
    std::unique_ptr<State> m_state;
};

/// Brings folder up to date with files, in place: writes only files whose
/// bytes change, each that replaces a file through a temporary file renamed
/// into place so that no file of the previous build is ever seen
/// half-written, and removes the files of the previous build that are no
/// longer produced. Touches nothing it did not write.
/// While it works the marker says "in progress", so an interrupted build is
/// detectable and the next one finishes it, temporary files included.
/// Returns nothing on success, otherwise the path and what went wrong; a
/// file that failed keeps its previous bytes.
std::optional<Error> publish(const std::filesystem::path& folder, const Files& files, Report& report);

/// The files the last build wrote into folder, from its marker, sorted.
std::vector<std::string> published_files(const std::filesystem::path& folder);

/// Whether folder holds a site whose last build finished; otherwise why not.
std::optional<Error> check_published(const std::filesystem::path& folder);

}  // namespace retrofit::write
