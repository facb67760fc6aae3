// Content errors: every problem reported as path:line:column, exit 1, and the
// site built before the mistake left exactly as it was.
#include "e2e.hpp"

using e2e::check_fails_leaving_site;
namespace fs = std::filesystem;

namespace {

const std::string k_nothing_written_1 = "retrofit-site: 1 error, nothing written\n";

/// The small site built, then its content replaced by an invalid case.
fs::path built_then_broken(const std::string& test, const std::string& invalid_case)
{
    const fs::path root = e2e::built_small(test);
    e2e::swap_content(root, "invalid/" + invalid_case);
    return root;
}

}  // namespace

TEST_CASE("e2e: malformed JSON is reported at the line and column of the syntax error", "[e2e]")
{
    const auto root = built_then_broken("errors-malformed", "malformed-json");
    // 5005.json line 4 ends after ["5 Broken Road"] with no comma; the parser stops at
    // line 5, column 5: the '"' of "town" after four spaces of indent.
    // 5006.json is {"uprn": "5006", }: '{' is column 1, "uprn" 2-7, ':' 8, "5006" 10-15,
    // ',' 16, so the '}' where a member name should be is column 18.
    check_fails_leaving_site(root,
        "content/homes/5005.json:5:5: error: expected ',' or '}' after an object member\n"
        "content/homes/5006.json:1:18: error: expected a member name in double quotes\n"
        "retrofit-site: 2 errors, nothing written\n");
}

TEST_CASE("e2e: a profile with a month missing is rejected", "[e2e]")
{
    const auto root = built_then_broken("errors-missing-month", "missing-month");
    // Line 14 is `    "monthly_energy_total": {`: 4 spaces + 22 characters + ": " puts '{' at column 29.
    check_fails_leaving_site(root,
        "content/results/dddddddd-4444-4444-8444-444444444444.json:14:29: error: expected 12 months, missing \"7\" "
        "(at /baseline_energy_profile/monthly_energy_total)\n"
            + k_nothing_written_1);
}

TEST_CASE("e2e: a home whose uprn differs from its file name is rejected", "[e2e]")
{
    const auto root = built_then_broken("errors-uprn-mismatch", "uprn-mismatch");
    // Line 2 is `  "uprn": "6007",`: 2 spaces + "uprn" (6) + ": " (2), so the value starts at column 11.
    check_fails_leaving_site(root,
        "content/homes/6006.json:2:11: error: uprn \"6007\" does not match the file name \"6006.json\" (at /uprn)\n"
            + k_nothing_written_1);
}

TEST_CASE("e2e: a home file not named after a UPRN is rejected", "[e2e]")
{
    const auto root = built_then_broken("errors-home-name", "bad-home-name");
    check_fails_leaving_site(root,
        "content/homes/abc.json: error: expected a file name <uprn>.json with 1 to 12 digits, got \"abc.json\"\n"
            + k_nothing_written_1);
}

TEST_CASE("e2e: a simulation id that is not a UUID is rejected, in the file and its name", "[e2e]")
{
    const auto root = built_then_broken("errors-simulation-id", "bad-simulation-id");
    // Line 2 is `  "simulation_id": "run-5",`: 2 + 15 + 2 = 19, so the value is at column 20.
    const std::string file = "content/results/eeeeeeee-5555-4555-8555-555555555555.json:2:20: error: ";
    check_fails_leaving_site(root,
        file
            + "simulation_id \"run-5\" does not match the file name \"eeeeeeee-5555-4555-8555-555555555555.json\" "
              "(at /simulation_id)\n"
            + file + "expected a lowercase UUID, got \"run-5\" (at /simulation_id)\n"
            + "content/results/sim-5.json: error: expected a file name <simulation_id>.json with a lowercase UUID, "
              "got \"sim-5.json\"\n"
            + "retrofit-site: 3 errors, nothing written\n");
}

TEST_CASE("e2e: a directory named like a result is reported", "[e2e]")
{
    const auto root = e2e::built_small("errors-directory");
    fs::create_directories(root / "content" / "results" / "x.json");
    check_fails_leaving_site(
        root, "content/results/x.json: error: expected a file, got a directory\n" + k_nothing_written_1);
}

TEST_CASE("e2e: a missing content folder is reported", "[e2e]")
{
    const auto root = e2e::built_small("errors-no-content");
    fs::remove_all(root / "content");
    check_fails_leaving_site(
        root, "content: error: content folder not found (give one with --content DIR)\n" + k_nothing_written_1);
}

TEST_CASE("e2e: content and template errors are reported together", "[e2e]")
{
    const auto root = e2e::built_small("errors-content-and-templates");
    fs::remove_all(root / "content");
    check_fails_leaving_site(root,
        "content: error: content folder not found (give one with --content DIR)\n"
        "nowhere: error: templates folder not found (give one with --templates DIR)\n"
        "retrofit-site: 2 errors, nothing written\n",
        "nowhere");
}

TEST_CASE("e2e: content files that cannot be read are reported", "[e2e]")
{
    const auto root = e2e::built_small("errors-unreadable");
    const fs::path content = root / "content";
    SECTION("site.json is a broken link")
    {
        fs::create_symlink(root / "no-such-file.json", content / "site.json.new");
        fs::rename(content / "site.json.new", content / "site.json");
        check_fails_leaving_site(root,
            "content/site.json: error: broken symbolic link to " + (root / "no-such-file.json").string() + "\n"
                + k_nothing_written_1);
    }
    SECTION("a home file is a device")
    {
        fs::create_symlink("/dev/null", content / "homes" / "5005.json");
        check_fails_leaving_site(
            root, "content/homes/5005.json: error: expected a regular file\n" + k_nothing_written_1);
    }
    SECTION("a result is over 64 MiB")
    {
        // A sparse file one byte over the limit: 64 * 1024 * 1024 + 1 = 67108865 bytes.
        const fs::path big = content / "results" / "ffffffff-6666-4666-8666-666666666666.json";
        test_support::write(big, "");
        fs::resize_file(big, 64ULL * 1024 * 1024 + 1);
        check_fails_leaving_site(root,
            "content/results/ffffffff-6666-4666-8666-666666666666.json: error: file is 67108865 bytes, over the "
            "limit of 64 MiB (67108864 bytes)\n"
                + k_nothing_written_1);
    }
    SECTION("homes is a file, not a folder")
    {
        fs::remove_all(content / "homes");
        test_support::write(content / "homes", "");
        check_fails_leaving_site(
            root, "content/homes: error: cannot list the folder: Not a directory\n" + k_nothing_written_1);
    }
}
