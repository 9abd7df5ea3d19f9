/*
 * KeyAgreeRecipientInfo: ephemeral-static ECDH on P-256/P-384/P-521 (RFC 5753) and X25519 (RFC 8418), a KDF over
 * ECC-CMS-SharedInfo, then AES key unwrap of the content-encryption key.
 */
import { bufferSource } from "../der.js";
import { OID } from "../oids.js";
import type { Identity } from "../../keys/identity.js";
import { isUniversal, MalformedCms, readAlgorithm, readOid, TAG, type AlgorithmId } from "./asn1-read.js";
import { unsupportedWrap, unwrapKey, wrapKeyLength } from "./key-wrap.js";
import { eccCmsSharedInfo, deriveKek } from "./agreement-kdf.js";
import { ENC_OID, KEY_AGREEMENT_SCHEMES, nameOf, webDigest, type KdfKind, type WebDigest } from "./algorithm-oids.js";
import { CURVE_OF_KIND, type AgreementCurve, type IdentityKeys } from "./identity-keys.js";
import type { KeyAgreeRecipient } from "./recipient-infos.js";
import { unwrapFailed, unwrapUnsupported, type KeyUnwrap } from "./unwrap-result.js";

const CURVE_BY_OID: Readonly<Record<string, AgreementCurve>> = { [OID.p256]: "P-256", [OID.p384]: "P-384", [OID.p521]: "P-521" };

/** Bits of the shared secret: the field size (P-521's 521 bits round up to 66 bytes). */
const SECRET_BITS: Readonly<Record<AgreementCurve, number>> = { "P-256": 256, "P-384": 384, "P-521": 528, X25519: 256 };

export interface AgreementSetup {
  readonly scheme: string;
  readonly kdf: KdfKind;
  readonly hash: WebDigest;
  readonly wrap: AlgorithmId;
  readonly kekLength: number;
  /** The sender's curve; null when an EC key leaves its parameters out (they are then the recipient's). */
  readonly curve: AgreementCurve | null;
  readonly originatorPublicKey: Uint8Array;
}

export type SetupResult =
  | { readonly ok: true; readonly setup: AgreementSetup }
  | { readonly ok: false; readonly error: "unsupported" | "failed"; readonly detail: string };

/** What one KeyAgreeRecipientInfo asks for, checked once before any identity is tried. */
export function agreementSetup(recipient: KeyAgreeRecipient): SetupResult {
  const alg = recipient.keyEncryptionAlgorithm;
  const scheme = KEY_AGREEMENT_SCHEMES[alg.oid];
  if (scheme === undefined) return { ok: false, error: "unsupported", detail: `key agreement ${nameOf(alg.oid)} is not supported` };
  const hash = webDigest(scheme.hash);
  if (hash === null) return { ok: false, error: "unsupported", detail: `${scheme.name} needs ${scheme.hash}, which WebCrypto lacks` };
  const originator = recipient.originatorKey;
  if (originator === null) return { ok: false, error: "unsupported", detail: "static-static key agreement (the originator is named by certificate) is not supported" };
  let wrap: AlgorithmId;
  let curve: AgreementCurve | null;
  try {
    wrap = readAlgorithm(alg.params ?? undefined, `${scheme.name} key wrap algorithm`);
    const keyAlg = originator.algorithm;
    if (keyAlg.oid === ENC_OID.x25519) curve = "X25519";
    else if (keyAlg.oid === ENC_OID.ecPublicKey) {
      if (keyAlg.params === null || isUniversal(keyAlg.params, TAG.null)) curve = null;
      else {
        const curveOid = readOid(keyAlg.params, "originator curve");
        const known = CURVE_BY_OID[curveOid];
        if (known === undefined) return { ok: false, error: "unsupported", detail: `elliptic curve ${curveOid} is not supported` };
        curve = known;
      }
    } else return { ok: false, error: "unsupported", detail: `originator key ${nameOf(keyAlg.oid)} is not supported` };
  } catch (e) {
    if (e instanceof MalformedCms) return { ok: false, error: "failed", detail: e.message };
    throw e;
  }
  const kekLength = wrapKeyLength(wrap);
  if (kekLength === null) return { ok: false, error: "unsupported", detail: unsupportedWrap(wrap) };
  return { ok: true, setup: { scheme: scheme.name, kdf: scheme.kdf, hash, wrap, kekLength, curve, originatorPublicKey: originator.publicKey } };
}

/** Whether an identity's key can take part in this agreement at all. */
export function identityFits(setup: AgreementSetup, identity: Identity): AgreementCurve | null {
  const own = CURVE_OF_KIND[identity.keyKind];
  if (own === undefined) return null;
  if (setup.curve === null) return own === "X25519" ? null : own;
  return own === setup.curve ? own : null;
}

export async function unwrapKeyAgreement(
  subtle: SubtleCrypto,
  recipient: KeyAgreeRecipient,
  setup: AgreementSetup,
  encryptedKey: Uint8Array,
  identity: Identity,
  curve: AgreementCurve,
  keys: IdentityKeys,
): Promise<KeyUnwrap> {
  const privateKey = await keys.agreementKey(identity, curve);
  if (typeof privateKey === "string") return curve === "X25519" ? unwrapUnsupported(privateKey) : unwrapFailed(privateKey);
  const algorithm: EcKeyImportParams | Algorithm = curve === "X25519" ? { name: "X25519" } : { name: "ECDH", namedCurve: curve };
  let secret: Uint8Array;
  try {
    const publicKey = await subtle.importKey("raw", bufferSource(setup.originatorPublicKey), algorithm, false, []);
    secret = new Uint8Array(await subtle.deriveBits({ name: algorithm.name, public: publicKey } as EcdhKeyDeriveParams, privateKey, SECRET_BITS[curve]));
  } catch (e) {
    return unwrapFailed(`key agreement with the sender's ${curve} key failed: ${(e as Error).message}`);
  }
  const sharedInfo = eccCmsSharedInfo(setup.wrap.der, recipient.ukm, setup.kekLength);
  const kek = await deriveKek(setup.kdf, subtle, setup.hash, secret, sharedInfo, setup.kekLength);
  const unwrapped = await unwrapKey(subtle, setup.wrap, kek, encryptedKey);
  if (!unwrapped.ok) return unwrapped;
  return { ok: true, key: unwrapped.key, paddingValid: true, method: `${curve === "X25519" ? "X25519" : `ECDH ${curve}`} ${setup.scheme}` };
}
