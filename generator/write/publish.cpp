#include "write/publish.hpp"

#include "load/content.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <iterator>
#include <mutex>
#include <span>
#include <string_view>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace retrofit::write {

namespace fs = std::filesystem;

namespace {

/// Relative paths, many of them (a site of 100,000 homes has 400,000
/// files): their characters in blocks of 1 MiB, not an allocation each,
/// and each path as one number (block, offset, length), not a view of
/// twice the size.
class PathList {
public:
    void add(std::string_view path)
    {
        if (m_blocks.empty() || m_capacity - m_used < path.size()) {
            m_capacity = std::max(k_block_bytes, path.size());
            m_blocks.push_back(std::make_unique_for_overwrite<char[]>(m_capacity));
            m_used = 0;
        }
        std::copy(path.begin(), path.end(), m_blocks.back().get() + m_used);
        m_paths.push_back(((m_blocks.size() - 1) << (2 * k_bits)) | (m_used << k_bits) | path.size());
        m_used += path.size();
    }
    void sort_unique()
    {
        const auto less = [this](std::uint64_t a, std::uint64_t b) { return view(a) < view(b); };
        std::sort(m_paths.begin(), m_paths.end(), less);
        const auto same = [this](std::uint64_t a, std::uint64_t b) { return view(a) == view(b); };
        m_paths.erase(std::unique(m_paths.begin(), m_paths.end(), same), m_paths.end());
    }
    std::size_t size() const { return m_paths.size(); }
    /// In the order added, or sorted and each once after sort_unique().
    std::string_view at(std::size_t i) const { return view(m_paths[i]); }

private:
    /// Bits of a path's length and of its offset in its block: a path is
    /// at most 4,096 bytes (PATH_MAX), a block 1 MiB unless one path is longer.
    static constexpr unsigned k_bits = 20;
    static constexpr std::size_t k_block_bytes = std::size_t {1} << k_bits;
    static constexpr std::uint64_t k_mask = (std::uint64_t {1} << k_bits) - 1;
    std::string_view view(std::uint64_t path) const
    {
        return {m_blocks[path >> (2 * k_bits)].get() + ((path >> k_bits) & k_mask), path & k_mask};
    }
    std::vector<std::unique_ptr<char[]>> m_blocks;  // NOLINT(*-avoid-c-arrays): blocks that never move
    std::size_t m_capacity = 0;
    std::size_t m_used = 0;
    std::vector<std::uint64_t> m_paths;
};

/// The previous build's marker: its text as read, and where in it each
/// file's line is.
struct Marker {
    bool present = false;
    bool complete = false;
    std::string text;
    /// Each file's line in text, as its offset and length in one number,
    /// sorted by path, each once: 8 bytes a file, half a view's (a site of
    /// 100,000 homes lists 400,000 files).
    std::vector<std::uint64_t> lines;

    /// Bits of a line's length: a path is at most 4,096 bytes (PATH_MAX).
    static constexpr unsigned k_length_bits = 16;
    static std::uint64_t line_of(std::size_t offset, std::size_t length)
    {
        return (static_cast<std::uint64_t>(offset) << k_length_bits) | length;
    }
    std::string_view line(std::uint64_t line) const
    {
        return std::string_view(text).substr(line >> k_length_bits, line & ((1U << k_length_bits) - 1));
    }
    std::size_t size() const { return lines.size(); }
    /// The i-th file, in the order of the paths.
    std::string_view file(std::size_t i) const { return line(lines[i]); }

    /// Whether any file lies under folder (a path ending in '/').
    bool lists_under(std::string_view folder) const
    {
        const auto at = std::lower_bound(lines.begin(), lines.end(), folder,
            [this](std::uint64_t a, std::string_view path) { return line(a) < path; });
        return at != lines.end() && line(*at).starts_with(folder);
    }

    static constexpr std::size_t k_unlisted = static_cast<std::size_t>(-1);
    /// Where the marker lists relative among files, or k_unlisted.
    std::size_t place_of(std::string_view relative) const
    {
        const auto at = std::lower_bound(lines.begin(), lines.end(), relative,
            [this](std::uint64_t a, std::string_view path) { return line(a) < path; });
        return at != lines.end() && line(*at) == relative ? static_cast<std::size_t>(at - lines.begin()) : k_unlisted;
    }
};

/// A path the marker may name: relative, with no "." or ".." part, so that
/// a doctored marker cannot reach outside the folder.
bool plain_relative(std::string_view line)
{
    if (line.empty() || line.front() == '/') {
        return false;
    }
    for (std::size_t start = 0; start <= line.size();) {
        const std::size_t end = std::min(line.find('/', start), line.size());
        const std::string_view part = line.substr(start, end - start);
        if (part == "." || part == "..") {
            return false;
        }
        start = end + 1;
    }
    return true;
}

/// The previous build's marker; only plain relative paths are trusted.
Marker read_marker(const fs::path& folder)
{
    Marker marker;
    std::string why;
    auto text = load::read_file(folder / k_marker, why, load::k_any_size);
    marker.present = text.has_value();
    // The lines are looked at where they are, not copied.
    marker.text = text ? std::move(*text) : std::string();
    const std::string_view all = marker.text;
    for (std::size_t start = 0, number = 0; start < all.size(); ++number) {
        const std::size_t end = std::min(all.find('\n', start), all.size());
        const std::string_view line = all.substr(start, end - start);
        if (number == 0) {
            marker.complete = line == k_marker_complete;
        } else if (plain_relative(line) && line.size() < (1U << Marker::k_length_bits)) {
            marker.lines.push_back(Marker::line_of(start, line.size()));
        }
        start = end + 1;
    }
    // A build writes it sorted: sorted again only when it is not.
    const auto before = [&marker](std::uint64_t a, std::uint64_t b) { return marker.line(a) < marker.line(b); };
    if (!std::is_sorted(marker.lines.begin(), marker.lines.end(), before)) {
        std::sort(marker.lines.begin(), marker.lines.end(), before);
    }
    const auto same = [&marker](std::uint64_t a, std::uint64_t b) { return marker.line(a) == marker.line(b); };
    marker.lines.erase(std::unique(marker.lines.begin(), marker.lines.end(), same), marker.lines.end());
    return marker;
}

/// Calls each with every path of a list, in order.
using Walk = std::function<void(const std::function<void(std::string_view path)>& each)>;

/// The marker's text, handed over in pieces of about 64 KiB: a big site's
/// runs to tens of megabytes, never held whole.
Producer marker_text(const char* status, Walk files)
{
    return [status, files = std::move(files)](const Pieces& out) {
        constexpr std::size_t k_piece = 65536;
        std::string piece = std::string(status) + '\n';
        files([&](std::string_view path) {
            piece.append(path).push_back('\n');
            if (piece.size() >= k_piece) {
                out(piece);
                piece.clear();
            }
        });
        out(piece);
    };
}

/// Hands bytes over as one piece.
Producer whole(const std::string& bytes)
{
    return [&bytes](const Pieces& out) { out(bytes); };
}

/// Reads exactly size bytes unless the file ends or fails first.
bool read_exactly(int fd, char* buffer, std::size_t size)
{
    for (std::size_t done = 0; done < size;) {
        const ssize_t n = ::read(fd, buffer + done, size - done);
        if (n <= 0) {
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

/// Whether path is a regular file holding exactly what produce gives: one
/// open, one fstat and reads of at most 64 KiB compared as the pieces come,
/// so that a big file is never held twice. A file of another size than
/// the one known beforehand is not read at all.
bool same_bytes(const fs::path& path, const Producer& produce, std::optional<std::uint64_t> size)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    struct stat info { };
    bool same = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)
        && (!size || static_cast<std::uint64_t>(info.st_size) == *size);
    std::array<char, 65536> chunk {};
    if (same) {
        produce([&](std::string_view piece) {
            while (same && !piece.empty()) {
                const std::size_t want = std::min(piece.size(), chunk.size());
                same = read_exactly(fd, chunk.data(), want) && std::memcmp(chunk.data(), piece.data(), want) == 0;
                piece.remove_prefix(want);
            }
        });
    }
    same = same && ::read(fd, chunk.data(), 1) == 0;  // and nothing after
    ::close(fd);
    return same;
}

/// Writes all that produce gives to the file at path, opened with flags
/// (and O_WRONLY, O_CREAT); false with errno set on failure. created: the
/// file was opened, so a failure may have left part of it.
bool write_file(const fs::path& path, const Producer& produce, int flags, bool& created)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0644);
    created = fd >= 0;
    if (fd < 0) {
        return false;
    }
    int failure = 0;
    produce([&](std::string_view piece) {
        while (failure == 0 && !piece.empty()) {
            const ssize_t n = ::write(fd, piece.data(), piece.size());
            if (n < 0) {
                failure = errno;
                break;
            }
            piece.remove_prefix(static_cast<std::size_t>(n));
        }
    });
    if (::close(fd) != 0 && failure == 0) {
        failure = errno;  // GCOVR_EXCL_LINE: a write-back error on this local disk, after every write went well
    }
    errno = failure;
    return failure == 0;
}

/// Makes the folder a file goes in. Most often only that folder is missing
/// (a new home's): one mkdir, before create_directories() looks at each
/// folder above.
std::optional<Error> make_folder_of(const fs::path& path)
{
    std::error_code ec;
    if (::mkdir(path.parent_path().c_str(), 0755) != 0) {
        fs::create_directories(path.parent_path(), ec);
    }
    if (ec) {
        return Error {path.parent_path().string(), "cannot create the folder: " + ec.message()};
    }
    return std::nullopt;
}

/// Writes what produce gives to a temporary file beside path, then renames
/// it into place. A missing folder is made when the first file in it is
/// written: no list of the folders made is kept, which for a big site would
/// cost more memory than the failed open costs time.
std::optional<Error> replace_file(const fs::path& path, const Producer& produce)
{
    std::error_code ec;
    const fs::path temporary
        = path.parent_path() / std::string(".").append(path.filename().string()).append(k_temporary_suffix);
    bool created = false;
    bool written = write_file(temporary, produce, O_TRUNC, created);
    if (!written && (errno == ENOENT || errno == ENOTDIR)) {
        if (auto error = make_folder_of(path)) {
            return error;
        }
        written = write_file(temporary, produce, O_TRUNC, created);
    }
    if (!written) {
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

/// Writes a file that is new to the site where it goes, with no temporary
/// file and no rename: there is no previous version for a reader to see,
/// and the marker lists it before it is made, so a build interrupted while
/// it is half-written is known to be unfinished. Whatever is in its place
/// (a file put there by hand, a link) is replaced through a temporary
/// file, as a changed file is.
std::optional<Error> create_file(const fs::path& path, const Producer& produce)
{
    bool created = false;
    bool written = write_file(path, produce, O_EXCL, created);
    if (!written && !created && (errno == ENOENT || errno == ENOTDIR)) {
        if (auto error = make_folder_of(path)) {
            return error;
        }
        written = write_file(path, produce, O_EXCL, created);
    }
    if (!written && !created && errno == EEXIST) {
        return replace_file(path, produce);
    }
    if (!written) {
        const std::string why = std::strerror(errno);
        if (created) {
            ::unlink(path.c_str());  // part of a file no build had made: nothing is lost
        }
        return Error {path.string(), "cannot write the file: " + why};
    }
    return std::nullopt;
}

/// Removes a file, then its folders up to the output folder while they are empty.
bool remove_file(const fs::path& folder, std::string_view relative)
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

struct Publisher::State {
    fs::path folder;
    Marker previous;
    std::mutex lock;  ///< guards what follows
    /// What this build produces: of the files the previous marker lists, a
    /// mark each; the others' paths. A rebuild then holds no path twice.
    std::vector<bool> produced_before;  ///< parallel to previous's files
    PathList produced;  ///< files the previous marker does not list; sorted and made unique by finish()
    int marker = -1;  ///< the in-progress marker, open for appending once the build has changed anything
    std::size_t written = 0;
    std::size_t unchanged = 0;
    std::size_t removed = 0;

    /// Before the first change: the marker says "in progress" and lists the
    /// previous build's files; each new file is added before it is written.
    std::optional<Error> start()
    {
        if (marker >= 0) {
            return std::nullopt;
        }
        const fs::path path = folder / k_marker;
        std::error_code ec;
        fs::create_directories(folder, ec);
        if (ec) {
            return Error {folder.string(), "cannot create the folder: " + ec.message()};
        }
        const Walk listed = [this](const std::function<void(std::string_view path)>& each) {
            for (std::size_t i = 0; i < previous.size(); ++i) {
                each(previous.file(i));
            }
        };
        if (auto error = replace_file(path, marker_text(k_marker_in_progress, listed))) {
            return error;
        }
        marker = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
        if (marker < 0) {
            // GCOVR_EXCL_START: the file was written a moment ago; only a failing disk gets here
            return Error {path.string(), std::string("cannot write the file: ") + std::strerror(errno)};
            // GCOVR_EXCL_STOP
        }
        return std::nullopt;
    }

    /// Counts relative as produced (under lock); place: where the previous
    /// marker lists it (Marker::place_of()).
    void note(const std::string& relative, std::size_t place)
    {
        if (place != Marker::k_unlisted) {
            produced_before[place] = true;
        } else {
            produced.add(relative);
        }
    }

    /// Before files are written: the marker started, and lines (each new
    /// file's path and a newline) added to it in one write.
    std::optional<Error> prepare(const std::string& lines)
    {
        if (auto error = start()) {
            return error;
        }
        if (!lines.empty() && ::write(marker, lines.data(), lines.size()) != static_cast<ssize_t>(lines.size())) {
            // GCOVR_EXCL_START: a full disk, between two writes of a few bytes
            return Error {(folder / k_marker).string(), std::string("cannot write the file: ") + std::strerror(errno)};
            // GCOVR_EXCL_STOP
        }
        return std::nullopt;
    }
};

Publisher::Publisher(fs::path folder)
    : m_state(std::make_unique<State>())
{
    m_state->folder = std::move(folder);
}

Publisher::~Publisher()
{
    if (m_state->marker >= 0) {
        ::close(m_state->marker);
    }
}

std::optional<Error> Publisher::open(const fs::path& folder, std::unique_ptr<Publisher>& publisher)
{
    publisher.reset(new Publisher(folder));
    publisher->m_state->previous = read_marker(folder);
    publisher->m_state->produced_before.assign(publisher->m_state->previous.size(), false);
    // A build killed while it replaced the marker, before any other change,
    // leaves the marker's temporary file beside a complete marker: no build
    // after it would otherwise take it away.
    std::error_code ec;
    fs::remove(folder / (std::string(".") + k_marker + k_temporary_suffix), ec);
    return check_folder(folder, publisher->m_state->previous);
}

std::optional<Error> Publisher::put(const std::string& relative, const std::string& bytes)
{
    const Producer produce = whole(bytes);
    std::uint64_t size = 0;
    const Item item {&relative, &produce, &size, bytes.size()};
    return put(std::span(&item, 1));
}

std::optional<Error> Publisher::put(const std::string& relative, const Producer& produce, std::uint64_t& size)
{
    const Item item {&relative, &produce, &size, std::nullopt};
    return put(std::span(&item, 1));
}

std::optional<Error> Publisher::put(const std::vector<std::string>& relatives, const std::vector<std::string>& bytes)
{
    std::vector<Producer> produce;
    std::vector<std::uint64_t> sizes(relatives.size());
    std::vector<Item> items;
    produce.reserve(relatives.size());
    items.reserve(relatives.size());
    for (std::size_t i = 0; i < relatives.size(); ++i) {
        produce.push_back(whole(bytes.at(i)));
        items.push_back({&relatives[i], &produce.back(), &sizes[i], bytes[i].size()});
    }
    return put(items);
}

/// The folder part of a relative path, with its '/'; empty at the top.
std::string_view folder_of(std::string_view relative)
{
    const std::size_t slash = relative.rfind('/');
    return slash == std::string_view::npos ? std::string_view() : relative.substr(0, slash + 1);
}

void Publisher::make_new_folders(std::span<const Item> items, const std::vector<std::size_t>& places)
{
    // A folder that two or more new files of one put go in, and in which
    // the last build wrote nothing, is most likely new (a new home's): it is
    // made first, which spares the open that would fail for want of it. A
    // folder that cannot be made is left to the file's own open to report.
    std::vector<std::string_view> made;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string_view folder = folder_of(*items[i].relative);
        if (places[i] != Marker::k_unlisted || folder.empty()
            || std::find(made.begin(), made.end(), folder) != made.end()) {
            continue;
        }
        for (std::size_t j = i + 1; j < items.size(); ++j) {
            if (places[j] == Marker::k_unlisted && folder_of(*items[j].relative) == folder) {
                made.push_back(folder);
                if (!m_state->previous.lists_under(folder)) {
                    ::mkdir((m_state->folder / folder).c_str(), 0755);
                }
                break;
            }
        }
    }
}

std::optional<Error> Publisher::put(std::span<const Item> items)
{
    State& state = *m_state;
    // Where the previous marker lists each, or k_unlisted.
    std::vector<std::size_t> places;
    places.reserve(items.size());
    for (const Item& item : items) {
        places.push_back(state.previous.place_of(*item.relative));
    }
    {
        const std::lock_guard hold(state.lock);
        for (std::size_t i = 0; i < items.size(); ++i) {
            state.note(*items[i].relative, places[i]);
        }
    }
    // Each pass counts the bytes afresh: the first may not run at all.
    const auto counted = [](const Item& item) -> Producer {
        return [&item](const Pieces& out) {
            *item.size = 0;
            (*item.produce)([&](std::string_view piece) {
                *item.size += piece.size();
                out(piece);
            });
        };
    };
    // A file the last build did not list is written without a look at
    // what may be there: in a new folder, where every file is new, that is
    // one failed open saved a file. The new ones are announced in the
    // marker together, in one write.
    std::vector<char> to_write(items.size(), 0);
    std::size_t unchanged = 0;
    std::string lines;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (places[i] == Marker::k_unlisted) {
            lines.append(*items[i].relative).push_back('\n');
        } else if (same_bytes(state.folder / *items[i].relative, counted(items[i]), items[i].known_size)) {
            ++unchanged;
            continue;
        }
        to_write[i] = 1;
    }
    std::size_t written = 0;
    std::optional<Error> error;
    if (unchanged < items.size()) {
        {
            const std::lock_guard hold(state.lock);
            error = state.prepare(lines);
        }
        if (!error) {
            make_new_folders(items, places);  // only once the marker says the build is on
        }
    }
    for (std::size_t i = 0; i < items.size() && !error; ++i) {
        if (to_write[i] != 0) {
            const fs::path path = state.folder / *items[i].relative;
            error = places[i] == Marker::k_unlisted ? create_file(path, counted(items[i]))
                                                    : replace_file(path, counted(items[i]));
            written += error ? 0 : 1;
        }
    }
    const std::lock_guard hold(state.lock);
    state.unchanged += unchanged;
    state.written += written;
    return error;
}

void Publisher::keep(const std::string& relative)
{
    const std::size_t place = m_state->previous.place_of(relative);
    const std::lock_guard hold(m_state->lock);
    m_state->note(relative, place);
    ++m_state->unchanged;
}

std::optional<Error> Publisher::finish()
{
    State& state = *m_state;
    const std::lock_guard hold(state.lock);
    // Stale: listed before, not produced now. Now: listed before and
    // produced, with the new ones, in order, merged as they are written.
    const Marker& before = state.previous;
    std::vector<std::string_view> stale;
    for (std::size_t i = 0; i < before.size(); ++i) {
        if (!state.produced_before[i]) {
            stale.push_back(before.file(i));
        }
    }
    state.produced.sort_unique();
    const PathList& fresh = state.produced;
    const auto now = [&](const std::function<void(std::string_view path)>& each) {
        std::size_t next = 0;  // of fresh
        for (std::size_t i = 0; i < before.size(); ++i) {
            if (state.produced_before[i]) {
                const std::string_view path = before.file(i);
                for (; next < fresh.size() && fresh.at(next) < path; ++next) {
                    each(fresh.at(next));
                }
                each(path);
            }
        }
        for (; next < fresh.size(); ++next) {
            each(fresh.at(next));
        }
    };
    const Producer final_marker = marker_text(k_marker_complete, now);
    std::uint64_t size = std::strlen(k_marker_complete) + 1;
    now([&size](std::string_view path) { size += path.size() + 1; });
    if (state.marker < 0 && stale.empty() && same_bytes(state.folder / k_marker, final_marker, size)) {
        return std::nullopt;
    }
    if (auto error = state.start()) {
        return error;  // GCOVR_EXCL_LINE: nothing written yet, yet the marker cannot be: a disk failing now
    }
    for (const std::string_view relative : stale) {
        state.removed += remove_file(state.folder, relative) ? 1 : 0;
    }
    // Only an interrupted build leaves temporary files, and it leaves its
    // marker saying so; a folder without a marker was empty (check_folder),
    // so a first build is spared a walk through every folder it made.
    if (state.previous.present && !state.previous.complete) {
        remove_temporaries(state.folder);
    }
    ::close(state.marker);
    state.marker = -1;
    return replace_file(state.folder / k_marker, final_marker);
}

Report Publisher::report() const
{
    const std::lock_guard hold(m_state->lock);
    return {m_state->written, m_state->unchanged, m_state->removed};
}

std::optional<Error> publish(const fs::path& folder, const Files& files, Report& report)
{
    std::unique_ptr<Publisher> publisher;
    if (auto error = Publisher::open(folder, publisher)) {
        return error;
    }
    for (const auto& [relative, bytes] : files) {
        if (auto error = publisher->put(relative, bytes)) {
            report = publisher->report();
            return error;
        }
    }
    auto error = publisher->finish();
    report = publisher->report();
    return error;
}

std::vector<std::string> published_files(const fs::path& folder)
{
    const Marker marker = read_marker(folder);
    std::vector<std::string> files;
    for (std::size_t i = 0; i < marker.size(); ++i) {
        files.emplace_back(marker.file(i));
    }
    return files;
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
    for (std::size_t i = 0; i < marker.size(); ++i) {
        const std::string_view relative = marker.file(i);
        if (!fs::is_regular_file(folder / relative, ec)) {
            return Error {(folder / relative).string(), "a file of the last build is missing: build again"};
        }
    }
    return std::nullopt;
}

}  // namespace retrofit::write
