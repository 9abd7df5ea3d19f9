/*
 * Which identity a recipient identifier names: issuerAndSerialNumber or subjectKeyIdentifier of the identity's
 * certificate. A miss is only a hint (some clients write wrong identifiers): the caller still tries identities whose
 * key type fits.
 */
import type { Identity } from "../../keys/identity.js";
import { parseCertificate, type ParsedCertificate } from "../../pki/certificate.js";
import { sameName } from "../../pki/name-match.js";
import { toHex } from "../der.js";
import type { RecipientId } from "./recipient-infos.js";

export interface IdentityCertificate {
  readonly identity: Identity;
  /** Null when the certificate cannot be read: the identity can still be tried, it just matches nothing. */
  readonly certificate: ParsedCertificate | null;
}

/**
 * Each identity's certificate as read the first time it was matched, keyed by its DER bytes: a reader opens message
 * after message with the same identities, and reading a certificate with pkijs costs about as much as the RSA
 * operation (over a millisecond and a megabyte of short-lived objects for RSA-2048). Weak: the entry goes when the
 * bytes do. Identities are never changed in place, so an entry never goes stale.
 */
const parsedCertificates = new WeakMap<Uint8Array, ParsedCertificate | null>();

function identityCertificate(der: Uint8Array): ParsedCertificate | null {
  let certificate = parsedCertificates.get(der);
  if (certificate === undefined) {
    const parsed = parseCertificate(der);
    certificate = parsed.ok ? parsed.value : null;
    parsedCertificates.set(der, certificate);
  }
  return certificate;
}

export function readIdentityCertificates(identities: readonly Identity[]): IdentityCertificate[] {
  return identities.map((identity) => ({ identity, certificate: identityCertificate(identity.certificate) }));
}

function withoutLeadingZeros(hex: string): string {
  let h = hex;
  while (h.length > 2 && h.startsWith("00")) h = h.slice(2);
  return h;
}

export function namesCertificate(rid: RecipientId, certificate: ParsedCertificate | null): boolean {
  if (certificate === null) return false;
  if (rid.kind === "ski") {
    return certificate.subjectKeyId !== null && toHex(rid.keyId) === certificate.subjectKeyId;
  }
  return withoutLeadingZeros(toHex(rid.serial)) === withoutLeadingZeros(certificate.serialHex) && sameName(certificate.cert.issuer, rid.issuer);
}
