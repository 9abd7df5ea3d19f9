/*
 * RSAES-PKCS1-v1_5 encryption (RFC 8017 §7.2.1), the key transport most S/MIME clients in the wild still expect.
 * No browser's WebCrypto offers it, so the public-key operation is done here with BigInt. Only public values and
 * the padded content-encryption key enter it; nothing secret is derived from its timing that the ciphertext does
 * not already carry.
 */
import { toHex } from "../der.js";

/** RFC 8017 §7.2.1: at least eight random padding octets, plus 0x00 0x02 ... 0x00 around them. */
const MIN_PADDING = 8;

function bigintOf(bytes: Uint8Array): bigint {
  return bytes.byteLength === 0 ? 0n : BigInt(`0x${toHex(bytes)}`);
}

function bytesOf(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16).padStart(length * 2, "0");
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/** Octets of the modulus without the sign octet(s) an INTEGER encoding may carry. */
export function modulusLength(modulus: Uint8Array): number {
  let i = 0;
  while (i < modulus.byteLength && modulus[i] === 0) i++;
  return modulus.byteLength - i;
}

/** Nonzero random octets, drawn again for every zero (RFC 8017 §7.2.1 step 2b). */
function nonZeroRandom(crypto: Crypto, length: number): Uint8Array {
  const out = new Uint8Array(length);
  crypto.getRandomValues(out);
  const one = new Uint8Array(1);
  for (let i = 0; i < length; i++) {
    while (out[i] === 0) {
      crypto.getRandomValues(one);
      out[i] = one[0]!;
    }
  }
  return out;
}

/**
 * Encrypts `message` to the RSA public key (n, e) given as big-endian unsigned octets. The caller guarantees the
 * message fits (k - 11 octets); a longer one is a programming error and throws.
 */
export function rsaPkcs1v15Encrypt(modulus: Uint8Array, exponent: Uint8Array, message: Uint8Array, crypto: Crypto): Uint8Array {
  const k = modulusLength(modulus);
  const paddingLength = k - message.byteLength - 3;
  if (paddingLength < MIN_PADDING) throw new RangeError("message too long for this RSA key");
  const em = new Uint8Array(k);
  em[1] = 0x02;
  em.set(nonZeroRandom(crypto, paddingLength), 2);
  em.set(message, 3 + paddingLength);
  const c = modPow(bigintOf(em), bigintOf(exponent), bigintOf(modulus));
  em.fill(0);
  return bytesOf(c, k);
}
