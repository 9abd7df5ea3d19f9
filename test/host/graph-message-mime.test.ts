import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { fetchMessageHead, fetchMessageMime, MAX_DRAFT_HEAD_BYTES, messageMimeUrl, type GraphTransport } from "../../src/host/graph-message-mime.js";

/** Cases the Graph mock has no need for: a bare server answering each request with `handler`. */
let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0`;
}

function transport(overrides: Partial<GraphTransport> = {}): GraphTransport {
  let now = 0;
  return {
    fetch: globalThis.fetch,
    sleep: async (ms) => {
      now += ms;
    },
    now: () => now,
    signal: new AbortController().signal,
    ...overrides,
  };
}

describe("fetchMessageMime", () => {
  it("builds the documented URL with the REST id encoded as one path segment", () => {
    expect(messageMimeUrl("https://graph.microsoft.com/v1.0", "AAMk-a_b=")).toBe(
      "https://graph.microsoft.com/v1.0/me/messages/AAMk-a_b%3D/$value",
    );
  });

  it("counts bytes as they arrive when no Content-Length is sent, and stops at the limit", async () => {
    let written = 0;
    let clientGone = false;
    const base = await serve((req, res) => {
      res.writeHead(200, { "Content-Type": "text/plain", "Transfer-Encoding": "chunked" });
      res.on("close", () => (clientGone = !res.writableFinished));
      const timer = setInterval(() => {
        if (res.destroyed) return clearInterval(timer);
        res.write(Buffer.alloc(4096, 0x41));
        written += 4096;
      }, 1);
    });
    const result = await fetchMessageMime({ graphBaseUrl: base, restId: "x", accessToken: "t" }, transport({ maxBytes: 64 * 1024 }));
    expect(result).toEqual({ ok: false, code: "too-large", detail: `more than ${64 * 1024} bytes` });
    await expect.poll(() => clientGone).toBe(true);
    expect(written).toBeLessThan(10 * 64 * 1024);
  });

  it("reports a connection that breaks in the middle of the message as network", async () => {
    const base = await serve((req, res) => {
      res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": "10000" });
      res.write("From: a@example.com\r\n");
      setTimeout(() => req.socket.destroy(), 10);
    });
    const result = await fetchMessageMime({ graphBaseUrl: base, restId: "x", accessToken: "t" }, transport());
    expect(result).toMatchObject({ ok: false, code: "network" });
  });

  it("refuses an empty 200 rather than checking a message that is not there", async () => {
    const base = await serve((req, res) => {
      res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": "0" });
      res.end();
    });
    expect(await fetchMessageMime({ graphBaseUrl: base, restId: "x", accessToken: "t" }, transport())).toMatchObject({
      ok: false,
      code: "graph-failed",
    });
  });

  it("keeps to the status when an error body is not Graph's JSON (a proxy's page)", async () => {
    const base = await serve((req, res) => {
      res.writeHead(502, { "Content-Type": "text/html" });
      res.end("<html><body>Bad gateway</body></html>");
    });
    const result = await fetchMessageMime({ graphBaseUrl: base, restId: "x", accessToken: "t" }, transport());
    expect(result).toEqual({ ok: false, code: "graph-unavailable", detail: "HTTP 502; gave up after 4 attempts" });
  });

  it("honours Retry-After given as an HTTP date", async () => {
    let calls = 0;
    const base = await serve((req, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(503, { "Content-Type": "application/json", "Retry-After": new Date(Date.now() + 5000).toUTCString() });
        res.end(JSON.stringify({ error: { code: "serviceNotAvailable", message: "", innerError: {} } }));
      } else {
        res.writeHead(200, { "Content-Type": "text/plain" });
        res.end("MIME-Version: 1.0\r\n\r\n");
      }
    });
    const sleeps: number[] = [];
    const result = await fetchMessageMime(
      { graphBaseUrl: base, restId: "x", accessToken: "t" },
      transport({ now: Date.now, sleep: async (ms) => void sleeps.push(ms) }),
    );
    expect(result.ok).toBe(true);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(3000);
    expect(sleeps[0]).toBeLessThanOrEqual(5000);
  });

  it("answers superseded without a request when the caller has already moved on", async () => {
    let calls = 0;
    const base = await serve((req, res) => {
      calls++;
      res.end();
    });
    const controller = new AbortController();
    controller.abort();
    expect(await fetchMessageMime({ graphBaseUrl: base, restId: "x", accessToken: "t" }, transport({ signal: controller.signal }))).toMatchObject({
      ok: false,
      code: "superseded",
    });
    expect(calls).toBe(0);
  });
});

describe("fetchMessageHead", () => {
  /** A header block, then a body that keeps coming until the client goes away. */
  async function endlessMessage(head: string): Promise<{ base: string; written: () => number; clientGone: () => boolean }> {
    let written = 0;
    let gone = false;
    const base = await serve((req, res) => {
      res.writeHead(200, { "Content-Type": "text/plain", "Transfer-Encoding": "chunked" });
      res.on("close", () => (gone = !res.writableFinished));
      // The header block split across writes, the blank line too.
      const half = Math.floor(head.length / 2);
      res.write(head.slice(0, half));
      setTimeout(() => {
        res.write(head.slice(half));
        const timer = setInterval(() => {
          if (res.destroyed) return clearInterval(timer);
          res.write(Buffer.alloc(4096, 0x41));
          written += 4096;
        }, 1);
      }, 5);
    });
    return { base, written: () => written, clientGone: () => gone };
  }

  it("reads through the blank line that ends the header block, and no further", async () => {
    const head = "From: a@example.com\r\nIn-Reply-To: <x@example.com>\r\n\r\n";
    const server = await endlessMessage(head);
    const result = await fetchMessageHead({ graphBaseUrl: server.base, restId: "x", accessToken: "t" }, transport());
    expect(result.ok && new TextDecoder().decode(result.head)).toBe(head);
    await expect.poll(server.clientGone).toBe(true);
    expect(server.written()).toBeLessThan(MAX_DRAFT_HEAD_BYTES);
  });

  it("stops at MAX_DRAFT_HEAD_BYTES when no blank line comes", async () => {
    const server = await endlessMessage("X-Endless: " + "y".repeat(100) + "\r\n");
    const result = await fetchMessageHead({ graphBaseUrl: server.base, restId: "x", accessToken: "t" }, transport());
    expect(result.ok && result.head.length).toBe(MAX_DRAFT_HEAD_BYTES);
    await expect.poll(server.clientGone).toBe(true);
  });
});
