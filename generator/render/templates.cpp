#include "render/templates.h"

#include <kainjow/mustache.hpp>

#include <atomic>
#include <cstring>
#include <deque>
#include <memory>
#include <optional>
#include <regex>
#include <unordered_map>

#include "io/files.h"

namespace km = kainjow::mustache;
namespace fs = std::filesystem;

namespace ttdn::render {
namespace {

std::atomic<size_t> next_id{1};

/// kainjow's data for a string, boolean, null or number.
km::data scalar_data(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::string:
      return km::data{j.get_ref<const std::string&>()};
    case nlohmann::json::value_t::boolean:
      return km::data{j.get<bool>()};
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:  // kainjow has no number type: its text
      return km::data{j.dump()};
    default:
      return km::data{false};
  }
}

/// `j` converted whole, for the values every page of a language shares (SharedView),
/// converted once. kainjow's `set` and `push_back` copy their value, so the values are
/// moved in instead: `operator[]` then a move for objects, and for lists a push onto the
/// vector that `list_value` exposes (const only by its signature: `d` owns it).
km::data to_data(const nlohmann::json& j) {
  if (j.is_object()) {
    km::data d{km::data::type::object};
    for (auto it = j.begin(); it != j.end(); ++it) d[it.key()] = to_data(it.value());
    return d;
  }
  if (j.is_array()) {
    km::data d{km::data::type::list};
    auto& list = const_cast<km::list&>(d.list_value());
    list.reserve(j.size());
    for (const auto& item : j) list.push_back(to_data(item));
    return d;
  }
  return scalar_data(j);
}

/// The context a page renders in: its view model read where it is, in the JSON, instead of
/// converted whole to kainjow's data first (that copy, a map node and a string per value,
/// was a twentieth of a build). A value is made into kainjow data only when a tag asks for
/// it; an object is handed to kainjow as a stand-in (`true`: shown as nothing, opens its
/// section like an object does) whose names are then looked up in the JSON object it
/// stands for. Lookups follow kainjow's own context: the innermost section first, and a
/// dotted name only where its whole path resolves. Partials come from the template set.
class ViewContext : public km::basic_context<std::string> {
 public:
  ViewContext(const km::data* shared, const nlohmann::json& view,
              const std::map<std::string, km::data>* partials)
      : partials_(partials) {
    if (shared) frames_.push_back(shared);
    frames_.push_back(make(view));
  }

  void push(const km::data* d) override { frames_.push_back(d); }
  void pop() override { frames_.pop_back(); }

  const km::data* get(const std::string& name) const override {
    if (name.size() == 1 && name[0] == '.') return frames_.back();
    const bool dotted = name.find('.') != std::string::npos;
    for (auto frame = frames_.rbegin(); frame != frames_.rend(); ++frame) {
      if (const km::data* found = dotted ? walk(*frame, name) : member(*frame, name))
        return found;
    }
    return nullptr;
  }

  const km::data* get_partial(const std::string& name) const override {
    auto it = partials_->find(name);
    return it == partials_->end() ? nullptr : &it->second;
  }

 private:
  /// `name` in the object `d` is or stands for; null when it has none.
  const km::data* member(const km::data* d, std::string_view name) const {
    auto stand_in = objects_.find(d);
    if (stand_in == objects_.end()) return d->get(std::string(name));
    const nlohmann::json& object = *stand_in->second;
    auto it = object.find(name);
    return it == object.end() ? nullptr : make(*it);
  }

  /// `a.b.c` from `d`: every part must resolve.
  const km::data* walk(const km::data* d, const std::string& name) const {
    size_t from = 0;
    while (d) {
      size_t dot = name.find('.', from);
      const size_t length = dot == std::string::npos ? dot : dot - from;
      d = member(d, std::string_view(name).substr(from, length));
      if (dot == std::string::npos) break;
      from = dot + 1;
    }
    return d;
  }

  /// kainjow's data for `j`, made once per value and kept until the page is rendered.
  const km::data* make(const nlohmann::json& j) const {
    auto [it, added] = made_.try_emplace(&j, nullptr);
    if (!added) return it->second;
    it->second = &arena_.emplace_back(convert(j));
    if (j.is_object()) objects_.emplace(it->second, &j);
    return it->second;
  }

  km::data convert(const nlohmann::json& j) const {
    if (j.is_object()) return km::data{true};  // a stand-in, see make
    if (!j.is_array()) return scalar_data(j);
    km::data d{km::data::type::list};
    // Filled in place, as in to_data; then each object item is registered by its final
    // address.
    auto& list = const_cast<km::list&>(d.list_value());
    list.reserve(j.size());
    for (const auto& item : j) list.push_back(convert(item));
    for (size_t i = 0; i < list.size(); ++i)
      if (j[i].is_object()) objects_.emplace(&list[i], &j[i]);
    return d;
  }

  const std::map<std::string, km::data>* partials_;
  std::vector<const km::data*> frames_;  // innermost last
  mutable std::deque<km::data> arena_;   // stable addresses
  mutable std::unordered_map<const nlohmann::json*, const km::data*> made_;
  mutable std::unordered_map<const km::data*, const nlohmann::json*> objects_;
};

void check_source(const std::string& file, const std::string& source,
                  const std::map<std::string, std::string>& partials, diag::Diagnostics& diags) {
  km::mustache tmpl(source);
  if (!tmpl.is_valid())
    diags.error(file, 0, 0, "template-syntax", "template error: " + tmpl.error_message());
  static const std::regex partial_ref(R"(\{\{\s*>\s*([^\s}]+)\s*\}\})");
  int line = 1;
  size_t last = 0;
  for (auto it = std::sregex_iterator(source.begin(), source.end(), partial_ref);
       it != std::sregex_iterator(); ++it) {
    size_t pos = static_cast<size_t>(it->position());
    line += static_cast<int>(std::count(source.begin() + static_cast<long>(last),
                                        source.begin() + static_cast<long>(pos), '\n'));
    last = pos;
    std::string name = (*it)[1];
    if (!partials.count(name))
      diags.error(file, line, 0, "missing-partial",
                  "partial '" + name + "' does not exist (templates/partials/" + name +
                      ".mustache)");
  }
}

/// `source` with each `{{> name}}` replaced by the partial's own source, recursively, so
/// that a page renders from one template parsed once instead of parsing every partial at
/// every use (kainjow parses a partial each time it renders one). The output is the same:
/// kainjow renders a partial with the caller's context and no standalone-line rules. Not
/// done (nullopt) where delimiters are changed, a partial is missing or partials recurse.
std::optional<std::string> inline_partials(const std::string& source,
                                           const std::map<std::string, std::string>& partials,
                                           int depth = 0) {
  if (depth > 16 || source.find("{{=") != std::string::npos) return std::nullopt;
  static const std::regex partial_ref(R"(\{\{\s*>\s*([^\s}]+)\s*\}\})");
  std::string out;
  size_t last = 0;
  for (auto it = std::sregex_iterator(source.begin(), source.end(), partial_ref);
       it != std::sregex_iterator(); ++it) {
    auto found = partials.find((*it)[1]);
    if (found == partials.end()) return std::nullopt;
    auto inner = inline_partials(found->second, partials, depth + 1);
    if (!inner) return std::nullopt;
    out.append(source, last, static_cast<size_t>(it->position()) - last);
    out += *inner;
    last = static_cast<size_t>(it->position() + it->length());
  }
  out.append(source, last, std::string::npos);
  return out;
}

/// kainjow's html_escape, the same bytes (`'` as `&apos;`), appending runs of text instead of
/// one character at a time; a value with nothing to escape is returned as it is.
std::string escape_value(const std::string& s) {
  auto next = [&](size_t from) {
    // strcspn is vectorised; it also stops at a NUL, which is not special here.
    while (from < s.size()) {
      from += std::strcspn(s.c_str() + from, "&<>\"'");
      if (from >= s.size()) break;
      if (s[from] != '\0') return from;
      ++from;
    }
    return std::string::npos;
  };
  size_t i = next(0);
  if (i == std::string::npos) return s;
  std::string out;
  out.reserve(s.size() + s.size() / 8 + 8);
  size_t run = 0;
  for (; i != std::string::npos; i = next(run)) {
    out.append(s, run, i - run);
    switch (s[i]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += "&apos;"; break;
    }
    run = i + 1;
  }
  out.append(s, run, std::string::npos);
  return out;
}

}  // namespace

TemplateSet TemplateSet::load(const fs::path& site_dir, diag::Diagnostics& diags) {
  TemplateSet set;
  set.id_ = next_id++;
  std::error_code ec;
  const fs::path site_canonical = fs::weakly_canonical(site_dir, ec);
  auto read_dir = [&](const fs::path& dir, std::map<std::string, std::string>& into) {
    if (!fs::is_directory(dir, ec)) return;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      if (e.is_symlink(ec)) {  // never read outside the site folder (SPEC §10)
        auto rel = fs::weakly_canonical(e.path(), ec).lexically_relative(site_canonical);
        if (ec || rel.empty() || *rel.begin() == "..") {
          diags.error(e.path().lexically_relative(site_dir).generic_string(), 0, 0,
                      "symlink-outside",
                      "symbolic link points outside the site folder; it is not read");
          continue;
        }
      }
      if (e.is_regular_file(ec) && e.path().extension() == ".mustache")
        into[e.path().stem().string()] = io::read_file(e.path()).value_or(std::string());
    }
  };
  if (!fs::is_directory(site_dir / "templates", ec))
    diags.error("templates", 0, 0, "missing-templates", "the site has no templates/ folder");
  read_dir(site_dir / "templates", set.layouts_);
  read_dir(site_dir / "templates" / "partials", set.partials_);
  for (const auto& [name, src] : set.layouts_)
    check_source("templates/" + name + ".mustache", src, set.partials_, diags);
  for (const auto& [name, src] : set.partials_)
    check_source("templates/partials/" + name + ".mustache", src, set.partials_, diags);
  return set;
}

void TemplateSet::add_layout(const std::string& name, std::string source) {
  layouts_[name] = std::move(source);
  id_ = next_id++;
}

void TemplateSet::add_partial(const std::string& name, std::string source) {
  partials_[name] = std::move(source);
  id_ = next_id++;
}

struct SharedView::Data {
  km::data values;
};

SharedView::SharedView(const nlohmann::json& values) : data_(new Data{to_data(values)}) {}
SharedView::~SharedView() = default;

std::string TemplateSet::render(const std::string& name, const nlohmann::json& view,
                                const SharedView* shared) const {
  // Parsed templates are kept per thread: kainjow's objects are not documented as safe to
  // render from several threads at once.
  struct Cache {
    size_t id = 0;
    std::map<std::string, std::unique_ptr<km::mustache>> parsed;
    std::map<std::string, km::data> partials;
  };
  thread_local std::map<const TemplateSet*, Cache> caches;
  Cache& cache = caches[this];
  if (cache.id != id_) {
    cache = Cache{};
    cache.id = id_;
    for (const auto& [n, src] : partials_) cache.partials.emplace(n, km::data{src});
  }
  auto& tmpl = cache.parsed[name];
  if (!tmpl) {
    auto it = layouts_.find(name);
    std::string source = it == layouts_.end() ? std::string() : it->second;
    if (auto inlined = inline_partials(source, partials_)) {
      tmpl = std::make_unique<km::mustache>(*inlined);
      if (!tmpl->is_valid()) tmpl = std::make_unique<km::mustache>(source);
    } else {
      tmpl = std::make_unique<km::mustache>(source);
    }
    tmpl->set_custom_escape(escape_value);  // handed on to the partials it renders
  }
  ViewContext ctx(shared ? &shared->data_->values : nullptr, view, &cache.partials);
  // kainjow's own render(ctx) writes each piece to an ostringstream and copies its string
  // at the end; it takes any stream, so the pieces go straight into one string.
  struct Output {
    std::string text;
    Output& operator<<(const std::string& piece) {
      text += piece;
      return *this;
    }
  } output;
  output.text.reserve(16 * 1024);
  tmpl->render(ctx, output);
  return std::move(output.text);
}

}  // namespace ttdn::render
