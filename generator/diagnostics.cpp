#include "diagnostics.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>

namespace retrofit {

Position locate(std::string_view text, std::size_t offset)
{
    const std::size_t begin = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;  // a BOM is no column
    const std::size_t end = std::max(begin, std::min(offset, text.size()));
    const std::string_view before = text.substr(begin, end - begin);
    Position position;
    // memchr() finds each line's end many bytes at a time.
    const char* const stop = before.data() + before.size();
    for (const char* at = before.data(); at != stop; ++at) {
        at = static_cast<const char*>(std::memchr(at, '\n', static_cast<std::size_t>(stop - at)));
        if (at == nullptr) {
            break;
        }
        ++position.line;
    }
    const std::size_t newline = before.rfind('\n');
    const std::string_view line = newline == std::string_view::npos ? before : before.substr(newline + 1);
    // Count characters: UTF-8 continuation bytes are no column.
    position.column += static_cast<std::size_t>(std::count_if(
        line.begin(), line.end(), [](char byte) { return (static_cast<unsigned char>(byte) & 0xC0U) != 0x80U; }));
    return position;
}

namespace {

/// Control characters from content or file names, written as JSON escapes,
/// so that one diagnostic stays one line an editor can read.
std::string printable(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte != 0x7F) {
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else {
            std::array<char, 8> escape {};
            (void)std::snprintf(escape.data(), escape.size(), "\\u%04x", byte);
            out += escape.data();
        }
    }
    return out;
}

}  // namespace

std::string format_diagnostic(const Diagnostic& diagnostic)
{
    std::string out = diagnostic.path;
    if (diagnostic.line != 0) {
        out += ':' + std::to_string(diagnostic.line) + ':' + std::to_string(diagnostic.column);
    }
    out += diagnostic.severity == Severity::error ? ": error: " : ": warning: ";
    out += diagnostic.message;
    if (!diagnostic.pointer.empty()) {
        out += " (at " + diagnostic.pointer + ')';
    }
    return printable(out);
}

std::string pointer_token(std::string_view token)
{
    std::string out;
    for (const char c : token) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

void Diagnostics::error(const SourceFile& file, std::size_t offset, std::string pointer, std::string message)
{
    const Position at = locate(file.text, offset);
    add({Severity::error, file.path, at.line, at.column, std::move(pointer), std::move(message)});
}

void Diagnostics::warning(const SourceFile& file, std::size_t offset, std::string pointer, std::string message)
{
    const Position at = locate(file.text, offset);
    add({Severity::warning, file.path, at.line, at.column, std::move(pointer), std::move(message)});
}

void Diagnostics::file_error(std::string path, std::string message)
{
    add({Severity::error, std::move(path), 0, 0, {}, std::move(message)});
}

void Diagnostics::add(Diagnostic diagnostic)
{
    m_items.push_back(std::move(diagnostic));
}

void Diagnostics::promote_warnings(const std::string& because)
{
    for (Diagnostic& diagnostic : m_items) {
        if (diagnostic.severity == Severity::warning) {
            diagnostic.severity = Severity::error;
            diagnostic.message += " [" + because + "]";
        }
    }
}

std::size_t Diagnostics::error_count() const
{
    return static_cast<std::size_t>(std::count_if(
        m_items.begin(), m_items.end(), [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

std::size_t Diagnostics::warning_count() const
{
    return m_items.size() - error_count();
}

}  // namespace retrofit
