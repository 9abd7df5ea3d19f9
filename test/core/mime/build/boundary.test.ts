import { describe, expect, it } from "vitest";
import { chooseBoundary, indexOfBytes } from "../../../../src/core/mime/build/boundary.js";
import { bytes } from "../helpers.js";

describe("indexOfBytes", () => {
  it("finds what indexOf on strings finds", () => {
    const alphabet = "ab=_";
    for (let run = 0; run < 2000; run++) {
      const hay = Array.from({ length: Math.floor(Math.random() * 60) }, () => alphabet[Math.floor(Math.random() * 4)]).join("");
      const needle = Array.from({ length: 1 + Math.floor(Math.random() * 5) }, () => alphabet[Math.floor(Math.random() * 4)]).join("");
      expect(indexOfBytes(bytes(hay), bytes(needle)), `${hay} / ${needle}`).toBe(hay.indexOf(needle));
    }
  });
});

describe("chooseBoundary", () => {
  const real = (b: Uint8Array<ArrayBuffer>): Uint8Array => globalThis.crypto.getRandomValues(b);

  it("makes a quotable boundary of RFC 2046 characters, different each time", () => {
    const a = chooseBoundary(real, [])!;
    const b = chooseBoundary(real, [])!;
    expect(a).toMatch(/^[0-9A-Za-z'()+_,\-./:=?]{1,70}$/);
    expect(a).not.toBe(b);
  });

  it("skips a boundary that occurs in the content", () => {
    // The first draw repeats: the content holds that boundary, so the second draw must be taken.
    let calls = 0;
    const scripted = (b: Uint8Array<ArrayBuffer>): Uint8Array => {
      calls++;
      return b.fill(calls === 1 ? 0 : 1);
    };
    const first = chooseBoundary(() => new Uint8Array(24), [])!;
    const content = bytes(`text\r\n--${first}\r\nmore`);
    const chosen = chooseBoundary(scripted, [content]);
    expect(chosen).not.toBeNull();
    expect(chosen).not.toBe(first);
    expect(calls).toBe(2);
  });

  it("gives up when every draw collides", () => {
    const first = chooseBoundary(() => new Uint8Array(24), [])!;
    expect(chooseBoundary((b) => b.fill(0), [bytes(first)])).toBeNull();
  });
});
