// Write: publish brings an output folder up to date in place, writing only
// what changed, removing only what it wrote before, touching nothing else.

#include "support.hpp"
#include "write/publish.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <set>
#include <sstream>
#include <sys/resource.h>

namespace fs = std::filesystem;
using retrofit::write::Files;
using retrofit::write::Report;
using Snapshot = std::map<std::string, std::string>;

namespace {

const Files k_site = {
    {"index.html", "<h1>homes</h1>"},
    {"homes/1001/index.html", "home"},
    {"api/home/1001.json", "{}\n"},
};

const std::string k_marker_head = "# retrofit-site: build complete\n";

/// The marker publish writes for a set of files: its header, then each path in order.
std::string marker_for(const Files& files)
{
    std::string text = k_marker_head;
    for (const auto& [path, bytes] : files) {
        text += path + '\n';
    }
    return text;
}

Snapshot with_marker(const Files& files)
{
    Snapshot expected(files.begin(), files.end());
    expected[".retrofit-site"] = marker_for(files);
    return expected;
}

/// Publishes and requires success.
Report publish_ok(const fs::path& out, const Files& files)
{
    Report report;
    const auto error = retrofit::write::publish(out, files, report);
    INFO((error ? error->path + ": " + error->message : std::string()));
    REQUIRE_FALSE(error);
    return report;
}

/// Sets every file's mtime 1000 hours back and returns them: a rewrite would make it "now".
std::map<std::string, fs::file_time_type> age(const fs::path& folder)
{
    std::map<std::string, fs::file_time_type> times;
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        if (entry.is_regular_file()) {
            const auto old = fs::last_write_time(entry.path()) - std::chrono::hours(1000);
            fs::last_write_time(entry.path(), old);
            times[fs::relative(entry.path(), folder).string()] = old;
        }
    }
    return times;
}

std::map<std::string, fs::file_time_type> mtimes(const fs::path& folder)
{
    std::map<std::string, fs::file_time_type> times;
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        if (entry.is_regular_file()) {
            times[fs::relative(entry.path(), folder).string()] = fs::last_write_time(entry.path());
        }
    }
    return times;
}

}  // namespace

TEST_CASE("write: a first publish writes every file and the marker", "[write]")
{
    const fs::path out = test_support::scratch("unit-write-first") / "site";
    const Report report = publish_ok(out, k_site);
    CHECK(report.written == 3);
    CHECK(report.unchanged == 0);
    CHECK(report.removed == 0);
    // exactly the files and the marker: no temporary file is left behind
    CHECK(test_support::snapshot(out) == with_marker(k_site));
    CHECK(marker_for(k_site) == k_marker_head + "api/home/1001.json\nhomes/1001/index.html\nindex.html\n");
}

TEST_CASE("write: publishing the same files again writes nothing and keeps every mtime", "[write]")
{
    const fs::path out = test_support::scratch("unit-write-again");
    publish_ok(out, k_site);
    const auto before = age(out);
    const Report report = publish_ok(out, k_site);
    CHECK(report.written == 0);
    CHECK(report.unchanged == 3);
    CHECK(report.removed == 0);
    CHECK(mtimes(out) == before);
}

TEST_CASE("write: a changed file is rewritten and the others are left alone", "[write]")
{
    const fs::path out = test_support::scratch("unit-write-changed");
    publish_ok(out, k_site);
    const auto before = age(out);
    Files changed = k_site;
    changed["index.html"] = "<h1>HOMES</h1>";  // same size, other bytes
    const Report report = publish_ok(out, changed);
    CHECK(report.written == 1);
    CHECK(report.unchanged == 2);
    CHECK(test_support::snapshot(out) == with_marker(changed));
    auto after = mtimes(out);
    CHECK(after.at("index.html") != before.at("index.html"));
    after.erase("index.html");
    auto expected = before;
    expected.erase("index.html");
    // The marker is rewritten too: it says "in progress" while files change.
    after.erase(".retrofit-site");
    expected.erase(".retrofit-site");
    CHECK(after == expected);
}

TEST_CASE("write: a file no longer produced is removed, and so are the folders it empties", "[write]")
{
    const fs::path out = test_support::scratch("unit-write-dropped");
    Files files = k_site;
    files["homes/1002/index.html"] = "other home";
    publish_ok(out, files);

    SECTION("its folder is removed, a folder still in use is kept")
    {
        files.erase("homes/1001/index.html");
        const Report report = publish_ok(out, files);
        CHECK(report.removed == 1);
        CHECK_FALSE(fs::exists(out / "homes" / "1001"));
        CHECK(fs::exists(out / "homes" / "1002" / "index.html"));
        CHECK(test_support::snapshot(out) == with_marker(files));
    }
    SECTION("every folder up to the output folder goes when all empty")
    {
        files.erase("homes/1001/index.html");
        files.erase("homes/1002/index.html");
        publish_ok(out, files);
        CHECK_FALSE(fs::exists(out / "homes"));
        CHECK(fs::is_directory(out));
        CHECK(test_support::snapshot(out) == with_marker(files));
    }
    SECTION("a file already deleted by hand is not counted")
    {
        fs::remove(out / "homes" / "1002" / "index.html");
        files.erase("homes/1002/index.html");
        CHECK(publish_ok(out, files).removed == 0);
    }
}

TEST_CASE("write: a file the build never wrote is never touched", "[write]")
{
    const fs::path out = test_support::scratch("unit-write-user-files");
    publish_ok(out, k_site);
    test_support::write(out / "notes.txt", "mine");
    test_support::write(out / "homes" / "1001" / "photo.jpg", "also mine");
    Files files = k_site;
    files.erase("homes/1001/index.html");
    files["index.html"] = "new index";
    const Report report = publish_ok(out, files);
    CHECK(report.removed == 1);
    Snapshot expected = with_marker(files);
    expected["notes.txt"] = "mine";
    expected["homes/1001/photo.jpg"] = "also mine";
    CHECK(test_support::snapshot(out) == expected);
}

TEST_CASE("write: a folder that retrofit-site did not write is refused", "[write]")
{
    const fs::path out = test_support::scratch("unit-write-refuse");
    Report report;
    SECTION("a non-empty folder without the marker")
    {
        test_support::write(out / "precious.txt", "keep");
        const auto error = retrofit::write::publish(out, k_site, report);
        REQUIRE(error);
        CHECK(error->path == out.string());
        CHECK(error->message
            == "refusing to write into a folder that is not empty and was not written by retrofit-site (it has no "
               ".retrofit-site file)");
        CHECK(test_support::snapshot(out) == Snapshot {{"precious.txt", "keep"}});
        CHECK(report.written == 0);
    }
    SECTION("an empty folder is fine")
    {
        publish_ok(out, k_site);
        CHECK(test_support::snapshot(out) == with_marker(k_site));
    }
    SECTION("an output path that is a regular file")
    {
        test_support::write(out / "site", "a file");
        const auto error = retrofit::write::publish(out / "site", k_site, report);
        REQUIRE(error);
        CHECK(error->path == (out / "site").string());
        CHECK(error->message == "the output path exists and is not a folder");
        CHECK(test_support::read(out / "site") == "a file");
    }
}

TEST_CASE("write: a doctored marker cannot delete anything outside the folder", "[write]")
{
    const fs::path root = test_support::scratch("unit-write-marker");
    const fs::path out = root / "site";
    test_support::write(root / "x", "outside");
    // an absolute path that exists, standing in for /etc/passwd
    test_support::write(root / "passwd", "outside too");
    publish_ok(out, k_site);
    test_support::write(out / ".retrofit-site",
        k_marker_head + "../x\n" + (root / "passwd").string() + "\nhomes/../../x\n./index.html\n\n"
            + "#index.html\napi/home/1001.json\n");
    const Files files = {{"homes/1001/index.html", "home"}};
    const Report report = publish_ok(out, files);
    CHECK(test_support::read(root / "x") == "outside");
    CHECK(test_support::read(root / "passwd") == "outside too");
    // only the plain relative line was trusted; index.html was listed only in untrusted forms and stays
    CHECK(report.removed == 1);
    CHECK_FALSE(fs::exists(out / "api"));
    Snapshot expected = with_marker(files);
    expected["index.html"] = "<h1>homes</h1>";
    CHECK(test_support::snapshot(out) == expected);
}

TEST_CASE("write: a marker out of order, with a file twice, removes each stale file once", "[write]")
{
    const fs::path out = test_support::scratch("unit-write-marker-order");
    publish_ok(out, k_site);
    // Listed backwards and index.html twice, as a hand edit could leave it;
    // a line longer than any path is ignored.
    test_support::write(out / ".retrofit-site",
        k_marker_head + "index.html\nhomes/1001/index.html\nindex.html\n" + std::string(70000, 'a') + "\n"
            + "api/home/1001.json\n");
    const Files files = {{"homes/1001/index.html", "home"}};
    const Report report = publish_ok(out, files);
    CHECK(report.removed == 2);  // index.html and api/home/1001.json
    CHECK(report.unchanged == 1);
    CHECK(test_support::snapshot(out) == with_marker(files));
    const std::vector<std::string> listed = retrofit::write::published_files(out);
    CHECK(listed == std::vector<std::string> {"homes/1001/index.html"});
}

TEST_CASE("write: a file that cannot be written fails with its path and leaves the rest intact", "[write]")
{
    const fs::path out = test_support::scratch("unit-write-fail");
    publish_ok(out, k_site);
    Files files = k_site;
    files["index.html"] = "new index";
    Report report;

    SECTION("a folder that cannot be created, because a path component is a file")
    {
        test_support::write(out / "blocker", "user file");
        files["blocker/page.html"] = "page";  // sorts before index.html, so it is tried first
        const auto error = retrofit::write::publish(out, files, report);
        REQUIRE(error);
        CHECK(error->path == (out / "blocker").string());
        CHECK(error->message == "cannot create the folder: Not a directory");
    }
    SECTION("a temporary file that cannot be created")
    {
        test_support::write(out / ".index.html.retrofit-tmp" / "keep.txt", "in the way");
        const auto error = retrofit::write::publish(out, files, report);
        REQUIRE(error);
        CHECK(error->path == (out / ".index.html.retrofit-tmp").string());
        CHECK(error->message == "cannot write the file: Is a directory");
        CHECK(test_support::read(out / ".index.html.retrofit-tmp" / "keep.txt") == "in the way");
    }
    SECTION("a file whose place is taken by a folder")
    {
        test_support::write(out / "about.html" / "keep.txt", "in the way");
        files["about.html"] = "about";  // sorts first
        const auto error = retrofit::write::publish(out, files, report);
        REQUIRE(error);
        CHECK(error->path == (out / "about.html").string());
        CHECK(error->message == "cannot replace the file: Is a directory");
        CHECK_FALSE(fs::exists(out / ".about.html.retrofit-tmp"));
        CHECK(test_support::read(out / "about.html" / "keep.txt") == "in the way");
    }
    // Whatever failed, the files of the last build keep their bytes, and the
    // marker says the build did not finish and lists the files of the last
    // build and the one this build was writing (new files are listed before
    // they are written, so the next build can remove them).
    CHECK(test_support::read(out / "index.html") == "<h1>homes</h1>");
    CHECK(test_support::read(out / "homes" / "1001" / "index.html") == "home");
    std::istringstream marker(test_support::read(out / ".retrofit-site"));
    std::string status;
    std::getline(marker, status);
    CHECK(status == "# retrofit-site: build in progress");
    std::set<std::string> listed;
    for (std::string line; std::getline(marker, line);) {
        listed.insert(line);
    }
    std::set<std::string> both;
    for (const auto& [path, bytes] : files) {
        both.insert(path);
    }
    CHECK(listed == both);
    CHECK(retrofit::write::check_published(out)->message
        == "the last build did not finish: build again before publishing this site");
    CHECK(report.written == 0);
}

TEST_CASE("write: a marker's temporary file left beside a complete marker is removed", "[write]")
{
    const fs::path out = test_support::scratch("unit-write-marker-leftover");
    publish_ok(out, k_site);
    // Killed while the marker was being replaced by "in progress", before
    // any other file changed: the site is whole, the marker still complete.
    test_support::write(out / "..retrofit-site.retrofit-tmp", "# retrofit-site: build in progress\n");
    const Report report = publish_ok(out, k_site);
    CHECK(report.written == 0);
    CHECK_FALSE(fs::exists(out / "..retrofit-site.retrofit-tmp"));
    CHECK(test_support::read(out / ".retrofit-site") == marker_for(k_site));
}

TEST_CASE("write: a build after an interrupted one removes the temporary files left behind", "[write]")
{
    const fs::path out = test_support::scratch("unit-write-leftovers");
    publish_ok(out, k_site);
    // What a build killed while writing leaves: a marker in progress and temporary files.
    std::string marker = test_support::read(out / ".retrofit-site");
    marker.replace(0, marker.find('\n'), "# retrofit-site: build in progress");
    test_support::write(out / ".retrofit-site", marker);
    test_support::write(out / "homes" / "1001" / ".index.html.retrofit-tmp", "half a pa");
    test_support::write(out / ".gone.html.retrofit-tmp", "a file no build makes any more");
    test_support::write(out / "notes" / ".draft.retrofit-tmp" / "keep.txt", "a folder is not a temporary file");
    REQUIRE(retrofit::write::check_published(out).has_value());

    const Report report = publish_ok(out, k_site);
    CHECK(report.written == 0);
    CHECK_FALSE(fs::exists(out / "homes" / "1001" / ".index.html.retrofit-tmp"));
    CHECK_FALSE(fs::exists(out / ".gone.html.retrofit-tmp"));
    CHECK(test_support::read(out / "notes" / ".draft.retrofit-tmp" / "keep.txt") == "a folder is not a temporary file");
    CHECK(test_support::read(out / ".retrofit-site") == marker_for(k_site));
    CHECK_FALSE(retrofit::write::check_published(out).has_value());
}

namespace {

/// Publishes one file given in pieces through a Publisher, and finishes.
Report put_pieces(const fs::path& out, const std::vector<std::string>& pieces, std::uint64_t& size)
{
    std::unique_ptr<retrofit::write::Publisher> publisher;
    REQUIRE_FALSE(retrofit::write::Publisher::open(out, publisher));
    const auto error = publisher->put(
        "api/big.json",
        [&](const retrofit::write::Pieces& give) {
            for (const std::string& piece : pieces) {
                give(piece);
            }
        },
        size);
    REQUIRE_FALSE(error);
    REQUIRE_FALSE(publisher->finish());
    return publisher->report();
}

}  // namespace

TEST_CASE("write: a file given in pieces is written whole, and kept when its bytes come again", "[write]")
{
    const fs::path out = test_support::scratch("unit-write-pieces");
    // 70,000 + 1 + 5 bytes: the first piece is more than one 64 KiB read.
    const std::vector<std::string> pieces = {std::string(70000, 'a'), "", "b", "cdefg"};
    const std::string whole = pieces[0] + "bcdefg";
    std::uint64_t size = 0;
    Report report = put_pieces(out, pieces, size);
    CHECK(report.written == 1);
    CHECK(size == 70006);
    CHECK(test_support::read(out / "api" / "big.json") == whole);
    CHECK(test_support::read(out / ".retrofit-site") == k_marker_head + "api/big.json\n");

    SECTION("the same bytes cut differently are the same file: not written, mtime kept")
    {
        const auto before = age(out);
        size = 0;
        report = put_pieces(out, {whole.substr(0, 3), whole.substr(3)}, size);
        CHECK(report.written == 0);
        CHECK(report.unchanged == 1);
        CHECK(size == 70006);
        CHECK(mtimes(out) == before);
    }
    SECTION("the file in place with more bytes after the same ones is replaced")
    {
        report = put_pieces(out, {pieces[0], "b"}, size);
        CHECK(report.written == 1);
        CHECK(size == 70001);
        CHECK(test_support::read(out / "api" / "big.json") == pieces[0] + "b");
    }
    SECTION("the file in place with fewer bytes, or a byte changed at the end, is replaced")
    {
        report = put_pieces(out, {whole, "h"}, size);
        CHECK(report.written == 1);
        CHECK(test_support::read(out / "api" / "big.json") == whole + "h");
        report = put_pieces(out, {pieces[0], "bcdefG"}, size);
        CHECK(report.written == 1);
        CHECK(test_support::read(out / "api" / "big.json") == pieces[0] + "bcdefG");
    }
}

TEST_CASE("write: a marker longer than one 64 KiB piece lists every file once, and is kept", "[write]")
{
    const fs::path out = test_support::scratch("unit-write-long-marker");
    // 1,200 paths of 22 + 30 + 6 + 5 = 63 characters and a newline: 76,800 bytes of list.
    Files files;
    for (int i = 0; i < 1200; ++i) {
        const std::string number = std::to_string(100000 + i);
        files["api/energy-comparison/00000000-0000-4000-8000-000000" + number + ".json"] = number;
    }
    REQUIRE(files.begin()->first.size() == 63);
    Report report = publish_ok(out, files);
    CHECK(report.written == 1200);
    CHECK(test_support::read(out / ".retrofit-site") == marker_for(files));
    CHECK(marker_for(files).size() == k_marker_head.size() + 1200 * 64);

    const auto before = age(out);
    report = publish_ok(out, files);
    CHECK(report.written == 0);
    CHECK(mtimes(out) == before);  // the marker too: its bytes were already right
}

TEST_CASE("write: a home's files put together: new ones written, changed ones replaced, same ones kept", "[write]")
{
    const fs::path out = test_support::scratch("unit-write-together");
    publish_ok(out, k_site);
    const auto before = age(out);
    std::unique_ptr<retrofit::write::Publisher> publisher;
    REQUIRE_FALSE(retrofit::write::Publisher::open(out, publisher));
    // Of the last build's home 1001: one file the same, one changed; and
    // two files new to the site, one in a folder of its own.
    const std::vector<std::string> paths
        = {"api/home/1001.json", "homes/1001/index.html", "api/home/1002.json", "homes/1002/index.html"};
    const std::vector<std::string> files = {"{}\n", "HOME", "{\"uprn\": \"1002\"}\n", "home 1002"};
    REQUIRE_FALSE(publisher->put(paths, files));
    // Every new file is listed while the build is on, before it is finished.
    const std::string during = test_support::read(out / ".retrofit-site");
    CHECK(during.starts_with("# retrofit-site: build in progress\n"));
    CHECK(during.ends_with("\napi/home/1002.json\nhomes/1002/index.html\n"));
    REQUIRE_FALSE(publisher->put("index.html", "<h1>homes</h1>"));
    REQUIRE_FALSE(publisher->finish());
    const Report report = publisher->report();
    CHECK(report.written == 3);
    CHECK(report.unchanged == 2);
    CHECK(report.removed == 0);
    Files site = k_site;
    for (std::size_t i = 0; i < paths.size(); ++i) {
        site[paths[i]] = files[i];
    }
    CHECK(test_support::snapshot(out) == with_marker(site));  // no temporary file left
    const auto after = mtimes(out);
    CHECK(after.at("api/home/1001.json") == before.at("api/home/1001.json"));
    CHECK(after.at("index.html") == before.at("index.html"));
    CHECK(after.at("homes/1001/index.html") != before.at("homes/1001/index.html"));
}

TEST_CASE("write: a new file whose place is taken replaces what is there whole, never through a link", "[write]")
{
    const fs::path root = test_support::scratch("unit-write-taken");
    const fs::path out = root / "site";
    publish_ok(out, k_site);
    // Not listed by the last build: a file put there by hand, and a link
    // to a file outside the site.
    test_support::write(out / "about.html", "by hand");
    test_support::write(root / "outside.txt", "not the site's");
    fs::create_symlink(root / "outside.txt", out / "linked.html");
    Files files = k_site;
    files["about.html"] = "about";
    files["linked.html"] = "linked";
    const Report report = publish_ok(out, files);
    CHECK(report.written == 2);
    CHECK(test_support::read(out / "about.html") == "about");
    CHECK(fs::is_regular_file(fs::symlink_status(out / "linked.html")));
    CHECK(test_support::read(out / "linked.html") == "linked");
    CHECK(test_support::read(root / "outside.txt") == "not the site's");
    CHECK(test_support::snapshot(out) == with_marker(files));
}

TEST_CASE("write: a new file that cannot be written whole is not left half-written", "[write]")
{
    const fs::path out = test_support::scratch("unit-write-too-large") / "site";
    publish_ok(out, k_site);
    Files files = k_site;
    files["api/big.json"] = std::string(100000, 'x');
    // Files over 64 KiB cannot be written: a write past it fails with EFBIG
    // (once the signal that would end the process is ignored).
    rlimit limit {};
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &limit) == 0);
    const rlimit small {65536, limit.rlim_max};
    const auto previous = std::signal(SIGXFSZ, SIG_IGN);
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
    Report report;
    const auto error = retrofit::write::publish(out, files, report);
    ::setrlimit(RLIMIT_FSIZE, &limit);
    (void)std::signal(SIGXFSZ, previous);
    REQUIRE(error);
    CHECK(error->path == (out / "api" / "big.json").string());
    CHECK(error->message == "cannot write the file: File too large");
    CHECK_FALSE(fs::exists(out / "api" / "big.json"));
    // The last build's files as they were; the marker lists the new file
    // and says the build did not finish.
    CHECK(test_support::read(out / "index.html") == "<h1>homes</h1>");
    CHECK(test_support::read(out / "homes" / "1001" / "index.html") == "home");
    const std::string marker = test_support::read(out / ".retrofit-site");
    CHECK(marker.starts_with("# retrofit-site: build in progress\n"));
    CHECK(marker.find("\napi/big.json\n") != std::string::npos);
    // The next build, with room, finishes the job.
    publish_ok(out, files);
    CHECK(test_support::snapshot(out) == with_marker(files));
}

TEST_CASE(
    "write: new files put together in a folder whose place is taken by a file fail with the folder's path", "[write]")
{
    const fs::path out = test_support::scratch("unit-write-together-blocked");
    publish_ok(out, k_site);
    test_support::write(out / "homes" / "1002", "user file");
    std::unique_ptr<retrofit::write::Publisher> publisher;
    REQUIRE_FALSE(retrofit::write::Publisher::open(out, publisher));
    const std::vector<std::string> paths = {"homes/1002/a.vl.json", "homes/1002/index.html"};
    const auto error = publisher->put(paths, std::vector<std::string> {"{}", "home 1002"});
    REQUIRE(error);
    CHECK(error->path == (out / "homes" / "1002").string());
    CHECK(error->message == "cannot create the folder: Not a directory");
    CHECK(test_support::read(out / "homes" / "1002") == "user file");
    CHECK(publisher->report().written == 0);
}

TEST_CASE("write: a file of the last build deleted by hand, with its folder, is written again", "[write]")
{
    const fs::path out = test_support::scratch("unit-write-folder-gone");
    publish_ok(out, k_site);
    fs::remove_all(out / "homes");
    const Report report = publish_ok(out, k_site);
    CHECK(report.written == 1);
    CHECK(report.unchanged == 2);
    CHECK(test_support::snapshot(out) == with_marker(k_site));  // no temporary file left
}
