// QR codes for the printed bulletin: libqrencode's module matrix, drawn as an inline SVG
// that a reader's phone can scan from paper.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ttdn::output {

/// The modules of one QR symbol (error correction level M), without the quiet zone.
struct QrMatrix {
  int width = 0;           // modules per side
  std::vector<bool> dark;  // row by row, width * width

  bool at(int x, int y) const { return dark[static_cast<size_t>(y * width + x)]; }
};

/// Encodes `text` (UTF-8, 8-bit mode) in the smallest version that holds it. nullopt when
/// libqrencode cannot (text too long for a QR code, or empty).
std::optional<QrMatrix> qr_matrix(std::string_view text);

/// Modules of white margin around the symbol, as the QR standard asks.
inline constexpr int kQrQuietZone = 4;

/// An inline `<svg role="img">` of `text`'s QR code with a quiet zone, `label` as its
/// accessible name (aria-label and <title>). The symbol is one `<path>` of dark modules on
/// a white square, in module units (viewBox), so CSS decides the printed size. Returns ""
/// when `text` cannot be encoded.
std::string qr_svg(std::string_view text, std::string_view label);

}  // namespace ttdn::output
