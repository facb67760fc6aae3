// Render: the API files (a home passed through exactly, the chart's
// numbers as data) and JSON made safe for a <script> element.

#include "derive/comparison.hpp"
#include "render/api.hpp"

#include <catch2/catch.hpp>
#include <rapidjson/document.h>

using namespace retrofit;

namespace {

const std::string k_home_json = R"({"uprn": "1001", "count": 1e2, "area": 899, "area2": 5363.1,
  "walls": {"u_value": 0.25912142857142856, "average_thermal_transmittance": "1.7184332484519738"},
  "location": {"type": "Point", "coordinates": [-1.5491, 53.8008]},
  "flags": [true, false, null], "note": "say \"hi\"\n", "extra field": {}})";

/// Parses with numbers kept as their text, to compare numbers as written.
rapidjson::Document as_written(const std::string& json)
{
    rapidjson::Document document;
    document.Parse<rapidjson::kParseNumbersAsStringsFlag>(json.c_str(), json.size());
    REQUIRE_FALSE(document.HasParseError());
    return document;
}

std::string text(const rapidjson::Value& value)
{
    return {value.GetString(), value.GetStringLength()};
}

model::SimulationResult sample_result()
{
    model::SimulationResult result;
    result.simulation_id = "0e0e7511-aaaa-4bbb-8ccc-0123456789ab";
    result.baseline_home.uprn = "1001";
    result.baseline.annual = {5363.1, 1200.5, 1500.25};
    result.baseline.predicted_epc_rating = "D";
    model::Stage first;
    first.improvements = {{"Insulation", "Loft insulation"}};
    first.payback_years = {5, 10};
    first.profile.annual = {3000.04, 700.25, 899};  // 3000.04 -> 3000.0; 700.25 -> 700.3
    first.profile.annual_generation = 1250.5;
    first.profile.predicted_epc_rating = "C";
    model::Stage last;
    last.improvements = {{"Heating", "Air-source heat pump"}, {"Solar", "Solar PV"}};
    last.payback_years = {std::nullopt, 12};
    last.profile.annual = {756.2, 300.2, 400.75};
    for (std::size_t m = 0; m < 12; ++m) {
        result.baseline.monthly[m] = {400, 40, 50};
        last.profile.monthly[m] = {60, 6, 7};
    }
    result.baseline.monthly[1] = {0, 0, 0};  // February: 0 before and after
    last.profile.monthly[1] = {0, 0, 0};
    result.plan = {first, last};
    return result;
}

}  // namespace

TEST_CASE("render: the home API file passes the home through exactly", "[render]")
{
    const json::Document parsed = json::parse(k_home_json);
    REQUIRE(parsed.errors.empty());
    model::Home home;
    home.raw = std::make_shared<const json::Value>(parsed.root);
    const std::string out = render::home_api(home, {"id-a", "id-b"});

    SECTION("numbers keep the exact text they were written with")
    {
        CHECK(out.find(R"("count": 1e2)") != std::string::npos);
        CHECK(out.find(R"("area": 899,)") != std::string::npos);
        CHECK(out.find(R"("area2": 5363.1)") != std::string::npos);
        CHECK(out.find(R"("u_value": 0.25912142857142856)") != std::string::npos);
        CHECK(out.find(R"("average_thermal_transmittance": "1.7184332484519738")") != std::string::npos);
        const rapidjson::Document d = as_written(out);
        CHECK(text(d["home"]["location"]["coordinates"][0]) == "-1.5491");
        CHECK(d["home"]["walls"]["average_thermal_transmittance"].IsString());
    }
    SECTION("every field, in order, with strings, booleans and null as data")
    {
        const rapidjson::Document d = as_written(out);
        std::vector<std::string> keys;
        for (const auto& member : d["home"].GetObject()) {
            keys.push_back(text(member.name));
        }
        CHECK(keys
            == std::vector<std::string> {
                "uprn", "count", "area", "area2", "walls", "location", "flags", "note", "extra field"});
        CHECK(text(d["home"]["uprn"]) == "1001");
        CHECK(text(d["home"]["note"]) == "say \"hi\"\n");
        CHECK(d["home"]["flags"][0].IsTrue());
        CHECK(d["home"]["flags"][1].IsFalse());
        CHECK(d["home"]["flags"][2].IsNull());
        CHECK(d["home"]["extra field"].IsObject());
    }
    SECTION("the home's simulations are listed by id")
    {
        const rapidjson::Document d = as_written(out);
        REQUIRE(d["simulations"].Size() == 2);
        CHECK(text(d["simulations"][0]) == "id-a");
        CHECK(text(d["simulations"][1]) == "id-b");
        CHECK(out.back() == '\n');
    }
    SECTION("a home with no simulation lists none")
    {
        const rapidjson::Document d = as_written(render::home_api(home, {}));
        CHECK(d["simulations"].IsArray());
        CHECK(d["simulations"].Empty());
    }
    SECTION("the object put down as text, as a build does between its passes, gives the same file")
    {
        const std::string object = render::home_object_text(*home.raw);
        // Indented for its place: members four spaces in, the brace closing two.
        CHECK(object.substr(0, 20) == "{\n    \"uprn\": \"1001\"");
        CHECK(object.substr(object.size() - 4) == "\n  }");
        model::Home unpacked;
        unpacked.raw_text = object;
        CHECK(render::home_api(unpacked, {"id-a", "id-b"}) == out);
    }
    SECTION("a home with no object has null")
    {
        CHECK(as_written(render::home_api(model::Home {}, {}))["home"].IsNull());
    }
}

TEST_CASE("render: the comparison API file holds the chart's numbers", "[render]")
{
    const model::SimulationResult result = sample_result();
    const std::string out = render::comparison_api(result, derive::compare(result));
    const rapidjson::Document d = as_written(out);

    SECTION("identity and units")
    {
        CHECK(text(d["simulation_id"]) == "0e0e7511-aaaa-4bbb-8ccc-0123456789ab");
        CHECK(text(d["uprn"]) == "1001");
        CHECK(text(d["unit"]) == "kWh");
        CHECK(text(d["co2e"]["unit"]) == "kg CO2e");
        CHECK(text(d["operating_cost"]["unit"]) == "GBP");
        CHECK(text(d["baseline_predicted_epc_rating"]) == "D");
        CHECK(out.back() == '\n');
    }
    SECTION("the year, written without float noise")
    {
        // 5363.1 - 756.2 = 4606.9 (not 4606.900000000001); 4606.9 / 5363.1 = 85.8999...% -> 85.9
        CHECK(text(d["annual"]["baseline"]) == "5363.1");
        CHECK(text(d["annual"]["improved"]) == "756.2");
        CHECK(text(d["annual"]["saving"]) == "4606.9");
        CHECK(text(d["annual"]["saving_percent"]) == "85.9");
        // 1200.5 - 300.2 = 900.3; 900.3 / 1200.5 = 74.99375% -> 75.0
        CHECK(text(d["co2e"]["annual"]["saving"]) == "900.3");
        CHECK(text(d["co2e"]["annual"]["saving_percent"]) == "75.0");
        // 1500.25 - 400.75 = 1099.5; 1099.5 / 1500.25 = 73.288% -> 73.3
        CHECK(text(d["operating_cost"]["annual"]["saving"]) == "1099.5");
        CHECK(text(d["operating_cost"]["annual"]["saving_percent"]) == "73.3");
    }
    SECTION("twelve months in calendar order")
    {
        const auto& months = d["months"];
        REQUIRE(months.Size() == 12);
        CHECK(text(months[9]["month"]) == "10");
        CHECK(text(months[9]["label"]) == "Oct");
        // 400 - 60 = 340; 340 / 400 = 85%
        CHECK(text(months[9]["saving"]) == "340.0");
        CHECK(text(months[9]["saving_percent"]) == "85.0");
        // February: 0 before, so no percent
        CHECK(text(months[1]["saving"]) == "0.0");
        CHECK(months[1]["saving_percent"].IsNull());
        // cost in March: 50 - 7 = 43; 43 / 50 = 86%
        CHECK(text(d["operating_cost"]["months"][2]["saving_percent"]) == "86.0");
    }
    SECTION("each stage of the plan")
    {
        const auto& stages = d["stages"];
        REQUIRE(stages.Size() == 2);
        CHECK(text(stages[0]["stage"]) == "1");
        CHECK(text(stages[0]["measures"][0]["category"]) == "Insulation");
        CHECK(text(stages[0]["measures"][0]["measure"]) == "Loft insulation");
        CHECK(text(stages[0]["payback_years"][0]) == "5");
        CHECK(text(stages[0]["payback_years"][1]) == "10");
        CHECK(text(stages[0]["annual"]["energy"]) == "3000.0");
        CHECK(text(stages[0]["annual"]["co2e"]) == "700.3");
        CHECK(text(stages[0]["annual"]["operating_cost"]) == "899.0");
        CHECK(text(stages[0]["annual"]["energy_generated"]) == "1250.5");
        CHECK(text(stages[0]["predicted_epc_rating"]) == "C");
        CHECK(text(stages[1]["stage"]) == "2");
        CHECK(stages[1]["measures"].Size() == 2);
        CHECK(stages[1]["payback_years"][0].IsNull());
        CHECK(text(stages[1]["payback_years"][1]) == "12");
        CHECK(stages[1]["predicted_epc_rating"].IsNull());
    }
}

TEST_CASE("render: with an empty plan the comparison has no after figures", "[render]")
{
    model::SimulationResult result = sample_result();
    result.plan.clear();
    result.baseline.predicted_epc_rating.reset();
    const rapidjson::Document d = as_written(render::comparison_api(result, derive::compare(result)));
    CHECK(text(d["annual"]["baseline"]) == "5363.1");
    CHECK(d["annual"]["improved"].IsNull());
    CHECK(d["annual"]["saving"].IsNull());
    CHECK(d["annual"]["saving_percent"].IsNull());
    CHECK(d["months"][0]["improved"].IsNull());
    CHECK(d["co2e"]["annual"]["saving"].IsNull());
    CHECK(d["baseline_predicted_epc_rating"].IsNull());
    CHECK(d["stages"].IsArray());
    CHECK(d["stages"].Empty());
}

TEST_CASE("render: JSON for a <script> element is compact and cannot end it or break the script", "[render]")
{
    SECTION("<, > and & become \\u escapes")
    {
        CHECK(render::compact_json_for_script(R"({"a":"</script><b>&"})")
            == R"({"a":"\u003c/script\u003e\u003cb\u003e\u0026"})");
        // Each escape is six bytes for one: a string of them is six times as long.
        std::string many;
        for (int i = 0; i < 100; ++i) {
            many += "\\u003e";
        }
        CHECK(render::compact_json_for_script("\"" + std::string(100, '>') + "\"") == "\"" + many + "\"");
    }
    SECTION("U+2028 and U+2029 become \\u escapes")
    {
        // U+2028 is E2 80 A8 in UTF-8, U+2029 E2 80 A9
        CHECK(render::compact_json_for_script("\"a\u2028b\u2029c\"") == R"("a\u2028b\u2029c")");
    }
    SECTION("other characters, multi-byte ones included, are unchanged")
    {
        // the euro sign E2 82 AC shares its first byte with U+2028; a cut sequence at the end stays
        CHECK(render::compact_json_for_script("\"\xE2\x82\xAC 1\"") == "\"\xE2\x82\xAC 1\"");
        CHECK(render::compact_json_for_script("\xE2\x80") == "\xE2\x80");
        CHECK(render::compact_json_for_script("") == "");
    }
    SECTION("whitespace between tokens is dropped, whitespace in strings kept")
    {
        CHECK(render::compact_json_for_script("{\n  \"a b\": [1, \"x\\\" y\"],\n\t\"c\":\r\n true\n}\n")
            == R"({"a b":[1,"x\" y"],"c":true})");
        // Runs of spaces are passed eight at a time: runs of 7 to 17, one at the very end.
        const std::string indented = "{\n" + std::string(17, ' ') + "\"a\":" + std::string(9, ' ') + "\""
            + std::string(8, ' ') + "x\",\n" + std::string(16, ' ') + "\"b\": 1\n" + std::string(7, ' ') + "}"
            + std::string(8, ' ');
        CHECK(render::compact_json_for_script(indented) == R"({"a":"        x","b":1})");
    }
    SECTION("the result is still JSON with the same data")
    {
        const std::string json = "{\n  \"a\": \"</script> & \u2028\",\n  \"b\": [1, 2.5]\n}\n";
        const rapidjson::Document before = as_written(json);
        const rapidjson::Document after = as_written(render::compact_json_for_script(json));
        CHECK(before == after);
    }
}
