/*
 * The signed attributes of our SignerInfo (RFC 5652 §5.3, §11; RFC 8551 §2.5). They are signed as a DER SET OF:
 * sorted by encoding, which pkijs does not do and strict verifiers (OpenSSL among them) insist on.
 */
import { encodeSmimeCapabilities, OUR_CAPABILITIES, SMIME_CAPABILITIES_OID } from "../smime-capabilities.js";
import { OID } from "../oids.js";
import { encodeOid, encodeSetOf, TAG, tlv } from "./der-encode.js";

/** id-aa-encrypKeyPref (RFC 8551 §2.5.3). */
export const SMIME_ENCRYPTION_KEY_PREFERENCE_OID = "1.2.840.113549.1.9.16.2.11";

const ascii = new TextEncoder();

function twoDigits(n: number): string {
  return String(n).padStart(2, "0");
}

/** RFC 5652 §11.3: UTCTime for 1950 through 2049, GeneralizedTime otherwise; always UTC, whole seconds. */
export function encodeSigningTime(at: Date): Uint8Array {
  const year = at.getUTCFullYear();
  const rest =
    twoDigits(at.getUTCMonth() + 1) +
    twoDigits(at.getUTCDate()) +
    twoDigits(at.getUTCHours()) +
    twoDigits(at.getUTCMinutes()) +
    twoDigits(at.getUTCSeconds()) +
    "Z";
  if (year >= 1950 && year < 2050) return tlv(TAG.utcTime, ascii.encode(twoDigits(year % 100) + rest));
  return tlv(TAG.generalizedTime, ascii.encode(String(year).padStart(4, "0") + rest));
}

function attribute(oid: string, value: Uint8Array): Uint8Array {
  return tlv(TAG.sequence, encodeOid(oid), tlv(TAG.set, value));
}

export interface SignedAttributesInput {
  readonly messageDigest: Uint8Array;
  readonly signingTime: Date;
  /** IssuerAndSerialNumber (DER SEQUENCE) of the certificate to encrypt to, when it is not the signing one. */
  readonly encryptionKeyPreference: Uint8Array | null;
}

/** The DER SET OF Attribute that the signature covers (tag SET; the SignerInfo carries it as [0] IMPLICIT). */
export function encodeSignedAttributes(input: SignedAttributesInput): Uint8Array {
  const attributes = [
    attribute(OID.contentType, encodeOid(OID.data)),
    attribute(OID.signingTime, encodeSigningTime(input.signingTime)),
    attribute(OID.messageDigest, tlv(TAG.octetString, input.messageDigest)),
    attribute(SMIME_CAPABILITIES_OID, new Uint8Array(encodeSmimeCapabilities(OUR_CAPABILITIES).toBER(false))),
  ];
  if (input.encryptionKeyPreference !== null) {
    // SMIMEEncryptionKeyPreference ::= CHOICE { issuerAndSerialNumber [0] IMPLICIT IssuerAndSerialNumber, ... }:
    // the SEQUENCE with its tag replaced, length and contents unchanged.
    const tagged = new Uint8Array(input.encryptionKeyPreference);
    tagged[0] = TAG.context0;
    attributes.push(attribute(SMIME_ENCRYPTION_KEY_PREFERENCE_OID, tagged));
  }
  return encodeSetOf(attributes);
}
