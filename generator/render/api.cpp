#include "render/api.hpp"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace retrofit::render {

namespace {

/// RapidJSON's output stream concept over a std::string: the JSON is
/// written straight into the string returned, never copied (the catalogue
/// of a big portfolio runs to many megabytes). Its room is made ahead, in
/// doubling steps, and a byte is then stored without a check.
class StringOutput {
public:
    using Ch = char;
    // The names are RapidJSON's output stream concept's.
    void Put(char c)  // NOLINT(readability-identifier-naming)
    {
        reserve(1);
        put_unsafe(c);
    }
    static void Flush() { }  // NOLINT(readability-identifier-naming)
    /// Makes room for count more bytes.
    void reserve(std::size_t count)
    {
        if (m_text.size() - m_size < count) {
            grow(count);
        }
    }
    /// Stores a byte in room made by reserve().
    void put_unsafe(char c) { m_text[m_size++] = c; }
    std::string take()
    {
        m_text.resize(m_size);
        m_size = 0;
        return std::move(m_text);
    }
    /// Hands what is written so far to out, then starts afresh.
    void hand_over(const std::function<void(std::string_view)>& out)
    {
        out(std::string_view(m_text.data(), m_size));
        m_size = 0;
    }
    std::size_t size() const { return m_size; }

private:
    /// Out of line, so that reserve() is a compare where it is called.
    [[gnu::noinline]] void grow(std::size_t count)
    {
        m_text.resize(std::max(2 * m_text.size(), m_size + count + k_least));
    }

    static constexpr std::size_t k_least = 4096;
    std::string m_text;  ///< the bytes written, then room
    std::size_t m_size = 0;  ///< how many are written
};

// RapidJSON writes through these where a stream has them, as its own
// StringBuffer does: one check of room for a whole string or number.
// Found by argument-dependent lookup, they win over its generic ones.
void PutReserve(StringOutput& out, std::size_t count)  // NOLINT(readability-identifier-naming)
{
    out.reserve(count);
}
void PutUnsafe(StringOutput& out, char c)  // NOLINT(readability-identifier-naming)
{
    out.put_unsafe(c);
}

using Writer = rapidjson::PrettyWriter<StringOutput>;

void string(Writer& w, const std::string& text)
{
    w.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
}

/// Writes a parsed value back, numbers exactly as they were written.
void value(Writer& w, const json::Value& v)
{
    switch (v.kind) {
    case json::Kind::null:
        w.Null();
        break;
    case json::Kind::boolean:
        w.Bool(v.boolean);
        break;
    case json::Kind::number:
        w.RawValue(v.text.c_str(), v.text.size(), rapidjson::kNumberType);
        break;
    case json::Kind::string:
        string(w, v.text);
        break;
    case json::Kind::array:
        w.StartArray();
        for (const json::Value& item : v.items) {
            value(w, item);
        }
        w.EndArray();
        break;
    case json::Kind::object:
        w.StartObject();
        for (std::size_t i = 0; i < v.keys.size(); ++i) {
            string(w, v.keys[i]);
            value(w, v.items[i]);
        }
        w.EndObject();
        break;
    }
}

void optional_number(Writer& w, const std::optional<double>& number)
{
    if (number) {
        w.Double(*number);
    } else {
        w.Null();
    }
}

void figure_fields(Writer& w, const derive::Figure& figure)
{
    w.Key("baseline");
    w.Double(figure.baseline);
    w.Key("improved");
    optional_number(w, figure.improved);
    w.Key("saving");
    optional_number(w, figure.saving);
    w.Key("saving_percent");
    optional_number(w, figure.saving_percent);
}

void series(Writer& w, const derive::Series& s)
{
    w.Key("months");
    w.StartArray();
    for (std::size_t m = 0; m < s.months.size(); ++m) {
        w.StartObject();
        w.Key("month");
        w.Int(static_cast<int>(m + 1));
        w.Key("label");
        w.String(derive::k_month_labels[m]);
        figure_fields(w, s.months[m]);
        w.EndObject();
    }
    w.EndArray();
    w.Key("annual");
    w.StartObject();
    figure_fields(w, s.annual);
    w.EndObject();
}

void metric(Writer& w, const char* key, const char* unit, const derive::Series& s)
{
    w.Key(key);
    w.StartObject();
    w.Key("unit");
    w.String(unit);
    series(w, s);
    w.EndObject();
}

void optional_band(Writer& w, const std::optional<std::string>& band)
{
    if (band) {
        string(w, *band);
    } else {
        w.Null();
    }
}

void stage(Writer& w, std::size_t number, const model::Stage& s)
{
    w.StartObject();
    w.Key("stage");
    w.Uint64(number);
    w.Key("measures");
    w.StartArray();
    for (const model::Improvement& improvement : s.improvements) {
        w.StartObject();
        w.Key("category");
        string(w, improvement.category);
        w.Key("measure");
        string(w, improvement.measure);
        w.EndObject();
    }
    w.EndArray();
    w.Key("payback_years");
    w.StartArray();
    for (const auto& years : s.payback_years) {
        if (years) {
            w.Int64(*years);
        } else {
            w.Null();
        }
    }
    w.EndArray();
    w.Key("annual");
    w.StartObject();
    w.Key("energy");
    w.Double(derive::round_tenth(s.profile.annual.energy));
    w.Key("co2e");
    w.Double(derive::round_tenth(s.profile.annual.co2e));
    w.Key("operating_cost");
    w.Double(derive::round_tenth(s.profile.annual.operating_cost));
    w.Key("energy_generated");
    w.Double(derive::round_tenth(s.profile.annual_generation));
    w.EndObject();
    w.Key("predicted_epc_rating");
    optional_band(w, s.profile.predicted_epc_rating);
    w.EndObject();
}

std::string finish(StringOutput& buffer)
{
    buffer.Put('\n');
    return buffer.take();
}

void catalogue_entry(Writer& w, const CatalogueEntry& entry)
{
    const model::Home& home = entry.home;
    w.StartObject();
    w.Key("uprn");
    string(w, home.uprn);
    w.Key("address");
    w.StartObject();
    w.Key("lines");
    w.StartArray();
    for (const std::string& line : home.address_lines) {
        string(w, line);
    }
    w.EndArray();
    w.Key("town");
    string(w, home.town);
    w.Key("postcode");
    string(w, home.postcode);
    w.EndObject();
    w.Key("epc_rating");
    optional_band(w, home.epc_rating);
    w.Key("simulations");
    w.StartArray();
    for (const std::string& id : entry.simulation_ids) {
        string(w, id);
    }
    w.EndArray();
    w.Key("annual");
    if (entry.annual) {
        w.StartObject();
        figure_fields(w, *entry.annual);
        w.EndObject();
    } else {
        w.Null();
    }
    w.EndObject();
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
    StringOutput buffer;
    Writer w(buffer);
    w.SetIndent(' ', 2);
    w.StartObject();
    w.Key("home");
    value(w, raw);
    w.EndObject();
    std::string text = buffer.take();
    text.resize(text.size() - k_after.size());
    text.erase(0, k_before.size());
    return text;
}

std::string home_api(const model::Home& home, const std::vector<std::string>& simulation_ids)
{
    const std::string object = home.raw ? home_object_text(*home.raw) : std::string();
    const std::string& text = home.raw ? object : home.raw_text;
    StringOutput buffer;
    Writer w(buffer);
    w.SetIndent(' ', 2);
    w.StartObject();
    w.Key("home");
    if (text.empty()) {
        w.Null();
    } else {
        w.RawValue(text.data(), text.size(), rapidjson::kObjectType);
    }
    w.Key("simulations");
    w.StartArray();
    for (const std::string& id : simulation_ids) {
        string(w, id);
    }
    w.EndArray();
    w.EndObject();
    return finish(buffer);
}

std::string comparison_api(const model::SimulationResult& result, const derive::Comparison& comparison)
{
    StringOutput buffer;
    Writer w(buffer);
    w.SetIndent(' ', 2);
    w.StartObject();
    w.Key("simulation_id");
    string(w, result.simulation_id);
    w.Key("uprn");
    string(w, result.baseline_home.uprn);
    w.Key("unit");
    w.String("kWh");
    series(w, comparison.energy);
    metric(w, "co2e", "kg CO2e", comparison.co2e);
    metric(w, "operating_cost", "GBP", comparison.cost);
    w.Key("baseline_predicted_epc_rating");
    optional_band(w, result.baseline.predicted_epc_rating);
    w.Key("stages");
    w.StartArray();
    for (std::size_t i = 0; i < result.plan.size(); ++i) {
        stage(w, i + 1, result.plan[i]);
    }
    w.EndArray();
    w.EndObject();
    return finish(buffer);
}

void homes_api(const Listing<CatalogueEntry>& homes, const std::function<void(std::string_view)>& out)
{
    // Pieces of about this size: a big portfolio's catalogue is never whole in memory.
    constexpr std::size_t k_piece = 65536;
    StringOutput buffer;
    Writer w(buffer);
    w.SetIndent(' ', 2);
    w.StartObject();
    w.Key("homes");
    w.StartArray();
    for (std::size_t i = 0; i < homes.size; ++i) {
        catalogue_entry(w, homes.at(i));
        if (buffer.size() >= k_piece) {
            buffer.hand_over(out);
        }
    }
    w.EndArray();
    w.EndObject();
    buffer.Put('\n');
    buffer.hand_over(out);
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
    StringOutput buffer;
    Writer w(buffer);
    w.SetIndent(' ', 2);
    value(w, document.root);
    return finish(buffer);
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
