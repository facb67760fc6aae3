#pragma once

#include <string>

namespace retrofit::render {

/// The Content-Security-Policy of every page: scripts and style sheets only
/// from the site and the CDN (the API page's Swagger UI has a style sheet),
/// no eval (vega runs its expression interpreter), no inline script or
/// style. templates/head.mustache carries the same text in a <meta>.
extern const char* const k_content_security_policy;

/// _headers at the site root: the policy as an HTTP header, for hosts that
/// read such a file (Netlify, Cloudflare Pages).
std::string headers_file();

}  // namespace retrofit::render
