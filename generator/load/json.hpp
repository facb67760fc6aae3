#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace retrofit::json {

enum class Kind : std::uint8_t { null, boolean, number, string, array, object };

/// A parsed JSON value that remembers where it came from and, for numbers,
/// the exact text written, so that a home passes through unchanged.
struct Value {
    Kind kind = Kind::null;
    bool boolean = false;
    std::size_t offset = 0;  ///< byte offset of the value's first character in the file
    std::string text;  ///< a string's value, or a number's text exactly as written
    std::vector<Value> items;  ///< array elements, or object member values
    std::vector<std::string> keys;  ///< object member names, parallel to items

    /// The member named key, or nullptr.
    const Value* find(std::string_view key) const;
};

/// The name of a kind, as used in "expected X, got Y" messages.
const char* kind_name(Kind kind);

struct ParseError {
    std::size_t offset = 0;
    std::string message;
};

struct Document {
    Value root;
    std::vector<ParseError> errors;  ///< empty when the document is valid JSON
};

/// Deepest nesting accepted; deeper documents are rejected, never overflow a stack.
constexpr std::size_t k_max_depth = 256;

/// Eight bytes of a string at once (as memcpy loads them): the high bit of
/// each that JSON escapes (quote, backslash, a control byte), and perhaps of
/// bytes after the first such; zero when there is none. On a little-endian
/// machine the lowest bit set marks the first.
constexpr std::uint64_t escaped_bytes(std::uint64_t eight)
{
    constexpr std::uint64_t k_ones = 0x0101010101010101U;
    constexpr std::uint64_t k_highs = 0x8080808080808080U;
    // A byte below n sets its high bit (borrows may set higher ones too).
    const auto below = [](std::uint64_t word, std::uint64_t n) { return (word - k_ones * n) & ~word & k_highs; };
    return below(eight ^ (k_ones * '"'), 1) | below(eight ^ (k_ones * '\\'), 1) | below(eight, 0x20);
}

/// Parses a whole file: strict JSON (no NaN, no comments, no trailing text),
/// valid UTF-8, an optional byte order mark, no duplicate member names.
Document parse(std::string_view text);

}  // namespace retrofit::json
