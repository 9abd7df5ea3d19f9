import { expect } from "vitest";
import type { ByteRange, MimePart } from "../../../src/core/mime/index.js";

/** One byte per char: test messages are written as JS strings of latin1 chars. */
export function bytes(latin1: string): Uint8Array {
  return Uint8Array.from(latin1, (c) => c.charCodeAt(0) & 0xff);
}

export function latin1(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += String.fromCharCode(x);
  return s;
}

export function utf8Latin1(text: string): string {
  return latin1(new TextEncoder().encode(text));
}

export function at(part: MimePart, range: ByteRange | undefined): string {
  if (!range) throw new Error("range is absent");
  return latin1(part.source.subarray(range.start, range.end));
}

export function walk(part: MimePart, visit: (p: MimePart) => void): void {
  visit(part);
  for (const c of part.children) walk(c, visit);
}

function within(r: ByteRange, outer: ByteRange): boolean {
  return outer.start <= r.start && r.start <= r.end && r.end <= outer.end;
}

/** Structural invariants every parse must satisfy, whatever the input. */
export function expectInvariants(root: MimePart): void {
  walk(root, (p) => {
    const all = { start: 0, end: p.source.length };
    expect(within(p.range, all)).toBe(true);
    expect(within(p.headerRange, p.range)).toBe(true);
    expect(within(p.bodyRange, p.range)).toBe(true);
    expect(p.headerRange.end).toBeLessThanOrEqual(p.bodyRange.start);
    expect(p.bodyRange.end).toBe(p.range.end);
    for (const h of p.headers) expect(within(h.raw, p.headerRange)).toBe(true);
    let last = p.bodyRange.start;
    if (p.preamble) {
      expect(within(p.preamble, p.bodyRange)).toBe(true);
      last = p.preamble.end;
    }
    for (const c of p.children) {
      expect(c.depth).toBe(p.depth + 1);
      if (c.source === p.source) {
        expect(within(c.range, p.bodyRange)).toBe(true);
        expect(c.range.start).toBeGreaterThanOrEqual(last);
        last = c.range.end;
      }
    }
    if (p.epilogue) {
      expect(within(p.epilogue, p.bodyRange)).toBe(true);
      expect(p.epilogue.start).toBeGreaterThanOrEqual(last);
    }
  });
}
