#pragma once

#include "diagnostics.hpp"

#include <kainjow/mustache.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace retrofit::render {

/// The Mustache templates of a folder, checked when loaded so that a
/// mistake in one is reported with its file and line before any write.
/// Every template can be used as a partial by its name ({{> head}}).
class Templates {
public:
    /// Loads templates/*.mustache and the static files of templates/assets/
    /// and templates/api/.
    static Templates load(const std::filesystem::path& folder, Diagnostics& sink);

    /// Whether the folder has the template name: the pages beyond the
    /// required ones (docs, 404) are made only when it does.
    bool has(const std::string& name) const { return m_sources.contains(name); }

    /// Renders the template name (without .mustache) with a view.
    /// Safe to call from several threads at once (see m_compiled).
    std::string render(const std::string& name, const kainjow::mustache::data& view) const;

    /// Template name to text, for a build's fingerprint.
    const std::map<std::string, std::string>& sources() const { return m_sources; }

    /// Static files to publish as they are: path under assets/ to bytes.
    const std::map<std::string, std::string>& assets() const { return m_assets; }

    /// The files of templates/api/ (the OpenAPI description, the 404 body):
    /// path under api/ to bytes; every .json file among them is valid JSON.
    const std::map<std::string, std::string>& api_files() const { return m_api_files; }

private:
    void check(const SourceFile& file, Diagnostics& sink) const;
    /// A template's text with its partials written in, so that a page is
    /// parsed once per build, not once per render; nullopt on a cycle.
    std::optional<std::string> expanded(const std::string& name, std::vector<std::string>& open) const;
    void compile(const std::vector<SourceFile>& files, Diagnostics& sink);

    std::map<std::string, std::string> m_sources;  ///< name to template text
    /// Name to parsed template. kainjow's render() is not const, but it only
    /// writes when a partial or lambda fails to parse: with partials written
    /// in at load and no lambdas it writes nothing, so threads share it.
    mutable std::map<std::string, kainjow::mustache::mustache> m_compiled;
    std::map<std::string, std::string> m_assets;
    std::map<std::string, std::string> m_api_files;
};

/// A Mustache list of views, for the view builders of every page.
inline kainjow::mustache::data list_of(const std::vector<kainjow::mustache::data>& items)
{
    kainjow::mustache::data list {kainjow::mustache::data::type::list};
    for (const kainjow::mustache::data& item : items) {
        list.push_back(item);
    }
    return list;
}

/// kainjow's data copies whatever is set into it or pushed onto it, so a
/// view built from the bottom up is copied once for every level it sits
/// below: a month's row of a home page four times. These add an empty
/// member or element and give it back to be filled in place, so that
/// every value is copied once.
inline kainjow::mustache::data& add_member(
    kainjow::mustache::data& object, const std::string& name, kainjow::mustache::data::type type)
{
    object.set(name, kainjow::mustache::data(type));
    // get() gives the member as const; the object holds it as non-const.
    return const_cast<kainjow::mustache::data&>(*object.get(name));  // NOLINT(cppcoreguidelines-pro-type-const-cast)
}

/// A list's elements are copied, not moved, when it grows (kainjow's move
/// may throw), each with all it holds: room for this many is made at the
/// first, enough for every list of a home page.
constexpr std::size_t k_list_room = 16;

inline kainjow::mustache::data& add_element(kainjow::mustache::data& list, kainjow::mustache::data::type type)
{
    // list_value() gives the list as const; the data holds it as non-const.
    auto& items
        = const_cast<kainjow::mustache::list&>(list.list_value());  // NOLINT(cppcoreguidelines-pro-type-const-cast)
    if (items.size() == items.capacity()) {
        items.reserve(std::max(k_list_room, 2 * items.capacity()));
    }
    items.emplace_back(type);
    return items.back();
}

/// The templates a build cannot do without.
constexpr const char* k_required_templates[] = {"home", "index"};

}  // namespace retrofit::render
