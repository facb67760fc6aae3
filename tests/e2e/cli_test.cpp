// The command line: commands, options, exit codes and what goes to stdout and stderr.
#include "e2e.hpp"

using e2e::has;
using e2e::shell_quoted;
using test_support::run;

namespace {

const std::string k_hint = "Try 'retrofit-site --help'.\n";

/// The whole stderr of a usage error.
std::string usage_error(const std::string& message)
{
    return "retrofit-site: error: " + message + "\n" + k_hint;
}

void require_help(const test_support::Run& result)
{
    CHECK(result.status == 0);
    CHECK(result.err.empty());
    CHECK(
        result.out.rfind(
            "usage: retrofit-site build [--content DIR] [--templates DIR] [--out DIR] [--assets cdn|local]\n"
            "                          [--vendor DIR] [--manifest FILE] [--warnings-as-errors] [--jobs N] [--quiet]\n",
            0)
        == 0);
    CHECK(has(result.out,
        "       retrofit-site check [--content DIR] [--out DIR] [--warnings-as-errors] [--jobs N] [--quiet]\n"));
    CHECK(has(result.out, "exit status: 0 success, 1 errors in the content or templates, 2 wrong command line\n"));
}

}  // namespace

TEST_CASE("cli: --help prints usage and exits 0", "[cli]")
{
    SECTION("--help")
    {
        require_help(run("--help"));
    }
    SECTION("-h")
    {
        require_help(run("-h"));
    }
    SECTION("help")
    {
        require_help(run("help"));
    }
    SECTION("--help after a command")
    {
        require_help(run("build --out somewhere --help"));
    }
    SECTION("-h after check")
    {
        require_help(run("check -h"));
    }
}

TEST_CASE("cli: --version prints the name and version", "[cli]")
{
    const auto result = run("--version");
    CHECK(result.status == 0);
    CHECK(result.out == "retrofit-site 0.1.0\n");
    CHECK(result.err.empty());
}

TEST_CASE("cli: no arguments is a usage error with a hint", "[cli]")
{
    const auto result = run("");
    CHECK(result.status == 2);
    CHECK(result.out.empty());
    CHECK(result.err == usage_error("expected a command: build, check or merge"));
}

TEST_CASE("cli: an unknown command is a usage error", "[cli]")
{
    const auto result = run("publish");
    CHECK(result.status == 2);
    CHECK(result.out.empty());
    CHECK(result.err == usage_error("unknown command \"publish\": expected build, check or merge"));
}

TEST_CASE("cli: an unknown option is a usage error", "[cli]")
{
    const auto root = test_support::scratch("cli-unknown-option");
    const auto result = run("build --verbose", root);
    CHECK(result.status == 2);
    CHECK(result.err == usage_error("unknown option \"--verbose\" for build"));
    CHECK(std::filesystem::is_empty(root));
}

TEST_CASE("cli: a folder option without its folder is a usage error", "[cli]")
{
    const auto root = test_support::scratch("cli-missing-folder");
    SECTION("--out")
    {
        CHECK(run("build --out", root).err == usage_error("--out needs a folder"));
    }
    SECTION("--templates")
    {
        CHECK(run("build --templates", root).err == usage_error("--templates needs a folder"));
    }
    SECTION("--content")
    {
        CHECK(run("check --content", root).status == 2);
    }
    CHECK(std::filesystem::is_empty(root));
}

TEST_CASE("cli: check takes no templates", "[cli]")
{
    const auto result = run("check --templates x");
    CHECK(result.status == 2);
    CHECK(result.err == usage_error("unknown option \"--templates\" for check"));
}

TEST_CASE("cli: build prints a one-line summary", "[cli]")
{
    const auto root = e2e::with_content("cli-build-summary");
    const auto result = e2e::build(root);
    CHECK(result.status == 0);
    CHECK(result.err.empty());
    // 3 homes: 1001 and 4004 from home files, 3003 from its result's baseline_home.
    // 23 files: 3 home API files, 3 comparison API files, 3 pages, 3 specs,
    // index.html, the 4 assets, _headers, api/homes.json, api/openapi.json,
    // api/404.json, docs/index.html and 404.html (the marker is not counted).
    CHECK(result.out == "retrofit-site: 3 homes, 3 simulations into site: 23 files written, 0 unchanged, 0 removed\n");
}

TEST_CASE("cli: check prints a one-line summary and writes nothing", "[cli]")
{
    const auto root = e2e::with_content("cli-check-summary");
    const auto result = run("check --content content", root);
    CHECK(result.status == 0);
    CHECK(result.err.empty());
    CHECK(result.out == "retrofit-site: 3 homes, 3 simulations: 0 errors\n");
    CHECK_FALSE(std::filesystem::exists(root / "site"));
}

TEST_CASE("cli: --quiet suppresses the summary", "[cli]")
{
    const auto root = e2e::with_content("cli-quiet");
    SECTION("build --quiet")
    {
        const auto result = e2e::build(root, RETROFIT_TEMPLATES_DIR, " --quiet");
        CHECK(result.status == 0);
        CHECK(result.out.empty());
        CHECK(result.err.empty());
        CHECK(std::filesystem::exists(root / "site" / "index.html"));
    }
    SECTION("check -q")
    {
        const auto result = run("check -q --content content", root);
        CHECK(result.status == 0);
        CHECK(result.out.empty());
        CHECK(result.err.empty());
    }
    SECTION("errors are still printed")
    {
        const auto result = run("check --quiet --content nowhere", root);
        CHECK(result.status == 1);
        CHECK(result.out.empty());
        CHECK(result.err
            == "nowhere: error: content folder not found (give one with --content DIR)\n"
               "retrofit-site: 1 error\n");
    }
}

TEST_CASE("cli: content errors exit 1 and end with a count of errors", "[cli]")
{
    const auto root = e2e::with_content("cli-content-errors", "invalid/malformed-json");
    SECTION("build says nothing was written")
    {
        const auto result = e2e::build(root);
        CHECK(result.status == 1);
        CHECK(result.out.empty());
        CHECK(result.err.ends_with("\nretrofit-site: 2 errors, nothing written\n"));
        CHECK_FALSE(std::filesystem::exists(root / "site"));
    }
    SECTION("check only counts")
    {
        const auto result = run("check --content content", root);
        CHECK(result.status == 1);
        CHECK(result.err.ends_with("\nretrofit-site: 2 errors\n"));
    }
}

TEST_CASE("cli: without options build reads content and templates and writes site", "[cli]")
{
    const auto root = e2e::with_content("cli-defaults");
    test_support::copy_tree(RETROFIT_TEMPLATES_DIR, root / "templates");
    const auto result = run("build", root);
    CHECK(result.status == 0);
    CHECK(result.out == "retrofit-site: 3 homes, 3 simulations into site: 23 files written, 0 unchanged, 0 removed\n");
    CHECK(std::filesystem::is_regular_file(root / "site" / "homes" / "4004" / "index.html"));
}

TEST_CASE("cli: check without options reads content in the working directory", "[cli]")
{
    const auto root = e2e::with_content("cli-check-default");
    const auto result = run("check", root);
    CHECK(result.status == 0);
    CHECK(result.out == "retrofit-site: 3 homes, 3 simulations: 0 errors\n");
    CHECK(run("check --content " + shell_quoted(root / "content")).status == 0);
}

TEST_CASE("cli: a folder option does not take the next option as its folder", "[cli]")
{
    const auto root = test_support::scratch("cli-option-as-folder");
    const auto result = run("build --out --quiet", root);
    CHECK(result.status == 2);
    CHECK(result.err == usage_error("--out needs a folder"));
    CHECK(std::filesystem::is_empty(root));
}

TEST_CASE("cli: warnings are printed and counted but do not fail", "[cli]")
{
    const auto root = e2e::with_content("cli-warning");
    const auto path = root / "content" / "results" / "aaaaaaaa-1111-4111-8111-111111111111.json";
    std::string text = test_support::read(path);
    // January's 523.4 kWh becomes 52340000 kWh: over 10 GWh (1e7 kWh), surely Wh written as kWh.
    const std::string january = R"("1": {"energy": 523.4,)";
    REQUIRE(has(text, january));
    text.replace(text.find(january), january.size(), R"("1": {"energy": 52340000,)");
    test_support::write(path, text);
    const auto result = run("check --content content", root);
    CHECK(result.status == 0);
    // Line 15 is `      "1": {"energy": 52340000,`: six spaces, "1" at columns 7-9, ':' 10, '{' 12,
    // "energy" 13-20, ':' 21, a space, so the number starts at column 23.
    CHECK(result.err
        == "content/results/aaaaaaaa-1111-4111-8111-111111111111.json:15:23: warning: a month's energy of 52340000 kWh "
           "is outside 0 to 10 GWh: check the units (at /baseline_energy_profile/monthly_energy_total/1/energy)\n");
    CHECK(result.out == "retrofit-site: 3 homes, 3 simulations: 0 errors, 1 warning\n");
}

TEST_CASE("cli: --jobs takes a number of workers", "[cli]")
{
    const auto root = e2e::with_content("cli-jobs");
    SECTION("a number")
    {
        CHECK(run("check --jobs 3 --content content", root).status == 0);
        CHECK(run("check -j 1 --content content", root).status == 0);
    }
    SECTION("not a number, zero, or missing")
    {
        for (const std::string& value : {"two", "0", "-1", "12345"}) {
            const auto result = run("build --jobs " + value, root);
            CHECK(result.status == 2);
            CHECK(result.err == usage_error("--jobs needs a number of workers from 1 to 9999, got \"" + value + "\""));
        }
        const auto result = run("check -j", root);
        CHECK(result.status == 2);
        CHECK(result.err == usage_error("-j needs a number of workers from 1 to 9999, got \"\""));
    }
    CHECK_FALSE(std::filesystem::exists(root / "site"));
}

TEST_CASE("cli: without a terminal a long build prints no progress line", "[cli]")
{
    // The tests' stderr is a pipe: only the summary and diagnostics reach it.
    const auto root = e2e::with_content("cli-no-progress");
    const auto result = e2e::build(root);
    CHECK(result.status == 0);
    CHECK(result.err.empty());
}
