// Model: read_home and read_profile turn parsed documents into typed
// structs, reporting every problem with its file, line:column and JSON
// pointer (results, settings and whole content: model_content_test.cpp).

#include "diagnostics.hpp"
#include "load/json.hpp"
#include "model/checker.hpp"
#include "model/read.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <limits>
#include <memory>

using namespace retrofit;
using Messages = std::vector<std::string>;

namespace {

// Line numbers in the comments of the tests refer to these documents.
const std::string k_home = R"({
  "uprn": "1001",
  "address": {"lines": ["1 High Street", "Flat 2"], "town": "Leeds", "postcode": "LS1 1AA"},
  "property_type": "house",
  "built_form": "semi-Detached",
  "total_floor_area": 85.5,
  "epc_rating": "D",
  "epc_score": 61,
  "walls": {"u_value": 0.25912142857142856}
})";

// Month keys in text order, the way they sort as strings: "1", "10", "11", "12", "2", ...
const std::string k_profile = R"({
  "annual_energy_total": {"energy": 5363.1, "co2e": 1200.5, "operating_cost": 1500.25},
  "monthly_energy_total": {
    "1": {"energy": 900.5, "co2e": 90, "operating_cost": 110},
    "10": {"energy": 400, "co2e": 40, "operating_cost": 50},
    "11": {"energy": 700, "co2e": 70, "operating_cost": 80},
    "12": {"energy": 899, "co2e": 89.9, "operating_cost": 100},
    "2": {"energy": 800, "co2e": 80, "operating_cost": 95},
    "3": {"energy": 600, "co2e": 60, "operating_cost": 75},
    "4": {"energy": 300, "co2e": 30, "operating_cost": 40},
    "5": {"energy": 200, "co2e": 20, "operating_cost": 30},
    "6": {"energy": 100, "co2e": 10, "operating_cost": 20},
    "7": {"energy": 150, "co2e": 15, "operating_cost": 20},
    "8": {"energy": 100, "co2e": 10, "operating_cost": 20},
    "9": {"energy": 200, "co2e": 20, "operating_cost": 30}
  },
  "annual_energy_generation": {"energy_generated": 1250.5, "energy_exported": 300},
  "predicted_epc_rating": "C",
  "unknown_extra": [1, 2]
})";

/// text with its one occurrence of from replaced by to.
std::string replaced(std::string text, const std::string& from, const std::string& to)
{
    const std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    REQUIRE(text.find(from, at + 1) == std::string::npos);
    return text.replace(at, from.size(), to);
}

using Reader = std::function<void(model::Checker&, const model::Node&)>;

/// Runs a reader over a document and returns every diagnostic, formatted.
Messages run(const std::string& path, const std::string& text, const Reader& read)
{
    const SourceFile file {path, text};
    const json::Document document = json::parse(file.text);
    REQUIRE(document.errors.empty());
    Diagnostics sink;
    model::Checker check(file, sink);
    read(check, model::Node(document.root));
    Messages out;
    for (const auto& diagnostic : sink.items()) {
        out.push_back(format_diagnostic(diagnostic));
    }
    return out;
}

Messages home_errors(const std::string& text)
{
    return run(
        "homes/1001.json", text, [](auto& check, const auto& root) { CHECK_FALSE(model::read_home(check, root)); });
}

Messages profile_errors(const std::string& text)
{
    return run("p.json", text, [](auto& check, const auto& root) { CHECK_FALSE(model::read_profile(check, root)); });
}

}  // namespace

TEST_CASE("model: a valid home is read with every field the site shows", "[model]")
{
    std::optional<model::Home> home;
    const Messages errors
        = run("homes/1001.json", k_home, [&](auto& check, const auto& root) { home = model::read_home(check, root); });
    CHECK(errors.empty());
    REQUIRE(home);
    CHECK(home->uprn == "1001");
    CHECK(home->address_lines == std::vector<std::string> {"1 High Street", "Flat 2"});
    CHECK(home->town == "Leeds");
    CHECK(home->postcode == "LS1 1AA");
    CHECK(home->property_type == "house");
    CHECK(home->built_form == "semi-Detached");
    CHECK(home->total_floor_area == 85.5);
    CHECK(home->epc_rating == "D");
    CHECK(home->epc_score == 61);
    CHECK(home->source_path == "homes/1001.json");
    // the whole object is kept for the API file, numbers as written
    CHECK(home->raw->find("walls")->find("u_value")->text == "0.25912142857142856");
}

TEST_CASE("model: a number reads as the double nearest to it, one too small for a double as zero", "[model]")
{
    const auto area = [](const std::string& written) {
        std::optional<model::Home> home;
        const Messages errors = run("homes/1001.json", replaced(k_home, "85.5", written),
            [&](auto& check, const auto& root) { home = model::read_home(check, root); });
        CHECK(errors.empty());
        REQUIRE(home);
        return home->total_floor_area;
    };
    CHECK(area("0.1") == 0.1);  // the compiler's rounding of the same text
    CHECK(area("1234.5678e-2") == 12.345678);
    CHECK(area("-0") == 0.0);
    // 2^-1074, the smallest double above zero, written to 17 digits
    CHECK(area("4.9406564584124654e-324") == std::numeric_limits<double>::denorm_min());
    CHECK(area("1e-400") == 0.0);  // below it: zero, as strtod gives, not an error
}

TEST_CASE("model: a home with no EPC rating or score is valid", "[model]")
{
    std::optional<model::Home> home;
    const std::string text = replaced(replaced(k_home, R"("epc_rating": "D")", R"("epc_rating": null)"), "61", "null");
    CHECK(run("homes/1001.json", text, [&](auto& check, const auto& root) {
        home = model::read_home(check, root);
    }).empty());
    REQUIRE(home);
    CHECK_FALSE(home->epc_rating);
    CHECK_FALSE(home->epc_score);
}

TEST_CASE("model: each problem in a home is reported where it is", "[model]")
{
    SECTION("a number written as a string")
    {
        // line 6: 2 spaces, "total_floor_area" (18 chars) at 3-20, ':' 21, space 22, value at 23
        CHECK(home_errors(replaced(k_home, "85.5", "\"85.5\""))
            == Messages {"homes/1001.json:6:23: error: expected a number, got a string (at /total_floor_area)"});
    }
    SECTION("a missing member is reported at its object")
    {
        // line 3: "address" at 3-11, ':' 12, space 13, '{' 14
        CHECK(home_errors(replaced(k_home, R"("town": "Leeds", )", ""))
            == Messages {"homes/1001.json:3:14: error: missing member \"town\" (at /address)"});
        // at the root the pointer is empty, so there is no "(at ...)"
        CHECK(home_errors(replaced(k_home, "\n  \"epc_score\": 61,", ""))
            == Messages {"homes/1001.json:1:1: error: missing member \"epc_score\""});
    }
    SECTION("a number too large for a double")
    {
        // 1.8e308 > DBL_MAX (about 1.7977e308): strtod gives infinity
        CHECK(home_errors(replaced(k_home, "85.5", "1.8e308"))
            == Messages {"homes/1001.json:6:23: error: number 1.8e308 is out of range: a double holds at most about "
                         "1.8e308 (at /total_floor_area)"});
    }
    SECTION("an EPC score that is not a whole number")
    {
        // line 8: "epc_score" (11 chars) at 3-13, ':' 14, space 15, value at 16
        CHECK(home_errors(replaced(k_home, "61", "61.5"))
            == Messages {"homes/1001.json:8:16: error: expected a whole number, got 61.5 (at /epc_score)"});
        CHECK(home_errors(replaced(k_home, "61", "6e1"))
            == Messages {"homes/1001.json:8:16: error: expected a whole number, got 6e1 (at /epc_score)"});
        // 16 digits could lose precision in a long long round trip through text: refused
        CHECK(home_errors(replaced(k_home, "61", "1234567890123456"))
            == Messages {"homes/1001.json:8:16: error: expected a whole number, got 1234567890123456 (at /epc_score)"});
        CHECK(home_errors(replaced(k_home, "61", "\"61\""))
            == Messages {"homes/1001.json:8:16: error: expected a number, got a string (at /epc_score)"});
    }
    SECTION("an EPC rating outside A to G")
    {
        // line 7: "epc_rating" (12 chars) at 3-14, ':' 15, space 16, value at 17
        for (const char* band : {"H", "d", "DD", ""}) {
            CHECK(home_errors(replaced(k_home, "\"D\"", std::string("\"") + band + "\""))
                == Messages {
                    std::string("homes/1001.json:7:17: error: expected an EPC band \"A\" to \"G\" or null, got \"")
                    + band + "\" (at /epc_rating)"});
        }
        CHECK(home_errors(replaced(k_home, "\"D\"", "4"))
            == Messages {"homes/1001.json:7:17: error: expected a string, got a number (at /epc_rating)"});
    }
    SECTION("a UPRN that is not 1 to 12 digits")
    {
        // line 2: "uprn" (6 chars) at 3-8, ':' 9, space 10, value at 11
        CHECK(home_errors(replaced(k_home, "\"1001\"", "\"12a\""))
            == Messages {"homes/1001.json:2:11: error: expected a UPRN of 1 to 12 digits, got \"12a\" (at /uprn)"});
        CHECK(home_errors(replaced(k_home, "\"1001\"", "\"1234567890123\""))
            == Messages {
                "homes/1001.json:2:11: error: expected a UPRN of 1 to 12 digits, got \"1234567890123\" (at /uprn)"});
        CHECK(home_errors(replaced(k_home, "\"1001\"", "\"\""))
            == Messages {"homes/1001.json:2:11: error: expected a UPRN of 1 to 12 digits, got \"\" (at /uprn)"});
    }
    SECTION("a home that is not an object")
    {
        CHECK(home_errors("[]") == Messages {"homes/1001.json:1:1: error: expected an object, got an array"});
    }
}

TEST_CASE("model: address lines are 1 to 3 strings, the first not empty", "[model]")
{
    const std::string lines = R"(["1 High Street", "Flat 2"])";
    // line 3: '[' at 24; "1 High Street" (15 chars) at 25-39, ',' 40, space 41, second line at 42
    SECTION("no line")
    {
        CHECK(home_errors(replaced(k_home, lines, "[]"))
            == Messages {"homes/1001.json:3:24: error: expected 1 to 3 address lines, got 0 (at /address/lines)"});
    }
    SECTION("four lines")
    {
        CHECK(home_errors(replaced(k_home, lines, R"(["a", "b", "c", "d"])"))
            == Messages {"homes/1001.json:3:24: error: expected 1 to 3 address lines, got 4 (at /address/lines)"});
    }
    SECTION("a line that is not a string")
    {
        CHECK(home_errors(replaced(k_home, lines, R"(["1 High Street", 2])"))
            == Messages {"homes/1001.json:3:42: error: expected a string, got a number (at /address/lines/1)"});
    }
    SECTION("an empty first line")
    {
        CHECK(home_errors(replaced(k_home, lines, R"(["", "Flat 2"])"))
            == Messages {"homes/1001.json:3:25: error: the first address line is empty (at /address/lines/0)"});
    }
    SECTION("lines that are not a list")
    {
        CHECK(home_errors(replaced(k_home, lines, R"("1 High Street")"))
            == Messages {"homes/1001.json:3:24: error: expected an array, got a string (at /address/lines)"});
    }
}

TEST_CASE("model: a profile's months are read by number, not by text order", "[model]")
{
    std::optional<model::EnergyProfile> profile;
    CHECK(run("p.json", k_profile, [&](auto& check, const auto& root) {
        profile = model::read_profile(check, root);
    }).empty());
    REQUIRE(profile);
    CHECK(profile->annual.energy == 5363.1);
    CHECK(profile->annual.co2e == 1200.5);
    CHECK(profile->annual.operating_cost == 1500.25);
    CHECK(profile->monthly[0].energy == 900.5);  // "1"
    CHECK(profile->monthly[1].energy == 800);  // "2", which comes after "12" in the file
    CHECK(profile->monthly[9].energy == 400);  // "10", which comes second in the file
    CHECK(profile->monthly[11].energy == 899);  // an integer
    CHECK(profile->monthly[11].co2e == 89.9);
    CHECK(profile->monthly[6].energy == 150);
    CHECK(profile->annual_generation == 1250.5);
    CHECK(profile->predicted_epc_rating == "C");
}

TEST_CASE("model: a month's energy below 0 or above 10 GWh is read, with a warning", "[model]")
{
    const std::string july = R"("7": {"energy": 150, "co2e": 15, "operating_cost": 20})";
    std::optional<model::EnergyProfile> profile;
    const auto read = [&](const std::string& energy, const std::string& co2e) {
        const std::string month
            = R"("7": {"energy": )" + energy + R"(, "co2e": )" + co2e + R"(, "operating_cost": -3})";
        return run("p.json", replaced(k_profile, july, month),
            [&](auto& check, const auto& root) { profile = model::read_profile(check, root); });
    };
    // line 13: "7" at 5-7, ':' 8, space 9, '{' 10, "energy" 11-18, ':' 19, space 20, value at 21
    SECTION("a negative month")
    {
        CHECK(read("-12.5", "-1.5")
            == Messages {"p.json:13:21: warning: a month's energy of -12.5 kWh is outside 0 to 10 GWh: check the units "
                         "(at /monthly_energy_total/7/energy)"});
        REQUIRE(profile);  // a warning does not make the profile invalid
        CHECK(profile->monthly[6].energy == -12.5);
        CHECK(profile->monthly[6].co2e == -1.5);
        CHECK(profile->monthly[6].operating_cost == -3);
    }
    SECTION("a month over 10 GWh (1e7 kWh), with the figure as written")
    {
        CHECK(read("1.00000001e7", "1")
            == Messages {"p.json:13:21: warning: a month's energy of 1.00000001e7 kWh is outside 0 to 10 GWh: check "
                         "the units (at /monthly_energy_total/7/energy)"});
        REQUIRE(profile);
    }
    SECTION("0 and exactly 10 GWh are within range")
    {
        CHECK(read("0", "0").empty());
        CHECK(read("10000000", "1").empty());
        REQUIRE(profile);
        CHECK(profile->monthly[6].energy == 10000000);
    }
}

TEST_CASE("model: generation and a predicted rating are optional in a profile", "[model]")
{
    std::optional<model::EnergyProfile> profile;
    const std::string text = replaced(replaced(k_profile, R"("C")", "null"),
        R"("annual_energy_generation": {"energy_generated": 1250.5, "energy_exported": 300},)", "");
    CHECK(run("p.json", text, [&](auto& check, const auto& root) {
        profile = model::read_profile(check, root);
    }).empty());
    REQUIRE(profile);
    CHECK(profile->annual_generation == 0);
    CHECK_FALSE(profile->predicted_epc_rating);
}

TEST_CASE("model: a profile whose months miss July is rejected", "[model]")
{
    const std::string july = "\n    \"7\": {\"energy\": 150, \"co2e\": 15, \"operating_cost\": 20},";
    const std::string december = "\n    \"12\": {\"energy\": 899, \"co2e\": 89.9, \"operating_cost\": 100},";
    // line 3: "monthly_energy_total" (22 chars) at 3-24, ':' 25, space 26, '{' 27
    SECTION("one month missing")
    {
        CHECK(profile_errors(replaced(k_profile, july, ""))
            == Messages {"p.json:3:27: error: expected 12 months, missing \"7\" (at /monthly_energy_total)"});
    }
    SECTION("several months missing are listed in calendar order")
    {
        CHECK(profile_errors(replaced(replaced(k_profile, july, ""), december, ""))
            == Messages {"p.json:3:27: error: expected 12 months, missing \"7\", \"12\" (at /monthly_energy_total)"});
    }
}

TEST_CASE("model: month keys are \"1\" to \"12\" and each month is a Summary", "[model]")
{
    const std::string nine = R"("9": {"energy": 200)";
    SECTION("an unknown month key, and the month it displaced")
    {
        // line 15: 4 spaces, "13" (4 chars) at 5-8, ':' 9, space 10, value at 11
        CHECK(profile_errors(replaced(k_profile, nine, R"("13": {"energy": 200)"))
            == Messages {
                "p.json:15:11: error: unexpected month \"13\": expected \"1\" to \"12\" (at /monthly_energy_total/13)",
                "p.json:3:27: error: expected 12 months, missing \"9\" (at /monthly_energy_total)",
            });
        // "09" is not "9"; a '/' in a key is escaped in the pointer
        CHECK(profile_errors(replaced(k_profile, nine, R"("09": {"energy": 200)"))[0]
            == "p.json:15:11: error: unexpected month \"09\": expected \"1\" to \"12\" (at /monthly_energy_total/09)");
        CHECK(profile_errors(replaced(k_profile, nine, R"("9/": {"energy": 200)"))[0]
            == "p.json:15:11: error: unexpected month \"9/\": expected \"1\" to \"12\" (at /monthly_energy_total/9~1)");
    }
    SECTION("a month that is not an object")
    {
        // line 9: "3" (3 chars) at 5-7, ':' 8, space 9, value at 10
        CHECK(profile_errors(replaced(k_profile, R"({"energy": 600, "co2e": 60, "operating_cost": 75})", "5"))
            == Messages {"p.json:9:10: error: expected an object, got a number (at /monthly_energy_total/3)"});
    }
    SECTION("a month's figure of the wrong kind")
    {
        // line 4: "1" at 5-7, ':' 8, space 9, '{' 10, "energy" (8 chars) 11-18, ':' 19, space 20, value at 21
        CHECK(profile_errors(replaced(k_profile, "900.5", "\"900.5\""))
            == Messages {"p.json:4:21: error: expected a number, got a string (at /monthly_energy_total/1/energy)"});
    }
    SECTION("an annual Summary missing a figure")
    {
        // line 2: "annual_energy_total" (21 chars) at 3-23, ':' 24, space 25, '{' 26
        CHECK(profile_errors(replaced(k_profile, R"( "co2e": 1200.5,)", ""))
            == Messages {"p.json:2:26: error: missing member \"co2e\" (at /annual_energy_total)"});
    }
    SECTION("generation that is not an object, and a predicted rating out of range")
    {
        // line 17: "annual_energy_generation" (26 chars) at 3-28, ':' 29, space 30, value at 31
        // line 18: "predicted_epc_rating" (22 chars) at 3-24, ':' 25, space 26, value at 27
        const std::string text = replaced(
            replaced(k_profile, R"({"energy_generated": 1250.5, "energy_exported": 300})", "[]"), R"("C")", R"("Z")");
        CHECK(profile_errors(text)
            == Messages {
                "p.json:17:31: error: expected an object, got an array (at /annual_energy_generation)",
                "p.json:18:27: error: expected an EPC band \"A\" to \"G\" or null, got \"Z\" (at "
                "/predicted_epc_rating)",
            });
    }
    SECTION("a profile without monthly figures")
    {
        CHECK(profile_errors(R"({"annual_energy_total": {"energy": 1, "co2e": 1, "operating_cost": 1}})")
            == Messages {"p.json:1:1: error: missing member \"monthly_energy_total\""});
    }
}

TEST_CASE("model: a checker warning is reported but does not count as an error", "[model]")
{
    const SourceFile file {"homes/1001.json", "{\n  \"a\": 1\n}"};
    const json::Document document = json::parse(file.text);
    Diagnostics sink;
    model::Checker check(file, sink);
    const model::Node root(document.root);
    // "a" is on line 2: 2 spaces, "a" at 3-5, ':' 6, space 7, value at 8
    check.warning(root.member("a", *document.root.find("a")), "an unusual value");
    CHECK(check.errors() == 0);
    CHECK(sink.warning_count() == 1);
    CHECK(format_diagnostic(sink.items()[0]) == "homes/1001.json:2:8: warning: an unusual value (at /a)");
    CHECK(&check.file() == &file);
}

TEST_CASE("model: a node's pointer names each step from the root, escaped", "[model]")
{
    const json::Document document = json::parse(R"({"a/b": [{"c~": 1}]})");
    const model::Node root(document.root);
    const model::Node list = root.member("a/b", *document.root.find("a/b"));
    const model::Node item = list.element(0);
    const model::Node leaf = item.member("c~", *item.value.find("c~"));
    CHECK(root.pointer().empty());
    // RFC 6901: "/" is written "~1" and "~" is written "~0"
    CHECK(leaf.pointer() == "/a~1b/0/c~0");
}

TEST_CASE("model: a part kept of a shared document is the document's own, not a copy", "[model]")
{
    const SourceFile file {"homes/1001.json", R"({"a": {"b": 1}})"};
    auto document = std::make_shared<const json::Value>(json::parse(file.text).root);
    const json::Value& part = *document->find("a");
    Diagnostics sink;
    const std::shared_ptr<const json::Value> shared = model::Checker(file, sink, document).share(part);
    CHECK(shared.get() == &part);
    document.reset();
    CHECK(shared->find("b")->text == "1");  // the document lives on in what shares it

    const json::Document alone = json::parse(file.text);
    const std::shared_ptr<const json::Value> copied = model::Checker(file, sink).share(*alone.root.find("a"));
    CHECK(copied.get() != alone.root.find("a"));
    CHECK(copied->find("b")->text == "1");
}
