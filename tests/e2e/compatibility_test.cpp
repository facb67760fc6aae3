// Real data: the scene-challenge fixture shared beside the project, and the
// project's own sample content.
#include "e2e.hpp"

using e2e::has;
using test_support::read;
namespace fs = std::filesystem;

namespace {

const std::string k_uprn = "906205784";
const std::string k_id = "1e0e7511-9e40-4b13-8c52-4f9c26c41c55";

}  // namespace

TEST_CASE("e2e: the scene-challenge result gives the expected figures and home", "[e2e]")
{
    const fs::path shared = RETROFIT_SHARED_FIXTURES;
    if (!fs::is_directory(shared)) {
        WARN(shared.string() + " is absent, skipped");
        return;
    }
    // Copied at test time into a scratch content/ folder, never into the repository.
    const fs::path root = test_support::scratch("compat-scene-challenge");
    test_support::write(root / "content" / "homes" / (k_uprn + ".json"), read(shared / (k_uprn + ".json")));
    test_support::write(root / "content" / "results" / (k_id + ".json"), read(shared / (k_id + ".json")));
    const auto result = e2e::build(root);
    INFO(result.err);
    REQUIRE(result.status == 0);
    // 15 files: the home and comparison API files, the page, the spec, the index, 4 assets,
    // _headers, api/homes.json, api/openapi.json, api/404.json, docs/index.html and 404.html.
    CHECK(result.out == "retrofit-site: 1 home, 1 simulation into site: 15 files written, 0 unchanged, 0 removed\n");

    const auto doc = e2e::parse_file(root / "site" / "api" / "energy-comparison" / (k_id + ".json"));
    const auto& january = doc["months"][0];
    CHECK(january["baseline"].GetDouble() == 5363.1);
    CHECK(january["improved"].GetDouble() == 756.2);
    CHECK(january["saving"].GetDouble() == 4606.9);  // 5363.1 - 756.2 = 4606.900000000001, rounded to 0.1
    const auto& annual = doc["annual"];
    CHECK(annual["baseline"].GetDouble() == 36429.2);
    CHECK(annual["improved"].GetDouble() == 5242.0);  // the annual total, though the months sum to 5241.7
    CHECK(annual["saving"].GetDouble() == 31187.2);  // 36429.2 - 5242 = 31187.2
    CHECK(annual["saving_percent"].GetDouble() == 85.6);  // 31187.2 / 36429.2 = 0.85610... -> 85.6%

    const std::string home_api = read(root / "site" / "api" / "home" / (k_uprn + ".json"));
    const auto output = e2e::parse_exact(home_api);
    const auto input = e2e::parse_exact(read(shared / (k_uprn + ".json")));
    CHECK(output["home"] == input);
    CHECK(has(home_api, "0.25912142857142856"));
    CHECK(has(home_api, "\"1.7184332484519738\""));
    REQUIRE(output["simulations"].Size() == 1);
    CHECK(output["simulations"][0].GetString() == k_id);
}

TEST_CASE("e2e: the project's own content passes check", "[e2e]")
{
    const auto result = test_support::run("check --content " + e2e::shell_quoted(RETROFIT_CONTENT_DIR));
    INFO(result.err);
    CHECK(result.status == 0);
    CHECK(result.err.empty());
    CHECK(result.out.starts_with("retrofit-site: "));
    CHECK(result.out.ends_with(": 0 errors\n"));
}
