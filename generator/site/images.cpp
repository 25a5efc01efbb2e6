#include "site/images.h"


#include "images/image_set.h"
#include "text/escape.h"

namespace fs = std::filesystem;

namespace ttdn::site {
namespace {

using content::Page;
using nlohmann::json;

/// A source image and where the page publishes it (output path of the original file).
struct Located {
  fs::path source;
  std::string out_path;
};

std::optional<Located> locate(const BuildContext& ctx, const Page& p, const std::string& src) {
  for (const auto& f : p.bundle_files)
    if (f.name == src) return Located{f.source, p.path + f.name};
  std::string rel = src;
  const std::string& base = ctx.urls.base_path();
  if (rel.size() > base.size() && rel.rfind(base + "assets/", 0) == 0) {
    rel.erase(0, base.size() + 7);
  } else {
    if (rel.rfind("/", 0) == 0) rel.erase(0, 1);
    if (rel.rfind("assets/", 0) == 0) rel.erase(0, 7);
  }
  auto out = ctx.assets.lookup(rel);
  if (!out) return std::nullopt;
  if (p.published) ctx.assets.use(rel);
  else ctx.assets.claim_unpublished(rel);
  return Located{ctx.options.site_dir / "assets" / rel, *out};
}

/// A URL inside srcset: commas and spaces would split the candidate list.
std::string srcset_url(const std::string& href) {
  std::string out;
  for (char c : href) {
    if (c == ' ') out += "%20";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

/// Output path of a variant of the image published at `out_path`: "x.jpg" → "x-480.webp".
std::string variant_path(const std::string& out_path, const images::StoredVariant& v) {
  std::string stem = out_path.substr(0, out_path.rfind('.'));
  return stem + "-" + (v.og ? std::string("og") : std::to_string(v.width)) + "." + v.format;
}

void publish_variant(const BuildContext& ctx, const std::string& origin, const std::string& path,
                     const images::StoredVariant& v) {
  if (!v.file.empty()) {
    ctx.out.add_copy(path, v.file, origin, ctx.diags);
    return;
  }
  // No cache: the bytes themselves, once per path.
  if (!ctx.out.contains(path)) ctx.out.add(path, v.bytes, origin, ctx.diags);
}

bool shows_front_matter_image(const BuildContext& ctx, const Page& p) {
  if (!p.fm.image || p.fm.image->src.empty()) return false;
  const config::Section* s = ctx.cfg.section(p.section);
  return s && (s->kind == config::SectionKind::articles || s->kind == config::SectionKind::explainers);
}

bool has_scheme(std::string_view url) {
  size_t colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  for (size_t i = 0; i < colon; ++i) {
    char c = url[i];
    bool ok = std::isalpha(static_cast<unsigned char>(c)) ||
              (i > 0 && (std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'));
    if (!ok) return false;
  }
  return true;
}

}  // namespace

void prepare_images(BuildContext& ctx) {
  auto set = std::make_shared<images::ImageSet>(images::Settings{}, ctx.options.image_cache_dir);
  for (const auto& p : ctx.library.pages) {
    if (!p.published) continue;  // its bundle's files are not published for it
    for (const auto& f : p.bundle_files)
      if (images::processed_format(f.name)) {
        set->add(f.source);
        set->place(f.source, p.path + f.name);
      }
  }
  std::error_code ec;
  fs::path assets = ctx.options.site_dir / "assets";
  if (fs::is_directory(assets, ec)) {
    for (auto it = fs::recursive_directory_iterator(assets, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
      std::string rel = it->path().lexically_relative(assets).generic_string();
      auto out = images::processed_format(rel) ? ctx.assets.lookup(rel) : std::nullopt;
      if (!out) continue;
      set->add(it->path());
      set->place(it->path(), *out);
    }
  }
  set->process(ctx.options.jobs);
  ctx.images = set;
}

std::optional<json> image_view(const BuildContext& ctx, const Page& p, const std::string& src,
                               int line, bool lazy, const std::string& sizes,
                               const std::string& what, bool quiet) {
  auto report = [&](const char* code, const std::string& message) -> std::optional<json> {
    if (p.published && !quiet) ctx.diags.error(p.file, line, line > 0 ? 1 : 0, code, message);
    return std::nullopt;
  };
  auto where = locate(ctx, p, src);
  if (!where)
    return report("missing-image", what + " '" + src + "' is neither in the page bundle nor under assets/");
  json view = {{"lazy", lazy}, {"sizes", sizes}, {"srcset", nullptr}, {"srcset_webp", nullptr},
               {"width", nullptr}, {"height", nullptr}, {"og", nullptr}};
  if (images::is_passthrough_image(src)) {
    view["url"] = ctx.urls.href(where->out_path);
    view["absolute"] = ctx.urls.absolute(where->out_path);
    return view;
  }
  if (!images::processed_format(src))
    return report("unsupported-image", what + " '" + src +
                                           "' is of a type that is not published as an image "
                                           "(use JPEG, PNG, WebP, GIF or SVG)");
  const images::Result* result = ctx.images ? ctx.images->find(where->source) : nullptr;
  if (!result) return report("bad-image", what + " '" + src + "' was not read");
  if (result->error) return report("bad-image", what + " '" + src + "' " + *result->error);

  std::string srcset, srcset_webp;
  const images::StoredVariant* largest = nullptr;
  for (const auto& v : result->entry.variants) {
    std::string path = variant_path(where->out_path, v);
    if (v.og) {
      view["og"] = {{"url", ctx.urls.absolute(path)},
                    {"width", std::to_string(v.width)},
                    {"height", std::to_string(v.height)}};
      continue;
    }
    std::string candidate = srcset_url(ctx.urls.href(path)) + " " + std::to_string(v.width) + "w";
    bool own = v.format != "webp" || images::processed_format(src) == std::string("webp");
    std::string& list = own ? srcset : srcset_webp;
    list += (list.empty() ? "" : ", ") + candidate;
    if (own) {
      largest = &v;
      view["url"] = ctx.urls.href(path);
      view["absolute"] = ctx.urls.absolute(path);
    }
  }
  if (!largest) return report("bad-image", what + " '" + src + "' gave no variants");
  view["width"] = std::to_string(largest->width);
  view["height"] = std::to_string(largest->height);
  view["srcset"] = srcset;
  if (!srcset_webp.empty()) view["srcset_webp"] = srcset_webp;
  return view;
}

void publish_image_variants(BuildContext& ctx) {
  if (!ctx.images) return;
  for (const auto& [source, out_path] : ctx.images->placements()) {
    if (!ctx.out.contains(out_path)) continue;  // the original is not published
    const images::Result* result = ctx.images->find(source);
    if (!result || result->error) continue;  // reported where a page shows it
    std::error_code ec;
    std::string origin = fs::relative(source, ctx.options.site_dir, ec).generic_string();
    for (const auto& v : result->entry.variants)
      publish_variant(ctx, origin, variant_path(out_path, v), v);
  }
}

markdown::LinkRewrite markdown_image(const BuildContext& ctx, const Page& p, std::string_view url,
                                     int line, int ordinal) {
  markdown::LinkRewrite r;
  if (url.empty() || url[0] == '#' || url.rfind("//", 0) == 0 || has_scheme(url)) return r;
  std::string u(url);
  if (u[0] == '/' && u.rfind(ctx.urls.base_path() + "assets/", 0) != 0 && u.rfind("/assets/", 0) != 0)
    return r;  // a root path the site serves otherwise
  bool lazy = !(ordinal == 0 && !shows_front_matter_image(ctx, p));
  auto view = image_view(ctx, p, u, line, lazy, kContentSizes);
  if (!view) return r;
  const auto esc = text::escape_html;
  r.url = (*view)["url"].get<std::string>();
  if ((*view)["srcset_webp"].is_string())
    r.picture_sources = "<source type=\"image/webp\" srcset=\"" + esc((*view)["srcset_webp"].get<std::string>()) +
                        "\" sizes=\"" + esc(kContentSizes) + "\">";
  std::string attrs;
  if ((*view)["srcset"].is_string())
    attrs += " srcset=\"" + esc((*view)["srcset"].get<std::string>()) + "\" sizes=\"" + esc(kContentSizes) + "\"";
  if ((*view)["width"].is_string())
    attrs += " width=\"" + (*view)["width"].get<std::string>() + "\" height=\"" +
             (*view)["height"].get<std::string>() + "\"";
  if (lazy) attrs += " loading=\"lazy\"";
  attrs += " decoding=\"async\"";
  r.img_attributes = attrs;
  return r;
}

}  // namespace ttdn::site
