// Templates are loaded from --templates at run time: their mistakes are
// reported with the template's file and line before anything is written,
// and their assets/ are published as they are.
#include "e2e.hpp"

using e2e::check_fails_leaving_site;
using test_support::read;
namespace fs = std::filesystem;

namespace {

const std::string k_nothing_written_1 = "retrofit-site: 1 error, nothing written\n";

/// The small site built, and root/templates a copy of the project's templates.
fs::path built_with_templates(const std::string& test)
{
    const fs::path root = e2e::built_small(test);
    test_support::copy_tree(RETROFIT_TEMPLATES_DIR, root / "templates");
    return root;
}

}  // namespace

TEST_CASE("e2e: a missing templates folder is reported", "[e2e]")
{
    const auto root = e2e::built_small("templates-missing-folder");
    check_fails_leaving_site(root,
        "templates: error: templates folder not found (give one with --templates DIR)\n" + k_nothing_written_1,
        "templates");
}

TEST_CASE("e2e: a template with an unclosed section names the template and line", "[e2e]")
{
    const auto root = built_with_templates("templates-unclosed-section");
    test_support::write(
        root / "templates" / "index.mustache", "{{> head}}\n<ul>\n{{#homes}}\n<li>{{address}}</li>\n{{> foot}}\n");
    // {{#homes}} opens line 3 at column 1 and is never closed.
    check_fails_leaving_site(
        root, "templates/index.mustache:3:1: error: unclosed section \"homes\"\n" + k_nothing_written_1, "templates");
}

TEST_CASE("e2e: template syntax errors name the template, line and column", "[e2e]")
{
    const auto root = built_with_templates("templates-syntax");
    SECTION("an unclosed tag")
    {
        // The tag never ends: kainjow would take the next "}}" anywhere in the file as its
        // end, so it comes last. "<p>" is columns 1-3, so "{{" starts at column 4 of line 3.
        test_support::write(root / "templates" / "index.mustache", "{{> head}}\n{{> foot}}\n<p>{{home_count\n");
        check_fails_leaving_site(
            root, "templates/index.mustache:3:4: error: unclosed tag\n" + k_nothing_written_1, "templates");
    }
    SECTION("a section closed but never opened")
    {
        test_support::write(root / "templates" / "foot.mustache", "</main>\n  {{/homes}}\n");
        check_fails_leaving_site(root,
            "templates/foot.mustache:2:3: error: unopened section \"homes\"\n" + k_nothing_written_1, "templates");
    }
}

TEST_CASE("e2e: a template using a missing partial is reported", "[e2e]")
{
    const auto root = built_with_templates("templates-missing-partial");
    test_support::write(
        root / "templates" / "home.mustache", "{{> head}}\n<p>{{town}}</p>\n  {{> sidebar}}\n{{> foot}}\n");
    // "{{> sidebar}}" starts after two spaces: line 3, column 3.
    check_fails_leaving_site(root,
        "templates/home.mustache:3:3: error: partial \"sidebar\" not found: expected a file sidebar.mustache beside "
        "this one\n"
            + k_nothing_written_1,
        "templates");
}

TEST_CASE("e2e: a missing required template is reported", "[e2e]")
{
    const auto root = e2e::built_small("templates-missing-required");
    // Only home.mustache and its partials, and no assets/ folder.
    for (const char* name : {"home.mustache", "head.mustache", "foot.mustache"}) {
        test_support::write(root / "templates" / name, read(fs::path(RETROFIT_TEMPLATES_DIR) / name));
    }
    check_fails_leaving_site(
        root, "templates/index.mustache: error: required template is missing\n" + k_nothing_written_1, "templates");
}

TEST_CASE("e2e: template files that cannot be read are reported", "[e2e]")
{
    const auto root = built_with_templates("templates-unreadable");
    SECTION("a folder named like a template")
    {
        fs::create_directories(root / "templates" / "extra.mustache");
        check_fails_leaving_site(root,
            "templates/extra.mustache: error: expected a file, got a directory\n" + k_nothing_written_1, "templates");
    }
    SECTION("an asset over 64 MiB")
    {
        // A sparse file one byte over the limit: 64 * 1024 * 1024 + 1 = 67108865 bytes.
        const fs::path big = root / "templates" / "assets" / "big.bin";
        test_support::write(big, "");
        fs::resize_file(big, 64ULL * 1024 * 1024 + 1);
        check_fails_leaving_site(root,
            "templates/assets/big.bin: error: file is 67108865 bytes, over the limit of 64 MiB (67108864 bytes)\n"
                + k_nothing_written_1,
            "templates");
    }
}

TEST_CASE("e2e: assets are published byte for byte, subfolders kept, hidden files skipped", "[e2e]")
{
    const auto root = e2e::with_content("templates-assets");
    test_support::copy_tree(RETROFIT_TEMPLATES_DIR, root / "templates");
    const std::string logo = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n";
    test_support::write(root / "templates" / "assets" / "img" / "logo.svg", logo);
    test_support::write(root / "templates" / "assets" / ".DS_Store", "junk");
    test_support::write(root / "templates" / "README.md", "not a template\n");
    const auto result = e2e::build(root, "templates");
    CHECK(result.status == 0);
    // The 23 files of the small site and the logo.
    CHECK(result.out == "retrofit-site: 3 homes, 3 simulations into site: 24 files written, 0 unchanged, 0 removed\n");
    CHECK(read(root / "site" / "assets" / "img" / "logo.svg") == logo);
    CHECK_FALSE(fs::exists(root / "site" / "assets" / ".DS_Store"));
    CHECK_FALSE(fs::exists(root / "site" / "README.md"));
}
