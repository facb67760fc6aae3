#include "derive/comparison.hpp"

#include <cmath>

namespace retrofit::derive {

const std::array<const char*, 12> k_month_labels
    = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const std::array<const char*, 12> k_month_names = {"January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"};

double round_tenth(double value)
{
    const double rounded = std::round(value * 10.0) / 10.0;
    return rounded == 0.0 ? 0.0 : rounded;
}

Figure compare(double baseline, std::optional<double> improved)
{
    Figure figure;
    figure.baseline = round_tenth(baseline);
    if (improved) {
        figure.improved = round_tenth(*improved);
        figure.saving = round_tenth(baseline - *improved);
        if (baseline != 0.0) {
            figure.saving_percent = round_tenth((baseline - *improved) / baseline * 100.0);
        }
    }
    return figure;
}

namespace {

template <typename Field>
Series series(const model::SimulationResult& result, Field field)
{
    const model::EnergyProfile* after = result.plan.empty() ? nullptr : &result.plan.back().profile;
    const auto improved = [&](const model::Summary& summary) {
        return after != nullptr ? std::optional<double>(field(summary)) : std::nullopt;
    };
    Series out;
    for (std::size_t m = 0; m < out.months.size(); ++m) {
        out.months[m] = compare(
            field(result.baseline.monthly[m]), improved(after != nullptr ? after->monthly[m] : model::Summary {}));
    }
    out.annual = compare(field(result.baseline.annual), improved(after != nullptr ? after->annual : model::Summary {}));
    return out;
}

}  // namespace

Comparison compare(const model::SimulationResult& result)
{
    return {
        series(result, [](const model::Summary& s) { return s.energy; }),
        series(result, [](const model::Summary& s) { return s.co2e; }),
        series(result, [](const model::Summary& s) { return s.operating_cost; }),
    };
}

}  // namespace retrofit::derive
