#include "write/manifest.hpp"

#include "model/read.hpp"

#include <rapidjson/document.h>
#include <rapidjson/filewritestream.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace retrofit::write {

namespace fs = std::filesystem;

namespace {

/// Bumped whenever the manifest's shape changes: an older one is ignored.
constexpr int k_manifest_version = 8;
/// The same for the shard manifest.
constexpr int k_shard_manifest_version = 2;

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;
using Json = rapidjson::Value;

template <typename W>
void put_string(W& w, const std::string& text)
{
    w.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
}

template <typename W, typename T, typename Put>
void put_optional(W& w, const std::optional<T>& value, Put put)
{
    if (value) {
        put(*value);
    } else {
        w.Null();
    }
}

template <typename W>
void put_home(W& w, const model::Home& home)
{
    w.StartArray();
    put_string(w, home.uprn);
    w.StartArray();
    for (const std::string& line : home.address_lines) {
        put_string(w, line);
    }
    w.EndArray();
    for (const std::string* text : {&home.town, &home.postcode, &home.property_type, &home.built_form}) {
        put_string(w, *text);
    }
    w.Double(home.total_floor_area);
    put_optional(w, home.epc_rating, [&](const std::string& band) { put_string(w, band); });
    put_optional(w, home.epc_score, [&](long long score) { w.Int64(score); });
    w.EndArray();
}

template <typename W>
void put_figure(W& w, const std::optional<derive::Figure>& figure)
{
    const auto number
        = [&](const std::optional<double>& value) { put_optional(w, value, [&](double v) { w.Double(v); }); };
    put_optional(w, figure, [&](const derive::Figure& f) {
        w.StartArray();
        w.Double(f.baseline);
        number(f.improved);
        number(f.saving);
        number(f.saving_percent);
        w.EndArray();
    });
}

template <typename W>
void put_input(W& w, const std::string& path, const Manifest::Input& input)
{
    w.StartArray();
    put_string(w, path);
    const Stamp& s = input.stamp;
    w.Uint64(s.size);
    w.Int64(s.mtime_ns);
    w.Int64(s.ctime_ns);
    w.Uint64(s.inode);
    w.Uint64(s.hash);
    if (input.home) {
        w.String("home");
        put_home(w, input.home->home());
    } else {
        w.String("result");
        w.StartArray();
        const model::ResultSummary& result = *input.result;
        put_string(w, result.uprn);
        put_string(w, result.postcode);
        w.Uint64(result.postcode_at.line);
        w.Uint64(result.postcode_at.column);
        if (result.home) {
            put_home(w, result.home->home());
        } else {
            w.Null();
        }
        w.EndArray();
    }
    w.EndArray();
}

template <typename W>
void put_outputs(W& w, const std::string& uprn, const Manifest::HomeOutputs& home)
{
    w.StartArray();
    put_string(w, uprn);
    w.Bool(home.home_file);
    w.StartArray();
    for (const std::string& id : home.simulation_ids) {
        put_string(w, id);
    }
    w.EndArray();
    w.StartArray();
    for (const std::uint64_t size : home.sizes) {
        w.Uint64(size);
    }
    w.EndArray();
    w.StartArray();
    for (const auto& [path, size] : home.files) {
        put_string(w, path);
        w.Uint64(size);
    }
    w.EndArray();
    put_figure(w, home.annual);
    w.Uint64(home.listing);
    w.EndArray();
}

/// Reading: any value of the wrong shape throws Corrupt, and the whole
/// manifest is ignored.
struct Corrupt { };

/// Throws Corrupt unless ok.
void require(bool ok)
{
    if (!ok) {
        throw Corrupt {};
    }
}

/// Each line ends with a checksum of its JSON (FNV-1a, 64 bits), so that a
/// line altered in place, still JSON of the right shape (a flipped bit, a
/// hand edit), is no manifest rather than trusted. Byte by byte, so that
/// it comes out the same however the line is cut into pieces.
struct LineSum {
    std::uint64_t value = 0xCBF29CE484222325ULL;
    void add(char c) { value = (value ^ static_cast<unsigned char>(c)) * 0x100000001B3ULL; }
    /// As written after the line's JSON: a space and 16 hex digits.
    std::string text() const
    {
        static constexpr std::string_view k_digits = "0123456789abcdef";
        std::string out(17, ' ');
        for (std::size_t i = 0; i < 16; ++i) {
            out[16 - i] = k_digits[(value >> (4 * i)) & 0xFU];
        }
        return out;
    }
};

/// A RapidJSON output stream that sums what it passes on.
template <typename Out>
struct SummingStream {
    using Ch = char;
    Out& out;
    LineSum sum;
    void Put(char c)  // NOLINT(readability-identifier-naming)
    {
        sum.add(c);
        out.Put(c);
    }
    void Flush() { out.Flush(); }  // NOLINT(readability-identifier-naming)
};

Json::ConstArray items(const Json& v)
{
    if (!v.IsArray()) {
        throw Corrupt {};
    }
    return v.GetArray();
}

const Json& at(const Json& array, rapidjson::SizeType i)
{
    if (!array.IsArray() || i >= array.Size()) {
        throw Corrupt {};
    }
    return array[i];
}

std::string text(const Json& v)
{
    if (!v.IsString()) {
        throw Corrupt {};
    }
    return {v.GetString(), v.GetStringLength()};
}

/// A string's text, or "" for any other value.
std::string_view text_of(const Json& v)
{
    return v.IsString() ? std::string_view(v.GetString(), v.GetStringLength()) : std::string_view();
}

std::uint64_t unsigned_number(const Json& v)
{
    if (!v.IsUint64()) {
        throw Corrupt {};
    }
    return v.GetUint64();
}

std::int64_t signed_number(const Json& v)
{
    if (!v.IsInt64()) {
        throw Corrupt {};
    }
    return v.GetInt64();
}

double real(const Json& v)
{
    if (!v.IsNumber()) {
        throw Corrupt {};
    }
    return v.GetDouble();
}

std::optional<double> optional_real(const Json& v)
{
    return v.IsNull() ? std::nullopt : std::optional(real(v));
}

model::Home get_home(const Json& v)
{
    model::Home home;
    home.uprn = text(at(v, 0));
    if (!model::is_uprn(home.uprn)) {  // homes are grouped by the UPRN as a number
        throw Corrupt {};
    }
    for (const Json& line : items(at(v, 1))) {
        home.address_lines.push_back(text(line));
    }
    home.town = text(at(v, 2));
    home.postcode = text(at(v, 3));
    home.property_type = text(at(v, 4));
    home.built_form = text(at(v, 5));
    home.total_floor_area = real(at(v, 6));
    if (!at(v, 7).IsNull()) {
        home.epc_rating = text(at(v, 7));
    }
    if (!at(v, 8).IsNull()) {
        home.epc_score = signed_number(at(v, 8));
    }
    return home;
}

std::optional<derive::Figure> get_figure(const Json& v)
{
    if (v.IsNull()) {
        return std::nullopt;
    }
    return derive::Figure {real(at(v, 0)), optional_real(at(v, 1)), optional_real(at(v, 2)), optional_real(at(v, 3))};
}

Manifest::Input get_input(const Json& v, std::string& path)
{
    path = text(at(v, 0));
    Manifest::Input input;
    input.stamp = {unsigned_number(at(v, 1)), signed_number(at(v, 2)), signed_number(at(v, 3)),
        unsigned_number(at(v, 4)), unsigned_number(at(v, 5))};
    const Json& what = at(v, 7);
    if (text(at(v, 6)) == "result") {
        model::ResultSummary result;
        result.uprn = text(at(what, 0));
        if (!model::is_uprn(result.uprn)) {
            throw Corrupt {};
        }
        result.postcode = text(at(what, 1));
        result.postcode_at = {static_cast<std::size_t>(unsigned_number(at(what, 2))),
            static_cast<std::size_t>(unsigned_number(at(what, 3)))};
        if (!at(what, 4).IsNull()) {
            result.home = std::make_shared<const model::Facts>(get_home(at(what, 4)));
        }
        input.result = std::make_shared<const model::ResultSummary>(std::move(result));
    } else {
        input.home = std::make_shared<const model::Facts>(get_home(what));
    }
    return input;
}

Manifest::HomeOutputs get_outputs(const Json& v, std::string& uprn)
{
    uprn = text(at(v, 0));
    Manifest::HomeOutputs home;
    const Json& home_file = at(v, 1);
    if (!home_file.IsBool()) {
        throw Corrupt {};
    }
    home.home_file = home_file.GetBool();
    for (const Json& id : items(at(v, 2))) {
        home.simulation_ids.push_back(text(id));
    }
    for (const Json& size : items(at(v, 3))) {
        home.sizes.push_back(unsigned_number(size));
    }
    const Json& files = at(v, 4);
    for (rapidjson::SizeType i = 0; i + 1 < items(files).Size(); i += 2) {
        home.files.emplace_back(text(files[i]), unsigned_number(files[i + 1]));
    }
    home.annual = get_figure(at(v, 5));
    home.listing = unsigned_number(at(v, 6));
    // A home's file names are made from its UPRN and simulation ids: only
    // ones that are such can name files, and one size each.
    const bool portfolio = uprn.empty() && home.simulation_ids.empty() && home.sizes.empty();
    const bool named = model::is_uprn(uprn) && home.files.empty()
        && std::all_of(home.simulation_ids.begin(), home.simulation_ids.end(), model::is_uuid)
        && home.sizes.size() == home_file_count(home.simulation_ids.size());
    if (!portfolio && !named) {
        throw Corrupt {};
    }
    return home;
}

}  // namespace

OpenFolder::OpenFolder(const std::filesystem::path& path)
    : m_fd(::open(path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC))
{
}

OpenFolder::~OpenFolder()
{
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

std::optional<Stamp> OpenFolder::stamp(const char* relative) const
{
    struct stat info { };
    if (m_fd < 0 || ::fstatat(m_fd, relative, &info, 0) != 0) {
        return std::nullopt;
    }
    constexpr std::int64_t k_ns = 1000000000;
    return Stamp {static_cast<std::uint64_t>(info.st_size), info.st_mtim.tv_sec * k_ns + info.st_mtim.tv_nsec,
        info.st_ctim.tv_sec * k_ns + info.st_ctim.tv_nsec, static_cast<std::uint64_t>(info.st_ino), 0};
}

std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t seed)
{
    // 8 bytes at a time, each word mixed in by a multiply and a rotation.
    constexpr std::uint64_t k_prime = 0x9E3779B97F4A7C15ULL;
    std::uint64_t h = seed ^ (bytes.size() * k_prime);
    std::size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, bytes.data() + i, 8);
        h = (h ^ (word * k_prime)) * 0xC2B2AE3D27D4EB4FULL;
        h ^= h >> 29;
    }
    for (; i < bytes.size(); ++i) {
        h = (h ^ static_cast<unsigned char>(bytes[i])) * k_prime;
    }
    h ^= h >> 32;
    return h * k_prime;
}

std::uint64_t content_hash(std::string_view bytes)
{
    // hash_bytes() mixes each word into the one before, so each waits on the
    // last multiply; four lanes of their own run side by side.
    constexpr std::uint64_t k_prime = 0x9E3779B97F4A7C15ULL;
    constexpr std::uint64_t k_mix = 0xC2B2AE3D27D4EB4FULL;
    constexpr std::size_t k_lanes = 4;
    std::array<std::uint64_t, k_lanes> lanes {1, 2, 3, 4};
    std::size_t i = 0;
    for (; i + 8 * k_lanes <= bytes.size(); i += 8 * k_lanes) {
        for (std::size_t lane = 0; lane < k_lanes; ++lane) {
            std::uint64_t word = 0;
            std::memcpy(&word, bytes.data() + i + 8 * lane, 8);
            lanes[lane] = (lanes[lane] ^ (word * k_prime)) * k_mix;
            lanes[lane] ^= lanes[lane] >> 29;
        }
    }
    std::uint64_t h = bytes.size() * k_prime;
    for (const std::uint64_t lane : lanes) {
        h = (h ^ lane) * k_mix;
        h ^= h >> 29;
    }
    return hash_bytes(bytes.substr(i), h);  // the last 0 to 31 bytes
}

std::vector<std::string> home_files(const std::string& uprn, const std::vector<std::string>& simulation_ids)
{
    std::vector<std::string> files;
    files.reserve(home_file_count(simulation_ids.size()));
    for (const std::string& id : simulation_ids) {
        files.push_back("api/energy-comparison/" + id + ".json");
        files.push_back(std::string("homes/").append(uprn).append("/").append(id).append(".vl.json"));
    }
    files.push_back("api/home/" + uprn + ".json");
    files.push_back("homes/" + uprn + "/index.html");
    return files;
}

std::vector<std::pair<std::string, std::uint64_t>> recorded_files(
    const std::string& uprn, const Manifest::HomeOutputs& record)
{
    std::vector<std::pair<std::string, std::uint64_t>> files;
    std::vector<std::string> names = home_files(uprn, record.simulation_ids);
    for (std::size_t i = 0; i < names.size() && i < record.sizes.size(); ++i) {
        files.emplace_back(std::move(names[i]), record.sizes[i]);
    }
    return files;
}

std::uint64_t listing_key(const model::Home& facts, const std::vector<std::string>& simulation_ids,
    const std::optional<derive::Figure>& annual)
{
    // Written as the manifest writes them: every field, each told apart from the next.
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartArray();
    put_home(w, facts);
    w.StartArray();
    for (const std::string& id : simulation_ids) {
        put_string(w, id);
    }
    w.EndArray();
    put_figure(w, annual);
    w.EndArray();
    return hash_bytes(std::string_view(buffer.GetString(), buffer.GetSize()));
}

namespace {

/// One line of a file as a RapidJSON input stream, read 64 KiB at a time
/// (a big portfolio's manifest is some 500 bytes a home, never whole in
/// memory). The line's end, its newline or the file's, reads as NUL, as
/// the end of a string: no value runs on into the next line. A file that
/// cannot be read reads as ending there, which no manifest does.
class LineStream {
public:
    using Ch = char;

    LineStream(int fd, std::uint64_t offset)
        : m_fd(fd)
        , m_base(offset)
    {
    }

    char Peek()  // NOLINT(readability-identifier-naming)
    {
        if (m_at == m_end) {
            fill();
        }
        return m_at == m_end || m_buffer[m_at] == '\n' ? '\0' : m_buffer[m_at];
    }
    char Take()  // NOLINT(readability-identifier-naming)
    {
        const char c = Peek();
        if (c != '\0') {
            m_sum.add(c);
            ++m_at;
        }
        return c;
    }
    std::size_t Tell() const { return offset(); }  // NOLINT(readability-identifier-naming)
    // Never written to, but the concept asks for these.
    static Ch* PutBegin() { return nullptr; }  // NOLINT(readability-identifier-naming) GCOVR_EXCL_LINE
    static void Put(Ch /*unused*/) { }  // NOLINT(readability-identifier-naming) GCOVR_EXCL_LINE
    static void Flush() { }  // NOLINT(readability-identifier-naming) GCOVR_EXCL_LINE
    static std::size_t PutEnd(Ch* /*unused*/) { return 0; }  // NOLINT(readability-identifier-naming) GCOVR_EXCL_LINE
    /// Where in the file it is.
    std::uint64_t offset() const { return m_base + m_at; }
    /// Past the newline that ends this line, read to its end: false at the
    /// end of the file, and Corrupt when the line goes on (after a NUL, say).
    /// After the line's JSON: its checksum, then the line's end; Corrupt
    /// unless it is the checksum of what was read.
    void check_sum()
    {
        const std::string expected = m_sum.text();
        for (const char c : expected) {
            if (Take() != c) {
                throw Corrupt {};
            }
        }
        if (Peek() != '\0') {
            throw Corrupt {};
        }
    }
    bool next_line()
    {
        m_sum = {};
        Peek();  // the next piece, when this one is used up
        if (m_at == m_end) {
            return false;
        }
        require(m_buffer[m_at] == '\n');  // not a NUL in the line
        ++m_at;
        return true;
    }
    /// The rest of this line, its bytes as they are.
    std::string rest_of_line()
    {
        std::string line;
        for (;;) {
            if (m_at == m_end) {
                fill();
            }
            if (m_at == m_end || m_buffer[m_at] == '\n') {
                return line;
            }
            line += m_buffer[m_at++];
        }
    }

private:
    void fill()
    {
        m_base += m_end;
        m_at = m_end = 0;
        const ssize_t got = ::pread(m_fd, m_buffer.data(), m_buffer.size(), static_cast<off_t>(m_base));
        m_end = got > 0 ? static_cast<std::size_t>(got) : 0;
    }

    int m_fd;
    LineSum m_sum;  ///< of what was taken of this line
    std::uint64_t m_base;  ///< the file offset of the buffer's first byte
    std::size_t m_at = 0;
    std::size_t m_end = 0;
    std::array<char, 65536> m_buffer {};
};

/// The elements of a JSON array on one line of a file, parsed one at a
/// time, so that only one record's DOM is ever in memory. Anything but an
/// array of values ending the line throws Corrupt.
class Records {
public:
    explicit Records(LineStream& line)
        : m_line(line)
    {
        if (m_line.Peek() != '[') {
            throw Corrupt {};
        }
        m_line.Take();
    }

    /// The next element, or nullptr at the end of the array; valid until the next call.
    const Json* next()
    {
        if (m_line.Peek() == ']') {
            return end();
        }
        if (m_count != 0 && m_line.Take() != ',') {
            throw Corrupt {};
        }
        m_document.reset();  // its memory back to the pool before the pool is emptied
        m_pool.Clear();
        m_document.emplace(&m_pool);
        m_document->ParseStream<rapidjson::kParseStopWhenDoneFlag | rapidjson::kParseFullPrecisionFlag>(m_line);
        if (m_document->HasParseError()) {
            throw Corrupt {};
        }
        ++m_count;
        return &*m_document;
    }

private:
    const Json* end()
    {
        m_line.Take();
        m_line.check_sum();
        return nullptr;
    }

    LineStream& m_line;
    std::size_t m_count = 0;
    std::array<char, 16384> m_buffer {};  ///< the pool's first chunk: most records need no other
    rapidjson::MemoryPoolAllocator<> m_pool {m_buffer.data(), m_buffer.size()};
    std::optional<rapidjson::Document> m_document;
};

/// Reads the inputs' line of the whole manifest; false if it is damaged.
bool read_inputs(int fd, std::uint64_t offset, Manifest& manifest)
{
    try {
        LineStream line(fd, offset);
        Records inputs(line);
        while (const Json* input = inputs.next()) {
            std::string input_path;
            Manifest::Input read = get_input(*input, input_path);
            manifest.inputs.emplace_hint(manifest.inputs.end(), std::move(input_path), std::move(read));
        }
        return true;
    } catch (const Corrupt&) {
        return false;
    }
}

/// Where the line after the one at offset begins; Corrupt when there is none.
std::uint64_t next_line_at(int fd, std::uint64_t offset)
{
    std::array<char, 65536> chunk {};
    for (;;) {
        const ssize_t got = ::pread(fd, chunk.data(), chunk.size(), static_cast<off_t>(offset));
        if (got <= 0) {
            throw Corrupt {};
        }
        const auto* newline = static_cast<const char*>(std::memchr(chunk.data(), '\n', static_cast<std::size_t>(got)));
        if (newline != nullptr) {
            return offset + static_cast<std::uint64_t>(newline - chunk.data()) + 1;
        }
        offset += static_cast<std::uint64_t>(got);
    }
}

/// Reads the whole manifest's first line, its version and keys; where
/// the next line, the inputs', begins.
std::uint64_t read_head(LineStream& line, Manifest& manifest)
{
    rapidjson::Document doc;
    doc.ParseStream<rapidjson::kParseStopWhenDoneFlag | rapidjson::kParseFullPrecisionFlag>(line);
    if (doc.HasParseError() || !doc.IsArray() || signed_number(at(doc, 0)) != k_manifest_version) {
        throw Corrupt {};
    }
    line.check_sum();
    require(line.next_line());
    manifest.reader_key = unsigned_number(at(doc, 1));
    manifest.build_key = unsigned_number(at(doc, 2));
    return line.offset();
}

/// Reads the whole manifest's records: the inputs' line at inputs_at on a
/// second thread, the homes' line on this one (about half the time of a
/// warm build goes to reading the manifest).
void read_records(int fd, std::uint64_t inputs_at, LineStream& homes, Manifest& manifest)
{
    bool inputs_read = false;
    std::thread reader([&] { inputs_read = read_inputs(fd, inputs_at, manifest); });
    try {
        Records records(homes);
        while (const Json* home = records.next()) {
            std::string uprn;
            Manifest::HomeOutputs read = get_outputs(*home, uprn);
            manifest.homes.emplace_hint(manifest.homes.end(), std::move(uprn), std::move(read));
        }
    } catch (const Corrupt&) {
        reader.join();
        throw;
    }
    reader.join();
    if (!inputs_read) {
        throw Corrupt {};
    }
}

/// Whether a line ends with the checksum of what comes before it; if so,
/// the checksum is taken off.
bool summed(std::string& line)
{
    constexpr std::size_t k_sum_size = 17;  // a space and 16 hex digits
    if (line.size() < k_sum_size) {
        return false;
    }
    LineSum sum;
    for (std::size_t i = 0; i + k_sum_size < line.size(); ++i) {
        sum.add(line[i]);
    }
    if (line.compare(line.size() - k_sum_size, k_sum_size, sum.text()) != 0) {
        return false;
    }
    line.resize(line.size() - k_sum_size);
    return true;
}

/// Applies one appended change line, parsed in place.
void apply_change(char* line, Manifest& manifest)
{
    // Its checksum says the generator wrote it: not JSON, or not a change,
    // only from a hash that happened to match.
    rapidjson::Document doc;
    doc.ParseInsitu<rapidjson::kParseFullPrecisionFlag>(line);
    require(!doc.HasParseError() && doc.IsArray() && text_of(at(doc, 0)) == "change");
    for (const Json& input : items(at(doc, 1))) {
        std::string input_path;
        Manifest::Input read = get_input(input, input_path);
        manifest.inputs.insert_or_assign(std::move(input_path), std::move(read));
    }
    for (const Json& path : items(at(doc, 2))) {
        manifest.inputs.erase(text(path));
    }
    for (const Json& home : items(at(doc, 3))) {
        std::string uprn;
        Manifest::HomeOutputs read = get_outputs(home, uprn);
        manifest.homes.insert_or_assign(std::move(uprn), std::move(read));
    }
    for (const Json& uprn : items(at(doc, 4))) {
        manifest.homes.erase(text(uprn));
    }
}

/// The change as the line appended to the file, newline first.
std::string change_line(const Manifest& manifest, const ManifestChange& change)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartArray();
    w.String("change");
    w.StartArray();
    for (const std::string& path : change.inputs) {
        put_input(w, path, manifest.inputs.at(path));
    }
    w.EndArray();
    w.StartArray();
    for (const std::string& path : change.removed_inputs) {
        put_string(w, path);
    }
    w.EndArray();
    w.StartArray();
    for (const std::string& uprn : change.homes) {
        put_outputs(w, uprn, manifest.homes.at(uprn));
    }
    w.EndArray();
    w.StartArray();
    for (const std::string& uprn : change.removed_homes) {
        put_string(w, uprn);
    }
    w.EndArray();
    w.EndArray();
    LineSum sum;
    const std::string_view json(buffer.GetString(), buffer.GetSize());
    for (const char c : json) {
        sum.add(c);
    }
    return '\n' + std::string(json) + sum.text();
}

/// Appends line to the file in one write; false when it cannot.
bool append(const fs::path& path, const std::string& line)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    return ::close(fd) == 0 && written;
}

}  // namespace

std::optional<Manifest> read_manifest(const fs::path& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return std::nullopt;
    }
    // Line by line, in pieces: the first three are the whole manifest,
    // each further one a change.
    std::optional<Manifest> manifest(std::in_place);
    try {
        LineStream head(fd, 0);
        const std::uint64_t inputs_at = read_head(head, *manifest);
        LineStream line(fd, next_line_at(fd, inputs_at));
        read_records(fd, inputs_at, line, *manifest);
        manifest->whole_bytes = line.offset();
        while (line.next_line()) {
            std::string change = line.rest_of_line();
            require(change.find('\0') == std::string::npos && summed(change));
            apply_change(change.data(), *manifest);
            ++manifest->changes;
            manifest->change_bytes += change.size() + 1;
        }
    } catch (const Corrupt&) {
        manifest.reset();
    }
    ::close(fd);
    return manifest;
}

bool write_manifest(const fs::path& path, const Manifest& manifest, const ManifestChange* change)
{
    if (change != nullptr && change->changes + 1 < k_max_manifest_changes) {
        const std::string line = change_line(manifest, *change);
        if ((change->change_bytes + line.size()) * 2 < change->whole_bytes) {
            return append(path, line);
        }
    }
    std::error_code ec;
    fs::create_directories(path.parent_path().empty() ? fs::path(".") : path.parent_path(), ec);
    const fs::path temporary = path.string() + ".tmp";
    FILE* file = std::fopen(temporary.c_str(), "wb");
    if (file == nullptr) {
        return false;
    }
    // Streamed to the file through a small buffer: a big portfolio's
    // manifest (some 900 bytes a home) is never whole in memory. Three
    // lines: version and keys, the inputs, the homes, so that a reader can
    // take each part on its own thread, record by record.
    std::array<char, 65536> chunk {};
    rapidjson::FileWriteStream stream(file, chunk.data(), chunk.size());
    SummingStream<rapidjson::FileWriteStream> summing {stream, {}};
    rapidjson::Writer<SummingStream<rapidjson::FileWriteStream>> w(summing);
    // Each line's checksum after it, then a newline between lines.
    const auto end_line = [&](bool last) {
        for (const char c : summing.sum.text()) {
            stream.Put(c);
        }
        if (!last) {
            stream.Put('\n');
        }
        summing.sum = {};
        w.Reset(summing);
    };
    w.StartArray();
    w.Int(k_manifest_version);
    w.Uint64(manifest.reader_key);
    w.Uint64(manifest.build_key);
    w.EndArray();
    end_line(false);
    w.StartArray();
    for (const auto& [input_path, input] : manifest.inputs) {
        put_input(w, input_path, input);
    }
    w.EndArray();
    end_line(false);
    w.StartArray();
    for (const auto& [uprn, home] : manifest.homes) {
        put_outputs(w, uprn, home);
    }
    w.EndArray();
    end_line(true);
    stream.Flush();  // any failure shows in ferror() below
    const bool written = std::ferror(file) == 0;
    if (std::fclose(file) != 0 || !written) {
        // GCOVR_EXCL_START: a disk that fills up while the manifest is written
        fs::remove(temporary, ec);
        return false;
        // GCOVR_EXCL_STOP
    }
    fs::rename(temporary, path, ec);
    return !ec;
}

std::string shard_manifest_text(const ShardManifest& shard)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartArray();
    w.Int(k_shard_manifest_version);
    w.Uint64(shard.index);
    w.Uint64(shard.count);
    w.Uint64(shard.fingerprint);
    put_string(w, shard.settings.title);
    w.Uint64(shard.settings.page_size);
    w.StartArray();
    for (const ShardManifest::Home& home : shard.homes) {
        w.StartArray();
        put_home(w, home.facts);
        w.StartArray();
        for (const std::string& id : home.simulation_ids) {
            put_string(w, id);
        }
        w.EndArray();
        put_figure(w, home.annual);
        w.EndArray();
    }
    w.EndArray();
    w.EndArray();
    return std::string(buffer.GetString(), buffer.GetSize()) + '\n';
}

std::optional<ShardManifest> parse_shard_manifest(const std::string& bytes)
{
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseFullPrecisionFlag>(bytes.c_str(), bytes.size());
    try {
        if (doc.HasParseError() || !doc.IsArray() || signed_number(at(doc, 0)) != k_shard_manifest_version) {
            return std::nullopt;
        }
        ShardManifest shard;
        shard.index = static_cast<std::size_t>(unsigned_number(at(doc, 1)));
        shard.count = static_cast<std::size_t>(unsigned_number(at(doc, 2)));
        shard.fingerprint = unsigned_number(at(doc, 3));
        shard.settings.title = text(at(doc, 4));
        shard.settings.page_size = static_cast<std::size_t>(unsigned_number(at(doc, 5)));
        for (const Json& home : items(at(doc, 6))) {
            ShardManifest::Home entry {get_home(at(home, 0)), {}, get_figure(at(home, 2))};
            for (const Json& id : items(at(home, 1))) {
                entry.simulation_ids.push_back(text(id));
            }
            shard.homes.push_back(std::move(entry));
        }
        if (shard.count == 0 || shard.index >= shard.count || shard.settings.page_size == 0) {
            return std::nullopt;
        }
        return shard;
    } catch (const Corrupt&) {
        return std::nullopt;
    }
}

std::size_t shard_of(std::string_view uprn, std::size_t count)
{
    return static_cast<std::size_t>(hash_bytes(uprn, 0x5EED) % count);
}

}  // namespace retrofit::write
