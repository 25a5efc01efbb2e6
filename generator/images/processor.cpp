#include "images/processor.h"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <string>
#include <vector>

#include <vips/vips8>

#include "output/image_metadata.h"

namespace ttdn::images {
namespace {

using vips::VImage;

std::string lower_extension(const std::string& file_name) {
  auto dot = file_name.rfind('.');
  if (dot == std::string::npos) return "";
  std::string ext = file_name.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

void quiet_log(const char*, GLogLevelFlags, const char*, void*) {}

/// Starts libvips once per process. Its warnings (a truncated file…) would go to stderr
/// from deep inside the library; the processor reports failures itself instead.
bool ensure_started() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] {
    ok = VIPS_INIT("ttdn") == 0;
    if (!ok) return;
    vips_cache_set_max(0);  // every image is seen once: nothing to gain, memory to lose
    g_log_set_handler("VIPS", static_cast<GLogLevelFlags>(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE),
                      quiet_log, nullptr);
  });
  return ok;
}

/// The loader libvips picks for `bytes`, if it is one of the formats processed here.
std::optional<std::string> detected_format(const std::string& bytes) {
  const char* loader = vips_foreign_find_load_buffer(bytes.data(), bytes.size());
  vips_error_clear();
  if (!loader) return std::nullopt;
  std::string name = loader;
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  if (name.find("jpeg") != std::string::npos) return "jpg";
  if (name.find("png") != std::string::npos) return "png";
  if (name.find("webp") != std::string::npos) return "webp";
  return std::nullopt;
}

/// Releases a VipsBlob (which does not own the bytes it points at).
struct BlobRef {
  VipsBlob* blob;
  ~BlobRef() { vips_area_unref(VIPS_AREA(blob)); }
};

/// `img` without the metadata a camera or editor leaves: Exif (GPS, serial numbers), XMP,
/// IPTC, Photoshop blocks, ICC profiles (the pixels are sRGB by now), comments. libvips
/// 8.14's `strip` does not reach every saver (webpsave kept Exif), so it is done here too.
VImage without_metadata(VImage img) {
  img = img.copy();
  gchar** fields = vips_image_get_fields(img.get_image());
  std::vector<std::string> drop;
  for (int i = 0; fields[i]; ++i) {
    std::string f = fields[i];
    bool blob = f.size() > 5 && f.compare(f.size() - 5, 5, "-data") == 0;
    if (blob || f.rfind("exif-", 0) == 0 || f.find("comment") != std::string::npos ||
        f == VIPS_META_ORIENTATION)
      drop.push_back(f);
  }
  g_strfreev(fields);
  for (const auto& f : drop) img.remove(f.c_str());
  return img;
}

std::string save(VImage img, const std::string& format, const Settings& s) {
  if (format == "jpg" && img.has_alpha())
    img = img.flatten(VImage::option()->set("background", std::vector<double>{255, 255, 255}));
  void* buf = nullptr;
  size_t size = 0;
  if (format == "jpg") {
    img.write_to_buffer(".jpg", &buf, &size,
                        VImage::option()
                            ->set("Q", s.jpeg_quality)
                            ->set("strip", true)
                            ->set("optimize_coding", true)
                            ->set("interlace", true));
  } else if (format == "png") {
    img.write_to_buffer(".png", &buf, &size, VImage::option()->set("strip", true));
  } else {
    img.write_to_buffer(".webp", &buf, &size,
                        VImage::option()->set("Q", s.webp_quality)->set("strip", true));
  }
  std::string out(static_cast<const char*>(buf), size);
  g_free(buf);
  // libvips 8.14 writes a small Exif block (resolution) into every WebP, `strip` or not;
  // the pixels are sRGB by now, so the profile goes too.
  return format == "webp" ? output::strip_webp_metadata(out, /*keep_icc=*/false) : out;
}

/// First line of a libvips error, for a diagnostic.
std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  return line.empty() ? "unknown libvips error" : line;
}

}  // namespace

std::string Settings::fingerprint() const {
  std::string f = "ttdn-images-1;vips=" + std::string(vips_version_string()) + ";widths=";
  for (int w : widths) f += std::to_string(w) + ",";
  f += ";jpegQ=" + std::to_string(jpeg_quality) + ";webpQ=" + std::to_string(webp_quality) +
       ";og=" + std::to_string(og_width) + "x" + std::to_string(og_height);
  return f;
}

std::string Variant::name() const {
  return (og ? std::string("og") : std::to_string(width)) + "." + format;
}

std::optional<std::string> processed_format(const std::string& file_name) {
  std::string ext = lower_extension(file_name);
  if (ext == "jpg" || ext == "jpeg") return "jpg";
  if (ext == "png" || ext == "webp") return ext;
  return std::nullopt;
}

bool is_passthrough_image(const std::string& file_name) {
  std::string ext = lower_extension(file_name);
  return ext == "svg" || ext == "gif";
}

void set_concurrency(int threads) {
  if (ensure_started()) vips_concurrency_set(threads);
}

Processed process_image(const std::string& bytes, const std::string& format, const Settings& settings) {
  Processed r;
  if (!ensure_started()) {
    r.error = "libvips could not be started";
    return r;
  }
  auto detected = detected_format(bytes);
  if (!detected) {
    r.error = "is not a JPEG, PNG or WebP image (corrupt or of another type)";
    return r;
  }
  try {
    // The header only: size, orientation, colour profile.
    VImage header = VImage::new_from_buffer(bytes.data(), bytes.size(), "");
    r.width = header.width();
    r.height = header.height();
    if (header.get_typeof(VIPS_META_ORIENTATION) && header.get_int(VIPS_META_ORIENTATION) >= 5)
      std::swap(r.width, r.height);
    bool has_profile = header.get_typeof(VIPS_META_ICC_NAME) != 0;

    // The largest variant, decoded once (shrink-on-load, upright, sRGB); the smaller ones
    // are made from it.
    int largest = std::min(r.width, settings.widths.back());
    BlobRef blob{vips_blob_new(nullptr, bytes.data(), bytes.size())};
    vips::VOption* options = VImage::option()
                           ->set("height", VIPS_MAX_COORD)
                           ->set("size", VIPS_SIZE_DOWN)
                           ->set("option_string", "fail_on=truncated");
    if (has_profile) options->set("export_profile", "srgb");
    VImage big = VImage::thumbnail_buffer(blob.blob, largest, options);
    VipsInterpretation in = big.interpretation();
    if (in == VIPS_INTERPRETATION_RGB16 || in == VIPS_INTERPRETATION_GREY16 ||
        in == VIPS_INTERPRETATION_CMYK || big.format() != VIPS_FORMAT_UCHAR)
      big = big.colourspace(VIPS_INTERPRETATION_sRGB).cast(VIPS_FORMAT_UCHAR);
    big = without_metadata(big).copy_memory();  // decodes now: a corrupt file fails here

    std::vector<int> widths;
    for (int w : settings.widths)
      if (w < largest) widths.push_back(w);
    widths.push_back(largest);
    for (int w : widths) {
      VImage img = w == big.width()
                       ? big
                       : big.thumbnail_image(w, VImage::option()->set("height", VIPS_MAX_COORD));
      r.variants.push_back({img.width(), img.height(), format, false, save(img, format, settings)});
      if (format != "webp")
        r.variants.push_back({img.width(), img.height(), "webp", false, save(img, "webp", settings)});
    }
    VImage og = big.thumbnail_image(settings.og_width, VImage::option()
                                                           ->set("height", settings.og_height)
                                                           ->set("crop", VIPS_INTERESTING_CENTRE)
                                                           ->set("size", VIPS_SIZE_BOTH));
    r.variants.push_back({og.width(), og.height(), "jpg", true, save(og, "jpg", settings)});
  } catch (const vips::VError& e) {
    vips_error_clear();
    r.variants.clear();
    r.error = "cannot be decoded: " + first_line(e.what());
  }
  return r;
}

}  // namespace ttdn::images
