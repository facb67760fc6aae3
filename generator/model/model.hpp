#pragma once

#include "load/json.hpp"

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace retrofit::model {

/// A Summary of the input: one period's energy, carbon and running cost.
struct Summary {
    double energy = 0;  ///< kWh
    double co2e = 0;  ///< kg CO2e
    double operating_cost = 0;  ///< GBP
};

/// The parts of an EnergyProfile that the site shows.
struct EnergyProfile {
    Summary annual;
    std::array<Summary, 12> monthly {};  ///< January first
    double annual_generation = 0;  ///< kWh generated (solar), 0 when absent
    std::optional<std::string> predicted_epc_rating;
};

struct Improvement {
    std::string category;
    std::string measure;
};

/// One stage of an improvement plan: cumulative, so its profile is absolute.
struct Stage {
    std::vector<Improvement> improvements;
    EnergyProfile profile;
    std::array<std::optional<long long>, 2> payback_years {};  ///< [low, high]
};

/// The home fields the site shows, plus the whole object for the API file.
struct Home {
    std::string uprn;
    std::vector<std::string> address_lines;
    std::string town;
    std::string postcode;
    std::string property_type;
    std::string built_form;
    double total_floor_area = 0;
    std::optional<std::string> epc_rating;
    std::optional<long long> epc_score;
    /// Passed through unchanged to api/home/<uprn>.json; null in the facts a
    /// build keeps of every home (Facts::home()), and where rendering
    /// unpacked the home (model::unpack_home()) rather than read its file.
    std::shared_ptr<const json::Value> raw;
    /// There, the same object as written for api/home/<uprn>.json
    /// (render::home_object_text()); empty where the home has none.
    std::string raw_text;
    std::string source_path;  ///< the file the home was read from
};

struct SimulationResult {
    std::string simulation_id;
    std::string source_path;
    Home baseline_home;
    EnergyProfile baseline;
    std::vector<Stage> plan;  ///< ordered; the last stage is "after improvements"
};

/// Homes per index page unless content/site.json sets "page_size": a page
/// that loads quickly even on a phone, and few pages for most portfolios.
constexpr std::size_t k_default_page_size = 500;
/// The most homes a page_size may put on one index page.
constexpr std::size_t k_max_page_size = 100000;

/// Optional settings from content/site.json.
struct Settings {
    std::string title = "Home retrofit plans";
    std::size_t page_size = k_default_page_size;  ///< homes per index page
};

/// Everything the content folder holds, validated, in a stable order.
struct Content {
    Settings settings;
    std::vector<Home> homes;  ///< one per UPRN, sorted by UPRN
    std::vector<SimulationResult> results;  ///< sorted by simulation id
};

}  // namespace retrofit::model
