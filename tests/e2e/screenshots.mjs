// Screenshots of the built portal for the README: the home page, an article and a bulletin in
// every language, at a phone width (390 px) and a desktop width (1280 px), in Debian's
// Chromium. Each picture is the top of the page, capped in height so the PNGs stay small.
// Usage: node screenshots.mjs PUBLIC_DIR OUT_DIR   (screenshots.sh builds the portal first)
import { chromium } from "playwright-core";
import { mkdir } from "node:fs/promises";
import { serve } from "./serve.mjs";
import { LAUNCH, pageKinds } from "./pages.mjs";

const [root, outDir] = process.argv.slice(2);
if (!root || !outDir) {
  console.error("usage: node screenshots.mjs PUBLIC_DIR OUT_DIR");
  process.exit(2);
}

const WIDTHS = [
  { name: "390", width: 390, height: 844, cap: 1700 },
  { name: "1280", width: 1280, height: 800, cap: 1200 },
];
const SHOWN = ["home", "article", "bulletin"];

await mkdir(outDir, { recursive: true });
const server = await serve(root);
const browser = await chromium.launch(LAUNCH);
const written = [];
try {
  const kinds = await pageKinds(root);
  for (const { name, width, height, cap } of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1,
                                               colorScheme: "light" });
    const page = await context.newPage();
    for (const kind of SHOWN) {
      for (const [lang, path] of Object.entries(kinds[kind])) {
        await page.goto(server.url + path, { waitUntil: "load" });
        const full = await page.evaluate(() => document.documentElement.scrollHeight);
        const file = `${outDir}/${kind}-${lang.split("-")[0]}-${name}.png`;
        await page.screenshot({ path: file, clip: { x: 0, y: 0, width, height: Math.min(full, cap) } });
        written.push(file);
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(written.join("\n"));
