// No value from content runs as code in a browser: known XSS payloads put in
// every string the pages show come out escaped for their context.
#include "e2e.hpp"

#include <vector>

namespace {

namespace fs = std::filesystem;

/// Payloads as JSON string bodies (escaped for the JSON input).
const std::vector<std::string> k_payloads = {
    R"(<script>alert(1)</script>)",
    R"(\"><img src=x onerror=alert(2)>)",
    R"('><svg onload=alert(3)>)",
    R"(</script><script>alert(4)</script>)",
    R"(javascript:alert(5))",
    R"(<!--<script>alert(6)//-->)",
    R"(\u2028\u2029<iframe srcdoc=x>)",
    R"({{site_title}}{{{root}}})",
};

/// What must never appear in a page: the payloads' markup, unescaped.
const std::vector<std::string> k_forbidden = {
    "<script>alert",
    "<img src=x",
    "<svg onload",
    "</script><script>",
    "<iframe",
    "<!--<script>",
    "href=\"javascript:",
};

/// The bodies of a page's <script type="application/json"> elements.
std::vector<std::string> json_scripts(const std::string& page)
{
    std::vector<std::string> bodies;
    const std::string open = "<script type=\"application/json\"";
    for (std::size_t at = page.find(open); at != std::string::npos; at = page.find(open, at + 1)) {
        const std::size_t start = page.find('>', at) + 1;
        bodies.push_back(page.substr(start, page.find("</script>", start) - start));
    }
    return bodies;
}

void edit(const fs::path& path, const std::string& from, const std::string& to)
{
    std::string text = test_support::read(path);
    const std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    test_support::write(path, text);
}

}  // namespace

TEST_CASE("e2e: XSS payloads in addresses, measures and the title come out escaped", "[e2e]")
{
    const auto root = e2e::with_content("xss");
    const fs::path content = root / "content";
    // The first line and the postcode also go into the chart's description, inside JSON.
    const std::string lines = "\"" + k_payloads[3] + "\", \"" + k_payloads[1] + "\", \"" + k_payloads[2] + "\"";
    edit(content / "homes" / "1001.json", R"("lines": ["12 Elm & Oak Row", "Flat <B>"])", "\"lines\": [" + lines + "]");
    edit(content / "homes" / "1001.json", R"("town": "Lowbury")", "\"town\": \"" + k_payloads[0] + "\"");
    edit(content / "homes" / "1001.json", R"("postcode": "LB1 2CD")", "\"postcode\": \"" + k_payloads[6] + "\"");
    // The result's baseline_home must agree with the home file on the postcode.
    edit(content / "results" / "bbbbbbbb-2222-4222-8222-222222222222.json", R"("postcode": "LB1 2CD")",
        "\"postcode\": \"" + k_payloads[6] + "\"");
    edit(content / "results" / "aaaaaaaa-1111-4111-8111-111111111111.json", R"("postcode": "LB1 2CD")",
        "\"postcode\": \"" + k_payloads[6] + "\"");
    edit(content / "results" / "bbbbbbbb-2222-4222-8222-222222222222.json", R"("category": "Heating")",
        "\"category\": \"" + k_payloads[4] + "\"");
    edit(content / "results" / "bbbbbbbb-2222-4222-8222-222222222222.json", R"("measure": "Air-source heat pump")",
        "\"measure\": \"" + k_payloads[5] + "\"");
    edit(content / "site.json", R"("title": "Lowbury & District Retrofit")", "\"title\": \"" + k_payloads[7] + "\"");
    e2e::build_ok(root);

    int pages = 0;
    for (const auto& entry : fs::recursive_directory_iterator(root / "site")) {
        if (entry.path().extension() != ".html") {
            continue;
        }
        ++pages;
        const std::string page = test_support::read(entry.path());
        INFO(entry.path().string());
        for (const std::string& forbidden : k_forbidden) {
            INFO(forbidden);
            CHECK_FALSE(e2e::has(page, forbidden));
        }
        // In JSON inside a script element, no "<" and no raw U+2028 or U+2029 (a line end to JavaScript).
        for (const std::string& json : json_scripts(page)) {
            CHECK_FALSE(e2e::has(json, "<"));
            CHECK_FALSE(e2e::has(json, "\xE2\x80\xA8"));
            CHECK_FALSE(e2e::has(json, "\xE2\x80\xA9"));
        }
        // Mustache tags in content are text, not template: they stay literally.
        CHECK_FALSE(e2e::has(page, "{{{root}}}") != e2e::has(page, "{{site_title}}"));
    }
    CHECK(pages == 6);  // the index, 3 home pages, docs/index.html and 404.html
    const std::string home = test_support::read(root / "site" / "homes" / "1001" / "index.html");
    // The payloads are there, as text.
    CHECK(e2e::has(home, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    CHECK(e2e::has(home, "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
    CHECK(e2e::has(home, "&#39;&gt;&lt;svg onload=alert(3)&gt;")
        != e2e::has(home, "&apos;&gt;&lt;svg onload=alert(3)&gt;"));
    CHECK(e2e::has(home, "javascript:alert(5)"));
    CHECK(e2e::has(home, "{{site_title}}{{{root}}}"));
    // In the chart's JSON, "<" and U+2028 are escapes: the element cannot be closed early.
    CHECK(e2e::has(home, R"(\u003c/script\u003e\u003cscript\u003ealert(4))"));
    CHECK(e2e::has(home, R"(\u2028\u2029\u003ciframe srcdoc=x\u003e)"));
}
