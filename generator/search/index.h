// The search index of one language, as the files the browser loads (docs/search.md):
// a meta file (documents, lengths, the list of shards), term shards cut at term
// boundaries in code-point order so that a query loads only the shards its words fall in,
// and one small fragment per document (title, date, section, text for the excerpt).
// Every file is gzip-compressed JSON.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "search/tokenizer.h"

namespace ttdn::search {

/// One published page as the search sees it. Its id is its position in the list given
/// to build_index.
struct Document {
  std::string url;  // link, root-relative
  std::string title;
  std::string date;      // shown in the page's language, may be empty
  std::string date_iso;  // for <time datetime>
  std::string section;   // title of its section
  std::string text;      // plain text: summary and body
  /// Stands for `text` (a hash of it; 0: hashed here). With it set, `text` may be left
  /// empty until the index needs it: IndexOptions::text gives it then.
  uint64_t text_key = 0;
  /// Stands for the document's terms (its title, its text and the stemmer), set by the
  /// caller; an index records it so that update_index knows which documents changed.
  uint64_t terms_key = 0;
};

struct IndexOptions {
  Stemmer stemmer = Stemmer::none;
  size_t shard_bytes = 32 * 1024;  // target size of a term shard before compression
  size_t text_bytes = 24 * 1024;   // text kept per document for excerpts and phrases
  /// The text of document `doc` whose Document::text was left empty, when the index needs
  /// it (null: it is empty).
  std::function<std::string(uint32_t doc)> text;
  /// Gzips the contents of index file `path`, which `raw()` gives and `key` stands for (the
  /// same key, the same contents; null: search::gzip of raw()). An incremental build passes
  /// one that takes back the previous build's file under the same key without calling raw.
  std::function<std::string(const std::string& path, uint64_t key,
                            const std::function<std::string()>& raw)>
      compress;
};

/// A file of the index, path relative to the index folder.
struct IndexFile {
  std::string path;
  std::string bytes;
};

struct Index {
  std::string meta;  // path of the meta file (named by its content hash)
  std::vector<IndexFile> files;
  size_t terms = 0;  // distinct plain terms
  /// What the term shards and the meta file are made from: each document's terms key and
  /// length, then every (plain, variant) pair in order with its postings as a shard holds
  /// them. Given back to update_index by the next build.
  std::string table;
};

/// The words of a document as build_index counts them, encoded: how many tokens its title
/// and text have, then each distinct (plain, variant) pair with its weight (a title word
/// counts kTitleWeight). A function of `title`, `text` and `stemmer` only, so that an
/// incremental build keeps it for a page whose text did not change.
std::string document_terms(std::string_view title, std::string_view text, Stemmer stemmer);

/// The index of `docs`. `terms`, when given, holds document_terms of each document's
/// title and text under options.stemmer (an empty string: made here); each is freed once
/// counted.
Index build_index(const std::vector<Document>& docs, const IndexOptions& options,
                  std::vector<std::string> terms = {});

/// The documents of `docs` whose terms update_index needs in order to update `previous`
/// (an Index::table): those whose terms key is not the one recorded under their id, and
/// those after the last it records. Nullopt when `previous` is unreadable or more than half
/// of `docs` would be counted again (counting them all is then as quick).
std::optional<std::vector<uint32_t>> documents_to_recount(std::string_view previous,
                                                          const std::vector<Document>& docs);

/// The terms key `previous` (an Index::table) records for document `doc`, if it has one.
std::optional<uint64_t> recorded_terms_key(std::string_view previous, uint32_t doc);

/// The index build_index makes of `docs`, made by updating `previous` (an Index::table
/// for which documents_to_recount gave a list): the documents it lists are counted again,
/// from `terms` as build_index reads it, and the others' postings are taken as they are.
/// `old_terms[id]`, when not empty, is the document_terms that `previous` counted for a
/// document `id` it had (under recorded_terms_key); when every document whose postings go
/// has them, only the postings of their words are read. Throws std::invalid_argument when
/// `previous` is malformed.
Index update_index(const std::vector<Document>& docs, const IndexOptions& options,
                   std::string_view previous, std::vector<std::string> terms = {},
                   const std::vector<std::string>& old_terms = {});

/// Title words count this many times the body's in a posting's weight.
inline constexpr uint32_t kTitleWeight = 8;

/// Variable-length base-64 numbers (5 bits a digit, low bits first, 32 = "more").
void append_vlq(std::string& out, uint32_t value);
std::vector<uint32_t> decode_vlq(std::string_view digits);

}  // namespace ttdn::search
