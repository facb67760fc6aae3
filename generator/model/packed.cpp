#include "model/packed.hpp"

#include "load/spool.hpp"

#include <cstdint>
#include <memory>

namespace retrofit::model {

namespace {

void put_flag(bool flag, std::string& out)
{
    json::put_size(flag ? 1 : 0, out);
}

/// A whole number as its two's complement bits: exactly, whatever its sign.
void put_integer(long long n, std::string& out)
{
    json::put_size(static_cast<std::uint64_t>(n), out);
}

void put_optional(const std::optional<std::string>& text, std::string& out)
{
    put_flag(text.has_value(), out);
    if (text) {
        json::put_text(*text, out);
    }
}

void put_optional(const std::optional<long long>& n, std::string& out)
{
    put_flag(n.has_value(), out);
    if (n) {
        put_integer(*n, out);
    }
}

void put_summary(const Summary& summary, std::string& out)
{
    json::put_number(summary.energy, out);
    json::put_number(summary.co2e, out);
    json::put_number(summary.operating_cost, out);
}

void put_profile(const EnergyProfile& profile, std::string& out)
{
    put_summary(profile.annual, out);
    for (const Summary& month : profile.monthly) {
        put_summary(month, out);
    }
    json::put_number(profile.annual_generation, out);
    put_optional(profile.predicted_epc_rating, out);
}

void put_home(const Home& home, std::string_view object, std::string& out)
{
    json::put_text(home.uprn, out);
    json::put_size(home.address_lines.size(), out);
    for (const std::string& line : home.address_lines) {
        json::put_text(line, out);
    }
    for (const auto* text : {&home.town, &home.postcode, &home.property_type, &home.built_form}) {
        json::put_text(*text, out);
    }
    json::put_number(home.total_floor_area, out);
    put_optional(home.epc_rating, out);
    put_optional(home.epc_score, out);
    put_flag(!object.empty(), out);
    if (!object.empty()) {
        json::put_text(object, out);
    }
}

/// Reads what the put_*() functions above wrote, in the same order; once
/// a read fails, every read after it fails too.
class Unpacker {
public:
    explicit Unpacker(std::string_view bytes)
        : m_reader(bytes)
    {
    }

    /// Whether everything read, and nothing is left over.
    bool whole() const { return m_ok && m_reader.done(); }

    void text(std::string& out) { m_ok = m_ok && m_reader.text(out); }
    void number(double& n) { m_ok = m_ok && m_reader.number(n); }
    bool flag()
    {
        std::uint64_t n = 0;
        m_ok = m_ok && m_reader.size(n) && n <= 1;
        return m_ok && n == 1;
    }
    /// How many things follow, each of a byte or more.
    std::size_t count()
    {
        std::uint64_t n = 0;
        m_ok = m_ok && m_reader.size(n) && n <= m_reader.left();
        return m_ok ? static_cast<std::size_t>(n) : 0;
    }
    void optional(std::optional<std::string>& out)
    {
        if (flag()) {
            text(out.emplace());
        }
    }
    void optional(std::optional<long long>& out)
    {
        std::uint64_t n = 0;
        if (flag()) {
            m_ok = m_ok && m_reader.size(n);
            out = static_cast<long long>(n);
        }
    }
    void summary(Summary& summary)
    {
        number(summary.energy);
        number(summary.co2e);
        number(summary.operating_cost);
    }
    void profile(EnergyProfile& profile)
    {
        summary(profile.annual);
        for (Summary& month : profile.monthly) {
            summary(month);
        }
        number(profile.annual_generation);
        optional(profile.predicted_epc_rating);
    }
    void home(Home& home, const std::string& path)
    {
        text(home.uprn);
        home.address_lines.resize(count());
        for (std::string& line : home.address_lines) {
            text(line);
        }
        for (auto* field : {&home.town, &home.postcode, &home.property_type, &home.built_form}) {
            text(*field);
        }
        number(home.total_floor_area);
        optional(home.epc_rating);
        optional(home.epc_score);
        if (flag()) {
            text(home.raw_text);
        }
        home.source_path = path;
    }

private:
    json::BytesReader m_reader;
    bool m_ok = true;
};

}  // namespace

void pack(const Home& home, std::string_view object, std::string& out)
{
    put_home(home, object, out);
}

void pack(const SimulationResult& result, std::string_view home_object, std::string& out)
{
    json::put_text(result.simulation_id, out);
    put_home(result.baseline_home, home_object, out);
    put_profile(result.baseline, out);
    json::put_size(result.plan.size(), out);
    for (const Stage& stage : result.plan) {
        json::put_size(stage.improvements.size(), out);
        for (const Improvement& improvement : stage.improvements) {
            json::put_text(improvement.category, out);
            json::put_text(improvement.measure, out);
        }
        put_profile(stage.profile, out);
        put_optional(stage.payback_years[0], out);
        put_optional(stage.payback_years[1], out);
    }
}

std::optional<Home> unpack_home(std::string_view bytes, const std::string& path)
{
    Unpacker in(bytes);
    Home home;
    in.home(home, path);
    return in.whole() ? std::optional(std::move(home)) : std::nullopt;
}

std::optional<SimulationResult> unpack_result(std::string_view bytes, const std::string& path)
{
    Unpacker in(bytes);
    SimulationResult result;
    in.text(result.simulation_id);
    in.home(result.baseline_home, path);
    in.profile(result.baseline);
    result.plan.resize(in.count());
    for (Stage& stage : result.plan) {
        stage.improvements.resize(in.count());
        for (Improvement& improvement : stage.improvements) {
            in.text(improvement.category);
            in.text(improvement.measure);
        }
        in.profile(stage.profile);
        in.optional(stage.payback_years[0]);
        in.optional(stage.payback_years[1]);
    }
    result.source_path = path;
    return in.whole() ? std::optional(std::move(result)) : std::nullopt;
}

}  // namespace retrofit::model
