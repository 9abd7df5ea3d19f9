/*
 * How private keys are kept at rest: PKCS #8 sealed with AES-GCM (random 96-bit IV, 128-bit tag) under the store's
 * non-extractable master key or a passphrase-derived key, and non-extractable CryptoKeys for what WebCrypto can do.
 * The additional data binds each sealed key to its identity and purpose, so sealed blobs cannot be swapped between
 * records to make one identity decrypt with another's key.
 */
import { bufferSource } from "../core/bytes.js";
import type { PrivateKeyKind } from "../core/keys/identity.js";
import type { IdentityCryptoKeys, KeyPurpose } from "./types.js";

export interface SealedBox {
  readonly iv: Uint8Array;
  readonly ciphertext: Uint8Array;
}

export interface PassphraseBox extends SealedBox {
  readonly salt: Uint8Array;
  readonly iterations: number;
}

/** PBKDF2-SHA-256 iterations for new passphrase boxes (OWASP's 2023 figure for SHA-256). */
export const PASSPHRASE_ITERATIONS = 600_000;
/**
 * Most iterations accepted from a stored box. The count is read back from storage; a damaged record must not make
 * the pane spin for minutes. A box above it does not open (the identity is reported `damaged`).
 */
export const MAX_PASSPHRASE_ITERATIONS = 10_000_000;
const SALT_BYTES = 16;
const IV_BYTES = 12;

const text = new TextEncoder();

export function generateMasterKey(subtle: SubtleCrypto): Promise<CryptoKey> {
  return subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
}

export async function seal(subtle: SubtleCrypto, key: CryptoKey, plaintext: Uint8Array, context: string): Promise<SealedBox> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await subtle.encrypt({ name: "AES-GCM", iv, additionalData: text.encode(context) }, key, bufferSource(plaintext));
  return { iv, ciphertext: new Uint8Array(ciphertext) };
}

/** The plaintext, or null when the key is wrong, the box was altered, or the key cannot be used at all. */
export async function unseal(subtle: SubtleCrypto, key: CryptoKey, box: SealedBox, context: string): Promise<Uint8Array | null> {
  try {
    const plain = await subtle.decrypt({ name: "AES-GCM", iv: bufferSource(box.iv), additionalData: text.encode(context) }, key, bufferSource(box.ciphertext));
    return new Uint8Array(plain);
  } catch {
    return null;
  }
}

async function passphraseKey(subtle: SubtleCrypto, passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  // NFC: the same passphrase typed on another keyboard or OS must give the same key.
  const material = await subtle.importKey("raw", text.encode(passphrase.normalize("NFC")), "PBKDF2", false, ["deriveKey"]);
  return subtle.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt: bufferSource(salt), iterations }, material, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
}

export async function sealWithPassphrase(subtle: SubtleCrypto, passphrase: string, plaintext: Uint8Array, context: string): Promise<PassphraseBox> {
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const key = await passphraseKey(subtle, passphrase, salt, PASSPHRASE_ITERATIONS);
  return { ...(await seal(subtle, key, plaintext, context)), salt, iterations: PASSPHRASE_ITERATIONS };
}

export type PassphraseOpen = { readonly ok: true; readonly plaintext: Uint8Array } | { readonly ok: false; readonly code: "wrong-passphrase" | "damaged" };

export async function unsealWithPassphrase(subtle: SubtleCrypto, passphrase: string, box: PassphraseBox, context: string): Promise<PassphraseOpen> {
  if (!Number.isSafeInteger(box.iterations) || box.iterations < 1 || box.iterations > MAX_PASSPHRASE_ITERATIONS) return { ok: false, code: "damaged" };
  const key = await passphraseKey(subtle, passphrase, box.salt, box.iterations);
  const plaintext = await unseal(subtle, key, box, context);
  // GCM cannot tell a wrong key from an altered box; the wrong passphrase is by far the likelier.
  return plaintext === null ? { ok: false, code: "wrong-passphrase" } : { ok: true, plaintext };
}

interface PurposeImport {
  readonly purpose: KeyPurpose;
  readonly algorithm: RsaHashedImportParams | EcKeyImportParams | Algorithm;
  readonly usages: readonly KeyUsage[];
}

const CURVES = { "ec-p256": "P-256", "ec-p384": "P-384", "ec-p521": "P-521" } as const;

function purposesOf(kind: PrivateKeyKind): readonly PurposeImport[] {
  switch (kind) {
    case "rsa":
      return [
        { purpose: "rsa-pkcs1-sign", algorithm: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, usages: ["sign"] },
        { purpose: "rsa-oaep-decrypt", algorithm: { name: "RSA-OAEP", hash: "SHA-256" }, usages: ["decrypt"] },
      ];
    case "ec-p256":
    case "ec-p384":
    case "ec-p521":
      return [
        { purpose: "ecdsa-sign", algorithm: { name: "ECDSA", namedCurve: CURVES[kind] }, usages: ["sign"] },
        { purpose: "ecdh-derive", algorithm: { name: "ECDH", namedCurve: CURVES[kind] }, usages: ["deriveBits"] },
      ];
    case "ed25519":
      return [{ purpose: "ed25519-sign", algorithm: { name: "Ed25519" }, usages: ["sign"] }];
    case "x25519":
      return [{ purpose: "x25519-derive", algorithm: { name: "X25519" }, usages: ["deriveBits"] }];
  }
}

/**
 * Non-extractable CryptoKeys for every purpose WebCrypto supports for this key kind here. A purpose this browser
 * lacks (Ed25519 and X25519 in older ones) is left out; the PKCS #8 still serves it through the engine.
 */
export async function importCryptoKeys(subtle: SubtleCrypto, kind: PrivateKeyKind, pkcs8: Uint8Array): Promise<IdentityCryptoKeys> {
  const out: Partial<Record<KeyPurpose, CryptoKey>> = {};
  for (const { purpose, algorithm, usages } of purposesOf(kind)) {
    try {
      out[purpose] = await subtle.importKey("pkcs8", bufferSource(pkcs8), algorithm, false, [...usages]);
    } catch {
      // Unsupported here; see above.
    }
  }
  return out;
}
