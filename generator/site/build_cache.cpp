#include "site/build_cache.h"

#include <xxhash.h>

#include <algorithm>
#include <numeric>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "io/files.h"
#include "output/output_set.h"
#include "site/parallel.h"

namespace fs = std::filesystem;

namespace ttdn::site {
namespace {

constexpr std::string_view kMagic = "ttdn-cache 4\n";
/// The folders of a site the build reads (with site.yaml); see the callers of site_dir.
constexpr const char* kInputTrees[] = {"content", "templates", "assets", "i18n"};

std::string read_all(const fs::path& p, bool& ok) {
  auto bytes = io::read_file(p);
  ok = bytes.has_value();
  return bytes ? std::move(*bytes) : std::string();
}

/// Appends fixed-size integers and length-prefixed strings.
class Writer {
 public:
  void u64(uint64_t v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void i64(int64_t v) { u64(static_cast<uint64_t>(v)); }
  void str(std::string_view s) {
    u64(s.size());
    out_.append(s);
  }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

/// Reads what Writer wrote; throws std::runtime_error past the end.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  uint64_t u64() {
    need(sizeof(uint64_t));
    uint64_t v;
    std::memcpy(&v, in_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return v;
  }
  int64_t i64() { return static_cast<int64_t>(u64()); }
  size_t count() {
    uint64_t n = u64();
    if (n > in_.size()) throw std::runtime_error("bad count");
    return static_cast<size_t>(n);
  }
  std::string str() {
    size_t n = count();
    need(n);
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  bool done() const { return pos_ == in_.size(); }
  size_t offset() const { return pos_; }
  void skip(size_t n) {
    need(n);
    pos_ += n;
  }

 private:
  void need(size_t n) const {
    if (in_.size() - pos_ < n) throw std::runtime_error("truncated");
  }
  std::string_view in_;
  size_t pos_ = 0;
};

/// A BuildCache::FileState (its size, inode, modification and change times).
template <typename State>
void write_state(Writer& w, const State& s) {
  w.u64(s.size);
  w.u64(s.inode);
  w.i64(s.mtime);
  w.i64(s.ctime);
}

template <typename State>
void read_state(Reader& r, State& s) {
  s.size = r.u64();
  s.inode = r.u64();
  s.mtime = r.i64();
  s.ctime = r.i64();
}

void write_strings(Writer& w, const std::vector<std::string>& v) {
  w.u64(v.size());
  for (const auto& s : v) w.str(s);
}

/// One Markdown memo as the store keeps it, without its HTML and plain text (memos of
/// their own, read only when needed).
void write_memo(Writer& w, const std::string& file, uint64_t key, const markdown::Rendered& rendered,
                uint64_t text_key, const std::string& summary, const std::vector<size_t>& cited) {
  w.str(file);
  w.u64(key);
  w.u64(text_key);
  w.u64(rendered.headings.size());
  for (const auto& h : rendered.headings) {
    w.i64(h.level);
    w.str(h.id);
    w.str(h.text);
  }
  w.str(rendered.first_paragraph);
  w.u64(rendered.images.size());
  for (const auto& image : rendered.images) {
    w.str(image.source);
    w.str(image.url);
    w.str(image.alt);
  }
  write_strings(w, rendered.warnings);
  w.str(summary);
  w.u64(cited.size());
  for (size_t c : cited) w.u64(c);
}

std::vector<std::string> read_strings(Reader& r) {
  std::vector<std::string> v(r.count());
  for (auto& s : v) s = r.str();
  return v;
}

/// What write_memo wrote for `file` under `key`; throws std::runtime_error when it is not.
BuildCache::MarkdownMemo read_memo(std::string_view bytes, const std::string& file, uint64_t key) {
  Reader r(bytes);
  if (r.str() != file || r.u64() != key) throw std::runtime_error("another memo");
  BuildCache::MarkdownMemo m;
  m.text_key = r.u64();
  for (size_t h = r.count(); h > 0; --h) {
    markdown::Heading heading;
    heading.level = static_cast<int>(r.i64());
    heading.id = r.str();
    heading.text = r.str();
    m.rendered.headings.push_back(std::move(heading));
  }
  m.rendered.first_paragraph = r.str();
  for (size_t c = r.count(); c > 0; --c) {
    markdown::Image image;
    image.source = r.str();
    image.url = r.str();
    image.alt = r.str();
    m.rendered.images.push_back(std::move(image));
  }
  m.rendered.warnings = read_strings(r);
  m.summary = r.str();
  for (size_t c = r.count(); c > 0; --c) m.cited.push_back(static_cast<size_t>(r.u64()));
  if (!r.done()) throw std::runtime_error("trailing bytes");
  return m;
}

// A source's front matter, as read (keep_source, take_source). Every field is written:
// a field added to FrontMatter must be added here too, or a rebuild would restore pages
// without it (the size check below is there to be noticed).
#if defined(__x86_64__) && defined(__GLIBCXX__)
static_assert(sizeof(content::FrontMatter) == 704,
              "FrontMatter changed: update write_front_matter and read_front_matter");
#endif

void write_located(Writer& w, const content::LocatedString& s) {
  w.str(s.value);
  w.i64(s.line);
  w.i64(s.column);
}

content::LocatedString read_located(Reader& r) {
  content::LocatedString s;
  s.value = r.str();
  s.line = static_cast<int>(r.i64());
  s.column = static_cast<int>(r.i64());
  return s;
}

void write_located_list(Writer& w, const std::vector<content::LocatedString>& v) {
  w.u64(v.size());
  for (const auto& s : v) write_located(w, s);
}

std::vector<content::LocatedString> read_located_list(Reader& r) {
  std::vector<content::LocatedString> v(r.count());
  for (auto& s : v) s = read_located(r);
  return v;
}

/// A presence flag, then the value written by `write`.
template <class T, class Write>
void write_optional(Writer& w, const std::optional<T>& v, Write write) {
  w.u64(v ? 1 : 0);
  if (v) write(*v);
}

template <class Read>
auto read_optional(Reader& r, Read read) -> std::optional<decltype(read())> {
  if (r.u64() == 0) return std::nullopt;
  return read();
}

void write_date(Writer& w, const std::optional<content::DateTime>& d) {
  write_optional(w, d, [&](const content::DateTime& t) {
    w.i64(t.epoch);
    w.i64(t.offset_minutes);
    w.u64(t.date_only ? 1 : 0);
  });
}

std::optional<content::DateTime> read_date(Reader& r) {
  return read_optional(r, [&] {
    content::DateTime t;
    t.epoch = r.i64();
    t.offset_minutes = static_cast<int>(r.i64());
    t.date_only = r.u64() != 0;
    return t;
  });
}

void write_lang_map(Writer& w, const std::map<std::string, std::string>& m) {
  w.u64(m.size());
  for (const auto& [lang, text] : m) {
    w.str(lang);
    w.str(text);
  }
}

std::map<std::string, std::string> read_lang_map(Reader& r) {
  std::map<std::string, std::string> m;
  for (size_t n = r.count(); n > 0; --n) {
    std::string lang = r.str();
    m[lang] = r.str();
  }
  return m;
}

void write_front_matter(Writer& w, const content::FrontMatter& fm, int body_line) {
  w.str(fm.title);
  write_date(w, fm.date);
  write_date(w, fm.updated);
  write_date(w, fm.publish_at);
  auto text = [&](const std::string& t) { w.str(t); };
  write_optional(w, fm.summary, text);
  write_optional(w, fm.slug, text);
  write_located_list(w, fm.topics);
  write_located_list(w, fm.directives);
  write_optional(w, fm.image, [&](const content::ImageRef& i) {
    w.str(i.src);
    w.str(i.alt);
    w.str(i.caption);
    w.str(i.credit);
    w.i64(i.line);
  });
  w.u64(fm.gallery.size());
  for (const auto& g : fm.gallery) {
    w.str(g.src);
    write_lang_map(w, g.alt);
    write_lang_map(w, g.caption);
    write_lang_map(w, g.credit);
    w.i64(g.line);
  }
  w.str(fm.author);
  w.str(fm.source);
  w.u64(fm.draft ? 1 : 0);
  write_optional(w, fm.weight, [&](int v) { w.i64(v); });
  write_optional(w, fm.bulletin, [&](const content::LocatedString& l) { write_located(w, l); });
  w.u64(fm.faq.size());
  for (const auto& f : fm.faq) {
    w.str(f.q);
    w.str(f.a);
  }
  w.u64(fm.timeline.size());
  for (const auto& t : fm.timeline) {
    w.str(t.date);
    w.str(t.text);
  }
  write_located_list(w, fm.aliases);
  write_optional(w, fm.layout, [&](const content::LocatedString& l) { write_located(w, l); });
  w.u64(fm.translation_only ? 1 : 0);
  w.u64(fm.lines.size());
  for (const auto& [field, line] : fm.lines) {
    w.str(field);
    w.i64(line);
  }
  w.i64(body_line);
}

BuildCache::SourceMemo read_front_matter(Reader& r) {
  BuildCache::SourceMemo m;
  content::FrontMatter& fm = m.fm;
  fm.title = r.str();
  fm.date = read_date(r);
  fm.updated = read_date(r);
  fm.publish_at = read_date(r);
  auto text = [&] { return r.str(); };
  fm.summary = read_optional(r, text);
  fm.slug = read_optional(r, text);
  fm.topics = read_located_list(r);
  fm.directives = read_located_list(r);
  fm.image = read_optional(r, [&] {
    content::ImageRef i;
    i.src = r.str();
    i.alt = r.str();
    i.caption = r.str();
    i.credit = r.str();
    i.line = static_cast<int>(r.i64());
    return i;
  });
  fm.gallery.resize(r.count());
  for (auto& g : fm.gallery) {
    g.src = r.str();
    g.alt = read_lang_map(r);
    g.caption = read_lang_map(r);
    g.credit = read_lang_map(r);
    g.line = static_cast<int>(r.i64());
  }
  fm.author = r.str();
  fm.source = r.str();
  fm.draft = r.u64() != 0;
  fm.weight = read_optional(r, [&] { return static_cast<int>(r.i64()); });
  fm.bulletin = read_optional(r, [&] { return read_located(r); });
  fm.faq.resize(r.count());
  for (auto& f : fm.faq) {
    f.q = r.str();
    f.a = r.str();
  }
  fm.timeline.resize(r.count());
  for (auto& t : fm.timeline) {
    t.date = r.str();
    t.text = r.str();
  }
  fm.aliases = read_located_list(r);
  fm.layout = read_optional(r, [&] { return read_located(r); });
  fm.translation_only = r.u64() != 0;
  for (size_t n = r.count(); n > 0; --n) {
    std::string field = r.str();
    fm.lines[field] = static_cast<int>(r.i64());
  }
  m.body_line = static_cast<int>(r.i64());
  return m;
}

/// The name a source's front-matter memo has in the store: no file name starts with NUL.
std::string source_memo_name(const std::string& file) {
  return std::string(1, '\0') + "front matter " + file;
}

/// `size` bytes of open file `fd` from `offset`; nullopt when they are not all there.
std::optional<std::string> read_at(int fd, uint64_t offset, uint64_t size) {
  std::string bytes(size, '\0');
  size_t got = 0;
  while (got < size) {
    ssize_t n = ::pread(fd, bytes.data() + got, size - got, static_cast<off_t>(offset + got));
    if (n <= 0) return std::nullopt;
    got += static_cast<size_t>(n);
  }
  return bytes;
}

/// An unambiguous byte form of `v`: a type letter, lengths before contents.
void flatten(const nlohmann::json& v, std::string& out) {
  auto number = [&](char tag, const void* p) {
    out += tag;
    out.append(static_cast<const char*>(p), 8);
  };
  auto text = [&](char tag, const std::string& s) {
    uint64_t n = s.size();
    out += tag;
    out.append(reinterpret_cast<const char*>(&n), sizeof n);
    out += s;
  };
  switch (v.type()) {
    case nlohmann::json::value_t::object: {
      uint64_t n = v.size();
      number('o', &n);
      for (auto it = v.begin(); it != v.end(); ++it) {
        text('k', it.key());
        flatten(it.value(), out);
      }
      break;
    }
    case nlohmann::json::value_t::array: {
      uint64_t n = v.size();
      number('a', &n);
      for (const auto& item : v) flatten(item, out);
      break;
    }
    case nlohmann::json::value_t::string:
      text('s', v.get_ref<const std::string&>());
      break;
    case nlohmann::json::value_t::boolean:
      out += v.get<bool>() ? 'T' : 'F';
      break;
    case nlohmann::json::value_t::number_integer: {
      int64_t i = v.get<int64_t>();
      number('i', &i);
      break;
    }
    case nlohmann::json::value_t::number_unsigned: {
      uint64_t u = v.get<uint64_t>();
      number('u', &u);
      break;
    }
    case nlohmann::json::value_t::number_float: {
      double d = v.get<double>();
      number('f', &d);
      break;
    }
    case nlohmann::json::value_t::binary:
      out += 'x';
      out.append(reinterpret_cast<const char*>(v.get_binary().data()), v.get_binary().size());
      break;
    default:  // null, discarded
      out += 'n';
      break;
  }
}

}  // namespace

uint64_t hash_json(const nlohmann::json& value, uint64_t seed) {
  thread_local std::string buffer;
  buffer.clear();
  flatten(value, buffer);
  uint64_t h = hash_bytes(buffer, seed);
  if (buffer.capacity() > (64u << 20)) buffer = std::string();  // keep no huge buffer
  return h;
}

uint64_t hash_date(const std::optional<content::DateTime>& date, uint64_t seed) {
  if (!date) return hash_bytes("no date", seed);
  const int64_t fields[3] = {date->epoch, date->offset_minutes, date->date_only};
  return hash_bytes(std::string_view(reinterpret_cast<const char*>(fields), sizeof fields), seed);
}

uint64_t hash_bytes(std::string_view bytes, uint64_t seed) {
  return XXH3_64bits_withSeed(bytes.data(), bytes.size(), seed);
}

uint64_t hash_u64(uint64_t value, uint64_t seed) {
  return XXH3_64bits_withSeed(&value, sizeof value, seed);
}

fs::path BuildCache::file_for(const fs::path& out) {
  std::error_code ec;
  fs::path o = fs::absolute(out, ec).lexically_normal();
  if (!o.has_filename()) o = o.parent_path();  // "public/" → "public"
  return o.parent_path() / ("." + o.filename().string() + ".ttdn-cache");
}

std::shared_ptr<BuildCache> BuildCache::open(const BuildOptions& options, const fs::path& out,
                                             std::string& note) {
  auto cache = std::make_shared<BuildCache>();
  cache->out_ = out;
  cache->file_ = file_for(out);
  // What a killed build left: memo files (before format 2), a cache or store half written.
  for (const char* left : {".memos-", ".tmp-", ".store.tmp-"})
    output::remove_left_by_dead_processes(cache->file_.parent_path(),
                                          cache->file_.filename().string() + left);
  bool ok = false;

  // Identity: the binary itself, the cache format and the options that change the output.
  Writer id;
  id.str(kMagic);
  id.u64(hash_bytes(read_all("/proc/self/exe", ok)));
  id.str(options.base_url.value_or("\x01"));
  id.str(options.public_base_url.value_or("\x01"));
  id.u64(options.drafts);
  id.u64(options.serve_mode);
  cache->identity_ = hash_bytes(id.bytes());

  // Every input file, in path order. The time is taken before any file's state.
  timespec listed_at{};
  ::clock_gettime(CLOCK_REALTIME, &listed_at);
  std::error_code ec;
  std::vector<std::string> files, others;
  if (fs::is_symlink(options.site_dir / "site.yaml", ec))
    others.push_back("link site.yaml -> " + fs::read_symlink(options.site_dir / "site.yaml", ec).string());
  for (const char* tree : kInputTrees)
    if (fs::is_symlink(options.site_dir / tree, ec))
      others.push_back(std::string("link ") + tree + " -> " +
                       fs::read_symlink(options.site_dir / tree, ec).string());
  if (fs::is_regular_file(options.site_dir / "site.yaml", ec)) files.push_back("site.yaml");
  for (const char* tree : kInputTrees) {
    const fs::path root = options.site_dir / tree;
    if (!fs::is_directory(root, ec)) continue;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    for (fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
      std::string rel = it->path().lexically_relative(options.site_dir).generic_string();
      if (it->is_symlink(ec)) {
        // Its target, not its contents: the build reads it or rejects it by where it points.
        std::error_code ignored;
        others.push_back("link " + rel + " -> " + fs::read_symlink(it->path(), ignored).string());
        if (it->is_regular_file(ec)) files.push_back(rel);
      } else if (it->is_regular_file(ec)) {
        files.push_back(rel);
      } else {
        others.push_back((it->is_directory(ec) ? "dir " : "other ") + rel);
      }
    }
  }
  std::sort(files.begin(), files.end());
  std::sort(others.begin(), others.end());
  Writer all, templates;
  all.u64(cache->identity_);
  for (const auto& o : others) all.str(o);
  cache->jobs_ = options.jobs;

  if (!cache->read(note)) {
    cache->loaded_ = false;
    cache->prev_files_.clear();
    cache->prev_diags_.clear();
    cache->prev_inputs_.clear();
    cache->tables_.clear();
  }
  // A file left as the previous build found it (same size, inode, modification and change
  // times) has the hash it had then; the others are read. The previous build recorded only
  // files whose change time was already kSettled old: an edit made in the same tick of the
  // file system's clock as the state it recorded would not move it (git's "racily clean").
  const int64_t settled_before =
      static_cast<int64_t>(listed_at.tv_sec) * 1000000000 + listed_at.tv_nsec - kSettled;
  std::vector<uint64_t> hashes(files.size());
  std::vector<std::optional<FileState>> states(files.size());
  parallel_for(files.size(), options.jobs, [&](size_t i) {
    states[i] = state_of(options.site_dir / files[i]);
    auto prev = cache->prev_inputs_.find(files[i]);
    if (states[i] && prev != cache->prev_inputs_.end() && prev->second.state == *states[i]) {
      hashes[i] = prev->second.hash;
      return;
    }
    bool read = false;
    hashes[i] = hash_bytes(read_all(options.site_dir / files[i], read));
    if (!read) {
      hashes[i] = 1;  // unreadable: the build reports it; never equal to a readable file
      states[i].reset();
    }
  });
  for (size_t i = 0; i < files.size(); ++i)
    if (states[i] && states[i]->ctime < settled_before)
      cache->inputs_read_.emplace_back(files[i], InputMemo{*states[i], hashes[i]});
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string& f = files[i];
    const uint64_t h = hashes[i];
    cache->inputs_[f] = h;
    all.str(f);
    all.u64(h);
    if (f.rfind("templates/", 0) == 0) {
      templates.str(f);
      templates.u64(h);
    }
  }
  cache->fingerprint_ = hash_bytes(all.bytes());
  cache->templates_hash_ = hash_bytes(templates.bytes());
  cache->open_store();
  return cache;
}

std::optional<BuildCache::FileState> BuildCache::state_of(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  FileState s;
  s.size = static_cast<uint64_t>(st.st_size);
  s.inode = static_cast<uint64_t>(st.st_ino);
  s.mtime = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  s.ctime = static_cast<int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
  return s;
}

/// Reads the previous build's cache file (magic, checksum, length, header).
bool BuildCache::read(std::string& note) {
  const int fd = ::open(file_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;  // no cache yet
  auto damaged = [&] {
    note = "the build cache " + file_.string() + " is damaged; it is ignored";
    ::close(fd);
    return false;
  };
  struct stat st {};
  if (::fstat(fd, &st) != 0) return damaged();
  const auto file_size = static_cast<uint64_t>(st.st_size);
  auto lead = read_at(fd, 0, std::min<uint64_t>(file_size, kMagic.size() + 16));
  if (!lead || lead->size() < kMagic.size() + 16 || lead->compare(0, kMagic.size(), kMagic) != 0) {
    note = "the build cache " + file_.string() + " is not one ttdn can read; it is ignored";
    ::close(fd);
    return false;
  }
  uint64_t checksum, length;
  std::memcpy(&checksum, lead->data() + kMagic.size(), 8);
  std::memcpy(&length, lead->data() + kMagic.size() + 8, 8);
  if (length != file_size - lead->size()) return damaged();
  auto header = read_at(fd, lead->size(), length);
  if (!header || hash_bytes(*header) != checksum) return damaged();
  try {
    Reader r(*header);
    if (r.u64() != identity_) {  // another binary or other options: start again
      ::close(fd);
      return false;
    }
    prev_fingerprint_ = r.u64();
    prev_from_ = r.i64();
    prev_until_ = r.i64();
    prev_summary_.pages = r.count();
    prev_summary_.languages = r.count();
    for (size_t n = r.count(); n > 0; --n) {
      diag::Diagnostic d;
      d.file = r.str();
      d.line = static_cast<int>(r.i64());
      d.column = static_cast<int>(r.i64());
      d.severity = static_cast<diag::Severity>(r.u64() % 3);
      d.code = r.str();
      d.message = r.str();
      prev_diags_.push_back(std::move(d));
    }
    for (size_t n = r.count(); n > 0; --n) {
      std::string path = r.str();
      FileState s;
      read_state(r, s);
      prev_files_.emplace(std::move(path), s);
    }
    for (size_t n = r.count(); n > 0; --n) {
      std::string path = r.str();
      InputMemo m;
      read_state(r, m.state);
      m.hash = r.u64();
      prev_inputs_.emplace(std::move(path), m);
    }
    tables_offset_ = r.offset();
    tables_ = std::move(*header);  // (not copied: most of the file)
  } catch (const std::exception&) {
    return damaged();
  }
  ::close(fd);
  loaded_ = true;
  return true;
}

fs::path BuildCache::store_for(const fs::path& cache_file) {
  fs::path store = cache_file;
  store += ".store";
  return store;
}

void BuildCache::open_store() {
  // The previous build's memos are read from the store and new ones appended to it;
  // without a usable previous cache it starts empty.
  const fs::path store = store_for(file_);
  if (loaded_) store_fd_ = ::open(store.c_str(), O_RDWR | O_CLOEXEC);
  if (store_fd_ < 0) {
    store_fd_ = ::open(store.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    tables_.clear();  // its memos are gone
  }
  struct stat st {};
  if (store_fd_ < 0 || ::fstat(store_fd_, &st) != 0) {
    memo_failed_ = true;  // no store: this build saves no cache
    return;
  }
  store_end_ = static_cast<uint64_t>(st.st_size);
}

void BuildCache::load_memos() {
  if (!loaded_ || tables_.empty()) return;
  memos_loaded_ =
      std::async(std::launch::async, [this, store_size = store_end_] { read_memo_tables(store_size); })
          .share();
}

void BuildCache::read_memo_tables(uint64_t store_size) {
  try {
    Reader r(std::string_view(tables_).substr(tables_offset_));
    for (size_t n = r.count(); n > 0; --n) {
      std::string path = r.str();
      OutputMemo m;
      m.key = r.u64();
      m.hash = r.u64();
      m.size = r.u64();
      prev_outputs_.emplace(std::move(path), m);
    }
    for (size_t n = r.count(); n > 0; --n) {
      std::string file = r.str();
      MemoRef m;
      m.key = r.u64();
      m.offset = r.u64();
      m.size = r.u64();
      m.hash = r.u64();
      if (m.offset <= store_size && m.size <= store_size - m.offset)
        prev_markdown_.emplace(std::move(file), m);  // else cut short: rendered again
    }
    for (size_t n = r.count(); n > 0; --n) {
      std::string name = r.str();
      GroupMemo g;
      g.key = r.u64();
      g.paths = read_strings(r);
      prev_groups_.emplace(std::move(name), std::move(g));
    }
    if (!r.done()) throw std::runtime_error("trailing bytes");
  } catch (const std::exception&) {  // checked by its checksum: not expected
    prev_outputs_.clear();
    prev_markdown_.clear();
    prev_groups_.clear();
  }
  tables_ = std::string();
}

bool BuildCache::unchanged(int64_t now) const {
  if (!loaded_ || prev_fingerprint_ != fingerprint_ || now < prev_from_ || now >= prev_until_ ||
      prev_files_.empty())
    return false;
  std::vector<const std::pair<const std::string, FileState>*> files;
  files.reserve(prev_files_.size());
  for (const auto& entry : prev_files_) files.push_back(&entry);
  std::atomic<bool> same{true};
  parallel_for(files.size(), jobs_, [&](size_t i) {
    if (same && state_of(out_ / fs::path(files[i]->first)) != files[i]->second) same = false;
  });
  return same;
}

uint64_t BuildCache::inputs_except(const std::set<std::string>& pages) const {
  Writer w;
  for (const auto& [path, hash] : inputs_) {
    if (pages.count(path) || path.rfind("templates/", 0) == 0) continue;
    w.str(path);
    w.u64(hash);
  }
  return hash_bytes(w.bytes(), identity_);
}

uint64_t BuildCache::input_hash(const std::string& rel) const {
  auto it = inputs_.find(rel);
  return it == inputs_.end() ? 0 : it->second;
}

bool BuildCache::take_memo(const std::string& name, uint64_t key,
                           const std::function<void(std::string_view)>& decode, bool carry) {
  await_memos();
  auto it = prev_markdown_.find(name);
  if (it == prev_markdown_.end() || it->second.key != key) return false;
  const MemoRef& ref = it->second;
  auto bytes = read_at(store_fd_, ref.offset, ref.size);
  if (!bytes || hash_bytes(*bytes) != ref.hash) return false;  // damaged: made again
  try {
    decode(*bytes);
  } catch (const std::exception&) {
    return false;
  }
  if (!carry) return true;
  std::lock_guard lock(mutex_);
  memos_.emplace_back(name, ref);  // kept for the next build where it is
  return true;
}

std::string BuildCache::html_memo_name(const std::string& file) {
  return std::string(1, '\0') + "html " + file;
}

std::string BuildCache::text_memo_name(const std::string& file) {
  return std::string(1, '\0') + "text " + file;
}

std::optional<BuildCache::MarkdownMemo> BuildCache::take_markdown(const std::string& file,
                                                                   uint64_t key) {
  // Its HTML and plain text stay where they are, for markdown_html and markdown_text; both
  // must be there.
  await_memos();
  std::string parts[] = {html_memo_name(file), text_memo_name(file)};
  const MemoRef* refs[2];
  for (int i = 0; i < 2; ++i) {
    auto it = prev_markdown_.find(parts[i]);
    if (it == prev_markdown_.end() || it->second.key != key) return std::nullopt;
    refs[i] = &it->second;
  }
  std::optional<MarkdownMemo> memo;
  if (!take_memo(file, key, [&](std::string_view bytes) { memo = read_memo(bytes, file, key); }))
    return std::nullopt;
  std::lock_guard lock(mutex_);
  for (int i = 0; i < 2; ++i) memos_.emplace_back(std::move(parts[i]), *refs[i]);
  return memo;
}

std::optional<std::string> BuildCache::markdown_html(const std::string& file, uint64_t key) {
  return read_bytes(html_memo_name(file), key);
}

std::optional<std::string> BuildCache::markdown_text(const std::string& file, uint64_t key) {
  return read_bytes(text_memo_name(file), key);
}

bool BuildCache::take_framed(const std::string& name, uint64_t key,
                             const std::function<void(std::string_view)>& decode, bool carry) {
  return take_memo(
      name, key,
      [&](std::string_view bytes) {
        Reader r(bytes);
        if (r.str() != name || r.u64() != key) throw std::runtime_error("another memo");
        decode(r.str());
        if (!r.done()) throw std::runtime_error("trailing bytes");
      },
      carry);
}

std::optional<BuildCache::SourceMemo> BuildCache::take_source(const std::string& file, uint64_t key) {
  std::optional<SourceMemo> memo;
  take_framed(source_memo_name(file), key, [&](std::string_view bytes) {
    Reader r(bytes);
    memo = read_front_matter(r);
    if (!r.done()) throw std::runtime_error("trailing bytes");
  });
  return memo;
}

void BuildCache::keep_source(const std::string& file, uint64_t key,
                             const content::FrontMatter& fm, int body_line) {
  Writer w;
  write_front_matter(w, fm, body_line);
  keep_bytes(source_memo_name(file), key, w.bytes());
}

void BuildCache::carry_memo(const std::string& name, uint64_t key) {
  await_memos();
  auto it = prev_markdown_.find(name);
  if (it == prev_markdown_.end() || it->second.key != key) return;
  std::lock_guard lock(mutex_);
  memos_.emplace_back(name, it->second);
}

std::optional<std::string> BuildCache::take_bytes(const std::string& name, uint64_t key) {
  std::optional<std::string> memo;
  take_framed(name, key, [&](std::string_view bytes) { memo = std::string(bytes); });
  return memo;
}

std::optional<std::string> BuildCache::read_bytes(const std::string& name, uint64_t key) {
  std::optional<std::string> memo;
  take_framed(name, key, [&](std::string_view bytes) { memo = std::string(bytes); }, false);
  return memo;
}

void BuildCache::keep_bytes(const std::string& name, uint64_t key, std::string_view bytes) {
  Writer w;
  w.bytes().reserve(name.size() + bytes.size() + 24);
  w.str(name);
  w.u64(key);
  w.str(bytes);
  append_memo(name, key, w.bytes());
}

BuildCache::~BuildCache() {
  await_memos();
  if (store_fd_ >= 0) ::close(store_fd_);
}

void BuildCache::append_memo(const std::string& file, uint64_t key, std::string_view bytes) {
  const uint64_t hash = hash_bytes(bytes);
  std::lock_guard lock(mutex_);
  if (memo_failed_) return;
  const uint64_t offset = store_end_;
  for (size_t done = 0; done < bytes.size();) {
    ssize_t n = ::pwrite(store_fd_, bytes.data() + done, bytes.size() - done,
                         static_cast<off_t>(offset + done));
    if (n <= 0) {
      memo_failed_ = true;  // a full disk: this build saves no cache
      return;
    }
    done += static_cast<size_t>(n);
  }
  store_end_ += bytes.size();
  memos_.emplace_back(file, MemoRef{key, offset, bytes.size(), hash});
}

void BuildCache::keep_markdown(const std::string& file, uint64_t key,
                               const markdown::Rendered& rendered, uint64_t text_key,
                               const std::string& summary, const std::vector<size_t>& cited) {
  Writer w;
  // The text fields and some room for the rest: one allocation for most memos.
  w.bytes().reserve(file.size() + rendered.first_paragraph.size() + summary.size() + 1024);
  write_memo(w, file, key, rendered, text_key, summary, cited);
  append_memo(file, key, w.bytes());
  keep_bytes(html_memo_name(file), key, rendered.html);
  keep_bytes(text_memo_name(file), key, rendered.plain_text);
}

std::optional<std::string> BuildCache::intact(const std::string& path, const OutputMemo& memo,
                                              bool read_bytes, bool& as_left) const {
  const fs::path p = out_ / fs::path(path);
  auto left = prev_files_.find(path);
  as_left = !read_bytes && left != prev_files_.end() && left->second.size == memo.size &&
            state_of(p) == left->second;
  if (as_left) return std::string();
  bool ok = false;
  std::string bytes = read_all(p, ok);
  if (!ok || bytes.size() != memo.size || hash_bytes(bytes) != memo.hash) return std::nullopt;
  return bytes;
}

std::optional<std::string> BuildCache::reuse_output(const std::string& path, uint64_t key,
                                                    bool read_bytes) {
  await_memos();
  auto it = prev_outputs_.find(path);
  if (it == prev_outputs_.end() || it->second.key != key) return std::nullopt;
  bool as_left = false;
  auto bytes = intact(path, it->second, read_bytes, as_left);
  if (!bytes) return std::nullopt;
  std::lock_guard lock(mutex_);
  OutputMemo& kept = outputs_[path] = it->second;
  kept.as_left = as_left;
  return bytes;
}

std::optional<std::vector<std::pair<std::string, std::string>>> BuildCache::reuse_group(
    const std::string& name, uint64_t key, bool read_bytes) {
  await_memos();
  auto group = prev_groups_.find(name);
  if (group == prev_groups_.end() || group->second.key != key) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<char> as_left(group->second.paths.size());
  for (size_t i = 0; i < group->second.paths.size(); ++i) {
    const std::string& path = group->second.paths[i];
    auto memo = prev_outputs_.find(path);
    if (memo == prev_outputs_.end()) return std::nullopt;
    bool left = false;
    auto bytes = intact(path, memo->second, read_bytes, left);
    if (!bytes) return std::nullopt;
    as_left[i] = left;
    files.emplace_back(path, std::move(*bytes));
  }
  std::lock_guard lock(mutex_);
  for (size_t i = 0; i < group->second.paths.size(); ++i) {
    const std::string& path = group->second.paths[i];
    OutputMemo& kept = outputs_[path] = prev_outputs_.at(path);
    kept.as_left = as_left[i];
  }
  groups_[name] = group->second;
  return files;
}

void BuildCache::keep_group(const std::string& name, uint64_t key, std::vector<std::string> paths) {
  std::lock_guard lock(mutex_);
  groups_[name] = GroupMemo{key, std::move(paths)};
}

void BuildCache::keep_output(const std::string& path, uint64_t key, std::string_view bytes) {
  OutputMemo m{key, hash_bytes(bytes), bytes.size()};
  std::lock_guard lock(mutex_);
  outputs_[path] = m;
}

bool BuildCache::compact_store(std::vector<std::pair<std::string, MemoRef>>& memos) const {
  const fs::path store = store_for(file_);
  fs::path tmp = store;
  tmp += ".tmp-" + std::to_string(::getpid());
  std::error_code ec;
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    uint64_t offset = 0;
    for (auto& [file, m] : memos) {
      auto bytes = read_at(store_fd_, m.offset, m.size);
      if (!bytes) break;
      out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
      m.offset = offset;
      offset += m.size;
    }
    out.close();
    if (!out || offset != std::accumulate(memos.begin(), memos.end(), uint64_t{0},
                                          [](uint64_t n, const auto& e) { return n + e.second.size; })) {
      fs::remove(tmp, ec);
      return false;
    }
  }
  fs::rename(tmp, store, ec);
  if (ec) fs::remove(tmp, ec);
  return !ec;
}

void BuildCache::forget() const {
  std::error_code ec;
  fs::remove(file_, ec);
}

void BuildCache::save(const BuildSummary& summary, const diag::Diagnostics& diags) const {
  std::lock_guard lock(mutex_);
  if (memo_failed_) return;
  Writer w;
  w.bytes().reserve((1 << 16) + outputs_.size() * 128);
  w.u64(identity_);
  w.u64(fingerprint_);
  w.i64(summary.stable_from);
  w.i64(summary.stable_until);
  w.u64(summary.pages);
  w.u64(summary.languages);
  auto ds = diags.sorted();
  w.u64(ds.size());
  for (const auto& d : ds) {
    w.str(d.file);
    w.i64(d.line);
    w.i64(d.column);
    w.u64(static_cast<uint64_t>(d.severity));
    w.str(d.code);
    w.str(d.message);
  }
  // The files the output folder's manifest lists (and the manifest), as they are now.
  bool ok = false;
  std::string manifest = read_all(out_ / output::kManifest, ok);
  std::vector<std::string> listed{output::kManifest};
  std::istringstream lines(manifest);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) listed.push_back(line);
  std::error_code ec;
  Writer files;
  size_t n = 0;
  // A file this build found as the previous one left it, and did not write, is still so
  // (unless something else changed it meanwhile: the next build then finds it changed).
  std::vector<std::optional<FileState>> states(listed.size());
  parallel_for(listed.size(), jobs_, [&](size_t i) {
    auto reused = outputs_.find(listed[i]);
    if (reused != outputs_.end() && reused->second.as_left)
      states[i] = prev_files_.at(listed[i]);
    else
      states[i] = state_of(out_ / fs::path(listed[i]));
  });
  for (size_t i = 0; i < listed.size(); ++i) {
    const std::string& path = listed[i];
    const auto& state = states[i];
    if (!state) return;  // the output is not as written: no cache
    files.str(path);
    write_state(files, *state);
    ++n;
  }
  w.u64(n);
  w.bytes() += files.bytes();
  w.u64(inputs_read_.size());
  for (const auto& [path, m] : inputs_read_) {
    w.str(path);
    write_state(w, m.state);
    w.u64(m.hash);
  }
  w.u64(outputs_.size());
  for (const auto& [path, m] : outputs_) {
    w.str(path);
    w.u64(m.key);
    w.u64(m.hash);
    w.u64(m.size);
  }
  // The memo store only grows (a rebuild appends what it rendered); once more than half of
  // it is memos no build uses any more, the live ones are copied to a new store.
  std::vector<std::pair<std::string, MemoRef>> memos = memos_;
  uint64_t live = 0;
  for (const auto& [file, m] : memos) live += m.size;
  if (store_end_ > 2 * live && !compact_store(memos)) return;
  w.u64(memos.size());
  for (const auto& [file, m] : memos) {
    w.str(file);
    w.u64(m.key);
    w.u64(m.offset);
    w.u64(m.size);
    w.u64(m.hash);
  }
  w.u64(groups_.size());
  for (const auto& [name, g] : groups_) {
    w.str(name);
    w.u64(g.key);
    write_strings(w, g.paths);
  }
  fs::path tmp = file_;
  tmp += ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return;
    const uint64_t checksum = hash_bytes(w.bytes()), length = w.bytes().size();
    out.write(kMagic.data(), static_cast<std::streamsize>(kMagic.size()));
    out.write(reinterpret_cast<const char*>(&checksum), sizeof checksum);
    out.write(reinterpret_cast<const char*>(&length), sizeof length);
    out.write(w.bytes().data(), static_cast<std::streamsize>(length));
    out.close();
    if (!out) {
      fs::remove(tmp, ec);
      return;
    }
  }
  fs::rename(tmp, file_, ec);
  if (ec) fs::remove(tmp, ec);
}

}  // namespace ttdn::site
