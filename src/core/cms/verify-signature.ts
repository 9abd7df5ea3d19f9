import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { DIGEST_BY_OID, OID, type DigestName } from "./oids.js";
import { bufferSource, viewOf } from "./der.js";

export type SignatureFamily = "rsa-pkcs1" | "rsa-pss" | "ecdsa" | "ed25519" | "ed448" | "dsa" | "unknown";

export interface SignatureAlgorithm {
  readonly family: SignatureFamily;
  /** The digest the signature scheme hashes with (null for pure EdDSA and unknown schemes). */
  readonly digest: DigestName | null;
  /** EC curve name for ECDSA keys. */
  readonly curve: "P-256" | "P-384" | "P-521" | null;
  /** RSASSA-PSS parameters when family is rsa-pss. */
  readonly pss: { readonly hash: DigestName; readonly mgfHash: DigestName; readonly saltLength: number } | null;
  /** For reports: "RSA PKCS#1 v1.5 with SHA-256", "ECDSA P-256 with SHA-256", "Ed25519"... */
  readonly label: string;
}

export type SignatureCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: "bad-signature" | "unsupported-algorithm" | "malformed"; readonly detail: string };

const RSA_SIG_DIGEST: Readonly<Record<string, DigestName>> = {
  [OID.md5WithRSA]: "MD5",
  [OID.sha1WithRSA]: "SHA-1",
  [OID.sha224WithRSA]: "SHA-224",
  [OID.sha256WithRSA]: "SHA-256",
  [OID.sha384WithRSA]: "SHA-384",
  [OID.sha512WithRSA]: "SHA-512",
};
const ECDSA_SIG_DIGEST: Readonly<Record<string, DigestName>> = {
  [OID.ecdsaWithSHA1]: "SHA-1",
  [OID.ecdsaWithSHA224]: "SHA-224",
  [OID.ecdsaWithSHA256]: "SHA-256",
  [OID.ecdsaWithSHA384]: "SHA-384",
  [OID.ecdsaWithSHA512]: "SHA-512",
};
const CURVES: Readonly<Record<string, "P-256" | "P-384" | "P-521">> = {
  [OID.p256]: "P-256",
  [OID.p384]: "P-384",
  [OID.p521]: "P-521",
};
const CURVE_BYTES = { "P-256": 32, "P-384": 48, "P-521": 66 } as const;

function curveOf(spki: pkijs.PublicKeyInfo): "P-256" | "P-384" | "P-521" | null {
  const params = spki.algorithm.algorithmParams;
  if (params instanceof asn1js.ObjectIdentifier) return CURVES[params.valueBlock.toString()] ?? null;
  return null;
}

function pssParams(algorithm: pkijs.AlgorithmIdentifier): SignatureAlgorithm["pss"] | "malformed" {
  try {
    const params = algorithm.algorithmParams
      ? new pkijs.RSASSAPSSParams({ schema: algorithm.algorithmParams })
      : new pkijs.RSASSAPSSParams();
    const hash = DIGEST_BY_OID[params.hashAlgorithm.algorithmId];
    let mgfHash: DigestName | undefined = "SHA-1";
    if (params.maskGenAlgorithm.algorithmId !== OID.mgf1) return "malformed";
    if (params.maskGenAlgorithm.algorithmParams) {
      const mgfAlg = new pkijs.AlgorithmIdentifier({ schema: params.maskGenAlgorithm.algorithmParams });
      mgfHash = DIGEST_BY_OID[mgfAlg.algorithmId];
    }
    if (!hash || !mgfHash) return "malformed";
    return { hash, mgfHash, saltLength: params.saltLength };
  } catch {
    return "malformed";
  }
}

/**
 * Works out the scheme from the signature AlgorithmIdentifier, the signer's key and (for CMS, where
 * `rsaEncryption` or `ecPublicKey` may stand for the signature algorithm) the SignerInfo's digest algorithm.
 */
export function describeSignatureAlgorithm(
  signatureAlgorithm: pkijs.AlgorithmIdentifier,
  spki: pkijs.PublicKeyInfo | null,
  digestOidHint: string | null,
): SignatureAlgorithm {
  const oid = signatureAlgorithm.algorithmId;
  const hinted = digestOidHint ? DIGEST_BY_OID[digestOidHint] ?? null : null;
  const keyOid = spki?.algorithm.algorithmId ?? null;
  if (oid === OID.rsaEncryption || RSA_SIG_DIGEST[oid]) {
    const digest = RSA_SIG_DIGEST[oid] ?? hinted;
    return { family: "rsa-pkcs1", digest, curve: null, pss: null, label: `RSA PKCS#1 v1.5 with ${digest ?? "an unknown digest"}` };
  }
  if (oid === OID.rsassaPss) {
    const pss = pssParams(signatureAlgorithm);
    if (pss === "malformed" || pss === null) {
      return { family: "rsa-pss", digest: null, curve: null, pss: null, label: "RSASSA-PSS with unreadable parameters" };
    }
    return { family: "rsa-pss", digest: pss.hash, curve: null, pss, label: `RSASSA-PSS with ${pss.hash}` };
  }
  if (ECDSA_SIG_DIGEST[oid] || oid === OID.ecPublicKey) {
    const digest = ECDSA_SIG_DIGEST[oid] ?? hinted;
    const curve = spki ? curveOf(spki) : null;
    return { family: "ecdsa", digest, curve, pss: null, label: `ECDSA ${curve ?? ""} with ${digest ?? "an unknown digest"}`.replace("  ", " ") };
  }
  if (oid === OID.ed25519) return { family: "ed25519", digest: null, curve: null, pss: null, label: "Ed25519" };
  if (oid === OID.ed448) return { family: "ed448", digest: null, curve: null, pss: null, label: "Ed448" };
  if (oid === OID.dsa || oid === OID.dsaWithSHA1 || oid === OID.dsaWithSHA256 || keyOid === OID.dsa) {
    const digest = oid === OID.dsaWithSHA1 ? "SHA-1" : oid === OID.dsaWithSHA256 ? "SHA-256" : hinted;
    return { family: "dsa", digest, curve: null, pss: null, label: `DSA with ${digest ?? "an unknown digest"}` };
  }
  return { family: "unknown", digest: hinted, curve: null, pss: null, label: `unknown algorithm ${oid}` };
}

/** WebCrypto only takes RSA keys labelled rsaEncryption; an id-RSASSA-PSS key is the same key with another label. */
function spkiForImport(spki: pkijs.PublicKeyInfo): Uint8Array {
  if (spki.algorithm.algorithmId !== OID.rsassaPss) return viewOf(spki.toSchema().toBER(false));
  const relabelled = new pkijs.PublicKeyInfo({
    algorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() }),
    subjectPublicKey: spki.subjectPublicKey,
  });
  return viewOf(relabelled.toSchema().toBER(false));
}

/** ECDSA signatures in CMS and X.509 are DER SEQUENCE { r, s }; WebCrypto wants r || s of the curve's size. */
function ecdsaDerToRaw(signature: Uint8Array, size: number): Uint8Array | null {
  const parsed = asn1js.fromBER(signature, { parseEmbedded: false, maxNodes: 8, maxDepth: 4, maxContentLength: signature.byteLength });
  if (parsed.offset !== signature.byteLength || !(parsed.result instanceof asn1js.Sequence)) return null;
  const parts = parsed.result.valueBlock.value;
  if (parts.length !== 2 || !(parts[0] instanceof asn1js.Integer) || !(parts[1] instanceof asn1js.Integer)) return null;
  const out = new Uint8Array(size * 2);
  for (let i = 0; i < 2; i++) {
    let v = (parts[i] as asn1js.Integer).valueBlock.valueHexView;
    while (v.byteLength > 1 && v[0] === 0) v = v.subarray(1);
    if (v.byteLength > size) return null;
    out.set(v, size * (i + 1) - v.byteLength);
  }
  return out;
}

/**
 * Checks one signature value with WebCrypto. Never throws: a key WebCrypto refuses is `malformed`, a scheme it
 * lacks is `unsupported-algorithm`, a wrong value `bad-signature`.
 */
export async function verifySignature(
  subtle: SubtleCrypto,
  algorithm: SignatureAlgorithm,
  spki: pkijs.PublicKeyInfo,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<SignatureCheck> {
  const unsupported = (detail: string): SignatureCheck => ({ ok: false, reason: "unsupported-algorithm", detail });
  let importAlg: RsaHashedImportParams | EcKeyImportParams | Algorithm;
  let verifyAlg: AlgorithmIdentifier | RsaPssParams | EcdsaParams;
  let sig = signature;
  switch (algorithm.family) {
    case "rsa-pkcs1":
      if (!algorithm.digest || algorithm.digest === "MD5" || algorithm.digest === "SHA-224") return unsupported(`${algorithm.label} cannot be checked`);
      importAlg = { name: "RSASSA-PKCS1-v1_5", hash: algorithm.digest };
      verifyAlg = { name: "RSASSA-PKCS1-v1_5" };
      break;
    case "rsa-pss": {
      const pss = algorithm.pss;
      if (!pss) return { ok: false, reason: "malformed", detail: "unreadable RSASSA-PSS parameters" };
      // WebCrypto's RSA-PSS uses the same hash for MGF1; other combinations are legal but rare.
      if (pss.hash !== pss.mgfHash || pss.hash === "MD5" || pss.hash === "SHA-224") return unsupported(`RSASSA-PSS with ${pss.hash} and MGF1-${pss.mgfHash}`);
      importAlg = { name: "RSA-PSS", hash: pss.hash };
      verifyAlg = { name: "RSA-PSS", saltLength: pss.saltLength } satisfies RsaPssParams;
      break;
    }
    case "ecdsa": {
      if (!algorithm.curve) return unsupported("ECDSA on a curve other than P-256, P-384 or P-521");
      if (!algorithm.digest || algorithm.digest === "MD5" || algorithm.digest === "SHA-224") return unsupported(`${algorithm.label} cannot be checked`);
      const raw = ecdsaDerToRaw(signature, CURVE_BYTES[algorithm.curve]);
      if (!raw) return { ok: false, reason: "bad-signature", detail: "the ECDSA signature value is not a valid DER pair" };
      sig = raw;
      importAlg = { name: "ECDSA", namedCurve: algorithm.curve } satisfies EcKeyImportParams;
      verifyAlg = { name: "ECDSA", hash: algorithm.digest } satisfies EcdsaParams;
      break;
    }
    case "ed25519":
      importAlg = { name: "Ed25519" };
      verifyAlg = { name: "Ed25519" };
      break;
    default:
      return unsupported(`${algorithm.label} is not supported`);
  }
  let key: CryptoKey;
  try {
    key = await subtle.importKey("spki", bufferSource(spkiForImport(spki)), importAlg, false, ["verify"]);
  } catch (e) {
    return { ok: false, reason: "malformed", detail: `the signer's public key cannot be used for ${algorithm.label}: ${(e as Error).message}` };
  }
  try {
    const ok = await subtle.verify(verifyAlg, key, bufferSource(sig), bufferSource(data));
    return ok ? { ok: true } : { ok: false, reason: "bad-signature", detail: "the signature value does not match" };
  } catch (e) {
    return { ok: false, reason: "bad-signature", detail: `the signature could not be checked: ${(e as Error).message}` };
  }
}
