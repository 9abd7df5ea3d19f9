/// <reference types="office-js" />
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ConfigResult } from "../../src/host/config.js";
import { GRAPH_MAX_ATTEMPTS } from "../../src/host/graph-retry.js";
import { MAX_MESSAGE_BYTES, type MessageResult } from "../../src/host/host.js";
import type { OfficeGlobal } from "../../src/host/detect-host.js";
import { createOutlookHost, type OutlookHostOptions } from "../../src/host/outlook-host.js";
import { fakeMsal, interactionRequired, popupBlocked, serverError, userCancelled, type Step } from "./fake-msal.js";
import { fakeOutlook, restIdOf, type FakeMessage, type FakeOutlookOptions } from "./fake-office.js";
import { startMockGraph, type MockGraph, type Reply } from "./mock-graph.js";

const TOKEN = "eyJ0eXAiOiJKV1QiLCJub25jZSI6ImZha2UifQ.fake.token";
const CLIENT_ID = "0f5e2b8c-3c1d-4c1e-9f3a-7d2b1a6e4c90";

/** Bytes that text decoding would change: 8-bit, a lone CR, a NUL, invalid UTF-8 and a CRLF. */
function awkwardEml(label: string): Uint8Array {
  const head = new TextEncoder().encode(`From: a@example.com\r\nSubject: ${label}\r\n\r\n`);
  return new Uint8Array([...head, 0x80, 0xff, 0xfe, 0x0d, 0x00, 0xc3, 0x28, 0xe9, 0x0d, 0x0a]);
}

// EWS ids contain "/" and "+", which the REST form replaces and the URL must still encode ("=").
const A: FakeMessage = { ewsId: "AAMkAGI2/TAAA+ZmY1AAA=", eml: awkwardEml("A") };
const B: FakeMessage = { ewsId: "AAMkAGI2/TBBB+ZmY1BBB=", eml: awkwardEml("B") };

/** A clock for the retry logic: sleeping advances it at once and records how long was asked for. */
function fakeClock() {
  let now = 1_700_000_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** Compile-time: the real office.js global still fits what the host asks of it (tsc fails here otherwise). */
type RealOfficeFits = typeof Office extends OfficeGlobal ? true : false;
const realOfficeFits: RealOfficeFits = true;

let graph: MockGraph;
beforeEach(async () => {
  graph = await startMockGraph({ token: TOKEN });
  graph.put(restIdOf(A.ewsId), A.eml);
  graph.put(restIdOf(B.ewsId), B.eml);
});
afterEach(async () => {
  await graph.close();
});

function setup(
  outlook: FakeOutlookOptions = {},
  msal: { silent: Step[]; popup?: Step[]; popupDelayMs?: number } = { silent: [{ token: TOKEN }] },
  overrides: Partial<OutlookHostOptions> & { config?: ConfigResult } = {},
) {
  const fake = fakeOutlook({ mailbox: "1.13", naa: true, selected: A, ...outlook });
  const identity = fakeMsal(msal);
  const clock = fakeClock();
  const config: ConfigResult = overrides.config ?? {
    ok: true,
    graph: { clientId: CLIENT_ID, graphBaseUrl: graph.baseUrl, authority: "https://login.microsoftonline.com/common" },
  };
  let configLoads = 0;
  const host = createOutlookHost(fake.office, {
    loadConfig: async () => {
      configLoads++;
      return config;
    },
    createNestableClient: identity.factory,
    fetch: globalThis.fetch,
    sleep: clock.sleep,
    now: clock.now,
    ...overrides,
  });
  return { host, fake, identity, clock, configLoads: () => configLoads };
}

function expectBytes(result: MessageResult, expected: Uint8Array): void {
  expect(result.ok).toBe(true);
  if (result.ok) expect(Buffer.from(result.eml).equals(Buffer.from(expected))).toBe(true);
}

describe("Outlook host: where the message comes from", () => {
  it("accepts office.js's own types", () => expect(realOfficeFits).toBe(true));

  it("uses getAsFileAsync where Mailbox 1.14 is supported, without signing in or calling Graph", async () => {
    const { host, fake, identity } = setup({ mailbox: "1.14" });
    expectBytes(await host.getCurrentMessage(), A.eml);
    expect(fake.getAsFileCalls).toEqual([A.ewsId]);
    expect(identity.configs).toHaveLength(0);
    expect(graph.requests).toHaveLength(0);
  });

  it("below 1.14 returns Graph's exact bytes for the REST id, with a Mail.Read token from NAA", async () => {
    const { host, fake, identity } = setup();
    expectBytes(await host.getCurrentMessage(), A.eml);
    expect(fake.convertCalls).toEqual([{ id: A.ewsId, version: "v2.0" }]);
    expect(graph.requests).toHaveLength(1);
    expect(graph.requests[0]).toMatchObject({ method: "GET", restId: restIdOf(A.ewsId), authorization: `Bearer ${TOKEN}` });
    expect(identity.configs).toEqual([{ auth: { clientId: CLIENT_ID, authority: "https://login.microsoftonline.com/common" } }]);
    expect(identity.silentRequests).toEqual([{ scopes: ["Mail.Read"] }]);
    expect(identity.popupRequests).toHaveLength(0);
  });

  it("creates the MSAL client once and reuses it for the next item", async () => {
    const { host, fake, identity, configLoads } = setup();
    await host.getCurrentMessage();
    fake.select(B);
    expectBytes(await host.getCurrentMessage(), B.eml);
    expect(identity.configs).toHaveLength(1);
    expect(configLoads()).toBe(1);
  });
});

describe("Outlook host: why Graph could not be used", () => {
  it("reports no client id as not configured: unsupported, not an error, and asks for nothing", async () => {
    const { host, identity } = setup({}, undefined, { config: { ok: false, reason: "absent", detail: "config.json has no clientId" } });
    expect(await host.getCurrentMessage()).toEqual({
      ok: false,
      reason: "unsupported",
      code: "graph-not-configured",
      remedy: "drop-eml",
      detail: "config.json has no clientId",
    });
    expect(identity.configs).toHaveLength(0);
    expect(graph.requests).toHaveLength(0);
  });

  it("reports a client without NestedAppAuth 1.1 without loading MSAL", async () => {
    const { host, identity } = setup({ naa: false });
    expect(await host.getCurrentMessage()).toEqual({ ok: false, reason: "unsupported", code: "naa-unsupported", remedy: "drop-eml" });
    expect(identity.configs).toHaveLength(0);
    expect(graph.requests).toHaveLength(0);
  });

  it("reports compose mode, where the item has no id, as no-rest-id", async () => {
    const { host } = setup({ mode: "compose" });
    expect(await host.getCurrentMessage()).toMatchObject({ ok: false, reason: "unsupported", code: "no-rest-id" });
    expect(graph.requests).toHaveLength(0);
  });

  it("says no-item when nothing is selected", async () => {
    const { host } = setup({ selected: null });
    expect(await host.getCurrentMessage()).toEqual({ ok: false, reason: "no-message", code: "no-item", remedy: "none" });
  });
});

describe("Outlook host: signing in", () => {
  it("opens the sign-in window only when silent sign-in needs interaction", async () => {
    const { host, identity } = setup({}, { silent: [interactionRequired()], popup: [{ token: TOKEN }] });
    expectBytes(await host.getCurrentMessage(), A.eml);
    expect(identity.popupRequests).toEqual([{ scopes: ["Mail.Read"] }]);
  });

  it("reports a cancelled consent, does not ask again by itself, and asks again when the user does", async () => {
    const { host, identity } = setup({}, { silent: [interactionRequired()], popup: [userCancelled(), { token: TOKEN }] });
    expect(await host.getCurrentMessage()).toMatchObject({ ok: false, reason: "read-failed", code: "auth-declined", remedy: "sign-in" });
    expect(await host.getCurrentMessage()).toMatchObject({ ok: false, code: "auth-declined" });
    expect(identity.popupRequests).toHaveLength(1);
    expectBytes(await host.getCurrentMessage({ userAction: true }), A.eml);
    expect(identity.popupRequests).toHaveLength(2);
    expect(graph.requests).toHaveLength(1);
  });

  it("reports a sign-in window the browser blocked, so the pane can offer a button", async () => {
    const { host } = setup({}, { silent: [interactionRequired()], popup: [popupBlocked()] });
    expect(await host.getCurrentMessage()).toMatchObject({ ok: false, code: "auth-prompt-blocked", remedy: "sign-in" });
  });

  it("does not open a window for a silent failure that is not about interaction", async () => {
    const { host, identity } = setup({}, { silent: [serverError()] });
    const result = await host.getCurrentMessage();
    expect(result).toMatchObject({ ok: false, code: "auth-failed", remedy: "drop-eml" });
    expect(!result.ok && result.detail).toContain("AADSTS90033");
    expect(identity.popupRequests).toHaveLength(0);
  });

  it("shares one sign-in window between reads that start together", async () => {
    const { host, identity } = setup({}, { silent: [interactionRequired()], popup: [{ token: TOKEN }], popupDelayMs: 30 });
    const [first, second] = await Promise.all([host.getCurrentMessage(), host.getCurrentMessage()]);
    expectBytes(first, A.eml);
    expectBytes(second, A.eml);
    expect(identity.popupRequests).toHaveLength(1);
  });
});

describe("Outlook host: Graph's answers", () => {
  const cases: Array<{ status: number; code: string; reason: string; remedy: string; graphCode: string }> = [
    { status: 401, code: "graph-forbidden", reason: "read-failed", remedy: "drop-eml", graphCode: "InvalidAuthenticationToken" },
    { status: 403, code: "graph-forbidden", reason: "read-failed", remedy: "drop-eml", graphCode: "ErrorAccessDenied" },
    { status: 404, code: "graph-not-found", reason: "read-failed", remedy: "retry", graphCode: "ErrorItemNotFound" },
    { status: 413, code: "graph-request-too-large", reason: "read-failed", remedy: "drop-eml", graphCode: "RequestEntityTooLarge" },
    { status: 400, code: "graph-failed", reason: "read-failed", remedy: "drop-eml", graphCode: "ErrorInvalidIdMalformed" },
  ];
  for (const c of cases)
    it(`${c.status} is ${c.code}, asked once, with Graph's code and request id in the detail`, async () => {
      graph.script(restIdOf(A.ewsId), [{ status: c.status }]);
      const { host, clock } = setup();
      const result = await host.getCurrentMessage();
      expect(result).toMatchObject({ ok: false, code: c.code, reason: c.reason, remedy: c.remedy });
      expect(!result.ok && result.detail).toMatch(new RegExp(`^HTTP ${c.status} ${c.graphCode}: .+ \\(request-id [0-9a-f-]{36}\\)$`));
      expect(graph.requests).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    });

  it("sends no usable token, gets 401 from Graph (the mock checks the bearer token)", async () => {
    const { host } = setup({}, { silent: [{ token: "someone-elses-token" }] });
    expect(await host.getCurrentMessage()).toMatchObject({ ok: false, code: "graph-forbidden" });
  });

  it("waits as long as Retry-After says on 429, then returns the message", async () => {
    graph.script(restIdOf(A.ewsId), [{ status: 429, headers: { "Retry-After": "2" } }]);
    const { host, clock } = setup();
    expectBytes(await host.getCurrentMessage(), A.eml);
    expect(clock.sleeps).toEqual([2000]);
    expect(graph.requests).toHaveLength(2);
  });

  it("backs off exponentially on 503 without Retry-After and gives up after the last attempt", async () => {
    graph.script(restIdOf(A.ewsId), Array.from({ length: GRAPH_MAX_ATTEMPTS + 2 }, (): Reply => ({ status: 503 })));
    const { host, clock } = setup();
    const result = await host.getCurrentMessage();
    expect(result).toMatchObject({ ok: false, code: "graph-unavailable", remedy: "retry" });
    expect(!result.ok && result.detail).toContain(`gave up after ${GRAPH_MAX_ATTEMPTS} attempts`);
    expect(graph.requests).toHaveLength(GRAPH_MAX_ATTEMPTS);
    expect(clock.sleeps).toEqual([1000, 2000, 4000]);
  });

  it("does not retry 501, which waiting does not change", async () => {
    graph.script(restIdOf(A.ewsId), [{ status: 501, code: "NotImplemented" }]);
    const { host } = setup();
    expect(await host.getCurrentMessage()).toMatchObject({ ok: false, code: "graph-failed" });
    expect(graph.requests).toHaveLength(1);
  });

  it("gives up at once when Retry-After is beyond the retry budget, and says how long Graph asked for", async () => {
    graph.script(restIdOf(A.ewsId), [{ status: 429, headers: { "Retry-After": "120" } }]);
    const { host, clock } = setup();
    const result = await host.getCurrentMessage();
    expect(result).toMatchObject({ ok: false, code: "graph-throttled", remedy: "retry" });
    expect(!result.ok && result.detail).toContain("in 120 s");
    expect(graph.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("reports a dropped connection as network", async () => {
    graph.script(restIdOf(A.ewsId), [{ destroy: true }]);
    const { host } = setup();
    expect(await host.getCurrentMessage()).toMatchObject({ ok: false, code: "network", remedy: "retry" });
  });

  it("reports an unreachable Graph as network", async () => {
    const base = graph.baseUrl;
    await graph.close();
    const { host } = setup({}, undefined, {
      config: { ok: true, graph: { clientId: CLIENT_ID, graphBaseUrl: base, authority: "https://login.microsoftonline.com/common" } },
    });
    expect(await host.getCurrentMessage()).toMatchObject({ ok: false, code: "network" });
    graph = await startMockGraph({ token: TOKEN });
  });

  it("reports a Graph that does not answer in time as network", async () => {
    graph.script(restIdOf(A.ewsId), [{ hold: new Promise(() => {}) }]);
    const { host } = setup({}, undefined, { graphResponseTimeoutMs: 100 });
    const result = await host.getCurrentMessage();
    expect(result).toMatchObject({ ok: false, code: "network" });
    expect(!result.ok && result.detail).toContain("no response");
  });

  it("refuses a message announced above the 150 MB limit without reading it", async () => {
    graph.script(restIdOf(A.ewsId), [{ stall: true, contentLength: MAX_MESSAGE_BYTES + 1 }]);
    const { host } = setup();
    expect(await host.getCurrentMessage()).toMatchObject({ ok: false, reason: "too-large", code: "too-large", remedy: "none" });
    await expect.poll(() => graph.requests[0]?.aborted).toBe(true);
  });
});

describe("Outlook host: a pinned pane follows the selection", () => {
  it("drops a late Graph answer for the previous item and cancels its request", async () => {
    let releaseA!: () => void;
    graph.script(restIdOf(A.ewsId), [{ hold: new Promise<void>((resolve) => (releaseA = resolve)) }]);
    const { host, fake } = setup();
    const changed: number[] = [];
    host.onItemChanged(() => changed.push(Date.now()));

    const readA = host.getCurrentMessage();
    await expect.poll(() => graph.requests.length).toBe(1);
    fake.select(B);
    expect(changed).toHaveLength(1);
    const readB = host.getCurrentMessage();

    expect(await readA).toEqual({ ok: false, reason: "no-message", code: "superseded", remedy: "none" });
    expectBytes(await readB, B.eml);
    releaseA();
    await expect.poll(() => graph.requests[0]?.aborted).toBe(true);
    expect(graph.requests.map((r) => r.restId)).toEqual([restIdOf(A.ewsId), restIdOf(B.ewsId)]);
  });

  it("drops A's answer even when it arrives after B's", async () => {
    let releaseA!: () => void;
    graph.script(restIdOf(A.ewsId), [{ hold: new Promise<void>((resolve) => (releaseA = resolve)) }]);
    const { host, fake } = setup();
    host.onItemChanged(() => undefined);
    const readA = host.getCurrentMessage();
    await expect.poll(() => graph.requests.length).toBe(1);
    fake.select(B);
    expectBytes(await host.getCurrentMessage(), B.eml);
    releaseA();
    const lateA = await readA;
    expect(lateA.ok).toBe(false);
    expect(!lateA.ok && lateA.code).toBe("superseded");
  });

  it("drops a read still waiting for sign-in when another item is selected", async () => {
    const { host, fake } = setup({}, { silent: [interactionRequired()], popup: [{ token: TOKEN }], popupDelayMs: 200 });
    host.onItemChanged(() => undefined);
    const readA = host.getCurrentMessage();
    await new Promise((resolve) => setTimeout(resolve, 20));
    fake.select(B);
    const started = Date.now();
    expect(await readA).toMatchObject({ ok: false, code: "superseded" });
    expect(Date.now() - started).toBeLessThan(150);
    expectBytes(await host.getCurrentMessage(), B.eml);
    expect(graph.requests.map((r) => r.restId)).toEqual([restIdOf(B.ewsId)]);
  });

  it("stops waiting out a Retry-After when another item is selected", async () => {
    graph.script(restIdOf(A.ewsId), [{ status: 503, headers: { "Retry-After": "10" } }]);
    const waits: number[] = [];
    const { host, fake } = setup({}, undefined, {
      sleep: (ms, signal) =>
        new Promise((resolve) => {
          waits.push(ms);
          signal.addEventListener("abort", () => resolve());
        }),
    });
    host.onItemChanged(() => undefined);
    const readA = host.getCurrentMessage();
    await expect.poll(() => waits).toEqual([10_000]);
    fake.select(B);
    expect(await readA).toMatchObject({ ok: false, code: "superseded" });
    expect(graph.requests).toHaveLength(1);
  });

  it("drops a late getAsFileAsync answer for the previous item too", async () => {
    const { host, fake } = setup({ mailbox: "1.14", getAsFileDelayMs: (m) => (m === A ? 80 : 0) });
    host.onItemChanged(() => undefined);
    const readA = host.getCurrentMessage();
    fake.select(B);
    expectBytes(await host.getCurrentMessage(), B.eml);
    expect(await readA).toMatchObject({ ok: false, code: "superseded" });
  });

  it("answers superseded when the item object changed even if no ItemChanged listener was registered yet", async () => {
    let releaseA!: () => void;
    graph.script(restIdOf(A.ewsId), [{ hold: new Promise<void>((resolve) => (releaseA = resolve)) }]);
    const { host, fake } = setup();
    const readA = host.getCurrentMessage();
    await expect.poll(() => graph.requests.length).toBe(1);
    fake.select(B);
    releaseA();
    expect(await readA).toMatchObject({ ok: false, code: "superseded" });
  });
});

describe("Outlook host: a dropped .eml", () => {
  it("shows the dropped file for the current item, tells listeners, and forgets it when the selection changes", async () => {
    const { host, fake } = setup({}, undefined, { config: { ok: false, reason: "absent", detail: "no config" } });
    const changes: string[] = [];
    host.onItemChanged(() => changes.push("changed"));
    expect(await host.getCurrentMessage()).toMatchObject({ code: "graph-not-configured", remedy: "drop-eml" });

    host.open(new File([Buffer.from(A.eml)], "saved.eml"));
    expect(changes).toEqual(["changed"]);
    const dropped = await host.getCurrentMessage();
    expectBytes(dropped, A.eml);
    expect(dropped.ok && dropped.name).toBe("saved.eml");

    fake.select(B);
    expect(changes).toEqual(["changed", "changed"]);
    expect(await host.getCurrentMessage()).toMatchObject({ code: "graph-not-configured" });
  });

  it("supersedes a Graph read still under way when a file is dropped", async () => {
    graph.script(restIdOf(A.ewsId), [{ hold: new Promise(() => {}) }]);
    const { host } = setup();
    const readA = host.getCurrentMessage();
    await expect.poll(() => graph.requests.length).toBe(1);
    host.open(new File([Buffer.from(B.eml)], "b.eml"));
    expect(await readA).toMatchObject({ ok: false, code: "superseded" });
    expectBytes(await host.getCurrentMessage(), B.eml);
  });
});
