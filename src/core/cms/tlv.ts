import { concatBytes } from "../bytes.js";
import { MAX_ASN1_DEPTH, MAX_ASN1_NODES } from "./der.js";

/**
 * A BER/DER tag-length-value reader that allocates nothing but the small header objects it returns. Reading a
 * SignedData's frame (content type, embedded content, certificate and SignerInfo encodings) through it instead of
 * building asn1js objects for every node is what makes verification cheaper than the public-key work it exists for:
 * asn1js spends about a millisecond on a 2.5 KB signature. Only the parts that need field-level parsing (one
 * SignerInfo, a certificate not seen before) go through asn1js and pkijs, each from its own encoding.
 *
 * The reader is strict where it matters for safety (lengths inside their parent, bounded depth and node count,
 * indefinite lengths only on constructed values) and tolerant where BER allows variation (indefinite lengths,
 * constructed OCTET STRINGs), as real S/MIME producers use them.
 */
export interface Tlv {
  /** 0 universal, 1 application, 2 context-specific, 3 private. */
  readonly tagClass: number;
  readonly constructed: boolean;
  readonly tagNumber: number;
  /** Where the identifier starts. */
  readonly start: number;
  /** Where the contents start. */
  readonly contentStart: number;
  /** Where the contents end (before the end-of-contents octets of an indefinite length). */
  readonly contentEnd: number;
  /** Where the whole value ends, end-of-contents octets included. */
  readonly end: number;
}

export class TlvError extends Error {}

/** Highest tag number accepted (four base-128 octets); larger ones appear only in hostile input. */
const MAX_TAG_NUMBER = 0x0fffffff;
/** Length octets of a long-form length; four address 4 GiB, past anything this engine reads in one buffer. */
const MAX_LENGTH_OCTETS = 4;

/** Shared across one read so that a hostile value cannot cost more than MAX_ASN1_NODES header reads in total. */
export interface TlvBudget {
  nodes: number;
}

export function tlvBudget(): TlvBudget {
  return { nodes: MAX_ASN1_NODES };
}

/**
 * Reads the value starting at `offset`, which must end by `limit`. An indefinite length is resolved by walking the
 * children to the end-of-contents octets, `depth` levels below the caller.
 */
export function readTlv(bytes: Uint8Array, offset: number, limit: number, budget: TlvBudget, depth = 0): Tlv {
  if (depth > MAX_ASN1_DEPTH) throw new TlvError(`ASN.1 nesting deeper than ${MAX_ASN1_DEPTH}`);
  if (--budget.nodes < 0) throw new TlvError(`more than ${MAX_ASN1_NODES} ASN.1 values`);
  let p = offset;
  if (p >= limit) throw new TlvError("the data ends where a value should start");
  const first = bytes[p++]!;
  const tagClass = first >> 6;
  const constructed = (first & 0x20) !== 0;
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    let octet: number;
    do {
      if (p >= limit) throw new TlvError("the data ends inside a tag");
      octet = bytes[p++]!;
      tagNumber = tagNumber * 128 + (octet & 0x7f);
      if (tagNumber > MAX_TAG_NUMBER) throw new TlvError("a tag number is too large");
    } while (octet & 0x80);
  }
  if (p >= limit) throw new TlvError("the data ends before a length");
  const lengthOctet = bytes[p++]!;
  if (lengthOctet === 0x80) {
    if (!constructed) throw new TlvError("a primitive value has an indefinite length");
    const contentStart = p;
    for (;;) {
      if (p + 2 <= limit && bytes[p] === 0 && bytes[p + 1] === 0) {
        return { tagClass, constructed, tagNumber, start: offset, contentStart, contentEnd: p, end: p + 2 };
      }
      p = readTlv(bytes, p, limit, budget, depth + 1).end;
    }
  }
  let length: number;
  if (lengthOctet < 0x80) {
    length = lengthOctet;
  } else {
    const count = lengthOctet & 0x7f;
    if (count > MAX_LENGTH_OCTETS || lengthOctet === 0xff) throw new TlvError("a length is too large");
    if (p + count > limit) throw new TlvError("the data ends inside a length");
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[p++]!;
  }
  if (length > limit - p) throw new TlvError("a value runs past the end of its container");
  return { tagClass, constructed, tagNumber, start: offset, contentStart: p, contentEnd: p + length, end: p + length };
}

/** The values inside a constructed one, in order; end-of-contents octets are not included. */
export function childrenOf(bytes: Uint8Array, parent: Tlv, budget: TlvBudget, depth = 0): Tlv[] {
  if (!parent.constructed) throw new TlvError("a primitive value has no inner values");
  const out: Tlv[] = [];
  let p = parent.contentStart;
  while (p < parent.contentEnd) {
    const child = readTlv(bytes, p, parent.contentEnd, budget, depth + 1);
    out.push(child);
    p = child.end;
  }
  return out;
}

export function isUniversal(tlv: Tlv, tagNumber: number): boolean {
  return tlv.tagClass === 0 && tlv.tagNumber === tagNumber;
}

export function isContext(tlv: Tlv, tagNumber: number): boolean {
  return tlv.tagClass === 2 && tlv.tagNumber === tagNumber;
}

export const TAG = { integer: 2, octetString: 4, oid: 6, sequence: 16, set: 17 } as const;

/** The whole encoding of a value, identifier to end, as a view. */
export function encodingOf(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.start, tlv.end);
}

/** Dotted text of an OBJECT IDENTIFIER's contents; throws TlvError on an invalid encoding. */
export function oidText(bytes: Uint8Array, tlv: Tlv): string {
  if (tlv.constructed || tlv.contentEnd === tlv.contentStart) throw new TlvError("an OBJECT IDENTIFIER is empty or constructed");
  const arcs: number[] = [];
  let value = 0;
  let started = false;
  for (let p = tlv.contentStart; p < tlv.contentEnd; p++) {
    const octet = bytes[p]!;
    if (!started && octet === 0x80) throw new TlvError("an OBJECT IDENTIFIER arc has a leading zero octet");
    started = true;
    value = value * 128 + (octet & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new TlvError("an OBJECT IDENTIFIER arc is too large");
    if ((octet & 0x80) === 0) {
      if (arcs.length === 0) {
        const first = value < 40 ? 0 : value < 80 ? 1 : 2;
        arcs.push(first, value - first * 40);
      } else {
        arcs.push(value);
      }
      value = 0;
      started = false;
    }
  }
  if (started) throw new TlvError("an OBJECT IDENTIFIER ends inside an arc");
  return arcs.join(".");
}

/**
 * The contents of an OCTET STRING, joining the pieces of a constructed (BER) one. Returns null when a constructed
 * one holds anything but OCTET STRINGs, which BER forbids (X.690 §8.7.3).
 */
export function octetStringContents(bytes: Uint8Array, tlv: Tlv, budget: TlvBudget): Uint8Array | null {
  if (!tlv.constructed) return bytes.subarray(tlv.contentStart, tlv.contentEnd);
  const pieces: Uint8Array[] = [];
  const walk = (node: Tlv, depth: number): boolean => {
    for (const child of childrenOf(bytes, node, budget, depth)) {
      if (!isUniversal(child, TAG.octetString)) return false;
      if (child.constructed) {
        if (!walk(child, depth + 1)) return false;
      } else {
        pieces.push(bytes.subarray(child.contentStart, child.contentEnd));
      }
    }
    return true;
  };
  if (!walk(tlv, 0)) return null;
  return concatBytes(pieces);
}
