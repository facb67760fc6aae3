#pragma once

#include "load/json.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace retrofit::json {

/// The parts of a document that a reader looks at. A result is about 75 KB,
/// most of it breakdowns the site never shows: parse_kept() checks those
/// parts like any other but builds no tree for them.
struct Keep {
    bool all = false;  ///< keep the whole value
    std::vector<std::pair<std::string, const Keep*>> members;  ///< an object's kept members
    const Keep* elements = nullptr;  ///< what to keep of each array element; none when null
};

/// Keeps a whole value.
extern const Keep k_keep_all;

/// The NULs KeptParser's reader needs after a text: its scans read whole
/// blocks of eight or more bytes, a little past where they stop.
constexpr std::size_t k_text_padding = 64;

/// The fast reading of a document: the tree of parse() cut down to the parts
/// keep names (same kinds, text, numbers as written and offsets), or nullopt
/// when the document has any problem that parse() reports (syntax, encoding,
/// a NUL byte, a duplicate key, nesting too deep); parse() then says what.
/// One KeptParser reuses its buffers from one document to the next; use
/// one per thread.
class KeptParser {
public:
    KeptParser();
    ~KeptParser();
    KeptParser(const KeptParser&) = delete;
    KeptParser& operator=(const KeptParser&) = delete;
    KeptParser(KeptParser&& other) noexcept;
    KeptParser& operator=(KeptParser&& other) noexcept;

    /// Reads a copy of text.
    std::optional<Value> parse(const std::string& text, const Keep& keep);
    /// Reads text where it is, with no copy, when it has no backslash: the
    /// padding is appended and taken off again, so text ends as it began
    /// (and with k_text_padding bytes of room to spare, as read_file_into()
    /// leaves, nothing moves). A text with a backslash is read from a copy,
    /// as parse() reads it, since the reader unescapes strings in place.
    std::optional<Value> parse_in_place(std::string& text, const Keep& keep);

private:
    /// Reads the text at data (text's bytes, then the padding).
    std::optional<Value> read(char* data, std::string_view text, bool escapes, const Keep& keep);
    struct Frames;
    std::unique_ptr<Frames> m_frames;
};

/// Whether text is well-formed UTF-8 (RFC 3629: no overlong forms, no
/// surrogates, nothing past U+10FFFF), the same rule RapidJSON applies to
/// strings when it validates their encoding.
bool is_utf8(std::string_view text);

/// The string at a path of object members (such as baseline_home, uprn),
/// reading only as far as it: a shard build learns which home a result is
/// about without parsing the rest. Nullopt when the text is not JSON up to
/// there or the value is not a string.
std::optional<std::string> string_at(const std::string& text, const std::vector<std::string_view>& path);

}  // namespace retrofit::json
