import { describe, expect, it } from "vitest";
import { hasEightBit, isTransportSafe, MAX_LINE_OCTETS, scanTransport, type TransportScan } from "../../../../src/core/mime/build/transport-safe.js";
import { bytes } from "../helpers.js";

const line = (n: number): string => "a".repeat(n);

describe("hasEightBit", () => {
  it("finds a high byte at every offset and alignment", () => {
    const buffer = new Uint8Array(80).fill(0x41);
    for (let offset = 0; offset < 4; offset++) {
      for (let length = 0; length <= 70; length++) {
        const view = buffer.subarray(offset, offset + length);
        expect(hasEightBit(view)).toBe(false);
        for (let at = 0; at < length; at++) {
          view[at] = 0x80;
          expect(hasEightBit(view), `offset ${offset} length ${length} at ${at}`).toBe(true);
          view[at] = 0x41;
        }
      }
    }
  });

  it("finds one high byte in a large buffer", () => {
    const big = new Uint8Array(1 << 20).fill(0x7f);
    expect(hasEightBit(big)).toBe(false);
    big[(1 << 20) - 3] = 0xff;
    expect(hasEightBit(big)).toBe(true);
  });
});

const hasLongLine = (b: Uint8Array): boolean => scanTransport(b) === "unsafe";

/** The rules spelled out byte by byte, to compare the word-at-a-time scan with. */
function reference(b: Uint8Array): TransportScan {
  let canonical = true;
  let start = 0;
  for (let i = 0; i <= b.length; i++) {
    if (i < b.length && (b[i]! >= 0x80 || b[i] === 0)) return "unsafe";
    if (i === b.length || b[i] === 0x0a) {
      const end = i > start && b[i - 1] === 0x0d && i < b.length ? i - 1 : i;
      if (end - start > MAX_LINE_OCTETS) return "unsafe";
      start = i + 1;
    }
    if (b[i] === 0x0a && b[i - 1] !== 0x0d) canonical = false;
    if (b[i] === 0x0d && b[i + 1] !== 0x0a) canonical = false;
  }
  return canonical ? "canonical" : "bare-line-ends";
}

describe("scanTransport", () => {
  it.each([
    ["CRLF text", "a\r\nb\r\n", "canonical"],
    ["LF text", "a\nb\n", "bare-line-ends"],
    ["a bare CR", "a\rb", "bare-line-ends"],
    ["a CR at the very end", "a\r", "bare-line-ends"],
    ["tabs and form feeds", "a\tb\fc\r\n", "canonical"],
    ["8-bit", "a\r\n\xe9", "unsafe"],
    ["NUL", "a\x00", "unsafe"],
  ] as const)("%s", (_name, text, expected) => {
    expect(scanTransport(bytes(text))).toBe(expected);
  });

  it("agrees with the byte-by-byte rules at every alignment", () => {
    const alphabet = [0x61, 0x61, 0x61, 0x20, 0x0d, 0x0a, 0x09, 0x7f, 0x0e];
    const buffer = new Uint8Array(2100);
    for (let run = 0; run < 3000; run++) {
      const offset = run % 4;
      const length = Math.floor(Math.random() * (run % 10 === 0 ? 2000 : 40));
      const view = buffer.subarray(offset, offset + length);
      for (let i = 0; i < length; i++) view[i] = alphabet[Math.floor(Math.random() * alphabet.length)]!;
      if (run % 7 === 0 && length > 0) view[Math.floor(Math.random() * length)] = run % 14 === 0 ? 0 : 0xc3;
      if (run % 10 === 0) for (let i = 0; i < length; i++) if (view[i] === 0x0a || view[i] === 0x0d) view[i] = 0x61;
      expect(scanTransport(view), Buffer.from(view).toString("latin1")).toBe(reference(view));
    }
  });
});

describe("line length", () => {
  it.each([
    ["998 octets and CRLF", `${line(998)}\r\nx`, false],
    ["998 octets and LF", `${line(998)}\nx`, false],
    ["998 octets at the end", `x\r\n${line(998)}`, false],
    ["999 octets and CRLF", `${line(999)}\r\n`, true],
    ["999 octets and LF", `${line(999)}\n`, true],
    ["999 octets at the end", `x\r\n${line(999)}`, true],
    ["a long line after many short ones", `${"ab\r\n".repeat(1000)}${line(1200)}\r\n`, true],
    ["many short lines", "ab\r\n".repeat(5000), false],
    ["empty", "", false],
  ])("%s", (_name, text, expected) => {
    expect(hasLongLine(bytes(text))).toBe(expected);
  });

  it("agrees with a line-by-line count on random line lengths", () => {
    for (let run = 0; run < 200; run++) {
      const lines: string[] = [];
      for (let i = 0; i < 5; i++) lines.push(line(Math.floor(Math.random() * 1100)));
      const eol = run % 2 === 0 ? "\r\n" : "\n";
      const text = lines.join(eol);
      expect(hasLongLine(bytes(text)), lines.map((l) => l.length).join(",")).toBe(lines.some((l) => l.length > MAX_LINE_OCTETS));
    }
  });
});

describe("isTransportSafe", () => {
  it.each([
    ["ASCII text", "Hello\r\n", true],
    ["a NUL", "a\x00b", false],
    ["an 8-bit byte", "caf\xe9", false],
    ["a long line", line(1000), false],
  ])("%s", (_name, text, expected) => {
    expect(isTransportSafe(bytes(text))).toBe(expected);
  });
});
