#include "load/spool.hpp"

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <unistd.h>

namespace retrofit::json {

namespace {

void put_size(std::uint64_t n, std::string& out)
{
    // Seven bits a byte, the high bit set on all but the last.
    while (n >= 0x80U) {
        out.push_back(static_cast<char>((n & 0x7FU) | 0x80U));
        n >>= 7U;
    }
    out.push_back(static_cast<char>(n));
}

struct Reader {
    std::string_view bytes;
    std::size_t at = 0;

    bool size(std::uint64_t& n)
    {
        n = 0;
        for (unsigned shift = 0; shift < 64 && at < bytes.size(); shift += 7) {
            const auto byte = static_cast<unsigned char>(bytes[at++]);
            n |= static_cast<std::uint64_t>(byte & 0x7FU) << shift;
            if ((byte & 0x80U) == 0) {
                return true;
            }
        }
        return false;
    }
    bool text(std::string& out)
    {
        std::uint64_t n = 0;
        if (!size(n) || n > bytes.size() - at) {
            return false;
        }
        out.assign(bytes.substr(at, n));
        at += n;
        return true;
    }
    bool value(Value& v, std::size_t depth)
    {
        std::uint64_t kind = 0;
        std::uint64_t boolean = 0;
        std::uint64_t offset = 0;
        std::uint64_t count = 0;
        if (depth > k_max_depth || !size(kind) || kind > static_cast<std::uint64_t>(Kind::object) || !size(boolean)
            || !size(offset) || !text(v.text) || !size(count) || count > bytes.size() - at) {
            return false;
        }
        v.kind = static_cast<Kind>(kind);
        v.boolean = boolean != 0;
        v.offset = offset;
        v.items.resize(count);
        if (v.kind == Kind::object) {
            v.keys.resize(count);
        }
        for (std::size_t i = 0; i < count; ++i) {
            if ((v.kind == Kind::object && !text(v.keys[i])) || !value(v.items[i], depth + 1)) {
                return false;
            }
        }
        return true;
    }
};

}  // namespace

void to_bytes(const Value& value, std::string& out)
{
    put_size(static_cast<std::uint64_t>(value.kind), out);
    put_size(value.boolean ? 1 : 0, out);
    put_size(value.offset, out);
    put_size(value.text.size(), out);
    out.append(value.text);
    put_size(value.items.size(), out);
    for (std::size_t i = 0; i < value.items.size(); ++i) {
        if (value.kind == Kind::object) {
            put_size(value.keys[i].size(), out);
            out.append(value.keys[i]);
        }
        to_bytes(value.items[i], out);
    }
}

std::optional<Value> from_bytes(std::string_view bytes)
{
    Reader reader {bytes};
    Value root;
    if (!reader.value(root, 0) || reader.at != bytes.size()) {
        return std::nullopt;
    }
    return root;
}

struct Spool::Worker {
    int fd = -1;
    std::uint64_t end = 0;  ///< bytes written so far
    std::string buffer;
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

std::optional<SpoolPlace> Spool::put(unsigned worker, const Value& root)
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
    }
    w.buffer.clear();
    to_bytes(root, w.buffer);
    std::size_t done = 0;
    while (done < w.buffer.size()) {
        const ssize_t n = ::write(w.fd, w.buffer.data() + done, w.buffer.size() - done);
        if (n <= 0) {
            // GCOVR_EXCL_START: a temporary folder that fills up during a build
            ::close(w.fd);
            w.fd = -1;
            return std::nullopt;
            // GCOVR_EXCL_STOP
        }
        done += static_cast<std::size_t>(n);
    }
    const SpoolPlace place {worker, w.end, w.buffer.size()};
    w.end += w.buffer.size();
    return place;
}

std::optional<Value> Spool::get(const SpoolPlace& place) const
{
    if (place.file >= m_workers.size() || m_workers[place.file]->fd < 0) {
        return std::nullopt;
    }
    std::string bytes(place.size, '\0');
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::pread(m_workers[place.file]->fd, bytes.data() + done, bytes.size() - done,
            static_cast<off_t>(place.offset + done));
        if (n <= 0) {
            return std::nullopt;  // a place past the end of the file
        }
        done += static_cast<std::size_t>(n);
    }
    return from_bytes(bytes);
}

}  // namespace retrofit::json
