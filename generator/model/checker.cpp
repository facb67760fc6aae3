#include "model/checker.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <system_error>

namespace retrofit::model {

Node Node::member(std::string_view name, const json::Value& child) const
{
    return {child, this, name, 0, false};
}

Node Node::element(std::size_t at) const
{
    return {value.items[at], this, {}, at, true};
}

std::string Node::pointer() const
{
    if (parent == nullptr) {
        return {};
    }
    return parent->pointer() + '/' + (element_of_array ? std::to_string(index) : pointer_token(key));
}

std::shared_ptr<const json::Value> Checker::share(const json::Value& part) const
{
    if (m_document) {
        return {m_document, &part};  // owns the document, points at the part
    }
    return std::make_shared<const json::Value>(part);
}

void Checker::error(const Node& at, std::string message)
{
    ++m_errors;
    m_sink.error(m_file, at.value.offset, at.pointer(), std::move(message));
}

void Checker::warning(const Node& at, std::string message)
{
    m_sink.warning(m_file, at.value.offset, at.pointer(), std::move(message));
}

bool Checker::expect(const Node& node, json::Kind kind)
{
    if (node.value.kind == kind) {
        return true;
    }
    error(node, std::string("expected ") + json::kind_name(kind) + ", got " + json::kind_name(node.value.kind));
    return false;
}

std::optional<Node> Checker::present(const Node& object, std::string_view key)
{
    const json::Value* child = object.value.find(key);
    if (child == nullptr) {
        error(object, "missing member \"" + std::string(key) + "\"");
        return std::nullopt;
    }
    return object.member(key, *child);
}

std::optional<Node> Checker::member(const Node& object, std::string_view key, json::Kind kind)
{
    auto node = present(object, key);
    if (node && !expect(*node, kind)) {
        return std::nullopt;
    }
    return node;
}

std::optional<Node> Checker::nullable(const Node& object, std::string_view key, json::Kind kind)
{
    const json::Value* child = object.value.find(key);
    if (child != nullptr && child->kind == json::Kind::null) {
        return std::nullopt;
    }
    return member(object, key, kind);
}

std::optional<std::string> Checker::string(const Node& object, std::string_view key)
{
    if (auto node = member(object, key, json::Kind::string)) {
        return node->value.text;
    }
    return std::nullopt;
}

std::optional<double> Checker::number(const Node& node)
{
    if (!expect(node, json::Kind::number)) {
        return std::nullopt;
    }
    // from_chars rounds as strtod does, correctly, in a quarter of the time;
    // out of its range (past a double, or below its least), strtod's answer.
    const std::string& text = node.value.text;
    double value = 0;
    if (std::from_chars(text.data(), text.data() + text.size(), value).ec != std::errc()) {
        value = std::strtod(text.c_str(), nullptr);
    }
    if (!std::isfinite(value)) {
        error(node, "number " + node.value.text + " is out of range: a double holds at most about 1.8e308");
        return std::nullopt;
    }
    return value;
}

std::optional<double> Checker::number(const Node& object, std::string_view key)
{
    auto node = present(object, key);
    return node ? number(*node) : std::nullopt;
}

std::optional<long long> Checker::nullable_integer(const Node& node)
{
    if (node.value.kind == json::Kind::null || !expect(node, json::Kind::number)) {
        return std::nullopt;
    }
    const std::string& text = node.value.text;
    if (text.find_first_of(".eE") != std::string::npos || text.size() > 15) {
        error(node, "expected a whole number, got " + text);
        return std::nullopt;
    }
    return std::strtoll(text.c_str(), nullptr, 10);
}

std::optional<std::string> Checker::nullable_band(const Node& object, std::string_view key)
{
    auto node = nullable(object, key, json::Kind::string);
    if (!node) {
        return std::nullopt;
    }
    const std::string& band = node->value.text;
    if (band.size() != 1 || band[0] < 'A' || band[0] > 'G') {
        error(*node, "expected an EPC band \"A\" to \"G\" or null, got \"" + band + "\"");
        return std::nullopt;
    }
    return band;
}

}  // namespace retrofit::model
