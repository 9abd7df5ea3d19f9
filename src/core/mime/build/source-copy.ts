/*
 * Copying stretches of a parsed message into output in canonical form (CRLF line ends). Canonical stretches go
 * on as views of the input, which the PieceWriter merges when they follow one another.
 */
import { toCanonicalCRLF } from "../canonical.js";
import type { HeaderField } from "../types.js";
import { sevenBitField } from "./encode-header-field.js";
import type { PieceWriter } from "./piece-writer.js";

const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;

export function keepRange(w: PieceWriter, source: Uint8Array, start: number, end: number): void {
  if (end > start) w.push(toCanonicalCRLF(source.subarray(start, end)));
}

/** Where the line break at `at` ends; `at` itself when there is none (the end of the input). */
export function lineBreakEnd(source: Uint8Array, at: number): number {
  if (source[at] === CR && source[at + 1] === LF) return at + 2;
  if (source[at] === LF) return at + 1;
  return at;
}

/**
 * A header field's bytes with CRLF folds. Every LF in a field is a fold (the parser ends a field at any other
 * line), but a CR alone is not: turned into a line break it would end the header block early, so it becomes a
 * space, as does NUL when `noNul` asks for it.
 */
function fieldBytes(field: Uint8Array, noNul: boolean): Uint8Array {
  const canonical = toCanonicalCRLF(field);
  if (canonical === field && !(noNul && field.indexOf(0) >= 0)) return field;
  const out: number[] = [];
  for (let i = 0; i < field.length; i++) {
    const b = field[i]!;
    if (b === LF) {
      if (field[i - 1] !== CR) out.push(CR);
      out.push(LF);
    } else if (b === CR) {
      out.push(field[i + 1] === LF ? CR : SPACE);
    } else {
      out.push(b === 0 && noNul ? SPACE : b);
    }
  }
  return Uint8Array.from(out);
}

function writeField(w: PieceWriter, source: Uint8Array, field: HeaderField, noNul: boolean): void {
  const end = lineBreakEnd(source, field.raw.end);
  const bytes = source.subarray(field.raw.start, end);
  const fixed = fieldBytes(bytes, noNul);
  w.push(fixed);
  if (end === field.raw.end) w.ascii("\r\n");
}

/** One header field, folded lines and all, with its line break. */
export function keepField(w: PieceWriter, source: Uint8Array, field: HeaderField): void {
  writeField(w, source, field, false);
}

/**
 * A header field of a signed entity: kept, or rewritten in 7-bit form when it holds raw 8-bit bytes, which are no
 * safer in a header than in a body.
 */
export function keepSafeField(w: PieceWriter, source: Uint8Array, field: HeaderField): void {
  const rewritten = sevenBitField(source, field);
  if (rewritten === null) writeField(w, source, field, true);
  else w.ascii(rewritten);
}
