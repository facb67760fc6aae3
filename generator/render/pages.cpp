#include "render/pages.hpp"

#include "derive/format.hpp"
#include "derive/spec.hpp"
#include "render/api.hpp"
#include "render/home_view.hpp"

namespace retrofit::render {

using kainjow::mustache::data;

namespace {

data page_frame(const model::Settings& settings, const std::string& title, const std::string& root)
{
    data view;
    view.set("site_title", settings.title);
    view.set("page_title", title);
    view.set("root", root);
    return view;
}

std::string capitalised(std::string text)
{
    if (!text.empty() && text.front() >= 'a' && text.front() <= 'z') {
        text.front() = static_cast<char>(text.front() - 'a' + 'A');
    }
    return text;
}

void add_fact(data& list, const std::string& label, const std::string& value)
{
    data& item = add_element(list, data::type::object);
    item.set("label", label);
    item.set("value", value);
}

void fill_home_facts(data& list, const model::Home& home)
{
    std::string epc = home.epc_rating ? *home.epc_rating : "not known";
    if (home.epc_rating && home.epc_score) {
        epc += " (score " + std::to_string(*home.epc_score) + ")";
    }
    add_fact(list, "Property", capitalised(home.property_type) + ", " + home.built_form);
    add_fact(list, "Floor area", derive::grouped(home.total_floor_area, 1) + " m\u00B2");
    add_fact(list, "EPC rating now", epc);
    add_fact(list, "UPRN", home.uprn);
}

std::string optional_kwh(const std::optional<double>& value)
{
    return value ? derive::kwh(*value) : "";
}

void fill_month_rows(data& rows, const derive::Series& energy)
{
    for (std::size_t m = 0; m < energy.months.size(); ++m) {
        const derive::Figure& figure = energy.months[m];
        data& row = add_element(rows, data::type::object);
        row.set("month", derive::k_month_names[m]);
        row.set("before", derive::kwh(figure.baseline));
        row.set("after", optional_kwh(figure.improved));
        row.set("saving", optional_kwh(figure.saving));
    }
}

void fill_stages(data& stages, const model::SimulationResult& result)
{
    for (std::size_t i = 0; i < result.plan.size(); ++i) {
        const model::Stage& stage = result.plan[i];
        data& item = add_element(stages, data::type::object);
        item.set("number", std::to_string(i + 1));
        data& measures = add_member(item, "measures", data::type::list);
        for (const model::Improvement& improvement : stage.improvements) {
            data& measure = add_element(measures, data::type::object);
            measure.set("category", improvement.category);
            measure.set("measure", improvement.measure);
        }
        item.set("energy_after", derive::kwh(derive::round_tenth(stage.profile.annual.energy)));
        item.set("payback", payback_text(stage));
        item.set("has_payback", !payback_text(stage).empty());
    }
}

void fill_simulation(data& view, const model::Home& home, const HomeSimulation& simulation, const std::string& root)
{
    const model::SimulationResult& result = *simulation.result;
    const std::string& id = result.simulation_id;
    view.set("simulation_id", id);
    view.set("chart_id", "chart-" + id);
    view.set("spec_json", spec_for_script(simulation.spec));
    view.set("spec_href", id + ".vl.json");
    view.set("api_href", root + "api/energy-comparison/" + id + ".json");
    view.set("summary", derive::annual_summary(simulation.comparison.energy.annual));
    view.set("has_plan", !result.plan.empty());
    view.set("stage_count", result.plan.size() == 1 ? "1 stage" : std::to_string(result.plan.size()) + " stages");
    fill_stages(add_member(view, "stages", data::type::list), result);
    fill_month_rows(add_member(view, "months", data::type::list), simulation.comparison.energy);
    fill_headline(add_member(view, "headline", data::type::object), home, result, simulation.comparison);
    fill_categories(add_member(view, "categories", data::type::list), result);
}

/// The vendor scripts, then ours. From the CDN each carries its integrity
/// hash; local copies need none (and file:// pages could not check one).
data script_list(const std::string& root, load::Assets assets)
{
    std::vector<data> scripts;
    for (const load::VendorScript& script : load::k_vendor_scripts) {
        data item;
        if (assets == load::Assets::local) {
            item.set("src", root + "assets/vendor/" + load::vendor_file_name(script));
        } else {
            item.set("src", script.cdn_url);
            item.set("integrity", script.integrity);
        }
        scripts.push_back(item);
    }
    data ours;
    ours.set("src", root + "assets/chart.js");
    scripts.push_back(ours);
    return list_of(scripts);
}

std::string address_line(const model::Home& home)
{
    std::string text;
    for (const std::string& line : home.address_lines) {
        text += line + ", ";
    }
    return text + home.town + " " + home.postcode;
}

}  // namespace

std::string spec_for_script(const std::string& spec)
{
    return compact_json_for_script(spec);
}

HomeSimulation home_simulation(const model::Home& home, const model::SimulationResult& result)
{
    derive::Comparison comparison = derive::compare(result);
    std::string spec = derive::chart_spec(home, comparison);
    return {&result, std::move(comparison), std::move(spec)};
}

std::string home_page(const Templates& templates, const model::Settings& settings, const model::Home& home,
    const std::vector<HomeSimulation>& simulations, load::Assets assets)
{
    const std::string root = "../../";
    data view = page_frame(settings, address_line(home), root);
    data& lines = add_member(view, "address_lines", data::type::list);
    for (const std::string& line : home.address_lines) {
        add_element(lines, data::type::object).set("line", line);
    }
    view.set("town", home.town);
    view.set("postcode", home.postcode);
    fill_home_facts(add_member(view, "facts", data::type::list), home);
    view.set("api_href", root + "api/home/" + home.uprn + ".json");
    data& items = add_member(view, "simulations", data::type::list);
    for (const HomeSimulation& simulation : simulations) {
        fill_simulation(add_element(items, data::type::object), home, simulation, root);
    }
    view.set("has_simulations", !simulations.empty());
    if (!simulations.empty()) {
        view.set("scripts", script_list(root, assets));
    }
    return templates.render("home", view);
}

}  // namespace retrofit::render
