// Model: pack() and unpack_*(), how a build puts down each document it
// validated so that rendering reads it without its file. Every field must
// come back exactly as it went in, numbers bit for bit, and bytes that
// pack() did not write must come back as nothing (the build then reads
// the file again).

#include "model/model.hpp"
#include "model/packed.hpp"

#include <catch2/catch.hpp>

#include <climits>
#include <cstring>
#include <string>

using namespace retrofit;

namespace {

model::Home sample_home()
{
    model::Home home;
    home.uprn = "100023336956";
    home.address_lines = {"Flat 3", "", "12 Acacia Avenue"};
    home.town = "Lowbury";
    home.postcode = "LB1 1AA";
    home.property_type = "flat";
    home.built_form = std::string("Mid-\0Terrace", 12);  // a NUL inside is kept, not an end
    home.total_floor_area = 61.25;
    home.epc_rating = "C";
    home.epc_score = LLONG_MIN;  // the most negative: every bit of it counts
    home.source_path = "elsewhere.json";
    return home;
}

/// A home's whole object as its API file holds it, which goes down as text.
const std::string k_object = "{\n    \"uprn\": \"100023336956\",\n    \"total_floor_area\": 61.250\n  }";

/// A profile whose every figure differs: month m uses m + 0.1 kWh.
model::EnergyProfile sample_profile(double scale)
{
    model::EnergyProfile profile;
    profile.annual = {1234.5 * scale, 0.1 * scale, -7.25 * scale};
    for (std::size_t m = 0; m < profile.monthly.size(); ++m) {
        profile.monthly[m] = {(static_cast<double>(m) + 1.1) * scale, 0.3, 0.7};
    }
    profile.annual_generation = 0.1 + 0.2;  // 0.30000000000000004: no digit may be lost
    profile.predicted_epc_rating = "B";
    return profile;
}

model::SimulationResult sample_result()
{
    model::SimulationResult result;
    result.simulation_id = "0e0e7511-aaaa-4bbb-8ccc-0123456789ab";
    result.baseline_home = sample_home();
    result.baseline = sample_profile(1);
    result.baseline.predicted_epc_rating.reset();
    model::Stage first;
    first.improvements = {{"insulation", "loft insulation"}, {"heating", ""}};
    first.profile = sample_profile(0.5);
    first.payback_years = {std::optional<long long>(3), std::nullopt};
    model::Stage second;
    second.profile = sample_profile(0.25);
    second.payback_years = {std::optional<long long>(-1), std::optional<long long>(LLONG_MAX)};
    result.plan = {first, second};
    return result;
}

/// Whether two doubles have the same bits: 0.1 + 0.2 is not 0.3.
bool same_bits(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

void check_same_home(const model::Home& back, const model::Home& home)
{
    CHECK(back.uprn == home.uprn);
    CHECK(back.address_lines == home.address_lines);
    CHECK(back.town == home.town);
    CHECK(back.postcode == home.postcode);
    CHECK(back.property_type == home.property_type);
    CHECK(back.built_form == home.built_form);
    CHECK(same_bits(back.total_floor_area, home.total_floor_area));
    CHECK(back.epc_rating == home.epc_rating);
    CHECK(back.epc_score == home.epc_score);
}

void check_same_profile(const model::EnergyProfile& back, const model::EnergyProfile& profile)
{
    for (std::size_t m = 0; m <= profile.monthly.size(); ++m) {
        INFO("month " << m << " (12: the year)");
        const model::Summary& a = m < 12 ? back.monthly[m] : back.annual;
        const model::Summary& b = m < 12 ? profile.monthly[m] : profile.annual;
        CHECK(same_bits(a.energy, b.energy));
        CHECK(same_bits(a.co2e, b.co2e));
        CHECK(same_bits(a.operating_cost, b.operating_cost));
    }
    CHECK(same_bits(back.annual_generation, profile.annual_generation));
    CHECK(back.predicted_epc_rating == profile.predicted_epc_rating);
}

}  // namespace

TEST_CASE("model: a packed home unpacks to every field, its whole object included", "[model]")
{
    const model::Home home = sample_home();
    std::string bytes;
    model::pack(home, k_object, bytes);
    const auto back = model::unpack_home(bytes, "content/homes/100023336956.json");
    REQUIRE(back);
    check_same_home(*back, home);
    CHECK(back->source_path == "content/homes/100023336956.json");  // where it is read from now
    CHECK(back->raw_text == k_object);
    CHECK_FALSE(back->raw);
    SECTION("with no address line, EPC or object")
    {
        model::Home bare = home;
        bare.address_lines.clear();
        bare.epc_rating.reset();
        bare.epc_score.reset();
        std::string bare_bytes;
        model::pack(bare, "", bare_bytes);
        const auto bare_back = model::unpack_home(bare_bytes, "h.json");
        REQUIRE(bare_back);
        check_same_home(*bare_back, bare);
        CHECK(bare_back->raw_text.empty());
    }
}

TEST_CASE("model: a packed result unpacks to every stage and figure", "[model]")
{
    const model::SimulationResult result = sample_result();
    for (const bool with_home_object : {true, false}) {
        INFO("with its home's object: " << with_home_object);
        std::string bytes;
        model::pack(result, with_home_object ? k_object : "", bytes);
        const auto back = model::unpack_result(bytes, "content/results/r.json");
        REQUIRE(back);
        CHECK(back->simulation_id == result.simulation_id);
        CHECK(back->source_path == "content/results/r.json");
        check_same_home(back->baseline_home, result.baseline_home);
        CHECK(back->baseline_home.source_path == "content/results/r.json");
        // The object is published only for a home without a file of its own.
        CHECK(back->baseline_home.raw_text == (with_home_object ? k_object : ""));
        check_same_profile(back->baseline, result.baseline);
        REQUIRE(back->plan.size() == 2);
        for (std::size_t i = 0; i < 2; ++i) {
            INFO("stage " << i + 1);
            const model::Stage& stage = back->plan[i];
            REQUIRE(stage.improvements.size() == result.plan[i].improvements.size());
            for (std::size_t k = 0; k < stage.improvements.size(); ++k) {
                CHECK(stage.improvements[k].category == result.plan[i].improvements[k].category);
                CHECK(stage.improvements[k].measure == result.plan[i].improvements[k].measure);
            }
            check_same_profile(stage.profile, result.plan[i].profile);
            CHECK(stage.payback_years == result.plan[i].payback_years);
        }
    }
}

TEST_CASE("model: bytes that pack did not write unpack as nothing", "[model]")
{
    std::string result_bytes;
    model::pack(sample_result(), k_object, result_bytes);
    std::string home_bytes;
    model::pack(sample_home(), k_object, home_bytes);
    // Cut anywhere, the document is incomplete; with a byte more, something follows it.
    for (std::size_t size = 0; size < result_bytes.size(); ++size) {
        INFO("cut to " << size << " bytes");
        CHECK_FALSE(model::unpack_result(result_bytes.substr(0, size), "r.json"));
    }
    for (std::size_t size = 0; size < home_bytes.size(); ++size) {
        INFO("cut to " << size << " bytes");
        CHECK_FALSE(model::unpack_home(home_bytes.substr(0, size), "h.json"));
    }
    CHECK_FALSE(model::unpack_result(result_bytes + '\0', "r.json"));
    CHECK_FALSE(model::unpack_home(home_bytes + '\0', "h.json"));
    // A home's bytes are not a result's, nor the other way round.
    CHECK_FALSE(model::unpack_result(home_bytes, "r.json"));
    CHECK_FALSE(model::unpack_home(result_bytes, "h.json"));
    // A flag is 0 or 1: a home packed without its object ends with that flag, 0.
    std::string bare_bytes;
    model::pack(sample_home(), "", bare_bytes);
    REQUIRE(model::unpack_home(bare_bytes, "h.json"));
    REQUIRE(bare_bytes.back() == '\0');
    bare_bytes.back() = '\2';
    CHECK_FALSE(model::unpack_home(bare_bytes, "h.json"));
    // A count cannot be more than the bytes left: uprn "a", then 127 address lines in no bytes.
    CHECK_FALSE(model::unpack_home(std::string("\x01"
                                               "a"
                                               "\x7F"),
        "h.json"));
}
