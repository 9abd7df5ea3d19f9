import { viewOf } from "../cms/der.js";
import { parseCertificate, type ParsedCertificate } from "./certificate.js";

/**
 * A large set of trust anchors (the built-in public roots) looked up by subject name instead of parsed up front:
 * parsing a hundred root certificates costs more than a whole verification, and a path needs at most one or two of
 * them. Names are compared as encoded, which is how a CA's subject is copied into the certificates it issues.
 */
export interface AnchorIndex {
  /** Anchors whose subject is exactly this encoded Name. Parsed on first use. */
  bySubject(nameDer: Uint8Array): readonly ParsedCertificate[];
}

/** Reads one DER TLV header at `at`; returns where its contents start and end, or null. */
function tlv(der: Uint8Array, at: number): { tag: number; start: number; end: number } | null {
  if (at + 2 > der.length) return null;
  const tag = der[at]!;
  let len = der[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > der.length) return null;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[start + i]!;
    start += n;
  }
  const end = start + len;
  return end <= der.length ? { tag, start, end } : null;
}

/** The encoded subject Name of a DER certificate, found by walking the TBSCertificate's fields without parsing them. */
export function subjectNameDer(cert: Uint8Array): Uint8Array | null {
  const outer = tlv(cert, 0);
  const tbs = outer && outer.tag === 0x30 ? tlv(cert, outer.start) : null;
  if (!tbs || tbs.tag !== 0x30) return null;
  let at = tbs.start;
  let field = tlv(cert, at);
  if (field && field.tag === 0xa0) {
    at = field.end; // [0] version
    field = tlv(cert, at);
  }
  // serialNumber, signature, issuer, validity, then subject.
  for (let i = 0; i < 4; i++) {
    if (!field) return null;
    at = field.end;
    field = tlv(cert, at);
  }
  return field && field.tag === 0x30 ? cert.subarray(at, field.end) : null;
}

const KEY_PIECE_BYTES = 4096;

/**
 * An encoded name as a map key: one character per byte, made by native calls. A name comes from the message being
 * checked, so a huge one is taken in pieces (one call's arguments are limited).
 */
function keyOf(name: Uint8Array): string {
  let key = "";
  for (let at = 0; at < name.length; at += KEY_PIECE_BYTES) {
    key += String.fromCharCode.apply(null, name.subarray(at, at + KEY_PIECE_BYTES) as unknown as number[]);
  }
  return key;
}

export function createAnchorIndex(ders: readonly Uint8Array[]): AnchorIndex {
  const raw = new Map<string, Uint8Array[]>();
  for (const der of ders) {
    const name = subjectNameDer(der);
    if (!name) continue;
    const key = keyOf(name);
    const list = raw.get(key);
    if (list) list.push(der);
    else raw.set(key, [der]);
  }
  const parsed = new Map<string, readonly ParsedCertificate[]>();
  return {
    bySubject(nameDer) {
      const key = keyOf(nameDer);
      let hit = parsed.get(key);
      if (!hit) {
        hit = (raw.get(key) ?? []).flatMap((der) => {
          const p = parseCertificate(der);
          return p.ok ? [p.value] : [];
        });
        parsed.set(key, hit);
      }
      return hit;
    },
  };
}

/** The encoded form of a parsed certificate's issuer or subject name. */
export function nameDer(name: { readonly valueBeforeDecode: ArrayBuffer }): Uint8Array {
  return viewOf(name.valueBeforeDecode);
}
