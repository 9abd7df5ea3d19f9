/*
 * Whether bytes can cross any SMTP relay unchanged (RFC 5321 §2.4, RFC 2045 §2.7): 7-bit, no NUL, lines of at most
 * 998 octets. Anything else may be re-encoded by a relay without 8BITMIME (or wrapped by one that enforces the line
 * limit), which breaks a signature over those bytes. The same scan tells whether line ends already are CRLF, so
 * that canonical input is passed on without another pass.
 */

const LF = 0x0a;
const CR = 0x0d;
/** RFC 5322 §2.1.1: at most 998 characters on a line, not counting the CRLF. */
export const MAX_LINE_OCTETS = 998;

/**
 * `unsafe`: 8-bit, NUL or an overlong line. `canonical`: safe, and every line end is CRLF. `bare-line-ends`: safe,
 * but some CR or LF stands alone.
 */
export type TransportScan = "unsafe" | "canonical" | "bare-line-ends";

interface ScanState {
  canonical: boolean;
  /** Where the current line starts. */
  lineStart: number;
}

/** Bytes [from, to) one at a time; false when they make the whole unsafe. */
function scanBytes(bytes: Uint8Array, from: number, to: number, state: ScanState): boolean {
  for (let i = from; i < to; i++) {
    const b = bytes[i]!;
    if (b >= 0x0e) {
      if (b >= 0x80) return false;
    } else if (b === LF) {
      const crlf = i > 0 && bytes[i - 1] === CR;
      if (!crlf) state.canonical = false;
      if (i - state.lineStart - (crlf ? 1 : 0) > MAX_LINE_OCTETS) return false;
      state.lineStart = i + 1;
    } else if (b === 0) {
      return false;
    } else if (b === CR && bytes[i + 1] !== LF) {
      state.canonical = false;
    }
  }
  return true;
}

/**
 * One pass, four bytes at a time: a word whose bytes are all in 0x0E..0x7F (the bulk of text and base64) costs a
 * few integer operations; only words holding a control character or an 8-bit byte are looked at byte by byte.
 * Lines are measured at their line ends, so a long run of plain words needs no counting.
 */
export function scanTransport(bytes: Uint8Array): TransportScan {
  const n = bytes.byteLength;
  const state: ScanState = { canonical: true, lineStart: 0 };
  // Bytes before the first 4-byte-aligned address; a short input is all head.
  const head = Math.min(n, (4 - (bytes.byteOffset & 3)) & 3);
  if (!scanBytes(bytes, 0, head, state)) return "unsafe";
  const words = (n - head) >>> 2;
  const w32 = words > 0 ? new Int32Array(bytes.buffer, bytes.byteOffset + head, words) : new Int32Array(0);
  for (let k = 0; k < words; k++) {
    const w = w32[k]!;
    // Non-zero when some byte is below 0x0E or has its high bit set (the "hasless" bit trick plus the high bits).
    if ((((((w - 0x0e0e0e0e) | 0) & ~w) | w) & 0x80808080) === 0) continue;
    const at = head + (k << 2);
    if (!scanBytes(bytes, at, at + 4, state)) return "unsafe";
  }
  if (!scanBytes(bytes, head + words * 4, n, state)) return "unsafe";
  if (n - state.lineStart > MAX_LINE_OCTETS) return "unsafe";
  return state.canonical ? "canonical" : "bare-line-ends";
}

export function isTransportSafe(bytes: Uint8Array): boolean {
  return scanTransport(bytes) !== "unsafe";
}

/** Any byte >= 0x80? */
export function hasEightBit(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! & 0x80) return true;
  return false;
}
