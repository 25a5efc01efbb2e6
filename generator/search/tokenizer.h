// Words of the search index: how text becomes tokens, for the index the generator writes
// and (mirrored rule for rule in assets/js/search.js) for the queries the browser reads.
//
// A token has two forms:
// - `plain`: lower case, every mark removed, đ → d, English words stemmed when the
//   language asks for it. Queries match on it: `ban gioc` finds `Bản Giốc`.
// - `variant`: lower case with the Vietnamese tone mark moved out of the word and put at
//   its end, so that the old and new tone placements (`hoà`/`hòa`, `thuý`/`thúy`) are the
//   same variant. A query typed with diacritics ranks first the pages with its variant.
// Han and kana text has no spaces: each run gives its character bigrams, then its last
// character alone, so that `德天` finds `德天瀑布` and a single character finds every use.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ttdn::search {

/// Word-stemming rules an index may use; chosen per language by the i18n key
/// `search_stemmer` ("english" or "none").
enum class Stemmer { none, english };

Stemmer stemmer_named(std::string_view name);
std::string_view stemmer_name(Stemmer s);

struct Token {
  std::string plain;
  std::string variant;
  size_t begin = 0, end = 0;  // byte range in the text (for a bigram: both characters)
  bool ideographic = false;   // a Han/kana bigram or single character
};

/// The tokens of NFC text in reading order.
std::vector<Token> tokenize(std::string_view text, Stemmer stemmer);

/// The same tokens, handed to `sink` one by one without building a list (the index
/// builder's path: the views are valid during the call only).
using TokenSink = std::function<void(std::string_view plain, std::string_view variant, size_t begin,
                                     size_t end, bool ideographic)>;
void scan_tokens(std::string_view text, Stemmer stemmer, const TokenSink& sink);

/// The distinct terms of a document (its title's tokens weigh `title_weight` each, its
/// text's 1), as the search index counts them.
struct TermCounts {
  /// Each term's key, `plain \0 variant` (no variant when it is the plain form), with its
  /// weight, in the order first seen. The keys stay valid until the thread's next
  /// count_terms.
  std::vector<std::pair<std::string_view, uint32_t>> terms;
  uint32_t tokens = 0;  // all of them
};
TermCounts count_terms(std::string_view title, uint32_t title_weight, std::string_view text,
                       Stemmer stemmer);

/// Forms of one word (letters, marks and digits only).
std::string plain_form(std::string_view word, Stemmer stemmer);
std::string variant_form(std::string_view word);

/// Light English stemming of a lower-case ASCII word: plural -s/-es/-ies, -ed, -ing,
/// a final -e; `borders` → `border`, `cities` → `city`, `planned` → `plan`.
std::string stem_english(std::string word);

}  // namespace ttdn::search
