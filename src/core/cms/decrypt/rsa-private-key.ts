/*
 * The raw RSA private-key operation (RFC 8017 §5.1.2, RSADP) on BigInt, for the paddings WebCrypto will not undo:
 * PKCS #1 v1.5 (in no browser, and refused by Node since the Marvin fix) and OAEP whose MGF1 hash differs from its
 * label hash. The key comes from the identity's PKCS #8 PrivateKeyInfo.
 *
 * BigInt arithmetic is not constant-time. The exponentiation uses a fixed 4-bit window (the same sequence of
 * squarings and multiplications whatever the exponent bits) and the input is blinded with a random factor unknown to
 * the sender, so the operation's timing does not follow the attacker's chosen input.
 */
import { parseDer, toHex } from "../der.js";
import { MalformedCms, readIntegerBytes, readOctets, readOid, readSmallInteger, sequenceOf } from "./asn1-read.js";
import { ENC_OID } from "./algorithm-oids.js";

/** RSASSA-PSS keys (RFC 4055) carry the same RSAPrivateKey; some tools label decryption keys with it. */
const RSA_PSS_OID = "1.2.840.113549.1.1.10";

/** A blinding factor to the public exponent and the inverse of the factor, both modulo n. */
interface BlindingPair {
  readonly blind: bigint;
  readonly unblind: bigint;
}

/** The pair the next operation takes, and how many operations have used its line of squares. */
export interface RsaBlinding {
  pair: BlindingPair | null;
  uses: number;
}

export interface RsaPrivateKey {
  readonly n: bigint;
  readonly e: bigint;
  readonly d: bigint;
  /** Null for multi-prime keys (RFC 8017 version 1): those use the plain exponentiation. */
  readonly crt: { readonly p: bigint; readonly q: bigint; readonly dp: bigint; readonly dq: bigint; readonly qInv: bigint } | null;
  /** Length of the modulus in bytes (k in RFC 8017). */
  readonly k: number;
  /** d as a k-byte big-endian string: the secret the implicit-rejection derivation is keyed by. */
  readonly dBytes: Uint8Array;
  /** Changes with every operation (see takeBlinding). */
  readonly blinding: RsaBlinding;
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.byteLength === 0 ? 0n : BigInt(`0x${toHex(bytes)}`);
}

/** Big-endian, left-padded to `length` bytes. The value must fit. */
export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16).padStart(length * 2, "0");
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Reads an RSA key out of PKCS #8 PrivateKeyInfo. Null when it is not one. */
export function parseRsaPrivateKey(pkcs8: Uint8Array): RsaPrivateKey | null {
  const parsed = parseDer(pkcs8);
  if (!parsed.ok) return null;
  try {
    const [, algorithm, privateKey] = sequenceOf(parsed.node, "PrivateKeyInfo");
    const oid = readOid(sequenceOf(algorithm, "privateKeyAlgorithm")[0], "privateKeyAlgorithm");
    if (oid !== ENC_OID.rsaEncryption && oid !== RSA_PSS_OID) return null;
    const inner = parseDer(readOctets(privateKey, "privateKey"));
    if (!inner.ok) return null;
    const fields = sequenceOf(inner.node, "RSAPrivateKey");
    const version = readSmallInteger(fields[0], "RSAPrivateKey version");
    const int = (i: number, name: string): bigint => bytesToBigInt(readIntegerBytes(fields[i], name));
    const n = int(1, "modulus");
    const e = int(2, "publicExponent");
    const d = int(3, "privateExponent");
    if (n <= 1n || e <= 1n || d <= 0n) return null;
    const k = Math.ceil(n.toString(16).length / 2);
    const p = int(4, "prime1");
    const q = int(5, "prime2");
    const crt = version === 0 && p * q === n ? { p, q, dp: int(6, "exponent1"), dq: int(7, "exponent2"), qInv: int(8, "coefficient") } : null;
    return { n, e, d, crt, k, dBytes: bigIntToBytes(d, k), blinding: { pair: null, uses: 0 } };
  } catch (e) {
    if (e instanceof MalformedCms) return null;
    throw e;
  }
}

/** base^exp mod m with a fixed 4-bit window: four squarings and one multiplication per hex digit of exp. */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  if (m === 1n) return 0n;
  const b = ((base % m) + m) % m;
  const table: bigint[] = [1n, b];
  for (let i = 2; i < 16; i++) table.push((table[i - 1]! * b) % m);
  let r = 1n;
  for (const digit of exp.toString(16)) {
    r = (r * r) % m;
    r = (r * r) % m;
    r = (r * r) % m;
    r = (r * r) % m;
    r = (r * table[parseInt(digit, 16)]!) % m;
  }
  return r;
}

/** The inverse of a modulo m, or null when they share a factor. */
export function modInverse(a: bigint, m: bigint): bigint | null {
  // Plain variables, not destructured pairs: those allocate two arrays and an iterator per step, over a thousand
  // steps for RSA-2048 sizes.
  let oldR = ((a % m) + m) % m;
  let r = m;
  let oldS = 1n;
  let s = 0n;
  while (r !== 0n) {
    const quotient = oldR / r;
    const nextR = oldR - quotient * r;
    oldR = r;
    r = nextR;
    const nextS = oldS - quotient * s;
    oldS = s;
    s = nextS;
  }
  if (oldR !== 1n) return null;
  return ((oldS % m) + m) % m;
}

function privateExponentiation(key: RsaPrivateKey, c: bigint): bigint {
  if (key.crt === null) return modPow(c, key.d, key.n);
  const { p, q, dp, dq, qInv } = key.crt;
  const m1 = modPow(c, dp, p);
  const m2 = modPow(c, dq, q);
  const h = (((m1 - m2) % p) + p) % p;
  return m2 + ((h * qInv) % p) * q;
}

/**
 * Operations one random blinding factor serves before a fresh one is drawn; in between, each operation squares the
 * pair the last one used (OpenSSL's BN_BLINDING_COUNTER and BN_BLINDING_update). Drawing a factor costs a modular
 * inversion, over a thousand steps of 2048-bit BigInts that make a megabyte of garbage; squaring costs two modular
 * multiplications. No pair is ever used twice.
 */
export const BLINDING_USES = 32;

/**
 * A fresh random factor r in [2, n-1] as the pair (r^e, r^-1) mod n. The random bytes come from the injected
 * SubtleCrypto (a generated HMAC key's bits), 8 bytes more than the modulus so that the reduction modulo n leaves no
 * useful bias. An r that shares a factor with n (a chance of about 2^-1000) is drawn again.
 */
async function freshBlinding(subtle: SubtleCrypto, key: RsaPrivateKey): Promise<BlindingPair> {
  for (;;) {
    const source = await subtle.generateKey({ name: "HMAC", hash: "SHA-256", length: (key.k + 8) * 8 }, true, ["sign"]);
    let r = bytesToBigInt(new Uint8Array(await subtle.exportKey("raw", source))) % key.n;
    if (r < 2n) r = 2n;
    const unblind = modInverse(r, key.n);
    if (unblind !== null) return { blind: modPow(r, key.e, key.n), unblind };
  }
}

/**
 * The pair for this operation; the key keeps its square for the next. A pair taken from the key is replaced before
 * anything awaits, so operations running at the same time never share one.
 */
async function takeBlinding(subtle: SubtleCrypto, key: RsaPrivateKey): Promise<BlindingPair> {
  const state = key.blinding;
  let pair = state.pair;
  if (pair === null || state.uses >= BLINDING_USES) {
    pair = await freshBlinding(subtle, key);
    state.uses = 0;
  }
  state.pair = { blind: (pair.blind * pair.blind) % key.n, unblind: (pair.unblind * pair.unblind) % key.n };
  state.uses++;
  return pair;
}

/**
 * RSADP: the k-byte encoded message for a ciphertext, or null when the ciphertext is longer than the modulus or
 * not below it (RFC 8017 §5.1.2 "ciphertext representative out of range").
 */
export async function rsaDecryptRaw(subtle: SubtleCrypto, key: RsaPrivateKey, ciphertext: Uint8Array): Promise<Uint8Array | null> {
  if (ciphertext.byteLength > key.k) return null;
  const c = bytesToBigInt(ciphertext);
  if (c >= key.n) return null;
  const { blind, unblind } = await takeBlinding(subtle, key);
  const m = (privateExponentiation(key, (c * blind) % key.n) * unblind) % key.n;
  return bigIntToBytes(m, key.k);
}
