// Load: json::Spool, where a build puts down each file's document between
// validation and rendering, and the bytes it is put down as. A tree must
// come back exactly as it went in (kinds, booleans, offsets, text, keys,
// order), bytes from whichever worker's file they went to, and anything
// else must come back as nothing: the build then reads the file again.

#include "load/json.hpp"
#include "load/spool.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
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

TEST_CASE("load: sizes, numbers and texts read back as they were put", "[json][load]")
{
    std::string bytes;
    retrofit::json::put_size(300, bytes);  // 300 = 0b10'0101100: two bytes, 0xAC then 0x02
    CHECK(bytes == "\xAC\x02");
    retrofit::json::put_number(-0.1, bytes);
    retrofit::json::put_text(std::string("a\0b", 3), bytes);
    retrofit::json::put_size(UINT64_MAX, bytes);
    retrofit::json::BytesReader reader(bytes);
    std::uint64_t size = 0;
    double number = 0;
    std::string text;
    CHECK(reader.size(size));
    CHECK(size == 300);
    CHECK(reader.number(number));
    CHECK(number == -0.1);
    CHECK(reader.text(text));
    CHECK(text == std::string("a\0b", 3));
    CHECK(reader.size(size));
    CHECK(size == UINT64_MAX);
    CHECK(reader.done());
    // Past the end, every read fails.
    CHECK_FALSE(reader.number(number));
    CHECK_FALSE(retrofit::json::BytesReader("\x05"
                                            "abc")
                    .text(text));  // says five, holds three
}

TEST_CASE("load: a spool gives back each worker's bytes once flushed", "[json][load]")
{
    Spool spool(2);
    // Bytes of every length up to 70 KB, so that each worker's buffer
    // (a quarter megabyte) is written out several times before the flush.
    const auto bytes_of = [](std::size_t i) { return std::string(i * 1777, static_cast<char>('a' + i % 26)); };
    std::vector<SpoolPlace> places(40);
    std::vector<std::thread> workers;
    for (unsigned worker = 0; worker < 2; ++worker) {
        workers.emplace_back([&, worker] {
            for (std::size_t i = worker; i < places.size(); i += 2) {
                const auto place = spool.put(worker, bytes_of(i));
                REQUIRE(place);
                places[i] = *place;
            }
        });
    }
    for (std::thread& worker : workers) {
        worker.join();
    }
    std::string out;
    CHECK_FALSE(spool.get(places[38], out));  // still in its worker's buffer
    spool.flush();
    for (std::size_t i = 0; i < places.size(); ++i) {
        INFO("bytes " << i);
        CHECK(places[i].file == i % 2);
        REQUIRE(spool.get(places[i], out));
        CHECK(out == bytes_of(i));
    }
    // A place it never gave: past a file's end, or a file it does not have.
    CHECK_FALSE(spool.get({0, places[38].offset, places[38].size + 1}, out));
    CHECK_FALSE(spool.get({2, 0, 10}, out));
    CHECK_FALSE(Spool(1).get({0, 0, 10}, out));  // nothing was ever put down
}

TEST_CASE("load: a spool that cannot make its file gives nothing to read back", "[json][load]")
{
    const char* before = std::getenv("TMPDIR");
    const std::string saved = before != nullptr ? before : "";
    ::setenv("TMPDIR", "/nonexistent/folder", 1);
    Spool spool(1);
    const auto place = spool.put(0, "bytes");
    if (before != nullptr) {
        ::setenv("TMPDIR", saved.c_str(), 1);
    } else {
        ::unsetenv("TMPDIR");
    }
    CHECK_FALSE(place);
    spool.flush();  // nothing to write, and no file to write it to
    std::string out;
    CHECK_FALSE(spool.get({0, 0, 5}, out));
}
