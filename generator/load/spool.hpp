#pragma once

#include "load/json.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace retrofit::json {

/// Where a tree went in a Spool.
struct SpoolPlace {
    std::uint32_t file = 0;
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
};

/// Trees put down on disk between the two passes of a build: validation
/// reads each result once and keeps what the site reads of it here, so that
/// rendering never parses it again, while memory holds only where each
/// tree went. One unlinked temporary file per worker, gone when the spool
/// is; a spool that cannot write says so (put() gives nothing) and the
/// build reads the file again instead.
class Spool {
public:
    explicit Spool(unsigned workers);
    ~Spool();
    Spool(const Spool&) = delete;
    Spool& operator=(const Spool&) = delete;

    /// Writes root to the worker's file; nullopt when it cannot.
    std::optional<SpoolPlace> put(unsigned worker, const Value& root);
    /// The tree put at place; nullopt when it cannot be read back whole.
    /// Safe from any thread.
    std::optional<Value> get(const SpoolPlace& place) const;

private:
    struct Worker;
    std::vector<std::unique_ptr<Worker>> m_workers;
};

/// A tree as bytes, and back: kind, boolean, offset, text, keys and items,
/// each exactly. from_bytes() gives nullopt for bytes to_bytes() did not write.
void to_bytes(const Value& value, std::string& out);
std::optional<Value> from_bytes(std::string_view bytes);

}  // namespace retrofit::json
