#include "render/index.hpp"

#include "derive/format.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>

namespace retrofit::render {

using kainjow::mustache::data;

namespace {

/// How many page numbers the links show on each side of the current page.
constexpr std::size_t k_pages_around = 2;

/// A count as a reader writes it: "1,234".
std::string count(std::size_t value)
{
    return derive::grouped(static_cast<double>(value), 0);
}

/// "1 home", "1,234 homes".
std::string homes(std::size_t value)
{
    return count(value) + (value == 1 ? " home" : " homes");
}

/// A figure as the sorting script reads it: the shortest text that reads
/// back as the same double ("12000", "4321.5"), with no separators or unit.
std::string sort_key(double value)
{
    std::array<char, 32> buffer {};
    return {buffer.data(), std::to_chars(buffer.data(), buffer.data() + buffer.size(), value).ptr};
}

/// The whole portfolio, summed from the rounded figures that the rows show,
/// so that the totals add up to what a reader sees. Energy totals cover the
/// homes with a plan only: a home without one has no "after" to add.
struct Totals {
    std::size_t homes = 0;
    std::size_t simulated = 0;
    std::size_t planned = 0;
    derive::Figure energy;
};

Totals totals_of(const Listing<IndexRow>& rows)
{
    Totals totals;
    totals.homes = rows.size;
    double before = 0;
    double after = 0;
    for (std::size_t i = 0; i < rows.size; ++i) {
        const IndexRow row = rows.at(i);
        if (row.annual) {
            ++totals.simulated;
        }
        if (row.annual && row.annual->improved) {
            ++totals.planned;
            before += row.annual->baseline;
            after += *row.annual->improved;
        }
    }
    totals.energy = derive::compare(before, after);
    return totals;
}

data totals_view(const Totals& totals)
{
    data view;
    view.set("homes", count(totals.homes));
    view.set("simulated", count(totals.simulated));
    view.set("planned", count(totals.planned));
    view.set("planned_homes", homes(totals.planned));
    view.set("has_plans", totals.planned != 0);
    const derive::Figure& energy = totals.energy;
    view.set("before", derive::kwh(energy.baseline));
    view.set("after", derive::kwh(energy.improved.value_or(0)));
    std::string saving = derive::kwh(energy.saving.value_or(0));
    if (energy.saving_percent) {
        saving += " (" + derive::percent(*energy.saving_percent) + ")";
    }
    view.set("saving", saving);
    return view;
}

std::string address_text(const model::Home& home)
{
    std::string text = home.address_lines.front();
    for (std::size_t i = 1; i < home.address_lines.size(); ++i) {
        text += ", " + home.address_lines[i];
    }
    return text;
}

/// One figure of a row: its text and its sort key, both empty when absent.
void set_figure(data& item, const std::string& key, const std::optional<double>& value, std::string (*text)(double))
{
    item.set(key, value ? text(*value) : "");
    item.set(key + "_key", value ? sort_key(*value) : "");
}

void fill_row(data& item, const IndexRow& row)
{
    const model::Home& home = row.home;
    item.set("href", "homes/" + home.uprn + "/");
    item.set("address", address_text(home));
    item.set("town", home.town);
    item.set("postcode", home.postcode);
    item.set("epc", home.epc_rating.value_or(""));
    item.set("has_simulation", row.annual.has_value());
    item.set("no_plan", row.annual && !row.annual->improved);
    const derive::Figure annual = row.annual.value_or(derive::Figure {});
    set_figure(item, "before", row.annual ? std::optional(annual.baseline) : std::nullopt, derive::kwh);
    set_figure(item, "after", annual.improved, derive::kwh);
    set_figure(item, "saving", annual.saving, derive::kwh);
    set_figure(item, "saving_percent", annual.saving_percent, derive::percent);
}

data page_link(std::size_t number, std::size_t current)
{
    data link;
    link.set("number", count(number));
    link.set("href", index_page_path(number));
    link.set("current", number == current);
    return link;
}

/// The numbered links: the first and last pages and those near the current
/// one, with a gap ("...") where pages are left out, so that a portfolio of
/// many pages still gets a short line of links.
data number_links(std::size_t current, std::size_t pages)
{
    std::set<std::size_t> shown {1, pages};
    for (std::size_t n = current > k_pages_around ? current - k_pages_around : 1;
         n <= std::min(pages, current + k_pages_around); ++n) {
        shown.insert(n);
    }
    std::vector<data> links;
    std::size_t previous = 0;
    for (const std::size_t number : shown) {
        if (number == previous + 2) {
            links.push_back(page_link(previous + 1, current));  // a gap of one page is that page
        } else if (number > previous + 2) {
            links.push_back(data("gap", true));
        }
        links.push_back(page_link(number, current));
        previous = number;
    }
    return list_of(links);
}

data pager_view(
    std::size_t current, std::size_t pages, std::size_t first_home, std::size_t last_home, std::size_t home_count)
{
    data view;
    view.set("range", "Homes " + count(first_home) + " to " + count(last_home) + " of " + count(home_count));
    if (current > 1) {
        view.set("first", data("href", index_page_path(1)));
        view.set("previous", data("href", index_page_path(current - 1)));
    }
    if (current < pages) {
        view.set("next", data("href", index_page_path(current + 1)));
        view.set("last", data("href", index_page_path(pages)));
    }
    view.set("numbers", number_links(current, pages));
    return view;
}

/// The view of page number (from 1) of pages, holding rows [begin, end).
data page_view(const model::Settings& settings, const data& totals, const Listing<IndexRow>& rows, std::size_t number,
    std::size_t pages)
{
    const std::size_t begin = (number - 1) * settings.page_size;
    const std::size_t end = std::min(rows.size, begin + settings.page_size);
    data view;
    view.set("site_title", settings.title);
    view.set("page_title", pages == 1 ? "All homes" : "All homes, page " + count(number) + " of " + count(pages));
    view.set("root", "");
    view.set("scripts", list_of({data("src", "assets/index.js")}));
    view.set("totals", totals);
    // Each row filled in place: a page holds up to page_size of them.
    data& items = add_member(view, "homes", data::type::list);
    for (std::size_t i = begin; i < end; ++i) {
        fill_row(add_element(items, data::type::object), rows.at(i));
    }
    view.set("has_homes", end > begin);
    view.set("several_pages", pages > 1);
    if (pages > 1) {
        view.set("pager", pager_view(number, pages, begin + 1, end, rows.size));
    }
    return view;
}

}  // namespace

std::string index_page_path(std::size_t number)
{
    return number == 1 ? "index.html" : "index-" + std::to_string(number) + ".html";
}

std::size_t index_page_count(const model::Settings& settings, std::size_t homes)
{
    return std::max<std::size_t>(1, (homes + settings.page_size - 1) / settings.page_size);
}

IndexPage index_page(
    const Templates& templates, const model::Settings& settings, const Listing<IndexRow>& rows, std::size_t number)
{
    const data totals = totals_view(totals_of(rows));
    const std::size_t pages = index_page_count(settings, rows.size);
    return {index_page_path(number), templates.render("index", page_view(settings, totals, rows, number, pages))};
}

IndexPage index_page(
    const Templates& templates, const model::Settings& settings, const std::vector<IndexRow>& rows, std::size_t number)
{
    return index_page(templates, settings, Listing<IndexRow>::of(rows), number);
}

std::vector<IndexPage> index_pages(
    const Templates& templates, const model::Settings& settings, const std::vector<IndexRow>& rows)
{
    std::vector<IndexPage> out;
    for (std::size_t number = 1; number <= index_page_count(settings, rows.size()); ++number) {
        out.push_back(index_page(templates, settings, rows, number));
    }
    return out;
}

}  // namespace retrofit::render
