// Reading a whole built site for the security tests: every output file with its bytes,
// gzip files (search index) inflated so that what they hold is checked too.
#pragma once

#include <zlib.h>

#include <map>
#include <string>

#include "../support.h"

namespace ttdn::testing {

/// The content of a gzip stream, or "" if `bytes` is not one.
inline std::string gunzip_bytes(const std::string& bytes) {
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return {};
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  char buf[65536];
  int rc;
  do {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  } while (rc == Z_OK);
  inflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string();
}

/// Every file of a built site, path → bytes; `x.json.gz` also appears inflated as
/// `x.json.gz|inflated` so that checks see what the browser will see.
inline std::map<std::string, std::string> output_files(const fs::path& dir) {
  auto files = snapshot(dir);
  std::map<std::string, std::string> extra;
  for (const auto& [path, bytes] : files)
    if (bytes.size() > 2 && static_cast<unsigned char>(bytes[0]) == 0x1F &&
        static_cast<unsigned char>(bytes[1]) == 0x8B)
      extra[path + "|inflated"] = gunzip_bytes(bytes);
  files.insert(extra.begin(), extra.end());
  return files;
}

}  // namespace ttdn::testing
