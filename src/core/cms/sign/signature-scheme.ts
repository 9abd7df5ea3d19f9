/*
 * Signature schemes for CMS signers (RFC 8551 §2.2, RFC 5754, RFC 4056, RFC 5753, RFC 8419): which algorithm
 * identifiers go into the SignerInfo, and how WebCrypto makes the value.
 */
import type { PrivateKeyKind } from "../../keys/identity.js";
import { bufferSource, viewOf } from "../der.js";
import { OID } from "../oids.js";
import type { SignatureAlgorithm } from "../verify-signature.js";
import { DER_NULL, encodeOid, encodeSmallInteger, encodeUnsignedInteger, TAG, tlv } from "./der-encode.js";

export type SignatureScheme = "rsa-pkcs1" | "rsa-pss" | "ecdsa" | "ed25519";
export type SigningDigest = "SHA-256" | "SHA-384" | "SHA-512";
type Curve = "P-256" | "P-384" | "P-521";

export interface SignaturePlan {
  readonly scheme: SignatureScheme;
  /** The digest of the content (messageDigest) and, except for Ed25519, of the signed attributes. */
  readonly digest: SigningDigest;
  readonly curve: Curve | null;
  /** DER AlgorithmIdentifiers. */
  readonly digestAlgorithm: Uint8Array;
  readonly signatureAlgorithm: Uint8Array;
}

export type PlanResult = { readonly ok: true; readonly plan: SignaturePlan } | { readonly ok: false; readonly detail: string };

const DIGEST_OID: Readonly<Record<SigningDigest, string>> = { "SHA-256": OID.sha256, "SHA-384": OID.sha384, "SHA-512": OID.sha512 };
const DIGEST_BYTES: Readonly<Record<SigningDigest, number>> = { "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 };
const RSA_OID: Readonly<Record<SigningDigest, string>> = {
  "SHA-256": OID.sha256WithRSA,
  "SHA-384": OID.sha384WithRSA,
  "SHA-512": OID.sha512WithRSA,
};
const ECDSA_OID: Readonly<Record<SigningDigest, string>> = {
  "SHA-256": OID.ecdsaWithSHA256,
  "SHA-384": OID.ecdsaWithSHA384,
  "SHA-512": OID.ecdsaWithSHA512,
};
const CURVE_OF: Partial<Record<PrivateKeyKind, Curve>> = { "ec-p256": "P-256", "ec-p384": "P-384", "ec-p521": "P-521" };
const CURVE_BYTES: Readonly<Record<Curve, number>> = { "P-256": 32, "P-384": 48, "P-521": 66 };

function algorithmIdentifier(oid: string, parameters?: Uint8Array): Uint8Array {
  return parameters === undefined ? tlv(TAG.sequence, encodeOid(oid)) : tlv(TAG.sequence, encodeOid(oid), parameters);
}

/** RFC 4055 §2.1: inside RSASSA-PSS-params the hash identifiers carry NULL parameters. */
function hashIdentifierWithNull(digest: SigningDigest): Uint8Array {
  return algorithmIdentifier(DIGEST_OID[digest], DER_NULL);
}

/**
 * RSASSA-PSS-params (RFC 4055 §3.1) with every field but the default trailerField written out: MGF1 with the same
 * hash and a salt as long as the hash (RFC 8702 practice; what WebCrypto, OpenSSL and Outlook use).
 */
function pssParameters(digest: SigningDigest): Uint8Array {
  return tlv(
    TAG.sequence,
    tlv(TAG.context0, hashIdentifierWithNull(digest)),
    tlv(TAG.context1, algorithmIdentifier(OID.mgf1, hashIdentifierWithNull(digest))),
    tlv(TAG.context2, encodeSmallInteger(DIGEST_BYTES[digest])),
  );
}

function defaultScheme(kind: PrivateKeyKind): SignatureScheme | null {
  if (kind === "rsa") return "rsa-pkcs1";
  if (kind === "ed25519") return "ed25519";
  if (CURVE_OF[kind]) return "ecdsa";
  return null;
}

function fits(scheme: SignatureScheme, kind: PrivateKeyKind): boolean {
  if (scheme === "rsa-pkcs1" || scheme === "rsa-pss") return kind === "rsa";
  if (scheme === "ecdsa") return CURVE_OF[kind] !== undefined;
  return kind === "ed25519";
}

/** Chooses the algorithms for a key of `kind`. Digest: SHA-256 unless asked otherwise; SHA-512 for Ed25519. */
export function planSignature(kind: PrivateKeyKind, scheme?: SignatureScheme, digest?: SigningDigest): PlanResult {
  const chosen = scheme ?? defaultScheme(kind);
  if (chosen === null) return { ok: false, detail: `a ${kind} key cannot sign (it is for key agreement only)` };
  if (!fits(chosen, kind)) return { ok: false, detail: `a ${kind} key cannot make ${chosen} signatures` };
  if (chosen === "ed25519") {
    // RFC 8419 §3.1: with signed attributes, Ed25519 signers MUST use SHA-512 for the message digest.
    if (digest !== undefined && digest !== "SHA-512") return { ok: false, detail: `Ed25519 signs with SHA-512, not ${digest} (RFC 8419)` };
    return {
      ok: true,
      plan: {
        scheme: chosen,
        digest: "SHA-512",
        curve: null,
        digestAlgorithm: algorithmIdentifier(OID.sha512),
        signatureAlgorithm: algorithmIdentifier(OID.ed25519),
      },
    };
  }
  const d = digest ?? "SHA-256";
  // SHA-2 digest identifiers without parameters (RFC 5754 §2), as OpenSSL writes them.
  const digestAlgorithm = algorithmIdentifier(DIGEST_OID[d]);
  switch (chosen) {
    case "rsa-pkcs1":
      // RFC 4055 §5: NULL parameters. OpenSSL writes rsaEncryption here; readers accept both, and the
      // sha*WithRSAEncryption form names the hash the signature was made with.
      return { ok: true, plan: { scheme: chosen, digest: d, curve: null, digestAlgorithm, signatureAlgorithm: algorithmIdentifier(RSA_OID[d], DER_NULL) } };
    case "rsa-pss":
      return { ok: true, plan: { scheme: chosen, digest: d, curve: null, digestAlgorithm, signatureAlgorithm: algorithmIdentifier(OID.rsassaPss, pssParameters(d)) } };
    case "ecdsa":
      // RFC 5758 §3.2: ecdsa-with-SHA* identifiers have no parameters.
      return { ok: true, plan: { scheme: chosen, digest: d, curve: CURVE_OF[kind]!, digestAlgorithm, signatureAlgorithm: algorithmIdentifier(ECDSA_OID[d]) } };
  }
}

function importParams(plan: SignaturePlan): RsaHashedImportParams | EcKeyImportParams | Algorithm {
  switch (plan.scheme) {
    case "rsa-pkcs1":
      return { name: "RSASSA-PKCS1-v1_5", hash: plan.digest };
    case "rsa-pss":
      return { name: "RSA-PSS", hash: plan.digest };
    case "ecdsa":
      return { name: "ECDSA", namedCurve: plan.curve! };
    case "ed25519":
      return { name: "Ed25519" };
  }
}

function signParams(plan: SignaturePlan): AlgorithmIdentifier | RsaPssParams | EcdsaParams {
  switch (plan.scheme) {
    case "rsa-pkcs1":
      return { name: "RSASSA-PKCS1-v1_5" };
    case "rsa-pss":
      return { name: "RSA-PSS", saltLength: DIGEST_BYTES[plan.digest] } satisfies RsaPssParams;
    case "ecdsa":
      return { name: "ECDSA", hash: plan.digest } satisfies EcdsaParams;
    case "ed25519":
      return { name: "Ed25519" };
  }
}

/** Imports the PKCS #8 private key for this plan; a message when WebCrypto refuses it. */
export async function importSigningKey(subtle: SubtleCrypto, plan: SignaturePlan, pkcs8: Uint8Array): Promise<CryptoKey | string> {
  try {
    return await subtle.importKey("pkcs8", bufferSource(pkcs8), importParams(plan), false, ["sign"]);
  } catch (e) {
    return `the private key cannot be used for ${plan.scheme} signatures: ${(e as Error).message}`;
  }
}

/** CMS carries ECDSA signatures as DER SEQUENCE { r, s } (RFC 5753 §2.1.1); WebCrypto returns r || s. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.byteLength / 2;
  return tlv(TAG.sequence, encodeUnsignedInteger(raw.subarray(0, half)), encodeUnsignedInteger(raw.subarray(half)));
}

/** The signature value as it goes into the SignerInfo. */
export async function signBytes(subtle: SubtleCrypto, plan: SignaturePlan, key: CryptoKey, data: Uint8Array): Promise<Uint8Array> {
  const value = viewOf(await subtle.sign(signParams(plan), key, bufferSource(data)));
  if (plan.scheme !== "ecdsa") return value;
  if (value.byteLength !== CURVE_BYTES[plan.curve!] * 2) throw new Error(`ECDSA ${plan.curve} signature of unexpected length ${value.byteLength}`);
  return ecdsaRawToDer(value);
}

/** The plan in the verifier's terms, to check our own signature with the certificate's public key. */
export function verifierAlgorithm(plan: SignaturePlan): SignatureAlgorithm {
  const label = `${plan.scheme} with ${plan.digest}`;
  switch (plan.scheme) {
    case "rsa-pkcs1":
      return { family: "rsa-pkcs1", digest: plan.digest, curve: null, pss: null, label };
    case "rsa-pss":
      return { family: "rsa-pss", digest: plan.digest, curve: null, pss: { hash: plan.digest, mgfHash: plan.digest, saltLength: DIGEST_BYTES[plan.digest] }, label };
    case "ecdsa":
      return { family: "ecdsa", digest: plan.digest, curve: plan.curve, pss: null, label };
    case "ed25519":
      return { family: "ed25519", digest: null, curve: null, pss: null, label: "Ed25519" };
  }
}

/** RFC 8551 §3.4.3.2 micalg names. */
export function micalgOf(digest: SigningDigest): "sha-256" | "sha-384" | "sha-512" {
  return digest === "SHA-256" ? "sha-256" : digest === "SHA-384" ? "sha-384" : "sha-512";
}
