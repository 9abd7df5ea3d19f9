/*
 * Bytes <-> "binary strings" (one char per byte, U+0000..U+00FF). Header values travel as such strings until they
 * are decoded for display. TextDecoder cannot do this: its "latin1" label is windows-1252, which remaps 0x80..0x9F.
 */

/** String.fromCharCode.apply takes its bytes as arguments; chunks keep it below engines' argument limits. */
const CHUNK = 8192;

export function bytesToLatin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = "";
  for (let i = start; i < end; i += CHUNK) {
    const stop = Math.min(end, i + CHUNK);
    out += String.fromCharCode.apply(null, bytes.subarray(i, stop) as unknown as number[]);
  }
  return out;
}

/** Chars above U+00FF keep their low byte; callers only pass strings that came from bytesToLatin1 or ASCII. */
export function latin1ToBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

export function hasNonLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return true;
  return false;
}
