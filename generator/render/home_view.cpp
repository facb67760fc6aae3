#include "render/home_view.hpp"

#include "derive/format.hpp"
#include "render/templates.hpp"

#include <map>

namespace retrofit::render {

using kainjow::mustache::data;

namespace {

/// One line of the headline table, in the metric's unit.
data headline_row(const char* metric, const derive::Figure& annual, std::string (*unit)(double))
{
    data row;
    row.set("metric", metric);
    row.set("before", unit(annual.baseline));
    row.set("after", annual.improved ? unit(*annual.improved) : "");
    std::string saving = annual.saving ? unit(*annual.saving) : "";
    if (annual.saving_percent) {
        saving += " (" + derive::percent(*annual.saving_percent) + ")";
    }
    row.set("saving", saving);
    return row;
}

}  // namespace

data headline_view(const model::Home& home, const model::SimulationResult& result, const derive::Comparison& comparison)
{
    data view;
    view.set("rows",
        list_of({
            headline_row("Energy", comparison.energy.annual, derive::kwh),
            headline_row("Running cost", comparison.cost.annual, derive::pounds),
            headline_row("Carbon", comparison.co2e.annual, derive::kg_co2e),
        }));
    const std::optional<std::string> after
        = result.plan.empty() ? std::nullopt : result.plan.back().profile.predicted_epc_rating;
    view.set("has_epc", home.epc_rating.has_value() || after.has_value());
    view.set("epc_now", home.epc_rating.value_or("not known"));
    view.set("epc_after", after.value_or("not predicted"));
    return view;
}

data categories_view(const model::SimulationResult& result)
{
    std::vector<std::string> order;
    std::map<std::string, std::vector<data>> measures;
    for (std::size_t s = 0; s < result.plan.size(); ++s) {
        const model::Stage& stage = result.plan[s];
        for (const model::Improvement& improvement : stage.improvements) {
            if (!measures.contains(improvement.category)) {
                order.push_back(improvement.category);
            }
            data item;
            item.set("measure", improvement.measure);
            item.set("stage", std::to_string(s + 1));
            item.set("payback", payback_text(stage));
            item.set("has_payback", !payback_text(stage).empty());
            measures[improvement.category].push_back(item);
        }
    }
    std::vector<data> categories;
    categories.reserve(order.size());
    for (const std::string& category : order) {
        data item;
        item.set("category", category);
        item.set("measures", list_of(measures[category]));
        categories.push_back(item);
    }
    return list_of(categories);
}

std::string payback_text(const model::Stage& stage)
{
    const auto& [low, high] = stage.payback_years;
    if (low && high) {
        return *low == *high ? std::to_string(*low) + " years"
                             : std::to_string(*low) + " to " + std::to_string(*high) + " years";
    }
    return low || high ? std::to_string(low ? *low : *high) + " years" : "";
}

}  // namespace retrofit::render
