#include "load/spool.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace retrofit::json {

namespace {

/// What a worker holds before it writes: a write for some ten documents,
/// and little memory.
constexpr std::size_t k_flush_at = std::size_t {256} << 10U;

}  // namespace

void put_size(std::uint64_t n, std::string& out)
{
    // Seven bits a byte, the high bit set on all but the last.
    while (n >= 0x80U) {
        out.push_back(static_cast<char>((n & 0x7FU) | 0x80U));
        n >>= 7U;
    }
    out.push_back(static_cast<char>(n));
}

void put_number(double n, std::string& out)
{
    char bytes[sizeof n];
    std::memcpy(bytes, &n, sizeof n);
    out.append(bytes, sizeof n);
}

void put_text(std::string_view text, std::string& out)
{
    put_size(text.size(), out);
    out.append(text);
}

bool BytesReader::size(std::uint64_t& n)
{
    n = 0;
    for (unsigned shift = 0; shift < 64 && m_at < m_bytes.size(); shift += 7) {
        const auto byte = static_cast<unsigned char>(m_bytes[m_at++]);
        n |= static_cast<std::uint64_t>(byte & 0x7FU) << shift;
        if ((byte & 0x80U) == 0) {
            return true;
        }
    }
    m_at = m_bytes.size();
    return false;
}

bool BytesReader::number(double& n)
{
    if (m_bytes.size() - m_at < sizeof n) {
        m_at = m_bytes.size();
        return false;
    }
    std::memcpy(&n, m_bytes.data() + m_at, sizeof n);
    m_at += sizeof n;
    return true;
}

bool BytesReader::text(std::string& out)
{
    std::uint64_t n = 0;
    if (!size(n) || n > m_bytes.size() - m_at) {
        m_at = m_bytes.size();
        return false;
    }
    out.assign(m_bytes.substr(m_at, n));
    m_at += n;
    return true;
}

struct Spool::Worker {
    int fd = -1;
    std::uint64_t written = 0;  ///< bytes in the file
    std::string buffer;  ///< bytes put down after those

    /// Writes the buffer out; false, and no file any more, when it cannot.
    bool write_out()
    {
        std::size_t done = 0;
        while (done < buffer.size()) {
            const ssize_t n = ::write(fd, buffer.data() + done, buffer.size() - done);
            if (n <= 0) {
                // GCOVR_EXCL_START: a temporary folder that fills up during a build
                ::close(fd);
                fd = -1;
                return false;
                // GCOVR_EXCL_STOP
            }
            done += static_cast<std::size_t>(n);
        }
        written += buffer.size();
        buffer.clear();
        return true;
    }
};

Spool::Spool(unsigned workers)
{
    for (unsigned i = 0; i < workers; ++i) {
        m_workers.push_back(std::make_unique<Worker>());
    }
}

Spool::~Spool()
{
    for (const auto& worker : m_workers) {
        if (worker->fd >= 0) {
            ::close(worker->fd);
        }
    }
}

std::optional<SpoolPlace> Spool::put(unsigned worker, std::string_view bytes)
{
    Worker& w = *m_workers.at(worker);
    if (w.fd < 0) {
        // Created on first use, unlinked at once: nothing is left behind,
        // whatever becomes of the build.
        const char* folder = std::getenv("TMPDIR");
        std::string name
            = std::string(folder != nullptr && *folder != '\0' ? folder : "/tmp") + "/retrofit-spool-XXXXXX";
        w.fd = ::mkostemp(name.data(), O_CLOEXEC);
        if (w.fd < 0) {
            return std::nullopt;
        }
        ::unlink(name.c_str());
        w.buffer.reserve(k_flush_at + k_flush_at / 4);
    }
    const SpoolPlace place {worker, w.written + w.buffer.size(), bytes.size()};
    w.buffer.append(bytes);
    if (w.buffer.size() >= k_flush_at && !w.write_out()) {
        return std::nullopt;  // GCOVR_EXCL_LINE: see write_out()
    }
    return place;
}

void Spool::flush()
{
    for (const auto& worker : m_workers) {
        if (worker->fd >= 0) {
            worker->write_out();
        }
    }
}

bool Spool::get(const SpoolPlace& place, std::string& out) const
{
    if (place.file >= m_workers.size() || m_workers[place.file]->fd < 0) {
        return false;
    }
    out.resize(place.size);
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t n = ::pread(
            m_workers[place.file]->fd, out.data() + done, out.size() - done, static_cast<off_t>(place.offset + done));
        if (n <= 0) {
            return false;  // a place past the end of the file, or not yet written out
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace retrofit::json
