// The home page a homeowner reads: headline figures as text above the
// chart, the plan's measures by category, and a chart that switches metric
// and stage. Figures worked by hand from tests/sites/small.
#include "e2e.hpp"

using e2e::has;
using test_support::read;

namespace {

std::filesystem::path built_home(const std::string& test, const std::string& uprn)
{
    const auto root = e2e::with_content(test);
    e2e::build_ok(root);
    return root / "site" / "homes" / uprn / "index.html";
}

}  // namespace

TEST_CASE("e2e: a home page gives the year's energy cost and carbon before and after as text", "[e2e]")
{
    const std::string page = read(built_home("home-headline", "1001"));
    // Result bbbbbbbb-...: 8250 -> 5000 kWh: saving 3250, 3250 / 8250 = 39.39% -> 39.4%.
    CHECK(has(page,
        "<tr><th scope=\"row\">Energy</th><td>8,250.0 kWh</td><td>5,000.0 kWh</td>"
        "<td>3,250.0 kWh (39.4%)</td></tr>"));
    // Running cost £1000 -> £1150: the heat pump costs more to run, -150 is -15.0% of 1000.
    CHECK(has(page,
        "<tr><th scope=\"row\">Running cost</th><td>\u00A31,000.00</td><td>\u00A31,150.00</td>"
        "<td>-\u00A3150.00 (-15.0%)</td></tr>"));
    // Carbon 1650 -> 700 kg: saving 950, 950 / 1650 = 57.58% -> 57.6%.
    CHECK(has(page,
        "<tr><th scope=\"row\">Carbon</th><td>1,650.0 kg CO2e</td><td>700.0 kg CO2e</td>"
        "<td>950.0 kg CO2e (57.6%)</td></tr>"));
    // EPC: D in the home file now, B predicted after the one stage.
    CHECK(has(page, "<tr><th scope=\"row\">EPC band</th><td>D</td><td>B</td><td></td></tr>"));
    CHECK(has(page, "not a forecast of your bills"));
    // The result with no plan shows today's figures only: 4321.5 kWh a year.
    CHECK(has(page, "<tr><th scope=\"row\">Energy</th><td>4,321.5 kWh</td></tr>"));
}

TEST_CASE("e2e: a home page lists the plan's measures by category with stage and payback", "[e2e]")
{
    const std::string page = read(built_home("home-categories", "3003"));
    // Result cccccccc-...: stage 1 cavity wall insulation (no payback), stage 2 solar panels (15 years).
    CHECK(has(page, "<dt>Insulation</dt>\n<dd>Cavity wall insulation <span class=\"stage-ref\">(stage 1)</span></dd>"));
    CHECK(has(
        page, "<dt>Solar</dt>\n<dd>Solar panels <span class=\"stage-ref\">(stage 2, payback 15 years)</span></dd>"));
    CHECK(has(page, "<h3>The improvement plan, in 2 stages</h3>"));
}

TEST_CASE("e2e: the chart of a two-stage plan switches metric and stage", "[e2e]")
{
    const std::string page = read(built_home("home-chart-controls", "3003"));
    CHECK(has(page, R"("name":"metric","value":"energy","bind":{"input":"radio","options":["energy","cost","co2e"])"));
    CHECK(has(page, R"("name":"stage","value":2,"bind":{"input":"select","options":[1,2])"));
    CHECK(has(page, R"x("labels":["after stage 1 of 2","after the whole plan (stage 2)"])x"));
    // The subtitle after stage 1: 12000 -> 9000 kWh, saving 3000, 25.0%.
    CHECK(has(page, "'A year: 12,000.0 kWh before, 9,000.0 kWh after stage 1', 'Saving: 3,000.0 kWh (25.0%)'"));
}
