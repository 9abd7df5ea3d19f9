/**
 * decryptContent writing the content into a given buffer, as decryptMessage does over the DER it decoded: AES-CBC
 * in chunks (across every chunk boundary, from one piece or many), AES-GCM with its pieces and the tag gathered
 * next to each other for the call. The reference is WebCrypto decrypting the whole ciphertext in one call. A key
 * that does not fit and altered content must fail and leave the buffer exactly as it was, so the next key can be
 * tried.
 */
import { describe, expect, it } from "vitest";
import { CBC_CHUNK_BYTES, decryptContent, type ContentCipher, type EncryptedContent } from "../../../../src/core/cms/decrypt/content-cipher.js";
import { sameBytes } from "./helpers.js";

const subtle = globalThis.crypto.subtle;
const KEY = new Uint8Array(32).fill(0x11);
/** A key that is not KEY and under which the last block of every ciphertext below has broken padding. */
const OTHER_KEY = new Uint8Array(32).fill(0x22);
const IV = Uint8Array.from({ length: 16 }, (_, i) => i);
const NONCE = new Uint8Array(12).fill(0x33);
/** Stands for the DER in front of the encrypted content: the content is written over it. */
const HEAD_BYTES = 40;

const CBC: ContentCipher = { family: "aes-cbc", name: "AES-256-CBC", keyLength: 32, iv: IV };
const GCM: ContentCipher = { family: "aes-gcm", name: "AES-256-GCM", keyLength: 32, nonce: NONCE, tagLength: 16 };

function plaintext(size: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length: size }, (_, i) => (i * 2654435761) >>> 24);
}

async function aesEncrypt(name: "AES-CBC" | "AES-GCM", content: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const key = await subtle.importKey("raw", KEY, { name }, false, ["encrypt"]);
  const params = name === "AES-CBC" ? { name, iv: IV } : { name, iv: NONCE, tagLength: 128 };
  return new Uint8Array(await subtle.encrypt(params, key, content));
}

/**
 * A buffer laid out like an envelope's DER: HEAD_BYTES, then the ciphertext, either whole or in pieces of
 * `pieceBytes` with a 3-byte stand-in for a BER header before each, then `after`.
 */
function layout(ciphertext: Uint8Array, pieceBytes: number | null, after: Uint8Array = new Uint8Array(0)): { buffer: Uint8Array; pieces: Uint8Array[] } {
  const size = pieceBytes ?? Math.max(ciphertext.byteLength, 1);
  const count = Math.ceil(ciphertext.byteLength / size);
  const gap = pieceBytes === null ? 0 : 3;
  const buffer = new Uint8Array(HEAD_BYTES + ciphertext.byteLength + count * gap + after.byteLength).fill(0xaa);
  const pieces: Uint8Array[] = [];
  let at = HEAD_BYTES;
  for (let from = 0; from < ciphertext.byteLength; from += size) {
    at += gap;
    const piece = ciphertext.subarray(from, from + size);
    buffer.set(piece, at);
    pieces.push(buffer.subarray(at, at + piece.byteLength));
    at += piece.byteLength;
  }
  buffer.set(after, at);
  return { buffer, pieces };
}

function encrypted(pieces: readonly Uint8Array[], tag: Uint8Array | null = null): EncryptedContent {
  const joined = (): Uint8Array => {
    const all = tag === null ? pieces : [...pieces, tag];
    const out = new Uint8Array(all.reduce((n, p) => n + p.byteLength, 0));
    let at = 0;
    for (const p of all) {
      out.set(p, at);
      at += p.byteLength;
    }
    return out;
  };
  return { pieces, tag, aad: null, joined };
}

const C = CBC_CHUNK_BYTES;
const CBC_SIZES = [0, 15, 16, C - 17, C - 1, C, C + 15, C + 16, 2 * C + 100, 3 * C - 16];

describe("AES-CBC decrypted into a buffer", () => {
  for (const size of CBC_SIZES) {
    for (const pieceBytes of [null, 1000]) {
      it(`${size} bytes, ${pieceBytes === null ? "one piece" : "pieces of 1000"}: the content, from the buffer's first byte`, async () => {
        const content = plaintext(size);
        const { buffer, pieces } = layout(await aesEncrypt("AES-CBC", content), pieceBytes);
        const result = await decryptContent(subtle, CBC, KEY, encrypted(pieces), buffer);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.content.buffer).toBe(buffer.buffer);
        expect(result.content.byteOffset).toBe(buffer.byteOffset);
        expect(result.content.byteLength).toBe(size);
        expect(sameBytes(result.content, content)).toBe(true);
      });
    }
  }

  for (const pieceBytes of [null, 1000]) {
    it(`with a buffer (${pieceBytes === null ? "one piece" : "pieces of 1000"}), WebCrypto never gets more than a chunk and the two blocks behind it, read where they lie`, async () => {
      const { buffer, pieces } = layout(await aesEncrypt("AES-CBC", plaintext(3 * C + 100)), pieceBytes);
      const calls = spiedDecrypt();
      expect((await decryptContent(calls.subtle, CBC, KEY, encrypted(pieces), buffer)).ok).toBe(true);
      expect(calls.inputs.length).toBeGreaterThan(4);
      expect(Math.max(...calls.inputs.map((d) => d.byteLength))).toBe(C + 32);
      // The first call checks the last block's padding on a copy of the last two blocks; the chunks are no copies.
      expect(calls.inputs.slice(1).every((d) => d.buffer === buffer.buffer)).toBe(true);
    });
  }

  it("without a buffer, the same content in a buffer of its own", async () => {
    const content = plaintext(2 * C + 100);
    const { buffer, pieces } = layout(await aesEncrypt("AES-CBC", content), 1000);
    const before = buffer.slice();
    const result = await decryptContent(subtle, CBC, KEY, encrypted(pieces), null);
    expect(result.ok && sameBytes(result.content, content)).toBe(true);
    expect(result.ok && result.content.buffer !== buffer.buffer).toBe(true);
    expect(sameBytes(buffer, before)).toBe(true);
  });

  for (const size of [100, 2 * C + 100]) {
    it(`${size} bytes: a key that does not fit fails and leaves the buffer as it was; the right key then opens it`, async () => {
      const content = plaintext(size);
      const { buffer, pieces } = layout(await aesEncrypt("AES-CBC", content), null);
      const before = buffer.slice();
      const wrong = await decryptContent(subtle, CBC, OTHER_KEY, encrypted(pieces), buffer);
      expect(wrong).toEqual({ ok: false, error: "failed", detail: expect.stringMatching(/bad padding/) });
      expect(sameBytes(buffer, before)).toBe(true);
      const right = await decryptContent(subtle, CBC, KEY, encrypted(pieces), buffer);
      expect(right.ok && sameBytes(right.content, content)).toBe(true);
    });

    it(`${size} bytes: broken padding fails with nothing written`, async () => {
      const ciphertext = await aesEncrypt("AES-CBC", plaintext(size));
      // XOR 0x40 into the padding byte (through the block before it) makes it at least 0x41, never a valid pad length.
      ciphertext[ciphertext.byteLength - 17]! ^= 0x40;
      const { buffer, pieces } = layout(ciphertext, 1000);
      const before = buffer.slice();
      const result = await decryptContent(subtle, CBC, KEY, encrypted(pieces), buffer);
      expect(result.ok).toBe(false);
      expect(sameBytes(buffer, before)).toBe(true);
    });
  }
});

describe("AES-GCM decrypted into a buffer", () => {
  /**
   * Ciphertext (whole, or in pieces of `pieceBytes` as BER puts them), then the tag's OCTET STRING as DER puts it
   * when no authAttrs come between, then more DER.
   */
  async function gcmLayout(content: Uint8Array<ArrayBuffer>, gap: number, pieceBytes: number | null = null): Promise<{ buffer: Uint8Array; enc: EncryptedContent }> {
    const sealed = await aesEncrypt("AES-GCM", content);
    const split = sealed.byteLength - 16;
    const { buffer, pieces } = layout(sealed.subarray(0, split), pieceBytes, Uint8Array.from([...new Array<number>(gap).fill(0), 0x04, 0x10, ...sealed.subarray(split), 0xa2, 0x00]));
    const last = pieces.at(-1);
    const tagAt = (last === undefined ? HEAD_BYTES : last.byteOffset + last.byteLength) + gap + 2;
    return { buffer, enc: encrypted(pieces, buffer.subarray(tagAt, tagAt + 16)) };
  }

  for (const [name, gap, pieceBytes] of [
    ["the tag's OCTET STRING right after the ciphertext", 0, null],
    ["something between the ciphertext and the tag", 3, null],
    ["the ciphertext in pieces of 1000", 0, 1000],
    ["the ciphertext in pieces of 1000, something before the tag", 3, 1000],
  ] as const) {
    for (const size of [0, 100, 2 * C + 100]) {
      it(`${name}, ${size} bytes: the content from the buffer's first byte`, async () => {
        const content = plaintext(size);
        const { buffer, enc } = await gcmLayout(content, gap, pieceBytes);
        const result = await decryptContent(subtle, GCM, KEY, enc, buffer);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.content.buffer).toBe(buffer.buffer);
        expect(result.content.byteOffset).toBe(buffer.byteOffset);
        expect(sameBytes(result.content, content)).toBe(true);
      });
    }

    it(`${name}: an altered tag or a wrong key fails and leaves the buffer as it was; the right key then opens it`, async () => {
      const content = plaintext(C + 100);
      const { buffer, enc } = await gcmLayout(content, gap, pieceBytes);
      const before = buffer.slice();
      expect((await decryptContent(subtle, GCM, OTHER_KEY, enc, buffer)).ok).toBe(false);
      expect(sameBytes(buffer, before)).toBe(true);
      enc.tag![5]! ^= 1;
      const altered = buffer.slice();
      const result = await decryptContent(subtle, GCM, KEY, enc, buffer);
      expect(result).toEqual({ ok: false, error: "failed", detail: expect.stringMatching(/authentication failed/) });
      expect(sameBytes(buffer, altered)).toBe(true);
      enc.tag![5]! ^= 1;
      const right = await decryptContent(subtle, GCM, KEY, enc, buffer);
      expect(right.ok && sameBytes(right.content, content)).toBe(true);
    });
  }

  it("with the tag right after the ciphertext, WebCrypto gets the ciphertext and tag where they lie, not a joined copy", async () => {
    const { buffer, enc } = await gcmLayout(plaintext(1000), 0);
    const calls = spiedDecrypt();
    expect((await decryptContent(calls.subtle, GCM, KEY, enc, buffer)).ok).toBe(true);
    expect(calls.inputs).toHaveLength(1);
    expect(calls.inputs[0]!.buffer).toBe(buffer.buffer);
  });

  it("in pieces, WebCrypto gets them and the tag gathered where they lay, not a joined copy", async () => {
    const content = plaintext(C + 100);
    const { buffer, enc } = await gcmLayout(content, 3, 1000);
    const calls = spiedDecrypt();
    const result = await decryptContent(calls.subtle, GCM, KEY, enc, buffer);
    expect(result.ok && sameBytes(result.content, content)).toBe(true);
    expect(calls.inputs).toHaveLength(1);
    expect(calls.inputs[0]!.buffer).toBe(buffer.buffer);
    expect(calls.inputs[0]!.byteOffset).toBe(enc.pieces[0]!.byteOffset);
    expect(calls.inputs[0]!.byteLength).toBe(C + 100 + 16);
  });

  it("the tag is never moved in a buffer it was not asked to write into", async () => {
    const { buffer, enc } = await gcmLayout(plaintext(1000), 0);
    const into = new Uint8Array(buffer.byteLength);
    const before = buffer.slice();
    const calls = spiedDecrypt(buffer);
    const result = await decryptContent(calls.subtle, GCM, KEY, enc, into);
    expect(result.ok && sameBytes(result.content, plaintext(1000))).toBe(true);
    expect(calls.inputs[0]!.buffer).not.toBe(buffer.buffer);
    expect(sameBytes(calls.snapshots[0]!, before)).toBe(true);
    expect(sameBytes(buffer, before)).toBe(true);
  });
});

/** The real WebCrypto, recording what each decrypt call is handed (and, given `watch`, that buffer at the time). */
function spiedDecrypt(watch?: Uint8Array): { subtle: SubtleCrypto; inputs: Uint8Array[]; snapshots: Uint8Array[] } {
  const inputs: Uint8Array[] = [];
  const snapshots: Uint8Array[] = [];
  const spy = Object.create(subtle) as SubtleCrypto;
  spy.decrypt = (params, key, data) => {
    inputs.push(data as Uint8Array);
    if (watch) snapshots.push(watch.slice());
    return subtle.decrypt(params, key, data);
  };
  spy.importKey = subtle.importKey.bind(subtle) as SubtleCrypto["importKey"];
  return { subtle: spy, inputs, snapshots };
}
