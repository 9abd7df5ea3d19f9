/**
 * Recipient certificates are kept between encryptions, keyed by the caller's bytes: the same bytes are read once,
 * and a buffer the caller refilled in place with another certificate is read again, never encrypted to the old key.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptContent } from "../../../../src/core/cms/encrypt/index.js";
import { Scratch, decryptWithOpenssl, joinPieces, makeCert, sampleContent, type MadeCert } from "./helpers.js";

const scratch = new Scratch();
afterAll(() => scratch.remove());

const options = { crypto: globalThis.crypto, now: new Date(Date.now() + 2000), cipher: "aes-256-cbc" as const };
const content = sampleContent(1000);
const extensions = (who: string) => ["keyUsage = critical, keyEncipherment", `subjectAltName = email:${who}@example.jp`];

/** Two RSA-2048 certificates of the same length (names of one length; regenerated on a rare serial-length clash). */
let one: MadeCert;
let two: MadeCert;
beforeAll(() => {
  for (let attempt = 0; attempt < 5; attempt++) {
    one = makeCert(scratch, `one${attempt}`, { newKey: ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], extensions: extensions("one") });
    two = makeCert(scratch, `two${attempt}`, { newKey: ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], extensions: extensions("two") });
    if (one.der.byteLength === two.der.byteLength) return;
  }
  throw new Error("could not make two certificates of one length");
});

async function opensFor(certificate: Uint8Array, reader: MadeCert): Promise<boolean> {
  const result = await encryptContent(content, [{ certificate }], options);
  if (!result.ok) throw new Error(`${result.error}: ${result.detail}`);
  try {
    return decryptWithOpenssl(scratch, joinPieces(result.pieces), reader).equals(Buffer.from(content));
  } catch {
    return false;
  }
}

describe("recipient certificates kept between messages", () => {
  it("encrypts to the certificate the bytes hold now, after the same buffer was refilled with another one", async () => {
    const buffer = new Uint8Array(one.der);
    expect(await opensFor(buffer, one)).toBe(true);
    expect(await opensFor(buffer, one)).toBe(true);
    buffer.set(two.der);
    expect(await opensFor(buffer, two)).toBe(true);
    expect(await opensFor(buffer, one)).toBe(false);
  });
});
