import { DEFAULT_ROOTS } from "./default-roots.js";

let decoded: readonly Uint8Array[] | undefined;

/** Uint8Array.fromBase64 (ECMAScript 2026; current browsers): native, where the loop below runs cold on first use. */
const fromBase64 = (Uint8Array as { fromBase64?: (text: string) => Uint8Array }).fromBase64;

function base64ToBytes(b64: string): Uint8Array {
  if (fromBase64 !== undefined) return fromBase64(b64);
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The built-in publicly trusted S/MIME roots as DER. The base64 is decoded on first use only; each call returns
 * fresh copies, because a caller writing into a shared array would silently change the trust anchors of every
 * later verification.
 */
export function defaultRootsDer(): Uint8Array[] {
  decoded ??= DEFAULT_ROOTS.map((root) => base64ToBytes(root.der));
  return decoded.map((der) => der.slice());
}
