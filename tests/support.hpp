#pragma once
// Helpers shared by the tests: scratch folders, files, and running the binary.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace test_support {

namespace fs = std::filesystem;

/// A fresh, empty folder under the build tree for one test.
inline fs::path scratch(const std::string& name)
{
    const fs::path path = fs::path(RETROFIT_SCRATCH_DIR) / name;
    fs::remove_all(path);
    fs::create_directories(path);
    return path;
}

inline std::string read(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

inline void write(const fs::path& path, const std::string& bytes)
{
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

/// Every regular file below a folder, by relative path, with its bytes.
inline std::map<std::string, std::string> snapshot(const fs::path& folder)
{
    std::map<std::string, std::string> files;
    if (!fs::exists(folder)) {
        return files;
    }
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        if (entry.is_regular_file()) {
            files[fs::relative(entry.path(), folder).generic_string()] = read(entry.path());
        }
    }
    return files;
}

struct Run {
    int status = -1;
    std::string out;
    std::string err;
};

/// Runs retrofit-site with arguments (already shell-quoted where needed) in a folder.
inline Run run(const std::string& arguments, const fs::path& cwd = fs::current_path())
{
    const fs::path out_file = fs::path(RETROFIT_SCRATCH_DIR) / ("stdout-" + std::to_string(::getpid()));
    const fs::path err_file = fs::path(RETROFIT_SCRATCH_DIR) / ("stderr-" + std::to_string(::getpid()));
    fs::create_directories(RETROFIT_SCRATCH_DIR);
    const std::string command = "cd '" + cwd.string() + "' && '" RETROFIT_BINARY "' " + arguments + " >'"
        + out_file.string() + "' 2>'" + err_file.string() + "'";
    const int raw = std::system(command.c_str());
    Run result;
    result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    result.out = read(out_file);
    result.err = read(err_file);
    return result;
}

/// Copies a folder tree (fixtures are copied so tests can change them).
inline void copy_tree(const fs::path& from, const fs::path& to)
{
    fs::create_directories(to);
    fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

}  // namespace test_support
