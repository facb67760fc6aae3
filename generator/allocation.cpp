// Small blocks kept a thread, in front of malloc.
//
// A build makes and frees the same couple of thousand small objects for
// every home (document trees, template data, strings). glibc's malloc keeps
// only seven freed blocks of a size a thread; the rest go to its arena's
// bins, and every block of 1 KiB or more asked for afterwards first merges
// all of those (malloc_consolidate). Here each thread keeps its freed
// blocks of up to 1 KiB, by glibc's block size (steps of 16 bytes), up to
// 256 KiB in all, and hands them out again first. A block freed without
// its size, or bigger, goes back to malloc; so does everything a thread
// kept when it ends. Under AddressSanitizer none of this is built: it must see
// every block.

#include "allocation.hpp"

#if RETROFIT_KEEPS_BLOCKS

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace {

/// glibc's blocks come in steps of 16 bytes, each with 8 bytes of header,
/// the smallest 32 bytes.
constexpr std::size_t k_step = 16;
constexpr std::size_t k_header = 8;
constexpr std::size_t k_largest = 1024;
constexpr std::size_t k_sizes = (k_largest + k_header + k_step - 1) / k_step + 1;
/// What a thread keeps, at most, of all sizes together.
constexpr std::size_t k_kept_bytes = std::size_t {256} * 1024;

struct Block {
    Block* next;
};

/// A thread's freed blocks. Zero-initialised and trivially destructible,
/// so that reaching it costs no guard; the Closer below empties it.
struct Cache {
    std::array<Block*, k_sizes> first;
    std::size_t kept_bytes;
    bool open;  ///< blocks may be kept: set once the thread's Closer exists
    bool closed;  ///< the thread is ending: blocks go straight back to malloc
};

thread_local Cache t_cache {};

/// Gives every kept block back when its thread ends.
struct Closer {
    Closer() { t_cache.open = true; }
    ~Closer()
    {
        t_cache.closed = true;
        for (std::size_t size = 0; size < k_sizes; ++size) {
            while (Block* block = t_cache.first[size]) {
                t_cache.first[size] = block->next;
                std::free(block);
            }
        }
        t_cache.kept_bytes = 0;
    }
    Closer(const Closer&) = delete;
    Closer& operator=(const Closer&) = delete;
};

/// The size a request of bytes is kept and served as: glibc's block of
/// step * 16 bytes, which holds step * 16 - 8, so that a block of the cache
/// takes no more memory than malloc would have given the request.
std::size_t step_of(std::size_t bytes)
{
    return std::max<std::size_t>(2, (bytes + k_header + k_step - 1) / k_step);
}

void* allocate(std::size_t bytes)
{
    const std::size_t step = step_of(bytes);
    if (step < k_sizes) {
        Cache& cache = t_cache;
        if (Block* block = cache.first[step]) {
            cache.first[step] = block->next;
            cache.kept_bytes -= step * k_step;
            return block;
        }
        bytes = step * k_step - k_header;  // what the block of its step holds
    }
    void* block = std::malloc(bytes);
    if (block == nullptr) {
        throw std::bad_alloc();  // GCOVR_EXCL_LINE: out of memory
    }
    return block;
}

void release(void* block, std::size_t bytes)
{
    const std::size_t step = step_of(bytes);
    Cache& cache = t_cache;
    if (block == nullptr || step >= k_sizes || cache.kept_bytes + step * k_step > k_kept_bytes || cache.closed) {
        std::free(block);
        return;
    }
    if (!cache.open) {
        thread_local Closer closer;  // made in the thread's first release
    }
    auto* kept = static_cast<Block*>(block);
    kept->next = cache.first[step];
    cache.first[step] = kept;
    cache.kept_bytes += step * k_step;
}

}  // namespace

void* operator new(std::size_t bytes)
{
    return allocate(bytes);
}

void* operator new[](std::size_t bytes)
{
    return allocate(bytes);
}

// Without its size a block cannot be kept: it goes back to malloc.
void operator delete(void* block) noexcept
{
    std::free(block);
}

void operator delete[](void* block) noexcept
{
    std::free(block);
}

void operator delete(void* block, std::size_t bytes) noexcept
{
    release(block, bytes);
}

void operator delete[](void* block, std::size_t bytes) noexcept
{
    release(block, bytes);
}

#endif
