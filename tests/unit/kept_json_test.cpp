// Load: json::KeptParser, the fast reading of results. What it keeps must be
// exactly what json::parse() gives at the same place (kind, text, numbers as
// written, offsets), and it must refuse every document that json::parse()
// reports a problem in, even in parts it does not keep: the build trusts a
// fast reading that succeeds and never runs the full one.

#include "diagnostics.hpp"
#include "load/content.hpp"
#include "load/json.hpp"
#include "load/kept_json.hpp"
#include "model/checker.hpp"
#include "model/read.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;
using retrofit::json::k_keep_all;
using retrofit::json::Keep;
using retrofit::json::KeptParser;
using retrofit::json::Kind;
using retrofit::json::Value;
using namespace std::string_literals;

namespace {

/// The first way two trees differ (kind, boolean, text, offset, keys, items),
/// or "" when they are the same.
std::string difference(const Value& kept, const Value& full, const std::string& path = "")
{
    const std::string at = path.empty() ? "/" : path;
    if (kept.kind != full.kind) {
        return at + ": kind " + retrofit::json::kind_name(kept.kind) + " != " + retrofit::json::kind_name(full.kind);
    }
    if (kept.boolean != full.boolean) {
        return at + ": boolean differs";
    }
    if (kept.text != full.text) {
        return at + ": text \"" + kept.text + "\" != \"" + full.text + "\"";
    }
    if (kept.offset != full.offset) {
        return at + ": offset " + std::to_string(kept.offset) + " != " + std::to_string(full.offset);
    }
    if (kept.keys != full.keys) {
        return at + ": keys differ";
    }
    if (kept.items.size() != full.items.size()) {
        return at + ": " + std::to_string(kept.items.size()) + " items != " + std::to_string(full.items.size());
    }
    for (std::size_t i = 0; i < kept.items.size(); ++i) {
        const std::string child = path + '/' + (kept.keys.empty() ? std::to_string(i) : kept.keys[i]);
        if (std::string diff = difference(kept.items[i], full.items[i], child); !diff.empty()) {
            return diff;
        }
    }
    return "";
}

const Keep* kept_member(const Keep& keep, const std::string& key)
{
    for (const auto& [name, child] : keep.members) {
        if (name == key) {
            return child;
        }
    }
    return nullptr;
}

/// The first way a kept tree differs from the full tree cut down to keep by
/// hand: an object holds the kept members in the order written, an array each
/// element cut down to the element spec (or none without one), and every
/// kept value is the full tree's value at the same path.
std::string kept_difference(const Value& kept, const Value& full, const Keep& keep, const std::string& path = "")
{
    if (keep.all) {
        return difference(kept, full, path);
    }
    const std::string at = path.empty() ? "/" : path;
    if (kept.kind != full.kind || kept.offset != full.offset || kept.text != full.text
        || kept.boolean != full.boolean) {
        return at + ": not the same value";
    }
    if (full.kind == Kind::object) {
        std::vector<std::string> keys;
        for (const std::string& key : full.keys) {
            if (kept_member(keep, key) != nullptr) {
                keys.push_back(key);
            }
        }
        if (kept.keys != keys || kept.items.size() != keys.size()) {
            return at + ": not the kept members";
        }
        for (std::size_t i = 0; i < keys.size(); ++i) {
            const std::string diff = kept_difference(
                kept.items[i], *full.find(keys[i]), *kept_member(keep, keys[i]), path + '/' + keys[i]);
            if (!diff.empty()) {
                return diff;
            }
        }
        return "";
    }
    if (full.kind == Kind::array) {
        if (!kept.keys.empty()) {
            return at + ": an array with keys";
        }
        if (keep.elements == nullptr) {
            return kept.items.empty() ? "" : at + ": elements kept without an element spec";
        }
        if (kept.items.size() != full.items.size()) {
            return at + ": not every element kept";
        }
        for (std::size_t i = 0; i < kept.items.size(); ++i) {
            const std::string diff
                = kept_difference(kept.items[i], full.items[i], *keep.elements, path + '/' + std::to_string(i));
            if (!diff.empty()) {
                return diff;
            }
        }
        return "";
    }
    return kept.items.empty() && kept.keys.empty() ? "" : at + ": a scalar with items";
}

/// The full tree of a document that json::parse() accepts.
Value full_tree(const std::string& text)
{
    retrofit::json::Document document = retrofit::json::parse(text);
    INFO(text);
    REQUIRE(document.errors.empty());
    return std::move(document.root);
}

/// KeptParser read where it is: the same tree as from a copy (or nothing
/// from both), and the text as it was, every byte.
std::optional<Value> parse_in_place(KeptParser& parser, const std::string& text, const Keep& keep)
{
    std::string in_place = text;
    std::optional<Value> where = parser.parse_in_place(in_place, keep);
    CHECK(in_place == text);
    const std::optional<Value> copied = parser.parse(text, keep);
    CHECK(where.has_value() == copied.has_value());
    if (where && copied) {
        CHECK(difference(*where, *copied) == "");
    }
    return where;
}

/// A document json::parse() rejects must be rejected by KeptParser too,
/// from a copy and where it is.
void check_refused(KeptParser& parser, const std::string& text, const Keep& keep)
{
    INFO("document: " << text.substr(0, 200));
    CHECK_FALSE(retrofit::json::parse(text).errors.empty());
    CHECK_FALSE(parser.parse(text, keep).has_value());
    CHECK_FALSE(parse_in_place(parser, text, keep).has_value());
}

std::vector<fs::path> json_files(const fs::path& folder)
{
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder)) {
        if (entry.is_regular_file() && entry.path().extension() == ".json") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

void check_same_profile(const retrofit::model::EnergyProfile& kept, const retrofit::model::EnergyProfile& full)
{
    CHECK(kept.annual.energy == full.annual.energy);
    CHECK(kept.annual.co2e == full.annual.co2e);
    CHECK(kept.annual.operating_cost == full.annual.operating_cost);
    for (std::size_t m = 0; m < kept.monthly.size(); ++m) {
        INFO("month " << m + 1);
        CHECK(kept.monthly[m].energy == full.monthly[m].energy);
        CHECK(kept.monthly[m].co2e == full.monthly[m].co2e);
        CHECK(kept.monthly[m].operating_cost == full.monthly[m].operating_cost);
    }
    CHECK(kept.annual_generation == full.annual_generation);
    CHECK(kept.predicted_epc_rating == full.predicted_epc_rating);
}

void check_same_result(const retrofit::model::SimulationResult& kept, const retrofit::model::SimulationResult& full)
{
    CHECK(kept.simulation_id == full.simulation_id);
    CHECK(kept.baseline_home.uprn == full.baseline_home.uprn);
    CHECK(kept.baseline_home.postcode == full.baseline_home.postcode);
    CHECK(difference(*kept.baseline_home.raw, *full.baseline_home.raw).empty());
    check_same_profile(kept.baseline, full.baseline);
    REQUIRE(kept.plan.size() == full.plan.size());
    for (std::size_t s = 0; s < kept.plan.size(); ++s) {
        INFO("stage " << s);
        const auto& a = kept.plan[s];
        const auto& b = full.plan[s];
        REQUIRE(a.improvements.size() == b.improvements.size());
        for (std::size_t i = 0; i < a.improvements.size(); ++i) {
            CHECK(a.improvements[i].category == b.improvements[i].category);
            CHECK(a.improvements[i].measure == b.improvements[i].measure);
        }
        check_same_profile(a.profile, b.profile);
        CHECK(a.payback_years == b.payback_years);
    }
}

/// A result read from the kept tree and from the full tree: both valid, the same.
void check_result_file(KeptParser& parser, const fs::path& path)
{
    INFO(path.string());
    const retrofit::SourceFile file {path.string(), test_support::read(path)};
    const std::optional<Value> kept = parser.parse(file.text, retrofit::model::k_result_keep);
    REQUIRE(kept.has_value());
    const Value full = full_tree(file.text);
    CHECK(kept_difference(*kept, full, retrofit::model::k_result_keep) == "");

    retrofit::Diagnostics fast_sink;
    retrofit::model::Checker fast_check(file, fast_sink);
    const auto fast = retrofit::model::read_result(fast_check, retrofit::model::Node(*kept));
    retrofit::Diagnostics full_sink;
    retrofit::model::Checker full_check(file, full_sink);
    const auto slow = retrofit::model::read_result(full_check, retrofit::model::Node(full));
    CHECK(fast_sink.items().empty());
    CHECK(full_sink.items().empty());
    REQUIRE(fast.has_value());
    REQUIRE(slow.has_value());
    check_same_result(*fast, *slow);
}

/// A home is kept whole: the kept tree is the full tree.
void check_home_file(KeptParser& parser, const fs::path& path)
{
    INFO(path.string());
    const std::string text = test_support::read(path);
    const std::optional<Value> kept = parser.parse(text, k_keep_all);
    REQUIRE(kept.has_value());
    CHECK(difference(*kept, full_tree(text)) == "");
}

// offsets are found in the text itself, so the document can change freely.
const std::string k_document = R"({
  "simulation_id": "1e0e7511-9e40-4b13-8c52-4f9c26c41c55",
  "energy": 5363.1,
  "count": 899,
  "delta" : -0.5,
  "small":1e-3,
  "share": 0.25912142857142856,
  "label": "tab\there \"quoted\" back\\slash \u00e9 \ud83d\ude00 \/ caf)"
                               "\xC3\xA9"
                               R"(",
  "nested": {"a": [1, [2, {"b": null}], true, false], "empty": {}, "none": [ ]},
  "flags": [true, false, null],
  "stages": [
    {"energy": 1.5, "extra": [1, 2], "cost": 10},
    {"cost": 20, "energy": 2E+2, "extra": {"deep": [[]]}}
  ],
  "unkept": {"x": [1, 2, 3], "y": "z"}
}
)";

}  // namespace

TEST_CASE("load: kept JSON keeping everything is the tree of json::parse", "[json][load]")
{
    KeptParser parser;
    const auto kept = parser.parse(k_document, k_keep_all);
    REQUIRE(kept.has_value());
    const Value full = full_tree(k_document);
    CHECK(difference(*kept, full) == "");

    // A few values checked against the input by hand too.
    CHECK(kept->offset == 0);
    REQUIRE(kept->find("energy") != nullptr);
    CHECK(kept->find("energy")->kind == Kind::number);
    CHECK(kept->find("energy")->text == "5363.1");
    CHECK(kept->find("energy")->offset == k_document.find("5363.1"));
    CHECK(kept->find("count")->text == "899");
    CHECK(kept->find("delta")->text == "-0.5");
    CHECK(kept->find("delta")->offset == k_document.find("-0.5"));
    CHECK(kept->find("small")->text == "1e-3");
    CHECK(kept->find("small")->offset == k_document.find("1e-3"));
    CHECK(kept->find("share")->text == "0.25912142857142856");
    CHECK(kept->find("label")->text == "tab\there \"quoted\" back\\slash \xC3\xA9 \xF0\x9F\x98\x80 / caf\xC3\xA9");
    CHECK(kept->find("label")->offset == k_document.find("\"tab"));
    const Value& nested = *kept->find("nested");
    CHECK(nested.keys == std::vector<std::string> {"a", "empty", "none"});
    CHECK(nested.offset == k_document.find("{\"a\""));
    CHECK(nested.find("a")->items.size() == 4);
    CHECK(nested.find("a")->items[2].kind == Kind::boolean);
    CHECK(nested.find("a")->items[2].boolean);
    CHECK(nested.find("a")->items[2].offset == k_document.find("true"));
    CHECK(nested.find("none")->offset == k_document.find("[ ]"));
    CHECK(kept->find("flags")->items[2].kind == Kind::null);
    CHECK(kept->find("flags")->items[2].offset == k_document.find("null]"));
}

TEST_CASE("load: kept JSON skips every run of whitespace as json::parse does", "[json][load]")
{
    // Between every two tokens a run of 0 to 19 bytes: spaces alone (runs of
    // eight and more are skipped eight at a time), or spaces with a tab, a
    // carriage return or a line feed at some place in the run.
    const std::vector<std::string> tokens = {"{", "\"a\"", ":", "[", "1", ",", "\"b c\"", ",", "true", "]", ",",
        "\"d\"", ":", "{", "\"e\"", ":", "null", "}", "}"};
    for (const char other : {' ', '\t', '\r', '\n'}) {
        for (std::size_t place = 0; place < 20; place += 3) {
            std::string text;
            for (std::size_t t = 0; t < tokens.size(); ++t) {
                std::string run(t, ' ');
                if (place < run.size()) {
                    run[place] = other;
                }
                text += run + tokens[t];
            }
            text += std::string(place, ' ');  // and after the document, up to its very end
            INFO("whitespace byte " << static_cast<int>(other) << " at " << place << " in: " << text);
            KeptParser parser;
            const auto kept = parser.parse(text, k_keep_all);
            REQUIRE(kept.has_value());
            CHECK(difference(*kept, full_tree(text)) == "");
            CHECK(kept->find("d")->offset == text.find("{", text.find("\"d\"")));
        }
    }
    // Anything else is not whitespace: a form feed, or a NUL among the spaces.
    KeptParser parser;
    CHECK_FALSE(parser.parse("[1,\f2]", k_keep_all));
    CHECK_FALSE(parser.parse("[1,        \0 2]"s, k_keep_all));
}

TEST_CASE("load: kept JSON reads every string as json::parse does, an escape or a stop at any place", "[json][load]")
{
    // Strings are scanned eight bytes at a time up to a quote, backslash or
    // control byte: each of those, a two- and a four-byte character and an
    // apostrophe are put at every place of strings of 0 to 19 bytes, so that
    // each falls at every place of an eight-byte block; after an escape the
    // rest of the string moves down, and a second escape comes after a long
    // run. Each document is read from a copy and where it is.
    KeptParser parser;
    for (const std::string inner : {"\\n", "\\\"", "\\\\", "\\u00e9", "\xC3\xA9", "\xF0\x9F\x98\x80", "'"}) {
        for (std::size_t size = 0; size < 20; ++size) {
            for (std::size_t place = 0; place <= size; ++place) {
                std::string value(size, 'a');
                value.insert(place, inner);
                // With an escape after a long run, and without (a text with no
                // backslash at all is read where it is).
                for (const std::string last : {"\\t", ""}) {
                    const std::string text = "{\"k" + value + "\": [\"" + value + "\", \"" + value + "0123456789abcdef"
                        + last + "\"], \"n\": 12.5e-1}";
                    INFO("document: " << text);
                    const auto kept = parse_in_place(parser, text, k_keep_all);
                    REQUIRE(kept.has_value());
                    CHECK(difference(*kept, full_tree(text)) == "");
                    CHECK(kept->find("n")->text == "12.5e-1");
                }
            }
        }
    }
    // A control byte is refused wherever it is, and so is a string that never ends.
    for (const char control : {'\x01', '\t', '\n', '\x1F'}) {
        for (std::size_t place = 0; place < 20; ++place) {
            std::string value(20, 'a');
            value[place] = control;
            check_refused(parser, "[\"" + value + "\"]", k_keep_all);
        }
    }
    check_refused(parser, "[\"aaaaaaaaaaaaaaaaaaaa", k_keep_all);
}

TEST_CASE("load: kept JSON reads numbers by JSON's grammar and takes none the full parser refuses", "[json][load]")
{
    KeptParser parser;
    const auto kept_number = [&](const std::string& number) -> std::optional<std::string> {
        const std::string text = "{\"n\": " + number + ", \"after\": true}";
        INFO("document: " << text.substr(0, 120));
        const auto kept = parser.parse(text, k_keep_all);
        if (!kept) {
            return std::nullopt;
        }
        CHECK(retrofit::json::parse(text).errors.empty());  // never taken where the full parser refuses
        CHECK(kept->find("n")->offset == 6);
        CHECK(kept->find("after")->boolean);
        return kept->find("n")->text;
    };
    // Every part of the grammar, each as written.
    for (const std::string number : {"0", "-0", "0.0", "7", "-12", "10", "1.5", "-0.25", "1e5", "1E5", "1e+5", "1e-5",
             "2.5E-300", "-0.5e+10", "1e308", "0.1e308", "1e-99999", "9223372036854775807", "18446744073709551616"}) {
        CHECK(kept_number(number) == number);
    }
    // 308 digits: RapidJSON's limit is past them, so they are read here.
    const std::string digits_308(308, '9');
    CHECK(kept_number(digits_308) == digits_308);
    // Not JSON numbers: refused by both.
    for (const std::string bad : {"-", "+1", "01", ".5", "1.", "1.e5", "1e", "1e+", "1e-", "--1", "1ee5", "0x10",
             "1e5.5", "-a", "1.5.5", "Infinity", "NaN", "-Infinity"}) {
        INFO("number: " << bad);
        check_refused(parser, "{\"n\": " + bad + "}", k_keep_all);
    }
    // Past 308 digits or an exponent of 308, the full parser decides: it
    // takes some (1 and 308 zeros, 0.001e309) and refuses others (309
    // nines, 1e309); none is read here, so none taken where it would refuse.
    const std::string one_and_308_zeros = "1" + std::string(308, '0');
    for (const std::string& number : {one_and_308_zeros, std::string(309, '9'), std::string("1e309"),
             std::string("0.001e309"), std::string("1e99999")}) {
        INFO("number of " << number.size() << " bytes");
        CHECK_FALSE(kept_number(number));
    }
    CHECK(retrofit::json::parse("[" + one_and_308_zeros + ", 0.001e309]").errors.empty());
    CHECK_FALSE(retrofit::json::parse("[" + std::string(309, '9') + "]").errors.empty());
    CHECK_FALSE(retrofit::json::parse("[1e309]").errors.empty());
}

TEST_CASE("load: kept JSON holds the members named as the full tree has them", "[json][load]")
{
    const Keep stage {false, {{"energy", &k_keep_all}, {"missing", &k_keep_all}}, nullptr};
    const Keep stages {false, {}, &stage};
    const Keep nested {false, {{"a", &k_keep_all}, {"none", &k_keep_all}}, nullptr};
    const Keep keep {false,
        {{"stages", &stages}, {"count", &k_keep_all}, {"nested", &nested}, {"label", &k_keep_all},
            {"absent", &k_keep_all}},
        nullptr};
    KeptParser parser;
    const auto kept = parser.parse(k_document, keep);
    REQUIRE(kept.has_value());
    const Value full = full_tree(k_document);
    CHECK(kept_difference(*kept, full, keep) == "");

    // In the order written, not the order of the spec; absent members stay absent.
    CHECK(kept->keys == std::vector<std::string> {"count", "label", "nested", "stages"});
    for (const char* unkept : {"simulation_id", "energy", "delta", "small", "share", "flags", "unkept", "absent"}) {
        CHECK(kept->find(unkept) == nullptr);
    }
    CHECK(kept->offset == 0);
    CHECK(kept->find("count")->text == "899");
    CHECK(kept->find("nested")->keys == std::vector<std::string> {"a", "none"});
    const Value& list = *kept->find("stages");
    CHECK(list.kind == Kind::array);
    CHECK(list.offset == k_document.find("[\n    {"));
    REQUIRE(list.items.size() == 2);
    CHECK(list.items[0].keys == std::vector<std::string> {"energy"});
    CHECK(list.items[0].offset == k_document.find("{\"energy\": 1.5"));
    CHECK(list.items[0].items[0].text == "1.5");
    CHECK(list.items[1].keys == std::vector<std::string> {"energy"});
    CHECK(list.items[1].items[0].text == "2E+2");
    CHECK(list.items[1].items[0].offset == k_document.find("2E+2"));

    SECTION("an array without an element spec is kept empty")
    {
        const Keep bare {false, {{"flags", &stage}}, nullptr};
        const auto cut = parser.parse(k_document, bare);
        REQUIRE(cut.has_value());
        CHECK(kept_difference(*cut, full, bare) == "");
        REQUIRE(cut->find("flags") != nullptr);
        CHECK(cut->find("flags")->kind == Kind::array);
        CHECK(cut->find("flags")->items.empty());
        CHECK(cut->find("flags")->offset == k_document.find("[true"));
    }
}

TEST_CASE("load: kept JSON refuses every document json::parse reports even where nothing is kept", "[json][load]")
{
    const Keep keep {false, {{"kept", &k_keep_all}}, nullptr};
    KeptParser parser;
    const std::string before = "{\"kept\": 1, \"other\": ";

    SECTION("a syntax error")
    {
        check_refused(parser, before + "[1, 2,]}", keep);
    }
    SECTION("text after the document")
    {
        check_refused(parser, "{\"kept\": 1} x", keep);
    }
    SECTION("an empty document")
    {
        check_refused(parser, "", keep);
    }
    SECTION("a duplicate key in a small object")
    {
        check_refused(parser, before + "{\"a\": 1, \"b\": 2, \"a\": 3}}", keep);
    }
    SECTION("a duplicate key alike at both ends, or empty, in a small object")
    {
        check_refused(parser, before + "{\"abc\": 1, \"axc\": 2, \"abc\": 3}}", keep);
        check_refused(parser, before + "{\"\": 1, \"a\": 2, \"\": 3}}", keep);
        check_refused(parser, before + "{\"1\": 1, \"10\": 2, \"11\": 3, \"10\": 4}}", keep);
        // Keys alike in length, first and last byte are still different keys.
        const std::string fine = before + "{\"abc\": 1, \"axc\": 2, \"ab\": 3, \"\": 4, \"10\": 5, \"1\": 6}}";
        CHECK(full_tree(fine).keys.size() == 2);
        CHECK(parser.parse(fine, keep).has_value());
    }
    SECTION("a duplicate key in an object of more than 24 keys")
    {
        std::string object = "{";
        for (int i = 0; i < 30; ++i) {
            object += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
        }
        object += "\"k7\": 0}";
        check_refused(parser, before + object + "}", keep);
        // The same object without the duplicate is fine.
        const std::string unique = object.substr(0, object.size() - std::string(", \"k7\": 0}").size()) + "}";
        const std::string fine = before + unique + "}";
        CHECK(full_tree(fine).keys.size() == 2);
        CHECK(parser.parse(fine, keep).has_value());
    }
    SECTION("a duplicate key as the 24th or the 25th key, or written with an escape")
    {
        // Up to 24 keys each is checked as it comes; past that, all of them
        // once the object ends.
        for (const int count : {23, 24}) {
            std::string object = "{";
            for (int i = 0; i < count; ++i) {
                object += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
            }
            check_refused(parser, before + object + "\"k0\": 0}}", keep);
            check_refused(parser, before + object + "\"k" + std::to_string(count - 1) + "\": 0}}", keep);
        }
        check_refused(parser, before + "{\"ab\": 1, \"\\u0061b\": 2}}", keep);
    }
    SECTION("a duplicate of a kept key at the root")
    {
        check_refused(parser, "{\"kept\": 1, \"kept\": 2}", keep);
    }
    SECTION("a NUL byte")
    {
        check_refused(parser, before + "\"a\0b\"}"s, keep);
        check_refused(parser, "{\"kept\": 1}\0"s, keep);
    }
    SECTION("nesting deeper than k_max_depth")
    {
        // The root object is one level: 256 arrays inside it are one too many.
        const std::size_t depth = retrofit::json::k_max_depth;
        check_refused(parser, before + std::string(depth, '[') + std::string(depth, ']') + "}", keep);
        const std::string deepest = before + std::string(depth - 1, '[') + std::string(depth - 1, ']') + "}";
        CHECK(full_tree(deepest).keys.size() == 2);
        CHECK(parser.parse(deepest, keep).has_value());
    }
    SECTION("a lone low surrogate escape in a string")
    {
        check_refused(parser, before + "\"x\\udc00y\"}", keep);
    }
    SECTION("a lone low surrogate escape in a key")
    {
        check_refused(parser, before + "{\"\\udc00\": 1}}", keep);
    }
    SECTION("a lone high surrogate escape")
    {
        check_refused(parser, before + "\"\\ud800\"}", keep);
    }
    SECTION("invalid UTF-8 in a string")
    {
        check_refused(parser, before + "\"\xC3\x28\"}", keep);
        check_refused(parser, before + "\"\xFF\"}", keep);
        check_refused(parser, before + "\"\xED\xA0\x80\"}", keep);  // a surrogate written as UTF-8
    }
    SECTION("a UTF-8 sequence cut short by the end of the file")
    {
        // Copies, so each buffer ends right after its closing NUL: a reader
        // that takes a sequence's continuation bytes past the NUL reads
        // outside the buffer, which a build with RETROFIT_SANITIZE reports.
        for (const char* lead : {"\xC3", "\xE2", "\xE2\x82", "\xF3", "\xF0\x9F\x98"}) {
            const std::string cut(before + '"' + lead);
            check_refused(parser, std::string(cut), keep);
        }
    }
    SECTION("a number too big for a double")
    {
        check_refused(parser, before + "1e999}", keep);
    }
}

TEST_CASE("load: is_utf8 takes RFC 3629's sequences and nothing else", "[json][load]")
{
    using retrofit::json::is_utf8;
    // The first and last sequence of each row of RFC 3629's table.
    for (const std::string good : {"", "plain ASCII, longer than eight bytes", "\x7F", "\xC2\x80", "\xDF\xBF",
             "\xE0\xA0\x80", "\xE0\xBF\xBF", "\xE1\x80\x80", "\xEC\xBF\xBF", "\xED\x80\x80", "\xED\x9F\xBF",
             "\xEE\x80\x80", "\xEF\xBF\xBF", "\xF0\x90\x80\x80", "\xF0\xBF\xBF\xBF", "\xF1\x80\x80\x80",
             "\xF3\xBF\xBF\xBF", "\xF4\x80\x80\x80", "\xF4\x8F\xBF\xBF"}) {
        INFO(good);
        CHECK(is_utf8(good));
    }
    for (const std::string bad : {"\x80", "\xBF", "\xC0\x80", "\xC1\xBF", "\xC2\x7F", "\xC2\xC0", "\xE0\x9F\xBF",
             "\xED\xA0\x80", "\xED\xBF\xBF", "\xE1\x80\x7F", "\xF0\x8F\xBF\xBF", "\xF4\x90\x80\x80", "\xF1\x80\x80\xC0",
             "\xF5\x80\x80\x80", "\xFF", "\xC2", "\xE1\x80", "\xF1\x80\x80"}) {
        INFO(bad);
        CHECK_FALSE(is_utf8(bad));
    }
    // One bad byte anywhere in a long ASCII run: in a block of thirty-two or
    // eight, or after them.
    const std::string ascii(80, 'a');
    for (std::size_t at = 0; at < ascii.size(); ++at) {
        std::string text = ascii;
        text[at] = '\x80';
        INFO("bad byte at " << at);
        CHECK_FALSE(is_utf8(text));
        text[at] = '\xC3';
        CHECK_FALSE(is_utf8(text.substr(0, at + 1)));  // cut short by the end
        CHECK(is_utf8(text.substr(0, at + 1) + "\xA9"));
    }
}

TEST_CASE("load: is_utf8 agrees with the full parser on every string of two bytes and more", "[json][load]")
{
    // Inside a string, json::parse() applies RapidJSON's own rule: every
    // lead byte with every second byte, and a third and fourth byte in and
    // out of the continuation range, must get the same answer.
    std::size_t compared = 0;
    for (int lead = 0x80; lead <= 0xFF; ++lead) {
        for (int second = 0x20; second <= 0xFF; ++second) {
            if (second == '"' || second == '\\') {
                continue;
            }
            for (const int third : {0x41, 0x80, 0xBF, 0xC0}) {
                for (const int fourth : {0x41, 0x80, 0xBF}) {
                    const std::string bytes {static_cast<char>(lead), static_cast<char>(second),
                        static_cast<char>(third), static_cast<char>(fourth)};
                    const bool parsed = retrofit::json::parse('"' + bytes + '"').errors.empty();
                    if (retrofit::json::is_utf8(bytes) != parsed) {
                        FAIL_CHECK("bytes " << std::hex << lead << ' ' << second << ' ' << third << ' ' << fourth
                                            << ": is_utf8 " << !parsed << ", parse " << parsed);
                    }
                    ++compared;
                }
            }
        }
    }
    // 128 lead bytes, 222 second bytes (0x20-0xFF less the quote and the
    // backslash), 4 third and 3 fourth bytes.
    CHECK(compared == 128 * 222 * 4 * 3);
}

TEST_CASE("load: kept JSON skips a byte order mark and counts offsets from the file's first byte", "[json][load]")
{
    const std::string text = "\xEF\xBB\xBF{\"a\": [1, \"x\"], \"b\": true}";
    KeptParser parser;
    const auto kept = parser.parse(text, k_keep_all);
    REQUIRE(kept.has_value());
    CHECK(difference(*kept, full_tree(text)) == "");
    CHECK(kept->offset == 3);
    CHECK(kept->find("a")->offset == text.find('['));
    CHECK(kept->find("a")->items[1].offset == text.find("\"x\""));
    CHECK(kept->find("b")->offset == text.find("true"));
}

TEST_CASE("load: kept JSON from one KeptParser document after document", "[json][load]")
{
    KeptParser parser;
    const std::string first = R"({"a": {"b": [1, 2, {"c": "d"}]}, "e": [[[]]]})";
    const std::string second = R"([{"x": 0.5}, "y", null, {"z": {}}])";
    const auto one = parser.parse(first, k_keep_all);
    REQUIRE(one.has_value());
    CHECK(difference(*one, full_tree(first)) == "");
    // A document refused half way leaves open frames behind.
    CHECK_FALSE(parser.parse(R"({"a": {"b": [1, {"c": 1, "c": 2}]}})", k_keep_all).has_value());
    const auto two = parser.parse(second, k_keep_all);
    REQUIRE(two.has_value());
    CHECK(difference(*two, full_tree(second)) == "");
    CHECK(two->items.size() == 4);
    CHECK(two->items[0].find("x")->text == "0.5");
    const Keep keep {false, {{"a", &k_keep_all}}, nullptr};
    const auto three = parser.parse(first, keep);
    REQUIRE(three.has_value());
    CHECK(kept_difference(*three, full_tree(first), keep) == "");
    CHECK(three->keys == std::vector<std::string> {"a"});
}

TEST_CASE("load: kept JSON reads a file's text where read_file_into left it, and leaves it as it was", "[json][load]")
{
    const fs::path dir = test_support::scratch("unit-kept-in-place");
    KeptParser parser;
    // No backslash: read where it is, in the room read_file_into left. With
    // one (the reader unescapes in place), and a document refused: from a copy.
    const std::string plain = R"({"a": ["b c", 1.5, {"d": null}], "e": "caf)"
                              "\xC3\xA9"
                              R"("})";
    const std::string escaped = R"({"a": "tab\there", "b": "\u00e9"})";
    const std::string refused = R"({"a": 1, "a": 2})";
    for (const std::string& document : {plain, escaped, refused}) {
        INFO("document: " << document);
        test_support::write(dir / "doc.json", document);
        std::string text;
        std::string why;
        REQUIRE(retrofit::load::read_file_into(dir / "doc.json", text, why));
        const char* const where = text.data();
        const auto kept = parser.parse_in_place(text, k_keep_all);
        CHECK(text == document);
        CHECK(text.data() == where);
        CHECK(kept.has_value() == (document != refused));
        if (kept) {
            CHECK(difference(*kept, full_tree(document)) == "");
        }
    }
}

TEST_CASE("load: kept JSON of the sample content is what json::parse reads", "[json][load]")
{
    KeptParser parser;
    const fs::path content = RETROFIT_CONTENT_DIR;
    const auto results = json_files(content / "results");
    const auto homes = json_files(content / "homes");
    REQUIRE_FALSE(results.empty());
    REQUIRE_FALSE(homes.empty());
    for (const fs::path& path : results) {
        check_result_file(parser, path);
    }
    for (const fs::path& path : homes) {
        check_home_file(parser, path);
    }
}

TEST_CASE("load: kept JSON of the scene-challenge fixture is what json::parse reads", "[json][load]")
{
    const fs::path shared = RETROFIT_SHARED_FIXTURES;
    if (!fs::is_directory(shared)) {
        WARN(shared.string() + " is absent, skipped");
        return;
    }
    KeptParser parser;
    std::size_t read = 0;
    for (const fs::path& path : json_files(shared)) {
        const std::string text = test_support::read(path);
        const Value full = full_tree(text);
        // A result has a simulation_id; anything else is a home.
        if (full.find("simulation_id") != nullptr) {
            check_result_file(parser, path);
        } else {
            check_home_file(parser, path);
        }
        ++read;
    }
    CHECK(read > 0);
}

TEST_CASE("load: string_at reads the string at a path of members and no further", "[json][load]")
{
    using retrofit::json::string_at;
    const std::vector<std::string_view> path = {"baseline_home", "uprn"};
    SECTION("found after other members, nested values and arrays")
    {
        const std::string text = R"({"simulation_id": "x", "other": {"uprn": "1", "baseline_home": {"uprn": "2"}},
            "list": [{"baseline_home": {"uprn": "3"}}], "baseline_home": {"address": {"uprn": "4"}, "uprn": "906205784"}})";
        CHECK(string_at(text, path) == "906205784");
    }
    SECTION("the rest of the document is not read: an error after the value does not matter")
    {
        CHECK(string_at(R"({"baseline_home": {"uprn": "12"}, "broken": ])", path) == "12");
    }
    SECTION("after a byte order mark")
    {
        CHECK(string_at("\xEF\xBB\xBF{\"baseline_home\": {\"uprn\": \"7\"}}", path) == "7");
    }
    SECTION("not a string, missing, or not JSON before it")
    {
        for (const std::string text : {R"({"baseline_home": {"uprn": 12}})", R"({"baseline_home": {"uprn": null}})",
                 R"({"baseline_home": {"uprn": {"value": "1"}, "town": "Leeds"}})",
                 R"({"baseline_home": {"uprn": ["1"]}})", R"({"baseline_home": {"town": "Leeds"}, "uprn": "5"})",
                 R"({"baseline_home": "6", "uprn": "6"})", R"({"baseline_home": {"uprn" "8"}})", R"([])", "",
                 "\"baseline_home\""}) {
            INFO(text);
            CHECK_FALSE(string_at(text, path));
        }
    }
    SECTION("arrays nested deeper than any valid document stop the reading, not the program")
    {
        CHECK_FALSE(string_at(std::string(100000, '['), path));
        CHECK_FALSE(string_at(R"({"a": )" + std::string(100000, '[') + R"(, "baseline_home": {"uprn": "1"}})", path));
    }
    SECTION("a lead byte at the very end is not read past")
    {
        CHECK_FALSE(string_at("{\"baseline_home\": {\"uprn\": \"\xF3", path));
    }
}
