#include "search/gzip.h"

#include <libdeflate.h>
#include <zlib.h>

#include <vector>

namespace ttdn::search {

namespace {

/// One compressor per thread (it holds several hundred KiB of tables), freed with it.
class Compressor {
 public:
  Compressor() : c_(libdeflate_alloc_compressor(kLevel)) {}
  ~Compressor() { libdeflate_free_compressor(c_); }
  Compressor(const Compressor&) = delete;
  Compressor& operator=(const Compressor&) = delete;
  libdeflate_compressor* get() const { return c_; }

 private:
  // libdeflate's level 1. On the N = 10,000 benchmark's 22,673 index files (176 MB) it
  // takes 0.98 s where level 3 takes 1.55 s and level 6 2.28 s, for 69.4 MB against 66.9
  // and 65.5 MB: 6 % more bytes, of which a query loads a few shards and fragments (tens of
  // kilobytes), for a cold build's most costly compression cut by more than half.
  // (zlib's level 6 took 4.7 s for 65.7 MB.)
  static constexpr int kLevel = 1;
  libdeflate_compressor* c_;
};

}  // namespace

std::string gzip(std::string_view bytes) {
  // No time stamp, no name: the same bytes give the same file.
  thread_local Compressor compressor;
  if (!compressor.get()) return {};
  // Compressed into a buffer kept by the thread, then copied at its size (about a third of
  // the bound): no zero-filled bound-sized string for every file.
  thread_local std::vector<char> buffer;
  const size_t bound = libdeflate_gzip_compress_bound(compressor.get(), bytes.size());
  if (buffer.size() < bound) buffer.resize(bound);
  size_t n = libdeflate_gzip_compress(compressor.get(), bytes.data(), bytes.size(), buffer.data(),
                                      bound);
  return std::string(buffer.data(), n);  // n = 0: it did not fit, which the bound rules out
}

std::optional<std::string> gunzip(std::string_view bytes) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return std::nullopt;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  char buf[16384];
  int rc;
  do {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out.append(buf, sizeof buf - z.avail_out);
  } while (rc != Z_STREAM_END);
  inflateEnd(&z);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

}  // namespace ttdn::search
