/** RSAES-PKCS1-v1_5 with BigInt, checked by OpenSSL's private-key operation (padded and raw). */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import * as asn1js from "asn1js";
import { modulusLength, rsaPkcs1v15Encrypt } from "../../../../src/core/cms/encrypt/rsa-pkcs1.js";
import { ensureFixtures } from "../../../fixtures/generate.js";
import { Scratch, makeCert, mustOpenssl, sampleContent } from "./helpers.js";

const fx = await ensureFixtures();
const scratch = new Scratch();
afterAll(() => scratch.remove());

function publicKey(certDer: Uint8Array): { n: Uint8Array; e: Uint8Array } {
  const cert = asn1js.fromBER(certDer).result as asn1js.Sequence;
  const tbs = cert.valueBlock.value[0] as asn1js.Sequence;
  const spki = tbs.valueBlock.value[6] as asn1js.Sequence;
  const bits = (spki.valueBlock.value[1] as asn1js.BitString).valueBlock.valueHexView;
  const key = asn1js.fromBER(bits).result as asn1js.Sequence;
  const [n, e] = key.valueBlock.value as [asn1js.Integer, asn1js.Integer];
  return { n: n.valueBlock.valueHexView, e: e.valueBlock.valueHexView };
}

/** A Crypto whose random octets are often zero, so that the redraw of zero padding octets is exercised. */
function zeroHeavyCrypto(): Crypto {
  let calls = 0;
  return {
    getRandomValues<T extends ArrayBufferView | null>(array: T): T {
      const view = new Uint8Array(array!.buffer, array!.byteOffset, array!.byteLength);
      globalThis.crypto.getRandomValues(view);
      calls++;
      // Every third octet of a long draw is zero, and every other single-octet redraw too.
      for (let i = 0; i < view.length; i++) if (view.length > 1 ? i % 3 === 0 : calls % 2 === 0) view[i] = 0;
      return array;
    },
  } as unknown as Crypto;
}

const keys = [
  { name: "alice 2048", certDer: () => new Uint8Array(readFileSync(fx.pki.alice.certDer)), key: () => fx.pki.alice.key },
  {
    name: "3072 with exponent 3",
    ...(() => {
      let made: ReturnType<typeof makeCert> | undefined;
      const get = () =>
        (made ??= makeCert(scratch, "rsa3072-e3", {
          newKey: ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072", "-pkeyopt", "rsa_keygen_pubexp:3"],
          extensions: [],
        }));
      return { certDer: () => get().der, key: () => get().key };
    })(),
  },
];

describe("rsaPkcs1v15Encrypt", () => {
  it.each(keys.flatMap((k) => [0, 1, 16, 32, 100].map((size) => ({ ...k, size }))))(
    "$name, $size-octet message: OpenSSL's PKCS #1 v1.5 decryption gives it back",
    ({ certDer, key, size }) => {
      const { n, e } = publicKey(certDer());
      const message = sampleContent(size, size + 1);
      const c = rsaPkcs1v15Encrypt(n, e, message, globalThis.crypto);
      expect(c.byteLength).toBe(modulusLength(n));
      const plain = mustOpenssl(["pkeyutl", "-decrypt", "-inkey", key(), "-pkeyopt", "rsa_padding_mode:pkcs1", "-in", scratch.file("c.bin", c)]);
      expect(plain.equals(Buffer.from(message))).toBe(true);
    },
  );

  it("padding octets are never zero even when the random source often gives zeros (RFC 8017 §7.2.1)", () => {
    const { n, e } = publicKey(new Uint8Array(readFileSync(fx.pki.alice.certDer)));
    const message = sampleContent(32);
    for (let round = 0; round < 5; round++) {
      const c = rsaPkcs1v15Encrypt(n, e, message, zeroHeavyCrypto());
      const em = mustOpenssl(["pkeyutl", "-decrypt", "-inkey", fx.pki.alice.key, "-pkeyopt", "rsa_padding_mode:none", "-in", scratch.file("c.bin", c)]);
      expect(em.byteLength).toBe(256);
      expect([em[0], em[1]]).toEqual([0, 2]);
      const ps = em.subarray(2, 256 - 32 - 1);
      expect(ps.byteLength).toBe(256 - 32 - 3);
      expect(ps.includes(0)).toBe(false);
      expect(em[256 - 33]).toBe(0);
      expect(em.subarray(256 - 32).equals(Buffer.from(message))).toBe(true);
    }
  });

  it("refuses a message too long for the key (fewer than 8 padding octets)", () => {
    const { n, e } = publicKey(new Uint8Array(readFileSync(fx.pki.alice.certDer)));
    expect(() => rsaPkcs1v15Encrypt(n, e, new Uint8Array(256 - 10), globalThis.crypto)).toThrow(RangeError);
    expect(rsaPkcs1v15Encrypt(n, e, new Uint8Array(256 - 11), globalThis.crypto).byteLength).toBe(256);
  });
});
