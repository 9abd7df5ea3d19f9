/**
 * Reading parsed ASN.1 (asn1js nodes) by shape, without ever throwing: every reader returns null when the node is
 * not what the caller asked for. Key files come from users and are untrusted; a null is turned into "corrupt" or
 * "wrong-password" by the caller, which knows which one it is.
 */
import type * as asn1js from "asn1js";
import { octetStringValue } from "../cms/der.js";

type Node = asn1js.BaseBlock;

const UNIVERSAL = 1;
const CONTEXT = 3;
const TAG = { integer: 2, bitString: 3, octetString: 4, null: 5, oid: 6, sequence: 16, set: 17, bmpString: 30 } as const;

function is(node: Node | null | undefined, tagClass: number, tagNumber: number): node is Node {
  return !!node && node.idBlock.tagClass === tagClass && node.idBlock.tagNumber === tagNumber;
}

/** Children of a constructed node, without the end-of-contents marker of the indefinite form. */
export function childrenOf(node: Node | null | undefined): Node[] | null {
  if (!node || !node.idBlock.isConstructed) return null;
  const value = (node as asn1js.Constructed).valueBlock.value as Node[] | undefined;
  if (!Array.isArray(value)) return null;
  return value.filter((c) => !(c.idBlock.tagClass === UNIVERSAL && c.idBlock.tagNumber === 0));
}

export function sequenceOf(node: Node | null | undefined): Node[] | null {
  return is(node, UNIVERSAL, TAG.sequence) ? childrenOf(node) : null;
}

export function setOf(node: Node | null | undefined): Node[] | null {
  return is(node, UNIVERSAL, TAG.set) ? childrenOf(node) : null;
}

export function oidOf(node: Node | null | undefined): string | null {
  if (!is(node, UNIVERSAL, TAG.oid) || node.idBlock.isConstructed) return null;
  const text = (node as asn1js.ObjectIdentifier).valueBlock.toString();
  return /^\d+(\.\d+)+$/.test(text) ? text : null;
}

export function octetsOf(node: Node | null | undefined): Uint8Array | null {
  if (!is(node, UNIVERSAL, TAG.octetString)) return null;
  return octetStringValue(node as asn1js.OctetString);
}

/** The two's-complement content octets of an INTEGER. */
function integerContent(node: Node | null | undefined): Uint8Array | null {
  if (!is(node, UNIVERSAL, TAG.integer) || node.idBlock.isConstructed) return null;
  const bytes = (node as asn1js.Integer).valueBlock.valueHexView as Uint8Array | undefined;
  return bytes instanceof Uint8Array && bytes.byteLength > 0 ? bytes : null;
}

/** A non-negative INTEGER small enough for a JavaScript number (versions, iteration counts, key lengths). */
export function smallIntegerOf(node: Node | null | undefined): number | null {
  const bytes = integerContent(node);
  if (!bytes || bytes[0]! & 0x80) return null;
  let start = 0;
  while (start < bytes.byteLength - 1 && bytes[start] === 0) start++;
  if (bytes.byteLength - start > 6) return null;
  let n = 0;
  for (let i = start; i < bytes.byteLength; i++) n = n * 256 + bytes[i]!;
  return n;
}

/** The magnitude of a non-negative INTEGER without leading zero octets, for comparing key components. */
export function unsignedIntegerOf(node: Node | null | undefined): Uint8Array | null {
  const bytes = integerContent(node);
  if (!bytes || bytes[0]! & 0x80) return null;
  let start = 0;
  while (start < bytes.byteLength - 1 && bytes[start] === 0) start++;
  return bytes.subarray(start);
}

/** The bits of a BIT STRING that holds whole octets (keys and points always do). */
export function bitStringBytesOf(node: Node | null | undefined): Uint8Array | null {
  if (!is(node, UNIVERSAL, TAG.bitString) || node.idBlock.isConstructed) return null;
  const block = (node as asn1js.BitString).valueBlock;
  const bytes = block.valueHexView as Uint8Array | undefined;
  return bytes instanceof Uint8Array && block.unusedBits === 0 ? bytes : null;
}

/** The whole-octet bits of an IMPLICIT [n] BIT STRING (the public key of RFC 5958 and SEC 1 structures). */
export function implicitBitStringBytesOf(node: Node | null | undefined, tagNumber: number): Uint8Array | null {
  if (!is(node, CONTEXT, tagNumber) || node.idBlock.isConstructed) return null;
  const raw = (node as asn1js.Primitive).valueBlock.valueHexView as Uint8Array | undefined;
  if (!(raw instanceof Uint8Array) || raw.byteLength === 0 || raw[0] !== 0) return null;
  return raw.subarray(1);
}

export function isNull(node: Node | null | undefined): boolean {
  return is(node, UNIVERSAL, TAG.null);
}

/** The value inside an EXPLICIT context tag [n]. */
export function explicitOf(node: Node | null | undefined, tagNumber: number): Node | null {
  if (!is(node, CONTEXT, tagNumber)) return null;
  const inner = childrenOf(node);
  return inner && inner.length === 1 ? inner[0]! : null;
}

/** Whether the node carries context tag [n] (for optional fields). */
export function hasContextTag(node: Node | null | undefined, tagNumber: number): boolean {
  return is(node, CONTEXT, tagNumber);
}

/** The octets of an IMPLICIT [n] OCTET STRING, primitive or split into BER pieces. */
export function implicitOctetsOf(node: Node | null | undefined, tagNumber: number): Uint8Array | null {
  if (!is(node, CONTEXT, tagNumber)) return null;
  if (!node.idBlock.isConstructed) {
    const bytes = (node as asn1js.Primitive).valueBlock.valueHexView as Uint8Array | undefined;
    return bytes instanceof Uint8Array ? bytes : null;
  }
  return octetStringValue(node as asn1js.OctetString);
}

/** A BMPString (UTF-16BE), as PKCS #12 friendly names are. A trailing NUL, which some Windows versions write, is dropped. */
export function bmpStringOf(node: Node | null | undefined): string | null {
  if (!is(node, UNIVERSAL, TAG.bmpString) || node.idBlock.isConstructed) return null;
  const bytes = (node as asn1js.BmpString).valueBlock.valueHexView as Uint8Array | undefined;
  if (!(bytes instanceof Uint8Array) || bytes.byteLength % 2 !== 0) return null;
  let text = "";
  for (let i = 0; i < bytes.byteLength; i += 2) text += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
  return text.replace(/\u0000+$/, "");
}

export interface AlgorithmIdentifier {
  readonly oid: string;
  /** The parameters, or null when absent. An explicit NULL is kept as a node. */
  readonly params: Node | null;
}

export function algorithmOf(node: Node | null | undefined): AlgorithmIdentifier | null {
  const parts = sequenceOf(node);
  if (!parts || parts.length < 1 || parts.length > 2) return null;
  const oid = oidOf(parts[0]);
  return oid === null ? null : { oid, params: parts[1] ?? null };
}
