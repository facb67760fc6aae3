#include "derive/format.hpp"

#include <cmath>

namespace retrofit::derive {

std::string grouped(double value, int decimals)
{
    long long scale = 1;
    for (int i = 0; i < decimals; ++i) {
        scale *= 10;
    }
    const long long scaled = std::llround(std::fabs(value) * static_cast<double>(scale));
    const std::string whole = std::to_string(scaled / scale);
    std::string digits = value < 0 && scaled != 0 ? "-" : "";
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i != 0 && (whole.size() - i) % 3 == 0) {
            digits += ',';
        }
        digits += whole[i];
    }
    if (decimals > 0) {
        std::string fraction = std::to_string(scaled % scale);
        digits += '.' + std::string(static_cast<std::size_t>(decimals) - fraction.size(), '0') + fraction;
    }
    return digits;
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
