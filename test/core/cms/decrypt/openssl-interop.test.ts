/**
 * OpenSSL 3 encrypts (`openssl cms -encrypt`, DER) to the test PKI; every listed identity must decrypt the result to
 * the exact plaintext, for empty, one-byte and one-megabyte contents.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptContentInfo, type DecryptSecrets } from "../../../../src/core/cms/decrypt/index.js";
import { ensureFixtures, type FixtureSet, type PkiName } from "../../../fixtures/generate.js";
import { hex, OPENSSL, opensslEncrypt, pkiIdentity, sameBytes, scratch } from "./helpers.js";

const subtle = globalThis.crypto.subtle;

interface InteropCase {
  readonly name: string;
  /** Cipher option and recipients with their -keyopt, as OpenSSL takes them. */
  readonly args: (fx: FixtureSet) => string[];
  /** Each of these identities alone must open the message. */
  readonly openers: readonly PkiName[];
  readonly cipher: string;
  readonly integrity: "aead" | "none";
  /** How the key was recovered, as the success note names it. */
  readonly method: RegExp;
  /** Smallest content OpenSSL can produce this case for. */
  readonly minBytes?: number;
}

const recip = (fx: FixtureSet, name: PkiName, ...keyopts: string[]): string[] => [
  "-recip",
  fx.pki[name].certPem,
  ...keyopts.flatMap((k) => ["-keyopt", k]),
];

const CASES: readonly InteropCase[] = [
  { name: "AES-128-CBC, RSA PKCS#1 v1.5", args: (fx) => ["-aes128", ...recip(fx, "alice")], openers: ["alice"], cipher: "AES-128-CBC", integrity: "none", method: /RSA PKCS#1 v1\.5/ },
  { name: "AES-192-CBC, RSA PKCS#1 v1.5", args: (fx) => ["-aes192", ...recip(fx, "alice")], openers: ["alice"], cipher: "AES-192-CBC", integrity: "none", method: /RSA PKCS#1 v1\.5/ },
  { name: "AES-256-CBC, RSA PKCS#1 v1.5", args: (fx) => ["-aes256", ...recip(fx, "alice")], openers: ["alice"], cipher: "AES-256-CBC", integrity: "none", method: /RSA PKCS#1 v1\.5/ },
  { name: "AES-128-GCM AuthEnvelopedData, RSA", args: (fx) => ["-aes-128-gcm", ...recip(fx, "alice")], openers: ["alice"], cipher: "AES-128-GCM", integrity: "aead", method: /RSA PKCS#1 v1\.5/ },
  { name: "AES-256-GCM AuthEnvelopedData, RSA", args: (fx) => ["-aes-256-gcm", ...recip(fx, "alice")], openers: ["alice"], cipher: "AES-256-GCM", integrity: "aead", method: /RSA PKCS#1 v1\.5/ },
  { name: "3DES-CBC, RSA PKCS#1 v1.5", args: (fx) => ["-des3", ...recip(fx, "alice")], openers: ["alice"], cipher: "3DES-CBC", integrity: "none", method: /RSA PKCS#1 v1\.5/ },
  {
    name: "RSA-OAEP with the default SHA-1",
    args: (fx) => ["-aes256", ...recip(fx, "alice", "rsa_padding_mode:oaep")],
    openers: ["alice"],
    cipher: "AES-256-CBC",
    integrity: "none",
    method: /RSA-OAEP \(SHA-1\)/,
  },
  {
    name: "RSA-OAEP SHA-256",
    args: (fx) => ["-aes-256-gcm", ...recip(fx, "alice", "rsa_padding_mode:oaep", "rsa_oaep_md:sha256")],
    openers: ["alice"],
    cipher: "AES-256-GCM",
    integrity: "aead",
    method: /RSA-OAEP \(SHA-256\)/,
  },
  {
    name: "RSA-OAEP SHA-256 with MGF1 SHA-384 (not expressible in WebCrypto)",
    args: (fx) => ["-aes128", ...recip(fx, "alice", "rsa_padding_mode:oaep", "rsa_oaep_md:sha256", "rsa_mgf1_md:sha384")],
    openers: ["alice"],
    cipher: "AES-128-CBC",
    integrity: "none",
    method: /RSA-OAEP \(SHA-256, MGF1 SHA-384\)/,
  },
  {
    name: "RSA-OAEP SHA-512 with MGF1 SHA-1",
    args: (fx) => ["-aes256", ...recip(fx, "alice", "rsa_padding_mode:oaep", "rsa_oaep_md:sha512", "rsa_mgf1_md:sha1")],
    openers: ["alice"],
    cipher: "AES-256-CBC",
    integrity: "none",
    method: /RSA-OAEP \(SHA-512, MGF1 SHA-1\)/,
  },
  { name: "ECDH P-256, OpenSSL's default SHA-1 KDF", args: (fx) => ["-aes128", ...recip(fx, "bob")], openers: ["bob"], cipher: "AES-128-CBC", integrity: "none", method: /ECDH P-256 dhSinglePass-stdDH-sha1kdf/ },
  {
    name: "ECDH P-256 SHA-256 KDF, AES-256-GCM",
    args: (fx) => ["-aes-256-gcm", ...recip(fx, "bob", "ecdh_kdf_md:sha256")],
    openers: ["bob"],
    cipher: "AES-256-GCM",
    integrity: "aead",
    method: /ECDH P-256 dhSinglePass-stdDH-sha256kdf/,
  },
  {
    name: "ECDH P-384 SHA-384 KDF, AES-192-CBC",
    args: (fx) => ["-aes192", ...recip(fx, "carol", "ecdh_kdf_md:sha384")],
    openers: ["carol"],
    cipher: "AES-192-CBC",
    integrity: "none",
    method: /ECDH P-384 dhSinglePass-stdDH-sha384kdf/,
  },
  {
    name: "ECDH P-384 cofactor mode",
    args: (fx) => ["-aes256", ...recip(fx, "carol", "ecdh_cofactor_mode:1", "ecdh_kdf_md:sha256")],
    openers: ["carol"],
    cipher: "AES-256-CBC",
    integrity: "none",
    method: /ECDH P-384 dhSinglePass-cofactorDH-sha256kdf/,
  },
  {
    name: "ECDH P-521 SHA-512 KDF, AES-128-GCM",
    args: (fx) => ["-aes-128-gcm", ...recip(fx, "dave", "ecdh_kdf_md:sha512")],
    openers: ["dave"],
    cipher: "AES-128-GCM",
    integrity: "aead",
    method: /ECDH P-521 dhSinglePass-stdDH-sha512kdf/,
  },
  { name: "ECDH P-521 with 3DES content (3DES key wrap)", args: (fx) => ["-des3", ...recip(fx, "dave")], openers: ["dave"], cipher: "3DES-CBC", integrity: "none", method: /ECDH P-521/ },
  {
    name: "recipients named by subject key identifier",
    args: (fx) => ["-aes256", "-keyid", ...recip(fx, "alice"), ...recip(fx, "bob")],
    openers: ["alice", "bob"],
    cipher: "AES-256-CBC",
    integrity: "none",
    method: /RSA|ECDH/,
  },
  {
    name: "several recipients: alice (RSA) and bob (EC), each decrypts",
    args: (fx) => ["-aes-256-gcm", ...recip(fx, "alice"), ...recip(fx, "bob"), ...recip(fx, "carol")],
    openers: ["alice", "bob", "carol"],
    cipher: "AES-256-GCM",
    integrity: "aead",
    method: /RSA|ECDH/,
  },
  {
    name: "BER streaming (indefinite lengths, encrypted content in pieces), CBC",
    args: (fx) => ["-stream", "-aes128", ...recip(fx, "alice")],
    openers: ["alice"],
    cipher: "AES-128-CBC",
    integrity: "none",
    method: /RSA/,
  },
  {
    name: "BER streaming, GCM",
    args: (fx) => ["-stream", "-aes-256-gcm", ...recip(fx, "bob", "ecdh_kdf_md:sha256")],
    openers: ["bob"],
    cipher: "AES-256-GCM",
    integrity: "aead",
    method: /ECDH/,
    // OpenSSL 3.0 fails to write a streamed AuthEnvelopedData of empty content ("Error writing CMS output").
    minBytes: 1,
  },
  { name: "an expired certificate still decrypts", args: (fx) => ["-aes256", ...recip(fx, "expired")], openers: ["expired"], cipher: "AES-256-CBC", integrity: "none", method: /RSA/ },
];

const SIZES: readonly { readonly label: string; readonly bytes: number }[] = [
  { label: "0 B", bytes: 0 },
  { label: "1 B", bytes: 1 },
  { label: "1 MB", bytes: 1024 * 1024 },
];

describe("decrypting what openssl cms -encrypt made", () => {
  let fx: FixtureSet;
  const tmp = scratch();
  beforeAll(async () => {
    fx = await ensureFixtures();
  });
  afterAll(() => tmp.done());

  for (const c of CASES) {
    for (const size of SIZES.filter((s) => s.bytes >= (c.minBytes ?? 0))) {
      it(`${c.name} — ${size.label}`, async () => {
        const plaintext = new Uint8Array(randomBytes(size.bytes));
        const der = opensslEncrypt(tmp.dir, plaintext, c.args(fx));
        for (const opener of c.openers) {
          const identity = pkiIdentity(fx, opener);
          // The other test identities come along: the right one must be picked among them.
          const others = (["mallory", "info", "carol"] as const).filter((n) => n !== opener).map((n) => pkiIdentity(fx, n));
          const outcome = await decryptContentInfo(der, [...others, identity], subtle);
          expect(outcome.ok, `${opener}: ${outcome.ok ? "" : `${outcome.error}: ${outcome.detail}`}`).toBe(true);
          if (!outcome.ok) continue;
          expect(sameBytes(outcome.content, plaintext), `${opener} got other bytes`).toBe(true);
          expect(outcome.contentType).toBe("1.2.840.113549.1.7.1");
          expect(outcome.cipher).toBe(c.cipher);
          expect(outcome.integrity).toBe(c.integrity);
          expect(outcome.identity).toBe(identity);
          expect(outcome.notes.join("\n")).toMatch(c.method);
        }
      });
    }
  }
});

describe("decrypting openssl cms -encrypt to KEK and password recipients", () => {
  const tmp = scratch();
  afterAll(() => tmp.done());
  const SECRET_CASES: readonly { name: string; args: string[]; secrets: DecryptSecrets; cipher: string; method: RegExp }[] = [
    {
      name: "KEK, AES-128 key wrap",
      args: ["-aes128", "-secretkey", "000102030405060708090a0b0c0d0e0f", "-secretkeyid", "0a0b"],
      secrets: { keks: [{ keyId: hex("ffff"), key: hex("ff".repeat(16)) }, { keyId: hex("0a0b"), key: hex("000102030405060708090a0b0c0d0e0f") }] },
      cipher: "AES-128-CBC",
      method: /AES-128 key wrap/,
    },
    {
      name: "KEK, AES-256 key wrap, GCM content",
      args: ["-aes-256-gcm", "-secretkey", "11".repeat(32), "-secretkeyid", "01"],
      secrets: { keks: [{ keyId: hex("01"), key: hex("11".repeat(32)) }] },
      cipher: "AES-256-GCM",
      method: /AES-256 key wrap/,
    },
    {
      name: "password (PBKDF2 + PWRI-KEK)",
      args: ["-aes256", "-pwri_password", "パスワード"],
      secrets: { passwords: ["wrong", "パスワード"] },
      cipher: "AES-256-CBC",
      method: /password \(PBKDF2-SHA-1, AES-256-CBC\)/,
    },
    {
      name: "password, 3DES content",
      args: ["-des3", "-pwri_password", "zone.eu"],
      secrets: { passwords: ["zone.eu"] },
      cipher: "3DES-CBC",
      method: /password \(PBKDF2-SHA-1, 3DES-CBC\)/,
    },
  ];
  for (const c of SECRET_CASES) {
    it(c.name, async () => {
      const plaintext = new Uint8Array(randomBytes(1000));
      const der = opensslEncrypt(tmp.dir, plaintext, c.args);
      const outcome = await decryptContentInfo(der, [], subtle, c.secrets);
      expect(outcome.ok, outcome.ok ? "" : `${outcome.error}: ${outcome.detail}`).toBe(true);
      if (!outcome.ok) return;
      expect(sameBytes(outcome.content, plaintext)).toBe(true);
      expect(outcome.cipher).toBe(c.cipher);
      expect(outcome.identity).toBeNull();
      expect(outcome.notes.join("\n")).toMatch(c.method);
    });
  }
});

/** RC2 lives in OpenSSL 3's legacy provider, which not every build ships. */
function legacyProviderWorks(): boolean {
  try {
    execFileSync(OPENSSL, ["list", "-cipher-algorithms", "-provider", "legacy"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const legacy = legacyProviderWorks();
if (!legacy) console.warn("RC2 interop tests skipped: this OpenSSL has no legacy provider to encrypt with RC2");

describe.skipIf(!legacy)("decrypting openssl cms -encrypt with RC2 (legacy provider)", () => {
  let fx: FixtureSet;
  const tmp = scratch();
  beforeAll(async () => {
    fx = await ensureFixtures();
  });
  afterAll(() => tmp.done());

  for (const bits of [40, 64, 128]) {
    it(`RC2-${bits}-CBC to alice`, async () => {
      const plaintext = new Uint8Array(randomBytes(777));
      const der = opensslEncrypt(tmp.dir, plaintext, [`-rc2-${bits}`, "-provider", "legacy", "-provider", "default", "-recip", fx.pki.alice.certPem]);
      const outcome = await decryptContentInfo(der, [pkiIdentity(fx, "alice")], subtle);
      expect(outcome.ok, outcome.ok ? "" : `${outcome.error}: ${outcome.detail}`).toBe(true);
      if (!outcome.ok) return;
      expect(sameBytes(outcome.content, plaintext)).toBe(true);
      expect(outcome.cipher).toBe("RC2-CBC");
    });
  }
});
