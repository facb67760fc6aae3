// Model: read_result and read_settings, and build_content, which parses
// every file, checks file names against ids and links results to homes.

#include "diagnostics.hpp"
#include "load/content.hpp"
#include "load/json.hpp"
#include "model/checker.hpp"
#include "model/content.hpp"
#include "model/read.hpp"

#include <catch2/catch.hpp>

using namespace retrofit;
using Messages = std::vector<std::string>;

namespace {

const std::string k_id = "0e0e7511-aaaa-4bbb-8ccc-0123456789ab";

// One line: '{' 1, "uprn" 2-7, ':' 8, space 9, "1001" at 10
const std::string k_home = R"({"uprn": "1001", "address": {"lines": ["1 High Street"], "town": "Leeds", )"
                           R"("postcode": "LS1 1AA"}, "property_type": "house", "built_form": "detached", )"
                           R"("total_floor_area": 85.5, "epc_rating": "D", "epc_score": 61})";

/// A profile on one line: every month uses `month` kWh, the year `annual` kWh; month `skip` is left out.
/// From its '{': the annual energy starts 35 characters in and the months' '{' is 96 + len(annual) in.
std::string profile(const std::string& annual, const std::string& month = "100", int skip = 0)
{
    std::string months;
    for (int m = 1; m <= 12; ++m) {
        if (m != skip) {
            months += (months.empty() ? "\"" : ", \"") + std::to_string(m) + "\": {\"energy\": " + month
                + ", \"co2e\": 1, \"operating_cost\": 2}";
        }
    }
    return R"({"annual_energy_total": {"energy": )" + annual
        + R"(, "co2e": 10, "operating_cost": 20}, "monthly_energy_total": {)" + months + "}}";
}

// Line 4: 4 spaces, '{' 5, "improvements" 6-19, '[' 22, first item '{' 23, "payback_years" 82-96, '[' 99
const std::string k_head1
    = R"({"improvements": [{"category": "Insulation", "measure": "Loft insulation"}], "payback_years": [5, 10],)";
const std::string k_head2
    = R"({"improvements": [{"category": "Heating", "measure": "Air-source heat pump"}], "payback_years": [null, 12],)";

/// A stage over two lines; on the second, the profile's '{' is at column 24.
std::string stage(const std::string& head, const std::string& energy_profile)
{
    return head + "\n     \"energy_profile\": " + energy_profile + "}";
}

/// A simulation result: the id on line 2, stages from line 4, the home on line 9.
struct ResultDoc {
    std::string id = k_id;
    std::string plan
        = "\n    " + stage(k_head1, profile("3000.04")) + ",\n    " + stage(k_head2, profile("756.2")) + "\n  ";
    std::string home = k_home;

    std::string text() const
    {
        return "{\n  \"simulation_id\": \"" + id + "\",\n  \"improvement_plan\": [" + plan + "],\n  \"baseline_home\": "
            + home + ",\n  \"baseline_energy_profile\": " + profile("5363.1", "900.5") + "\n}";
    }
};

std::string replaced(std::string text, const std::string& from, const std::string& to)
{
    const std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

Messages formatted(const Diagnostics& sink)
{
    Messages out;
    for (const auto& diagnostic : sink.items()) {
        out.push_back(format_diagnostic(diagnostic));
    }
    return out;
}

/// Reads a result document; returns its diagnostics, and the result through `into`.
Messages read_result(const std::string& text, std::optional<model::SimulationResult>* into = nullptr)
{
    const SourceFile file {"r.json", text};
    const json::Document document = json::parse(file.text);
    REQUIRE(document.errors.empty());
    Diagnostics sink;
    model::Checker check(file, sink);
    auto result = model::read_result(check, model::Node(document.root));
    CHECK(result.has_value() == (sink.error_count() == 0));
    if (into != nullptr) {
        *into = std::move(result);
    }
    return formatted(sink);
}

Messages read_settings(const std::string& text, std::optional<model::Settings>& settings)
{
    const SourceFile file {"site.json", text};
    const json::Document document = json::parse(file.text);
    REQUIRE(document.errors.empty());
    Diagnostics sink;
    model::Checker check(file, sink);
    settings = model::read_settings(check, model::Node(document.root));
    return formatted(sink);
}

SourceFile home_file(const std::string& uprn, const std::string& text = k_home)
{
    return {"content/homes/" + uprn + ".json", text};
}

SourceFile result_file(const std::string& id, const std::string& text)
{
    return {"content/results/" + id + ".json", text};
}

}  // namespace

TEST_CASE("model: a valid result is read with its baseline and its plan in order", "[model]")
{
    std::optional<model::SimulationResult> result;
    CHECK(read_result(ResultDoc {}.text(), &result).empty());
    REQUIRE(result);
    CHECK(result->simulation_id == k_id);
    CHECK(result->source_path == "r.json");
    CHECK(result->baseline_home.uprn == "1001");
    CHECK(result->baseline.annual.energy == 5363.1);
    CHECK(result->baseline.monthly[0].energy == 900.5);
    REQUIRE(result->plan.size() == 2);
    CHECK(result->plan[0].profile.annual.energy == 3000.04);
    CHECK(result->plan[1].profile.annual.energy == 756.2);
    REQUIRE(result->plan[0].improvements.size() == 1);
    CHECK(result->plan[0].improvements[0].category == "Insulation");
    CHECK(result->plan[0].improvements[0].measure == "Loft insulation");
    CHECK(result->plan[0].payback_years[0] == 5);
    CHECK(result->plan[0].payback_years[1] == 10);
    CHECK_FALSE(result->plan[1].payback_years[0]);
    CHECK(result->plan[1].payback_years[1] == 12);
}

TEST_CASE("model: an empty improvement plan is valid", "[model]")
{
    std::optional<model::SimulationResult> result;
    CHECK(read_result(ResultDoc {.plan = ""}.text(), &result).empty());
    REQUIRE(result);
    CHECK(result->plan.empty());
}

TEST_CASE("model: a result whose months miss July is rejected", "[model]")
{
    // line 5: the profile's '{' at 24; 24 + 96 + len("3000.04") = 24 + 96 + 7 = 127
    const ResultDoc doc {.plan = "\n    " + stage(k_head1, profile("3000.04", "100", 7)) + "\n  "};
    CHECK(read_result(doc.text())
        == Messages {"r.json:5:127: error: expected 12 months, missing \"7\" "
                     "(at /improvement_plan/0/energy_profile/monthly_energy_total)"});
}

TEST_CASE("model: each problem in a result is reported where it is", "[model]")
{
    SECTION("a simulation id that is not a lowercase UUID")
    {
        // line 2: "simulation_id" (15 chars) at 3-17, ':' 18, space 19, value at 20
        CHECK(read_result(ResultDoc {.id = "0E0E7511-AAAA-4BBB-8CCC-0123456789AB"}.text())
            == Messages {"r.json:2:20: error: expected a lowercase UUID, got \"0E0E7511-AAAA-4BBB-8CCC-0123456789AB\" "
                         "(at /simulation_id)"});
    }
    SECTION("a stage that is not an object")
    {
        CHECK(read_result(ResultDoc {.plan = "\n    42\n  "}.text())
            == Messages {"r.json:4:5: error: expected an object, got a number (at /improvement_plan/0)"});
    }
    SECTION("a stage without an energy profile")
    {
        CHECK(read_result(ResultDoc {.plan = "\n    {\"improvements\": [], \"payback_years\": null}\n  "}.text())
            == Messages {"r.json:4:5: error: missing member \"energy_profile\" (at /improvement_plan/0)"});
    }
    SECTION("an improvement that is not an object, or has no measure")
    {
        const std::string item = R"({"category": "Insulation", "measure": "Loft insulation"})";
        const auto with_item = [&](const std::string& text) {
            return ResultDoc {.plan = "\n    " + stage(replaced(k_head1, item, text), profile("1")) + "\n  "}.text();
        };
        CHECK(read_result(with_item(R"("Loft insulation")"))
            == Messages {
                "r.json:4:23: error: expected an object, got a string (at /improvement_plan/0/improvements/0)"});
        CHECK(read_result(with_item(R"({"category": "Insulation"})"))
            == Messages {"r.json:4:23: error: missing member \"measure\" (at /improvement_plan/0/improvements/0)"});
    }
    SECTION("payback years that are not [low, high] whole numbers")
    {
        const auto with_payback = [](const std::string& text) {
            return ResultDoc {.plan = "\n    " + stage(replaced(k_head1, "[5, 10]", text), profile("1")) + "\n  "}
                .text();
        };
        CHECK(read_result(with_payback("[5, 10, 15]"))
            == Messages {
                "r.json:4:99: error: expected [low, high], got 3 values (at /improvement_plan/0/payback_years)"});
        CHECK(read_result(with_payback("[5.5, 10]"))
            == Messages {
                "r.json:4:100: error: expected a whole number, got 5.5 (at /improvement_plan/0/payback_years/0)"});
        std::optional<model::SimulationResult> result;
        CHECK(read_result(with_payback("null"), &result).empty());
        REQUIRE(result);
        CHECK_FALSE(result->plan[0].payback_years[0]);
        CHECK_FALSE(result->plan[0].payback_years[1]);
    }
    SECTION("a problem in the baseline home has the home's pointer")
    {
        // line 9: "baseline_home" (15 chars) at 3-17, ':' 18, space 19, '{' 20, "uprn" 21-26, ':' 27, space 28, value
        // 29
        CHECK(read_result(ResultDoc {.home = replaced(k_home, "\"1001\"", "\"x1\"")}.text())
            == Messages {"r.json:9:29: error: expected a UPRN of 1 to 12 digits, got \"x1\" (at /baseline_home/uprn)"});
    }
    SECTION("a result that is not an object")
    {
        CHECK(read_result("[]") == Messages {"r.json:1:1: error: expected an object, got an array"});
    }
}

TEST_CASE("model: site settings give the site title", "[model]")
{
    std::optional<model::Settings> settings;
    SECTION("a title")
    {
        CHECK(read_settings(R"({"title": "Leeds homes"})", settings).empty());
        CHECK(settings->title == "Leeds homes");
    }
    SECTION("no title keeps the default")
    {
        CHECK(read_settings("{}", settings).empty());
        CHECK(settings->title == "Home retrofit plans");
    }
    SECTION("an empty title")
    {
        // '{' 1, "title" 2-8, ':' 9, space 10, value at 11
        CHECK(read_settings(R"({"title": ""})", settings)
            == Messages {"site.json:1:11: error: the site title is empty (at /title)"});
        CHECK_FALSE(settings);
    }
    SECTION("a title that is not a string")
    {
        // one problem, one message: not also "the site title is empty"
        CHECK(read_settings(R"({"title": 5})", settings)
            == Messages {"site.json:1:11: error: expected a string, got a number (at /title)"});
        CHECK_FALSE(settings);
    }
    SECTION("settings that are not an object")
    {
        CHECK(read_settings("[]", settings) == Messages {"site.json:1:1: error: expected an object, got an array"});
    }
}

TEST_CASE("model: site settings may set the index page size, a whole number from 1 to 100000", "[model]")
{
    std::optional<model::Settings> settings;
    SECTION("no page_size keeps the default of 500")
    {
        CHECK(read_settings("{}", settings).empty());
        CHECK(settings->page_size == 500);
        CHECK(model::k_default_page_size == 500);
    }
    SECTION("the smallest and the largest")
    {
        CHECK(read_settings(R"({"page_size": 1})", settings).empty());
        CHECK(settings->page_size == 1);
        CHECK(read_settings(R"({"title": "Leeds homes", "page_size": 100000})", settings).empty());
        CHECK(settings->page_size == 100000);
        CHECK(settings->title == "Leeds homes");
    }
    SECTION("out of range, not whole, or written as other than digits")
    {
        // '{' 1, "page_size" 2-12, ':' 13, space 14, value at 15
        const std::string expected = "site.json:1:15: error: expected a whole number of homes per index page "
                                     "from 1 to 100000, got ";
        for (const std::string value :
            {"0", "-1", "100001", "1000000", "99999999999999999999", "2.5", "500.0", "5e2"}) {
            INFO(value);
            CHECK(read_settings(R"({"page_size": )" + value + "}", settings)
                == Messages {expected + value + " (at /page_size)"});
            CHECK_FALSE(settings);
        }
    }
    SECTION("not a number")
    {
        CHECK(read_settings(R"({"page_size": "500"})", settings)
            == Messages {"site.json:1:15: error: expected a number, got a string (at /page_size)"});
        CHECK(read_settings(R"({"page_size": null})", settings)
            == Messages {"site.json:1:15: error: expected a number, got null (at /page_size)"});
        CHECK_FALSE(settings);
    }
}

TEST_CASE("model: build_content validates every file and links results to homes", "[model]")
{
    load::ContentFiles files;
    Diagnostics sink;

    SECTION("a valid folder: settings, a home and its result")
    {
        files.settings = SourceFile {"content/site.json", R"({"title": "Leeds homes"})"};
        files.homes = {home_file("1001", replaced(k_home, "Leeds", "Leeds (file)"))};
        files.results = {result_file(k_id, ResultDoc {}.text())};
        const model::Content content = model::build_content(files, sink);
        CHECK(formatted(sink).empty());
        CHECK(content.settings.title == "Leeds homes");
        // the home's own file wins over the copy inside the result
        REQUIRE(content.homes.size() == 1);
        CHECK(content.homes[0].town == "Leeds (file)");
        CHECK(content.homes[0].source_path == "content/homes/1001.json");
        REQUIRE(content.results.size() == 1);
        const auto index = model::results_by_home(content);
        REQUIRE(index.count("1001") == 1);
        CHECK(index.at("1001") == std::vector<const model::SimulationResult*> {&content.results[0]});
    }
    SECTION("a result whose home has no file brings its home along")
    {
        files.results = {result_file(k_id, ResultDoc {}.text())};
        const model::Content content = model::build_content(files, sink);
        CHECK(formatted(sink).empty());
        CHECK(content.settings.title == "Home retrofit plans");
        REQUIRE(content.homes.size() == 1);
        CHECK(content.homes[0].uprn == "1001");
        CHECK(content.homes[0].source_path == "content/results/" + k_id + ".json");
    }
    SECTION("homes sort by UPRN as numbers, results by id")
    {
        const std::string a = "aaaaaaaa-0000-4000-8000-000000000000";
        const std::string b = "bbbbbbbb-0000-4000-8000-000000000000";
        const std::string on_nine = replaced(k_home, "\"1001\"", "\"9\"");
        files.homes = {home_file("10", replaced(k_home, "\"1001\"", "\"10\"")), home_file("9", on_nine)};
        files.results = {result_file(b, ResultDoc {.id = b, .home = on_nine}.text()),
            result_file(a, ResultDoc {.id = a, .home = on_nine}.text()),
            result_file(k_id, ResultDoc {.home = replaced(k_home, "\"1001\"", "\"100\"")}.text())};
        const model::Content content = model::build_content(files, sink);
        CHECK(formatted(sink).empty());
        REQUIRE(content.homes.size() == 3);
        CHECK(content.homes[0].uprn == "9");
        CHECK(content.homes[1].uprn == "10");
        CHECK(content.homes[2].uprn == "100");
        REQUIRE(content.results.size() == 3);
        CHECK(content.results[0].simulation_id == k_id);  // "0e0e..." sorts first
        CHECK(content.results[1].simulation_id == a);
        CHECK(content.results[2].simulation_id == b);
        const auto index = model::results_by_home(content);
        CHECK(index.at("9") == std::vector<const model::SimulationResult*> {&content.results[1], &content.results[2]});
    }
}

TEST_CASE("model: files named after something other than their id are rejected", "[model]")
{
    load::ContentFiles files;
    Diagnostics sink;
    SECTION("a home file not named <uprn>.json")
    {
        files.homes = {{"content/homes/abc.json", k_home}};
        CHECK(model::build_content(files, sink).homes.empty());
        CHECK(formatted(sink)
            == Messages {"content/homes/abc.json: error: expected a file name <uprn>.json with 1 to 12 digits, got "
                         "\"abc.json\""});
    }
    SECTION("a result file not named <simulation_id>.json")
    {
        files.results = {{"content/results/Run-1.json", ResultDoc {}.text()}};
        CHECK(model::build_content(files, sink).results.empty());
        CHECK(formatted(sink)
            == Messages {"content/results/Run-1.json: error: expected a file name <simulation_id>.json with a "
                         "lowercase UUID, got \"Run-1.json\""});
    }
    SECTION("a home whose uprn differs from its file name")
    {
        files.homes = {home_file("1002")};
        model::build_content(files, sink);
        CHECK(formatted(sink)
            == Messages {
                "content/homes/1002.json:1:10: error: uprn \"1001\" does not match the file name \"1002.json\" "
                "(at /uprn)"});
    }
    SECTION("a result whose simulation_id differs from its file name")
    {
        const std::string other = "11111111-2222-4333-8444-555555555555";
        files.results = {result_file(other, ResultDoc {}.text())};
        model::build_content(files, sink);
        CHECK(formatted(sink)
            == Messages {"content/results/" + other + ".json:2:20: error: simulation_id \"" + k_id
                + "\" does not match the file name \"" + other + ".json\" (at /simulation_id)"});
    }
}

TEST_CASE("model: a file that is not valid JSON is reported and left out", "[model]")
{
    load::ContentFiles files;
    Diagnostics sink;
    SECTION("a home")
    {
        // {"uprn": "1001",}: '}' is byte 16
        files.homes = {home_file("1001", R"({"uprn": "1001",})")};
        CHECK(model::build_content(files, sink).homes.empty());
        CHECK(formatted(sink)
            == Messages {"content/homes/1001.json:1:17: error: expected a member name in double quotes"});
    }
    SECTION("a result, and an invalid one whose home is then not added either")
    {
        const std::string other = "11111111-2222-4333-8444-555555555555";
        files.results
            = {result_file(k_id, "[1 2]"), result_file(other, ResultDoc {.id = other, .plan = "\n    42\n  "}.text())};
        const model::Content content = model::build_content(files, sink);
        CHECK(content.results.empty());
        CHECK(content.homes.empty());
        CHECK(formatted(sink)
            == Messages {
                "content/results/" + k_id + ".json:1:4: error: expected ',' or ']' after an array element",
                "content/results/" + other
                    + ".json:4:5: error: expected an object, got a number (at /improvement_plan/0)",
            });
    }
    SECTION("the settings keep their defaults")
    {
        // {"title": }: '}' is byte 10
        files.settings = SourceFile {"content/site.json", R"({"title": })"};
        CHECK(model::build_content(files, sink).settings.title == "Home retrofit plans");
        CHECK(formatted(sink)
            == Messages {"content/site.json:1:11: error: expected a JSON value (NaN, Infinity, comments and bare words "
                         "are not JSON)"});
    }
}

TEST_CASE("model: UPRNs and simulation ids are safe file names", "[model]")
{
    SECTION("a UPRN is 1 to 12 digits")
    {
        CHECK(model::is_uprn("1"));
        CHECK(model::is_uprn("123456789012"));
        CHECK_FALSE(model::is_uprn(""));
        CHECK_FALSE(model::is_uprn("1234567890123"));
        CHECK_FALSE(model::is_uprn("12a"));
        CHECK_FALSE(model::is_uprn("../1"));
    }
    SECTION("a simulation id is a lowercase UUID")
    {
        CHECK(model::is_uuid(k_id));
        CHECK_FALSE(model::is_uuid("0E0E7511-AAAA-4BBB-8CCC-0123456789AB"));
        CHECK_FALSE(model::is_uuid(k_id + "0"));
        CHECK_FALSE(model::is_uuid("0e0e7511a-aaa-4bbb-8ccc-0123456789ab"));  // a dash moved
        CHECK_FALSE(model::is_uuid("0e0e7511-aaaa-4bbb-8ccc-0123456789ag"));  // 'g' is not hex
    }
    SECTION("UPRNs order as numbers")
    {
        CHECK(model::uprn_less("9", "10"));
        CHECK_FALSE(model::uprn_less("10", "9"));
        CHECK(model::uprn_less("10", "11"));
        CHECK_FALSE(model::uprn_less("10", "10"));
    }
}

TEST_CASE("model: a home's facts kept packed give back every field as it was", "[model]")
{
    model::Home home;
    home.uprn = "100023336956";
    home.address_lines = {"Flat 3", "", "12 Acacia Avenue, off the very long High Street of Lowbury"};
    home.town = "Lowbury";
    home.postcode = "LB1 1AA";
    home.property_type = "Flat";
    home.built_form = std::string("Mid-\0Terrace", 12);  // a NUL inside is kept, not an end
    home.total_floor_area = 61.25;
    home.epc_rating = "C";
    home.epc_score = 71;
    home.raw = std::make_shared<const json::Value>();
    home.source_path = "content/homes/100023336956.json";
    SECTION("with every field set")
    {
        const model::Facts facts(home);
        CHECK(facts.uprn() == "100023336956");
        CHECK(facts.postcode() == "LB1 1AA");
        const model::Home back = facts.home();
        CHECK(back.uprn == home.uprn);
        CHECK(back.address_lines == home.address_lines);
        CHECK(back.town == "Lowbury");
        CHECK(back.postcode == "LB1 1AA");
        CHECK(back.property_type == "Flat");
        CHECK(back.built_form == home.built_form);
        CHECK(back.built_form.size() == 12);
        CHECK(back.total_floor_area == 61.25);
        CHECK(back.epc_rating == std::optional<std::string>("C"));
        CHECK(back.epc_score == std::optional<long long>(71));
        // What a kept home leaves out: its whole object and its file's path.
        CHECK_FALSE(back.raw);
        CHECK(back.source_path.empty());
    }
    SECTION("with no address line, no EPC and empty strings")
    {
        home.address_lines.clear();
        home.town.clear();
        home.epc_rating.reset();
        home.epc_score.reset();
        const model::Home back = model::Facts(home).home();
        CHECK(back.address_lines.empty());
        CHECK(back.town.empty());
        CHECK(back.postcode == "LB1 1AA");
        CHECK_FALSE(back.epc_rating);
        CHECK_FALSE(back.epc_score);
    }
    SECTION("an EPC rating that is present but empty stays present")
    {
        home.epc_rating = "";
        CHECK(model::Facts(home).home().epc_rating == std::optional<std::string>(""));
    }
}
