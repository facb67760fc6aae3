// The fixture site tests/sites/small built with the project's templates.
//
// Content (numbers chosen to be worked by hand):
//   home 1001 (home file): results aaaaaaaa-... (empty plan) and bbbbbbbb-... (1 stage)
//   home 3003 (no home file): result cccccccc-... (2 stages, details from baseline_home)
//   home 4004 (home file): no result
#include "e2e.hpp"

#include <set>

using e2e::has;
using test_support::read;

namespace {

const std::string k_flat = "aaaaaaaa-1111-4111-8111-111111111111";
const std::string k_one = "bbbbbbbb-2222-4222-8222-222222222222";
const std::string k_two = "cccccccc-3333-4333-8333-333333333333";

/// The small site, built once per test into a scratch folder.
std::filesystem::path built(const std::string& test)
{
    const auto root = e2e::with_content(test);
    e2e::build_ok(root);
    return root / "site";
}

/// The JSON text inside a page's <script> for one simulation's chart.
std::string embedded_spec(const std::string& page, const std::string& id)
{
    const std::string open = "data-chart=\"chart-" + id + "\">";
    const std::size_t start = page.find(open);
    REQUIRE(start != std::string::npos);
    const std::size_t from = start + open.size();
    return page.substr(from, page.find("</script>", from) - from);
}

}  // namespace

TEST_CASE("e2e: the small site writes exactly the expected files", "[e2e]")
{
    const auto site = built("small-files");
    std::set<std::string> files;
    for (const auto& [path, bytes] : test_support::snapshot(site)) {
        files.insert(path);
    }
    const std::set<std::string> expected = {
        ".retrofit-site",
        "_headers",
        "404.html",
        "api/404.json",
        "api/energy-comparison/" + k_flat + ".json",
        "api/energy-comparison/" + k_one + ".json",
        "api/energy-comparison/" + k_two + ".json",
        "api/home/1001.json",
        "api/home/3003.json",
        "api/home/4004.json",
        "api/homes.json",
        "api/openapi.json",
        "assets/chart.js",
        "assets/docs.js",
        "assets/index.js",
        "assets/site.css",
        "docs/index.html",
        "homes/1001/" + k_flat + ".vl.json",
        "homes/1001/" + k_one + ".vl.json",
        "homes/1001/index.html",
        "homes/3003/" + k_two + ".vl.json",
        "homes/3003/index.html",
        "homes/4004/index.html",
        "index.html",
    };
    CHECK(files == expected);
    const std::filesystem::path templates = RETROFIT_TEMPLATES_DIR;
    CHECK(read(site / "assets" / "chart.js") == read(templates / "assets" / "chart.js"));
    CHECK(read(site / "assets" / "site.css") == read(templates / "assets" / "site.css"));
}

TEST_CASE("e2e: JSON files are pretty-printed with 2-space indents and end in a newline", "[e2e]")
{
    const auto site = built("small-json-format");
    for (const auto& [path, bytes] : test_support::snapshot(site)) {
        if (path.ends_with(".json")) {
            INFO(path);
            CHECK(bytes.starts_with("{\n  \""));
            CHECK(bytes.ends_with("}\n"));
            e2e::parse(bytes);
        }
    }
}

TEST_CASE("e2e: the comparison API holds the hand-worked monthly figures", "[e2e]")
{
    const auto site = built("small-comparison");
    const auto doc = e2e::parse_file(site / "api" / "energy-comparison" / (k_one + ".json"));
    CHECK(doc["simulation_id"].GetString() == k_one);
    CHECK(doc["uprn"].GetString() == std::string("1001"));
    CHECK(doc["unit"].GetString() == std::string("kWh"));
    const auto& months = doc["months"];
    REQUIRE(months.Size() == 12);
    // January: 1000.3 before, 600.1 after; 1000.3 - 600.1 = 400.2 (400.19999999999993 in
    // binary, rounded to 0.1); 400.2 / 1000.3 = 0.40008 -> 40.0%.
    CHECK(months[0]["month"].GetInt() == 1);
    CHECK(months[0]["label"].GetString() == std::string("Jan"));
    CHECK(months[0]["baseline"].GetDouble() == 1000.3);
    CHECK(months[0]["improved"].GetDouble() == 600.1);
    CHECK(months[0]["saving"].GetDouble() == 400.2);
    CHECK(months[0]["saving_percent"].GetDouble() == 40.0);
    // Month keys are written "1","10","11","12","2",... in the file; October must be
    // month 10: 650.5 - 390.3 = 260.2, and 260.2 / 650.5 = 0.4 exactly -> 40.0%.
    CHECK(months[9]["label"].GetString() == std::string("Oct"));
    CHECK(months[9]["baseline"].GetDouble() == 650.5);
    CHECK(months[9]["saving"].GetDouble() == 260.2);
    CHECK(months[1]["baseline"].GetDouble() == 900.0);  // February, not "10"
}

TEST_CASE("e2e: the comparison API's annual figures come from annual_energy_total", "[e2e]")
{
    const auto site = built("small-comparison-annual");
    const auto doc = e2e::parse_file(site / "api" / "energy-comparison" / (k_one + ".json"));
    // Annual from annual_energy_total (8250; the months sum to 8250.8):
    // 8250 - 5000 = 3250; 3250 / 8250 = 0.393939... -> 39.4%.
    const auto& annual = doc["annual"];
    CHECK(annual["baseline"].GetDouble() == 8250.0);
    CHECK(annual["improved"].GetDouble() == 5000.0);
    CHECK(annual["saving"].GetDouble() == 3250.0);
    CHECK(annual["saving_percent"].GetDouble() == 39.4);
    // Running cost goes up (heat pump): 1000 - 1150 = -150; -150 / 1000 = -15.0%.
    CHECK(doc["operating_cost"]["annual"]["saving"].GetDouble() == -150.0);
    CHECK(doc["operating_cost"]["annual"]["saving_percent"].GetDouble() == -15.0);
    // CO2e: 1650 - 700 = 950; 950 / 1650 = 0.575757... -> 57.6%.
    CHECK(doc["co2e"]["unit"].GetString() == std::string("kg CO2e"));
    CHECK(doc["co2e"]["annual"]["saving_percent"].GetDouble() == 57.6);
    REQUIRE(doc["stages"].Size() == 1);
    CHECK(doc["stages"][0]["measures"][0]["measure"].GetString() == std::string("Air-source heat pump"));
    CHECK(doc["stages"][0]["payback_years"][1].GetInt() == 12);
}

TEST_CASE("e2e: improved figures come from the last stage of the plan", "[e2e]")
{
    const auto site = built("small-last-stage");
    const auto doc = e2e::parse_file(site / "api" / "energy-comparison" / (k_two + ".json"));
    // Stage 1 leaves 9000 a year, stage 2 leaves 4800: 12000 - 4800 = 7200; 7200 / 12000 = 60.0%.
    CHECK(doc["annual"]["improved"].GetDouble() == 4800.0);
    CHECK(doc["annual"]["saving"].GetDouble() == 7200.0);
    CHECK(doc["annual"]["saving_percent"].GetDouble() == 60.0);
    // January: 2000 before, 800 after the last stage (1500 after stage 1).
    CHECK(doc["months"][0]["improved"].GetDouble() == 800.0);
    CHECK(doc["months"][0]["saving"].GetDouble() == 1200.0);
    REQUIRE(doc["stages"].Size() == 2);
    CHECK(doc["stages"][1]["annual"]["energy_generated"].GetDouble() == 1234.6);  // 1234.56 to 0.1
    CHECK(doc["stages"][0]["payback_years"][0].IsNull());
}

TEST_CASE("e2e: a result with an empty plan has null improved figures", "[e2e]")
{
    const auto site = built("small-empty-plan");
    const auto doc = e2e::parse_file(site / "api" / "energy-comparison" / (k_flat + ".json"));
    CHECK(doc["months"][0]["baseline"].GetDouble() == 523.4);
    CHECK(doc["months"][0]["improved"].IsNull());
    CHECK(doc["months"][0]["saving"].IsNull());
    CHECK(doc["months"][0]["saving_percent"].IsNull());
    // The annual figure is the simulation's own total (4321.5), not the months' sum (4363.4).
    CHECK(doc["annual"]["baseline"].GetDouble() == 4321.5);
    CHECK(doc["annual"]["improved"].IsNull());
    CHECK(doc["stages"].Size() == 0);
}

TEST_CASE("e2e: the home API passes the home object through exactly", "[e2e]")
{
    const auto site = built("small-home-api");
    const std::string text = read(site / "api" / "home" / "1001.json");
    CHECK(has(text, "\"glazing_ratio\": 0.1000000000000000055511"));
    CHECK(has(text, "\"window_count\": 1e2"));
    CHECK(has(text, "\"total_floor_area\": 72.50"));
    CHECK(has(text, "\"average_thermal_transmittance\": \"2.3456789012345678\""));
    const auto output = e2e::parse_exact(text);
    const auto input = e2e::parse_exact(read(e2e::fixture("small") / "content" / "homes" / "1001.json"));
    CHECK(output["home"] == input);
    REQUIRE(output["simulations"].Size() == 2);
    CHECK(output["simulations"][0].GetString() == k_flat);
    CHECK(output["simulations"][1].GetString() == k_one);
}

TEST_CASE("e2e: a home without a home file takes its details from the result", "[e2e]")
{
    const auto site = built("small-baseline-home");
    const auto output = e2e::parse_exact(read(site / "api" / "home" / "3003.json"));
    const auto result = e2e::parse_exact(read(e2e::fixture("small") / "content" / "results" / (k_two + ".json")));
    CHECK(output["home"] == result["baseline_home"]);
    const std::string page = read(site / "homes" / "3003" / "index.html");
    CHECK(has(page, "<span class=\"address-line\">3 Mill Lane</span>"));
    CHECK(has(page, "<dd>not known</dd>"));  // epc_rating null
}

TEST_CASE("e2e: a home with no result gets an API file and a page saying so", "[e2e]")
{
    const auto site = built("small-no-result");
    const auto doc = e2e::parse_file(site / "api" / "home" / "4004.json");
    CHECK(doc["simulations"].Size() == 0);
    CHECK(doc["home"]["uprn"].GetString() == std::string("4004"));
    const std::string page = read(site / "homes" / "4004" / "index.html");
    CHECK(has(page, "No simulation is available for this home yet."));
    CHECK(has(page, "<span class=\"address-line\">4 Quay Street</span>"));
    CHECK_FALSE(has(page, "vega"));
}

TEST_CASE("e2e: a home page shows the address escaped, the summary and the pinned scripts", "[e2e]")
{
    const auto site = built("small-home-page");
    const std::string page = read(site / "homes" / "1001" / "index.html");
    CHECK(has(page, "<html lang=\"en-GB\">"));
    CHECK(has(page, "<title>12 Elm &amp; Oak Row, Flat &lt;B&gt;, Lowbury LB1 2CD | Lowbury &amp; District Retrofit"));
    CHECK(has(page, "<span class=\"address-line\">12 Elm &amp; Oak Row</span>"));
    CHECK_FALSE(has(page, "Elm & Oak"));
    CHECK_FALSE(has(page, "<B>"));
    CHECK_FALSE(has(page, "simulation copy"));  // the home file wins over the result's baseline_home
    CHECK(has(page, "<dd>72.5 m\u00B2</dd>"));
    CHECK(has(page, "<dd>D (score 61)</dd>"));
    // 8250 before, 5000 after, 3250 saved, 39.4% (see the comparison test).
    CHECK(has(page, "A year: 8,250.0 kWh before, 5,000.0 kWh after, a saving of 3,250.0 kWh (39.4%)."));
    CHECK(has(page, "A year: 4,321.5 kWh. No improvement plan was simulated."));
    CHECK(has(page, "<h3>The improvement plan, in 1 stage</h3>"));
    CHECK(has(page, "Stage 1: 5,000.0 kWh a year after this stage, payback 7 to 12 years"));
    CHECK(has(page, "<tr><th scope=\"row\">January</th><td>1,000.3 kWh</td><td>600.1 kWh</td><td>400.2 kWh</td></tr>"));
    CHECK(has(page, "<script src=\"https://cdn.jsdelivr.net/npm/vega@6.4.0/build/vega.min.js\""));
    CHECK(has(page, "<script src=\"https://cdn.jsdelivr.net/npm/vega-lite@6.5.0/build/vega-lite.min.js\""));
    CHECK(has(page, "<script src=\"https://cdn.jsdelivr.net/npm/vega-embed@7.3.0/build/vega-embed.min.js\""));
}

TEST_CASE("e2e: the page embeds the same chart spec as the .vl.json file", "[e2e]")
{
    const auto site = built("small-embedded-spec");
    const std::string page = read(site / "homes" / "1001" / "index.html");
    const std::string embedded = embedded_spec(page, k_one);
    CHECK(has(embedded, "12 Elm \\u0026 Oak Row"));
    const auto from_page = e2e::parse(embedded);
    const auto from_file = e2e::parse_file(site / "homes" / "1001" / (k_one + ".vl.json"));
    CHECK(from_page == from_file);
}

TEST_CASE("e2e: the .vl.json spec is Vega-Lite v6 with a row per month and series", "[e2e]")
{
    const auto site = built("small-spec");
    const auto spec = e2e::parse_file(site / "homes" / "1001" / (k_one + ".vl.json"));
    CHECK(spec["$schema"].GetString() == std::string("https://vega.github.io/schema/vega-lite/v6.json"));
    const auto& rows = spec["data"]["values"];
    REQUIRE(rows.Size() == 24);  // per month: before, then after the one stage
    CHECK(rows[0]["series"].GetString() == std::string("before"));
    CHECK(rows[0]["energy"].GetDouble() == 1000.3);
    CHECK(rows[1]["series"].GetString() == std::string("after"));
    CHECK(rows[1]["label"].GetString() == std::string("Jan"));
    CHECK(rows[1]["energy"].GetDouble() == 600.1);
    CHECK(rows[1]["saving_energy"].GetDouble() == 400.2);  // 1000.3 - 600.1
    CHECK(spec["encoding"]["y"]["scale"]["zero"].GetBool());
    const auto flat = e2e::parse_file(site / "homes" / "1001" / (k_flat + ".vl.json"));
    REQUIRE(flat["data"]["values"].Size() == 12);  // no plan: before only
    CHECK_FALSE(flat["data"]["values"][0].HasMember("saving_energy"));
}
