#include "derive/json_writer.hpp"

#include "load/json.hpp"

#include <rapidjson/internal/dtoa.h>
#include <rapidjson/internal/itoa.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

namespace retrofit::derive {

namespace {

/// What a byte of a string is written as after a backslash, or 0 when it
/// is written as it is: RapidJSON's escapes (control bytes, quote,
/// backslash; no others, and UTF-8 passed through).
constexpr std::array<char, 256> k_escape = [] {
    std::array<char, 256> escape {};
    for (std::size_t c = 0; c < 0x20; ++c) {
        escape[c] = 'u';
    }
    escape['\b'] = 'b';
    escape['\t'] = 't';
    escape['\n'] = 'n';
    escape['\f'] = 'f';
    escape['\r'] = 'r';
    escape['"'] = '"';
    escape['\\'] = '\\';
    return escape;
}();

constexpr std::string_view k_spaces = "                                                                ";

/// Room a number's text takes at most (RapidJSON's own buffer for a double).
constexpr std::size_t k_number_room = 25;

}  // namespace

JsonWriter::JsonWriter(unsigned indent)
    : m_indent(indent)
{
    m_levels.reserve(16);
}

void JsonWriter::grow(std::size_t count)
{
    constexpr std::size_t k_least = 4096;
    m_text.resize(std::max(2 * m_text.size(), m_size + count + k_least));
}

void JsonWriter::new_line(bool comma)
{
    const std::size_t spaces = m_levels.size() * m_indent;
    // As deep as most JSON goes, the indentation is one copy of a fixed size.
    char* to = room(2 + std::max(spaces, k_spaces.size()));
    *to = ',';
    to += comma ? 1 : 0;
    *to++ = '\n';
    if (spaces <= k_spaces.size()) {
        std::memcpy(to, k_spaces.data(), k_spaces.size());
        wrote(to + spaces);
        return;
    }
    wrote(std::fill_n(to, spaces, ' '));
}

void JsonWriter::prefix()
{
    if (m_levels.empty()) {
        return;
    }
    Level& level = m_levels.back();
    const std::uint32_t count = level.count++;
    if (!level.in_array && count % 2 == 1) {
        char* to = room(2);
        to[0] = ':';
        to[1] = ' ';
        wrote(to + 2);
        return;
    }
    new_line(count > 0);
}

void JsonWriter::open(bool in_array, char bracket)
{
    prefix();
    m_levels.push_back({in_array, 0});
    put(bracket);
}

void JsonWriter::close(char bracket)
{
    const bool empty = m_levels.back().count == 0;
    m_levels.pop_back();
    if (!empty) {
        new_line(false);
    }
    put(bracket);
}

void JsonWriter::string(std::string_view text)
{
    static constexpr std::string_view k_hex = "0123456789ABCDEF";
    prefix();
    // Room for every byte escaped, and for a last block of eight stored whole.
    char* to = room(2 + 6 * text.size() + 8);
    *to++ = '"';
    const char* at = text.data();
    const char* const end = at + text.size();
    while (at < end) {
        std::uint64_t eight = 0;
        if (end - at >= 8 && (std::memcpy(&eight, at, 8), json::escaped_bytes(eight) == 0)) {
            std::memcpy(to, &eight, 8);
            to += 8;
            at += 8;
            continue;
        }
        const auto byte = static_cast<unsigned char>(*at++);
        const char escape = k_escape[byte];
        if (escape == 0) {
            *to++ = static_cast<char>(byte);
            continue;
        }
        *to++ = '\\';
        *to++ = escape;
        if (escape == 'u') {
            *to++ = '0';
            *to++ = '0';
            *to++ = k_hex[byte >> 4U];
            *to++ = k_hex[byte & 0xFU];
        }
    }
    *to++ = '"';
    wrote(to);
}

void JsonWriter::null()
{
    raw("null");
}

void JsonWriter::boolean(bool value)
{
    raw(value ? "true" : "false");
}

void JsonWriter::number(double value)
{
    if (!std::isfinite(value)) {
        null();
        return;
    }
    prefix();
    wrote(rapidjson::internal::dtoa(value, room(k_number_room)));
}

void JsonWriter::integer(std::int64_t value)
{
    prefix();
    wrote(rapidjson::internal::i64toa(value, room(k_number_room)));
}

void JsonWriter::natural(std::uint64_t value)
{
    prefix();
    wrote(rapidjson::internal::u64toa(value, room(k_number_room)));
}

void JsonWriter::raw(std::string_view json)
{
    prefix();
    char* to = room(json.size());
    wrote(std::copy(json.begin(), json.end(), to));
}

void JsonWriter::put(char c)
{
    char* to = room(1);
    *to = c;
    wrote(to + 1);
}

std::string JsonWriter::take()
{
    m_text.resize(m_size);
    m_size = 0;
    m_levels.clear();
    return std::move(m_text);
}

void JsonWriter::hand_over(const std::function<void(std::string_view)>& out)
{
    out(std::string_view(m_text.data(), m_size));
    m_size = 0;
}

}  // namespace retrofit::derive
