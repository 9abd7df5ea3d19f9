/**
 * node-forge works on "binary strings" (one character per octet). These convert without building argument lists
 * as long as the data (String.fromCharCode.apply on a large array overflows the stack).
 */

/** Octets per String.fromCharCode call: far below any engine's argument limit. */
const CHUNK = 8192;

export function toBinaryString(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.byteLength; i += CHUNK) {
    out += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return out;
}

export function fromBinaryString(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}
