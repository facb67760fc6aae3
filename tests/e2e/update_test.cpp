// Builds are deterministic and update the output folder in place: only
// changed files are written, files no longer produced are removed, and
// nothing else in (or outside) the folder is touched.
#include "e2e.hpp"
#include "portfolio.hpp"

#include <set>

using e2e::has;
using test_support::read;
using test_support::snapshot;
namespace fs = std::filesystem;

namespace {

using e2e::edit;
using e2e::touched;

const std::string k_one = "bbbbbbbb-2222-4222-8222-222222222222";
const std::string k_two = "cccccccc-3333-4333-8333-333333333333";

}  // namespace

TEST_CASE("e2e: two builds of the same content give identical bytes", "[e2e]")
{
    const auto root = e2e::with_content("update-deterministic");
    e2e::build_ok(root);
    const auto second = test_support::run(
        "build --content content --templates " + e2e::shell_quoted(RETROFIT_TEMPLATES_DIR) + " --out other", root);
    REQUIRE(second.status == 0);
    const auto first = snapshot(root / "site");
    CHECK(first.size() == 24);  // 23 files and the marker
    CHECK(first == snapshot(root / "other"));
}

TEST_CASE("e2e: a second build into the same folder writes nothing", "[e2e]")
{
    const auto root = e2e::with_content("update-nothing");
    e2e::build_ok(root);
    e2e::age_files(root / "site");
    const auto times = e2e::mtimes(root / "site");
    const auto bytes = snapshot(root / "site");
    const auto again = e2e::build(root);
    CHECK(again.status == 0);
    CHECK(again.out == "retrofit-site: 3 homes, 3 simulations into site: 0 files written, 23 unchanged, 0 removed\n");
    CHECK(e2e::mtimes(root / "site") == times);
    CHECK(snapshot(root / "site") == bytes);
}

TEST_CASE("e2e: a changed result rewrites only the files made from it", "[e2e]")
{
    const auto root = e2e::with_content("update-changed");
    e2e::build_ok(root);
    e2e::age_files(root / "site");
    const auto times = e2e::mtimes(root / "site");
    // Stage 1 of bbbbbbbb-... now leaves 4000 a year instead of 5000.
    edit(root / "content" / "results" / (k_one + ".json"), "{\"energy\": 5000,", "{\"energy\": 4000,");
    const auto again = e2e::build(root);
    CHECK(again.out == "retrofit-site: 3 homes, 3 simulations into site: 3 files written, 20 unchanged, 0 removed\n");
    // The index and api/homes.json show 1001's first simulation (aaaaaaaa-...), which did not change.
    // The marker is rewritten as well: it says "in progress" while files change.
    const std::set<std::string> expected = {".retrofit-site", "api/energy-comparison/" + k_one + ".json",
        "homes/1001/" + k_one + ".vl.json", "homes/1001/index.html"};
    CHECK(touched(times, e2e::mtimes(root / "site")) == expected);
    // 8250 - 4000 = 4250; 4250 / 8250 = 0.51515... -> 51.5%.
    CHECK(has(read(root / "site" / "homes" / "1001" / "index.html"), "a saving of 4,250.0 kWh (51.5%)."));
}

TEST_CASE("e2e: removing a result removes its files and its emptied home folder", "[e2e]")
{
    const auto root = e2e::with_content("update-remove-home");
    e2e::build_ok(root);
    fs::remove(root / "content" / "results" / (k_two + ".json"));  // home 3003 has no home file
    const auto again = e2e::build(root);
    CHECK(again.status == 0);
    // Gone: its comparison API file, spec, page and home API file (4); the index and
    // api/homes.json change (2).
    CHECK(again.out == "retrofit-site: 2 homes, 2 simulations into site: 2 files written, 17 unchanged, 4 removed\n");
    CHECK_FALSE(fs::exists(root / "site" / "homes" / "3003"));
    CHECK_FALSE(fs::exists(root / "site" / "api" / "home" / "3003.json"));
    CHECK_FALSE(fs::exists(root / "site" / "api" / "energy-comparison" / (k_two + ".json")));
    CHECK_FALSE(has(read(root / "site" / ".retrofit-site"), "3003"));
    CHECK_FALSE(has(read(root / "site" / "index.html"), "3 Mill Lane"));
}

TEST_CASE("e2e: removing one of a home's results keeps the home's folder", "[e2e]")
{
    const auto root = e2e::with_content("update-remove-result");
    e2e::build_ok(root);
    fs::remove(root / "content" / "results" / (k_one + ".json"));
    const auto again = e2e::build(root);
    // Removed: its comparison API file and spec; rewritten: 1001's page, its home API file
    // and api/homes.json (1001's simulations).
    CHECK(again.out == "retrofit-site: 3 homes, 2 simulations into site: 3 files written, 18 unchanged, 2 removed\n");
    CHECK(fs::is_regular_file(root / "site" / "homes" / "1001" / "index.html"));
    CHECK_FALSE(fs::exists(root / "site" / "homes" / "1001" / (k_one + ".vl.json")));
    CHECK(e2e::parse_file(root / "site" / "api" / "home" / "1001.json")["simulations"].Size() == 1);
}

TEST_CASE("e2e: files the user put in the output folder survive builds", "[e2e]")
{
    const auto root = e2e::with_content("update-user-files");
    e2e::build_ok(root);
    test_support::write(root / "site" / "CNAME", "retrofit.example\n");
    test_support::write(root / "site" / "homes" / "3003" / "photo.txt", "a photo\n");
    fs::remove(root / "content" / "results" / (k_two + ".json"));
    CHECK(e2e::build(root).status == 0);
    CHECK(read(root / "site" / "CNAME") == "retrofit.example\n");
    // The home's files are gone, but its folder is not empty so it stays.
    CHECK(read(root / "site" / "homes" / "3003" / "photo.txt") == "a photo\n");
    CHECK_FALSE(fs::exists(root / "site" / "homes" / "3003" / "index.html"));
}

TEST_CASE("e2e: a doctored marker cannot make a build delete outside the output folder", "[e2e]")
{
    const auto root = e2e::with_content("update-doctored-marker");
    e2e::build_ok(root);
    const fs::path absolute = root / "absolute.txt";
    test_support::write(root / "outside.txt", "keep\n");
    test_support::write(absolute, "keep\n");
    test_support::write(root / "site" / "dot.txt", "keep\n");
    std::string marker = read(root / "site" / ".retrofit-site");
    marker += "../outside.txt\n" + absolute.string() + "\n./dot.txt\n\n# dot.txt\n";
    test_support::write(root / "site" / ".retrofit-site", marker);
    const auto again = e2e::build(root);
    CHECK(again.out == "retrofit-site: 3 homes, 3 simulations into site: 0 files written, 23 unchanged, 0 removed\n");
    CHECK(read(root / "outside.txt") == "keep\n");
    CHECK(read(absolute) == "keep\n");
    CHECK(read(root / "site" / "dot.txt") == "keep\n");
    // The marker is rewritten to list only what this build produced.
    CHECK_FALSE(has(read(root / "site" / ".retrofit-site"), "outside"));
}

TEST_CASE("e2e: a file of the last build that is already gone is not counted as removed", "[e2e]")
{
    const auto root = e2e::with_content("update-already-gone");
    e2e::build_ok(root);
    fs::remove(root / "site" / "homes" / "4004" / "index.html");
    fs::remove(root / "content" / "homes" / "4004.json");
    const auto again = e2e::build(root);
    // 4004's API file goes (1 removed); its page was gone already; the index and
    // api/homes.json change: 23 - 2 = 21 files, 2 written and 19 unchanged.
    CHECK(again.out == "retrofit-site: 2 homes, 3 simulations into site: 2 files written, 19 unchanged, 1 removed\n");
    CHECK_FALSE(fs::exists(root / "site" / "homes" / "4004"));
}

TEST_CASE("e2e: hidden files and other names in content folders are not content", "[e2e]")
{
    const auto root = e2e::with_content("update-not-content");
    test_support::write(root / "content" / "homes" / ".5005.json", "{ not json");
    test_support::write(root / "content" / "homes" / "README.md", "# notes\n");
    test_support::write(root / "content" / "results" / "1001.json~", "{ backup");
    test_support::write(root / "content" / "results" / ".json", "{");
    const auto result = e2e::build(root);
    CHECK(result.status == 0);
    CHECK(result.err.empty());
    CHECK(result.out == "retrofit-site: 3 homes, 3 simulations into site: 23 files written, 0 unchanged, 0 removed\n");
}

TEST_CASE("e2e: a build may write into an existing empty folder", "[e2e]")
{
    const auto root = e2e::with_content("update-empty-folder");
    fs::create_directories(root / "site");
    const auto result = e2e::build(root);
    CHECK(result.status == 0);
    CHECK(fs::is_regular_file(root / "site" / ".retrofit-site"));
}

TEST_CASE("e2e: the site is the same byte for byte with 1 worker and with 4", "[e2e]")
{
    const fs::path root = test_support::scratch("jobs-identical");
    // 60 homes: enough for each of 4 workers to take several batches of 8.
    e2e::write_portfolio(root / "content", 60, "4800");
    test_support::copy_tree(e2e::fixture("small") / "content" / "homes", root / "content" / "homes");
    const auto one = test_support::run(
        "build --content content --templates " + e2e::shell_quoted(RETROFIT_TEMPLATES_DIR) + " --out one --jobs 1",
        root);
    const auto four = test_support::run(
        "build --content content --templates " + e2e::shell_quoted(RETROFIT_TEMPLATES_DIR) + " --out four --jobs 4",
        root);
    REQUIRE(one.status == 0);
    REQUIRE(four.status == 0);
    const auto first = test_support::snapshot(root / "one");
    CHECK(first.size() > 60 * 3);
    CHECK(first == test_support::snapshot(root / "four"));
}

TEST_CASE("e2e: errors are reported in the same order with 1 worker and with 4", "[e2e]")
{
    const fs::path root = test_support::scratch("jobs-errors");
    e2e::write_portfolio(root / "content", 40, "4800");
    // Break every fifth result in a different way, so that the messages differ.
    for (int i = 0; i < 40; i += 5) {
        std::array<char, 64> name {};
        std::snprintf(name.data(), name.size(), "cccccccc-3333-4333-8333-%012d.json", i);
        const fs::path path = root / "content" / "results" / name.data();
        std::string text = test_support::read(path);
        text.insert(text.find('{') + 1, i % 2 == 0 ? "\"x\": 1, \"x\": 2," : "\"broken\": ,");
        test_support::write(path, text);
    }
    const auto one = test_support::run("check --content content --jobs 1", root);
    const auto four = test_support::run("check --content content --jobs 4", root);
    CHECK(one.status == 1);
    CHECK(one.err.find("8 errors") != std::string::npos);
    CHECK(one.err == four.err);
}
