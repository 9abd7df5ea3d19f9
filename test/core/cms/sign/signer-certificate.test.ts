import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { describe, expect, it } from "vitest";
import { isSelfIssued, issuerAndSerialOf, readSignerCertificate, signingUseProblem } from "../../../../src/core/cms/sign/signer-certificate.js";
import { ensureFixtures, type PkiName } from "../../../fixtures/generate.js";
import { derOfFile } from "./helpers.js";

const fx = await ensureFixtures();
const der = (name: PkiName): Uint8Array => derOfFile(fx.pki[name].certPem);

describe("issuerAndSerialOf", () => {
  it.each(["alice", "bob", "inter", "root"] as const)("copies the issuer and serial of %s byte for byte", (name) => {
    const cert = new pkijs.Certificate({ schema: asn1js.fromBER(der(name)).result });
    const expected = new asn1js.Sequence({ value: [cert.issuer.toSchema(), cert.serialNumber] }).toBER(false);
    expect(Buffer.from(issuerAndSerialOf(der(name))!).equals(Buffer.from(expected))).toBe(true);
  });

  it("reads nothing from what is not a certificate", () => {
    expect(issuerAndSerialOf(new Uint8Array([0x30, 0x00]))).toBeNull();
    expect(issuerAndSerialOf(new Uint8Array([1, 2, 3]))).toBeNull();
    expect(issuerAndSerialOf(new Uint8Array([...der("alice"), 0]))).toBeNull();
  });
});

describe("isSelfIssued", () => {
  it.each([
    ["root", true],
    ["otherroot", true],
    ["selfsigned", true],
    ["inter", false],
    ["alice", false],
  ] as const)("%s: %s", (name, expected) => {
    expect(isSelfIssued(der(name))).toBe(expected);
  });
});

describe("readSignerCertificate and signingUseProblem", () => {
  it.each([
    ["alice", "rsa", null],
    ["bob", "ec-p256", null],
    ["carol", "ec-p384", null],
    ["dave", "ec-p521", null],
    ["dsa", null, null],
    ["wrongeku", "rsa", /extended key usage/],
    ["nodsig", "rsa", /key usage allows neither/],
  ] as const)("%s", (name, kind, problem) => {
    const read = readSignerCertificate(der(name));
    if (!read.ok) throw new Error(read.detail);
    expect(read.value.keyKind).toBe(kind);
    const p = signingUseProblem(read.value.parsed);
    if (problem === null) expect(p).toBeNull();
    else expect(p).toMatch(problem);
  });
});
