/**
 * Encrypted objects from the conformance corpus (RFC 4134, the Ireland draft's RFC 9216 examples, smime-rs,
 * OpenSSL's regression data), each with the result its README gives.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { decryptContentInfo, type DecryptError, type DecryptSecrets } from "../../../../src/core/cms/decrypt/index.js";
import type { Identity, PrivateKeyKind } from "../../../../src/core/keys/identity.js";
import { decodeBody, parseMessage } from "../../../../src/core/mime/index.js";
import { decodePem } from "../../../../src/core/pki/pem.js";
import { hex, identityFromFiles } from "./helpers.js";

const CORPUS = fileURLToPath(new URL("../../../../../shared/corpus/", import.meta.url));
const present = existsSync(CORPUS);
if (!present) console.warn(`decryption corpus tests skipped: ${CORPUS} does not exist (the shared corpus is not beside this checkout)`);

const subtle = globalThis.crypto.subtle;
const read = (p: string): Uint8Array => new Uint8Array(readFileSync(CORPUS + p));

type Source = { readonly der: string } | { readonly pem: string } | { readonly eml: string };

function cmsOf(source: Source): Uint8Array {
  if ("der" in source) return read(source.der);
  if ("pem" in source) return decodePem(new TextDecoder("latin1").decode(read(source.pem)))[0]!.der;
  return decodeBody(parseMessage(read(source.eml)));
}

interface Holder {
  readonly cert: string;
  readonly key: string;
  readonly kind: PrivateKeyKind;
}

const IRELAND = "draft-ireland-examples-cms/";
const SMIME_RS = "smime-rs-selected/";
const HOLDERS = {
  rfc4134Bob: { cert: "rfc4134/BobRSASignByCarl.cer", key: "rfc4134/BobPrivRSAEncrypt.pri", kind: "rsa" },
  lampsBob: { cert: `${IRELAND}certs-and-keys/lamps-bob.encrypt.crt`, key: `${IRELAND}certs-and-keys/lamps-bob.decrypt.p8.pem`, kind: "rsa" },
  lampsDana: { cert: `${IRELAND}certs-and-keys/lamps-dana.encrypt.crt`, key: `${IRELAND}certs-and-keys/lamps-dana.decrypt.p8.pem`, kind: "x25519" },
  zoneRsa: { cert: `${SMIME_RS}keys/test_rsa.pem`, key: `${SMIME_RS}keys/test_rsa.key`, kind: "rsa" },
  zoneP256: { cert: `${SMIME_RS}keys/test_p256.pem`, key: `${SMIME_RS}keys/test_p256.key`, kind: "ec-p256" },
} as const satisfies Record<string, Holder>;

const holder = (h: Holder): Identity => identityFromFiles(CORPUS + h.cert, CORPUS + h.key, h.kind);

const EX_CONTENT = "This is some sample content.";
const MULTI = "Content-Type: text/plain\r\n\r\nMulti-recipient-type test\r\n";
const OPENSSL_FIXTURE = "Content-Type: text/plain\r\n\r\nOpenSSL-generated test fixture\r\n";
const OPENSSL_KEK: DecryptSecrets = { keks: [{ keyId: hex("C0FEE0"), key: hex("000102030405060708090A0B0C0D0E0F") }] };

interface CorpusCase {
  readonly name: string;
  readonly source: Source;
  readonly holders: readonly Holder[];
  readonly secrets?: DecryptSecrets;
  readonly expect:
    | { readonly ok: true; readonly content: string | RegExp; readonly cipher: string; readonly integrity: "aead" | "none"; readonly note?: RegExp }
    | { readonly ok: false; readonly error: DecryptError; readonly detail?: RegExp };
}

const CASES: readonly CorpusCase[] = [
  { name: "RFC 4134 5.1: PKCS#1 v1.5 + 3DES", source: { der: "rfc4134/5.1.bin" }, holders: [HOLDERS.rfc4134Bob], expect: { ok: true, content: EX_CONTENT, cipher: "3DES-CBC", integrity: "none" } },
  { name: "RFC 4134 5.2: PKCS#1 v1.5 + RC2", source: { der: "rfc4134/5.2.bin" }, holders: [HOLDERS.rfc4134Bob], expect: { ok: true, content: EX_CONTENT, cipher: "RC2-CBC", integrity: "none" } },
  { name: "RFC 4134 5.3: the MIME form of 5.1", source: { eml: "rfc4134/5.3.eml" }, holders: [HOLDERS.rfc4134Bob], expect: { ok: true, content: EX_CONTENT, cipher: "3DES-CBC", integrity: "none" } },
  {
    name: "Ireland: RSA-OAEP SHA-256 + AES-128-CBC",
    source: { der: `${IRELAND}binary-files/encryptedForBobRSAOaep.p7m` },
    holders: [HOLDERS.lampsBob],
    expect: { ok: true, content: EX_CONTENT, cipher: "AES-128-CBC", integrity: "none", note: /RSA-OAEP \(SHA-256\)/ },
  },
  {
    name: "Ireland: Bob and Dana, opened by Bob",
    source: { der: `${IRELAND}binary-files/encryptedForBobAndDana.p7m` },
    holders: [HOLDERS.lampsBob],
    expect: { ok: true, content: EX_CONTENT, cipher: "AES-128-CBC", integrity: "none", note: /recipient #1/ },
  },
  {
    name: "Ireland: Bob and Dana, opened by Dana (X25519, X9.63 KDF)",
    source: { der: `${IRELAND}binary-files/encryptedForBobAndDana.p7m` },
    holders: [HOLDERS.lampsDana],
    expect: { ok: true, content: EX_CONTENT, cipher: "AES-128-CBC", integrity: "none", note: /X25519 dhSinglePass-stdDH-sha256kdf/ },
  },
  {
    name: "Ireland: X25519 with HKDF, AES-128-GCM",
    source: { der: `${IRELAND}binary-files/authEnvelopedForDanaX25519HKDF.p7m` },
    holders: [HOLDERS.lampsDana],
    expect: { ok: true, content: EX_CONTENT, cipher: "AES-128-GCM", integrity: "aead", note: /hkdf-sha256/ },
  },
  {
    name: "Ireland: ChaCha20-Poly1305 is unsupported, named",
    source: { der: `${IRELAND}binary-files/authEnvelopedForBobChaCha20Poly1305.p7m` },
    holders: [HOLDERS.lampsBob],
    expect: { ok: false, error: "unsupported", detail: /ChaCha20-Poly1305/ },
  },
  {
    name: "Ireland: KEK recipient without the KEK",
    source: { der: `${IRELAND}binary-files/encryptedKekri.p7m` },
    holders: [HOLDERS.lampsBob],
    expect: { ok: false, error: "no-key" },
  },
  {
    name: "smime-rs: RFC 9788 enveloped then signed, for Bob",
    source: { eml: `${SMIME_RS}general/smime-enc-signed.eml` },
    holders: [HOLDERS.lampsBob],
    expect: { ok: true, content: /^Content-Transfer-Encoding: base64\r\nContent-Type: application\/pkcs7-mime/, cipher: "AES-128-CBC", integrity: "none" },
  },
  {
    name: "smime-rs: AES-256-GCM, 16-byte tag",
    source: { eml: `${SMIME_RS}general/test_encrypted_gcm256.eml` },
    holders: [HOLDERS.zoneRsa],
    expect: { ok: true, content: OPENSSL_FIXTURE, cipher: "AES-256-GCM", integrity: "aead" },
  },
  {
    name: "smime-rs: AES-256-GCM without aes-ICVlen (12-byte tag)",
    source: { eml: `${SMIME_RS}general/test_encrypted_gcm_icvlen12.eml` },
    holders: [HOLDERS.zoneRsa],
    expect: { ok: true, content: "Content-Type: text/plain\r\n\r\nAES-GCM ICVlen 12 test\r\n", cipher: "AES-256-GCM", integrity: "aead" },
  },
  {
    name: "smime-rs: AES-CCM is unsupported, named",
    source: { eml: `${SMIME_RS}general/test_encrypted_ccm128.eml` },
    holders: [HOLDERS.zoneRsa],
    expect: { ok: false, error: "unsupported", detail: /AES-128-CCM/ },
  },
  {
    name: "smime-rs: OAEP SHA-256 with MGF1 SHA-384",
    source: { eml: `${SMIME_RS}general/test_encrypted_oaep_mgf1_mismatch.eml` },
    holders: [HOLDERS.zoneRsa],
    expect: { ok: true, content: OPENSSL_FIXTURE, cipher: "AES-256-CBC", integrity: "none", note: /MGF1 SHA-384/ },
  },
  {
    name: "smime-rs: KTRI with the wrong version decrypts, with a note",
    source: { eml: `${SMIME_RS}general/test_encrypted_ktri_bad_version.eml` },
    holders: [HOLDERS.zoneRsa],
    expect: { ok: true, content: MULTI, cipher: "AES-256-CBC", integrity: "none", note: /KeyTransRecipientInfo #1 has version 2; .* must be 0/ },
  },
  {
    name: "smime-rs: all four recipient kinds, opened by RSA",
    source: { eml: `${SMIME_RS}general/test_encrypted_multi_type_all.eml` },
    holders: [HOLDERS.zoneRsa],
    expect: { ok: true, content: MULTI, cipher: "AES-256-CBC", integrity: "none", note: /RSA PKCS#1 v1\.5/ },
  },
  {
    name: "smime-rs: all four recipient kinds, opened by P-256",
    source: { eml: `${SMIME_RS}general/test_encrypted_multi_type_all.eml` },
    holders: [HOLDERS.zoneP256],
    expect: { ok: true, content: MULTI, cipher: "AES-256-CBC", integrity: "none", note: /ECDH P-256 dhSinglePass-stdDH-sha256kdf/ },
  },
  {
    name: "smime-rs: all four recipient kinds, opened by the KEK",
    source: { eml: `${SMIME_RS}general/test_encrypted_multi_type_all.eml` },
    holders: [],
    secrets: { keks: [{ keyId: hex("01020304"), key: hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f") }] },
    expect: { ok: true, content: MULTI, cipher: "AES-256-CBC", integrity: "none", note: /pre-shared key/ },
  },
  {
    name: "smime-rs: all four recipient kinds, opened by the password",
    source: { eml: `${SMIME_RS}general/test_encrypted_multi_type_all.eml` },
    holders: [],
    secrets: { passwords: ["zone.eu"] },
    expect: { ok: true, content: MULTI, cipher: "AES-256-CBC", integrity: "none", note: /password \(PBKDF2/ },
  },
  {
    name: "smime-rs: all four recipient kinds, a wrong password",
    source: { eml: `${SMIME_RS}general/test_encrypted_multi_type_all.eml` },
    holders: [],
    secrets: { passwords: ["zone.ee"] },
    expect: { ok: false, error: "failed" },
  },
  {
    name: "OpenSSL: BER AuthEnvelopedData with authenticated attributes (AAD)",
    source: { pem: "openssl-cms-test-data/authenveloped_attrs.pem" },
    holders: [],
    secrets: OPENSSL_KEK,
    expect: { ok: true, content: "Hello AuthEnvelopedData world\n", cipher: "AES-128-GCM", integrity: "aead" },
  },
  {
    name: "OpenSSL: one authenticated attribute altered: failed, no plaintext",
    source: { pem: "openssl-cms-test-data/bad_authenveloped_attrs.pem" },
    holders: [],
    secrets: OPENSSL_KEK,
    expect: { ok: false, error: "failed", detail: /authentication failed/ },
  },
];

describe.skipIf(!present)("decrypting the conformance corpus", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const outcome = await decryptContentInfo(cmsOf(c.source), c.holders.map(holder), subtle, c.secrets);
      if (c.expect.ok) {
        expect(outcome.ok, outcome.ok ? "" : `${outcome.error}: ${outcome.detail}`).toBe(true);
        if (!outcome.ok) return;
        const text = new TextDecoder().decode(outcome.content);
        if (typeof c.expect.content === "string") expect(text).toBe(c.expect.content);
        else expect(text).toMatch(c.expect.content);
        expect(outcome.cipher).toBe(c.expect.cipher);
        expect(outcome.integrity).toBe(c.expect.integrity);
        if (c.expect.note) expect(outcome.notes.join("\n")).toMatch(c.expect.note);
      } else {
        expect(outcome.ok).toBe(false);
        if (outcome.ok) return;
        expect(outcome.error, outcome.detail).toBe(c.expect.error);
        expect("content" in outcome).toBe(false);
        expect(outcome.recipients.length).toBeGreaterThan(0);
        if (c.expect.detail) expect(outcome.detail).toMatch(c.expect.detail);
      }
    });
  }
});
