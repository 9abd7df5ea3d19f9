import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lastBytes, PieceReader, totalByteLength } from "../../src/core/bytes.js";

/** `bytes` cut at `cuts` (empty pieces included where cuts repeat). */
function cut(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const sorted = cuts.map((c) => Math.min(c, bytes.byteLength)).sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const c of sorted) {
    pieces.push(bytes.subarray(at, c));
    at = c;
  }
  pieces.push(bytes.subarray(at));
  return pieces;
}

describe("PieceReader", () => {
  it("reads the concatenation of the pieces in stretches of any length, however the pieces are cut", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.nat({ max: 300 }), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 90 }), { minLength: 1, maxLength: 8 }),
        (bytes, cuts, lengths) => {
          const reader = new PieceReader(cut(bytes, cuts));
          const scratch = new Uint8Array(100);
          let at = 0;
          for (let i = 0; at < bytes.byteLength; i++) {
            const n = Math.min(lengths[i % lengths.length]!, bytes.byteLength - at);
            const next = i % 2 === 0 ? reader.next(n, scratch) : new Uint8Array(n);
            if (i % 2 !== 0) reader.readInto(next);
            expect(Array.from(next)).toEqual(Array.from(bytes.subarray(at, at + n)));
            at += n;
          }
          expect(() => reader.next(1, scratch)).toThrow(RangeError);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("hands out a view, not a copy, when the stretch lies within one piece", () => {
    const piece = new Uint8Array(10);
    const scratch = new Uint8Array(10);
    const view = new PieceReader([piece]).next(4, scratch);
    expect(view.buffer).toBe(piece.buffer);
  });
});

describe("lastBytes and totalByteLength", () => {
  it("the last n bytes of the concatenation, however the pieces are cut", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.array(fc.nat({ max: 100 }), { maxLength: 6 }), fc.nat({ max: 120 }), (bytes, cuts, n) => {
        const pieces = cut(bytes, cuts);
        expect(totalByteLength(pieces)).toBe(bytes.byteLength);
        expect(Array.from(lastBytes(pieces, n))).toEqual(Array.from(bytes.subarray(Math.max(0, bytes.byteLength - n))));
      }),
      { numRuns: 300 },
    );
  });
});
