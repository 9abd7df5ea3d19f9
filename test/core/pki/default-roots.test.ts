import "reflect-metadata";
import { createHash } from "node:crypto";
import { webcrypto } from "node:crypto";
import { X509Certificate, cryptoProvider } from "@peculiar/x509";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ROOTS } from "../../../src/core/pki/default-roots.js";
import { defaultRootsDer } from "../../../src/core/pki/default-roots-loader.js";

beforeAll(() => {
  cryptoProvider.set(webcrypto as unknown as Crypto);
});

function hex(bytes: ArrayBuffer | Uint8Array): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString("hex");
}

describe("DEFAULT_ROOTS", () => {
  it("holds a plausible number of roots (Mozilla trusts about 108 for email)", () => {
    expect(DEFAULT_ROOTS.length).toBeGreaterThanOrEqual(80);
    expect(DEFAULT_ROOTS.length).toBeLessThanOrEqual(150);
  });

  it("has no duplicate certificates", () => {
    const fingerprints = DEFAULT_ROOTS.map((r) => r.sha256);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });

  it("is sorted by label, then fingerprint, so regeneration gives stable diffs", () => {
    const keys = DEFAULT_ROOTS.map((r) => [r.label, r.sha256] as const);
    const sorted = [...keys].sort((a, b) =>
      Buffer.compare(Buffer.from(`${a[0]}\t${a[1]}`), Buffer.from(`${b[0]}\t${b[1]}`)),
    );
    expect(keys).toEqual(sorted);
  });

  describe.each(DEFAULT_ROOTS.map((r) => [r.label, r] as const))("%s", (_label, root) => {
    const der = new Uint8Array(Buffer.from(root.der, "base64"));

    it("matches its recorded fingerprint", () => {
      expect(root.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(createHash("sha256").update(der).digest("hex")).toBe(root.sha256);
    });

    it("is a self-signed X.509 certificate", async () => {
      const cert = new X509Certificate(der);
      expect(hex(cert.subjectName.toArrayBuffer())).toBe(hex(cert.issuerName.toArrayBuffer()));
      expect(await cert.verify({ signatureOnly: true })).toBe(true);
    });
  });
});

describe("defaultRootsDer", () => {
  it("decodes every built-in root in order", () => {
    const ders = defaultRootsDer();
    expect(ders.map((d) => createHash("sha256").update(d).digest("hex"))).toEqual(
      DEFAULT_ROOTS.map((r) => r.sha256),
    );
  });

  it("hands out copies, so a caller cannot alter the roots others get", () => {
    const first = defaultRootsDer();
    const original = first[0]?.[0];
    first[0]?.fill(0);
    first.length = 0;
    const second = defaultRootsDer();
    expect(second.length).toBe(DEFAULT_ROOTS.length);
    expect(second[0]?.[0]).toBe(original);
    expect(original).not.toBe(0);
  });
});
