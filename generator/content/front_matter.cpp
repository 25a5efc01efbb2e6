#include "content/front_matter.h"

#include <algorithm>

#include "text/unicode.h"

namespace ttdn::content {
namespace {

bool is_fence(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  return line == "---";
}

class FieldReader {
 public:
  FieldReader(const YAML::Node& root, const yaml::Origin& origin, diag::Diagnostics& diags)
      : root_(root), origin_(origin), diags_(diags) {}

  int line(const YAML::Node& n) const { return yaml::line_of(n, origin_); }
  int column(const YAML::Node& n) const { return yaml::column_of(n); }

  void error(const YAML::Node& n, const std::string& code, const std::string& msg) {
    diags_.error(origin_.file, line(n), column(n), code, msg);
  }
  void warning(const YAML::Node& n, const std::string& code, const std::string& msg) {
    diags_.warning(origin_.file, line(n), column(n), code, msg);
  }

  std::optional<std::string> string(const YAML::Node& n, std::string_view field) {
    return yaml::as_string(n, origin_, field, diags_);
  }

  std::optional<DateTime> datetime(const YAML::Node& n, std::string_view field) {
    if (!n.IsScalar()) {
      yaml::as_string(n, origin_, field, diags_);  // reports the type error
      return std::nullopt;
    }
    auto t = parse_datetime(n.Scalar());
    if (!t)
      error(n, "bad-date",
            "'" + std::string(field) + "' must be a date (YYYY-MM-DD) or a date and time "
            "(YYYY-MM-DDTHH:MM[:SS][+07:00]), not '" + n.Scalar() + "'");
    return t;
  }

  std::vector<LocatedString> located_list(const YAML::Node& n, std::string_view field) {
    std::vector<LocatedString> out;
    if (n.IsScalar()) {  // a single value where a list is expected is a common slip
      error(n, "wrong-type", "'" + std::string(field) + "' must be a list, e.g. [" +
                                 n.Scalar() + "]");
      return out;
    }
    if (!n.IsSequence()) {
      yaml::as_string_list(n, origin_, field, diags_);
      return out;
    }
    for (const auto& item : n) {
      if (!item.IsScalar()) {
        error(item, "wrong-type", "each item of '" + std::string(field) + "' must be text");
        continue;
      }
      out.push_back({item.Scalar(), line(item), column(item)});
    }
    return out;
  }

  const YAML::Node& root() const { return root_; }
  const yaml::Origin& origin() const { return origin_; }
  diag::Diagnostics& diags() { return diags_; }

 private:
  YAML::Node root_;
  const yaml::Origin& origin_;
  diag::Diagnostics& diags_;
};

std::optional<ImageRef> read_image(FieldReader& r, const YAML::Node& n) {
  if (!n.IsMap()) {
    r.error(n, "wrong-type", "'image' must be a map {src, alt, caption, credit}");
    return std::nullopt;
  }
  yaml::warn_unknown_keys(n, r.origin(), {"src", "alt", "caption", "credit"}, "image field",
                          r.diags());
  ImageRef img;
  img.line = r.line(n);
  for (auto [key, into] : {std::pair{"src", &img.src}, {"alt", &img.alt},
                           {"caption", &img.caption}, {"credit", &img.credit}}) {
    if (n[key])
      if (auto s = r.string(n[key], std::string("image.") + key)) *into = *s;
  }
  if (!img.src.empty() && img.alt.empty())
    r.error(n, "missing-alt", "image '" + img.src + "' needs 'alt' text for readers who cannot see it");
  if (img.src.empty()) r.error(n, "missing-field", "'image' needs 'src'");
  return img;
}

}  // namespace

std::optional<SplitSource> split_front_matter(std::string_view text) {
  SplitSource out;
  size_t first_end = text.find('\n');
  std::string_view first = text.substr(0, first_end);
  if (!is_fence(first)) {
    out.body = text;
    out.body_line = 1;
    return out;
  }
  out.has_front_matter = true;
  out.yaml_line = 2;
  if (first_end == std::string_view::npos) return std::nullopt;
  size_t pos = first_end + 1;
  int line = 2;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    std::string_view l = text.substr(pos, end == std::string_view::npos ? text.size() - pos
                                                                        : end - pos);
    if (is_fence(l)) {
      out.yaml = text.substr(first_end + 1, pos - first_end - 1);
      out.body = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
      out.body_line = line + 1;
      return out;
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
    ++line;
  }
  return std::nullopt;
}

const std::vector<std::string>& known_fields() {
  static const std::vector<std::string> fields = {
      "title",  "date",      "updated", "summary",  "slug",       "topics",
      "directives", "image", "author",  "source",   "draft",      "publish_at",
      "weight", "bulletin",  "faq",     "timeline", "aliases",    "layout",
      "translation_only",    "gallery"};
  return fields;
}

std::optional<FrontMatter> parse_front_matter(const SplitSource& split, const std::string& file,
                                              const config::SiteConfig& cfg,
                                              const std::string& lang,
                                              diag::Diagnostics& diags) {
  yaml::Origin origin{file, split.yaml_line - 1};
  FrontMatter fm;
  if (!split.has_front_matter) {
    diags.error(file, 1, 1, "missing-front-matter",
                "no front matter: the file must start with a '---' line, then 'title: …', "
                "then '---'");
    return std::nullopt;
  }
  auto parsed = yaml::parse(split.yaml, origin, diags);
  if (!parsed) return std::nullopt;
  YAML::Node root = *parsed;
  if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  if (!root.IsMap()) {
    diags.error(file, split.yaml_line, 1, "wrong-type",
                "front matter must be fields like 'title: …', one a line");
    return std::nullopt;
  }
  FieldReader r(root, origin, diags);
  yaml::warn_unknown_keys(root, origin, known_fields(), "front-matter field", diags);
  for (const auto& kv : root)
    if (kv.first.IsScalar()) fm.lines[kv.first.Scalar()] = r.line(kv.first);

  if (root["title"]) {
    if (auto s = r.string(root["title"], "title")) {
      fm.title = *s;
      if (fm.title.empty()) r.error(root["title"], "missing-title", "'title' is empty");
    }
  } else {
    diags.error(file, split.yaml_line, 1, "missing-title", "'title' is required");
  }
  if (root["date"]) fm.date = r.datetime(root["date"], "date");
  if (root["updated"]) {
    fm.updated = r.datetime(root["updated"], "updated");
    if (fm.updated && fm.date && *fm.updated < *fm.date)
      r.error(root["updated"], "updated-before-date", "'updated' is earlier than 'date'");
  }
  if (root["publish_at"]) fm.publish_at = r.datetime(root["publish_at"], "publish_at");
  if (root["summary"]) fm.summary = r.string(root["summary"], "summary");
  if (root["slug"]) fm.slug = r.string(root["slug"], "slug");
  if (root["author"])
    if (auto s = r.string(root["author"], "author")) fm.author = *s;
  if (root["source"])
    if (auto s = r.string(root["source"], "source")) fm.source = *s;
  if (root["draft"])
    if (auto b = yaml::as_bool(root["draft"], origin, "draft", diags)) fm.draft = *b;
  if (root["translation_only"])
    if (auto b = yaml::as_bool(root["translation_only"], origin, "translation_only", diags))
      fm.translation_only = *b;
  if (root["weight"])
    if (auto n = yaml::as_int(root["weight"], origin, "weight", diags))
      fm.weight = static_cast<int>(std::clamp<long long>(*n, -1000000, 1000000));
  if (root["layout"])
    if (auto s = r.string(root["layout"], "layout"))
      fm.layout = LocatedString{*s, r.line(root["layout"]), r.column(root["layout"])};

  if (root["topics"]) {
    fm.topics = r.located_list(root["topics"], "topics");
    std::vector<std::string> keys;
    for (const auto& t : cfg.topic_terms) keys.push_back(t.key);
    for (const auto& t : fm.topics) {
      if (cfg.topic(t.value)) continue;
      std::string msg = "unknown topic '" + t.value + "'";
      if (auto near = text::nearest(t.value, keys)) msg += " (did you mean '" + *near + "'?)";
      diags.error(file, t.line, t.column, "unknown-topic", msg);
    }
  }
  if (root["directives"]) fm.directives = r.located_list(root["directives"], "directives");
  if (root["aliases"]) fm.aliases = r.located_list(root["aliases"], "aliases");
  if (root["bulletin"]) {
    const YAML::Node n = root["bulletin"];
    if (auto s = r.string(n, "bulletin")) {
      std::string v = *s;
      bool ok = v.size() == 7 && v[4] == '-' && (v[5] == 'Q' || v[5] == 'q') && v[6] >= '1' &&
                v[6] <= '4' && std::all_of(v.begin(), v.begin() + 4, ::isdigit);
      if (!ok)
        r.error(n, "bad-bulletin", "'bulletin' must be a quarter like 2026-Q1, not '" + v + "'");
      else
        fm.bulletin = LocatedString{v.substr(0, 5) + "Q" + v.substr(6), r.line(n), r.column(n)};
    }
  }
  if (root["image"]) fm.image = read_image(r, root["image"]);
  if (const YAML::Node g = root["gallery"]) {
    if (!g.IsSequence()) {
      r.error(g, "wrong-type", "'gallery' must be a list of {src, alt, caption, credit}");
    } else {
      for (const auto& item : g) {
        if (!item.IsMap()) {
          r.error(item, "wrong-type", "each 'gallery' item must be a map {src, alt, …}");
          continue;
        }
        GalleryItem gi;
        gi.line = r.line(item);
        yaml::warn_unknown_keys(item, origin, {"src", "alt", "caption", "credit"},
                                "gallery field", diags);
        if (item["src"])
          if (auto s = r.string(item["src"], "gallery.src")) gi.src = *s;
        if (item["alt"])
          if (auto m = yaml::as_lang_map(item["alt"], origin, "gallery.alt",
                                         cfg.language_codes(), lang, diags))
            gi.alt = *m;
        if (item["caption"])
          if (auto m = yaml::as_lang_map(item["caption"], origin, "gallery.caption",
                                         cfg.language_codes(), lang, diags))
            gi.caption = *m;
        if (item["credit"])
          if (auto m = yaml::as_lang_map(item["credit"], origin, "gallery.credit",
                                         cfg.language_codes(), lang, diags))
            gi.credit = *m;
        if (gi.src.empty()) r.error(item, "missing-field", "gallery item needs 'src'");
        if (gi.alt.empty())
          r.error(item, "missing-alt", "gallery image '" + gi.src + "' needs 'alt' text");
        fm.gallery.push_back(std::move(gi));
      }
    }
  }
  if (const YAML::Node f = root["faq"]) {
    if (!f.IsSequence()) {
      r.error(f, "wrong-type", "'faq' must be a list of {q, a}");
    } else {
      for (const auto& item : f) {
        if (!item.IsMap() || !item["q"] || !item["a"] || !item["q"].IsScalar() ||
            !item["a"].IsScalar()) {
          r.error(item, "wrong-type", "each 'faq' item must be {q: question, a: answer}");
          continue;
        }
        fm.faq.push_back({item["q"].Scalar(), item["a"].Scalar()});
      }
    }
  }
  if (const YAML::Node t = root["timeline"]) {
    if (!t.IsSequence()) {
      r.error(t, "wrong-type", "'timeline' must be a list of {date, text}");
    } else {
      for (const auto& item : t) {
        if (!item.IsMap() || !item["date"] || !item["text"] || !item["date"].IsScalar() ||
            !item["text"].IsScalar()) {
          r.error(item, "wrong-type", "each 'timeline' item must be {date: YYYY-MM-DD, text: …}");
          continue;
        }
        std::string d = item["date"].Scalar();
        bool ok = (d.size() == 4 || d.size() == 7 || d.size() == 10) &&
                  (d.size() != 10 || parse_datetime(d));
        if (!ok) r.error(item["date"], "bad-date", "timeline date must be YYYY, YYYY-MM or YYYY-MM-DD");
        fm.timeline.push_back({d, item["text"].Scalar()});
      }
    }
  }
  return fm;
}

}  // namespace ttdn::content
