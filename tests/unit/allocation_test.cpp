// Allocation: freed small blocks are kept by their thread and handed out
// again, whole and never twice; bigger ones go back to malloc.

#include "allocation.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <new>
#include <string>
#include <thread>
#include <vector>

#if RETROFIT_KEEPS_BLOCKS

TEST_CASE("allocation: a freed small block is the next one of its size class handed out", "[allocation]")
{
    // 90 and 104 bytes are both served as glibc's blocks of 112 bytes
    // (7 steps of 16, which hold 104); 105 takes the next size.
    void* first = ::operator new(90);
    ::operator delete(first, 90);
    void* again = ::operator new(104);
    CHECK(again == first);
    ::operator delete(again, 104);
    void* next_size = ::operator new(105);
    CHECK(next_size != first);
    ::operator delete(next_size, 105);
    // Last in, first out, within one size class only.
    void* a = ::operator new(40);
    void* b = ::operator new(40);
    void* other = ::operator new(200);
    ::operator delete(a, 40);
    ::operator delete(other, 200);
    ::operator delete(b, 40);
    void* const next = ::operator new(40);
    void* const after = ::operator new(40);
    void* const bigger = ::operator new(200);
    CHECK(next == b);
    CHECK(after == a);
    CHECK(bigger == other);
    ::operator delete(next, 40);
    ::operator delete(after, 40);
    ::operator delete(bigger, 200);
}

TEST_CASE("allocation: a thread keeps far more than glibc's seven freed blocks of a size", "[allocation]")
{
    // Twenty neighbouring blocks of 500 bytes freed in turn come back last
    // in, first out. glibc alone keeps seven of them a thread and merges the
    // rest with their freed neighbours, so they would not.
    std::vector<void*> blocks;
    for (int i = 0; i < 20; ++i) {
        blocks.push_back(::operator new(500));
    }
    for (void* block : blocks) {
        ::operator delete(block, 500);
    }
    std::vector<void*> again;
    for (int i = 0; i < 20; ++i) {
        again.push_back(::operator new(500));
    }
    CHECK(std::equal(again.begin(), again.end(), blocks.rbegin()));
    for (void* block : again) {
        ::operator delete(block, 500);
    }
}

TEST_CASE("allocation: blocks in use are never handed out twice and keep their bytes", "[allocation]")
{
    // Blocks of 1 to 1,100 bytes (past the biggest kept, 1 KiB), each
    // filled with its own byte; every other one freed and asked for again.
    std::vector<std::pair<unsigned char*, std::size_t>> blocks;
    for (std::size_t size = 1; size <= 1100; size += 7) {
        auto* block = static_cast<unsigned char*>(::operator new(size));
        std::memset(block, static_cast<int>(size % 251), size);
        blocks.emplace_back(block, size);
    }
    for (std::size_t i = 0; i < blocks.size(); i += 2) {
        ::operator delete(blocks[i].first, blocks[i].second);
    }
    for (std::size_t i = 0; i < blocks.size(); i += 2) {
        blocks[i].first = static_cast<unsigned char*>(::operator new(blocks[i].second));
        std::memset(blocks[i].first, static_cast<int>(blocks[i].second % 251), blocks[i].second);
    }
    std::vector<unsigned char*> starts;
    for (const auto& [block, size] : blocks) {
        for (std::size_t k = 0; k < size; ++k) {
            REQUIRE(block[k] == static_cast<unsigned char>(size % 251));
        }
        starts.push_back(block);
    }
    std::sort(starts.begin(), starts.end());
    CHECK(std::adjacent_find(starts.begin(), starts.end()) == starts.end());
    for (const auto& [block, size] : blocks) {
        ::operator delete(block, size);
    }
}

TEST_CASE("allocation: each thread keeps its own blocks, and strings and arrays live through them", "[allocation]")
{
    void* mine = ::operator new(64);
    ::operator delete(mine, 64);
    void* theirs = nullptr;
    std::thread([&theirs] {
        // A block of this size freed on another thread is not this thread's.
        theirs = ::operator new(64);
        std::vector<std::string> words;
        for (int i = 0; i < 1000; ++i) {
            words.push_back("a string longer than the small-string buffer, number " + std::to_string(i));
        }
        CHECK(words[999].ends_with("999"));
        auto* array = new std::string[3] {"x", "y", "z"};
        CHECK(array[2] == "z");
        delete[] array;
        ::operator delete(theirs, 64);
    }).join();
    void* const again = ::operator new(64);
    CHECK(theirs != mine);
    CHECK(again == mine);
    ::operator delete(again, 64);
    // Without its size a block goes back to malloc.
    ::operator delete(::operator new(24));
    ::operator delete[](::operator new[](24));
}

#endif
