// Published PNG and WebP files carry no metadata either (SPEC §10: no location, no camera
// serial), like JPEGs (output/jpeg_clean.h): chunk filters that keep what a browser needs
// to show the image and drop the chunks where cameras, phones and editors put Exif, XMP,
// text and timestamps.
#pragma once

#include <string>

namespace ttdn::output {

/// The PNG `bytes` with only the chunks a browser uses: the critical ones (IHDR, PLTE,
/// IDAT, IEND), transparency, colour (cHRM, gAMA, iCCP, sBIT, sRGB), background,
/// histogram, suggested palettes, pixel size and animation (acTL, fcTL, fdAT). eXIf,
/// tEXt/zTXt/iTXt (XMP lives there), tIME and every private chunk are dropped.
/// Bytes that are not a PNG come back unchanged; a chunk structure that breaks before
/// IEND is cut there (an IEND added): a broken picture rather than published metadata.
std::string strip_png_metadata(const std::string& bytes);

/// The WebP `bytes` without EXIF and XMP chunks (and without the ICC profile unless
/// `keep_icc`), the VP8X flags updated to match. Bytes that are not a RIFF/WEBP file, or
/// whose chunks run past its end, come back unchanged when nothing was found to drop and
/// are cut at the break otherwise.
std::string strip_webp_metadata(const std::string& bytes, bool keep_icc = true);

/// The published bytes of an image file named `file_name`: its metadata removed when it
/// is a JPEG, PNG or WebP (by extension, any case); other files come back unchanged.
std::string strip_image_metadata(const std::string& file_name, std::string bytes);

}  // namespace ttdn::output
