/**
 * verifyWithSigner: the verdict of `verify`, unchanged, plus what a reader keeps from the binding signer (its
 * certificate, signed SMIMECapabilities and SMIMEEncryptionKeyPreference) for certificate harvesting.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import * as derEncode from "../../src/core/cms/sign/der-encode.js";
import { readSignerInfo, type SignerInfoParts } from "../../src/core/cms/read-signer-info.js";
import { signMessage } from "../../src/core/cms/sign/index.js";
import { announcedBy, MAX_CAPABILITIES } from "../../src/core/signer-material.js";
import { CAPABILITY_OID, OUR_CAPABILITIES } from "../../src/core/cms/smime-capabilities.js";
import { parseCertificate } from "../../src/core/pki/certificate.js";
import { createVerifier } from "../../src/core/verify-message.js";
import { VERIFY_CASES, type VerifyCase } from "../fixtures/cases.js";
import { ensureFixtures, type PkiName } from "../fixtures/generate.js";
import { derOfFile, identityOf, plainMessage } from "./cms/sign/helpers.js";

const fx = await ensureFixtures();
const DAY_MS = 86_400_000;
const der = (name: PkiName): Uint8Array => new Uint8Array(readFileSync(fx.pki[name].certDer));
const at = (c: VerifyCase): Date => new Date(fx.generatedAt.getTime() + (c.options.atOffsetDays === undefined ? 60_000 : c.options.atOffsetDays * DAY_MS));

describe("verifyWithSigner on every fixture", () => {
  it.each(VERIFY_CASES.map((c) => [c.id, c] as const))("%s: same verdict as verify, signer material iff a binding signer", async (_id, c) => {
    const message = new Uint8Array(readFileSync(path.join(fx.dir, c.file)));
    const verifier = createVerifier({ trustAnchors: (c.options.trust ?? []).map(der), extraCertificates: (c.options.extraCerts ?? []).map(der), useDefaultRoots: false });
    const plain = await verifier.verify(message, { now: at(c) });
    const withSigner = await verifier.verifyWithSigner(message, { now: at(c) });
    expect(JSON.stringify(withSigner.verdict)).toBe(JSON.stringify(plain));
    const binding = plain.signers.find((s) => s.role === "binding");
    expect(withSigner.signer !== null).toBe(binding !== undefined);
    if (binding && withSigner.signer) {
      const parsed = parseCertificate(withSigner.signer.certificate);
      expect(parsed.ok && parsed.value.serialHex).toBe(binding.chain[0]?.serialNumber);
      expect(withSigner.signer.emails).toContain(binding.email);
    }
  });
});

describe("what the signer announced", () => {
  const verifier = createVerifier({ trustAnchors: [derOfFile(fx.pki.root.certPem)], useDefaultRoots: false });

  it("reads OpenSSL's default SMIMECapabilities list from an OpenSSL-signed message", async () => {
    const message = new Uint8Array(readFileSync(path.join(fx.dir, "messages/detached-rsa.eml")));
    const { verdict, signer } = await verifier.verifyWithSigner(message, { now: new Date(fx.generatedAt.getTime() + 60_000) });
    expect(verdict.status).toBe("verified");
    expect(signer?.capabilities?.map((c) => c.oid)).toContain(CAPABILITY_OID.aes256Cbc);
    expect(signer?.encryptionKeyPreference).toBeNull();
    expect(signer?.encryptionCertificate).toBeNull();
  });

  it("reads none when the signer sent no signed attributes", async () => {
    const message = new Uint8Array(readFileSync(path.join(fx.dir, "messages/no-signed-attributes.eml")));
    const { signer } = await verifier.verifyWithSigner(message, { now: new Date(fx.generatedAt.getTime() + 60_000) });
    expect(signer?.capabilities ?? null).toBeNull();
    expect(signer?.encryptionKeyPreference ?? null).toBeNull();
  });

  it.each([
    ["would name the signing certificate itself, so is not sent: no separate encryption certificate", "alice", false],
    ["names another certificate carried in the message: that one is the encryption certificate", "bob", true],
  ] as const)("an encryption-key preference that %s", async (_name, preferred, separate) => {
    const now = new Date(Math.floor(fx.generatedAt.getTime() / 1000) * 1000);
    const identity = { ...identityOf(fx, "alice", "rsa"), chain: [derOfFile(fx.pki.inter.certPem), derOfFile(fx.pki[preferred].certPem)] };
    const signed = await signMessage(plainMessage("alice@example.jp", now), { identity, crypto: globalThis.crypto, now, encryptionCertificate: derOfFile(fx.pki[preferred].certPem) });
    if (!signed.ok) throw new Error(signed.detail);
    const { verdict, signer } = await verifier.verifyWithSigner(signed.message, { now });
    expect(verdict.status).toBe("verified");
    expect(signer?.capabilities?.map((c) => c.oid)).toEqual(OUR_CAPABILITIES.map((c) => c.oid));
    const target = parseCertificate(derOfFile(fx.pki.bob.certPem));
    if (!target.ok) throw new Error(target.error);
    if (separate) {
      expect(signer?.encryptionKeyPreference).toEqual({ kind: "issuer-and-serial", issuer: target.value.issuer, serialHex: target.value.serialHex });
      expect(signer?.encryptionCertificate).toEqual(derOfFile(fx.pki.bob.certPem));
    } else {
      expect(signer?.encryptionKeyPreference).toBeNull();
      expect(signer?.encryptionCertificate).toBeNull();
    }
  });
});

describe("reading SMIMEEncryptionKeyPreference and SMIMECapabilities from a SignerInfo", () => {
  const { tlv, encodeOid, encodeSmallInteger, encodeSetOf, TAG } = derEncode;
  const KEY_PREF = "1.2.840.113549.1.9.16.2.11";
  const CAPS = "1.2.840.113549.1.9.15";
  const attribute = (oid: string, ...values: Uint8Array[]): Uint8Array => tlv(TAG.sequence, encodeOid(oid), encodeSetOf(values));
  const issuerName = tlv(TAG.sequence, tlv(TAG.set, tlv(TAG.sequence, encodeOid("2.5.4.3"), tlv(0x0c, new TextEncoder().encode("Test CA")))));
  const keyId = new Uint8Array([0xde, 0xad, 0xbe, 0xef]);

  function signerInfoWith(attributes: Uint8Array[]): SignerInfoParts {
    const sid = tlv(TAG.sequence, issuerName, encodeSmallInteger(5));
    const digest = tlv(TAG.sequence, encodeOid("2.16.840.1.101.3.4.2.1"));
    const signedAttrs = encodeSetOf(attributes, 0xa0);
    const algorithm = tlv(TAG.sequence, encodeOid("1.2.840.113549.1.1.11"));
    const der = tlv(TAG.sequence, encodeSmallInteger(1), sid, digest, signedAttrs, algorithm, tlv(TAG.octetString, new Uint8Array(4)));
    const read = readSignerInfo(der);
    if (!read.ok) throw new Error(read.error);
    return read.value;
  }

  const rows: [string, Uint8Array[], ReturnType<typeof announcedBy>][] = [
    ["none", [], { capabilities: null, encryptionKeyPreference: null }],
    [
      "issuerAndSerialNumber [0]",
      [attribute(KEY_PREF, tlv(0xa0, issuerName, encodeSmallInteger(5)))],
      { capabilities: null, encryptionKeyPreference: { kind: "issuer-and-serial", issuer: "CN=Test CA", serialHex: "05" } },
    ],
    ["receipentKeyId [1]", [attribute(KEY_PREF, tlv(0xa1, tlv(TAG.octetString, keyId)))], { capabilities: null, encryptionKeyPreference: { kind: "subject-key-id", keyIdHex: "deadbeef" } }],
    ["subjectAltKeyIdentifier [2]", [attribute(KEY_PREF, tlv(0x82, keyId))], { capabilities: null, encryptionKeyPreference: { kind: "subject-key-id", keyIdHex: "deadbeef" } }],
    ["an unknown choice, kept as DER", [attribute(KEY_PREF, tlv(0x85, keyId))], { capabilities: null, encryptionKeyPreference: { kind: "other", der: tlv(0x85, keyId) } }],
    ["a repeated preference: ignored", [attribute(KEY_PREF, tlv(0x82, keyId)), attribute(KEY_PREF, tlv(0x82, keyId))], { capabilities: null, encryptionKeyPreference: null }],
    [
      "capabilities in order",
      [attribute(CAPS, tlv(TAG.sequence, tlv(TAG.sequence, encodeOid(CAPABILITY_OID.aes256Gcm)), tlv(TAG.sequence, encodeOid(CAPABILITY_OID.aes128Cbc))))],
      { capabilities: [{ oid: CAPABILITY_OID.aes256Gcm }, { oid: CAPABILITY_OID.aes128Cbc }], encryptionKeyPreference: null },
    ],
    [
      `more than ${MAX_CAPABILITIES} capabilities: the first ${MAX_CAPABILITIES} are kept`,
      [attribute(CAPS, tlv(TAG.sequence, ...Array.from({ length: MAX_CAPABILITIES + 5 }, () => tlv(TAG.sequence, encodeOid(CAPABILITY_OID.aes128Cbc)))))],
      { capabilities: Array.from({ length: MAX_CAPABILITIES }, () => ({ oid: CAPABILITY_OID.aes128Cbc })), encryptionKeyPreference: null },
    ],
  ];
  it.each(rows)("%s", (_name, attributes, expected) => {
    expect(announcedBy(signerInfoWith(attributes))).toEqual(expected);
  });
});
