import { describe, expect, it } from "vitest";
import { base64LinesLength, Base64LineWriter, encodeBase64Lines } from "../../../src/core/mime/encode-base64.js";
import { cutAt } from "./cut.js";

const reference = (bytes: Uint8Array, line = 76): string =>
  (Buffer.from(bytes).toString("base64").match(new RegExp(`.{1,${line}}`, "g")) ?? []).map((l) => `${l}\r\n`).join("");

describe("encodeBase64Lines", () => {
  it.each([0, 1, 2, 3, 56, 57, 58, 114, 1000, 4097])("matches Node's encoder for %i bytes", (n) => {
    const bytes = new Uint8Array(n).map((_, i) => (i * 131 + 7) & 255);
    expect(Buffer.from(encodeBase64Lines([bytes])).toString("latin1")).toBe(reference(bytes));
  });

  it("gives the same output however the input is split into pieces", () => {
    const bytes = new Uint8Array(500).map((_, i) => (i * 17) & 255);
    for (const cuts of [[1], [2], [1, 2], [3, 4, 5], [100, 101, 250, 499]]) {
      const pieces = cutAt(bytes, cuts);
      expect(Buffer.from(encodeBase64Lines(pieces)).toString("latin1"), JSON.stringify(cuts)).toBe(reference(bytes));
    }
  });

  it("gives the same output through the runtime's encoder (large pieces) and the loop (small ones)", () => {
    // 200 KB and more go to the native encoder in whole lines; the cuts leave carries and part lines on both sides.
    const bytes = new Uint8Array(3 * 100_000 + 2).map((_, i) => (i * 2654435761) >>> 24);
    for (const cuts of [[], [1], [70_001], [65_536, 65_537, 200_000], [5, 131_077, 131_078, 299_999]]) {
      const pieces = cutAt(bytes, cuts);
      for (const line of [76, 64, 4]) {
        const out = new Uint8Array(3 + base64LinesLength(bytes.byteLength, line));
        out.set([0x21, 0x21, 0x21]);
        const writer = new Base64LineWriter(out, 3, line);
        for (const p of pieces) writer.write(p);
        expect(writer.end(), JSON.stringify(cuts)).toBe(out.byteLength);
        expect(Buffer.from(out).toString("latin1") === `!!!${reference(bytes, line)}`, `${JSON.stringify(cuts)} line ${line}`).toBe(true);
      }
    }
  });

  it("wraps at other multiples of four and refuses others", () => {
    const bytes = new Uint8Array(100).fill(0xff);
    expect(Buffer.from(encodeBase64Lines([bytes], 64)).toString("latin1")).toBe(reference(bytes, 64));
    expect(() => encodeBase64Lines([bytes], 75)).toThrow(RangeError);
  });
});

describe("base64LinesLength and Base64LineWriter", () => {
  it.each([0, 1, 2, 3, 56, 57, 58, 114, 1000, 4097])("%i bytes written in pieces of 7 fill exactly the length computed for them", (n) => {
    const bytes = new Uint8Array(n).map((_, i) => (i * 131 + 7) & 255);
    for (const line of [4, 64, 76]) {
      const out = new Uint8Array(2 + base64LinesLength(n, line)).fill(0x21);
      const writer = new Base64LineWriter(out, 2, line);
      for (let at = 0; at < n; at += 7) writer.write(bytes.subarray(at, at + 7));
      expect(writer.end()).toBe(out.byteLength);
      expect(Buffer.from(out).toString("latin1")).toBe(`!!${reference(bytes, line)}`);
    }
  });
});
