/*
 * Key-encryption keys from a Diffie-Hellman shared secret: the ANSI X9.63 KDF (RFC 5753 §7.2, RFC 8418) or HKDF,
 * both over the DER of ECC-CMS-SharedInfo.
 */
import { bufferSource } from "../der.js";
import { joinPieces } from "./asn1-read.js";
import type { KdfKind, WebDigest } from "./algorithm-oids.js";

/** DER length octets. */
function derLength(length: number): Uint8Array {
  if (length < 0x80) return new Uint8Array([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return new Uint8Array([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Uint8Array): Uint8Array {
  return joinPieces([new Uint8Array([tag]), derLength(content.byteLength), content]);
}

function uint32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

/**
 * ECC-CMS-SharedInfo ::= SEQUENCE { keyInfo AlgorithmIdentifier, entityUInfo [0] EXPLICIT OCTET STRING OPTIONAL,
 * suppPubInfo [2] EXPLICIT OCTET STRING }. keyInfo is the key-wrap algorithm as the message encodes it; without a
 * ukm, entityUInfo is left out entirely (not sent empty), as OpenSSL does.
 */
export function eccCmsSharedInfo(keyWrapAlgorithmDer: Uint8Array, ukm: Uint8Array | null, kekBytes: number): Uint8Array {
  const parts: Uint8Array[] = [keyWrapAlgorithmDer];
  if (ukm !== null) parts.push(tlv(0xa0, tlv(0x04, ukm)));
  parts.push(tlv(0xa2, tlv(0x04, uint32(kekBytes * 8))));
  return tlv(0x30, joinPieces(parts));
}

/** ANSI X9.63 KDF: Hash(Z || counter || SharedInfo) for counter = 1, 2, ..., truncated. */
async function x963(subtle: SubtleCrypto, hash: WebDigest, secret: Uint8Array, sharedInfo: Uint8Array, length: number): Promise<Uint8Array> {
  const blocks: Uint8Array[] = [];
  let total = 0;
  for (let counter = 1; total < length; counter++) {
    const block = new Uint8Array(await subtle.digest(hash, bufferSource(joinPieces([secret, uint32(counter), sharedInfo]))));
    blocks.push(block);
    total += block.byteLength;
  }
  return joinPieces(blocks).subarray(0, length);
}

/** HKDF with no salt (RFC 5869: a string of zeros), info = SharedInfo. */
async function hkdf(subtle: SubtleCrypto, hash: WebDigest, secret: Uint8Array, sharedInfo: Uint8Array, length: number): Promise<Uint8Array> {
  const key = await subtle.importKey("raw", bufferSource(secret), "HKDF", false, ["deriveBits"]);
  const bits = await subtle.deriveBits({ name: "HKDF", hash, salt: new Uint8Array(0), info: bufferSource(sharedInfo) }, key, length * 8);
  return new Uint8Array(bits);
}

export function deriveKek(kdf: KdfKind, subtle: SubtleCrypto, hash: WebDigest, secret: Uint8Array, sharedInfo: Uint8Array, length: number): Promise<Uint8Array> {
  return kdf === "x963" ? x963(subtle, hash, secret, sharedInfo, length) : hkdf(subtle, hash, secret, sharedInfo, length);
}
