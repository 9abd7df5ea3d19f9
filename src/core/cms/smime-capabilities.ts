/*
 * The SMIMECapabilities signed attribute (RFC 8551 §2.5.2): the algorithms a sender can decrypt, most preferred
 * first. Senders to us read it to choose a content cipher and a key transport; we read it from correspondents'
 * signed mail to choose ours when encrypting to them.
 *
 *   SMIMECapabilities ::= SEQUENCE OF SMIMECapability
 *   SMIMECapability ::= SEQUENCE { capabilityID OBJECT IDENTIFIER, parameters ANY DEFINED BY capabilityID OPTIONAL }
 */
import * as asn1js from "asn1js";
import { OID } from "./oids.js";

export type SmimeCapability = { readonly oid: string; readonly parameters?: Uint8Array /* DER */ };

/** Attribute type of SMIMECapabilities (RFC 8551 §2.5.2). */
export const SMIME_CAPABILITIES_OID = "1.2.840.113549.1.9.15";

export const CAPABILITY_OID = {
  aes128Cbc: "2.16.840.1.101.3.4.1.2",
  aes192Cbc: "2.16.840.1.101.3.4.1.22",
  aes256Cbc: "2.16.840.1.101.3.4.1.42",
  aes128Gcm: "2.16.840.1.101.3.4.1.6",
  aes192Gcm: "2.16.840.1.101.3.4.1.26",
  aes256Gcm: "2.16.840.1.101.3.4.1.46",
  rsaesOaep: OID.rsaesOaep,
  rsaEncryption: OID.rsaEncryption,
} as const;

const GCM_OIDS: ReadonlySet<string> = new Set([
  CAPABILITY_OID.aes128Gcm,
  CAPABILITY_OID.aes192Gcm,
  CAPABILITY_OID.aes256Gcm,
]);

/**
 * RSAES-OAEP-params naming SHA-256 and MGF1-SHA-256 (RFC 4055 §4.1, rSAES-OAEP-SHA256-Identifier's parameters;
 * the hash AlgorithmIdentifiers carry NULL as in RFC 4055's sha256Identifier). pSourceFunc is the default and
 * therefore absent.
 */
export const OAEP_SHA256_PARAMS: Uint8Array = new Uint8Array(
  new asn1js.Sequence({
    value: [
      new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 0 },
        value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.sha256 }), new asn1js.Null()] })],
      }),
      new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 1 },
        value: [
          new asn1js.Sequence({
            value: [
              new asn1js.ObjectIdentifier({ value: OID.mgf1 }),
              new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.sha256 }), new asn1js.Null()] }),
            ],
          }),
        ],
      }),
    ],
  }).toBER(false),
);

/**
 * What this engine can decrypt, most preferred first. AES capabilities carry no parameters (RFC 3565 §5,
 * RFC 5084 §5); OAEP names its hashes so that senders do not fall back to the SHA-1 default.
 */
export const OUR_CAPABILITIES: readonly SmimeCapability[] = Object.freeze([
  { oid: CAPABILITY_OID.aes256Gcm },
  { oid: CAPABILITY_OID.aes128Gcm },
  { oid: CAPABILITY_OID.aes256Cbc },
  { oid: CAPABILITY_OID.aes128Cbc },
  { oid: CAPABILITY_OID.rsaesOaep, parameters: OAEP_SHA256_PARAMS },
]);

/** The attribute value: SEQUENCE OF SMIMECapability, in the given (preference) order. */
export function encodeSmimeCapabilities(caps: readonly SmimeCapability[]): asn1js.Sequence {
  return new asn1js.Sequence({
    value: caps.map((cap) => {
      const value: asn1js.AsnType[] = [new asn1js.ObjectIdentifier({ value: cap.oid })];
      if (cap.parameters !== undefined) {
        const parsed = asn1js.fromBER(cap.parameters);
        if (parsed.offset === -1 || parsed.offset !== cap.parameters.byteLength) {
          // Callers pass constants or parameters read by parseSmimeCapabilities: bad DER here is a bug.
          throw new Error(`SMIMECapability ${cap.oid}: parameters are not one DER value`);
        }
        value.push(parsed.result);
      }
      return new asn1js.Sequence({ value });
    }),
  });
}

/**
 * Reads the attribute value. Entries that are not SEQUENCE { OID, ... } are skipped: the attribute is advice, and
 * one odd entry must not hide the others. Anything but a SEQUENCE gives an empty list.
 */
export function parseSmimeCapabilities(value: asn1js.AsnType): SmimeCapability[] {
  if (!(value instanceof asn1js.Sequence)) return [];
  const out: SmimeCapability[] = [];
  for (const entry of value.valueBlock.value) {
    if (!(entry instanceof asn1js.Sequence)) continue;
    const [id, params] = entry.valueBlock.value;
    if (!(id instanceof asn1js.ObjectIdentifier)) continue;
    const oid = id.valueBlock.toString();
    if (oid === "") continue;
    if (params === undefined) {
      out.push({ oid });
    } else {
      const original = params.valueBeforeDecodeView;
      const der = original.byteLength > 0 ? original : new Uint8Array(params.toBER(false));
      out.push({ oid, parameters: new Uint8Array(der) });
    }
  }
  return out;
}

/** True when the list names AES-GCM, i.e. the recipient can read AuthEnvelopedData (RFC 5083/5084). */
export function supportsAuthEnveloped(caps: readonly SmimeCapability[] | undefined): boolean {
  return caps !== undefined && caps.some((c) => GCM_OIDS.has(c.oid));
}

/**
 * Whether an RSA recipient should get RSAES-OAEP: null when nothing is known (no attribute seen), true when the
 * list names RSAES-OAEP, false when it does not (the sender only announced PKCS #1 v1.5, or no key transport).
 */
export function prefersOaep(caps: readonly SmimeCapability[] | undefined): boolean | null {
  if (caps === undefined) return null;
  return caps.some((c) => c.oid === CAPABILITY_OID.rsaesOaep);
}
