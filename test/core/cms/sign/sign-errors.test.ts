/** What refuses to be signed, and why: each failure a stable code, never an exception. */
import { describe, expect, it } from "vitest";
import { createSignedData, signEntity, signMessage, type SignError, type SignOptions } from "../../../../src/core/cms/sign/index.js";
import type { Identity } from "../../../../src/core/keys/identity.js";
import { ensureFixtures } from "../../../fixtures/generate.js";
import { identityOf, joinBytes, plainMessage } from "./helpers.js";

const fx = await ensureFixtures();
const now = new Date();

interface ErrorCase {
  readonly name: string;
  readonly identity: Identity;
  readonly options?: Pick<SignOptions, "digest" | "scheme" | "encryptionCertificate">;
  readonly message?: Uint8Array;
  readonly error: SignError;
}

const alice = identityOf(fx, "alice", "rsa");

const ERROR_CASES: readonly ErrorCase[] = [
  { name: "bob's EC key with alice's RSA certificate", identity: identityOf(fx, "alice", "ec-p256", "bob"), error: "key-mismatch" },
  { name: "mallory's RSA key with alice's RSA certificate", identity: identityOf(fx, "alice", "rsa", "mallory"), error: "key-mismatch" },
  { name: "carol's P-384 key with bob's P-256 certificate", identity: identityOf(fx, "bob", "ec-p384", "carol"), error: "key-mismatch" },
  { name: "a serverAuth-only certificate", identity: identityOf(fx, "wrongeku", "rsa"), error: "not-for-signing" },
  { name: "a keyEncipherment-only certificate", identity: identityOf(fx, "nodsig", "rsa"), error: "not-for-signing" },
  { name: "a DSA certificate", identity: identityOf(fx, "dsa", "rsa"), error: "unsupported-key" },
  {
    name: "a certificate without an e-mail address",
    identity: identityOf(fx, "noemail", "rsa"),
    message: plainMessage("noemail@example.jp", now),
    error: "cert-without-email",
  },
  { name: "a From address the certificate does not name", identity: alice, message: plainMessage("bob@example.jp", now), error: "email-mismatch" },
  {
    name: "the certificate's address only in the From display name",
    identity: alice,
    message: joinBytes('From: "alice@example.jp" <mallory@evil.example>\r\nContent-Type: text/plain\r\n\r\nhello\r\n'),
    error: "email-mismatch",
  },
  {
    name: "a From address that extends the certificate's",
    identity: alice,
    message: joinBytes("From: alice@example.jp.evil.example\r\nContent-Type: text/plain\r\n\r\nhello\r\n"),
    error: "email-mismatch",
  },
  { name: "ECDSA asked of an RSA key", identity: alice, options: { scheme: "ecdsa" }, error: "unsupported-key" },
  { name: "RSA-PSS asked of an EC key", identity: identityOf(fx, "bob", "ec-p256"), options: { scheme: "rsa-pss" }, error: "unsupported-key" },
  { name: "a private key that is not PKCS #8", identity: { ...alice, privateKey: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]) }, error: "unsupported-key" },
  { name: "a certificate that is not one", identity: { ...alice, certificate: new Uint8Array([1, 2, 3]) }, error: "unsupported-key" },
  { name: "an unreadable encryption certificate", identity: alice, options: { encryptionCertificate: new Uint8Array([0x30, 0]) }, error: "unsupported-key" },
  {
    name: "a multipart without a boundary holding 8-bit text",
    identity: alice,
    message: joinBytes("From: alice@example.jp\r\nContent-Type: multipart/mixed\r\n\r\n\xe3\x81\x82\r\n"),
    error: "malformed-message",
  },
  {
    name: "8-bit data in an unknown transfer encoding",
    identity: alice,
    message: joinBytes("From: alice@example.jp\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: x-custom\r\n\r\n\xe3\x81\x82\r\n"),
    error: "malformed-message",
  },
];

describe("signMessage refuses", () => {
  it.each(ERROR_CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const result = await signMessage(c.message ?? plainMessage("alice@example.jp", now), { identity: c.identity, crypto: globalThis.crypto, now, ...c.options });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBe(c.error);
      expect(result.detail.length).toBeGreaterThan(0);
    }
  });
});

describe("the signer's address", () => {
  const noemail = identityOf(fx, "noemail", "rsa");
  const entity = joinBytes("Content-Type: text/plain; charset=us-ascii\r\n\r\nhello\r\n");

  it("a certificate without an e-mail address signs no entity and no bare SignedData either", async () => {
    const options = { identity: noemail, crypto: globalThis.crypto, now };
    expect(await signEntity(entity, options)).toMatchObject({ ok: false, error: "cert-without-email" });
    expect(await createSignedData(entity, { ...options, detached: true })).toMatchObject({ ok: false, error: "cert-without-email" });
  });

  const header = (from: string): Uint8Array => joinBytes(`${from}Content-Type: text/plain\r\n\r\nhello\r\n`);
  it.each([
    ["the certificate's address in another case", alice, header("From: Alice <ALICE@Example.JP>\r\n")],
    ["an address only in the subject's emailAddress attribute", identityOf(fx, "dnemail", "rsa"), plainMessage("dnemail@example.jp", now)],
    // No receiver can bind any signature to these, so there is no address to hold the certificate against.
    ["no From field", alice, header("")],
    ["a From without an address", alice, header("From: Alice Example\r\n")],
    ["two From mailboxes", alice, header("From: alice@example.jp, bob@example.jp\r\n")],
    ["two From fields", alice, header("From: bob@example.jp\r\nFrom: carol@example.jp\r\n")],
  ] as const)("signs with %s", async (_name, identity, message) => {
    const result = await signMessage(message, { identity, crypto: globalThis.crypto, now });
    expect(result.ok, result.ok ? "" : `${result.error}: ${result.detail}`).toBe(true);
  });
});
