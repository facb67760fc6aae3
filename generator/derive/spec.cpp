#include "derive/spec.hpp"

#include "derive/format.hpp"
#include "derive/json_writer.hpp"

#include <string>
#include <string_view>

namespace retrofit::derive {

namespace {

/// The spec is written indented, as its .vl.json file holds it.
using Writer = JsonWriter;

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
    w.key(key);
    w.string(value);
}

void expr(Writer& w, const char* key, const std::string& expression)
{
    w.key(key);
    w.start_object();
    text(w, "expr", expression);
    w.end_object();
}

void strings(Writer& w, const char* key, std::initializer_list<std::string> values)
{
    w.key(key);
    w.start_array();
    for (const std::string& value : values) {
        w.string(value);
    }
    w.end_array();
}

/// One month of one series: the three metrics, and against the baseline the savings.
void row(Writer& w, std::size_t month, std::size_t stage, const Comparison& figures)
{
    w.start_object();
    w.key("month");
    w.natural(month + 1);
    text(w, "label", k_month_labels[month]);
    text(w, "month_name", k_month_names[month]);
    text(w, "series", stage == 0 ? "before" : "after");
    w.key("stage");
    w.natural(stage);
    for (const Metric& metric : k_metrics) {
        const Figure& figure = (figures.*metric.series).months[month];
        w.key(metric.key);
        w.number(stage == 0 ? figure.baseline : *figure.improved);
        if (stage != 0) {
            w.key(metric.saving_key);
            w.number(*figure.saving);
        }
    }
    w.end_object();
}

/// Rows for the baseline (stage 0) and for the home after each stage.
void data(Writer& w, const Comparison& overall, const std::vector<Comparison>& stages)
{
    w.key("data");
    w.start_object();
    w.key("values");
    w.start_array();
    for (std::size_t m = 0; m < overall.energy.months.size(); ++m) {
        row(w, m, 0, overall);
        for (std::size_t s = 0; s < stages.size(); ++s) {
            row(w, m, s + 1, stages[s]);
        }
    }
    w.end_array();
    w.end_object();
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
    w.key("params");
    w.start_array();
    w.start_object();
    text(w, "name", "metric");
    text(w, "value", "energy");
    w.key("bind");
    w.start_object();
    text(w, "input", "radio");
    strings(w, "options", {k_metrics[0].key, k_metrics[1].key, k_metrics[2].key});
    strings(w, "labels", {k_metrics[0].label, k_metrics[1].label, k_metrics[2].label});
    text(w, "name", "Show ");
    w.end_object();
    w.end_object();
    if (stage_count > 0) {
        w.start_object();
        text(w, "name", "stage");
        w.key("value");
        w.natural(stage_count);
        if (stage_count > 1) {
            w.key("bind");
            w.start_object();
            text(w, "input", "select");
            w.key("options");
            w.start_array();
            for (std::size_t s = 1; s <= stage_count; ++s) {
                w.natural(s);
            }
            w.end_array();
            w.key("labels");
            w.start_array();
            for (std::size_t s = 1; s <= stage_count; ++s) {
                const std::string label = s == stage_count
                    ? "after the whole plan (stage " + std::to_string(s) + ")"
                    : "after stage " + std::to_string(s) + " of " + std::to_string(stage_count);
                w.string(label);
            }
            w.end_array();
            text(w, "name", "Compare with the home ");
            w.end_object();
        }
        w.end_object();
    }
    w.end_array();
}

/// The value of the chosen metric, and its text with unit, UK style.
void transforms(Writer& w, std::size_t stage_count)
{
    const auto formatted = [](const std::string& field) {
        return by_metric("format(datum." + field + ", ',.1f') + ' kWh'", "format(datum." + field + ", '$,.2f')",
            "format(datum." + field + ", ',.1f') + ' kg CO2e'");
    };
    w.key("transform");
    w.start_array();
    if (stage_count > 0) {
        w.start_object();
        text(w, "filter", "datum.stage == 0 || datum.stage == stage");
        w.end_object();
    }
    w.start_object();
    text(w, "calculate", "datum[metric]");
    text(w, "as", "value");
    w.end_object();
    w.start_object();
    text(w, "calculate", formatted("value"));
    text(w, "as", "value_text");
    w.end_object();
    w.start_object();
    text(w, "calculate", series_name("datum.stage == 0", stage_count));
    text(w, "as", "series_name");
    w.end_object();
    if (stage_count > 0) {
        w.start_object();
        text(w, "calculate", "datum.stage == 0 ? null : datum['saving_' + metric]");
        text(w, "as", "saving");
        w.end_object();
        w.start_object();
        text(w, "calculate", "datum.saving == null ? '' : " + formatted("saving"));
        text(w, "as", "saving_text");
        w.end_object();
    }
    w.end_array();
}

void tooltip(Writer& w, const char* field, const char* title)
{
    w.start_object();
    text(w, "field", field);
    text(w, "title", title);
    w.end_object();
}

void encoding(Writer& w, std::size_t stage_count)
{
    w.key("encoding");
    w.start_object();
    w.key("x");
    w.start_object();
    text(w, "field", "label");
    text(w, "type", "ordinal");
    strings(w, "sort", {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"});
    text(w, "title", "Month");
    w.key("axis");
    w.start_object();
    w.key("labelAngle");
    w.integer(0);
    w.end_object();
    w.end_object();

    w.key("xOffset");
    w.start_object();
    text(w, "field", "series");
    strings(w, "sort", {"before", "after"});
    w.end_object();

    w.key("y");
    w.start_object();
    text(w, "field", "value");
    text(w, "type", "quantitative");
    w.key("scale");
    w.start_object();
    w.key("zero");
    w.boolean(true);
    w.end_object();
    w.key("axis");
    w.start_object();
    expr(w, "title", by_metric(quoted(k_metrics[0].axis), quoted(k_metrics[1].axis), quoted(k_metrics[2].axis)));
    text(w, "labelExpr", "metric == 'cost' ? format(datum.value, '$,.0f') : format(datum.value, ',.0f')");
    w.end_object();
    w.end_object();

    w.key("color");
    w.start_object();
    text(w, "field", "series");
    text(w, "type", "nominal");
    w.key("scale");
    w.start_object();
    strings(w, "domain", {"before", "after"});
    strings(w, "range", {k_before_colour, k_after_colour});
    w.end_object();
    w.key("legend");
    w.start_object();
    text(w, "orient", "top");
    w.key("title");
    w.null();
    text(w, "labelExpr", series_name("datum.value == 'before'", stage_count));
    w.end_object();
    w.end_object();

    w.key("tooltip");
    w.start_array();
    tooltip(w, "month_name", "Month");
    tooltip(w, "series_name", "Series");
    tooltip(w, "value_text", "Figure");
    if (stage_count > 0) {
        tooltip(w, "saving_text", "Saving that month");
    }
    w.end_array();
    w.end_object();
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
    w.key("title");
    w.start_object();
    expr(w, "text",
        by_metric("'Energy use by month (kWh)'", "'Running cost by month (\u00A3)'", "'Carbon by month (kg CO2e)'"));
    expr(w, "subtitle", by_metric(lines(k_metrics[0]), lines(k_metrics[1]), lines(k_metrics[2])));
    w.end_object();
}

void spec(Writer& w, const model::Home& home, const Comparison& overall)
{
    const bool with_after = overall.energy.annual.improved.has_value();
    // A comparison made by hand, without its stages, is a plan of one stage.
    const std::vector<Comparison> stages = !overall.by_stage.empty() || !with_after
        ? overall.by_stage
        : std::vector<Comparison> {Comparison {overall.energy, overall.co2e, overall.cost, {}}};
    w.start_object();
    text(w, "$schema", "https://vega.github.io/schema/vega-lite/v6.json");
    text(w, "description",
        "Bar chart of monthly energy use at " + home.address_lines.front() + ", " + home.postcode
            + (with_after ? ", before and after the improvement plan. " : ", with no improvement plan. ")
            + annual_summary(overall.energy.annual));
    title(w, overall, stages);
    text(w, "width", "container");
    w.key("height");
    w.integer(320);
    params(w, stages.size());
    data(w, overall, stages);
    transforms(w, stages.size());
    w.key("mark");
    w.start_object();
    text(w, "type", "bar");
    w.end_object();
    encoding(w, stages.size());
    w.end_object();
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
    Writer writer;
    spec(writer, home, comparison);
    writer.put('\n');
    return writer.take();
}

}  // namespace retrofit::derive
