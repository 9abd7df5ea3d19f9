/**
 * Encryption through a streaming cipher (the command line's, on Node's OpenSSL): every cipher, sizes around the
 * pieces it is fed and the padding block, content in one piece or cut anywhere, an RSA and an EC recipient; OpenSSL
 * must decrypt each to the exact content. A cipher that writes the wrong number of bytes or no tag is an error,
 * never a damaged message.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { nodeStreamingCipher } from "../../../../src/cli/node-streaming-cipher.js";
import { encryptContent, encryptToEntity, type ContentCipher, type StreamingCipherFactory } from "../../../../src/core/cms/encrypt/index.js";
import { decodeBody, parseMessage } from "../../../../src/core/mime/index.js";
import { ensureFixtures } from "../../../fixtures/generate.js";
import { Scratch, decryptWithOpenssl, joinPieces, makeCert, sampleContent } from "./helpers.js";

const fx = await ensureFixtures();
const scratch = new Scratch();
afterAll(() => scratch.remove());

const alice = { certPem: fx.pki.alice.certPem, key: fx.pki.alice.key };
const recipients = [{ certificate: new Uint8Array(readFileSync(fx.pki.alice.certDer)) }];
const options = (cipher: ContentCipher, streamingCipher: StreamingCipherFactory = nodeStreamingCipher) => ({
  crypto: globalThis.crypto,
  now: new Date(Date.now() + 2000),
  cipher,
  streamingCipher,
});

const PIECE = 64 * 1024;
const CIPHERS: readonly ContentCipher[] = ["aes-128-cbc", "aes-256-cbc", "aes-128-gcm", "aes-256-gcm"];

describe("a streaming cipher: OpenSSL decrypts to the content", () => {
  for (const cipher of CIPHERS) {
    for (const size of [0, 1, 15, 16, 17, PIECE - 1, PIECE, PIECE + 1, 3 * PIECE + 33]) {
      it(`${cipher}, ${size} bytes`, async () => {
        const content = sampleContent(size);
        const result = await encryptContent(content, recipients, options(cipher));
        expect(result.ok && result.cipher).toBe(cipher);
        if (!result.ok) return;
        expect(decryptWithOpenssl(scratch, joinPieces(result.pieces), alice).equals(Buffer.from(content))).toBe(true);
      });
    }
  }

  it.each(["aes-256-cbc", "aes-256-gcm"] as const)("%s: content in pieces cut anywhere, into the entity's base64, for RSA and EC recipients", async (cipher) => {
    const content = sampleContent(2 * PIECE + 100);
    const cuts = [0, 5, PIECE - 3, PIECE + 60, 2 * PIECE + 100];
    const pieces = cuts.slice(1).map((end, i) => content.subarray(cuts[i], end));
    const bob = makeCert(scratch, "bob-enc", {
      key: fx.pki.bob.key,
      extensions: ["keyUsage = critical, keyAgreement", "extendedKeyUsage = emailProtection", "subjectAltName = email:bob@example.jp"],
    });
    const both = [...recipients, { certificate: bob.der }];
    const result = await encryptToEntity(pieces, both, options(cipher), new TextEncoder().encode("Subject: pieces\r\n"));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const der = decodeBody(parseMessage(result.entity));
    expect(decryptWithOpenssl(scratch, der, alice).equals(Buffer.from(content))).toBe(true);
    expect(decryptWithOpenssl(scratch, der, bob).equals(Buffer.from(content))).toBe(true);
    expect(result.entity.byteLength).toBe(result.entity.buffer.byteLength);
  });
});

describe("a streaming cipher that misbehaves is an error, not a damaged message", () => {
  const shortBy = (n: number): StreamingCipherFactory => (cipher, key, iv) => {
    const real = nodeStreamingCipher(cipher, key, iv);
    return { ...real, final: () => real.final().subarray(n) };
  };
  it("fewer ciphertext bytes than the DER announced", async () => {
    await expect(encryptContent(sampleContent(1000), recipients, options("aes-256-cbc", shortBy(1)))).rejects.toThrow(/wrote 1007 bytes, not 1008/);
  });
  it("no tag from a GCM cipher", async () => {
    const noTag: StreamingCipherFactory = (cipher, key, iv) => ({ ...nodeStreamingCipher(cipher, key, iv), authTag: () => null });
    await expect(encryptContent(sampleContent(1000), recipients, options("aes-256-gcm", noTag))).rejects.toThrow(/no 16-byte tag/);
  });
});
