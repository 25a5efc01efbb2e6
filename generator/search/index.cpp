#include "search/index.h"

#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
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

std::string content_name(std::string_view bytes) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx",
                static_cast<unsigned long long>(XXH3_64bits(bytes.data(), bytes.size())));
  return std::string(buf, 12);
}

std::string json_string(const std::string& s) { return nlohmann::json(s).dump(); }

/// Document length (tokens) in one digit: 4 steps per doubling, up to about 55,000.
char length_digit(size_t tokens) {
  long code = std::lround(std::log2(static_cast<double>(tokens) + 1.0) * 4.0);
  return kDigits[static_cast<size_t>(std::clamp(code, 0L, 63L))];
}

/// `text` cut to at most `max` bytes at a code point boundary.
std::string cut_utf8(const std::string& text, size_t max) {
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

Index build_index(const std::vector<Document>& docs, const IndexOptions& options) {
  Index index;
  auto pack = [&](std::string_view raw, const std::string& path) {
    return options.compress ? options.compress(raw, path) : gzip(raw);
  };
  // Every (plain, variant) pair gets an id the first time it is seen; its postings are
  // collected under that id, in document order since documents come in id order.
  std::unordered_map<std::string, uint32_t, TransparentHash, std::equal_to<>> ids;
  std::vector<std::pair<std::string, std::string>> forms;  // id → (plain, variant or "")
  std::vector<std::vector<Posting>> postings;
  std::string lengths;
  uint64_t total_tokens = 0;
  std::string key;
  // One document's weight per id (0: not in it), and the ids it has so far.
  std::vector<uint32_t> weight_in_doc;
  std::vector<uint32_t> in_doc;

  for (uint32_t doc = 0; doc < docs.size(); ++doc) {
    size_t length = 0;
    auto add = [&](uint32_t weight) {
      return [&, weight](std::string_view plain, std::string_view variant, size_t, size_t, bool) {
        bool same = plain == variant;
        key.assign(plain);
        key += '\0';
        if (!same) key += variant;
        auto it = ids.find(std::string_view(key));
        if (it == ids.end()) {
          it = ids.emplace(key, static_cast<uint32_t>(forms.size())).first;
          forms.emplace_back(std::string(plain), same ? std::string() : std::string(variant));
          postings.emplace_back();
          weight_in_doc.push_back(0);
        }
        if (weight_in_doc[it->second] == 0) in_doc.push_back(it->second);
        weight_in_doc[it->second] += weight;
        ++length;
      };
    };
    scan_tokens(docs[doc].title, options.stemmer, add(kTitleWeight));
    scan_tokens(docs[doc].text, options.stemmer, add(1));
    // Each term's postings stay in document order, whatever order its terms came in.
    for (uint32_t id : in_doc) {
      postings[id].push_back({doc, weight_in_doc[id]});
      weight_in_doc[id] = 0;
    }
    in_doc.clear();
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
    std::string path = "s/" + content_name(raw) + ".json.gz";
    shard_list.push_back({shard_list.empty() ? std::string() : shard_first, path});
    index.files.push_back({path, pack(raw, path)});
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
    nlohmann::ordered_json fragment = {
        {"u", doc.url},      {"t", doc.title},   {"d", doc.date},
        {"i", doc.date_iso}, {"s", doc.section}, {"x", cut_utf8(doc.text, options.text_bytes)}};
    std::string path = "f/" + std::to_string(id) + ".json.gz";
    index.files.push_back({path, pack(fragment.dump(), path)});
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
  index.meta = "meta." + content_name(raw) + ".json.gz";
  index.files.push_back({index.meta, pack(raw, index.meta)});
  return index;
}

}  // namespace ttdn::search
