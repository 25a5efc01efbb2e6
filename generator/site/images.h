// Content images in pages: each JPEG, PNG or WebP a page shows (front-matter `image`,
// `gallery`, Markdown images; from its bundle or assets/) is published in width variants,
// as WebP and in its own format, with an Open Graph card; views give templates what a
// responsive <picture> needs (docs/images.md, docs/templates.md).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "markdown/markdown.h"
#include "site/build_context.h"

namespace ttdn::site {

/// `sizes` for an image across the text column, and for a gallery thumbnail.
inline constexpr const char* kContentSizes = "(min-width: 50rem) 48rem, 100vw";
inline constexpr const char* kThumbnailSizes = "(min-width: 50rem) 15rem, 45vw";
inline constexpr const char* kFullSizes = "100vw";

/// Processes (or finds in the cache) every image of the bundles of published pages and
/// every image under assets/, on options.jobs threads. Before the Markdown is rendered.
void prepare_images(BuildContext& ctx);

/// The view of image `src` shown by page `p` (source line `line`, for errors):
/// {url, width, height, srcset, srcset_webp, sizes, lazy, absolute, og}. nullopt (and an
/// error when `p` is published) for a missing file, an unsupported type or bytes that are
/// not an image. Messages begin with `what` ("image", "gallery image"); with `quiet`, a
/// second look at an image already reported elsewhere, nothing is reported.
std::optional<nlohmann::json> image_view(const BuildContext& ctx, const content::Page& p,
                                         const std::string& src, int line, bool lazy,
                                         const std::string& sizes,
                                         const std::string& what = "image", bool quiet = false);

/// Adds the variants of every processed image whose original is in the output (a bundle
/// file of a published page, a published asset) beside it. After the assets are published.
void publish_image_variants(BuildContext& ctx);

/// The rewrite of the `ordinal`-th (from 0) Markdown image of `p`: a <picture> with the
/// variants of a processed image, lazy unless it is the page's lead image (the first one,
/// on a page whose layout shows no front-matter image above it). URLs with a scheme and
/// root paths outside assets/ are left as they are.
markdown::LinkRewrite markdown_image(const BuildContext& ctx, const content::Page& p,
                                     std::string_view url, int line, int ordinal);

}  // namespace ttdn::site
