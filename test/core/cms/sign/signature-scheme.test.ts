import * as asn1js from "asn1js";
import { describe, expect, it } from "vitest";
import { OID } from "../../../../src/core/cms/oids.js";
import { ecdsaRawToDer, micalgOf, planSignature, type SignatureScheme, type SigningDigest } from "../../../../src/core/cms/sign/signature-scheme.js";
import type { PrivateKeyKind } from "../../../../src/core/keys/identity.js";

function algorithm(der: Uint8Array): { oid: string; params: asn1js.AsnType | undefined } {
  const seq = asn1js.fromBER(der).result as asn1js.Sequence;
  const [oid, params] = seq.valueBlock.value;
  return { oid: (oid as asn1js.ObjectIdentifier).valueBlock.toString(), params };
}

describe("planSignature", () => {
  it.each([
    ["rsa", undefined, undefined, "rsa-pkcs1", "SHA-256", OID.sha256WithRSA, OID.sha256],
    ["rsa", "rsa-pkcs1", "SHA-384", "rsa-pkcs1", "SHA-384", OID.sha384WithRSA, OID.sha384],
    ["rsa", "rsa-pss", "SHA-512", "rsa-pss", "SHA-512", OID.rsassaPss, OID.sha512],
    ["ec-p256", undefined, undefined, "ecdsa", "SHA-256", OID.ecdsaWithSHA256, OID.sha256],
    ["ec-p384", undefined, "SHA-384", "ecdsa", "SHA-384", OID.ecdsaWithSHA384, OID.sha384],
    ["ec-p521", "ecdsa", "SHA-512", "ecdsa", "SHA-512", OID.ecdsaWithSHA512, OID.sha512],
    ["ed25519", undefined, undefined, "ed25519", "SHA-512", OID.ed25519, OID.sha512],
    ["ed25519", "ed25519", "SHA-512", "ed25519", "SHA-512", OID.ed25519, OID.sha512],
  ] as const)("%s %s %s -> %s with %s", (kind, scheme, digest, wantScheme, wantDigest, sigOid, digestOid) => {
    const r = planSignature(kind, scheme, digest);
    if (!r.ok) throw new Error(r.detail);
    expect(r.plan.scheme).toBe(wantScheme);
    expect(r.plan.digest).toBe(wantDigest);
    const sig = algorithm(r.plan.signatureAlgorithm);
    expect(sig.oid).toBe(sigOid);
    // RSA PKCS#1 carries NULL; ECDSA and Ed25519 carry nothing; PSS its parameters.
    if (wantScheme === "rsa-pkcs1") expect(sig.params).toBeInstanceOf(asn1js.Null);
    if (wantScheme === "ecdsa" || wantScheme === "ed25519") expect(sig.params).toBeUndefined();
    const dig = algorithm(r.plan.digestAlgorithm);
    expect(dig.oid).toBe(digestOid);
    expect(dig.params).toBeUndefined();
  });

  it.each(["SHA-256", "SHA-384", "SHA-512"] as const)("writes RSASSA-PSS-params for %s explicitly", (digest) => {
    const r = planSignature("rsa", "rsa-pss", digest);
    if (!r.ok) throw new Error(r.detail);
    const params = algorithm(r.plan.signatureAlgorithm).params as asn1js.Sequence;
    const [hash, mgf, salt, ...rest] = params.valueBlock.value as asn1js.Constructed[];
    expect(rest).toEqual([]);
    const digestOid = { "SHA-256": OID.sha256, "SHA-384": OID.sha384, "SHA-512": OID.sha512 }[digest];
    expect(hash!.idBlock.tagNumber).toBe(0);
    expect(algorithm(new Uint8Array(hash!.valueBlock.value[0]!.toBER(false)))).toMatchObject({ oid: digestOid });
    expect(mgf!.idBlock.tagNumber).toBe(1);
    const mgfAlg = algorithm(new Uint8Array(mgf!.valueBlock.value[0]!.toBER(false)));
    expect(mgfAlg.oid).toBe(OID.mgf1);
    expect(algorithm(new Uint8Array((mgfAlg.params as asn1js.Sequence).toBER(false))).oid).toBe(digestOid);
    expect(salt!.idBlock.tagNumber).toBe(2);
    expect((salt!.valueBlock.value[0] as asn1js.Integer).valueBlock.valueDec).toBe({ "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 }[digest]);
  });

  it.each([
    ["ed25519", undefined, "SHA-256"],
    ["ed25519", "ecdsa", undefined],
    ["rsa", "ecdsa", undefined],
    ["rsa", "ed25519", undefined],
    ["ec-p256", "rsa-pss", undefined],
    ["ec-p384", "rsa-pkcs1", undefined],
    ["x25519", undefined, undefined],
  ] as const)("refuses %s with %s and %s", (kind: PrivateKeyKind, scheme: SignatureScheme | undefined, digest: SigningDigest | undefined) => {
    expect(planSignature(kind, scheme, digest).ok).toBe(false);
  });

  it("names micalg as RFC 8551 §3.4.3.2 does", () => {
    expect([micalgOf("SHA-256"), micalgOf("SHA-384"), micalgOf("SHA-512")]).toEqual(["sha-256", "sha-384", "sha-512"]);
  });
});

describe("ecdsaRawToDer", () => {
  it.each([
    ["small values, leading zeros dropped", "0000000000000001" + "000000000000007f", "300602010102017f"],
    ["high bit set gets a zero octet", "8000000000000000" + "00ff000000000000", "30150209008000000000000000020800ff000000000000"],
    ["zero", "0000000000000000" + "0000000000000001", "3006020100020101"],
  ])("%s", (_name, rawHex, derHex) => {
    expect(Buffer.from(ecdsaRawToDer(new Uint8Array(Buffer.from(rawHex, "hex")))).toString("hex")).toBe(derHex);
  });
});
