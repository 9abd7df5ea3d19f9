/*
 * Key unwrapping for key agreement and KEK recipients: AES key wrap (RFC 3394, as RFC 3565 uses it) through
 * WebCrypto, and the CMS Triple-DES key wrap (RFC 3217 §3.2), which OpenSSL picks when the content cipher is 3DES.
 */
import { bufferSource } from "../der.js";
import { forgeCbcDecrypt } from "../../keys/legacy-ciphers.js";
import { AES_WRAP_KEY_BYTES, ENC_OID, nameOf } from "./algorithm-oids.js";
import { hasNoParams, type AlgorithmId } from "./asn1-read.js";

export type Unwrapped =
  | { readonly ok: true; readonly key: Uint8Array }
  | { readonly ok: false; readonly error: "failed" | "unsupported"; readonly detail: string };

/** RFC 3217 §3.2: the fixed IV of the outer 3DES wrapping layer. */
const TRIPLE_DES_WRAP_IV = new Uint8Array([0x4a, 0xdd, 0xa2, 0x2c, 0x79, 0xe8, 0x21, 0x05]);
const TRIPLE_DES_KEY = 24;
/** A wrapped 3DES key: IV (8) + key (24) + checksum (8). */
const TRIPLE_DES_WRAPPED = 40;

/** The key-encryption key length the wrap algorithm needs, or null when it is not one we can do. */
export function wrapKeyLength(alg: AlgorithmId): number | null {
  const aes = AES_WRAP_KEY_BYTES[alg.oid];
  if (aes !== undefined) return hasNoParams(alg) ? aes : null;
  return alg.oid === ENC_OID.cms3desWrap ? TRIPLE_DES_KEY : null;
}

export function unsupportedWrap(alg: AlgorithmId): string {
  return `key wrap ${nameOf(alg.oid)} is not supported`;
}

const WRONG_KEY = "the key does not unwrap (key wrap integrity check failed): wrong key or damaged data";

async function aesKeyUnwrap(subtle: SubtleCrypto, kek: Uint8Array, wrapped: Uint8Array): Promise<Unwrapped> {
  if (wrapped.byteLength < 24 || wrapped.byteLength % 8 !== 0) {
    return { ok: false, error: "failed", detail: `a wrapped key of ${wrapped.byteLength} bytes is not AES key wrap output` };
  }
  let wrappingKey: CryptoKey;
  try {
    wrappingKey = await subtle.importKey("raw", bufferSource(kek), { name: "AES-KW" }, false, ["unwrapKey"]);
  } catch (e) {
    return { ok: false, error: "unsupported", detail: `this platform's WebCrypto refuses a ${kek.byteLength * 8}-bit AES-KW key: ${(e as Error).message}` };
  }
  try {
    // WebCrypto only unwraps into a CryptoKey: an HMAC key takes any length and can be exported again.
    const unwrapped = await subtle.unwrapKey("raw", bufferSource(wrapped), wrappingKey, { name: "AES-KW" }, { name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
    return { ok: true, key: new Uint8Array(await subtle.exportKey("raw", unwrapped)) };
  } catch {
    return { ok: false, error: "failed", detail: WRONG_KEY };
  }
}

async function tripleDesKeyUnwrap(subtle: SubtleCrypto, kek: Uint8Array, wrapped: Uint8Array): Promise<Unwrapped> {
  if (wrapped.byteLength !== TRIPLE_DES_WRAPPED) {
    return { ok: false, error: "failed", detail: `a wrapped key of ${wrapped.byteLength} bytes is not 3DES key wrap output` };
  }
  const temp3 = await forgeCbcDecrypt({ name: "3des" }, kek, TRIPLE_DES_WRAP_IV, wrapped);
  if (temp3 === null) return { ok: false, error: "failed", detail: WRONG_KEY };
  const temp2 = temp3.slice().reverse();
  const inner = await forgeCbcDecrypt({ name: "3des" }, kek, temp2.subarray(0, 8), temp2.subarray(8));
  if (inner === null) return { ok: false, error: "failed", detail: WRONG_KEY };
  const key = inner.subarray(0, TRIPLE_DES_KEY);
  const checksum = new Uint8Array(await subtle.digest("SHA-1", bufferSource(key))).subarray(0, 8);
  let diff = 0;
  for (let i = 0; i < 8; i++) diff |= checksum[i]! ^ inner[TRIPLE_DES_KEY + i]!;
  return diff === 0 ? { ok: true, key: key.slice() } : { ok: false, error: "failed", detail: WRONG_KEY };
}

export function unwrapKey(subtle: SubtleCrypto, alg: AlgorithmId, kek: Uint8Array, wrapped: Uint8Array): Promise<Unwrapped> {
  return alg.oid === ENC_OID.cms3desWrap ? tripleDesKeyUnwrap(subtle, kek, wrapped) : aesKeyUnwrap(subtle, kek, wrapped);
}

/** How a wrap algorithm is named in notes. */
export function wrapName(alg: AlgorithmId): string {
  const aes = AES_WRAP_KEY_BYTES[alg.oid];
  return aes !== undefined ? `AES-${aes * 8} key wrap` : "3DES key wrap";
}
