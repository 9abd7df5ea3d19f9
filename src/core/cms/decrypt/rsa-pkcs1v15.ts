/*
 * RSAES-PKCS1-v1_5 decryption with implicit rejection (the IETF draft "Implementation Guidance for the PKCS #1 RSA
 * Cryptography Specification", as OpenSSL 3.2+ does it): a ciphertext whose padding is wrong does not produce an
 * error but a pseudo-random message derived from the private key and the ciphertext. The caller cannot tell the two
 * apart, so a padding oracle (Bleichenbacher, Marvin) has nothing to observe; the content decryption that follows
 * simply fails.
 *
 * The padding check and the choice between real and synthetic bytes are written without branches or early exits on
 * secret data. JavaScript gives no constant-time guarantee, but nothing here takes a data-dependent path.
 */
import { bufferSource } from "../der.js";
import { joinPieces } from "./asn1-read.js";
import { rsaDecryptRaw, type RsaPrivateKey } from "./rsa-private-key.js";

/** The draft's number of 16-bit length candidates drawn for the synthetic message. */
const LENGTH_CANDIDATES = 128;

/** 1 when x (0..255 or any 32-bit int) is zero, else 0. */
function isZero(x: number): number {
  return ((x | -x) >>> 31) ^ 1;
}

/** 1 when a < b, for non-negative ints below 2^31, else 0. */
function lessThan(a: number, b: number): number {
  return ((a - b) >>> 31) & 1;
}

/** a when bit is 1, b when bit is 0. */
function select(bit: number, a: number, b: number): number {
  const mask = -bit;
  return (a & mask) | (b & ~mask);
}

function uint16(value: number): Uint8Array {
  return new Uint8Array([(value >>> 8) & 0xff, value & 0xff]);
}

/** KDK = HMAC-SHA256(key = SHA-256(d as k bytes), ciphertext as k bytes). */
async function keyDerivationKey(subtle: SubtleCrypto, key: RsaPrivateKey, ciphertext: Uint8Array): Promise<CryptoKey> {
  const dHash = await subtle.digest("SHA-256", bufferSource(key.dBytes));
  const hmac = await subtle.importKey("raw", dHash, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const kdk = await subtle.sign("HMAC", hmac, bufferSource(ciphertext));
  return subtle.importKey("raw", kdk, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

/** The draft's PRF: HMAC-SHA256(KDK, I || label || bitLength) for I = 0, 1, ..., truncated to bitLength bits. */
async function prf(subtle: SubtleCrypto, kdk: CryptoKey, label: string, bitLength: number): Promise<Uint8Array> {
  const labelBytes = new TextEncoder().encode(label);
  const blocks: Uint8Array[] = [];
  let total = 0;
  for (let i = 0; total * 8 < bitLength; i++) {
    const block = new Uint8Array(await subtle.sign("HMAC", kdk, bufferSource(joinPieces([uint16(i), labelBytes, uint16(bitLength)]))));
    blocks.push(block);
    total += block.byteLength;
  }
  return joinPieces(blocks).subarray(0, bitLength / 8);
}

export interface Pkcs1v15Result {
  /** The message, or the synthetic one when the padding was wrong. */
  readonly message: Uint8Array;
  /**
   * Whether the padding was right. Only for ordering attempts whose every failure is reported alike ("no-key");
   * anything that reports differently on it would rebuild the oracle implicit rejection removes.
   */
  readonly paddingValid: boolean;
}

/**
 * Decrypts and removes PKCS #1 v1.5 type 2 padding. With `expectedLength` (the content cipher's key length), a
 * message of any other length counts as bad padding too, and the synthetic message has that length; without it
 * the synthetic length is drawn as the draft describes. Null only for a ciphertext out of range for the modulus,
 * which depends on public values alone.
 */
export async function decryptPkcs1v15(
  subtle: SubtleCrypto,
  key: RsaPrivateKey,
  ciphertext: Uint8Array,
  expectedLength: number | null,
): Promise<Pkcs1v15Result | null> {
  const em = await rsaDecryptRaw(subtle, key, ciphertext);
  if (em === null) return null;
  const k = key.k;
  const paddedCiphertext = new Uint8Array(k);
  paddedCiphertext.set(ciphertext, k - ciphertext.byteLength);
  const kdk = await keyDerivationKey(subtle, key, paddedCiphertext);
  const random = await prf(subtle, kdk, "message", k * 8);

  // The longest message the padding allows: k minus 0x00 0x02, eight padding bytes and the 0x00 separator.
  const maxSepOffset = k - 10;
  let synthLength = 0;
  if (expectedLength === null) {
    const candidates = await prf(subtle, kdk, "length", LENGTH_CANDIDATES * 16);
    let mask = maxSepOffset;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    for (let i = 0; i < candidates.byteLength; i += 2) {
      const candidate = ((candidates[i]! << 8) | candidates[i + 1]!) & mask;
      synthLength = select(lessThan(candidate, maxSepOffset), candidate, synthLength);
    }
  } else {
    synthLength = expectedLength;
  }

  let good = isZero(em[0]!) & isZero(em[1]! ^ 2);
  let found = 0;
  let zeroIndex = 0;
  for (let i = 2; i < k; i++) {
    const zero = isZero(em[i]!);
    zeroIndex = select(zero & (found ^ 1), i, zeroIndex);
    found |= zero;
  }
  good &= found;
  good &= lessThan(9, zeroIndex);
  const messageLength = k - zeroIndex - 1;
  if (expectedLength !== null) good &= isZero(messageLength - expectedLength);

  const outLength = select(good, messageLength, synthLength);
  // Both the real and the synthetic message are suffixes of a k-byte string, so one loop picks either.
  const out = new Uint8Array(outLength);
  for (let i = 0; i < outLength; i++) {
    const at = k - outLength + i;
    out[i] = select(good, em[at]!, random[at]!);
  }
  return { message: out, paddingValid: good === 1 };
}
