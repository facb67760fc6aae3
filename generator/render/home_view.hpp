#pragma once

#include "derive/comparison.hpp"
#include "model/model.hpp"

#include <kainjow/mustache.hpp>

namespace retrofit::render {

/// The headline figures of a simulation as text, above its chart: a year's
/// energy, running cost and carbon before and after the plan, the savings,
/// and the EPC band now and predicted after the plan.
void fill_headline(kainjow::mustache::data& view, const model::Home& home, const model::SimulationResult& result,
    const derive::Comparison& comparison);

/// The plan's measures grouped by category, in the order categories first
/// appear, each with the stage that brings it and that stage's payback.
void fill_categories(kainjow::mustache::data& list, const model::SimulationResult& result);

/// "7 to 12 years", "12 years", or empty when the plan gives none.
std::string payback_text(const model::Stage& stage);

}  // namespace retrofit::render
