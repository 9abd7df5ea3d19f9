import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CertificateCache, MAX_CACHED_CERTIFICATES } from "../../../src/core/pki/certificate-cache.js";
import { ensureFixtures } from "../../fixtures/generate.js";

const fixtures = await ensureFixtures();
const aliceDer = new Uint8Array(readFileSync(fixtures.pki.alice.certDer));
const bobDer = new Uint8Array(readFileSync(fixtures.pki.bob.certDer));

/** The offset of the serial number's last octet: certificates that differ there parse as different certificates. */
function serialEnd(der: Uint8Array): number {
  // Certificate SEQUENCE, tbsCertificate SEQUENCE (both long-form lengths), [0] version, then the INTEGER serial.
  let p = 0;
  const skipHeader = (): void => {
    const len = der[p + 1]!;
    p += 2 + (len & 0x80 ? len & 0x7f : 0);
  };
  skipHeader();
  skipHeader();
  p += 2 + der[p + 1]!;
  expect(der[p]).toBe(0x02);
  return p + 1 + der[p + 1]!;
}

describe("CertificateCache", () => {
  it("hands out one object per encoding and a different one for another certificate", () => {
    const cache = new CertificateCache();
    const first = cache.parse(aliceDer);
    const again = cache.parse(new Uint8Array(aliceDer));
    const bob = cache.parse(bobDer);
    expect(first.ok && again.ok && bob.ok).toBe(true);
    if (!first.ok || !again.ok || !bob.ok) return;
    expect(again.value).toBe(first.value);
    expect(bob.value).not.toBe(first.value);
    expect(bob.value.emails).toContain("bob@example.jp");
    expect(cache.size).toBe(2);
  });

  it("keeps its own copy, not a view into the message the certificate came in", () => {
    const message = new Uint8Array(aliceDer.byteLength + 100);
    message.set(aliceDer, 50);
    const parsed = new CertificateCache().parse(message.subarray(50, 50 + aliceDer.byteLength));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.der.buffer).not.toBe(message.buffer);
    message.fill(0);
    expect(parsed.value.der).toEqual(aliceDer);
  });

  it("does not remember what it could not parse", () => {
    const cache = new CertificateCache();
    expect(cache.parse(aliceDer.subarray(0, 100)).ok).toBe(false);
    expect(cache.size).toBe(0);
  });

  it(`holds at most ${MAX_CACHED_CERTIFICATES} certificates`, () => {
    const cache = new CertificateCache();
    const at = serialEnd(aliceDer) - 1;
    for (let i = 0; i < MAX_CACHED_CERTIFICATES + 20; i++) {
      const variant = new Uint8Array(aliceDer);
      variant[at] = i & 0xff;
      variant[at - 1] = (i >> 8) & 0xff;
      expect(cache.parse(variant).ok).toBe(true);
    }
    expect(cache.size).toBeLessThanOrEqual(MAX_CACHED_CERTIFICATES);
    expect(cache.size).toBeGreaterThan(MAX_CACHED_CERTIFICATES - 20);
  });
});
