/**
 * The PKCS #12 password integrity MAC (RFC 7292 §5, Appendix B.4): HMAC over the AuthenticatedSafe with a key from
 * the PKCS #12 KDF. When a file has one, it is the first and only wrong-password signal.
 */
import { bufferSource, bytesEqual } from "../cms/der.js";
import { OID } from "../cms/oids.js";
import { algorithmOf, isNull, octetsOf, sequenceOf, smallIntegerOf } from "./asn1-read.js";
import type * as asn1js from "asn1js";
import { spend, type KdfBudget } from "./kdf-budget.js";
import { KEY_OID } from "./key-oids.js";
import type { PasswordForms } from "./password-forms.js";
import { HASH_BYTES, KDF_PURPOSE, pkcs12Kdf, pkcs12KdfBlocks, type Pkcs12KdfHash } from "./pkcs12-kdf.js";

export interface MacData {
  readonly hash: Pkcs12KdfHash;
  readonly digest: Uint8Array;
  readonly salt: Uint8Array;
  readonly iterations: number;
}

const MAC_HASH: Readonly<Record<string, Pkcs12KdfHash>> = {
  [OID.sha1]: "SHA-1",
  [OID.sha256]: "SHA-256",
  [OID.sha384]: "SHA-384",
  [OID.sha512]: "SHA-512",
};

const UNSUPPORTED_MAC: Readonly<Record<string, string>> = {
  [OID.sha224]: "SHA-224",
  [OID.md5]: "MD5",
  "2.16.840.1.101.3.4.2.5": "SHA-512/224",
  "2.16.840.1.101.3.4.2.6": "SHA-512/256",
  [KEY_OID.pbmac1]: "PBMAC1 (RFC 9579)",
};

export type MacRead =
  | { readonly ok: true; readonly mac: MacData }
  | { readonly ok: false; readonly error: "corrupt" | "unsupported"; readonly detail: string };

/** MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 } */
export function readMacData(node: asn1js.BaseBlock): MacRead {
  const parts = sequenceOf(node);
  const digestInfo = sequenceOf(parts?.[0]);
  const algorithm = algorithmOf(digestInfo?.[0]);
  const digest = octetsOf(digestInfo?.[1]);
  const salt = octetsOf(parts?.[1]);
  const iterations = parts?.[2] === undefined ? 1 : smallIntegerOf(parts[2]);
  if (!parts || parts.length > 3 || digestInfo?.length !== 2 || !algorithm || !digest || !salt || iterations === null) {
    return { ok: false, error: "corrupt", detail: "bad MAC data" };
  }
  if (algorithm.params && !isNull(algorithm.params) && algorithm.oid !== KEY_OID.pbmac1) return { ok: false, error: "corrupt", detail: "bad MAC algorithm parameters" };
  const hash = MAC_HASH[algorithm.oid];
  if (!hash) return { ok: false, error: "unsupported", detail: `MAC algorithm ${UNSUPPORTED_MAC[algorithm.oid] ?? algorithm.oid} is not supported` };
  if (iterations < 1) return { ok: false, error: "corrupt", detail: `MAC with ${iterations} iterations` };
  if (digest.byteLength !== HASH_BYTES[hash]) return { ok: false, error: "corrupt", detail: `MAC of ${digest.byteLength} octets for ${hash}` };
  return { ok: true, mac: { hash, digest, salt, iterations } };
}

export async function computeMac(data: Uint8Array, password: string | null, mac: Omit<MacData, "digest">, subtle: SubtleCrypto): Promise<Uint8Array> {
  const keyBytes = await pkcs12Kdf(password, mac.salt, KDF_PURPOSE.mac, mac.iterations, HASH_BYTES[mac.hash], mac.hash);
  const key = await subtle.importKey("raw", bufferSource(keyBytes), { name: "HMAC", hash: mac.hash }, false, ["sign"]);
  return new Uint8Array(await subtle.sign("HMAC", key, bufferSource(data)));
}

export type MacCheck =
  | { readonly ok: true; /** The password form that verified (see password-forms.ts). */ readonly bmp: string | null }
  | { readonly ok: false; readonly reason: "mismatch" | "too-much-work" };

/** Tries each BMPString form of the password; the first one whose MAC matches wins. */
export async function verifyMac(mac: MacData, data: Uint8Array, forms: PasswordForms, subtle: SubtleCrypto, budget: KdfBudget): Promise<MacCheck> {
  for (const candidate of forms.bmp) {
    if (!spend(budget, mac.iterations * pkcs12KdfBlocks(HASH_BYTES[mac.hash], mac.hash))) return { ok: false, reason: "too-much-work" };
    const computed = await computeMac(data, candidate, mac, subtle);
    if (bytesEqual(computed, mac.digest)) return { ok: true, bmp: candidate };
  }
  return { ok: false, reason: "mismatch" };
}
