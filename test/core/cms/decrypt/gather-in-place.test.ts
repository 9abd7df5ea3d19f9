/**
 * gatherInPlace against the plain join it stands in for: over random layouts of pieces, gaps and a tail, the
 * gathered bytes are the join, nothing before the first piece or after the last part moves, and restore puts back
 * every byte. Layouts it must not touch are refused with the buffer unchanged.
 */
import { describe, expect, it } from "vitest";
import { gatherInPlace } from "../../../../src/core/cms/decrypt/gather-in-place.js";
import { sameBytes } from "./helpers.js";

/** A small deterministic generator, so that a failing layout can be reproduced from its seed. */
function random(seed: number): (below: number) => number {
  let state = seed >>> 0 || 1;
  return (below) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % below;
  };
}

interface Layout {
  readonly buffer: Uint8Array;
  /** The view gatherInPlace may write in: the buffer but for `lead` bytes in front. */
  readonly within: Uint8Array;
  readonly pieces: Uint8Array[];
  readonly tail: Uint8Array | null;
}

function randomLayout(seed: number): Layout {
  const next = random(seed);
  const lead = next(3) * 7;
  const count = 1 + next(6);
  const sizes = Array.from({ length: count }, () => next(4) === 0 ? 0 : 1 + next(300));
  const gaps = Array.from({ length: count }, () => next(6));
  const withTail = next(2) === 0;
  const tailSize = 12 + next(5);
  const tailGap = next(40);
  const after = next(10);
  const total = lead + 20 + sizes.reduce((n, s, i) => n + s + gaps[i]!, 0) + (withTail ? tailGap + tailSize : 0) + after;
  const buffer = Uint8Array.from({ length: total }, () => next(256));
  const within = buffer.subarray(lead);
  const pieces: Uint8Array[] = [];
  let at = 20;
  for (let i = 0; i < count; i++) {
    at += gaps[i]!;
    pieces.push(within.subarray(at, at + sizes[i]!));
    at += sizes[i]!;
  }
  let tail: Uint8Array | null = null;
  if (withTail) {
    at += tailGap;
    tail = within.subarray(at, at + tailSize);
  }
  return { buffer, within, pieces, tail };
}

function joined(parts: readonly Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

describe("gatherInPlace", () => {
  for (let seed = 1; seed <= 200; seed++) {
    it(`random layout #${seed}: the join, in place, and restored exactly`, () => {
      const { buffer, within, pieces, tail } = randomLayout(seed);
      const parts = tail === null ? pieces : [...pieces, tail];
      const expected = joined(parts);
      const before = buffer.slice();
      const first = pieces[0]!.byteOffset - buffer.byteOffset;
      const last = parts.at(-1)!;
      const end = last.byteOffset + last.byteLength - buffer.byteOffset;

      const gathered = gatherInPlace(pieces, tail, within);
      expect(gathered).not.toBeNull();
      expect(gathered!.bytes.buffer).toBe(buffer.buffer);
      expect(gathered!.bytes.byteOffset).toBe(pieces[0]!.byteOffset);
      expect(sameBytes(gathered!.bytes, expected)).toBe(true);
      expect(sameBytes(buffer.subarray(0, first), before.subarray(0, first))).toBe(true);
      expect(sameBytes(buffer.subarray(end), before.subarray(end))).toBe(true);

      gathered!.restore();
      expect(sameBytes(buffer, before)).toBe(true);
    });
  }

  it("the tag right behind a single piece but for its two header octets: moved over them", () => {
    const buffer = Uint8Array.from([9, 9, 1, 2, 3, 0x04, 0x02, 7, 8, 9]);
    const gathered = gatherInPlace([buffer.subarray(2, 5)], buffer.subarray(7, 9), buffer);
    expect([...gathered!.bytes]).toEqual([1, 2, 3, 7, 8]);
    gathered!.restore();
    expect([...buffer]).toEqual([9, 9, 1, 2, 3, 0x04, 0x02, 7, 8, 9]);
  });

  const refusals: readonly [string, (buffer: Uint8Array) => { pieces: Uint8Array[]; tail: Uint8Array | null; within: Uint8Array }][] = [
    ["a piece in another buffer", (b) => ({ pieces: [b.subarray(10, 20), new Uint8Array(5)], tail: null, within: b })],
    ["the tag in another buffer", (b) => ({ pieces: [b.subarray(10, 20)], tail: new Uint8Array(16), within: b })],
    ["pieces out of order", (b) => ({ pieces: [b.subarray(30, 40), b.subarray(10, 20)], tail: null, within: b })],
    ["overlapping pieces", (b) => ({ pieces: [b.subarray(10, 20), b.subarray(15, 25)], tail: null, within: b })],
    ["a piece before the writable part", (b) => ({ pieces: [b.subarray(2, 20)], tail: null, within: b.subarray(5) })],
    ["a piece past the writable part", (b) => ({ pieces: [b.subarray(10, 60)], tail: null, within: b.subarray(0, 50) })],
    ["nothing to gather", (b) => ({ pieces: [], tail: null, within: b })],
  ];
  for (const [name, make] of refusals) {
    it(`refuses ${name}, changing nothing`, () => {
      const buffer = Uint8Array.from({ length: 64 }, (_, i) => i);
      const { pieces, tail, within } = make(buffer);
      expect(gatherInPlace(pieces, tail, within)).toBeNull();
      expect([...buffer]).toEqual(Array.from({ length: 64 }, (_, i) => i));
    });
  }
});
