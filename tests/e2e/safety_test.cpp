// The generator refuses output folders whose update could destroy input or
// more than a site, fails on warnings when asked, and `check --out` tells a
// deploy step whether the last build finished.
#include "e2e.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>

using e2e::has;
using test_support::run;

namespace {

const std::string k_failed = "retrofit-site: 1 error, nothing written\n";

/// Builds root/content into out (relative to root) and expects a refusal.
void check_refused(const std::filesystem::path& root, const std::string& out, const std::string& expected)
{
    const auto before = test_support::snapshot(root);
    const auto result = run("build --content content --templates templates --out " + out, root);
    CHECK(result.status == 1);
    CHECK(result.err == expected + "\n" + k_failed);
    CHECK(test_support::snapshot(root) == before);
}

}  // namespace

TEST_CASE("e2e: the output folder may not be an input folder or hold one", "[e2e]")
{
    const auto root = e2e::with_content("safety-inputs");
    test_support::copy_tree(RETROFIT_TEMPLATES_DIR, root / "templates");
    SECTION("the content folder")
    {
        check_refused(root, "content", "content: error: refusing to write a site into the content folder");
    }
    SECTION("the content folder, spelt another way")
    {
        check_refused(root, "./templates/../content/",
            "./templates/../content/: error: refusing to write a site into the content folder");
    }
    SECTION("the templates folder")
    {
        check_refused(root, "templates", "templates: error: refusing to write a site into the templates folder");
    }
    SECTION("a folder holding the content folder")
    {
        check_refused(root, ".", ".: error: refusing to write a site into a folder that holds the content folder");
    }
}

TEST_CASE("e2e: the output folder may not be the filesystem root or the home directory", "[e2e]")
{
    const auto root = e2e::with_content("safety-root-home");
    SECTION("the root")
    {
        const auto result = run("build --content content --out /", root);
        CHECK(result.status == 1);
        CHECK(result.err == "/: error: refusing to write a site into the filesystem root\n" + k_failed);
    }
    SECTION("the home directory, as $HOME names it, even when empty")
    {
        std::filesystem::create_directories(root / "home");
        const char* saved = std::getenv("HOME");
        const std::string previous = saved != nullptr ? saved : "";
        ::setenv("HOME", (root / "home").c_str(), 1);
        const auto result = run("build --content content --out home/", root);
        ::setenv("HOME", previous.c_str(), 1);
        CHECK(result.status == 1);
        CHECK(result.err == "home/: error: refusing to write a site into the home directory\n" + k_failed);
        CHECK(std::filesystem::is_empty(root / "home"));
    }
}

TEST_CASE("e2e: --warnings-as-errors turns warnings into errors", "[e2e]")
{
    const auto root = e2e::built_small("safety-warnings");
    const auto path = root / "content" / "results" / "aaaaaaaa-1111-4111-8111-111111111111.json";
    std::string text = test_support::read(path);
    const std::string january = R"("1": {"energy": 523.4,)";
    REQUIRE(has(text, january));
    // -5 kWh in January: below 0, so a warning (line 15, the number at column 23 as in the cli test).
    text.replace(text.find(january), january.size(), R"("1": {"energy": -5,)");
    test_support::write(path, text);
    const std::string warning = "content/results/aaaaaaaa-1111-4111-8111-111111111111.json:15:23: %s: a month's "
                                "energy of -5 kWh is outside 0 to 10 GWh: check the units%s (at "
                                "/baseline_energy_profile/monthly_energy_total/1/energy)\n";
    std::array<char, 400> plain {};
    std::snprintf(plain.data(), plain.size(), warning.c_str(), "warning", "");
    std::array<char, 400> promoted {};
    std::snprintf(promoted.data(), promoted.size(), warning.c_str(), "error", " [--warnings-as-errors]");
    SECTION("check without the flag passes with the warning")
    {
        const auto result = run("check --content content", root);
        CHECK(result.status == 0);
        CHECK(result.err == plain.data());
    }
    SECTION("build with the flag fails and writes nothing")
    {
        const auto before = test_support::snapshot(root / "site");
        const auto result = e2e::build(root, RETROFIT_TEMPLATES_DIR, " --warnings-as-errors");
        CHECK(result.status == 1);
        CHECK(result.err == std::string(promoted.data()) + k_failed);
        CHECK(test_support::snapshot(root / "site") == before);
    }
}

TEST_CASE("e2e: check --out says whether the last build finished", "[e2e]")
{
    const auto root = e2e::built_small("safety-check-out");
    SECTION("a finished build")
    {
        const auto result = run("check --content content --out site", root);
        CHECK(result.status == 0);
        CHECK(result.out == "retrofit-site: 3 homes, 3 simulations: 0 errors\n");
    }
    SECTION("a build that did not finish")
    {
        std::string marker = test_support::read(root / "site" / ".retrofit-site");
        marker.replace(0, marker.find('\n'), "# retrofit-site: build in progress");
        test_support::write(root / "site" / ".retrofit-site", marker);
        const auto result = run("check --content content --out site", root);
        CHECK(result.status == 1);
        CHECK(result.err
            == "site: error: the last build did not finish: build again before publishing this site\n"
               "retrofit-site: 1 error\n");
        // The next build finishes it.
        e2e::build_ok(root);
        CHECK(run("check --content content --out site", root).status == 0);
    }
    SECTION("a file of the last build is missing")
    {
        std::filesystem::remove(root / "site" / "index.html");
        const auto result = run("check --content content --out site", root);
        CHECK(result.status == 1);
        CHECK(result.err
            == "site/index.html: error: a file of the last build is missing: build again\n"
               "retrofit-site: 1 error\n");
    }
    SECTION("a folder that no build wrote")
    {
        const auto result = run("check --content content --out content", root);
        CHECK(result.status == 1);
        CHECK(result.err
            == "content: error: not a site written by retrofit-site (it has no .retrofit-site file)\n"
               "retrofit-site: 1 error\n");
    }
}
