#include "load/json.hpp"

#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <optional>
#include <utility>

namespace retrofit::json {

const Value* Value::find(std::string_view key) const
{
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (keys[i] == key) {
            return &items[i];
        }
    }
    return nullptr;
}

const char* kind_name(Kind kind)
{
    static const char* const names[] = {"null", "a boolean", "a number", "a string", "an array", "an object"};
    return names[static_cast<int>(kind)];
}

namespace {

constexpr std::string_view k_bom = "\xEF\xBB\xBF";

/// Builds the tree from RapidJSON's SAX events, with each value's offset.
class TreeBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, TreeBuilder> {
public:
    TreeBuilder(std::string_view text, std::size_t base, const rapidjson::MemoryStream& stream)
        : m_text(text)
        , m_base(base)
        , m_stream(stream)
        , m_previous_end(base)
    {
    }

    bool Null() { return add(Kind::null); }
    bool Bool(bool b)
    {
        Value v = make(Kind::boolean);
        v.boolean = b;
        return push_value(std::move(v));
    }
    bool RawNumber(const char* str, rapidjson::SizeType length, bool /*copy*/)
    {
        Value v = make(Kind::number);
        v.text.assign(str, length);
        return push_value(std::move(v));
    }
    bool String(const char* str, rapidjson::SizeType length, bool /*copy*/)
    {
        Value v = make(Kind::string);
        v.text.assign(str, length);
        if (has_lone_surrogate(v.text)) {
            m_lone_surrogate = v.offset;
            return false;
        }
        return push_value(std::move(v));
    }
    bool StartObject() { return open(Kind::object); }
    bool Key(const char* str, rapidjson::SizeType length, bool /*copy*/)
    {
        const std::size_t start = make(Kind::string).offset;
        m_open.back().keys.emplace_back(str, length);
        if (has_lone_surrogate(m_open.back().keys.back())) {
            m_lone_surrogate = start;
            return false;
        }
        return true;
    }
    bool EndObject(rapidjson::SizeType /*count*/)
    {
        check_duplicates(m_open.back());
        return close();
    }
    bool StartArray() { return open(Kind::array); }
    bool EndArray(rapidjson::SizeType /*count*/) { return close(); }

    Value take_root() { return std::move(m_root); }
    std::vector<ParseError>& errors() { return m_errors; }
    bool too_deep() const { return m_too_deep; }
    /// Where a string holding a lone low surrogate escape starts, if one does.
    std::optional<std::size_t> lone_surrogate() const { return m_lone_surrogate; }

private:
    std::size_t here() const { return m_base + m_stream.Tell(); }

    /// RapidJSON 1.1.0 decodes a lone low surrogate escape ("\udc00") to the
    /// bytes ED B0..BF xx, which are not UTF-8 and would reach the output as
    /// they are. Raw input is validated already, so such bytes come from an escape.
    static bool has_lone_surrogate(std::string_view text)
    {
        for (std::size_t i = 0; i + 1 < text.size(); ++i) {
            if (static_cast<unsigned char>(text[i]) == 0xED && static_cast<unsigned char>(text[i + 1]) >= 0xA0) {
                return true;
            }
        }
        return false;
    }

    /// A new value starting at the first character after the previous token.
    Value make(Kind kind)
    {
        std::size_t start = m_previous_end;
        while (start < m_text.size() && std::string_view(" \t\r\n,:").find(m_text[start]) != std::string_view::npos) {
            ++start;
        }
        m_previous_end = here();
        Value v;
        v.kind = kind;
        v.offset = start;
        return v;
    }
    bool add(Kind kind) { return push_value(make(kind)); }

    bool push_value(Value v)
    {
        if (m_open.empty()) {
            m_root = std::move(v);
        } else {
            m_open.back().items.push_back(std::move(v));
        }
        return true;
    }
    bool open(Kind kind)
    {
        if (m_open.size() == k_max_depth) {
            m_too_deep = true;
            return false;
        }
        m_open.push_back(make(kind));
        return true;
    }
    bool close()
    {
        m_previous_end = here();
        Value done = std::move(m_open.back());
        m_open.pop_back();
        return push_value(std::move(done));
    }

    void check_duplicates(const Value& object)
    {
        std::vector<std::size_t> order(object.keys.size());
        for (std::size_t i = 0; i < order.size(); ++i) {
            order[i] = i;
        }
        std::stable_sort(
            order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return object.keys[a] < object.keys[b]; });
        for (std::size_t i = 1; i < order.size(); ++i) {
            if (object.keys[order[i]] == object.keys[order[i - 1]]) {
                m_errors.push_back({object.items[order[i]].offset,
                    "duplicate key \"" + object.keys[order[i]] + "\": which one wins is undefined"});
            }
        }
    }

    std::string_view m_text;
    std::size_t m_base;
    const rapidjson::MemoryStream& m_stream;
    std::size_t m_previous_end;
    std::vector<Value> m_open;
    Value m_root;
    std::vector<ParseError> m_errors;
    bool m_too_deep = false;
    std::optional<std::size_t> m_lone_surrogate;
};

std::string syntax_message(rapidjson::ParseErrorCode code)
{
    using namespace rapidjson;
    static const std::pair<ParseErrorCode, const char*> messages[] = {
        {kParseErrorDocumentEmpty, "expected a JSON document, got nothing (the file is empty)"},
        {kParseErrorDocumentRootNotSingular, "unexpected text after the end of the JSON document"},
        {kParseErrorValueInvalid, "expected a JSON value (NaN, Infinity, comments and bare words are not JSON)"},
        {kParseErrorObjectMissName, "expected a member name in double quotes"},
        {kParseErrorObjectMissColon, "expected ':' after the member name"},
        {kParseErrorObjectMissCommaOrCurlyBracket, "expected ',' or '}' after an object member"},
        {kParseErrorArrayMissCommaOrSquareBracket, "expected ',' or ']' after an array element"},
        {kParseErrorStringUnicodeEscapeInvalidHex, "expected four hex digits after \\u"},
        {kParseErrorStringUnicodeSurrogateInvalid, "invalid UTF-16 surrogate pair in a \\u escape"},
        {kParseErrorStringEscapeInvalid, "invalid escape sequence in a string"},
        {kParseErrorStringMissQuotationMark, "unterminated string: expected a closing '\"'"},
        {kParseErrorStringInvalidEncoding, "invalid UTF-8 in a string"},
        {kParseErrorNumberMissFraction, "expected a digit after the decimal point"},
        {kParseErrorNumberMissExponent, "expected a digit in the exponent"},
        {kParseErrorNumberTooBig, "number is out of range: a double holds at most about 1.8e308"},
    };
    for (const auto& [known, message] : messages) {
        if (known == code) {
            return message;
        }
    }
    return "invalid JSON";  // GCOVR_EXCL_LINE: every code reachable with strict flags is listed above
}

}  // namespace

Document parse(std::string_view text)
{
    Document document;
    if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
        document.errors.push_back({nul, "unexpected NUL byte: this is not a JSON text file"});
        return document;
    }
    const std::size_t base = text.substr(0, k_bom.size()) == k_bom ? k_bom.size() : 0;
    rapidjson::MemoryStream stream(text.data() + base, text.size() - base);
    TreeBuilder builder(text, base, stream);
    rapidjson::Reader reader;
    constexpr unsigned k_flags = rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseValidateEncodingFlag;
    const rapidjson::ParseResult ok = reader.Parse<k_flags>(stream, builder);
    if (ok.IsError() && builder.lone_surrogate()) {
        document.errors.push_back(
            {*builder.lone_surrogate(), syntax_message(rapidjson::kParseErrorStringUnicodeSurrogateInvalid)});
        return document;
    }
    if (ok.IsError()) {
        std::string message = builder.too_deep() ? "nesting deeper than " + std::to_string(k_max_depth) + " levels"
                                                 : syntax_message(ok.Code());
        document.errors.push_back({base + ok.Offset(), std::move(message)});
        return document;
    }
    document.errors = std::move(builder.errors());
    document.root = builder.take_root();
    return document;
}

}  // namespace retrofit::json
