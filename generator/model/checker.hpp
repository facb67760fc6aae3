#pragma once

#include "diagnostics.hpp"
#include "load/json.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace retrofit::model {

/// A value of a document together with its JSON pointer, for messages.
struct Node {
    const json::Value& value;
    std::string pointer;

    Node member(std::string_view key, const json::Value& child) const;
    Node element(std::size_t index) const;
};

/// Reads typed fields out of a parsed document, reporting each problem
/// with its file, position and pointer, and carrying on so that one run
/// reports every problem of a file.
class Checker {
public:
    Checker(const SourceFile& file, Diagnostics& sink)
        : m_file(file)
        , m_sink(sink)
    {
    }

    void error(const Node& at, std::string message);
    void warning(const Node& at, std::string message);

    /// The member key of an object node, of any kind; reports when it is missing.
    std::optional<Node> present(const Node& object, std::string_view key);
    /// The member key of an object node, or nullopt after reporting why not.
    std::optional<Node> member(const Node& object, std::string_view key, json::Kind kind);
    /// Like member(), but a JSON null is a valid "absent" answer.
    std::optional<Node> nullable(const Node& object, std::string_view key, json::Kind kind);
    /// Reports that a node is not of the kind expected; false when it is not.
    bool expect(const Node& node, json::Kind kind);

    std::optional<std::string> string(const Node& object, std::string_view key);
    std::optional<double> number(const Node& object, std::string_view key);
    std::optional<double> number(const Node& node);
    /// An integer, or nullopt when null; reports and returns nullopt when wrong.
    std::optional<long long> nullable_integer(const Node& node);
    /// An EPC band "A".."G", or nullopt when null.
    std::optional<std::string> nullable_band(const Node& object, std::string_view key);

    /// How many errors this checker has reported, to tell whether a part was valid.
    std::size_t errors() const { return m_errors; }
    const SourceFile& file() const { return m_file; }

private:
    const SourceFile& m_file;
    Diagnostics& m_sink;
    std::size_t m_errors = 0;
};

}  // namespace retrofit::model
