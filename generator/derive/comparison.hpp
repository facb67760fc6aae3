#pragma once

#include "model/model.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace retrofit::derive {

/// Rounds to one decimal place, so that 5363.1 - 756.2 is 4606.9, not
/// 4606.900000000001; never returns -0.
double round_tenth(double value);

/// One period of one metric, before and after the plan, rounded to 0.1.
/// Without a plan there is no "after": improved, saving and percent are empty.
struct Figure {
    double baseline = 0;
    std::optional<double> improved;
    std::optional<double> saving;
    std::optional<double> saving_percent;  ///< empty too when the baseline is 0
};

/// Figures rounded to 0.1 (kWh, kg CO2e); the percent always to 0.1.
Figure compare(double baseline, std::optional<double> improved);
/// Figures rounded to whole pence instead, for money.
Figure compare_money(double baseline, std::optional<double> improved);

/// Twelve months, January first, and the year from the annual totals.
struct Series {
    std::array<Figure, 12> months;
    Figure annual;
};

/// The chart's numbers for one simulation: energy, carbon and cost.
struct Comparison {
    Series energy;  ///< kWh
    Series co2e;  ///< kg CO2e
    Series cost;  ///< GBP, to the penny
    /// The baseline against each stage in turn (stages are cumulative); the
    /// last is the same as this comparison. Empty without a plan.
    std::vector<Comparison> by_stage;
};

/// "After" is the last stage of the plan; stages are cumulative.
Comparison compare(const model::SimulationResult& result);

/// Three-letter English month labels, January first.
extern const std::array<const char*, 12> k_month_labels;
extern const std::array<const char*, 12> k_month_names;

}  // namespace retrofit::derive
