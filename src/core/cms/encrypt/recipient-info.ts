/*
 * One RecipientInfo per recipient (RFC 5652 §6.2): the content-encryption key made readable for that recipient
 * alone. RSA keys get KeyTransRecipientInfo (RSAES-OAEP with SHA-256, RFC 8017/4055, or PKCS #1 v1.5 for
 * recipients that announced no OAEP); EC keys get KeyAgreeRecipientInfo with ephemeral-static ECDH, the X9.63 KDF
 * and AES key wrap (RFC 5753, RFC 3394/3565).
 */
import { bufferSource } from "../der.js";
import { OID } from "../oids.js";
import { OAEP_SHA256_PARAMS } from "../smime-capabilities.js";
import {
  NULL_VALUE,
  algorithmIdentifier,
  bitString,
  contextTag,
  octetString,
  sequence,
  smallInteger,
  tlv,
} from "./der-writer.js";
import type { EcCurve, RecipientCertificate } from "./recipient-certificate.js";
import { rsaPkcs1v15Encrypt } from "./rsa-pkcs1.js";

export type WrapSize = 128 | 256;

/** A recipient whose public key is imported and whose key transport is decided. */
export type PreparedRecipient =
  | { readonly transport: "rsaes-oaep"; readonly rid: Uint8Array; readonly key: CryptoKey }
  | { readonly transport: "rsaes-pkcs1-v1_5"; readonly rid: Uint8Array; readonly modulus: Uint8Array; readonly exponent: Uint8Array }
  | { readonly transport: "ecdh"; readonly rid: Uint8Array; readonly key: CryptoKey; readonly curve: EcCurve };

const ECDH_KDF: Readonly<Record<EcCurve, { readonly schemeOid: string; readonly hash: "SHA-256" | "SHA-384" | "SHA-512"; readonly hashBytes: number; readonly secretBits: number }>> = {
  // dhSinglePass-stdDH-sha*kdf-scheme (RFC 5753 §7.1.4), the hash matched to the curve's strength (RFC 5008).
  "P-256": { schemeOid: "1.3.132.1.11.1", hash: "SHA-256", hashBytes: 32, secretBits: 256 },
  "P-384": { schemeOid: "1.3.132.1.11.2", hash: "SHA-384", hashBytes: 48, secretBits: 384 },
  "P-521": { schemeOid: "1.3.132.1.11.3", hash: "SHA-512", hashBytes: 64, secretBits: 528 },
};

const AES_WRAP_OID: Readonly<Record<WrapSize, string>> = {
  128: "2.16.840.1.101.3.4.1.5",
  256: "2.16.840.1.101.3.4.1.45",
};

export type Preparation = { readonly ok: true; readonly value: PreparedRecipient } | { readonly ok: false; readonly detail: string };

/** Imports the recipient's public key; `oaep` false selects PKCS #1 v1.5 for RSA. */
export async function prepareRecipient(recipient: RecipientCertificate, oaep: boolean, subtle: SubtleCrypto): Promise<Preparation> {
  const key = recipient.key;
  const rid = recipient.issuerAndSerialNumber;
  try {
    if (key.kind === "rsa") {
      if (!oaep) return { ok: true, value: { transport: "rsaes-pkcs1-v1_5", rid, modulus: key.modulus, exponent: key.exponent } };
      const imported = await subtle.importKey("spki", bufferSource(key.spki), { name: "RSA-OAEP", hash: "SHA-256" }, false, ["encrypt"]);
      return { ok: true, value: { transport: "rsaes-oaep", rid, key: imported } };
    }
    const imported = await subtle.importKey("spki", bufferSource(key.spki), { name: "ECDH", namedCurve: key.curve }, false, []);
    return { ok: true, value: { transport: "ecdh", rid, key: imported, curve: key.curve } };
  } catch (e) {
    return { ok: false, detail: `the public key cannot be used: ${(e as Error).message}` };
  }
}

/** ANSI X9.63 KDF (SEC 1 §3.6.1): Hash(Z || counter || SharedInfo) for counter = 1, 2, ... */
async function x963Kdf(subtle: SubtleCrypto, hash: string, hashBytes: number, z: Uint8Array, sharedInfo: Uint8Array, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(Math.ceil(length / hashBytes) * hashBytes);
  const input = new Uint8Array(z.byteLength + 4 + sharedInfo.byteLength);
  input.set(z, 0);
  input.set(sharedInfo, z.byteLength + 4);
  for (let counter = 1, at = 0; at < length; counter++, at += hashBytes) {
    new DataView(input.buffer).setUint32(z.byteLength, counter);
    out.set(new Uint8Array(await subtle.digest(hash, input)), at);
  }
  input.fill(0);
  return out.subarray(0, length);
}

async function keyAgreeRecipientInfo(
  recipient: Extract<PreparedRecipient, { transport: "ecdh" }>,
  cek: CryptoKey,
  wrapSize: WrapSize,
  subtle: SubtleCrypto,
): Promise<Uint8Array> {
  const kdf = ECDH_KDF[recipient.curve];
  const ephemeral = (await subtle.generateKey({ name: "ECDH", namedCurve: recipient.curve }, true, ["deriveBits"])) as CryptoKeyPair;
  const ephemeralPublic = new Uint8Array(await subtle.exportKey("raw", ephemeral.publicKey));
  const z = new Uint8Array(await subtle.deriveBits({ name: "ECDH", public: recipient.key }, ephemeral.privateKey, kdf.secretBits));
  const wrapAlgorithm = algorithmIdentifier(AES_WRAP_OID[wrapSize]);
  // ECC-CMS-SharedInfo (RFC 5753 §7.2): keyInfo, no entityUInfo (we send no ukm), suppPubInfo = KEK size in bits.
  const suppPubInfo = new Uint8Array(4);
  new DataView(suppPubInfo.buffer).setUint32(0, wrapSize);
  const sharedInfo = sequence(wrapAlgorithm, tlv(contextTag(2, true), octetString(suppPubInfo)));
  const kekBytes = await x963Kdf(subtle, kdf.hash, kdf.hashBytes, z, sharedInfo, wrapSize / 8);
  z.fill(0);
  const kek = await subtle.importKey("raw", bufferSource(kekBytes), { name: "AES-KW" }, false, ["wrapKey"]);
  kekBytes.fill(0);
  const wrapped = new Uint8Array(await subtle.wrapKey("raw", cek, kek, { name: "AES-KW" }));
  // kari [1] IMPLICIT KeyAgreeRecipientInfo { version 3, originator [0] EXPLICIT originatorKey [1] IMPLICIT
  // OriginatorPublicKey, keyEncryptionAlgorithm, recipientEncryptedKeys }. The ephemeral key's curve parameters
  // are left out: RFC 5753 §3.1.1 lets the recipient take them from its own key.
  return tlv(
    contextTag(1, true),
    smallInteger(3),
    tlv(contextTag(0, true), tlv(contextTag(1, true), algorithmIdentifier(OID.ecPublicKey), bitString(ephemeralPublic))),
    algorithmIdentifier(kdf.schemeOid, wrapAlgorithm),
    sequence(sequence(recipient.rid, octetString(wrapped))),
  );
}

/** The DER of the RecipientInfo that carries `cek` (also given raw as `cekBytes`) to `recipient`. */
export async function recipientInfo(
  recipient: PreparedRecipient,
  cek: CryptoKey,
  cekBytes: Uint8Array,
  wrapSize: WrapSize,
  crypto: Crypto,
): Promise<Uint8Array> {
  const subtle = crypto.subtle;
  switch (recipient.transport) {
    case "ecdh":
      return keyAgreeRecipientInfo(recipient, cek, wrapSize, subtle);
    case "rsaes-oaep": {
      const encryptedKey = new Uint8Array(await subtle.encrypt({ name: "RSA-OAEP" }, recipient.key, bufferSource(cekBytes)));
      return sequence(smallInteger(0), recipient.rid, algorithmIdentifier(OID.rsaesOaep, OAEP_SHA256_PARAMS), octetString(encryptedKey));
    }
    case "rsaes-pkcs1-v1_5": {
      const encryptedKey = rsaPkcs1v15Encrypt(recipient.modulus, recipient.exponent, cekBytes, crypto);
      return sequence(smallInteger(0), recipient.rid, algorithmIdentifier(OID.rsaEncryption, NULL_VALUE), octetString(encryptedKey));
    }
  }
}
