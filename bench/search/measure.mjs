// Measures the search index of a built portal: its size against the HTML, and what the
// first query of a visitor downloads, counted by Chromium's network log with a cold cache.
//
//   node bench/search/measure.mjs PUBLIC_DIR [QUERIES_JSON]
//
// QUERIES_JSON: [{"page": "/tim-kiem/", "q": "biên giới"}, …]; default: a few queries of
// each language on the portal's URLs. Needs tests/e2e's node_modules (npm ci there) and
// Debian's chromium. Prints a Markdown report (docs/search.md quotes it).
import { createRequire } from "node:module";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { serve } from "../../tests/e2e/serve.mjs";

const require = createRequire(new URL("../../tests/e2e/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const root = process.argv[2];
if (!root) {
  console.error("usage: node bench/search/measure.mjs PUBLIC_DIR [QUERIES_JSON]");
  process.exit(2);
}
const queries = process.argv[3] ? JSON.parse(await readFile(process.argv[3], "utf8")) : [
  { page: "/tim-kiem/", q: "biên giới" },
  { page: "/tim-kiem/", q: "ban gioc" },
  { page: "/tim-kiem/", q: "hòa bình" },
  { page: "/tim-kiem/", q: "\"cửa khẩu\"" },
  { page: "/tim-kiem/", q: "hợp tác quốc tế" },
  { page: "/en/search/", q: "border" },
  { page: "/en/search/", q: "waterfall cooperation" },
  { page: "/zh/sousuo/", q: "德天" },
  { page: "/zh/sousuo/", q: "边界" },
];

async function* walk(dir) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}

const kb = (n) => (n / 1024).toLocaleString("en", { maximumFractionDigits: 1 }) + " KB";
const mb = (n) => (n / 1048576).toLocaleString("en", { maximumFractionDigits: 1 }) + " MB";

let html = 0, htmlFiles = 0;
const index = {};  // search folder → {meta, shards, fragments, files}
for await (const file of walk(root)) {
  const rel = relative(root, file).split("\\").join("/");
  const size = (await stat(file)).size;
  const m = rel.match(/^(.*?)data\/(meta\.[0-9a-f]+\.json\.gz|s\/|f\/)/);
  if (m && rel.endsWith(".json.gz")) {
    const entry = (index[m[1]] ||= { meta: 0, shards: 0, fragments: 0, files: 0 });
    entry.files++;
    if (m[2].startsWith("meta")) entry.meta += size;
    else if (m[2] === "s/") entry.shards += size;
    else entry.fragments += size;
  } else if (rel.endsWith(".html")) {
    html += size;
    htmlFiles++;
  }
}
let indexTotal = 0;
console.log(`HTML: ${htmlFiles} files, ${mb(html)}\n`);
console.log("| search folder | files | meta | term shards | fragments | total | share of HTML |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const [folder, e] of Object.entries(index)) {
  const total = e.meta + e.shards + e.fragments;
  indexTotal += total;
  console.log(`| /${folder} | ${e.files} | ${kb(e.meta)} | ${mb(e.shards)} | ${mb(e.fragments)} | ${mb(total)} | ${(100 * total / html).toFixed(1)} % |`);
}
console.log(`| all | | | | | ${mb(indexTotal)} | **${(100 * indexTotal / html).toFixed(1)} %** |\n`);

const server = await serve(root);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});
console.log("| page | query | results | index files loaded | index bytes | page + script + CSS |");
console.log("|---|---|---:|---:|---:|---:|");
for (const { page: path, q } of queries) {
  const context = await browser.newContext();  // a cold cache for each query
  const page = await context.newPage();
  const sizes = [];
  page.on("response", async (r) => {
    try {
      const body = await r.body();
      sizes.push({ url: r.url(), bytes: body.length });
    } catch { /* redirects have no body */ }
  });
  await page.goto(`${server.url}${path}?q=${encodeURIComponent(q)}`);
  await page.waitForSelector("#search-results[aria-busy=false]", { state: "attached", timeout: 60000 });
  await page.waitForLoadState("networkidle");
  const status = await page.textContent("#search-status");
  const data = sizes.filter((s) => /\/data\/.*\.json\.gz$/.test(s.url));
  const other = sizes.filter((s) => !/\/data\/.*\.json\.gz$/.test(s.url));
  const count = (status.match(/[\d.,\s]*\d/) || [""])[0].trim();
  console.log(`| ${path} | ${q.replace(/\|/g, "\\|")} | ${count} | ${data.length} | ${kb(data.reduce((a, s) => a + s.bytes, 0))} | ${kb(other.reduce((a, s) => a + s.bytes, 0))} |`);
  await context.close();
}
await browser.close();
await server.close();
