// The bad input catalogue: every way a content file can be wrong, each with
// its exact message, exit status 1, nothing on stdout and the previous site
// left byte for byte; and the inputs that look odd but are accepted.
//
// tests/sites/catalogue/<case>/ holds content/ (files laid over a copy of the
// small site's content), expected.txt (the whole stderr), notes.txt (the
// arithmetic behind each line:column), and optionally remove.txt (content
// files to delete, one a line) and args.txt (extra command-line arguments).
// Cases that cannot live in git (huge, sparse, links, permissions) are made
// in code below.
#include "e2e.hpp"

#include <algorithm>
#include <cstdlib>
#include <vector>

using test_support::read;
using test_support::Run;
using test_support::snapshot;
namespace fs = std::filesystem;

namespace {

const fs::path k_catalogue = e2e::fixture("catalogue");
const std::string k_result_a = "results/aaaaaaaa-1111-4111-8111-111111111111.json";
const std::string k_result_d = "results/dddddddd-4444-4444-8444-444444444444.json";
const std::string k_nothing_written_1 = "retrofit-site: 1 error, nothing written\n";

/// The case folders, sorted, so that runs and failures come in a stable order.
std::vector<std::string> case_names()
{
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(k_catalogue)) {
        if (entry.is_directory()) {
            names.push_back(entry.path().filename().string());
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

/// The words of a file, one line or many, joined with a leading space each.
std::string extra_arguments(const fs::path& file)
{
    std::istringstream words(fs::exists(file) ? read(file) : "");
    std::string extra;
    for (std::string word; words >> word;) {
        extra += " " + word;
    }
    return extra;
}

/// Lays a case's content/ over root/content and deletes what remove.txt lists.
void apply_case(const fs::path& folder, const fs::path& root)
{
    test_support::copy_tree(folder / "content", root / "content");
    if (!fs::exists(folder / "remove.txt")) {
        return;
    }
    std::istringstream lines(read(folder / "remove.txt"));
    for (std::string line; std::getline(lines, line);) {
        INFO("remove.txt names " << line);
        REQUIRE(fs::remove(root / "content" / line));
    }
}

/// Builds root again (extra starts with a space) and requires exit 1, exactly
/// expected_err on stderr, nothing on stdout and root/site as it was.
void check_rejected(const fs::path& root, const std::string& expected_err, const std::string& extra = "")
{
    const auto before = snapshot(root / "site");
    REQUIRE(before.size() == 24);
    const Run result = e2e::build(root, RETROFIT_TEMPLATES_DIR, extra);
    CHECK(result.status == 1);
    CHECK(result.out.empty());
    CHECK(result.err == expected_err);
    CHECK(snapshot(root / "site") == before);
}

/// Builds root again and requires success, no stderr, and this summary.
void check_accepted(const fs::path& root, const std::string& expected_out)
{
    const Run result = e2e::build(root);
    INFO(result.err);
    CHECK(result.status == 0);
    CHECK(result.err.empty());
    CHECK(result.out == expected_out);
}

/// Replaces the one occurrence of from in a file.
void edit(const fs::path& path, const std::string& from, const std::string& to)
{
    std::string text = read(path);
    const std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    REQUIRE(text.find(from, at + 1) == std::string::npos);
    test_support::write(path, text.replace(at, from.size(), to));
}

const std::string k_as_nobody = "setpriv --reuid=65534 --regid=65534 --clear-groups ";

/// Runs `check` as the unprivileged user nobody, so that file permissions
/// count even when the tests run as root. A coverage build's binary writes its
/// counters on exit; nobody cannot write beside the build, so they go to a
/// folder made fresh for this run and removed after it. A folder kept from an
/// earlier build of the same path would hold counters of other code, and
/// libgcov would complain of it on stderr.
Run check_as_nobody(const fs::path& root)
{
    const fs::path out_file = fs::path(RETROFIT_SCRATCH_DIR) / "nobody-stdout";
    const fs::path err_file = fs::path(RETROFIT_SCRATCH_DIR) / "nobody-stderr";
    std::string counters = (fs::temp_directory_path() / "retrofit-gcov-nobody-XXXXXX").string();
    REQUIRE(::mkdtemp(counters.data()) != nullptr);
    fs::permissions(counters, fs::perms::all);
    const std::string command = "cd '" + root.string() + "' && GCOV_PREFIX='" + counters + "' " + k_as_nobody
        + "'" RETROFIT_BINARY "' check --content content >'" + out_file.string() + "' 2>'" + err_file.string() + "'";
    const int raw = std::system(command.c_str());
    fs::remove_all(counters);
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read(out_file), read(err_file)};
}

/// Lets others read and enter everything below folder (the scratch tree is root's).
void open_to_others(const fs::path& folder)
{
    fs::permissions(folder, fs::perms::others_read | fs::perms::others_exec, fs::perm_options::add);
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        const auto others
            = entry.is_directory() ? fs::perms::others_read | fs::perms::others_exec : fs::perms::others_read;
        fs::permissions(entry.path(), others, fs::perm_options::add);
    }
}

}  // namespace

TEST_CASE("e2e: catalogue: every case folder is rejected with exactly its expected message", "[e2e]")
{
    const std::vector<std::string> names = case_names();
    // One folder per bad input of the catalogue: a folder lost by mistake fails here.
    REQUIRE(names.size() == 23);
    for (const std::string& name : names) {
        DYNAMIC_SECTION("case " << name)
        {
            const fs::path folder = k_catalogue / name;
            REQUIRE(fs::is_regular_file(folder / "expected.txt"));
            REQUIRE(fs::is_regular_file(folder / "notes.txt"));
            const fs::path root = e2e::built_small("catalogue-" + name);
            apply_case(folder, root);
            check_rejected(root, read(folder / "expected.txt"), extra_arguments(folder / "args.txt"));
        }
    }
}

TEST_CASE("e2e: catalogue: 100,000 nested arrays stop at the depth limit", "[e2e]")
{
    const auto root = e2e::built_small("catalogue-deep");
    test_support::write(root / "content" / k_result_d, std::string(100000, '['));
    // Brackets 1 to 256 open levels 1 to 256; the 257th, at column 257, is one too
    // many. The parser reports the offset after taking it: column 258.
    check_rejected(
        root, "content/" + k_result_d + ":1:258: error: nesting deeper than 256 levels\n" + k_nothing_written_1);
}

TEST_CASE("e2e: catalogue: a file over 64 MiB is refused unread, naming the limit", "[e2e]")
{
    const auto root = e2e::built_small("catalogue-huge");
    const fs::path big = root / "content" / k_result_d;
    test_support::write(big, "");
    fs::resize_file(big, 65ULL * 1024 * 1024);  // sparse: 65 * 1048576 = 68157440 bytes, no disk used
    check_rejected(root,
        "content/" + k_result_d + ": error: file is 68157440 bytes, over the limit of 64 MiB (67108864 bytes)\n"
            + k_nothing_written_1);
}

TEST_CASE("e2e: catalogue: a directory where a result file should be is reported", "[e2e]")
{
    const auto root = e2e::built_small("catalogue-directory");
    fs::create_directories(root / "content" / k_result_d);
    check_rejected(root, "content/" + k_result_d + ": error: expected a file, got a directory\n" + k_nothing_written_1);
}

TEST_CASE("e2e: catalogue: a home file that is a broken symlink is reported", "[e2e]")
{
    const auto root = e2e::built_small("catalogue-broken-link");
    const fs::path home = root / "content" / "homes" / "1001.json";
    REQUIRE(fs::remove(home));
    fs::create_symlink("nowhere", home);
    check_rejected(root, "content/homes/1001.json: error: broken symbolic link to nowhere\n" + k_nothing_written_1);
}

TEST_CASE("e2e: catalogue: content that the user cannot read is reported", "[e2e]")
{
    if (::geteuid() != 0 || std::system("command -v setpriv >/dev/null") != 0) {
        WARN("needs root and setpriv to run the generator as nobody: skipped");
        return;
    }
    const auto root = e2e::built_small("catalogue-unreadable");
    open_to_others(root);
    const std::string probe = k_as_nobody + "test -r '" + (root / "content" / "site.json").string() + "'";
    if (std::system(probe.c_str()) != 0) {
        WARN("nobody cannot reach " << root << " (a folder above it is closed to others): skipped");
        return;
    }
    const auto before = snapshot(root / "site");
    std::string expected;
    SECTION("a home file with mode 000")
    {
        fs::permissions(root / "content" / "homes" / "1001.json", fs::perms::none);
        expected = "content/homes/1001.json: error: cannot open: Permission denied\n";
    }
    SECTION("a results folder with mode 000")
    {
        fs::permissions(root / "content" / "results", fs::perms::none);
        expected = "content/results: error: cannot list the folder: Permission denied\n";
    }
    const Run result = check_as_nobody(root);
    CHECK(result.status == 1);
    CHECK(result.out.empty());
    CHECK(result.err == expected + "retrofit-site: 1 error\n");  // check writes nothing, so says nothing of it
    CHECK(snapshot(root / "site") == before);
}

TEST_CASE("e2e: catalogue: a byte order mark at the start of a home file is accepted", "[e2e]")
{
    const auto root = e2e::built_small("catalogue-bom");
    const auto before = snapshot(root / "site");
    const fs::path home = root / "content" / "homes" / "1001.json";
    test_support::write(home, "\xEF\xBB\xBF" + read(home));
    // The BOM is not data: the same 23 files, unchanged, byte for byte.
    check_accepted(root, "retrofit-site: 3 homes, 3 simulations into site: 0 files written, 23 unchanged, 0 removed\n");
    CHECK(snapshot(root / "site") == before);
}

TEST_CASE("e2e: catalogue: stray files in content folders are ignored", "[e2e]")
{
    const auto root = e2e::built_small("catalogue-stray");
    const auto before = snapshot(root / "site");
    // Each would fail the build if it were read as content: none is JSON.
    const std::string not_json = std::string("\0\0\0\1Bud1 {", 10);
    for (const char* folder : {"", "homes/", "results/"}) {
        for (const char* name :
            {".DS_Store", "README.md", "1001.json~", ".1001.json.swp", "notes.txt", ".hidden.json"}) {
            test_support::write(root / "content" / (std::string(folder) + name), not_json);
        }
    }
    check_accepted(root, "retrofit-site: 3 homes, 3 simulations into site: 0 files written, 23 unchanged, 0 removed\n");
    CHECK(snapshot(root / "site") == before);
}

TEST_CASE("e2e: catalogue: an empty improvement plan builds and its page says so", "[e2e]")
{
    const auto root = e2e::built_small("catalogue-empty-plan");
    const std::string message = "This simulation has no improvement plan";
    const fs::path page = root / "site" / "homes" / "4004" / "index.html";
    REQUIRE_FALSE(e2e::has(read(page), message));  // 4004 had no simulation
    // Result aaaaaaaa (whose plan is []) copied as dddddddd and moved to home 4004.
    const fs::path result = root / "content" / k_result_d;
    fs::copy_file(root / "content" / k_result_a, result);
    edit(result, "aaaaaaaa-1111-4111-8111-111111111111", "dddddddd-4444-4444-8444-444444444444");
    edit(result, R"("uprn": "1001")", R"("uprn": "4004")");
    edit(result, R"("postcode": "LB1 2CD")", R"("postcode": "PB4 4PP")");
    // New: the comparison API file and the spec; changed: 4004's page, its API
    // file (its list of simulations), the index and api/homes.json (4004's energy figures).
    check_accepted(root, "retrofit-site: 3 homes, 4 simulations into site: 6 files written, 19 unchanged, 0 removed\n");
    CHECK(e2e::has(read(page), message));
    CHECK(e2e::has(read(page), "dddddddd-4444-4444-8444-444444444444"));
}

TEST_CASE("e2e: catalogue: negative and absurd energy are warnings, not errors, without the flag", "[e2e]")
{
    const auto root = e2e::built_small("catalogue-warnings");
    const fs::path result = root / "content" / k_result_a;
    edit(result, R"("2": {"energy": 480,)", R"("2": {"energy": -480,)");
    edit(result, R"("3": {"energy": 450,)", R"("3": {"energy": 12000000,)");
    // Lines 16 and 17 hold months 2 and 3: 6 spaces + `"2": {"energy": ` (16) = 22,
    // so each number starts at column 23. 12000000 kWh is 12 GWh, over 10 GWh.
    const std::string file = "content/" + k_result_a;
    const std::string path = " (at /baseline_energy_profile/monthly_energy_total/";
    const Run result_run = e2e::build(root);
    CHECK(result_run.status == 0);
    CHECK(result_run.err
        == file + ":16:23: warning: a month's energy of -480 kWh is outside 0 to 10 GWh: check the units" + path
            + "2/energy)\n" + file
            + ":17:23: warning: a month's energy of 12000000 kWh is outside 0 to 10 GWh: check the units" + path
            + "3/energy)\n");
    // Months show in 1001's page, aaaaaaaa's comparison API file and its spec; the
    // index and api/homes.json show annual figures only, which did not change.
    CHECK(result_run.out
        == "retrofit-site: 3 homes, 3 simulations into site: 3 files written, 20 unchanged, 0 removed, 2 warnings\n");
}
