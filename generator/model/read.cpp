#include "model/read.hpp"

#include <algorithm>

namespace retrofit::model {

namespace {

constexpr std::size_t k_months = 12;

const json::Keep k_generation_keep {false, {{"energy_generated", &json::k_keep_all}}, nullptr};
const json::Keep k_profile_keep {false,
    {{"annual_energy_total", &json::k_keep_all}, {"monthly_energy_total", &json::k_keep_all},
        {"annual_energy_generation", &k_generation_keep}, {"predicted_epc_rating", &json::k_keep_all}},
    nullptr};
const json::Keep k_stage_keep {false,
    {{"improvements", &json::k_keep_all}, {"energy_profile", &k_profile_keep}, {"payback_years", &json::k_keep_all}},
    nullptr};
const json::Keep k_plan_keep {false, {}, &k_stage_keep};
/// Above this a month's figure is surely a unit mistake (Wh for kWh): 10 GWh.
constexpr double k_max_monthly_kwh = 1e7;

/// Runs a reader and keeps its value only when it reported no error.
template <typename T, typename Read>
std::optional<T> valid_only(Checker& check, Read&& read)
{
    const std::size_t before = check.errors();
    T value = read();
    if (check.errors() != before) {
        return std::nullopt;
    }
    return value;
}

Summary read_summary(Checker& check, const Node& node)
{
    Summary summary;
    if (check.expect(node, json::Kind::object)) {
        summary.energy = check.number(node, "energy").value_or(0);
        summary.co2e = check.number(node, "co2e").value_or(0);
        summary.operating_cost = check.number(node, "operating_cost").value_or(0);
    }
    return summary;
}

/// Month keys are the strings "1" to "12"; "01", "0" and "13" are not months.
int month_number(std::string_view key)
{
    for (int month = 1; month <= static_cast<int>(k_months); ++month) {
        if (key == std::to_string(month)) {
            return month;
        }
    }
    return 0;
}

void read_months(Checker& check, const Node& node, std::array<Summary, k_months>& months)
{
    std::array<bool, k_months> seen {};
    for (std::size_t i = 0; i < node.value.keys.size(); ++i) {
        const std::string& key = node.value.keys[i];
        const Node month = node.member(key, node.value.items[i]);
        const int number = month_number(key);
        if (number == 0) {
            check.error(month, "unexpected month \"" + key + "\": expected \"1\" to \"12\"");
            continue;
        }
        seen[number - 1] = true;
        months[number - 1] = read_summary(check, month);
        if (months[number - 1].energy < 0 || months[number - 1].energy > k_max_monthly_kwh) {
            check.warning(month.member("energy", *month.value.find("energy")),
                "a month's energy of " + month.value.find("energy")->text
                    + " kWh is outside 0 to 10 GWh: check the units");
        }
    }
    std::string missing;
    for (std::size_t m = 0; m < k_months; ++m) {
        if (!seen[m]) {
            missing += (missing.empty() ? "\"" : ", \"") + std::to_string(m + 1) + '"';
        }
    }
    if (!missing.empty()) {
        check.error(node, "expected 12 months, missing " + missing);
    }
}

std::vector<std::string> read_address_lines(Checker& check, const Node& address)
{
    std::vector<std::string> lines;
    auto list = check.member(address, "lines", json::Kind::array);
    if (!list) {
        return lines;
    }
    const std::size_t count = list->value.items.size();
    if (count < 1 || count > 3) {
        check.error(*list, "expected 1 to 3 address lines, got " + std::to_string(count));
    }
    for (std::size_t i = 0; i < count; ++i) {
        const Node line = list->element(i);
        if (check.expect(line, json::Kind::string)) {
            lines.push_back(line.value.text);
        }
    }
    if (count > 0 && lines.size() == count && lines.front().empty()) {
        check.error(list->element(0), "the first address line is empty");
    }
    return lines;
}

Stage read_stage(Checker& check, const Node& node)
{
    Stage stage;
    if (!check.expect(node, json::Kind::object)) {
        return stage;
    }
    if (auto list = check.member(node, "improvements", json::Kind::array)) {
        for (std::size_t i = 0; i < list->value.items.size(); ++i) {
            const Node item = list->element(i);
            if (check.expect(item, json::Kind::object)) {
                stage.improvements.push_back(
                    {check.string(item, "category").value_or(""), check.string(item, "measure").value_or("")});
            }
        }
    }
    if (auto profile = check.member(node, "energy_profile", json::Kind::object)) {
        stage.profile = read_profile(check, *profile).value_or(EnergyProfile {});
    }
    if (auto payback = check.nullable(node, "payback_years", json::Kind::array)) {
        if (payback->value.items.size() != 2) {
            check.error(
                *payback, "expected [low, high], got " + std::to_string(payback->value.items.size()) + " values");
        } else {
            stage.payback_years
                = {check.nullable_integer(payback->element(0)), check.nullable_integer(payback->element(1))};
        }
    }
    return stage;
}

/// "page_size": a whole number of homes from 1 to k_max_page_size, written
/// as digits only (not 5e2 or 500.0), so the number is exactly what it reads.
std::optional<std::size_t> read_page_size(Checker& check, const Node& node)
{
    if (!check.expect(node, json::Kind::number)) {
        return std::nullopt;
    }
    const std::string& text = node.value.text;
    const std::string most = std::to_string(k_max_page_size);
    if (text.size() <= most.size() && text.find_first_not_of("0123456789") == std::string::npos) {
        const std::size_t size = std::stoul(text);
        if (size >= 1 && size <= k_max_page_size) {
            return size;
        }
    }
    check.error(node, "expected a whole number of homes per index page from 1 to " + most + ", got " + text);
    return std::nullopt;
}

}  // namespace

// The baseline home is kept whole: a home without a file of its own is
// published from it, every field passed through.
const json::Keep k_result_keep {false,
    {{"simulation_id", &json::k_keep_all}, {"baseline_home", &json::k_keep_all},
        {"baseline_energy_profile", &k_profile_keep}, {"improvement_plan", &k_plan_keep}},
    nullptr};

bool is_uprn(std::string_view text)
{
    return !text.empty() && text.size() <= 12
        && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_uuid(std::string_view text)
{
    if (text.size() != 36) {
        return false;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        if (dash ? c != '-' : !hex) {
            return false;
        }
    }
    return true;
}

std::optional<Home> read_home(Checker& check, const Node& node)
{
    return valid_only<Home>(check, [&] {
        Home home;
        if (!check.expect(node, json::Kind::object)) {
            return home;
        }
        home.raw = check.share(node.value);
        home.source_path = check.file().path;
        if (auto uprn = check.member(node, "uprn", json::Kind::string)) {
            home.uprn = uprn->value.text;
            if (!is_uprn(home.uprn)) {
                check.error(*uprn, "expected a UPRN of 1 to 12 digits, got \"" + home.uprn + "\"");
            }
        }
        if (auto address = check.member(node, "address", json::Kind::object)) {
            home.address_lines = read_address_lines(check, *address);
            home.town = check.string(*address, "town").value_or("");
            home.postcode = check.string(*address, "postcode").value_or("");
        }
        home.property_type = check.string(node, "property_type").value_or("");
        home.built_form = check.string(node, "built_form").value_or("");
        home.total_floor_area = check.number(node, "total_floor_area").value_or(0);
        home.epc_rating = check.nullable_band(node, "epc_rating");
        if (auto score = check.present(node, "epc_score")) {
            home.epc_score = check.nullable_integer(*score);
        }
        return home;
    });
}

std::optional<EnergyProfile> read_profile(Checker& check, const Node& node)
{
    return valid_only<EnergyProfile>(check, [&] {
        EnergyProfile profile;
        if (auto annual = check.member(node, "annual_energy_total", json::Kind::object)) {
            profile.annual = read_summary(check, *annual);
        }
        if (auto monthly = check.member(node, "monthly_energy_total", json::Kind::object)) {
            read_months(check, *monthly, profile.monthly);
        }
        if (const json::Value* generation = node.value.find("annual_energy_generation")) {
            const Node at = node.member("annual_energy_generation", *generation);
            if (check.expect(at, json::Kind::object)) {
                profile.annual_generation = check.number(at, "energy_generated").value_or(0);
            }
        }
        if (node.value.find("predicted_epc_rating") != nullptr) {
            profile.predicted_epc_rating = check.nullable_band(node, "predicted_epc_rating");
        }
        return profile;
    });
}

std::optional<SimulationResult> read_result(Checker& check, const Node& root)
{
    return valid_only<SimulationResult>(check, [&] {
        SimulationResult result;
        if (!check.expect(root, json::Kind::object)) {
            return result;
        }
        result.source_path = check.file().path;
        if (auto id = check.member(root, "simulation_id", json::Kind::string)) {
            result.simulation_id = id->value.text;
            if (!is_uuid(result.simulation_id)) {
                check.error(*id, "expected a lowercase UUID, got \"" + result.simulation_id + "\"");
            }
        }
        if (auto home = check.member(root, "baseline_home", json::Kind::object)) {
            result.baseline_home = read_home(check, *home).value_or(Home {});
        }
        if (auto profile = check.member(root, "baseline_energy_profile", json::Kind::object)) {
            result.baseline = read_profile(check, *profile).value_or(EnergyProfile {});
        }
        if (auto plan = check.member(root, "improvement_plan", json::Kind::array)) {
            for (std::size_t i = 0; i < plan->value.items.size(); ++i) {
                result.plan.push_back(read_stage(check, plan->element(i)));
            }
        }
        return result;
    });
}

std::optional<Settings> read_settings(Checker& check, const Node& root)
{
    return valid_only<Settings>(check, [&] {
        Settings settings;
        if (!check.expect(root, json::Kind::object)) {
            return settings;
        }
        if (root.value.find("title") != nullptr) {
            settings.title = check.string(root, "title").value_or("");
            if (settings.title.empty() && root.value.find("title")->kind == json::Kind::string) {
                check.error(root.member("title", *root.value.find("title")), "the site title is empty");
            }
        }
        if (const json::Value* page_size = root.value.find("page_size")) {
            settings.page_size
                = read_page_size(check, root.member("page_size", *page_size)).value_or(k_default_page_size);
        }
        return settings;
    });
}

}  // namespace retrofit::model
