import * as asn1js from "asn1js";
import { concatBytes } from "../bytes.js";

export { concatBytes };

/**
 * Nodes allowed in one CMS object. A SignedData with a long chain and many attributes has a few thousand; this
 * bounds the work a hostile object can cause. Past it the object is reported `malformed`.
 */
export const MAX_ASN1_NODES = 200_000;
/** Nesting depth of ASN.1 values. Real CMS stays below 30; deeper input is hostile and reported `malformed`. */
export const MAX_ASN1_DEPTH = 64;

export type DerParse =
  | { readonly ok: true; readonly node: asn1js.AsnType; readonly trailing: number }
  | { readonly ok: false; readonly error: string };

/**
 * Parses BER/DER without copying the input and without trying to read OCTET STRINGs as nested ASN.1 (which costs
 * time on large contents and mutates nothing we want). The content limit is sized to the input itself.
 */
export function parseDer(bytes: Uint8Array): DerParse {
  if (bytes.byteLength === 0) return { ok: false, error: "empty input" };
  let parsed: ReturnType<typeof asn1js.fromBER>;
  try {
    parsed = asn1js.fromBER(bytes, {
      maxNodes: MAX_ASN1_NODES,
      maxDepth: MAX_ASN1_DEPTH,
      maxContentLength: bytes.byteLength,
      parseEmbedded: false,
      copyInput: false,
    });
  } catch (e) {
    return { ok: false, error: `ASN.1 parser failed: ${(e as Error).message}` };
  }
  if (parsed.offset === -1) {
    return { ok: false, error: parsed.result.error || "not valid ASN.1" };
  }
  return { ok: true, node: parsed.result, trailing: bytes.byteLength - parsed.offset };
}

const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
/** Uint8Array.prototype.toHex (ECMAScript 2026; current browsers): native, lower case, as the loop below. */
const nativeToHex = (Uint8Array.prototype as { toHex?: (this: Uint8Array) => string }).toHex;

export function toHex(bytes: Uint8Array): string {
  if (nativeToHex !== undefined) return nativeToHex.call(bytes);
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += HEX_PAIRS[bytes[i]!]!;
  return s;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  let diff = 0;
  for (let i = 0; i < a.byteLength; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function viewOf(buffer: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (buffer instanceof Uint8Array) return buffer;
  if (ArrayBuffer.isView(buffer)) return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return new Uint8Array(buffer);
}

/**
 * The contents of an OCTET STRING, joining the pieces of a constructed (BER) one. Returns null when a constructed
 * one holds anything but OCTET STRINGs, which BER forbids (X.690 §8.7.3).
 */
export function octetStringValue(node: asn1js.OctetString): Uint8Array | null {
  if (!node.idBlock.isConstructed) return node.valueBlock.valueHexView;
  const pieces: Uint8Array[] = [];
  const walk = (n: asn1js.BaseBlock): boolean => {
    if (!n.idBlock.isConstructed) {
      const view = (n as asn1js.OctetString).valueBlock.valueHexView as Uint8Array | undefined;
      if (!(view instanceof Uint8Array)) return false;
      pieces.push(view);
      return true;
    }
    const children = (n as asn1js.Constructed).valueBlock.value;
    if (!Array.isArray(children)) return false;
    for (const child of children) {
      if (child instanceof asn1js.EndOfContent) continue;
      if (child.idBlock.tagClass !== 1 || child.idBlock.tagNumber !== 4) return false;
      if (!walk(child)) return false;
    }
    return true;
  };
  return walk(node) ? concatBytes(pieces) : null;
}


/** Returns the exact encoded bytes of an ASN.1 node as it appeared in the input. */
export function encodedBytesOf(node: asn1js.BaseBlock): Uint8Array {
  return node.valueBeforeDecodeView;
}

export { bufferSource } from "../bytes.js";
