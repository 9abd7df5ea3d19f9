/*
 * Small readers over parsed asn1js nodes for the enveloped structures. The structure parsers use them inside one
 * try block each and turn `MalformedCms` into a `malformed` result there: a reader that throws keeps the field-by-
 * field code readable, and the exception never leaves the module that caught it.
 */
import * as asn1js from "asn1js";
import { concatBytes } from "../../bytes.js";
import { encodedBytesOf } from "../der.js";

export class MalformedCms extends Error {}

export function malformedCms(detail: string): never {
  throw new MalformedCms(detail);
}

const UNIVERSAL = 1;
const CONTEXT = 3;

export const TAG = {
  integer: 2,
  bitString: 3,
  octetString: 4,
  null: 5,
  oid: 6,
  sequence: 16,
  set: 17,
} as const;

export function isUniversal(node: asn1js.BaseBlock | undefined, tagNumber: number): boolean {
  return node !== undefined && node.idBlock.tagClass === UNIVERSAL && node.idBlock.tagNumber === tagNumber;
}

export function isContext(node: asn1js.BaseBlock | undefined, tagNumber: number): boolean {
  return node !== undefined && node.idBlock.tagClass === CONTEXT && node.idBlock.tagNumber === tagNumber;
}

/** The children of a constructed node (end-of-contents markers of indefinite lengths left out). */
export function childrenOf(node: asn1js.BaseBlock, what: string): asn1js.BaseBlock[] {
  const value = (node as asn1js.Constructed).valueBlock?.value as unknown;
  if (!node.idBlock.isConstructed || !Array.isArray(value)) malformedCms(`${what} is not a constructed value`);
  return (value as asn1js.BaseBlock[]).filter((n) => !(n instanceof asn1js.EndOfContent));
}

export function sequenceOf(node: asn1js.BaseBlock | undefined, what: string): asn1js.BaseBlock[] {
  if (!isUniversal(node, TAG.sequence)) malformedCms(`${what} is not a SEQUENCE`);
  return childrenOf(node!, what);
}

export function readOid(node: asn1js.BaseBlock | undefined, what: string): string {
  if (!isUniversal(node, TAG.oid)) malformedCms(`${what} is not an OBJECT IDENTIFIER`);
  const oid = (node as asn1js.ObjectIdentifier).getValue();
  if (!/^\d+(\.\d+)+$/.test(oid)) malformedCms(`${what} is not a valid OBJECT IDENTIFIER`);
  return oid;
}

/** A small non-negative INTEGER (versions, iteration counts, lengths). */
export function readSmallInteger(node: asn1js.BaseBlock | undefined, what: string): number {
  if (!isUniversal(node, TAG.integer) || node!.idBlock.isConstructed) malformedCms(`${what} is not an INTEGER`);
  const bytes = (node as asn1js.Integer).valueBlock.valueHexView;
  if (bytes.byteLength === 0) malformedCms(`${what} is an empty INTEGER`);
  if (bytes[0]! & 0x80) malformedCms(`${what} is negative`);
  let value = 0;
  for (const b of bytes) {
    value = value * 256 + b;
    if (value > Number.MAX_SAFE_INTEGER / 256) malformedCms(`${what} is too large`);
  }
  return value;
}

/** The unsigned big-endian bytes of an INTEGER, as they are encoded (serial numbers). */
export function readIntegerBytes(node: asn1js.BaseBlock | undefined, what: string): Uint8Array {
  if (!isUniversal(node, TAG.integer) || node!.idBlock.isConstructed) malformedCms(`${what} is not an INTEGER`);
  return (node as asn1js.Integer).valueBlock.valueHexView;
}

/**
 * The pieces of an OCTET STRING, universal or implicitly tagged, primitive or constructed (BER splits large
 * contents into pieces; they are returned as views, not joined, so that the caller joins them once).
 */
export function octetPieces(node: asn1js.BaseBlock, what: string): Uint8Array[] {
  if (!node.idBlock.isConstructed) return [(node as asn1js.Primitive).valueBlock.valueHexView];
  const pieces: Uint8Array[] = [];
  const walk = (n: asn1js.BaseBlock): void => {
    for (const child of childrenOf(n, what)) {
      if (!isUniversal(child, TAG.octetString)) malformedCms(`${what}: a constructed OCTET STRING holds something else`);
      if (child.idBlock.isConstructed) walk(child);
      else pieces.push((child as asn1js.OctetString).valueBlock.valueHexView);
    }
  };
  walk(node);
  return pieces;
}

/** Joins pieces (and an optional tail such as a GCM tag) into one buffer. */
export function joinPieces(pieces: readonly Uint8Array[], tail?: Uint8Array): Uint8Array {
  return concatBytes(tail ? [...pieces, tail] : pieces);
}

export function readOctets(node: asn1js.BaseBlock | undefined, what: string): Uint8Array {
  if (!isUniversal(node, TAG.octetString)) malformedCms(`${what} is not an OCTET STRING`);
  return joinPieces(octetPieces(node!, what));
}

/** The bits of a BIT STRING with no unused bits (public keys). */
export function readBitStringBytes(node: asn1js.BaseBlock | undefined, what: string): Uint8Array {
  if (!isUniversal(node, TAG.bitString) || node!.idBlock.isConstructed) malformedCms(`${what} is not a BIT STRING`);
  const block = (node as asn1js.BitString).valueBlock;
  if (block.unusedBits !== 0) malformedCms(`${what} has unused bits`);
  return block.valueHexView;
}

export interface AlgorithmId {
  readonly oid: string;
  /** The parameters node, or null when absent. An explicit NULL is kept as a node. */
  readonly params: asn1js.BaseBlock | null;
  /** The AlgorithmIdentifier exactly as encoded in the input. */
  readonly der: Uint8Array;
}

/** An AlgorithmIdentifier, universal SEQUENCE or implicitly tagged. */
export function readAlgorithm(node: asn1js.BaseBlock | undefined, what: string, implicitTag?: number): AlgorithmId {
  if (node === undefined) malformedCms(`${what} is missing`);
  const tagged = implicitTag === undefined ? isUniversal(node, TAG.sequence) : isContext(node, implicitTag);
  if (!tagged) malformedCms(`${what} is not an AlgorithmIdentifier`);
  const parts = childrenOf(node, what);
  if (parts.length < 1 || parts.length > 2) malformedCms(`${what} has ${parts.length} fields`);
  return { oid: readOid(parts[0], `${what} algorithm`), params: parts[1] ?? null, der: encodedBytesOf(node) };
}

export function hasNoParams(alg: AlgorithmId): boolean {
  return alg.params === null || isUniversal(alg.params, TAG.null);
}
