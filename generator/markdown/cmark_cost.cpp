#include "markdown/cmark_cost.h"

#include <algorithm>
#include <vector>

namespace ttdn::markdown {
namespace {

// Limits in units of each estimate, about a quarter of a second each on a busy machine.
constexpr double kMaxHtmlScan = 1e8;      // bytes rescanned after unclosed `<?`, `<!X`…
constexpr double kMaxImageWalk = 5e6;     // image openers walked past by link closers
constexpr double kMaxEmailCopy = 2e9;     // `@` × block length
constexpr double kMaxTableCells = 1e5;    // plus 4 per source byte
constexpr double kMaxCellPrinting = 2e8;  // columns² × rows
constexpr double kMaxRowParsing = 5e7;    // Σ `|`² over table lines

/// What a line holds once block-quote markers and indentation are set aside.
std::string_view content(std::string_view line) {
  size_t i = line.find_first_not_of(" \t\r>");
  return i == std::string_view::npos ? std::string_view() : line.substr(i);
}

bool is_delimiter_row(std::string_view line) {
  return !line.empty() && line.find('-') != std::string_view::npos &&
         line.find_first_not_of("-:| \t\r") == std::string_view::npos;
}

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

struct Totals {
  double html_scan = 0, image_walk = 0, email_copy = 0;
  double cells = 0, cell_printing = 0, row_parsing = 0;
};

void add_inline_costs(std::string_view block, Totals& t) {
  // Backwards, so the next closer of each kind is known at every opener.
  size_t next_gt = block.size(), next_pi_end = block.size(), next_cdata_end = block.size();
  for (size_t i = block.size(); i-- > 0;) {
    char c = block[i];
    if (c == '>') {
      next_gt = i;
      if (i >= 1 && block[i - 1] == '?') next_pi_end = i - 1;
      if (i >= 2 && block[i - 1] == ']' && block[i - 2] == ']') next_cdata_end = i - 2;
    } else if (c == '<' && i + 2 < block.size()) {
      if (block[i + 1] == '?') {
        t.html_scan += static_cast<double>(next_pi_end - i);
      } else if (block[i + 1] == '!') {
        if (block.substr(i).starts_with("<![CDATA[")) {
          t.html_scan += static_cast<double>(next_cdata_end - i);
        } else if (is_ascii_alpha(block[i + 2])) {
          t.html_scan += static_cast<double>(next_gt - i);
        }
      }
    }
  }
  // cmark's bracket stack: `]` takes the last opener; when that makes a link, cmark walks
  // down the stack past every image opener (`![`) to deactivate the link openers below.
  std::vector<bool> brackets;  // true for an image opener
  double image_openers = 0, at_signs = 0;
  for (size_t i = 0; i < block.size(); ++i) {
    if (block[i] == '[') {
      bool image = i > 0 && block[i - 1] == '!';
      brackets.push_back(image);
      if (image) ++image_openers;
    } else if (block[i] == ']' && !brackets.empty()) {
      bool image = brackets.back();
      brackets.pop_back();
      if (image) {
        --image_openers;
      } else {
        t.image_walk += image_openers;  // as if it made a link
      }
    } else if (block[i] == '@') {
      ++at_signs;
    }
  }
  t.email_copy += at_signs * static_cast<double>(block.size());
}

void add_table_costs(const std::vector<std::string_view>& lines, Totals& t) {
  // Suffix sums over the block's lines: rows below a line and their `|`².
  std::vector<double> pipes_squared_below(lines.size() + 1, 0.0);
  for (size_t k = lines.size(); k-- > 0;) {
    auto pipes = static_cast<double>(std::count(lines[k].begin(), lines[k].end(), '|'));
    pipes_squared_below[k] = pipes_squared_below[k + 1] + pipes * pipes;
  }
  // A delimiter-like line no wider than one counted above it adds nothing: it is a row of
  // that table (`| - | - |`), or starts a table within the rows already counted.
  double counted_columns = 0;
  for (size_t k = 1; k < lines.size(); ++k) {
    std::string_view line = content(lines[k]);
    if (!is_delimiter_row(line)) continue;
    double columns = 0;
    for (size_t i = 0; i < line.size(); ++i)
      if (line[i] == '-' && (i == 0 || line[i - 1] != '-')) ++columns;
    if (columns <= counted_columns) continue;
    counted_columns = columns;
    auto rows = static_cast<double>(lines.size() - k);  // the header and the lines below
    t.cells += columns * rows;
    t.cell_printing += columns * columns * rows;
    t.row_parsing += pipes_squared_below[k - 1];
  }
}

}  // namespace

CmarkCost estimate_cmark_cost(std::string_view source) {
  Totals t;
  std::vector<std::string_view> lines;  // of the current block
  size_t block_start = 0;
  auto end_block = [&](size_t block_end) {
    if (!lines.empty()) {
      add_inline_costs(source.substr(block_start, block_end - block_start), t);
      add_table_costs(lines, t);
    }
    lines.clear();
  };
  for (size_t start = 0; start < source.size();) {
    size_t end = std::min(source.find('\n', start), source.size());
    std::string_view line = source.substr(start, end - start);
    if (content(line).empty()) {
      end_block(start);
    } else {
      if (lines.empty()) block_start = start;
      lines.push_back(line);
    }
    start = end + 1;
  }
  end_block(source.size());

  CmarkCost cost;
  cost.tables = t.cells > kMaxTableCells + 4.0 * static_cast<double>(source.size()) ||
                t.cell_printing > kMaxCellPrinting || t.row_parsing > kMaxRowParsing;
  cost.inlines =
      t.html_scan > kMaxHtmlScan || t.image_walk > kMaxImageWalk || t.email_copy > kMaxEmailCopy;
  return cost;
}

}  // namespace ttdn::markdown
