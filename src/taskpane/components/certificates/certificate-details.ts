/** The facts the details of a stored certificate show, read from its DER when the details are opened. */
import { keyAlgorithmName } from "../../../core/keys/private-key-info.js";
import type { PublicKeyParts } from "../../../core/keys/private-key-info.js";
import { certificatePublicKey } from "../../../core/keys/public-key-match.js";
import { parseCertificate, sha256Hex } from "../../../core/pki/certificate.js";
import { validationInfoOf } from "../../../core/pki/validation-level.js";
import type { ValidationLevel } from "../../../core/verdict-types.js";

export interface CertificateDetails {
  readonly subject: string;
  readonly issuer: string;
  readonly serialHex: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly emails: readonly string[];
  /** "RSA 2048", "EC P-256", "Ed25519": the same words in every language. */
  readonly key: string;
  /** keyUsage bit names, or null when the certificate does not restrict them. */
  readonly keyUsage: readonly string[] | null;
  readonly validation: ValidationLevel;
  /** Lower-case hex SHA-256 of the DER. */
  readonly fingerprint: string;
}

function bitLength(unsigned: Uint8Array): number {
  let i = 0;
  while (i < unsigned.length && unsigned[i] === 0) i++;
  if (i === unsigned.length) return 0;
  return (unsigned.length - i - 1) * 8 + (32 - Math.clz32(unsigned[i]!));
}

function describeKey(parts: PublicKeyParts | null, algorithmOid: string): string {
  if (parts === null) return keyAlgorithmName(algorithmOid);
  switch (parts.family) {
    case "rsa":
      return `RSA ${bitLength(parts.modulus)}`;
    case "ec":
      return `EC ${parts.curve}`;
    case "ed25519":
      return "Ed25519";
    case "x25519":
      return "X25519";
  }
}

/** null when the bytes are not a certificate (a damaged record): the view says so instead of showing fields. */
export async function certificateDetails(der: Uint8Array, subtle: SubtleCrypto = globalThis.crypto.subtle): Promise<CertificateDetails | null> {
  const parsed = parseCertificate(der);
  if (!parsed.ok) return null;
  const cert = parsed.value;
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    serialHex: cert.serialHex,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    emails: cert.emails,
    key: describeKey(certificatePublicKey(cert.der), cert.cert.subjectPublicKeyInfo.algorithm.algorithmId),
    keyUsage: cert.keyUsage === null ? null : [...cert.keyUsage],
    validation: validationInfoOf(cert.der).level,
    fingerprint: await sha256Hex(subtle, cert.der),
  };
}

/** "AB:CD:..." as certificate viewers print fingerprints, so that one can be compared with another tool's. */
export function formatFingerprint(hex: string): string {
  return (hex.toUpperCase().match(/../g) ?? []).join(":");
}
