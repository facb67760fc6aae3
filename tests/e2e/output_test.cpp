// The output folder: what a build refuses to write into, and how a failed
// write is reported without leaving a half-written or temporary file.
#include "e2e.hpp"

using test_support::read;
using test_support::snapshot;
namespace fs = std::filesystem;

namespace {

const std::string k_nothing_written_1 = "retrofit-site: 1 error, nothing written\n";

}  // namespace

TEST_CASE("e2e: a build refuses a non-empty folder it did not write", "[e2e]")
{
    const auto root = e2e::with_content("output-foreign-folder");
    test_support::write(root / "site" / "index.html", "<p>someone else's site</p>\n");
    test_support::write(root / "site" / "api" / "home" / "1001.json", "{}\n");
    const auto before = snapshot(root / "site");
    const auto result = e2e::build(root);
    CHECK(result.status == 1);
    CHECK(result.out.empty());
    CHECK(result.err
        == "site: error: refusing to write into a folder that is not empty and was not written by retrofit-site (it "
           "has no .retrofit-site file)\n"
            + k_nothing_written_1);
    CHECK(snapshot(root / "site") == before);
}

TEST_CASE("e2e: an output path that is a file is reported and left alone", "[e2e]")
{
    const auto root = e2e::with_content("output-is-a-file");
    test_support::write(root / "site", "not a folder\n");
    const auto result = e2e::build(root);
    CHECK(result.status == 1);
    CHECK(result.err == "site: error: the output path exists and is not a folder\n" + k_nothing_written_1);
    CHECK(read(root / "site") == "not a folder\n");
}

TEST_CASE("e2e: a folder that cannot be created is reported", "[e2e]")
{
    const auto root = e2e::built_small("output-cannot-create");
    fs::remove_all(root / "site" / "api");
    test_support::write(root / "site" / "api", "a file where a folder belongs\n");
    const auto result = e2e::build(root);
    CHECK(result.status == 1);
    // Homes are written first, each starting with its simulations' API files:
    // the first folder needed lies under the file.
    CHECK(result.err
        == "site/api/energy-comparison: error: cannot create the folder: Not a directory\n" + k_nothing_written_1);
    CHECK(read(root / "site" / "api") == "a file where a folder belongs\n");
}

TEST_CASE("e2e: a file that cannot be written keeps its previous bytes", "[e2e]")
{
    const auto root = e2e::built_small("output-cannot-write");
    test_support::write(root / "site" / "index.html", "edited by hand\n");
    // The temporary file beside index.html cannot be created: a folder has its name.
    test_support::write(root / "site" / ".index.html.retrofit-tmp" / "keep", "");
    const auto result = e2e::build(root);
    CHECK(result.status == 1);
    CHECK(result.err
        == "site/.index.html.retrofit-tmp: error: cannot write the file: Is a directory\n" + k_nothing_written_1);
    CHECK(read(root / "site" / "index.html") == "edited by hand\n");
}

TEST_CASE("e2e: a file that cannot be replaced is reported and no temporary file is left", "[e2e]")
{
    const auto root = e2e::built_small("output-cannot-replace");
    fs::remove(root / "site" / "index.html");
    test_support::write(root / "site" / "index.html" / "keep", "");
    const auto result = e2e::build(root);
    CHECK(result.status == 1);
    CHECK(result.err == "site/index.html: error: cannot replace the file: Is a directory\n" + k_nothing_written_1);
    CHECK(fs::is_directory(root / "site" / "index.html"));
    CHECK_FALSE(fs::exists(root / "site" / ".index.html.tmp"));
}

TEST_CASE("e2e: a build that fails part way says how many files it wrote", "[e2e]")
{
    const auto root = e2e::built_small("output-fails-part-way");
    // api/home/1001.json sorts before index.html: it is rewritten, then index.html fails.
    test_support::write(root / "site" / "api" / "home" / "1001.json", "{}\n");
    fs::remove(root / "site" / "index.html");
    test_support::write(root / "site" / "index.html" / "keep", "");
    const auto result = e2e::build(root);
    CHECK(result.status == 1);
    CHECK(result.err
        == "site/index.html: error: cannot replace the file: Is a directory\n"
           "retrofit-site: 1 error, 1 file written before the error: build again to finish\n");
    CHECK(test_support::read(root / "site" / "api" / "home" / "1001.json") != "{}\n");
}
