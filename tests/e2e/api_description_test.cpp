// The API describes itself: api/openapi.json describes every JSON file the
// site serves, and every file of a built site validates against the schema
// of its path, so the description cannot drift from the files. Also the
// catalogue (api/homes.json), the docs page and the 404 answers.
#include "e2e.hpp"

#include <rapidjson/internal/regex.h>
#include <rapidjson/pointer.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>

#include <regex>
#include <vector>

using e2e::has;
using test_support::read;
namespace fs = std::filesystem;

namespace {

const std::string k_flat = "aaaaaaaa-1111-4111-8111-111111111111";
const std::string k_one = "bbbbbbbb-2222-4222-8222-222222222222";
const std::string k_two = "cccccccc-3333-4333-8333-333333333333";

std::string text(const rapidjson::Value& value)
{
    return {value.GetString(), value.GetStringLength()};
}

/// Resolves "openapi.json#/components/schemas/X" against the description.
class DescriptionProvider : public rapidjson::IRemoteSchemaDocumentProvider {
public:
    explicit DescriptionProvider(const rapidjson::SchemaDocument& description)
        : m_description(description)
    {
    }
    const rapidjson::SchemaDocument* GetRemoteDocument(const char* uri, rapidjson::SizeType length) override
    {
        // RapidJSON 1.1.0 passes the length of the URI less one ("openapi.jso").
        return std::string_view("openapi.json").starts_with(std::string_view(uri, length)) && length > 0
            ? &m_description
            : nullptr;
    }

private:
    const rapidjson::SchemaDocument& m_description;
};

/// A path of the description as a pattern over site paths, with the schema
/// of its 200 body and the schema of each path parameter, in order.
struct DescribedPath {
    std::string path;
    std::regex pattern;
    std::string body_schema;  ///< "#/components/schemas/X"
    std::vector<std::string> parameter_schemas;
};

/// The $ref of a parameter or schema object, following a parameter's own $ref.
std::string schema_ref(const rapidjson::Document& doc, const rapidjson::Value& parameter)
{
    if (parameter.HasMember("$ref")) {
        const rapidjson::Value* target = rapidjson::Pointer(text(parameter["$ref"]).substr(1).c_str()).Get(doc);
        REQUIRE(target != nullptr);
        return schema_ref(doc, *target);
    }
    return text(parameter["schema"]["$ref"]);
}

std::vector<DescribedPath> described_paths(const rapidjson::Document& doc)
{
    std::vector<DescribedPath> out;
    for (const auto& member : doc["paths"].GetObject()) {
        DescribedPath described;
        described.path = text(member.name);
        // "/api/home/{uprn}.json" -> "api/home/([^/]+)\.json", relative to the site root.
        std::string pattern;
        bool in_parameter = false;
        for (char c : described.path.substr(1)) {
            if (c == '{' || c == '}') {
                pattern += c == '{' ? "([^/]+)" : "";
                in_parameter = c == '{';
            } else if (!in_parameter) {
                pattern += c == '.' ? std::string("\\.") : std::string(1, c);
            }
        }
        described.pattern = std::regex(pattern);
        const auto& get = member.value["get"];
        described.body_schema = text(get["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]);
        if (get.HasMember("parameters")) {
            for (const auto& parameter : get["parameters"].GetArray()) {
                described.parameter_schemas.push_back(schema_ref(doc, parameter));
            }
        }
        out.push_back(std::move(described));
    }
    return out;
}

/// Validates documents against the schemas of one description.
class Validator {
public:
    explicit Validator(const rapidjson::Document& description)
        : m_description(description)
        , m_provider(m_description)
    {
    }

    /// Empty when value is valid against the schema at ref, else why not.
    std::string problem(const std::string& ref, const rapidjson::Value& value)
    {
        rapidjson::Document wrapper;
        const std::string remote = "openapi.json" + ref;
        wrapper.SetObject();
        wrapper.AddMember(
            "$ref", rapidjson::Value(remote.c_str(), wrapper.GetAllocator()).Move(), wrapper.GetAllocator());
        const rapidjson::SchemaDocument schema(wrapper, &m_provider);
        rapidjson::SchemaValidator validator(schema);
        if (value.Accept(validator)) {
            return {};
        }
        rapidjson::StringBuffer schema_at;
        rapidjson::StringBuffer document_at;
        validator.GetInvalidSchemaPointer().StringifyUriFragment(schema_at);
        validator.GetInvalidDocumentPointer().StringifyUriFragment(document_at);
        return std::string("keyword \"") + validator.GetInvalidSchemaKeyword() + "\" of " + ref + " "
            + schema_at.GetString() + " fails at " + document_at.GetString();
    }

private:
    rapidjson::SchemaDocument m_description;
    DescriptionProvider m_provider;
};

/// The description of a built site.
rapidjson::Document description_of(const fs::path& site)
{
    return e2e::parse_file(site / "api" / "openapi.json");
}

/// Every JSON file of a built site matches one path of its description, has
/// path parameters valid against theirs, and a body valid against its schema.
void check_site_against_description(const fs::path& site)
{
    const rapidjson::Document description = description_of(site);
    const std::vector<DescribedPath> paths = described_paths(description);
    Validator validator(description);
    std::size_t checked = 0;
    for (const auto& [path, bytes] : test_support::snapshot(site)) {
        if (!path.ends_with(".json")) {
            continue;
        }
        INFO(path);
        const DescribedPath* match = nullptr;
        std::smatch found;
        for (const DescribedPath& described : paths) {
            if (std::regex_match(path, found, described.pattern)) {
                match = &described;
                break;
            }
        }
        REQUIRE(match != nullptr);  // a JSON file the description does not list
        INFO(match->path);
        REQUIRE(found.size() == match->parameter_schemas.size() + 1);
        for (std::size_t i = 0; i < match->parameter_schemas.size(); ++i) {
            rapidjson::Document parameter;
            const std::string value = found[i + 1].str();
            parameter.SetString(
                value.c_str(), static_cast<rapidjson::SizeType>(value.size()), parameter.GetAllocator());
            CHECK(validator.problem(match->parameter_schemas[i], parameter).empty());
        }
        CHECK(validator.problem(match->body_schema, e2e::parse(bytes)).empty());
        ++checked;
    }
    CHECK(checked > 0);
}

/// A JSON body of the small site, to break on purpose.
rapidjson::Document small_body(const fs::path& site, const std::string& path)
{
    return e2e::parse_file(site / path);
}

}  // namespace

TEST_CASE("e2e: every JSON file of the small site is valid against the API description", "[e2e]")
{
    const auto root = e2e::with_content("api-description-small");
    e2e::build_ok(root);
    check_site_against_description(root / "site");
}

TEST_CASE("e2e: every JSON file of the repository's own site is valid against the API description", "[e2e]")
{
    const fs::path root = test_support::scratch("api-description-content");
    test_support::copy_tree(RETROFIT_CONTENT_DIR, root / "content");
    e2e::build_ok(root);
    check_site_against_description(root / "site");
}

TEST_CASE("e2e: the API description is self-consistent: every $ref resolves, every pattern compiles", "[e2e]")
{
    const auto root = e2e::with_content("api-description-refs");
    e2e::build_ok(root);
    const rapidjson::Document description = description_of(root / "site");
    // RapidJSON treats an unresolved $ref or an invalid pattern as "anything
    // goes": a typo would make every file valid, so look for them here.
    std::size_t refs = 0;
    std::size_t patterns = 0;
    std::vector<const rapidjson::Value*> stack = {&description};
    while (!stack.empty()) {
        const rapidjson::Value& value = *stack.back();
        stack.pop_back();
        if (value.IsArray()) {
            for (const auto& item : value.GetArray()) {
                stack.push_back(&item);
            }
        }
        if (!value.IsObject()) {
            continue;
        }
        for (const auto& member : value.GetObject()) {
            const std::string name = text(member.name);
            if (name == "$ref") {
                const std::string ref = text(member.value);
                INFO(ref);
                REQUIRE(ref.starts_with("#/"));
                CHECK(rapidjson::Pointer(ref.substr(1).c_str()).Get(description) != nullptr);
                ++refs;
            } else if (name == "pattern" && member.value.IsString()) {
                INFO(text(member.value));
                CHECK(rapidjson::internal::Regex(member.value.GetString()).IsValid());
                ++patterns;
            }
            stack.push_back(&member.value);
        }
    }
    CHECK(refs > 20);
    CHECK(patterns == 4);  // UPRN, simulation id, the chart's $schema, the openapi version
    CHECK(text(description["openapi"]) == "3.1.0");
    for (const char* path :
        {"/api/home/{uprn}.json", "/api/energy-comparison/{simulation_id}.json", "/api/homes.json", "/api/404.json"}) {
        INFO(path);
        CHECK(description["paths"].HasMember(path));
    }
}

TEST_CASE("e2e: the API description rejects bodies that break it", "[e2e]")
{
    const auto root = e2e::with_content("api-description-rejects");
    e2e::build_ok(root);
    const fs::path site = root / "site";
    const rapidjson::Document description = description_of(site);
    Validator validator(description);
    const std::string comparison_schema = "#/components/schemas/EnergyComparison";
    const std::string comparison_path = "api/energy-comparison/" + k_two + ".json";
    REQUIRE(validator.problem(comparison_schema, small_body(site, comparison_path)).empty());

    SECTION("eleven months")
    {
        auto body = small_body(site, comparison_path);
        body["months"].PopBack();
        CHECK(has(validator.problem(comparison_schema, body), "\"minItems\""));
    }
    SECTION("a saving written as a string")
    {
        auto body = small_body(site, comparison_path);
        body["months"][0]["saving"].SetString("1200.0");
        CHECK(has(validator.problem(comparison_schema, body), "fails at #/months/0/saving"));
    }
    SECTION("a missing improved figure")
    {
        auto body = small_body(site, comparison_path);
        body["annual"].RemoveMember("improved");
        CHECK(has(validator.problem(comparison_schema, body), "\"required\""));
    }
    SECTION("a field the description does not know")
    {
        auto body = small_body(site, comparison_path);
        body.AddMember("extra", 1, body.GetAllocator());
        CHECK(has(validator.problem(comparison_schema, body), "\"additionalProperties\""));
    }
    SECTION("a month label that is not a month")
    {
        auto body = small_body(site, comparison_path);
        body["co2e"]["months"][0]["label"].SetString("January");
        CHECK(has(validator.problem(comparison_schema, body), "fails at #/co2e/months/0/label"));
    }
    SECTION("a simulation id that is not a lowercase UUID")
    {
        auto body = small_body(site, comparison_path);
        body["simulation_id"].SetString("CCCCCCCC-3333-4333-8333-333333333333");
        CHECK(has(validator.problem(comparison_schema, body), "\"pattern\""));
    }
    SECTION("a stage's payback with three values")
    {
        auto body = small_body(site, comparison_path);
        body["stages"][0]["payback_years"].PushBack(3, body.GetAllocator());
        CHECK(has(validator.problem(comparison_schema, body), "fails at #/stages/0/payback_years"));
    }
    SECTION("a home without an address, or with a UPRN of letters")
    {
        const std::string home_schema = "#/components/schemas/HomeFile";
        auto body = small_body(site, "api/home/1001.json");
        REQUIRE(validator.problem(home_schema, body).empty());
        body["home"]["uprn"].SetString("10O1");
        CHECK(has(validator.problem(home_schema, body), "\"pattern\""));
        body = small_body(site, "api/home/1001.json");
        body["home"].RemoveMember("address");
        CHECK(has(validator.problem(home_schema, body), "\"required\""));
    }
    SECTION("a catalogue whose annual figures are text, or whose EPC band is H")
    {
        const std::string catalogue_schema = "#/components/schemas/Catalogue";
        auto body = small_body(site, "api/homes.json");
        REQUIRE(validator.problem(catalogue_schema, body).empty());
        body["homes"][1]["annual"].SetString("12000");
        CHECK(has(validator.problem(catalogue_schema, body), "fails at #/homes/1/annual"));
        body = small_body(site, "api/homes.json");
        body["homes"][0]["epc_rating"].SetString("H");
        CHECK(has(validator.problem(catalogue_schema, body), "fails at #/homes/0/epc_rating"));
    }
    SECTION("a 404 body with another message")
    {
        auto body = small_body(site, "api/404.json");
        body["detail"].SetString("Page not found");
        CHECK(has(validator.problem("#/components/schemas/NotFound", body), "\"enum\""));
    }
}

TEST_CASE("e2e: api/homes.json lists every home in UPRN order with the index's figures", "[e2e]")
{
    const auto root = e2e::with_content("api-homes");
    e2e::build_ok(root);
    const auto doc = e2e::parse_file(root / "site" / "api" / "homes.json");
    const auto& homes = doc["homes"];
    REQUIRE(homes.Size() == 3);
    // 1001: two results; the first by id (aaaaaaaa-...) has an empty plan, so
    // only its own annual total is known: 4321.5 kWh, nothing after.
    CHECK(text(homes[0]["uprn"]) == "1001");
    CHECK(text(homes[0]["address"]["lines"][0]) == "12 Elm & Oak Row");
    CHECK(text(homes[0]["address"]["lines"][1]) == "Flat <B>");
    CHECK(text(homes[0]["address"]["town"]) == "Lowbury");
    CHECK(text(homes[0]["address"]["postcode"]) == "LB1 2CD");
    CHECK_FALSE(homes[0]["address"].HasMember("country"));
    CHECK(text(homes[0]["epc_rating"]) == "D");
    REQUIRE(homes[0]["simulations"].Size() == 2);
    CHECK(text(homes[0]["simulations"][0]) == k_flat);
    CHECK(text(homes[0]["simulations"][1]) == k_one);
    CHECK(homes[0]["annual"]["baseline"].GetDouble() == 4321.5);
    CHECK(homes[0]["annual"]["improved"].IsNull());
    CHECK(homes[0]["annual"]["saving_percent"].IsNull());
    // 3003: details from its result's baseline_home; 12000 before, 4800 after the
    // last stage: 7200 saved, 7200 / 12000 = 60.0%.
    CHECK(text(homes[1]["uprn"]) == "3003");
    CHECK(text(homes[1]["address"]["postcode"]) == "EW3 3EE");
    CHECK(homes[1]["epc_rating"].IsNull());
    REQUIRE(homes[1]["simulations"].Size() == 1);
    CHECK(text(homes[1]["simulations"][0]) == k_two);
    CHECK(homes[1]["annual"]["baseline"].GetDouble() == 12000.0);
    CHECK(homes[1]["annual"]["improved"].GetDouble() == 4800.0);
    CHECK(homes[1]["annual"]["saving"].GetDouble() == 7200.0);
    CHECK(homes[1]["annual"]["saving_percent"].GetDouble() == 60.0);
    // 4004: a home file and no result.
    CHECK(text(homes[2]["uprn"]) == "4004");
    CHECK(text(homes[2]["epc_rating"]) == "G");
    CHECK(homes[2]["simulations"].Size() == 0);
    CHECK(homes[2]["annual"].IsNull());
}

TEST_CASE("e2e: api/openapi.json carries the site's title and the generator's version", "[e2e]")
{
    const auto root = e2e::with_content("api-openapi-info");
    e2e::build_ok(root);
    const auto doc = e2e::parse_file(root / "site" / "api" / "openapi.json");
    CHECK(text(doc["info"]["title"]) == "Lowbury & District Retrofit");
    const test_support::Run version = test_support::run("--version");
    CHECK(version.out == "retrofit-site " + text(doc["info"]["version"]) + "\n");
    // Apart from info, the published description is the template's, byte for byte.
    std::string published = read(root / "site" / "api" / "openapi.json");
    std::string source = read(fs::path(RETROFIT_TEMPLATES_DIR) / "api" / "openapi.json");
    const auto without_info = [](const std::string& json) {
        const std::size_t start = json.find("  \"info\": {");
        return json.substr(0, start) + json.substr(json.find("\n  },\n", start));
    };
    CHECK(without_info(published) == without_info(source));
}

TEST_CASE("e2e: api/404.json is the prototype's body and 404.html says the page is not found", "[e2e]")
{
    const auto root = e2e::with_content("api-not-found");
    e2e::build_ok(root);
    const fs::path site = root / "site";
    CHECK(read(site / "api" / "404.json") == "{\n  \"detail\": \"Not found.\"\n}\n");
    const std::string page = read(site / "404.html");
    CHECK(has(page, "<title>Page not found | Lowbury &amp; District Retrofit</title>"));
    CHECK(has(page, "<h1>Page not found</h1>"));
    // Links relative to the site root, like the index's, so that the page holds
    // for a site under a sub-path too.
    CHECK(has(page, "<link rel=\"stylesheet\" href=\"assets/site.css\">"));
    CHECK(has(page, "<a href=\"index.html\">See every home</a>"));
    CHECK(has(page, "<a href=\"api/homes.json\">"));
    CHECK_FALSE(has(page, "href=\"/"));
    CHECK_FALSE(has(page, "href=\"../"));
}

TEST_CASE("e2e: docs/index.html draws the description with Swagger UI at a pinned version", "[e2e]")
{
    const auto root = e2e::with_content("api-docs-page");
    e2e::build_ok(root);
    const fs::path site = root / "site";
    const std::string page = read(site / "docs" / "index.html");
    CHECK(has(page, "<title>API | Lowbury &amp; District Retrofit</title>"));
    CHECK(has(page,
        "<link rel=\"stylesheet\" href=\"https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.35.0/swagger-ui.css\" "
        "integrity=\"sha384-WlYgdmXYOOBWL5apwjDEZwN+U3HmXSSu5R6V5aGxEcf7z+KuRNwBhoxKVN1i3D5I\" "
        "crossorigin=\"anonymous\">"));
    CHECK(has(page,
        "<script src=\"https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.35.0/swagger-ui-bundle.js\" "
        "integrity=\"sha384-gjRm0bEPMeTmMh5jT2cHccIwCUZSTd8YC+j0d0sXw0MdGEfScduGpSyF3ZSSLkX9\" "
        "crossorigin=\"anonymous\" defer></script>\n<script src=\"../assets/docs.js\" defer></script>"));
    CHECK(has(page, "<div class=\"api-reference\" data-spec-url=\"../api/openapi.json\">"));
    CHECK(has(page,
        "<noscript><p>The reference below is drawn with JavaScript. Without it, read <a "
        "href=\"../api/openapi.json\">the description as JSON</a>.</p></noscript>"));
    CHECK(has(page, "<a href=\"../api/homes.json\">api/homes.json</a>"));
    CHECK_FALSE(has(page, "<script>"));  // no inline script
    const fs::path templates = RETROFIT_TEMPLATES_DIR;
    CHECK(read(site / "assets" / "docs.js") == read(templates / "assets" / "docs.js"));
}

TEST_CASE("e2e: with --assets local the docs page draws with the site's own Swagger UI", "[e2e]")
{
    const auto root = e2e::with_content("api-docs-local");
    // The vendor files that --assets local copies: the charts' and Swagger UI's.
    for (const char* file :
        {"vega/build/vega.min.js", "vega-lite/build/vega-lite.min.js", "vega-embed/build/vega-embed.min.js",
            "swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui-dist/swagger-ui.css"}) {
        test_support::write(root / "node_modules" / file, "// vendor\n");
    }
    const auto result = e2e::build(root, RETROFIT_TEMPLATES_DIR, " --assets local --vendor node_modules");
    INFO(result.err);
    REQUIRE(result.status == 0);
    const std::string page = read(root / "site" / "docs" / "index.html");
    CHECK(has(page, "<link rel=\"stylesheet\" href=\"../assets/vendor/swagger-ui.css\">\n"));
    CHECK(has(page,
        "<script src=\"../assets/vendor/swagger-ui-bundle.js\" defer></script>\n"
        "<script src=\"../assets/docs.js\" defer></script>"));
    CHECK(has(page, "<div class=\"api-reference\" data-spec-url=\"../api/openapi.json\">"));
    CHECK_FALSE(has(page, "cdn.jsdelivr.net/npm"));
    CHECK_FALSE(has(page, "integrity="));
    CHECK_FALSE(has(page, "<script>"));  // no inline script
    CHECK(fs::exists(root / "site" / "assets" / "vendor" / "swagger-ui-bundle.js"));
    CHECK(fs::exists(root / "site" / "assets" / "vendor" / "swagger-ui.css"));
}

TEST_CASE("e2e: a templates folder without the docs and 404 templates makes a site without them", "[e2e]")
{
    const auto root = e2e::with_content("api-optional-pages");
    test_support::copy_tree(RETROFIT_TEMPLATES_DIR, root / "templates");
    fs::remove(root / "templates" / "docs.mustache");
    fs::remove(root / "templates" / "404.mustache");
    fs::remove_all(root / "templates" / "api");
    const auto result = e2e::build(root, "templates");
    INFO(result.err);
    REQUIRE(result.status == 0);
    CHECK_FALSE(fs::exists(root / "site" / "docs"));
    CHECK_FALSE(fs::exists(root / "site" / "404.html"));
    CHECK_FALSE(fs::exists(root / "site" / "api" / "openapi.json"));
    CHECK(fs::exists(root / "site" / "api" / "homes.json"));  // made from content, not from a template
}

TEST_CASE("e2e: a JSON syntax error in templates/api/ is reported before anything is written", "[e2e]")
{
    const auto root = e2e::built_small("api-template-syntax");
    test_support::copy_tree(RETROFIT_TEMPLATES_DIR, root / "templates");
    test_support::write(root / "templates" / "api" / "404.json", "{\n  \"detail\": \"Not found.\",\n}\n");
    e2e::check_fails_leaving_site(root,
        "templates/api/404.json:3:1: error: expected a member name in double quotes\n"
        "retrofit-site: 1 error, nothing written\n",
        "templates");
}
