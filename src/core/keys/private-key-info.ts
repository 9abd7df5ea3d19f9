/**
 * PKCS #8 PrivateKeyInfo / OneAsymmetricKey (RFC 5958): what kind of key it holds and the public key it implies,
 * read from the structure alone. Also the conversions from the traditional OpenSSL forms (PKCS #1 RSAPrivateKey,
 * SEC 1 ECPrivateKey), which carry the same key without the algorithm wrapper.
 */
import * as asn1js from "asn1js";
import { concatBytes, encodedBytesOf, parseDer, viewOf } from "../cms/der.js";
import { OID } from "../cms/oids.js";
import {
  algorithmOf,
  explicitOf,
  hasContextTag,
  bitStringBytesOf,
  implicitBitStringBytesOf,
  octetsOf,
  oidOf,
  sequenceOf,
  smallIntegerOf,
  unsignedIntegerOf,
  type AlgorithmIdentifier,
} from "./asn1-read.js";
import type { PrivateKeyKind } from "./identity.js";
import { KEY_OID } from "./key-oids.js";

export type EcCurve = "P-256" | "P-384" | "P-521";

export const CURVE_BY_OID: Readonly<Record<string, EcCurve>> = {
  [OID.p256]: "P-256",
  [OID.p384]: "P-384",
  [OID.p521]: "P-521",
};

const KIND_BY_CURVE: Readonly<Record<EcCurve, PrivateKeyKind>> = {
  "P-256": "ec-p256",
  "P-384": "ec-p384",
  "P-521": "ec-p521",
};

/** Public key material as it appears in a certificate's SubjectPublicKeyInfo, per key family. */
export type PublicKeyParts =
  | { readonly family: "rsa"; readonly modulus: Uint8Array; readonly exponent: Uint8Array }
  | { readonly family: "ec"; readonly curve: EcCurve; readonly point: Uint8Array }
  | { readonly family: "ed25519" | "x25519"; readonly key: Uint8Array };

export interface PrivateKeyInfo {
  /** The whole PrivateKeyInfo as it was encoded. */
  readonly der: Uint8Array;
  readonly algorithm: AlgorithmIdentifier;
  /** The AlgorithmIdentifier as it was encoded. */
  readonly algorithmDer: Uint8Array;
  /** The contents of the privateKey OCTET STRING (RSAPrivateKey, ECPrivateKey, or a CurvePrivateKey). */
  readonly privateKey: Uint8Array;
  /** RFC 5958 v2 publicKey [1], when present. */
  readonly publicKey: Uint8Array | null;
  /** null for algorithms this engine cannot use (DSA, Ed448, X448, explicit EC parameters...). */
  readonly kind: PrivateKeyKind | null;
  /** What the structure itself says about the public key; null when it has to be computed (see public-key-match.ts). */
  readonly publicParts: PublicKeyParts | null;
}

/**
 * Reads a PrivateKeyInfo. Returns null when the bytes are not one, including when anything follows it: decrypted
 * key bags must be exactly one structure, which is also how a lucky padding byte under a wrong password is caught.
 */
export function parsePrivateKeyInfo(bytes: Uint8Array): PrivateKeyInfo | null {
  const parsed = parseDer(bytes);
  if (!parsed.ok || parsed.trailing !== 0) return null;
  const parts = sequenceOf(parsed.node);
  if (!parts || parts.length < 3) return null;
  const version = smallIntegerOf(parts[0]);
  if (version !== 0 && version !== 1) return null;
  const algorithm = algorithmOf(parts[1]);
  const privateKey = octetsOf(parts[2]);
  if (!algorithm || !privateKey) return null;
  let publicKey: Uint8Array | null = null;
  for (const extra of parts.slice(3)) {
    if (hasContextTag(extra, 0)) continue; // attributes
    if (hasContextTag(extra, 1)) {
      publicKey = implicitBitStringBytesOf(extra, 1);
      if (!publicKey) return null;
      continue;
    }
    return null;
  }
  const info = { der: bytes, algorithm, algorithmDer: encodedBytesOf(parts[1]!), privateKey, publicKey };
  const described = describeKey(info);
  if (described === "malformed") return null;
  return { ...info, kind: described.kind, publicParts: described.publicParts };
}

type Described = { kind: PrivateKeyKind | null; publicParts: PublicKeyParts | null } | "malformed";

function describeKey(info: Pick<PrivateKeyInfo, "algorithm" | "privateKey" | "publicKey">): Described {
  const { algorithm, privateKey, publicKey } = info;
  switch (algorithm.oid) {
    case OID.rsaEncryption: {
      const rsa = readRsaPrivateKey(privateKey);
      if (!rsa) return "malformed";
      return { kind: "rsa", publicParts: { family: "rsa", modulus: rsa.modulus, exponent: rsa.exponent } };
    }
    case OID.ecPublicKey: {
      const ec = readEcPrivateKey(privateKey);
      if (!ec) return "malformed";
      const outer = algorithm.params ? oidOf(algorithm.params) : null;
      if (outer && ec.curveOid && outer !== ec.curveOid) return "malformed";
      const curve = CURVE_BY_OID[outer ?? ec.curveOid ?? ""];
      if (!curve) return { kind: null, publicParts: null };
      const point = ec.publicKey ?? publicKey;
      return { kind: KIND_BY_CURVE[curve], publicParts: point ? { family: "ec", curve, point } : null };
    }
    case OID.ed25519:
    case KEY_OID.x25519: {
      // CurvePrivateKey ::= OCTET STRING (RFC 8410 §7), inside the privateKey OCTET STRING.
      const parsed = parseDer(privateKey);
      const seed = parsed.ok && parsed.trailing === 0 ? octetsOf(parsed.node) : null;
      if (!seed || seed.byteLength !== 32 || algorithm.params) return "malformed";
      const family = algorithm.oid === OID.ed25519 ? "ed25519" : "x25519";
      return { kind: family, publicParts: publicKey && publicKey.byteLength === 32 ? { family, key: publicKey } : null };
    }
    default:
      return { kind: null, publicParts: null };
  }
}

/** DER tag-length-value. */
function tlv(tag: number, content: Uint8Array): Uint8Array {
  const n = content.byteLength;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return concatBytes([new Uint8Array([tag, ...length]), content]);
}

/**
 * The key as a plain version-0 PrivateKeyInfo: algorithm and private key only. PKCS #8 attributes (Windows puts the
 * key usage there) and the RFC 5958 public key are dropped, and BER becomes DER, so every WebCrypto implementation
 * loads the stored key; for a key already in that form the bytes come back unchanged.
 */
export function canonicalPkcs8(info: PrivateKeyInfo): Uint8Array {
  const canonical = tlv(0x30, concatBytes([new Uint8Array([0x02, 0x01, 0x00]), info.algorithmDer, tlv(0x04, info.privateKey)]));
  return canonical.byteLength === info.der.byteLength && canonical.every((b, i) => b === info.der[i]) ? info.der : canonical;
}

/** The key kind a PKCS #8 PrivateKeyInfo holds, or null when it is not one or holds a key this engine cannot use. */
export function privateKeyKind(pkcs8: Uint8Array): PrivateKeyKind | null {
  return parsePrivateKeyInfo(pkcs8)?.kind ?? null;
}

interface RsaPrivateKey {
  readonly modulus: Uint8Array;
  readonly exponent: Uint8Array;
}

/** PKCS #1 RSAPrivateKey: version, n, e, d, p, q, dP, dQ, qInv (and otherPrimeInfos for multi-prime keys). */
function readRsaPrivateKey(bytes: Uint8Array): RsaPrivateKey | null {
  const parsed = parseDer(bytes);
  if (!parsed.ok || parsed.trailing !== 0) return null;
  const parts = sequenceOf(parsed.node);
  if (!parts || parts.length < 9) return null;
  const version = smallIntegerOf(parts[0]);
  if (version !== 0 && version !== 1) return null;
  for (let i = 1; i < 9; i++) if (!unsignedIntegerOf(parts[i])) return null;
  return { modulus: unsignedIntegerOf(parts[1])!, exponent: unsignedIntegerOf(parts[2])! };
}

interface EcPrivateKey {
  readonly curveOid: string | null;
  readonly publicKey: Uint8Array | null;
  /** True when [0] holds explicit curve parameters rather than a named curve. */
  readonly explicitParameters: boolean;
}

/** SEC 1 ECPrivateKey: version 1, privateKey OCTET STRING, [0] parameters, [1] publicKey (explicit tags). */
function readEcPrivateKey(bytes: Uint8Array): EcPrivateKey | null {
  const parsed = parseDer(bytes);
  if (!parsed.ok || parsed.trailing !== 0) return null;
  const parts = sequenceOf(parsed.node);
  if (!parts || parts.length < 2 || smallIntegerOf(parts[0]) !== 1 || !octetsOf(parts[1])) return null;
  let curveOid: string | null = null;
  let explicitParameters = false;
  let publicKey: Uint8Array | null = null;
  for (const extra of parts.slice(2)) {
    if (hasContextTag(extra, 0)) {
      const inner = explicitOf(extra, 0);
      curveOid = oidOf(inner);
      explicitParameters = curveOid === null;
    } else if (hasContextTag(extra, 1)) {
      publicKey = bitStringBytesOf(explicitOf(extra, 1));
      if (!publicKey) return null;
    } else {
      return null;
    }
  }
  return { curveOid, publicKey, explicitParameters };
}

function encode(node: asn1js.BaseBlock): Uint8Array {
  return viewOf(node.toBER(false));
}

function wrapPkcs8(algorithm: asn1js.BaseBlock[], privateKey: Uint8Array): Uint8Array {
  return encode(
    new asn1js.Sequence({
      value: [
        new asn1js.Integer({ value: 0 }),
        new asn1js.Sequence({ value: algorithm }),
        new asn1js.OctetString({ valueHex: privateKey.slice().buffer }),
      ],
    }),
  );
}

export type TraditionalConversion = { readonly ok: true; readonly pkcs8: Uint8Array } | { readonly ok: false; readonly error: "corrupt" | "unsupported"; readonly detail: string };

/** PKCS #1 RSAPrivateKey ("RSA PRIVATE KEY") to PKCS #8. */
export function rsaPrivateKeyToPkcs8(bytes: Uint8Array): TraditionalConversion {
  if (!readRsaPrivateKey(bytes)) return { ok: false, error: "corrupt", detail: "not a PKCS #1 RSA private key" };
  return {
    ok: true,
    pkcs8: wrapPkcs8([new asn1js.ObjectIdentifier({ value: OID.rsaEncryption }), new asn1js.Null()], bytes),
  };
}

/** SEC 1 ECPrivateKey ("EC PRIVATE KEY") to PKCS #8; the curve moves into the AlgorithmIdentifier as RFC 5915 says. */
export function ecPrivateKeyToPkcs8(bytes: Uint8Array): TraditionalConversion {
  const ec = readEcPrivateKey(bytes);
  if (!ec) return { ok: false, error: "corrupt", detail: "not a SEC 1 EC private key" };
  if (ec.explicitParameters) return { ok: false, error: "unsupported", detail: "EC key with explicit curve parameters (only named curves are supported)" };
  if (!ec.curveOid) return { ok: false, error: "unsupported", detail: "EC key without its curve" };
  if (!CURVE_BY_OID[ec.curveOid]) return { ok: false, error: "unsupported", detail: `EC key on curve ${ec.curveOid} (P-256, P-384 and P-521 are supported)` };
  return {
    ok: true,
    pkcs8: wrapPkcs8(
      [new asn1js.ObjectIdentifier({ value: OID.ecPublicKey }), new asn1js.ObjectIdentifier({ value: ec.curveOid })],
      bytes,
    ),
  };
}

/** Names of key algorithms for messages, so that "unsupported" says which key it was. */
export function keyAlgorithmName(oid: string): string {
  switch (oid) {
    case OID.rsaEncryption:
      return "RSA";
    case OID.rsassaPss:
      return "RSASSA-PSS";
    case OID.ecPublicKey:
      return "EC";
    case OID.dsa:
      return "DSA";
    case OID.ed25519:
      return "Ed25519";
    case OID.ed448:
      return "Ed448";
    case KEY_OID.x25519:
      return "X25519";
    case KEY_OID.x448:
      return "X448";
    default:
      return oid;
  }
}
