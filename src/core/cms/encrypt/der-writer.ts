/*
 * Definite-length DER for the structures this folder writes. Small values are built whole; the large encrypted
 * content is never copied: callers compute its header with `header` and keep the ciphertext as its own piece.
 */
import * as asn1js from "asn1js";

export const TAG = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  sequence: 0x30,
  set: 0x31,
} as const;

/** Context-specific tag byte: [n] constructed (EXPLICIT, or IMPLICIT over a constructed type) or primitive. */
export function contextTag(n: number, constructed: boolean): number {
  return 0x80 | (constructed ? 0x20 : 0) | n;
}

/** Identifier and length octets of a value with `length` content octets (X.690 §8.1.3, definite form). */
export function header(tag: number, length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(tag, length);
  let bytes = 0;
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes++;
  const out = new Uint8Array(2 + bytes);
  out[0] = tag;
  out[1] = 0x80 | bytes;
  for (let i = bytes - 1, n = length; i >= 0; i--, n = Math.floor(n / 256)) out[2 + i] = n & 0xff;
  return out;
}

export function totalLength(pieces: readonly Uint8Array[]): number {
  let n = 0;
  for (const p of pieces) n += p.byteLength;
  return n;
}

/** One small TLV: joins the header and its content. */
export function tlv(tag: number, ...content: readonly Uint8Array[]): Uint8Array {
  const length = totalLength(content);
  const head = header(tag, length);
  const out = new Uint8Array(head.byteLength + length);
  out.set(head, 0);
  let at = head.byteLength;
  for (const c of content) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export function sequence(...content: readonly Uint8Array[]): Uint8Array {
  return tlv(TAG.sequence, ...content);
}

export function octetString(bytes: Uint8Array): Uint8Array {
  return tlv(TAG.octetString, bytes);
}

/** A BIT STRING holding whole octets (no unused bits). */
export function bitString(bytes: Uint8Array): Uint8Array {
  return tlv(TAG.bitString, Uint8Array.of(0), bytes);
}

/** A non-negative INTEGER that fits a JavaScript number. */
export function smallInteger(value: number): Uint8Array {
  const bytes: number[] = [];
  let n = value;
  do {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  } while (n > 0);
  if ((bytes[0] ?? 0) & 0x80) bytes.unshift(0);
  return tlv(TAG.integer, Uint8Array.from(bytes));
}

export const NULL_VALUE: Uint8Array = Uint8Array.of(TAG.null, 0);

export function objectIdentifier(dotted: string): Uint8Array {
  return new Uint8Array(new asn1js.ObjectIdentifier({ value: dotted }).toBER(false));
}

/** AlgorithmIdentifier; `parameters` is the DER of the parameters, absent when omitted. */
export function algorithmIdentifier(oid: string, parameters?: Uint8Array): Uint8Array {
  return parameters === undefined ? sequence(objectIdentifier(oid)) : sequence(objectIdentifier(oid), parameters);
}

/** X.690 §11.6: the elements of a DER SET OF in ascending order of their encodings, shorter ones padded with zeros. */
export function derSetOf(elements: readonly Uint8Array[]): Uint8Array {
  const sorted = [...elements].sort((a, b) => {
    const n = Math.max(a.byteLength, b.byteLength);
    for (let i = 0; i < n; i++) {
      const d = (a[i] ?? 0) - (b[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  });
  return tlv(TAG.set, ...sorted);
}
