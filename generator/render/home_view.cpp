#include "render/home_view.hpp"

#include "derive/format.hpp"
#include "render/templates.hpp"

#include <map>

namespace retrofit::render {

using kainjow::mustache::data;

namespace {

/// One line of the headline table, in the metric's unit.
void fill_headline_row(data& row, const char* metric, const derive::Figure& annual, std::string (*unit)(double))
{
    row.set("metric", metric);
    row.set("before", unit(annual.baseline));
    row.set("after", annual.improved ? unit(*annual.improved) : "");
    std::string saving = annual.saving ? unit(*annual.saving) : "";
    if (annual.saving_percent) {
        saving += " (" + derive::percent(*annual.saving_percent) + ")";
    }
    row.set("saving", saving);
}

}  // namespace

void fill_headline(
    data& view, const model::Home& home, const model::SimulationResult& result, const derive::Comparison& comparison)
{
    data& rows = add_member(view, "rows", data::type::list);
    fill_headline_row(add_element(rows, data::type::object), "Energy", comparison.energy.annual, derive::kwh);
    fill_headline_row(add_element(rows, data::type::object), "Running cost", comparison.cost.annual, derive::pounds);
    fill_headline_row(add_element(rows, data::type::object), "Carbon", comparison.co2e.annual, derive::kg_co2e);
    const std::optional<std::string> after
        = result.plan.empty() ? std::nullopt : result.plan.back().profile.predicted_epc_rating;
    view.set("has_epc", home.epc_rating.has_value() || after.has_value());
    view.set("epc_now", home.epc_rating.value_or("not known"));
    view.set("epc_after", after.value_or("not predicted"));
}

void fill_categories(data& list, const model::SimulationResult& result)
{
    // Categories in the order they first appear, each with its measures in plan order.
    std::vector<std::string> order;
    std::map<std::string, std::vector<std::pair<std::size_t, const model::Improvement*>>> measures;
    for (std::size_t s = 0; s < result.plan.size(); ++s) {
        for (const model::Improvement& improvement : result.plan[s].improvements) {
            if (!measures.contains(improvement.category)) {
                order.push_back(improvement.category);
            }
            measures[improvement.category].emplace_back(s, &improvement);
        }
    }
    for (const std::string& category : order) {
        data& item = add_element(list, data::type::object);
        item.set("category", category);
        data& items = add_member(item, "measures", data::type::list);
        for (const auto& [s, improvement] : measures[category]) {
            const model::Stage& stage = result.plan[s];
            data& measure = add_element(items, data::type::object);
            measure.set("measure", improvement->measure);
            measure.set("stage", std::to_string(s + 1));
            measure.set("payback", payback_text(stage));
            measure.set("has_payback", !payback_text(stage).empty());
        }
    }
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
