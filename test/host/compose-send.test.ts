/// <reference types="office-js" />
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GRAPH_MIME_LIMIT_BYTES } from "../../src/host/compose-host.js";
import type { ConfigResult } from "../../src/host/config.js";
import { detectComposeHost } from "../../src/host/detect-host.js";
import { GRAPH_MAX_ATTEMPTS } from "../../src/host/graph-retry.js";
import { createOutlookComposeHost, type OutlookComposeHostOptions } from "../../src/host/outlook-compose-host.js";
import { createStandaloneHost } from "../../src/host/standalone-host.js";
import { startMockGraph, type MockGraph, type ScriptedReply } from "../e2e/lib/mock-graph.js";
import { ERRORS, fakeComposeOutlook, type FakeComposeOptions } from "./fake-compose-office.js";
import { fakeMsal, interactionRequired, popupBlocked, userCancelled, type Step } from "./fake-msal.js";
import { fakeOutlook } from "./fake-office.js";

const TOKEN = "compose-token";
const CLIENT_ID = "0f5e2b8c-3c1d-4c1e-9f3a-7d2b1a6e4c90";
const AUTHORITY = "https://login.microsoftonline.com/common";
/** 8-bit and CRLF: the bytes must arrive unchanged. */
const MIME = new Uint8Array([...new TextEncoder().encode("From: a@example.com\r\nSubject: =?UTF-8?B?5ZCN?=\r\n\r\n"), 0x80, 0xff, 0x0d, 0x0a]);

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

let graph: MockGraph;
beforeEach(async () => {
  graph = await startMockGraph({ token: TOKEN });
});
afterEach(() => graph.close());

function setup(
  outlook: FakeComposeOptions = {},
  msal: { silent: Step[]; popup?: Step[] } = { silent: [{ token: TOKEN }] },
  overrides: Partial<OutlookComposeHostOptions> & { config?: ConfigResult } = {},
) {
  const fake = fakeComposeOutlook({ saved: true, ...outlook });
  const identity = fakeMsal(msal);
  const clock = fakeClock();
  const config: ConfigResult = overrides.config ?? { ok: true, graph: { clientId: CLIENT_ID, graphBaseUrl: graph.baseUrl, authority: AUTHORITY } };
  const host = createOutlookComposeHost(fake.office, {
    loadConfig: async () => config,
    createNestableClient: identity.factory,
    fetch: globalThis.fetch,
    sleep: clock.sleep,
    now: clock.now,
    ...overrides,
  });
  return { host, fake, identity, clock };
}

const sends = (): number => graph.requests.filter((r) => r.endpoint === "sendMail").length;

describe("sending", () => {
  it("posts the base64 MIME as text/plain with the bearer token; 202 is sent, and the bytes arrive unchanged", async () => {
    const { host, identity } = setup();
    expect(await host.sendMime(MIME, { userAction: true })).toEqual({ ok: true });
    expect(graph.sent).toHaveLength(1);
    expect(Buffer.from(MIME).equals(graph.sent[0]!.mime)).toBe(true);
    expect(graph.requests[0]).toMatchObject({ method: "POST", endpoint: "sendMail", authorization: `Bearer ${TOKEN}`, contentType: "text/plain" });
    expect(identity.configs).toEqual([{ auth: { clientId: CLIENT_ID, authority: AUTHORITY } }]);
    expect(identity.silentRequests).toEqual([{ scopes: ["Mail.Send", "Mail.ReadWrite"] }]);
  });

  it("asks a national cloud's Graph for its own scopes", async () => {
    const { host, identity } = setup({}, { silent: [new Error("stop here")] }, {
      config: { ok: true, graph: { clientId: CLIENT_ID, graphBaseUrl: "https://graph.microsoft.us/v1.0", authority: "https://login.microsoftonline.us/common" } },
    });
    expect(await host.sendMime(MIME, { userAction: true })).toMatchObject({ ok: false, code: "auth-failed" });
    expect(identity.silentRequests).toEqual([{ scopes: ["https://graph.microsoft.us/Mail.Send", "https://graph.microsoft.us/Mail.ReadWrite"] }]);
  });

  const once: Array<{ reply: ScriptedReply; code: string; maybeSent: boolean }> = [
    { reply: 401, code: "graph-forbidden", maybeSent: false },
    { reply: 403, code: "graph-forbidden", maybeSent: false },
    { reply: 413, code: "graph-request-too-large", maybeSent: false },
    { reply: 400, code: "graph-failed", maybeSent: false },
    { reply: 404, code: "graph-failed", maybeSent: false },
    { reply: 501, code: "graph-failed", maybeSent: false },
    // After these Exchange may already have the message: not repeated, and the pane says it may have gone.
    { reply: 500, code: "graph-unavailable", maybeSent: true },
    { reply: 502, code: "graph-unavailable", maybeSent: true },
    { reply: 504, code: "graph-unavailable", maybeSent: true },
  ];
  for (const c of once)
    it(`${String(c.reply)} is ${c.code}, asked once${c.maybeSent ? ", and may have been sent" : ""}`, async () => {
      graph.script("sendMail", [c.reply, 202]);
      const { host, clock } = setup();
      const result = await host.sendMime(MIME, { userAction: true });
      expect(result).toMatchObject({ ok: false, code: c.code, status: c.reply });
      expect(!result.ok && result.maybeSent === true).toBe(c.maybeSent);
      expect(!result.ok && result.detail).toMatch(/^HTTP \d{3} \w+: .+ \(request-id [0-9a-f-]{36}\)$/);
      expect(sends()).toBe(1);
      expect(graph.sent).toHaveLength(0);
      expect(clock.sleeps).toEqual([]);
    });

  it("reports a token Graph refuses as graph-forbidden (the mock checks the bearer token)", async () => {
    const { host } = setup({}, { silent: [{ token: "someone-elses" }] });
    expect(await host.sendMime(MIME, { userAction: true })).toMatchObject({ ok: false, code: "graph-forbidden", status: 401 });
  });

  it("waits as long as Retry-After says on 429, then sends once", async () => {
    graph.script("sendMail", [{ status: 429, retryAfter: 3 }]);
    const { host, clock } = setup();
    expect(await host.sendMime(MIME, { userAction: true })).toEqual({ ok: true });
    expect(clock.sleeps).toEqual([3000]);
    expect(sends()).toBe(2);
    expect(graph.sent).toHaveLength(1);
  });

  it("gives up on 429 after the last attempt, backing off without Retry-After", async () => {
    graph.script("sendMail", Array.from({ length: GRAPH_MAX_ATTEMPTS + 1 }, (): ScriptedReply => 429));
    const { host, clock } = setup();
    const result = await host.sendMime(MIME, { userAction: true });
    expect(result).toMatchObject({ ok: false, code: "graph-throttled", status: 429 });
    expect(!result.ok && result.maybeSent).toBeUndefined();
    expect(!result.ok && result.detail).toContain(`gave up after ${GRAPH_MAX_ATTEMPTS} attempts`);
    expect(sends()).toBe(GRAPH_MAX_ATTEMPTS);
    expect(clock.sleeps).toEqual([1000, 2000, 4000]);
  });

  it("repeats 503, which means the request was turned away, and gives up as graph-unavailable", async () => {
    graph.script("sendMail", Array.from({ length: GRAPH_MAX_ATTEMPTS }, (): ScriptedReply => 503));
    const { host } = setup();
    const result = await host.sendMime(MIME, { userAction: true });
    expect(result).toMatchObject({ ok: false, code: "graph-unavailable", status: 503 });
    expect(!result.ok && result.maybeSent).toBeUndefined();
    expect(sends()).toBe(GRAPH_MAX_ATTEMPTS);
  });

  it("sends after a 503 that clears", async () => {
    graph.script("sendMail", [{ status: 503, retryAfter: 1 }]);
    const { host } = setup();
    expect(await host.sendMime(MIME, { userAction: true })).toEqual({ ok: true });
    expect(sends()).toBe(2);
  });

  it("gives up at once when Retry-After is beyond the retry budget", async () => {
    graph.script("sendMail", [{ status: 429, retryAfter: 120 }]);
    const { host, clock } = setup();
    const result = await host.sendMime(MIME, { userAction: true });
    expect(result).toMatchObject({ ok: false, code: "graph-throttled" });
    expect(!result.ok && result.detail).toContain("in 120 s");
    expect(clock.sleeps).toEqual([]);
    expect(sends()).toBe(1);
  });

  it("reports a dropped connection as network, once, and says the message may have gone", async () => {
    graph.script("sendMail", ["drop"]);
    const { host } = setup();
    const result = await host.sendMime(MIME, { userAction: true });
    expect(result).toMatchObject({ ok: false, code: "network", maybeSent: true });
    expect(!result.ok && "status" in result).toBe(false);
    expect(sends()).toBe(1);
  });

  it("reports no answer in time as network", async () => {
    graph.script("sendMail", [{ hold: new Promise<void>(() => undefined) }]);
    const { host } = setup({}, undefined, { graphResponseTimeoutMs: 100 });
    const result = await host.sendMime(MIME, { userAction: true });
    expect(result).toMatchObject({ ok: false, code: "network", maybeSent: true });
    expect(!result.ok && result.detail).toContain("no response");
    await expect.poll(() => graph.requests[0]?.aborted).toBe(true);
  });

  it("reports an unreachable Graph as network", async () => {
    const base = graph.baseUrl;
    await graph.close();
    const { host } = setup({}, undefined, { config: { ok: true, graph: { clientId: CLIENT_ID, graphBaseUrl: base, authority: AUTHORITY } } });
    expect(await host.sendMime(MIME, { userAction: true })).toMatchObject({ ok: false, code: "network" });
    graph = await startMockGraph({ token: TOKEN });
  });
});

describe("sending: before Graph is reached", () => {
  it("says graph-not-configured without a client id, and loads no MSAL", async () => {
    const { host, identity } = setup({}, undefined, { config: { ok: false, reason: "absent", detail: "config.json has no clientId" } });
    expect(await host.sendMime(MIME, { userAction: true })).toEqual({ ok: false, code: "graph-not-configured", detail: "config.json has no clientId" });
    expect(identity.configs).toHaveLength(0);
    expect(graph.requests).toHaveLength(0);
  });

  it("says graph-not-configured for an unusable config.json too", async () => {
    const { host } = setup({}, undefined, { config: { ok: false, reason: "invalid", detail: "clientId in config.json is not an application (client) id" } });
    expect(await host.sendMime(MIME, { userAction: true })).toMatchObject({ ok: false, code: "graph-not-configured" });
  });

  it("says network when config.json could not be fetched, and asks for it again next time", async () => {
    let loads = 0;
    const { host } = setup({}, undefined, {
      loadConfig: async () =>
        ++loads === 1
          ? { ok: false, reason: "unreachable", detail: "config.json: HTTP 503" }
          : { ok: true, graph: { clientId: CLIENT_ID, graphBaseUrl: graph.baseUrl, authority: AUTHORITY } },
    });
    expect(await host.sendMime(MIME, { userAction: true })).toMatchObject({ ok: false, code: "network" });
    expect(await host.sendMime(MIME, { userAction: true })).toEqual({ ok: true });
  });

  it("says naa-unsupported where NestedAppAuth 1.1 is missing, without loading MSAL", async () => {
    const { host, identity } = setup({ naa: false });
    expect(await host.sendMime(MIME, { userAction: true })).toMatchObject({ ok: false, code: "naa-unsupported" });
    expect(identity.configs).toHaveLength(0);
    expect(graph.requests).toHaveLength(0);
  });

  it("passes on sign-in outcomes: declined, blocked window, and a retry the user asks for", async () => {
    const declined = setup({}, { silent: [interactionRequired()], popup: [userCancelled(), { token: TOKEN }] });
    expect(await declined.host.sendMime(MIME, { userAction: false })).toMatchObject({ ok: false, code: "auth-declined" });
    expect(await declined.host.sendMime(MIME, { userAction: false })).toMatchObject({ ok: false, code: "auth-declined" });
    expect(declined.identity.popupRequests).toHaveLength(1);
    expect(await declined.host.sendMime(MIME, { userAction: true })).toEqual({ ok: true });

    const blocked = setup({}, { silent: [interactionRequired()], popup: [popupBlocked()] });
    expect(await blocked.host.sendMime(MIME, { userAction: false })).toMatchObject({ ok: false, code: "auth-prompt-blocked" });
    expect(graph.sent).toHaveLength(1);
  });
});

describe("discarding the draft after sending", () => {
  it("refuses before anything was sent, and touches nothing", async () => {
    const { host, fake } = setup();
    expect(await host.discardDraft()).toMatchObject({ ok: false, code: "not-sent" });
    expect(fake.calls()).toEqual([]);
    expect(graph.requests).toHaveLength(0);
  });

  it("refuses after a send that failed", async () => {
    graph.script("sendMail", [413]);
    const { host, fake } = setup();
    await host.sendMime(MIME, { userAction: true });
    expect(await host.discardDraft()).toMatchObject({ ok: false, code: "not-sent" });
    expect(fake.calls()).not.toContain("closeAsync");
  });

  it("deletes the autosaved draft through Graph, then closes the form discarding the item", async () => {
    const { host, fake } = setup();
    graph.putMessage(fake.restId, "Subject: draft\r\n\r\n");
    const order: string[] = [];
    const closeAsync = (fake.office.context.mailbox.item as { closeAsync: (o: unknown, cb: unknown) => void }).closeAsync;
    (fake.office.context.mailbox.item as { closeAsync: unknown }).closeAsync = (o: unknown, cb: unknown) => {
      order.push(`closeAsync after ${graph.deleted.length} deletions`);
      closeAsync(o, cb);
    };
    expect(await host.sendMime(MIME, { userAction: true })).toEqual({ ok: true });
    expect(await host.discardDraft()).toEqual({ ok: true });
    expect(graph.deleted).toEqual([fake.restId]);
    expect(order).toEqual(["closeAsync after 1 deletions"]);
    expect(fake.log.find((l) => l.call === "closeAsync")?.args).toEqual({ discardItem: true });
    expect(fake.calls().filter((c) => c === "getItemIdAsync" || c === "closeAsync")).toEqual(["getItemIdAsync", "closeAsync"]);
    const del = graph.requests.find((r) => r.endpoint === "deleteMessage");
    expect(del).toMatchObject({ method: "DELETE", authorization: `Bearer ${TOKEN}`, status: 204 });
    expect(del!.at).toBeGreaterThanOrEqual(graph.sent[0]!.at);
  });

  it("takes a draft Graph no longer has (404) as deleted", async () => {
    const { host, fake } = setup();
    await host.sendMime(MIME, { userAction: true });
    expect(await host.discardDraft()).toEqual({ ok: true });
    expect(graph.requests.find((r) => r.endpoint === "deleteMessage")?.status).toBe(404);
    expect(fake.calls()).toContain("closeAsync");
  });

  it("asks Graph for nothing when the draft was never saved, and closes the form", async () => {
    const { host, fake } = setup({ saved: false });
    await host.sendMime(MIME, { userAction: true });
    expect(await host.discardDraft()).toEqual({ ok: true });
    expect(graph.requests.filter((r) => r.endpoint === "deleteMessage")).toHaveLength(0);
    expect(fake.calls()).not.toContain("saveAsync");
    expect(fake.calls()).toContain("closeAsync");
  });

  it("deletes the draft a reply's read saved", async () => {
    const { host, fake } = setup({ saved: false, composeType: "reply" });
    graph.putMessage(fake.restId, "In-Reply-To: <a@example.com>\r\n\r\n");
    await host.readDraft();
    await host.sendMime(MIME, { userAction: true });
    expect(await host.discardDraft()).toEqual({ ok: true });
    expect(graph.deleted).toEqual([fake.restId]);
  });

  it("keeps the form open when the draft cannot be deleted, retrying 5xx first", async () => {
    graph.script("deleteMessage", Array.from({ length: GRAPH_MAX_ATTEMPTS }, (): ScriptedReply => 500));
    const { host, fake } = setup();
    graph.putMessage(fake.restId, "Subject: draft\r\n\r\n");
    await host.sendMime(MIME, { userAction: true });
    const result = await host.discardDraft();
    expect(result).toMatchObject({ ok: false, code: "draft-delete-failed" });
    expect(graph.requests.filter((r) => r.endpoint === "deleteMessage")).toHaveLength(GRAPH_MAX_ATTEMPTS);
    expect(fake.calls()).not.toContain("closeAsync");
  });

  it("keeps the form open when Outlook cannot say the draft's id", async () => {
    const { host, fake } = setup({ failures: { getItemIdAsync: ERRORS.generic } });
    await host.sendMime(MIME, { userAction: true });
    expect(await host.discardDraft()).toMatchObject({ ok: false, code: "draft-delete-failed" });
    expect(fake.calls()).not.toContain("closeAsync");
  });

  it("deletes the draft but asks the user to close the form where closeAsync is missing (before Mailbox 1.14)", async () => {
    const { host, fake } = setup({ mailbox: "1.13" });
    graph.putMessage(fake.restId, "Subject: draft\r\n\r\n");
    await host.sendMime(MIME, { userAction: true });
    const result = await host.discardDraft();
    expect(result).toMatchObject({ ok: false, code: "close-unsupported" });
    expect(!result.ok && result.detail).toContain("1.14");
    expect(graph.deleted).toEqual([fake.restId]);
    expect(fake.calls()).not.toContain("closeAsync");
  });

  it("reports closeAsync failing", async () => {
    const { host } = setup({ failures: { closeAsync: ERRORS.cancelled } });
    await host.sendMime(MIME, { userAction: true });
    expect(await host.discardDraft()).toEqual({ ok: false, code: "close-failed", detail: ERRORS.cancelled.message });
  });
});

describe("the rest of the compose host", () => {
  it("opens a prefilled new message", () => {
    const { host, fake } = setup();
    host.openNewMessage({ to: [{ name: "佐藤 花子", address: "hanako@example.jp" }, { address: "bob@example.com" }], subject: "証明書を送ってください", htmlBody: "<p>お願いします</p>" });
    expect(fake.newMessageForms).toEqual([
      {
        toRecipients: [
          { emailAddress: "hanako@example.jp", displayName: "佐藤 花子" },
          { emailAddress: "bob@example.com", displayName: "" },
        ],
        subject: "証明書を送ってください",
        htmlBody: "<p>お願いします</p>",
      },
    ]);
  });

  it("does not throw when office.js refuses the form", () => {
    const { host, fake } = setup();
    fake.office.context.mailbox.displayNewMessageForm = () => {
      throw new Error("The subject is limited to 255 characters.");
    };
    expect(() => host.openNewMessage({ to: [], subject: "x".repeat(300), htmlBody: "" })).not.toThrow();
  });

  it("gives Graph's limit unless config.json sets maxSendBytes", async () => {
    expect(await setup().host.maxSendBytes()).toBe(GRAPH_MIME_LIMIT_BYTES);
    expect(await setup({}, undefined, { config: { ok: false, reason: "absent", detail: "" } }).host.maxSendBytes()).toBe(GRAPH_MIME_LIMIT_BYTES);
    const configured = setup({}, undefined, {
      config: { ok: true, graph: { clientId: CLIENT_ID, graphBaseUrl: graph.baseUrl, authority: AUTHORITY, maxSendBytes: 3 * 1024 * 1024 } },
    });
    expect(await configured.host.maxSendBytes()).toBe(3 * 1024 * 1024);
  });
});

describe("detectComposeHost", () => {
  it("gives a compose host beside a message being written, and none elsewhere", async () => {
    const compose = fakeComposeOutlook();
    const read = fakeOutlook({ selected: { ewsId: "AAMk/1", eml: new Uint8Array([65]) } });
    const outlookHost = { kind: "outlook" } as Parameters<typeof detectComposeHost>[0];
    expect(detectComposeHost(outlookHost, { office: () => compose.office })).not.toBeNull();
    expect(detectComposeHost(outlookHost, { office: () => ({ ...compose.office, context: { ...compose.office.context, mailbox: { ...compose.office.context.mailbox, item: read.office.context.mailbox.item } } }) })).toBeNull();
    expect(detectComposeHost(outlookHost, { office: () => undefined })).toBeNull();
    expect(detectComposeHost(createStandaloneHost(), { office: () => compose.office })).toBeNull();
    const appointment = fakeComposeOutlook({ itemType: "appointment" });
    expect(detectComposeHost(outlookHost, { office: () => appointment.office })).toBeNull();
  });
});
