import { describe, expect, it } from "vitest";
import { lookupSendPolicy, MAX_CONFIG_CHARS, parseSendPolicy, type PolicyFetch, type PolicyLookup } from "../../src/launch/send-policy.js";
import { configServer, type ConfigAnswer } from "./fake-launch-office.js";

const URL = "https://inkan.example/config.json";
const outcome = (lookup: PolicyLookup): string => (lookup.ok ? `alwaysSign=${lookup.policy.alwaysSign}` : lookup.reason);

describe("parseSendPolicy", () => {
  it.each<[string, unknown, string]>([
    ["always sign", { sendPolicy: { alwaysSign: true } }, "alwaysSign=true"],
    ["explicitly off", { sendPolicy: { alwaysSign: false } }, "alwaysSign=false"],
    ["a policy without the key", { sendPolicy: {} }, "alwaysSign=false"],
    ["unknown keys beside it", { clientId: "x", sendPolicy: { alwaysSign: true, later: 1 } }, "alwaysSign=true"],
    ["the Graph settings only", { clientId: "00000000-0000-0000-0000-000000000000" }, "absent"],
    ["sendPolicy null", { sendPolicy: null }, "absent"],
    ["alwaysSign as a string", { sendPolicy: { alwaysSign: "true" } }, "invalid"],
    ["alwaysSign as a number", { sendPolicy: { alwaysSign: 1 } }, "invalid"],
    ["sendPolicy as a boolean", { sendPolicy: true }, "invalid"],
    ["sendPolicy as an array", { sendPolicy: [] }, "invalid"],
    ["a JSON array", [], "invalid"],
    ["a JSON string", "alwaysSign", "invalid"],
    ["JSON null", null, "invalid"],
  ])("%s", (_name, value, expected) => {
    expect(outcome(parseSendPolicy(value))).toBe(expected);
  });
});

describe("lookupSendPolicy", () => {
  it.each<[string, ConfigAnswer, string]>([
    ["a policy", { body: '{"sendPolicy":{"alwaysSign":true}}' }, "alwaysSign=true"],
    ["no file (404)", { status: 404 }, "absent"],
    ["a file without the key", { body: '{"clientId":"00000000-0000-0000-0000-000000000000"}' }, "absent"],
    ["a file that is not JSON", { body: "<!doctype html><p>Not found</p>" }, "invalid"],
    ["a file too large to be the settings", { body: `{"pad":"${"x".repeat(MAX_CONFIG_CHARS)}"}` }, "invalid"],
    ["a server error", { status: 503 }, "unreachable"],
    ["a refusal", { status: 403 }, "unreachable"],
    ["a network failure", { networkError: "Failed to fetch" }, "unreachable"],
  ])("%s", async (_name, answer, expected) => {
    const server = configServer(answer);
    expect(outcome(await lookupSendPolicy(server.fetchFn, URL))).toBe(expected);
    expect(server.requests).toEqual([{ url: URL, cache: "no-cache" }]);
  });

  it("turns a fetch that throws, and a body that cannot be read, into unreachable", async () => {
    const throwing: PolicyFetch = () => {
      throw new TypeError("relative URLs are not supported");
    };
    expect(outcome(await lookupSendPolicy(throwing, URL))).toBe("unreachable");
    const brokenBody: PolicyFetch = () => Promise.resolve({ status: 200, ok: true, text: () => Promise.reject(new Error("reset")) });
    expect(outcome(await lookupSendPolicy(brokenBody, URL))).toBe("unreachable");
  });
});
