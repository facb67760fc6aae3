#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace retrofit::json {

/// Where bytes went in a Spool.
struct SpoolPlace {
    std::uint32_t file = 0;
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
};

/// Bytes put down on disk between the two passes of a build: validation
/// reads each file once and keeps what rendering needs of it here, so that
/// rendering never reads or checks it again, while memory holds only where
/// each went. One unlinked temporary file per worker, gone when the spool
/// is, written a quarter megabyte at a time; a spool that cannot write says so
/// (put() or get() gives nothing) and the build reads the file again instead.
class Spool {
public:
    explicit Spool(unsigned workers);
    ~Spool();
    Spool(const Spool&) = delete;
    Spool& operator=(const Spool&) = delete;

    /// Puts bytes down in the worker's file; nullopt when it cannot.
    std::optional<SpoolPlace> put(unsigned worker, std::string_view bytes);
    /// Writes out what the workers still hold: call it once they are done,
    /// before get().
    void flush();
    /// The bytes put at place, into out (reused); false when they cannot be
    /// read back whole. Safe from any thread.
    bool get(const SpoolPlace& place, std::string& out) const;

private:
    struct Worker;
    std::vector<std::unique_ptr<Worker>> m_workers;
};

/// Sizes, numbers and texts as the spool's callers write them: a size in
/// seven bits a byte, a number's eight bytes as they are in memory, a text
/// after its size. The spool is read by the process that wrote it.
void put_size(std::uint64_t n, std::string& out);
void put_number(double n, std::string& out);
void put_text(std::string_view text, std::string& out);

/// Reads back what the put_*() functions wrote: each call
/// gives false, and reads nothing more, at bytes they did not write.
class BytesReader {
public:
    explicit BytesReader(std::string_view bytes)
        : m_bytes(bytes)
    {
    }
    bool size(std::uint64_t& n);
    bool number(double& n);
    bool text(std::string& out);
    /// Bytes not read yet: a count of things that take a byte or more each
    /// cannot be more than this.
    std::size_t left() const { return m_bytes.size() - m_at; }
    /// Whether every byte was read.
    bool done() const { return m_at == m_bytes.size(); }

private:
    std::string_view m_bytes;
    std::size_t m_at = 0;
};

}  // namespace retrofit::json
