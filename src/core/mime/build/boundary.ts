/*
 * Multipart boundaries (RFC 2046 §5.1.1) for the entities we write: random, and checked against the content they
 * enclose, since a boundary that occurs inside a part ends that part early.
 */

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** 24 characters of a 62-letter alphabet: about 143 bits, so a collision needs a hostile content. */
const RANDOM_CHARS = 24;
/** "=_" cannot occur in base64 and only as "=5F" in quoted-printable, so encoded parts never hold the boundary. */
const PREFIX = "=_inkan_";
/** A fresh boundary that collides again this often is not chance: the content is built to defeat us. */
const MAX_ATTEMPTS = 8;

export type RandomSource = (bytes: Uint8Array<ArrayBuffer>) => Uint8Array;

function randomBoundary(random: RandomSource): string {
  const bytes = random(new Uint8Array(RANDOM_CHARS));
  let s = PREFIX;
  // The slight bias of `% 62` costs a fraction of a bit; a boundary needs uniqueness, not uniformity.
  for (const b of bytes) s += ALPHABET[b % 62]!;
  return s;
}

/** Boyer-Moore-Horspool: skips about the needle's length per step, so a 30-byte needle crosses 50 MB quickly. */
export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  const m = needle.length;
  const n = haystack.length;
  if (m === 0) return 0;
  if (m > n) return -1;
  const shift = new Int32Array(256).fill(m);
  for (let k = 0; k < m - 1; k++) shift[needle[k]!] = m - 1 - k;
  const last = needle[m - 1]!;
  for (let i = 0; i <= n - m; ) {
    const c = haystack[i + m - 1]!;
    if (c === last) {
      let k = m - 2;
      while (k >= 0 && haystack[i + k] === needle[k]) k--;
      if (k < 0) return i;
    }
    i += shift[c]!;
  }
  return -1;
}

/** A boundary that occurs in none of `contents`, or null when every attempt collided. */
export function chooseBoundary(random: RandomSource, contents: readonly Uint8Array[]): string | null {
  const encoder = new TextEncoder();
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const boundary = randomBoundary(random);
    const needle = encoder.encode(boundary);
    if (contents.every((c) => indexOfBytes(c, needle) < 0)) return boundary;
  }
  return null;
}
