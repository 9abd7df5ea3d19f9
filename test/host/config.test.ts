import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_AUTHORITY, DEFAULT_GRAPH_BASE_URL, loadConfig, loadPageConfig, parseConfig } from "../../src/host/config.js";
import { createOutlookHost } from "../../src/host/outlook-host.js";
import { fakeOutlook } from "./fake-office.js";

const ID = "0F5E2B8C-3C1D-4C1E-9F3A-7D2B1A6E4C90";

describe("parseConfig", () => {
  it("fills in global Graph and the common authority when only the client id is given", () => {
    expect(parseConfig({ clientId: ID })).toEqual({
      ok: true,
      graph: { clientId: ID.toLowerCase(), graphBaseUrl: DEFAULT_GRAPH_BASE_URL, authority: DEFAULT_AUTHORITY },
    });
  });

  it("takes a national cloud's Graph and a tenant authority, without trailing slashes", () => {
    expect(
      parseConfig({
        clientId: ID,
        graphBaseUrl: "https://graph.microsoft.us/v1.0/",
        authority: "https://login.microsoftonline.us/contoso.onmicrosoft.com/",
      }),
    ).toMatchObject({
      ok: true,
      graph: { graphBaseUrl: "https://graph.microsoft.us/v1.0", authority: "https://login.microsoftonline.us/contoso.onmicrosoft.com" },
    });
  });

  const absent: unknown[] = [{}, { clientId: "" }, { clientId: null }, { graphBaseUrl: DEFAULT_GRAPH_BASE_URL }];
  for (const value of absent)
    it(`treats ${JSON.stringify(value)} as not configured`, () => expect(parseConfig(value)).toMatchObject({ ok: false, reason: "absent" }));

  const invalid: unknown[] = [
    null,
    [],
    "clientId",
    { clientId: "my-app" },
    { clientId: 42 },
    { clientId: ID, graphBaseUrl: "http://graph.example.com/v1.0" },
    { clientId: ID, graphBaseUrl: "https://graph.microsoft.com/v1.0?x=1" },
    { clientId: ID, graphBaseUrl: "https://user:pw@graph.microsoft.com/v1.0" },
    { clientId: ID, graphBaseUrl: "graph.microsoft.com" },
    { clientId: ID, authority: "http://127.0.0.1/common" },
  ];
  for (const value of invalid)
    it(`refuses ${JSON.stringify(value)}`, () => expect(parseConfig(value)).toMatchObject({ ok: false, reason: "invalid" }));

  it("takes maxSendBytes, a positive whole number of bytes, and leaves it out when absent", () => {
    expect(parseConfig({ clientId: ID, maxSendBytes: 3_145_728 })).toMatchObject({ ok: true, graph: { maxSendBytes: 3_145_728 } });
    const plain = parseConfig({ clientId: ID });
    expect(plain.ok && "maxSendBytes" in plain.graph).toBe(false);
    for (const maxSendBytes of [0, -1, 1.5, "4194304", null, Number.MAX_VALUE])
      expect(parseConfig({ clientId: ID, maxSendBytes })).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("allows plain http only on the loopback interface", () => {
    expect(parseConfig({ clientId: ID, graphBaseUrl: "http://127.0.0.1:8080/v1.0" })).toMatchObject({ ok: true });
    expect(parseConfig({ clientId: ID, graphBaseUrl: "http://localhost:8080/v1.0" })).toMatchObject({ ok: true });
  });
});

describe("loadConfig", () => {
  const files = new Map<string, { status: number; type: string; body: string }>();
  let base = "";
  let close: () => Promise<void>;
  beforeAll(async () => {
    const server = createServer((req, res) => {
      const file = files.get(req.url ?? "");
      if (file === undefined) {
        res.writeHead(404, { "Content-Type": "text/html" });
        res.end("<h1>Not found</h1>");
        return;
      }
      res.writeHead(file.status, { "Content-Type": file.type });
      res.end(file.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });
  afterAll(() => close());

  it("reads config.json", async () => {
    files.set("/a/config.json", { status: 200, type: "application/json", body: JSON.stringify({ clientId: ID }) });
    expect(await loadConfig(globalThis.fetch, `${base}/a/config.json`)).toMatchObject({ ok: true, graph: { clientId: ID.toLowerCase() } });
  });

  it("says absent when there is no config.json", async () => {
    expect(await loadConfig(globalThis.fetch, `${base}/none/config.json`)).toMatchObject({ ok: false, reason: "absent" });
  });

  it("says invalid for a page that is not JSON (an SPA fallback answering 200)", async () => {
    files.set("/b/config.json", { status: 200, type: "text/html", body: "<!doctype html><title>app</title>" });
    expect(await loadConfig(globalThis.fetch, `${base}/b/config.json`)).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("says invalid for a file far larger than the settings", async () => {
    files.set("/c/config.json", { status: 200, type: "application/json", body: JSON.stringify({ clientId: ID, pad: "x".repeat(70_000) }) });
    expect(await loadConfig(globalThis.fetch, `${base}/c/config.json`)).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("says unreachable for a server error and for no server", async () => {
    files.set("/d/config.json", { status: 500, type: "text/plain", body: "oops" });
    expect(await loadConfig(globalThis.fetch, `${base}/d/config.json`)).toMatchObject({ ok: false, reason: "unreachable" });
    expect(await loadConfig(globalThis.fetch, "http://127.0.0.1:1/config.json")).toMatchObject({ ok: false, reason: "unreachable" });
  });

  it("outside a page there is nothing to load, so Graph is not configured", async () => {
    expect(await loadPageConfig()).toMatchObject({ ok: false, reason: "absent" });
  });
});

describe("the Outlook host's use of the configuration", () => {
  it("loads an absent configuration once, but asks again after an unreachable one", async () => {
    const answers = [
      { ok: false, reason: "unreachable", detail: "config.json: HTTP 503" },
      { ok: false, reason: "absent", detail: "no config.json beside the page" },
    ] as const;
    let loads = 0;
    const { office } = fakeOutlook({ mailbox: "1.13", naa: true, selected: { ewsId: "AAMk/1", eml: new Uint8Array([65]) } });
    const host = createOutlookHost(office, { loadConfig: async () => answers[Math.min(loads++, 1)]! });
    expect(await host.getCurrentMessage()).toMatchObject({ code: "graph-not-configured", detail: "config.json: HTTP 503" });
    expect(await host.getCurrentMessage()).toMatchObject({ code: "graph-not-configured", detail: "no config.json beside the page" });
    expect(await host.getCurrentMessage()).toMatchObject({ code: "graph-not-configured" });
    expect(loads).toBe(2);
  });
});
