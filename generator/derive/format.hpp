#pragma once

#include <string>

namespace retrofit::derive {

/// A number with thousands separators and a fixed count of decimals, as a
/// UK reader writes it: 36429.15 with 1 decimal is "36,429.2".
std::string grouped(double value, int decimals);

/// Display forms used on pages: "36,429.2 kWh", "£2,507.30", "7,595.3 kg CO2e", "85.6%".
std::string kwh(double value);
std::string pounds(double value);
std::string kg_co2e(double value);
std::string percent(double value);

}  // namespace retrofit::derive
