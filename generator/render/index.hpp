#pragma once

#include "model/model.hpp"
#include "render/listing.hpp"
#include "render/pages.hpp"
#include "render/templates.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace retrofit::render {

/// One page of the portfolio index, as the file it is published as.
struct IndexPage {
    std::string path;  ///< index.html, index-2.html, ...
    std::string html;
};

/// The file name of index page number (from 1): the first is index.html, so
/// the site's root URL is the start of the index.
std::string index_page_path(std::size_t number);

/// The portfolio index: every home once, in UPRN order, settings.page_size
/// to a page, each page with the totals of the whole portfolio and links to
/// the other pages. Always at least one page, even with no homes.
/// How many index pages a portfolio of homes has: at least one.
std::size_t index_page_count(const model::Settings& settings, std::size_t homes);

/// Index page number (from 1), on its own, so that pages can be rendered
/// on several threads.
IndexPage index_page(
    const Templates& templates, const model::Settings& settings, const Listing<IndexRow>& rows, std::size_t number);
IndexPage index_page(
    const Templates& templates, const model::Settings& settings, const std::vector<IndexRow>& rows, std::size_t number);

std::vector<IndexPage> index_pages(
    const Templates& templates, const model::Settings& settings, const std::vector<IndexRow>& rows);

}  // namespace retrofit::render
