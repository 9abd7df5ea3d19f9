/**
 * Password-based encryption of PKCS #12 bags and PKCS #8 keys: PBES2 with PBKDF2 and AES-CBC or 3DES (RFC 8018;
 * OpenSSL 3 and modern Windows) and the PKCS #12 PBE schemes with SHA-1 and 3DES or RC2 (RFC 7292 Appendix C;
 * Windows, macOS Keychain, OpenSSL 1.x and `openssl pkcs12 -legacy`).
 *
 * PBKDF2 and AES run on WebCrypto; node-forge fills in where WebCrypto cannot (3DES, RC2, the PKCS #12 KDF,
 * AES-192 on Chromium, PBKDF2 with an empty password where a browser refuses a zero-length key).
 */
import * as asn1js from "asn1js";
import { loadForge } from "./forge.js";
import { bufferSource } from "../cms/der.js";
import {
  algorithmOf,
  isNull,
  octetsOf,
  sequenceOf,
  smallIntegerOf,
  type AlgorithmIdentifier,
} from "./asn1-read.js";
import { fromBinaryString, toBinaryString } from "./binary-string.js";
import { spend, type KdfBudget } from "./kdf-budget.js";
import { KEY_OID } from "./key-oids.js";
import { blockSizeOf, forgeCbcDecrypt, removePkcs7Padding, type ForgeCbcCipher } from "./legacy-ciphers.js";
import { preferring, type PasswordForms } from "./password-forms.js";
import { KDF_PURPOSE, pkcs12Kdf, pkcs12KdfBlocks } from "./pkcs12-kdf.js";

type PrfHash = "SHA-1" | "SHA-256" | "SHA-384" | "SHA-512";
const PRF_BYTES: Readonly<Record<PrfHash, number>> = { "SHA-1": 20, "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 };

export type PbeScheme =
  | {
      readonly kind: "pkcs12-pbe";
      readonly cipher: ForgeCbcCipher;
      /** Octets the KDF derives for the key; a two-key 3DES key is then extended to K1 K2 K1. */
      readonly keyLength: number;
      readonly twoKeyTripleDes: boolean;
      readonly salt: Uint8Array;
      readonly iterations: number;
      readonly label: string;
    }
  | {
      readonly kind: "pbes2";
      readonly prf: PrfHash;
      readonly salt: Uint8Array;
      readonly iterations: number;
      readonly cipher: ForgeCbcCipher;
      readonly keyLength: number;
      readonly iv: Uint8Array;
      readonly label: string;
    };

export type SchemeRead =
  | { readonly ok: true; readonly scheme: PbeScheme }
  | { readonly ok: false; readonly error: "unsupported" | "corrupt"; readonly detail: string };

const PKCS12_PBE: Readonly<Record<string, { cipher: ForgeCbcCipher; keyLength: number; twoKey: boolean; label: string }>> = {
  [KEY_OID.pbeWithSHAAnd3KeyTripleDesCbc]: { cipher: { name: "3des" }, keyLength: 24, twoKey: false, label: "PBE-SHA1-3DES" },
  [KEY_OID.pbeWithSHAAnd2KeyTripleDesCbc]: { cipher: { name: "3des" }, keyLength: 16, twoKey: true, label: "PBE-SHA1-2DES" },
  [KEY_OID.pbeWithSHAAnd128BitRc2Cbc]: { cipher: { name: "rc2", effectiveBits: 128 }, keyLength: 16, twoKey: false, label: "PBE-SHA1-RC2-128" },
  [KEY_OID.pbewithSHAAnd40BitRc2Cbc]: { cipher: { name: "rc2", effectiveBits: 40 }, keyLength: 5, twoKey: false, label: "PBE-SHA1-RC2-40" },
};

const PRF_BY_OID: Readonly<Record<string, PrfHash>> = {
  [KEY_OID.hmacWithSHA1]: "SHA-1",
  [KEY_OID.hmacWithSHA256]: "SHA-256",
  [KEY_OID.hmacWithSHA384]: "SHA-384",
  [KEY_OID.hmacWithSHA512]: "SHA-512",
};

const PBES2_CIPHERS: Readonly<Record<string, { cipher: ForgeCbcCipher; keyLength: number; label: string }>> = {
  [KEY_OID.aes128Cbc]: { cipher: { name: "aes" }, keyLength: 16, label: "AES-128-CBC" },
  [KEY_OID.aes192Cbc]: { cipher: { name: "aes" }, keyLength: 24, label: "AES-192-CBC" },
  [KEY_OID.aes256Cbc]: { cipher: { name: "aes" }, keyLength: 32, label: "AES-256-CBC" },
  [KEY_OID.desEde3Cbc]: { cipher: { name: "3des" }, keyLength: 24, label: "DES-EDE3-CBC" },
};

const UNSUPPORTED_NAMES: Readonly<Record<string, string>> = {
  [KEY_OID.pbeWithSHAAnd128BitRC4]: "PBE-SHA1-RC4-128",
  [KEY_OID.pbeWithSHAAnd40BitRC4]: "PBE-SHA1-RC4-40",
  "1.2.840.113549.1.5.3": "PBES1 MD5/DES",
  "1.2.840.113549.1.5.10": "PBES1 SHA-1/DES",
  "1.2.840.113549.1.5.6": "PBES1 MD5/RC2",
  "1.2.840.113549.1.5.11": "PBES1 SHA-1/RC2",
  [KEY_OID.hmacWithSHA224]: "hmacWithSHA224",
  "1.2.840.113549.3.2": "RC2-CBC",
  "1.3.14.3.2.7": "DES-CBC",
};

function unsupported(what: string, oid: string): SchemeRead {
  return { ok: false, error: "unsupported", detail: `${what} ${UNSUPPORTED_NAMES[oid] ?? oid} is not supported` };
}

function corrupt(detail: string): SchemeRead {
  return { ok: false, error: "corrupt", detail };
}

/** Reads the encryption AlgorithmIdentifier of an EncryptedPrivateKeyInfo or an EncryptedContentInfo. */
export function readPbeScheme(algorithm: AlgorithmIdentifier): SchemeRead {
  const legacy = PKCS12_PBE[algorithm.oid];
  if (legacy) {
    // pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }
    const params = sequenceOf(algorithm.params);
    const salt = octetsOf(params?.[0]);
    const iterations = smallIntegerOf(params?.[1]);
    if (!params || params.length !== 2 || !salt || iterations === null) return corrupt(`bad ${legacy.label} parameters`);
    if (iterations < 1) return corrupt(`${legacy.label} with ${iterations} iterations`);
    return {
      ok: true,
      scheme: { kind: "pkcs12-pbe", cipher: legacy.cipher, keyLength: legacy.keyLength, twoKeyTripleDes: legacy.twoKey, salt, iterations, label: legacy.label },
    };
  }
  if (algorithm.oid !== KEY_OID.pbes2) return unsupported("encryption", algorithm.oid);

  // PBES2-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier, encryptionScheme AlgorithmIdentifier }
  const params = sequenceOf(algorithm.params);
  const kdf = algorithmOf(params?.[0]);
  const enc = algorithmOf(params?.[1]);
  if (!params || params.length !== 2 || !kdf || !enc) return corrupt("bad PBES2 parameters");
  if (kdf.oid !== KEY_OID.pbkdf2) return unsupported("key derivation", kdf.oid);

  // PBKDF2-params ::= SEQUENCE { salt OCTET STRING (or otherSource), iterationCount INTEGER, keyLength INTEGER
  // OPTIONAL, prf AlgorithmIdentifier DEFAULT hmacWithSHA1 }
  const kdfParams = sequenceOf(kdf.params);
  if (!kdfParams || kdfParams.length < 2 || kdfParams.length > 4) return corrupt("bad PBKDF2 parameters");
  const salt = octetsOf(kdfParams[0]);
  if (!salt) return sequenceOf(kdfParams[0]) ? { ok: false, error: "unsupported", detail: "PBKDF2 salt from another source is not supported" } : corrupt("bad PBKDF2 salt");
  const iterations = smallIntegerOf(kdfParams[1]);
  if (iterations === null || iterations < 1) return corrupt("bad PBKDF2 iteration count");
  let rest = kdfParams.slice(2);
  let keyLength: number | null = null;
  if (rest[0] && smallIntegerOf(rest[0]) !== null) {
    keyLength = smallIntegerOf(rest[0]);
    rest = rest.slice(1);
  }
  let prf: PrfHash = "SHA-1";
  if (rest[0]) {
    const prfAlg = algorithmOf(rest[0]);
    if (!prfAlg || rest.length > 1 || (prfAlg.params && !isNull(prfAlg.params))) return corrupt("bad PBKDF2 PRF");
    const hash = PRF_BY_OID[prfAlg.oid];
    if (!hash) return unsupported("PBKDF2 PRF", prfAlg.oid);
    prf = hash;
  }

  const cipher = PBES2_CIPHERS[enc.oid];
  if (!cipher) return unsupported("PBES2 cipher", enc.oid);
  const iv = octetsOf(enc.params);
  if (!iv || iv.byteLength !== blockSizeOf(cipher.cipher)) return corrupt(`bad ${cipher.label} IV`);
  if (keyLength !== null && keyLength !== cipher.keyLength) return corrupt(`PBKDF2 key length ${keyLength} does not fit ${cipher.label}`);
  return {
    ok: true,
    scheme: { kind: "pbes2", prf, salt, iterations, cipher: cipher.cipher, keyLength: cipher.keyLength, iv, label: `PBES2/PBKDF2-${prf}/${cipher.label}` },
  };
}

const FORGE_MD: Readonly<Record<PrfHash, string>> = { "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" };

/** PBKDF2 on WebCrypto; node-forge when WebCrypto refuses (some browsers reject a zero-length password). */
export async function pbkdf2(password: Uint8Array, salt: Uint8Array, iterations: number, hash: PrfHash, length: number, subtle: SubtleCrypto): Promise<Uint8Array> {
  try {
    const key = await subtle.importKey("raw", bufferSource(password), "PBKDF2", false, ["deriveBits"]);
    const bits = await subtle.deriveBits({ name: "PBKDF2", salt: bufferSource(salt), iterations, hash }, key, length * 8);
    return new Uint8Array(bits);
  } catch {
    const md = FORGE_MD[hash] as "sha256";
    const forge = await loadForge();
    return fromBinaryString(forge.pkcs5.pbkdf2(toBinaryString(password), toBinaryString(salt), iterations, length, md));
  }
}

type CipherOutcome = Uint8Array | "bad-padding" | "bad-length";

/** CBC decryption with strict PKCS #7 padding. AES goes to WebCrypto, which checks the padding itself. */
async function cbcDecrypt(cipher: ForgeCbcCipher, key: Uint8Array, iv: Uint8Array, data: Uint8Array, subtle: SubtleCrypto): Promise<CipherOutcome> {
  const block = blockSizeOf(cipher);
  if (data.byteLength === 0 || data.byteLength % block !== 0) return "bad-length";
  if (cipher.name === "aes") {
    let aesKey: CryptoKey | null = null;
    try {
      aesKey = await subtle.importKey("raw", bufferSource(key), "AES-CBC", false, ["decrypt"]);
    } catch {
      // Chromium has no AES-192; forge does it below.
    }
    if (aesKey) {
      try {
        return new Uint8Array(await subtle.decrypt({ name: "AES-CBC", iv: bufferSource(iv) }, aesKey, bufferSource(data)));
      } catch {
        return "bad-padding";
      }
    }
  }
  const raw = await forgeCbcDecrypt(cipher, key, iv, data);
  if (!raw) return "bad-length";
  return removePkcs7Padding(raw, block) ?? "bad-padding";
}

export type DecryptOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: "wrong-password" | "corrupt" | "too-much-work"; readonly detail: string };

/**
 * Decrypts with the password and hands the plaintext to `accept`, which parses it and returns null when it is not
 * what it should be. Without a MAC, a wrong password shows as bad padding or (once in 256 times, when the padding
 * happens to look right) as plaintext that does not parse, so both count as a wrong password. The PKCS #12 schemes
 * try each BMPString form of the password, the `preferred` one (which the MAC accepted) first.
 */
export async function decryptWithPassword<T>(
  scheme: PbeScheme,
  ciphertext: Uint8Array,
  forms: PasswordForms,
  preferred: string | null | undefined,
  accept: (plaintext: Uint8Array) => T | null,
  subtle: SubtleCrypto,
  budget: KdfBudget,
): Promise<DecryptOutcome<T>> {
  const tooMuch = { ok: false, reason: "too-much-work", detail: `${scheme.label} with ${scheme.iterations} iterations exceeds the key-derivation limit` } as const;
  const wrong = { ok: false, reason: "wrong-password", detail: `${scheme.label} did not decrypt with this password` } as const;
  const badLength = { ok: false, reason: "corrupt", detail: `${scheme.label} ciphertext is not a whole number of blocks` } as const;

  if (scheme.kind === "pbes2") {
    if (!spend(budget, scheme.iterations * Math.ceil(scheme.keyLength / PRF_BYTES[scheme.prf]))) return tooMuch;
    const key = await pbkdf2(forms.utf8, scheme.salt, scheme.iterations, scheme.prf, scheme.keyLength, subtle);
    const plain = await cbcDecrypt(scheme.cipher, key, scheme.iv, ciphertext, subtle);
    if (plain === "bad-length") return badLength;
    if (plain === "bad-padding") return wrong;
    const value = accept(plain);
    return value === null ? wrong : { ok: true, value };
  }

  const block = blockSizeOf(scheme.cipher);
  if (ciphertext.byteLength === 0 || ciphertext.byteLength % block !== 0) return badLength;
  for (const candidate of preferring(forms, preferred)) {
    const work = scheme.iterations * (pkcs12KdfBlocks(scheme.keyLength, "SHA-1") + pkcs12KdfBlocks(block, "SHA-1"));
    if (!spend(budget, work)) return tooMuch;
    let key = await pkcs12Kdf(candidate, scheme.salt, KDF_PURPOSE.key, scheme.iterations, scheme.keyLength, "SHA-1");
    const iv = await pkcs12Kdf(candidate, scheme.salt, KDF_PURPOSE.iv, scheme.iterations, block, "SHA-1");
    if (scheme.twoKeyTripleDes) {
      const full = new Uint8Array(24);
      full.set(key, 0);
      full.set(key.subarray(0, 8), 16);
      key = full;
    }
    const plain = await cbcDecrypt(scheme.cipher, key, iv, ciphertext, subtle);
    if (plain === "bad-length") return badLength;
    if (plain === "bad-padding") continue;
    const value = accept(plain);
    if (value !== null) return { ok: true, value };
  }
  return wrong;
}

const octetString = (bytes: Uint8Array): asn1js.OctetString => new asn1js.OctetString({ valueHex: bytes.slice().buffer });

/**
 * PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC, what OpenSSL 3 writes by default. Returns the
 * AlgorithmIdentifier and the ciphertext.
 */
export async function pbes2Encrypt(
  plaintext: Uint8Array,
  password: string,
  iterations: number,
  subtle: SubtleCrypto,
  random: (length: number) => Uint8Array,
): Promise<{ algorithm: asn1js.Sequence; ciphertext: Uint8Array }> {
  const salt = random(16);
  const iv = random(16);
  const key = await pbkdf2(new TextEncoder().encode(password), salt, iterations, "SHA-256", 32, subtle);
  const aesKey = await subtle.importKey("raw", bufferSource(key), "AES-CBC", false, ["encrypt"]);
  const ciphertext = new Uint8Array(await subtle.encrypt({ name: "AES-CBC", iv: bufferSource(iv) }, aesKey, bufferSource(plaintext)));
  const oid = (value: string): asn1js.ObjectIdentifier => new asn1js.ObjectIdentifier({ value });
  const algorithm = new asn1js.Sequence({
    value: [
      oid(KEY_OID.pbes2),
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({
            value: [
              oid(KEY_OID.pbkdf2),
              new asn1js.Sequence({
                value: [octetString(salt), new asn1js.Integer({ value: iterations }), new asn1js.Sequence({ value: [oid(KEY_OID.hmacWithSHA256), new asn1js.Null()] })],
              }),
            ],
          }),
          new asn1js.Sequence({ value: [oid(KEY_OID.aes256Cbc), octetString(iv)] }),
        ],
      }),
    ],
  });
  return { algorithm, ciphertext };
}
