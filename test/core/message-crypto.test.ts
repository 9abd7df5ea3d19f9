/**
 * encryptMessage and decryptMessage on whole messages, with OpenSSL 3 as the peer: bodies larger than several
 * chunks of the AES-CBC loop, DER and BER (OpenSSL's -stream) envelopes. decryptMessage decrypts over the DER it
 * decoded and writes the outer fields in front: the result must be byte for byte what joining them gives, and a
 * failed key or altered content must leave nothing decrypted and the recipients still readable.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CBC_CHUNK_BYTES } from "../../src/core/cms/decrypt/content-cipher.js";
import type { Identity } from "../../src/core/keys/identity.js";
import { decryptMessage, encryptMessage } from "../../src/core/message-crypto.js";
import { decodeBody, parseMessage } from "../../src/core/mime/index.js";
import { encodeBase64Lines } from "../../src/core/mime/encode-base64.js";
import { readContentInfo } from "../../src/core/cms/verify-signed-data.js";
import { OID } from "../../src/core/cms/oids.js";
import { ensureFixtures, type FixtureSet } from "../fixtures/generate.js";
import { OPENSSL, pkiIdentity, sameBytes, scratch } from "./cms/decrypt/helpers.js";

const subtle = globalThis.crypto.subtle;
const OUTER = "From: Alice <alice@example.jp>\r\nTo: Bob <bob@example.jp>\r\nSubject: figures\r\n";

const latin1 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, "latin1"));
const text = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");

function concat(...parts: readonly (string | Uint8Array)[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p)))));
}

/** A multipart/mixed body with a base64 attachment of `bytes` pseudo-random bytes. */
function mixedBody(bytes: number): string {
  const data = Uint8Array.from({ length: bytes }, (_, i) => (i * 2654435761) >>> 24);
  return (
    "--b1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nThe figures are attached.\r\n" +
    '--b1\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
    text(encodeBase64Lines([data])) +
    "--b1--\r\n"
  );
}

/** About the entities' size: more than two chunks of ciphertext, and no multiple of the block size. */
const LARGE = 2 * CBC_CHUNK_BYTES + 12345;

const ENTITIES = {
  "with MIME-Version": latin1(`MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n${mixedBody(Math.floor((LARGE * 3) / 4))}`),
  "without MIME-Version": latin1(`Content-Type: text/plain; charset=us-ascii\r\n\r\n${"All the figures, line after line.\r\n".repeat(Math.floor(LARGE / 35))}`),
} as const;

function opensslEncrypt(dir: string, entity: Uint8Array, args: readonly string[]): Uint8Array {
  const r = spawnSync(OPENSSL, ["cms", "-encrypt", "-binary", ...args], { input: entity, cwd: dir, maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`openssl cms -encrypt failed: ${r.stderr.toString()}`);
  return new Uint8Array(r.stdout);
}

function opensslDecrypt(dir: string, message: Uint8Array, certPem: string, key: string): Buffer {
  const r = spawnSync(OPENSSL, ["cms", "-decrypt", "-binary", "-inkey", key, "-recip", certPem], { input: message, cwd: dir, maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`openssl cms -decrypt failed: ${r.stderr.toString()}`);
  return r.stdout;
}

/** The message with its base64 body decoded, changed by `change` and encoded again. */
function withDerChanged(message: Uint8Array, change: (der: Uint8Array) => void): Uint8Array {
  const root = parseMessage(message);
  const der = decodeBody(root).slice();
  change(der);
  return concat(message.subarray(0, root.bodyRange.start), encodeBase64Lines([der]));
}

describe("decryptMessage: what OpenSSL encrypted, with the outer fields in front", () => {
  let fx: FixtureSet;
  let alice: Identity;
  const tmp = scratch();
  beforeAll(async () => {
    fx = await ensureFixtures();
    alice = pkiIdentity(fx, "alice");
  });
  afterAll(() => tmp.done());

  for (const cipher of ["-aes256", "-aes128", "-aes-256-gcm"]) {
    for (const form of ["DER", "BER (-stream)"]) {
      for (const [name, entity] of Object.entries(ENTITIES)) {
        it(`${cipher}, ${form}, entity ${name}`, async () => {
          const smime = opensslEncrypt(tmp.dir, entity, [...(form === "DER" ? [] : ["-stream"]), cipher, "-recip", fx.pki.alice.certPem]);
          const result = await decryptMessage(concat(OUTER, smime), [alice], subtle);
          expect(result.ok, result.ok ? "" : result.detail).toBe(true);
          if (!result.ok) return;
          const mimeVersion = name === "with MIME-Version" ? "" : "MIME-Version: 1.0\r\n";
          expect(sameBytes(result.message, concat(OUTER, mimeVersion, entity))).toBe(true);
          expect(sameBytes(result.outcome.content, entity)).toBe(true);
          // Decrypted where the DER was decoded, the fields written in front: no copy of the content behind them.
          expect(result.outcome.content.buffer).toBe(result.message.buffer);
        });
      }
    }
  }

  it("-des3 (decrypted by node-forge, not in place): the same message, the fields joined in front", async () => {
    const entity = latin1("Content-Type: text/plain; charset=us-ascii\r\n\r\nOld mail.\r\n");
    const smime = opensslEncrypt(tmp.dir, entity, ["-des3", "-recip", fx.pki.alice.certPem]);
    const result = await decryptMessage(concat(OUTER, smime), [alice], subtle);
    expect(result.ok && sameBytes(result.message, concat(OUTER, "MIME-Version: 1.0\r\n", entity))).toBe(true);
  });

  for (const cipher of ["-aes256", "-aes-256-gcm"]) {
    it(`${cipher}: a binary body (decrypted into a buffer of its own) comes out the same as a base64 one`, async () => {
      const entity = ENTITIES["without MIME-Version"];
      const smime = opensslEncrypt(tmp.dir, entity, [cipher, "-recip", fx.pki.alice.certPem]);
      const der = decodeBody(parseMessage(smime));
      const binary = concat(OUTER, "MIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime; smime-type=enveloped-data\r\nContent-Transfer-Encoding: binary\r\n\r\n", der);
      const before = binary.slice();
      const [fromBinary, fromBase64] = [await decryptMessage(binary, [alice], subtle), await decryptMessage(concat(OUTER, smime), [alice], subtle)];
      expect(fromBinary.ok && fromBase64.ok && sameBytes(fromBinary.message, fromBase64.message)).toBe(true);
      expect(sameBytes(binary, before)).toBe(true);
    });
  }

  // GCM: the DER that OpenSSL writes ends with the tag. CBC: XOR 0x40 into the padding byte (through the block before
  // it) makes it at least 0x41, never a valid pad length.
  it.each([
    { what: "AES-GCM with an altered tag", cipher: "-aes-256-gcm", fromEnd: 1, mask: 1 },
    { what: "AES-CBC with broken padding", cipher: "-aes256", fromEnd: 17, mask: 0x40 },
  ])("$what: failed, nothing decrypted, the recipients still named", async ({ cipher, fromEnd, mask }) => {
    const smime = opensslEncrypt(tmp.dir, ENTITIES["with MIME-Version"], [cipher, "-recip", fx.pki.alice.certPem]);
    const altered = withDerChanged(concat(OUTER, smime), (der) => {
      der[der.byteLength - fromEnd]! ^= mask;
    });
    const result = await decryptMessage(altered, [alice], subtle);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBe("failed");
    expect("message" in result).toBe(false);
    expect(result.recipients).toHaveLength(1);
  });

  it("a key that fails on the content leaves the ciphertext for the next recipient's key", async () => {
    const entity = ENTITIES["with MIME-Version"];
    const smime = opensslEncrypt(tmp.dir, entity, ["-aes-256-gcm", "-recip", fx.pki.alice.certPem, "-recip", fx.pki.bob.certPem]);
    // Alice's 256-byte encryptedKey altered: implicit rejection gives a wrong content key, which GCM always refuses.
    const altered = withDerChanged(concat(OUTER, smime), (der) => {
      const at = Buffer.from(der).indexOf(Buffer.from([0x04, 0x82, 0x01, 0x00]));
      expect(at).toBeGreaterThan(0);
      der[at + 4 + 100]! ^= 1;
    });
    const result = await decryptMessage(altered, [alice, pkiIdentity(fx, "bob")], subtle);
    expect(result.ok, result.ok ? "" : result.detail).toBe(true);
    if (!result.ok) return;
    expect(result.outcome.notes.join("\n")).toMatch(/opened through recipient #2/);
    expect(sameBytes(result.outcome.content, entity)).toBe(true);
  });
});

describe("decryptMessage: which bodies it takes for encrypted", () => {
  let fx: FixtureSet;
  const tmp = scratch();
  beforeAll(async () => {
    fx = await ensureFixtures();
  });
  afterAll(() => tmp.done());

  const HEADER = "MIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime; smime-type=enveloped-data\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  const entity = latin1("Content-Type: text/plain\r\n\r\nSmall.\r\n");
  const enveloped = (): Uint8Array => decodeBody(parseMessage(opensslEncrypt(tmp.dir, entity, ["-aes256", "-recip", fx.pki.alice.certPem])));

  // Decided on the DER parsed once for both the check and the decryption; readContentInfo is the reference.
  const BODIES: readonly [string, () => Uint8Array, boolean][] = [
    ["enveloped-data", enveloped, true],
    ["enveloped-data with bytes after it", () => concat(enveloped(), "trailing"), true],
    ["enveloped-data cut short", () => enveloped().subarray(0, 200), false],
    ["signed-data", () => new Uint8Array(spawnSync(OPENSSL, ["cms", "-sign", "-nodetach", "-outform", "DER", "-signer", fx.pki.alice.certPem, "-inkey", fx.pki.alice.key], { input: entity }).stdout), false],
    ["a certificate", () => new Uint8Array(readFileSync(fx.pki.alice.certDer)), false],
    ["a SEQUENCE holding only an OID", () => Uint8Array.from([0x30, 0x0b, 0x06, 0x09, ...Buffer.from("2a864886f70d010703", "hex")]), false],
    ["no ASN.1 at all", () => latin1("plain text"), false],
  ];

  for (const [name, body, encrypted] of BODIES) {
    it(`${name}: ${encrypted ? "decrypted" : "not S/MIME encrypted"}`, async () => {
      const der = body();
      expect(der.byteLength).toBeGreaterThan(0);
      const reference = readContentInfo(der);
      expect(reference.ok && (reference.contentType === OID.envelopedData || reference.contentType === OID.authEnvelopedData)).toBe(encrypted);
      const result = await decryptMessage(concat(OUTER, HEADER, encodeBase64Lines([der])), [pkiIdentity(fx, "alice")], subtle);
      if (encrypted) {
        expect(result.ok && sameBytes(result.outcome.content, entity)).toBe(true);
      } else {
        expect(result).toEqual({ ok: false, error: "malformed", detail: expect.stringMatching(/not S\/MIME encrypted/), recipients: [] });
      }
    });
  }
});

describe("encryptMessage: OpenSSL decrypts the body, the outer fields stay readable", () => {
  let fx: FixtureSet;
  const tmp = scratch();
  beforeAll(async () => {
    fx = await ensureFixtures();
  });
  afterAll(() => tmp.done());

  // The MIME fields among the others: the entity is written from several separate stretches of the message.
  const body = mixedBody(Math.floor((LARGE * 3) / 4));
  const message = latin1(
    `From: Alice <alice@example.jp>\r\nContent-Type: multipart/mixed; boundary="b1"\r\nSubject: figures\r\nMIME-Version: 1.0\r\nTo: Bob <bob@example.jp>\r\n\r\n${body}`,
  );
  const entity = latin1(`Content-Type: multipart/mixed; boundary="b1"\r\nMIME-Version: 1.0\r\n\r\n${body}`);

  for (const [cipher, smimeType] of [
    ["aes-256-cbc", "enveloped-data"],
    ["aes-128-cbc", "enveloped-data"],
    ["aes-256-gcm", "authEnveloped-data"],
  ] as const) {
    it(`${cipher}`, async () => {
      const result = await encryptMessage(message, [{ certificate: new Uint8Array(readFileSync(fx.pki.alice.certDer)) }], {
        crypto: globalThis.crypto,
        now: new Date(),
        cipher,
      });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const out = text(result.message);
      expect(out.startsWith("From: Alice <alice@example.jp>\r\nSubject: figures\r\nTo: Bob <bob@example.jp>\r\nMIME-Version: 1.0\r\n")).toBe(true);
      expect(out).toContain(`smime-type=${smimeType}`);
      expect(opensslDecrypt(tmp.dir, result.message, fx.pki.alice.certPem, fx.pki.alice.key).equals(Buffer.from(entity))).toBe(true);
      const back = await decryptMessage(result.message, [pkiIdentity(fx, "alice")], subtle);
      expect(back.ok && sameBytes(back.message, concat("From: Alice <alice@example.jp>\r\nSubject: figures\r\nTo: Bob <bob@example.jp>\r\n", entity))).toBe(true);
    });
  }
});
