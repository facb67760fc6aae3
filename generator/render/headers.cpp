#include "render/headers.hpp"

namespace retrofit::render {

const char* const k_content_security_policy
    = "default-src 'self'; script-src 'self' https://cdn.jsdelivr.net; style-src 'self' https://cdn.jsdelivr.net; "
      "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

std::string headers_file()
{
    return std::string("/*\n  Content-Security-Policy: ") + k_content_security_policy + "\n";
}

}  // namespace retrofit::render
