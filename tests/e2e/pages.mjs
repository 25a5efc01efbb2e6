// The page kinds of the built portal and one page of each kind in every language, shared by
// the accessibility audit (axe.mjs), Lighthouse (lighthouse.mjs) and the screenshots.
import { readFile, access } from "node:fs/promises";
import { join } from "node:path";

export const LAUNCH = {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
};

// One page of each kind in the portal's first language; the other languages' pages are the
// ones its <link rel="alternate" hreflang> names.
const FIRST = {
  home: "/",
  list: "/tin-tuc/",
  article: "/tin-tuc/khu-canh-quan-ban-gioc-duc-thien-van-hanh-chinh-thuc/",
  explainer: "/bien-gioi/hiep-dinh-thac-ban-gioc/",
  page: "/gioi-thieu/",
  section: "/ban-gioc/",
  gallery: "/ban-gioc/thu-vien-anh/",
  topic: "/chu-de/ban-gioc/",
  topics: "/chu-de/",
  documents: "/van-ban/",
  document: "/van-ban/57-kl-tw-2023/",
  glossary: "/thuat-ngu/",
  bulletins: "/ban-tin/",
  bulletin: "/ban-tin/2026/q1/",
  "bulletin-print": "/ban-tin/2026/q1/print/",
  search: "/tim-kiem/",
};

const fileOf = (root, path) => join(root, path.endsWith("/") ? path + "index.html" : path);

/// Language code → path, from the page's hreflang alternates (itself when it has none).
async function alternates(root, path) {
  const html = await readFile(fileOf(root, path), "utf8");
  const own = /<html lang="([^"]+)"/.exec(html)?.[1] ?? "?";
  const found = { [own]: path };
  for (const m of html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)) {
    if (m[1] !== "x-default") found[m[1]] = new URL(m[2], "http://x").pathname;
  }
  return found;
}

/// {kind: {lang: path}} for every kind; the 404 page is one page in all languages.
export async function pageKinds(root) {
  const home = await alternates(root, "/");
  // The alternates are absolute URLs under the site's base_url, whose path (the first
  // language's home) the local server does not have.
  const prefix = Object.values(home)[0].startsWith("/") ? Object.values(home)[0] : "/";
  const own = /<html lang="([^"]+)"/.exec(await readFile(fileOf(root, "/"), "utf8"))?.[1];
  const basePath = home[own] ?? prefix;
  const base = (path) => "/" + path.slice(basePath.length);
  const kinds = {};
  for (const [kind, path] of Object.entries(FIRST)) {
    try {
      await access(fileOf(root, path));
    } catch {
      throw new Error(`the portal has no ${kind} page at ${path}: update tests/e2e/pages.mjs`);
    }
    kinds[kind] = {};
    const alt = await alternates(root, path);
    for (const lang of Object.keys(home)) {
      if (!alt[lang]) throw new Error(`${path} has no ${lang} version`);
      kinds[kind][lang] = base(alt[lang]);
    }
  }
  kinds["404"] = { all: "/404.html" };
  return kinds;
}
