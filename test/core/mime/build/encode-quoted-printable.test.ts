import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeQuotedPrintable } from "../../../../src/core/mime/build/encode-quoted-printable.js";
import { PieceWriter } from "../../../../src/core/mime/build/piece-writer.js";
import { isTransportSafe } from "../../../../src/core/mime/build/transport-safe.js";
import { toCanonicalCRLF } from "../../../../src/core/mime/canonical.js";
import { decodeQuotedPrintable } from "../../../../src/core/mime/quoted-printable.js";
import { bytes, latin1, utf8Latin1 } from "../helpers.js";

function encode(input: Uint8Array): string {
  const w = new PieceWriter();
  encodeQuotedPrintable(input, w);
  return latin1(w.join());
}

describe("encodeQuotedPrintable", () => {
  it.each([
    ["plain ASCII stays", "Hello, world.\r\n", "Hello, world.\r\n"],
    ["= is escaped", "a=b\r\n", "a=3Db\r\n"],
    ["8-bit bytes are escaped in upper-case hex", utf8Latin1("あ"), "=E3=81=82"],
    ["a trailing space before a line break is escaped", "end \r\nnext", "end=20\r\nnext"],
    ["a trailing tab at the end of the text is escaped", "end\t", "end=09"],
    ["inner blanks stay", "a b\tc\r\n", "a b\tc\r\n"],
    ["a bare LF is data, not a line break", "a\nb", "a=0Ab"],
    ["a bare CR is data", "a\rb", "a=0Db"],
    ["From at a line start is escaped for mbox", "From me\r\nFrom you", "=46rom me\r\n=46rom you"],
    ["From elsewhere stays", "not From me\r\nFromage", "not From me\r\nFromage"],
    ["a dot at a line start is escaped", ".\r\n..x", "=2E\r\n=2E.x"],
    ["control characters are escaped", "\x00\x1b\x7f", "=00=1B=7F"],
    ["empty", "", ""],
  ])("%s", (_name, input, expected) => {
    expect(encode(bytes(input))).toBe(expected);
  });

  it("breaks long lines softly at 76 characters, keeping escapes whole", () => {
    expect(encode(bytes("x".repeat(76)))).toBe("x".repeat(76));
    expect(encode(bytes(`${"x".repeat(77)}\r\n`))).toBe(`${"x".repeat(75)}=\r\nxx\r\n`);
    const encoded = encode(bytes(`${"x".repeat(74)}\xff\xff`));
    expect(encoded).toBe(`${"x".repeat(74)}=\r\n=FF=FF`);
  });

  it("round-trips any bytes, with every line at most 76 characters and transport-safe", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.boolean(), (data, canonical) => {
        const input = canonical ? toCanonicalCRLF(data) : data;
        const w = new PieceWriter();
        encodeQuotedPrintable(input, w);
        const out = w.join();
        expect(isTransportSafe(out)).toBe(true);
        for (const line of latin1(out).split("\r\n")) {
          expect(line.length).toBeLessThanOrEqual(76);
          expect(line).not.toMatch(/[ \t]$/);
        }
        expect(latin1(out)).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
        expect(Buffer.from(decodeQuotedPrintable(out)).equals(Buffer.from(input))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("spans several output chunks for large input", () => {
    const input = new Uint8Array(200_000).map((_, i) => (i % 97 === 0 ? 0xe3 : 0x61 + (i % 26)));
    const w = new PieceWriter();
    encodeQuotedPrintable(input, w);
    expect(w.pieces().length).toBeGreaterThan(1);
    expect(Buffer.from(decodeQuotedPrintable(w.join())).equals(Buffer.from(input))).toBe(true);
  });
});
