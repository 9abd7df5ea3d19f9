import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { octetStringValue, parseDer, toHex } from "./cms/der.js";
import { CONTENT_TYPE_NAMES, DIGEST_BY_OID, OID } from "./cms/oids.js";
import { recipientsOf } from "./cms/recipients.js";
import { checkSignedData, readContentInfo } from "./cms/verify-signed-data.js";
import { decodeBody, getHeader, parseMessage, type MimePart } from "./mime/index.js";
import { parseCertificate, sha256Hex, type ParsedCertificate } from "./pki/certificate.js";
import { decodePem, looksLikePem } from "./pki/pem.js";
import { verifyMessage } from "./verify-message.js";
import { describeValidation, validationInfoFromPolicies } from "./pki/validation-level.js";

/** A described item: what it is, facts about it, and what it contains. */
export interface Inspection {
  readonly kind: "message" | "mime-part" | "cms" | "certificate" | "pkcs12" | "pem" | "unknown";
  readonly title: string;
  readonly facts: readonly (readonly [label: string, value: string])[];
  readonly children: readonly Inspection[];
}

/** Nesting of described items; deeper structures are summarised rather than described. */
export const MAX_INSPECT_DEPTH = 12;

const CIPHER_NAMES: Readonly<Record<string, string>> = {
  "2.16.840.1.101.3.4.1.2": "AES-128-CBC",
  "2.16.840.1.101.3.4.1.22": "AES-192-CBC",
  "2.16.840.1.101.3.4.1.42": "AES-256-CBC",
  "2.16.840.1.101.3.4.1.6": "AES-128-GCM",
  "2.16.840.1.101.3.4.1.26": "AES-192-GCM",
  "2.16.840.1.101.3.4.1.46": "AES-256-GCM",
  "1.2.840.113549.3.7": "3DES-CBC (old)",
  "1.2.840.113549.3.2": "RC2-CBC (old, weak)",
  "1.2.840.113549.1.9.16.3.18": "ChaCha20-Poly1305",
};

async function describeCertificate(subtle: SubtleCrypto, c: ParsedCertificate): Promise<Inspection> {
  const validation = validationInfoFromPolicies(c.policies);
  const facts: [string, string][] = [
    ["Subject", c.subject],
    ["Issuer", c.issuer],
    ["E-mail addresses", c.emails.length > 0 ? c.emails.join(", ") : "none"],
    ["Valid", `${c.notBefore.toISOString()} to ${c.notAfter.toISOString()}`],
    ["Serial number", c.serialHex],
    ["Self-signed", c.isSelfIssued ? "yes" : "no"],
    ["Certification authority", c.basicConstraintsCA ? "yes" : "no"],
    ["Key usage", c.keyUsage ? [...c.keyUsage].join(", ") : "not restricted"],
    ["Extended key usage", c.extKeyUsage ? c.extKeyUsage.map((o) => (o === OID.emailProtection ? "e-mail protection" : o)).join(", ") : "not restricted"],
    ["Identity validation", describeValidation(validation).en],
    ["SHA-256 fingerprint", await sha256Hex(subtle, c.der)],
  ];
  return { kind: "certificate", title: `Certificate of ${c.commonName ?? c.emails[0] ?? c.subject}`, facts, children: [] };
}

async function describeCms(subtle: SubtleCrypto, der: Uint8Array, depth: number): Promise<Inspection> {
  const ci = readContentInfo(der);
  if (!ci.ok) return { kind: "unknown", title: "Not a CMS object", facts: [["Problem", ci.error]], children: [] };
  const typeName = CONTENT_TYPE_NAMES[ci.contentType] ?? ci.contentType;
  if (ci.contentType === OID.signedData) {
    const check = await checkSignedData({ subtle, der });
    const facts: [string, string][] = [
      ["Content", check.eContent ? `embedded, ${check.eContent.byteLength} bytes` : "detached (the signed content is elsewhere)"],
      ["Signers", String(check.signers.length)],
      ["Certificates included", String(check.certificates.length)],
    ];
    for (const p of check.notes) facts.push(["Note", p]);
    const children: Inspection[] = [];
    for (const s of check.signers) {
      children.push({
        kind: "cms",
        title: `Signer ${s.index + 1}: ${s.certificate?.commonName ?? s.certificate?.emails[0] ?? "certificate not included"}`,
        facts: [
          ["Identified by", s.sid.kind === "ski" ? `key identifier ${s.sid.keyIdHex}` : `serial ${s.sid.serialHex}`],
          ["Digest", s.digest ?? "unknown"],
          ["Signature algorithm", s.algorithm.label],
          ["Signing time", s.signingTime?.toISOString() ?? "not stated"],
          ["Signature check", s.intact ? "intact" : s.problems.join(", ") || "not checked"],
        ],
        children: [],
      });
    }
    for (const c of check.certificates) children.push(await describeCertificate(subtle, c));
    if (check.eContent && depth < MAX_INSPECT_DEPTH && check.eContentType === OID.data) {
      children.push(await describeMime(subtle, parseMessage(check.eContent), depth + 1, "Signed content"));
    }
    return { kind: "cms", title: check.signers.length === 0 ? "Signed-data with no signer (a certificate bag)" : "Signed-data (S/MIME signature)", facts, children };
  }
  if (ci.contentType === OID.envelopedData || ci.contentType === OID.authEnvelopedData) {
    const recipients = recipientsOf(ci.contentType, ci.content);
    let cipher = "unknown";
    try {
      const seq = ci.content as asn1js.Sequence;
      const eci = seq.valueBlock.value.find((n, i) => i > 0 && n instanceof asn1js.Sequence) as asn1js.Sequence | undefined;
      const alg = eci?.valueBlock.value[1];
      if (alg) cipher = CIPHER_NAMES[new pkijs.AlgorithmIdentifier({ schema: alg }).algorithmId] ?? "unknown";
    } catch {
      cipher = "unknown";
    }
    return {
      kind: "cms",
      title: ci.contentType === OID.envelopedData ? "Enveloped-data (encrypted message)" : "Authenticated enveloped-data (encrypted with integrity protection)",
      facts: [["Content encryption", cipher], ["Recipients", String(recipients.length)], ...recipients.map((r) => ["Encrypted for", r] as [string, string])],
      children: [],
    };
  }
  if (ci.contentType === OID.data) {
    const node = ci.content;
    const size = node instanceof asn1js.OctetString ? (octetStringValue(node)?.byteLength ?? 0) : 0;
    return { kind: "cms", title: "Data", facts: [["Size", `${size} bytes`]], children: [] };
  }
  if (ci.contentType === OID.digestedData) {
    let digest = "unknown";
    try {
      const seq = ci.content as asn1js.Sequence;
      const alg = new pkijs.AlgorithmIdentifier({ schema: seq.valueBlock.value[1] });
      digest = DIGEST_BY_OID[alg.algorithmId] ?? alg.algorithmId;
    } catch {
      digest = "unknown";
    }
    return { kind: "cms", title: "Digested-data", facts: [["Digest", digest]], children: [] };
  }
  return { kind: "cms", title: `CMS ${typeName}`, facts: [], children: [] };
}

async function describeMime(subtle: SubtleCrypto, part: MimePart, depth: number, label?: string): Promise<Inspection> {
  const { type, subtype, params } = part.contentType;
  const facts: [string, string][] = [];
  for (const name of ["from", "to", "subject", "date"]) {
    const h = getHeader(part, name);
    if (h) facts.push([h.name, h.value]);
  }
  facts.push(["Content-Type", `${type}/${subtype}${Object.entries(params).map(([k, v]) => `; ${k}=${v}`).join("")}`]);
  if (part.transferEncoding !== "7bit") facts.push(["Transfer encoding", part.transferEncoding]);
  facts.push(["Size", `${part.range.end - part.range.start} bytes`]);
  for (const d of part.defects) facts.push(["Defect", d]);
  const children: Inspection[] = [];
  if (depth < MAX_INSPECT_DEPTH) {
    for (const child of part.children) children.push(await describeMime(subtle, child, depth + 1));
    if (type === "application" && /^(x-)?pkcs7-(mime|signature)$/.test(subtype)) {
      children.push(await describeCms(subtle, decodeBody(part), depth + 1));
    }
  }
  if (depth === 0 && !label) {
    const verdict = await verifyMessage(part.source, { subtle });
    facts.push(["S/MIME verdict", `${verdict.status}${verdict.reasons.length > 0 ? ` (${verdict.reasons.join(", ")})` : ""} — run "inkan verify" for the full report`]);
  }
  const title = label ?? (depth === 0 ? "E-mail message" : `Part ${type}/${subtype}`);
  return { kind: depth === 0 ? "message" : "mime-part", title, facts, children };
}

function isPkcs12(node: asn1js.AsnType): boolean {
  // PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, macData OPTIONAL }
  if (!(node instanceof asn1js.Sequence)) return false;
  const [version, authSafe] = node.valueBlock.value;
  return version instanceof asn1js.Integer && version.valueBlock.valueDec === 3 && authSafe instanceof asn1js.Sequence;
}

/** Explains what a file is, in plain words: a message, a CMS object, a certificate, a PKCS #12 file. */
export async function inspectFile(bytes: Uint8Array, subtle: SubtleCrypto = globalThis.crypto.subtle): Promise<Inspection> {
  if (looksLikePem(bytes)) {
    const blocks = decodePem(new TextDecoder("latin1").decode(bytes));
    if (blocks.length > 0) {
      const children: Inspection[] = [];
      for (const b of blocks) children.push(await inspectDer(subtle, b.der, b.label));
      return { kind: "pem", title: `PEM file with ${blocks.length} block${blocks.length === 1 ? "" : "s"}`, facts: blocks.map((b) => ["Block", b.label] as [string, string]), children };
    }
  }
  if (bytes[0] === 0x30) {
    const d = await inspectDer(subtle, bytes, null);
    if (d.kind !== "unknown") return d;
  }
  return describeMime(subtle, parseMessage(bytes), 0);
}

async function inspectDer(subtle: SubtleCrypto, der: Uint8Array, label: string | null): Promise<Inspection> {
  if (label && /PRIVATE KEY/.test(label)) {
    return { kind: "unknown", title: label.includes("ENCRYPTED") ? "Encrypted private key (PKCS #8)" : "Private key (unencrypted!)", facts: [["Warning", "keep this file secret"]], children: [] };
  }
  const parsed = parseDer(der);
  if (!parsed.ok) return { kind: "unknown", title: "Unreadable binary data", facts: [["Problem", parsed.error]], children: [] };
  const cert = parseCertificate(der);
  if (cert.ok) return describeCertificate(subtle, cert.value);
  if (isPkcs12(parsed.node)) {
    return {
      kind: "pkcs12",
      title: "PKCS #12 file (.p12/.pfx): a certificate with its private key, protected by a password",
      facts: [["Size", `${der.byteLength} bytes`], ["Fingerprint of the file (SHA-256)", toHex(new Uint8Array(await subtle.digest("SHA-256", der as Uint8Array<ArrayBuffer>)))]],
      children: [],
    };
  }
  const cms = await describeCms(subtle, der, 1);
  return cms;
}
