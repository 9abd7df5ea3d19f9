import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import type { Reason } from "../verdict-types.js";
import { parseCertificate, type CertificateParse, type ParsedCertificate } from "../pki/certificate.js";
import { nameDer } from "../pki/anchor-index.js";
import type { CertificateCache } from "../pki/certificate-cache.js";
import { sameName } from "../pki/name-match.js";
import { bytesEqual, parseDer } from "./der.js";
import { DigestCache } from "./digest.js";
import { CONTENT_TYPE_NAMES, DIGEST_BY_OID, OID, WEAK_DIGESTS, type DigestName } from "./oids.js";
import { readContentInfoFrame, readSignedData } from "./read-signed-data.js";
import { attributeValues, readSignerInfo, timeValue, type SignerIdentifier, type SignerInfoParts } from "./read-signer-info.js";
import { isUniversal, octetStringContents, oidText, TAG, tlvBudget, TlvError, type Tlv } from "./tlv.js";
import { describeSignatureAlgorithm, verifySignature, type SignatureAlgorithm } from "./verify-signature.js";

/**
 * Signers checked per SignedData. A real message has one or two; a hostile one with thousands would make us run
 * thousands of public-key operations. Past the limit the object is reported `malformed`.
 */
export const MAX_SIGNERS = 16;
/** Certificates read from one SignedData; more is hostile (chain building is quadratic in it). Extra ones are ignored. */
export const MAX_EMBEDDED_CERTIFICATES = 64;

export type SignerId = SignerIdentifier;

export interface SignerCheck {
  readonly index: number;
  readonly sid: SignerId;
  readonly certificate: ParsedCertificate | null;
  readonly algorithm: SignatureAlgorithm;
  readonly digest: DigestName | null;
  readonly signingTime: Date | null;
  /** Signature mathematically valid over content we hold, signed attributes well-formed. */
  readonly intact: boolean;
  /** Problems found with this signer (empty when intact and nothing is weak). */
  readonly problems: readonly Reason[];
  readonly notes: readonly string[];
  /** The SignerInfo as read, for what a caller wants beyond the check (e.g. the signer's announced capabilities). */
  readonly signerInfo: SignerInfoParts;
}

export interface SignedDataCheck {
  /** Problems with the SignedData as a whole (malformed, no-signer, econtent-in-detached). */
  readonly problems: readonly Reason[];
  readonly notes: readonly string[];
  readonly eContentType: string | null;
  /** The encapsulated content when present (opaque signing). */
  readonly eContent: Uint8Array | null;
  readonly certificates: readonly ParsedCertificate[];
  readonly signers: readonly SignerCheck[];
}

export interface SignedDataInput {
  readonly subtle: SubtleCrypto;
  /** The DER/BER of a ContentInfo holding SignedData. */
  readonly der: Uint8Array;
  /** For multipart/signed: the canonical bytes of the first part. Absent for opaque SignedData. */
  readonly detachedContent?: Uint8Array;
  /** Certificates from outside the message (the caller's, an address book) to find signers by. */
  readonly extraCertificates?: readonly ParsedCertificate[];
  /** A verifier's certificates from earlier messages; without it each certificate is parsed afresh. */
  readonly certificateCache?: CertificateCache;
}

function malformed(note: string): SignedDataCheck {
  return { problems: ["malformed"], notes: [note], eContentType: null, eContent: null, certificates: [], signers: [] };
}

/** Reads a ContentInfo and returns its content type OID and content node, or an error. */
export function readContentInfo(der: Uint8Array): { ok: true; contentType: string; content: asn1js.AsnType } | { ok: false; error: string } {
  const parsed = parseDer(der);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  try {
    const ci = new pkijs.ContentInfo({ schema: parsed.node });
    return { ok: true, contentType: ci.contentType, content: ci.content as asn1js.AsnType };
  } catch (e) {
    return { ok: false, error: `not a CMS ContentInfo: ${(e as Error).message}` };
  }
}

function unpaddedHex(hex: string): string {
  let h = hex;
  while (h.length > 2 && h.startsWith("00")) h = h.slice(2);
  return h;
}

export function findSignerCertificate(sid: SignerId, pool: readonly ParsedCertificate[]): ParsedCertificate | null {
  let issuer: pkijs.RelativeDistinguishedNames | null | undefined;
  for (const c of pool) {
    if (sid.kind === "issuer-serial") {
      if (unpaddedHex(c.serialHex) !== unpaddedHex(sid.serialHex)) continue;
      // Equal encodings are the usual case; otherwise names are compared as X.500 says (pkijs: case, spaces).
      if (bytesEqual(nameDer(c.cert.issuer), sid.issuerDer)) return c;
      issuer ??= nameOf(sid.issuerDer);
      if (issuer && sameName(c.cert.issuer, issuer)) return c;
    } else if (c.subjectKeyId === sid.keyIdHex) {
      return c;
    }
  }
  return null;
}

function nameOf(der: Uint8Array): pkijs.RelativeDistinguishedNames | null {
  const parsed = parseDer(der);
  if (!parsed.ok) return null;
  try {
    return new pkijs.RelativeDistinguishedNames({ schema: parsed.node });
  } catch {
    return null;
  }
}

/** Reader failures inside one attribute value make that attribute unreadable, not the whole SignedData. */
function oidTextOrNull(bytes: Uint8Array, tlv: Tlv): string | null {
  try {
    return oidText(bytes, tlv);
  } catch (e) {
    if (e instanceof TlvError) return null;
    throw e;
  }
}

function octetStringOrNull(bytes: Uint8Array, tlv: Tlv): Uint8Array | null {
  try {
    return octetStringContents(bytes, tlv, tlvBudget());
  } catch (e) {
    if (e instanceof TlvError) return null;
    throw e;
  }
}

/** Checks every signer of a SignedData: signed attributes, message digest, signature value. Never throws. */
export async function checkSignedData(input: SignedDataInput): Promise<SignedDataCheck> {
  const ci = readContentInfoFrame(input.der);
  if (!ci.ok) return malformed(ci.error);
  if (ci.contentType !== OID.signedData) {
    return malformed(`expected signed-data, found ${CONTENT_TYPE_NAMES[ci.contentType] ?? ci.contentType}`);
  }
  const read = readSignedData(ci.content, MAX_EMBEDDED_CERTIFICATES);
  if (!read.ok) return malformed(`the SignedData structure is not valid: ${read.error}`);
  const sd = read.value;

  const notes: string[] = [];
  const problems: Reason[] = [];
  const certificates: ParsedCertificate[] = [];
  const parse = (der: Uint8Array): CertificateParse => (input.certificateCache ? input.certificateCache.parse(der) : parseCertificate(der));
  for (const der of sd.certificates) {
    if (der === null) continue;
    const parsed = parse(der);
    if (parsed.ok) certificates.push(parsed.value);
    else notes.push(`an embedded certificate could not be read: ${parsed.error}`);
  }
  const signerInfos: SignerInfoParts[] = [];
  for (const der of sd.signerInfos.slice(0, MAX_SIGNERS + 1)) {
    const info = readSignerInfo(der);
    if (!info.ok) return { ...malformed(`the SignedData structure is not valid: ${info.error}`), certificates };
    signerInfos.push(info.value);
  }

  const eContentType = sd.eContentType;
  const eContent = sd.eContent;
  const hasEContent = eContent !== null;
  if (signerInfos.length === 0) {
    problems.push("no-signer");
    if (input.detachedContent && hasEContent) problems.push("econtent-in-detached");
    notes.push("the SignedData has no signer (a certificates-only bag is not a signature)");
    return { problems, notes, eContentType, eContent, certificates, signers: [] };
  }
  let content: Uint8Array | null;
  if (input.detachedContent) {
    if (hasEContent) {
      // The part shown beside the signature must be what was signed, never a hidden embedded copy.
      problems.push("econtent-in-detached");
      notes.push("the detached signature also carries embedded content");
    }
    content = input.detachedContent;
  } else if (eContent) {
    content = eContent;
  } else {
    // Still list the signers (for inspection), but nothing can be checked without the content.
    problems.push("malformed");
    notes.push("the SignedData has neither embedded nor detached content, so no signature can be checked");
    content = null;
  }

  if (sd.signerInfos.length > MAX_SIGNERS) {
    return { ...malformed(`more than ${MAX_SIGNERS} signers`), certificates };
  }

  const pool = [...certificates, ...(input.extraCertificates ?? [])];
  const digests = content ? new DigestCache(input.subtle, content) : null;
  const signers: SignerCheck[] = [];
  for (const [index, info] of signerInfos.entries()) {
    signers.push(await checkSigner(input.subtle, info, index, eContentType, digests, pool));
  }
  return { problems, notes, eContentType, eContent, certificates, signers };
}

async function checkSigner(
  subtle: SubtleCrypto,
  info: SignerInfoParts,
  index: number,
  eContentType: string,
  digests: DigestCache | null,
  pool: readonly ParsedCertificate[],
): Promise<SignerCheck> {
  const problems = new Set<Reason>();
  const notes: string[] = [];
  const sid = info.sid;
  const certificate = sid ? findSignerCertificate(sid, pool) : null;
  const digest = DIGEST_BY_OID[info.digestAlgorithm] ?? null;
  const algorithm = describeSignatureAlgorithm(info.signatureAlgorithm, certificate?.cert.subjectPublicKeyInfo ?? null, info.digestAlgorithm);
  const signedAttrs = info.signedAttrs;
  let signingTime: Date | null = null;
  let attributesOk = true;

  const result = (intact: boolean): SignerCheck => ({
    index,
    sid: sid ?? { kind: "ski", keyIdHex: "" },
    certificate,
    algorithm,
    digest,
    signingTime,
    intact,
    problems: [...problems],
    notes,
    signerInfo: info,
  });

  if (!sid) {
    problems.add("malformed");
    notes.push("the signer identifier cannot be read");
    return result(false);
  }
  if (!digest) {
    problems.add("unsupported-algorithm");
    notes.push(`unknown digest algorithm ${info.digestAlgorithm}`);
  } else if (WEAK_DIGESTS.has(digest)) {
    problems.add("weak-algorithm");
    notes.push(`${digest} is no longer safe for signatures`);
  }
  if (algorithm.digest && WEAK_DIGESTS.has(algorithm.digest)) problems.add("weak-algorithm");

  let messageDigestValue: Uint8Array | null = null;
  if (signedAttrs) {
    const ct = attributeValues(info, OID.contentType);
    const md = attributeValues(info, OID.messageDigest);
    const st = attributeValues(info, OID.signingTime);
    // RFC 5652 §11.1, §11.2: exactly one attribute with exactly one value each.
    if (ct.length !== 1 || ct[0]!.length !== 1 || md.length !== 1 || md[0]!.length !== 1) {
      attributesOk = false;
      notes.push(`signed attributes hold ${ct.length} contentType and ${md.length} messageDigest attributes; exactly one of each is required`);
    } else {
      const ctValue = ct[0]![0]!;
      if (!isUniversal(ctValue, TAG.oid) || oidTextOrNull(info.bytes, ctValue) !== eContentType) {
        attributesOk = false;
        notes.push("the contentType attribute does not match the signed content's type");
      }
      const mdValue = md[0]![0]!;
      messageDigestValue = isUniversal(mdValue, TAG.octetString) ? octetStringOrNull(info.bytes, mdValue) : null;
      if (!messageDigestValue) {
        attributesOk = false;
        notes.push("the messageDigest attribute is not an OCTET STRING");
      }
    }
    if (st.length > 1 || (st.length === 1 && st[0]!.length !== 1)) {
      attributesOk = false;
      notes.push("more than one signingTime");
    } else if (st.length === 1) {
      signingTime = timeValue(info.bytes, st[0]![0]!);
      if (!signingTime) {
        attributesOk = false;
        notes.push("the signingTime attribute cannot be read");
      }
    }
    if (!attributesOk) problems.add("bad-signed-attributes");
  } else if (eContentType !== OID.data) {
    // RFC 5652 §5.3: without signed attributes only id-data content may be signed.
    problems.add("bad-signed-attributes");
    attributesOk = false;
    notes.push("content other than id-data is signed without signed attributes");
  }

  if (!digests) return result(false);
  let digestOk = true;
  if (messageDigestValue && digest) {
    const computed = digests.digest(digest);
    if (!computed) {
      problems.add("unsupported-algorithm");
      notes.push(`${digest} cannot be computed here, so the content cannot be checked`);
      digestOk = false;
    } else if (!bytesEqual(await computed, messageDigestValue)) {
      problems.add("digest-mismatch");
      notes.push("the content was changed after it was signed (message digest differs)");
      digestOk = false;
    }
  }

  if (!certificate) {
    problems.add("signer-cert-missing");
    notes.push("the signer's certificate is not in the message or among the certificates supplied");
    return result(false);
  }

  // RFC 5652 §5.4 (and RFC 8419 for pure EdDSA): without signed attributes the content itself is signed.
  const signedBytes = signedAttrs ? signedAttrs.encoded : digests.data;
  const check = await verifySignature(subtle, algorithm, certificate.cert.subjectPublicKeyInfo, signedBytes, info.signature);
  if (!check.ok) {
    problems.add(check.reason);
    notes.push(check.detail);
  }
  return result(check.ok && digestOk && attributesOk);
}
