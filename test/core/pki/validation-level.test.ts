import "reflect-metadata";
import { webcrypto } from "node:crypto";
import {
  BasicConstraintsExtension,
  CertificatePolicyExtension,
  X509CertificateGenerator,
  cryptoProvider,
  type Extension,
} from "@peculiar/x509";
import { beforeAll, describe, expect, it } from "vitest";
import {
  describeValidation,
  validationInfoFromPolicies,
  validationInfoOf,
} from "../../../src/core/pki/validation-level.js";
import type { ValidationInfo, ValidationLevel } from "../../../src/core/verdict-types.js";

const UNKNOWN: ValidationInfo = { level: "unknown", generation: null, policyOid: null };

beforeAll(() => {
  cryptoProvider.set(webcrypto as unknown as Crypto);
});

describe("validationInfoFromPolicies", () => {
  const single: [string, ValidationInfo][] = [
    ["2.23.140.1.5.1.1", { level: "mailbox", generation: "legacy", policyOid: "2.23.140.1.5.1.1" }],
    ["2.23.140.1.5.1.2", { level: "mailbox", generation: "multipurpose", policyOid: "2.23.140.1.5.1.2" }],
    ["2.23.140.1.5.1.3", { level: "mailbox", generation: "strict", policyOid: "2.23.140.1.5.1.3" }],
    ["2.23.140.1.5.2.1", { level: "organization", generation: "legacy", policyOid: "2.23.140.1.5.2.1" }],
    ["2.23.140.1.5.2.2", { level: "organization", generation: "multipurpose", policyOid: "2.23.140.1.5.2.2" }],
    ["2.23.140.1.5.2.3", { level: "organization", generation: "strict", policyOid: "2.23.140.1.5.2.3" }],
    ["2.23.140.1.5.3.1", { level: "sponsored", generation: "legacy", policyOid: "2.23.140.1.5.3.1" }],
    ["2.23.140.1.5.3.2", { level: "sponsored", generation: "multipurpose", policyOid: "2.23.140.1.5.3.2" }],
    ["2.23.140.1.5.3.3", { level: "sponsored", generation: "strict", policyOid: "2.23.140.1.5.3.3" }],
    ["2.23.140.1.5.4.1", { level: "individual", generation: "legacy", policyOid: "2.23.140.1.5.4.1" }],
    ["2.23.140.1.5.4.2", { level: "individual", generation: "multipurpose", policyOid: "2.23.140.1.5.4.2" }],
    ["2.23.140.1.5.4.3", { level: "individual", generation: "strict", policyOid: "2.23.140.1.5.4.3" }],
    // Not S/MIME BR policies, or not the two arcs the BR define.
    ["2.23.140.1.2.1", UNKNOWN],
    ["2.23.140.1.5.5.1", UNKNOWN],
    ["2.23.140.1.5.0.1", UNKNOWN],
    ["2.23.140.1.5.1.4", UNKNOWN],
    ["2.23.140.1.5.1", UNKNOWN],
    ["2.23.140.1.5.1.1.1", UNKNOWN],
    ["2.23.140.1.5.11.1", UNKNOWN],
    ["12.23.140.1.5.1.1", UNKNOWN],
    ["2.23.140.1.5.", UNKNOWN],
    ["2.5.29.32.0", UNKNOWN],
    ["1.3.6.1.4.1.311.42.1", UNKNOWN],
    ["", UNKNOWN],
  ];
  it.each(single)("%s", (oid, expected) => {
    expect(validationInfoFromPolicies([oid])).toEqual(expected);
  });

  const several: [string, string[], ValidationInfo][] = [
    ["no policies", [], UNKNOWN],
    [
      "individual beats sponsored",
      ["2.23.140.1.5.3.3", "2.23.140.1.5.4.1"],
      { level: "individual", generation: "legacy", policyOid: "2.23.140.1.5.4.1" },
    ],
    [
      "sponsored beats organization, in either order",
      ["2.23.140.1.5.3.2", "2.23.140.1.5.2.3"],
      { level: "sponsored", generation: "multipurpose", policyOid: "2.23.140.1.5.3.2" },
    ],
    [
      "organization beats mailbox",
      ["2.23.140.1.5.1.3", "2.23.140.1.5.2.1"],
      { level: "organization", generation: "legacy", policyOid: "2.23.140.1.5.2.1" },
    ],
    [
      "the CA's own policy OIDs beside a BR OID are ignored",
      ["1.2.392.200091.100.901.4", "2.23.140.1.5.1.2", "2.5.29.32.0"],
      { level: "mailbox", generation: "multipurpose", policyOid: "2.23.140.1.5.1.2" },
    ],
    [
      "same level: the stricter generation, whatever the order",
      ["2.23.140.1.5.4.3", "2.23.140.1.5.4.1", "2.23.140.1.5.4.2"],
      { level: "individual", generation: "strict", policyOid: "2.23.140.1.5.4.3" },
    ],
    ["only unrelated OIDs", ["1.3.6.1.4.1.6449.1.2.1.1.1", "2.23.140.1.2.2"], UNKNOWN],
  ];
  it.each(several)("%s", (_name, oids, expected) => {
    expect(validationInfoFromPolicies(oids)).toEqual(expected);
    expect(validationInfoFromPolicies([...oids].reverse())).toEqual(expected);
  });
});

async function selfSigned(extensions: Extension[]): Promise<Uint8Array> {
  const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
  const keys = await webcrypto.subtle.generateKey(alg, false, ["sign", "verify"]);
  const cert = await X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "CN=Test Signer, E=signer@example.com",
    notBefore: new Date("2025-01-01T00:00:00Z"),
    notAfter: new Date("2027-01-01T00:00:00Z"),
    signingAlgorithm: alg,
    keys: keys as CryptoKeyPair,
    extensions,
  });
  return new Uint8Array(cert.rawData);
}

describe("validationInfoOf", () => {
  const cases: [string, () => Promise<Uint8Array>, ValidationInfo][] = [
    [
      "organization-validated multipurpose certificate",
      () => selfSigned([new CertificatePolicyExtension(["2.23.140.1.5.2.2"])]),
      { level: "organization", generation: "multipurpose", policyOid: "2.23.140.1.5.2.2" },
    ],
    [
      "several policies, one of them BR individual strict",
      () => selfSigned([new CertificatePolicyExtension(["1.3.6.1.4.1.99999.1", "2.23.140.1.5.4.3", "2.23.140.1.5.1.3"])]),
      { level: "individual", generation: "strict", policyOid: "2.23.140.1.5.4.3" },
    ],
    [
      "policies extension without a BR OID",
      () => selfSigned([new CertificatePolicyExtension(["2.5.29.32.0"])]),
      UNKNOWN,
    ],
    ["no certificatePolicies extension", () => selfSigned([new BasicConstraintsExtension(false)]), UNKNOWN],
    ["no extensions at all", () => selfSigned([]), UNKNOWN],
    ["empty input", async () => new Uint8Array(0), UNKNOWN],
    ["not DER", async () => new TextEncoder().encode("-----BEGIN CERTIFICATE-----"), UNKNOWN],
    [
      "DER that is not a certificate",
      async () => new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05]),
      UNKNOWN,
    ],
    [
      "certificate with trailing garbage",
      async () => {
        const der = await selfSigned([new CertificatePolicyExtension(["2.23.140.1.5.2.2"])]);
        return new Uint8Array([...der, 0x00]);
      },
      UNKNOWN,
    ],
  ];
  it.each(cases)("%s", async (_name, make, expected) => {
    expect(validationInfoOf(await make())).toEqual(expected);
  });
});

describe("describeValidation", () => {
  const levels: ValidationLevel[] = ["mailbox", "organization", "sponsored", "individual", "unknown"];
  const described = levels.map((level) =>
    describeValidation({ level, generation: level === "unknown" ? null : "strict", policyOid: null }),
  );

  it("gives every level its own sentence in both languages", () => {
    expect(new Set(described.map((d) => d.en)).size).toBe(levels.length);
    expect(new Set(described.map((d) => d.ja)).size).toBe(levels.length);
  });

  it.each(levels.map((level, i) => [level, described[i]] as const))("%s has English and Japanese text", (_l, d) => {
    expect(d?.en).toMatch(/^[\x20-\x7e]+$/);
    expect(d?.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it("does not depend on the generation", () => {
    const strict = describeValidation({ level: "mailbox", generation: "strict", policyOid: "2.23.140.1.5.1.3" });
    const legacy = describeValidation({ level: "mailbox", generation: "legacy", policyOid: "2.23.140.1.5.1.1" });
    expect(strict).toEqual(legacy);
  });
});
