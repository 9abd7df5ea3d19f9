/*
 * PasswordRecipientInfo (RFC 3211): PBKDF2 from the password to a key-encryption key, then id-alg-PWRI-KEK, a
 * double CBC encryption of the length-prefixed, check-summed content-encryption key.
 */
import { forgeCbcDecrypt, type ForgeCbcCipher } from "../../keys/legacy-ciphers.js";
import { spend, type KdfBudget } from "../../keys/kdf-budget.js";
import { pbkdf2 } from "../../keys/password-based-encryption.js";
import { isUniversal, MalformedCms, readAlgorithm, readOctets, readSmallInteger, sequenceOf, TAG, type AlgorithmId } from "./asn1-read.js";
import { DIGEST_BYTES, ENC_OID, nameOf, PRF_HASH, webDigest, type WebDigest } from "./algorithm-oids.js";
import type { PasswordRecipient } from "./recipient-infos.js";
import { unwrapFailed, unwrapUnsupported, type KeyUnwrap } from "./unwrap-result.js";

interface KekCipher {
  readonly forge: ForgeCbcCipher;
  readonly name: string;
  readonly keyLength: number;
  readonly blockSize: number;
  readonly iv: Uint8Array;
}

interface PwriSetup {
  readonly salt: Uint8Array;
  readonly iterations: number;
  readonly prf: WebDigest;
  readonly cipher: KekCipher;
}

type SetupResult = { readonly ok: true; readonly setup: PwriSetup } | { readonly ok: false; readonly error: "unsupported" | "failed"; readonly detail: string };

const KEK_CIPHERS: Readonly<Record<string, { forge: ForgeCbcCipher; name: string; keyLength: number; blockSize: number }>> = {
  [ENC_OID.aes128Cbc]: { forge: { name: "aes" }, name: "AES-128-CBC", keyLength: 16, blockSize: 16 },
  [ENC_OID.aes192Cbc]: { forge: { name: "aes" }, name: "AES-192-CBC", keyLength: 24, blockSize: 16 },
  [ENC_OID.aes256Cbc]: { forge: { name: "aes" }, name: "AES-256-CBC", keyLength: 32, blockSize: 16 },
  [ENC_OID.desEde3Cbc]: { forge: { name: "3des" }, name: "3DES-CBC", keyLength: 24, blockSize: 8 },
};

function readSetup(recipient: PasswordRecipient): SetupResult {
  const kdf = recipient.keyDerivationAlgorithm;
  if (kdf === null) return { ok: false, error: "unsupported", detail: "a password recipient without a key derivation algorithm (a pre-derived key) is not supported" };
  if (kdf.oid !== ENC_OID.pbkdf2) return { ok: false, error: "unsupported", detail: `password key derivation ${nameOf(kdf.oid)} is not supported` };
  const kek = recipient.keyEncryptionAlgorithm;
  if (kek.oid !== ENC_OID.pwriKek) return { ok: false, error: "unsupported", detail: `password key encryption ${nameOf(kek.oid)} is not supported` };
  try {
    const fields = sequenceOf(kdf.params ?? undefined, "PBKDF2-params");
    if (!isUniversal(fields[0], TAG.octetString)) return { ok: false, error: "unsupported", detail: "PBKDF2 with a salt from another source is not supported" };
    const salt = readOctets(fields[0], "PBKDF2 salt");
    const iterations = readSmallInteger(fields[1], "PBKDF2 iterationCount");
    let at = 2;
    let keyLength: number | null = null;
    if (isUniversal(fields[at], TAG.integer)) keyLength = readSmallInteger(fields[at++], "PBKDF2 keyLength");
    let prf: WebDigest | null = "SHA-1";
    if (fields[at] !== undefined) {
      const prfAlg: AlgorithmId = readAlgorithm(fields[at], "PBKDF2 prf");
      const name = PRF_HASH[prfAlg.oid];
      prf = name === undefined ? null : webDigest(name);
      if (prf === null) return { ok: false, error: "unsupported", detail: `PBKDF2 with ${name ?? prfAlg.oid} is not supported` };
    }
    const inner = readAlgorithm(kek.params ?? undefined, "PWRI-KEK cipher");
    const known = KEK_CIPHERS[inner.oid];
    if (known === undefined) return { ok: false, error: "unsupported", detail: `PWRI-KEK with ${nameOf(inner.oid)} is not supported` };
    const iv = readOctets(inner.params ?? undefined, `${known.name} IV`);
    if (iv.byteLength !== known.blockSize) return { ok: false, error: "failed", detail: `${known.name} IV has ${iv.byteLength} bytes` };
    if (iterations < 1) return { ok: false, error: "failed", detail: "PBKDF2 iteration count 0" };
    if (keyLength !== null && keyLength !== known.keyLength) {
      return { ok: false, error: "failed", detail: `PBKDF2 keyLength ${keyLength} does not fit ${known.name}` };
    }
    return { ok: true, setup: { salt, iterations, prf, cipher: { ...known, iv } } };
  } catch (e) {
    if (e instanceof MalformedCms) return { ok: false, error: "failed", detail: e.message };
    throw e;
  }
}

/**
 * RFC 3211 §2.3.2: undo the outer CBC layer (whose IV is the last block of the inner layer, recovered from the last
 * two ciphertext blocks), then the inner one with the real IV, then check and strip the length and check bytes.
 */
async function pwriUnwrap(cipher: KekCipher, kek: Uint8Array, wrapped: Uint8Array): Promise<Uint8Array | null> {
  const b = cipher.blockSize;
  const n = wrapped.byteLength;
  if (n < 2 * b || n % b !== 0) return null;
  const lastBlock = await forgeCbcDecrypt(cipher.forge, kek, wrapped.subarray(n - 2 * b, n - b), wrapped.subarray(n - b));
  if (lastBlock === null) return null;
  const head = await forgeCbcDecrypt(cipher.forge, kek, lastBlock, wrapped.subarray(0, n - b));
  if (head === null) return null;
  const inner = new Uint8Array(n);
  inner.set(head, 0);
  inner.set(lastBlock, n - b);
  const formatted = await forgeCbcDecrypt(cipher.forge, kek, cipher.iv, inner);
  if (formatted === null) return null;
  const length = formatted[0]!;
  const check = (formatted[1]! ^ formatted[4]!) & (formatted[2]! ^ formatted[5]!) & (formatted[3]! ^ formatted[6]!);
  if (check !== 0xff || length < 1 || length > n - 4) return null;
  return formatted.slice(4, 4 + length);
}

export async function unwrapPassword(
  subtle: SubtleCrypto,
  recipient: PasswordRecipient,
  password: string,
  budget: KdfBudget,
): Promise<KeyUnwrap> {
  const read = readSetup(recipient);
  if (!read.ok) return read.error === "unsupported" ? unwrapUnsupported(read.detail) : unwrapFailed(read.detail);
  const { salt, iterations, prf, cipher } = read.setup;
  if (!spend(budget, iterations * Math.ceil(cipher.keyLength / DIGEST_BYTES[prf]))) {
    return unwrapUnsupported(`PBKDF2 with ${iterations} iterations is more work than one message may ask for`);
  }
  const kek = await pbkdf2(new TextEncoder().encode(password), salt, iterations, prf, cipher.keyLength, subtle);
  const key = await pwriUnwrap(cipher, kek, recipient.encryptedKey);
  if (key === null) return unwrapFailed("the password does not open this recipient (wrong password or damaged key)");
  return { ok: true, key, paddingValid: true, method: `password (PBKDF2-${prf}, ${cipher.name})` };
}
