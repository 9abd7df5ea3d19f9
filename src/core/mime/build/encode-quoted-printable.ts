/*
 * Quoted-printable for writing mail (RFC 2045 §6.7), for text whose bytes are not safe for transport. The input is
 * canonical text: CRLF pairs are hard line breaks and stay CRLF; any other CR or LF is encoded. Encoded lines are at
 * most 76 characters including the "=" of a soft break. Besides what RFC 2045 requires, "From " and "." at the start
 * of a line are encoded so that mbox files and SMTP servers that mishandle dot-stuffing leave the text alone.
 */
import type { PieceWriter } from "./piece-writer.js";

const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;
const EQUALS = 0x3d;
const DOT = 0x2e;
const F = 0x46;
const HEX = new TextEncoder().encode("0123456789ABCDEF");
/** RFC 2045 §6.7 rule 5. */
const MAX_ENCODED_LINE = 76;
/** Output is written into buffers of this size, handed to the writer as each fills. */
const CHUNK_BYTES = 64 * 1024;
/** Room for the largest step: a soft break and one encoded byte, or a hard break. */
const STEP_BYTES = 8;

function isBreakAt(input: Uint8Array, i: number): boolean {
  return i === input.length || (input[i] === CR && input[i + 1] === LF);
}

function startsFrom(input: Uint8Array, i: number): boolean {
  return input[i] === F && input[i + 1] === 0x72 && input[i + 2] === 0x6f && input[i + 3] === 0x6d && input[i + 4] === SPACE;
}

/** Writes `text` quoted-printable encoded; the output ends with CRLF exactly when the input does. */
export function encodeQuotedPrintable(text: Uint8Array, out: PieceWriter): void {
  const n = text.length;
  let buf = new Uint8Array(CHUNK_BYTES);
  let o = 0;
  let col = 0;
  for (let i = 0; i < n; i++) {
    if (o > CHUNK_BYTES - STEP_BYTES) {
      out.push(buf.subarray(0, o));
      buf = new Uint8Array(CHUNK_BYTES);
      o = 0;
    }
    const b = text[i]!;
    if (b === CR && text[i + 1] === LF) {
      buf[o++] = CR;
      buf[o++] = LF;
      col = 0;
      i++;
      continue;
    }
    const lineEndsHere = isBreakAt(text, i + 1);
    let literal = b === SPACE || b === TAB ? !lineEndsHere : b > SPACE && b < 0x7f && b !== EQUALS;
    // The last character of a line may use the column a soft break would otherwise need.
    const limit = lineEndsHere ? MAX_ENCODED_LINE : MAX_ENCODED_LINE - 1;
    if (col + (literal ? 1 : 3) > limit) {
      buf[o++] = EQUALS;
      buf[o++] = CR;
      buf[o++] = LF;
      col = 0;
    }
    if (col === 0 && literal && (b === DOT || (b === F && startsFrom(text, i)))) literal = false;
    if (literal) {
      buf[o++] = b;
      col++;
    } else {
      buf[o++] = EQUALS;
      buf[o++] = HEX[b >> 4]!;
      buf[o++] = HEX[b & 15]!;
      col += 3;
    }
  }
  out.push(buf.subarray(0, o));
}
