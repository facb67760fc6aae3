// Derive: the JSON writer of the spec and the API files. Its output must
// stay byte for byte what RapidJSON's PrettyWriter wrote, which the
// published files were first made with: checked here against hand-written
// text, and against PrettyWriter itself over the same calls.

#include "derive/json_writer.hpp"

#include <catch2/catch.hpp>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

using namespace retrofit;

namespace {

/// The same calls made to JsonWriter and to RapidJSON's PrettyWriter.
struct Both {
    derive::JsonWriter ours;
    rapidjson::StringBuffer buffer;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> theirs {buffer};

    Both() { theirs.SetIndent(' ', 2); }
    void start_object()
    {
        ours.start_object();
        theirs.StartObject();
    }
    void end_object()
    {
        ours.end_object();
        theirs.EndObject();
    }
    void start_array()
    {
        ours.start_array();
        theirs.StartArray();
    }
    void end_array()
    {
        ours.end_array();
        theirs.EndArray();
    }
    void key(const std::string& name)
    {
        ours.key(name);
        theirs.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
    }
    void string(const std::string& text)
    {
        ours.string(text);
        theirs.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
    }
    void number(double value)
    {
        ours.number(value);
        theirs.Double(value);
    }
    void integer(std::int64_t value)
    {
        ours.integer(value);
        theirs.Int64(value);
    }
    void natural(std::uint64_t value)
    {
        ours.natural(value);
        theirs.Uint64(value);
    }
    void raw(const std::string& json)
    {
        ours.raw(json);
        theirs.RawValue(json.data(), json.size(), rapidjson::kObjectType);
    }
    void null()
    {
        ours.null();
        theirs.Null();
    }
    void boolean(bool value)
    {
        ours.boolean(value);
        theirs.Bool(value);
    }
    std::string theirs_text() const { return {buffer.GetString(), buffer.GetSize()}; }
};

}  // namespace

TEST_CASE("derive: the JSON writer indents by two, a member or element a line", "[derive]")
{
    derive::JsonWriter w;
    w.start_object();
    w.key("a");
    w.natural(1);
    w.key("list");
    w.start_array();
    w.string("x");
    w.null();
    w.start_object();
    w.end_object();
    w.start_array();
    w.end_array();
    w.end_array();
    w.key("yes");
    w.boolean(true);
    w.key("no");
    w.boolean(false);
    w.end_object();
    w.put('\n');
    CHECK(w.take()
        == "{\n  \"a\": 1,\n  \"list\": [\n    \"x\",\n    null,\n    {},\n    []\n  ],\n"
           "  \"yes\": true,\n  \"no\": false\n}\n");
}

TEST_CASE("derive: the JSON writer escapes as RapidJSON does, and only that", "[derive]")
{
    derive::JsonWriter w;
    // Quote, backslash, the five short escapes, other control bytes as \u00XX;
    // '/', DEL, '<' and UTF-8 as they are.
    w.string("q\"b\\\b\f\n\r\t\x01\x1F/\x7F<\xC2\xA3");
    CHECK(w.take() == "\"q\\\"b\\\\\\b\\f\\n\\r\\t\\u0001\\u001F/\x7F<\xC2\xA3\"");
    // Long strings go eight bytes at a time: each escaped byte at every place of a block.
    const std::vector<std::pair<char, std::string>> escapes {{'"', "\\\""}, {'\\', "\\\\"}, {'\x1F', "\\u001F"}};
    for (const auto& [byte, escaped] : escapes) {
        for (std::size_t place = 0; place < 20; ++place) {
            std::string text(20, 'a');
            text[place] = byte;
            w.string(text);
            std::string expected = "\"" + std::string(20, 'a') + "\"";
            expected.replace(place + 1, 1, escaped);
            CHECK(w.take() == expected);
        }
    }
}

TEST_CASE("derive: the JSON writer writes numbers as RapidJSON does", "[derive]")
{
    derive::JsonWriter w;
    const auto written = [&w](double value) {
        w.number(value);
        return w.take();
    };
    CHECK(written(320) == "320.0");
    CHECK(written(0.25) == "0.25");
    CHECK(written(-5363.1) == "-5363.1");
    // Grisu2 reads back exactly, though not always in the fewest digits.
    CHECK(written(0.1 + 0.2) == "0.30000000000000007");
    CHECK(std::stod("0.30000000000000007") == 0.1 + 0.2);
    CHECK(written(1e-7) == "1e-7");
    CHECK(written(0) == "0.0");
    // JSON has no NaN or infinity: null, where PrettyWriter wrote nothing at all.
    CHECK(written(std::nan("")) == "null");
    CHECK(written(std::numeric_limits<double>::infinity()) == "null");
    w.integer(-42);
    CHECK(w.take() == "-42");
    w.integer(std::numeric_limits<std::int64_t>::min());
    CHECK(w.take() == "-9223372036854775808");
    w.natural(std::numeric_limits<std::uint64_t>::max());
    CHECK(w.take() == "18446744073709551615");
}

TEST_CASE("derive: the JSON writer gives PrettyWriter's bytes, however deep", "[derive]")
{
    Both both;
    both.start_object();
    both.key("spec");
    both.string("Bar chart of monthly energy use at 1 The Street, a long line of text");
    both.key("raw");
    both.raw("{\"kept\": [1e2, 0.10]}");
    both.key("values");
    both.start_array();
    for (int i = 0; i < 40; ++i) {
        both.number(i * 0.1);
        both.integer(-i);
        both.natural(static_cast<std::uint64_t>(i) * 1000000007U);
    }
    both.end_array();
    // Past the depth the writer indents with one fixed copy (32 levels of two).
    both.key("deep");
    for (int depth = 0; depth < 40; ++depth) {
        both.start_array();
        both.boolean(depth % 2 == 0);
        both.start_object();
        both.key("at");
        both.integer(depth);
        both.key("empty");
        both.start_object();
        both.end_object();
        both.key("next");
    }
    both.null();
    for (int depth = 0; depth < 40; ++depth) {
        both.end_object();
        both.end_array();
    }
    both.end_object();
    CHECK(both.ours.take() == both.theirs_text());
}

TEST_CASE("derive: the JSON writer hands over what it has written and goes on", "[derive]")
{
    derive::JsonWriter w;
    std::vector<std::string> pieces;
    const auto out = [&pieces](std::string_view piece) { pieces.emplace_back(piece); };
    w.start_array();
    w.natural(1);
    CHECK(w.size() == 5);
    w.hand_over(out);
    CHECK(w.size() == 0);
    w.natural(2);
    w.end_array();
    w.hand_over(out);
    REQUIRE(pieces.size() == 2);
    CHECK(pieces[0] + pieces[1] == "[\n  1,\n  2\n]");
}
