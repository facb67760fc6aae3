#pragma once

#include "diagnostics.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace retrofit::load {

/// Where the chart pages load vega, vega-lite and vega-embed from: the CDN
/// (default), or copies in site/assets/vendor/ for a host with no internet.
enum class Assets { cdn, local };

/// One browser library at an exact version, so a page draws the same chart
/// next year as today. The integrity hash is of the file npm installs, which
/// the CDN serves unchanged: a test recomputes it from node_modules.
struct VendorScript {
    const char* name;  ///< "vega"
    const char* package_file;  ///< the file under node_modules/: "vega/build/vega.min.js"
    const char* cdn_url;
    const char* integrity;  ///< Subresource Integrity: "sha384-" + base64 of the SHA-384 digest
};
extern const std::vector<VendorScript> k_vendor_scripts;

/// A vendor file's name in site/assets/vendor/: "vega.min.js".
std::string vendor_file_name(const VendorScript& script);

/// The vendor files read from folder (a node_modules folder filled by
/// `npm ci`), keyed by vendor_file_name; each missing file is an error that
/// says how to install it.
std::map<std::string, std::string> read_vendor(const std::filesystem::path& folder, Diagnostics& sink);

}  // namespace retrofit::load
