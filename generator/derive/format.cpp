#include "derive/format.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace retrofit::derive {

std::string grouped(double value, int decimals)
{
    // Round half away from zero, as a reader does (7595.25 -> 7595.3), to a
    // whole number of tenths (or hundredths); printf then writes that whole
    // number exactly, however large: the largest double has 309 digits.
    // Powers of ten to 1e22 are doubles exactly, as pow() gives them, and
    // looked up cost nothing where pow() showed in profiles.
    static constexpr std::array<double, 23> k_powers = [] {
        std::array<double, 23> powers {};
        double power = 1.0;
        for (double& p : powers) {
            p = power;
            power *= 10.0;
        }
        return powers;
    }();
    const auto places = static_cast<std::size_t>(decimals);
    const double scale = places < k_powers.size() ? k_powers[places] : std::pow(10.0, decimals);
    const double scaled = std::round(std::fabs(value) * scale);
    std::array<char, 400> buffer {};
    std::string text;
    if (scaled < 9007199254740992.0) {  // 2^53: a whole number a 64-bit integer holds exactly, the common case
        const auto end
            = std::to_chars(buffer.data(), buffer.data() + buffer.size(), static_cast<std::uint64_t>(scaled));
        text.assign(buffer.data(), end.ptr);
    } else {
        (void)std::snprintf(buffer.data(), buffer.size(), "%.0f", scaled);  // cannot truncate: 309 digits at most
        text.assign(buffer.data());
    }
    text.insert(0, places + 1 > text.size() ? places + 1 - text.size() : 0, '0');
    const std::size_t point = text.size() - places;
    std::string digits = value < 0 && scaled != 0 ? "-" : "";
    for (std::size_t i = 0; i < point; ++i) {
        if (i != 0 && (point - i) % 3 == 0) {
            digits += ',';
        }
        digits += text[i];
    }
    return places == 0 ? digits : digits + '.' + text.substr(point);
}

std::string kwh(double value)
{
    return grouped(value, 1) + " kWh";
}

std::string pounds(double value)
{
    const std::string text = grouped(value, 2);
    const bool negative = text.front() == '-';
    return std::string(negative ? "-" : "") + "\u00A3" + text.substr(negative ? 1 : 0);
}

std::string kg_co2e(double value)
{
    return grouped(value, 1) + " kg CO2e";
}

std::string percent(double value)
{
    return grouped(value, 1) + "%";
}

}  // namespace retrofit::derive
