// Derive: before/after figures rounded to 0.1, number formats for pages,
// the annual sentence and the Vega-Lite spec.

#include "derive/comparison.hpp"
#include "derive/format.hpp"
#include "derive/spec.hpp"

#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include <cmath>

using namespace retrofit;

namespace {

model::Summary summary(double energy, double co2e, double cost)
{
    return {energy, co2e, cost};
}

/// Baseline: 5363.1 kWh, 1200.5 kg, £1500.25 a year; January 900.5, February 0, July -12.5, others 400.
/// Stage 1 (not the last, so never "after"): 3000 kWh. Stage 2 ("after"): 756.2 kWh, 300.2 kg, £400.75;
/// January 150.25, February 0, July -20, others 60.
model::SimulationResult sample_result()
{
    model::SimulationResult result;
    result.simulation_id = "0e0e7511-aaaa-4bbb-8ccc-0123456789ab";
    result.baseline.annual = summary(5363.1, 1200.5, 1500.25);
    model::Stage first;
    first.profile.annual = summary(3000, 700, 900);
    model::Stage last;
    last.profile.annual = summary(756.2, 300.2, 400.75);
    for (std::size_t m = 0; m < 12; ++m) {
        result.baseline.monthly[m] = summary(400, 40, 50);
        first.profile.monthly[m] = summary(9999, 9999, 9999);
        last.profile.monthly[m] = summary(60, 6, 7);
    }
    result.baseline.monthly[0] = summary(900.5, 90, 110);
    last.profile.monthly[0] = summary(150.25, 15, 20);
    result.baseline.monthly[1] = summary(0, 0, 0);
    last.profile.monthly[1] = summary(0, 0, 0);
    result.baseline.monthly[6] = summary(-12.5, -1.5, -3);
    last.profile.monthly[6] = summary(-20, -2, -4);
    result.plan = {first, last};
    return result;
}

bool has(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

model::Home sample_home()
{
    model::Home home;
    home.uprn = "1001";
    home.address_lines = {"1 High Street", "Flat 2"};
    home.postcode = "LS1 1AA";
    return home;
}

rapidjson::Document parsed(const std::string& json)
{
    rapidjson::Document document;
    document.Parse(json.c_str(), json.size());
    REQUIRE_FALSE(document.HasParseError());
    return document;
}

}  // namespace

TEST_CASE("derive: figures round to one decimal place without float noise", "[derive]")
{
    SECTION("5363.1 - 756.2 is 4606.9, not 4606.900000000001")
    {
        CHECK(5363.1 - 756.2 != 4606.9);  // the trap is real in binary floating point
        CHECK(derive::round_tenth(5363.1 - 756.2) == 4606.9);
    }
    SECTION("halves round away from zero")
    {
        // 1500.25 * 10 = 15002.5 exactly -> 15003 -> 1500.3; -2.25 -> -22.5 -> -23 -> -2.3
        CHECK(derive::round_tenth(1500.25) == 1500.3);
        CHECK(derive::round_tenth(-2.25) == -2.3);
    }
    SECTION("a small negative rounds to 0, never -0")
    {
        // -0.04 * 10 = -0.4 -> round gives -0.0, which would print as "-0.0"
        CHECK(derive::round_tenth(-0.04) == 0.0);
        CHECK_FALSE(std::signbit(derive::round_tenth(-0.04)));
    }
}

TEST_CASE("derive: a figure compares a baseline with the improved value", "[derive]")
{
    SECTION("the float-noise trap: saving 4606.9 and 85.9 percent")
    {
        // 5363.1 - 756.2 = 4606.9; 4606.9 / 5363.1 = 0.858999... -> 85.8999... -> 85.9
        const derive::Figure f = derive::compare(5363.1, 756.2);
        CHECK(f.baseline == 5363.1);
        CHECK(f.improved == 756.2);
        CHECK(f.saving == 4606.9);
        CHECK(f.saving_percent == 85.9);
    }
    SECTION("figures are rounded once, from the unrounded inputs")
    {
        // 1200.5 - 300.2 = 900.3; 900.3 / 1200.5 * 100 = 74.99375 -> 75.0
        const derive::Figure f = derive::compare(1200.5, 300.2);
        CHECK(f.saving == 900.3);
        CHECK(f.saving_percent == 75.0);
    }
    SECTION("no improved value: no saving and no percent")
    {
        const derive::Figure f = derive::compare(899, std::nullopt);
        CHECK(f.baseline == 899);
        CHECK_FALSE(f.improved);
        CHECK_FALSE(f.saving);
        CHECK_FALSE(f.saving_percent);
    }
    SECTION("a baseline of 0 has a saving but no percent")
    {
        // 0 - 10 = -10: a rise, shown as a negative saving
        const derive::Figure f = derive::compare(0, 10);
        CHECK(f.improved == 10.0);
        CHECK(f.saving == -10.0);
        CHECK_FALSE(f.saving_percent);
    }
    SECTION("negative figures")
    {
        // -12.5 - (-20) = 7.5; 7.5 / -12.5 * 100 = -60
        const derive::Figure f = derive::compare(-12.5, -20);
        CHECK(f.saving == 7.5);
        CHECK(f.saving_percent == -60.0);
    }
}

TEST_CASE("derive: a result compares its baseline with the last stage of its plan", "[derive]")
{
    const derive::Comparison c = derive::compare(sample_result());

    SECTION("the year, in energy, carbon and cost")
    {
        CHECK(c.energy.annual.baseline == 5363.1);
        CHECK(c.energy.annual.improved == 756.2);
        CHECK(c.energy.annual.saving == 4606.9);
        CHECK(c.energy.annual.saving_percent == 85.9);
        // 1200.5 - 300.2 = 900.3 -> 75.0%
        CHECK(c.co2e.annual.saving == 900.3);
        CHECK(c.co2e.annual.saving_percent == 75.0);
        // Money keeps its pence: 1500.25 and 400.75; 1500.25 - 400.75 = 1099.5; 1099.5 / 1500.25 = 0.73288 -> 73.3
        CHECK(c.cost.annual.baseline == 1500.25);
        CHECK(c.cost.annual.improved == 400.75);
        CHECK(c.cost.annual.saving == 1099.5);
        CHECK(c.cost.annual.saving_percent == 73.3);
    }
    SECTION("each month, January first")
    {
        // 150.25 -> 150.3; 900.5 - 150.25 = 750.25 -> 750.3; 750.25 / 900.5 = 0.83315 -> 83.3
        CHECK(c.energy.months[0].baseline == 900.5);
        CHECK(c.energy.months[0].improved == 150.3);
        CHECK(c.energy.months[0].saving == 750.3);
        CHECK(c.energy.months[0].saving_percent == 83.3);
        // February: 0 before, 0 after: no percent of nothing
        CHECK(c.energy.months[1].saving == 0.0);
        CHECK_FALSE(c.energy.months[1].saving_percent);
        // July: -12.5 before, -20 after
        CHECK(c.energy.months[6].saving == 7.5);
        // December: 400 - 60 = 340; 340 / 400 = 85%
        CHECK(c.energy.months[11].saving_percent == 85.0);
        // cost in March: 50 - 7 = 43 -> 86%
        CHECK(c.cost.months[2].saving_percent == 86.0);
        CHECK(c.co2e.months[2].saving == 34.0);
    }
    SECTION("no plan: only the baseline")
    {
        model::SimulationResult result = sample_result();
        result.plan.clear();
        const derive::Comparison none = derive::compare(result);
        CHECK(none.energy.annual.baseline == 5363.1);
        CHECK_FALSE(none.energy.annual.improved);
        CHECK_FALSE(none.energy.months[0].improved);
        CHECK_FALSE(none.cost.months[11].saving);
    }
}

TEST_CASE("derive: numbers are written as a UK reader writes them", "[derive]")
{
    SECTION("thousands separators and fixed decimals")
    {
        // 1234567.25 * 10 = 12345672.5 -> 12345673
        CHECK(derive::grouped(1234567.25, 1) == "1,234,567.3");
        CHECK(derive::grouped(1000000, 0) == "1,000,000");
        CHECK(derive::grouped(123456, 0) == "123,456");
        CHECK(derive::grouped(999, 0) == "999");
        CHECK(derive::grouped(0, 1) == "0.0");
        // 0.05 * 100 = 5: the fraction is padded to "05"
        CHECK(derive::grouped(0.05, 2) == "0.05");
        // 999.96 * 10 = 9999.6 -> 10000: the carry reaches the thousands
        CHECK(derive::grouped(999.96, 1) == "1,000.0");
    }
    SECTION("negatives keep their sign, except when they round to zero")
    {
        CHECK(derive::grouped(-1234.5, 2) == "-1,234.50");
        CHECK(derive::grouped(-0.04, 1) == "0.0");
    }
    SECTION("units")
    {
        CHECK(derive::kwh(4606.9) == "4,606.9 kWh");
        CHECK(derive::kg_co2e(7595.25) == "7,595.3 kg CO2e");  // 75952.5 -> 75953
        CHECK(derive::percent(85.9) == "85.9%");
        CHECK(derive::percent(-60) == "-60.0%");
        CHECK(derive::pounds(2507.3)
            == "\u00A3"
               "2,507.30");
        CHECK(derive::pounds(-12.5)
            == "-\u00A3"
               "12.50");
        CHECK(derive::pounds(-0.001)
            == "\u00A3"
               "0.00");
    }
}

TEST_CASE("derive: a number too large for a long long is still written, not a crash", "[derive]")
{
    // A home may give any finite number: "total_floor_area": 1e20 passes the model. 1e20 * 10
    // exceeds 2^63 (about 9.22e18), so llround cannot hold the scaled value.
    CHECK(derive::grouped(1e20, 1) == "100,000,000,000,000,000,000.0");
    CHECK(derive::grouped(-1e20, 0) == "-100,000,000,000,000,000,000");
    // below the limit: 9e17 * 10 = 9e18 < 9.22e18
    CHECK(derive::grouped(9e17, 1) == "900,000,000,000,000,000.0");
}

TEST_CASE("derive: the annual sentence states before, after and the saving", "[derive]")
{
    SECTION("with a plan")
    {
        CHECK(derive::annual_summary(derive::compare(5363.1, 756.2))
            == "A year: 5,363.1 kWh before, 756.2 kWh after, a saving of 4,606.9 kWh (85.9%).");
    }
    SECTION("with a plan and a baseline of 0: no percent")
    {
        CHECK(derive::annual_summary(derive::compare(0, 10))
            == "A year: 0.0 kWh before, 10.0 kWh after, a saving of -10.0 kWh.");
    }
    SECTION("without a plan")
    {
        CHECK(derive::annual_summary(derive::compare(5363.1, std::nullopt))
            == "A year: 5,363.1 kWh. No improvement plan was simulated.");
    }
}

TEST_CASE("derive: the chart subtitle gives the totals and the saving on two lines", "[derive]")
{
    using Lines = std::vector<std::string>;
    SECTION("with a plan: 5363.1 - 756.2 = 4606.9, 85.9% of 5363.1")
    {
        CHECK(derive::subtitle_lines(derive::compare(5363.1, 756.2))
            == Lines {"A year: 5,363.1 kWh before, 756.2 kWh after", "Saving: 4,606.9 kWh (85.9%)"});
    }
    SECTION("with a baseline of 0: no percent")
    {
        CHECK(derive::subtitle_lines(derive::compare(0, 10))
            == Lines {"A year: 0.0 kWh before, 10.0 kWh after", "Saving: -10.0 kWh"});
    }
    SECTION("without a plan")
    {
        CHECK(derive::subtitle_lines(derive::compare(5363.1, std::nullopt))
            == Lines {"A year: 5,363.1 kWh", "No improvement plan was simulated"});
    }
}

TEST_CASE("derive: the chart spec holds every stage and describes itself", "[derive]")
{
    const derive::Comparison comparison = derive::compare(sample_result());
    const rapidjson::Document spec = parsed(derive::chart_spec(sample_home(), comparison));
    const auto text = [](const rapidjson::Value& value) { return std::string(value.GetString()); };

    SECTION("header, title and description")
    {
        CHECK(text(spec["$schema"]) == "https://vega.github.io/schema/vega-lite/v6.json");
        const std::string summary = "A year: 5,363.1 kWh before, 756.2 kWh after, a saving of 4,606.9 kWh (85.9%).";
        CHECK(text(spec["description"])
            == "Bar chart of monthly energy use at 1 High Street, LS1 1AA, before and after the improvement plan. "
                + summary);
        CHECK(text(spec["title"]["text"]["expr"])
            == "metric == 'cost' ? 'Running cost by month (\u00A3)' : metric == 'co2e' ? 'Carbon by month (kg CO2e)' "
               ": 'Energy use by month (kWh)'");
        const std::string subtitle = text(spec["title"]["subtitle"]["expr"]);
        // Last stage: 5363.1 - 756.2 = 4606.9; 4606.9 / 5363.1 = 85.90%.
        CHECK(has(subtitle, "['A year: 5,363.1 kWh before, 756.2 kWh after', 'Saving: 4,606.9 kWh (85.9%)']"));
        // Stage 1: 5363.1 - 3000 = 2363.1; 2363.1 / 5363.1 = 44.06%.
        CHECK(
            has(subtitle, "['A year: 5,363.1 kWh before, 3,000.0 kWh after stage 1', 'Saving: 2,363.1 kWh (44.1%)']"));
        // Cost, last stage: 1500.25 - 400.75 = 1099.5; 1099.5 / 1500.25 = 73.29%.
        CHECK(has(subtitle, "['A year: \u00A31,500.25 before, \u00A3400.75 after', 'Saving: \u00A31,099.50 (73.3%)']"));
        CHECK(has(subtitle, "][stage - 1]"));
        CHECK(text(spec["width"]) == "container");
        CHECK(spec["height"].GetInt() == 320);
        CHECK(text(spec["mark"]["type"]) == "bar");
    }
    SECTION("per month: the baseline, then the home after each stage")
    {
        const auto& values = spec["data"]["values"];
        REQUIRE(values.Size() == 36);  // 12 months x (baseline + 2 stages)
        CHECK(values[0]["month"].GetInt() == 1);
        CHECK(text(values[0]["label"]) == "Jan");
        CHECK(text(values[0]["month_name"]) == "January");
        CHECK(text(values[0]["series"]) == "before");
        CHECK(values[0]["stage"].GetInt() == 0);
        CHECK(values[0]["energy"].GetDouble() == 900.5);
        CHECK(values[0]["cost"].GetDouble() == 110);
        CHECK(values[0]["co2e"].GetDouble() == 90);
        CHECK_FALSE(values[0].HasMember("saving_energy"));
        CHECK(values[1]["stage"].GetInt() == 1);
        CHECK(values[1]["energy"].GetDouble() == 9999);
        CHECK(values[1]["saving_energy"].GetDouble() == -9098.5);  // 900.5 - 9999
        CHECK(text(values[2]["series"]) == "after");
        CHECK(values[2]["stage"].GetInt() == 2);
        CHECK(values[2]["energy"].GetDouble() == 150.3);  // 150.25 to 0.1, half away from zero
        CHECK(values[2]["saving_energy"].GetDouble() == 750.3);  // 900.5 - 150.25 = 750.25
        CHECK(values[2]["saving_cost"].GetDouble() == 90);  // 110 - 20
        CHECK(values[2]["saving_co2e"].GetDouble() == 75);  // 90 - 15
        CHECK(values[18]["energy"].GetDouble() == -12.5);  // July, before
        CHECK(values[20]["energy"].GetDouble() == -20.0);  // July, after stage 2
        CHECK(text(values[33]["month_name"]) == "December");
    }
    SECTION("a metric switch and a stage selector")
    {
        const auto& params = spec["params"];
        REQUIRE(params.Size() == 2);
        CHECK(text(params[0]["name"]) == "metric");
        CHECK(text(params[0]["value"]) == "energy");
        CHECK(text(params[0]["bind"]["input"]) == "radio");
        CHECK(text(params[0]["bind"]["options"][1]) == "cost");
        CHECK(text(params[0]["bind"]["labels"][1]) == "Running cost (\u00A3)");
        CHECK(text(params[1]["name"]) == "stage");
        CHECK(params[1]["value"].GetInt() == 2);
        CHECK(text(params[1]["bind"]["input"]) == "select");
        CHECK(params[1]["bind"]["options"].Size() == 2);
        CHECK(text(params[1]["bind"]["labels"][0]) == "after stage 1 of 2");
        CHECK(text(params[1]["bind"]["labels"][1]) == "after the whole plan (stage 2)");
        CHECK(text(spec["transform"][0]["filter"]) == "datum.stage == 0 || datum.stage == stage");
        CHECK(text(spec["transform"][1]["calculate"]) == "datum[metric]");
    }
    SECTION("axes, colours and tooltips follow the metric")
    {
        const auto& encoding = spec["encoding"];
        REQUIRE(encoding["x"]["sort"].Size() == 12);
        CHECK(text(encoding["x"]["sort"][9]) == "Oct");
        CHECK(text(encoding["y"]["field"]) == "value");
        CHECK(encoding["y"]["scale"]["zero"].GetBool());
        CHECK(text(encoding["y"]["axis"]["title"]["expr"])
            == "metric == 'cost' ? 'Running cost (\u00A3)' : metric == 'co2e' ? 'Carbon (kg CO2e)' : 'Energy (kWh)'");
        CHECK(has(text(encoding["y"]["axis"]["labelExpr"]), "format(datum.value, '$,.0f')"));
        CHECK(text(encoding["color"]["scale"]["domain"][1]) == "after");
        CHECK(text(encoding["color"]["scale"]["range"][0]) == "#0072B2");
        CHECK(text(encoding["color"]["scale"]["range"][1]) == "#E69F00");
        CHECK(encoding["color"]["legend"]["title"].IsNull());
        CHECK(has(text(encoding["color"]["legend"]["labelExpr"]), "stage == 2 ? 'After improvements'"));
        REQUIRE(encoding["tooltip"].Size() == 4);
        CHECK(text(encoding["tooltip"][2]["field"]) == "value_text");
        CHECK(text(encoding["tooltip"][3]["field"]) == "saving_text");
    }
}

TEST_CASE("derive: without a plan the chart has one series and says so", "[derive]")
{
    model::SimulationResult result = sample_result();
    result.plan.clear();
    const rapidjson::Document spec = parsed(derive::chart_spec(sample_home(), derive::compare(result)));
    CHECK(std::string(spec["description"].GetString())
        == "Bar chart of monthly energy use at 1 High Street, LS1 1AA, with no improvement plan. "
           "A year: 5,363.1 kWh. No improvement plan was simulated.");
    const auto& values = spec["data"]["values"];
    REQUIRE(values.Size() == 12);
    CHECK_FALSE(values[0].HasMember("saving_energy"));
    CHECK(spec["params"].Size() == 1);  // the metric switch only
    CHECK(std::string(spec["transform"][0]["calculate"].GetString()) == "datum[metric]");
    CHECK(spec["encoding"]["tooltip"].Size() == 3);
    CHECK(has(
        spec["title"]["subtitle"]["expr"].GetString(), "['A year: 5,363.1 kWh', 'No improvement plan was simulated']"));
    // No expression names the stage signal, which only a plan brings: Vega would refuse to draw.
    const std::string text = derive::chart_spec(sample_home(), derive::compare(result));
    CHECK_FALSE(has(text, "stage =="));
    CHECK_FALSE(has(text, "+ stage"));
    CHECK(std::string(spec["encoding"]["color"]["legend"]["labelExpr"].GetString()) == "'Before improvements'");
}

TEST_CASE("derive: a comparison without its stages charts as a plan of one stage", "[derive]")
{
    derive::Comparison comparison = derive::compare(sample_result());
    comparison.by_stage.clear();
    const rapidjson::Document spec = parsed(derive::chart_spec(sample_home(), comparison));
    CHECK(spec["data"]["values"].Size() == 24);
    REQUIRE(spec["params"].Size() == 2);
    CHECK(spec["params"][1]["value"].GetInt() == 1);
    CHECK_FALSE(spec["params"][1].HasMember("bind"));  // nothing to choose with one stage
}

TEST_CASE("derive: the spec is indented as its .vl.json file holds it, ending in a newline", "[derive]")
{
    const std::string spec = derive::chart_spec(sample_home(), derive::compare(sample_result()));
    CHECK(spec.substr(0, 14) == "{\n  \"$schema\":");
    CHECK(spec.back() == '\n');
    CHECK(parsed(spec)["$schema"].IsString());
}
