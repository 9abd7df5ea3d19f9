/*
 * Boundary delimiter lines of a multipart body (RFC 2046 §5.1.1). The delimiter is "--" + boundary at the start
 * of a line, followed by optional transport padding (blanks) and the line break; the close delimiter has "--"
 * after the boundary. The line break BEFORE a delimiter belongs to the delimiter, so a body part ends where that
 * line break starts: these ranges are what a multipart/signed verifier hashes and must be exact.
 *
 * Speed: the scan jumps with native indexOf to the next "-" and, when that "-" cannot start a delimiter, to the
 * next line; base64 bodies contain no "-" at all, so a 50 MB attachment is crossed in one call.
 */
import type { ByteRange } from "./types.js";

const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;
const SPACE = 0x20;
const TAB = 0x09;
/** Up to this many bytes the rest of a line is scanned in JS; longer lines go to native indexOf. */
const SHORT_LINE = 32;

export interface BoundaryScan {
  /** Before the first delimiter line (without the line break that belongs to it). */
  readonly preamble: ByteRange;
  /** Each body part: after the delimiter line's line break, up to the line break before the next delimiter. */
  readonly parts: readonly ByteRange[];
  /** After the close delimiter line; absent when there is none. */
  readonly epilogue?: ByteRange;
  /** A close delimiter was found. */
  readonly closed: boolean;
  /** More parts followed than `maxParts`; they were left out. */
  readonly truncated: boolean;
}

interface Delimiter {
  /** Where the "--" starts. */
  readonly lineStart: number;
  /** After the delimiter line's line break (or the end of the body). */
  readonly after: number;
  readonly close: boolean;
}

/** Matches a delimiter line at `p` (a line start holding "-") of `body`. */
function delimiterAt(body: Uint8Array, p: number, boundary: Uint8Array): Delimiter | undefined {
  const n = body.length;
  const bl = boundary.length;
  if (p + 2 + bl > n || body[p + 1] !== DASH) return undefined;
  for (let k = 0; k < bl; k++) if (body[p + 2 + k] !== boundary[k]) return undefined;
  let i = p + 2 + bl;
  const close = body[i] === DASH && body[i + 1] === DASH;
  if (close) i += 2;
  while (i < n && (body[i] === SPACE || body[i] === TAB)) i++;
  if (i === n) return { lineStart: p, after: n, close };
  if (body[i] === LF) return { lineStart: p, after: i + 1, close };
  if (body[i] === CR && (i + 1 === n || body[i + 1] === LF)) return { lineStart: p, after: Math.min(n, i + 2), close };
  return undefined;
}

/** Start of the line break that ends just before `lineStart` (CRLF or LF), or `lineStart` at the body's start. */
function breakBefore(body: Uint8Array, lineStart: number): number {
  if (lineStart === 0) return 0;
  const lf = lineStart - 1;
  return lf > 0 && body[lf - 1] === CR ? lf - 1 : lf;
}

/**
 * Finds the body parts of the multipart body [start, end) of `source`. Returns undefined when no delimiter line
 * is there at all. Without a close delimiter the last part runs to the end. At most `maxParts` parts are returned.
 */
export function findBoundaries(
  source: Uint8Array,
  start: number,
  end: number,
  boundary: Uint8Array,
  maxParts: number,
): BoundaryScan | undefined {
  const body = source.subarray(start, end);
  const n = body.length;
  const delimiters: Delimiter[] = [];
  // `pos` is always a line start. Lines that start with "-" are checked without a native call, so a body made
  // of short dash lines costs a JS loop rather than two indexOf calls per line.
  let pos = 0;
  while (pos < n) {
    const p = body[pos] === DASH ? pos : body.indexOf(DASH, pos);
    if (p < 0) break;
    const d = p === 0 || body[p - 1] === LF ? delimiterAt(body, p, boundary) : undefined;
    if (d) {
      delimiters.push(d);
      // One delimiter beyond maxParts tells where the last kept part ends.
      if (d.close || delimiters.length > maxParts) break;
      pos = d.after;
      continue;
    }
    let lf = p + 1;
    const stop = Math.min(n, lf + SHORT_LINE);
    while (lf < stop && body[lf] !== LF) lf++;
    if (lf === stop) lf = stop === n ? -1 : body.indexOf(LF, stop);
    if (lf < 0) break;
    pos = lf + 1;
  }
  if (delimiters.length === 0) return undefined;

  const abs = (a: number, b: number): ByteRange => ({ start: start + a, end: start + Math.max(a, b) });
  const first = delimiters[0]!;
  const lastDelimiter = delimiters[delimiters.length - 1]!;
  const closed = lastDelimiter.close;
  const truncated = !closed && delimiters.length > maxParts;
  const parts: ByteRange[] = [];
  for (let i = 0; i < delimiters.length; i++) {
    const d = delimiters[i]!;
    if (d.close || parts.length >= maxParts) break;
    const next = delimiters[i + 1];
    parts.push(abs(d.after, next ? breakBefore(body, next.lineStart) : n));
  }
  const scan: BoundaryScan = {
    preamble: abs(0, breakBefore(body, first.lineStart)),
    parts,
    closed,
    truncated,
  };
  return closed ? { ...scan, epilogue: abs(lastDelimiter.after, n) } : scan;
}
