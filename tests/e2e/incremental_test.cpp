// build --manifest FILE: a rebuild reads and renders only what changed, and
// its site is always the one a clean build (no manifest) of the same content
// and templates makes, byte for byte.
//
// Most cases use the "mixed" content below: the small fixture site plus a
// portfolio of 12 homes, 5 homes to an index page. Its files, counted by hand:
//   homes: 1001, 3003, 4004 (small) and 3000000 to 3000011 (portfolio): 15
//   simulations: aaaaaaaa-..., bbbbbbbb-... (1001), cccccccc-...-333333333333
//     (3003) and cccccccc-...-000000000000 to -000000000011: 15
//   per simulation: api/energy-comparison/<id>.json, homes/<uprn>/<id>.vl.json: 2 x 15 = 30
//   per home: api/home/<uprn>.json, homes/<uprn>/index.html: 2 x 15 = 30
//   site-wide: index.html, index-2.html, index-3.html (15 homes, 5 a page),
//     api/homes.json, api/404.json, api/openapi.json, 404.html, _headers,
//     docs/index.html, assets/{chart,docs,index}.js, assets/site.css: 13
//   in all 30 + 30 + 13 = 73 files, besides the marker .retrofit-site (not counted).
#include "e2e.hpp"

#include "portfolio.hpp"
#include <chrono>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <set>

using e2e::has;
using test_support::read;
using test_support::snapshot;
namespace fs = std::filesystem;

namespace {

using e2e::edit;
using e2e::touched;

const std::string k_with_manifest = " --manifest build.manifest";
const std::string k_one = "bbbbbbbb-2222-4222-8222-222222222222";

/// The portfolio's simulation id and UPRN for home i.
std::string id_of(int i)
{
    std::array<char, 40> id {};
    std::snprintf(id.data(), id.size(), "cccccccc-3333-4333-8333-%012d", i);
    return id.data();
}

std::string uprn_of(int i)
{
    return std::to_string(3000000 + i);
}

fs::path result_file(const fs::path& root, int i)
{
    return root / "content" / "results" / (id_of(i) + ".json");
}

/// A scratch folder holding the mixed content described at the top.
fs::path mixed(const std::string& test)
{
    const fs::path root = test_support::scratch(test);
    e2e::write_portfolio(root / "content", 12, "4800");
    test_support::copy_tree(e2e::fixture("small") / "content", root / "content");
    test_support::write(
        root / "content" / "site.json", "{\"title\": \"Lowbury & District Retrofit\", \"page_size\": 5}\n");
    return root;
}

/// The summary line of a build of the mixed content into site/.
std::string summary(const std::string& counts)
{
    return "retrofit-site: 15 homes, 15 simulations into site: " + counts + "\n";
}

/// `build` into root/site with the manifest root/build.manifest.
test_support::Run build_m(
    const fs::path& root, const std::string& templates = RETROFIT_TEMPLATES_DIR, const std::string& extra = "")
{
    return e2e::build(root, templates, k_with_manifest + extra);
}

void build_m_ok(const fs::path& root, const std::string& templates = RETROFIT_TEMPLATES_DIR)
{
    const auto result = build_m(root, templates);
    INFO(result.err);
    REQUIRE(result.status == 0);
}

/// What a clean build (no manifest) of root/content makes, built into root/clean.
std::map<std::string, std::string> clean_site(
    const fs::path& root, const std::string& templates = RETROFIT_TEMPLATES_DIR, const std::string& extra = "")
{
    fs::remove_all(root / "clean");
    const auto result = test_support::run(
        "build --content content --templates " + e2e::shell_quoted(templates) + " --out clean" + extra, root);
    INFO(result.err);
    REQUIRE(result.status == 0);
    return snapshot(root / "clean");
}

/// Every home's page of the mixed content.
std::set<std::string> home_pages()
{
    std::set<std::string> pages = {"homes/1001/index.html", "homes/3003/index.html", "homes/4004/index.html"};
    for (int i = 0; i < 12; ++i) {
        pages.insert("homes/" + uprn_of(i) + "/index.html");
    }
    return pages;
}

}  // namespace

TEST_CASE("e2e: incremental: a second build with the manifest and nothing changed writes nothing", "[e2e]")
{
    const auto root = mixed("incremental-nothing");
    const auto first = build_m(root);
    REQUIRE(first.status == 0);
    CHECK(first.out == summary("73 files written, 0 unchanged, 0 removed"));
    CHECK(fs::is_regular_file(root / "build.manifest"));
    CHECK(snapshot(root / "site").size() == 74);  // the 73 files and the marker: the manifest is not published
    e2e::age_files(root / "site");
    const auto times = e2e::mtimes(root / "site");
    const auto again = build_m(root);
    CHECK(again.status == 0);
    CHECK(again.err.empty());
    CHECK(again.out == summary("0 files written, 73 unchanged, 0 removed"));
    CHECK(e2e::mtimes(root / "site") == times);
    CHECK(snapshot(root / "site") == clean_site(root));
}

TEST_CASE("e2e: incremental: with nothing changed the manifest is not written again", "[e2e]")
{
    const auto root = mixed("incremental-manifest-kept");
    build_m_ok(root);
    const std::string bytes = read(root / "build.manifest");
    const auto old = fs::file_time_type::clock::now() - std::chrono::hours(1);
    fs::last_write_time(root / "build.manifest", old);
    CHECK(build_m(root).out == summary("0 files written, 73 unchanged, 0 removed"));
    CHECK(fs::last_write_time(root / "build.manifest") == old);
    CHECK(read(root / "build.manifest") == bytes);
}

TEST_CASE("e2e: incremental: a changed figure rewrites only its home's files and the pages that show it", "[e2e]")
{
    const auto root = mixed("incremental-figure");
    build_m_ok(root);
    e2e::age_files(root / "site");
    const auto times = e2e::mtimes(root / "site");
    // Home 3000007's plan now ends at 4700 kWh a year instead of 4800 (its last stage's annual energy).
    edit(result_file(root, 7), "{\"energy\": 4800,", "{\"energy\": 4700,");
    const auto again = build_m(root);
    CHECK(again.status == 0);
    // Written, 7: the home's comparison API file, chart spec and page show the plan's end (3);
    // api/homes.json gives each home's annual figures (1); every index page shows the
    // portfolio's totals, 100 kWh lower after the plan (3). api/home/3000007.json (the
    // home's details and simulation ids) does not change. 73 - 7 = 66 unchanged.
    CHECK(again.out == summary("7 files written, 66 unchanged, 0 removed"));
    // The marker is rewritten too: it says "in progress" while files change.
    const std::set<std::string> expected = {".retrofit-site", "api/energy-comparison/" + id_of(7) + ".json",
        "homes/" + uprn_of(7) + "/" + id_of(7) + ".vl.json", "homes/" + uprn_of(7) + "/index.html", "api/homes.json",
        "index.html", "index-2.html", "index-3.html"};
    CHECK(touched(times, e2e::mtimes(root / "site")) == expected);
    // 12000 - 4700 = 7300; 7300 / 12000 = 60.83...% -> 60.8%.
    CHECK(has(read(root / "site" / "homes" / uprn_of(7) / "index.html"), "7,300.0 kWh (60.8%)"));
    CHECK(snapshot(root / "site") == clean_site(root));
}

TEST_CASE("e2e: incremental: a changed figure the index does not show rewrites only the home's chart and page", "[e2e]")
{
    const auto root = mixed("incremental-monthly");
    build_m_ok(root);
    e2e::age_files(root / "site");
    const auto times = e2e::mtimes(root / "site");
    // January of home 3000003's first stage (1500 kWh, only there): 1400 kWh. The chart
    // draws every stage and the page tabulates them; the comparison API compares the
    // baseline with the plan's end, and the index and api/homes.json give annual figures.
    edit(result_file(root, 3), "\"1\": {\"energy\": 1500,", "\"1\": {\"energy\": 1400,");
    const auto again = build_m(root);
    CHECK(again.status == 0);
    CHECK(again.out == summary("2 files written, 71 unchanged, 0 removed"));
    const std::set<std::string> expected = {
        ".retrofit-site", "homes/" + uprn_of(3) + "/" + id_of(3) + ".vl.json", "homes/" + uprn_of(3) + "/index.html"};
    CHECK(touched(times, e2e::mtimes(root / "site")) == expected);
    CHECK(snapshot(root / "site") == clean_site(root));
}

TEST_CASE("e2e: incremental: a home's new town is listed on its index page and in the catalogue", "[e2e]")
{
    // The portfolio's pages are kept while every home is listed as before;
    // a town is listed, though no figure changes.
    const auto root = mixed("incremental-town");
    build_m_ok(root);
    e2e::age_files(root / "site");
    const auto times = e2e::mtimes(root / "site");
    edit(root / "content" / "homes" / "1001.json", "\"town\": \"Lowbury\"", "\"town\": \"Lowbury Fen\"");
    const auto again = build_m(root);
    CHECK(again.status == 0);
    const auto written = touched(times, e2e::mtimes(root / "site"));
    // Home 1001 comes first in UPRN order, so it is on index.html, with 3003, 4004,
    // 3000000 and 3000001; index-2.html and index-3.html list none of it.
    for (const std::string path : {"index.html", "api/homes.json", "homes/1001/index.html", "api/home/1001.json"}) {
        CHECK(written.count(path) == 1);
    }
    CHECK(written.count("index-2.html") == 0);
    CHECK(written.count("index-3.html") == 0);
    CHECK(has(read(root / "site" / "index.html"), "Lowbury Fen"));
    CHECK(snapshot(root / "site") == clean_site(root));
}

namespace {

/// The parts of the manifest file: the whole manifest (its first three
/// lines: version and keys, inputs, homes) as one, then one per change appended.
std::size_t manifest_lines(const fs::path& root)
{
    const std::string text = read(root / "build.manifest");
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1 - 2;
}

}  // namespace

TEST_CASE("e2e: incremental: a small change is appended to the manifest, and read back by the next build", "[e2e]")
{
    const auto root = mixed("incremental-append");
    build_m_ok(root);
    const std::string whole = read(root / "build.manifest");
    REQUIRE(manifest_lines(root) == 1);
    edit(result_file(root, 3), "\"1\": {\"energy\": 1500,", "\"1\": {\"energy\": 1400,");
    CHECK(build_m(root).out == summary("2 files written, 71 unchanged, 0 removed"));
    // The whole manifest is left as it was, one line follows it.
    CHECK(manifest_lines(root) == 2);
    CHECK(read(root / "build.manifest").rfind(whole + "\n", 0) == 0);
    // The next build trusts the whole and the change: nothing to do.
    CHECK(build_m(root).out == summary("0 files written, 73 unchanged, 0 removed"));
    CHECK(manifest_lines(root) == 2);  // and nothing to remember
    // A result deleted: its input and home go from the manifest in a second change.
    fs::remove(result_file(root, 4));
    CHECK(build_m(root).out
        == "retrofit-site: 14 homes, 14 simulations into site: 4 files written, 65 unchanged, 4 removed\n");
    CHECK(manifest_lines(root) == 3);
    CHECK(build_m(root).out
        == "retrofit-site: 14 homes, 14 simulations into site: 0 files written, 69 unchanged, 0 removed\n");
    // The last input of all in path order (home 3003's only result): the
    // change is worked out by one walk through both manifests' inputs.
    fs::remove(root / "content" / "results" / "cccccccc-3333-4333-8333-333333333333.json");
    REQUIRE(build_m(root).status == 0);
    CHECK(manifest_lines(root) == 4);
    CHECK(build_m(root).out
        == "retrofit-site: 13 homes, 13 simulations into site: 0 files written, 65 unchanged, 0 removed\n");
    CHECK(snapshot(root / "site") == clean_site(root));
}

TEST_CASE("e2e: incremental: the manifest is written whole again before its changes grow many", "[e2e]")
{
    const auto root = mixed("incremental-compact");
    build_m_ok(root);
    bool whole_again = false;
    std::size_t most = 1;
    // 12 builds, each after one result's January changed: more changes than
    // the file may hold (or, first, more bytes than half the whole manifest).
    for (int i = 0; i < 12; ++i) {
        edit(result_file(root, i), "\"1\": {\"energy\": 1500,", "\"1\": {\"energy\": 1400,");
        const auto again = build_m(root);
        REQUIRE(again.status == 0);
        const std::size_t lines = manifest_lines(root);
        most = std::max(most, lines);
        whole_again = whole_again || (lines == 1 && i > 0);
        INFO("build " << i << ": " << lines << " lines");
        CHECK(lines < 16);
    }
    CHECK(most > 1);
    CHECK(whole_again);
    CHECK(build_m(root).out == summary("0 files written, 73 unchanged, 0 removed"));
    CHECK(snapshot(root / "site") == clean_site(root));
}

TEST_CASE("e2e: incremental: a change cut short in the manifest means a full and right build", "[e2e]")
{
    const auto root = mixed("incremental-torn");
    build_m_ok(root);
    edit(result_file(root, 3), "\"1\": {\"energy\": 1500,", "\"1\": {\"energy\": 1400,");
    build_m_ok(root);
    REQUIRE(manifest_lines(root) == 2);
    // As a crash in the middle of appending would leave it.
    const std::string text = read(root / "build.manifest");
    test_support::write(root / "build.manifest", text.substr(0, text.size() - 10));
    edit(result_file(root, 5), "\"1\": {\"energy\": 1500,", "\"1\": {\"energy\": 1400,");
    const auto again = build_m(root);
    CHECK(again.status == 0);
    CHECK(again.out == summary("2 files written, 71 unchanged, 0 removed"));
    CHECK(manifest_lines(root) == 1);  // not trusted, so written whole
    CHECK(snapshot(root / "site") == clean_site(root));
    CHECK(build_m(root).out == summary("0 files written, 73 unchanged, 0 removed"));
}

TEST_CASE("e2e: incremental: a file changed and then given back its old mtime is still seen as changed", "[e2e]")
{
    const auto root = mixed("incremental-old-mtime");
    build_m_ok(root);
    const fs::path file = result_file(root, 7);
    const auto old_time = fs::last_write_time(file);
    const auto old_size = fs::file_size(file);
    // Same size and, once set back, the same modification time: only the bytes
    // (and the change time, which cannot be set by hand) differ.
    edit(file, "{\"energy\": 4800,", "{\"energy\": 4700,");
    fs::last_write_time(file, old_time);
    REQUIRE(fs::last_write_time(file) == old_time);
    REQUIRE(fs::file_size(file) == old_size);
    const auto again = build_m(root);
    CHECK(again.status == 0);
    // As for the changed figure above: 7 written, 66 unchanged.
    CHECK(again.out == summary("7 files written, 66 unchanged, 0 removed"));
    CHECK(has(read(root / "site" / "homes" / uprn_of(7) / "index.html"), "7,300.0 kWh (60.8%)"));
    CHECK(snapshot(root / "site") == clean_site(root));
}

TEST_CASE("e2e: incremental: a file touched or copied back with the same bytes writes nothing", "[e2e]")
{
    const auto root = mixed("incremental-touched");
    build_m_ok(root);
    e2e::age_files(root / "site");
    const auto times = e2e::mtimes(root / "site");
    const fs::path file = result_file(root, 7);
    SECTION("a new modification time")
    {
        fs::last_write_time(file, fs::file_time_type::clock::now() + std::chrono::hours(1));
    }
    SECTION("removed and written again: a new inode and times")
    {
        const std::string bytes = read(file);
        fs::remove(file);
        test_support::write(file, bytes);
    }
    SECTION("a home file touched")
    {
        fs::last_write_time(
            root / "content" / "homes" / "1001.json", fs::file_time_type::clock::now() + std::chrono::hours(1));
    }
    const auto again = build_m(root);
    CHECK(again.status == 0);
    CHECK(again.out == summary("0 files written, 73 unchanged, 0 removed"));
    CHECK(e2e::mtimes(root / "site") == times);
    const auto third = build_m(root);
    CHECK(third.out == summary("0 files written, 73 unchanged, 0 removed"));
    CHECK(e2e::mtimes(root / "site") == times);
    CHECK(snapshot(root / "site") == clean_site(root));
}

TEST_CASE("e2e: incremental: a template change renders every home again", "[e2e]")
{
    const auto root = mixed("incremental-template");
    test_support::copy_tree(RETROFIT_TEMPLATES_DIR, root / "templates");
    const std::string templates = (root / "templates").string();
    build_m_ok(root, templates);
    e2e::age_files(root / "site");
    const auto times = e2e::mtimes(root / "site");
    // Every home page (15) links to its API file with this text, and no other page does:
    // 15 written, 73 - 15 = 58 unchanged.
    edit(root / "templates" / "home.mustache", "Home details as JSON", "Home details in JSON");
    const auto again = build_m(root, templates);
    CHECK(again.status == 0);
    CHECK(again.out == summary("15 files written, 58 unchanged, 0 removed"));
    std::set<std::string> expected = home_pages();
    expected.insert(".retrofit-site");
    CHECK(touched(times, e2e::mtimes(root / "site")) == expected);
    CHECK(has(read(root / "site" / "homes" / uprn_of(0) / "index.html"), "Home details in JSON"));
    CHECK(snapshot(root / "site") == clean_site(root, templates));
}

TEST_CASE("e2e: incremental: a settings change renders every home again", "[e2e]")
{
    const auto root = mixed("incremental-settings");
    build_m_ok(root);
    e2e::age_files(root / "site");
    const auto times = e2e::mtimes(root / "site");
    // The title is on every page; site.json is no home's input.
    test_support::write(
        root / "content" / "site.json", "{\"title\": \"Lowbury and District Retrofit\", \"page_size\": 5}\n");
    const auto again = build_m(root);
    CHECK(again.status == 0);
    const auto changed = touched(times, e2e::mtimes(root / "site"));
    for (const std::string& page : home_pages()) {
        INFO(page);
        CHECK(changed.count(page) == 1);
    }
    CHECK(has(read(root / "site" / "homes" / uprn_of(5) / "index.html"), "Lowbury and District Retrofit"));
    CHECK(snapshot(root / "site") == clean_site(root));
}

TEST_CASE("e2e: incremental: a deleted result's files are removed", "[e2e]")
{
    const auto root = mixed("incremental-deleted");
    build_m_ok(root);
    SECTION("a home's only result")
    {
        fs::remove(result_file(root, 4));  // home 3000004 has no home file: it goes too
        const auto again = build_m(root);
        CHECK(again.status == 0);
        // Removed, 4: its comparison API file, chart spec, page and home API file. Written, 4:
        // api/homes.json and the 3 index pages (14 homes still make 3 pages, and the totals
        // change). 73 - 4 = 69 files, 69 - 4 = 65 unchanged.
        CHECK(again.out
            == "retrofit-site: 14 homes, 14 simulations into site: 4 files written, 65 unchanged, 4 removed\n");
        CHECK_FALSE(fs::exists(root / "site" / "homes" / uprn_of(4)));
        CHECK_FALSE(fs::exists(root / "site" / "api" / "home" / (uprn_of(4) + ".json")));
        CHECK_FALSE(fs::exists(root / "site" / "api" / "energy-comparison" / (id_of(4) + ".json")));
    }
    SECTION("one of a home's two results")
    {
        fs::remove(root / "content" / "results" / (k_one + ".json"));
        const auto again = build_m(root);
        CHECK(again.status == 0);
        // Removed, 2: its comparison API file and chart spec. Written, 3: 1001's page, its home
        // API file and api/homes.json (1001's simulation ids); the index shows 1001's first
        // simulation, aaaaaaaa-..., which stays. 73 - 2 = 71 files, 71 - 3 = 68 unchanged.
        CHECK(again.out
            == "retrofit-site: 15 homes, 14 simulations into site: 3 files written, 68 unchanged, 2 removed\n");
        CHECK_FALSE(fs::exists(root / "site" / "homes" / "1001" / (k_one + ".vl.json")));
        CHECK(fs::is_regular_file(root / "site" / "homes" / "1001" / "index.html"));
    }
    CHECK(snapshot(root / "site") == clean_site(root));
    const auto third = build_m(root);
    CHECK(has(third.out, ": 0 files written,"));
}

TEST_CASE("e2e: incremental: an output file deleted or damaged by hand is written back", "[e2e]")
{
    const auto root = mixed("incremental-output-gone");
    build_m_ok(root);
    const fs::path page = root / "site" / "homes" / uprn_of(2) / "index.html";
    const std::string bytes = read(page);
    SECTION("a home's page deleted")
    {
        fs::remove(page);
    }
    SECTION("a home's page cut short")
    {
        test_support::write(page, bytes.substr(0, bytes.size() / 2));
    }
    const auto again = build_m(root);
    CHECK(again.status == 0);
    CHECK(again.out == summary("1 file written, 72 unchanged, 0 removed"));
    CHECK(read(page) == bytes);
    CHECK(snapshot(root / "site") == clean_site(root));
}

TEST_CASE("e2e: incremental: an index page or the catalogue deleted by hand is written back", "[e2e]")
{
    // With nothing changed the portfolio's pages are kept as they are, unless
    // one is missing: then they are rendered again, and only it is written.
    const auto root = mixed("incremental-index-gone");
    build_m_ok(root);
    for (const char* file : {"index-2.html", "api/homes.json"}) {
        const std::string bytes = read(root / "site" / file);
        fs::remove(root / "site" / file);
        const auto again = build_m(root);
        CHECK(again.status == 0);
        CHECK(again.out == summary("1 file written, 72 unchanged, 0 removed"));
        CHECK(read(root / "site" / file) == bytes);
    }
    CHECK(snapshot(root / "site") == clean_site(root));
}

TEST_CASE("e2e: incremental: a missing or damaged manifest means a full and right build", "[e2e]")
{
    const auto root = mixed("incremental-damaged");
    build_m_ok(root);
    const fs::path manifest = root / "build.manifest";
    const std::string original = read(manifest);
    REQUIRE(original.size() > 100);
    // Home 3003 and the portfolio's homes record [12000, 4800, 7200, 60] for the index; a
    // build that trusted a damaged manifest would show this figure instead.
    const auto doctored = [&](std::string text) {
        const std::string before = text;
        e2e::replace_all(text, "[12000.0,4800.0,7200.0,60.0]", "[12000.0,1.0,11999.0,99.99]");
        REQUIRE(text != before);
        return text;
    };
    SECTION("missing")
    {
        fs::remove(manifest);
    }
    SECTION("empty")
    {
        test_support::write(manifest, "");
    }
    SECTION("cut short")
    {
        test_support::write(manifest, doctored(original).substr(0, original.size() / 2));
    }
    SECTION("not JSON")
    {
        test_support::write(manifest, "[1, 2");
    }
    SECTION("JSON of the wrong shape")
    {
        test_support::write(manifest, "{}");
    }
    SECTION("an array of the wrong shape")
    {
        test_support::write(manifest, "[1, 2, 3, {}, []]");
    }
    SECTION("another format version")
    {
        // Version 8 ends each line with a checksum; version 7 had none;
        // version 6 named inputs by their path, not their path under the
        // content folder; version 5 named a home's files by its UPRN and
        // simulation ids; version 4 listed their paths; version 3 was one
        // line; version 2 kept every result's home's facts; version 1 had
        // no listing keys.
        REQUIRE(original.rfind("[8,", 0) == 0);
        test_support::write(manifest, "[7," + doctored(original).substr(3));
    }
    SECTION("a figure changed in place, still JSON of the right shape")
    {
        // As a flipped bit or a hand edit would leave it: only its checksums tell.
        test_support::write(manifest, doctored(original));
    }
    SECTION("written by another generator binary")
    {
        // The same generator with one byte more: another binary, so another key.
        const fs::path other = root / "other-retrofit-site";
        test_support::write(other, read(RETROFIT_BINARY) + '\n');
        fs::permissions(other, fs::perms::owner_all);
        const std::string command = "cd " + e2e::shell_quoted(root)
            + " && ./other-retrofit-site build --content content" + " --templates "
            + e2e::shell_quoted(RETROFIT_TEMPLATES_DIR) + " --out site" + k_with_manifest + " >/dev/null 2>&1";
        REQUIRE(std::system(command.c_str()) == 0);
        const std::string theirs = read(manifest);
        REQUIRE(theirs != original);  // their key
        test_support::write(manifest, doctored(theirs));
    }
    e2e::age_files(root / "site");
    const auto times = e2e::mtimes(root / "site");
    const auto again = build_m(root);
    CHECK(again.status == 0);
    CHECK(again.err.empty());
    // A full build of unchanged content: every file rendered, none changed.
    CHECK(again.out == summary("0 files written, 73 unchanged, 0 removed"));
    CHECK(e2e::mtimes(root / "site") == times);
    CHECK(snapshot(root / "site") == clean_site(root));
    // Rewritten: the same inputs, stamps and outputs as after the first build.
    CHECK(read(manifest) == original);
    const auto third = build_m(root);
    CHECK(third.out == summary("0 files written, 73 unchanged, 0 removed"));
}

TEST_CASE("e2e: incremental: a failed build leaves the manifest as it was", "[e2e]")
{
    const auto root = mixed("incremental-failed");
    build_m_ok(root);
    const fs::path manifest = root / "build.manifest";
    const std::string original_manifest = read(manifest);
    const auto site = snapshot(root / "site");
    const fs::path file = result_file(root, 7);
    const std::string original = read(file);
    std::string broken = original;
    broken.insert(broken.find('{') + 1, "\"broken\": ,");
    test_support::write(file, broken);
    const auto failed = build_m(root);
    CHECK(failed.status == 1);
    CHECK(failed.out.empty());
    CHECK(has(failed.err, id_of(7) + ".json:"));
    CHECK(read(manifest) == original_manifest);
    CHECK(snapshot(root / "site") == site);
    SECTION("fixed with other figures")
    {
        std::string fixed = original;
        e2e::replace_all(fixed, "{\"energy\": 4800,", "{\"energy\": 4700,");
        test_support::write(file, fixed);
        const auto again = build_m(root);
        CHECK(again.status == 0);
        // As for the changed figure above: 7 written, 66 unchanged.
        CHECK(again.out == summary("7 files written, 66 unchanged, 0 removed"));
    }
    SECTION("put back as it was")
    {
        test_support::write(file, original);
        const auto again = build_m(root);
        CHECK(again.status == 0);
        CHECK(again.out == summary("0 files written, 73 unchanged, 0 removed"));
    }
    CHECK(snapshot(root / "site") == clean_site(root));
}

TEST_CASE("e2e: incremental: the site is the same with 1 worker and with 4", "[e2e]")
{
    const fs::path root = test_support::scratch("incremental-jobs");
    e2e::write_portfolio(root / "content", 30, "4800");
    test_support::copy_tree(e2e::fixture("small") / "content" / "homes", root / "content" / "homes");
    const auto build_both = [&] {
        for (const std::string jobs : {"1", "4"}) {
            const auto result
                = test_support::run("build --content content --templates " + e2e::shell_quoted(RETROFIT_TEMPLATES_DIR)
                        + " --out site-" + jobs + " --manifest " + jobs + ".manifest --jobs " + jobs,
                    root);
            INFO(result.err);
            REQUIRE(result.status == 0);
        }
    };
    build_both();
    // Change one figure, give one home another UPRN, remove one result, add a home file.
    edit(result_file(root, 7), "{\"energy\": 4800,", "{\"energy\": 4700,");
    edit(result_file(root, 12), "\"uprn\": \"" + uprn_of(12) + "\"", "\"uprn\": \"3999999\"");
    fs::remove(result_file(root, 25));
    std::string home = read(root / "content" / "homes" / "4004.json");
    e2e::replace_all(home, "4004", "5005");
    test_support::write(root / "content" / "homes" / "5005.json", home);
    build_both();
    const auto one = snapshot(root / "site-1");
    CHECK(one.size() > 29 * 4);
    CHECK(one == snapshot(root / "site-4"));
    CHECK(one == clean_site(root));
}

// Found by this test: the generator misbehaves here (left failing on purpose, see the CHECKs).
TEST_CASE("e2e: incremental: a warning of an unchanged file is still reported and fails --warnings-as-errors", "[e2e]")
{
    const auto root = mixed("incremental-warning");
    // February of home 3000003's baseline (1800 kWh, only there): -5 kWh, a warning.
    edit(result_file(root, 3), "\"2\": {\"energy\": 1800,", "\"2\": {\"energy\": -5,");
    const auto first = build_m(root);
    REQUIRE(first.status == 0);
    REQUIRE(has(first.err, "warning: a month's energy of -5 kWh"));
    CHECK(has(first.out, ", 1 warning\n"));
    const auto again = build_m(root);
    CHECK(again.status == 0);
    // GENERATOR BUG: with the manifest the unchanged file is not validated again, so its
    // warning is neither printed nor counted (a build without the manifest reports it).
    CHECK(again.err == first.err);
    CHECK(again.out == summary("0 files written, 73 unchanged, 0 removed, 1 warning"));
    // GENERATOR BUG: for the same reason --warnings-as-errors passes (status 0, the site
    // written) where a build without the manifest fails with status 1.
    const auto strict = build_m(root, RETROFIT_TEMPLATES_DIR, " --warnings-as-errors");
    CHECK(strict.status == 1);
    CHECK(has(strict.err, "error: a month's energy of -5 kWh"));
    const auto strict_clean = test_support::run("build --content content --templates "
            + e2e::shell_quoted(RETROFIT_TEMPLATES_DIR) + " --out clean --warnings-as-errors",
        root);
    CHECK(strict_clean.status == 1);
}

// Found by this test: the generator misbehaves here (left failing on purpose, see the CHECK).
TEST_CASE("e2e: incremental: a shard built with a manifest holds only its own homes", "[e2e]")
{
    const auto root = mixed("incremental-shard");
    build_m_ok(root);  // the manifest now knows every result
    const std::string shard_build
        = "build --content content --templates " + e2e::shell_quoted(RETROFIT_TEMPLATES_DIR) + " --shard 0/2";
    const auto with_manifest = test_support::run(shard_build + " --out shard" + k_with_manifest, root);
    INFO(with_manifest.err);
    REQUIRE(with_manifest.status == 0);
    const auto without = test_support::run(shard_build + " --out shard-clean", root);
    REQUIRE(without.status == 0);
    // GENERATOR BUG: results the manifest knows are taken from it before the shard test
    // (in_shard) is made, so shard 0 also holds the results and homes of shard 1.
    CHECK(with_manifest.out.substr(0, with_manifest.out.find(" into "))
        == without.out.substr(0, without.out.find(" into ")));
    CHECK(snapshot(root / "shard") == snapshot(root / "shard-clean"));
}

TEST_CASE("e2e: incremental: a second result for a home renders that home again", "[e2e]")
{
    const auto root = mixed("incremental-second-result");
    build_m_ok(root);
    e2e::age_files(root / "site");
    const auto before = e2e::mtimes(root / "site");
    // Home 3000002 gets a second simulation, its id sorting after its first:
    // its inputs differ from the manifest's though each file is unchanged.
    const std::string id = "ffffffff-3333-4333-8333-000000000002";
    std::string text = read(result_file(root, 2));
    e2e::replace_all(text, id_of(2), id);
    test_support::write(root / "content" / "results" / (id + ".json"), text);
    const auto again = build_m(root);
    CHECK(again.status == 0);
    // 2 new files (its comparison API file and chart spec); rewritten: the
    // home's page and API file (both list the simulations) and the catalogue.
    // The index shows each home's first simulation, which stays the same.
    // 73 + 2 = 75 files, 75 - 5 = 70 unchanged.
    CHECK(again.out == "retrofit-site: 15 homes, 16 simulations into site: 5 files written, 70 unchanged, 0 removed\n");
    CHECK(touched(before, e2e::mtimes(root / "site"))
        == std::set<std::string> {".retrofit-site", "api/energy-comparison/" + id + ".json",
            "api/home/" + uprn_of(2) + ".json", "api/homes.json", "homes/" + uprn_of(2) + "/" + id + ".vl.json",
            "homes/" + uprn_of(2) + "/index.html"});
    CHECK(snapshot(root / "site") == clean_site(root));
}

TEST_CASE("e2e: incremental: a deleted home file lists its home from its result, read again", "[e2e]")
{
    // While 1001 has a home file, the manifest keeps no facts of its results'
    // homes; once the file is gone, its first result's are listed instead.
    const auto root = mixed("incremental-home-file-deleted");
    edit(root / "content" / "results" / "aaaaaaaa-1111-4111-8111-111111111111.json", "\"town\": \"Lowbury\"",
        "\"town\": \"Lowbury Marsh\"");
    build_m_ok(root);
    REQUIRE_FALSE(has(read(root / "site" / "index.html"), "Lowbury Marsh"));
    fs::remove(root / "content" / "homes" / "1001.json");
    const auto again = build_m(root);
    INFO(again.err);
    CHECK(again.status == 0);
    CHECK(has(read(root / "site" / "index.html"), "Lowbury Marsh"));
    CHECK(snapshot(root / "site") == clean_site(root));
}
