/*
 * Which identity a recipient identifier names: issuerAndSerialNumber or subjectKeyIdentifier of the identity's
 * certificate. A miss is only a hint (some clients write wrong identifiers): the caller still tries identities whose
 * key type fits.
 */
import type { Identity } from "../../keys/identity.js";
import { parseCertificate, type ParsedCertificate } from "../../pki/certificate.js";
import { toHex } from "../der.js";
import type { RecipientId } from "./recipient-infos.js";

export interface IdentityCertificate {
  readonly identity: Identity;
  /** Null when the certificate cannot be read: the identity can still be tried, it just matches nothing. */
  readonly certificate: ParsedCertificate | null;
}

export function readIdentityCertificates(identities: readonly Identity[]): IdentityCertificate[] {
  return identities.map((identity) => {
    const parsed = parseCertificate(identity.certificate);
    return { identity, certificate: parsed.ok ? parsed.value : null };
  });
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
  return withoutLeadingZeros(toHex(rid.serial)) === withoutLeadingZeros(certificate.serialHex) && certificate.cert.issuer.isEqual(rid.issuer);
}
