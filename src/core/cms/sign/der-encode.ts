/*
 * The few DER encodings signing needs, written directly. A large content is passed by reference as one piece of
 * the output, so a 50 MB opaque SignedData is never copied into an ASN.1 tree or a second buffer before base64.
 */
import { concatBytes } from "../../bytes.js";

export const TAG = {
  integer: 0x02,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
  /** [0] constructed: EXPLICIT [0] wrappers and IMPLICIT [0] SET / SEQUENCE alike. */
  context0: 0xa0,
  context1: 0xa1,
  context2: 0xa2,
} as const;

/** Encoded bytes as a list of pieces, some of them views of large inputs. */
export interface DerPieces {
  readonly length: number;
  readonly pieces: readonly Uint8Array[];
}

export function encodeLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}


/** A small TLV as one buffer. */
export function tlv(tag: number, ...contents: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const c of contents) length += c.byteLength;
  return concatBytes([Uint8Array.of(tag), encodeLength(length), ...contents]);
}

/** A TLV whose contents stay as pieces; only the tag and length are new bytes. */
export function tlvPieces(tag: number, contents: readonly (Uint8Array | DerPieces)[]): DerPieces {
  let length = 0;
  const pieces: Uint8Array[] = [];
  for (const c of contents) {
    if (c instanceof Uint8Array) {
      length += c.byteLength;
      pieces.push(c);
    } else {
      length += c.length;
      pieces.push(...c.pieces);
    }
  }
  const head = concatBytes([Uint8Array.of(tag), encodeLength(length)]);
  return { length: head.byteLength + length, pieces: [head, ...pieces] };
}

export function joinPieces(der: DerPieces): Uint8Array {
  return der.pieces.length === 1 ? der.pieces[0]! : concatBytes(der.pieces);
}

export function encodeOid(dotted: string): Uint8Array {
  const arcs = dotted.split(".").map(Number);
  const [first = 0, second = 0, ...rest] = arcs;
  const body: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const groups: number[] = [arc % 128];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) groups.unshift(0x80 | v % 128);
    body.push(...groups);
  }
  return tlv(TAG.oid, Uint8Array.from(body));
}

/** A non-negative INTEGER from big-endian magnitude bytes (leading zeros removed, a 0x00 added when needed). */
export function encodeUnsignedInteger(magnitude: Uint8Array): Uint8Array {
  let v = magnitude;
  while (v.byteLength > 1 && v[0] === 0) v = v.subarray(1);
  if (v.byteLength === 0) v = Uint8Array.of(0);
  return v[0]! & 0x80 ? tlv(TAG.integer, Uint8Array.of(0), v) : tlv(TAG.integer, v);
}

export function encodeSmallInteger(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) throw new RangeError(`${n} is not a small non-negative integer`);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return encodeUnsignedInteger(Uint8Array.from(bytes));
}

export const DER_NULL: Uint8Array = Uint8Array.of(TAG.null, 0);

/** X.690 §11.6: SET OF components in ascending order of their encodings, the shorter padded with zero octets. */
export function compareDer(a: Uint8Array, b: Uint8Array): number {
  const n = Math.max(a.byteLength, b.byteLength);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** A DER SET OF: the components sorted as X.690 §11.6 requires. */
export function encodeSetOf(elements: readonly Uint8Array[], tag: number = TAG.set): Uint8Array {
  return tlv(tag, ...[...elements].sort(compareDer));
}
