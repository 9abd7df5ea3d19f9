/*
 * Copying stretches of a parsed message into output in canonical form (CRLF line ends). Canonical stretches go
 * on as views of the input, which the PieceWriter merges when they follow one another.
 */
import { toCanonicalCRLF } from "../canonical.js";
import type { HeaderField } from "../types.js";
import type { PieceWriter } from "./piece-writer.js";

const CR = 0x0d;
const LF = 0x0a;

export function keepRange(w: PieceWriter, source: Uint8Array, start: number, end: number): void {
  if (end > start) w.push(toCanonicalCRLF(source.subarray(start, end)));
}

/** Where the line break at `at` ends; `at` itself when there is none (the end of the input). */
export function lineBreakEnd(source: Uint8Array, at: number): number {
  if (source[at] === CR && source[at + 1] === LF) return at + 2;
  if (source[at] === LF) return at + 1;
  return at;
}

/** One header field, folded lines and all, with its line break. */
export function keepField(w: PieceWriter, source: Uint8Array, field: HeaderField): void {
  const end = lineBreakEnd(source, field.raw.end);
  keepRange(w, source, field.raw.start, end);
  if (end === field.raw.end) w.ascii("\r\n");
}
