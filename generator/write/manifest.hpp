#pragma once

#include "derive/comparison.hpp"
#include "model/content.hpp"
#include "model/model.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace retrofit::write {

/// An input file as a build saw it. Size, modification and change times
/// and inode say "unchanged" without reading the file; when they differ
/// the content hash still can (a file touched or copied back unchanged).
/// The change time cannot be set by hand, so a file given an old
/// modification time with different bytes is still seen as changed.
struct Stamp {
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::int64_t ctime_ns = 0;
    std::uint64_t inode = 0;
    std::uint64_t hash = 0;  ///< hash_bytes() of the content

    bool operator==(const Stamp& other) const = default;
    bool same_metadata(const Stamp& other) const
    {
        return size == other.size && mtime_ns == other.mtime_ns && ctime_ns == other.ctime_ns && inode == other.inode;
    }
};

/// A folder held open to stamp files in it by a path relative to it: the
/// system then looks up only the names below it, not every folder on the
/// way from the root again (a rebuild stamps every input and output, tens
/// of thousands of files, and the lookups were a fifth of its time).
class OpenFolder {
public:
    explicit OpenFolder(const std::filesystem::path& path);
    ~OpenFolder();
    OpenFolder(const OpenFolder&) = delete;
    OpenFolder& operator=(const OpenFolder&) = delete;

    /// The metadata part of the stamp of the file at relative (what stat()
    /// gives); nullopt when it cannot be read, or the folder could not be
    /// opened (then nothing in it can be read either).
    std::optional<Stamp> stamp(const char* relative) const;

private:
    int m_fd = -1;
};

/// A fast 64-bit hash of bytes (not cryptographic: it tells edits apart).
std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t seed = 0);

/// hash_bytes() made for a whole file: 32 bytes at a time, in four lanes
/// that mix side by side (a cold build with --manifest hashes every input,
/// 80 KB a home). A different function, with different values.
std::uint64_t content_hash(std::string_view bytes);

/// What the last successful build learnt, so that the next one reads and
/// renders only what changed. Kept outside the output folder (--manifest),
/// never published. Any doubt (missing, unreadable, another generator or
/// other templates) means a full build, never a wrong one.
struct Manifest {
    std::uint64_t reader_key = 0;  ///< the generator that read the inputs
    std::uint64_t build_key = 0;  ///< generator, templates, settings and options that rendered them

    /// A valid content file and what validation kept of it.
    struct Input {
        Stamp stamp;
        /// One of the two: a home file's facts or a result's summary. Held
        /// by pointer, so that an input costs only what it holds.
        std::shared_ptr<const model::Facts> home;
        std::shared_ptr<const model::ResultSummary> result;
    };
    std::map<std::string, Input> inputs;  ///< by path under the content folder ("homes/1001.json")

    /// A home's outputs, and what the index and catalogue show of it. A
    /// home's inputs and files are named by its UPRN and simulation ids
    /// (home_files()), so only their sizes are kept: a big portfolio's
    /// records would otherwise be mostly paths.
    struct HomeOutputs {
        bool home_file = false;  ///< rendered from a home file of its own as well as its results
        std::vector<std::string> simulation_ids;  ///< of its results, in order
        std::vector<std::uint64_t> sizes;  ///< of its home_files(), in their order
        /// Path and size of each file, only in the portfolio's record: its
        /// files (index pages, catalogue, static files) are named by no UPRN.
        std::vector<std::pair<std::string, std::uint64_t>> files;
        std::optional<derive::Figure> annual;
        std::uint64_t listing = 0;  ///< listing_key() of the home as the index pages and catalogue show it
    };
    std::map<std::string, HomeOutputs> homes;  ///< by UPRN

    /// How it lay on disk when read: the whole manifest, then the changes
    /// appended to it since (see ManifestChange).
    std::uint64_t whole_bytes = 0;
    std::uint64_t change_bytes = 0;
    std::size_t changes = 0;
};

/// What differs between the manifest a build read and the one it leaves:
/// when that is little (one result changed), it is appended to the file as
/// one line, instead of the whole manifest written again.
struct ManifestChange {
    std::vector<std::string> inputs;  ///< paths whose record is new or different
    std::vector<std::string> removed_inputs;
    std::vector<std::string> homes;  ///< UPRNs (the portfolio's too) whose record is new or different
    std::vector<std::string> removed_homes;
    /// The manifest it goes onto, as read: its layout on disk.
    std::uint64_t whole_bytes = 0;
    std::uint64_t change_bytes = 0;
    std::size_t changes = 0;
};

/// Changes a manifest file holds before the next build writes it whole again.
constexpr std::size_t k_max_manifest_changes = 16;

/// The files a home is rendered into, relative to the output folder: per
/// simulation its comparison API file and chart spec, then the home's API
/// file and page.
std::vector<std::string> home_files(const std::string& uprn, const std::vector<std::string>& simulation_ids);
/// How many that is: two a simulation, two a home.
constexpr std::size_t home_file_count(std::size_t simulations)
{
    return 2 * simulations + 2;
}

/// The files a home's record names (its home_files()), with their sizes.
/// The portfolio's record lists its own, in files.
std::vector<std::pair<std::string, std::uint64_t>> recorded_files(
    const std::string& uprn, const Manifest::HomeOutputs& record);

/// A hash of all that the portfolio's pages (index, catalogue, shard
/// manifest) show of a home: when no home's has changed, nor the list of
/// homes, nor the build key, those pages would come out the same.
std::uint64_t listing_key(const model::Home& facts, const std::vector<std::string>& simulation_ids,
    const std::optional<derive::Figure>& annual);

/// The manifest at path, or nullopt when there is none or it cannot be trusted.
std::optional<Manifest> read_manifest(const std::filesystem::path& path);

/// Writes the manifest: when a change is given and the file would stay
/// small (fewer than k_max_manifest_changes changes, together under half
/// the whole manifest's size), by appending it as one line; otherwise whole,
/// through a temporary file. False when it cannot. A line cut short by a
/// crash makes the file no manifest: the next build is a full one.
bool write_manifest(
    const std::filesystem::path& path, const Manifest& manifest, const ManifestChange* change = nullptr);

/// A shard build's account of its homes, for merge: written into the
/// shard's folder under this name, beside the homes' files.
constexpr const char* k_shard_manifest = ".retrofit-shard.json";

struct ShardManifest {
    std::size_t index = 0;  ///< from 0
    std::size_t count = 1;
    std::uint64_t fingerprint = 0;  ///< of the generator, templates and assets that rendered it
    model::Settings settings;
    struct Home {
        model::Home facts;  ///< Facts::home()
        std::vector<std::string> simulation_ids;
        std::optional<derive::Figure> annual;
    };
    std::vector<Home> homes;  ///< in UPRN order
};

/// The shard manifest as published (JSON, deterministic).
std::string shard_manifest_text(const ShardManifest& shard);
/// Nullopt when text is not a shard manifest of this generator's format.
std::optional<ShardManifest> parse_shard_manifest(const std::string& bytes);

/// Which of count shards a home belongs to: a stable hash of its UPRN, the
/// same on every machine and every run.
std::size_t shard_of(std::string_view uprn, std::size_t count);

}  // namespace retrofit::write
