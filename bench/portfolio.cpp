// retrofit-portfolio: writes a synthetic housing portfolio for the benchmark.
//
// N homes, deterministic from a seed: content/homes/<uprn>.json and
// content/results/<simulation_id>.json shaped like the simulation service's
// documents (see ../shared/docs/input-format.md), about 75 KB a result. Every
// file depends only on the seed and the home's index, so the output is the
// same bytes whatever the number of threads, and the first 1,000 homes of a
// 10,000-home portfolio are the 1,000-home portfolio.

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------- randomness

/// SplitMix64: tiny, fast and the same on every machine (unlike the standard
/// library's distributions).
class Rng {
public:
    explicit Rng(std::uint64_t seed)
        : m_state(seed)
    {
    }
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31U);
    }
    /// In [0, 1).
    double unit() { return static_cast<double>(next() >> 11U) * 0x1.0p-53; }
    /// In [lo, hi], both included.
    std::int64_t range(std::int64_t lo, std::int64_t hi)
    {
        return lo + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(hi - lo + 1));
    }
    double uniform(double lo, double hi) { return lo + (hi - lo) * unit(); }
    bool chance(double p) { return unit() < p; }
    template <typename T, std::size_t N>
    const T& pick(const std::array<T, N>& items)
    {
        return items[next() % N];
    }

private:
    std::uint64_t m_state;
};

std::uint64_t mix(std::uint64_t a, std::uint64_t b)
{
    Rng rng(a ^ (b * 0xd1b54a32d192ed03ULL));
    rng.next();
    return rng.next();
}

// ---------------------------------------------------------------- JSON text

/// Writes JSON indented by two spaces, ", " and ": " separators, like the
/// simulation service's files.
class JsonWriter {
public:
    explicit JsonWriter(std::string& out)
        : m_out(out)
    {
    }
    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }
    void key(std::string_view name)
    {
        item();
        quoted(name);
        m_out += ": ";
        m_after_key = true;
    }
    void string(std::string_view text)
    {
        item();
        quoted(text);
    }
    void null()
    {
        item();
        m_out += "null";
    }
    void boolean(bool value)
    {
        item();
        m_out += value ? "true" : "false";
    }
    void integer(std::int64_t value)
    {
        item();
        append_integer(value);
    }
    /// A figure held in tenths: "899" when whole, else "5363.1".
    void tenths(std::int64_t value)
    {
        item();
        append_tenths(m_out, value, false);
    }
    /// Shortest text that reads back as the same double (0.25912142857142856).
    void real(double value)
    {
        item();
        append_double(m_out, value);
    }
    void optional_integer(std::optional<std::int64_t> value) { value ? integer(*value) : null(); }

    static void append_tenths(std::string& out, std::int64_t value, bool always_decimal)
    {
        if (value < 0) {
            out += '-';
            value = -value;
        }
        out += std::to_string(value / 10);
        if (value % 10 != 0 || always_decimal) {
            out += '.';
            out += static_cast<char>('0' + value % 10);
        }
    }
    static void append_double(std::string& out, double value)
    {
        std::array<char, 32> buffer {};
        const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
        out.append(buffer.data(), result.ptr);
    }

private:
    void open(char bracket)
    {
        item();
        m_out += bracket;
        m_counts.push_back(0);
    }
    void close(char bracket)
    {
        const bool empty = m_counts.back() == 0;
        m_counts.pop_back();
        if (!empty) {
            newline();
        }
        m_out += bracket;
    }
    void item()
    {
        if (m_after_key) {
            m_after_key = false;
            return;
        }
        if (m_counts.empty()) {
            return;
        }
        if (m_counts.back()++ != 0) {
            m_out += ',';
        }
        newline();
    }
    void newline()
    {
        m_out += '\n';
        m_out.append(2 * m_counts.size(), ' ');
    }
    void append_integer(std::int64_t value) { m_out += std::to_string(value); }
    void quoted(std::string_view text)
    {
        m_out += '"';
        for (const char c : text) {
            if (c == '"' || c == '\\') {
                m_out += '\\';
                m_out += c;
            } else if (static_cast<unsigned char>(c) < 0x20) {
                std::array<char, 8> escaped {};
                std::snprintf(escaped.data(), escaped.size(), "\\u%04x", static_cast<unsigned>(c));
                m_out += escaped.data();
            } else {
                m_out += c;
            }
        }
        m_out += '"';
    }

    std::string& m_out;
    std::vector<int> m_counts;
    bool m_after_key = false;
};

std::int64_t to_tenths(double value)
{
    return std::llround(value * 10.0);
}

// ---------------------------------------------------------------- word lists (invented)

struct Town {
    const char* name;
    const char* area;  // postcode area
    double latitude;
    double longitude;
    std::array<const char*, 4> localities;
    bool welsh;
};

const std::array<Town, 22> k_towns = {{
    {"BRISTOL", "BS", 51.454, -2.588, {"Bedminster", "Easton", "Redland", "Southville"}, false},
    {"EDINBURGH", "EH", 55.953, -3.188, {"Leith", "Morningside", "Portobello", "Gorgie"}, false},
    {"LEEDS", "LS", 53.800, -1.549, {"Headingley", "Armley", "Chapel Allerton", "Beeston"}, false},
    {"MANCHESTER", "M", 53.481, -2.242, {"Didsbury", "Levenshulme", "Chorlton", "Ancoats"}, false},
    {"CARDIFF", "CF", 51.481, -3.179, {"Canton", "Roath", "Splott", "Llandaf"}, true},
    {"NORWICH", "NR", 52.630, 1.297, {"Thorpe Hamlet", "Earlham", "Lakenham", "Eaton"}, false},
    {"YORK", "YO", 53.960, -1.087, {"Clifton", "Heworth", "Acomb", "Fulford"}, false},
    {"GLASGOW", "G", 55.864, -4.251, {"Partick", "Govanhill", "Dennistoun", "Shawlands"}, false},
    {"SHEFFIELD", "S", 53.381, -1.470, {"Hillsborough", "Walkley", "Crookes", "Heeley"}, false},
    {"NOTTINGHAM", "NG", 52.954, -1.158, {"Sneinton", "Lenton", "Sherwood", "Carlton"}, false},
    {"EXETER", "EX", 50.718, -3.534, {"Heavitree", "St Thomas", "Pennsylvania", "Alphington"}, false},
    {"BIRMINGHAM", "B", 52.486, -1.890, {"Moseley", "Handsworth", "Erdington", "Selly Oak"}, false},
    {"LIVERPOOL", "L", 53.408, -2.991, {"Anfield", "Toxteth", "Wavertree", "Walton"}, false},
    {"NEWCASTLE UPON TYNE", "NE", 54.978, -1.618, {"Heaton", "Jesmond", "Byker", "Fenham"}, false},
    {"BRIGHTON", "BN", 50.822, -0.137, {"Hanover", "Kemptown", "Preston Park", "Moulsecoomb"}, false},
    {"OXFORD", "OX", 51.752, -1.258, {"Jericho", "Cowley", "Headington", "Botley"}, false},
    {"LEICESTER", "LE", 52.637, -1.140, {"Belgrave", "Aylestone", "Knighton", "Evington"}, false},
    {"PLYMOUTH", "PL", 50.375, -4.143, {"Stonehouse", "Mutley", "Stoke", "Plympton"}, false},
    {"DERBY", "DE", 52.921, -1.476, {"Normanton", "Allestree", "Chaddesden", "Littleover"}, false},
    {"ABERDEEN", "AB", 57.149, -2.094, {"Torry", "Rosemount", "Kittybrewster", "Mastrick"}, false},
    {"SWANSEA", "SA", 51.621, -3.944, {"Sketty", "Uplands", "Morriston", "Townhill"}, true},
    {"BELFAST", "BT", 54.597, -5.930, {"Ormeau", "Stranmillis", "Ballyhackamore", "Sandy Row"}, false},
}};

const std::array<const char*, 48> k_street_names
    = {"Albion", "Alder", "Ashgrove", "Beech", "Birchwood", "Bramble", "Brookside", "Castle", "Cedar", "Chapel",
        "Cherry Tree", "Church", "Clifton", "Coronation", "Dale", "Elmfield", "Fernbank", "Forge", "Gladstone",
        "Granby", "Hawthorn", "Hazel", "Heathfield", "Highfield", "Holly", "Kingsley", "Larch", "Laurel", "Lime Kiln",
        "Manor", "Maple", "Meadow", "Mill", "Nelson", "Orchard", "Priory", "Queens", "Railway", "Rectory", "Rowan",
        "St John's", "St Mary's", "Station", "Sycamore", "Tanners", "Victoria", "Wellington", "Windmill"};
const std::array<const char*, 16> k_street_kinds = {"Street", "Road", "Lane", "Avenue", "Close", "Crescent", "Drive",
    "Gardens", "Place", "Terrace", "Way", "Row", "Walk", "Court", "Mews", "Rise"};
const std::array<const char*, 8> k_welsh_streets = {"Heol y Parc", "Ffordd Glyndŵr", "Stryd y Bont", "Heol Eglwys",
    "Lôn y Felin", "Heol y Coed", "Ffordd yr Orsaf", "Rhodfa'r Môr"};
const std::array<const char*, 8> k_house_names = {"Rose Cottage", "The Old Bakery", "Ivy House", "Orchard View",
    "Holly Lodge", "Mill House", "The Laurels", "Fern Cottage"};
const char* const k_postcode_letters = "ABDEFGHJLNPQRSTUWXYZ";

// ---------------------------------------------------------------- the home

const std::array<const char*, 6> k_end_uses
    = {"Cooking", "Lighting", "Hot water", "Space heating", "Electronics and other", "Cold and wet appliances"};
enum EndUse { cooking, lighting, hot_water, space_heating, electronics, appliances };
constexpr int k_end_use_count = 6;
constexpr int k_months = 12;
const std::array<int, k_months> k_days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
const std::array<double, k_months> k_heating_weight = {16, 14, 13, 9, 5, 2, 0.8, 0.9, 3, 8, 12, 15};
const std::array<double, k_months> k_solar_weight = {3, 5, 8, 11, 13, 13, 13, 11, 9, 6, 4, 3};
const std::array<const char*, 7> k_generation_keys = {"energy_generated", "energy_self_consumed", "energy_exported",
    "co2e_reduction", "operating_cost_reduction_total", "export_revenue", "operating_cost_reduction_self_consumption"};

enum class Heater { gas_boiler, oil_boiler, lpg_boiler, storage_heaters, electric_boiler, heat_pump };

struct HeatingSystem {
    Heater kind = Heater::gas_boiler;
    bool condensing = true;
    bool combination = true;
    int age = 10;
    std::array<std::int64_t, 2> efficiency {};  // hundredths: [low, high], or a heat pump's COP in tenths
    bool underfloor = false;
};

struct Door {
    double u_value = 3.0;
    std::optional<bool> insulated;
    bool direct_to_outside = true;
};

struct SolarPv {
    std::int64_t peak_power = 30;  // tenths of kWp
    int tilt = 30;
    int azimuth = 180;
    int age = 0;
};

struct Home {
    std::string uprn;
    std::int64_t longitude_e7 = 0;
    std::int64_t latitude_e7 = 0;
    std::vector<std::string> lines;
    std::string town;
    std::string postcode;
    std::string property_type;
    std::string built_form;
    std::string age_band;
    std::int64_t floor_area = 900;  // tenths of m²
    std::string meter_type;
    // wall
    bool wall_as_built = true;
    bool wall_insulated = false;
    bool wall_insulation_assumed = true;
    std::optional<std::int64_t> wall_insulation_thickness;
    double wall_u = 1.6;
    std::string wall_type;
    bool wall_solid = true;
    int wall_thickness = 250;
    int wall_area = 100;
    int perimeter = 30;
    std::string wall_insulation_position;
    std::optional<std::string> wall_insulation_material;
    int external_wall_count = 2;
    // floor
    std::optional<bool> floor_as_built;
    bool floor_insulated = false;
    double floor_u = 0.7;
    std::string floor_type;
    bool floor_exposed = true;  // false for flats above another dwelling
    std::optional<std::string> floor_insulation_position;
    std::int64_t footprint = 500;  // tenths
    std::vector<Door> doors;
    std::optional<std::string> heat_loss_corridor;
    // glazing
    std::string glazing_type;
    int multiple_glazing_percentage = 100;
    double glazing_u = 2.8;
    std::optional<std::array<int, 2>> glazing_years;
    std::string windows_construction;
    std::optional<std::string> glazing_gap;
    int sap_glazed_area = 1;
    double glazing_ratio = 0.2;
    int window_count = 8;
    int north_angle = 0;
    std::vector<std::string> suggested;
    bool listed = false;
    bool conservation_area = false;
    int lighting_outlets = 10;
    int low_energy_outlets = 5;
    int rooms = 5;
    int heated_rooms = 5;
    std::int64_t room_height = 24;  // tenths of m
    std::optional<std::int64_t> draught_proofed_windows;
    std::optional<std::int64_t> draught_proofed_doors;
    std::vector<std::string> levels;
    bool mains_gas = true;
    HeatingSystem main_heating;
    std::optional<HeatingSystem> secondary_heating;
    std::vector<std::string> controls;
    bool hot_water_from_main = true;
    bool cylinder = false;
    // roof
    std::string roof_type;
    bool roof_exposed = true;  // false under another dwelling
    bool roof_insulated = false;
    std::optional<std::int64_t> roof_insulation_thickness;
    double roof_u = 2.0;
    std::optional<double> roof_area;
    std::optional<int> roof_pitch;
    std::optional<std::string> roof_insulation_position;
    std::optional<SolarPv> solar_pv;
    double available_pv = 20.0;
    std::optional<char> epc_rating;
    std::optional<std::int64_t> epc_score;
};

const char* fuel_of(Heater kind)
{
    switch (kind) {
    case Heater::gas_boiler:
        return "mains gas";
    case Heater::oil_boiler:
        return "heating oil";
    case Heater::lpg_boiler:
        return "LPG";
    default:
        return "electric";
    }
}

std::array<std::string, k_end_use_count> end_use_fuels(const Home& home, bool gas_cooking)
{
    std::array<std::string, k_end_use_count> fuels;
    fuels.fill("electric");
    fuels[cooking] = gas_cooking && home.mains_gas ? "mains gas" : "electric";
    fuels[space_heating] = fuel_of(home.main_heating.kind);
    fuels[hot_water] = home.hot_water_from_main ? fuel_of(home.main_heating.kind) : "electric";
    return fuels;
}

char band_of(std::int64_t score)
{
    if (score >= 92)
        return 'A';
    if (score >= 81)
        return 'B';
    if (score >= 69)
        return 'C';
    if (score >= 55)
        return 'D';
    if (score >= 39)
        return 'E';
    if (score >= 21)
        return 'F';
    return 'G';
}

std::string postcode(Rng& rng, const Town& town)
{
    std::string code = town.area;
    code += std::to_string(rng.range(1, 20));
    code += ' ';
    code += std::to_string(rng.range(1, 9));
    code += k_postcode_letters[rng.next() % 20];
    code += k_postcode_letters[rng.next() % 20];
    return code;
}

HeatingSystem make_boiler(Rng& rng, Heater kind)
{
    HeatingSystem system;
    system.kind = kind;
    system.condensing = rng.chance(0.7);
    system.combination = rng.chance(0.6);
    system.age = static_cast<int>(rng.range(1, 25));
    const std::int64_t low = system.condensing ? rng.range(80, 88) : rng.range(65, 76);
    system.efficiency = {low, low + rng.range(5, 10)};
    return system;
}

std::string uprn_of(std::uint64_t seed, std::uint64_t index)
{
    // An affine map modulo 10^11 with a multiplier prime to 10: distinct for
    // every index, scattered, 9 to 12 digits.
    constexpr std::uint64_t modulus = 100000000000ULL;
    std::uint64_t multiplier = (mix(seed, 1) % modulus) | 1U;
    while (multiplier % 5 == 0) {
        multiplier += 2;
    }
    const std::uint64_t offset = mix(seed, 2) % modulus;
    // multiplier * index modulo 10^11 without overflow: both are below 2^37
    const std::uint64_t i = index % modulus;
    const std::uint64_t high = (multiplier * (i >> 20U)) % modulus;
    const std::uint64_t product = ((high << 20U) % modulus + multiplier * (i & 0xFFFFFU)) % modulus;
    const std::uint64_t scattered = (product + offset) % modulus;
    return std::to_string(100000000ULL + scattered);
}

Home make_home(Rng& rng, std::string uprn)
{
    Home home;
    home.uprn = std::move(uprn);
    const Town& town = rng.pick(k_towns);
    home.town = town.name;
    home.postcode = postcode(rng, town);
    home.latitude_e7 = std::llround((town.latitude + rng.uniform(-0.06, 0.06)) * 1e7);
    home.longitude_e7 = std::llround((town.longitude + rng.uniform(-0.09, 0.09)) * 1e7);

    const double type_draw = rng.unit();
    home.property_type = type_draw < 0.58 ? "house"
        : type_draw < 0.82                ? "flat"
        : type_draw < 0.95                ? "bungalow"
                                          : "maisonette";
    const bool flat = home.property_type == "flat" || home.property_type == "maisonette";
    static const std::array<const char*, 6> forms
        = {"detached", "semi-Detached", "mid-Terrace", "end-Terrace", "enclosed mid-Terrace", "enclosed end-Terrace"};
    home.built_form = flat ? forms[2 + rng.next() % 4] : forms[rng.next() % 4];
    home.age_band = std::string(1, static_cast<char>('A' + rng.range(0, 11)));

    std::string street;
    if (town.welsh && rng.chance(0.4)) {
        street = rng.pick(k_welsh_streets);
    } else {
        street = std::string(rng.pick(k_street_names)) + " " + rng.pick(k_street_kinds);
    }
    const std::string number = std::to_string(rng.range(1, 180));
    if (flat) {
        const std::string flat_name = "Flat " + std::to_string(rng.range(1, 24));
        if (rng.chance(0.5)) {
            home.lines.push_back(flat_name + ", " + number + " " + street);
        } else {
            home.lines.push_back(flat_name);
            home.lines.push_back(number + " " + street);
        }
    } else if (rng.chance(0.03)) {
        home.lines.push_back(rng.pick(k_house_names));
        home.lines.push_back(street);
    } else {
        home.lines.push_back(number + (rng.chance(0.04) ? "A " : " ") + street);
    }
    if (home.lines.size() < 3 && rng.chance(0.35)) {
        home.lines.emplace_back(town.localities[rng.next() % 4]);
    }

    const double area = flat ? rng.uniform(32, 95) : rng.uniform(55, 240);
    home.floor_area = rng.chance(0.7) ? 10 * std::llround(area) : to_tenths(area);
    home.meter_type = rng.chance(0.75) ? "Single" : rng.chance(0.8) ? "Dual" : "Unknown";

    // walls
    const double wall_draw = rng.unit();
    if (wall_draw < 0.35) {
        home.wall_type = "solid brick, as built";
    } else if (wall_draw < 0.55) {
        home.wall_type = "cavity wall, as built, no insulation (assumed)";
        home.wall_solid = false;
    } else if (wall_draw < 0.75) {
        home.wall_type = "cavity wall, filled cavity";
        home.wall_solid = false;
        home.wall_insulated = true;
    } else if (wall_draw < 0.88) {
        home.wall_type = "sandstone or limestone";
    } else if (wall_draw < 0.95) {
        home.wall_type = "timber frame, as built, partial insulation (assumed)";
        home.wall_solid = false;
        home.wall_insulated = true;
    } else {
        home.wall_type = "system built, as built, no insulation (assumed)";
    }
    home.wall_u = home.wall_insulated ? rng.uniform(0.28, 0.7) : rng.uniform(1.2, 2.1);
    home.wall_insulation_assumed = rng.chance(0.8);
    home.wall_thickness
        = home.wall_solid ? static_cast<int>(10 * rng.range(22, 70)) : static_cast<int>(10 * rng.range(25, 32));
    home.wall_area = static_cast<int>(rng.range(45, 190));
    home.perimeter = static_cast<int>(rng.range(14, 48));
    home.wall_insulation_position = home.wall_insulated ? "filled cavity" : "no insulation";
    home.external_wall_count = static_cast<int>(rng.range(flat ? 1 : 2, 4));

    // floor and roof depend on where the home sits
    const bool ground = !flat || rng.chance(0.4);
    const bool top = !flat || rng.chance(0.4);
    home.floor_exposed = ground;
    home.floor_type = ground ? (rng.chance(0.5) ? "suspended" : "solid") : "another dwelling below";
    home.floor_u = ground ? rng.uniform(0.45, 1.2) : 0.0;
    home.floor_as_built = rng.chance(0.5) ? std::optional<bool>() : std::optional<bool>(rng.chance(0.7));
    if (ground && rng.chance(0.3)) {
        home.floor_insulation_position = "Between Joists";
    }
    home.footprint = to_tenths(static_cast<double>(home.floor_area) / 10.0 / (flat ? 1.0 : rng.uniform(1.6, 2.4)));
    home.doors.resize(static_cast<std::size_t>(rng.range(1, 2)));
    for (Door& door : home.doors) {
        door.u_value = rng.uniform(1.8, 3.1);
        door.insulated = rng.chance(0.7) ? std::optional<bool>() : std::optional<bool>(rng.chance(0.5));
        door.direct_to_outside = !flat || rng.chance(0.5);
    }
    if (flat && rng.chance(0.4)) {
        home.heat_loss_corridor = rng.chance(0.6) ? "unheated corridor" : "heated corridor";
    }

    const double glazing_draw = rng.unit();
    home.glazing_type = glazing_draw < 0.12 ? "single glazing"
        : glazing_draw < 0.9                ? "double glazing"
                                            : "secondary glazing";
    home.multiple_glazing_percentage
        = home.glazing_type == "single glazing" ? 0 : static_cast<int>(10 * rng.range(3, 10));
    home.glazing_u = home.glazing_type == "single glazing" ? rng.uniform(4.6, 5.2) : rng.uniform(2.0, 3.2);
    if (home.glazing_type == "double glazing" && rng.chance(0.6)) {
        const int from = static_cast<int>(rng.range(1985, 2020));
        home.glazing_years = std::array<int, 2> {from, from + 2};
    }
    home.windows_construction = rng.chance(0.65) ? "PVC" : rng.chance(0.7) ? "wood" : "metal";
    if (home.glazing_type == "double glazing") {
        home.glazing_gap = rng.chance(0.5) ? "12" : rng.chance(0.5) ? "16 or more" : "6";
    }
    home.glazing_ratio = rng.uniform(0.12, 0.32);
    home.window_count = static_cast<int>(rng.range(flat ? 3 : 5, flat ? 9 : 16));
    home.north_angle = rng.chance(0.6) ? 0 : static_cast<int>(45 * rng.range(1, 7));

    static const std::array<const char*, 8> suggestions = {"internal or external wall insulation",
        "floor insulation (suspended floor)", "replace single glazed windows with low-E double glazed windows",
        "air or ground source heat pump", "increase loft insulation to 270 mm", "solar photovoltaic panels, 2.5 kWp",
        "low energy lighting for all fixed outlets", "cavity wall insulation"};
    for (const char* suggestion : suggestions) {
        if (rng.chance(0.3)) {
            home.suggested.emplace_back(suggestion);
        }
    }
    home.listed = rng.chance(0.04);
    home.conservation_area = rng.chance(0.15);
    home.lighting_outlets = static_cast<int>(rng.range(6, 30));
    home.low_energy_outlets = static_cast<int>(rng.range(0, home.lighting_outlets));
    home.rooms = static_cast<int>(rng.range(flat ? 1 : 3, flat ? 4 : 9));
    home.heated_rooms = home.rooms - (rng.chance(0.2) ? 1 : 0);
    home.room_height = rng.range(22, 30);
    if (rng.chance(0.5)) {
        home.draught_proofed_windows = 10 * rng.range(0, 10);
        home.draught_proofed_doors = 10 * rng.range(0, 10);
    }
    if (flat) {
        home.levels = {ground ? "GROUND_FLOOR" : top ? "TOP_FLOOR" : "MID_FLOOR"};
    } else {
        home.levels = {"GROUND_FLOOR"};
        if (home.property_type == "house") {
            if (rng.chance(0.2))
                home.levels.emplace_back("MID_FLOOR");
            home.levels.emplace_back("TOP_FLOOR");
        }
    }

    // heating
    home.mains_gas = rng.chance(0.85);
    if (home.mains_gas && rng.chance(0.9)) {
        home.main_heating = make_boiler(rng, Heater::gas_boiler);
    } else if (!flat && rng.chance(0.5)) {
        home.main_heating = make_boiler(rng, rng.chance(0.7) ? Heater::oil_boiler : Heater::lpg_boiler);
    } else {
        home.main_heating.kind = rng.chance(0.8) ? Heater::storage_heaters : Heater::electric_boiler;
        home.main_heating.age = static_cast<int>(rng.range(1, 30));
        home.main_heating.efficiency = {100, 100};
    }
    if (rng.chance(0.25)) {
        HeatingSystem secondary;
        secondary.kind = home.mains_gas && rng.chance(0.5) ? Heater::gas_boiler : Heater::storage_heaters;
        secondary.age = static_cast<int>(rng.range(1, 30));
        const std::int64_t low = rng.range(55, 90);
        secondary.efficiency = {low, std::min<std::int64_t>(100, low + 5)};
        home.secondary_heating = secondary;
    }
    static const std::array<const char*, 5> controls
        = {"programmer", "room thermostat", "trv", "time and temperature zone control", "boiler interlock"};
    for (const char* control : controls) {
        if (rng.chance(0.55)) {
            home.controls.emplace_back(control);
        }
    }
    home.hot_water_from_main = home.main_heating.kind != Heater::storage_heaters || rng.chance(0.1);
    home.cylinder = !home.main_heating.combination || !home.hot_water_from_main;

    // roof
    if (!top) {
        home.roof_type = "another dwelling above";
        home.roof_exposed = false;
        home.roof_u = 0.0;
    } else {
        const double roof_draw = rng.unit();
        home.roof_type = roof_draw < 0.6 ? "pitched, access to loft"
            : roof_draw < 0.72           ? "pitched, no access to loft"
            : roof_draw < 0.87           ? "flat"
                                         : "roof room(s)";
        home.roof_insulated = rng.chance(0.55);
        if (home.roof_insulated) {
            home.roof_insulation_thickness = 25 * rng.range(1, 12);
        }
        home.roof_u = home.roof_insulated ? 5.0 / static_cast<double>(*home.roof_insulation_thickness + 20) + 0.1
                                          : rng.uniform(1.5, 2.6);
        home.roof_area = static_cast<double>(home.footprint) / 10.0 * rng.uniform(1.0, 1.3);
        if (home.roof_type != "flat") {
            home.roof_pitch = static_cast<int>(5 * rng.range(5, 9));
        }
        if (home.roof_type == "roof room(s)") {
            home.roof_insulation_position = rng.chance(0.5) ? "At Rafters" : "At Joists";
        }
    }
    home.available_pv = home.roof_exposed ? static_cast<double>(home.footprint) / 10.0 * rng.uniform(0.3, 0.6) : 0.0;
    if (home.roof_exposed && !flat && rng.chance(0.06)) {
        home.solar_pv = SolarPv {
            rng.range(15, 40), static_cast<int>(5 * rng.range(5, 9)), 180, static_cast<int>(rng.range(1, 12))};
    }
    if (rng.chance(0.06)) {
        // no certificate
    } else {
        const double loss = home.wall_u / 1.6 + home.roof_u / 2.0 + home.glazing_u / 3.0;
        const auto score = std::clamp<std::int64_t>(std::llround(88.0 - 9.0 * loss + rng.uniform(-12, 10)), 1, 99);
        home.epc_score = score;
        home.epc_rating = band_of(score);
    }
    return home;
}

void write_heating_system(JsonWriter& json, const HeatingSystem& system, bool hot_water_only)
{
    json.begin_object();
    json.key("source_properties");
    if (system.kind == Heater::heat_pump) {
        json.begin_object();
        json.key("system_type");
        json.string("heat_pump");
        json.key("output_power");
        json.string("7.0");
        json.end_object();
    } else if (system.kind == Heater::storage_heaters || system.kind == Heater::electric_boiler || hot_water_only) {
        json.null();
    } else {
        json.begin_object();
        json.key("system_type");
        json.string("boiler");
        json.key("condensing");
        json.boolean(system.condensing);
        json.key("combination");
        json.boolean(system.combination);
        json.key("back_boiler");
        json.boolean(false);
        json.end_object();
    }
    json.key("energy_source");
    json.string(fuel_of(system.kind));
    json.key("efficiency");
    json.begin_object();
    const std::array<const char*, 2> uses = {"Space heating", "Hot water"};
    for (std::size_t u = hot_water_only ? 1 : 0; u < uses.size(); ++u) {
        json.key(uses[u]);
        if (system.kind == Heater::heat_pump) {
            json.tenths(system.efficiency[0]);
        } else {
            json.begin_array();
            json.real(static_cast<double>(system.efficiency[0]) / 100.0);
            json.real(static_cast<double>(system.efficiency[1]) / 100.0);
            json.end_array();
        }
    }
    json.end_object();
    json.key("age");
    json.integer(system.age);
    json.key("source");
    switch (system.kind) {
    case Heater::heat_pump:
        json.string("air source heat pump");
        break;
    case Heater::storage_heaters:
        json.string("storage heaters");
        break;
    case Heater::electric_boiler:
        json.string("electric boiler");
        break;
    default:
        json.string(hot_water_only ? "from main system" : "boiler");
    }
    if (!hot_water_only) {
        json.key("emitters");
        json.begin_array();
        json.string(system.kind == Heater::storage_heaters ? "storage heaters"
                : system.underfloor                        ? "underfloor heating"
                                                           : "radiators");
        json.end_array();
    }
    json.end_object();
}

void write_optional_string(JsonWriter& json, const std::optional<std::string>& value)
{
    value ? json.string(*value) : json.null();
}

void write_home(JsonWriter& json, const Home& home, const std::array<std::string, k_end_use_count>& fuels)
{
    json.begin_object();
    json.key("location");
    json.begin_object();
    json.key("type");
    json.string("Point");
    json.key("coordinates");
    json.begin_array();
    json.real(static_cast<double>(home.longitude_e7) / 1e7);
    json.real(static_cast<double>(home.latitude_e7) / 1e7);
    json.end_array();
    json.end_object();
    json.key("uprn");
    json.string(home.uprn);
    json.key("address");
    json.begin_object();
    json.key("lines");
    json.begin_array();
    for (const std::string& line : home.lines) {
        json.string(line);
    }
    json.end_array();
    json.key("town");
    json.string(home.town);
    json.key("postcode");
    json.string(home.postcode);
    json.key("country");
    json.string("United Kingdom");
    json.end_object();
    json.key("property_type");
    json.string(home.property_type);
    json.key("built_form");
    json.string(home.built_form);
    json.key("age_band");
    json.string(home.age_band);
    json.key("total_floor_area");
    json.tenths(home.floor_area);
    json.key("meter_type");
    json.string(home.meter_type);

    json.key("wall");
    json.begin_object();
    json.key("is_as_built");
    json.boolean(home.wall_as_built);
    json.key("has_insulation");
    json.boolean(home.wall_insulated);
    json.key("is_insulation_assumed");
    json.boolean(home.wall_insulation_assumed);
    json.key("insulation_thickness");
    json.optional_integer(home.wall_insulation_thickness);
    json.key("average_thermal_transmittance");
    std::string text;
    JsonWriter::append_double(text, home.wall_u);
    json.string(text);
    json.key("wall_type");
    json.string(home.wall_type);
    json.key("wall_thickness");
    json.integer(home.wall_thickness);
    json.key("surface_area");
    json.integer(home.wall_area);
    json.key("perimeter");
    json.integer(home.perimeter);
    json.key("insulation_position");
    json.string(home.wall_insulation_position);
    json.key("insulation_material");
    write_optional_string(json, home.wall_insulation_material);
    json.end_object();
    json.key("external_wall_count");
    json.integer(home.external_wall_count);

    json.key("floor");
    json.begin_object();
    json.key("is_as_built");
    home.floor_as_built ? json.boolean(*home.floor_as_built) : json.null();
    json.key("has_insulation");
    json.boolean(home.floor_insulated);
    json.key("is_insulation_assumed");
    json.boolean(!home.floor_insulated);
    json.key("insulation_thickness");
    home.floor_insulated ? json.integer(100) : json.null();
    json.key("average_thermal_transmittance");
    text.clear();
    JsonWriter::append_double(text, home.floor_u);
    json.string(text);
    json.key("floor_type");
    json.string(home.floor_type);
    json.key("external_air_below");
    json.boolean(false);
    json.key("unheated_space_below");
    json.boolean(false);
    json.key("insulation_position");
    write_optional_string(json, home.floor_insulation_position);
    json.end_object();
    json.key("footprint");
    json.tenths(home.footprint);

    json.key("doors");
    json.begin_array();
    for (const Door& door : home.doors) {
        json.begin_object();
        json.key("average_thermal_transmittance");
        text.clear();
        JsonWriter::append_double(text, door.u_value);
        json.string(text);
        json.key("is_insulated");
        door.insulated ? json.boolean(*door.insulated) : json.null();
        json.key("is_insulation_assumed");
        json.null();
        json.key("direct_to_outside");
        json.boolean(door.direct_to_outside);
        json.end_object();
    }
    json.end_array();
    json.key("heat_loss_corridor");
    write_optional_string(json, home.heat_loss_corridor);

    json.key("glazing");
    json.begin_object();
    json.key("glazing_type");
    json.string(home.glazing_type);
    json.key("multiple_glazing_type");
    json.null();
    json.key("multiple_glazing_percentage");
    json.integer(home.multiple_glazing_percentage);
    json.key("average_thermal_transmittance");
    text.clear();
    JsonWriter::append_double(text, home.glazing_u);
    json.string(text);
    json.key("installation_year_range");
    if (home.glazing_years) {
        json.begin_array();
        json.integer((*home.glazing_years)[0]);
        json.integer((*home.glazing_years)[1]);
        json.end_array();
    } else {
        json.null();
    }
    json.key("windows_construction");
    json.string(home.windows_construction);
    json.key("glazing_gap");
    write_optional_string(json, home.glazing_gap);
    json.key("sap_glazed_area");
    json.integer(home.sap_glazed_area);
    json.key("glazing_ratio");
    json.real(home.glazing_ratio);
    json.end_object();
    json.key("window_count");
    json.integer(home.window_count);
    json.key("north_angle");
    json.integer(home.north_angle);
    json.key("epc_suggested_improvements");
    json.begin_array();
    for (const std::string& suggestion : home.suggested) {
        json.string(suggestion);
    }
    json.end_array();
    json.key("is_listed_building");
    json.boolean(home.listed);
    json.key("is_in_conservation_area");
    json.boolean(home.conservation_area);
    json.key("fixed_lighting_outlets_count");
    json.integer(home.lighting_outlets);
    json.key("low_energy_lighting_outlets_count");
    json.integer(home.low_energy_outlets);
    json.key("low_energy_lighting_percentage");
    json.integer(100 * home.low_energy_outlets / home.lighting_outlets);
    json.key("habitable_room_count");
    json.integer(home.rooms);
    json.key("heated_room_count");
    json.integer(home.heated_rooms);
    json.key("room_height");
    json.tenths(home.room_height);
    json.key("draught_proofed_window_percentage");
    json.optional_integer(home.draught_proofed_windows);
    json.key("draught_proofed_door_percentage");
    json.optional_integer(home.draught_proofed_doors);
    json.key("levels");
    json.begin_array();
    for (const std::string& level : home.levels) {
        json.string(level);
    }
    json.end_array();
    json.key("is_mains_gas_present");
    json.boolean(home.mains_gas);
    json.key("main_heating_systems");
    json.begin_array();
    write_heating_system(json, home.main_heating, false);
    json.end_array();
    json.key("secondary_heating_systems");
    json.begin_array();
    if (home.secondary_heating) {
        write_heating_system(json, *home.secondary_heating, false);
    }
    json.end_array();
    json.key("heating_systems_controls");
    json.begin_array();
    for (const std::string& control : home.controls) {
        json.string(control);
    }
    json.end_array();
    json.key("hot_water_systems");
    json.begin_array();
    if (home.hot_water_from_main) {
        write_heating_system(json, home.main_heating, true);
    } else {
        HeatingSystem immersion;
        immersion.kind = Heater::electric_boiler;
        immersion.efficiency = {100, 100};
        immersion.age = home.main_heating.age;
        write_heating_system(json, immersion, true);
    }
    json.end_array();

    json.key("roof");
    json.begin_object();
    json.key("is_as_built");
    json.null();
    json.key("has_insulation");
    json.boolean(home.roof_insulated);
    json.key("is_insulation_assumed");
    json.boolean(!home.roof_insulated);
    json.key("insulation_thickness");
    json.optional_integer(home.roof_insulation_thickness);
    json.key("average_thermal_transmittance");
    text.clear();
    JsonWriter::append_double(text, home.roof_u);
    json.string(text);
    json.key("roof_type");
    json.string(home.roof_type);
    json.key("surface_area");
    home.roof_area ? json.real(*home.roof_area) : json.null();
    json.key("pitch");
    json.optional_integer(home.roof_pitch);
    json.key("insulation_position");
    write_optional_string(json, home.roof_insulation_position);
    json.end_object();

    json.key("solar_pv");
    json.begin_array();
    if (home.solar_pv) {
        json.begin_object();
        json.key("peak_power");
        json.tenths(home.solar_pv->peak_power);
        json.key("inverter_power");
        json.null();
        json.key("tilt");
        json.integer(home.solar_pv->tilt);
        json.key("azimuth");
        json.integer(home.solar_pv->azimuth);
        json.key("tracking");
        json.null();
        json.key("age");
        json.integer(home.solar_pv->age);
        json.end_object();
    }
    json.end_array();
    json.key("available_pv_array_size");
    json.real(home.available_pv);
    json.key("end_use_energy_sources");
    json.begin_object();
    for (int use = 0; use < k_end_use_count; ++use) {
        json.key(k_end_uses[static_cast<std::size_t>(use)]);
        json.string(fuels[static_cast<std::size_t>(use)]);
    }
    json.end_object();
    json.key("epc_rating");
    home.epc_rating ? json.string(std::string(1, *home.epc_rating)) : json.null();
    json.key("epc_score");
    json.optional_integer(home.epc_score);
    json.end_object();
}

// ---------------------------------------------------------------- energy

struct Summary {
    std::int64_t energy = 0;  // tenths of kWh
    std::int64_t co2e = 0;  // tenths of kg
    std::int64_t cost = 0;  // tenths of GBP
    Summary& operator+=(const Summary& other)
    {
        energy += other.energy;
        co2e += other.co2e;
        cost += other.cost;
        return *this;
    }
    Summary operator-(const Summary& other) const
    {
        return {energy - other.energy, co2e - other.co2e, cost - other.cost};
    }
};

using Sources = std::vector<std::pair<std::string, Summary>>;
using Generation = std::array<std::int64_t, 7>;

struct Profile {
    Summary annual_total;
    Sources annual_sources;
    std::array<Summary, k_end_use_count> annual_end_use {};
    Generation annual_generation {};
    std::array<Summary, k_months> monthly_total {};
    std::array<Sources, k_months> monthly_sources;
    std::array<std::array<Summary, k_end_use_count>, k_months> monthly_end_use {};
    std::array<Generation, k_months> monthly_generation {};
    Sources peak_daily_sources;  // only .energy used
    std::array<std::int64_t, k_end_use_count> peak_daily_end_use {};
    Sources peak_hourly_sources;
    std::array<std::int64_t, k_end_use_count> peak_hourly_end_use {};
    std::optional<char> predicted_epc;
    bool relative = false;
    std::array<bool, k_end_use_count> end_use_zero_both {};  // relative: "0" rather than "0.0"
};

/// What stays fixed for one home whatever its improvements.
struct Household {
    int adults = 2;
    int children = 0;
    std::string occupancy_schedule;
    std::string heating_schedule;
    double heating_intensity = 120;  // kWh of heat per m² for a home of average fabric
    double hot_water = 2000;  // kWh of heat a year
    double lighting_per_m2 = 8;
    double electronics = 1200;
    double cooking = 0;
    double appliances = 0;
    bool gas_cooking = false;
    std::array<double, k_months> heating_weight {};
    std::array<double, k_months> solar_weight {};
};

struct Tariff {
    double co2e;
    double price;
};

Tariff tariff(std::string_view fuel, int month)
{
    if (fuel == "electric") {
        // the grid is cleaner in summer
        return {0.150 + 0.035 * std::cos((month - 0.5) * 3.14159265358979 / 6.0), 0.2397};
    }
    if (fuel == "mains gas")
        return {0.210, 0.0596};
    if (fuel == "heating oil")
        return {0.298, 0.0712};
    return {0.241, 0.0953};  // LPG
}

Household make_household(Rng& rng)
{
    Household household;
    household.adults = static_cast<int>(rng.range(1, 4));
    household.children = rng.chance(0.6) ? 0 : static_cast<int>(rng.range(1, 3));
    static const std::array<const char*, 4> schedules
        = {"EVENINGS_AND_MOST_WEEKENDS", "ALL_DAY", "MORNINGS_AND_EVENINGS", "WORKING_FROM_HOME"};
    household.occupancy_schedule = rng.pick(schedules);
    household.heating_schedule = rng.chance(0.8) ? household.occupancy_schedule : rng.pick(schedules);
    household.heating_intensity = rng.uniform(85, 170);
    const int people = household.adults + household.children;
    household.hot_water = 900 + 420 * people * rng.uniform(0.8, 1.2);
    household.lighting_per_m2 = rng.uniform(5, 11);
    household.electronics = 500 + 260 * people * rng.uniform(0.7, 1.3);
    if (rng.chance(0.6)) {
        household.cooking = rng.uniform(250, 650);
        household.gas_cooking = rng.chance(0.4);
    }
    if (rng.chance(0.6)) {
        household.appliances = rng.uniform(300, 850);
    }
    double heating_sum = 0;
    double solar_sum = 0;
    for (std::size_t m = 0; m < k_months; ++m) {
        household.heating_weight[m] = k_heating_weight[m] * rng.uniform(0.85, 1.15);
        household.solar_weight[m] = k_solar_weight[m] * rng.uniform(0.85, 1.15);
        heating_sum += household.heating_weight[m];
        solar_sum += household.solar_weight[m];
    }
    for (std::size_t m = 0; m < k_months; ++m) {
        household.heating_weight[m] /= heating_sum;
        household.solar_weight[m] /= solar_sum;
    }
    return household;
}

double heating_efficiency(const HeatingSystem& system)
{
    if (system.kind == Heater::heat_pump) {
        return static_cast<double>(system.efficiency[0]) / 10.0;
    }
    return static_cast<double>(system.efficiency[0] + system.efficiency[1]) / 200.0;
}

void add_source(Sources& sources, const std::string& fuel, const Summary& summary)
{
    for (auto& [name, total] : sources) {
        if (name == fuel) {
            total += summary;
            return;
        }
    }
    sources.emplace_back(fuel, summary);
}

Profile simulate(const Home& home, const Household& household, double lighting_factor, double draught_factor)
{
    const auto fuels = end_use_fuels(home, household.gas_cooking);
    const double area = static_cast<double>(home.floor_area) / 10.0;
    const double fabric = 0.38 * home.wall_u / 1.6 + 0.2 * (home.roof_exposed ? home.roof_u / 1.8 : 0.15)
        + 0.17 * home.glazing_u / 2.8 + 0.1 * (home.floor_exposed ? home.floor_u / 0.8 : 0.1) + 0.15 * draught_factor;
    const double heat = area * household.heating_intensity * fabric;
    const double low_energy = static_cast<double>(home.low_energy_outlets) / home.lighting_outlets;

    std::array<double, k_end_use_count> annual {};
    annual[cooking] = household.cooking;
    annual[lighting] = area * household.lighting_per_m2 * (1.0 - 0.55 * low_energy) * lighting_factor;
    annual[hot_water] = household.hot_water / (home.hot_water_from_main ? heating_efficiency(home.main_heating) : 0.95);
    annual[space_heating] = heat / heating_efficiency(home.main_heating);
    annual[electronics] = household.electronics;
    annual[appliances] = household.appliances;

    const double generated = home.solar_pv ? static_cast<double>(home.solar_pv->peak_power) / 10.0 * 880.0 : 0.0;

    Profile profile;
    std::array<double, k_end_use_count> annual_energy {};
    std::array<double, k_end_use_count> annual_co2e {};
    std::array<double, k_end_use_count> annual_cost {};
    std::array<double, k_end_use_count> peak_daily {};
    std::array<double, 7> annual_generation {};
    for (int m = 0; m < k_months; ++m) {
        const auto mi = static_cast<std::size_t>(m);
        const double days = k_days[mi];
        std::array<double, k_end_use_count> energy {};
        energy[cooking] = annual[cooking] * days / 365.0;
        energy[lighting] = annual[lighting] * (1.0 + 0.4 * std::cos((m + 0.5) * 3.14159265358979 / 6.0)) * days / 365.0;
        energy[hot_water]
            = annual[hot_water] * (1.0 + 0.15 * std::cos((m + 0.5) * 3.14159265358979 / 6.0)) * days / 365.0;
        energy[space_heating] = annual[space_heating] * household.heating_weight[mi];
        energy[electronics] = annual[electronics] * days / 365.0;
        energy[appliances] = annual[appliances] * days / 365.0;

        // solar: self-consumption offsets electricity, the rest is exported
        const double month_generated = generated * household.solar_weight[mi];
        const double self_consumed = month_generated * (0.42 - 0.16 * household.solar_weight[mi] / 0.13);
        const double exported = month_generated - self_consumed;
        const Tariff electric = tariff("electric", m + 1);
        const double co2e_reduction = month_generated * electric.co2e;
        const double export_revenue = exported * 0.15;
        const double self_saving = self_consumed * electric.price;
        double electric_use = 0;
        for (int use = 0; use < k_end_use_count; ++use) {
            if (fuels[static_cast<std::size_t>(use)] == "electric")
                electric_use += energy[static_cast<std::size_t>(use)];
        }
        const std::array<double, 7> generation = {month_generated, self_consumed, exported, co2e_reduction,
            export_revenue + self_saving, export_revenue, self_saving};
        Generation& month_generation = profile.monthly_generation[mi];
        for (std::size_t g = 0; g < generation.size(); ++g) {
            month_generation[g] = to_tenths(generation[g]);
            annual_generation[g] += generation[g];
        }

        for (int use = 0; use < k_end_use_count; ++use) {
            const auto ui = static_cast<std::size_t>(use);
            const std::string& fuel = fuels[ui];
            const Tariff rate = tariff(fuel, m + 1);
            double co2e = energy[ui] * rate.co2e;
            double cost = energy[ui] * rate.price;
            if (fuel == "electric" && electric_use > 0) {
                const double share = energy[ui] / electric_use;
                co2e -= share * self_consumed * rate.co2e;
                cost -= share * (export_revenue + self_saving);
            }
            const Summary summary {to_tenths(energy[ui]), to_tenths(co2e), to_tenths(cost)};
            profile.monthly_end_use[mi][ui] = summary;
            add_source(profile.monthly_sources[mi], fuel, summary);
            profile.monthly_total[mi] += summary;
            annual_energy[ui] += energy[ui];
            annual_co2e[ui] += co2e;
            annual_cost[ui] += cost;
            peak_daily[ui] = std::max(peak_daily[ui], energy[ui] / days * (use == space_heating ? 1.55 : 1.3));
        }
    }
    double total_energy = 0;
    double total_co2e = 0;
    double total_cost = 0;
    for (int use = 0; use < k_end_use_count; ++use) {
        const auto ui = static_cast<std::size_t>(use);
        profile.annual_end_use[ui]
            = {to_tenths(annual_energy[ui]), to_tenths(annual_co2e[ui]), to_tenths(annual_cost[ui])};
        add_source(profile.annual_sources, fuels[ui], profile.annual_end_use[ui]);
        total_energy += annual_energy[ui];
        total_co2e += annual_co2e[ui];
        total_cost += annual_cost[ui];
        profile.peak_daily_end_use[ui] = to_tenths(peak_daily[ui]);
        profile.peak_hourly_end_use[ui] = to_tenths(peak_daily[ui] * (use == space_heating ? 0.15 : 0.09));
        add_source(profile.peak_daily_sources, fuels[ui], {profile.peak_daily_end_use[ui], 0, 0});
        add_source(profile.peak_hourly_sources, fuels[ui], {profile.peak_hourly_end_use[ui], 0, 0});
    }
    // The simulation's own annual total: not quite the sum of the months.
    profile.annual_total = {to_tenths(total_energy), to_tenths(total_co2e), to_tenths(total_cost)};
    for (std::size_t g = 0; g < annual_generation.size(); ++g) {
        profile.annual_generation[g] = to_tenths(annual_generation[g]);
    }
    return profile;
}

Sources subtract(const Sources& after, const Sources& before)
{
    Sources result;
    for (const auto& [name, summary] : before) {
        add_source(result, name, Summary {} - summary);
    }
    for (const auto& [name, summary] : after) {
        add_source(result, name, summary);
    }
    return result;
}

Profile difference(const Profile& after, const Profile& before)
{
    Profile change;
    change.relative = true;
    change.annual_total = after.annual_total - before.annual_total;
    change.annual_sources = subtract(after.annual_sources, before.annual_sources);
    for (std::size_t u = 0; u < k_end_use_count; ++u) {
        change.annual_end_use[u] = after.annual_end_use[u] - before.annual_end_use[u];
        change.peak_daily_end_use[u] = after.peak_daily_end_use[u] - before.peak_daily_end_use[u];
        change.peak_hourly_end_use[u] = after.peak_hourly_end_use[u] - before.peak_hourly_end_use[u];
        change.end_use_zero_both[u] = after.peak_daily_end_use[u] == 0 && before.peak_daily_end_use[u] == 0;
    }
    for (std::size_t g = 0; g < 7; ++g) {
        change.annual_generation[g] = after.annual_generation[g] - before.annual_generation[g];
    }
    for (std::size_t m = 0; m < k_months; ++m) {
        change.monthly_total[m] = after.monthly_total[m] - before.monthly_total[m];
        change.monthly_sources[m] = subtract(after.monthly_sources[m], before.monthly_sources[m]);
        for (std::size_t u = 0; u < k_end_use_count; ++u) {
            change.monthly_end_use[m][u] = after.monthly_end_use[m][u] - before.monthly_end_use[m][u];
        }
        for (std::size_t g = 0; g < 7; ++g) {
            change.monthly_generation[m][g] = after.monthly_generation[m][g] - before.monthly_generation[m][g];
        }
    }
    change.peak_daily_sources = subtract(after.peak_daily_sources, before.peak_daily_sources);
    change.peak_hourly_sources = subtract(after.peak_hourly_sources, before.peak_hourly_sources);
    return change;
}

void write_summary(JsonWriter& json, const Summary& summary)
{
    json.begin_object();
    json.key("energy");
    json.tenths(summary.energy);
    json.key("co2e");
    json.tenths(summary.co2e);
    json.key("operating_cost");
    json.tenths(summary.cost);
    json.end_object();
}

void write_generation(JsonWriter& json, const Generation& generation)
{
    json.begin_object();
    for (std::size_t g = 0; g < generation.size(); ++g) {
        json.key(k_generation_keys[g]);
        json.tenths(generation[g]);
    }
    json.end_object();
}

void write_sources(JsonWriter& json, const Sources& sources)
{
    json.begin_object();
    for (const auto& [name, summary] : sources) {
        json.key(name);
        write_summary(json, summary);
    }
    json.end_object();
}

void write_end_uses(JsonWriter& json, const std::array<Summary, k_end_use_count>& end_uses)
{
    json.begin_object();
    for (std::size_t u = 0; u < k_end_use_count; ++u) {
        json.key(k_end_uses[u]);
        write_summary(json, end_uses[u]);
    }
    json.end_object();
}

std::string peak_text(std::int64_t tenths, bool plain_zero)
{
    std::string text;
    if (plain_zero) {
        return "0";
    }
    JsonWriter::append_tenths(text, tenths, true);
    return text;
}

void write_profile(JsonWriter& json, const Profile& profile)
{
    json.begin_object();
    json.key("annual_energy_total");
    write_summary(json, profile.annual_total);
    json.key("annual_energy_sources");
    write_sources(json, profile.annual_sources);
    json.key("annual_energy_end_use");
    write_end_uses(json, profile.annual_end_use);
    json.key("annual_energy_generation");
    write_generation(json, profile.annual_generation);
    json.key("monthly_energy_total");
    json.begin_object();
    for (std::size_t m = 0; m < k_months; ++m) {
        json.key(std::to_string(m + 1));
        write_summary(json, profile.monthly_total[m]);
    }
    json.end_object();
    json.key("monthly_energy_sources");
    json.begin_object();
    for (std::size_t m = 0; m < k_months; ++m) {
        json.key(std::to_string(m + 1));
        write_sources(json, profile.monthly_sources[m]);
    }
    json.end_object();
    json.key("monthly_energy_end_use");
    json.begin_object();
    for (std::size_t m = 0; m < k_months; ++m) {
        json.key(std::to_string(m + 1));
        write_end_uses(json, profile.monthly_end_use[m]);
    }
    json.end_object();
    json.key("monthly_energy_generation");
    json.begin_object();
    for (std::size_t m = 0; m < k_months; ++m) {
        json.key(std::to_string(m + 1));
        write_generation(json, profile.monthly_generation[m]);
    }
    json.end_object();
    const auto peaks = [&](const char* sources_key, const Sources& sources, const char* end_use_key,
                           const std::array<std::int64_t, k_end_use_count>& end_uses) {
        json.key(sources_key);
        json.begin_object();
        for (const auto& [name, summary] : sources) {
            json.key(name);
            json.string(peak_text(summary.energy, false));
        }
        json.end_object();
        json.key(end_use_key);
        json.begin_object();
        for (std::size_t u = 0; u < k_end_use_count; ++u) {
            json.key(k_end_uses[u]);
            json.string(peak_text(end_uses[u], profile.relative && profile.end_use_zero_both[u]));
        }
        json.end_object();
    };
    peaks("peak_daily_energy_sources", profile.peak_daily_sources, "peak_daily_energy_end_use",
        profile.peak_daily_end_use);
    peaks("peak_hourly_energy_sources", profile.peak_hourly_sources, "peak_hourly_energy_end_use",
        profile.peak_hourly_end_use);
    json.key("predicted_epc_rating");
    profile.predicted_epc ? json.string(std::string(1, *profile.predicted_epc)) : json.null();
    json.end_object();
}

// ---------------------------------------------------------------- improvements

enum class Measure {
    loft,
    room_in_roof,
    flat_roof,
    cavity_wall,
    internal_wall,
    external_wall,
    floor,
    draught_proofing,
    windows,
    doors,
    lighting,
    controls,
    heat_pump,
    storage_heaters,
    solar_pv,
};

struct Improvement {
    Measure measure;
    std::int64_t capital_cost;  // 0: unknown
};

struct Applied {
    double lighting_factor = 1.0;
    double draught_factor = 1.0;
};

std::vector<Measure> applicable(const Home& home)
{
    std::vector<Measure> measures;
    if (home.roof_type == "pitched, access to loft" && home.roof_insulation_thickness.value_or(0) < 200)
        measures.push_back(Measure::loft);
    if (home.roof_type == "roof room(s)")
        measures.push_back(Measure::room_in_roof);
    if (home.roof_type == "flat" && !home.roof_insulated)
        measures.push_back(Measure::flat_roof);
    if (!home.wall_solid && !home.wall_insulated)
        measures.push_back(Measure::cavity_wall);
    if (home.wall_solid) {
        measures.push_back(home.conservation_area || home.listed ? Measure::internal_wall : Measure::external_wall);
    }
    if (home.floor_exposed && !home.floor_insulated)
        measures.push_back(Measure::floor);
    measures.push_back(Measure::draught_proofing);
    if (home.glazing_type != "double glazing" || !home.glazing_years || (*home.glazing_years)[0] < 2002)
        measures.push_back(Measure::windows);
    measures.push_back(Measure::doors);
    if (home.low_energy_outlets < home.lighting_outlets)
        measures.push_back(Measure::lighting);
    if (home.controls.size() < 3)
        measures.push_back(Measure::controls);
    if (home.main_heating.kind == Heater::storage_heaters || home.main_heating.kind == Heater::electric_boiler) {
        measures.push_back(home.property_type == "flat" ? Measure::storage_heaters : Measure::heat_pump);
    } else {
        measures.push_back(Measure::heat_pump);
    }
    if (home.roof_exposed && !home.solar_pv && home.property_type != "flat")
        measures.push_back(Measure::solar_pv);
    return measures;
}

const char* category_of(Measure measure)
{
    switch (measure) {
    case Measure::windows:
    case Measure::doors:
        return "Windows";
    case Measure::lighting:
        return "Lighting";
    case Measure::controls:
    case Measure::storage_heaters:
        return "Heating";
    case Measure::heat_pump:
    case Measure::solar_pv:
        return "Renewables";
    default:
        return "Insulation";
    }
}

const char* name_of(Measure measure)
{
    switch (measure) {
    case Measure::loft:
        return "Loft insulation";
    case Measure::room_in_roof:
        return "Room-in-roof insulation";
    case Measure::flat_roof:
        return "Flat roof insulation";
    case Measure::cavity_wall:
        return "Cavity wall insulation";
    case Measure::internal_wall:
        return "Internal solid wall insulation";
    case Measure::external_wall:
        return "External solid wall insulation";
    case Measure::floor:
        return "Floor insulation (solid or suspended)";
    case Measure::draught_proofing:
        return "Draught proofing";
    case Measure::windows:
        return "New or replacement windows";
    case Measure::doors:
        return "New or replacement external doors";
    case Measure::lighting:
        return "Low energy lighting";
    case Measure::controls:
        return "Heating controls (programmer, room thermostat and TRVs)";
    case Measure::heat_pump:
        return "Air-source heat pump";
    case Measure::storage_heaters:
        return "High heat retention storage heaters";
    case Measure::solar_pv:
        return "Solar photovoltaics";
    }
    return "";
}

void apply(Home& home, Applied& applied, Measure measure)
{
    switch (measure) {
    case Measure::loft:
        home.roof_insulated = true;
        home.roof_insulation_thickness = 270;
        home.roof_u = 0.14;
        break;
    case Measure::room_in_roof:
    case Measure::flat_roof:
        home.roof_insulated = true;
        home.roof_u = 0.18;
        break;
    case Measure::cavity_wall:
        home.wall_insulated = true;
        home.wall_insulation_position = "filled cavity";
        home.wall_u = std::min(home.wall_u, 0.55);
        break;
    case Measure::internal_wall:
    case Measure::external_wall:
        home.wall_insulated = true;
        home.wall_as_built = false;
        home.wall_insulation_thickness = 100;
        home.wall_insulation_position = measure == Measure::internal_wall ? "internal" : "external";
        home.wall_insulation_material = "mineral wool";
        home.wall_u = 0.3;
        break;
    case Measure::floor:
        home.floor_insulated = true;
        home.floor_u = 0.25;
        break;
    case Measure::draught_proofing:
        home.draught_proofed_windows = 100;
        home.draught_proofed_doors = 100;
        applied.draught_factor = 0.6;
        break;
    case Measure::windows:
        home.glazing_type = "triple glazing";
        home.multiple_glazing_percentage = 100;
        home.glazing_u = 1.1;
        home.glazing_gap = "16 or more";
        home.windows_construction = "PVC";
        break;
    case Measure::doors:
        for (Door& door : home.doors) {
            door.u_value = 1.4;
            door.insulated = true;
        }
        break;
    case Measure::lighting:
        home.low_energy_outlets = home.lighting_outlets;
        applied.lighting_factor = 0.8;
        break;
    case Measure::controls:
        home.controls = {"programmer", "room thermostat", "trv"};
        applied.draught_factor *= 0.95;
        break;
    case Measure::heat_pump:
        home.main_heating.kind = Heater::heat_pump;
        home.main_heating.efficiency = {static_cast<std::int64_t>(28 + (home.perimeter % 8)), 1};
        home.main_heating.age = 0;
        home.hot_water_from_main = true;
        home.secondary_heating.reset();
        break;
    case Measure::storage_heaters:
        home.main_heating.kind = Heater::storage_heaters;
        home.main_heating.efficiency = {100, 100};
        home.main_heating.age = 0;
        applied.draught_factor *= 0.9;
        break;
    case Measure::solar_pv:
        home.solar_pv = SolarPv {std::clamp<std::int64_t>(to_tenths(home.available_pv * 0.18), 15, 60), 30, 180, 0};
        break;
    }
}

void write_specification(JsonWriter& json, Measure measure, const Home& after)
{
    json.begin_object();
    switch (measure) {
    case Measure::windows:
        json.key("specification_type");
        json.string("window_improvement");
        json.key("u_value");
        json.string("1.1");
        json.key("from_window_type");
        json.string("double glazing");
        json.key("to_window_type");
        json.string("triple glazing");
        json.key("multiple_glazing_percentage");
        json.integer(100);
        json.key("windows_construction");
        json.string("PVC");
        json.key("windows_glazing_gap");
        json.string("16 or more");
        break;
    case Measure::doors:
        json.key("specification_type");
        json.string("door_improvement");
        json.key("u_value");
        json.string("1.4");
        break;
    case Measure::solar_pv:
        json.key("peak_power");
        json.tenths(after.solar_pv ? after.solar_pv->peak_power : 30);
        json.key("inverter_power");
        json.null();
        json.key("tilt");
        json.integer(30);
        json.key("azimuth");
        json.integer(180);
        json.key("tracking");
        json.null();
        json.key("age");
        json.integer(0);
        json.key("specification_type");
        json.string("solar_pv_array");
        break;
    case Measure::heat_pump:
    case Measure::storage_heaters:
        json.key("source_properties");
        if (measure == Measure::heat_pump) {
            json.begin_object();
            json.key("system_type");
            json.string("heat_pump");
            json.key("output_power");
            json.string("7.0");
            json.end_object();
        } else {
            json.null();
        }
        json.key("energy_source");
        json.string("electric");
        json.key("efficiency");
        json.begin_object();
        json.key("Hot water");
        json.tenths(measure == Measure::heat_pump ? after.main_heating.efficiency[0] : 10);
        json.key("Space heating");
        json.tenths(measure == Measure::heat_pump ? after.main_heating.efficiency[0] : 10);
        json.end_object();
        json.key("age");
        json.integer(0);
        json.key("source");
        json.string(measure == Measure::heat_pump ? "air source heat pump" : "storage heaters");
        json.key("emitters");
        json.begin_array();
        json.string(measure == Measure::heat_pump ? "radiators" : "storage heaters");
        json.end_array();
        json.key("specification_type");
        json.string("heating_system");
        break;
    case Measure::lighting:
        json.key("specification_type");
        json.string("lighting_improvement");
        json.key("low_energy_lighting_percentage");
        json.integer(100);
        break;
    case Measure::controls:
        json.key("specification_type");
        json.string("heating_controls");
        json.key("controls");
        json.begin_array();
        json.string("programmer");
        json.string("room thermostat");
        json.string("trv");
        json.end_array();
        break;
    case Measure::draught_proofing:
        json.key("specification_type");
        json.string("draught_proofing");
        json.key("draught_proofed_percentage");
        json.integer(100);
        break;
    default:
        json.key("specification_type");
        json.string("insulation_improvement");
        json.key("u_value");
        json.string(measure == Measure::loft      ? "0.14"
                : measure == Measure::floor       ? "0.25"
                : measure == Measure::cavity_wall ? "0.55"
                                                  : "0.30");
        json.key("insulation_thickness");
        measure == Measure::loft ? json.integer(270) : json.null();
        json.key("insulation_material");
        json.null();
    }
    json.end_object();
}

struct Stage {
    std::vector<Improvement> improvements;
    Home home;
    Profile profile;
    Profile change;
    std::array<std::optional<std::int64_t>, 2> payback;
};

void write_stage(JsonWriter& json, const Stage& stage, const Household& household)
{
    json.begin_object();
    json.key("improvements");
    json.begin_array();
    for (const Improvement& improvement : stage.improvements) {
        json.begin_object();
        json.key("category");
        json.string(category_of(improvement.measure));
        json.key("measure");
        json.string(name_of(improvement.measure));
        json.key("specification");
        write_specification(json, improvement.measure, stage.home);
        json.key("capital_cost");
        improvement.capital_cost != 0 ? json.integer(improvement.capital_cost) : json.null();
        json.key("embodied_carbon");
        json.null();
        json.end_object();
    }
    json.end_array();
    json.key("improved_home");
    write_home(json, stage.home, end_use_fuels(stage.home, household.gas_cooking));
    json.key("energy_profile");
    write_profile(json, stage.profile);
    json.key("relative_energy_change");
    write_profile(json, stage.change);
    json.key("payback_years");
    json.begin_array();
    json.optional_integer(stage.payback[0]);
    json.optional_integer(stage.payback[1]);
    json.end_array();
    json.end_object();
}

std::optional<char> predicted_band(Rng& rng, const Home& home, std::int64_t saving_percent)
{
    if (rng.chance(0.25)) {
        return std::nullopt;
    }
    const std::int64_t base = home.epc_score.value_or(50);
    return band_of(std::clamp<std::int64_t>(base + saving_percent / 2 + rng.range(0, 6), 1, 99));
}

std::array<std::optional<std::int64_t>, 2> payback(Rng& rng)
{
    const double draw = rng.unit();
    if (draw < 0.1)
        return {std::nullopt, std::nullopt};
    if (draw < 0.15)
        return {0, 0};
    const std::int64_t low = rng.range(3, 25);
    if (draw < 0.22)
        return {low, std::nullopt};
    return {low, low + rng.range(1, 12)};
}

Stage make_stage(Rng& rng, const Home& before_home, const Profile& before_profile, const Profile& baseline,
    const Household& household, Applied& applied, const std::vector<Measure>& measures)
{
    Stage stage;
    stage.home = before_home;
    for (const Measure measure : measures) {
        apply(stage.home, applied, measure);
        stage.improvements.push_back({measure, rng.chance(0.3) ? 50 * rng.range(4, 300) : 0});
    }
    stage.profile = simulate(stage.home, household, applied.lighting_factor, applied.draught_factor);
    const std::int64_t saving_percent = baseline.annual_total.energy > 0
        ? 100 * (baseline.annual_total.energy - stage.profile.annual_total.energy) / baseline.annual_total.energy
        : 0;
    stage.profile.predicted_epc = predicted_band(rng, before_home, saving_percent);
    if (stage.home.epc_score) {
        stage.home.epc_score = std::min<std::int64_t>(99, *stage.home.epc_score + saving_percent / 2);
        stage.home.epc_rating = band_of(*stage.home.epc_score);
    }
    stage.change = difference(stage.profile, before_profile);
    stage.payback = payback(rng);
    return stage;
}

std::string uuid(Rng& rng)
{
    std::array<unsigned char, 16> bytes {};
    for (std::size_t i = 0; i < bytes.size(); i += 8) {
        const std::uint64_t value = rng.next();
        for (std::size_t b = 0; b < 8; ++b) {
            bytes[i + b] = static_cast<unsigned char>(value >> (8 * b));
        }
    }
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0FU) | 0x40U);
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3FU) | 0x80U);
    static const char* const hex = "0123456789abcdef";
    std::string text;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            text += '-';
        text += hex[bytes[i] >> 4U];
        text += hex[bytes[i] & 0x0FU];
    }
    return text;
}

/// One simulation result for the home; returns its simulation id.
std::string make_result(Rng& rng, const Home& home, const Household& household, std::string& out)
{
    const std::string simulation_id = uuid(rng);
    Profile baseline = simulate(home, household, 1.0, 1.0);
    if (rng.chance(0.3)) {
        baseline.predicted_epc = home.epc_rating;
    }

    // Measures in the order a retrofit coordinator would stage them:
    // fabric, then windows and lighting, then heating, then renewables.
    std::vector<Measure> chosen;
    for (const Measure measure : applicable(home)) {
        if (rng.chance(measure == Measure::heat_pump ? 0.6 : 0.55)) {
            chosen.push_back(measure);
        }
    }
    if (chosen.empty()) {
        chosen.push_back(Measure::draught_proofing);
    }
    // Stages: mostly one (as the service makes most plans), sometimes up to four.
    const double draw = rng.unit();
    std::size_t stage_count = draw < 0.88 ? 1 : draw < 0.95 ? 2 : draw < 0.985 ? 3 : 4;
    stage_count = std::min(stage_count, chosen.size());
    if (rng.chance(0.015)) {
        stage_count = 0;  // an empty plan: nothing worth doing
    }

    std::vector<Stage> stages;
    Applied applied;
    std::size_t next = 0;
    for (std::size_t s = 0; s < stage_count; ++s) {
        const std::size_t remaining = chosen.size() - next;
        const std::size_t take
            = s + 1 == stage_count ? remaining : 1 + rng.next() % (remaining - (stage_count - s - 1));
        const std::vector<Measure> group(chosen.begin() + static_cast<std::ptrdiff_t>(next),
            chosen.begin() + static_cast<std::ptrdiff_t>(next + take));
        next += take;
        const Home& before_home = stages.empty() ? home : stages.back().home;
        const Profile& before_profile = stages.empty() ? baseline : stages.back().profile;
        stages.push_back(make_stage(rng, before_home, before_profile, baseline, household, applied, group));
    }
    // Each improvement alone against the baseline: the service fills this in
    // for a few plans only.
    std::vector<Stage> options;
    if (rng.chance(0.02)) {
        const Measure measure = chosen[rng.next() % chosen.size()];
        Applied alone;
        options.push_back(make_stage(rng, home, baseline, baseline, household, alone, {measure}));
    }

    out.clear();
    JsonWriter json(out);
    json.begin_object();
    json.key("simulation_id");
    json.string(simulation_id);
    json.key("baseline_energy_profile");
    write_profile(json, baseline);
    json.key("baseline_home");
    write_home(json, home, end_use_fuels(home, household.gas_cooking));
    json.key("occupancy_profile");
    json.begin_object();
    json.key("occupants_adults");
    json.integer(household.adults);
    json.key("occupants_children");
    json.integer(household.children);
    json.key("occupancy_schedule");
    json.string(household.occupancy_schedule);
    json.key("heating_schedule");
    json.string(household.heating_schedule);
    json.key("annual_electricity_usage");
    json.integer(100 * std::llround(household.electronics / 100.0 + 20));
    json.key("annual_energy_heating");
    json.integer(100 * std::llround(household.heating_intensity * static_cast<double>(home.floor_area) / 1000.0));
    json.end_object();
    json.key("improvement_option_evaluation");
    json.begin_array();
    for (const Stage& option : options) {
        write_stage(json, option, household);
    }
    json.end_array();
    json.key("improvement_plan");
    json.begin_array();
    for (const Stage& stage : stages) {
        write_stage(json, stage, household);
    }
    json.end_array();
    json.end_object();
    out += '\n';
    return simulation_id;
}

// ---------------------------------------------------------------- files

bool write_file(const std::string& path, const std::string& bytes, std::string& why)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        why = path + ": " + std::strerror(errno);
        return false;
    }
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            why = path + ": " + std::strerror(errno);
            ::close(fd);
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) {
        why = path + ": " + std::strerror(errno);
        return false;
    }
    return true;
}

struct Options {
    std::uint64_t homes = 0;
    std::uint64_t seed = 1;
    std::string out;
    unsigned jobs = 0;
    bool quiet = false;
};

struct Totals {
    std::atomic<std::uint64_t> bytes {0};
    std::atomic<std::uint64_t> result_bytes {0};
    std::atomic<std::uint64_t> results {0};
    std::atomic<std::uint64_t> home_files {0};
    std::atomic<std::uint64_t> stages {0};
    std::atomic<bool> failed {false};
    std::string why;
};

/// Everything about home `index`: its home file (most homes), its result (95%
/// of homes; 2% have a second one).
bool make_one(const Options& options, std::uint64_t index, Totals& totals, std::string& buffer, std::string& why)
{
    Rng rng(mix(options.seed, index + 1000));
    const double kind = rng.unit();
    const bool has_result = kind >= 0.05;  // 5%: a home file and no simulation yet
    const bool has_home_file = kind < 0.97;  // 3%: a result whose home has no file
    const Home home = make_home(rng, uprn_of(options.seed, index));
    const Household household = make_household(rng);
    if (has_home_file) {
        buffer.clear();
        JsonWriter json(buffer);
        write_home(json, home, end_use_fuels(home, household.gas_cooking));
        buffer += '\n';
        if (!write_file(options.out + "/homes/" + home.uprn + ".json", buffer, why))
            return false;
        totals.bytes += buffer.size();
        ++totals.home_files;
    }
    if (has_result) {
        const int simulations = rng.chance(0.02) ? 2 : 1;
        for (int s = 0; s < simulations; ++s) {
            Rng result_rng(mix(options.seed ^ 0x5157U, index * 4 + static_cast<std::uint64_t>(s)));
            const std::string id = make_result(result_rng, home, household, buffer);
            if (!write_file(options.out + "/results/" + id + ".json", buffer, why))
                return false;
            totals.bytes += buffer.size();
            totals.result_bytes += buffer.size();
            ++totals.results;
        }
    }
    return true;
}

int usage(const char* problem)
{
    if (problem != nullptr) {
        std::fprintf(stderr, "retrofit-portfolio: %s\n", problem);
    }
    std::fprintf(problem != nullptr ? stderr : stdout,
        "usage: retrofit-portfolio --homes N --out DIR [--seed S] [--jobs J] [--quiet]\n"
        "\n"
        "Writes a synthetic portfolio of N homes into DIR (which must not exist or be\n"
        "empty): DIR/homes/<uprn>.json, DIR/results/<simulation_id>.json and\n"
        "DIR/site.json. The same seed gives the same bytes, whatever J.\n"
        "\n"
        "  --homes N   number of homes (distinct UPRNs)\n"
        "  --out DIR   content folder to create\n"
        "  --seed S    seed, a whole number (default 1)\n"
        "  --jobs J    threads (default: all cores)\n"
        "  --quiet     no summary line\n");
    return problem != nullptr ? 2 : 0;
}

bool parse_number(const char* text, std::uint64_t& value)
{
    const std::string_view view(text);
    const auto result = std::from_chars(view.data(), view.data() + view.size(), value);
    return result.ec == std::errc() && result.ptr == view.data() + view.size();
}

}  // namespace

int main(int argc, char** argv)
{
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const bool has_value = i + 1 < argc;
        std::uint64_t number = 0;
        if (arg == "--help" || arg == "-h") {
            return usage(nullptr);
        } else if (arg == "--quiet") {
            options.quiet = true;
        } else if (arg == "--out" && has_value) {
            options.out = argv[++i];
        } else if ((arg == "--homes" || arg == "--seed" || arg == "--jobs") && has_value) {
            if (!parse_number(argv[++i], number))
                return usage("expected a whole number after the option");
            if (arg == "--homes")
                options.homes = number;
            if (arg == "--seed")
                options.seed = number;
            if (arg == "--jobs")
                options.jobs = static_cast<unsigned>(std::min<std::uint64_t>(number, 256));
        } else {
            return usage(("unexpected argument: " + std::string(arg)).c_str());
        }
    }
    if (options.out.empty() || options.homes == 0) {
        return usage("--homes N (at least 1) and --out DIR are required");
    }
    std::error_code error;
    if (fs::exists(options.out, error) && !fs::is_empty(options.out, error)) {
        std::fprintf(stderr, "retrofit-portfolio: %s is not empty: give a new folder\n", options.out.c_str());
        return 1;
    }
    fs::create_directories(options.out + "/homes", error);
    fs::create_directories(options.out + "/results", error);
    if (error) {
        std::fprintf(stderr, "retrofit-portfolio: %s: %s\n", options.out.c_str(), error.message().c_str());
        return 1;
    }
    const auto start = std::chrono::steady_clock::now();
    std::string why;
    const std::string site = "{\n  \"title\": \"Synthetic portfolio: " + std::to_string(options.homes) + " homes, seed "
        + std::to_string(options.seed) + "\"\n}\n";
    if (!write_file(options.out + "/site.json", site, why)) {
        std::fprintf(stderr, "retrofit-portfolio: %s\n", why.c_str());
        return 1;
    }

    unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1U, std::thread::hardware_concurrency());
    jobs = static_cast<unsigned>(std::min<std::uint64_t>(jobs, options.homes));
    Totals totals;
    std::atomic<std::uint64_t> next {0};
    std::mutex why_lock;
    const auto work = [&] {
        std::string buffer;
        buffer.reserve(1U << 18U);
        for (;;) {
            const std::uint64_t index = next++;
            if (index >= options.homes || totals.failed)
                return;
            std::string failure;
            if (!make_one(options, index, totals, buffer, failure)) {
                const std::lock_guard<std::mutex> guard(why_lock);
                if (!totals.failed.exchange(true))
                    totals.why = failure;
                return;
            }
        }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < jobs; ++t) {
        threads.emplace_back(work);
    }
    work();
    for (std::thread& thread : threads) {
        thread.join();
    }
    if (totals.failed) {
        std::fprintf(stderr, "retrofit-portfolio: %s\n", totals.why.c_str());
        return 1;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!options.quiet) {
        std::printf("retrofit-portfolio: %llu homes (seed %llu) into %s: %llu home files, %llu results, "
                    "%.1f MB (%.1f KB a result on average) in %.1f s\n",
            static_cast<unsigned long long>(options.homes), static_cast<unsigned long long>(options.seed),
            options.out.c_str(), static_cast<unsigned long long>(totals.home_files.load()),
            static_cast<unsigned long long>(totals.results.load()), static_cast<double>(totals.bytes) / 1e6,
            totals.results != 0 ? static_cast<double>(totals.result_bytes) / 1e3 / static_cast<double>(totals.results)
                                : 0.0,
            seconds);
    }
    return 0;
}
