/**
 * The PKCS #12 key derivation function (RFC 7292 Appendix B.2), as node-forge implements it. It derives the keys
 * and IVs of the PKCS #12 PBE schemes (3DES, RC2) and the MAC key. The password goes in as a BMPString: forge takes
 * a JavaScript string and writes each UTF-16 code unit big-endian, then two zero octets; null means the zero-length
 * password (no terminator), which is how some Windows versions encode "no password".
 */
import type forgeTypes from "node-forge";
import { loadForge, type Forge } from "./forge.js";
import { fromBinaryString, toBinaryString } from "./binary-string.js";

export type Pkcs12KdfHash = "SHA-1" | "SHA-256" | "SHA-384" | "SHA-512";

/** RFC 7292 B.3: the diversifier says what the derived octets are for. */
export const KDF_PURPOSE = { key: 1, iv: 2, mac: 3 } as const;

function digest(forge: Forge, hash: Pkcs12KdfHash): forgeTypes.md.MessageDigest {
  switch (hash) {
    case "SHA-1":
      return forge.md.sha1.create();
    case "SHA-256":
      return forge.md.sha256.create();
    case "SHA-384":
      return forge.md.sha384.create();
    case "SHA-512":
      return forge.md.sha512.create();
  }
}

/** Output length of each hash, which is also the MAC key length (RFC 7292 B.4). */
export const HASH_BYTES: Readonly<Record<Pkcs12KdfHash, number>> = { "SHA-1": 20, "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 };

/** Hash blocks computed per iteration for `length` output octets: the work the KDF costs, for budgets. */
export function pkcs12KdfBlocks(length: number, hash: Pkcs12KdfHash): number {
  return Math.ceil(length / HASH_BYTES[hash]);
}

/** `iterations` must be at least 1 (forge throws otherwise; callers check first). */
export async function pkcs12Kdf(
  password: string | null,
  salt: Uint8Array,
  purpose: (typeof KDF_PURPOSE)[keyof typeof KDF_PURPOSE],
  iterations: number,
  length: number,
  hash: Pkcs12KdfHash,
): Promise<Uint8Array> {
  const forge = await loadForge();
  const out = forge.pkcs12.generateKey(password, forge.util.createBuffer(toBinaryString(salt)), purpose, iterations, length, digest(forge, hash));
  return fromBinaryString(out.bytes());
}
