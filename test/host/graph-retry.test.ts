import { describe, expect, it } from "vitest";
import { isRetryableStatus, mayRetry, parseRetryAfter, retryDelayMs } from "../../src/host/graph-retry.js";

const NOW = Date.parse("2025-03-01T12:00:00Z");

describe("parseRetryAfter", () => {
  const cases: Array<[string | null, number | null]> = [
    [null, null],
    ["0", 0],
    ["7", 7000],
    [" 30 ", 30_000],
    ["Sat, 01 Mar 2025 12:00:10 GMT", 10_000],
    ["Sat, 01 Mar 2025 11:59:00 GMT", 0],
    ["soon", null],
    ["-5", null],
    ["1.5", null],
  ];
  for (const [header, expected] of cases)
    it(`${JSON.stringify(header)} -> ${String(expected)}`, () => expect(parseRetryAfter(header, NOW)).toBe(expected));
});

describe("retryDelayMs", () => {
  it("uses Retry-After when Graph sends it, however short", () => {
    expect(retryDelayMs(1, 0)).toBe(0);
    expect(retryDelayMs(3, 5000)).toBe(5000);
  });
  it("backs off 1, 2, 4, 8 s without it, and no further", () => {
    expect([1, 2, 3, 4, 5, 9].map((n) => retryDelayMs(n, null))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });
});

describe("isRetryableStatus", () => {
  it("retries 429 and 5xx except 501, nothing else", () => {
    expect([429, 500, 502, 503, 504, 509].every(isRetryableStatus)).toBe(true);
    expect([200, 400, 401, 403, 404, 413, 501].some(isRetryableStatus)).toBe(false);
  });
});

describe("mayRetry", () => {
  it("repeats a send only after answers that mean Graph did no work: 429 and 503", () => {
    expect([429, 503].every((s) => mayRetry(s, "send"))).toBe(true);
    expect([400, 401, 413, 500, 501, 502, 504].some((s) => mayRetry(s, "send"))).toBe(false);
  });
  it("repeats idempotent requests as isRetryableStatus says", () => {
    for (const s of [200, 404, 429, 500, 501, 502, 503, 504]) expect(mayRetry(s, "idempotent")).toBe(isRetryableStatus(s));
  });
});
