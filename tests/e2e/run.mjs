// End-to-end tests of the built portal in Debian's Chromium, driven by playwright-core:
// search in three languages, the header search box, the language switcher, topic pages,
// search without JavaScript. Usage: node run.mjs PUBLIC_DIR (run.sh builds it first).
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

const root = process.argv[2];
if (!root) {
  console.error("usage: node run.mjs PUBLIC_DIR");
  process.exit(2);
}

export const LAUNCH = {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
};

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/// Runs a search through the page's URL and returns every result, loading more while
/// the page offers more (at most `pages` times).
async function search(page, base, path, q, pages = 10) {
  await page.goto(`${base}${path}?q=${encodeURIComponent(q)}`);
  await page.waitForSelector("#search-results[aria-busy=false]", { state: "attached" });
  for (let i = 0; i < pages && (await page.isVisible("#search-more")); i++) {
    const before = await page.locator("#search-results > li").count();
    await page.click("#search-more");
    await page.waitForFunction((n) => document.querySelectorAll("#search-results > li").length > n &&
      document.getElementById("search-results").getAttribute("aria-busy") === "false", before);
  }
  const results = await page.$$eval("#search-results > li", (items) => items.map((li) => ({
    url: li.querySelector("h2 a").getAttribute("href"),
    title: li.querySelector("h2").textContent,
    marks: [...li.querySelectorAll("mark")].map((m) => m.textContent),
    date: li.querySelector("time")?.getAttribute("datetime") || "",
    section: li.querySelector(".search-meta span")?.textContent || "",
  })));
  const status = await page.textContent("#search-status");
  return { results, status, urls: results.map((r) => r.url) };
}

const fold = (s) => s.toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, "").replace(/đ/g, "d");

test("Vietnamese: hoa and hòa find the pages with hòa, exact diacritics first", async ({ page, base }) => {
  const plain = await search(page, base, "/tim-kiem/", "hoa");
  const marked = await search(page, base, "/tim-kiem/", "hòa");
  for (const r of [plain, marked])
    assert(r.urls.includes("/tin-tuc/cum-thong-tin-doi-ngoai-ban-gioc-ta-lung/") &&
           r.urls.includes("/bien-gioi/hiep-dinh-thac-ban-gioc/"), "expected pages missing: " + r.urls.join(" "));
  assert(plain.results.length >= marked.results.length, "hoa should find at least what hòa finds");
  const first = marked.results[0];
  assert(first.marks.some((m) => /^(hòa|hoà)$/i.test(m)), "first result for hòa has no hòa marked: " + first.marks);
  // Exact matches rank first: no page whose marks lack hòa comes before one that has it.
  const exact = marked.results.map((r) => r.marks.some((m) => /^(hòa|hoà)$/i.test(m)));
  assert(exact.indexOf(false) < 0 || exact.lastIndexOf(true) < exact.indexOf(false), "exact matches are not first");
});

test("Vietnamese: both tone placements give the same results (hoà/hòa, Thuỷ/Thủy)", async ({ page, base }) => {
  const a = await search(page, base, "/tim-kiem/", "hòa bình");
  const b = await search(page, base, "/tim-kiem/", "hoà bình");
  assert(a.urls.length > 0 && a.urls.join() === b.urls.join(), "hòa bình and hoà bình differ");
  const c = await search(page, base, "/tim-kiem/", "Đàm Thuỷ");
  assert(c.urls.includes("/tin-tuc/cum-thong-tin-doi-ngoai-ban-gioc-ta-lung/"), "Đàm Thuỷ: " + c.urls);
  // Adjacent matches make one mark.
  assert(c.results[0].marks.some((m) => m === "Đàm Thủy"), "Đàm Thủy is not marked: " + c.results[0].marks);
});

test("Vietnamese: ban gioc finds Bản Giốc; bản giốc ranks exact matches first", async ({ page, base }) => {
  const r = await search(page, base, "/tim-kiem/", "ban gioc");
  assert(r.urls.includes("/ban-gioc/"), "the Bản Giốc section page is missing: " + r.urls);
  assert(r.results.length >= 5, "too few results for ban gioc: " + r.results.length);
  assert(fold(r.results[0].title).includes("ban gioc"), "first result: " + r.results[0].title);
  const exact = await search(page, base, "/tim-kiem/", "bản giốc");
  assert(exact.results[0].marks.some((m) => m === "Bản Giốc"),
         "bản giốc: first result marks " + exact.results[0].marks);
  assert(/\d/.test(r.status), "status has no count: " + r.status);
});

test("Vietnamese: a quoted phrase and a prefix", async ({ page, base }) => {
  const phrase = await search(page, base, "/tim-kiem/", "\"thác Bản Giốc\"");
  assert(phrase.results.length > 0, "no results for the phrase");
  for (const res of phrase.results)
    assert(res.marks.some((m) => fold(m) === "thac ban gioc"), "phrase not marked in " + res.url + ": " + res.marks);
  const prefix = await search(page, base, "/tim-kiem/", "biê*");
  assert(prefix.results.length > 0 && prefix.results[0].marks.some((m) => fold(m).startsWith("bie")),
         "prefix biê*: " + JSON.stringify(prefix.results[0]));
  const none = await search(page, base, "/tim-kiem/", "zqxkhongcotu");
  assert(none.results.length === 0 && none.status.includes("zqxkhongcotu"), "no-result message: " + none.status);
});

test("Chinese: 德天 finds 德天瀑布 pages", async ({ page, base }) => {
  const r = await search(page, base, "/zh/sousuo/", "德天");
  assert(r.urls.includes("/zh/xinwen/khu-canh-quan-ban-gioc-duc-thien-van-hanh-chinh-thuc/"), "zh: " + r.urls);
  assert(r.results.every((x) => x.url.startsWith("/zh/")), "a result outside /zh/");
  assert(r.results[0].marks.some((m) => m.includes("德天")), "德天 not marked: " + r.results[0].marks);
  const longer = await search(page, base, "/zh/sousuo/", "德天瀑布");
  assert(longer.results.length > 0 && longer.results.length <= r.results.length, "德天瀑布: " + longer.results.length);
});

test("English: border finds the border explainers, stemmed", async ({ page, base }) => {
  const r = await search(page, base, "/en/search/", "border");
  assert(r.urls.some((u) => u.startsWith("/en/border/")), "en: " + r.urls);
  assert(r.results.every((x) => x.url.startsWith("/en/")), "a result outside /en/");
  const plural = await search(page, base, "/en/search/", "borders");
  assert(plural.urls.join() === r.urls.join(), "borders and border differ");
  assert(r.results[0].date === "" || /^\d{4}-/.test(r.results[0].date), "bad date");
});

test("the header search box leads to results", async ({ page, base }) => {
  await page.goto(`${base}/`);
  await page.fill("#q-header", "ban gioc");
  await page.press("#q-header", "Enter");
  await page.waitForURL(/\/tim-kiem\/\?q=ban(\+|%20)gioc/);
  await page.waitForSelector("#search-results[aria-busy=false]", { state: "attached" });
  assert((await page.inputValue("#search-q")) === "ban gioc", "the query is not in the search field");
  assert((await page.locator("#search-results > li").count()) > 0, "no results");
});

test("results are reachable with the keyboard", async ({ page, base }) => {
  await page.goto(`${base}/en/search/?q=waterfall`);
  await page.waitForSelector("#search-results[aria-busy=false]", { state: "attached" });
  await page.focus("#search-q");
  await page.keyboard.press("Tab");  // the submit button
  await page.keyboard.press("Tab");  // the first result
  const inResults = await page.evaluate(() => !!document.activeElement.closest("#search-results"));
  assert(inResults, "Tab did not reach the results");
  const href = await page.evaluate(() => document.activeElement.getAttribute("href"));
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname === href);
});

test("typing searches as you go and keeps the URL", async ({ page, base }) => {
  await page.goto(`${base}/tim-kiem/`);
  await page.waitForSelector("#search-results[aria-busy=false]", { state: "attached" });
  await page.type("#search-q", "cửa khẩu", { delay: 20 });
  await page.waitForFunction(() => new URLSearchParams(location.search).get("q") === "cửa khẩu");
  await page.waitForSelector("#search-results[aria-busy=false] > li");
});

test("the language switcher goes to the translation", async ({ page, base }) => {
  await page.goto(`${base}/tin-tuc/cum-thong-tin-doi-ngoai-ban-gioc-ta-lung/`);
  await page.click(".lang-switcher a[hreflang=en]");
  await page.waitForURL(/\/en\/news\/cum-thong-tin-doi-ngoai-ban-gioc-ta-lung\/$/);
  assert((await page.getAttribute("html", "lang")) === "en", "not English");
  await page.click(".lang-switcher a[hreflang=zh-Hans]");
  await page.waitForURL(/\/zh\/xinwen\/cum-thong-tin-doi-ngoai-ban-gioc-ta-lung\/$/);
  assert((await page.getAttribute("html", "lang")) === "zh-Hans", "not Chinese");
});

test("a topic page lists its articles", async ({ page, base }) => {
  await page.goto(`${base}/chu-de/`);
  await page.click("main a[href='/chu-de/ban-gioc/']");
  await page.waitForURL(/\/chu-de\/ban-gioc\/$/);
  const links = await page.$$eval("main .cards a", (as) => as.map((a) => a.getAttribute("href")));
  assert(links.includes("/tin-tuc/cum-thong-tin-doi-ngoai-ban-gioc-ta-lung/"), "topic page: " + links);
  await page.click(`main .cards a[href='/tin-tuc/cum-thong-tin-doi-ngoai-ban-gioc-ta-lung/']`);
  await page.waitForURL(/cum-thong-tin-doi-ngoai-ban-gioc-ta-lung\/$/);
});

test("without JavaScript the search page says so", async ({ browser, base }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}/tim-kiem/?q=ban+gioc`);
  const notice = await page.textContent("main .notice");
  assert(notice && notice.includes("JavaScript"), "no notice: " + notice);
  await context.close();
});

const server = await serve(root);
const browser = await chromium.launch(LAUNCH);
let passed = 0, failed = 0;
for (const t of tests) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.setDefaultTimeout(15000);
  try {
    await t.fn({ page, browser, base: server.url });
    // 404s of missing pages are the test's own business; script and CSP errors are not.
    const serious = errors.filter((e) => !/404/.test(e));
    assert(serious.length === 0, "errors in the page: " + serious.join(" | "));
    passed++;
    console.log(`ok   ${t.name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${t.name}\n     ${e.message}`);
  }
  await context.close();
}
await browser.close();
await server.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
