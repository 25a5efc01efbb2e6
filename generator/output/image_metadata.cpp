#include "output/image_metadata.h"

#include <cstdint>
#include <string_view>

#include "output/jpeg_clean.h"

namespace ttdn::output {
namespace {

using namespace std::string_view_literals;

constexpr std::string_view kPngSignature = "\x89PNG\r\n\x1A\n"sv;
/// The whole IEND chunk: length 0, type, CRC.
constexpr std::string_view kPngEnd = "\0\0\0\0IEND\xAE\x42\x60\x82"sv;

uint32_t be32(const std::string& b, size_t at) {
  uint32_t v = 0;
  for (size_t k = 0; k < 4; ++k) v = v << 8 | static_cast<unsigned char>(b[at + k]);
  return v;
}

uint32_t le32(const std::string& b, size_t at) {
  uint32_t v = 0;
  for (size_t k = 4; k-- > 0;) v = v << 8 | static_cast<unsigned char>(b[at + k]);
  return v;
}

void put_le32(std::string& b, size_t at, uint32_t v) {
  for (size_t k = 0; k < 4; ++k) b[at + k] = static_cast<char>((v >> (8 * k)) & 0xFF);
}

bool keep_png_chunk(std::string_view type) {
  static constexpr std::string_view kKept[] = {"IHDR", "PLTE", "IDAT", "tRNS", "cHRM", "gAMA",
                                               "iCCP", "sBIT", "sRGB", "bKGD", "hIST", "sPLT",
                                               "pHYs", "acTL", "fcTL", "fdAT"};
  for (auto k : kKept)
    if (type == k) return true;
  return false;
}

std::string lower_extension(const std::string& file_name) {
  auto dot = file_name.rfind('.');
  if (dot == std::string::npos) return "";
  std::string ext = file_name.substr(dot + 1);
  for (char& c : ext)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return ext;
}

}  // namespace

std::string strip_png_metadata(const std::string& in) {
  if (in.size() < kPngSignature.size() || std::string_view(in).substr(0, 8) != kPngSignature) return in;
  std::string out(kPngSignature);
  out.reserve(in.size());
  for (size_t at = kPngSignature.size(); at + 12 <= in.size();) {
    const size_t length = be32(in, at);
    if (length > in.size() - at - 12) break;  // runs past the end: cut here
    std::string_view type = std::string_view(in).substr(at + 4, 4);
    if (type == "IEND") break;  // anything after it is dropped
    if (keep_png_chunk(type)) out.append(in, at, 12 + length);
    at += 12 + length;
  }
  out += kPngEnd;
  return out;
}

std::string strip_webp_metadata(const std::string& in, bool keep_icc) {
  if (in.size() < 12 || in.compare(0, 4, "RIFF") != 0 || in.compare(8, 4, "WEBP") != 0) return in;
  std::string out = in.substr(0, 12);
  out.reserve(in.size());
  for (size_t at = 12; at + 8 <= in.size();) {
    const std::string_view fourcc = std::string_view(in).substr(at, 4);
    const size_t size = le32(in, at + 4);
    if (size > in.size() - at - 8) break;  // runs past the end: cut here
    const bool drop = fourcc == "EXIF" || fourcc == "XMP " || (!keep_icc && fourcc == "ICCP");
    if (!drop) {
      const size_t start = out.size();
      out.append(in, at, 8 + size);
      if (size & 1) out += '\0';  // chunks are padded to an even size (restored if missing)
      if (fourcc == "VP8X" && size >= 1) {
        unsigned char flags = static_cast<unsigned char>(out[start + 8]) & ~0x0C;  // EXIF, XMP
        if (!keep_icc) flags &= ~0x20;
        out[start + 8] = static_cast<char>(flags);
      }
    }
    at += 8 + size + (size & 1);
  }
  put_le32(out, 4, static_cast<uint32_t>(out.size() - 8));
  return out;
}

std::string strip_image_metadata(const std::string& file_name, std::string bytes) {
  if (is_jpeg_name(file_name)) return strip_jpeg_metadata(bytes);
  const std::string ext = lower_extension(file_name);
  if (ext == "png" || ext == "apng") return strip_png_metadata(bytes);
  if (ext == "webp") return strip_webp_metadata(bytes);
  return bytes;
}

}  // namespace ttdn::output
