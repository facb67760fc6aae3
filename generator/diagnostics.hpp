#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace retrofit {

enum class Severity { error, warning };

/// One problem found in the content, in the form editors and CI annotations
/// understand: path:line:column: error: message (at /json/pointer).
struct Diagnostic {
    Severity severity = Severity::error;
    std::string path;
    std::size_t line = 0;  ///< 1-based; 0 when the problem concerns the whole file
    std::size_t column = 0;
    std::string pointer;  ///< JSON pointer of the value concerned, empty for none
    std::string message;
};

/// A file's name and bytes, kept so that byte offsets become line:column.
struct SourceFile {
    std::string path;
    std::string text;
};

/// 1-based line and column (in characters, not bytes) of a byte offset.
struct Position {
    std::size_t line = 1;
    std::size_t column = 1;
};
Position locate(std::string_view text, std::size_t offset);

/// Renders a diagnostic as one line, without a trailing newline.
std::string format_diagnostic(const Diagnostic& diagnostic);

/// Escapes one reference token of a JSON pointer (RFC 6901: ~ and /).
std::string pointer_token(std::string_view token);

/// Collects the problems of every stage so that one run reports them all.
class Diagnostics {
public:
    void error(const SourceFile& file, std::size_t offset, std::string pointer, std::string message);
    void warning(const SourceFile& file, std::size_t offset, std::string pointer, std::string message);
    void file_error(std::string path, std::string message);
    void add(Diagnostic diagnostic);
    /// Turns every warning into an error, naming the option that did it.
    void promote_warnings(const std::string& because);

    std::size_t error_count() const;
    std::size_t warning_count() const;
    const std::vector<Diagnostic>& items() const { return m_items; }

private:
    std::vector<Diagnostic> m_items;
};

}  // namespace retrofit
