#pragma once

#include "model/model.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace retrofit::model {

/// A valid document as bytes, for json::Spool: validation packs what it
/// read, and rendering unpacks it instead of reading and checking its file
/// again. Numbers go as the doubles they were read as, so the site is the
/// same byte for byte either way. The bytes stay in the process that
/// packed them.

/// A home, its whole object included.
void pack(const Home& home, std::string& out);
/// A result; its baseline home's whole object only with_home_object (it
/// is published only for a home that has no file of its own).
void pack(const SimulationResult& result, bool with_home_object, std::string& out);

/// The document back, as read from the file at path; nullopt for bytes
/// pack() did not write.
std::optional<Home> unpack_home(std::string_view bytes, const std::string& path);
std::optional<SimulationResult> unpack_result(std::string_view bytes, const std::string& path);

}  // namespace retrofit::model
