/**
 * The BigInt RSA operation and the two paddings built on it, against independent implementations: Node's OpenSSL
 * for raw RSA and OAEP, OpenSSL 4.0's implicit rejection for PKCS #1 v1.5.
 */
import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt, randomBytes, randomInt, type KeyObject } from "node:crypto";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodePem } from "../../../../src/core/pki/pem.js";
import { decryptOaepManually, decryptOaepWebCrypto, type OaepParameters } from "../../../../src/core/cms/decrypt/rsa-oaep.js";
import { decryptPkcs1v15 } from "../../../../src/core/cms/decrypt/rsa-pkcs1v15.js";
import {
  bigIntToBytes,
  BLINDING_USES,
  bytesToBigInt,
  modInverse,
  modPow,
  parseRsaPrivateKey,
  rsaDecryptRaw,
  type RsaPrivateKey,
} from "../../../../src/core/cms/decrypt/rsa-private-key.js";
import { ensureFixtures, type FixtureSet } from "../../../fixtures/generate.js";
import { hex, OPENSSL, privateKeyFile, scratch } from "./helpers.js";

const subtle = globalThis.crypto.subtle;

/**
 * A known-answer set for implicit rejection, computed by OpenSSL 4.0's RSA PKCS#1 v1.5 decryption (through
 * pyca/cryptography 48), which follows the same draft: one well-formed ciphertext and two with a flipped bit,
 * whose synthetic messages (length drawn by the draft's PRF) must come out byte for byte.
 */
const KAT_KEY = `-----BEGIN PRIVATE KEY-----
MIICeAIBADANBgkqhkiG9w0BAQEFAASCAmIwggJeAgEAAoGBAMplHyzQqm/UV25s
9oeYJeJNKCTK8HWeILfNu5J++Q/pIGAnIQTuQkzvsreusUeJnfz/s1rPhsqAnOjJ
NcGwMUVCfryIzhawW+xqQMariFCMOkM/obxJ5XMWtbvAEvLD+ZKZ4rOhhc80W4yy
ZBceNfjM32IVKHBPBKyKmyhgzeFdAgMBAAECgYEAxrkbLwmDD2JSpl3egaxmJhjT
/aw1BYdJYK9kKKb7LSAdZcuFpC28c4Y22BtyfWcl9K+sDtIM6u/1IKvPWGoDNNoe
fNlFCF0ZcDMYa0JBHkLGoRafyIDbexiMGz5oyh57IsMVijot4dqV1HiaF7ebxL7d
a8jNzFkHUwTWUP6RGAECQQDxUxbsIW8uIIkidmBDfCAmJGDUYwAC3NuBrpH8seS5
MUXFT9I+3JjqZ0P3ekez6XhCRmjGkyT8g+mw877xvjmBAkEA1rP7UqtXyidY+3eX
xnoFk3eX/JROP8sB1hXeNkIiBDSFzsOeP2Fg5z6GMbaNOW48vVIyNGYzobzJW7GK
nCK93QJBAI5e/r8AWp9UApOaUuB9cloOTDIA1hjaQ4YWf3odWVsIfqkRlnAPpQdl
NOvj8DlsG869y0KbvM5c5JnIs3XbTAECQHdAdpp/Qv6shjb+QRXjlo9HAOswsJms
NzPi5465gs1VIvEqJA5OFxW5261nGN/KRABf1DTYg1sVUb4VScjZXx0CQQDHzFtE
5atdvvRkiLR1sYaYmtYykMdmCvwvN8HCovqlTZ4PLIizZ+x1Ozs3lXrQzG2aWWcL
a/eaNsB3ZCzsx/7K
-----END PRIVATE KEY-----`;

const KAT_VALID =
  "a7bb70f0150d8dc9a52138273b31d0085ae6dfed39b881c6d36dce36e0b067a9379b6934856933cf2df6c62cdb4bf2242d84c7a9dee853b8c7967c70c958b4f15dc93fe065bf1a2e9dcc899ec855023fe4ac06927b0425f2f1c3791e78b5b2774fd21248a34a2f200498aa07a47076bf81f000ddb881dcf2d0c3ab8cd8f812e1";

const KAT: readonly { readonly name: string; readonly ciphertext: string; readonly message: string; readonly valid: boolean }[] = [
  { name: "well-formed", ciphertext: KAT_VALID, message: "00112233445566778899aabbccddeeff", valid: true },
  {
    name: "bit flipped in byte 3",
    ciphertext: "a7bb70e0" + KAT_VALID.slice(8),
    message:
      "f981fbf1f1a9f4d369cfa26d528addff88de7fb469c0c583ea0f2c265a39f029ffde2680d42ddb2bb58d1f1e89a409b31075931ed6ddcbd5936f1cd2db",
    valid: false,
  },
  {
    name: "bit flipped in byte 77",
    ciphertext: KAT_VALID.slice(0, 154) + "45" + KAT_VALID.slice(156),
    message:
      "ec4539dcbe81e931b28fca43dc9ba0c6866e7e1f89b69ed2c4e0ebd0bab47f3cac3c141dd452a420069628a46b2562ae1a644ec4d801b5cf229b209c786ad7f23690cdf9ecc690486f9dc8a4c4c8a326e4a540f937b787fb3be16107dc9a737f3937a28705e89155e1",
    valid: false,
  },
];

function katKey(): RsaPrivateKey {
  const key = parseRsaPrivateKey(decodePem(KAT_KEY)[0]!.der);
  if (!key) throw new Error("KAT key unreadable");
  return key;
}

describe("BigInt arithmetic", () => {
  it.each([
    [4n, 13n, 497n, 445n],
    [2n, 0n, 7n, 1n],
    [0n, 5n, 7n, 0n],
    [123456789n, 65537n, 1000000007n, modPowSlow(123456789n, 65537n, 1000000007n)],
  ])("modPow(%s, %s, %s) = %s", (b, e, m, r) => {
    expect(modPow(b, e, m)).toBe(r);
  });

  it("modInverse", () => {
    expect(modInverse(3n, 11n)).toBe(4n);
    expect(modInverse(6n, 9n)).toBeNull();
  });

  it("modInverse of random 2048-bit values: a times its inverse is 1", () => {
    const m = bytesToBigInt(new Uint8Array(randomBytes(256))) | 1n;
    for (let i = 0; i < 20; i++) {
      const a = bytesToBigInt(new Uint8Array(randomBytes(256))) % m;
      const inverse = modInverse(a, m);
      if (inverse === null) continue;
      expect((a * inverse) % m).toBe(1n);
    }
  });

  it("bytes round-trip with left padding", () => {
    expect(bigIntToBytes(bytesToBigInt(hex("00ff01")), 4)).toEqual(hex("0000ff01"));
  });
});

function modPowSlow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  for (let i = 0n; i < e; i++) r = (r * b) % m;
  return r;
}

describe("RSA with a test PKI key", () => {
  let fx: FixtureSet;
  let pkcs8: Uint8Array;
  let key: RsaPrivateKey;
  const tmp = scratch();
  beforeAll(async () => {
    fx = await ensureFixtures();
    pkcs8 = privateKeyFile(fx.pki.alice.key);
    key = parseRsaPrivateKey(pkcs8)!;
  });
  afterAll(() => tmp.done());

  it("reads the key: 2048 bits with CRT parameters", () => {
    expect(key.k).toBe(256);
    expect(key.crt).not.toBeNull();
    expect(parseRsaPrivateKey(privateKeyFile(fx.pki.bob.key))).toBeNull();
  });

  it("raw decryption equals OpenSSL's RSA_NO_PADDING for random inputs, short ones included", async () => {
    const pem = readFileSync(fx.pki.alice.key, "latin1");
    for (let i = 0; i < 8; i++) {
      const c = new Uint8Array(randomBytes(256));
      c[0] = i === 0 ? 0 : c[0]! & 0x3f; // below the modulus; the first one with a leading zero byte
      const ours = await rsaDecryptRaw(subtle, key, i === 0 ? c.subarray(1) : c);
      const theirs = privateDecrypt({ key: pem, padding: constants.RSA_NO_PADDING }, c);
      expect(Buffer.from(ours!).equals(theirs)).toBe(true);
    }
  });

  it("a PrivateKeyInfo that lacks its fields is no RSA key, not an exception", () => {
    for (const der of [[0x30, 0x00], [0x30, 0x03, 0x02, 0x01, 0x00], [0x30, 0x05, 0x02, 0x01, 0x00, 0x05, 0x00]]) {
      expect(parseRsaPrivateKey(Uint8Array.from(der))).toBeNull();
    }
  });

  it("refuses a ciphertext at or above the modulus, or longer than it", async () => {
    expect(await rsaDecryptRaw(subtle, key, bigIntToBytes(key.n, 256))).toBeNull();
    expect(await rsaDecryptRaw(subtle, key, new Uint8Array(257))).toBeNull();
  });

  describe("PKCS#1 v1.5 with an expected key length", () => {
    let ciphertext: Uint8Array;
    const message = hex("0123456789abcdef0123456789abcdef");
    beforeAll(() => {
      const input = tmp.file("cek.bin", message);
      const output = tmp.file("cek.enc");
      execFileSync(OPENSSL, ["pkeyutl", "-encrypt", "-certin", "-inkey", fx.pki.alice.certPem, "-in", input, "-out", output, "-pkeyopt", "rsa_padding_mode:pkcs1"]);
      ciphertext = new Uint8Array(readFileSync(output));
    });

    it("returns the message when padding and length are right", async () => {
      const r = await decryptPkcs1v15(subtle, key, ciphertext, 16);
      expect(r?.paddingValid).toBe(true);
      expect(r?.message).toEqual(message);
    });

    it("a well-padded message of another length gets a stand-in of the expected length", async () => {
      const r = await decryptPkcs1v15(subtle, key, ciphertext, 32);
      expect(r?.paddingValid).toBe(false);
      expect(r?.message.byteLength).toBe(32);
    });

    it("bad padding gets a stand-in that is fixed for the ciphertext and differs between ciphertexts", async () => {
      const bad1 = ciphertext.slice();
      bad1[10]! ^= 1;
      const bad2 = ciphertext.slice();
      bad2[11]! ^= 1;
      const a = await decryptPkcs1v15(subtle, key, bad1, 16);
      const again = await decryptPkcs1v15(subtle, key, bad1, 16);
      const b = await decryptPkcs1v15(subtle, key, bad2, 16);
      expect(a?.paddingValid).toBe(false);
      expect(a?.message.byteLength).toBe(16);
      expect(again?.message).toEqual(a?.message);
      expect(b?.message).not.toEqual(a?.message);
      expect(a?.message).not.toEqual(message);
    });
  });

  describe("RSAES-OAEP decoded here, against OpenSSL", () => {
    const cases: readonly { name: string; params: OaepParameters; opts: string[] }[] = [
      { name: "SHA-256, MGF1 SHA-384", params: { hash: "SHA-256", mgfHash: "SHA-384", label: new Uint8Array(0) }, opts: ["rsa_oaep_md:sha256", "rsa_mgf1_md:sha384"] },
      { name: "SHA-1, MGF1 SHA-512", params: { hash: "SHA-1", mgfHash: "SHA-512", label: new Uint8Array(0) }, opts: ["rsa_oaep_md:sha1", "rsa_mgf1_md:sha512"] },
      { name: "SHA-384 with a label", params: { hash: "SHA-384", mgfHash: "SHA-384", label: hex("6c6162656c") }, opts: ["rsa_oaep_md:sha384", "rsa_mgf1_md:sha384", "rsa_oaep_label:6c6162656c"] },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const message = new Uint8Array(randomBytes(32));
        const input = tmp.file(`oaep-${c.name.length}.bin`, message);
        const output = tmp.file(`oaep-${c.name.length}.enc`);
        execFileSync(OPENSSL, ["pkeyutl", "-encrypt", "-certin", "-inkey", fx.pki.alice.certPem, "-in", input, "-out", output, "-pkeyopt", "rsa_padding_mode:oaep", ...c.opts.flatMap((o) => ["-pkeyopt", o])]);
        const ciphertext = new Uint8Array(readFileSync(output));
        expect(await decryptOaepManually(subtle, key, c.params, ciphertext)).toEqual(message);
        if (c.params.hash === c.params.mgfHash) expect(await decryptOaepWebCrypto(subtle, pkcs8, c.params, ciphertext)).toEqual(message);
        const damaged = ciphertext.slice();
        damaged[100]! ^= 1;
        expect(await decryptOaepManually(subtle, key, c.params, damaged)).toBeNull();
        expect(await decryptOaepManually(subtle, key, { ...c.params, label: hex("00") }, ciphertext)).toBeNull();
      });
    }
  });
});

describe("implicit rejection matches OpenSSL 4.0", () => {
  for (const v of KAT) {
    it(v.name, async () => {
      const r = await decryptPkcs1v15(subtle, katKey(), hex(v.ciphertext), null);
      expect(r?.paddingValid).toBe(v.valid);
      expect(Buffer.from(r!.message).toString("hex")).toBe(v.message);
    });
  }
});

/**
 * Keys of several sizes and exponents made by Node's OpenSSL, and more operations on each than one blinding factor
 * serves: what OpenSSL encrypted must come back, and a result must never depend on the blinding it was computed
 * under (a stand-in for bad padding is the same every time).
 */
describe("random keys against OpenSSL, across blinding refreshes", () => {
  const KEYS: readonly { readonly bits: number; readonly exponent: number }[] = [
    { bits: 1024, exponent: 65537 },
    { bits: 1032, exponent: 3 },
    { bits: 1536, exponent: 65537 },
    { bits: 2048, exponent: 65537 },
    { bits: 2048, exponent: 3 },
    { bits: 3072, exponent: 65537 },
  ];
  const OPERATIONS = BLINDING_USES + 5;

  for (const { bits, exponent } of KEYS) {
    describe(`${bits} bits, e = ${exponent}`, () => {
      let publicKey: KeyObject;
      let privateKey: KeyObject;
      let key: RsaPrivateKey;
      beforeAll(() => {
        ({ publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: bits, publicExponent: exponent }));
        key = parseRsaPrivateKey(new Uint8Array(privateKey.export({ format: "der", type: "pkcs8" })))!;
      });

      it("PKCS#1 v1.5 made by OpenSSL: the message; for a damaged ciphertext, the same stand-in every time", async () => {
        const fixed = new Uint8Array(randomBytes(16));
        const damaged = new Uint8Array(publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, fixed));
        damaged[damaged.byteLength >> 1]! ^= 1;
        const standIns = new Set<string>();
        for (let i = 0; i < OPERATIONS; i++) {
          const length = [16, 24, 32][i % 3]!;
          const message = new Uint8Array(randomBytes(length));
          const ciphertext = new Uint8Array(publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, message));
          const good = await decryptPkcs1v15(subtle, key, ciphertext, length);
          expect(good?.paddingValid).toBe(true);
          expect(Buffer.from(good!.message).equals(Buffer.from(message))).toBe(true);
          const bad = await decryptPkcs1v15(subtle, key, damaged, 16);
          expect(bad?.paddingValid).toBe(false);
          expect(bad?.message.byteLength).toBe(16);
          standIns.add(Buffer.from(bad!.message).toString("hex"));
        }
        expect(standIns.size).toBe(1);
        expect(standIns.has(Buffer.from(fixed).toString("hex"))).toBe(false);
      });

      it("raw RSA equals OpenSSL's RSA_NO_PADDING for random inputs", async () => {
        for (let i = 0; i < OPERATIONS; i++) {
          const c = new Uint8Array(randomBytes(key.k));
          c[0] = randomInt(0, 2) === 0 ? 0 : c[0]! >> 1;
          if (bytesToBigInt(c) >= key.n) c[0] = 0;
          const ours = await rsaDecryptRaw(subtle, key, c);
          const theirs = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, c);
          expect(Buffer.from(ours!).equals(theirs)).toBe(true);
        }
      });

      it("RSA-OAEP made by WebCrypto, decoded here", async () => {
        const spki = publicKey.export({ format: "der", type: "spki" });
        const encryptKey = await subtle.importKey("spki", spki, { name: "RSA-OAEP", hash: "SHA-256" }, false, ["encrypt"]);
        for (let i = 0; i < 8; i++) {
          const message = new Uint8Array(randomBytes(32));
          const ciphertext = new Uint8Array(await subtle.encrypt({ name: "RSA-OAEP" }, encryptKey, message));
          expect(await decryptOaepManually(subtle, key, { hash: "SHA-256", mgfHash: "SHA-256", label: new Uint8Array(0) }, ciphertext)).toEqual(message);
        }
      });
    });
  }

  it("a new blinding pair for every operation, a new factor every BLINDING_USES; overlapping operations come out right", async () => {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const key = parseRsaPrivateKey(new Uint8Array(privateKey.export({ format: "der", type: "pkcs8" })))!;
    const message = new Uint8Array(randomBytes(16));
    const ciphertext = new Uint8Array(publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, message));
    const seen = new Set<bigint>();
    const uses: number[] = [];
    for (let i = 0; i < 2 * BLINDING_USES + 1; i++) {
      expect((await rsaDecryptRaw(subtle, key, ciphertext)) !== null).toBe(true);
      seen.add(key.blinding.pair!.blind);
      uses.push(key.blinding.uses);
    }
    expect(seen.size).toBe(2 * BLINDING_USES + 1);
    expect(uses.slice(0, BLINDING_USES + 1)).toEqual([...Array.from({ length: BLINDING_USES }, (_, i) => i + 1), 1]);

    const overlapping = await Promise.all(Array.from({ length: 3 * BLINDING_USES }, () => decryptPkcs1v15(subtle, key, ciphertext, 16)));
    for (const r of overlapping) expect(r?.paddingValid === true && Buffer.from(r.message).equals(Buffer.from(message))).toBe(true);
  });
});
