// A tiny static file server for the built portal, on 127.0.0.1 only, the way a plain web
// server would serve it: folders answer with their index.html, missing files with 404.html,
// .gz files as bytes (no Content-Encoding). Used by run.mjs and compare-pagefind.mjs.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".json": "application/json",
  ".gz": "application/gzip",
  ".svg": "image/svg+xml",
  ".jpg": "image/jpeg",
  ".png": "image/png",
  ".webp": "image/webp",
  ".pdf": "application/pdf",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
};

/// Serves `root`; resolves to {url, close, bytesServed()}.
export function serve(root) {
  let served = 0;
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
      let file = normalize(join(root, path));
      if (!file.startsWith(normalize(root + sep)) && file !== normalize(root)) throw new Error("outside");
      let info = await stat(file).catch(() => null);
      if (info && info.isDirectory()) {
        file = join(file, "index.html");
        info = await stat(file).catch(() => null);
      }
      if (!info) {
        const body = await readFile(join(root, "404.html")).catch(() => Buffer.from("not found"));
        res.writeHead(404, { "Content-Type": TYPES[".html"] });
        res.end(body);
        return;
      }
      const body = await readFile(file);
      served += body.length;
      res.writeHead(200, { "Content-Type": TYPES[extname(file)] || "application/octet-stream",
                           "Content-Length": body.length });
      res.end(body);
    } catch (e) {
      res.writeHead(400);
      res.end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((r) => server.close(r)),
        bytesServed: () => served,
      });
    });
  });
}
