// Image processing through libvips: one source image becomes width variants in its own
// format and as WebP, plus an Open Graph card, all without metadata (SPEC §10: no
// location, no camera serial). Pure: bytes in, bytes out; the cache and the output are
// the caller's (images/image_set.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ttdn::images {

/// What a build asks of every image. Part of the cache key: change one, every image is
/// made again.
struct Settings {
  std::vector<int> widths = {480, 960, 1600};  // ascending; never above the source's width
  int jpeg_quality = 82;
  int webp_quality = 80;
  int og_width = 1200;
  int og_height = 630;
  /// Text naming every setting and the libvips version, hashed into the cache key.
  std::string fingerprint() const;
};

/// One file made from a source image.
struct Variant {
  int width = 0;
  int height = 0;
  std::string format;  // "jpg", "png" or "webp"; "og" files are "jpg"
  bool og = false;     // the Open Graph card (og_width × og_height, cover crop)
  std::string bytes;
  /// Cache-entry file name: "480.jpg", "480.webp", "og.jpg".
  std::string name() const;
};

struct Processed {
  std::optional<std::string> error;  // set when the bytes are not a usable image
  int width = 0;                     // the source, upright (after EXIF orientation)
  int height = 0;
  std::vector<Variant> variants;     // own format and WebP per width, ascending, then og
};

/// "jpg" for .jpg/.jpeg, "png", "webp" (any case); nullopt for a type that is not
/// processed (SVG and GIF are published as they are; anything else is unsupported).
std::optional<std::string> processed_format(const std::string& file_name);
/// True for .svg and .gif: images published as they are, without variants.
bool is_passthrough_image(const std::string& file_name);

/// Makes every variant of `bytes` (an image of `format`). Thread-safe; initialises libvips
/// on first use.
Processed process_image(const std::string& bytes, const std::string& format, const Settings& settings);

/// Sets libvips' worker threads per image (1 when images run in parallel; 0 = its default).
void set_concurrency(int threads);

}  // namespace ttdn::images
