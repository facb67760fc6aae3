// A build killed at any moment leaves every file whole, says it did not
// finish, and the next build ends with exactly the site a clean build makes.
#include "portfolio.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <random>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using Snapshot = std::map<std::string, std::string>;

constexpr int k_homes = 200;
constexpr int k_kills = 20;

bool is_temporary(const std::string& path)
{
    const std::string name = fs::path(path).filename().string();
    return name.front() == '.' && name.ends_with(".retrofit-tmp");
}

/// Starts `retrofit-site build` in root, stdout and stderr discarded.
pid_t start_build(const fs::path& root, const std::string& content)
{
    const pid_t pid = ::fork();
    if (pid == 0) {
        if (::chdir(root.c_str()) != 0) {
            ::_exit(127);
        }
        std::freopen("/dev/null", "w", stdout);
        std::freopen("/dev/null", "w", stderr);
        ::execl(RETROFIT_BINARY, RETROFIT_BINARY, "build", "--quiet", "--content", content.c_str(), "--templates",
            RETROFIT_TEMPLATES_DIR, "--out", "site", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    return pid;
}

/// Runs a build to its end; its exit status.
int finish_build(const fs::path& root, const std::string& content)
{
    int status = 0;
    ::waitpid(start_build(root, content), &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// The site a clean build of one content folder makes, built into a fresh folder.
Snapshot clean_build(const fs::path& root, const std::string& content)
{
    const fs::path scratch = root / ("clean-" + content);
    fs::create_directories(scratch);
    fs::create_symlink(root / content, scratch / content);
    REQUIRE(finish_build(scratch, content) == 0);
    return test_support::snapshot(scratch / "site");
}

}  // namespace

TEST_CASE("e2e: a build killed at random moments leaves whole files and is finished by the next", "[e2e]")
{
    const fs::path root = test_support::scratch("interrupt");
    // Two portfolios that differ in every home: the last stage leaves 4800 or 4700 kWh.
    e2e::write_portfolio(root / "old", k_homes, "4800");
    e2e::write_portfolio(root / "new", k_homes, "4700");
    const Snapshot old_site = clean_build(root, "old");
    const Snapshot new_site = clean_build(root, "new");
    REQUIRE(old_site.size() == new_site.size());

    // How long a full rewrite takes at the quickest of a few, to spread the kills over it.
    auto full = std::chrono::steady_clock::duration::max();
    for (const char* content : {"old", "new", "old", "new"}) {
        const auto started = std::chrono::steady_clock::now();
        REQUIRE(finish_build(root, content) == 0);
        full = std::min(full, std::chrono::steady_clock::now() - started);
    }
    std::mt19937 random(20261127);  // fixed seed: the same moments on every run of this machine
    std::uniform_int_distribution<long long> moment(
        0, std::chrono::duration_cast<std::chrono::microseconds>(full).count());

    int interrupted = 0;
    for (int kill = 0; kill < k_kills; ++kill) {
        // Alternate the content, so that each build rewrites every home's files.
        const std::string content = kill % 2 == 0 ? "old" : "new";
        const Snapshot& target = kill % 2 == 0 ? old_site : new_site;
        const Snapshot& other = kill % 2 == 0 ? new_site : old_site;
        const pid_t pid = start_build(root, content);
        std::this_thread::sleep_for(std::chrono::microseconds(moment(random)));
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);

        const Snapshot after = test_support::snapshot(root / "site");
        const std::string marker = after.count(".retrofit-site") != 0 ? after.at(".retrofit-site") : "";
        const bool finished = marker.rfind("# retrofit-site: build complete\n", 0) == 0;
        INFO("kill " << kill << (finished ? ": finished" : ": interrupted"));
        REQUIRE((finished || marker.rfind("# retrofit-site: build in progress\n", 0) == 0));
        for (const auto& [path, bytes] : after) {
            if (path == ".retrofit-site" || is_temporary(path)) {
                continue;
            }
            INFO(path);
            CHECK((bytes == target.at(path) || bytes == other.at(path)));  // whole: one version or the other
        }
        // A finished marker means a whole site; an unfinished one fails `check --out`.
        const auto check = test_support::run("check --content " + content + " --out site", root);
        CHECK(check.status == (finished ? 0 : 1));
        if (finished) {
            // A kill while the marker itself was replaced may leave its
            // temporary file: the next build takes it away (checked below).
            Snapshot whole = after;
            std::erase_if(whole, [](const auto& file) { return is_temporary(file.first); });
            CHECK((whole == target || whole == other));
        }
        interrupted += finished ? 0 : 1;

        REQUIRE(finish_build(root, content) == 0);
        CHECK(test_support::snapshot(root / "site") == target);  // no temporary file left either
    }
    // How many kills landed while files were being written depends on the
    // machine's load (none under the sanitizers): reported, not asserted.
    WARN(interrupted << " of " << k_kills << " kills interrupted a build while it wrote");
}
