#pragma once

#include "diagnostics.hpp"
#include "load/json.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace retrofit::model {

/// A value of a document and where it is, for messages: its parent node
/// and its name or index there. Its JSON pointer is spelled out only when a
/// message needs it. A node lives no longer than its parent (each is a
/// local of the reader of its parent) and than the document (whose keys
/// name members).
struct Node {
    /// The document's root.
    explicit Node(const json::Value& root)
        : value(root)
    {
    }
    Node(const json::Value& child, const Node* of, std::string_view name, std::size_t at, bool in_array)
        : value(child)
        , parent(of)
        , key(name)
        , index(at)
        , element_of_array(in_array)
    {
    }

    const json::Value& value;
    const Node* parent = nullptr;  ///< none at the document's root
    std::string_view key;  ///< its name in the parent object
    std::size_t index = 0;  ///< its index in the parent array
    bool element_of_array = false;

    Node member(std::string_view name, const json::Value& child) const;
    Node element(std::size_t at) const;
    /// Its JSON pointer: "" at the root, "/a/0" for element 0 of member a.
    std::string pointer() const;
};

/// Reads typed fields out of a parsed document, reporting each problem
/// with its file, position and pointer, and carrying on so that one run
/// reports every problem of a file.
class Checker {
public:
    /// document: the tree read, when shared, so that share() can hand out
    /// its parts without copying them.
    Checker(const SourceFile& file, Diagnostics& sink, std::shared_ptr<const json::Value> document = nullptr)
        : m_file(file)
        , m_sink(sink)
        , m_document(std::move(document))
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

    /// A part of the document to keep: sharing the document's tree when it
    /// is shared, else a copy.
    std::shared_ptr<const json::Value> share(const json::Value& part) const;

    /// How many errors this checker has reported, to tell whether a part was valid.
    std::size_t errors() const { return m_errors; }
    const SourceFile& file() const { return m_file; }

private:
    const SourceFile& m_file;
    Diagnostics& m_sink;
    std::shared_ptr<const json::Value> m_document;
    std::size_t m_errors = 0;
};

}  // namespace retrofit::model
