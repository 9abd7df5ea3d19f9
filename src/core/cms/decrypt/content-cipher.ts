/*
 * Content-encryption algorithms: what the AlgorithmIdentifier names (RFC 3565 AES-CBC, RFC 5084 AES-GCM, RFC 3370
 * 3DES and RC2), and decrypting the content with the recovered key.
 */
import { lastBytes, totalByteLength } from "../../bytes.js";
import { bufferSource } from "../der.js";
import { isUniversal, malformedCms, MalformedCms, readOctets, readSmallInteger, sequenceOf, TAG, type AlgorithmId } from "./asn1-read.js";
import { ENC_OID, KNOWN_UNSUPPORTED } from "./algorithm-oids.js";
import { forgeCbcDecrypt, removePkcs7Padding } from "../../keys/legacy-ciphers.js";
import { gatherInPlace } from "./gather-in-place.js";
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

/** The encrypted content of an envelope, as it lies in the input. */
export interface EncryptedContent {
  /** The ciphertext: one view, or the pieces of a constructed (BER) encoding. */
  readonly pieces: readonly Uint8Array[];
  /** AES-GCM: the authentication tag; null otherwise. */
  readonly tag: Uint8Array | null;
  /** AES-GCM: the authenticated attributes as additional data, or null. */
  readonly aad: Uint8Array | null;
  /** The pieces and then the tag in one buffer, joined on first use and kept for further keys. */
  readonly joined: () => Uint8Array;
}

/**
 * Ciphertext per WebCrypto call when AES-CBC content is decrypted in place: WebCrypto copies its input and returns
 * a new buffer, so chunks keep the copy small next to a large content. Large enough that the calls cost no more
 * time than one call over the whole content; a multiple of the block size.
 */
export const CBC_CHUNK_BYTES = 256 * 1024;

const AES_BLOCK = 16;

const BAD_PADDING = "the content does not decrypt with this key (bad padding)";

async function importAes(subtle: SubtleCrypto, name: "AES-CBC" | "AES-GCM", key: Uint8Array): Promise<CryptoKey | string> {
  try {
    return await subtle.importKey("raw", bufferSource(key), { name }, false, ["decrypt"]);
  } catch (e) {
    // Chromium's WebCrypto has no 192-bit AES, for one.
    return `this platform's WebCrypto refuses a ${key.byteLength * 8}-bit ${name} key: ${(e as Error).message}`;
  }
}

function placed(plaintext: Uint8Array, into: Uint8Array | null): ContentDecryption {
  if (into === null) return { ok: true, content: plaintext };
  into.set(plaintext);
  return { ok: true, content: into.subarray(0, plaintext.byteLength) };
}

/**
 * AES-CBC in chunks over a contiguous ciphertext lying in `into`'s buffer at or after `into`'s start, the plaintext
 * written into `into`. WebCrypto removes PKCS #7 padding from every call's last block, so a chunk that is not the
 * last goes in with the content's own last two blocks laid over the two blocks behind it for the call (and put back
 * after it): the first of those decrypts to a throwaway block, the second to the real last block, whose padding the
 * caller has already checked, so the call cannot fail on padding; only the chunk's own plaintext is kept. Each
 * chunk's IV is the ciphertext block before it.
 *
 * A chunk's plaintext lands no further on than its ciphertext lay, so it only ever covers ciphertext already read.
 */
async function aesCbcChunks(subtle: SubtleCrypto, iv: Uint8Array, key: CryptoKey, ciphertext: Uint8Array, tail: Uint8Array, into: Uint8Array): Promise<number> {
  const total = ciphertext.byteLength;
  let chainIv = iv;
  let written = 0;
  for (;;) {
    let length = Math.min(CBC_CHUNK_BYTES, total - written);
    // A chunk other than the last ends two blocks or more before the content does, so the tail laid behind it stays
    // within the content.
    if (length < total - written && total - written - length < 2 * AES_BLOCK) length -= AES_BLOCK;
    const end = written + length;
    const last = end === total;
    const covered = last ? null : ciphertext.slice(end, end + 2 * AES_BLOCK);
    if (!last) ciphertext.set(tail, end);
    let plain: Uint8Array;
    try {
      const input = ciphertext.subarray(written, last ? end : end + 2 * AES_BLOCK);
      plain = new Uint8Array(await subtle.decrypt({ name: "AES-CBC", iv: bufferSource(chainIv) }, key, bufferSource(input)));
    } finally {
      if (covered !== null) ciphertext.set(covered, end);
    }
    if (last) {
      into.set(plain, written);
      return written + plain.byteLength;
    }
    chainIv = ciphertext.slice(end - AES_BLOCK, end);
    into.set(plain.subarray(0, length), written);
    written = end;
  }
}

async function aesCbc(subtle: SubtleCrypto, iv: Uint8Array, key: CryptoKey, encrypted: EncryptedContent, into: Uint8Array | null): Promise<ContentDecryption> {
  const failed: ContentDecryption = { ok: false, error: "failed", detail: BAD_PADDING };
  const length = totalByteLength(encrypted.pieces);
  // A wrong key is almost always caught by the padding of the last block alone: check that block first, so that a
  // key tried in vain does not cost a pass over a large content. Once it passes, the rest cannot fail on padding,
  // so nothing is written into `into` for a key that does not fit.
  const tail = lastBytes(encrypted.pieces, 2 * AES_BLOCK);
  const lastIv = length > AES_BLOCK ? tail.subarray(0, AES_BLOCK) : iv;
  try {
    await subtle.decrypt({ name: "AES-CBC", iv: bufferSource(lastIv) }, key, bufferSource(tail.subarray(tail.byteLength - AES_BLOCK)));
  } catch {
    return failed;
  }
  const gathered = into === null ? null : gatherInPlace(encrypted.pieces, null, into);
  if (gathered === null || length <= CBC_CHUNK_BYTES) {
    const data = gathered?.bytes ?? (encrypted.pieces.length === 1 ? encrypted.pieces[0]! : encrypted.joined());
    try {
      return placed(new Uint8Array(await subtle.decrypt({ name: "AES-CBC", iv: bufferSource(iv) }, key, bufferSource(data))), into);
    } catch {
      gathered?.restore();
      return failed;
    }
  }
  const target = into!.subarray(0, length);
  try {
    return { ok: true, content: target.subarray(0, await aesCbcChunks(subtle, iv, key, gathered.bytes, tail, target)) };
  } catch (e) {
    // With the padding checked above, no call can fail on the data: this is a fault of the platform, and the
    // ciphertext may already be overwritten, so no other key can be tried. Nothing written is left behind.
    target.fill(0);
    throw e;
  }
}

/**
 * One AES-GCM call (WebCrypto authenticates the whole content at once and wants the tag right after the
 * ciphertext). When the input lies in the caller's scratch, the ciphertext and the tag are gathered there for the
 * call, and put back when it fails so that another key can be tried, instead of joining a copy of the whole
 * ciphertext; after a success the plaintext goes over them.
 */
async function aesGcm(subtle: SubtleCrypto, params: AesGcmParams, key: CryptoKey, encrypted: EncryptedContent, into: Uint8Array | null): Promise<Uint8Array> {
  // Only the buffer the caller lets us write to is ever changed, even for a moment.
  const gathered = into === null ? null : gatherInPlace(encrypted.pieces, encrypted.tag, into);
  if (gathered === null) return new Uint8Array(await subtle.decrypt(params, key, bufferSource(encrypted.joined())));
  try {
    return new Uint8Array(await subtle.decrypt(params, key, bufferSource(gathered.bytes)));
  } catch (e) {
    gathered.restore();
    throw e;
  }
}

/**
 * Decrypts the content with a recovered key. A failure never carries any plaintext.
 *
 * With `into`, the content is written from its start (it must hold the whole ciphertext) and returned as a view of
 * it, for a caller that keeps one buffer for a large message. `into` may be the buffer the ciphertext lies in, as
 * long as every ciphertext byte lies after the place of its plaintext (the DER of the envelope itself, whose
 * content comes after its headers), and then AES needs no copy of the whole content: CBC goes in chunks, GCM over
 * its pieces and tag gathered in place. A key that fails leaves `into` as it was, so the next key finds the
 * ciphertext. The legacy ciphers ignore it.
 */
export async function decryptContent(
  subtle: SubtleCrypto,
  cipher: ContentCipher,
  key: Uint8Array,
  encrypted: EncryptedContent,
  into: Uint8Array | null = null,
): Promise<ContentDecryption> {
  if (!keyFits(cipher, key)) {
    return { ok: false, error: "failed", detail: `the recovered key has ${key.byteLength} bytes; ${cipher.name} needs ${cipher.keyLength}` };
  }
  if (into !== null && into.byteLength < totalByteLength(encrypted.pieces)) throw new RangeError("the output buffer is smaller than the ciphertext");
  switch (cipher.family) {
    case "aes-cbc": {
      const k = await importAes(subtle, "AES-CBC", key);
      if (typeof k === "string") {
        // Chromium refuses 192-bit AES keys; node-forge still decrypts them, slowly.
        const raw = await forgeCbcDecrypt({ name: "aes" }, key, cipher.iv, encrypted.joined());
        if (raw === null) return { ok: false, error: "unsupported", detail: k };
        const content = removePkcs7Padding(raw, 16);
        return content ? { ok: true, content } : { ok: false, error: "failed", detail: BAD_PADDING };
      }
      return aesCbc(subtle, cipher.iv, k, encrypted, into);
    }
    case "aes-gcm": {
      const k = await importAes(subtle, "AES-GCM", key);
      if (typeof k === "string") return { ok: false, error: "unsupported", detail: k };
      const params: AesGcmParams = { name: "AES-GCM", iv: bufferSource(cipher.nonce), tagLength: cipher.tagLength * 8 };
      if (encrypted.aad) params.additionalData = bufferSource(encrypted.aad);
      let plaintext: Uint8Array;
      try {
        plaintext = await aesGcm(subtle, params, k, encrypted, into);
      } catch {
        return { ok: false, error: "failed", detail: "authentication failed: the content, its attributes or the tag were altered, or the key is wrong" };
      }
      return placed(plaintext, into);
    }
    case "des-ede3-cbc":
    case "rc2-cbc": {
      // WebCrypto has neither cipher; node-forge works on binary strings, which is slow but these only appear in old mail.
      const forgeCipher = cipher.family === "rc2-cbc" ? { name: "rc2" as const, effectiveBits: cipher.effectiveBits } : { name: "3des" as const };
      const raw = await forgeCbcDecrypt(forgeCipher, key, cipher.iv, encrypted.joined());
      const content = raw ? removePkcs7Padding(raw, 8) : null;
      return content ? { ok: true, content } : { ok: false, error: "failed", detail: BAD_PADDING };
    }
  }
}
