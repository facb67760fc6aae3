// build --shard K/N and merge: a portfolio built as N shards (on N machines)
// and merged is the site one plain build makes, byte for byte; merge refuses
// shards that do not make one whole build, and writes nothing then.
#include "e2e.hpp"
#include "portfolio.hpp"

#include <cstdlib>
#include <optional>
#include <set>
#include <utility>
#include <vector>

using e2e::has;
using test_support::read;
using test_support::Run;
using test_support::snapshot;
namespace fs = std::filesystem;

namespace {

using e2e::edit;
using e2e::touched;

const std::string k_hint = "Try 'retrofit-site --help'.\n";
const std::string k_changed = "cccccccc-3333-4333-8333-000000000005";  // home 3000005 of the portfolio

/// The whole stderr of a usage error.
std::string usage_error(const std::string& message)
{
    return "retrofit-site: error: " + message + "\n" + k_hint;
}

/// The whole stderr of a merge that one error stops.
std::string merge_error(const std::string& path, const std::string& message)
{
    return path + ": error: " + message + "\nretrofit-site: 1 error, nothing written\n";
}

/// A scratch folder whose content/ holds 40 portfolio homes (UPRNs 3000000
/// to 3000039, one result each) and the small site's content: home files
/// 1001 and 4004, results aaaaaaaa-... and bbbbbbbb-... (home 1001) and
/// cccccccc-...-333333333333 (home 3003), and site.json.
/// So 40 + 3 = 43 homes and 40 + 3 = 43 simulations.
fs::path portfolio(const std::string& test)
{
    const fs::path root = test_support::scratch(test);
    e2e::write_portfolio(root / "content", 40, "4800");
    test_support::copy_tree(e2e::fixture("small") / "content", root / "content");
    return root;
}

/// The UPRNs of portfolio(): 3000000 + i for i < 40, and the small site's three.
std::vector<std::string> portfolio_uprns()
{
    std::vector<std::string> uprns = {"1001", "3003", "4004"};
    for (int i = 0; i < 40; ++i) {
        uprns.push_back(std::to_string(3000000 + i));
    }
    return uprns;
}

Run build_into(
    const fs::path& root, const std::string& out, const std::string& extra = "", const std::string& content = "content")
{
    return test_support::run("build --content " + content + " --templates " + e2e::shell_quoted(RETROFIT_TEMPLATES_DIR)
            + " --out " + out + extra,
        root);
}

Run merge(const fs::path& root, const std::string& folders, const std::string& out)
{
    return test_support::run(
        "merge " + folders + " --out " + out + " --templates " + e2e::shell_quoted(RETROFIT_TEMPLATES_DIR), root);
}

/// Builds shard k of count into root/<folder>/<k> for every k, each succeeding.
void build_shards(const fs::path& root, const std::string& folder, int count)
{
    for (int k = 0; k < count; ++k) {
        const std::string shard = std::to_string(k) + "/" + std::to_string(count);
        const Run result = build_into(root, folder + "/" + std::to_string(k), " --shard " + shard);
        INFO(shard << ": " << result.err);
        REQUIRE(result.status == 0);
        CHECK(result.err.empty());
        CHECK(has(result.out, "(shard " + std::to_string(k) + " of " + std::to_string(count) + ")"));
    }
}

/// Sets (or, given nullptr, unsets) environment variables for one scope,
/// then puts back what was there: run() hands the environment on to the binary.
class ScopedEnvironment {
public:
    explicit ScopedEnvironment(const std::vector<std::pair<std::string, const char*>>& values)
    {
        for (const auto& [name, value] : values) {
            const char* old = std::getenv(name.c_str());
            m_saved.emplace_back(name, old != nullptr ? std::optional<std::string>(old) : std::nullopt);
            value != nullptr ? ::setenv(name.c_str(), value, 1) : ::unsetenv(name.c_str());
        }
    }
    ~ScopedEnvironment()
    {
        for (const auto& [name, value] : m_saved) {
            value ? ::setenv(name.c_str(), value->c_str(), 1) : ::unsetenv(name.c_str());
        }
    }
    ScopedEnvironment(const ScopedEnvironment&) = delete;
    ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

private:
    std::vector<std::pair<std::string, std::optional<std::string>>> m_saved;
};

/// Which of the shard folders root/<folder>/0..count-1 holds a home's page.
std::vector<int> shards_holding(const fs::path& root, const std::string& folder, int count, const std::string& uprn)
{
    std::vector<int> holders;
    for (int k = 0; k < count; ++k) {
        if (fs::exists(root / folder / std::to_string(k) / "homes" / uprn / "index.html")) {
            holders.push_back(k);
        }
    }
    return holders;
}

}  // namespace

TEST_CASE("e2e: shard - a portfolio built whole or as 1 or 3 shards and merged is the same site", "[e2e]")
{
    const fs::path root = portfolio("shard-same-site");
    // Home files: 4 for each home with one simulation (api/home, api/energy-comparison,
    // page, spec): 40 * 4 + 4 (3003) = 164; 1001 has two simulations: 2 + 2 * 2 = 6;
    // 4004 has none: 2 (api/home, page). 164 + 6 + 2 = 172.
    // The whole portfolio's files, as the small site has 23 - 12 = 11 of them: one index
    // page (43 homes, page_size 500), api/homes.json, api/openapi.json, api/404.json,
    // docs/index.html, 404.html, _headers and assets/. 172 + 11 = 183.
    const Run plain = build_into(root, "plain");
    REQUIRE(plain.status == 0);
    CHECK(
        plain.out == "retrofit-site: 43 homes, 43 simulations into plain: 183 files written, 0 unchanged, 0 removed\n");
    const auto expected = snapshot(root / "plain");
    CHECK(expected.size() == 184);  // 183 and the marker

    // One shard of one: every home's files and the shard manifest, 172 + 1 = 173.
    const Run one = build_into(root, "one/0", " --shard 0/1");
    REQUIRE(one.status == 0);
    CHECK(one.out
        == "retrofit-site: 43 homes, 43 simulations (shard 0 of 1) into one/0: 173 files written, 0 unchanged, 0 "
           "removed\n");
    const Run merged_one = merge(root, "one/0", "merged-one");
    INFO(merged_one.err);
    REQUIRE(merged_one.status == 0);
    CHECK(merged_one.out
        == "retrofit-site: 43 homes, 43 simulations into merged-one: 183 files written, 0 unchanged, 0 removed\n");
    CHECK(snapshot(root / "merged-one") == expected);

    build_shards(root, "three", 3);
    // The order of the folders on the command line does not matter.
    const Run merged_three = merge(root, "three/2 three/0 three/1", "merged-three");
    INFO(merged_three.err);
    REQUIRE(merged_three.status == 0);
    CHECK(merged_three.out
        == "retrofit-site: 43 homes, 43 simulations into merged-three: 183 files written, 0 unchanged, 0 removed\n");
    CHECK(snapshot(root / "merged-three") == expected);

    // Each home is in exactly one shard, with its home API file beside its page.
    for (const std::string& uprn : portfolio_uprns()) {
        const std::vector<int> holders = shards_holding(root, "three", 3, uprn);
        INFO("home " << uprn);
        REQUIRE(holders.size() == 1);
        CHECK(
            fs::is_regular_file(root / "three" / std::to_string(holders.front()) / "api" / "home" / (uprn + ".json")));
    }
    // The shards hold the 172 home files between them, and none of the whole portfolio's.
    std::size_t home_files = 0;
    for (int k = 0; k < 3; ++k) {
        const fs::path shard = root / "three" / std::to_string(k);
        INFO("shard " << k);
        CHECK(fs::is_regular_file(shard / ".retrofit-shard.json"));
        CHECK_FALSE(fs::exists(shard / "index.html"));
        CHECK_FALSE(fs::exists(shard / "api" / "homes.json"));
        CHECK_FALSE(fs::exists(shard / "api" / "openapi.json"));
        CHECK_FALSE(fs::exists(shard / "assets"));
        home_files += snapshot(shard).size() - 2;  // but the marker and the shard manifest
    }
    CHECK(home_files == 172);
    CHECK_FALSE(fs::exists(root / "merged-three" / ".retrofit-shard.json"));
}

TEST_CASE("e2e: shard - --shard N takes the index from the batch engine's environment", "[e2e]")
{
    const fs::path root = portfolio("shard-environment");
    const Run explicit_index = build_into(root, "explicit", " --shard 1/3");
    REQUIRE(explicit_index.status == 0);
    const auto expected = snapshot(root / "explicit");

    SECTION("JOB_COMPLETION_INDEX of a Kubernetes Indexed Job")
    {
        const ScopedEnvironment env({{"JOB_COMPLETION_INDEX", "1"}, {"AWS_BATCH_JOB_ARRAY_INDEX", nullptr}});
        const Run result = build_into(root, "from-env", " --shard 3");
        INFO(result.err);
        REQUIRE(result.status == 0);
        CHECK(has(result.out, "(shard 1 of 3) into from-env"));
        CHECK(snapshot(root / "from-env") == expected);
    }
    SECTION("AWS_BATCH_JOB_ARRAY_INDEX of an AWS Batch array job")
    {
        const ScopedEnvironment env({{"JOB_COMPLETION_INDEX", nullptr}, {"AWS_BATCH_JOB_ARRAY_INDEX", "1"}});
        const Run result = build_into(root, "from-env", " --shard 3");
        INFO(result.err);
        REQUIRE(result.status == 0);
        CHECK(has(result.out, "(shard 1 of 3) into from-env"));
        CHECK(snapshot(root / "from-env") == expected);
    }
    SECTION("neither set is a usage error naming both")
    {
        const ScopedEnvironment env({{"JOB_COMPLETION_INDEX", nullptr}, {"AWS_BATCH_JOB_ARRAY_INDEX", nullptr}});
        const Run result = build_into(root, "from-env", " --shard 3");
        CHECK(result.status == 2);
        CHECK(result.out.empty());
        CHECK(result.err
            == usage_error("--shard 3 takes the shard index from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) or "
                           "AWS_BATCH_JOB_ARRAY_INDEX (an AWS Batch array job), and neither is set: give --shard K/3"));
        CHECK(has(result.err, "JOB_COMPLETION_INDEX"));
        CHECK(has(result.err, "AWS_BATCH_JOB_ARRAY_INDEX"));
        CHECK_FALSE(fs::exists(root / "from-env"));
    }
    SECTION("an index from the environment past the count is a usage error")
    {
        // 3 shards are 0, 1 and 2.
        const ScopedEnvironment env({{"JOB_COMPLETION_INDEX", "3"}, {"AWS_BATCH_JOB_ARRAY_INDEX", nullptr}});
        const Run result = build_into(root, "from-env", " --shard 3");
        CHECK(result.status == 2);
        CHECK(result.err == usage_error("--shard needs a shard index K from 0 to 2, got \"3\""));
        CHECK_FALSE(fs::exists(root / "from-env"));
    }
}

TEST_CASE("e2e: shard - wrong --shard values and merge command lines are usage errors", "[e2e]")
{
    const fs::path root = e2e::with_content("shard-usage");
    const auto usage = [&](const std::string& arguments, const std::string& message) {
        const Run result = test_support::run(arguments, root);
        INFO(arguments);
        CHECK(result.status == 2);
        CHECK(result.out.empty());
        CHECK(result.err == usage_error(message));
        CHECK_FALSE(fs::exists(root / "site"));
    };
    // 3 shards are numbered 0, 1 and 2.
    usage("build --content content --shard 3/3", "--shard needs a shard index K from 0 to 2, got \"3\"");
    usage("build --content content --shard x/2", "--shard needs a shard index K from 0 to 1, got \"x\"");
    usage("build --content content --shard 0/0",
        "--shard needs K/N or N, N a number of shards from 1 to 9999, got \"0/0\"");
    usage("merge --out site", "merge needs the folders of a sharded build: retrofit-site merge SHARD_DIR... --out DIR");
    usage("merge shard --content x --out site", "unknown option \"--content\" for merge");
}

TEST_CASE("e2e: shard - merge refuses shards that are not one whole build and writes nothing", "[e2e]")
{
    const fs::path root = portfolio("shard-merge-errors");
    build_shards(root, "three", 3);
    const auto fails = [&](const std::string& folders, const std::string& expected_err) {
        const Run result = merge(root, folders, "site");
        INFO("merge " << folders);
        CHECK(result.status == 1);
        CHECK(result.out.empty());
        CHECK(result.err == expected_err);
        CHECK_FALSE(fs::exists(root / "site"));
    };

    SECTION("a missing shard")
    {
        // Of 0, 1 and 2, only 0 and 2 are given.
        fails("three/0 three/2", merge_error("three/2", "missing shard 1 of 3: merge needs the folder of every shard"));
    }
    SECTION("the same shard twice")
    {
        test_support::copy_tree(root / "three" / "0", root / "copy" / "0");
        fails("three/0 three/1 three/2 copy/0", merge_error("copy/0", "shard 0 again: three/0 is it too"));
    }
    SECTION("shards of different counts")
    {
        REQUIRE(build_into(root, "one/0", " --shard 0/1").status == 0);
        fails("three/0 three/1 three/2 one/0", merge_error("one/0", "shard of 1, the others are of 3"));
    }
    SECTION("a folder that is not a shard build")
    {
        REQUIRE(build_into(root, "plain").status == 0);
        fails("three/0 three/1 three/2 plain",
            merge_error("plain/.retrofit-shard.json",
                "not the manifest of a shard build (made by build --shard K/N): cannot read: No such file or "
                "directory"));
        fs::create_directories(root / "empty");
        fails("three/0 three/1 three/2 empty",
            merge_error("empty", "not a site written by retrofit-site (it has no .retrofit-site file)"));
    }
    SECTION("a shard whose build did not finish")
    {
        test_support::copy_tree(root / "three" / "1", root / "stale" / "1");
        std::string marker = read(root / "stale" / "1" / ".retrofit-site");
        marker.replace(0, marker.find('\n'), "# retrofit-site: build in progress");
        test_support::write(root / "stale" / "1" / ".retrofit-site", marker);
        fails("three/0 stale/1 three/2",
            merge_error("stale/1", "the last build did not finish: build again before publishing this site"));
    }
    SECTION("shards built with different site titles")
    {
        test_support::copy_tree(root / "content", root / "renamed");
        test_support::write(root / "renamed" / "site.json", "{\"title\": \"Another Portfolio\"}\n");
        REQUIRE(build_into(root, "renamed-1", " --shard 1/3", "renamed").status == 0);
        fails("three/0 renamed-1 three/2",
            merge_error("renamed-1", "built with other settings (site.json) than three/0"));
    }
    SECTION("a shard built with other templates, or merged with other --assets")
    {
        // One shard's home pages from edited templates would not match the
        // index pages merge renders from the originals.
        test_support::copy_tree(RETROFIT_TEMPLATES_DIR, root / "edited");
        std::string home = read(root / "edited" / "home.mustache");
        home.insert(home.find("</article>"), "<p>edited</p>\n");
        test_support::write(root / "edited" / "home.mustache", home);
        const Run built
            = test_support::run("build --content content --templates edited --out edited-2 --shard 2/3", root);
        REQUIRE(built.status == 0);
        const std::string why = "built with other templates, --assets or generator than this merge: the index pages "
                                "would not match the homes' pages (use the same everywhere)";
        fails("three/0 three/1 edited-2", merge_error("edited-2", why));
        // Vendor files as --assets local wants them (their bytes do not matter here).
        for (const char* file :
            {"vega/build/vega.min.js", "vega-lite/build/vega-lite.min.js", "vega-embed/build/vega-embed.min.js",
                "swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui-dist/swagger-ui.css"}) {
            test_support::write(root / "node_modules" / file, "// vendor\n");
        }
        const Run local
            = test_support::run("merge three/0 three/1 three/2 --out site --assets local --vendor node_modules"
                                " --templates "
                    + e2e::shell_quoted(RETROFIT_TEMPLATES_DIR),
                root);
        CHECK(local.status == 1);
        CHECK(local.err == merge_error("three/0", why));
        CHECK_FALSE(fs::exists(root / "site"));
    }
}

TEST_CASE("e2e: shard - a broken result is reported by exactly one shard", "[e2e]")
{
    const fs::path root = portfolio("shard-broken");
    const auto builds = [&] {
        std::vector<Run> runs;
        for (int k = 0; k < 3; ++k) {
            runs.push_back(build_into(root, "three/" + std::to_string(k), " --shard " + std::to_string(k) + "/3"));
        }
        return runs;
    };
    const auto check_one_reports = [&](const std::vector<Run>& runs, const std::string& file) {
        int failed = 0;
        for (int k = 0; k < 3; ++k) {
            INFO("shard " << k << ": " << runs[k].err);
            if (runs[k].status == 1) {
                ++failed;
                CHECK(runs[k].out.empty());
                CHECK(runs[k].err.rfind("content/results/" + file + ":", 0) == 0);
                CHECK(has(runs[k].err, ": error: "));
                CHECK(has(runs[k].err, "\nretrofit-site: 1 error, nothing written\n"));
            } else {
                CHECK(runs[k].status == 0);
                CHECK(runs[k].err.empty());
            }
        }
        CHECK(failed == 1);
    };

    SECTION("not JSON up to the UPRN: the shard of its file name reports it")
    {
        const std::string file = "dddddddd-4444-4444-8444-444444444444.json";
        test_support::write(root / "content" / "results" / file,
            "{\"simulation_id\": \"dddddddd-4444-4444-8444-444444444444\",\n \"baseline_home\": oops\n}\n");
        check_one_reports(builds(), file);
    }
    SECTION("a syntax error after the UPRN: the shard of its home reports it")
    {
        // Home 3000007's result, with a stray } after its end.
        build_shards(root, "clean", 3);
        const std::vector<int> holders = shards_holding(root, "clean", 3, "3000007");
        REQUIRE(holders.size() == 1);
        const std::string file = "cccccccc-3333-4333-8333-000000000007.json";
        const fs::path path = root / "content" / "results" / file;
        test_support::write(path, read(path) + "}\n");
        const std::vector<Run> runs = builds();
        check_one_reports(runs, file);
        CHECK(runs[holders.front()].status == 1);
    }
}

TEST_CASE("e2e: shard - a rebuilt shard merged again rewrites only what changed", "[e2e]")
{
    const fs::path root = portfolio("shard-rebuild");
    build_shards(root, "three", 3);
    const Run first = merge(root, "three/0 three/1 three/2", "site");
    REQUIRE(first.status == 0);
    const std::vector<int> holders = shards_holding(root, "three", 3, "3000005");
    REQUIRE(holders.size() == 1);
    e2e::age_files(root / "three");
    e2e::age_files(root / "site");
    const auto times = e2e::mtimes(root / "site");

    // Home 3000005 now leaves 4000 kWh a year after its plan instead of 4800.
    edit(root / "content" / "results" / (k_changed + ".json"), "{\"energy\": 4800,", "{\"energy\": 4000,");
    for (int k = 0; k < 3; ++k) {
        const Run again = build_into(root, "three/" + std::to_string(k), " --shard " + std::to_string(k) + "/3");
        INFO("shard " << k << ": " << again.err);
        REQUIRE(again.status == 0);
        // Its shard rewrites the home's comparison, spec and page (its home API file holds
        // the home and its simulation ids, which did not change) and the shard manifest,
        // which carries the home's annual figures: 3 + 1 = 4.
        CHECK(has(again.out, k == holders.front() ? ": 4 files written, " : ": 0 files written, "));
    }
    const Run second = merge(root, "three/0 three/1 three/2", "site");
    INFO(second.err);
    REQUIRE(second.status == 0);
    // The home's 3 files, the index page and api/homes.json: 5 of 183; 183 - 5 = 178.
    CHECK(
        second.out == "retrofit-site: 43 homes, 43 simulations into site: 5 files written, 178 unchanged, 0 removed\n");
    const std::set<std::string> expected = {".retrofit-site", "api/energy-comparison/" + k_changed + ".json",
        "homes/3000005/" + k_changed + ".vl.json", "homes/3000005/index.html", "index.html", "api/homes.json"};
    CHECK(touched(times, e2e::mtimes(root / "site")) == expected);

    // The catalogue: 12000 kWh before, 4000 after: a saving of 8000, 8000 / 12000 = 66.66...% -> 66.7.
    const auto catalogue = e2e::parse_file(root / "site" / "api" / "homes.json");
    bool found = false;
    for (const auto& home : catalogue["homes"].GetArray()) {
        if (std::string(home["uprn"].GetString()) == "3000005") {
            found = true;
            CHECK(home["annual"]["baseline"].GetDouble() == 12000);
            CHECK(home["annual"]["improved"].GetDouble() == 4000);
            CHECK(home["annual"]["saving"].GetDouble() == 8000);
            CHECK(home["annual"]["saving_percent"].GetDouble() == 66.7);
        }
    }
    CHECK(found);

    const Run plain = build_into(root, "plain");
    REQUIRE(plain.status == 0);
    CHECK(snapshot(root / "site") == snapshot(root / "plain"));
}

TEST_CASE("e2e: shard - merge refuses an unsafe or foreign output folder and files two shards both hold", "[e2e]")
{
    const fs::path root = portfolio("shard-merge-out");
    build_shards(root, "two", 2);
    SECTION("into the content folder")
    {
        const Run result = merge(root, "two/0 two/1", "content");
        CHECK(result.status == 1);
        CHECK(result.err == merge_error("content", "refusing to write a site into the content folder"));
    }
    SECTION("into a folder of other files")
    {
        test_support::write(root / "mine" / "notes.txt", "mine\n");
        const Run result = merge(root, "two/0 two/1", "mine");
        CHECK(result.status == 1);
        CHECK(result.err
            == merge_error("mine",
                "refusing to write into a folder that is not empty and was not written by retrofit-site (it has no "
                ".retrofit-site file)"));
        CHECK(test_support::snapshot(root / "mine").size() == 1);
    }
    SECTION("a file in two shards")
    {
        // Shard 1 is made to hold a file of shard 0 too, and to list it.
        const std::string page = "homes/" + portfolio_uprns().front() + "/index.html";
        const fs::path owner = fs::exists(root / "two" / "0" / page) ? root / "two" / "0" : root / "two" / "1";
        const fs::path other = owner == root / "two" / "0" ? root / "two" / "1" : root / "two" / "0";
        test_support::write(other / page, read(owner / page));
        test_support::write(other / ".retrofit-site", read(other / ".retrofit-site") + page + "\n");
        const Run result = merge(root, "two/0 two/1", "site");
        CHECK(result.status == 1);
        // Folders are taken in the order given: the file is first seen in two/0.
        CHECK(result.err == merge_error("two/1/" + page, "also in two/0: shards of different content?"));
    }
}

TEST_CASE("e2e: shard - an output folder that cannot be made is reported", "[e2e]")
{
    const fs::path root = portfolio("shard-out-blocked");
    test_support::write(root / "blocker", "a file where a folder belongs\n");
    const Run result = build_into(root, "blocker/site", " --shard 0/2");
    CHECK(result.status == 1);
    CHECK(result.err
        == "blocker/site: error: cannot create the folder: Not a directory\nretrofit-site: 1 error, nothing written\n");
}
