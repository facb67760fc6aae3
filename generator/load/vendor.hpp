#pragma once

#include "diagnostics.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace retrofit::load {

/// Where the pages load their browser libraries from (vega, vega-lite and
/// vega-embed for the charts, Swagger UI for the API page): the CDN
/// (default), or copies in site/assets/vendor/ for a host with no internet.
enum class Assets { cdn, local };

/// One file of a browser library (a script, or a style sheet) at an exact
/// version, so a page draws the same next year as today. The integrity hash is
/// of the file npm installs, which the CDN serves unchanged: a test recomputes
/// it from node_modules.
struct VendorScript {
    const char* name;  ///< "vega"
    const char* package_file;  ///< the file under node_modules/: "vega/build/vega.min.js"
    const char* cdn_url;
    const char* integrity;  ///< Subresource Integrity: "sha384-" + base64 of the SHA-384 digest
};
/// The chart pages' scripts, in the order they load.
extern const std::vector<VendorScript> k_vendor_scripts;

/// Swagger UI's script and style sheet, which draw the API page
/// (docs/index.html). Unlike Redoc it injects no inline style, so the page
/// keeps a strict Content-Security-Policy.
extern const VendorScript k_swagger_ui_script;
extern const VendorScript k_swagger_ui_style;

/// A vendor file's name in site/assets/vendor/: "vega.min.js".
std::string vendor_file_name(const VendorScript& script);

/// The vendor files, the chart scripts and Swagger UI's, read from folder (a
/// node_modules folder filled by `npm ci`), keyed by vendor_file_name; each
/// missing file is an error that says how to install it.
std::map<std::string, std::string> read_vendor(const std::filesystem::path& folder, Diagnostics& sink);

}  // namespace retrofit::load
