/**
 * What decryption reports when it cannot or must not release the content: not a recipient, tampered ciphertext,
 * tag or key, unreadable CMS. A failure never carries plaintext.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptContentInfo, type DecryptOutcome } from "../../../../src/core/cms/decrypt/index.js";
import { ensureFixtures, type FixtureSet } from "../../../fixtures/generate.js";
import { identityFromFiles, OPENSSL, opensslEncrypt, pkiIdentity, sameBytes, scratch } from "./helpers.js";

const subtle = globalThis.crypto.subtle;
const PLAINTEXT = new TextEncoder().encode("Content-Type: text/plain\r\n\r\nA message long enough to span several cipher blocks.\r\n".repeat(4));

function flipped(der: Uint8Array, at: number, mask = 0x01): Uint8Array {
  const copy = der.slice();
  copy[at]! ^= mask;
  return copy;
}

/** Offsets of a byte pattern in a buffer. */
function find(haystack: Uint8Array, needle: readonly number[]): number[] {
  const hits: number[] = [];
  outer: for (let i = 0; i + needle.length <= haystack.byteLength; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    hits.push(i);
  }
  return hits;
}

/** The offset of the 256-byte RSA-2048 encryptedKey of the only key-transport recipient (OCTET STRING 04 82 01 00). */
function encryptedKeyOffset(der: Uint8Array): number {
  const hits = find(der, [0x04, 0x82, 0x01, 0x00]);
  expect(hits, "exactly one 256-byte OCTET STRING").toHaveLength(1);
  return hits[0]! + 4;
}

function expectFailure(outcome: DecryptOutcome, error: string): asserts outcome is Extract<DecryptOutcome, { ok: false }> {
  expect(outcome.ok).toBe(false);
  if (outcome.ok) return;
  expect(outcome.error, outcome.detail).toBe(error);
  expect("content" in outcome).toBe(false);
}

describe("decryption failures", () => {
  let fx: FixtureSet;
  const tmp = scratch();
  beforeAll(async () => {
    fx = await ensureFixtures();
  });
  afterAll(() => tmp.done());

  describe("no key", () => {
    const NOT_RECIPIENT: readonly { name: string; args: (fx: FixtureSet) => string[]; holders: readonly ("mallory" | "info" | "bob" | "carol" | "dave" | "alice")[] }[] = [
      { name: "RSA PKCS#1 v1.5 to alice, held: other RSA and EC keys", args: (f) => ["-aes256", "-recip", f.pki.alice.certPem], holders: ["mallory", "info", "bob", "carol"] },
      { name: "RSA-OAEP to alice, held: other RSA keys", args: (f) => ["-aes-256-gcm", "-recip", f.pki.alice.certPem, "-keyopt", "rsa_padding_mode:oaep"], holders: ["mallory", "info"] },
      { name: "ECDH to bob, held: other EC and RSA keys", args: (f) => ["-aes128", "-recip", f.pki.bob.certPem], holders: ["carol", "dave", "alice"] },
      { name: "nothing held", args: (f) => ["-aes128", "-recip", f.pki.bob.certPem], holders: [] },
    ];
    for (const c of NOT_RECIPIENT) {
      it(`${c.name}: no-key, naming the recipient`, async () => {
        const der = opensslEncrypt(tmp.dir, PLAINTEXT, c.args(fx));
        const outcome = await decryptContentInfo(der, c.holders.map((h) => pkiIdentity(fx, h)), subtle);
        expectFailure(outcome, "no-key");
        expect(outcome.recipients).toHaveLength(1);
        expect(outcome.recipients[0]).toMatch(/issued by C=JP, O=Inkan Test PKI, CN=Inkan Test Issuing CA/);
      });
    }

    it("lists every recipient of a message to several", async () => {
      const der = opensslEncrypt(tmp.dir, PLAINTEXT, ["-aes128", "-recip", fx.pki.alice.certPem, "-recip", fx.pki.bob.certPem]);
      const outcome = await decryptContentInfo(der, [pkiIdentity(fx, "mallory")], subtle);
      expectFailure(outcome, "no-key");
      expect(outcome.recipients).toHaveLength(2);
    });
  });

  describe("identifiers that name no held certificate", () => {
    /** A new self-signed certificate for an existing key: other issuer, other serial, no subject key identifier match. */
    function reissued(name: "alice" | "bob"): string {
      const out = tmp.file(`${name}-reissued.pem`);
      execFileSync(OPENSSL, ["req", "-new", "-x509", "-key", fx.pki[name].key, "-subj", `/CN=${name} reissued`, "-days", "1", "-out", out], { stdio: "ignore" });
      return out;
    }

    for (const c of [
      { name: "alice" as const, kind: "rsa" as const, cipher: "-aes256" },
      { name: "bob" as const, kind: "ec-p256" as const, cipher: "-aes-128-gcm" },
    ]) {
      it(`${c.name}'s key under another certificate is still tried, and opens the message`, async () => {
        const der = opensslEncrypt(tmp.dir, PLAINTEXT, [c.cipher, "-recip", fx.pki[c.name].certPem]);
        const identity = identityFromFiles(reissued(c.name), fx.pki[c.name].key, c.kind);
        const outcome = await decryptContentInfo(der, [pkiIdentity(fx, "mallory"), identity], subtle);
        expect(outcome.ok, outcome.ok ? "" : outcome.detail).toBe(true);
        if (!outcome.ok) return;
        expect(sameBytes(outcome.content, PLAINTEXT)).toBe(true);
        expect(outcome.identity).toBe(identity);
        expect(outcome.notes.join("\n")).toMatch(/does not name this identity's certificate/);
      });
    }
  });

  describe("tampering with CBC (no integrity)", () => {
    it("a flipped byte in the middle of the ciphertext changes the plaintext without any error: integrity is none", async () => {
      const der = opensslEncrypt(tmp.dir, PLAINTEXT, ["-aes256", "-recip", fx.pki.alice.certPem]);
      // DER EnvelopedData from OpenSSL ends with the encrypted content.
      const outcome = await decryptContentInfo(flipped(der, der.byteLength - 100), [pkiIdentity(fx, "alice")], subtle);
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      expect(outcome.integrity).toBe("none");
      expect(sameBytes(outcome.content, PLAINTEXT)).toBe(false);
    });

    for (const c of [
      { cipher: "-aes128", block: 16 },
      { cipher: "-des3", block: 8 },
    ]) {
      it(`${c.cipher}: broken padding (last byte of the next-to-last block flipped) fails with no content`, async () => {
        const der = opensslEncrypt(tmp.dir, PLAINTEXT, [c.cipher, "-recip", fx.pki.alice.certPem]);
        // XOR 0x40 into the padding byte makes it at least 0x41, never a valid pad length.
        const outcome = await decryptContentInfo(flipped(der, der.byteLength - c.block - 1, 0x40), [pkiIdentity(fx, "alice")], subtle);
        expectFailure(outcome, "failed");
      });
    }
  });

  describe("tampering with AES-GCM", () => {
    let der: Uint8Array;
    beforeAll(() => {
      der = opensslEncrypt(tmp.dir, PLAINTEXT, ["-aes-256-gcm", "-recip", fx.pki.alice.certPem]);
      // AuthEnvelopedData from OpenSSL ends with mac: OCTET STRING (16) holding the tag.
      expect([der[der.byteLength - 18], der[der.byteLength - 17]]).toEqual([0x04, 0x10]);
    });

    it("opens untouched", async () => {
      const outcome = await decryptContentInfo(der, [pkiIdentity(fx, "alice")], subtle);
      expect(outcome.ok && sameBytes(outcome.content, PLAINTEXT)).toBe(true);
    });

    for (const c of [
      { name: "a ciphertext byte", at: (d: Uint8Array) => d.byteLength - 19 },
      { name: "the first ciphertext byte", at: (d: Uint8Array) => d.byteLength - 18 - PLAINTEXT.byteLength },
      { name: "a tag byte", at: (d: Uint8Array) => d.byteLength - 1 },
    ]) {
      it(`${c.name} flipped: failed, no content`, async () => {
        const outcome = await decryptContentInfo(flipped(der, c.at(der)), [pkiIdentity(fx, "alice")], subtle);
        expectFailure(outcome, "failed");
        expect(outcome.detail).toMatch(/authentication failed/);
      });
    }

    it("a corrupted PKCS#1 v1.5 encrypted key fails exactly like a tampered tag (implicit rejection: no distinct error)", async () => {
      const keyAt = encryptedKeyOffset(der);
      const badKey = await decryptContentInfo(flipped(der, keyAt + 100), [pkiIdentity(fx, "alice")], subtle);
      const badTag = await decryptContentInfo(flipped(der, der.byteLength - 1), [pkiIdentity(fx, "alice")], subtle);
      expectFailure(badKey, "failed");
      expectFailure(badTag, "failed");
      expect(badKey.detail).toBe(badTag.detail);
    });
  });

  it("a corrupted PKCS#1 v1.5 encrypted key with CBC content never yields the plaintext", async () => {
    const der = opensslEncrypt(tmp.dir, PLAINTEXT, ["-aes128", "-recip", fx.pki.alice.certPem]);
    const outcome = await decryptContentInfo(flipped(der, encryptedKeyOffset(der) + 7), [pkiIdentity(fx, "alice")], subtle);
    // The stand-in key decrypts CBC to noise; only 1 in about 256 such keys also gives valid padding.
    if (outcome.ok) expect(sameBytes(outcome.content, PLAINTEXT)).toBe(false);
    else expect(outcome.error).toBe("failed");
  });

  describe("KEK and password recipients", () => {
    const KEK = "000102030405060708090a0b0c0d0e0f";
    const KEK_ID = "c0ffee";
    const key = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, "hex"));

    it("a wrong KEK with the right identifier fails", async () => {
      const der = opensslEncrypt(tmp.dir, PLAINTEXT, ["-aes128", "-secretkey", KEK, "-secretkeyid", KEK_ID]);
      const outcome = await decryptContentInfo(der, [], subtle, { keks: [{ keyId: key(KEK_ID), key: key("ff".repeat(16)) }] });
      expectFailure(outcome, "failed");
    });

    it("a KEK under another identifier is tried anyway and opens", async () => {
      const der = opensslEncrypt(tmp.dir, PLAINTEXT, ["-aes128", "-secretkey", KEK, "-secretkeyid", KEK_ID]);
      const outcome = await decryptContentInfo(der, [], subtle, { keks: [{ keyId: key("01"), key: key(KEK) }] });
      expect(outcome.ok && sameBytes(outcome.content, PLAINTEXT)).toBe(true);
    });

    it("a wrong password fails", async () => {
      const der = opensslEncrypt(tmp.dir, PLAINTEXT, ["-aes256", "-pwri_password", "correct horse"]);
      const outcome = await decryptContentInfo(der, [], subtle, { passwords: ["battery staple"] });
      expectFailure(outcome, "failed");
    });
  });

  describe("unreadable or foreign input", () => {
    let der: Uint8Array;
    beforeAll(() => {
      der = opensslEncrypt(tmp.dir, PLAINTEXT, ["-aes-128-gcm", "-recip", fx.pki.alice.certPem]);
    });

    for (const cut of [1, 2, 10, 100, 400, -40, -1]) {
      it(`truncated to ${cut > 0 ? cut : `length ${cut}`} bytes: malformed`, async () => {
        const truncated = der.subarray(0, cut > 0 ? cut : der.byteLength + cut);
        const outcome = await decryptContentInfo(truncated, [pkiIdentity(fx, "alice")], subtle);
        expectFailure(outcome, "malformed");
      });
    }

    it("empty input: malformed", async () => {
      expectFailure(await decryptContentInfo(new Uint8Array(0), [pkiIdentity(fx, "alice")], subtle), "malformed");
    });

    it("a certificate instead of CMS: malformed", async () => {
      const cert = new Uint8Array(readFileSync(fx.pki.alice.certDer));
      expectFailure(await decryptContentInfo(cert, [pkiIdentity(fx, "alice")], subtle), "malformed");
    });

    it("a ContentInfo of another type (data): unsupported, named", async () => {
      const input = tmp.file("data.txt", "hello");
      const out = tmp.file("data.der");
      execFileSync(OPENSSL, ["cms", "-data_create", "-in", input, "-outform", "DER", "-out", out], { stdio: "ignore" });
      const outcome = await decryptContentInfo(new Uint8Array(readFileSync(out)), [pkiIdentity(fx, "alice")], subtle);
      expectFailure(outcome, "unsupported");
      expect(outcome.detail).toMatch(/\bdata\b/);
    });
  });
});
