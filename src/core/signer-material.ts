/*
 * What a reader keeps from a correspondent's signed mail so that it can later encrypt to them: the signer's
 * certificate and what the signer announced, in signed attributes, about how it wants to be encrypted to
 * (RFC 8551 §2.5.2 SMIMECapabilities, §2.5.3 SMIMEEncryptionKeyPreference). Not part of the Verdict: the verdict
 * is a public JSON contract and says nothing about certificates' bytes.
 */
import * as pkijs from "pkijs";
import { bytesEqual, parseDer, toHex } from "./cms/der.js";
import { attributeValues, type SignerInfoParts } from "./cms/read-signer-info.js";
import { SMIME_ENCRYPTION_KEY_PREFERENCE_OID } from "./cms/sign/signed-attributes.js";
import { parseSmimeCapabilities, SMIME_CAPABILITIES_OID, type SmimeCapability } from "./cms/smime-capabilities.js";
import { childrenOf, encodingOf, isContext, isUniversal, octetStringContents, TAG, tlvBudget, TlvError, type Tlv } from "./cms/tlv.js";
import { nameToString, type ParsedCertificate } from "./pki/certificate.js";

/**
 * Which certificate the signer wants mail encrypted to (RFC 8551 §2.5.3). `issuer` is the issuer's name as text
 * (the same form CertSummary uses); `serialHex` and `keyIdHex` are lower-case hex.
 */
export type EncryptionKeyPreference =
  | { readonly kind: "issuer-and-serial"; readonly issuer: string; readonly serialHex: string }
  | { readonly kind: "subject-key-id"; readonly keyIdHex: string }
  /** Another choice (the attribute is extensible) or one we could not read: kept as its DER, never acted on. */
  | { readonly kind: "other"; readonly der: Uint8Array };

export interface SignerMaterial {
  /** The binding signer's certificate (DER). */
  readonly certificate: Uint8Array;
  /** The signer's addresses from the certificate, lower-cased. */
  readonly emails: readonly string[];
  /** The signed SMIMECapabilities, most preferred first; null when the signer sent none. */
  readonly capabilities: readonly SmimeCapability[] | null;
  /** The signed SMIMEEncryptionKeyPreference; null when absent. */
  readonly encryptionKeyPreference: EncryptionKeyPreference | null;
  /**
   * The certificate that preference names, when it is another certificate carried in the same message (signers
   * with separate signing and encryption keys); null when it names the signing certificate or none was found.
   */
  readonly encryptionCertificate: Uint8Array | null;
}

/**
 * Capabilities read from one attribute. Real lists name a dozen algorithms; a longer one is padding or hostile,
 * and the entries past this many are dropped (the list is ordered by preference, so the useful ones come first).
 */
export const MAX_CAPABILITIES = 64;

/** Reads what the signer announced in its signed attributes. Unreadable or repeated attributes count as absent. */
export function announcedBy(info: SignerInfoParts): Pick<SignerMaterial, "capabilities" | "encryptionKeyPreference"> {
  return { capabilities: capabilitiesOf(info), encryptionKeyPreference: encryptionKeyPreferenceOf(info) };
}

/** The one value of an attribute that must occur once with one value (RFC 8551 §2.5.2, §2.5.3); else null. */
function singleValue(info: SignerInfoParts, oid: string): Tlv | null {
  const attributes = attributeValues(info, oid);
  if (attributes.length !== 1 || attributes[0]!.length !== 1) return null;
  return attributes[0]![0]!;
}

function capabilitiesOf(info: SignerInfoParts): readonly SmimeCapability[] | null {
  const value = singleValue(info, SMIME_CAPABILITIES_OID);
  if (value === null) return null;
  const parsed = parseDer(encodingOf(info.bytes, value));
  if (!parsed.ok || parsed.trailing !== 0) return null;
  return parseSmimeCapabilities(parsed.node).slice(0, MAX_CAPABILITIES);
}

/*
 * SMIMEEncryptionKeyPreference ::= CHOICE {
 *   issuerAndSerialNumber   [0] IssuerAndSerialNumber,
 *   receipentKeyId          [1] RecipientKeyIdentifier,
 *   subjectAltKeyIdentifier [2] SubjectKeyIdentifier }      -- IMPLICIT tags (RFC 8551 Appendix A)
 */
function encryptionKeyPreferenceOf(info: SignerInfoParts): EncryptionKeyPreference | null {
  const value = singleValue(info, SMIME_ENCRYPTION_KEY_PREFERENCE_OID);
  if (value === null) return null;
  const bytes = info.bytes;
  const other: EncryptionKeyPreference = { kind: "other", der: bytes.slice(value.start, value.end) };
  try {
    const budget = tlvBudget();
    if (isContext(value, 0) && value.constructed) {
      const [issuer, serial, ...rest] = childrenOf(bytes, value, budget);
      if (issuer === undefined || !isUniversal(issuer, TAG.sequence) || serial === undefined || !isUniversal(serial, TAG.integer) || serial.constructed || rest.length > 0) return other;
      const name = nameText(bytes.subarray(issuer.start, issuer.end));
      if (name === null) return other;
      return { kind: "issuer-and-serial", issuer: name, serialHex: toHex(bytes.subarray(serial.contentStart, serial.contentEnd)) };
    }
    if (isContext(value, 1) && value.constructed) {
      const [keyId] = childrenOf(bytes, value, budget);
      const id = keyId !== undefined && isUniversal(keyId, TAG.octetString) ? octetStringContents(bytes, keyId, budget) : null;
      return id === null ? other : { kind: "subject-key-id", keyIdHex: toHex(id) };
    }
    if (isContext(value, 2)) {
      const id = octetStringContents(bytes, { ...value, tagClass: 0, tagNumber: TAG.octetString }, budget);
      return id === null ? other : { kind: "subject-key-id", keyIdHex: toHex(id) };
    }
  } catch (e) {
    if (e instanceof TlvError) return other;
    throw e;
  }
  return other;
}

function nameText(der: Uint8Array): string | null {
  const parsed = parseDer(der);
  if (!parsed.ok) return null;
  try {
    return nameToString(new pkijs.RelativeDistinguishedNames({ schema: parsed.node }));
  } catch {
    return null;
  }
}

function unpaddedHex(hex: string): string {
  return hex.replace(/^(00)+(?=.)/, "");
}

/** The certificate a preference names, among those given; null when none matches. */
export function preferredCertificate(preference: EncryptionKeyPreference, pool: readonly ParsedCertificate[]): ParsedCertificate | null {
  switch (preference.kind) {
    case "issuer-and-serial":
      return pool.find((c) => c.issuer === preference.issuer && unpaddedHex(c.serialHex) === unpaddedHex(preference.serialHex)) ?? null;
    case "subject-key-id":
      return pool.find((c) => c.subjectKeyId === preference.keyIdHex) ?? null;
    case "other":
      return null;
  }
}

/** What to keep from a signer whose certificate is known; `pool` is the certificates that came with the message. */
export function signerMaterialOf(certificate: ParsedCertificate, info: SignerInfoParts, pool: readonly ParsedCertificate[]): SignerMaterial {
  const announced = announcedBy(info);
  const preferred = announced.encryptionKeyPreference ? preferredCertificate(announced.encryptionKeyPreference, pool) : null;
  return {
    certificate: certificate.der,
    emails: certificate.emails.map((e) => e.toLowerCase()),
    ...announced,
    encryptionCertificate: preferred !== null && !bytesEqual(preferred.der, certificate.der) ? preferred.der : null,
  };
}
