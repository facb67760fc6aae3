// Load: json::Spool, where a build puts down each file's tree between
// validation and rendering. A tree must come back exactly as it went in
// (kinds, booleans, offsets, text, keys, order), from whichever worker's
// file it went to, and anything else must come back as nothing: the build
// then reads the file again.

#include "load/json.hpp"
#include "load/spool.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

using retrofit::json::Kind;
using retrofit::json::Spool;
using retrofit::json::SpoolPlace;
using retrofit::json::Value;

namespace {

/// The first way two trees differ, or "" when they are the same.
std::string difference(const Value& a, const Value& b, const std::string& at = "/")
{
    if (a.kind != b.kind || a.boolean != b.boolean || a.offset != b.offset || a.text != b.text) {
        return at + ": not the same value";
    }
    if (a.keys != b.keys || a.items.size() != b.items.size()) {
        return at + ": not the same members";
    }
    for (std::size_t i = 0; i < a.items.size(); ++i) {
        if (std::string diff = difference(a.items[i], b.items[i], at + std::to_string(i) + "/"); !diff.empty()) {
            return diff;
        }
    }
    return "";
}

/// A document the way json::parse gives one, with something of every kind.
Value sample(const std::string& id)
{
    return retrofit::json::parse("{\"simulation_id\": \"" + id
        + "\", \"n\": 1.50e3, \"big\": 18446744073709551615, \"t\": true, \"f\": false, \"z\": null,"
          " \"list\": [[], {}, \"\\u00e9\\n\", -0.0], \"long\": \""
        + std::string(300, 'x') + "\"}")
        .root;
}

}  // namespace

TEST_CASE("load: a tree turned to bytes and back is the same tree", "[json][load]")
{
    const Value tree = sample("a");
    REQUIRE(tree.keys.size() == 8);
    CHECK(tree.items[1].text == "1.50e3");  // numbers as written
    CHECK(tree.items[7].offset > 100);  // an offset over 127 takes two bytes
    std::string bytes;
    retrofit::json::to_bytes(tree, bytes);
    const auto back = retrofit::json::from_bytes(bytes);
    REQUIRE(back);
    CHECK(difference(*back, tree) == "");
}

TEST_CASE("load: bytes that to_bytes did not write read as no tree", "[json][load]")
{
    std::string bytes;
    retrofit::json::to_bytes(sample("a"), bytes);
    // Cut anywhere, the tree is incomplete; with a byte more, something follows it.
    for (std::size_t size = 0; size < bytes.size(); ++size) {
        INFO("cut to " << size << " bytes");
        CHECK_FALSE(retrofit::json::from_bytes(bytes.substr(0, size)));
    }
    CHECK_FALSE(retrofit::json::from_bytes(bytes + '\0'));
    CHECK_FALSE(retrofit::json::from_bytes("\x07"));  // no kind 7
    CHECK_FALSE(retrofit::json::from_bytes(std::string(20, '\xFF')));  // a size that never ends
    // Nesting past the parser's own limit: arrays of one element, a null innermost.
    const auto nested = [](std::size_t depth) {
        std::string bytes;
        for (std::size_t i = 0; i < depth; ++i) {
            bytes += std::string {static_cast<char>(Kind::array), 0, 0, 0, 1};
        }
        return bytes + std::string(5, '\0');
    };
    CHECK(retrofit::json::from_bytes(nested(retrofit::json::k_max_depth)));
    CHECK_FALSE(retrofit::json::from_bytes(nested(retrofit::json::k_max_depth + 1)));
}

TEST_CASE("load: a spool gives back each tree from the worker that put it down", "[json][load]")
{
    Spool spool(2);
    std::vector<SpoolPlace> places(40);
    std::vector<std::thread> workers;
    for (unsigned worker = 0; worker < 2; ++worker) {
        workers.emplace_back([&, worker] {
            for (std::size_t i = worker; i < places.size(); i += 2) {
                const auto place = spool.put(worker, sample("id-" + std::to_string(i)));
                REQUIRE(place);
                places[i] = *place;
            }
        });
    }
    for (std::thread& worker : workers) {
        worker.join();
    }
    for (std::size_t i = 0; i < places.size(); ++i) {
        INFO("tree " << i);
        CHECK(places[i].file == i % 2);
        const auto tree = spool.get(places[i]);
        REQUIRE(tree);
        CHECK(difference(*tree, sample("id-" + std::to_string(i))) == "");
    }
    // A place it never gave: past a file's end, or a file it does not have.
    CHECK_FALSE(spool.get({0, places[38].offset, places[38].size + 1}));
    CHECK_FALSE(spool.get({2, 0, 10}));
    CHECK_FALSE(Spool(1).get({0, 0, 10}));  // nothing was ever put down
}

TEST_CASE("load: a spool that cannot make its file gives nothing to read back", "[json][load]")
{
    const char* before = std::getenv("TMPDIR");
    const std::string saved = before != nullptr ? before : "";
    ::setenv("TMPDIR", "/nonexistent/folder", 1);
    Spool spool(1);
    const auto place = spool.put(0, sample("a"));
    if (before != nullptr) {
        ::setenv("TMPDIR", saved.c_str(), 1);
    } else {
        ::unsetenv("TMPDIR");
    }
    CHECK_FALSE(place);
}
