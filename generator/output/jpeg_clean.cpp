#include "output/jpeg_clean.h"

#include <string_view>

namespace ttdn::output {
namespace {

constexpr unsigned char kSOI = 0xD8, kEOI = 0xD9, kSOS = 0xDA, kCOM = 0xFE;
constexpr unsigned char kAPP0 = 0xE0, kAPP2 = 0xE2, kAPP14 = 0xEE, kAPP15 = 0xEF;

bool starts_with(std::string_view payload, std::string_view prefix) {
  return payload.substr(0, prefix.size()) == prefix;
}

/// Whether a segment with marker `m` and `payload` (after the length) is published.
bool keep_segment(unsigned char m, std::string_view payload) {
  using namespace std::string_view_literals;
  if (m == kCOM) return false;
  if (m < kAPP0 || m > kAPP15) return true;  // tables, frame and scan headers, restart interval
  if (m == kAPP0) return starts_with(payload, "JFIF\0"sv) || starts_with(payload, "JFXX\0"sv);
  if (m == kAPP2) return starts_with(payload, "ICC_PROFILE\0"sv);
  if (m == kAPP14) return starts_with(payload, "Adobe"sv);
  return false;  // APP1 Exif/XMP (GPS), APP13 IPTC/Photoshop, APP2 MPF, maker notes…
}

bool is_restart(unsigned char m) { return m >= 0xD0 && m <= 0xD7; }

}  // namespace

std::string strip_jpeg_metadata(const std::string& in) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(in[k]); };
  if (in.size() < 4 || byte(0) != 0xFF || byte(1) != kSOI) return in;
  std::string out;
  out.reserve(in.size());
  out.append(in, 0, 2);
  // The structure broke (or the file ended early): what is clean so far, then EOI.
  auto cut = [&out] {
    out += '\xFF';
    out += static_cast<char>(kEOI);
    return out;
  };
  size_t i = 2;
  for (;;) {
    if (i >= in.size() || byte(i) != 0xFF) return cut();
    while (i < in.size() && byte(i) == 0xFF) ++i;  // fill bytes before a marker
    if (i >= in.size()) return cut();
    unsigned char m = byte(i++);
    if (m == kEOI) return cut();  // anything after EOI (trailers, MPF images) is dropped
    if (m == 0x01 || is_restart(m)) {  // markers without a segment
      out += '\xFF';
      out += static_cast<char>(m);
      continue;
    }
    if (m == kSOI || m == 0x00 || i + 2 > in.size()) return cut();
    size_t length = (static_cast<size_t>(byte(i)) << 8) | byte(i + 1);
    if (length < 2 || length > in.size() - i) return cut();
    if (keep_segment(m, std::string_view(in).substr(i + 2, length - 2))) {
      out += '\xFF';
      out += static_cast<char>(m);
      out.append(in, i, length);
    }
    i += length;
    if (m != kSOS) continue;
    // Entropy-coded data runs to the next marker other than a stuffed 00 or a restart.
    size_t start = i;
    while (i < in.size()) {
      if (byte(i) == 0xFF) {
        if (i + 1 == in.size()) break;  // a dangling FF: fill, not data (keeps this idempotent)
        unsigned char next = byte(i + 1);
        if (next == 0x00 || is_restart(next)) {
          i += 2;
          continue;
        }
        break;
      }
      ++i;
    }
    out.append(in, start, i - start);
  }
}

bool is_jpeg_name(const std::string& file_name) {
  auto dot = file_name.rfind('.');
  if (dot == std::string::npos) return false;
  std::string ext = file_name.substr(dot + 1);
  for (char& c : ext)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return ext == "jpg" || ext == "jpeg" || ext == "jpe" || ext == "jfif";
}

}  // namespace ttdn::output
