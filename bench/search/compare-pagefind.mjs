// ttdn's built-in search against Pagefind (npm `pagefind`, its binary ships in the npm
// package) on the same built portal: index size, bytes a first query downloads, and
// whether each query finds its expected page among the first 10 results.
//
//   node bench/search/compare-pagefind.mjs PUBLIC_DIR
//
// Pagefind indexes a copy of PUBLIC_DIR (it writes a pagefind/ folder into the site). Its
// queries run through its JavaScript API on a blank page of the site in the query's
// language (the portal's Content-Security-Policy forbids the WebAssembly Pagefind needs);
// ttdn's run through the portal's own search pages. Both in Debian's Chromium.
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { cp, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "../../tests/e2e/serve.mjs";

const e2e = new URL("../../tests/e2e/", import.meta.url).pathname;
const require = createRequire(join(e2e, "package.json"));
const { chromium } = require("playwright-core");

const root = process.argv[2];
if (!root) {
  console.error("usage: node bench/search/compare-pagefind.mjs PUBLIC_DIR");
  process.exit(2);
}

const CUM = "/tin-tuc/cum-thong-tin-doi-ngoai-ban-gioc-ta-lung/";
const QUERIES = [
  { lang: "vi", q: "Quảng Hòa", note: "as written", expect: [CUM] },
  { lang: "vi", q: "quang hoa", note: "no diacritics", expect: [CUM] },
  { lang: "vi", q: "Quảng Hoà", note: "old tone placement", expect: [CUM] },
  { lang: "vi", q: "Đàm Thủy", note: "as written", expect: [CUM] },
  { lang: "vi", q: "Đàm Thuỷ", note: "old tone placement", expect: [CUM] },
  { lang: "vi", q: "dam thuy", note: "no diacritics, đ as d", expect: [CUM] },
  { lang: "vi", q: "bản giốc", note: "as written", expect: ["/ban-gioc/"] },
  { lang: "vi", q: "ban gioc", note: "no diacritics", expect: ["/ban-gioc/"] },
  { lang: "vi", q: "hoà bình", note: "old tone placement", expect: ["/bien-gioi/hiep-dinh-thac-ban-gioc/"] },
  { lang: "vi", q: "phân giới cắm mốc", note: "several words", expect: ["/bien-gioi/nghi-dinh-thu-phan-gioi-cam-moc/"] },
  { lang: "zh-Hans", q: "德天", note: "word not in ICU's dictionary", expect: ["/zh/xinwen/khu-canh-quan-ban-gioc-duc-thien-van-hanh-chinh-thuc/"] },
  { lang: "zh-Hans", q: "德天瀑布", note: "", expect: ["/zh/xinwen/khu-canh-quan-ban-gioc-duc-thien-van-hanh-chinh-thuc/"] },
  { lang: "zh-Hans", q: "边界", note: "", expect: ["/zh/bianjie/"] },
  { lang: "en", q: "border", note: "", expect: ["/en/border/"] },
  { lang: "en", q: "borders", note: "plural", expect: ["/en/border/"] },
  { lang: "en", q: "waterfall", note: "", expect: ["/en/ban-gioc/"] },
];
const SEARCH_PAGE = { vi: "/tim-kiem/", en: "/en/search/", "zh-Hans": "/zh/sousuo/" };

async function folderSize(dir, filter = () => true) {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += await folderSize(p, filter);
    else if (filter(p)) total += (await stat(p)).size;
  }
  return total;
}

const kb = (n) => (n / 1024).toLocaleString("en", { maximumFractionDigits: 1 }) + " KB";

const work = await mkdtemp(join(tmpdir(), "ttdn-pagefind-"));
const site = join(work, "public");
await cp(root, site, { recursive: true });
const started = Date.now();
execFileSync(join(e2e, "node_modules/.bin/pagefind"), ["--site", site, "--quiet"], { stdio: "inherit" });
const pagefindSeconds = (Date.now() - started) / 1000;
for (const lang of Object.keys(SEARCH_PAGE))
  await writeFile(join(site, `pf-${lang}.html`),
                  `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>pf</title></head><body></body></html>`);

const isUi = (p) => /pagefind-(component-|modular-)?ui\.|pagefind-highlight/.test(p);
const pfIndex = await folderSize(join(site, "pagefind"), (p) => !isUi(p) && !/\.js$|wasm\./.test(p));
const pfRuntime = await folderSize(join(site, "pagefind"), (p) => !isUi(p) && /\.js$|wasm\./.test(p));
let ttdnIndex = 0;
for (const dir of ["tim-kiem/data", "en/search/data", "zh/sousuo/data"]) ttdnIndex += await folderSize(join(site, dir));
const html = await folderSize(root, (p) => p.endsWith(".html"));

const server = await serve(site);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});

async function withBytes(fn) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bytes = [];
  page.on("response", async (r) => {
    try { bytes.push({ url: r.url(), n: (await r.body()).length }); } catch { /* no body */ }
  });
  const result = await fn(page);
  await page.waitForLoadState("networkidle");
  await context.close();
  return { ...result, bytes };
}

async function ttdnSearch(lang, q) {
  return withBytes(async (page) => {
    await page.goto(`${server.url}${SEARCH_PAGE[lang]}?q=${encodeURIComponent(q)}`);
    await page.waitForSelector("#search-results[aria-busy=false]", { state: "attached" });
    const urls = await page.$$eval("#search-results > li h2 a", (as) => as.map((a) => a.getAttribute("href")));
    const status = await page.textContent("#search-status");
    return { urls, count: (status.match(/\d[\d.,]*/) || ["0"])[0] };
  });
}

async function pagefindSearch(lang, q) {
  return withBytes(async (page) => {
    await page.goto(`${server.url}/pf-${lang}.html`);
    return page.evaluate(async (query) => {
      const pf = await import("/pagefind/pagefind.js");
      await pf.init();
      const search = await pf.search(query);
      const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
      return { urls: data.map((d) => d.url), count: String(search.results.length) };
    }, q);
  });
}

function verdict(r, expect) {
  const rank = r.urls.findIndex((u) => expect.some((e) => u === e || u.startsWith(e)));
  return rank < 0 ? `no (${r.count} results)` : `yes, #${rank + 1} of ${r.count}`;
}

const rows = [];
let ttdnFound = 0, pfFound = 0;
let ttdnBytes = 0, pfBytes = 0;
for (const { lang, q, note, expect } of QUERIES) {
  const a = await ttdnSearch(lang, q);
  const b = await pagefindSearch(lang, q);
  const aBytes = a.bytes.filter((x) => /\/data\/|search\.[0-9a-f]+\.js/.test(x.url)).reduce((s, x) => s + x.n, 0);
  const bBytes = b.bytes.filter((x) => /\/pagefind\//.test(x.url)).reduce((s, x) => s + x.n, 0);
  ttdnBytes += aBytes;
  pfBytes += bBytes;
  const va = verdict(a, expect), vb = verdict(b, expect);
  if (va.startsWith("yes")) ttdnFound++;
  if (vb.startsWith("yes")) pfFound++;
  rows.push(`| ${lang} | ${q}${note ? ` (${note})` : ""} | ${expect[0]} | ${va} | ${vb} | ${kb(aBytes)} | ${kb(bBytes)} |`);
}
await browser.close();
await server.close();
await rm(work, { recursive: true, force: true });

console.log(`Portal HTML: ${kb(html)}. Pagefind indexed the copy in ${pagefindSeconds.toFixed(1)} s.\n`);
console.log("| | ttdn | Pagefind 1.6.0 |");
console.log("|---|---:|---:|");
console.log(`| index data on disk | ${kb(ttdnIndex)} | ${kb(pfIndex)} |`);
console.log(`| runtime the browser loads (JS, WebAssembly) | ${kb((await folderSize(join(root, "assets/js"), (p) => /search\./.test(p))))} | ${kb(pfRuntime)} |`);
console.log(`| queries finding the expected page in the first 10 | ${ttdnFound} of ${QUERIES.length} | ${pfFound} of ${QUERIES.length} |`);
console.log(`| bytes downloaded for all queries, each with a cold cache | ${kb(ttdnBytes)} | ${kb(pfBytes)} |\n`);
console.log("| language | query | expected page | ttdn | Pagefind | ttdn bytes | Pagefind bytes |");
console.log("|---|---|---|---|---|---:|---:|");
for (const r of rows) console.log(r);
