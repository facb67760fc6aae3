// A full disk or a read-only output folder ends in a clear error with every
// file whole, and a rerun once the disk has room finishes the site. Needs a
// small tmpfs: mounting one needs root (as in CI); elsewhere the test says so.
#include "portfolio.hpp"

#include <sys/mount.h>

namespace {

namespace fs = std::filesystem;

/// A tmpfs mounted for the test's lifetime.
class SmallDisk {
public:
    SmallDisk(const fs::path& at, const std::string& size)
        : m_at(at)
    {
        fs::create_directories(at);
        m_mounted = ::mount("tmpfs", at.c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0;
    }
    ~SmallDisk()
    {
        if (m_mounted) {
            ::umount2(m_at.c_str(), MNT_DETACH);
        }
    }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;

    bool mounted() const { return m_mounted; }
    /// Remounts with new options, e.g. "size=8m" or "ro".
    bool remount(const std::string& options, unsigned long flags = 0)
    {
        return ::mount("tmpfs", m_at.c_str(), "tmpfs", MS_REMOUNT | flags, options.c_str()) == 0;
    }

private:
    fs::path m_at;
    bool m_mounted = false;
};

bool is_whole(const std::map<std::string, std::string>& site, const std::map<std::string, std::string>& a,
    const std::map<std::string, std::string>& b)
{
    for (const auto& [path, bytes] : site) {
        const bool known = (a.count(path) != 0 && a.at(path) == bytes) || (b.count(path) != 0 && b.at(path) == bytes);
        if (path != ".retrofit-site" && !known) {
            UNSCOPED_INFO("not whole: " << path);
            return false;
        }
    }
    return true;
}

std::map<std::string, std::string> clean_build(const fs::path& root, const std::string& content)
{
    const fs::path out = root / ("clean-" + content);
    const auto result = test_support::run(
        "build --quiet --content " + content + " --templates '" RETROFIT_TEMPLATES_DIR "' --out '" + out.string() + "'",
        root);
    REQUIRE(result.status == 0);
    return test_support::snapshot(out);
}

}  // namespace

TEST_CASE("e2e: a full disk then a read-only one leave whole files and a rerun with room finishes", "[e2e]")
{
    const fs::path root = test_support::scratch("disk");
    e2e::write_portfolio(root / "few", 3, "4800");
    e2e::write_portfolio(root / "many", 120, "4700");
    const auto few = clean_build(root, "few");
    const auto many = clean_build(root, "many");
    SmallDisk disk(root / "disk", "256k");
    if (!disk.mounted()) {
        WARN("cannot mount a tmpfs here (not root?): the full-disk test did not run");
        return;
    }
    const std::string build = "build --content %s --templates '" RETROFIT_TEMPLATES_DIR "' --out disk/site";
    const auto build_with = [&](const std::string& content) {
        std::string command = build;
        command.replace(command.find("%s"), 2, content);
        return test_support::run(command, root);
    };
    // 3 homes fit in 256 KiB (each file takes at least a 4 KiB page); 120 homes do not.
    REQUIRE(build_with("few").status == 0);
    const auto full = build_with("many");
    CHECK(full.status == 1);
    CHECK(e2e::has(full.err, ": No space left on device\n"));
    CHECK(e2e::has(full.err, "written before the error: build again to finish\n"));
    CHECK(is_whole(test_support::snapshot(root / "disk" / "site"), few, many));
    CHECK(test_support::run("check --content many --out disk/site", root).status == 1);

    REQUIRE(disk.remount("size=16m"));
    CHECK(build_with("many").status == 0);
    CHECK(test_support::snapshot(root / "disk" / "site") == many);

    REQUIRE(disk.remount("", MS_RDONLY));
    const auto before = test_support::snapshot(root / "disk" / "site");
    const auto read_only = build_with("few");
    CHECK(read_only.status == 1);
    CHECK(e2e::has(read_only.err, ": Read-only file system\n"));
    CHECK(test_support::snapshot(root / "disk" / "site") == before);
}
