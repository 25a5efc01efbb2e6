// Escaping for HTML text and attributes, and for XML (feeds, sitemap).
#pragma once

#include <string>
#include <string_view>

namespace ttdn::text {

/// Escapes & < > " ' — safe in HTML text, in quoted attributes and in XML.
std::string escape_html(std::string_view s);

/// The same, appended to `out` (no string of its own: for long documents built in place).
void append_escaped_html(std::string& out, std::string_view s);

}  // namespace ttdn::text
