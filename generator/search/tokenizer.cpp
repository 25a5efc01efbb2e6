#include "search/tokenizer.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>
#include <xxhash.h>

#include <unordered_map>
#include <vector>

namespace ttdn::search {
namespace {

bool is_ideograph(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode script = uscript_getScript(c, &status);
  return U_SUCCESS(status) &&
         (script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA);
}

bool is_word_char(UChar32 c) {
  return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK)) != 0;
}

/// What a code point is to the scanner: part of a word, an ideograph, or a separator.
enum class CharClass : uint8_t { separator, word, ideograph };

CharClass classify(UChar32 c) {
  if (c >= 0x2E80 && is_ideograph(c)) return CharClass::ideograph;
  return is_word_char(c) ? CharClass::word : CharClass::separator;
}

/// classify() of every code point of the Basic Multilingual Plane, which holds all of
/// Vietnamese and nearly all Chinese text: one load a character instead of ICU's look-ups.
CharClass class_of(UChar32 c) {
  static const std::vector<CharClass> kBmp = [] {
    std::vector<CharClass> table(0x10000);
    for (UChar32 k = 0; k < 0x10000; ++k) table[static_cast<size_t>(k)] = classify(k);
    return table;
  }();
  return c < 0x10000 ? kBmp[static_cast<size_t>(c)] : classify(c);
}

/// The five Vietnamese tone marks as combining characters: grave, acute, tilde, hook
/// above, dot below. Circumflex, breve and horn are part of the vowel, not the tone.
bool is_tone_mark(UChar32 c) {
  return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 || c == 0x0323;
}

icu::UnicodeString lower_nfd(std::string_view word) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  u.toLower(icu::Locale::getRoot());
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) return u;
  icu::UnicodeString out = nfd->normalize(u, status);
  return U_FAILURE(status) ? u : out;
}

std::string nfc_utf8(const icu::UnicodeString& u) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  std::string out;
  if (U_FAILURE(status)) {
    u.toUTF8String(out);
    return out;
  }
  icu::UnicodeString composed = nfc->normalize(u, status);
  (U_FAILURE(status) ? u : composed).toUTF8String(out);
  return out;
}

bool is_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

bool all_lower_ascii_letters(std::string_view s) {
  for (char c : s)
    if (c < 'a' || c > 'z') return false;
  return !s.empty();
}

bool has_vowel(std::string_view s) { return s.find_first_of("aeiouy") != std::string_view::npos; }

bool ends_with(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

void undouble(std::string& w) {
  size_t n = w.size();
  if (n >= 2 && w[n - 1] == w[n - 2] && !has_vowel(w.substr(n - 1)) &&
      std::string_view("lsz").find(w[n - 1]) == std::string_view::npos)
    w.pop_back();
}

struct Forms {
  std::string plain, variant;
};

/// Hashes a token as its bytes (XXH3: quicker than std::hash on words this short).
struct TransparentHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return XXH3_64bits(s.data(), s.size()); }
};

/// Both forms of a word. Words repeat a lot, so each thread remembers the ones it saw.
const Forms& forms_of(std::string_view word, Stemmer stemmer) {
  using Memo = std::unordered_map<std::string, Forms, TransparentHash, std::equal_to<>>;
  thread_local Memo cache[2];
  Memo& memo = cache[stemmer == Stemmer::english ? 1 : 0];
  if (auto it = memo.find(word); it != memo.end()) return it->second;
  if (memo.size() > 500000) memo.clear();
  Forms f{plain_form(word, stemmer), variant_form(word)};
  return memo.emplace(std::string(word), std::move(f)).first->second;
}

}  // namespace

Stemmer stemmer_named(std::string_view name) {
  return name == "english" ? Stemmer::english : Stemmer::none;
}

std::string_view stemmer_name(Stemmer s) { return s == Stemmer::english ? "english" : "none"; }

std::string stem_english(std::string w) {
  if (w.size() <= 3) return w;
  // Plurals.
  if (ends_with(w, "ies") && w.size() > 4) {
    w.replace(w.size() - 3, 3, "y");
  } else if (ends_with(w, "sses")) {
    w.resize(w.size() - 2);
  } else if (ends_with(w, "es") && (ends_with(w.substr(0, w.size() - 2), "s") ||
                                    ends_with(w.substr(0, w.size() - 2), "x") ||
                                    ends_with(w.substr(0, w.size() - 2), "z") ||
                                    ends_with(w.substr(0, w.size() - 2), "ch") ||
                                    ends_with(w.substr(0, w.size() - 2), "sh"))) {
    w.resize(w.size() - 2);
  } else if (ends_with(w, "s") && !ends_with(w, "ss") && !ends_with(w, "us") &&
             !ends_with(w, "is")) {
    w.pop_back();
  }
  // Past tense and participles.
  if (ends_with(w, "ied") && w.size() > 4) {
    w.replace(w.size() - 3, 3, "y");
  } else if (ends_with(w, "eed")) {
    w.pop_back();
  } else if (ends_with(w, "ed") && w.size() >= 5 && has_vowel(w.substr(0, w.size() - 2))) {
    w.resize(w.size() - 2);
    undouble(w);
  } else if (ends_with(w, "ing") && w.size() >= 6 && has_vowel(w.substr(0, w.size() - 3))) {
    w.resize(w.size() - 3);
    undouble(w);
  }
  if (w.size() > 3 && w.back() == 'e') w.pop_back();
  return w;
}

std::string plain_form(std::string_view word, Stemmer stemmer) {
  std::string out;
  if (is_ascii(word)) {
    out.reserve(word.size());
    for (char c : word) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  } else {
    icu::UnicodeString decomposed = lower_nfd(word);
    icu::UnicodeString kept;
    for (int32_t i = 0; i < decomposed.length();) {
      UChar32 c = decomposed.char32At(i);
      i += U16_LENGTH(c);
      if (u_charType(c) == U_NON_SPACING_MARK) continue;
      kept.append(c == 0x0111 ? UChar32('d') : c);  // đ has no decomposition
    }
    out = nfc_utf8(kept);
  }
  if (stemmer == Stemmer::english && all_lower_ascii_letters(out))
    out = stem_english(std::move(out));
  return out;
}

std::string variant_form(std::string_view word) {
  if (is_ascii(word)) {
    std::string out(word);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  icu::UnicodeString decomposed = lower_nfd(word);
  icu::UnicodeString rest, tones;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    (is_tone_mark(c) ? tones : rest).append(c);
  }
  std::string out = nfc_utf8(rest);
  tones.toUTF8String(out);  // appends
  return out;
}

namespace {

/// Walks `text` and calls `word(begin, end)` for each word (letters, marks and digits) and
/// `ideographs(begin, end)` for each Han/kana bigram and, after them, the last character of
/// each run: the pieces tokens are made of, in reading order.
template <typename Word, typename Ideographs>
void scan_pieces(std::string_view text, Word&& word, Ideographs&& ideographs) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto n = static_cast<int32_t>(text.size());
  // Starts of the code points of the current ideographic run.
  std::vector<int32_t> run;
  auto flush_run = [&](int32_t run_end) {
    if (run.empty()) return;
    for (size_t k = 0; k + 1 < run.size(); ++k) {
      const int32_t end = k + 2 < run.size() ? run[k + 2] : run_end;
      ideographs(static_cast<size_t>(run[k]), static_cast<size_t>(end));
    }
    ideographs(static_cast<size_t>(run.back()), static_cast<size_t>(run_end));
    run.clear();
  };
  int32_t word_start = -1;
  auto flush_word = [&](int32_t end) {
    if (word_start < 0) return;
    word(static_cast<size_t>(word_start), static_cast<size_t>(end));
    word_start = -1;
  };
  for (int32_t i = 0; i < n;) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) {  // invalid byte: a separator
      flush_word(start);
      flush_run(start);
      continue;
    }
    // ASCII needs no table.
    const CharClass kind =
        c >= 0x80 ? class_of(c)
                  : (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? CharClass::word
                                                                                      : CharClass::separator;
    const bool ideograph = kind == CharClass::ideograph, letter = kind == CharClass::word;
    if (ideograph) {
      flush_word(start);
      run.push_back(start);
    } else if (letter) {
      flush_run(start);
      if (word_start < 0) word_start = start;
    } else {
      flush_word(start);
      flush_run(start);
    }
  }
  flush_word(n);
  flush_run(n);
}

/// A term as the index counts it: its key, and its tally in the document being counted
/// (`stamp` says which).
struct Term {
  std::string key;
  uint64_t stamp = 0;
  uint32_t weight = 0;
};

}  // namespace

void scan_tokens(std::string_view text, Stemmer stemmer, const TokenSink& sink) {
  scan_pieces(
      text,
      [&](size_t begin, size_t end) {
        const Forms& f = forms_of(text.substr(begin, end - begin), stemmer);
        if (!f.plain.empty()) sink(f.plain, f.variant, begin, end, false);
      },
      [&](size_t begin, size_t end) {
        std::string_view piece = text.substr(begin, end - begin);
        sink(piece, piece, begin, end, true);
      });
}

TermCounts count_terms(std::string_view title, uint32_t title_weight, std::string_view text,
                       Stemmer stemmer) {
  // Each thread remembers the term of every piece it saw (a word and a run of ideographs
  // never have the same bytes; pieces such as `Border` and `border` share one term), and
  // tallies a document in the terms themselves: one look-up a token. The memo is only
  // trimmed here, before any term is tallied.
  struct Memo {
    std::unordered_map<std::string, Term*, TransparentHash, std::equal_to<>> pieces;
    std::unordered_map<std::string, Term, TransparentHash, std::equal_to<>> terms;  // by key
  };
  thread_local Memo memos[2];
  thread_local uint64_t documents = 0;
  thread_local std::vector<Term*> order;
  Memo& memo = memos[stemmer == Stemmer::english ? 1 : 0];
  if (memo.pieces.size() > 500000) memo = Memo();
  const uint64_t stamp = ++documents;
  order.clear();
  TermCounts counts;
  auto tally = [&](std::string_view piece, bool ideographic, uint32_t weight) {
    auto it = memo.pieces.find(piece);
    if (it == memo.pieces.end()) {
      std::string key;
      if (ideographic) {
        key.assign(piece);
        key += '\0';
      } else if (std::string plain = plain_form(piece, stemmer); !plain.empty()) {
        std::string variant = variant_form(piece);
        key = plain + '\0' + (variant == plain ? std::string() : variant);
      }
      Term* term = nullptr;  // none: not a token
      if (!key.empty()) {
        auto [entry, fresh] = memo.terms.try_emplace(key);
        if (fresh) entry->second.key = std::move(key);
        term = &entry->second;
      }
      it = memo.pieces.emplace(std::string(piece), term).first;
    }
    Term* t = it->second;
    if (!t) return;
    if (t->stamp != stamp) {
      t->stamp = stamp;
      t->weight = 0;
      order.push_back(t);
    }
    t->weight += weight;
    ++counts.tokens;
  };
  for (auto [part, weight] : {std::pair{title, title_weight}, std::pair{text, uint32_t{1}}})
    scan_pieces(
        part, [&](size_t b, size_t e) { tally(part.substr(b, e - b), false, weight); },
        [&](size_t b, size_t e) { tally(part.substr(b, e - b), true, weight); });
  counts.terms.reserve(order.size());
  for (const Term* t : order) counts.terms.emplace_back(t->key, t->weight);
  return counts;
}

std::vector<Token> tokenize(std::string_view text, Stemmer stemmer) {
  std::vector<Token> out;
  scan_tokens(text, stemmer,
              [&](std::string_view plain, std::string_view variant, size_t begin, size_t end,
                  bool ideographic) {
                out.push_back({std::string(plain), std::string(variant), begin, end, ideographic});
              });
  return out;
}

}  // namespace ttdn::search
