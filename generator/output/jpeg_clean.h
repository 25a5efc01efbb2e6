// Published JPEGs carry no location metadata (SPEC §10): a segment filter that keeps what a
// browser needs to show the image and drops the metadata segments where cameras and phones
// store GPS positions, serial numbers and editing history.
#pragma once

#include <string>

namespace ttdn::output {

/// The JPEG `bytes` without its metadata segments: APP1 (Exif, XMP — where GPS lives),
/// APP3–APP13, APP15, APP0 other than JFIF/JFXX, APP2 other than an ICC profile, APP14
/// other than Adobe, and comments (COM). Image data, tables, the ICC profile and the
/// JFIF/Adobe colour information are copied as they are.
///
/// Bytes that are not a JPEG (no SOI marker) come back unchanged. A JPEG whose segment
/// structure breaks before its image data is cut there (with an EOI marker added): a
/// broken picture rather than published metadata.
std::string strip_jpeg_metadata(const std::string& bytes);

/// True for file names ending in .jpg or .jpeg (any case).
bool is_jpeg_name(const std::string& file_name);

}  // namespace ttdn::output
