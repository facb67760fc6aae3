// Render: the portfolio index, split into pages, with the totals of the whole
// portfolio on each page and links between the pages.

#include "derive/comparison.hpp"
#include "render/index.hpp"
#include "render/templates.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

namespace fs = std::filesystem;
using namespace retrofit;

namespace {

// Small templates that show every key of the index view, one value after each [label].
const char* const k_head = "<title>{{page_title}} | {{site_title}}</title>[root]{{root}}\n"
                           "{{#scripts}}<script src=\"{{src}}\"></script>\n{{/scripts}}";
const char* const k_index = R"({{> head}}
{{#totals}}[totals]{{homes}}|{{simulated}}|{{planned}}|{{planned_homes}}{{#has_plans}}|{{before}}|{{after}}|{{saving}}{{/has_plans}}
{{/totals}}{{#several_pages}}[several pages]
{{/several_pages}}{{^has_homes}}[no homes]
{{/has_homes}}{{#pager}}[range]{{range}}
[pager]{{> pagination}}
{{/pager}}{{#homes}}[row]{{href}}|{{address}}|{{town}}|{{postcode}}|{{epc}}|{{before}}={{before_key}}|{{after}}={{after_key}}|{{saving}}={{saving_key}}|{{saving_percent}}={{saving_percent_key}}{{^has_simulation}}|no simulation{{/has_simulation}}{{#no_plan}}|no plan{{/no_plan}}
{{/homes}})";
const char* const k_pagination = "{{#first}}first={{href}} {{/first}}{{#previous}}previous={{href}} {{/previous}}"
                                 "{{#numbers}}{{#gap}}... {{/gap}}{{^gap}}{{number}}={{href}}{{#current}}*{{/current}} "
                                 "{{/gap}}{{/numbers}}{{#next}}next={{href}} {{/next}}{{#last}}last={{href}}{{/last}}";

render::Templates load_templates(const std::string& name)
{
    const fs::path dir = test_support::scratch(name);
    for (const char* required : render::k_required_templates) {
        test_support::write(dir / (std::string(required) + ".mustache"), "{{> head}}");
    }
    test_support::write(dir / "head.mustache", k_head);
    test_support::write(dir / "index.mustache", k_index);
    test_support::write(dir / "pagination.mustache", k_pagination);
    Diagnostics sink;
    render::Templates templates = render::Templates::load(dir, sink);
    REQUIRE(sink.items().empty());
    return templates;
}

bool has(const std::string& page, const std::string& part)
{
    return page.find(part) != std::string::npos;
}

model::Home home_numbered(int uprn)
{
    model::Home home;
    home.uprn = std::to_string(uprn);
    home.address_lines = {std::to_string(uprn) + " High Street"};
    home.town = "Leeds";
    home.postcode = "LS1 1AA";
    home.epc_rating = "D";
    return home;
}

/// The line of a page that starts with a label, without the label.
std::string line(const std::string& page, const std::string& label)
{
    const std::size_t at = page.find(label);
    REQUIRE(at != std::string::npos);
    const std::size_t from = at + label.size();
    return page.substr(from, page.find('\n', from) - from);
}

}  // namespace

TEST_CASE("render: the index shows each home's figures and the portfolio's totals", "[render]")
{
    const render::Templates templates = load_templates("unit-render-index");
    model::Home with_plan = home_numbered(1001);
    with_plan.address_lines = {"Flat 2", "1 High Street"};
    model::Home second = home_numbered(1002);
    model::Home no_plan = home_numbered(1003);
    model::Home without = home_numbered(9);
    without.epc_rating.reset();
    model::Home zero = home_numbered(10);
    const std::vector<render::IndexRow> rows = {
        {with_plan, derive::compare(5363.14, 756.2)},  // 5363.14 shows as 5363.1
        {second, derive::compare(12000, 4800.06)},  // 4800.06 shows as 4800.1
        {no_plan, derive::compare(4321.5, std::nullopt)},
        {without, std::nullopt},
        {zero, derive::compare(0, 10)},
    };
    const auto pages = render::index_pages(templates, {"Leeds homes"}, rows);
    REQUIRE(pages.size() == 1);
    CHECK(pages[0].path == "index.html");
    const std::string& page = pages[0].html;

    SECTION("the page: its title and its script")
    {
        CHECK(has(page, "<title>All homes | Leeds homes</title>[root]\n"));
        CHECK(has(page, "<script src=\"assets/index.js\"></script>\n"));
        CHECK_FALSE(has(page, "[several pages]"));
        CHECK_FALSE(has(page, "[range]"));
        CHECK_FALSE(has(page, "[no homes]"));
    }
    SECTION("the totals, summed from the rounded figures of the homes with a plan")
    {
        // 5 homes; 4 with a simulation (not 9); 3 with a plan (1001, 1002 and 10; not 1003).
        // Before: 5363.1 + 12000 + 0 = 17363.1; after: 756.2 + 4800.1 + 10 = 5566.3;
        // saving: 17363.1 - 5566.3 = 11796.8; 11796.8 / 17363.1 = 0.679412... -> 67.9%.
        CHECK(line(page, "[totals]") == "5|4|3|3 homes|17,363.1 kWh|5,566.3 kWh|11,796.8 kWh (67.9%)");
    }
    SECTION("a row per home, in order, each figure with its plain number to sort on")
    {
        // 5363.1 - 756.2 = 4606.9; 4606.9 / 5363.1 = 0.858999... -> 85.9%.
        CHECK(has(page,
            "[row]homes/1001/|Flat 2, 1 High Street|Leeds|LS1 1AA|D|5,363.1 kWh=5363.1|756.2 kWh=756.2|"
            "4,606.9 kWh=4606.9|85.9%=85.9\n"));
        // 12000 - 4800.1 = 7199.9; 7199.9 / 12000 = 0.599991... -> 60.0%.
        CHECK(has(page,
            "[row]homes/1002/|1002 High Street|Leeds|LS1 1AA|D|12,000.0 kWh=12000|4,800.1 kWh=4800.1|"
            "7,199.9 kWh=7199.9|60.0%=60\n"));
        CHECK(has(page, "[row]homes/1003/|1003 High Street|Leeds|LS1 1AA|D|4,321.5 kWh=4321.5|=|=|=|no plan\n"));
        CHECK(has(page, "[row]homes/9/|9 High Street|Leeds|LS1 1AA||=|=|=|=|no simulation\n"));
        // a baseline of 0: a saving of -10, no percent
        CHECK(has(page, "[row]homes/10/|10 High Street|Leeds|LS1 1AA|D|0.0 kWh=0|10.0 kWh=10|-10.0 kWh=-10|=\n"));
        CHECK(page.find("homes/1001/") < page.find("homes/1002/"));
        CHECK(page.find("homes/9/") < page.find("homes/10/"));
    }
}

TEST_CASE("render: index totals without any plan, and an index of no homes", "[render]")
{
    const render::Templates templates = load_templates("unit-render-index-empty");
    SECTION("simulations without a plan: counts only")
    {
        const model::Home home = home_numbered(1);
        const auto pages = render::index_pages(templates, {}, {{home, derive::compare(100, std::nullopt)}});
        CHECK(line(pages.at(0).html, "[totals]") == "1|1|0|0 homes");
        CHECK(has(pages[0].html, " | Home retrofit plans</title>"));
    }
    SECTION("no homes: one page that says so")
    {
        const auto pages = render::index_pages(templates, {}, {});
        REQUIRE(pages.size() == 1);
        CHECK(pages[0].path == "index.html");
        CHECK(line(pages[0].html, "[totals]") == "0|0|0|0 homes");
        CHECK(has(pages[0].html, "[no homes]\n"));
    }
}

TEST_CASE("render: past the page size the index is split into linked pages", "[render]")
{
    const render::Templates templates = load_templates("unit-render-index-pages");
    std::vector<model::Home> homes;
    for (int uprn = 1; uprn <= 7; ++uprn) {
        homes.push_back(home_numbered(uprn));
    }
    std::vector<render::IndexRow> rows;
    for (const model::Home& home : homes) {
        rows.push_back({home, derive::compare(1000, 400)});
    }
    model::Settings settings;
    settings.page_size = 3;
    const auto pages = render::index_pages(templates, settings, rows);
    // 7 homes, 3 to a page: 3 + 3 + 1.
    REQUIRE(pages.size() == 3);
    CHECK(pages[0].path == "index.html");
    CHECK(pages[1].path == "index-2.html");
    CHECK(pages[2].path == "index-3.html");

    SECTION("each page: its title, its range, its rows and the links to the others")
    {
        CHECK(has(pages[0].html, "<title>All homes, page 1 of 3 | Home retrofit plans</title>"));
        CHECK(line(pages[0].html, "[range]") == "Homes 1 to 3 of 7");
        CHECK(line(pages[0].html, "[pager]")
            == "1=index.html* 2=index-2.html 3=index-3.html next=index-2.html last=index-3.html");
        CHECK(line(pages[1].html, "[range]") == "Homes 4 to 6 of 7");
        CHECK(line(pages[1].html, "[pager]")
            == "first=index.html previous=index.html 1=index.html 2=index-2.html* 3=index-3.html "
               "next=index-3.html last=index-3.html");
        CHECK(has(pages[2].html, "<title>All homes, page 3 of 3 | "));
        CHECK(line(pages[2].html, "[range]") == "Homes 7 to 7 of 7");
        CHECK(line(pages[2].html, "[pager]")
            == "first=index.html previous=index-2.html 1=index.html 2=index-2.html 3=index-3.html* ");
        for (const auto& page : pages) {
            CHECK(has(page.html, "[several pages]\n"));
        }
    }
    SECTION("the rows of each page, in order, each home once")
    {
        CHECK(has(pages[0].html, "[row]homes/1/|"));
        CHECK(has(pages[0].html, "[row]homes/3/|"));
        CHECK_FALSE(has(pages[0].html, "[row]homes/4/|"));
        CHECK(has(pages[1].html, "[row]homes/4/|"));
        CHECK(has(pages[1].html, "[row]homes/6/|"));
        CHECK_FALSE(has(pages[1].html, "[row]homes/7/|"));
        CHECK(has(pages[2].html, "[row]homes/7/|"));
        CHECK_FALSE(has(pages[2].html, "[row]homes/1/|"));
    }
    SECTION("every page has the totals of the whole portfolio")
    {
        // 7 homes with a plan: 7 x 1000 = 7000 before, 7 x 400 = 2800 after, 4200 saved (60.0%).
        for (const auto& page : pages) {
            CHECK(line(page.html, "[totals]") == "7|7|7|7 homes|7,000.0 kWh|2,800.0 kWh|4,200.0 kWh (60.0%)");
        }
    }
}

TEST_CASE("render: many index pages get a short line of page links", "[render]")
{
    const render::Templates templates = load_templates("unit-render-index-many");
    std::vector<model::Home> homes;
    for (int uprn = 1; uprn <= 2500; ++uprn) {
        homes.push_back(home_numbered(uprn));
    }
    std::vector<render::IndexRow> rows;
    for (const model::Home& home : homes) {
        rows.push_back({home, std::nullopt});
    }
    model::Settings settings;
    settings.page_size = 2;
    const auto pages = render::index_pages(templates, settings, rows);
    REQUIRE(pages.size() == 1250);
    CHECK(pages.back().path == "index-1250.html");
    CHECK(has(pages.back().html, "<title>All homes, page 1,250 of 1,250 | "));
    CHECK(line(pages[999].html, "[range]") == "Homes 1,999 to 2,000 of 2,500");
    // Page 1000: the first and last pages, and two pages either side of it.
    CHECK(line(pages[999].html, "[pager]")
        == "first=index.html previous=index-999.html 1=index.html ... 998=index-998.html 999=index-999.html "
           "1,000=index-1000.html* 1,001=index-1001.html 1,002=index-1002.html ... 1,250=index-1250.html "
           "next=index-1001.html last=index-1250.html");
    // Page 4: pages 2 to 6 touch page 1, so no gap there.
    CHECK(line(pages[3].html, "[pager]")
              .starts_with("first=index.html previous=index-3.html 1=index.html "
                           "2=index-2.html 3=index-3.html 4=index-4.html* 5=index-5.html "
                           "6=index-6.html ... 1,250=index-1250.html next="));
    // Page 5: pages 3 to 7; a gap of the one page 2 shows page 2 instead.
    CHECK(line(pages[4].html, "[pager]")
              .starts_with("first=index.html previous=index-4.html 1=index.html "
                           "2=index-2.html 3=index-3.html 4=index-4.html 5=index-5.html* "));
    // Page 1249: the last page is next to the window.
    CHECK(
        line(pages[1248].html, "[pager]").ends_with("1,250=index-1250.html next=index-1250.html last=index-1250.html"));
    CHECK(render::index_page_path(1) == "index.html");
    CHECK(render::index_page_path(12) == "index-12.html");
}
