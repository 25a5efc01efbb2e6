// Guards against sources on which cmark-gfm 0.29.0.gfm.6, the version Debian 12 ships, takes
// quadratic time or output size. Upstream fixed these in 0.29.0.gfm.7–13 (CVE-2023-22484,
// CVE-2023-22486, CVE-2023-37463 and others); an article can still trigger them by accident
// (a pasted table row with thousands of `|`) or on purpose, and one 200 kB page then holds up
// the whole build for minutes.
#pragma once

#include <string_view>

namespace ttdn::markdown {

/// Which of cmark-gfm's slow paths a source would take too far. Estimates count pattern
/// occurrences per block (lines up to a blank line) and are generous: ordinary articles,
/// even long ones with big tables, stay orders of magnitude below the limits.
struct CmarkCost {
  /// Tables would explode: rows are padded to the header's width, cells are printed and
  /// appended to rows in time linear in their column. Parse without the table extension.
  bool tables = false;
  /// Inline parsing would take quadratic time: unclosed `<?`, `<!X`, `<![CDATA[` rescanned
  /// to the end of the paragraph, image openers walked for every link, e-mail autolinks
  /// re-copying their paragraph. Do not parse as Markdown at all.
  bool inlines = false;
};

CmarkCost estimate_cmark_cost(std::string_view source);

}  // namespace ttdn::markdown
