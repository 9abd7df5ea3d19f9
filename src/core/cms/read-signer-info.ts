import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { toHex } from "./der.js";
import {
  childrenOf,
  isContext,
  isUniversal,
  octetStringContents,
  oidText,
  readTlv,
  TAG,
  tlvBudget,
  TlvError,
  type Tlv,
  type TlvBudget,
} from "./tlv.js";

/**
 * A SignerInfo (RFC 5652 §5.3) read with the TLV reader: one per signature, so it is on the path of every
 * verification, and asn1js with pkijs's schema matching took longer over its few hundred bytes than the RSA check.
 */
export type SignerIdentifier =
  | { readonly kind: "issuer-serial"; readonly issuerDer: Uint8Array; readonly serialHex: string }
  | { readonly kind: "ski"; readonly keyIdHex: string };

export interface SignedAttribute {
  readonly type: string;
  /** The encodings of its values, to be read with the TLV reader over `SignerInfoParts.bytes`. */
  readonly values: readonly Tlv[];
}

export interface SignerInfoParts {
  /** The SignerInfo's encoding; every Tlv here points into it. */
  readonly bytes: Uint8Array;
  readonly sid: SignerIdentifier | null;
  readonly digestAlgorithm: string;
  readonly signatureAlgorithm: pkijs.AlgorithmIdentifier;
  /** Absent when the content itself is signed (RFC 5652 §5.4). */
  readonly signedAttrs: {
    readonly attributes: readonly SignedAttribute[];
    /** The DER the signature covers: the attributes with the SET OF tag in place of [0] IMPLICIT. */
    readonly encoded: Uint8Array;
  } | null;
  readonly signature: Uint8Array;
}

export type SignerInfoRead = { readonly ok: true; readonly value: SignerInfoParts } | { readonly ok: false; readonly error: string };

export function readSignerInfo(bytes: Uint8Array): SignerInfoRead {
  try {
    return readParts(bytes, tlvBudget());
  } catch (e) {
    if (e instanceof TlvError) return { ok: false, error: `not valid ASN.1: ${e.message}` };
    throw e;
  }
}

function fail(error: string): SignerInfoRead {
  return { ok: false, error };
}

function readParts(bytes: Uint8Array, budget: TlvBudget): SignerInfoRead {
  const outer = readTlv(bytes, 0, bytes.byteLength, budget);
  if (!isUniversal(outer, TAG.sequence) || !outer.constructed || outer.end !== bytes.byteLength) return fail("a SignerInfo is not a SEQUENCE");
  const items = childrenOf(bytes, outer, budget);
  let i = 0;
  if (items[i] === undefined || !isUniversal(items[i]!, TAG.integer) || items[i]!.constructed) return fail("a SignerInfo has no version");
  i++;
  const sidNode = items[i++];
  if (sidNode === undefined) return fail("a SignerInfo has no signer identifier");
  const sid = signerIdentifier(bytes, sidNode, budget);
  const digestNode = items[i++];
  if (digestNode === undefined) return fail("a SignerInfo has no digest algorithm");
  const digestAlgorithm = algorithmOid(bytes, digestNode, budget);
  if (digestAlgorithm === null) return fail("a SignerInfo's digest algorithm is not an AlgorithmIdentifier");
  let signedAttrs: SignerInfoParts["signedAttrs"] = null;
  if (items[i] !== undefined && isContext(items[i]!, 0)) {
    const node = items[i++]!;
    const attributes = readAttributes(bytes, node, budget);
    if (attributes === null) return fail("a SignerInfo's signed attributes are not a SET OF Attribute");
    const encoded = bytes.slice(node.start, node.end);
    encoded[0] = 0x31;
    signedAttrs = { attributes, encoded };
  }
  const algorithmNode = items[i++];
  if (algorithmNode === undefined) return fail("a SignerInfo has no signature algorithm");
  const signatureAlgorithm = algorithmIdentifier(bytes, algorithmNode, budget);
  if (signatureAlgorithm === null) return fail("a SignerInfo's signature algorithm is not an AlgorithmIdentifier");
  const signatureNode = items[i++];
  if (signatureNode === undefined || !isUniversal(signatureNode, TAG.octetString)) return fail("a SignerInfo has no signature value");
  const signature = octetStringContents(bytes, signatureNode, budget);
  if (signature === null) return fail("a SignerInfo's signature value is not an OCTET STRING");
  if (items[i] !== undefined && isContext(items[i]!, 1)) i++;
  if (i !== items.length) return fail("a SignerInfo has unexpected fields");
  return { ok: true, value: { bytes, sid, digestAlgorithm, signatureAlgorithm, signedAttrs, signature } };
}

function signerIdentifier(bytes: Uint8Array, node: Tlv, budget: TlvBudget): SignerIdentifier | null {
  if (isUniversal(node, TAG.sequence) && node.constructed) {
    const [issuer, serial, ...rest] = childrenOf(bytes, node, budget, 1);
    if (issuer === undefined || !isUniversal(issuer, TAG.sequence) || serial === undefined || !isUniversal(serial, TAG.integer) || serial.constructed || rest.length > 0) {
      return null;
    }
    return { kind: "issuer-serial", issuerDer: bytes.subarray(issuer.start, issuer.end), serialHex: toHex(bytes.subarray(serial.contentStart, serial.contentEnd)) };
  }
  if (isContext(node, 0)) {
    // [0] IMPLICIT SubjectKeyIdentifier: an OCTET STRING under another tag, in BER possibly in pieces.
    const value = node.constructed ? octetStringContents(bytes, { ...node, tagClass: 0, tagNumber: TAG.octetString }, budget) : bytes.subarray(node.contentStart, node.contentEnd);
    return value ? { kind: "ski", keyIdHex: toHex(value) } : null;
  }
  return null;
}

function algorithmOid(bytes: Uint8Array, node: Tlv, budget: TlvBudget): string | null {
  if (!isUniversal(node, TAG.sequence) || !node.constructed) return null;
  const [oid, , ...rest] = childrenOf(bytes, node, budget, 1);
  if (oid === undefined || !isUniversal(oid, TAG.oid) || rest.length > 0) return null;
  return oidText(bytes, oid);
}

/** As pkijs holds it, for the signature-scheme code shared with certificates; parameters parsed only when present. */
function algorithmIdentifier(bytes: Uint8Array, node: Tlv, budget: TlvBudget): pkijs.AlgorithmIdentifier | null {
  const algorithmId = algorithmOid(bytes, node, budget);
  if (algorithmId === null) return null;
  const params = childrenOf(bytes, node, budget, 1)[1];
  if (params === undefined) return new pkijs.AlgorithmIdentifier({ algorithmId });
  if (isUniversal(params, 5) && params.contentEnd === params.contentStart) return new pkijs.AlgorithmIdentifier({ algorithmId, algorithmParams: new asn1js.Null() });
  const parsed = asn1js.fromBER(bytes.subarray(params.start, params.end), { parseEmbedded: false, copyInput: false });
  if (parsed.offset === -1) return null;
  return new pkijs.AlgorithmIdentifier({ algorithmId, algorithmParams: parsed.result });
}

function readAttributes(bytes: Uint8Array, node: Tlv, budget: TlvBudget): SignedAttribute[] | null {
  if (!node.constructed) return null;
  const out: SignedAttribute[] = [];
  for (const attribute of childrenOf(bytes, node, budget, 1)) {
    if (!isUniversal(attribute, TAG.sequence) || !attribute.constructed) return null;
    const [type, values, ...rest] = childrenOf(bytes, attribute, budget, 2);
    if (type === undefined || !isUniversal(type, TAG.oid) || values === undefined || !isUniversal(values, TAG.set) || !values.constructed || rest.length > 0) return null;
    out.push({ type: oidText(bytes, type), values: childrenOf(bytes, values, budget, 3) });
  }
  return out;
}

/** The values of every attribute of a type: one array per attribute, so that repeated attributes can be refused. */
export function attributeValues(parts: SignerInfoParts, oid: string): (readonly Tlv[])[] {
  return (parts.signedAttrs?.attributes ?? []).filter((a) => a.type === oid).map((a) => a.values);
}

const UTC_TIME = 23;
const GENERALIZED_TIME = 24;

/** A UTCTime or GeneralizedTime value as a Date; null for anything else or an impossible time. */
export function timeValue(bytes: Uint8Array, tlv: Tlv): Date | null {
  if (tlv.tagClass !== 0 || tlv.constructed || (tlv.tagNumber !== UTC_TIME && tlv.tagNumber !== GENERALIZED_TIME)) return null;
  let text = "";
  for (let p = tlv.contentStart; p < tlv.contentEnd; p++) text += String.fromCharCode(bytes[p]!);
  if (tlv.tagNumber === UTC_TIME) {
    // RFC 5280 §4.1.2.5.1: two-digit years 50-99 are 19xx, 00-49 are 20xx. BER also allows no seconds and offsets.
    const m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$/.exec(text);
    if (!m) return null;
    const yy = Number(m[1]);
    return utcDate(yy < 50 ? 2000 + yy : 1900 + yy, m[2]!, m[3]!, m[4]!, m[5]!, m[6] ?? "00", "", m[7]!);
  }
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})([.,]\d{1,9})?(Z|[+-]\d{4})?$/.exec(text);
  if (!m) return null;
  return utcDate(Number(m[1]), m[2]!, m[3]!, m[4]!, m[5]!, m[6]!, m[7] ?? "", m[8] ?? "Z");
}

function utcDate(year: number, month: string, day: string, hour: string, minute: string, second: string, fraction: string, zone: string): Date | null {
  const [mo, d, h, mi, s] = [month, day, hour, minute, second].map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const ms = fraction ? Math.floor(Number(`0.${fraction.slice(1)}`) * 1000) : 0;
  const date = new Date(0);
  date.setUTCFullYear(year, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  // Date rolls 31 April over into May; such a time does not exist.
  if (date.getUTCDate() !== d) return null;
  let time = date.getTime();
  if (zone !== "Z") {
    const sign = zone[0] === "+" ? 1 : -1;
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(3, 5));
    if (oh > 23 || om > 59) return null;
    time -= sign * (oh * 60 + om) * 60_000;
  }
  return new Date(time);
}
