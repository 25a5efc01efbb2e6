// Test helper: reads back the QR code an inline SVG of output/qr_svg.h draws (its viewBox
// and its `M x y h n v1 h-n z` runs), writes it as a PGM picture, and decodes pictures with
// zbarimg (Debian zbar-tools) when it is installed.
#pragma once

#include <array>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <string>
#include <vector>

#include "support.h"

namespace ttdn::testing {

struct DrawnSymbol {
  int side = 0;
  std::vector<bool> dark;
  size_t path_bytes = 0;     // length of the path data
  size_t run_bytes = 0;      // of which recognised runs
  bool at(int x, int y) const { return dark[static_cast<size_t>(y * side + x)]; }
};

/// The modules drawn by the first QR SVG in `html`; side 0 when there is none.
inline DrawnSymbol read_qr_svg(const std::string& html) {
  DrawnSymbol s;
  std::smatch m;
  if (!std::regex_search(html, m, std::regex(R"re(<svg[^>]*viewBox="0 0 (\d+) (\d+)")re")) || m[1] != m[2])
    return s;
  s.side = std::stoi(m[1]);
  s.dark.assign(static_cast<size_t>(s.side * s.side), false);
  std::string rest = m.suffix();
  if (!std::regex_search(rest, m, std::regex(R"re(<path fill="#000" d="([^"]*)")re"))) return s;
  std::string d = m[1];
  s.path_bytes = d.size();
  std::regex run(R"re(M(\d+) (\d+)h(\d+)v1h-(\d+)z)re");
  for (auto it = std::sregex_iterator(d.begin(), d.end(), run); it != std::sregex_iterator(); ++it) {
    int x = std::stoi((*it)[1]), y = std::stoi((*it)[2]), n = std::stoi((*it)[3]);
    if (std::stoi((*it)[4]) != n) continue;
    for (int k = 0; k < n && x + k < s.side && y < s.side; ++k)
      s.dark[static_cast<size_t>(y * s.side + x + k)] = true;
    s.run_bytes += static_cast<size_t>(it->length());
  }
  return s;
}

/// Writes the symbol as a PGM picture, `scale` pixels a module.
inline void write_pgm(const DrawnSymbol& s, const fs::path& file, int scale = 6) {
  int px = s.side * scale;
  std::string pgm = "P5\n" + std::to_string(px) + " " + std::to_string(px) + "\n255\n";
  for (int y = 0; y < px; ++y)
    for (int x = 0; x < px; ++x) pgm += s.at(x / scale, y / scale) ? '\0' : '\xff';
  write_file(file, pgm);
}

inline bool have_command(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

/// Every code zbarimg finds in `picture`, one a line ("" when none or no zbarimg).
inline std::string zbar_decode(const fs::path& picture) {
  std::string out;
  std::string cmd = "zbarimg --raw -q '" + picture.string() + "' 2>/dev/null";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) return out;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  ::pclose(pipe);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

}  // namespace ttdn::testing
