#include "load/kept_json.hpp"

#include <rapidjson/reader.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <iterator>

namespace retrofit::json {

/// A read-only stream over a buffer of known length, for string_at(): past
/// the end it reads NUL and stays there, so malformed input (a UTF-8 lead
/// byte at the very end) can never take the reader beyond the buffer.
/// (KeptParser reads a text followed by NULs instead.)
struct BoundedStream {
    using Ch = char;
    const char* src;
    const char* head;
    const char* end;

    // The names are RapidJSON's stream concept's.
    Ch Peek() const { return src < end ? *src : '\0'; }  // NOLINT(readability-identifier-naming)
    Ch Take() { return src < end ? *src++ : '\0'; }  // NOLINT(readability-identifier-naming)
    std::size_t Tell() const { return static_cast<std::size_t>(src - head); }  // NOLINT(readability-identifier-naming)
    // Never written to, but the concept asks for these.
    static Ch* PutBegin() { return nullptr; }  // NOLINT(readability-identifier-naming) GCOVR_EXCL_LINE
    static void Put(Ch /*unused*/) { }  // NOLINT(readability-identifier-naming) GCOVR_EXCL_LINE
    static void Flush() { }  // NOLINT(readability-identifier-naming) GCOVR_EXCL_LINE
    static std::size_t PutEnd(Ch* /*unused*/) { return 0; }  // NOLINT(readability-identifier-naming) GCOVR_EXCL_LINE
};

/// The in-place stream KeptParser reads, as RapidJSON's own, but with its
/// own SkipWhitespace() below. The text it reads ends in NULs.
struct KeptStream : rapidjson::InsituStringStream {
    using rapidjson::InsituStringStream::InsituStringStream;
};

/// RapidJSON's reader calls this for a KeptStream (found by argument-
/// dependent lookup, it wins over the reader's own template): the same
/// four whitespace bytes skipped, but the spaces that indent a pretty-
/// printed document eight at a time. A NUL stops it, and the text has NULs
/// to spare beyond its end, so eight bytes can always be read.
inline void SkipWhitespace(KeptStream& stream)  // NOLINT(readability-identifier-naming)
{
    constexpr std::uint64_t k_spaces = 0x2020202020202020U;
    char* at = stream.src_;
    if (static_cast<unsigned char>(*at) > ' ') {
        return;  // most often: no whitespace at all (every byte of it is at most a space)
    }
    for (;;) {
        std::uint64_t eight = 0;
        std::memcpy(&eight, at, sizeof eight);
        if constexpr (std::endian::native == std::endian::little) {
            // Past the spaces before the first other byte of the eight.
            const std::uint64_t others = eight ^ k_spaces;
            at += others == 0 ? sizeof eight : static_cast<std::size_t>(std::countr_zero(others)) / 8;
            if (others == 0) {
                continue;
            }
        }
        if (*at != ' ' && *at != '\n' && *at != '\r' && *at != '\t') {
            break;
        }
        ++at;
    }
    stream.src_ = at;
}

}  // namespace retrofit::json

/// Copy optimisation, as for RapidJSON's own StringStream: the reader
/// works on a local copy of the stream while it reads a string or a number.
template <>
struct rapidjson::StreamTraits<retrofit::json::BoundedStream> {
    enum { copyOptimization = 1 };
};
template <>
struct rapidjson::StreamTraits<retrofit::json::KeptStream> {
    enum { copyOptimization = 1 };
};

namespace retrofit::json {

/// The first quote, backslash or control byte from at on: where a
/// string's plain bytes end. Eight bytes at a time; the text ends in NULs,
/// which stop it, so eight bytes can always be read.
inline const char* plain_end(const char* at)
{
    if constexpr (std::endian::native != std::endian::little) {
        // The borrows run the other way: a byte at a time.
        while (*at != '"' && *at != '\\' && static_cast<unsigned char>(*at) >= 0x20U) {
            ++at;
        }
        return at;
    }
    for (;;) {
        std::uint64_t eight = 0;
        std::memcpy(&eight, at, sizeof eight);
        const std::uint64_t stops = escaped_bytes(eight);
        if (stops != 0) {
            return at + static_cast<std::size_t>(std::countr_zero(stops)) / 8;
        }
        at += sizeof eight;
    }
}

}  // namespace retrofit::json

/// RapidJSON's reader calls this hook at the start of every string it
/// unescapes and after every escape, to go over the bytes that need
/// nothing done (its own versions are for its own streams, and otherwise
/// it goes a byte at a time). Here: up to the first quote, backslash or
/// control byte, which the reader then deals with as before. While no
/// escape has shortened the string, the bytes are already where they go;
/// after one they move down.
template <>
template <>
inline void
rapidjson::GenericReader<rapidjson::UTF8<>, rapidjson::UTF8<>, rapidjson::CrtAllocator>::ScanCopyUnescapedString<
    retrofit::json::KeptStream, retrofit::json::KeptStream>(
    retrofit::json::KeptStream& is, retrofit::json::KeptStream& os)
{
    char* const begin = is.src_;
    char* const at = begin + (retrofit::json::plain_end(begin) - begin);
    const auto count = static_cast<std::size_t>(at - begin);
    if (os.dst_ != begin) {
        std::memmove(os.dst_, begin, count);
    }
    os.dst_ += count;
    is.src_ = at;
}

namespace retrofit::json {

const Keep k_keep_all {true, {}, nullptr};

namespace {

constexpr std::string_view k_bom = "\xEF\xBB\xBF";
/// Objects with more keys than this are checked for duplicates by sorting,
/// once they end; up to it, each key as it comes.
constexpr std::size_t k_pairwise_keys = 24;

/// One open object or array. Frames are reused, so their buffers stop
/// allocating after the first few documents.
struct Frame {
    const Keep* keep = nullptr;  ///< null: checked, not kept
    Value value;  ///< the kept object or array being built
    const Keep* child = nullptr;  ///< what to keep of the member after the last key
    std::string pending_key;  ///< that member's name, when it is kept
    /// Every key of an object so far, for duplicates: read in place, each
    /// stays where it is in the text until the document ends.
    std::vector<std::string_view> names;
    std::uint64_t signs = 0;  ///< a bit for each key's sign(), to pass over most keys at a glance
    /// The kept members or elements so far, moved into value at its close
    /// in one block of their number: no block is grown as they come.
    std::vector<Value> items;
    std::vector<std::string> keys;
};

/// Same checks as the tree builder of parse(), but a value is built only
/// where the Keep says so. Any problem stops the reader: parse() says what.
class KeptBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, KeptBuilder> {
public:
    KeptBuilder(std::vector<Frame>& frames, std::vector<std::string_view>& sorted,
        const rapidjson::InsituStringStream& stream, bool escapes, const Keep& keep)
        : m_frames(frames)
        , m_sorted(sorted)
        , m_stream(stream)
        , m_escapes(escapes)
        , m_root_keep(keep)
    {
    }

    bool Null() { return literal(Kind::null, 4, false); }
    bool Bool(bool b) { return literal(Kind::boolean, b ? 4 : 5, b); }
    /// A number as written, from the reader's ParseNumber below, which
    /// checks its grammar and range but converts nothing; the stream is
    /// still at its start. Nothing about a number stops the reading.
    void number(std::string_view text)
    {
        if (next_keep() != nullptr) {  // here, not only in scalar(): most numbers are not kept
            scalar(Kind::number, here(), text, false);
        }
    }
    bool String(const char* str, rapidjson::SizeType length, bool /*copy*/)
    {
        const std::string_view text(str, length);
        return !(m_escapes && has_lone_surrogate(text)) && scalar(Kind::string, here(), text, false);
    }
    bool StartObject() { return open(Kind::object); }
    bool Key(const char* str, rapidjson::SizeType length, bool /*copy*/)
    {
        const std::string_view key(str, length);
        if (m_escapes && has_lone_surrogate(key)) {
            return false;
        }
        Frame& frame = m_frames[m_depth - 1];
        if (repeated(frame, key)) {
            return false;
        }
        frame.names.push_back(key);
        frame.child = child_of(frame, key);
        if (frame.child != nullptr) {
            frame.pending_key.assign(key);
        }
        return true;
    }
    bool EndObject(rapidjson::SizeType /*count*/)
    {
        const Frame& frame = m_frames[m_depth - 1];
        return (frame.names.size() <= k_pairwise_keys || !has_duplicate(frame)) && close();
    }
    bool StartArray() { return open(Kind::array); }
    bool EndArray(rapidjson::SizeType /*count*/) { return close(); }

    Value take_root() { return std::move(m_root); }

private:
    /// The stream runs over a copy of the whole text, byte order mark included.
    std::size_t here() const { return static_cast<std::size_t>(m_stream.src_ - m_stream.head_); }

    /// As in parse(): RapidJSON decodes a lone low surrogate escape to bytes
    /// that are not UTF-8.
    static bool has_lone_surrogate(std::string_view text)
    {
        for (const char *at = text.data(), *end = text.data() + text.size();
             (at = static_cast<const char*>(std::memchr(at, '\xED', static_cast<std::size_t>(end - at)))) != nullptr;
             ++at) {
            if (at + 1 < end && static_cast<unsigned char>(at[1]) >= 0xA0) {
                return true;
            }
        }
        return false;
    }

    static const Keep* child_of(const Frame& frame, std::string_view key)
    {
        if (frame.keep == nullptr || frame.keep->all) {
            return frame.keep;
        }
        for (const auto& [name, keep] : frame.keep->members) {
            if (name == key) {
                return keep;
            }
        }
        return nullptr;
    }

    /// What to keep of the value that starts now; null when nothing.
    const Keep* next_keep() const
    {
        if (m_depth == 0) {
            return &m_root_keep;
        }
        const Frame& frame = m_frames[m_depth - 1];
        if (frame.keep == nullptr) {
            return nullptr;
        }
        if (frame.value.kind == Kind::object) {
            return frame.child;
        }
        return frame.keep->all ? &k_keep_all : frame.keep->elements;
    }

    /// Where a value starts. RapidJSON reads a string or a number through a
    /// local copy of the stream and writes its position back only after
    /// the handler has run, so Tell() is then the value's first character;
    /// after null, true, false, '{' and '[' it is just past the token.
    bool scalar(Kind kind, std::size_t offset, std::string_view text, bool boolean)
    {
        if (next_keep() != nullptr) {
            Value v;
            v.kind = kind;
            v.boolean = boolean;
            v.offset = offset;
            v.text.assign(text);
            attach(std::move(v));
        }
        return true;
    }

    bool literal(Kind kind, std::size_t length, bool boolean) { return scalar(kind, here() - length, {}, boolean); }

    void attach(Value v)
    {
        if (m_depth == 0) {
            m_root = std::move(v);
            return;
        }
        Frame& parent = m_frames[m_depth - 1];
        if (parent.value.kind == Kind::object) {
            parent.keys.push_back(parent.pending_key);
        }
        parent.items.push_back(std::move(v));
    }

    bool open(Kind kind)
    {
        if (m_depth == k_max_depth) {
            return false;
        }
        const Keep* keep = next_keep();
        if (m_depth == m_frames.size()) {
            m_frames.emplace_back();
        }
        Frame& frame = m_frames[m_depth];
        frame.keep = keep;
        frame.child = nullptr;
        frame.names.clear();
        frame.signs = 0;
        if (keep != nullptr) {  // what is not kept has no value, members or elements
            frame.value = Value {};
            frame.value.kind = kind;
            frame.value.offset = here() - 1;
            frame.items.clear();  // moved-from, or left by a parse that stopped short
            frame.keys.clear();
        }
        ++m_depth;
        return true;
    }

    bool close()
    {
        --m_depth;
        Frame& frame = m_frames[m_depth];
        if (frame.keep != nullptr) {
            frame.value.items.assign(
                std::make_move_iterator(frame.items.begin()), std::make_move_iterator(frame.items.end()));
            frame.value.keys.assign(
                std::make_move_iterator(frame.keys.begin()), std::make_move_iterator(frame.keys.end()));
            attach(std::move(frame.value));
        }
        return true;
    }

    /// Six bits from a key's size and its first and last bytes: keys of
    /// one object seldom share them ("1" to "12", "energy" and "co2e").
    static unsigned sign(std::string_view key)
    {
        if (key.empty()) {
            return 0;
        }
        return (static_cast<unsigned>(key.size()) * 7U + static_cast<unsigned char>(key.front()) * 3U
                   + static_cast<unsigned char>(key.back()))
            & 63U;
    }

    /// Whether an object up to k_pairwise_keys keys has the key already:
    /// compared only when an earlier key has the same sign.
    static bool repeated(Frame& frame, std::string_view key)
    {
        if (frame.names.size() >= k_pairwise_keys) {
            return false;  // has_duplicate() sorts them all at the end
        }
        const std::uint64_t bit = std::uint64_t {1} << sign(key);
        if ((frame.signs & bit) != 0 && std::find(frame.names.begin(), frame.names.end(), key) != frame.names.end()) {
            return true;
        }
        frame.signs |= bit;
        return false;
    }

    /// For an object of more than k_pairwise_keys keys, when it ends.
    bool has_duplicate(const Frame& frame)
    {
        m_sorted.assign(frame.names.begin(), frame.names.end());
        std::sort(m_sorted.begin(), m_sorted.end());
        return std::adjacent_find(m_sorted.begin(), m_sorted.end()) != m_sorted.end();
    }

    std::vector<Frame>& m_frames;
    std::vector<std::string_view>& m_sorted;
    const rapidjson::InsituStringStream& m_stream;
    bool m_escapes;  ///< the text has a \u escape, so a string may hold a lone surrogate
    const Keep& m_root_keep;
    std::size_t m_depth = 0;
    Value m_root;
};

}  // namespace
}  // namespace retrofit::json

/// KeptParser's numbers, in place of RapidJSON's own reading of them (which
/// works out each digit's value even where the number is handed over as
/// written): the same grammar, a digit a compare. Where RapidJSON could
/// call a number too big (an integer part of more than 308 digits, an
/// exponent over 308), this one stops the reading instead, and the full
/// parser, which reads every file KeptParser cannot, decides: so nothing
/// is taken here that RapidJSON would refuse.
template <>
template <>
inline void rapidjson::GenericReader<rapidjson::UTF8<>, rapidjson::UTF8<>,
    rapidjson::CrtAllocator>::ParseNumber<rapidjson::kParseInsituFlag | rapidjson::kParseNumbersAsStringsFlag,
    retrofit::json::KeptStream, retrofit::json::KeptBuilder>(
    retrofit::json::KeptStream& is, retrofit::json::KeptBuilder& handler)
{
    // RapidJSON adds up an integer part past 64 bits in a double, and calls
    // it too big once that reaches 1.797e307 with a digit still to come:
    // never within 308 digits (less than 1e307 before the last one).
    constexpr std::size_t k_most_digits = 308;
    constexpr int k_most_exponent = 308;
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    char* const begin = is.src_;
    char* at = begin;
    at += *at == '-' ? 1 : 0;
    if (*at == '0') {
        ++at;
    } else if (digit(*at)) {
        char* const first = at;
        while (digit(*at)) {
            ++at;
        }
        if (static_cast<std::size_t>(at - first) > k_most_digits) {
            RAPIDJSON_PARSE_ERROR(kParseErrorNumberTooBig, is.Tell());
        }
    } else {
        RAPIDJSON_PARSE_ERROR(kParseErrorValueInvalid, is.Tell());
    }
    if (*at == '.') {
        ++at;
        if (!digit(*at)) {
            RAPIDJSON_PARSE_ERROR(kParseErrorNumberMissFraction, is.Tell());
        }
        while (digit(*at)) {
            ++at;
        }
    }
    if (*at == 'e' || *at == 'E') {
        ++at;
        const bool negative = *at == '-';
        at += *at == '-' || *at == '+' ? 1 : 0;
        if (!digit(*at)) {
            RAPIDJSON_PARSE_ERROR(kParseErrorNumberMissExponent, is.Tell());
        }
        int exponent = 0;
        while (digit(*at)) {
            exponent = std::min(exponent * 10 + (*at - '0'), k_most_exponent + 1);
            ++at;
        }
        if (!negative && exponent > k_most_exponent) {
            RAPIDJSON_PARSE_ERROR(kParseErrorNumberTooBig, is.Tell());
        }
    }
    // As RapidJSON's: the handler sees the stream still at the number's start.
    handler.number(std::string_view(begin, static_cast<std::size_t>(at - begin)));
    is.src_ = at;
}

/// KeptParser's strings and keys, in place of RapidJSON's own reading of
/// them, which writes even a string with no escape back over itself and
/// ends it with a NUL. A string of plain bytes up to its closing quote is
/// handed over where it stands, and nothing is written: so KeptParser can
/// read a text with no backslash where it is, unchanged. A string with an
/// escape goes to RapidJSON's own in-place unescaping (KeptParser reads
/// such a text from a copy); a control byte or the end of the text stops
/// the reading, as it stops RapidJSON's.
template <>
template <>
inline void rapidjson::GenericReader<rapidjson::UTF8<>, rapidjson::UTF8<>,
    rapidjson::CrtAllocator>::ParseString<rapidjson::kParseInsituFlag | rapidjson::kParseNumbersAsStringsFlag,
    retrofit::json::KeptStream, retrofit::json::KeptBuilder>(retrofit::json::KeptStream& is,
    retrofit::json::KeptBuilder& handler, bool isKey)  // NOLINT(readability-identifier-naming)
{
    constexpr unsigned k_flags = rapidjson::kParseInsituFlag | rapidjson::kParseNumbersAsStringsFlag;
    char* const begin = is.src_ + 1;  // past the opening quote
    char* at = begin + (retrofit::json::plain_end(begin) - begin);
    if (*at == '"') {
        // As RapidJSON's: the handler sees the stream still at the opening quote.
        const auto length = static_cast<rapidjson::SizeType>(at - begin);
        if (!(isKey ? handler.Key(begin, length, false) : handler.String(begin, length, false))) {
            RAPIDJSON_PARSE_ERROR(kParseErrorTermination, is.Tell());
        }
        is.src_ = at + 1;
        return;
    }
    if (*at != '\\') {
        RAPIDJSON_PARSE_ERROR(kParseErrorStringInvalidEncoding, static_cast<std::size_t>(at - is.head_));
    }
    retrofit::json::KeptStream s = is;
    s.Take();
    char* const head = s.PutBegin();
    ParseStringToStream<k_flags, rapidjson::UTF8<>, rapidjson::UTF8<>>(s, s);
    RAPIDJSON_PARSE_ERROR_EARLY_RETURN_VOID;
    const auto length = static_cast<rapidjson::SizeType>(s.PutEnd(head) - 1);
    if (!(isKey ? handler.Key(head, length, false) : handler.String(head, length, false))) {
        RAPIDJSON_PARSE_ERROR(kParseErrorTermination, s.Tell());
    }
    is = s;
}

namespace retrofit::json {
namespace {

/// Follows the member names of a path and stops at its value, or as soon
/// as the object that should hold the rest of the path ends.
class PathFinder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, PathFinder> {
public:
    explicit PathFinder(const std::vector<std::string_view>& path)
        : m_path(path)
    {
    }
    bool Default() { return !at_target(); }
    bool String(const char* str, rapidjson::SizeType length, bool /*copy*/)
    {
        if (at_target()) {
            m_found.emplace(str, length);
        }
        return !at_target();
    }
    bool StartObject() { return open(); }
    bool StartArray() { return open(); }
    bool Key(const char* str, rapidjson::SizeType length, bool /*copy*/)
    {
        // A member of the deepest object on the path: is it the next step?
        if (m_matched < m_path.size() && m_depth == m_matched + 1
            && std::string_view(str, length) == m_path[m_matched]) {
            ++m_matched;
        }
        return true;
    }
    bool EndObject(rapidjson::SizeType /*count*/) { return close(); }
    bool EndArray(rapidjson::SizeType /*count*/) { return close(); }
    std::optional<std::string> found() const { return m_found; }

private:
    /// The value now starting is the one the path names.
    bool at_target() const { return m_matched == m_path.size() && m_depth == m_matched; }
    /// Stops at the value, or past the depth any valid document has.
    bool open()
    {
        if (at_target() || m_depth == k_max_depth) {
            return false;
        }
        ++m_depth;
        return true;
    }
    /// Stops when the object that should hold the rest of the path ends.
    bool close()
    {
        --m_depth;
        return m_depth > m_matched;
    }

    const std::vector<std::string_view>& m_path;
    std::size_t m_depth = 0;
    std::size_t m_matched = 0;
    std::optional<std::string> m_found;
};

}  // namespace

std::optional<std::string> string_at(const std::string& text, const std::vector<std::string_view>& path)
{
    const std::size_t base = std::string_view(text).substr(0, k_bom.size()) == k_bom ? k_bom.size() : 0;
    BoundedStream stream {text.data() + base, text.data() + base, text.data() + text.size()};
    PathFinder finder(path);
    rapidjson::Reader reader;
    reader.Parse<rapidjson::kParseValidateEncodingFlag>(stream, finder);
    return finder.found();
}

struct KeptParser::Frames {
    std::vector<Frame> open;
    std::vector<std::string_view> sorted;
    std::string buffer;  ///< a copy of the text being read, when it is not read where it is
};

KeptParser::KeptParser()
    : m_frames(std::make_unique<Frames>())
{
}

KeptParser::~KeptParser() = default;
KeptParser::KeptParser(KeptParser&&) noexcept = default;
KeptParser& KeptParser::operator=(KeptParser&&) noexcept = default;

bool is_utf8(std::string_view text)
{
    const auto* at = reinterpret_cast<const unsigned char*>(text.data());
    const unsigned char* const end = at + text.size();
    const auto tail = [&](std::size_t count, unsigned char low, unsigned char high) {
        // The first continuation byte has the range given; the others 80-BF.
        if (end - at <= static_cast<std::ptrdiff_t>(count) || at[1] < low || at[1] > high) {
            return false;
        }
        for (std::size_t i = 2; i <= count; ++i) {
            if ((at[i] & 0xC0U) != 0x80U) {
                return false;
            }
        }
        at += count + 1;
        return true;
    };
    constexpr std::uint64_t k_high_bits = 0x8080808080808080ULL;
    while (at < end) {
        // Thirty-two, then eight ASCII bytes at a time: the common case.
        if (end - at >= 32) {
            std::array<std::uint64_t, 4> words {};
            std::memcpy(words.data(), at, sizeof words);
            if (((words[0] | words[1] | words[2] | words[3]) & k_high_bits) == 0) {
                at += sizeof words;
                continue;
            }
        }
        std::uint64_t word = 0;
        if (end - at >= 8 && (std::memcpy(&word, at, 8), (word & k_high_bits) == 0)) {
            at += 8;
            continue;
        }
        const unsigned char lead = *at;
        bool ok = true;
        if (lead < 0x80U) {
            ++at;
        } else if (lead >= 0xC2U && lead <= 0xDFU) {
            ok = tail(1, 0x80, 0xBF);
        } else if (lead == 0xE0U) {
            ok = tail(2, 0xA0, 0xBF);  // no overlong form
        } else if (lead == 0xEDU) {
            ok = tail(2, 0x80, 0x9F);  // no surrogate
        } else if (lead >= 0xE1U && lead <= 0xEFU) {
            ok = tail(2, 0x80, 0xBF);
        } else if (lead == 0xF0U) {
            ok = tail(3, 0x90, 0xBF);  // no overlong form
        } else if (lead >= 0xF1U && lead <= 0xF3U) {
            ok = tail(3, 0x80, 0xBF);
        } else if (lead == 0xF4U) {
            ok = tail(3, 0x80, 0x8F);  // nothing past U+10FFFF
        } else {
            ok = false;  // a continuation byte, C0, C1 or F5-FF
        }
        if (!ok) {
            return false;
        }
    }
    return true;
}

namespace {

/// RapidJSON checks the encoding of strings only, one character at a time,
/// and any bad byte outside a string is a syntax error: one pass over the
/// whole text is the same check, and far faster.
bool readable(const std::string& text)
{
    return text.find('\0') == std::string::npos && is_utf8(text);
}

/// Whether a string may hold a lone surrogate, which only a \u escape can write.
bool has_unicode_escape(const std::string& text)
{
    return text.find("\\u") != std::string::npos;
}

}  // namespace

std::optional<Value> KeptParser::parse(const std::string& text, const Keep& keep)
{
    if (!readable(text)) {
        return std::nullopt;
    }
    std::string& buffer = m_frames->buffer;
    buffer.assign(text);
    buffer.append(k_text_padding, '\0');
    return read(buffer.data(), text, has_unicode_escape(text), keep);
}

std::optional<Value> KeptParser::parse_in_place(std::string& text, const Keep& keep)
{
    if (text.find('\\') != std::string::npos) {
        return parse(text, keep);  // the reader unescapes in place: a copy
    }
    if (!readable(text)) {
        return std::nullopt;
    }
    // The padding goes again however the reading ends.
    struct Padding {
        std::string& text;
        std::size_t size;
        ~Padding() { text.resize(size); }
    } padding {text, text.size()};
    text.append(k_text_padding, '\0');
    return read(text.data(), std::string_view(text).substr(0, padding.size), false, keep);
}

std::optional<Value> KeptParser::read(char* data, std::string_view text, bool escapes, const Keep& keep)
{
    KeptStream stream(data);
    if (text.starts_with(k_bom)) {
        stream.src_ += k_bom.size();
    }
    KeptBuilder builder(m_frames->open, m_frames->sorted, stream, escapes, keep);
    rapidjson::Reader reader;
    if (reader.Parse<rapidjson::kParseInsituFlag | rapidjson::kParseNumbersAsStringsFlag>(stream, builder).IsError()) {
        return std::nullopt;
    }
    return builder.take_root();
}

}  // namespace retrofit::json
