// retrofit-site: reads the command line, runs it, prints, exits.
#include "cli.hpp"

#include <chrono>
#include <iostream>
#include <malloc.h>
#include <mutex>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

constexpr int k_mapped_block_bytes = 128 * 1024;

/// Shows the progress line on a terminal once a build has run for a second,
/// at most ten times a second; a pipe or a log file gets none of it.
// GCOVR_EXCL_START: only on a terminal, and the tests' stderr is a pipe (the
// line's text is cli::progress_text, unit tested; checked by hand with script(1))
class ProgressLine {
public:
    void update(const char* stage, std::size_t done, std::size_t total)
    {
        const std::lock_guard hold(m_lock);
        const auto now = std::chrono::steady_clock::now();
        if (stage != m_stage) {  // each stage has its own rate
            m_stage = stage;
            m_stage_start = now;
        }
        if (now - m_start < std::chrono::seconds(1)
            || (now - m_shown < std::chrono::milliseconds(100) && done != total)) {
            return;
        }
        m_shown = now;
        m_visible = true;
        const std::chrono::duration<double> elapsed = now - m_stage_start;
        std::cerr << "\r\033[K" << retrofit::cli::progress_text(stage, done, total, elapsed.count()) << std::flush;
    }
    /// Clears the line, so that what follows starts on a clean line.
    void clear() const
    {
        if (m_visible) {
            std::cerr << "\r\033[K" << std::flush;
        }
    }

private:
    std::mutex m_lock;
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point m_shown;
    std::chrono::steady_clock::time_point m_stage_start;
    const char* m_stage = nullptr;
    bool m_visible = false;
};
// GCOVR_EXCL_STOP

}  // namespace

int main(int argc, char** argv)
{
    // Blocks of 128 KiB and more (a big portfolio's tables of homes and
    // files) are mapped on their own and given back when freed. glibc would
    // otherwise raise this bound to the size of each such block freed, and
    // later tables would be carved out of the heap and keep it large.
    mallopt(M_MMAP_THRESHOLD, k_mapped_block_bytes);
    const std::vector<std::string> args(argv + 1, argv + argc);
    retrofit::cli::Parsed parsed = retrofit::cli::parse(args);
    if (!parsed.error.empty()) {
        std::cerr << "retrofit-site: error: " << parsed.error << "\nTry 'retrofit-site --help'.\n";
        return retrofit::cli::k_exit_usage;
    }
    ProgressLine progress;
    if (!parsed.options.quiet && ::isatty(STDERR_FILENO) == 1) {
        // GCOVR_EXCL_START: see ProgressLine
        parsed.options.build.progress = [&progress](const char* stage, std::size_t done, std::size_t total) {
            progress.update(stage, done, total);
        };
        // GCOVR_EXCL_STOP
    }
    std::string out;
    std::string err;
    const int status = retrofit::cli::run(parsed.options, out, err);
    progress.clear();
    std::cout << out;
    std::cerr << err;
    return status;
}
