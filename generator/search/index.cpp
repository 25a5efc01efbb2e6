#include "search/index.h"

#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "search/gzip.h"

namespace ttdn::search {
namespace {

constexpr std::string_view kDigits =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

struct Posting {
  uint32_t doc = 0;
  uint32_t weight = 0;
};

/// variant ("" when it equals the plain form) → postings in document order.
using Variants = std::map<std::string, std::vector<Posting>>;

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

std::string term_entry(const std::string& plain, const Variants& variants) {
  std::string s = json_string(plain) + ":[";
  bool first = true;
  for (const auto& [variant, postings] : variants) {
    std::string digits;
    uint32_t previous = 0;
    for (const auto& p : postings) {
      append_vlq(digits, p.doc - previous);
      append_vlq(digits, p.weight);
      previous = p.doc;
    }
    if (!first) s += ',';
    first = false;
    s += "[" + json_string(variant) + ",\"" + digits + "\"]";
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
  std::map<std::string, Variants> terms;
  std::string lengths;
  uint64_t total_tokens = 0;

  for (uint32_t id = 0; id < docs.size(); ++id) {
    const Document& doc = docs[id];
    auto title = tokenize(doc.title, options.stemmer);
    auto body = tokenize(doc.text, options.stemmer);
    // plain '\0' variant → weight
    std::unordered_map<std::string, uint32_t> weights;
    auto key = [](const Token& t) {
      return t.variant == t.plain ? t.plain : t.plain + '\0' + t.variant;
    };
    for (const auto& t : title) weights[key(t)] += kTitleWeight;
    for (const auto& t : body) weights[key(t)] += 1;
    for (const auto& [k, w] : weights) {
      size_t zero = k.find('\0');
      std::string plain = k.substr(0, zero);
      std::string variant = zero == std::string::npos ? "" : k.substr(zero + 1);
      terms[plain][variant].push_back({id, w});
    }
    size_t length = title.size() + body.size();
    total_tokens += length;
    lengths += length_digit(length);
  }
  // Documents were added in id order, but the weights map is unordered within one
  // document; each posting list is still in document order as ids only grow.
  index.terms = terms.size();

  nlohmann::ordered_json shard_list = nlohmann::ordered_json::array();
  std::string shard;
  std::string shard_first;
  auto close_shard = [&] {
    if (shard.empty()) return;
    std::string raw = "{" + shard + "}";
    std::string path = "s/" + content_name(raw) + ".json.gz";
    shard_list.push_back({shard_list.empty() ? std::string() : shard_first, path});
    index.files.push_back({path, gzip(raw)});
    shard.clear();
  };
  for (const auto& [plain, variants] : terms) {
    std::string entry = term_entry(plain, variants);
    if (!shard.empty() && shard.size() + entry.size() > options.shard_bytes) close_shard();
    if (shard.empty()) shard_first = plain;
    else shard += ',';
    shard += entry;
  }
  close_shard();

  for (uint32_t id = 0; id < docs.size(); ++id) {
    const Document& doc = docs[id];
    nlohmann::ordered_json fragment = {{"u", doc.url},     {"t", doc.title},
                                       {"d", doc.date},    {"i", doc.date_iso},
                                       {"s", doc.section}, {"x", cut_utf8(doc.text, options.text_bytes)}};
    index.files.push_back({"f/" + std::to_string(id) + ".json.gz", gzip(fragment.dump())});
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
  index.files.push_back({index.meta, gzip(raw)});
  return index;
}

}  // namespace ttdn::search
