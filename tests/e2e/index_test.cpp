// The portfolio index: index.html and, past the page size, index-2.html,
// index-3.html... with the totals of the whole portfolio on every page, the
// sorting and filtering script, and every home listed exactly once.
//
// The small site (tests/sites/small), as the index shows it:
//   1001: its first simulation by id, aaaaaaaa-..., has an empty plan:
//         4321.5 kWh a year before, no "after"
//   3003: cccccccc-...: 12000 before, 4800 after the last of its 2 stages;
//         12000 - 4800 = 7200 saved; 7200 / 12000 = 60.0%
//   4004: no result
// Totals: 3 homes, 2 with a simulation (1001, 3003), 1 with a plan (3003),
// so the energy totals are 3003's alone: 12,000.0 before, 4,800.0 after,
// 7,200.0 saved (60.0%).
#include "portfolio.hpp"

#include <map>
#include <regex>

using e2e::has;
using test_support::read;
namespace fs = std::filesystem;

namespace {

const std::string k_nothing_written_1 = "retrofit-site: 1 error, nothing written\n";

/// How many times part occurs in text.
std::size_t occurrences(const std::string& text, const std::string& part)
{
    std::size_t count = 0;
    for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) {
        ++count;
    }
    return count;
}

/// The UPRNs of the homes a page lists, in the order of its rows.
std::vector<std::string> listed_uprns(const std::string& page)
{
    static const std::regex link(R"(<tr><td><a href="homes/([0-9]+)/">)");
    std::vector<std::string> uprns;
    for (std::sregex_iterator it(page.begin(), page.end(), link), end; it != end; ++it) {
        uprns.push_back((*it)[1].str());
    }
    return uprns;
}

/// Whether HTML Tidy finds nothing to say about a page (see html_test.cpp).
void check_tidy(const fs::path& page, const fs::path& report)
{
    const std::string command = "tidy -q -e " + e2e::shell_quoted(page) + " >" + e2e::shell_quoted(report) + " 2>&1";
    const int status = std::system(command.c_str());
    INFO(page.string() << "\n" << read(report));
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

}  // namespace

TEST_CASE("e2e: the index shows the portfolio's totals and each home's figures", "[e2e]")
{
    const auto root = e2e::with_content("index-small");
    e2e::build_ok(root);
    const std::string index = read(root / "site" / "index.html");

    SECTION("the totals at the top")
    {
        CHECK(has(index, "<li><span class=\"total-label\">Homes</span> <span class=\"total-value\">3</span></li>"));
        CHECK(has(index,
            "<li><span class=\"total-label\">With a simulation</span> <span class=\"total-value\">2</span></li>"));
        CHECK(
            has(index, "<li><span class=\"total-label\">With a plan</span> <span class=\"total-value\">1</span></li>"));
        CHECK(has(index,
            "<li><span class=\"total-label\">Energy a year before</span> "
            "<span class=\"total-value\">12,000.0 kWh</span></li>"));
        CHECK(has(index,
            "<li><span class=\"total-label\">Energy a year after</span> "
            "<span class=\"total-value\">4,800.0 kWh</span></li>"));
        CHECK(has(index,
            "<li><span class=\"total-label\">Saving a year</span> "
            "<span class=\"total-value\">7,200.0 kWh (60.0%)</span></li>"));
        CHECK(has(index, "Energy totals add up the 1 home with an improvement plan, each by its first simulation."));
        CHECK(index.find("total-value") < index.find("<table"));
    }
    SECTION("a row per home with the figures to show and the numbers to sort on")
    {
        CHECK(has(index,
            "<tr><td><a href=\"homes/1001/\">12 Elm &amp; Oak Row, Flat &lt;B&gt;</a></td><td>Lowbury</td>"
            "<td>LB1 2CD</td><td>D</td><td class=\"num\" data-sort-value=\"4321.5\">4,321.5 kWh</td>"
            "<td class=\"num\" data-sort-value=\"\">Baseline only</td><td class=\"num\" data-sort-value=\"\"></td>"
            "<td class=\"num\" data-sort-value=\"\"></td></tr>"));
        CHECK(has(index,
            "<tr><td><a href=\"homes/3003/\">3 Mill Lane</a></td><td>Eastwick</td><td>EW3 3EE</td><td></td>"
            "<td class=\"num\" data-sort-value=\"12000\">12,000.0 kWh</td>"
            "<td class=\"num\" data-sort-value=\"4800\">4,800.0 kWh</td>"
            "<td class=\"num\" data-sort-value=\"7200\">7,200.0 kWh</td>"
            "<td class=\"num\" data-sort-value=\"60\">60.0%</td></tr>"));
        CHECK(has(index,
            "<tr><td><a href=\"homes/4004/\">4 Quay Street</a></td><td>Portby</td><td>PB4 4PP</td><td>G</td>"
            "<td class=\"num\" data-sort-value=\"\">No simulation yet</td>"));
        CHECK(listed_uprns(index) == std::vector<std::string> {"1001", "3003", "4004"});
    }
    SECTION("sortable columns, a labelled filter and a live count, all from a script file")
    {
        CHECK(occurrences(index, "<th scope=\"col\" data-sort=\"text\">") == 4);
        CHECK(occurrences(index, "<th scope=\"col\" class=\"num\" data-sort=\"number\">") == 4);
        CHECK(has(index, "<label for=\"home-filter\">"));
        CHECK(has(index, "<input type=\"search\" id=\"home-filter\""));
        CHECK(has(index, "id=\"match-count\" role=\"status\""));
        // The filter is hidden until the script shows it: without JavaScript the table is the page.
        CHECK(has(index, "<div class=\"index-tools\" id=\"index-tools\" hidden>"));
        CHECK(has(index, "<script src=\"assets/index.js\" defer></script>"));
        CHECK(read(root / "site" / "assets" / "index.js")
            == read(fs::path(RETROFIT_TEMPLATES_DIR) / "assets" / "index.js"));
        // No inline script or style, for a strict Content-Security-Policy.
        CHECK(occurrences(index, "<script") == occurrences(index, "<script src="));
        CHECK_FALSE(has(index, "<style"));
        CHECK_FALSE(has(index, " style="));
        CHECK_FALSE(has(index, " onclick="));
        CHECK_FALSE(has(read(root / "site" / "homes" / "3003" / "index.html"), "index.js"));
    }
    SECTION("one page: no page links and no word of other pages")
    {
        CHECK(has(index, "<title>All homes | Lowbury &amp; District Retrofit</title>"));
        CHECK(has(index, "<h1>Lowbury &amp; District Retrofit</h1>"));
        CHECK_FALSE(has(index, "class=\"pager\""));
        CHECK_FALSE(has(index, "index-2.html"));
        CHECK_FALSE(has(index, "on this page only"));
        CHECK_FALSE(fs::exists(root / "site" / "index-2.html"));
    }
}

TEST_CASE("e2e: the index pages together list every home of 1,234 exactly once", "[e2e]")
{
    const fs::path root = test_support::scratch("index-portfolio");
    e2e::write_portfolio(root / "content", 1234, "4800");
    test_support::write(root / "content" / "site.json", R"({"title": "Big portfolio", "page_size": 500})");
    e2e::build_ok(root);
    const fs::path site = root / "site";
    // 1234 homes, 500 to a page: 500 + 500 + 234.
    const std::vector<std::string> pages
        = {read(site / "index.html"), read(site / "index-2.html"), read(site / "index-3.html")};
    CHECK_FALSE(fs::exists(site / "index-4.html"));
    // One build of 1,234 homes for all the checks below, so no SECTIONs.

    {  // every UPRN once, in order, 500 to a page
        std::map<std::string, int> seen;
        std::vector<std::string> order;
        for (const std::string& page : pages) {
            for (const std::string& uprn : listed_uprns(page)) {
                ++seen[uprn];
                order.push_back(uprn);
            }
        }
        CHECK(listed_uprns(pages[0]).size() == 500);
        CHECK(listed_uprns(pages[1]).size() == 500);
        CHECK(listed_uprns(pages[2]).size() == 234);
        REQUIRE(order.size() == 1234);
        CHECK(seen.size() == 1234);
        for (int i = 0; i < 1234; ++i) {
            const std::string uprn = std::to_string(3000000 + i);
            INFO(uprn);
            CHECK(seen[uprn] == 1);
            CHECK(order[static_cast<std::size_t>(i)] == uprn);
        }
    }
    {  // each page says which homes it holds and links to the others
        CHECK(has(pages[0], "<title>All homes, page 1 of 3 | Big portfolio</title>"));
        CHECK(has(pages[0], "<p class=\"range\">Homes 1 to 500 of 1,234</p>"));
        CHECK(has(pages[1], "<p class=\"range\">Homes 501 to 1,000 of 1,234</p>"));
        CHECK(has(pages[2], "<p class=\"range\">Homes 1,001 to 1,234 of 1,234</p>"));
        // Page 1: no first or previous; next and last are page 2 and page 3.
        CHECK_FALSE(has(pages[0], ">First</a>"));
        CHECK_FALSE(has(pages[0], "rel=\"prev\""));
        CHECK(has(pages[0], "<li><a href=\"index-2.html\" rel=\"next\">Next</a></li>"));
        CHECK(has(pages[0], "<li><a href=\"index-3.html\">Last</a></li>"));
        CHECK(has(pages[0], "<span class=\"current\">1<span class=\"visually-hidden\"> (this page)</span></span>"));
        // Page 2: all four, and the numbers of the other two pages.
        CHECK(has(pages[1], "<li><a href=\"index.html\">First</a></li>"));
        CHECK(has(pages[1], "<li><a href=\"index.html\" rel=\"prev\">Previous</a></li>"));
        CHECK(has(pages[1], "<li><a href=\"index-3.html\" rel=\"next\">Next</a></li>"));
        CHECK(has(pages[1], "<li><a href=\"index-3.html\">Last</a></li>"));
        CHECK(has(pages[1], "<li><a href=\"index.html\">1</a></li>"));
        CHECK(has(pages[1], "<span class=\"current\">2<span"));
        CHECK(has(pages[1], "<li><a href=\"index-3.html\">3</a></li>"));
        // Page 3: no next or last.
        CHECK(has(pages[2], "<li><a href=\"index-2.html\" rel=\"prev\">Previous</a></li>"));
        CHECK_FALSE(has(pages[2], "rel=\"next\""));
        CHECK_FALSE(has(pages[2], ">Last</a>"));
        for (const std::string& page : pages) {
            // Page links above and below the table.
            CHECK(occurrences(page, "<nav class=\"pager\"") == 2);
            CHECK(has(page, "Filtering and sorting apply to the homes on this page only."));
            CHECK(has(page, "<div class=\"index-tools\" id=\"index-tools\" hidden data-several-pages>"));
        }
    }
    {  // every page has the totals of the whole portfolio
        // Every home: 12000 before and 4800 after. 1234 x 12000 = 14,808,000;
        // 1234 x 4800 = 5,923,200; 14808000 - 5923200 = 8,884,800 saved, 60.0%.
        for (const std::string& page : pages) {
            CHECK(has(page, "<span class=\"total-value\">1,234</span>"));
            CHECK(has(page, "<span class=\"total-value\">14,808,000.0 kWh</span>"));
            CHECK(has(page, "<span class=\"total-value\">5,923,200.0 kWh</span>"));
            CHECK(has(page, "<span class=\"total-value\">8,884,800.0 kWh (60.0%)</span>"));
        }
    }
}

TEST_CASE("e2e: page_size in site.json splits the index, and fewer pages remove the old ones", "[e2e]")
{
    const auto root = e2e::with_content("index-page-size");
    test_support::write(root / "content" / "site.json", R"({"title": "Lowbury", "page_size": 1})");
    e2e::build_ok(root);
    const fs::path site = root / "site";
    CHECK(listed_uprns(read(site / "index.html")) == std::vector<std::string> {"1001"});
    CHECK(listed_uprns(read(site / "index-2.html")) == std::vector<std::string> {"3003"});
    CHECK(listed_uprns(read(site / "index-3.html")) == std::vector<std::string> {"4004"});
    // Pages with page links are valid HTML5 too.
    for (const char* page : {"index.html", "index-2.html", "index-3.html"}) {
        check_tidy(site / page, root / "tidy.txt");
    }

    test_support::write(root / "content" / "site.json", R"({"title": "Lowbury", "page_size": 2})");
    e2e::build_ok(root);
    CHECK(listed_uprns(read(site / "index.html")) == std::vector<std::string> {"1001", "3003"});
    CHECK(listed_uprns(read(site / "index-2.html")) == std::vector<std::string> {"4004"});
    CHECK_FALSE(fs::exists(site / "index-3.html"));
    CHECK_FALSE(has(read(site / ".retrofit-site"), "index-3.html"));
}

TEST_CASE("e2e: a page_size that is not a whole number from 1 to 100000 is rejected", "[e2e]")
{
    const auto root = e2e::with_content("index-page-size-bad");
    e2e::build_ok(root);
    const auto before = test_support::snapshot(root / "site");
    // {"page_size": VALUE}: '{' 1, "page_size" 2-12, ':' 13, space 14, the value at 15.
    for (const std::string value : {"0", "100001", "2.5", "-3"}) {
        INFO(value);
        test_support::write(root / "content" / "site.json", R"({"page_size": )" + value + "}\n");
        const auto result = e2e::build(root);
        CHECK(result.status == 1);
        CHECK(result.out.empty());
        CHECK(result.err
            == "content/site.json:1:15: error: expected a whole number of homes per index page from 1 to 100000, got "
                + value + " (at /page_size)\n" + k_nothing_written_1);
        CHECK(test_support::snapshot(root / "site") == before);
    }
}
