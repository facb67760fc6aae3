#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace retrofit::render {

/// The items of a list made one at a time, as they are asked for: the index
/// rows and catalogue entries of a big portfolio, all held at once, would
/// be megabytes kept for a moment's use.
template <typename T>
struct Listing {
    std::size_t size = 0;
    std::function<T(std::size_t)> at;  ///< item i, for i below size

    /// The items of a vector, which must outlive the listing.
    static Listing of(const std::vector<T>& items)
    {
        return {items.size(), [&items](std::size_t i) { return items[i]; }};
    }
};

}  // namespace retrofit::render
