// Render: templates are loaded and checked before any page is made, and the
// pages carry every value of their view, escaped.

#include "derive/comparison.hpp"
#include "derive/spec.hpp"
#include "load/content.hpp"
#include "render/pages.hpp"
#include "render/templates.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <rapidjson/document.h>

namespace fs = std::filesystem;
using namespace retrofit;
using Messages = std::vector<std::string>;

namespace {

// Small templates that show every key of the views, one value after each [label].
const char* const k_head = "<title>{{page_title}} | {{site_title}}</title>[root]{{root}}\n"
                           "{{#scripts}}<script src=\"{{src}}\"></script>\n{{/scripts}}";
const char* const k_home = R"({{> head}}
{{#address_lines}}<li>{{line}}</li>{{/address_lines}}
[place]{{town}} {{postcode}}
{{#facts}}[fact]{{label}}={{value}}
{{/facts}}[api]{{api_href}}
{{^has_simulations}}[no simulation]{{/has_simulations}}
{{#simulations}}[sim]{{simulation_id}} {{chart_id}} {{spec_href}} {{api_href}}
[summary]{{summary}}
<script type="application/json">{{{spec_json}}}</script>
[plan]{{stage_count}}{{^has_plan}} none{{/has_plan}}
{{#stages}}[stage {{number}}]{{energy_after}}{{#has_payback}}, payback {{payback}}{{/has_payback}}
{{#measures}}[measure]{{category}}: {{measure}}
{{/measures}}{{/stages}}{{#months}}[month]{{month}}|{{before}}|{{after}}|{{saving}}
{{/months}}{{/simulations}})";
// The index is required to load; render_index_test.cpp tests its view.
const char* const k_index = "{{> head}}";

fs::path template_folder(const std::string& name)
{
    const fs::path dir = test_support::scratch(name);
    test_support::write(dir / "head.mustache", k_head);
    test_support::write(dir / "home.mustache", k_home);
    test_support::write(dir / "index.mustache", k_index);
    return dir;
}

Messages formatted(const Diagnostics& sink)
{
    Messages out;
    for (const auto& diagnostic : sink.items()) {
        out.push_back(format_diagnostic(diagnostic));
    }
    return out;
}

bool has(const std::string& page, const std::string& part)
{
    return page.find(part) != std::string::npos;
}

model::Home sample_home()
{
    model::Home home;
    home.uprn = "1001";
    home.address_lines = {"1 High Street", "Flat 2"};
    home.town = "Leeds";
    home.postcode = "LS1 1AA";
    home.property_type = "house";
    home.built_form = "semi-Detached";
    home.total_floor_area = 1085.25;  // 10852.5 -> 10853 -> "1,085.3"
    home.epc_rating = "D";
    home.epc_score = 61;
    return home;
}

/// Baseline 5363.1 kWh a year, 400 a month; after the plan 756.2 a year, 60 a month.
model::SimulationResult sample_result()
{
    model::SimulationResult result;
    result.simulation_id = "0e0e7511-aaaa-4bbb-8ccc-0123456789ab";
    result.baseline.annual = {5363.1, 0, 0};
    model::Stage first;
    first.improvements = {{"Insulation", "Loft insulation"}};
    first.payback_years = {5, 10};
    first.profile.annual = {3000.04, 0, 0};
    model::Stage last;
    last.improvements = {{"Heating", "</script><b>pump</b>"}};
    last.payback_years = {std::nullopt, std::nullopt};
    last.profile.annual = {756.2, 0, 0};
    for (std::size_t m = 0; m < 12; ++m) {
        result.baseline.monthly[m].energy = 400;
        last.profile.monthly[m].energy = 60;
    }
    result.plan = {first, last};
    return result;
}

/// The body of the page's first application/json script element.
std::string script_body(const std::string& page)
{
    const std::string open = "<script type=\"application/json\">";
    const std::size_t start = page.find(open);
    REQUIRE(start != std::string::npos);
    const std::size_t end = page.find("</script>", start);
    REQUIRE(end != std::string::npos);
    return page.substr(start + open.size(), end - start - open.size());
}

}  // namespace

TEST_CASE("render: templates and assets load from a folder", "[render]")
{
    const fs::path dir = template_folder("unit-render-load");
    test_support::write(dir / "README.md", "{{ not a template");
    test_support::write(dir / "assets" / "site.css", "body {}");
    test_support::write(dir / "assets" / "js" / "chart.js", "draw();");
    test_support::write(dir / "assets" / ".DS_Store", "junk");
    Diagnostics sink;
    const render::Templates templates = render::Templates::load(dir, sink);
    CHECK(formatted(sink).empty());
    CHECK(
        templates.assets() == std::map<std::string, std::string> {{"js/chart.js", "draw();"}, {"site.css", "body {}"}});
    // every template is a partial by its name
    CHECK(templates.render("head", {}) == "<title> | </title>[root]\n");
}

TEST_CASE("render: template problems are reported with the template's file and line", "[render]")
{
    const fs::path dir = template_folder("unit-render-errors");
    Diagnostics sink;
    SECTION("a missing templates folder")
    {
        render::Templates::load(dir / "none", sink);
        CHECK(formatted(sink)
            == Messages {
                (dir / "none").string() + ": error: templates folder not found (give one with --templates DIR)"});
    }
    SECTION("a required template is missing")
    {
        fs::remove(dir / "index.mustache");
        render::Templates::load(dir, sink);
        CHECK(
            formatted(sink) == Messages {(dir / "index.mustache").string() + ": error: required template is missing"});
    }
    SECTION("an unclosed tag")
    {
        // "<h1>\n" is bytes 0-4; the tag opens at byte 5: line 2, column 1
        test_support::write(dir / "index.mustache", "<h1>\n{{title</h1>");
        render::Templates::load(dir, sink);
        CHECK(formatted(sink) == Messages {(dir / "index.mustache").string() + ":2:1: error: unclosed tag"});
    }
    SECTION("an unclosed section")
    {
        // "ok\n  " is bytes 0-4; the section opens at byte 5: line 2, column 3
        test_support::write(dir / "index.mustache", "ok\n  {{#homes}}x");
        render::Templates::load(dir, sink);
        CHECK(formatted(sink)
            == Messages {(dir / "index.mustache").string() + ":2:3: error: unclosed section \"homes\""});
    }
    SECTION("a partial with no template of its name")
    {
        // "a\n" is bytes 0-1; the partial is at byte 2: line 2, column 1
        test_support::write(dir / "index.mustache", "a\n{{> header }}");
        render::Templates::load(dir, sink);
        CHECK(formatted(sink)
            == Messages {(dir / "index.mustache").string()
                + ":2:1: error: partial \"header\" not found: expected a file header.mustache beside this one"});
    }
    SECTION("a template or an asset that cannot be read")
    {
        fs::create_directories(dir / "broken.mustache");
        fs::create_directories(dir / "assets");
        std::ofstream(dir / "assets" / "big.bin").close();
        fs::resize_file(dir / "assets" / "big.bin", load::k_max_file_bytes + 1);
        render::Templates::load(dir, sink);
        CHECK(formatted(sink)
            == Messages {
                (dir / "broken.mustache").string() + ": error: expected a file, got a directory",
                (dir / "assets" / "big.bin").string()
                    + ": error: file is 67108865 bytes, over the limit of 64 MiB (67108864 bytes)",
            });
    }
}

TEST_CASE("render: a view's own key wins over a template of the same name", "[render]")
{
    const fs::path dir = template_folder("unit-render-shadow");
    test_support::write(dir / "town.mustache", "TEMPLATE");
    test_support::write(dir / "index.mustache", "[{{town}}]");
    Diagnostics sink;
    const render::Templates templates = render::Templates::load(dir, sink);
    REQUIRE(sink.items().empty());
    kainjow::mustache::data view;
    view.set("town", "Leeds");
    CHECK(templates.render("index", view) == "[Leeds]");
}

TEST_CASE("render: a home page shows the home, its facts and each simulation", "[render]")
{
    Diagnostics sink;
    const render::Templates templates = render::Templates::load(template_folder("unit-render-home"), sink);
    REQUIRE(sink.items().empty());
    const model::Settings settings {"Leeds homes"};
    const model::Home home = sample_home();
    const model::SimulationResult result = sample_result();
    const std::string id = result.simulation_id;
    const std::string page = render::home_page(templates, settings, home, {render::home_simulation(home, result)});

    SECTION("the address and the facts")
    {
        CHECK(has(page, "<title>1 High Street, Flat 2, Leeds LS1 1AA | Leeds homes</title>[root]../../\n"));
        CHECK(has(page, "<li>1 High Street</li><li>Flat 2</li>"));
        CHECK(has(page, "[place]Leeds LS1 1AA"));
        CHECK(has(page, "[fact]Property=House, semi-Detached\n"));
        CHECK(has(page, "[fact]Floor area=1,085.3 m\u00B2\n"));
        CHECK(has(page, "[fact]EPC rating now=D (score 61)\n"));
        CHECK(has(page, "[fact]UPRN=1001\n"));
        CHECK(has(page, "[api]../../api/home/1001.json\n"));
        CHECK_FALSE(has(page, "[no simulation]"));
    }
    SECTION("the chart scripts, pinned, then our own")
    {
        CHECK(has(page, "<script src=\"https://cdn.jsdelivr.net/npm/vega@6.4.0/build/vega.min.js\"></script>"));
        CHECK(has(page, "vega-lite@6.5.0/build/vega-lite.min.js"));
        CHECK(has(page, "vega-embed@7.3.0/build/vega-embed.min.js"));
        CHECK(has(page, "<script src=\"../../assets/chart.js\"></script>"));
    }
    SECTION("the simulation: links, summary, spec and plan")
    {
        CHECK(has(
            page, "[sim]" + id + " chart-" + id + " " + id + ".vl.json ../../api/energy-comparison/" + id + ".json\n"));
        CHECK(has(page, "[summary]A year: 5,363.1 kWh before, 756.2 kWh after, a saving of 4,606.9 kWh (85.9%).\n"));
        CHECK(script_body(page) == render::spec_for_script(derive::chart_spec(home, derive::compare(result))));
        CHECK(has(page, "[plan]2 stages\n"));
        // 3000.04 rounds to 3000.0
        CHECK(has(page, "[stage 1]3,000.0 kWh, payback 5 to 10 years\n[measure]Insulation: Loft insulation\n"));
        CHECK(has(page, "[stage 2]756.2 kWh\n"));
        // 400 - 60 = 340
        CHECK(has(page, "[month]January|400.0 kWh|60.0 kWh|340.0 kWh\n"));
        CHECK(has(page, "[month]December|400.0 kWh|60.0 kWh|340.0 kWh\n"));
    }
}

TEST_CASE("render: payback reads as a range, a single figure or nothing", "[render]")
{
    Diagnostics sink;
    const render::Templates templates = render::Templates::load(template_folder("unit-render-payback"), sink);
    model::SimulationResult result = sample_result();
    using Years = std::array<std::optional<long long>, 2>;
    const auto stage_line = [&](Years years) {
        result.plan[0].payback_years = years;
        const model::Home home = sample_home();
        const std::string page = render::home_page(templates, {}, home, {render::home_simulation(home, result)});
        const std::size_t at = page.find("[stage 1]");
        return page.substr(at, page.find('\n', at) - at);
    };
    CHECK(stage_line({7, 7}) == "[stage 1]3,000.0 kWh, payback 7 years");
    CHECK(stage_line({4, std::nullopt}) == "[stage 1]3,000.0 kWh, payback 4 years");
    CHECK(stage_line({std::nullopt, 12}) == "[stage 1]3,000.0 kWh, payback 12 years");
    CHECK(stage_line({std::nullopt, std::nullopt}) == "[stage 1]3,000.0 kWh");
}

TEST_CASE("render: a home with no simulation, rating or score says so", "[render]")
{
    Diagnostics sink;
    const render::Templates templates = render::Templates::load(template_folder("unit-render-bare"), sink);
    model::Home home = sample_home();
    home.epc_score.reset();
    SECTION("no simulation: no scripts and a notice")
    {
        const std::string page = render::home_page(templates, {}, home, {});
        CHECK(has(page, "[no simulation]"));
        CHECK_FALSE(has(page, "<script"));
        CHECK_FALSE(has(page, "[sim]"));
        CHECK(has(page, "[fact]EPC rating now=D\n"));
        CHECK(has(page, " | Home retrofit plans</title>"));
    }
    SECTION("no rating: not known, even with a score")
    {
        home.epc_rating.reset();
        home.epc_score = 40;
        home.property_type = "";
        CHECK(has(render::home_page(templates, {}, home, {}), "[fact]EPC rating now=not known\n"));
        CHECK(has(render::home_page(templates, {}, home, {}), "[fact]Property=, semi-Detached\n"));
    }
    SECTION("a simulation with an empty plan")
    {
        model::SimulationResult result = sample_result();
        result.plan.clear();
        const std::string page = render::home_page(templates, {}, home, {render::home_simulation(home, result)});
        CHECK(has(page, "[plan]0 stages none\n"));
        CHECK(has(page, "[month]March|400.0 kWh||\n"));
        CHECK(has(page, "[summary]A year: 5,363.1 kWh. No improvement plan was simulated.\n"));
    }
}

TEST_CASE("render: content cannot inject markup into a page or end the chart's script", "[render]")
{
    Diagnostics sink;
    const render::Templates templates = render::Templates::load(template_folder("unit-render-escape"), sink);
    model::Home home = sample_home();
    home.address_lines = {"<script>alert(\"x\")</script> & 'co'"};
    home.postcode = "LS1\u20281AA";
    const model::SimulationResult result = sample_result();
    const std::string page = render::home_page(templates, {}, home, {render::home_simulation(home, result)});

    SECTION("text is HTML-escaped")
    {
        CHECK(has(page, "<li>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;co&apos;</li>"));
        CHECK_FALSE(has(page, "<script>alert"));
        CHECK(has(page, "[measure]Heating: &lt;/script&gt;&lt;b&gt;pump&lt;/b&gt;\n"));
    }
    SECTION("the spec has no '<' and no raw U+2028, yet carries the address exactly")
    {
        const std::string body = script_body(page);
        CHECK(body.find('<') == std::string::npos);
        CHECK(body.find("\u2028") == std::string::npos);
        CHECK(has(body, "\\u003cscript\\u003ealert(\\\"x\\\")\\u003c/script\\u003e \\u0026 'co'"));
        CHECK(has(body, "LS1\\u20281AA"));
        rapidjson::Document spec;
        spec.Parse(body.c_str(), body.size());
        REQUIRE_FALSE(spec.HasParseError());
        const std::string description = spec["description"].GetString();
        CHECK(has(description, "at <script>alert(\"x\")</script> & 'co', LS1\u20281AA, before"));
    }
}
