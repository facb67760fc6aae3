// The build's machinery for big portfolios: the worker pool, the progress
// callback, the shard manifest's reader, the incremental manifest's file.
#include "build.hpp"
#include "load/content.hpp"
#include "load/kept_json.hpp"
#include "parallel.hpp"
#include "render/templates.hpp"
#include "support.hpp"
#include "write/manifest.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace fs = std::filesystem;
using namespace retrofit;

TEST_CASE("build: the worker pool runs every index once and passes on a worker's exception", "[build]")
{
    SECTION("every index once, on workers numbered below the jobs")
    {
        std::vector<std::atomic<int>> runs(1000);
        std::atomic<unsigned> highest {0};
        for_each_index(runs.size(), 3, [&](unsigned worker, std::size_t i) {
            ++runs[i];
            for (unsigned seen = highest; worker > seen && !highest.compare_exchange_weak(seen, worker);) { }
        });
        CHECK(std::all_of(runs.begin(), runs.end(), [](const std::atomic<int>& n) { return n == 1; }));
        CHECK(highest < 3);
    }
    SECTION("an exception stops the work and reaches the caller")
    {
        std::atomic<std::size_t> done {0};
        const auto work = [&](unsigned /*worker*/, std::size_t i) {
            if (i == 100) {
                throw std::runtime_error("item 100 failed");
            }
            ++done;
        };
        CHECK_THROWS_WITH(for_each_index(100000, 2, work), "item 100 failed");
        CHECK(done < 100000 - 1);
    }
}

TEST_CASE("build: the progress callback counts files checked and homes written", "[build]")
{
    // The sample content: 4 home files and 4 results, 8 files to check; one
    // result is of a home without a file, so 5 homes to write.
    const fs::path out = test_support::scratch("unit-build-progress");
    BuildOptions options;
    options.content = RETROFIT_CONTENT_DIR;
    options.templates = RETROFIT_TEMPLATES_DIR;
    options.out = out / "site";
    options.jobs = 2;
    std::mutex lock;
    std::map<std::string, std::vector<std::size_t>> calls;
    std::map<std::string, std::size_t> totals;
    options.progress = [&](const char* stage, std::size_t done, std::size_t total) {
        const std::lock_guard hold(lock);
        calls[stage].push_back(done);
        totals[stage] = total;
    };
    Diagnostics sink;
    BuildSummary summary;
    REQUIRE(build_site(options, sink, summary));
    const std::size_t files = std::distance(fs::directory_iterator(options.content / "homes"), {})
        + std::distance(fs::directory_iterator(options.content / "results"), {});
    CHECK(totals["checking"] == files);
    CHECK(calls["checking"].size() == files);
    CHECK(files == 8);
    CHECK(summary.homes == 5);
    CHECK(totals["writing"] == summary.homes);
    CHECK(calls["writing"].size() == summary.homes);
    std::sort(calls["writing"].begin(), calls["writing"].end());
    CHECK(calls["writing"].back() == summary.homes);
}

TEST_CASE("write: a shard manifest is read back only when every part has its place and kind", "[write]")
{
    using write::parse_shard_manifest;
    // [version, index, count, fingerprint, title, page size, homes]; a home is
    // [facts, simulation ids, annual figure or null]; facts are [uprn, lines,
    // town, postcode, property type, built form, floor area, EPC, score].
    const std::string home
        = R"([["1001", ["1 High Street"], "Leeds", "LS1 1AA", "house", "detached", 88.5, "D", 55], ["0e0e7511-aaaa-4bbb-8ccc-0123456789ab"], [5363.1, 756.2, 4606.9, 85.9]])";
    SECTION("a whole one")
    {
        const auto shard = parse_shard_manifest("[2, 2, 3, 77, \"Leeds homes\", 500, [" + home + "]]");
        REQUIRE(shard);
        CHECK(shard->index == 2);
        CHECK(shard->count == 3);
        CHECK(shard->fingerprint == 77);
        CHECK(shard->settings.title == "Leeds homes");
        REQUIRE(shard->homes.size() == 1);
        CHECK(shard->homes[0].facts.postcode == "LS1 1AA");
        CHECK(shard->homes[0].facts.epc_score == 55);
        CHECK(shard->homes[0].facts.total_floor_area == 88.5);
        REQUIRE(shard->homes[0].annual);
        CHECK(shard->homes[0].annual->saving == 4606.9);
    }
    SECTION("what the shard manifest writer writes, it reads")
    {
        const auto shard = parse_shard_manifest("[2, 0, 1, 9, \"t\", 2, [" + home + "]]");
        REQUIRE(shard);
        const auto again = parse_shard_manifest(write::shard_manifest_text(*shard));
        REQUIRE(again);
        CHECK(write::shard_manifest_text(*again) == write::shard_manifest_text(*shard));
    }
    SECTION("anything else is not a shard manifest")
    {
        for (const std::string bad : {
                 "",  // not JSON
                 "{}",  // not an array
                 "[1, 0, 1, 0, \"t\", 500, []]",  // another version
                 "[\"1\", 0, 1, 0, \"t\", 500, []]",  // a version that is not a number
                 "[2, 0, 1]",  // cut short
                 "[2, \"0\", 1, 0, \"t\", 500, []]",  // an index that is not a number
                 "[2, 0, 1, 0, 5, 500, []]",  // a title that is not a string
                 "[2, 0, 1, 0, \"t\", 500, {}]",  // homes not a list
                 "[2, 0, 0, 0, \"t\", 500, []]",  // no shards
                 "[2, 3, 3, 0, \"t\", 500, []]",  // index past the count
                 "[2, 0, 1, 0, \"t\", 0, []]",  // no homes to a page
                 "[2, 0, 1, 0, \"t\", 500, [[[\"1\", [], \"t\", \"p\", \"h\", \"b\", \"big\", null, null], [], "
                 "null]]]",  // a floor area that is not a number
                 "[2, 0, 1, 0, \"t\", 500, [[[\"1\", [], \"t\", \"p\", \"h\", \"b\", 1, null, 2.5], [], "
                 "null]]]",  // a score that is not a whole number
             }) {
            INFO(bad);
            CHECK_FALSE(parse_shard_manifest(bad));
        }
    }
}

namespace {

std::size_t newlines(const std::string& text)
{
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

TEST_CASE("write: a folder held open stamps its files as stat() of their full paths does", "[write]")
{
    const fs::path dir = test_support::scratch("unit-write-open-folder");
    test_support::write(dir / "a" / "b" / "c.json", "12345");
    test_support::write(dir / "d.json", "");
    const write::OpenFolder folder(dir);
    for (const char* relative : {"a/b/c.json", "d.json", "a/b", "a"}) {
        INFO(relative);
        const auto stamp = folder.stamp(relative);
        REQUIRE(stamp);
        struct stat info { };
        REQUIRE(::stat((dir / relative).c_str(), &info) == 0);
        CHECK(stamp->size == static_cast<std::uint64_t>(info.st_size));
        CHECK(stamp->mtime_ns == info.st_mtim.tv_sec * 1000000000LL + info.st_mtim.tv_nsec);
        CHECK(stamp->ctime_ns == info.st_ctim.tv_sec * 1000000000LL + info.st_ctim.tv_nsec);
        CHECK(stamp->inode == static_cast<std::uint64_t>(info.st_ino));
        CHECK(stamp->hash == 0);  // a stamp's hash is the reader's to fill
    }
    CHECK(folder.stamp("a/b/c.json")->size == 5);
    CHECK_FALSE(folder.stamp("a/missing.json"));
    CHECK_FALSE(folder.stamp("d.json/below"));
    // A folder that is not there, or is a file, has nothing to stamp.
    CHECK_FALSE(write::OpenFolder(dir / "none").stamp("d.json"));
    CHECK_FALSE(write::OpenFolder(dir / "d.json").stamp("d.json"));
}

TEST_CASE("write: an input's content hash tells every one-byte edit apart", "[write]")
{
    // 100 bytes: three blocks of 32 in the four lanes, then 4 left over.
    std::string text;
    for (int i = 0; i < 100; ++i) {
        text += static_cast<char>('a' + i % 26);
    }
    const std::uint64_t hash = write::content_hash(text);
    CHECK(write::content_hash(std::string(text)) == hash);
    std::set<std::uint64_t> seen {hash};
    for (std::size_t i = 0; i < text.size(); ++i) {
        std::string edited = text;
        edited[i] = static_cast<char>(edited[i] ^ 1);
        seen.insert(write::content_hash(edited));
    }
    seen.insert(write::content_hash(text + '\0'));
    seen.insert(write::content_hash(text.substr(0, 96)));
    seen.insert(write::content_hash(""));
    CHECK(seen.size() == 1 + text.size() + 3);
}

TEST_CASE("write: the incremental manifest file", "[write]")
{
    const fs::path dir = test_support::scratch("unit-write-manifest");
    write::Manifest manifest;
    manifest.reader_key = 1;
    manifest.build_key = 2;
    // A home rendered from its home file and one result: four files, of sizes 11, 22, 33, 1234.
    const std::string id = "0c0ffee0-0000-4000-8000-000000000001";
    manifest.homes["1001"] = {true, {id}, {11, 22, 33, 1234}, {}, std::nullopt, 77};
    manifest.homes[""] = {false, {}, {}, {{"index.html", 5}}, std::nullopt, 78};  // the portfolio's record
    model::Home home;
    home.uprn = "1001";
    home.town = "Lowbury";
    manifest.inputs["content/homes/1001.json"] = {{10, 11, 12, 13, 14}, std::make_shared<const model::Facts>(home), {}};
    // r-1's home has no file of its own (its facts are kept); r-2's has (they are not).
    model::ResultSummary result {"1001", "LB1 1AA", {3, 4}, std::make_shared<const model::Facts>(home)};
    manifest.inputs["content/results/r-1.json"]
        = {{20, 21, 22, 23, 24}, {}, std::make_shared<const model::ResultSummary>(result)};
    model::ResultSummary slim {"2002", "LB2 2BB", {5, 6}, nullptr};
    manifest.inputs["content/results/r-2.json"]
        = {{30, 31, 32, 33, 34}, {}, std::make_shared<const model::ResultSummary>(slim)};
    const fs::path file = dir / "a" / "site.manifest";
    SECTION("written and read back")
    {
        REQUIRE(write::write_manifest(file, manifest));
        const auto read = write::read_manifest(file);
        REQUIRE(read);
        CHECK(read->build_key == 2);
        const auto& record = read->homes.at("1001");
        CHECK(record.home_file);
        CHECK(record.listing == 77);
        // Its files are named by its UPRN and simulation id, in the order of their sizes.
        using Files = std::vector<std::pair<std::string, std::uint64_t>>;
        CHECK(write::recorded_files("1001", record)
            == Files {{"api/energy-comparison/" + id + ".json", 11}, {"homes/1001/" + id + ".vl.json", 22},
                {"api/home/1001.json", 33}, {"homes/1001/index.html", 1234}});
        CHECK(read->homes.at("").files == Files {{"index.html", 5}});
        REQUIRE(read->inputs.size() == 3);
        const auto& home_input = read->inputs.at("content/homes/1001.json");
        CHECK(home_input.stamp.hash == 14);
        REQUIRE(home_input.home);
        CHECK(home_input.home->home().town == "Lowbury");
        const auto& result_input = read->inputs.at("content/results/r-1.json");
        CHECK(result_input.stamp.size == 20);
        REQUIRE(result_input.result);
        CHECK(result_input.result->postcode_at.column == 4);
        CHECK(result_input.result->uprn == "1001");
        CHECK(result_input.result->postcode == "LB1 1AA");
        REQUIRE(result_input.result->home);
        CHECK(result_input.result->home->home().town == "Lowbury");
        const auto& slim_input = read->inputs.at("content/results/r-2.json");
        REQUIRE(slim_input.result);
        CHECK(slim_input.result->uprn == "2002");
        CHECK(slim_input.result->postcode == "LB2 2BB");
        CHECK(slim_input.result->postcode_at.line == 5);
        CHECK_FALSE(slim_input.result->home);
    }
    SECTION("one bad record in either part, or a UPRN that is not one, and it is no manifest")
    {
        REQUIRE(write::write_manifest(file, manifest));
        const std::string good = test_support::read(file);
        const auto replaced = [&](const std::string& from, const std::string& to) {
            std::string text = good;
            const std::size_t at = text.find(from);
            REQUIRE(at != std::string::npos);
            return text.replace(at, from.size(), to);
        };
        for (const std::string bad : {
                 replaced("[\"content/homes/1001.json\",10", "[\"content/homes/1001.json\",\"10\""),  // an input
                 replaced(
                     "[\"content/homes/1001.json\",10", "[\"content/homes/1001.json\",1 0"),  // not JSON in a record
                 replaced("33,1234]", "33,\"1234\"]"),  // a home's file size
                 replaced("33,1234]", "33]"),  // a size too few for its files
                 replaced("[\"" + id + "\"]", "[\"../../etc\"]"),  // a simulation id that is not one
                 replaced("[\"1001\",true", "[\"1001\",1"),  // whether it has a home file
                 replaced("[\"1001\",[]", "[\"10a1\",[]"),  // a home's facts
                 replaced("[\"2002\",\"LB2 2BB\"", "[\"20x2\",\"LB2 2BB\""),  // a result's UPRN
                 replaced("\n[[\"content/homes/", "\n{[\"content/homes/"),  // the inputs' line not an array
                 replaced("],[\"content/results/r-1.json\"", "];[\"content/results/r-1.json\""),  // no comma
                 good + "]",  // something after the homes' array
                 good.substr(0, good.rfind('\n')),  // no homes' line
                 good.substr(0, good.find('\n')),  // the head's line alone
             }) {
            INFO(bad);
            test_support::write(file, bad);
            CHECK_FALSE(write::read_manifest(file));
        }
    }
    SECTION("changes appended are applied in order, and anything else after the whole is no manifest")
    {
        REQUIRE(write::write_manifest(file, manifest));
        const std::string whole = test_support::read(file);
        write::Manifest next = manifest;
        next.inputs.erase("content/homes/1001.json");
        next.inputs["content/results/r-1.json"].stamp.hash = 99;
        next.homes["2002"] = {false, {}, {5, 6}, {}, std::nullopt, 8};
        write::ManifestChange change;
        change.inputs = {"content/results/r-1.json"};
        change.removed_inputs = {"content/homes/1001.json"};
        change.homes = {"2002"};
        change.whole_bytes = 1000000;  // as if the whole were big: this manifest is tiny
        REQUIRE(write::write_manifest(file, next, &change));
        const std::string appended = test_support::read(file);
        REQUIRE(appended.rfind(whole + "\n[\"change\",", 0) == 0);
        auto read = write::read_manifest(file);
        REQUIRE(read);
        CHECK(read->changes == 1);
        CHECK(read->whole_bytes == whole.size());
        CHECK(read->inputs.size() == 2);  // r-1 and r-2
        CHECK(read->inputs.at("content/results/r-1.json").stamp.hash == 99);
        CHECK(read->homes.at("2002").listing == 8);
        // A second change takes a home away again.
        write::ManifestChange second;
        second.removed_homes = {"2002"};
        second.whole_bytes = 1000000;
        second.change_bytes = read->change_bytes;
        second.changes = read->changes;
        REQUIRE(write::write_manifest(file, manifest, &second));
        read = write::read_manifest(file);
        REQUIRE(read);
        CHECK(read->changes == 2);
        CHECK_FALSE(read->homes.contains("2002"));
        for (const std::string bad : {appended + "\n", appended + "\n[\"other\",[],[],[],[]]", appended + "\n{}"}) {
            INFO(bad.substr(whole.size()));
            test_support::write(file, bad);
            CHECK_FALSE(write::read_manifest(file));
        }
    }
    SECTION("a change cannot be appended to a manifest that is gone")
    {
        write::ManifestChange change;
        change.homes = {"1001"};
        change.whole_bytes = 1000000;
        CHECK_FALSE(write::write_manifest(dir / "gone.manifest", manifest, &change));
        CHECK_FALSE(fs::exists(dir / "gone.manifest"));
    }
    SECTION("a change that would make the file too big is written as a whole manifest")
    {
        REQUIRE(write::write_manifest(file, manifest));
        write::ManifestChange change;
        change.homes = {"1001"};
        change.whole_bytes = test_support::read(file).size();
        change.changes = write::k_max_manifest_changes - 1;  // one more would be too many
        REQUIRE(write::write_manifest(file, manifest, &change));
        CHECK(newlines(test_support::read(file)) == 2);  // the whole manifest's three lines alone
        change.changes = 0;
        change.change_bytes = change.whole_bytes / 2;  // together over half the whole
        REQUIRE(write::write_manifest(file, manifest, &change));
        CHECK(newlines(test_support::read(file)) == 2);  // the whole manifest's three lines alone
    }
    SECTION("lines longer than the 64 KiB read at a time are read whole")
    {
        // 3,000 home files: each input record is some 100 bytes, so the
        // inputs' line crosses several pieces, records cut at their edges.
        write::Manifest big = manifest;
        for (int i = 0; i < 3000; ++i) {
            model::Home other = home;
            other.uprn = std::to_string(5000 + i);
            big.inputs["content/homes/" + other.uprn + ".json"]
                = {{static_cast<std::uint64_t>(i), 1, 2, 3, 4}, std::make_shared<const model::Facts>(other), {}};
        }
        REQUIRE(write::write_manifest(file, big));
        const std::string text = test_support::read(file);
        REQUIRE(text.find('\n', text.find('\n') + 1) - text.find('\n') > 3 * 65536);
        const auto read = write::read_manifest(file);
        REQUIRE(read);
        CHECK(read->inputs.size() == 3 + 3000);
        CHECK(read->inputs.at("content/homes/5000.json").stamp.size == 0);
        CHECK(read->inputs.at("content/homes/6234.json").home->uprn() == "6234");
        CHECK(read->inputs.at("content/homes/7999.json").stamp.size == 2999);
        CHECK(read->homes.at("1001").listing == 77);  // the line after them
        CHECK(read->whole_bytes == text.size());
    }
    SECTION("a NUL byte in a line, however it falls, and it is no manifest")
    {
        REQUIRE(write::write_manifest(file, manifest));
        const std::string good = test_support::read(file);
        const std::size_t head_end = good.find('\n');
        write::ManifestChange nothing;
        nothing.whole_bytes = 1000000;  // appended, as if the whole were big
        REQUIRE(write::write_manifest(file, manifest, &nothing));
        const std::string appended = test_support::read(file);
        REQUIRE(appended.size() > good.size());
        const std::size_t sum_at = appended.rfind(' ');  // before the change line's checksum
        for (const std::string bad : {
                 good.substr(0, head_end) + '\0' + good.substr(head_end),  // after the head's array
                 good.substr(0, head_end) + '\0' + good.substr(head_end + 1),  // for the head's newline
                 appended + '\0',  // after a change
                 appended.substr(0, sum_at) + '\0' + appended.substr(sum_at),  // in a change, before its checksum
             }) {
            test_support::write(file, bad);
            CHECK_FALSE(write::read_manifest(file));
        }
        test_support::write(file, appended);  // the same without a NUL
        CHECK(write::read_manifest(file));
    }
    SECTION("a line altered in place, still JSON of the right shape, and it is no manifest")
    {
        REQUIRE(write::write_manifest(file, manifest));
        const std::string good = test_support::read(file);
        write::ManifestChange change;
        change.homes = {"1001"};
        change.whole_bytes = 1000000;
        REQUIRE(write::write_manifest(file, manifest, &change));
        const std::string appended = test_support::read(file);
        const auto altered = [](std::string text, const std::string& from, const std::string& to, bool last) {
            const std::size_t at = last ? text.rfind(from) : text.find(from);
            REQUIRE(at != std::string::npos);
            return text.replace(at, from.size(), to);
        };
        for (const std::string bad : {
                 altered(good, ",", ", ", false),  // the head, more whitespace
                 altered(good, "Lowbury", "Lowbure", false),  // an input's facts
                 altered(good, "1234]", "1235]", false),  // a home's file size
                 altered(appended, "1234]", "1235]", true),  // the same in a change
                 altered(good, std::string(" "), std::string(" 0"), true),  // a checksum itself
                 good + " ",  // something after a checksum
             }) {
            INFO(bad);
            test_support::write(file, bad);
            CHECK_FALSE(write::read_manifest(file));
        }
    }
    SECTION("a manifest over the 64 MiB a content file may have is read all the same")
    {
        // 100,000 homes make a manifest of about 85 MB; here one home's
        // address line of 65 MiB makes the inputs' line that big.
        write::Manifest big = manifest;
        model::Home long_home = home;
        long_home.address_lines = {std::string(65U << 20U, 'x')};
        big.inputs["content/homes/1001.json"].home = std::make_shared<const model::Facts>(long_home);
        REQUIRE(write::write_manifest(file, big));
        REQUIRE(fs::file_size(file) > load::k_max_file_bytes);
        const auto read = write::read_manifest(file);
        REQUIRE(read);
        CHECK(read->inputs.at("content/homes/1001.json").home->home().address_lines.at(0).size() == 65U << 20U);
        CHECK(read->homes.at("1001").listing == 77);
        fs::remove(file);
    }
    SECTION("a path that cannot be written: false, nothing left behind")
    {
        test_support::write(dir / "blocker", "a file where a folder belongs\n");
        CHECK_FALSE(write::write_manifest(dir / "blocker" / "site.manifest", manifest));
        CHECK(test_support::read(dir / "blocker") == "a file where a folder belongs\n");
    }
    SECTION("a missing one is no manifest")
    {
        CHECK_FALSE(write::read_manifest(dir / "none.manifest"));
    }
}

TEST_CASE("load: a KeptParser moves, and keeps numbers of every width as written", "[json][load]")
{
    json::KeptParser first;
    json::KeptParser second(std::move(first));
    json::KeptParser third;
    third = std::move(second);
    // 3000000000 needs an unsigned 32-bit reader call, -3000000000 a signed
    // 64-bit one, 18446744073709551615 an unsigned 64-bit one.
    const auto kept = third.parse(R"([3000000000, -3000000000, 18446744073709551615, 2.50])", json::k_keep_all);
    REQUIRE(kept);
    REQUIRE(kept->items.size() == 4);
    CHECK(kept->items[0].text == "3000000000");
    CHECK(kept->items[1].text == "-3000000000");
    CHECK(kept->items[2].text == "18446744073709551615");
    CHECK(kept->items[3].text == "2.50");
}

TEST_CASE("render: templates that include each other in a circle are an error", "[render]")
{
    const fs::path dir = test_support::scratch("unit-render-cycle");
    test_support::write(dir / "home.mustache", "{{> head}}home");
    test_support::write(dir / "index.mustache", "index");
    test_support::write(dir / "head.mustache", "{{> foot}}");
    test_support::write(dir / "foot.mustache", "{{> head}}");
    Diagnostics sink;
    render::Templates::load(dir, sink);
    std::vector<std::string> messages;
    for (const Diagnostic& d : sink.items()) {
        messages.push_back(format_diagnostic(d));
    }
    CHECK(messages
        == std::vector<std::string> {
            (dir / "foot.mustache").string() + ": error: template includes itself through its partials: foot",
            (dir / "head.mustache").string() + ": error: template includes itself through its partials: head",
            (dir / "home.mustache").string() + ": error: template includes itself through its partials: home",
        });
}
