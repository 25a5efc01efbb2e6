// The incremental-build cache (issue 10): what the previous `ttdn build` into the same
// output folder computed, kept in one file beside that folder (docs/performance.md).
//
// Four levels (and each page's search terms and each language's index table, see
// keep_bytes), each keyed by a hash of everything its result depends on, so that a rebuild
// gives the same bytes as a clean build by construction:
//  - the whole build: the hash of every input file, of the binary and of the options; with
//    a `now` inside the previous build's stable window and the output files as it left
//    them, nothing has to be done. An input whose state (size, inode, modification and
//    change times) is the one the previous build recorded is not read again: only states
//    whose change time was already kSettled old are recorded;
//  - each source's front matter: its file's bytes and site.yaml (the file is then neither
//    read nor parsed);
//  - each source's Markdown: its file's bytes and the hash of every input that is not a
//    page source or a template, plus the table of every page's URL and publish state (its
//    HTML and plain text are memos of their own, left in the store until a page is
//    rendered with them or the search index needs the text; one that does not read back
//    then makes the build start again without the cache);
//  - each rendered page: the templates' hash, the layout and the serialised view model;
//    the file in the output folder is used when it is the one the previous build left
//    (same inode, size, modification and change times), else after checking its hash.
// A missing, unreadable, corrupt or foreign cache is ignored: everything is rendered.
//
// Two files: the cache (checksummed; the previous build's summary, output files and an
// index of the memos) and `<cache>.store`, the memos themselves, each with its own
// hash in the index, read one at a time when a source asks for its memo (a rebuild never
// holds them all) and appended to, not copied, by each build.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "content/front_matter.h"
#include "diag/diagnostic.h"
#include "markdown/markdown.h"
#include "site/build.h"

namespace ttdn::site {

/// XXH3-64 of `bytes`.
uint64_t hash_bytes(std::string_view bytes, uint64_t seed = 0);
/// `seed` combined with a number (another hash, a key), by hashing its bytes.
uint64_t hash_u64(uint64_t value, uint64_t seed);
/// XXH3-64 of a JSON value's structure and contents (not of its text: several times
/// faster than hashing `dump()`, and defined for strings that are not UTF-8).
uint64_t hash_json(const nlohmann::json& value, uint64_t seed = 0);
/// `seed` combined with a date as a page shows it (instant, UTC offset, whether it has a
/// time); a missing date hashes apart from every date.
uint64_t hash_date(const std::optional<content::DateTime>& date, uint64_t seed);

class BuildCache {
 public:
  /// The cache file of output folder `out`: `<parent>/.<name>.ttdn-cache`, beside it (never
  /// inside: the output folder is published as it is). Safe to delete at any time.
  static std::filesystem::path file_for(const std::filesystem::path& out);

  /// Hashes the inputs of a build with `options` (site.yaml, content/, templates/,
  /// assets/, i18n/, the ttdn binary, the options that change the output) and reads the
  /// previous build's cache of `out`. When it cannot be used, `note` says why (empty when
  /// there was simply none).
  static std::shared_ptr<BuildCache> open(const BuildOptions& options,
                                          const std::filesystem::path& out, std::string& note);
  BuildCache() = default;
  BuildCache(const BuildCache&) = delete;
  BuildCache& operator=(const BuildCache&) = delete;
  ~BuildCache();

  /// True when the previous build had the same inputs and options, its output for `now`
  /// is the same, and every file it wrote is still in the output folder as it left it.
  bool unchanged(int64_t now) const;
  /// The previous build's summary and diagnostics, to report again when `unchanged`.
  const BuildSummary& previous_summary() const { return prev_summary_; }
  const std::vector<diag::Diagnostic>& previous_diagnostics() const { return prev_diags_; }
  size_t previous_outputs() const { return prev_files_.size(); }

  /// Reads the previous build's memo and output tables (not needed when `unchanged`), on a
  /// thread of its own while the build goes on: whatever looks a memo or an output up
  /// waits for them.
  void load_memos();

  /// Hash of every input except the files in `pages` and templates/: what a page's
  /// Markdown may depend on besides its own source (documents, glossary, bundles, settings).
  uint64_t inputs_except(const std::set<std::string>& pages) const;
  /// Hash of input file `rel` (relative to the site, '/'-separated); 0 when not an input.
  uint64_t input_hash(const std::string& rel) const;
  /// Hash of templates/ as a whole.
  uint64_t templates_hash() const { return templates_hash_; }

  /// A source's Markdown result and what rendering it recorded.
  struct MarkdownMemo {
    markdown::Rendered rendered;  // without its HTML and plain text
    uint64_t text_key = 0;        // the hash of its plain text
    std::string summary;
    std::vector<size_t> cited;  // library documents cited in the body
  };
  /// The previous build's result for `file` if it had the same key, handed over (and kept
  /// for the next build, as keep_markdown does). Its HTML and plain text are left in the
  /// store, for markdown_html and markdown_text. Thread-safe for different files.
  std::optional<MarkdownMemo> take_markdown(const std::string& file, uint64_t key);
  /// The HTML and the plain text of the memo take_markdown handed over for `file` under
  /// `key`; nullopt if the store no longer holds them intact. Thread-safe.
  std::optional<std::string> markdown_html(const std::string& file, uint64_t key);
  std::optional<std::string> markdown_text(const std::string& file, uint64_t key);
  /// Keeps this build's result for `file` (its rendering, the hash of its plain text, its
  /// summary and the documents its body cites) for the next build: appended at once to the
  /// store (not held in memory), indexed by save(). Thread-safe.
  void keep_markdown(const std::string& file, uint64_t key, const markdown::Rendered& rendered,
                     uint64_t text_key, const std::string& summary,
                     const std::vector<size_t>& cited);

  /// What reading a source gave: its front matter and the line its body starts on.
  struct SourceMemo {
    content::FrontMatter fm;
    int body_line = 1;
  };
  /// The front matter the previous build read from source `file` under the same `key` (the
  /// file's bytes and site.yaml), handed over and kept for the next build; the page is then
  /// restored without reading or parsing its file. Thread-safe for different files.
  std::optional<SourceMemo> take_source(const std::string& file, uint64_t key);
  /// Keeps the front matter read from source `file` under `key` for the next build (appended
  /// to the store, as keep_markdown does). Thread-safe.
  void keep_source(const std::string& file, uint64_t key, const content::FrontMatter& fm,
                   int body_line);
  /// Bytes the previous build kept under `name` (not a file name: it starts with NUL) and
  /// the same `key`, handed over and kept for the next build, as take_source does; for
  /// results such as a page's search terms. Thread-safe for different names.
  std::optional<std::string> take_bytes(const std::string& name, uint64_t key);
  /// The same bytes, not kept for the next build: for a memo the caller replaces.
  std::optional<std::string> read_bytes(const std::string& name, uint64_t key);
  /// Keeps `bytes` under `name` and `key` for the next build (appended to the store).
  /// Thread-safe.
  void keep_bytes(const std::string& name, uint64_t key, std::string_view bytes);
  /// Keeps the previous build's memo `name` for the next build, where it is, when its key is
  /// `key`, without reading it (its hash is checked when a build takes it). Thread-safe.
  void carry_memo(const std::string& name, uint64_t key);

  /// The bytes of output file `path` (relative to the output folder) when the previous build
  /// rendered it with the same key and the file is still there as it left it or with the
  /// same hash.
  /// Thread-safe; also records the file for the next build.
  /// With `read_bytes` false the file is not read when it is the one the previous build
  /// left (the caller keeps only its name): the result is then empty.
  std::optional<std::string> reuse_output(const std::string& path, uint64_t key,
                                          bool read_bytes = true);
  /// Records the bytes rendered for `path` under `key`. Thread-safe.
  void keep_output(const std::string& path, uint64_t key, std::string_view bytes);

  /// Output files made together from inputs hashed into `key` (a language's search index),
  /// each recorded by keep_output: their paths and bytes (empty when not `read_bytes` and
  /// as the previous build left them) if the previous build made the group `name` with the
  /// same key and every file is still there. Thread-safe; also records them for the next build.
  std::optional<std::vector<std::pair<std::string, std::string>>> reuse_group(
      const std::string& name, uint64_t key, bool read_bytes);
  /// Records group `name`: made under `key`, its files (each also given to keep_output).
  void keep_group(const std::string& name, uint64_t key, std::vector<std::string> paths);

  /// Deletes the cache file (before the output folder changes).
  void forget() const;
  /// Writes the cache of this build once its output has been written: `summary`, the
  /// diagnostics to report again, and the size and time of every file listed in the
  /// output folder's manifest. An I/O failure only means no cache.
  void save(const BuildSummary& summary, const diag::Diagnostics& diags) const;

  /// What this build rendered and reused (shown in the summary line).
  std::atomic<size_t> pages_rendered{0}, pages_reused{0};
  std::atomic<size_t> markdown_rendered{0}, markdown_reused{0};

 private:
  struct OutputMemo {
    uint64_t key = 0, hash = 0, size = 0;
    /// This build found the file as the previous one left it, and does not write it: its
    /// state is not taken again when the cache is saved. (Not kept in the cache file.)
    bool as_left = false;
  };
  /// How a file was left: a change of contents moves its change time even when its size
  /// and modification time are put back.
  struct FileState {
    uint64_t size = 0, inode = 0;
    int64_t mtime = 0, ctime = 0;  // nanoseconds
    bool operator==(const FileState&) const = default;
  };
  static std::optional<FileState> state_of(const std::filesystem::path& p);
  /// An input file as a build found it, and the hash of its bytes.
  struct InputMemo {
    FileState state;
    uint64_t hash = 0;
  };
  /// How old an input's change time must be, when a build takes its state, for the next
  /// build to trust that state instead of reading the file (nanoseconds).
  static constexpr int64_t kSettled = 2'000'000'000;
  /// The bytes of output file `path` if it is still the one `memo` describes (empty, and
  /// `as_left` set, when not `read_bytes` and as the previous build left it).
  std::optional<std::string> intact(const std::string& path, const OutputMemo& memo,
                                    bool read_bytes, bool& as_left) const;
  struct GroupMemo {
    uint64_t key = 0;
    std::vector<std::string> paths;
  };
  /// Where one Markdown memo is in the store, and the hash of its bytes.
  struct MemoRef {
    uint64_t key = 0, offset = 0, size = 0, hash = 0;
  };
  bool read(std::string& note);
  /// load_memos's work: memos past `store_size` (the store's size when it was opened) are
  /// left out.
  void read_memo_tables(uint64_t store_size);
  void await_memos() const {
    if (memos_loaded_.valid()) memos_loaded_.wait();
  }
  /// `<cache>.store`: the Markdown memos, appended to by each build (never rewritten in
  /// place), indexed by the cache file.
  static std::filesystem::path store_for(const std::filesystem::path& cache_file);
  void open_store();
  /// Copies `memos` to a new store without the memos no build uses, updating their offsets.
  bool compact_store(std::vector<std::pair<std::string, MemoRef>>& memos) const;
  /// Memo `name` of the store if the previous build kept it under `key` and its bytes are
  /// intact, given to `decode` (which throws on bytes it cannot read); then kept for the
  /// next build where it is. Thread-safe.
  bool take_memo(const std::string& name, uint64_t key,
                 const std::function<void(std::string_view)>& decode, bool carry = true);
  /// take_memo of a memo keep_bytes wrote: `decode` is given the bytes kept.
  bool take_framed(const std::string& name, uint64_t key,
                   const std::function<void(std::string_view)>& decode, bool carry = true);
  /// Appends one serialised memo to the store. Thread-safe.
  void append_memo(const std::string& file, uint64_t key, std::string_view bytes);
  /// Names of the memos holding a Markdown memo's HTML and plain text.
  static std::string html_memo_name(const std::string& file);
  static std::string text_memo_name(const std::string& file);

  std::filesystem::path out_, file_;
  uint64_t identity_ = 0;     // binary, format and options
  unsigned jobs_ = 1;         // threads for stating the output folder
  uint64_t fingerprint_ = 0;  // identity and every input file
  uint64_t templates_hash_ = 0;
  std::map<std::string, uint64_t> inputs_;  // relative path → hash of its bytes
  /// The inputs this build found settled (see kSettled), for the next build.
  std::vector<std::pair<std::string, InputMemo>> inputs_read_;
  bool loaded_ = false;
  std::string tables_;        // the header, until load_memos reads its output and memo tables
  size_t tables_offset_ = 0;  // where in it they start
  std::shared_future<void> memos_loaded_;  // load_memos's work

  // The previous build, read-only once opened.
  uint64_t prev_fingerprint_ = 0;
  int64_t prev_from_ = 0, prev_until_ = 0;
  BuildSummary prev_summary_;
  std::vector<diag::Diagnostic> prev_diags_;
  std::map<std::string, FileState> prev_files_;
  std::map<std::string, InputMemo> prev_inputs_;
  std::map<std::string, OutputMemo> prev_outputs_;
  std::map<std::string, MemoRef> prev_markdown_;
  std::map<std::string, GroupMemo> prev_groups_;

  // This build.
  mutable std::mutex mutex_;
  std::map<std::string, OutputMemo> outputs_;
  std::map<std::string, GroupMemo> groups_;
  // The memo store, and where this build's memos are in it.
  int store_fd_ = -1;
  uint64_t store_end_ = 0;
  std::vector<std::pair<std::string, MemoRef>> memos_;
  bool memo_failed_ = false;
};

}  // namespace ttdn::site
