#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace retrofit {

/// The number of workers --jobs 0 (the default) means: every core.
inline unsigned default_jobs()
{
    return std::max(1U, std::thread::hardware_concurrency());
}

/// Calls work(worker, i) for every i below count on up to jobs threads (the
/// calling thread is worker 0; worker is below jobs, for per-thread state). Workers take small batches from a shared
/// counter, so a slow item does not hold the others up. The order in which
/// items run varies; callers store each result at its index, so what they
/// produce does not. The first exception a worker throws is rethrown here.
template <typename Work>
void for_each_index(std::size_t count, unsigned jobs, Work&& work)
{
    constexpr std::size_t k_batch = 8;
    std::atomic<std::size_t> next {0};
    std::exception_ptr failure;
    std::mutex failure_lock;
    const auto run = [&](unsigned worker) {
        try {
            for (std::size_t start; (start = next.fetch_add(k_batch)) < count;) {
                for (std::size_t i = start; i < std::min(count, start + k_batch); ++i) {
                    work(worker, i);
                }
            }
        } catch (...) {
            const std::lock_guard lock(failure_lock);
            if (!failure) {
                failure = std::current_exception();
            }
            next = count;
        }
    };
    const std::size_t threads = std::min<std::size_t>(std::max(1U, jobs), (count + k_batch - 1) / k_batch);
    std::vector<std::thread> helpers;
    for (std::size_t t = 1; t < threads; ++t) {
        helpers.emplace_back(run, static_cast<unsigned>(t));
    }
    run(0);
    for (std::thread& helper : helpers) {
        helper.join();
    }
    if (failure) {
        std::rethrow_exception(failure);
    }
}

}  // namespace retrofit
