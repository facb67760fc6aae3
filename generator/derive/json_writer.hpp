#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace retrofit::derive {

/// JSON written indented, straight into a string, byte for byte as
/// RapidJSON's PrettyWriter (SetIndent(' ', indent)) writes it: a member or
/// element a line, "key": value, strings escaped as RapidJSON escapes them,
/// numbers through RapidJSON's own conversions. The spec and the API files
/// are written so; PrettyWriter put each byte through a check of room and
/// an indentation space at a time, and this writer copies runs.
class JsonWriter {
public:
    explicit JsonWriter(unsigned indent = 2);

    void start_object() { open(false, '{'); }
    void end_object() { close('}'); }
    void start_array() { open(true, '['); }
    void end_array() { close(']'); }
    /// An object's member name: a string, then the value that follows it.
    void key(std::string_view name) { string(name); }
    void string(std::string_view text);
    void null();
    void boolean(bool value);
    /// A double in the shortest form that reads back the same (RapidJSON's
    /// Grisu2 and its layout: "320.0", "0.25", "1e-7"); one that is not
    /// finite, which JSON cannot hold, is written as null.
    void number(double value);
    void integer(std::int64_t value);
    void natural(std::uint64_t value);
    /// A value already written as JSON, put down as it is.
    void raw(std::string_view json);
    /// A byte after the value (the line feed that ends a file).
    void put(char c);

    /// How many bytes are written and not yet handed over.
    std::size_t size() const { return m_size; }
    /// What is written; the writer starts afresh.
    std::string take();
    /// Hands what is written so far to out, then goes on where it was.
    void hand_over(const std::function<void(std::string_view)>& out);

private:
    struct Level {
        bool in_array = false;
        std::uint32_t count = 0;  ///< values (and, in an object, names) so far
    };
    /// An object or array begins (its prefix, then its bracket) or ends (its
    /// last line's end, unless it is empty, then its bracket).
    void open(bool in_array, char bracket);
    void close(char bracket);
    /// What comes before a value: a comma, a colon, a line and its indentation.
    void prefix();
    /// A comma when asked, a line feed, then the indentation of the current depth.
    void new_line(bool comma);
    /// The place to write count bytes at, room made.
    char* room(std::size_t count)
    {
        if (m_text.size() - m_size < count) {
            grow(count);
        }
        return m_text.data() + m_size;
    }
    void grow(std::size_t count);
    void wrote(const char* end) { m_size = static_cast<std::size_t>(end - m_text.data()); }

    unsigned m_indent;
    std::vector<Level> m_levels;
    std::string m_text;  ///< the bytes written, then room
    std::size_t m_size = 0;  ///< how many are written
};

}  // namespace retrofit::derive
