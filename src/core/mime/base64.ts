/*
 * Base64 (RFC 2045 §6.8) for message bodies and encoded words. Mail base64 is wrapped at 76 columns, sometimes
 * lacks padding and now and then carries stray characters, so the decoder skips everything outside the alphabet
 * (padding included) instead of failing: a signature check on the result catches real damage.
 */

/** Sextet value per byte, -1 for bytes outside the alphabet. */
const SEXTETS: Int8Array = (() => {
  const table = new Int8Array(256).fill(-1);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

/** Decodes into one preallocated buffer; a trailing group of 2 or 3 sextets yields 1 or 2 bytes, a lone sextet
 * carries too few bits for a byte and is dropped. `headroom` bytes of that buffer are left unused in front of the
 * result, for a caller that later puts something before it (or a result computed over it) without another copy. */
export function decodeBase64(input: Uint8Array, headroom = 0): Uint8Array {
  const out = new Uint8Array(headroom + Math.floor((input.length * 3) / 4) + 3);
  const table = SEXTETS;
  const len = input.length;
  let o = headroom;
  let acc = 0;
  let n = 0;
  let i = 0;
  while (i < len) {
    if (n === 0) {
      // Whole groups of four alphabet characters, the bulk of every line, in one step each.
      while (i + 3 < len) {
        const a = table[input[i]!]!;
        const b = table[input[i + 1]!]!;
        const c = table[input[i + 2]!]!;
        const d = table[input[i + 3]!]!;
        if ((a | b | c | d) < 0) break;
        out[o] = (a << 2) | (b >> 4);
        out[o + 1] = ((b & 15) << 4) | (c >> 2);
        out[o + 2] = ((c & 3) << 6) | d;
        o += 3;
        i += 4;
      }
      if (i >= len) break;
    }
    const v = table[input[i++]!]!;
    if (v < 0) continue;
    acc = (acc << 6) | v;
    if (++n === 4) {
      out[o] = acc >>> 16;
      out[o + 1] = (acc >>> 8) & 0xff;
      out[o + 2] = acc & 0xff;
      o += 3;
      acc = 0;
      n = 0;
    }
  }
  if (n === 2) {
    out[o++] = (acc >>> 4) & 0xff;
  } else if (n === 3) {
    out[o++] = (acc >>> 10) & 0xff;
    out[o++] = (acc >>> 2) & 0xff;
  }
  return out.subarray(headroom, o);
}
