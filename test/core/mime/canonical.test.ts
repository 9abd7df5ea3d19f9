import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { toCanonicalCRLF } from "../../../src/core/mime/index.js";
import { bytes, latin1 } from "./helpers.js";

/** Obviously-correct reference: one byte at a time. */
function reference(input: Uint8Array): string {
  let out = "";
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (c === 0x0a) out += "\r\n";
    else if (c === 0x0d) {
      out += "\r\n";
      if (input[i + 1] === 0x0a) i++;
    } else out += String.fromCharCode(c);
  }
  return out;
}

describe("toCanonicalCRLF", () => {
  it.each([
    ["empty", ""],
    ["no line breaks", "abc"],
    ["CRLF only", "a\r\nb\r\n"],
    ["CRLF at the start", "\r\nx"],
  ])("returns the input itself when canonical: %s", (_name, text) => {
    const input = bytes(text);
    expect(toCanonicalCRLF(input)).toBe(input);
  });

  it.each([
    ["bare LF", "a\nb\n", "a\r\nb\r\n"],
    ["LF at the start", "\nx", "\r\nx"],
    ["bare CR", "a\rb", "a\r\nb"],
    ["CR at the end", "a\r", "a\r\n"],
    ["CR CR LF", "\r\r\n", "\r\n\r\n"],
    ["LF CR", "\n\r", "\r\n\r\n"],
    ["mixed", "a\r\nb\nc\rd\r\n\n", "a\r\nb\r\nc\r\nd\r\n\r\n"],
  ])("%s", (_name, input, expected) => {
    expect(latin1(toCanonicalCRLF(bytes(input)))).toBe(expected);
  });

  it("matches a byte-at-a-time reference on random line-break soup", () => {
    for (let round = 0; round < 200; round++) {
      const input = Uint8Array.from({ length: randomInt(0, 200) }, () => [0x0a, 0x0d, 0x61, 0x20][randomInt(0, 4)]!);
      expect(latin1(toCanonicalCRLF(input))).toBe(reference(input));
    }
  });

  it("works on a view into a larger buffer", () => {
    const whole = bytes("xx\na\nb\nyy");
    expect(latin1(toCanonicalCRLF(whole.subarray(3, 7)))).toBe("a\r\nb\r\n");
  });
});
