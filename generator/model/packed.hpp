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

/// A home, with its whole object as its API file holds it
/// (render::home_object_text(); empty: none).
void pack(const Home& home, std::string_view object, std::string& out);
/// A result, with its baseline home's whole object likewise, which is
/// published only for a home that has no file of its own (empty: not).
void pack(const SimulationResult& result, std::string_view home_object, std::string& out);

/// The document back, as read from the file at path, its home's object in
/// raw_text; nullopt for bytes pack() did not write.
std::optional<Home> unpack_home(std::string_view bytes, const std::string& path);
std::optional<SimulationResult> unpack_result(std::string_view bytes, const std::string& path);

}  // namespace retrofit::model
