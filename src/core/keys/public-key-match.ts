/**
 * Whether a private key belongs to a certificate: the public key the private key implies equals the certificate's
 * SubjectPublicKeyInfo. The public key is read from the private key's structure when it is there (RSA always; EC
 * and RFC 5958 v2 keys usually); otherwise WebCrypto computes it (import, then export as JWK).
 */
import type * as asn1js from "asn1js";
import { bufferSource, bytesEqual, encodedBytesOf, parseDer } from "../cms/der.js";
import { OID } from "../cms/oids.js";
import {
  algorithmOf,
  bitStringBytesOf,
  hasContextTag,
  oidOf,
  sequenceOf,
  unsignedIntegerOf,
} from "./asn1-read.js";
import type { PrivateKeyKind } from "./identity.js";
import { KEY_OID } from "./key-oids.js";
import { CURVE_BY_OID, parsePrivateKeyInfo, type EcCurve, type PrivateKeyInfo, type PublicKeyParts } from "./private-key-info.js";

/** The SubjectPublicKeyInfo node of a certificate. */
function spkiNodeOf(certDer: Uint8Array): asn1js.BaseBlock | null {
  const parsed = parseDer(certDer);
  if (!parsed.ok) return null;
  const tbs = sequenceOf(sequenceOf(parsed.node)?.[0]);
  if (!tbs) return null;
  // TBSCertificate: [0] version (optional), serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo.
  return tbs[hasContextTag(tbs[0], 0) ? 6 : 5] ?? null;
}

/** The encoded SubjectPublicKeyInfo of a certificate, as WebCrypto imports it ("spki"). */
export function certificateSpki(certDer: Uint8Array): Uint8Array | null {
  const node = spkiNodeOf(certDer);
  return node && sequenceOf(node) ? encodedBytesOf(node) : null;
}

/** The public key of a certificate, or null when it is not a certificate or holds a key family we do not use. */
export function certificatePublicKey(certDer: Uint8Array): PublicKeyParts | null {
  const spki = sequenceOf(spkiNodeOf(certDer));
  if (!spki || spki.length !== 2) return null;
  const key = bitStringBytesOf(spki[1]);
  const algorithm = algorithmOf(spki[0]);
  if (!algorithm || !key) return null;
  switch (algorithm.oid) {
    case OID.rsaEncryption:
    case OID.rsassaPss: {
      const rsa = parseDer(key);
      const parts = rsa.ok && rsa.trailing === 0 ? sequenceOf(rsa.node) : null;
      const modulus = unsignedIntegerOf(parts?.[0]);
      const exponent = unsignedIntegerOf(parts?.[1]);
      return parts?.length === 2 && modulus && exponent ? { family: "rsa", modulus, exponent } : null;
    }
    case OID.ecPublicKey: {
      const curve = CURVE_BY_OID[oidOf(algorithm.params) ?? ""];
      return curve ? { family: "ec", curve, point: key } : null;
    }
    case OID.ed25519:
      return key.byteLength === 32 ? { family: "ed25519", key } : null;
    case KEY_OID.x25519:
      return key.byteLength === 32 ? { family: "x25519", key } : null;
    default:
      return null;
  }
}

/** An EC point as (x, parity of y) when either side is compressed; uncompressed points compare whole. */
function sameEcPoint(a: Uint8Array, b: Uint8Array, curve: EcCurve): boolean {
  const size = { "P-256": 32, "P-384": 48, "P-521": 66 }[curve];
  const normal = (p: Uint8Array): { x: Uint8Array; odd: boolean; y: Uint8Array | null } | null => {
    if (p.byteLength === 1 + 2 * size && p[0] === 0x04) {
      const y = p.subarray(1 + size);
      return { x: p.subarray(1, 1 + size), odd: (y[size - 1]! & 1) === 1, y };
    }
    if (p.byteLength === 1 + size && (p[0] === 0x02 || p[0] === 0x03)) return { x: p.subarray(1), odd: p[0] === 0x03, y: null };
    return null;
  };
  const pa = normal(a);
  const pb = normal(b);
  if (!pa || !pb || !bytesEqual(pa.x, pb.x) || pa.odd !== pb.odd) return false;
  return pa.y && pb.y ? bytesEqual(pa.y, pb.y) : true;
}

export function samePublicKey(a: PublicKeyParts, b: PublicKeyParts): boolean {
  if (a.family === "rsa" && b.family === "rsa") return bytesEqual(a.modulus, b.modulus) && bytesEqual(a.exponent, b.exponent);
  if (a.family === "ec" && b.family === "ec") return a.curve === b.curve && sameEcPoint(a.point, b.point, a.curve);
  if ((a.family === "ed25519" || a.family === "x25519") && a.family === b.family) return bytesEqual(a.key, (b as { key: Uint8Array }).key);
  return false;
}

function base64UrlDecode(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4);
  try {
    const binary = atob(b64);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** The WebCrypto algorithm a key kind is imported with when only its public half is wanted. */
export function importAlgorithmFor(kind: PrivateKeyKind): { algorithm: EcKeyImportParams | RsaHashedImportParams | Algorithm; usages: KeyUsage[] } {
  switch (kind) {
    case "rsa":
      return { algorithm: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, usages: ["sign"] };
    case "ec-p256":
      return { algorithm: { name: "ECDSA", namedCurve: "P-256" }, usages: ["sign"] };
    case "ec-p384":
      return { algorithm: { name: "ECDSA", namedCurve: "P-384" }, usages: ["sign"] };
    case "ec-p521":
      return { algorithm: { name: "ECDSA", namedCurve: "P-521" }, usages: ["sign"] };
    case "ed25519":
      return { algorithm: { name: "Ed25519" }, usages: ["sign"] };
    case "x25519":
      return { algorithm: { name: "X25519" }, usages: ["deriveBits"] };
  }
}

/** The public key of a private key, computed by WebCrypto when the structure does not carry it. */
export async function derivePublicKey(info: PrivateKeyInfo, subtle: SubtleCrypto): Promise<PublicKeyParts | null> {
  if (info.publicParts) return info.publicParts;
  if (!info.kind) return null;
  const { algorithm, usages } = importAlgorithmFor(info.kind);
  let jwk: JsonWebKey;
  try {
    const key = await subtle.importKey("pkcs8", bufferSource(info.der), algorithm, true, usages);
    jwk = await subtle.exportKey("jwk", key);
  } catch {
    return null;
  }
  const x = jwk.x ? base64UrlDecode(jwk.x) : null;
  if (!x) return null;
  if (info.kind === "ed25519" || info.kind === "x25519") return { family: info.kind, key: x };
  const y = jwk.y ? base64UrlDecode(jwk.y) : null;
  if (!y || info.kind === "rsa") return null;
  const curve = ({ "ec-p256": "P-256", "ec-p384": "P-384", "ec-p521": "P-521" } as const)[info.kind];
  const point = new Uint8Array(1 + x.byteLength + y.byteLength);
  point[0] = 0x04;
  point.set(x, 1);
  point.set(y, 1 + x.byteLength);
  return { family: "ec", curve, point };
}

/** Whether the PKCS #8 private key belongs to the certificate (DER). False for anything unreadable. */
export async function publicKeyMatches(pkcs8: Uint8Array, certDer: Uint8Array, subtle: SubtleCrypto): Promise<boolean> {
  const info = parsePrivateKeyInfo(pkcs8);
  const certKey = certificatePublicKey(certDer);
  if (!info || !certKey) return false;
  const own = await derivePublicKey(info, subtle);
  return own !== null && samePublicKey(own, certKey);
}
