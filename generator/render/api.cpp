#include "render/api.hpp"

#include "derive/json_writer.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace retrofit::render {

namespace {

/// The API files are written indented, as RapidJSON's PrettyWriter writes them.
using Writer = derive::JsonWriter;

/// Writes a parsed value back, numbers exactly as they were written.
void value(Writer& w, const json::Value& v)
{
    switch (v.kind) {
    case json::Kind::null:
        w.null();
        break;
    case json::Kind::boolean:
        w.boolean(v.boolean);
        break;
    case json::Kind::number:
        w.raw(v.text);
        break;
    case json::Kind::string:
        w.string(v.text);
        break;
    case json::Kind::array:
        w.start_array();
        for (const json::Value& item : v.items) {
            value(w, item);
        }
        w.end_array();
        break;
    case json::Kind::object:
        w.start_object();
        for (std::size_t i = 0; i < v.keys.size(); ++i) {
            w.string(v.keys[i]);
            value(w, v.items[i]);
        }
        w.end_object();
        break;
    }
}

void optional_number(Writer& w, const std::optional<double>& number)
{
    if (number) {
        w.number(*number);
    } else {
        w.null();
    }
}

void figure_fields(Writer& w, const derive::Figure& figure)
{
    w.key("baseline");
    w.number(figure.baseline);
    w.key("improved");
    optional_number(w, figure.improved);
    w.key("saving");
    optional_number(w, figure.saving);
    w.key("saving_percent");
    optional_number(w, figure.saving_percent);
}

void series(Writer& w, const derive::Series& s)
{
    w.key("months");
    w.start_array();
    for (std::size_t m = 0; m < s.months.size(); ++m) {
        w.start_object();
        w.key("month");
        w.integer(static_cast<int>(m + 1));
        w.key("label");
        w.string(derive::k_month_labels[m]);
        figure_fields(w, s.months[m]);
        w.end_object();
    }
    w.end_array();
    w.key("annual");
    w.start_object();
    figure_fields(w, s.annual);
    w.end_object();
}

void metric(Writer& w, const char* key, const char* unit, const derive::Series& s)
{
    w.key(key);
    w.start_object();
    w.key("unit");
    w.string(unit);
    series(w, s);
    w.end_object();
}

void optional_band(Writer& w, const std::optional<std::string>& band)
{
    if (band) {
        w.string(*band);
    } else {
        w.null();
    }
}

void stage(Writer& w, std::size_t number, const model::Stage& s)
{
    w.start_object();
    w.key("stage");
    w.natural(number);
    w.key("measures");
    w.start_array();
    for (const model::Improvement& improvement : s.improvements) {
        w.start_object();
        w.key("category");
        w.string(improvement.category);
        w.key("measure");
        w.string(improvement.measure);
        w.end_object();
    }
    w.end_array();
    w.key("payback_years");
    w.start_array();
    for (const auto& years : s.payback_years) {
        if (years) {
            w.integer(*years);
        } else {
            w.null();
        }
    }
    w.end_array();
    w.key("annual");
    w.start_object();
    w.key("energy");
    w.number(derive::round_tenth(s.profile.annual.energy));
    w.key("co2e");
    w.number(derive::round_tenth(s.profile.annual.co2e));
    w.key("operating_cost");
    w.number(derive::round_tenth(s.profile.annual.operating_cost));
    w.key("energy_generated");
    w.number(derive::round_tenth(s.profile.annual_generation));
    w.end_object();
    w.key("predicted_epc_rating");
    optional_band(w, s.profile.predicted_epc_rating);
    w.end_object();
}

std::string finish(Writer& w)
{
    w.put('\n');
    return w.take();
}

void catalogue_entry(Writer& w, const CatalogueEntry& entry)
{
    const model::Home& home = entry.home;
    w.start_object();
    w.key("uprn");
    w.string(home.uprn);
    w.key("address");
    w.start_object();
    w.key("lines");
    w.start_array();
    for (const std::string& line : home.address_lines) {
        w.string(line);
    }
    w.end_array();
    w.key("town");
    w.string(home.town);
    w.key("postcode");
    w.string(home.postcode);
    w.end_object();
    w.key("epc_rating");
    optional_band(w, home.epc_rating);
    w.key("simulations");
    w.start_array();
    for (const std::string& id : entry.simulation_ids) {
        w.string(id);
    }
    w.end_array();
    w.key("annual");
    if (entry.annual) {
        w.start_object();
        figure_fields(w, *entry.annual);
        w.end_object();
    } else {
        w.null();
    }
    w.end_object();
}

/// The member named key of an object, to change it; nullptr when absent.
json::Value* member(json::Value& object, std::string_view key)
{
    for (std::size_t i = 0; i < object.keys.size(); ++i) {
        if (object.keys[i] == key) {
            return &object.items[i];
        }
    }
    return nullptr;
}

void set_string(json::Value& object, std::string_view key, const std::string& text)
{
    json::Value item;
    item.kind = json::Kind::string;
    item.text = text;
    if (json::Value* existing = member(object, key)) {
        *existing = std::move(item);
    } else {
        object.keys.emplace_back(key);
        object.items.push_back(std::move(item));
    }
}

}  // namespace

std::string home_object_text(const json::Value& raw)
{
    // Written where home_api() puts it, the value of a member of the top
    // object, and cut out from there: every line indented as it will be.
    constexpr std::string_view k_before = "{\n  \"home\": ";
    constexpr std::string_view k_after = "\n}";
    Writer w;
    w.start_object();
    w.key("home");
    value(w, raw);
    w.end_object();
    std::string text = w.take();
    text.resize(text.size() - k_after.size());
    text.erase(0, k_before.size());
    return text;
}

std::string home_api(const model::Home& home, const std::vector<std::string>& simulation_ids)
{
    const std::string object = home.raw ? home_object_text(*home.raw) : std::string();
    const std::string& text = home.raw ? object : home.raw_text;
    Writer w;
    w.start_object();
    w.key("home");
    if (text.empty()) {
        w.null();
    } else {
        w.raw(text);
    }
    w.key("simulations");
    w.start_array();
    for (const std::string& id : simulation_ids) {
        w.string(id);
    }
    w.end_array();
    w.end_object();
    return finish(w);
}

std::string comparison_api(const model::SimulationResult& result, const derive::Comparison& comparison)
{
    Writer w;
    w.start_object();
    w.key("simulation_id");
    w.string(result.simulation_id);
    w.key("uprn");
    w.string(result.baseline_home.uprn);
    w.key("unit");
    w.string("kWh");
    series(w, comparison.energy);
    metric(w, "co2e", "kg CO2e", comparison.co2e);
    metric(w, "operating_cost", "GBP", comparison.cost);
    w.key("baseline_predicted_epc_rating");
    optional_band(w, result.baseline.predicted_epc_rating);
    w.key("stages");
    w.start_array();
    for (std::size_t i = 0; i < result.plan.size(); ++i) {
        stage(w, i + 1, result.plan[i]);
    }
    w.end_array();
    w.end_object();
    return finish(w);
}

void homes_api(const Listing<CatalogueEntry>& homes, const std::function<void(std::string_view)>& out)
{
    // Pieces of about this size: a big portfolio's catalogue is never whole in memory.
    constexpr std::size_t k_piece = 65536;
    Writer w;
    w.start_object();
    w.key("homes");
    w.start_array();
    for (std::size_t i = 0; i < homes.size; ++i) {
        catalogue_entry(w, homes.at(i));
        if (w.size() >= k_piece) {
            w.hand_over(out);
        }
    }
    w.end_array();
    w.end_object();
    w.put('\n');
    w.hand_over(out);
}

std::string homes_api(const std::vector<CatalogueEntry>& homes)
{
    std::string text;
    homes_api(Listing<CatalogueEntry>::of(homes), [&text](std::string_view piece) { text.append(piece); });
    return text;
}

std::string api_description(const std::string& text, const model::Settings& settings)
{
    json::Document document = json::parse(text);
    json::Value* info = document.errors.empty() ? member(document.root, "info") : nullptr;
    if (info == nullptr || info->kind != json::Kind::object) {
        return text;
    }
    set_string(*info, "title", settings.title);
    set_string(*info, "version", RETROFIT_VERSION);
    Writer w;
    value(w, document.root);
    return finish(w);
}

std::string compact_json_for_script(std::string_view json)
{
    // The bytes that need a look; the others are copied as they come.
    static constexpr std::array<bool, 256> k_special = [] {
        std::array<bool, 256> special {};
        for (const unsigned char c : std::string_view("\"\\ \n\r\t<>&\xE2")) {
            special[c] = true;
        }
        return special;
    }();
    const auto space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
    constexpr std::uint64_t k_spaces = 0x2020202020202020U;
    // Written in place: out always has room for the rest of the input as it
    // is, so only an escape, which is longer than what it replaces, makes more.
    // (Through pointers: a byte stored through a string's operator[] makes
    // the compiler load the string's own pointer again, for every byte.)
    std::string out(json.size(), '\0');
    char* to = out.data();
    const auto put = [&](std::string_view instead, std::size_t rest) {
        const auto size = static_cast<std::size_t>(to - out.data());
        if (out.size() - size < instead.size() + rest) {
            out.resize(std::max(2 * out.size(), size + instead.size() + rest));
            to = out.data() + size;
        }
        to = std::copy(instead.begin(), instead.end(), to);
    };
    bool in_string = false;
    const char* const end = json.data() + json.size();
    for (const char* at = json.data(); at < end; ++at) {
        char c = *at;
        if (k_special[static_cast<unsigned char>(c)]) {
            if (in_string && c == '\\' && at + 1 < end) {
                *to++ = c;  // an escape: the next byte is never the string's end
                c = *++at;
            } else if (c == '"') {
                in_string = !in_string;
            } else if (!in_string && space(c)) {
                // A line's end and its indentation in one visit: past eight
                // spaces at a time, then a byte at a time.
                const char* next = at + 1;
                std::uint64_t eight = 0;
                while (end - next >= 8 && (std::memcpy(&eight, next, 8), eight == k_spaces)) {
                    next += 8;
                }
                while (next < end && space(*next)) {
                    ++next;
                }
                at = next - 1;
                continue;
            } else if (c == '<' || c == '>' || c == '&') {
                put(c == '<' ? "\\u003c" : c == '>' ? "\\u003e" : "\\u0026", static_cast<std::size_t>(end - at - 1));
                continue;
            } else if (c == '\xE2' && end - at > 2 && at[1] == '\x80' && (at[2] == '\xA8' || at[2] == '\xA9')) {
                put(at[2] == '\xA8' ? "\\u2028" : "\\u2029", static_cast<std::size_t>(end - at - 3));
                at += 2;
                continue;
            }
        }
        *to++ = c;
    }
    out.resize(static_cast<std::size_t>(to - out.data()));
    return out;
}

}  // namespace retrofit::render
