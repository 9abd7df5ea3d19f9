import { describe, expect, it } from "vitest";
import { base64DecodedLength, base64ToBytes, bytesToBase64 } from "../../src/host/base64.js";

const sample = (n: number): Uint8Array => new Uint8Array(n).map((_, i) => (i * 2654435761) >>> 24);

describe("plain base64 for office.js and Graph", () => {
  it.each([0, 1, 2, 3, 24_575, 24_576, 24_577, 100_001])("encodes and decodes %i bytes as Node does", (n) => {
    const bytes = sample(n);
    const expected = Buffer.from(bytes).toString("base64");
    expect(bytesToBase64(bytes)).toBe(expected);
    expect(Buffer.from(base64ToBytes(expected)).equals(Buffer.from(bytes))).toBe(true);
    expect(base64DecodedLength(expected)).toBe(n);
  });

  it("uses the runtime's Uint8Array.prototype.toBase64 where there is one", () => {
    const bytes = sample(10);
    const withNative = Object.assign(bytes, { toBase64: () => "from-the-runtime" });
    expect(bytesToBase64(withNative)).toBe("from-the-runtime");
  });
});
