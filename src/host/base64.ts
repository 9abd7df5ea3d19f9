/**
 * Plain base64 (no line breaks) as office.js and Graph use it: attachment content and getAsFileAsync hand it over,
 * sendMail takes the outgoing MIME in it. Mail's own line-wrapped base64 lives in core/mime.
 */

/** Decodes strict base64; throws on characters outside the alphabet, which from office.js means a bug. */
export function base64ToBytes(b64: string): Uint8Array {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * btoa takes a string of byte-valued characters; building it in slices keeps String.fromCharCode's argument list
 * below engines' limits. A multiple of 3, so that each slice encodes without padding and the pieces join.
 */
const SLICE_BYTES = 3 * 8192;

export function bytesToBase64(bytes: Uint8Array): string {
  // ECMAScript 2026's own encoder (Chromium 140+, so current Edge WebView2; Safari 18.2; Firefox 133) does a 5 MB
  // message in a few milliseconds, where the slices below take a tenth of a second.
  const native = (bytes as Uint8Array & { toBase64?: () => string }).toBase64;
  if (typeof native === "function") return native.call(bytes);
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += SLICE_BYTES) {
    parts.push(btoa(String.fromCharCode(...bytes.subarray(i, i + SLICE_BYTES))));
  }
  return parts.join("");
}

/** The decoded size of a base64 string, without decoding it. */
export function base64DecodedLength(b64: string): number {
  const padding = b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0;
  return Math.floor((b64.length * 3) / 4) - padding;
}
