/*
 * Content-encryption algorithms: what the AlgorithmIdentifier names (RFC 3565 AES-CBC, RFC 5084 AES-GCM, RFC 3370
 * 3DES and RC2), and the one call that decrypts the whole content with the recovered key.
 */
import { bufferSource } from "../der.js";
import { isUniversal, malformedCms, MalformedCms, readOctets, readSmallInteger, sequenceOf, TAG, type AlgorithmId } from "./asn1-read.js";
import { ENC_OID, KNOWN_UNSUPPORTED } from "./algorithm-oids.js";
import { forgeCbcDecrypt, removePkcs7Padding } from "../../keys/legacy-ciphers.js";
import type { EnvelopeKind } from "./parse-envelope.js";

export type ContentCipher =
  | { readonly family: "aes-cbc"; readonly name: string; readonly keyLength: number; readonly iv: Uint8Array }
  | {
      readonly family: "aes-gcm";
      readonly name: string;
      readonly keyLength: number;
      readonly nonce: Uint8Array;
      /** Tag length in bytes (aes-ICVlen, 12 when absent). */
      readonly tagLength: number;
    }
  | { readonly family: "des-ede3-cbc"; readonly name: string; readonly keyLength: number; readonly iv: Uint8Array }
  | {
      readonly family: "rc2-cbc";
      readonly name: string;
      /** RC2 keys have no fixed length: the key transport decides it. */
      readonly keyLength: null;
      readonly effectiveBits: number;
      readonly iv: Uint8Array;
    };

export type CipherChoice =
  | { readonly ok: true; readonly cipher: ContentCipher }
  | { readonly ok: false; readonly error: "unsupported" | "malformed"; readonly detail: string };

const AES_CBC: Readonly<Record<string, number>> = { [ENC_OID.aes128Cbc]: 16, [ENC_OID.aes192Cbc]: 24, [ENC_OID.aes256Cbc]: 32 };
const AES_GCM: Readonly<Record<string, number>> = { [ENC_OID.aes128Gcm]: 16, [ENC_OID.aes192Gcm]: 24, [ENC_OID.aes256Gcm]: 32 };

/** RFC 5084 §3.2: the default and the allowed range of aes-ICVlen for GCM. */
const GCM_DEFAULT_TAG = 12;
const GCM_MIN_TAG = 12;
const GCM_MAX_TAG = 16;
/** GCM nonces: RFC 5084 recommends 12 bytes; longer ones are hashed by GCM. Past this bound a nonce is nonsense. */
const GCM_MAX_NONCE = 128;

/** RFC 2268 §6: rc2ParameterVersion values that stand for the common effective key sizes. */
const RC2_VERSION_BITS: Readonly<Record<number, number>> = { 160: 40, 120: 64, 58: 128 };
/** RFC 2268 §6: no rc2ParameterVersion means 32 effective bits. */
const RC2_DEFAULT_BITS = 32;

function ivOf(alg: AlgorithmId, length: number, name: string): Uint8Array {
  const iv = readOctets(alg.params ?? undefined, `${name} IV`);
  if (iv.byteLength !== length) malformedCms(`${name} IV has ${iv.byteLength} bytes, not ${length}`);
  return iv;
}

function rc2Parameters(alg: AlgorithmId): { effectiveBits: number; iv: Uint8Array } {
  const params = alg.params ?? undefined;
  // Some encoders put the IV alone, without the RC2CBCParameter SEQUENCE.
  if (isUniversal(params, TAG.octetString)) return { effectiveBits: RC2_DEFAULT_BITS, iv: ivOf(alg, 8, "RC2-CBC") };
  const fields = sequenceOf(params, "RC2CBCParameter");
  let version: number | null = null;
  let at = 0;
  if (isUniversal(fields[0], TAG.integer)) version = readSmallInteger(fields[at++], "rc2ParameterVersion");
  const iv = readOctets(fields[at], "RC2-CBC IV");
  if (iv.byteLength !== 8) malformedCms(`RC2-CBC IV has ${iv.byteLength} bytes, not 8`);
  const effectiveBits = version === null ? RC2_DEFAULT_BITS : version >= 256 ? version : RC2_VERSION_BITS[version];
  if (effectiveBits === undefined || effectiveBits > 1024) malformedCms(`rc2ParameterVersion ${version} is not defined`);
  return { effectiveBits, iv };
}

function gcmParameters(alg: AlgorithmId, name: string): { nonce: Uint8Array; tagLength: number } {
  const fields = sequenceOf(alg.params ?? undefined, `${name} GCMParameters`);
  const nonce = readOctets(fields[0], `${name} nonce`);
  if (nonce.byteLength === 0 || nonce.byteLength > GCM_MAX_NONCE) malformedCms(`${name} nonce has ${nonce.byteLength} bytes`);
  const tagLength = fields[1] === undefined ? GCM_DEFAULT_TAG : readSmallInteger(fields[1], `${name} aes-ICVlen`);
  if (tagLength < GCM_MIN_TAG || tagLength > GCM_MAX_TAG) malformedCms(`${name} aes-ICVlen ${tagLength} is outside 12..16`);
  return { nonce, tagLength };
}

/** Reads the content-encryption AlgorithmIdentifier and checks that it fits the envelope. */
export function contentCipherOf(alg: AlgorithmId, kind: EnvelopeKind): CipherChoice {
  try {
    const cbcKey = AES_CBC[alg.oid];
    const gcmKey = AES_GCM[alg.oid];
    let cipher: ContentCipher;
    if (cbcKey !== undefined) {
      const name = `AES-${cbcKey * 8}-CBC`;
      cipher = { family: "aes-cbc", name, keyLength: cbcKey, iv: ivOf(alg, 16, name) };
    } else if (gcmKey !== undefined) {
      const name = `AES-${gcmKey * 8}-GCM`;
      cipher = { family: "aes-gcm", name, keyLength: gcmKey, ...gcmParameters(alg, name) };
    } else if (alg.oid === ENC_OID.desEde3Cbc) {
      cipher = { family: "des-ede3-cbc", name: "3DES-CBC", keyLength: 24, iv: ivOf(alg, 8, "3DES-CBC") };
    } else if (alg.oid === ENC_OID.rc2Cbc) {
      const { effectiveBits, iv } = rc2Parameters(alg);
      cipher = { family: "rc2-cbc", name: "RC2-CBC", keyLength: null, effectiveBits, iv };
    } else {
      const known = KNOWN_UNSUPPORTED[alg.oid];
      return { ok: false, error: "unsupported", detail: `content encryption ${known ?? `algorithm ${alg.oid}`} is not supported` };
    }
    const aead = cipher.family === "aes-gcm";
    if (kind === "auth-enveloped" && !aead) {
      return { ok: false, error: "malformed", detail: `AuthEnvelopedData with ${cipher.name}, which does not authenticate` };
    }
    if (kind === "enveloped" && aead) {
      return { ok: false, error: "unsupported", detail: `${cipher.name} inside EnvelopedData (it has no field for the tag)` };
    }
    return { ok: true, cipher };
  } catch (e) {
    if (e instanceof MalformedCms) return { ok: false, error: "malformed", detail: e.message };
    throw e;
  }
}

/** The block size a CBC ciphertext must be a whole multiple of. */
export function blockSizeOf(cipher: ContentCipher): number | null {
  return cipher.family === "aes-cbc" ? 16 : cipher.family === "aes-gcm" ? null : 8;
}

/** Whether a recovered key has the length the cipher needs (RC2 takes any length from 1 to 128 bytes). */
export function keyFits(cipher: ContentCipher, key: Uint8Array): boolean {
  return cipher.keyLength === null ? key.byteLength >= 1 && key.byteLength <= 128 : key.byteLength === cipher.keyLength;
}

export type ContentDecryption =
  | { readonly ok: true; readonly content: Uint8Array }
  | { readonly ok: false; readonly error: "failed" | "unsupported"; readonly detail: string };

async function importAes(subtle: SubtleCrypto, name: "AES-CBC" | "AES-GCM", key: Uint8Array): Promise<CryptoKey | string> {
  try {
    return await subtle.importKey("raw", bufferSource(key), { name }, false, ["decrypt"]);
  } catch (e) {
    // Chromium's WebCrypto has no 192-bit AES, for one.
    return `this platform's WebCrypto refuses a ${key.byteLength * 8}-bit ${name} key: ${(e as Error).message}`;
  }
}

async function aesCbc(subtle: SubtleCrypto, cipher: { iv: Uint8Array }, key: CryptoKey, data: Uint8Array): Promise<ContentDecryption> {
  const failed: ContentDecryption = { ok: false, error: "failed", detail: "the content does not decrypt with this key (bad padding)" };
  // A wrong key is almost always caught by the padding of the last block alone: check that block first, so that a
  // key tried in vain does not cost a pass over a large content.
  const lastIv = data.byteLength > 16 ? data.subarray(data.byteLength - 32, data.byteLength - 16) : cipher.iv;
  try {
    await subtle.decrypt({ name: "AES-CBC", iv: bufferSource(lastIv) }, key, bufferSource(data.subarray(data.byteLength - 16)));
  } catch {
    return failed;
  }
  try {
    return { ok: true, content: new Uint8Array(await subtle.decrypt({ name: "AES-CBC", iv: bufferSource(cipher.iv) }, key, bufferSource(data))) };
  } catch {
    return failed;
  }
}

/**
 * Decrypts the whole content with one call. `data` is the joined ciphertext; for AES-GCM it already ends with the
 * tag (WebCrypto wants them together). A failure never carries any plaintext.
 */
export async function decryptContent(
  subtle: SubtleCrypto,
  cipher: ContentCipher,
  key: Uint8Array,
  data: Uint8Array,
  aad: Uint8Array | null,
): Promise<ContentDecryption> {
  if (!keyFits(cipher, key)) {
    return { ok: false, error: "failed", detail: `the recovered key has ${key.byteLength} bytes; ${cipher.name} needs ${cipher.keyLength}` };
  }
  switch (cipher.family) {
    case "aes-cbc": {
      const k = await importAes(subtle, "AES-CBC", key);
      if (typeof k === "string") {
        // Chromium refuses 192-bit AES keys; node-forge still decrypts them, slowly.
        const raw = forgeCbcDecrypt({ name: "aes" }, key, cipher.iv, data);
        if (raw === null) return { ok: false, error: "unsupported", detail: k };
        const content = removePkcs7Padding(raw, 16);
        return content ? { ok: true, content } : { ok: false, error: "failed", detail: "the content does not decrypt with this key (bad padding)" };
      }
      return aesCbc(subtle, cipher, k, data);
    }
    case "aes-gcm": {
      const k = await importAes(subtle, "AES-GCM", key);
      if (typeof k === "string") return { ok: false, error: "unsupported", detail: k };
      const params: AesGcmParams = { name: "AES-GCM", iv: bufferSource(cipher.nonce), tagLength: cipher.tagLength * 8 };
      if (aad) params.additionalData = bufferSource(aad);
      try {
        return { ok: true, content: new Uint8Array(await subtle.decrypt(params, k, bufferSource(data))) };
      } catch {
        return { ok: false, error: "failed", detail: "authentication failed: the content, its attributes or the tag were altered, or the key is wrong" };
      }
    }
    case "des-ede3-cbc":
    case "rc2-cbc": {
      // WebCrypto has neither cipher; node-forge works on binary strings, which is slow but these only appear in old mail.
      const forgeCipher = cipher.family === "rc2-cbc" ? { name: "rc2" as const, effectiveBits: cipher.effectiveBits } : { name: "3des" as const };
      const raw = forgeCbcDecrypt(forgeCipher, key, cipher.iv, data);
      const content = raw ? removePkcs7Padding(raw, 8) : null;
      return content ? { ok: true, content } : { ok: false, error: "failed", detail: "the content does not decrypt with this key (bad padding)" };
    }
  }
}
