#include "load/vendor.hpp"

#include "load/content.hpp"

namespace retrofit::load {

const std::vector<VendorScript> k_vendor_scripts = {
    {"vega", "vega/build/vega.min.js", "https://cdn.jsdelivr.net/npm/vega@6.4.0/build/vega.min.js",
        "sha384-VKdcJr3ZaBIJMbVcopTAI/JEuUkSY6qnwVu9iLuw0DnQ9gQ1JjsfZJhXFQAgNi43"},
    {"vega-lite", "vega-lite/build/vega-lite.min.js",
        "https://cdn.jsdelivr.net/npm/vega-lite@6.5.0/build/vega-lite.min.js",
        "sha384-pV2l7nzmyxZh02knvUH7N8zvtyCYsYiGt+SsE/emG/dFiBI6G0YJZFZ2FzEX72P3"},
    {"vega-embed", "vega-embed/build/vega-embed.min.js",
        "https://cdn.jsdelivr.net/npm/vega-embed@7.3.0/build/vega-embed.min.js",
        "sha384-Muy1QRxYFeNrA1zShc1KtN4OfipkR/61gt+HWqN57c1Zxu3Oe16TsilsruVVjfKL"},
};

const VendorScript k_swagger_ui_script = {"swagger-ui", "swagger-ui-dist/swagger-ui-bundle.js",
    "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.35.0/swagger-ui-bundle.js",
    "sha384-gjRm0bEPMeTmMh5jT2cHccIwCUZSTd8YC+j0d0sXw0MdGEfScduGpSyF3ZSSLkX9"};
const VendorScript k_swagger_ui_style = {"swagger-ui", "swagger-ui-dist/swagger-ui.css",
    "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.35.0/swagger-ui.css",
    "sha384-WlYgdmXYOOBWL5apwjDEZwN+U3HmXSSu5R6V5aGxEcf7z+KuRNwBhoxKVN1i3D5I"};

std::string vendor_file_name(const VendorScript& script)
{
    return std::filesystem::path(script.package_file).filename().string();
}

std::map<std::string, std::string> read_vendor(const std::filesystem::path& folder, Diagnostics& sink)
{
    std::map<std::string, std::string> files;
    std::vector<VendorScript> wanted = k_vendor_scripts;
    wanted.push_back(k_swagger_ui_script);
    wanted.push_back(k_swagger_ui_style);
    for (const VendorScript& script : wanted) {
        const std::filesystem::path path = folder / script.package_file;
        std::string why;
        if (auto bytes = read_file(path, why)) {
            files[vendor_file_name(script)] = std::move(*bytes);
        } else {
            sink.file_error(path.string(),
                why
                    + "; --assets local copies it from the --vendor folder: run `npm ci --prefix tests/browser`"
                      " and pass --vendor tests/browser/node_modules");
        }
    }
    return files;
}

}  // namespace retrofit::load
