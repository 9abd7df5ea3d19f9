/*
 * Canonical line endings (RFC 8551 §3.1.1): a multipart/signed part is hashed with every line ending as CRLF, but
 * mail stores and clients often hand over LF-only text.
 */

const LF = 0x0a;
const CR = 0x0d;

/**
 * Bare LF and bare CR become CRLF. Returns `bytes` itself, not a copy, when it is already canonical. Two passes
 * (count, then copy the canonical stretches with native set) driven by native indexOf.
 */
export function toCanonicalCRLF(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  let missing = 0;
  for (let i = bytes.indexOf(LF); i >= 0; i = bytes.indexOf(LF, i + 1)) {
    if (i === 0 || bytes[i - 1] !== CR) missing++;
  }
  for (let i = bytes.indexOf(CR); i >= 0; i = bytes.indexOf(CR, i + 1)) {
    if (i + 1 === n || bytes[i + 1] !== LF) missing++;
  }
  if (missing === 0) return bytes;

  const out = new Uint8Array(n + missing);
  let o = 0;
  let from = 0;
  let lf = bytes.indexOf(LF);
  let cr = bytes.indexOf(CR);
  // Walk the LF and CR positions in order; only bare ones cause a copy, so canonical stretches move in one set().
  while (lf >= 0 || cr >= 0) {
    const atLf = cr < 0 || (lf >= 0 && lf < cr);
    const i = atLf ? lf : cr;
    const bare = atLf ? i === 0 || bytes[i - 1] !== CR : i + 1 === n || bytes[i + 1] !== LF;
    if (bare) {
      out.set(bytes.subarray(from, i), o);
      o += i - from;
      out[o++] = CR;
      out[o++] = LF;
      from = i + 1;
    }
    if (atLf) lf = bytes.indexOf(LF, i + 1);
    else cr = bytes.indexOf(CR, i + 1);
  }
  out.set(bytes.subarray(from), o);
  return out;
}
