#include <algorithm>
#include <catch2/catch.hpp>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>

#include "search/gzip.h"
#include "search/index.h"
#include "search/tokenizer.h"

using namespace ttdn::search;
using nlohmann::json;

namespace {

std::vector<std::string> plains(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const auto& t : tokens) out.push_back(t.plain);
  return out;
}

json read_json(const Index& index, const std::string& path) {
  for (const auto& f : index.files)
    if (f.path == path) {
      auto raw = gunzip(f.bytes);
      REQUIRE(raw);
      return json::parse(*raw);
    }
  FAIL("no index file " << path);
  return {};
}

/// doc id → weight for `plain` in `variant` ("" = the plain form itself).
std::map<uint32_t, uint32_t> postings(const Index& index, const std::string& plain,
                                      const std::string& variant) {
  json meta = read_json(index, index.meta);
  std::string shard;
  for (const auto& s : meta["shards"])
    if (s[0].get<std::string>() <= plain) shard = s[1].get<std::string>();
  json terms = read_json(index, shard);
  std::map<uint32_t, uint32_t> out;
  if (!terms.contains(plain)) return out;
  for (const auto& v : terms[plain]) {
    if (v[0].get<std::string>() != variant) continue;
    auto numbers = decode_vlq(v[1].get<std::string>());
    uint32_t doc = 0;
    for (size_t i = 0; i + 1 < numbers.size(); i += 2) {
      doc += numbers[i];
      out[doc] = numbers[i + 1];
    }
  }
  return out;
}

}  // namespace

TEST_CASE("both Vietnamese tone placements give one variant", "[search]") {
  CHECK(variant_form("hoà") == variant_form("hòa"));
  CHECK(variant_form("Hoà") == variant_form("hòa"));
  CHECK(variant_form("thuý") == variant_form("thúy"));
  CHECK(variant_form("khoẻ") == variant_form("khỏe"));
  // The tone is kept, only moved: other tones stay other variants.
  CHECK(variant_form("hòa") != variant_form("hóa"));
  CHECK(variant_form("hòa") != variant_form("hoa"));
  // Vowel marks are part of the letter, not the tone.
  CHECK(variant_form("giốc") != variant_form("gióc"));
  // NFD input is the same word.
  CHECK(variant_form("ho\xCC\x80"
                     "a") == variant_form("hòa"));
}

TEST_CASE("plain forms drop every mark and fold đ to d", "[search]") {
  CHECK(plain_form("Bản", Stemmer::none) == "ban");
  CHECK(plain_form("GIỐC", Stemmer::none) == "gioc");
  CHECK(plain_form("Đàm", Stemmer::none) == "dam");
  CHECK(plain_form("đường", Stemmer::none) == "duong");
  CHECK(plain_form("hoà", Stemmer::none) == plain_form("hòa", Stemmer::none));
  CHECK(variant_form("Đàm") != variant_form("Dàm"));
}

TEST_CASE("Vietnamese text gives one token per syllable", "[search]") {
  auto tokens = tokenize("Thác Bản Giốc (Cao Bằng), 14-HD/BTGTU.", Stemmer::none);
  CHECK(plains(tokens) ==
        std::vector<std::string>{"thac", "ban", "gioc", "cao", "bang", "14", "hd", "btgtu"});
  CHECK(tokens[1].variant == variant_form("bản"));
  CHECK(tokens[1].begin == std::string("Thác ").size());
  CHECK(tokens[1].end == std::string("Thác Bản").size());
}

TEST_CASE("Han text gives character bigrams and the run's last character", "[search]") {
  auto tokens = tokenize("德天瀑布位于边境", Stemmer::none);
  CHECK(plains(tokens) ==
        std::vector<std::string>{"德天", "天瀑", "瀑布", "布位", "位于", "于边", "边境", "境"});
  CHECK(tokens[0].ideographic);
  // 德天 (one query bigram) is found inside 德天瀑布, which ICU would split into 德 | 天.
  CHECK(tokenize("德天", Stemmer::none)[0].plain == "德天");
  // A lone character is its own token; Latin words around Han text keep theirs.
  CHECK(plains(tokenize("高平Cao Bằng省", Stemmer::none)) ==
        std::vector<std::string>{"高平", "平", "cao", "bang", "省"});
}

TEST_CASE("English words are stemmed lightly, the same way in text and query", "[search]") {
  CHECK(stem_english("borders") == "border");
  CHECK(stem_english("border") == "border");
  CHECK(stem_english("cities") == "city");
  CHECK(stem_english("boxes") == "box");
  CHECK(stem_english("classes") == "class");
  CHECK(stem_english("planned") == "plan");
  CHECK(stem_english("running") == "run");
  CHECK(stem_english("signed") == stem_english("sign"));
  CHECK(stem_english("located") == stem_english("locate"));
  CHECK(stem_english("agreed") == stem_english("agree"));
  CHECK(stem_english("crossings") == stem_english("crossing"));
  CHECK(stem_english("waterfalls") == "waterfall");
  CHECK(stem_english("status") == "status");
  CHECK(stem_english("this") == "this");
  CHECK(stem_english("bring") == "bring");
  auto tokens = tokenize("Border Gates", Stemmer::english);
  CHECK(plains(tokens) == std::vector<std::string>{"border", stem_english("gates")});
  CHECK(tokens[1].variant == "gates");
  // Without the English stemmer, words are left whole.
  CHECK(plains(tokenize("borders", Stemmer::none)) == std::vector<std::string>{"borders"});
  CHECK(stemmer_named("english") == Stemmer::english);
  CHECK(stemmer_named("none") == Stemmer::none);
}

TEST_CASE("numbers survive the base-64 encoding", "[search]") {
  std::string s;
  for (uint32_t v : {0u, 1u, 31u, 32u, 1000u, 123456789u}) append_vlq(s, v);
  CHECK(decode_vlq(s) == std::vector<uint32_t>{0, 1, 31, 32, 1000, 123456789});
  CHECK(gunzip(gzip("Bản Giốc 德天")).value() == "Bản Giốc 德天");
  CHECK_FALSE(gunzip("not gzip").has_value());
}

TEST_CASE("the index keeps each tone variant apart under one plain word", "[search]") {
  std::vector<Document> docs(3);
  docs[0] = {"/a/", "Hòa bình", "", "", "Tin tức", "Biên giới hòa bình."};
  docs[1] = {"/b/", "Văn hoá", "", "", "Tin tức", "Văn hoá và hoà bình."};
  docs[2] = {"/c/", "Hoa đào", "", "", "Tin tức", "Hoa nở."};
  Index index = build_index(docs, {});
  auto hoa_grave = postings(index, "hoa", variant_form("hòa"));
  CHECK(hoa_grave.size() == 2);  // "hòa" in doc 0, "hoà" in doc 1
  CHECK(hoa_grave.count(0));
  CHECK(hoa_grave.count(1));
  CHECK(hoa_grave[0] == kTitleWeight + 1);  // title and body
  auto hoa_plain = postings(index, "hoa", "");
  CHECK(hoa_plain.size() == 1);
  CHECK(hoa_plain.count(2));
  CHECK(postings(index, "hoa", variant_form("hóa")).size() == 1);  // "hoá" of doc 1
  // The fragment of a document holds what a result shows.
  json f = read_json(index, "f/1.json.gz");
  CHECK(f["u"] == "/b/");
  CHECK(f["t"] == "Văn hoá");
  CHECK(f["x"] == "Văn hoá và hoà bình.");
}

TEST_CASE("shards split the sorted words so a query loads only its own", "[search]") {
  std::vector<Document> docs;
  for (int i = 0; i < 60; ++i) {
    std::string text;
    for (int k = 0; k < 40; ++k) text += "w" + std::to_string(i * 40 + k) + " ";
    docs.push_back({"/d" + std::to_string(i) + "/", "T", "", "", "", text + "chung"});
  }
  IndexOptions options;
  options.shard_bytes = 2000;
  Index index = build_index(docs, options);
  json meta = read_json(index, index.meta);
  REQUIRE(meta["shards"].size() > 5);
  CHECK(meta["docs"] == 60);
  CHECK(meta["len"].get<std::string>().size() == 60);
  std::string previous;
  for (size_t i = 0; i < meta["shards"].size(); ++i) {
    std::string first = meta["shards"][i][0];
    if (i > 0) CHECK(first > previous);
    json terms = read_json(index, meta["shards"][i][1]);
    for (auto it = terms.begin(); it != terms.end(); ++it) {
      CHECK(it.key() >= first);
      if (i + 1 < meta["shards"].size())
        CHECK(it.key() < meta["shards"][i + 1][0].get<std::string>());
    }
    previous = first;
  }
  CHECK(postings(index, "chung", "").size() == 60);
  CHECK(postings(index, "w123", "") == std::map<uint32_t, uint32_t>{{3, 1}});
}

TEST_CASE("the same documents give the same index files", "[search]") {
  std::vector<Document> docs = {{"/a/", "Thác Bản Giốc", "1 tháng 3, 2026",
                                 "2026-03-01T00:00:00+07:00", "Tin tức",
                                 "德天瀑布 và thác Bản Giốc."}};
  Index a = build_index(docs, {});
  Index b = build_index(docs, {});
  REQUIRE(a.files.size() == b.files.size());
  for (size_t i = 0; i < a.files.size(); ++i) {
    CHECK(a.files[i].path == b.files[i].path);
    CHECK(a.files[i].bytes == b.files[i].bytes);
  }
  CHECK(a.meta == b.meta);
}

TEST_CASE("an index counts a document's kept terms as it counts its text", "[search][incremental]") {
  std::vector<Document> docs = {
      {"/a/", "Thác Bản Giốc", "", "", "Tin tức", "Thác Bản Giốc và hoà bình, hòa bình. 德天瀑布"},
      {"/b/", "Cửa khẩu", "", "", "Tin tức", "Cửa khẩu Trà Lĩnh mở cửa."}};
  Index from_text = build_index(docs, {});
  std::vector<std::string> terms;
  for (const auto& d : docs) terms.push_back(document_terms(d.title, d.text, Stemmer::none));
  Index from_terms = build_index(docs, {}, terms);
  REQUIRE(from_terms.files.size() == from_text.files.size());
  for (size_t i = 0; i < from_text.files.size(); ++i) {
    CHECK(from_terms.files[i].path == from_text.files[i].path);
    CHECK(from_terms.files[i].bytes == from_text.files[i].bytes);
  }
  CHECK(postings(from_terms, "hoa", variant_form("hòa")) == std::map<uint32_t, uint32_t>{{0, 2}});
  CHECK(postings(from_terms, "gioc", variant_form("giốc")) ==
        std::map<uint32_t, uint32_t>{{0, kTitleWeight + 1}});

  // The terms given are the ones counted: the text is not read again.
  terms[1] = document_terms("Cửa khẩu", "Cửa khẩu Tà Lùng.", Stemmer::none);
  Index swapped = build_index(docs, {}, terms);
  CHECK(postings(swapped, "lung", variant_form("lùng")) == std::map<uint32_t, uint32_t>{{1, 1}});
  CHECK(postings(swapped, "linh", variant_form("lĩnh")).empty());
  // A malformed record is an error, never a silent empty document.
  terms[1] = "not terms";
  CHECK_THROWS(build_index(docs, {}, terms));
}

TEST_CASE("only the index files whose contents changed are made again", "[search][incremental]") {
  std::vector<Document> docs;
  for (int i = 0; i < 8; ++i)
    docs.push_back({"/d" + std::to_string(i) + "/", "Tin " + std::to_string(i), "", "", "Tin tức",
                    "Bài " + std::to_string(i) + " về cửa khẩu."});
  // A compressor that remembers each file's key, as the build cache does, and records the
  // files whose contents it had to make.
  std::map<std::string, std::pair<uint64_t, std::string>> kept;
  std::vector<std::string> made;
  IndexOptions options;
  options.compress = [&](const std::string& path, uint64_t key,
                         const std::function<std::string()>& raw) {
    auto it = kept.find(path);
    if (it != kept.end() && it->second.first == key) return it->second.second;
    made.push_back(path);
    std::string packed = gzip(raw());
    kept[path] = {key, packed};
    return packed;
  };
  Index first = build_index(docs, options);
  CHECK(made.size() == first.files.size());

  made.clear();
  docs[3].text = "Bài 3 về thác Bản Giốc.";
  Index second = build_index(docs, options);
  // Its own fragment, the shards holding its old and new words, and the meta file.
  CHECK(std::count(made.begin(), made.end(), "f/3.json.gz") == 1);
  CHECK(std::count_if(made.begin(), made.end(),
                      [](const std::string& p) { return p.rfind("f/", 0) == 0; }) == 1);
  CHECK(std::count(made.begin(), made.end(), second.meta) == 1);
  // What was taken back is what a fresh index has.
  Index fresh = build_index(docs, {});
  REQUIRE(fresh.files.size() == second.files.size());
  for (size_t i = 0; i < fresh.files.size(); ++i) {
    CHECK(second.files[i].path == fresh.files[i].path);
    CHECK(gunzip(second.files[i].bytes) == gunzip(fresh.files[i].bytes));
  }
  CHECK(read_json(second, "f/3.json.gz")["x"] == "Bài 3 về thác Bản Giốc.");
}

namespace {

/// `docs` with their terms keys set, as the build sets them (here: a hash of title and text).
std::vector<Document> keyed(std::vector<Document> docs) {
  for (auto& d : docs) d.terms_key = std::hash<std::string>{}(d.title + '\n' + d.text);
  return docs;
}

/// The index update_index makes from `previous`, after checking it is the one build_index
/// makes afresh, file for file and in its table.
Index updated(const Index& previous, const std::vector<Document>& docs,
              const std::vector<std::string>& old_terms = {}) {
  Index update = update_index(docs, {}, previous.table, {}, old_terms);
  Index fresh = build_index(docs, {});
  CHECK(update.table == fresh.table);
  CHECK(update.meta == fresh.meta);
  CHECK(update.terms == fresh.terms);
  REQUIRE(update.files.size() == fresh.files.size());
  for (size_t i = 0; i < fresh.files.size(); ++i) {
    CHECK(update.files[i].path == fresh.files[i].path);
    CHECK(update.files[i].bytes == fresh.files[i].bytes);
  }
  return update;
}

}  // namespace

TEST_CASE("an index updated after edits is the index counted afresh", "[search][incremental]") {
  std::vector<Document> docs;
  const char* texts[] = {"Thác Bản Giốc và hoà bình.", "德天瀑布 与 板约瀑布。", "Cửa khẩu Trà Lĩnh.",
                         "Biên giới hòa bình, hữu nghị.", "Hợp tác quốc tế 合作.", "Ngày hội văn hoá."};
  for (int i = 0; i < 12; ++i)
    docs.push_back({"/d" + std::to_string(i) + "/", "Tin " + std::to_string(i), "", "", "Tin tức",
                    std::string(texts[i % 6]) + " Số " + std::to_string(i) + "."});
  Index index = build_index(keyed(docs), {});

  SECTION("nothing changed: nothing is counted again") {
    CHECK(documents_to_recount(index.table, keyed(docs)) == std::vector<uint32_t>{});
    updated(index, keyed(docs));
  }
  SECTION("one text edited: its words leave and come, the others' stay") {
    // What the index counted for it, so that only those words' postings are read.
    std::vector<std::string> old_terms(docs.size());
    old_terms[4] = document_terms(docs[4].title, docs[4].text, Stemmer::none);
    CHECK(recorded_terms_key(index.table, 4) == keyed(docs)[4].terms_key);
    docs[4].text = "Ấp Zùng, \"aaa\" và 龍 thay cho hợp tác.";  // words first and last in order
    CHECK(documents_to_recount(index.table, keyed(docs)) == std::vector<uint32_t>{4});
    updated(index, keyed(docs), old_terms);
    Index after = updated(index, keyed(docs));
    CHECK(postings(after, "zung", variant_form("zùng")) == std::map<uint32_t, uint32_t>{{4, 1}});
    CHECK(postings(after, "quoc", variant_form("quốc")) == std::map<uint32_t, uint32_t>{{10, 1}});
    // An update of an update.
    docs[4].title = "Tin bốn";
    docs[9].text = "Thác Bản Giốc.";
    CHECK(documents_to_recount(after.table, keyed(docs)) == std::vector<uint32_t>{4, 9});
    updated(after, keyed(docs));
  }
  SECTION("an article added at the end, then the last one removed") {
    docs.push_back({"/d12/", "Tin mới", "", "", "Tin tức", "Mốc giới số 835 德天."});
    CHECK(documents_to_recount(index.table, keyed(docs)) == std::vector<uint32_t>{12});
    Index added = updated(index, keyed(docs));
    docs.pop_back();
    docs.pop_back();
    CHECK(documents_to_recount(added.table, keyed(docs)) == std::vector<uint32_t>{});
    updated(added, keyed(docs));
  }
  SECTION("when most documents changed or the table is damaged, everything is counted") {
    for (size_t i = 0; i < 7; ++i) docs[i].title += " (sửa)";
    CHECK_FALSE(documents_to_recount(index.table, keyed(docs)));
    CHECK_FALSE(documents_to_recount("not a table", keyed(docs)));
    CHECK_THROWS_AS(update_index(keyed(docs), {}, "not a table"), std::invalid_argument);
    std::string cut = index.table.substr(0, index.table.size() - 5);
    docs[0].title = "Tin 0";  // one document changed: the damaged pairs are read
    CHECK_THROWS_AS(update_index(keyed(docs), {}, cut), std::invalid_argument);
  }
}

TEST_CASE("the forms of a word that share a term count once in a document", "[search]") {
  // Capitals and old and new tone placements meet in one term; a plural is its own variant
  // of the stemmed word.
  std::vector<Document> docs = {
      {"/a/", "Borders", "", "", "News", "The border, the Border and two borders."},
      {"/b/", "Gates", "", "", "News", "A border gate."}};
  IndexOptions options;
  options.stemmer = Stemmer::english;
  Index index = build_index(docs, options);
  CHECK(postings(index, "border", "") == std::map<uint32_t, uint32_t>{{0, 2}, {1, 1}});
  CHECK(postings(index, "border", "borders") == std::map<uint32_t, uint32_t>{{0, kTitleWeight + 1}});

  TermCounts first = count_terms("Hoà bình", kTitleWeight, "hòa bình, HÒA", Stemmer::none);
  CHECK(first.tokens == 5);
  std::map<std::string, uint32_t> weights;
  for (const auto& [key, weight] : first.terms) weights[std::string(key)] = weight;
  CHECK(weights.size() == 2);
  CHECK(weights.at("hoa" + std::string(1, '\0') + variant_form("hòa")) == kTitleWeight + 2);
  // The next document's count starts again from nothing.
  TermCounts second = count_terms("", kTitleWeight, "hoà", Stemmer::none);
  REQUIRE(second.terms.size() == 1);
  CHECK(second.terms[0].second == 1);
  CHECK(second.tokens == 1);
}

TEST_CASE("a fragment is the JSON nlohmann would write, whatever its text holds", "[search]") {
  const std::string text = std::string("Trích \"Hiệp định\" C:\\biên giới\n\tđoạn 2\r\b\f") +
                           std::string(1, '\x01') + std::string(1, '\x1f') + "\x7f 德天 / end";
  std::vector<Document> docs = {{"/a/?q=\"x\"", "Tiêu đề \\ \"trích\"", "1 tháng 3, 2026",
                                 "2026-03-01T00:00:00+07:00", "Tin tức", text}};
  Index index = build_index(docs, {});
  std::optional<std::string> raw;
  for (const auto& f : index.files)
    if (f.path == "f/0.json.gz") raw = gunzip(f.bytes);
  REQUIRE(raw);
  nlohmann::ordered_json expected = {{"u", docs[0].url},      {"t", docs[0].title},
                                     {"d", docs[0].date},     {"i", docs[0].date_iso},
                                     {"s", docs[0].section},  {"x", text}};
  CHECK(*raw == expected.dump());
  CHECK(json::parse(*raw)["x"] == text);
}
