#pragma once
// Helpers for the command-line and end-to-end tests: fixture sites, builds
// in scratch folders, and JSON read back as data.

#include "support.hpp"

#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>

namespace e2e {

namespace fs = std::filesystem;
using test_support::Run;

/// A fixture folder under tests/sites/.
inline fs::path fixture(const std::string& name)
{
    return fs::path(RETROFIT_TESTS_DIR) / "sites" / name;
}

/// Single-quotes a path for the shell command that run() builds.
inline std::string shell_quoted(const fs::path& path)
{
    return "'" + path.string() + "'";
}

/// A scratch folder for one test holding content/, a copy of a fixture's content.
inline fs::path with_content(const std::string& test, const std::string& site = "small")
{
    const fs::path root = test_support::scratch(test);
    test_support::copy_tree(fixture(site) / "content", root / "content");
    return root;
}

/// Replaces root/content with another fixture's content folder.
inline void swap_content(const fs::path& root, const std::string& site)
{
    fs::remove_all(root / "content");
    test_support::copy_tree(fixture(site) / "content", root / "content");
}

/// `build` run in root with relative paths, so messages name content/... and site/...
inline Run build(
    const fs::path& root, const std::string& templates = RETROFIT_TEMPLATES_DIR, const std::string& extra = "")
{
    return test_support::run(
        "build --content content --templates " + shell_quoted(templates) + " --out site" + extra, root);
}

/// Builds root/content into root/site and requires it to succeed.
inline void build_ok(const fs::path& root)
{
    const Run first = build(root);
    INFO(first.err);
    REQUIRE(first.status == 0);
}

/// Parses JSON the way a client would; a parse error fails the test.
inline rapidjson::Document parse(const std::string& text)
{
    rapidjson::Document document;
    document.Parse(text.c_str(), text.size());
    INFO(text.substr(0, 200));
    REQUIRE_FALSE(document.HasParseError());
    return document;
}

/// Parses JSON keeping every number's text, for comparing values exactly.
inline rapidjson::Document parse_exact(const std::string& text)
{
    rapidjson::Document document;
    document.Parse<rapidjson::kParseNumbersAsStringsFlag>(text.c_str(), text.size());
    REQUIRE_FALSE(document.HasParseError());
    return document;
}

inline rapidjson::Document parse_file(const fs::path& path)
{
    return parse(test_support::read(path));
}

/// Whether text contains part.
inline bool has(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

/// Sets every file below folder to an old modification time, so that a
/// later rewrite shows as a changed time without waiting for the clock.
inline void age_files(const fs::path& folder)
{
    const auto old = fs::file_time_type::clock::now() - std::chrono::hours(24);
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        if (entry.is_regular_file()) {
            fs::last_write_time(entry.path(), old);
        }
    }
}

/// Modification time of every file below folder, by relative path.
inline std::map<std::string, fs::file_time_type> mtimes(const fs::path& folder)
{
    std::map<std::string, fs::file_time_type> times;
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        if (entry.is_regular_file()) {
            times[fs::relative(entry.path(), folder).generic_string()] = entry.last_write_time();
        }
    }
    return times;
}

/// Replaces the first occurrence of from in a file, which must hold it.
inline void edit(const fs::path& path, const std::string& from, const std::string& to)
{
    std::string text = test_support::read(path);
    const std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    test_support::write(path, text.replace(at, from.size(), to));
}

/// Paths whose modification time differs between two listings, or that are new.
inline std::set<std::string> touched(
    const std::map<std::string, fs::file_time_type>& before, const std::map<std::string, fs::file_time_type>& after)
{
    std::set<std::string> paths;
    for (const auto& [path, time] : after) {
        const auto old = before.find(path);
        if (old == before.end() || old->second != time) {
            paths.insert(path);
        }
    }
    return paths;
}

/// A scratch folder with the small site built into site/ (the previous
/// site that a failed build must leave alone).
inline fs::path built_small(const std::string& test)
{
    const fs::path root = with_content(test);
    build_ok(root);
    return root;
}

/// Builds root again and requires it to fail with exactly these stderr
/// lines, leaving root/site byte for byte as it was.
inline void check_fails_leaving_site(
    const fs::path& root, const std::string& expected_err, const std::string& templates = RETROFIT_TEMPLATES_DIR)
{
    const auto before = test_support::snapshot(root / "site");
    REQUIRE(before.size() == 24);
    const Run result = build(root, templates);
    CHECK(result.status == 1);
    CHECK(result.out.empty());
    CHECK(result.err == expected_err);
    CHECK(test_support::snapshot(root / "site") == before);
}

}  // namespace e2e
