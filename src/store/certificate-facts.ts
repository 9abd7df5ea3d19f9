import { sha256Hex, type ParsedCertificate } from "../core/pki/certificate.js";
import type { Fingerprint } from "./types.js";

/** What records keep about a certificate beside its DER, so that lists need no parsing. */
export interface CertificateFacts {
  readonly fingerprint: Fingerprint;
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: string;
  readonly notAfter: string;
  /** Lower-cased. */
  readonly emails: readonly string[];
}

export async function certificateFacts(cert: ParsedCertificate, subtle: SubtleCrypto): Promise<CertificateFacts> {
  return {
    fingerprint: await sha256Hex(subtle, cert.der),
    subject: cert.subject,
    issuer: cert.issuer,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    emails: [...new Set(cert.emails.map((e) => e.toLowerCase()))],
  };
}

/** True when `now` lies within the certificate's validity period. */
export function validAt(facts: Pick<CertificateFacts, "notBefore" | "notAfter">, now: Date): boolean {
  const t = now.getTime();
  return t >= Date.parse(facts.notBefore) && t <= Date.parse(facts.notAfter);
}
