/*
 * Quoted-printable (RFC 2045 §6.7). Decoding never fails: a malformed `=` sequence is kept literally, which is
 * what RFC 2045 §6.7 note (2) suggests for robustness.
 */

const EQUALS = 0x3d;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

function hexValue(b: number | undefined): number {
  if (b === undefined) return -1;
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  if (b >= 0x61 && b <= 0x66) return b - 0x57; // lower case is not canonical but is common
  return -1;
}

function isBlank(b: number | undefined): boolean {
  return b === SPACE || b === TAB;
}

/** Index of the line break that ends the run of blanks starting at `i`, or -1 when something else follows. */
function breakAfterBlanks(input: Uint8Array, i: number): number {
  let j = i;
  while (isBlank(input[j])) j++;
  if (input[j] === LF || (input[j] === CR && input[j + 1] === LF) || j === input.length) return j;
  return -1;
}

export function decodeQuotedPrintable(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(input.length);
  const len = input.length;
  let o = 0;
  let i = 0;
  while (i < len) {
    const b = input[i]!;
    if (b === EQUALS) {
      const hi = hexValue(input[i + 1]);
      const lo = hexValue(input[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out[o++] = (hi << 4) | lo;
        i += 3;
        continue;
      }
      // Soft line break: "=" then optional transport padding, then the line break (or the end of the body).
      const brk = breakAfterBlanks(input, i + 1);
      if (brk >= 0) {
        i = brk === len ? len : input[brk] === CR ? brk + 2 : brk + 1;
        continue;
      }
      out[o++] = b;
      i++;
      continue;
    }
    if (isBlank(b)) {
      let j = i + 1;
      while (isBlank(input[j])) j++;
      // Trailing blanks before a hard line break were added in transport (RFC 2045 §6.7 rule 3): drop them.
      const atBreak = j === len || input[j] === LF || (input[j] === CR && input[j + 1] === LF);
      if (!atBreak) {
        out.set(input.subarray(i, j), o);
        o += j - i;
      }
      i = j;
      continue;
    }
    out[o++] = b;
    i++;
  }
  return out.subarray(0, o);
}
