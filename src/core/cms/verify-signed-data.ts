import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import type { Reason } from "../verdict-types.js";
import { fromPkijs, type ParsedCertificate } from "../pki/certificate.js";
import { bytesEqual, octetStringValue, parseDer, toHex } from "./der.js";
import { DigestCache } from "./digest.js";
import { CONTENT_TYPE_NAMES, DIGEST_BY_OID, OID, WEAK_DIGESTS, type DigestName } from "./oids.js";
import { readSignedData } from "./read-signed-data.js";
import { describeSignatureAlgorithm, verifySignature, type SignatureAlgorithm } from "./verify-signature.js";

/**
 * Signers checked per SignedData. A real message has one or two; a hostile one with thousands would make us run
 * thousands of public-key operations. Past the limit the object is reported `malformed`.
 */
export const MAX_SIGNERS = 16;
/** Certificates read from one SignedData; more is hostile (chain building is quadratic in it). Extra ones are ignored. */
export const MAX_EMBEDDED_CERTIFICATES = 64;

export type SignerId =
  | { readonly kind: "issuer-serial"; readonly issuer: pkijs.RelativeDistinguishedNames; readonly serialHex: string }
  | { readonly kind: "ski"; readonly keyIdHex: string };

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

function attributeValues(attrs: pkijs.SignedAndUnsignedAttributes | undefined, oid: string): unknown[][] {
  return (attrs?.attributes ?? []).filter((a) => a.type === oid).map((a) => a.values as unknown[]);
}

function signerIdOf(info: pkijs.SignerInfo): SignerId | null {
  if (info.sid instanceof pkijs.IssuerAndSerialNumber) {
    return { kind: "issuer-serial", issuer: info.sid.issuer, serialHex: toHex(info.sid.serialNumber.valueBlock.valueHexView) };
  }
  const sid = info.sid as { valueBlock?: { value?: unknown[] }; idBlock?: { tagClass: number; tagNumber: number } } | asn1js.OctetString;
  // [0] IMPLICIT SubjectKeyIdentifier: pkijs leaves it as a Primitive/Constructed node.
  if (sid && (sid as asn1js.BaseBlock).idBlock && (sid as asn1js.BaseBlock).idBlock.tagClass === 3) {
    const node = sid as asn1js.BaseBlock;
    if (node.idBlock.isConstructed) {
      const inner = (node as asn1js.Constructed).valueBlock.value[0];
      const value = inner instanceof asn1js.OctetString ? octetStringValue(inner) : null;
      if (value) return { kind: "ski", keyIdHex: toHex(value) };
      return null;
    }
    return { kind: "ski", keyIdHex: toHex((node as asn1js.Primitive).valueBlock.valueHexView) };
  }
  return null;
}

function unpaddedHex(hex: string): string {
  let h = hex;
  while (h.length > 2 && h.startsWith("00")) h = h.slice(2);
  return h;
}

export function findSignerCertificate(sid: SignerId, pool: readonly ParsedCertificate[]): ParsedCertificate | null {
  for (const c of pool) {
    if (sid.kind === "issuer-serial") {
      if (unpaddedHex(c.serialHex) === unpaddedHex(sid.serialHex) && c.cert.issuer.isEqual(sid.issuer)) return c;
    } else if (c.subjectKeyId === sid.keyIdHex) {
      return c;
    }
  }
  return null;
}

function timeOf(value: unknown): Date | null {
  if (value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime) {
    const d = value.toDate();
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

/** Checks every signer of a SignedData: signed attributes, message digest, signature value. Never throws. */
export async function checkSignedData(input: SignedDataInput): Promise<SignedDataCheck> {
  const ci = readContentInfo(input.der);
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
  for (const item of sd.certificates) {
    if (item === null) continue;
    if ("error" in item) {
      notes.push(`an embedded certificate could not be read: ${item.error}`);
      continue;
    }
    try {
      certificates.push(fromPkijs(item.cert, item.der));
    } catch (e) {
      notes.push(`an embedded certificate could not be read: ${(e as Error).message}`);
    }
  }

  const eContentType = sd.eContentType;
  const eContentNode = sd.eContent;
  const eContent = eContentNode ? octetStringValue(eContentNode) : null;
  if (eContentNode && !eContent) return { ...malformed("the embedded content is not a valid OCTET STRING"), certificates };
  if (sd.signerInfos.length === 0) {
    problems.push("no-signer");
    if (input.detachedContent && eContentNode) problems.push("econtent-in-detached");
    notes.push("the SignedData has no signer (a certificates-only bag is not a signature)");
    return { problems, notes, eContentType, eContent, certificates, signers: [] };
  }
  let content: Uint8Array | null;
  if (input.detachedContent) {
    if (eContentNode) {
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
  for (const [index, info] of sd.signerInfos.entries()) {
    signers.push(await checkSigner(input.subtle, info, index, eContentType, digests, pool));
  }
  return { problems, notes, eContentType, eContent, certificates, signers };
}

async function checkSigner(
  subtle: SubtleCrypto,
  info: pkijs.SignerInfo,
  index: number,
  eContentType: string,
  digests: DigestCache | null,
  pool: readonly ParsedCertificate[],
): Promise<SignerCheck> {
  const problems = new Set<Reason>();
  const notes: string[] = [];
  const sid = signerIdOf(info);
  const certificate = sid ? findSignerCertificate(sid, pool) : null;
  const digest = DIGEST_BY_OID[info.digestAlgorithm.algorithmId] ?? null;
  const algorithm = describeSignatureAlgorithm(info.signatureAlgorithm, certificate?.cert.subjectPublicKeyInfo ?? null, info.digestAlgorithm.algorithmId);
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
  });

  if (!sid) {
    problems.add("malformed");
    notes.push("the signer identifier cannot be read");
    return result(false);
  }
  if (!digest) {
    problems.add("unsupported-algorithm");
    notes.push(`unknown digest algorithm ${info.digestAlgorithm.algorithmId}`);
  } else if (WEAK_DIGESTS.has(digest)) {
    problems.add("weak-algorithm");
    notes.push(`${digest} is no longer safe for signatures`);
  }
  if (algorithm.digest && WEAK_DIGESTS.has(algorithm.digest)) problems.add("weak-algorithm");

  let messageDigestValue: Uint8Array | null = null;
  if (signedAttrs) {
    const ct = attributeValues(signedAttrs, OID.contentType);
    const md = attributeValues(signedAttrs, OID.messageDigest);
    const st = attributeValues(signedAttrs, OID.signingTime);
    // RFC 5652 §11.1, §11.2: exactly one attribute with exactly one value each.
    if (ct.length !== 1 || ct[0]!.length !== 1 || md.length !== 1 || md[0]!.length !== 1) {
      attributesOk = false;
      notes.push(`signed attributes hold ${ct.length} contentType and ${md.length} messageDigest attributes; exactly one of each is required`);
    } else {
      const ctValue = ct[0]![0];
      if (!(ctValue instanceof asn1js.ObjectIdentifier) || ctValue.valueBlock.toString() !== eContentType) {
        attributesOk = false;
        notes.push("the contentType attribute does not match the signed content's type");
      }
      const mdValue = md[0]![0];
      messageDigestValue = mdValue instanceof asn1js.OctetString ? octetStringValue(mdValue) : null;
      if (!messageDigestValue) {
        attributesOk = false;
        notes.push("the messageDigest attribute is not an OCTET STRING");
      }
    }
    if (st.length > 1 || (st.length === 1 && st[0]!.length !== 1)) {
      attributesOk = false;
      notes.push("more than one signingTime");
    } else if (st.length === 1) {
      signingTime = timeOf(st[0]![0]);
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
  const signedBytes = signedAttrs ? new Uint8Array(signedAttrs.encodedValue) : digests.data;
  const check = await verifySignature(subtle, algorithm, certificate.cert.subjectPublicKeyInfo, signedBytes, info.signature.valueBlock.valueHexView);
  if (!check.ok) {
    problems.add(check.reason);
    notes.push(check.detail);
  }
  return result(check.ok && digestOk && attributesOk);
}
