// --assets cdn|local and the Content-Security-Policy: where pages load vega
// and Swagger UI from, and the policy every page carries.
#include "e2e.hpp"

using e2e::has;
using test_support::read;

namespace {

namespace fs = std::filesystem;

const char* const k_policy
    = "default-src 'self'; script-src 'self' https://cdn.jsdelivr.net; style-src 'self' https://cdn.jsdelivr.net; "
      "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/// A stand-in for node_modules: small files at the paths npm installs.
fs::path fake_vendor(const fs::path& root)
{
    const fs::path vendor = root / "node_modules";
    test_support::write(vendor / "vega/build/vega.min.js", "// vega\n");
    test_support::write(vendor / "vega-lite/build/vega-lite.min.js", "// vega-lite\n");
    test_support::write(vendor / "vega-embed/build/vega-embed.min.js", "// vega-embed\n");
    test_support::write(vendor / "swagger-ui-dist/swagger-ui-bundle.js", "// swagger-ui\n");
    test_support::write(vendor / "swagger-ui-dist/swagger-ui.css", "/* swagger-ui */\n");
    return vendor;
}

}  // namespace

TEST_CASE("e2e: by default pages load vega from the CDN with integrity hashes", "[e2e]")
{
    const fs::path root = e2e::built_small("assets-cdn");
    const std::string page = read(root / "site/homes/3003/index.html");
    CHECK(has(page,
        "<script src=\"https://cdn.jsdelivr.net/npm/vega@6.4.0/build/vega.min.js\" "
        "integrity=\"sha384-VKdcJr3ZaBIJMbVcopTAI/JEuUkSY6qnwVu9iLuw0DnQ9gQ1JjsfZJhXFQAgNi43\" "
        "crossorigin=\"anonymous\" defer></script>\n"
        "<script src=\"https://cdn.jsdelivr.net/npm/vega-lite@6.5.0/build/vega-lite.min.js\" "
        "integrity=\"sha384-pV2l7nzmyxZh02knvUH7N8zvtyCYsYiGt+SsE/emG/dFiBI6G0YJZFZ2FzEX72P3\" "
        "crossorigin=\"anonymous\" defer></script>\n"
        "<script src=\"https://cdn.jsdelivr.net/npm/vega-embed@7.3.0/build/vega-embed.min.js\" "
        "integrity=\"sha384-Muy1QRxYFeNrA1zShc1KtN4OfipkR/61gt+HWqN57c1Zxu3Oe16TsilsruVVjfKL\" "
        "crossorigin=\"anonymous\" defer></script>\n"
        "<script src=\"../../assets/chart.js\" defer></script>\n"));
    CHECK_FALSE(fs::exists(root / "site/assets/vendor"));
}

TEST_CASE("e2e: --assets local copies the vendor scripts and points pages at them", "[e2e]")
{
    const fs::path root = e2e::with_content("assets-local");
    fake_vendor(root);
    const auto result = e2e::build(root, RETROFIT_TEMPLATES_DIR, " --assets local --vendor node_modules");
    INFO(result.err);
    REQUIRE(result.status == 0);
    CHECK(read(root / "site/assets/vendor/vega.min.js") == "// vega\n");
    CHECK(read(root / "site/assets/vendor/vega-lite.min.js") == "// vega-lite\n");
    CHECK(read(root / "site/assets/vendor/vega-embed.min.js") == "// vega-embed\n");
    CHECK(read(root / "site/assets/vendor/swagger-ui-bundle.js") == "// swagger-ui\n");
    CHECK(read(root / "site/assets/vendor/swagger-ui.css") == "/* swagger-ui */\n");
    CHECK(test_support::snapshot(root / "site/assets/vendor").size() == 5);
    const std::string page = read(root / "site/homes/3003/index.html");
    CHECK(has(page,
        "<script src=\"../../assets/vendor/vega.min.js\" defer></script>\n"
        "<script src=\"../../assets/vendor/vega-lite.min.js\" defer></script>\n"
        "<script src=\"../../assets/vendor/vega-embed.min.js\" defer></script>\n"
        "<script src=\"../../assets/chart.js\" defer></script>\n"));
    CHECK_FALSE(has(page, "cdn.jsdelivr.net/npm/vega"));
    CHECK_FALSE(has(page, "integrity="));
}

TEST_CASE("e2e: --assets local without the vendor files names each and writes nothing", "[e2e]")
{
    const fs::path root = e2e::with_content("assets-missing");
    fake_vendor(root);
    fs::remove(root / "node_modules/vega-lite/build/vega-lite.min.js");
    fs::remove(root / "node_modules/swagger-ui-dist/swagger-ui.css");
    const auto result = e2e::build(root, RETROFIT_TEMPLATES_DIR, " --assets local --vendor node_modules");
    CHECK(result.status == 1);
    const std::string how = ": error: cannot read: No such file or directory; --assets local copies it from the "
                            "--vendor folder: run `npm ci --prefix tests/browser` and pass --vendor "
                            "tests/browser/node_modules\n";
    CHECK(result.err
        == "node_modules/vega-lite/build/vega-lite.min.js" + how + "node_modules/swagger-ui-dist/swagger-ui.css" + how
            + "retrofit-site: 2 errors, nothing written\n");
    CHECK_FALSE(fs::exists(root / "site"));
}

TEST_CASE("e2e: every page and _headers carry the same Content-Security-Policy", "[e2e]")
{
    const fs::path root = e2e::built_small("assets-csp");
    CHECK(read(root / "site/_headers") == std::string("/*\n  Content-Security-Policy: ") + k_policy + "\n");
    const std::string meta = std::string("<meta http-equiv=\"Content-Security-Policy\" content=\"") + k_policy + "\">";
    for (const auto& [path, bytes] : test_support::snapshot(root / "site")) {
        if (path.size() > 5 && path.substr(path.size() - 5) == ".html") {
            INFO(path);
            CHECK(has(bytes, meta));
            CHECK_FALSE(has(bytes, "<style"));
            CHECK_FALSE(has(bytes, " style="));
        }
    }
}

TEST_CASE("cli: --assets takes cdn or local", "[cli]")
{
    const auto root = test_support::scratch("cli-assets");
    const std::string hint = "Try 'retrofit-site --help'.\n";
    CHECK(test_support::run("build --assets web", root).err
        == "retrofit-site: error: --assets needs cdn or local, got \"web\"\n" + hint);
    CHECK(test_support::run("build --assets", root).err
        == "retrofit-site: error: --assets needs cdn or local, got \"\"\n" + hint);
    CHECK(test_support::run("build --vendor", root).err == "retrofit-site: error: --vendor needs a folder\n" + hint);
    CHECK(test_support::run("check --assets local", root).status == 2);
    CHECK(fs::is_empty(root));
}
