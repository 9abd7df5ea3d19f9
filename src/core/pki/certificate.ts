import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { bufferSource, parseDer, toHex, viewOf } from "../cms/der.js";
import { OID } from "../cms/oids.js";
import { sameName } from "./name-match.js";

/** A certificate with the facts path validation and reports need, read once. */
export interface ParsedCertificate {
  readonly der: Uint8Array;
  readonly cert: pkijs.Certificate;
  /** Lower-case hex SHA-256 of the DER; filled by `fingerprint`. */
  readonly subject: string;
  readonly issuer: string;
  readonly serialHex: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly subjectKeyId: string | null;
  readonly authorityKeyId: string | null;
  readonly isSelfIssued: boolean;
  /** basicConstraints cA, or null when the extension is absent. */
  readonly basicConstraintsCA: boolean | null;
  readonly pathLenConstraint: number | null;
  /** keyUsage bits by name, or null when the extension is absent (all usages allowed). */
  readonly keyUsage: ReadonlySet<KeyUsageName> | null;
  /** Extended key usage OIDs, or null when the extension is absent. */
  readonly extKeyUsage: readonly string[] | null;
  /** SAN rfc822Name entries, else emailAddress attributes of the subject. Lower-cased for comparison. */
  readonly emails: readonly string[];
  readonly commonName: string | null;
  readonly organization: string | null;
  readonly policies: readonly string[];
  /** Critical extensions this engine does not understand (RFC 5280: must reject). */
  readonly unknownCritical: readonly string[];
}

export type KeyUsageName =
  | "digitalSignature"
  | "nonRepudiation"
  | "keyEncipherment"
  | "dataEncipherment"
  | "keyAgreement"
  | "keyCertSign"
  | "cRLSign"
  | "encipherOnly"
  | "decipherOnly";

const KEY_USAGE_BITS: readonly KeyUsageName[] = [
  "digitalSignature",
  "nonRepudiation",
  "keyEncipherment",
  "dataEncipherment",
  "keyAgreement",
  "keyCertSign",
  "cRLSign",
  "encipherOnly",
  "decipherOnly",
];

const KNOWN_EXTENSIONS: ReadonlySet<string> = new Set([
  OID.subjectKeyIdentifier,
  OID.keyUsage,
  OID.subjectAltName,
  OID.basicConstraints,
  OID.certificatePolicies,
  OID.authorityKeyIdentifier,
  OID.extKeyUsage,
  "2.5.29.30", // nameConstraints: checked only as far as its presence; see validate-path.ts
  "2.5.29.36", // policyConstraints
  "2.5.29.54", // inhibitAnyPolicy
  "2.5.29.31", // cRLDistributionPoints
  "1.3.6.1.5.5.7.1.1", // authorityInfoAccess
  "2.5.29.18", // issuerAltName
  "2.5.29.9", // subjectDirectoryAttributes
]);

const ATTRIBUTE_SHORT_NAMES: Readonly<Record<string, string>> = {
  "2.5.4.3": "CN",
  "2.5.4.6": "C",
  "2.5.4.7": "L",
  "2.5.4.8": "ST",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "2.5.4.5": "serialNumber",
  "2.5.4.4": "SN",
  "2.5.4.42": "GN",
  "2.5.4.97": "organizationIdentifier",
  "1.2.840.113549.1.9.1": "emailAddress",
  "0.9.2342.19200300.100.1.25": "DC",
};

function attributeText(value: unknown): string {
  const v = value as { valueBlock?: { value?: unknown } };
  if (v && v.valueBlock && typeof v.valueBlock.value === "string") return v.valueBlock.value;
  if (value instanceof asn1js.BaseBlock) return `#${toHex(viewOf(value.toBER(false)))}`;
  return "";
}

/** RFC 4514-style text of a name, most significant first as people read it in certificate viewers. */
export function nameToString(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((tv) => `${ATTRIBUTE_SHORT_NAMES[tv.type] ?? tv.type}=${attributeText(tv.value)}`)
    .join(", ");
}

export function nameAttribute(name: pkijs.RelativeDistinguishedNames, oid: string): string | null {
  for (const tv of name.typesAndValues) if (tv.type === oid) return attributeText(tv.value);
  return null;
}

function extensionValue<T>(cert: pkijs.Certificate, oid: string): T | undefined {
  const ext = cert.extensions?.find((e) => e.extnID === oid);
  return ext?.parsedValue as T | undefined;
}

function emailsOf(cert: pkijs.Certificate): string[] {
  const san = extensionValue<pkijs.AltName>(cert, OID.subjectAltName);
  const out: string[] = [];
  if (san && Array.isArray(san.altNames)) {
    for (const g of san.altNames) if (g.type === 1 && typeof g.value === "string") out.push(g.value);
  }
  if (out.length === 0) {
    // RFC 8550 §3: the subject's emailAddress attribute is the legacy place for the address.
    for (const tv of cert.subject.typesAndValues) if (tv.type === OID.emailAddressAttr) out.push(attributeText(tv.value));
  }
  return [...new Set(out.map((e) => e.trim()).filter((e) => e.length > 0))];
}

function keyUsageOf(cert: pkijs.Certificate): Set<KeyUsageName> | null {
  const ku = extensionValue<asn1js.BitString>(cert, OID.keyUsage);
  if (!ku) return null;
  const bits = ku.valueBlock.valueHexView;
  const set = new Set<KeyUsageName>();
  KEY_USAGE_BITS.forEach((name, i) => {
    const byte = bits[i >> 3] ?? 0;
    if (byte & (0x80 >> (i & 7))) set.add(name);
  });
  return set;
}

export type CertificateParse = { readonly ok: true; readonly value: ParsedCertificate } | { readonly ok: false; readonly error: string };

export function parseCertificate(der: Uint8Array): CertificateParse {
  const parsed = parseDer(der);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  try {
    return { ok: true, value: fromPkijs(new pkijs.Certificate({ schema: parsed.node }), der.subarray(0, der.byteLength - parsed.trailing)) };
  } catch (e) {
    return { ok: false, error: `not an X.509 certificate: ${(e as Error).message}` };
  }
}

/** Reads the facts out of a pkijs certificate. `der` is its encoding when known (re-encoded otherwise). */
export function fromPkijs(cert: pkijs.Certificate, der?: Uint8Array): ParsedCertificate {
  const encoded = der ?? viewOf(cert.toSchema(true).toBER(false));
  const ski = extensionValue<asn1js.OctetString>(cert, OID.subjectKeyIdentifier);
  const aki = extensionValue<pkijs.AuthorityKeyIdentifier>(cert, OID.authorityKeyIdentifier);
  const bc = extensionValue<pkijs.BasicConstraints>(cert, OID.basicConstraints);
  const eku = extensionValue<pkijs.ExtKeyUsage>(cert, OID.extKeyUsage);
  const policies = extensionValue<pkijs.CertificatePolicies>(cert, OID.certificatePolicies);
  const subject = nameToString(cert.subject);
  const issuer = nameToString(cert.issuer);
  return {
    der: encoded,
    cert,
    subject,
    issuer,
    serialHex: toHex(cert.serialNumber.valueBlock.valueHexView),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    subjectKeyId: ski ? toHex(ski.valueBlock.valueHexView) : null,
    authorityKeyId: aki?.keyIdentifier ? toHex(aki.keyIdentifier.valueBlock.valueHexView) : null,
    isSelfIssued: sameName(cert.subject, cert.issuer),
    basicConstraintsCA: bc ? Boolean(bc.cA) : null,
    pathLenConstraint: bc && typeof bc.pathLenConstraint === "number" ? bc.pathLenConstraint : null,
    keyUsage: keyUsageOf(cert),
    extKeyUsage: eku ? eku.keyPurposes : null,
    emails: emailsOf(cert),
    commonName: nameAttribute(cert.subject, OID.commonName),
    organization: nameAttribute(cert.subject, OID.organizationName),
    policies: policies ? policies.certificatePolicies.map((p) => p.policyIdentifier) : [],
    unknownCritical: (cert.extensions ?? []).filter((e) => e.critical && !KNOWN_EXTENSIONS.has(e.extnID)).map((e) => e.extnID),
  };
}

export async function sha256Hex(subtle: SubtleCrypto, der: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await subtle.digest("SHA-256", bufferSource(der))));
}

/** Same certificate, byte for byte. */
export function sameCertificate(a: ParsedCertificate, b: ParsedCertificate): boolean {
  if (a.der.byteLength !== b.der.byteLength) return false;
  for (let i = 0; i < a.der.byteLength; i++) if (a.der[i] !== b.der[i]) return false;
  return true;
}
