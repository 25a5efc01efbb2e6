// Atom feeds (RFC 4287): the data of one feed and its XML. publish_feeds (feeds.cpp)
// fills them from the Library for each language and each articles section.
#pragma once

#include <string>
#include <vector>

namespace ttdn::output {

struct AtomLink {
  std::string href;      // absolute
  std::string hreflang;  // may be empty
};

struct AtomCategory {
  std::string term, label, scheme;
};

struct AtomEntry {
  std::string id;     // absolute canonical URL of the page
  std::string title;  // plain text
  AtomLink link;      // the page itself
  std::vector<AtomLink> translations;
  std::string published;  // RFC 3339
  std::string updated;    // RFC 3339
  std::string author;     // empty: the feed's author
  std::string summary;    // plain text
  std::string content_html;
  std::vector<AtomCategory> categories;
};

struct AtomFeed {
  std::string id;    // absolute URL of the feed itself
  std::string lang;  // xml:lang (BCP 47)
  std::string title, subtitle;
  std::string self;       // absolute URL of the feed
  std::string alternate;  // absolute URL of the HTML page it follows
  std::string updated;    // RFC 3339: the newest entry's
  std::string author;
  std::string generator_version;
  std::vector<AtomEntry> entries;
};

/// The feed as an Atom document. Text is escaped, characters XML forbids are dropped, and
/// root-relative links and images in the content become absolute on `origin`
/// ("https://example.gov.vn").
std::string render_atom(const AtomFeed& feed, const std::string& origin);

/// At most this many entries, the newest.
inline constexpr size_t kFeedEntries = 20;

}  // namespace ttdn::output
