/*
 * What encrypting to a certificate needs from it, and whether it may be used for that: the issuer and serial
 * number that name the recipient (RFC 5652 §6.2.1), the public key, validity and key usage.
 */
import * as asn1js from "asn1js";
import { bytesEqual, parseDer, viewOf } from "../der.js";
import { OID } from "../oids.js";
import { parseCertificate, type ParsedCertificate } from "../../pki/certificate.js";
import { modulusLength } from "./rsa-pkcs1.js";
import { sequence } from "./der-writer.js";

export type EcCurve = "P-256" | "P-384" | "P-521";

export type RecipientPublicKey =
  | { readonly kind: "rsa"; readonly spki: Uint8Array; readonly modulus: Uint8Array; readonly exponent: Uint8Array }
  | { readonly kind: "ec"; readonly spki: Uint8Array; readonly curve: EcCurve };

export interface RecipientCertificate {
  readonly parsed: ParsedCertificate;
  /** DER of IssuerAndSerialNumber, copied from the certificate's own encoding. */
  readonly issuerAndSerialNumber: Uint8Array;
  readonly key: RecipientPublicKey;
}

export type RecipientCertificateError =
  | "recipient-unsupported-key"
  | "recipient-expired"
  | "recipient-not-for-encryption"
  | "recipient-without-email"
  | "malformed-certificate";

export type RecipientCertificateCheck =
  | { readonly ok: true; readonly value: RecipientCertificate }
  | { readonly ok: false; readonly error: RecipientCertificateError; readonly detail: string };

/**
 * Smallest RSA modulus we encrypt to. Keys below it are broken by public factoring records; a message to such a
 * key protects nothing, so the recipient is refused as unsupported.
 */
export const MIN_RSA_MODULUS_BITS = 1024;

const CURVE_BY_OID: Readonly<Record<string, EcCurve>> = {
  [OID.p256]: "P-256",
  [OID.p384]: "P-384",
  [OID.p521]: "P-521",
};

const KEY_NAMES: Readonly<Record<string, string>> = {
  [OID.ed25519]: "Ed25519",
  [OID.ed448]: "Ed448",
  "1.3.101.110": "X25519",
  "1.3.101.111": "X448",
  [OID.dsa]: "DSA",
  [OID.rsassaPss]: "RSASSA-PSS (signature-only RSA)",
  "1.2.840.10046.2.1": "Diffie-Hellman",
};

function children(node: asn1js.AsnType | undefined): asn1js.AsnType[] | null {
  if (!(node instanceof asn1js.Sequence)) return null;
  return node.valueBlock.value;
}

function isContextTag(node: asn1js.AsnType | undefined, n: number): boolean {
  return node !== undefined && node.idBlock.tagClass === 3 && node.idBlock.tagNumber === n;
}

/** Positive INTEGER contents without the leading sign octets. */
function unsignedInteger(node: asn1js.AsnType | undefined): Uint8Array | null {
  if (!(node instanceof asn1js.Integer)) return null;
  const v = node.valueBlock.valueHexView;
  if (v.byteLength === 0 || (v[0]! & 0x80) !== 0) return null;
  let i = 0;
  while (i < v.byteLength - 1 && v[i] === 0) i++;
  return v.subarray(i);
}

type RawParts = { readonly issuerAndSerialNumber: Uint8Array; readonly spki: Uint8Array; readonly algorithm: string; readonly curveOid: string | null; readonly keyBits: Uint8Array };

/** Reads issuer, serial number and subjectPublicKeyInfo straight from the DER (RFC 5280 §4.1). */
function rawParts(der: Uint8Array): RawParts | null {
  const parsed = parseDer(der);
  if (!parsed.ok) return null;
  const tbs = children(children(parsed.node)?.[0]);
  if (tbs === null) return null;
  const fields = isContextTag(tbs[0], 0) ? tbs.slice(1) : tbs;
  const [serial, , issuer, , , spki] = fields;
  if (!(serial instanceof asn1js.Integer) || !(issuer instanceof asn1js.Sequence)) return null;
  const spkiFields = children(spki);
  const algorithm = children(spkiFields?.[0]);
  const keyBits = spkiFields?.[1];
  if (spki === undefined || algorithm === null || !(keyBits instanceof asn1js.BitString)) return null;
  const algOid = algorithm[0];
  if (!(algOid instanceof asn1js.ObjectIdentifier)) return null;
  const params = algorithm[1];
  return {
    issuerAndSerialNumber: sequence(issuer.valueBeforeDecodeView, serial.valueBeforeDecodeView),
    spki: spki.valueBeforeDecodeView,
    algorithm: algOid.valueBlock.toString(),
    curveOid: params instanceof asn1js.ObjectIdentifier ? params.valueBlock.toString() : null,
    keyBits: keyBits.valueBlock.valueHexView,
  };
}

function who(cert: ParsedCertificate): string {
  return cert.emails[0] ?? cert.commonName ?? cert.subject;
}

function publicKeyOf(raw: RawParts, name: string): { ok: true; key: RecipientPublicKey } | { ok: false; detail: string } {
  if (raw.algorithm === OID.rsaEncryption) {
    const parsed = parseDer(raw.keyBits);
    const fields = parsed.ok ? children(parsed.node) : null;
    const modulus = unsignedInteger(fields?.[0]);
    const exponent = unsignedInteger(fields?.[1]);
    if (modulus === null || exponent === null) return { ok: false, detail: `${name}: the RSA public key cannot be read` };
    const bits = modulusLength(modulus) * 8;
    if (bits < MIN_RSA_MODULUS_BITS) return { ok: false, detail: `${name}: an RSA key of about ${bits} bits is too weak to encrypt to` };
    return { ok: true, key: { kind: "rsa", spki: raw.spki, modulus, exponent } };
  }
  if (raw.algorithm === OID.ecPublicKey) {
    const curve = raw.curveOid === null ? undefined : CURVE_BY_OID[raw.curveOid];
    if (curve === undefined) return { ok: false, detail: `${name}: elliptic curve ${raw.curveOid ?? "(explicit parameters)"} is not supported (P-256, P-384 and P-521 are)` };
    return { ok: true, key: { kind: "ec", spki: raw.spki, curve } };
  }
  const keyName = KEY_NAMES[raw.algorithm] ?? `algorithm ${raw.algorithm}`;
  return { ok: false, detail: `${name}: a ${keyName} key cannot receive encrypted mail (RSA and EC P-256/P-384/P-521 can)` };
}

type ReadCertificate = { readonly ok: true; readonly cert: ParsedCertificate; readonly raw: RawParts } | { readonly ok: false; readonly detail: string };

/**
 * Certificates as read the first time they were encrypted to, keyed by the caller's bytes: a sender encrypts message
 * after message to the same people, and reading a certificate with pkijs costs more than the RSA operation (over a
 * millisecond and a megabyte of short-lived objects). Each entry keeps a copy of the bytes it was read from and is
 * used only while they are unchanged, so a buffer refilled in place with another certificate is read again.
 */
const readCertificates = new WeakMap<Uint8Array, { readonly bytes: Uint8Array; readonly read: ReadCertificate }>();

function readRecipientCertificate(der: Uint8Array): ReadCertificate {
  const kept = readCertificates.get(der);
  if (kept !== undefined && bytesEqual(kept.bytes, der)) return kept.read;
  const parsedCert = parseCertificate(viewOf(der));
  const raw = parsedCert.ok ? rawParts(parsedCert.value.der) : null;
  const read: ReadCertificate =
    parsedCert.ok && raw !== null
      ? { ok: true, cert: parsedCert.value, raw }
      : { ok: false, detail: parsedCert.ok ? "not an X.509 certificate" : parsedCert.error };
  readCertificates.set(der, { bytes: der.slice(), read });
  return read;
}

/**
 * Checks a recipient certificate as of `now`; `force` accepts one outside its validity period or without an e-mail
 * address. The address is checked after what `force` cannot lift (key type, key usage), so that forcing past it
 * never meets one of those next.
 */
export function checkRecipientCertificate(der: Uint8Array, now: Date, force: boolean): RecipientCertificateCheck {
  const read = readRecipientCertificate(der);
  if (!read.ok) return { ok: false, error: "malformed-certificate", detail: read.detail };
  const { cert, raw } = read;
  const name = who(cert);
  const key = publicKeyOf(raw, name);
  if (!key.ok) return { ok: false, error: "recipient-unsupported-key", detail: key.detail };
  if (!force) {
    if (now.getTime() > cert.notAfter.getTime()) {
      return { ok: false, error: "recipient-expired", detail: `${name}: the certificate expired on ${cert.notAfter.toISOString()}` };
    }
    if (now.getTime() < cert.notBefore.getTime()) {
      return { ok: false, error: "recipient-expired", detail: `${name}: the certificate is valid only from ${cert.notBefore.toISOString()}` };
    }
  }
  // RFC 5280 §4.2.1.3: key transport needs keyEncipherment, key agreement needs keyAgreement.
  const needed = key.key.kind === "rsa" ? "keyEncipherment" : "keyAgreement";
  if (cert.keyUsage !== null && !cert.keyUsage.has(needed)) {
    return { ok: false, error: "recipient-not-for-encryption", detail: `${name}: the certificate's key usage does not include ${needed}` };
  }
  // RFC 8550 §4.4.4: with an extended key usage, only emailProtection (or any) makes it a mail certificate.
  const eku = cert.extKeyUsage;
  if (eku !== null && !eku.includes(OID.emailProtection) && !eku.includes(OID.anyExtendedKeyUsage)) {
    return { ok: false, error: "recipient-not-for-encryption", detail: `${name}: the certificate's extended key usage does not include e-mail protection` };
  }
  // RFC 8550 §3: the certificate's e-mail address is what ties the key to the intended recipient. Without one,
  // nothing shows the key belongs to the person the mail is meant for, only to whoever handed the certificate over.
  if (!force && cert.emails.length === 0) {
    return { ok: false, error: "recipient-without-email", detail: `${name}: the certificate has no e-mail address, so nothing shows it belongs to the intended recipient` };
  }
  return { ok: true, value: { parsed: cert, issuerAndSerialNumber: raw.issuerAndSerialNumber, key: key.key } };
}
