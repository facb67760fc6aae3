#include "derive/spec.hpp"

#include "derive/format.hpp"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace retrofit::derive {

namespace {

// Okabe-Ito blue and orange: distinct for colour-blind readers and in greyscale.
constexpr const char* k_before_colour = "#0072B2";
constexpr const char* k_after_colour = "#E69F00";

template <typename Writer>
void key_string(Writer& w, const char* key, const std::string& value)
{
    w.Key(key);
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

template <typename Writer>
void series_domain(Writer& w, bool with_after)
{
    w.StartArray();
    w.String(k_before);
    if (with_after) {
        w.String(k_after);
    }
    w.EndArray();
}

template <typename Writer>
void data_rows(Writer& w, const Series& energy)
{
    w.Key("data");
    w.StartObject();
    w.Key("values");
    w.StartArray();
    const bool with_after = energy.annual.improved.has_value();
    for (int pass = 0; pass < (with_after ? 2 : 1); ++pass) {
        for (std::size_t m = 0; m < energy.months.size(); ++m) {
            const Figure& figure = energy.months[m];
            w.StartObject();
            w.Key("month");
            w.Int(static_cast<int>(m + 1));
            key_string(w, "label", k_month_labels[m]);
            key_string(w, "month_name", k_month_names[m]);
            key_string(w, "series", pass == 0 ? k_before : k_after);
            w.Key("kwh");
            w.Double(pass == 0 ? figure.baseline : *figure.improved);
            if (figure.saving) {
                w.Key("saving");
                w.Double(*figure.saving);
            }
            w.EndObject();
        }
    }
    w.EndArray();
    w.EndObject();
}

template <typename Writer>
void tooltip_field(Writer& w, const char* field, const char* title, const char* format)
{
    w.StartObject();
    key_string(w, "field", field);
    key_string(w, "title", title);
    if (format != nullptr) {
        key_string(w, "type", "quantitative");
        key_string(w, "format", format);
    }
    w.EndObject();
}

template <typename Writer>
void encoding(Writer& w, bool with_after)
{
    w.Key("encoding");
    w.StartObject();
    w.Key("x");
    w.StartObject();
    key_string(w, "field", "label");
    key_string(w, "type", "ordinal");
    w.Key("sort");
    w.StartArray();
    for (const char* label : k_month_labels) {
        w.String(label);
    }
    w.EndArray();
    key_string(w, "title", "Month");
    w.Key("axis");
    w.StartObject();
    w.Key("labelAngle");
    w.Int(0);
    w.EndObject();
    w.EndObject();

    w.Key("xOffset");
    w.StartObject();
    key_string(w, "field", "series");
    w.Key("sort");
    series_domain(w, with_after);
    w.EndObject();

    w.Key("y");
    w.StartObject();
    key_string(w, "field", "kwh");
    key_string(w, "type", "quantitative");
    key_string(w, "title", "Energy (kWh)");
    w.Key("scale");
    w.StartObject();
    w.Key("zero");
    w.Bool(true);
    w.EndObject();
    w.Key("axis");
    w.StartObject();
    key_string(w, "format", ",.0f");
    w.EndObject();
    w.EndObject();

    w.Key("color");
    w.StartObject();
    key_string(w, "field", "series");
    key_string(w, "type", "nominal");
    w.Key("scale");
    w.StartObject();
    w.Key("domain");
    series_domain(w, with_after);
    w.Key("range");
    w.StartArray();
    w.String(k_before_colour);
    w.String(k_after_colour);
    w.EndArray();
    w.EndObject();
    w.Key("legend");
    w.StartObject();
    key_string(w, "orient", "top");
    w.Key("title");
    w.Null();
    w.EndObject();
    w.EndObject();

    w.Key("tooltip");
    w.StartArray();
    tooltip_field(w, "month_name", "Month", nullptr);
    tooltip_field(w, "series", "Series", nullptr);
    tooltip_field(w, "kwh", "Energy (kWh)", ",.1f");
    if (with_after) {
        tooltip_field(w, "saving", "Saving that month (kWh)", ",.1f");
    }
    w.EndArray();
    w.EndObject();
}

template <typename Writer>
void spec(Writer& w, const model::Home& home, const Comparison& comparison)
{
    const bool with_after = comparison.energy.annual.improved.has_value();
    const std::string summary = annual_summary(comparison.energy.annual);
    w.StartObject();
    key_string(w, "$schema", "https://vega.github.io/schema/vega-lite/v6.json");
    key_string(w, "description",
        "Bar chart of monthly energy use at " + home.address_lines.front() + ", " + home.postcode
            + (with_after ? ", before and after the improvement plan. " : ", with no improvement plan. ") + summary);
    w.Key("title");
    w.StartObject();
    key_string(w, "text", "Energy use by month (kWh)");
    w.Key("subtitle");  // two short lines, so that a phone-width chart shows them whole
    w.StartArray();
    for (const std::string& line : subtitle_lines(comparison.energy.annual)) {
        w.String(line.c_str(), static_cast<rapidjson::SizeType>(line.size()));
    }
    w.EndArray();
    w.EndObject();
    key_string(w, "width", "container");
    w.Key("height");
    w.Int(320);
    data_rows(w, comparison.energy);
    w.Key("mark");
    w.StartObject();
    key_string(w, "type", "bar");
    w.EndObject();
    encoding(w, with_after);
    w.EndObject();
}

}  // namespace

std::vector<std::string> subtitle_lines(const Figure& annual)
{
    if (!annual.improved) {
        return {"A year: " + kwh(annual.baseline), "No improvement plan was simulated"};
    }
    std::string saving = "Saving: " + kwh(*annual.saving);
    if (annual.saving_percent) {
        saving += " (" + percent(*annual.saving_percent) + ")";
    }
    return {"A year: " + kwh(annual.baseline) + " before, " + kwh(*annual.improved) + " after", saving};
}

std::string annual_summary(const Figure& annual)
{
    if (!annual.improved) {
        return "A year: " + kwh(annual.baseline) + ". No improvement plan was simulated.";
    }
    std::string text = "A year: " + kwh(annual.baseline) + " before, " + kwh(*annual.improved) + " after, a saving of "
        + kwh(*annual.saving);
    if (annual.saving_percent) {
        text += " (" + percent(*annual.saving_percent) + ")";
    }
    return text + ".";
}

std::string chart_spec(const model::Home& home, const Comparison& comparison, bool pretty)
{
    rapidjson::StringBuffer buffer;
    if (pretty) {
        rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
        writer.SetIndent(' ', 2);
        spec(writer, home, comparison);
        return std::string(buffer.GetString(), buffer.GetSize()) + '\n';
    }
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    spec(writer, home, comparison);
    return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace retrofit::derive
