#include "search/index.h"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
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

std::string term_entry(const std::string& plain, const std::vector<uint32_t>& variants,
                       const std::vector<std::pair<std::string, std::string>>& forms,
                       const std::vector<std::vector<Posting>>& postings) {
  std::string s = json_string(plain) + ":[";
  for (size_t k = 0; k < variants.size(); ++k) {
    std::string digits;
    uint32_t previous = 0;
    for (const auto& p : postings[variants[k]]) {
      append_vlq(digits, p.doc - previous);
      append_vlq(digits, p.weight);
      previous = p.doc;
    }
    if (k) s += ',';
    s += "[" + json_string(forms[variants[k]].second) + ",\"" + digits + "\"]";
  }
  return s + "]";
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

Index build_index(const std::vector<Document>& docs, const IndexOptions& options,
                  std::vector<std::string> terms) {
  Index index;
  auto pack = [&](const std::string& path, uint64_t key, const std::function<std::string()>& raw) {
    return options.compress ? options.compress(path, key, raw) : gzip(raw());
  };
  // Every (plain, variant) pair gets an id the first time it is seen; its postings are
  // collected under that id, in document order since documents come in id order.
  std::unordered_map<std::string, uint32_t, TransparentHash, std::equal_to<>> ids;
  std::vector<std::pair<std::string, std::string>> forms;  // id → (plain, variant or "")
  std::vector<std::vector<Posting>> postings;
  std::string lengths;
  uint64_t total_tokens = 0;

  for (uint32_t doc = 0; doc < docs.size(); ++doc) {
    std::string words;
    if (doc < terms.size()) words.swap(terms[doc]);
    if (words.empty()) words = document_terms(docs[doc].title, docs[doc].text, options.stemmer);
    const std::string_view view = words;
    size_t pos = 0;
    const uint32_t length = read_vlq(view, pos);
    while (pos < view.size()) {
      const size_t plain_end = view.find('\0', pos);
      const size_t pair_end = plain_end == view.npos ? plain_end : view.find('\0', plain_end + 1);
      if (pair_end == view.npos) throw std::invalid_argument("search: malformed document terms");
      const std::string_view pair = view.substr(pos, pair_end - pos);
      const size_t split = plain_end - pos;
      pos = pair_end + 1;
      const uint32_t weight = read_vlq(view, pos);
      auto it = ids.find(pair);
      if (it == ids.end()) {
        it = ids.emplace(std::string(pair), static_cast<uint32_t>(forms.size())).first;
        forms.emplace_back(std::string(pair.substr(0, split)), std::string(pair.substr(split + 1)));
        postings.emplace_back();
      }
      postings[it->second].push_back({doc, weight});
    }
    total_tokens += length;
    lengths += length_digit(length);
  }

  // Plain words in code-point order (the byte order of UTF-8), variants within each.
  std::vector<uint32_t> order(forms.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return forms[a] < forms[b]; });

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
  for (size_t i = 0; i < order.size();) {
    const std::string& plain = forms[order[i]].first;
    std::vector<uint32_t> variants;
    for (; i < order.size() && forms[order[i]].first == plain; ++i) variants.push_back(order[i]);
    std::string entry = term_entry(plain, variants, forms, postings);
    if (!shard.empty() && shard.size() + entry.size() > options.shard_bytes) close_shard();
    if (shard.empty())
      shard_first = plain;
    else
      shard += ',';
    shard += entry;
    ++index.terms;
  }
  close_shard();

  for (uint32_t id = 0; id < docs.size(); ++id) {
    const Document& doc = docs[id];
    const std::string_view excerpt = cut_utf8(doc.text, options.text_bytes);
    // The fields stand for the fragment: it is written out only when they changed.
    uint64_t key = 0x66726167;
    for (std::string_view field : {std::string_view(doc.url), std::string_view(doc.title),
                                   std::string_view(doc.date), std::string_view(doc.date_iso),
                                   std::string_view(doc.section), excerpt})
      key = hash_of(field, key ^ field.size());
    std::string path = "f/" + std::to_string(id) + ".json.gz";
    index.files.push_back({path, pack(path, key, [&] {
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
  return index;
}

}  // namespace ttdn::search
