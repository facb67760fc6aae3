// Render: the API that describes itself. The catalogue of homes, the
// description that gets the site's title and version, the files of
// templates/api/, and the docs and 404 pages.

#include "cli.hpp"
#include "derive/comparison.hpp"
#include "render/api.hpp"
#include "render/site_pages.hpp"
#include "render/templates.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <rapidjson/document.h>

namespace fs = std::filesystem;
using namespace retrofit;

namespace {

rapidjson::Document parsed(const std::string& json)
{
    rapidjson::Document document;
    document.Parse(json.c_str(), json.size());
    REQUIRE_FALSE(document.HasParseError());
    return document;
}

std::string text(const rapidjson::Value& value)
{
    return {value.GetString(), value.GetStringLength()};
}

model::Home home(const std::string& uprn, std::vector<std::string> lines, std::optional<std::string> epc)
{
    model::Home out;
    out.uprn = uprn;
    out.address_lines = std::move(lines);
    out.town = "LEEDS";
    out.postcode = "LS5 3AB";
    out.epc_rating = std::move(epc);
    return out;
}

model::SimulationResult result(const std::string& id)
{
    model::SimulationResult out;
    out.simulation_id = id;
    return out;
}

/// The version that --version prints: "retrofit-site 0.1.0\n" -> "0.1.0".
std::string generator_version()
{
    const std::string line = cli::version_text();
    return line.substr(line.find(' ') + 1, line.size() - line.find(' ') - 2);
}

}  // namespace

TEST_CASE("render: the catalogue lists each home with its simulations and first annual figures", "[render]")
{
    const model::Home planned = home("1001", {"12 Elm & Oak Row", "Kirkstall"}, "D");
    const model::Home flat = home("3003", {"3 \"The\" Yard"}, std::nullopt);
    const model::Home bare = home("100000000000", {"1 Long Lane"}, "G");
    const model::SimulationResult first = result("0e0e7511-aaaa-4bbb-8ccc-0123456789ab");
    const model::SimulationResult second = result("1f222735-90c3-4805-b37d-467497d5bdda");
    const model::SimulationResult empty_plan = result("cccccccc-3333-4333-8333-333333333333");
    // 5363.1 before, 756.2 after: 5363.1 - 756.2 = 4606.9; 4606.9 / 5363.1 = 0.85899... -> 85.9%.
    // Without a plan only the baseline is known: 1200.04 -> 1200.0.
    const std::vector<std::string> both_ids = {first.simulation_id, second.simulation_id};
    const std::vector<std::string> empty_plan_id = {empty_plan.simulation_id};
    const std::vector<render::CatalogueEntry> entries = {
        {planned, both_ids, derive::compare(5363.1, 756.2)},
        {flat, empty_plan_id, derive::compare(1200.04, std::nullopt)},
        {bare, {}, std::nullopt},
    };
    const std::string json = render::homes_api(entries);
    const auto doc = parsed(json);
    const auto& homes = doc["homes"];
    REQUIRE(homes.Size() == 3);

    const auto& one = homes[0];
    CHECK(text(one["uprn"]) == "1001");
    REQUIRE(one["address"]["lines"].Size() == 2);
    CHECK(text(one["address"]["lines"][0]) == "12 Elm & Oak Row");
    CHECK(text(one["address"]["lines"][1]) == "Kirkstall");
    CHECK(text(one["address"]["town"]) == "LEEDS");
    CHECK(text(one["address"]["postcode"]) == "LS5 3AB");
    CHECK(text(one["epc_rating"]) == "D");
    REQUIRE(one["simulations"].Size() == 2);
    CHECK(text(one["simulations"][0]) == first.simulation_id);
    CHECK(text(one["simulations"][1]) == second.simulation_id);
    CHECK(one["annual"]["baseline"].GetDouble() == 5363.1);
    CHECK(one["annual"]["improved"].GetDouble() == 756.2);
    CHECK(one["annual"]["saving"].GetDouble() == 4606.9);
    CHECK(one["annual"]["saving_percent"].GetDouble() == 85.9);

    const auto& two = homes[1];
    CHECK(text(two["address"]["lines"][0]) == "3 \"The\" Yard");
    CHECK(two["epc_rating"].IsNull());
    CHECK(two["annual"]["baseline"].GetDouble() == 1200.0);
    CHECK(two["annual"]["improved"].IsNull());
    CHECK(two["annual"]["saving"].IsNull());
    CHECK(two["annual"]["saving_percent"].IsNull());

    const auto& three = homes[2];
    CHECK(text(three["uprn"]) == "100000000000");
    CHECK(three["simulations"].Size() == 0);
    CHECK(three["annual"].IsNull());
    // In the caller's order (the index's), keys in a fixed order.
    CHECK(json.find("\"1001\"") < json.find("\"3003\""));
    CHECK(json.find("\"uprn\"") < json.find("\"address\""));
    CHECK(json.find("\"epc_rating\"") < json.find("\"simulations\""));
    CHECK(json.find("\"simulations\"") < json.find("\"annual\""));
}

TEST_CASE("render: the catalogue is indented by two spaces and ends in a newline", "[render]")
{
    CHECK(render::homes_api({}) == "{\n  \"homes\": []\n}\n");
    const model::Home one = home("7", {"7 Row"}, "C");
    CHECK(render::homes_api({{one, {}, std::nullopt}})
        == "{\n"
           "  \"homes\": [\n"
           "    {\n"
           "      \"uprn\": \"7\",\n"
           "      \"address\": {\n"
           "        \"lines\": [\n"
           "          \"7 Row\"\n"
           "        ],\n"
           "        \"town\": \"LEEDS\",\n"
           "        \"postcode\": \"LS5 3AB\"\n"
           "      },\n"
           "      \"epc_rating\": \"C\",\n"
           "      \"simulations\": [],\n"
           "      \"annual\": null\n"
           "    }\n"
           "  ]\n"
           "}\n");
}

TEST_CASE("render: the API description gets the site's title and the generator's version", "[render]")
{
    model::Settings settings;
    settings.title = "Lowbury & District \"Retrofit\"";
    SECTION("info's title and version are replaced; the rest is kept, numbers as written")
    {
        const std::string spec = "{\n"
                                 "  \"openapi\": \"3.1.0\",\n"
                                 "  \"info\": {\n"
                                 "    \"title\": \"Home retrofit plans\",\n"
                                 "    \"version\": \"0.0.0\",\n"
                                 "    \"description\": \"The JSON files.\"\n"
                                 "  },\n"
                                 "  \"x-limits\": [\n"
                                 "    12,\n"
                                 "    1e2,\n"
                                 "    0.10\n"
                                 "  ]\n"
                                 "}\n";
        CHECK(render::api_description(spec, settings)
            == "{\n"
               "  \"openapi\": \"3.1.0\",\n"
               "  \"info\": {\n"
               "    \"title\": \"Lowbury & District \\\"Retrofit\\\"\",\n"
               "    \"version\": \""
                + generator_version()
                + "\",\n"
                  "    \"description\": \"The JSON files.\"\n"
                  "  },\n"
                  "  \"x-limits\": [\n"
                  "    12,\n"
                  "    1e2,\n"
                  "    0.10\n"
                  "  ]\n"
                  "}\n");
    }
    SECTION("an info without them gets them")
    {
        const auto doc = parsed(render::api_description(R"({"info": {}})", settings));
        CHECK(text(doc["info"]["title"]) == settings.title);
        CHECK(text(doc["info"]["version"]) == generator_version());
    }
    SECTION("a file that is not a description is published unchanged")
    {
        for (const std::string& other : {std::string("{\"detail\": \"Not found.\"}\n"), std::string("[1, 2]"),
                 std::string("{\"info\": \"text\"}"), std::string("not JSON")}) {
            CHECK(render::api_description(other, settings) == other);
        }
    }
}

TEST_CASE("render: the files of templates/api/ are loaded, and their JSON checked", "[render]")
{
    const fs::path dir = test_support::scratch("unit-render-api-files");
    test_support::write(dir / "home.mustache", "home");
    test_support::write(dir / "index.mustache", "index");
    test_support::write(dir / "api" / "404.json", "{\"detail\": \"Not found.\"}\n");
    test_support::write(dir / "api" / "v1" / "README.md", "{ not JSON, not checked");
    SECTION("valid files are kept by their path under api/")
    {
        Diagnostics sink;
        const render::Templates templates = render::Templates::load(dir, sink);
        CHECK(sink.items().empty());
        CHECK(templates.api_files()
            == std::map<std::string, std::string> {
                {"404.json", "{\"detail\": \"Not found.\"}\n"}, {"v1/README.md", "{ not JSON, not checked"}});
        CHECK(templates.has("home"));
        CHECK_FALSE(templates.has("docs"));
    }
    SECTION("a JSON syntax error is reported at its line and column")
    {
        test_support::write(dir / "api" / "openapi.json", "{\n  \"info\": {,\n}\n");
        Diagnostics sink;
        render::Templates::load(dir, sink);
        REQUIRE(sink.items().size() == 1);
        CHECK(format_diagnostic(sink.items()[0])
            == (dir / "api" / "openapi.json").string() + ":2:12: error: expected a member name in double quotes");
    }
}

TEST_CASE("render: the docs page loads Swagger UI with its integrity, then ours", "[render]")
{
    const fs::path dir = test_support::scratch("unit-render-docs");
    test_support::write(dir / "home.mustache", "home");
    test_support::write(dir / "index.mustache", "index");
    test_support::write(dir / "docs.mustache",
        "[title]{{page_title}} | {{site_title}} [root]{{root}}\n"
        "{{#stylesheets}}[css]{{href}} {{integrity}}\n{{/stylesheets}}"
        "{{#scripts}}[js]{{src}} {{integrity}}\n{{/scripts}}"
        "[spec]{{spec_href}} [homes]{{homes_href}}\n");
    test_support::write(dir / "404.mustache", "[title]{{page_title}} | {{site_title}} [root]{{root}}\n");
    Diagnostics sink;
    const render::Templates templates = render::Templates::load(dir, sink);
    REQUIRE(sink.items().empty());
    model::Settings settings;
    settings.title = "Lowbury & District";
    SECTION("from the CDN")
    {
        CHECK(render::docs_page(templates, settings, load::Assets::cdn)
            == "[title]API | Lowbury &amp; District [root]../\n"
               "[css]https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.35.0/swagger-ui.css "
               "sha384-WlYgdmXYOOBWL5apwjDEZwN+U3HmXSSu5R6V5aGxEcf7z+KuRNwBhoxKVN1i3D5I\n"
               "[js]https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.35.0/swagger-ui-bundle.js "
               "sha384-gjRm0bEPMeTmMh5jT2cHccIwCUZSTd8YC+j0d0sXw0MdGEfScduGpSyF3ZSSLkX9\n"
               "[js]../assets/docs.js \n"
               "[spec]../api/openapi.json [homes]../api/homes.json\n");
    }
    SECTION("with --assets local Swagger UI is the site's own copy, with no integrity hash")
    {
        CHECK(render::docs_page(templates, settings, load::Assets::local)
            == "[title]API | Lowbury &amp; District [root]../\n"
               "[css]../assets/vendor/swagger-ui.css \n"
               "[js]../assets/vendor/swagger-ui-bundle.js \n"
               "[js]../assets/docs.js \n"
               "[spec]../api/openapi.json [homes]../api/homes.json\n");
    }
    // Links relative to the site root, like the index's.
    CHECK(render::not_found_page(templates, settings) == "[title]Page not found | Lowbury &amp; District [root]\n");
}

TEST_CASE("render: a big catalogue comes in pieces of about 64 KiB, never whole", "[render]")
{
    std::vector<model::Home> homes;
    for (int i = 1; i <= 2000; ++i) {
        homes.push_back(home(std::to_string(i), {std::to_string(i) + " Long Row"}, "C"));
    }
    std::vector<render::CatalogueEntry> entries;
    for (const model::Home& one : homes) {
        entries.push_back({one, {}, std::nullopt});
    }
    std::vector<std::string> pieces;
    render::homes_api(render::Listing<render::CatalogueEntry>::of(entries),
        [&](std::string_view piece) { pieces.emplace_back(piece); });
    std::string joined;
    for (const std::string& piece : pieces) {
        joined += piece;
    }
    CHECK(parsed(joined)["homes"].Size() == 2000);
    // Each entry is some 250 bytes: 2000 of them are more than 7 pieces' worth.
    CHECK(joined.size() > 7 * 65536);
    CHECK(pieces.size() >= 8);
    for (std::size_t i = 0; i + 1 < pieces.size(); ++i) {
        CHECK(pieces[i].size() >= 65536);  // handed over once past 64 KiB, at the end of an entry
        CHECK(pieces[i].size() < 65536 + 400);
    }
}
