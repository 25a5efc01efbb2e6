// Accessibility audit of the built portal with axe-core in Debian's Chromium: one page of
// every kind in every language (pages.mjs), with axe's default rules (WCAG 2.0/2.1 A and AA
// and best practices) in the light theme, and the colour-contrast rule again in the dark
// theme (prefers-color-scheme: dark) and at the largest text size. Fails listing each
// violation: rule, page, element. Usage: node axe.mjs PUBLIC_DIR   (axe.sh builds it first)
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { serve } from "./serve.mjs";
import { LAUNCH, pageKinds } from "./pages.mjs";

const root = process.argv[2];
if (!root) {
  console.error("usage: node axe.mjs PUBLIC_DIR");
  process.exit(2);
}

const server = await serve(root);
const browser = await chromium.launch(LAUNCH);
const problems = [];
let audited = 0;

function record(result, path, label) {
  for (const v of result.violations) {
    for (const node of v.nodes) {
      problems.push(`${v.id} (${v.impact}) on ${path} [${label}]: ${node.target.join(" ")}\n` +
                    `    ${v.help}\n    ${(node.failureSummary || "").replace(/\n/g, "\n    ")}`);
    }
  }
}

/// Loads `path` in a new page of `context` and runs axe on it: every default rule, then,
/// with the dark colour scheme, the colour-contrast rule again (when `dark`).
async function audit(context, path, label, { dark = false, rules = null } = {}) {
  const page = await context.newPage();
  try {
    const response = await page.goto(server.url + path, { waitUntil: "load" });
    if (!response || (response.status() !== 200 && !path.endsWith("404.html"))) {
      problems.push(`${label} ${path}: HTTP ${response?.status()}`);
      return;
    }
    if (path.includes("?q="))
      await page.waitForSelector("#search-results[aria-busy=false]", { state: "attached" });
    const started = Date.now();
    let builder = new AxeBuilder({ page });
    if (rules) builder = builder.withRules(rules);
    record(await builder.analyze(), path, label);
    audited++;
    if (dark) {
      // AxeBuilder left axe in the page: run its contrast rule again in the dark theme.
      await page.emulateMedia({ colorScheme: "dark" });
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: "rule", values: ["color-contrast"] }, resultTypes: ["violations"] }));
      record(result, path, label + ", dark");
      audited++;
    }
    if (process.env.AXE_VERBOSE) console.log(`${label} ${path}: ${Date.now() - started} ms`);
  } finally {
    await page.close();
  }
}

try {
  const kinds = await pageKinds(root);
  const light = await browser.newContext({ colorScheme: "light", viewport: { width: 1280, height: 900 } });
  const phone = await browser.newContext({ colorScheme: "light", viewport: { width: 320, height: 640 } });
  // The text-size control's largest setting, as a reader who chose it would have it.
  await phone.addInitScript(() => { try { localStorage.setItem("ttdn-text-size", "text-xl"); } catch (e) {} });
  for (const [kind, byLang] of Object.entries(kinds)) {
    for (const [lang, path] of Object.entries(byLang))
      await audit(light, path, `${kind}, ${lang}`, { dark: true });
  }
  // A phone's width with the largest text, on the pages with the most in their header and lists.
  for (const kind of ["home", "article", "documents", "bulletin"])
    await audit(phone, Object.values(kinds[kind])[0], `${kind}, 320 px, largest text`);
  // The search page with results shown.
  const search = Object.values(kinds.search)[0];
  await audit(light, search + "?q=Cao%20B%E1%BA%B1ng", "search results", { dark: true });
} finally {
  await browser.close();
  await server.close();
}

if (problems.length) {
  console.error(`axe: ${problems.length} violation(s) on ${audited} audited pages:`);
  for (const p of problems) console.error("- " + p);
  process.exit(1);
}
console.log(`axe: ${audited} audits of the portal's pages, no violations`);
