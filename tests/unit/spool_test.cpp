// Load: json::Spool, where a build puts down each file's document between
// validation and rendering, and the bytes it is put down as. Sizes,
// numbers and texts must come back exactly as they went in, bytes from
// whichever worker's file they went to, and anything else must come back
// as nothing: the build then reads the file again.

#include "load/spool.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

using retrofit::json::Spool;
using retrofit::json::SpoolPlace;

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
