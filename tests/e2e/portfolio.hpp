#pragma once
// A portfolio of many homes made from the small site's result cccccccc-...,
// for tests that need a build long enough to interrupt or to fill a disk.

#include "e2e.hpp"

#include <cstdio>
#include <string>

namespace e2e {

inline void replace_all(std::string& text, const std::string& from, const std::string& to)
{
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
}

/// Writes count results into content/results, home i having UPRN 3000000+i;
/// after_energy replaces the last stage's annual energy (4800 in the fixture),
/// so two portfolios with different values differ in every home's files.
inline void write_portfolio(const fs::path& content, int count, const std::string& after_energy)
{
    const std::string source
        = test_support::read(fixture("small") / "content" / "results" / "cccccccc-3333-4333-8333-333333333333.json");
    fs::remove_all(content);
    for (int i = 0; i < count; ++i) {
        std::array<char, 40> id {};
        std::snprintf(id.data(), id.size(), "cccccccc-3333-4333-8333-%012d", i);
        std::string text = source;
        replace_all(text, "cccccccc-3333-4333-8333-333333333333", id.data());
        replace_all(text, "\"uprn\": \"3003\"", "\"uprn\": \"" + std::to_string(3000000 + i) + "\"");
        replace_all(text, "{\"energy\": 4800,", "{\"energy\": " + after_energy + ",");
        test_support::write(content / "results" / (std::string(id.data()) + ".json"), text);
    }
}

}  // namespace e2e
