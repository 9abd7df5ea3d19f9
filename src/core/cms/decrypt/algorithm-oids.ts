/** Object identifiers of the algorithms that appear in EnvelopedData and AuthEnvelopedData. */

import type { DigestName } from "../oids.js";

export const ENC_OID = {
  aes128Cbc: "2.16.840.1.101.3.4.1.2",
  aes192Cbc: "2.16.840.1.101.3.4.1.22",
  aes256Cbc: "2.16.840.1.101.3.4.1.42",
  aes128Gcm: "2.16.840.1.101.3.4.1.6",
  aes192Gcm: "2.16.840.1.101.3.4.1.26",
  aes256Gcm: "2.16.840.1.101.3.4.1.46",
  aes128Ccm: "2.16.840.1.101.3.4.1.7",
  aes192Ccm: "2.16.840.1.101.3.4.1.27",
  aes256Ccm: "2.16.840.1.101.3.4.1.47",
  aes128Wrap: "2.16.840.1.101.3.4.1.5",
  aes192Wrap: "2.16.840.1.101.3.4.1.25",
  aes256Wrap: "2.16.840.1.101.3.4.1.45",
  aes128WrapPad: "2.16.840.1.101.3.4.1.8",
  aes192WrapPad: "2.16.840.1.101.3.4.1.28",
  aes256WrapPad: "2.16.840.1.101.3.4.1.48",
  desEde3Cbc: "1.2.840.113549.3.7",
  desCbc: "1.3.14.3.2.7",
  rc2Cbc: "1.2.840.113549.3.2",
  chacha20Poly1305: "1.2.840.113549.1.9.16.3.18",
  cms3desWrap: "1.2.840.113549.1.9.16.3.6",
  cmsRc2Wrap: "1.2.840.113549.1.9.16.3.7",

  rsaEncryption: "1.2.840.113549.1.1.1",
  rsaesOaep: "1.2.840.113549.1.1.7",
  mgf1: "1.2.840.113549.1.1.8",
  pSpecified: "1.2.840.113549.1.1.9",

  ecPublicKey: "1.2.840.10045.2.1",
  x25519: "1.3.101.110",
  x448: "1.3.101.111",

  pbkdf2: "1.2.840.113549.1.5.12",
  pwriKek: "1.2.840.113549.1.9.16.3.9",
  hmacWithSha1: "1.2.840.113549.2.7",
  hmacWithSha224: "1.2.840.113549.2.8",
  hmacWithSha256: "1.2.840.113549.2.9",
  hmacWithSha384: "1.2.840.113549.2.10",
  hmacWithSha512: "1.2.840.113549.2.11",
} as const;

export type KdfKind = "x963" | "hkdf";

export interface KeyAgreementScheme {
  readonly name: string;
  readonly kdf: KdfKind;
  readonly hash: DigestName;
}

/**
 * Key agreement schemes: RFC 5753 and RFC 8418 (ANSI X9.63 KDF), and the later HKDF-based ones. On the NIST prime curves the cofactor is 1,
 * so cofactor Diffie-Hellman computes the same secret as standard Diffie-Hellman.
 */
export const KEY_AGREEMENT_SCHEMES: Readonly<Record<string, KeyAgreementScheme>> = {
  "1.3.133.16.840.63.0.2": { name: "dhSinglePass-stdDH-sha1kdf", kdf: "x963", hash: "SHA-1" },
  "1.3.132.1.11.0": { name: "dhSinglePass-stdDH-sha224kdf", kdf: "x963", hash: "SHA-224" },
  "1.3.132.1.11.1": { name: "dhSinglePass-stdDH-sha256kdf", kdf: "x963", hash: "SHA-256" },
  "1.3.132.1.11.2": { name: "dhSinglePass-stdDH-sha384kdf", kdf: "x963", hash: "SHA-384" },
  "1.3.132.1.11.3": { name: "dhSinglePass-stdDH-sha512kdf", kdf: "x963", hash: "SHA-512" },
  "1.3.133.16.840.63.0.3": { name: "dhSinglePass-cofactorDH-sha1kdf", kdf: "x963", hash: "SHA-1" },
  "1.3.132.1.14.0": { name: "dhSinglePass-cofactorDH-sha224kdf", kdf: "x963", hash: "SHA-224" },
  "1.3.132.1.14.1": { name: "dhSinglePass-cofactorDH-sha256kdf", kdf: "x963", hash: "SHA-256" },
  "1.3.132.1.14.2": { name: "dhSinglePass-cofactorDH-sha384kdf", kdf: "x963", hash: "SHA-384" },
  "1.3.132.1.14.3": { name: "dhSinglePass-cofactorDH-sha512kdf", kdf: "x963", hash: "SHA-512" },
  "1.2.840.113549.1.9.16.3.19": { name: "dhSinglePass-stdDH-hkdf-sha256", kdf: "hkdf", hash: "SHA-256" },
  "1.2.840.113549.1.9.16.3.20": { name: "dhSinglePass-stdDH-hkdf-sha384", kdf: "hkdf", hash: "SHA-384" },
  "1.2.840.113549.1.9.16.3.21": { name: "dhSinglePass-stdDH-hkdf-sha512", kdf: "hkdf", hash: "SHA-512" },
};

/** Named schemes we recognise but cannot compute, so that "unsupported" can say what they are. */
export const KNOWN_UNSUPPORTED: Readonly<Record<string, string>> = {
  [ENC_OID.aes128Ccm]: "AES-128-CCM",
  [ENC_OID.aes192Ccm]: "AES-192-CCM",
  [ENC_OID.aes256Ccm]: "AES-256-CCM",
  [ENC_OID.chacha20Poly1305]: "ChaCha20-Poly1305",
  [ENC_OID.desCbc]: "DES-CBC (single DES)",
  [ENC_OID.aes128WrapPad]: "AES-128 key wrap with padding",
  [ENC_OID.aes192WrapPad]: "AES-192 key wrap with padding",
  [ENC_OID.aes256WrapPad]: "AES-256 key wrap with padding",
  [ENC_OID.cmsRc2Wrap]: "RC2 key wrap",
  [ENC_OID.x448]: "X448",
  "1.3.133.16.840.63.0.16": "ECMQV (mqvSinglePass-sha1kdf)",
  "1.3.132.1.15.0": "ECMQV (mqvSinglePass-sha224kdf)",
  "1.3.132.1.15.1": "ECMQV (mqvSinglePass-sha256kdf)",
  "1.3.132.1.15.2": "ECMQV (mqvSinglePass-sha384kdf)",
  "1.3.132.1.15.3": "ECMQV (mqvSinglePass-sha512kdf)",
  "1.2.840.113549.1.9.16.3.5": "static-static Diffie-Hellman (ESDH)",
  "1.2.840.113549.1.9.16.3.10": "static-static Diffie-Hellman (SSDH)",
};

export const AES_WRAP_KEY_BYTES: Readonly<Record<string, number>> = {
  [ENC_OID.aes128Wrap]: 16,
  [ENC_OID.aes192Wrap]: 24,
  [ENC_OID.aes256Wrap]: 32,
};

export const PRF_HASH: Readonly<Record<string, DigestName>> = {
  [ENC_OID.hmacWithSha1]: "SHA-1",
  [ENC_OID.hmacWithSha224]: "SHA-224",
  [ENC_OID.hmacWithSha256]: "SHA-256",
  [ENC_OID.hmacWithSha384]: "SHA-384",
  [ENC_OID.hmacWithSha512]: "SHA-512",
};

/** Digests WebCrypto computes; SHA-224 and MD5 are not among them. */
export type WebDigest = "SHA-1" | "SHA-256" | "SHA-384" | "SHA-512";

export function webDigest(name: DigestName): WebDigest | null {
  return name === "SHA-1" || name === "SHA-256" || name === "SHA-384" || name === "SHA-512" ? name : null;
}

export const DIGEST_BYTES: Readonly<Record<WebDigest, number>> = { "SHA-1": 20, "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 };

export function nameOf(oid: string): string {
  return KNOWN_UNSUPPORTED[oid] ?? KEY_AGREEMENT_SCHEMES[oid]?.name ?? oid;
}
