#include "render/templates.hpp"

#include "load/content.hpp"
#include "load/json.hpp"

#include <algorithm>
#include <regex>

namespace retrofit::render {

namespace fs = std::filesystem;

namespace {

/// {{> name}}: where a template includes another.
const std::regex& partial_tag()
{
    static const std::regex tag(R"(\{\{>\s*([^\s}]+)\s*\}\})");
    return tag;
}

/// kainjow reports "Unclosed tag at 123": the number is a byte offset.
std::size_t error_offset(const std::string& message)
{
    const std::size_t at = message.rfind(" at ");
    return at == std::string::npos ? 0 : std::stoul(message.substr(at + 4));
}

/// What kainjow's own html_escape gives, byte for byte (& < > " and '
/// as entities), with the bytes between them copied in runs rather than
/// appended one at a time: most of a page's text has none of them. Each
/// byte is tested with compares, not looked up in the set of five
/// (find_first_of calls memchr for every byte of the text).
std::string escape_html(const std::string& text)
{
    const auto special = [](char c) { return c == '&' || c == '<' || c == '>' || c == '"' || c == '\''; };
    auto at = std::find_if(text.begin(), text.end(), special);
    if (at == text.end()) {
        return text;
    }
    std::string out;
    out.reserve(text.size() + text.size() / 4);
    auto run = text.begin();
    for (; at != text.end(); at = std::find_if(at + 1, text.end(), special)) {
        out.append(run, at);
        switch (*at) {
        case '&':
            out.append("&amp;");
            break;
        case '<':
            out.append("&lt;");
            break;
        case '>':
            out.append("&gt;");
            break;
        case '"':
            out.append("&quot;");
            break;
        default:
            out.append("&apos;");
            break;
        }
        run = at + 1;
    }
    return out.append(run, text.end());
}

std::string error_text(std::string message)
{
    const std::size_t at = message.rfind(" at ");
    message = message.substr(0, at);
    message.front() = static_cast<char>(std::tolower(static_cast<unsigned char>(message.front())));
    return message;
}

void load_assets(const fs::path& folder, std::map<std::string, std::string>& assets, Diagnostics& sink)
{
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
        return;
    }
    for (fs::recursive_directory_iterator it(folder, ec), end; it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!it->is_regular_file() || name.front() == '.') {
            continue;
        }
        std::string why;
        if (auto bytes = load::read_file(it->path(), why)) {
            assets.emplace(fs::relative(it->path(), folder).generic_string(), std::move(*bytes));
        } else {
            sink.file_error(it->path().string(), why);
        }
    }
}

/// The JSON files among them are published as data: report a syntax error
/// like one in content, before anything is written.
void check_json(const fs::path& folder, const std::map<std::string, std::string>& files, Diagnostics& sink)
{
    for (const auto& [path, text] : files) {
        if (!path.ends_with(".json")) {
            continue;
        }
        const SourceFile file {(folder / path).string(), text};
        for (const json::ParseError& error : json::parse(text).errors) {
            sink.error(file, error.offset, {}, error.message);
        }
    }
}

}  // namespace

Templates Templates::load(const fs::path& folder, Diagnostics& sink)
{
    Templates templates;
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
        sink.file_error(folder.string(), "templates folder not found (give one with --templates DIR)");
        return templates;
    }
    std::vector<SourceFile> files;
    for (fs::directory_iterator it(folder, ec), end; it != end; it.increment(ec)) {
        if (it->path().extension() == ".mustache") {
            std::string why;
            if (auto text = load::read_file(it->path(), why)) {
                files.push_back({it->path().string(), std::move(*text)});
            } else {
                sink.file_error(it->path().string(), why);
            }
        }
    }
    std::sort(files.begin(), files.end(), [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
    for (const SourceFile& file : files) {
        templates.m_sources.emplace(fs::path(file.path).stem().string(), file.text);
    }
    for (const SourceFile& file : files) {
        templates.check(file, sink);
    }
    for (const char* required : k_required_templates) {
        if (!templates.m_sources.contains(required)) {
            sink.file_error((folder / (std::string(required) + ".mustache")).string(), "required template is missing");
        }
    }
    if (sink.error_count() == 0) {
        templates.compile(files, sink);
    }
    load_assets(folder / "assets", templates.m_assets, sink);
    load_assets(folder / "api", templates.m_api_files, sink);
    check_json(folder / "api", templates.m_api_files, sink);
    return templates;
}

std::optional<std::string> Templates::expanded(const std::string& name, std::vector<std::string>& open) const
{
    if (std::find(open.begin(), open.end(), name) != open.end()) {
        return std::nullopt;
    }
    open.push_back(name);
    const std::string& text = m_sources.at(name);
    std::string out;
    std::size_t copied = 0;
    for (std::sregex_iterator it(text.begin(), text.end(), partial_tag()), end; it != end; ++it) {
        auto inner = expanded((*it)[1].str(), open);
        if (!inner) {
            return std::nullopt;
        }
        out.append(text, copied, static_cast<std::size_t>(it->position(0)) - copied).append(*inner);
        copied = static_cast<std::size_t>(it->position(0) + it->length(0));
    }
    open.pop_back();
    return out.append(text, copied);
}

void Templates::compile(const std::vector<SourceFile>& files, Diagnostics& sink)
{
    for (const SourceFile& file : files) {
        const std::string name = fs::path(file.path).stem().string();
        std::vector<std::string> open;
        if (auto text = expanded(name, open)) {
            auto& compiled = m_compiled.emplace(name, kainjow::mustache::mustache(*text)).first->second;
            compiled.set_custom_escape(escape_html);
        } else {
            sink.file_error(file.path, "template includes itself through its partials: " + name);
        }
    }
}

void Templates::check(const SourceFile& file, Diagnostics& sink) const
{
    const kainjow::mustache::mustache parsed(file.text);
    if (!parsed.is_valid()) {
        sink.error(file, error_offset(parsed.error_message()), {}, error_text(parsed.error_message()));
        return;
    }
    for (std::sregex_iterator it(file.text.begin(), file.text.end(), partial_tag()), end; it != end; ++it) {
        const std::string name = (*it)[1].str();
        if (!m_sources.contains(name)) {
            sink.error(file, static_cast<std::size_t>(it->position(0)), {},
                std::string("partial \"")
                    .append(name)
                    .append("\" not found: expected a file ")
                    .append(name)
                    .append(".mustache beside this one"));
        }
    }
}

std::string Templates::render(const std::string& name, const kainjow::mustache::data& view) const
{
    // Straight into one string, not through a string stream and a copy of it.
    std::string out;
    m_compiled.at(name).render(view, [&out](const std::string& piece) { out.append(piece); });
    return out;
}

}  // namespace retrofit::render
