import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GRAPH_REQUEST_LIMIT_BYTES, startMockGraph, type MockGraph } from "../e2e/lib/mock-graph.js";

/**
 * The Graph stand-in the compose end-to-end tests run against (test/e2e/lib/mock-graph.ts), called as a page would:
 * with fetch, an Authorization header and an Origin from another port.
 */

const TOKEN = "mock-token";
const ORIGIN = "http://127.0.0.1:9";
const MIME = Buffer.from("From: a@example.com\r\nSubject: x\r\n\r\n\x80\xff\r\n", "latin1");

let graph: MockGraph;
beforeEach(async () => {
  graph = await startMockGraph({ token: TOKEN });
});
afterEach(() => graph.close());

function send(body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${graph.baseUrl}/me/sendMail`, {
    method: "POST",
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "text/plain", Origin: ORIGIN, ...headers },
    body,
  });
}

describe("mock Graph: sendMail", () => {
  it("answers 202 with an empty body, with CORS headers, and records the decoded MIME", async () => {
    const before = Date.now();
    const response = await send(MIME.toString("base64"));
    expect(response.status).toBe(202);
    expect(await response.text()).toBe("");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(graph.sent).toHaveLength(1);
    expect(graph.sent[0]!.mime.equals(MIME)).toBe(true);
    expect(graph.sent[0]!.at).toBeGreaterThanOrEqual(before);
    expect(graph.requests[0]).toMatchObject({ method: "POST", endpoint: "sendMail", contentType: "text/plain", origin: ORIGIN, status: 202 });
  });

  it("refuses a missing or wrong token with 401 and Graph's error body", async () => {
    const response = await send(MIME.toString("base64"), { Authorization: "Bearer other" });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string; innerError: Record<string, string> } };
    expect(body.error.code).toBe("InvalidAuthenticationToken");
    expect(response.headers.get("request-id")).toBe(body.error.innerError["request-id"]);
    expect(graph.sent).toHaveLength(0);
  });

  it("refuses a body that is not base64, and another content type, with 400", async () => {
    expect((await send("not base64!")).status).toBe(400);
    expect((await send(MIME.toString("base64"), { "Content-Type": "application/json" })).status).toBe(400);
    expect(graph.sent).toHaveLength(0);
  });

  it("refuses a request over Graph's 4 MB with 413", async () => {
    const big = Buffer.alloc(Math.ceil((GRAPH_REQUEST_LIMIT_BYTES * 3) / 4) + 3, 0x41).toString("base64");
    const response = await send(big);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("RequestEntityTooLarge");
  });

  it("answers scripted statuses in order, with Retry-After readable by a page, then the normal answer", async () => {
    graph.script("sendMail", [{ status: 429, retryAfter: 7 }, 500, 401]);
    const first = await send(MIME.toString("base64"));
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("7");
    expect(first.headers.get("access-control-expose-headers")).toContain("Retry-After");
    expect((await send(MIME.toString("base64"))).status).toBe(500);
    expect((await send(MIME.toString("base64"))).status).toBe(401);
    expect((await send(MIME.toString("base64"))).status).toBe(202);
    expect(graph.sent).toHaveLength(1);
    expect(graph.requests.map((r) => r.status)).toEqual([429, 500, 401, 202]);
  });

  it("drops the connection when scripted to, so the client sees a network failure", async () => {
    graph.script("sendMail", ["drop"]);
    await expect(send(MIME.toString("base64"))).rejects.toThrow();
    expect(graph.requests[0]!.status).toBe("dropped");
    expect(graph.sent).toHaveLength(0);
  });

  it("holds an answer until released", async () => {
    let release!: () => void;
    graph.script("sendMail", [{ hold: new Promise<void>((resolve) => (release = resolve)) }]);
    const pending = send(MIME.toString("base64"));
    await expect.poll(() => graph.requests.length).toBe(1);
    expect(graph.requests[0]!.status).toBeNull();
    release();
    expect((await pending).status).toBe(202);
  });
});

describe("mock Graph: preflight and messages", () => {
  it("answers a preflight for Authorization and Content-Type from another origin", async () => {
    const response = await fetch(`${graph.baseUrl}/me/sendMail`, {
      method: "OPTIONS",
      headers: { Origin: ORIGIN, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    expect(response.headers.get("access-control-allow-methods")).toContain("DELETE");
    expect(response.headers.get("access-control-allow-headers")).toBe("authorization,content-type");
    expect(graph.requests[0]!.endpoint).toBe("preflight");
  });

  it("serves a stored message's MIME and deletes it: 204, then 404", async () => {
    const id = "AAMkAGI2-TAAA_ZmY1AAA=";
    graph.putMessage(id, MIME);
    const url = `${graph.baseUrl}/me/messages/${encodeURIComponent(id)}`;
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const value = await fetch(`${url}/$value`, { headers: auth });
    expect(value.status).toBe(200);
    expect(Buffer.from(await value.arrayBuffer()).equals(MIME)).toBe(true);
    expect((await fetch(url, { method: "DELETE", headers: auth })).status).toBe(204);
    expect(graph.deleted).toEqual([id]);
    expect((await fetch(url, { method: "DELETE", headers: auth })).status).toBe(404);
    expect((await fetch(`${url}/$value`, { headers: auth })).status).toBe(404);
    expect(graph.requests.map((r) => [r.endpoint, r.messageId])).toEqual([
      ["getMessageValue", id],
      ["deleteMessage", id],
      ["deleteMessage", id],
      ["getMessageValue", id],
    ]);
  });

  it("scripts each endpoint apart", async () => {
    graph.putMessage("m1", MIME);
    graph.script("deleteMessage", [503]);
    const auth = { Authorization: `Bearer ${TOKEN}` };
    expect((await send(MIME.toString("base64"))).status).toBe(202);
    expect((await fetch(`${graph.baseUrl}/me/messages/m1`, { method: "DELETE", headers: auth })).status).toBe(503);
    expect((await fetch(`${graph.baseUrl}/me/messages/m1`, { method: "DELETE", headers: auth })).status).toBe(204);
  });

  it("answers 400 to anything it does not implement", async () => {
    expect((await fetch(`${graph.baseUrl}/me/mailFolders`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(400);
  });
});
