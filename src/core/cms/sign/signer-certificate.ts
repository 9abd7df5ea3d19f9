/*
 * What signing needs from the signer's certificate: may it sign mail, what kind of key it certifies, and the exact
 * issuer and serial number bytes recipients look it up by (RFC 5652 §5.3 IssuerAndSerialNumber).
 */
import * as asn1js from "asn1js";
import type { PrivateKeyKind } from "../../keys/identity.js";
import { parseCertificate, type ParsedCertificate } from "../../pki/certificate.js";
import { addressesEqual } from "../../mime/index.js";
import { bytesEqual, parseDer } from "../der.js";
import { OID } from "../oids.js";
import { TAG, tlv } from "./der-encode.js";

const X25519_OID = "1.3.101.110";

export interface SignerCertificate {
  readonly der: Uint8Array;
  readonly parsed: ParsedCertificate;
  /** DER SEQUENCE { issuer Name, serialNumber INTEGER }, both copied byte for byte from the certificate. */
  readonly issuerAndSerial: Uint8Array;
  /** The kind of key the certificate certifies, or null for one this engine cannot sign with. */
  readonly keyKind: PrivateKeyKind | null;
}

export type CertificateRead = { readonly ok: true; readonly value: SignerCertificate } | { readonly ok: false; readonly detail: string };

interface RawNames {
  readonly serial: Uint8Array;
  readonly issuer: Uint8Array;
  readonly subject: Uint8Array;
}

/** Serial number, issuer and subject exactly as encoded, read without building a whole certificate object. */
function rawNamesOf(certificateDer: Uint8Array): RawNames | null {
  const parsed = parseDer(certificateDer);
  if (!parsed.ok || parsed.trailing !== 0 || !(parsed.node instanceof asn1js.Sequence)) return null;
  const tbs = parsed.node.valueBlock.value[0];
  if (!(tbs instanceof asn1js.Sequence)) return null;
  const fields = tbs.valueBlock.value;
  const first = fields[0];
  // TBSCertificate: [0] version (absent for v1), serialNumber, signature, issuer, validity, subject, ...
  const at = first !== undefined && first.idBlock.tagClass === 3 && first.idBlock.tagNumber === 0 ? 1 : 0;
  const serial = fields[at];
  const issuer = fields[at + 2];
  const subject = fields[at + 4];
  if (!(serial instanceof asn1js.Integer) || !(issuer instanceof asn1js.Sequence) || !(subject instanceof asn1js.Sequence)) return null;
  return { serial: serial.valueBeforeDecodeView, issuer: issuer.valueBeforeDecodeView, subject: subject.valueBeforeDecodeView };
}

/**
 * The issuer and serial number exactly as encoded in the certificate: a re-encoded name can differ in string types
 * from the original, and then no recipient finds the certificate.
 */
export function issuerAndSerialOf(certificateDer: Uint8Array): Uint8Array | null {
  const names = rawNamesOf(certificateDer);
  return names === null ? null : tlv(TAG.sequence, names.issuer, names.serial);
}

/**
 * Whether the certificate is readable and names itself as its issuer (a root, or any self-signed certificate).
 * Null when it cannot be read.
 */
export function isSelfIssued(certificateDer: Uint8Array): boolean | null {
  const names = rawNamesOf(certificateDer);
  return names === null ? null : bytesEqual(names.issuer, names.subject);
}

function keyKindOf(cert: ParsedCertificate): PrivateKeyKind | null {
  const algorithm = cert.cert.subjectPublicKeyInfo.algorithm;
  switch (algorithm.algorithmId) {
    case OID.rsaEncryption:
    case OID.rsassaPss:
      return "rsa";
    case OID.ed25519:
      return "ed25519";
    case X25519_OID:
      return "x25519";
    case OID.ecPublicKey: {
      const curve = algorithm.algorithmParams instanceof asn1js.ObjectIdentifier ? algorithm.algorithmParams.valueBlock.toString() : "";
      if (curve === OID.p256) return "ec-p256";
      if (curve === OID.p384) return "ec-p384";
      if (curve === OID.p521) return "ec-p521";
      return null;
    }
    default:
      return null;
  }
}

export function readSignerCertificate(der: Uint8Array): CertificateRead {
  const parsed = parseCertificate(der);
  if (!parsed.ok) return { ok: false, detail: `the signing certificate cannot be read: ${parsed.error}` };
  const issuerAndSerial = issuerAndSerialOf(der);
  if (!issuerAndSerial) return { ok: false, detail: "the signing certificate has no readable issuer and serial number" };
  return { ok: true, value: { der: parsed.value.der, parsed: parsed.value, issuerAndSerial, keyKind: keyKindOf(parsed.value) } };
}

/**
 * Why the certificate may not sign mail (RFC 8550 §4.4.2 key usage, §4.4.4 extended key usage), or null. Mail
 * signed under such a certificate is rejected by every careful reader, ours included.
 */
export function signingUseProblem(cert: ParsedCertificate): string | null {
  const ku = cert.keyUsage;
  if (ku !== null && !ku.has("digitalSignature") && !ku.has("nonRepudiation")) {
    return "the certificate's key usage allows neither digitalSignature nor nonRepudiation";
  }
  const eku = cert.extKeyUsage;
  if (eku !== null && !eku.includes(OID.emailProtection) && !eku.includes(OID.anyExtendedKeyUsage)) {
    return `the certificate's extended key usage (${eku.join(", ")}) does not include emailProtection`;
  }
  return null;
}

/**
 * Why receivers could not tie a signature under this certificate to its sender, or null. RFC 8550 §3 binds the
 * signer to the From address through the certificate's e-mail addresses; with none, every careful reader (ours
 * says cert-without-email) shows the mail as from an unknown sender whatever the signature proves.
 */
export function missingEmailProblem(cert: ParsedCertificate): string | null {
  if (cert.emails.length > 0) return null;
  return "the certificate has no e-mail address, so receivers cannot tie the signature to the sender";
}

/**
 * Why the certificate does not vouch for `from`, the address the message says it is from, or null. Mail signed
 * anyway reaches every careful reader as another sender's (ours says email-mismatch).
 */
export function fromMismatchProblem(cert: ParsedCertificate, from: string): string | null {
  if (cert.emails.some((email) => addressesEqual(email, from))) return null;
  return `the message is from ${from} but the certificate is for ${cert.emails.join(", ") || "no address"}, so receivers would see the signature as another sender's`;
}
