// Every page is valid HTML5, as HTML Tidy (Debian's tidy) reads it.
#include "e2e.hpp"

#include <vector>

TEST_CASE("e2e: every page of the small site is valid HTML5 by HTML Tidy", "[e2e]")
{
    const auto root = e2e::with_content("html-valid");
    e2e::build_ok(root);
    std::vector<std::filesystem::path> pages;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / "site")) {
        if (entry.path().extension() == ".html") {
            pages.push_back(entry.path());
        }
    }
    // index.html, the pages of homes 1001, 3003 and 4004, docs/index.html and 404.html.
    REQUIRE(pages.size() == 6);
    for (const auto& page : pages) {
        const auto report = root / "tidy.txt";
        // -e: errors and warnings only; exit 0 clean, 1 warnings, 2 errors, 127 no tidy.
        const std::string command
            = "tidy -q -e " + e2e::shell_quoted(page) + " >" + e2e::shell_quoted(report) + " 2>&1";
        const int status = std::system(command.c_str());
        INFO(page.string() << "\n" << test_support::read(report));
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
}
