#include "search/index.h"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <unordered_map>

#include "search/gzip.h"

namespace ttdn::search {
namespace {

constexpr std::string_view kDigits =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

struct Posting {
  uint32_t doc = 0;
  uint32_t weight = 0;
};

struct TransparentHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

uint64_t hash_of(std::string_view bytes, uint64_t seed = 0) {
  return XXH3_64bits_withSeed(bytes.data(), bytes.size(), seed);
}

/// The name part of a file whose contents hash to `hash`.
std::string content_name(uint64_t hash) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash));
  return std::string(buf, 12);
}

/// Appends `s` as a JSON string, as nlohmann::json's dump() writes valid UTF-8: `"`, `\`
/// and the control characters escaped, everything else as it is. (The text is UTF-8:
/// sources are checked when read.)
void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t run = 0;  // start of the bytes not yet appended
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s, run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  out.append(s, run, s.size() - run);
  out += '"';
}

std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

/// Document length (tokens) in one digit: 4 steps per doubling, up to about 55,000.
char length_digit(size_t tokens) {
  long code = std::lround(std::log2(static_cast<double>(tokens) + 1.0) * 4.0);
  return kDigits[static_cast<size_t>(std::clamp(code, 0L, 63L))];
}

/// `text` cut to at most `max` bytes at a code point boundary.
std::string_view cut_utf8(std::string_view text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

void append_vlq(std::string& out, uint32_t value) {
  do {
    uint32_t digit = value & 31;
    value >>= 5;
    if (value) digit |= 32;
    out += kDigits[digit];
  } while (value);
}

std::vector<uint32_t> decode_vlq(std::string_view digits) {
  std::vector<uint32_t> out;
  uint32_t value = 0;
  int shift = 0;
  for (char c : digits) {
    size_t found = kDigits.find(c);
    // Not a digit, or more continuation digits than 32 bits hold (a shift past 31 is UB).
    if (found == std::string_view::npos || shift > 30) return {};
    auto d = static_cast<uint32_t>(found);
    value |= (d & 31) << shift;
    if (d & 32) {
      shift += 5;
    } else {
      out.push_back(value);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

namespace {

/// The value of each byte as a base-64 digit; 64 for a byte that is not one.
constexpr std::array<uint8_t, 256> kDigitValue = [] {
  std::array<uint8_t, 256> values{};
  values.fill(64);
  for (size_t i = 0; i < kDigits.size(); ++i)
    values[static_cast<uint8_t>(kDigits[i])] = static_cast<uint8_t>(i);
  return values;
}();

/// The number at `pos` of `digits` (append_vlq's), moving `pos` past it.
uint32_t read_vlq(std::string_view digits, size_t& pos) {
  uint32_t value = 0;
  for (int shift = 0; pos < digits.size() && shift <= 30; shift += 5) {
    const uint32_t digit = kDigitValue[static_cast<uint8_t>(digits[pos++])];
    if (digit == 64) break;
    value |= (digit & 31) << shift;
    if (!(digit & 32)) return value;
  }
  throw std::invalid_argument("search: malformed document terms");
}

}  // namespace

std::string document_terms(std::string_view title, std::string_view text, Stemmer stemmer) {
  TermCounts counts = count_terms(title, kTitleWeight, text, stemmer);
  std::string out;
  append_vlq(out, counts.tokens);
  for (const auto& [key, weight] : counts.terms) {
    out += key;
    out += '\0';
    append_vlq(out, weight);
  }
  return out;
}

namespace {

/// Reads document_terms' encoding: calls `term(pair, weight)` with each `plain \0 variant`
/// pair; returns the document's length in tokens.
template <typename Fn>
uint32_t read_terms(std::string_view words, Fn&& term) {
  size_t pos = 0;
  const uint32_t length = read_vlq(words, pos);
  while (pos < words.size()) {
    const size_t plain_end = words.find('\0', pos);
    const size_t pair_end = plain_end == words.npos ? plain_end : words.find('\0', plain_end + 1);
    if (pair_end == words.npos) throw std::invalid_argument("search: malformed document terms");
    const std::string_view pair = words.substr(pos, pair_end - pos);
    pos = pair_end + 1;
    term(pair, read_vlq(words, pos));
  }
  return length;
}

/// The text of document `doc`, from IndexOptions::text when the document does not hold it.
std::string text_of(const std::vector<Document>& docs, const IndexOptions& options, uint32_t doc) {
  if (!docs[doc].text.empty() || !options.text) return docs[doc].text;
  return options.text(doc);
}

/// The terms of document `doc`: `terms[doc]` when given (it is freed), else counted.
std::string terms_of(const std::vector<Document>& docs, const IndexOptions& options,
                     std::vector<std::string>& terms, uint32_t doc) {
  std::string words;
  if (doc < terms.size()) words.swap(terms[doc]);
  if (words.empty())
    words = document_terms(docs[doc].title, text_of(docs, options, doc), options.stemmer);
  return words;
}

void append_postings(std::string& digits, const std::vector<Posting>& postings) {
  uint32_t previous = 0;
  for (const auto& p : postings) {
    append_vlq(digits, p.doc - previous);
    append_vlq(digits, p.weight);
    previous = p.doc;
  }
}

// An index table (Index::table): the magic, the number of documents, each document's
// terms key and length, then each pair `plain \0 variant \0 postings \0` in order.
// Pairs compare as their bytes do: `\0` sorts before any byte of a word, so that is the
// order of (plain, variant).
constexpr std::string_view kTableMagic = "ttdnIX1\n";
constexpr size_t kTableHeader = 16;  // the magic, the number of documents
constexpr size_t kTableRecord = 12;  // a document's terms key and length

struct Table {
  size_t docs = 0;
  std::string_view records;
  std::string_view pairs;

  uint64_t key(size_t doc) const {
    uint64_t key;
    std::memcpy(&key, records.data() + doc * kTableRecord, sizeof key);
    return key;
  }
  uint32_t length(size_t doc) const {
    uint32_t length;
    std::memcpy(&length, records.data() + doc * kTableRecord + 8, sizeof length);
    return length;
  }
};

/// Whether `table`'s postings for document `id` are those of docs[id]: it had that id, and
/// the same terms key.
bool same_terms(const Table& table, const std::vector<Document>& docs, uint32_t id) {
  return id < table.docs && id < docs.size() && table.key(id) == docs[id].terms_key;
}

std::optional<Table> read_table(std::string_view bytes) {
  if (bytes.size() < kTableHeader || bytes.substr(0, kTableMagic.size()) != kTableMagic)
    return std::nullopt;
  uint64_t docs;
  std::memcpy(&docs, bytes.data() + kTableMagic.size(), sizeof docs);
  if (docs > (bytes.size() - kTableHeader) / kTableRecord) return std::nullopt;
  Table table;
  table.docs = docs;
  table.records = bytes.substr(kTableHeader, docs * kTableRecord);
  table.pairs = bytes.substr(kTableHeader + docs * kTableRecord);
  return table;
}

std::string table_header(const std::vector<Document>& docs, const std::vector<uint32_t>& lengths) {
  std::string out(kTableMagic);
  const uint64_t count = docs.size();
  out.append(reinterpret_cast<const char*>(&count), sizeof count);
  for (size_t i = 0; i < docs.size(); ++i) {
    out.append(reinterpret_cast<const char*>(&docs[i].terms_key), sizeof docs[i].terms_key);
    out.append(reinterpret_cast<const char*>(&lengths[i]), sizeof lengths[i]);
  }
  return out;
}

void append_entry(std::string& table, std::string_view pair, std::string_view digits) {
  table += pair;
  table += '\0';
  table += digits;
  table += '\0';
}

/// A pair of a table with its postings.
struct Entry {
  std::string_view pair;  // plain \0 variant
  std::string_view digits;
  std::string_view plain() const { return pair.substr(0, pair.find('\0')); }
  std::string_view variant() const { return pair.substr(pair.find('\0') + 1); }
};

/// The entry at `pos` of a table's pairs, moving `pos` past it.
Entry read_entry(std::string_view pairs, size_t& pos) {
  const size_t plain_end = pairs.find('\0', pos);
  const size_t pair_end = plain_end == pairs.npos ? plain_end : pairs.find('\0', plain_end + 1);
  const size_t end = pair_end == pairs.npos ? pair_end : pairs.find('\0', pair_end + 1);
  if (end == pairs.npos) throw std::invalid_argument("search: malformed index table");
  Entry e{pairs.substr(pos, pair_end - pos), pairs.substr(pair_end + 1, end - pair_end - 1)};
  pos = end + 1;
  return e;
}

/// The index files of `docs` made from their table: term shards, fragments, meta file.
Index finish_index(const std::vector<Document>& docs, const IndexOptions& options,
                   std::string table_bytes) {
  Index index;
  auto pack = [&](const std::string& path, uint64_t key, const std::function<std::string()>& raw) {
    return options.compress ? options.compress(path, key, raw) : gzip(raw());
  };
  const Table table = read_table(table_bytes).value();

  // Plain words in code-point order (the byte order of UTF-8), variants within each; a
  // word's entry is `plain: [[variant, postings], …]`.
  nlohmann::ordered_json shard_list = nlohmann::ordered_json::array();
  std::string shard;
  std::string shard_first;
  auto close_shard = [&] {
    if (shard.empty()) return;
    std::string raw = "{" + shard + "}";
    const uint64_t hash = hash_of(raw);
    std::string path = "s/" + content_name(hash) + ".json.gz";
    shard_list.push_back({shard_list.empty() ? std::string() : shard_first, path});
    index.files.push_back({path, pack(path, hash, [&] { return raw; })});
    shard.clear();
  };
  std::string_view plain;
  std::string entry;
  auto add_entry = [&] {
    if (entry.empty()) return;
    entry += ']';
    if (!shard.empty() && shard.size() + entry.size() > options.shard_bytes) close_shard();
    if (shard.empty())
      shard_first = plain;
    else
      shard += ',';
    shard += entry;
    entry.clear();
    ++index.terms;
  };
  for (size_t pos = 0; pos < table.pairs.size();) {
    const Entry e = read_entry(table.pairs, pos);
    if (entry.empty() || e.plain() != plain) {
      add_entry();
      plain = e.plain();
      entry = json_string(plain) + ":[";
    } else {
      entry += ',';
    }
    entry += '[';
    append_json_string(entry, e.variant());
    entry += ",\"";
    entry += e.digits;
    entry += "\"]";
  }
  add_entry();
  close_shard();

  for (uint32_t id = 0; id < docs.size(); ++id) {
    const Document& doc = docs[id];
    // The fields stand for the fragment: it is written out only when they changed.
    uint64_t key = 0x66726167 ^ options.text_bytes;
    for (std::string_view field : {std::string_view(doc.url), std::string_view(doc.title),
                                   std::string_view(doc.date), std::string_view(doc.date_iso),
                                   std::string_view(doc.section)})
      key = hash_of(field, key ^ field.size());
    const uint64_t text_key = doc.text_key ? doc.text_key : hash_of(doc.text);
    key = hash_of({reinterpret_cast<const char*>(&text_key), sizeof text_key}, key);
    std::string path = "f/" + std::to_string(id) + ".json.gz";
    index.files.push_back({path, pack(path, key, [&] {
                             const std::string text = text_of(docs, options, id);
                             const std::string_view excerpt = cut_utf8(text, options.text_bytes);
                             // As nlohmann::ordered_json would dump it.
                             std::string raw;
                             raw.reserve(excerpt.size() + 512);
                             const std::pair<const char*, std::string_view> fields[] = {
                                 {"{\"u\":", doc.url},      {",\"t\":", doc.title},
                                 {",\"d\":", doc.date},     {",\"i\":", doc.date_iso},
                                 {",\"s\":", doc.section},  {",\"x\":", excerpt}};
                             for (const auto& [name, value] : fields) {
                               raw += name;
                               append_json_string(raw, value);
                             }
                             return raw + '}';
                           })});
  }

  std::string lengths;
  uint64_t total_tokens = 0;
  for (size_t id = 0; id < table.docs; ++id) {
    total_tokens += table.length(id);
    lengths += length_digit(table.length(id));
  }
  nlohmann::ordered_json meta = {{"v", 1},
                                 {"docs", docs.size()},
                                 {"tokens", total_tokens},
                                 {"stem", std::string(stemmer_name(options.stemmer))},
                                 {"title_weight", kTitleWeight},
                                 {"len", lengths},
                                 {"shards", shard_list},
                                 {"frag", "f/"}};
  std::string raw = meta.dump();
  const uint64_t hash = hash_of(raw);
  index.meta = "meta." + content_name(hash) + ".json.gz";
  index.files.push_back({index.meta, pack(index.meta, hash, [&] { return raw; })});
  index.table = std::move(table_bytes);
  return index;
}

}  // namespace

Index build_index(const std::vector<Document>& docs, const IndexOptions& options,
                  std::vector<std::string> terms) {
  // Every (plain, variant) pair gets an id the first time it is seen; its postings are
  // collected under that id, in document order since documents come in id order.
  std::unordered_map<std::string, uint32_t, TransparentHash, std::equal_to<>> ids;
  std::vector<std::string_view> pairs;  // id → its key in `ids`
  std::vector<std::vector<Posting>> postings;
  std::vector<uint32_t> lengths(docs.size());
  for (uint32_t doc = 0; doc < docs.size(); ++doc) {
    const std::string words = terms_of(docs, options, terms, doc);
    lengths[doc] = read_terms(words, [&](std::string_view pair, uint32_t weight) {
      auto it = ids.find(pair);
      if (it == ids.end()) {
        it = ids.emplace(std::string(pair), static_cast<uint32_t>(pairs.size())).first;
        pairs.push_back(it->first);
        postings.emplace_back();
      }
      postings[it->second].push_back({doc, weight});
    });
  }
  std::vector<uint32_t> order(pairs.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return pairs[a] < pairs[b]; });

  std::string table = table_header(docs, lengths);
  std::string digits;
  for (uint32_t id : order) {
    digits.clear();
    append_postings(digits, postings[id]);
    append_entry(table, pairs[id], digits);
  }
  return finish_index(docs, options, std::move(table));
}

std::optional<std::vector<uint32_t>> documents_to_recount(std::string_view previous,
                                                          const std::vector<Document>& docs) {
  const auto table = read_table(previous);
  if (!table) return std::nullopt;
  std::vector<uint32_t> recount;
  for (uint32_t id = 0; id < docs.size(); ++id)
    if (!same_terms(*table, docs, id)) recount.push_back(id);
  if (2 * recount.size() > docs.size()) return std::nullopt;
  return recount;
}

std::optional<uint64_t> recorded_terms_key(std::string_view previous, uint32_t doc) {
  const auto table = read_table(previous);
  if (!table || doc >= table->docs) return std::nullopt;
  return table->key(doc);
}

Index update_index(const std::vector<Document>& docs, const IndexOptions& options,
                   std::string_view previous, std::vector<std::string> terms,
                   const std::vector<std::string>& old_terms) {
  const auto old = read_table(previous);
  if (!old) throw std::invalid_argument("search: malformed index table");
  // A document counted again had its postings under its id in `previous` (when it had an
  // id there), and so had the ids past the last document: those postings go.
  std::vector<bool> stale(old->docs);
  std::vector<uint32_t> recount;
  std::vector<uint32_t> lengths(docs.size());
  for (uint32_t id = 0; id < old->docs; ++id) stale[id] = !same_terms(*old, docs, id);
  for (uint32_t id = 0; id < docs.size(); ++id) {
    if (same_terms(*old, docs, id))
      lengths[id] = old->length(id);
    else
      recount.push_back(id);
  }
  const bool any_stale = std::find(stale.begin(), stale.end(), true) != stale.end();
  // The pairs whose postings lose a document, when the old terms of every such document
  // are known; else every pair's postings are read.
  std::vector<std::string_view> losing;
  bool losing_known = true;
  for (uint32_t id = 0; id < old->docs && losing_known; ++id) {
    if (!stale[id]) continue;
    if (id >= old_terms.size() || old_terms[id].empty())
      losing_known = false;
    else
      read_terms(old_terms[id], [&](std::string_view pair, uint32_t) { losing.push_back(pair); });
  }
  std::sort(losing.begin(), losing.end());

  // The recounted documents' postings, by pair, then by document.
  struct Added {
    std::string_view pair;
    Posting posting;
  };
  std::vector<std::string> words(recount.size());
  std::vector<Added> added;
  for (size_t k = 0; k < recount.size(); ++k) {
    const uint32_t doc = recount[k];
    words[k] = terms_of(docs, options, terms, doc);
    lengths[doc] = read_terms(words[k], [&](std::string_view pair, uint32_t weight) {
      added.push_back({pair, {doc, weight}});
    });
  }
  std::stable_sort(added.begin(), added.end(),
                   [](const Added& a, const Added& b) { return a.pair < b.pair; });

  std::string table = table_header(docs, lengths);
  table.reserve(previous.size() + added.size() * 16);
  std::vector<Posting> kept, merged;
  std::string digits;
  // Appends the postings of `pair`: `kept` merged with added[a, b) in document order.
  auto append_merged = [&](std::string_view pair, size_t a, size_t b) {
    merged.clear();
    size_t k = 0;
    for (; a < b; ++a) {
      for (; k < kept.size() && kept[k].doc < added[a].posting.doc; ++k) merged.push_back(kept[k]);
      merged.push_back(added[a].posting);
    }
    merged.insert(merged.end(), kept.begin() + static_cast<std::ptrdiff_t>(k), kept.end());
    if (merged.empty()) return;
    digits.clear();
    append_postings(digits, merged);
    append_entry(table, pair, digits);
  };
  auto same_pair_end = [&](size_t a) {
    size_t b = a;
    while (b < added.size() && added[b].pair == added[a].pair) ++b;
    return b;
  };
  size_t a = 0;
  for (size_t pos = 0; pos < old->pairs.size();) {
    const Entry e = read_entry(old->pairs, pos);
    // Pairs that only recounted documents have, before this one.
    while (a < added.size() && added[a].pair < e.pair) {
      const size_t b = same_pair_end(a);
      kept.clear();
      append_merged(added[a].pair, a, b);
      a = b;
    }
    const size_t b = a < added.size() && added[a].pair == e.pair ? same_pair_end(a) : a;
    const bool may_lose =
        any_stale && (!losing_known || std::binary_search(losing.begin(), losing.end(), e.pair));
    if (!may_lose && a == b) {
      append_entry(table, e.pair, e.digits);
      continue;
    }
    kept.clear();
    bool removed = false;
    uint32_t doc = 0;
    for (size_t p = 0; p < e.digits.size();) {
      doc += read_vlq(e.digits, p);
      const uint32_t weight = read_vlq(e.digits, p);
      if (doc >= old->docs) throw std::invalid_argument("search: malformed index table");
      if (stale[doc])
        removed = true;
      else
        kept.push_back({doc, weight});
    }
    if (!removed && a == b)
      append_entry(table, e.pair, e.digits);
    else
      append_merged(e.pair, a, b);
    a = b;
  }
  while (a < added.size()) {
    const size_t b = same_pair_end(a);
    kept.clear();
    append_merged(added[a].pair, a, b);
    a = b;
  }
  return finish_index(docs, options, std::move(table));
}

}  // namespace ttdn::search
