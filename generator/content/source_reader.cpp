#include "content/source_reader.h"

#include <cerrno>
#include <cstdint>

#include "io/files.h"
#include "text/unicode.h"

namespace ttdn::content {

std::optional<std::string> normalise_source(std::string bytes, const std::string& file,
                                            diag::Diagnostics& diags) {
  if (auto bad = text::find_invalid_utf8(bytes)) {
    int line = 1, column = 1;
    for (size_t i = 0; i < *bad; ++i) {
      if (bytes[i] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(bytes[i]) & 0xC0) != 0x80) {
        ++column;
      }
    }
    bool nul = bytes[*bad] == '\0';
    diags.error(file, line, column, nul ? "nul-byte" : "invalid-utf8",
                std::string(nul ? "NUL byte" : "invalid UTF-8") + " at byte offset " +
                    std::to_string(*bad) + ": save the file as UTF-8 text");
    return std::nullopt;
  }
  if (bytes.rfind("\xEF\xBB\xBF", 0) == 0) bytes.erase(0, 3);
  if (bytes.find('\r') != std::string::npos) {
    std::string lf;
    lf.reserve(bytes.size());
    for (size_t i = 0; i < bytes.size(); ++i) {
      if (bytes[i] == '\r') {
        lf += '\n';
        if (i + 1 < bytes.size() && bytes[i + 1] == '\n') ++i;
      } else {
        lf += bytes[i];
      }
    }
    bytes.swap(lf);
  }
  return text::to_nfc(std::move(bytes));
}

std::optional<std::string> read_source(const std::filesystem::path& path, const std::string& file,
                                       diag::Diagnostics& diags) {
  // Memory stays bounded whatever lands in content/: a source is read whole, several times
  // over (UTF-16 for NFC), and no page needs more (Markdown publishes at most 4 MiB).
  constexpr uint64_t kMaxBytes = uint64_t{16} << 20;
  auto bytes = io::read_file(path, kMaxBytes);
  if (!bytes) {
    const bool too_large = errno == EFBIG;
    std::error_code ec;
    if (auto size = std::filesystem::file_size(path, ec); too_large && !ec)
      diags.error(file, 0, 0, "too-large",
                  "the file is " + std::to_string(size >> 20) +
                      " MiB; sources are limited to 16 MiB (split it, or move data to assets/)");
    else
      diags.error(file, 0, 0, "unreadable", "cannot read the file");
    return std::nullopt;
  }
  return normalise_source(std::move(*bytes), file, diags);
}

}  // namespace ttdn::content
