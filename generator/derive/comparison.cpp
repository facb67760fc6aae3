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

namespace {

double round_penny(double value)
{
    const double rounded = std::round(value * 100.0) / 100.0;
    return rounded == 0.0 ? 0.0 : rounded;
}

Figure compare_rounded(double baseline, std::optional<double> improved, double (*round)(double))
{
    Figure figure;
    figure.baseline = round(baseline);
    if (improved) {
        figure.improved = round(*improved);
        figure.saving = round(baseline - *improved);
        if (baseline != 0.0) {
            figure.saving_percent = round_tenth((baseline - *improved) / baseline * 100.0);
        }
    }
    return figure;
}

}  // namespace

Figure compare(double baseline, std::optional<double> improved)
{
    return compare_rounded(baseline, improved, round_tenth);
}

Figure compare_money(double baseline, std::optional<double> improved)
{
    return compare_rounded(baseline, improved, round_penny);
}

namespace {

template <typename Field>
Series series(const model::SimulationResult& result, const model::EnergyProfile* after, Field field,
    Figure (*figure)(double, std::optional<double>) = compare)
{
    const auto improved = [&](const model::Summary& summary) {
        return after != nullptr ? std::optional<double>(field(summary)) : std::nullopt;
    };
    Series out;
    for (std::size_t m = 0; m < out.months.size(); ++m) {
        out.months[m] = figure(
            field(result.baseline.monthly[m]), improved(after != nullptr ? after->monthly[m] : model::Summary {}));
    }
    out.annual = figure(field(result.baseline.annual), improved(after != nullptr ? after->annual : model::Summary {}));
    return out;
}

/// The baseline against one profile (nullptr: no plan, baseline only).
Comparison compare_with(const model::SimulationResult& result, const model::EnergyProfile* after)
{
    return {
        series(result, after, [](const model::Summary& s) { return s.energy; }),
        series(result, after, [](const model::Summary& s) { return s.co2e; }),
        series(
            result, after, [](const model::Summary& s) { return s.operating_cost; }, compare_money),
        {},
    };
}

}  // namespace

Comparison compare(const model::SimulationResult& result)
{
    Comparison overall = compare_with(result, result.plan.empty() ? nullptr : &result.plan.back().profile);
    for (const model::Stage& stage : result.plan) {
        overall.by_stage.push_back(compare_with(result, &stage.profile));
    }
    return overall;
}

}  // namespace retrofit::derive
