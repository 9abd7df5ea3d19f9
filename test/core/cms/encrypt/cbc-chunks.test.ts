/**
 * AES-CBC content is encrypted in chunks, each chained to the one before: OpenSSL must decrypt every size around the
 * chunk boundaries (and with chunks grown for a larger content) to the exact content, whether it comes in one piece or in pieces cut anywhere, and as DER pieces
 * (encryptContent) or straight into the base64 of the entity (encryptToEntity).
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { CBC_MIN_CHUNK_BYTES, encryptContent, encryptToEntity } from "../../../../src/core/cms/encrypt/index.js";
import { decodeBody, parseMessage } from "../../../../src/core/mime/index.js";
import { ensureFixtures } from "../../../fixtures/generate.js";
import { Scratch, decryptWithOpenssl, joinPieces, sampleContent } from "./helpers.js";

const fx = await ensureFixtures();
const scratch = new Scratch();
afterAll(() => scratch.remove());

const alice = { certPem: fx.pki.alice.certPem, key: fx.pki.alice.key };
const recipients = [{ certificate: new Uint8Array(readFileSync(fx.pki.alice.certDer)) }];
const options = (cipher: "aes-128-cbc" | "aes-256-cbc") => ({ crypto: globalThis.crypto, now: new Date(Date.now() + 2000), cipher });

const C = CBC_MIN_CHUNK_BYTES;

describe("AES-CBC around the chunk size: OpenSSL decrypts to the content", () => {
  for (const cipher of ["aes-128-cbc", "aes-256-cbc"] as const) {
    // The last size is large enough for chunks of an eighth of it, larger than the smallest chunk.
    for (const size of [C - 1, C, C + 1, 2 * C + 17, 12 * C + 5]) {
      it(`${cipher}, ${size} bytes, DER pieces`, async () => {
        const content = sampleContent(size);
        const result = await encryptContent(content, recipients, options(cipher));
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(decryptWithOpenssl(scratch, joinPieces(result.pieces), alice).equals(Buffer.from(content))).toBe(true);
      });
    }
  }

  it("content in pieces cut across the chunk boundaries, into the entity's base64", async () => {
    const content = sampleContent(3 * C + 100);
    const cuts = [0, 17, C - 5, C - 2, 2 * C + 1, 3 * C + 100];
    const pieces = cuts.slice(1).map((end, i) => content.subarray(cuts[i], end));
    const result = await encryptToEntity(pieces, recipients, options("aes-256-cbc"), new TextEncoder().encode("Subject: pieces\r\n"));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Buffer.from(result.entity.subarray(0, 17)).toString("latin1")).toBe("Subject: pieces\r\n");
    const der = decodeBody(parseMessage(result.entity));
    expect(decryptWithOpenssl(scratch, der, alice).equals(Buffer.from(content))).toBe(true);
    // Sized exactly: the entity fills the buffer it was written into.
    expect(result.entity.byteLength).toBe(result.entity.buffer.byteLength);
  });
});
