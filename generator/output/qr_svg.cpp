#include "output/qr_svg.h"

#include <qrencode.h>

#include <memory>

#include "text/escape.h"

namespace ttdn::output {

std::optional<QrMatrix> qr_matrix(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::string input(text);  // libqrencode wants a NUL-terminated string
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!code) return std::nullopt;
  QrMatrix m;
  m.width = code->width;
  m.dark.resize(static_cast<size_t>(m.width) * static_cast<size_t>(m.width));
  for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = (code->data[i] & 1) != 0;
  return m;
}

std::string qr_svg(std::string_view text, std::string_view label) {
  auto m = qr_matrix(text);
  if (!m) return "";
  const int side = m->width + 2 * kQrQuietZone;
  // One subpath per horizontal run of dark modules: a third of the size of one per module.
  std::string d;
  for (int y = 0; y < m->width; ++y) {
    for (int x = 0; x < m->width;) {
      if (!m->at(x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < m->width && m->at(x + run, y)) ++run;
      d += "M" + std::to_string(x + kQrQuietZone) + " " + std::to_string(y + kQrQuietZone) + "h" +
           std::to_string(run) + "v1h-" + std::to_string(run) + "z";
      x += run;
    }
  }
  const std::string n = std::to_string(side);
  const std::string name = text::escape_html(label);
  return "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + n + " " + n +
         "\" role=\"img\" aria-label=\"" + name + "\" shape-rendering=\"crispEdges\"><title>" +
         name + "</title><rect width=\"" + n + "\" height=\"" + n +
         "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + d + "\"/></svg>";
}

}  // namespace ttdn::output
