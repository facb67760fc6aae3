#include "derive/spec.hpp"

#include "derive/format.hpp"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <string>
#include <string_view>

namespace retrofit::derive {

namespace {

/// The spec is written indented, as its .vl.json file holds it.
using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

// Okabe-Ito blue and orange: distinct for colour-blind readers and in greyscale.
constexpr const char* k_before_colour = "#0072B2";
constexpr const char* k_after_colour = "#E69F00";

/// The metrics the chart switches between: data field, button label, axis title.
struct Metric {
    const char* key;
    const char* saving_key;  ///< its field in a row against the baseline
    const char* label;
    const char* axis;
    Series Comparison::*series;
};
constexpr Metric k_metrics[] = {
    {"energy", "saving_energy", "Energy (kWh)", "Energy (kWh)", &Comparison::energy},
    {"cost", "saving_cost", "Running cost (\u00A3)", "Running cost (\u00A3)", &Comparison::cost},
    {"co2e", "saving_co2e", "Carbon (kg CO2e)", "Carbon (kg CO2e)", &Comparison::co2e},
};

/// A Vega expression choosing among one string per metric, by the metric parameter.
std::string by_metric(const std::string& energy, const std::string& cost, const std::string& co2e)
{
    return "metric == 'cost' ? " + cost + " : metric == 'co2e' ? " + co2e + " : " + energy;
}

/// A string literal for a Vega expression (our own text: digits, letters, £, %).
std::string quoted(const std::string& text)
{
    return "'" + text + "'";
}

void text(Writer& w, const char* key, std::string_view value)
{
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void expr(Writer& w, const char* key, const std::string& expression)
{
    w.Key(key);
    w.StartObject();
    text(w, "expr", expression);
    w.EndObject();
}

void strings(Writer& w, const char* key, std::initializer_list<std::string> values)
{
    w.Key(key);
    w.StartArray();
    for (const std::string& value : values) {
        w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
    }
    w.EndArray();
}

/// One month of one series: the three metrics, and against the baseline the savings.
void row(Writer& w, std::size_t month, std::size_t stage, const Comparison& figures)
{
    w.StartObject();
    w.Key("month");
    w.Uint64(month + 1);
    text(w, "label", k_month_labels[month]);
    text(w, "month_name", k_month_names[month]);
    text(w, "series", stage == 0 ? "before" : "after");
    w.Key("stage");
    w.Uint64(stage);
    for (const Metric& metric : k_metrics) {
        const Figure& figure = (figures.*metric.series).months[month];
        w.Key(metric.key);
        w.Double(stage == 0 ? figure.baseline : *figure.improved);
        if (stage != 0) {
            w.Key(metric.saving_key);
            w.Double(*figure.saving);
        }
    }
    w.EndObject();
}

/// Rows for the baseline (stage 0) and for the home after each stage.
void data(Writer& w, const Comparison& overall, const std::vector<Comparison>& stages)
{
    w.Key("data");
    w.StartObject();
    w.Key("values");
    w.StartArray();
    for (std::size_t m = 0; m < overall.energy.months.size(); ++m) {
        row(w, m, 0, overall);
        for (std::size_t s = 0; s < stages.size(); ++s) {
            row(w, m, s + 1, stages[s]);
        }
    }
    w.EndArray();
    w.EndObject();
}

/// An expression naming a bar's series. Without a plan there is no stage
/// signal, and an expression naming one stops Vega drawing the chart.
std::string series_name(const std::string& is_before, std::size_t stage_count)
{
    if (stage_count == 0) {
        return "'Before improvements'";
    }
    const std::string count = std::to_string(stage_count);
    return is_before + " ? 'Before improvements' : stage == " + count
        + " ? 'After improvements' : 'After stage ' + stage + ' of " + count + "'";
}

/// The metric switch and, with a plan of several stages, the stage selector.
void params(Writer& w, std::size_t stage_count)
{
    w.Key("params");
    w.StartArray();
    w.StartObject();
    text(w, "name", "metric");
    text(w, "value", "energy");
    w.Key("bind");
    w.StartObject();
    text(w, "input", "radio");
    strings(w, "options", {k_metrics[0].key, k_metrics[1].key, k_metrics[2].key});
    strings(w, "labels", {k_metrics[0].label, k_metrics[1].label, k_metrics[2].label});
    text(w, "name", "Show ");
    w.EndObject();
    w.EndObject();
    if (stage_count > 0) {
        w.StartObject();
        text(w, "name", "stage");
        w.Key("value");
        w.Uint64(stage_count);
        if (stage_count > 1) {
            w.Key("bind");
            w.StartObject();
            text(w, "input", "select");
            w.Key("options");
            w.StartArray();
            for (std::size_t s = 1; s <= stage_count; ++s) {
                w.Uint64(s);
            }
            w.EndArray();
            w.Key("labels");
            w.StartArray();
            for (std::size_t s = 1; s <= stage_count; ++s) {
                const std::string label = s == stage_count
                    ? "after the whole plan (stage " + std::to_string(s) + ")"
                    : "after stage " + std::to_string(s) + " of " + std::to_string(stage_count);
                w.String(label.c_str(), static_cast<rapidjson::SizeType>(label.size()));
            }
            w.EndArray();
            text(w, "name", "Compare with the home ");
            w.EndObject();
        }
        w.EndObject();
    }
    w.EndArray();
}

/// The value of the chosen metric, and its text with unit, UK style.
void transforms(Writer& w, std::size_t stage_count)
{
    const auto formatted = [](const std::string& field) {
        return by_metric("format(datum." + field + ", ',.1f') + ' kWh'", "format(datum." + field + ", '$,.2f')",
            "format(datum." + field + ", ',.1f') + ' kg CO2e'");
    };
    w.Key("transform");
    w.StartArray();
    if (stage_count > 0) {
        w.StartObject();
        text(w, "filter", "datum.stage == 0 || datum.stage == stage");
        w.EndObject();
    }
    w.StartObject();
    text(w, "calculate", "datum[metric]");
    text(w, "as", "value");
    w.EndObject();
    w.StartObject();
    text(w, "calculate", formatted("value"));
    text(w, "as", "value_text");
    w.EndObject();
    w.StartObject();
    text(w, "calculate", series_name("datum.stage == 0", stage_count));
    text(w, "as", "series_name");
    w.EndObject();
    if (stage_count > 0) {
        w.StartObject();
        text(w, "calculate", "datum.stage == 0 ? null : datum['saving_' + metric]");
        text(w, "as", "saving");
        w.EndObject();
        w.StartObject();
        text(w, "calculate", "datum.saving == null ? '' : " + formatted("saving"));
        text(w, "as", "saving_text");
        w.EndObject();
    }
    w.EndArray();
}

void tooltip(Writer& w, const char* field, const char* title)
{
    w.StartObject();
    text(w, "field", field);
    text(w, "title", title);
    w.EndObject();
}

void encoding(Writer& w, std::size_t stage_count)
{
    w.Key("encoding");
    w.StartObject();
    w.Key("x");
    w.StartObject();
    text(w, "field", "label");
    text(w, "type", "ordinal");
    strings(w, "sort", {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"});
    text(w, "title", "Month");
    w.Key("axis");
    w.StartObject();
    w.Key("labelAngle");
    w.Int(0);
    w.EndObject();
    w.EndObject();

    w.Key("xOffset");
    w.StartObject();
    text(w, "field", "series");
    strings(w, "sort", {"before", "after"});
    w.EndObject();

    w.Key("y");
    w.StartObject();
    text(w, "field", "value");
    text(w, "type", "quantitative");
    w.Key("scale");
    w.StartObject();
    w.Key("zero");
    w.Bool(true);
    w.EndObject();
    w.Key("axis");
    w.StartObject();
    expr(w, "title", by_metric(quoted(k_metrics[0].axis), quoted(k_metrics[1].axis), quoted(k_metrics[2].axis)));
    text(w, "labelExpr", "metric == 'cost' ? format(datum.value, '$,.0f') : format(datum.value, ',.0f')");
    w.EndObject();
    w.EndObject();

    w.Key("color");
    w.StartObject();
    text(w, "field", "series");
    text(w, "type", "nominal");
    w.Key("scale");
    w.StartObject();
    strings(w, "domain", {"before", "after"});
    strings(w, "range", {k_before_colour, k_after_colour});
    w.EndObject();
    w.Key("legend");
    w.StartObject();
    text(w, "orient", "top");
    w.Key("title");
    w.Null();
    text(w, "labelExpr", series_name("datum.value == 'before'", stage_count));
    w.EndObject();
    w.EndObject();

    w.Key("tooltip");
    w.StartArray();
    tooltip(w, "month_name", "Month");
    tooltip(w, "series_name", "Series");
    tooltip(w, "value_text", "Figure");
    if (stage_count > 0) {
        tooltip(w, "saving_text", "Saving that month");
    }
    w.EndArray();
    w.EndObject();
}

/// The chart's title and subtitle follow the metric and the stage shown.
void title(Writer& w, const Comparison& overall, const std::vector<Comparison>& stages)
{
    const auto pair = [](const Comparison& figures, const Metric& metric, const std::string& after) {
        const std::vector<std::string> two = subtitle_lines((figures.*metric.series).annual, metric.key, after);
        std::string list = "[";  // appended, not "[" + ...: GCC 12 warns of the latter (-Wrestrict)
        list += quoted(two[0]) + ", " + quoted(two[1]) + "]";
        return list;
    };
    const auto lines = [&](const Metric& metric) {
        if (stages.empty()) {
            return pair(overall, metric, "after");
        }
        std::string choices = "[";
        for (std::size_t s = 0; s < stages.size(); ++s) {
            const std::string after = s + 1 == stages.size() ? "after" : "after stage " + std::to_string(s + 1);
            choices += (s == 0 ? "" : ", ") + pair(stages[s], metric, after);
        }
        return choices + "][stage - 1]";
    };
    w.Key("title");
    w.StartObject();
    expr(w, "text",
        by_metric("'Energy use by month (kWh)'", "'Running cost by month (\u00A3)'", "'Carbon by month (kg CO2e)'"));
    expr(w, "subtitle", by_metric(lines(k_metrics[0]), lines(k_metrics[1]), lines(k_metrics[2])));
    w.EndObject();
}

void spec(Writer& w, const model::Home& home, const Comparison& overall)
{
    const bool with_after = overall.energy.annual.improved.has_value();
    // A comparison made by hand, without its stages, is a plan of one stage.
    const std::vector<Comparison> stages = !overall.by_stage.empty() || !with_after
        ? overall.by_stage
        : std::vector<Comparison> {Comparison {overall.energy, overall.co2e, overall.cost, {}}};
    w.StartObject();
    text(w, "$schema", "https://vega.github.io/schema/vega-lite/v6.json");
    text(w, "description",
        "Bar chart of monthly energy use at " + home.address_lines.front() + ", " + home.postcode
            + (with_after ? ", before and after the improvement plan. " : ", with no improvement plan. ")
            + annual_summary(overall.energy.annual));
    title(w, overall, stages);
    text(w, "width", "container");
    w.Key("height");
    w.Int(320);
    params(w, stages.size());
    data(w, overall, stages);
    transforms(w, stages.size());
    w.Key("mark");
    w.StartObject();
    text(w, "type", "bar");
    w.EndObject();
    encoding(w, stages.size());
    w.EndObject();
}

/// A figure in the unit of a metric: "5,363.1 kWh", "£350.30", "1,121.8 kg CO2e".
std::string in_unit(double value, const std::string& metric)
{
    return metric == "cost" ? pounds(value) : metric == "co2e" ? kg_co2e(value) : kwh(value);
}

}  // namespace

std::vector<std::string> subtitle_lines(const Figure& annual, const std::string& metric, const std::string& after)
{
    if (!annual.improved) {
        return {"A year: " + in_unit(annual.baseline, metric), "No improvement plan was simulated"};
    }
    std::string saving = "Saving: " + in_unit(*annual.saving, metric);
    if (annual.saving_percent) {
        saving += " (" + percent(*annual.saving_percent) + ")";
    }
    return {
        "A year: " + in_unit(annual.baseline, metric) + " before, " + in_unit(*annual.improved, metric) + " " + after,
        saving};
}

std::string annual_summary(const Figure& annual)
{
    if (!annual.improved) {
        return "A year: " + kwh(annual.baseline) + ". No improvement plan was simulated.";
    }
    std::string sentence = "A year: " + kwh(annual.baseline) + " before, " + kwh(*annual.improved)
        + " after, a saving of " + kwh(*annual.saving);
    if (annual.saving_percent) {
        sentence += " (" + percent(*annual.saving_percent) + ")";
    }
    return sentence + ".";
}

std::string chart_spec(const model::Home& home, const Comparison& comparison)
{
    rapidjson::StringBuffer buffer;
    Writer writer(buffer);
    writer.SetIndent(' ', 2);
    spec(writer, home, comparison);
    return std::string(buffer.GetString(), buffer.GetSize()) + '\n';
}

}  // namespace retrofit::derive
