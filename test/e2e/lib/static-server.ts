/** A static file server on 127.0.0.1 for the built task pane, standing in for the add-in's web host. */
import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, resolve, sep } from "node:path";

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
};

export interface StaticServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly origin: string;
  /** Every path asked for, in order, whether it existed or not. */
  readonly requested: string[];
  close(): Promise<void>;
}

/** Serves `dir` on a free port. Nothing outside `dir` is reachable, however the path is spelled. */
export function serveDirectory(dir: string): Promise<StaticServer> {
  const root = resolve(dir);
  const requested: string[] = [];
  const server = createServer((req, res) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    requested.push(pathname);
    const file = resolve(join(root, pathname));
    if (!file.startsWith(root + sep) || req.method !== "GET") {
      res.writeHead(file.startsWith(root + sep) ? 405 : 404).end();
      return;
    }
    let size: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) throw new Error("not a file");
      size = stat.size;
    } catch {
      res.writeHead(404).end();
      return;
    }
    // Every browser context starts with an empty cache, so nothing stale can be served; the cache still matters within
    // a page: a chunk fetched by a prefetch hint is reused when the code asks for it, unless the answer is no-store.
    res.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "content-length": size,
      "cache-control": "no-cache",
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolveServer, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolveServer({
        origin: `http://127.0.0.1:${port}`,
        requested,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
