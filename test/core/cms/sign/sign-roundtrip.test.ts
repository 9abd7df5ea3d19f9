/**
 * Every scheme and digest, detached and opaque, signed by us and verified by our own verifier; the CMS structure
 * checked field by field (algorithm identifiers, sid, certificates, DER order of the signed attributes).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { afterAll, describe, expect, it } from "vitest";
import { createSignedData, signMessage, SMIME_ENCRYPTION_KEY_PREFERENCE_OID, type SignOptions } from "../../../../src/core/cms/sign/index.js";
import { issuerAndSerialOf } from "../../../../src/core/cms/sign/signer-certificate.js";
import { OID } from "../../../../src/core/cms/oids.js";
import { SMIME_CAPABILITIES_OID } from "../../../../src/core/cms/smime-capabilities.js";
import type { Identity } from "../../../../src/core/keys/identity.js";
import { decodeBody, getHeader, parseMessage } from "../../../../src/core/mime/index.js";
import { verifyMessage } from "../../../../src/core/verify-message.js";
import { ensureFixtures, type PkiName } from "../../../fixtures/generate.js";
import { compareBytes, derOfFile, identityOf, makeEd25519Identity, plainMessage, rawCmsOf, readSignedData } from "./helpers.js";

const fx = await ensureFixtures();
const scratch = mkdtempSync(path.join(tmpdir(), "inkan-sign-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const rootDer = derOfFile(fx.pki.root.certPem);
const ed25519 = makeEd25519Identity(fx, scratch, "ed25519@example.jp");

interface RoundTrip {
  readonly name: string;
  readonly identity: () => Identity;
  readonly email: string;
  readonly options: Pick<SignOptions, "digest" | "scheme">;
  readonly digestOid: string;
  readonly signatureOid: string;
  readonly micalg: string;
}

const pki = (name: PkiName, kind: Identity["keyKind"]) => () => identityOf(fx, name, kind);

const ROUND_TRIPS: readonly RoundTrip[] = [
  { name: "RSA PKCS#1 v1.5 SHA-256", identity: pki("alice", "rsa"), email: "alice@example.jp", options: {}, digestOid: OID.sha256, signatureOid: OID.sha256WithRSA, micalg: "sha-256" },
  { name: "RSA PKCS#1 v1.5 SHA-384", identity: pki("alice", "rsa"), email: "alice@example.jp", options: { digest: "SHA-384" }, digestOid: OID.sha384, signatureOid: OID.sha384WithRSA, micalg: "sha-384" },
  { name: "RSA PKCS#1 v1.5 SHA-512", identity: pki("alice", "rsa"), email: "alice@example.jp", options: { digest: "SHA-512" }, digestOid: OID.sha512, signatureOid: OID.sha512WithRSA, micalg: "sha-512" },
  { name: "RSASSA-PSS SHA-256", identity: pki("alice", "rsa"), email: "alice@example.jp", options: { scheme: "rsa-pss" }, digestOid: OID.sha256, signatureOid: OID.rsassaPss, micalg: "sha-256" },
  { name: "RSASSA-PSS SHA-512", identity: pki("alice", "rsa"), email: "alice@example.jp", options: { scheme: "rsa-pss", digest: "SHA-512" }, digestOid: OID.sha512, signatureOid: OID.rsassaPss, micalg: "sha-512" },
  { name: "ECDSA P-256 SHA-256", identity: pki("bob", "ec-p256"), email: "bob@example.jp", options: {}, digestOid: OID.sha256, signatureOid: OID.ecdsaWithSHA256, micalg: "sha-256" },
  { name: "ECDSA P-384 SHA-384", identity: pki("carol", "ec-p384"), email: "carol@example.jp", options: { digest: "SHA-384" }, digestOid: OID.sha384, signatureOid: OID.ecdsaWithSHA384, micalg: "sha-384" },
  { name: "ECDSA P-521 SHA-512", identity: pki("dave", "ec-p521"), email: "dave@example.jp", options: { digest: "SHA-512" }, digestOid: OID.sha512, signatureOid: OID.ecdsaWithSHA512, micalg: "sha-512" },
  { name: "ECDSA P-521 SHA-256", identity: pki("dave", "ec-p521"), email: "dave@example.jp", options: {}, digestOid: OID.sha256, signatureOid: OID.ecdsaWithSHA256, micalg: "sha-256" },
  { name: "Ed25519", identity: () => ed25519, email: "ed25519@example.jp", options: {}, digestOid: OID.sha512, signatureOid: OID.ed25519, micalg: "sha-512" },
];

const CASES = ROUND_TRIPS.flatMap((c) => [
  [`${c.name}, detached`, c, false] as const,
  [`${c.name}, opaque`, c, true] as const,
]);

function certificateDers(sd: pkijs.SignedData): string[] {
  return (sd.certificates ?? []).map((c) => Buffer.from((c as pkijs.Certificate).toSchema().toBER(false)).toString("hex")).sort();
}

describe("signMessage round trips through our verifier", () => {
  it.each(CASES)("%s", async (_name, c, opaque) => {
    const now = new Date();
    const identity = c.identity();
    const signed = await signMessage(plainMessage(c.email, now), { identity, crypto: globalThis.crypto, now, opaque, ...c.options });
    if (!signed.ok) throw new Error(`${signed.error}: ${signed.detail}`);

    const verdict = await verifyMessage(signed.message, { trustAnchors: [rootDer], useDefaultRoots: false, now });
    expect(verdict.status, JSON.stringify(verdict.reasons)).toBe("verified");

    const root = parseMessage(signed.message);
    let cmsDer: Uint8Array;
    let content: Uint8Array;
    if (opaque) {
      expect(root.contentType).toMatchObject({ type: "application", subtype: "pkcs7-mime", params: { "smime-type": "signed-data", name: "smime.p7m" } });
      cmsDer = decodeBody(root);
      content = new Uint8Array(0);
    } else {
      expect(root.contentType).toMatchObject({ type: "multipart", subtype: "signed", params: { micalg: c.micalg, protocol: "application/pkcs7-signature" } });
      const [entity, signature] = root.children;
      expect(signature!.contentType).toMatchObject({ type: "application", subtype: "pkcs7-signature", params: { name: "smime.p7s" } });
      expect(getHeader(signature!, "content-disposition")?.rawValue).toBe("attachment; filename=smime.p7s");
      cmsDer = decodeBody(signature!);
      content = root.source.subarray(entity!.range.start, entity!.range.end);
    }
    const view = readSignedData(cmsDer);
    const { signedData: sd, signer } = view;
    if (opaque) content = new Uint8Array(sd.encapContentInfo.eContent!.getValue());
    else expect(sd.encapContentInfo.eContent).toBeUndefined();

    expect(sd.version).toBe(1);
    expect(sd.digestAlgorithms.map((a) => a.algorithmId)).toEqual([c.digestOid]);
    expect(sd.encapContentInfo.eContentType).toBe(OID.data);
    // The signer's certificate and the intermediate; never the self-signed root that was in the chain.
    expect(certificateDers(sd)).toEqual(
      [identity.certificate, identity.chain[0]!].map((d) => Buffer.from(d).toString("hex")).sort(),
    );

    expect(signer.version).toBe(1);
    expect(signer.sid).toBeInstanceOf(pkijs.IssuerAndSerialNumber);
    const cert = new pkijs.Certificate({ schema: asn1js.fromBER(identity.certificate).result });
    const sid = signer.sid as pkijs.IssuerAndSerialNumber;
    expect(sid.issuer.isEqual(cert.issuer)).toBe(true);
    expect(sid.serialNumber.isEqual(cert.serialNumber)).toBe(true);
    expect(signer.digestAlgorithm.algorithmId).toBe(c.digestOid);
    expect(signer.signatureAlgorithm.algorithmId).toBe(c.signatureOid);

    expect([...view.attributeTypes].sort()).toEqual([OID.contentType, OID.messageDigest, OID.signingTime, SMIME_CAPABILITIES_OID].sort());
    for (let i = 1; i < view.attributeEncodings.length; i++) {
      expect(compareBytes(view.attributeEncodings[i - 1]!, view.attributeEncodings[i]!)).toBeLessThan(0);
    }
    const md = signer.signedAttrs!.attributes.filter((a) => a.type === OID.messageDigest);
    expect(md).toHaveLength(1);
    expect(md[0]!.values).toHaveLength(1);
    const hashName = c.digestOid === OID.sha256 ? "SHA-256" : c.digestOid === OID.sha384 ? "SHA-384" : "SHA-512";
    const expected = new Uint8Array(await globalThis.crypto.subtle.digest(hashName, new Uint8Array(content)));
    expect(Buffer.from((md[0]!.values[0] as asn1js.OctetString).getValue()).equals(Buffer.from(expected))).toBe(true);
    const time = signer.signedAttrs!.attributes.find((a) => a.type === OID.signingTime)!.values[0] as asn1js.UTCTime;
    expect(time).toBeInstanceOf(asn1js.UTCTime);
    expect(time.toDate().getTime()).toBe(Math.floor(now.getTime() / 1000) * 1000);
  });
});

describe("signer information", () => {
  const alice = identityOf(fx, "alice", "rsa");
  const bobCert = derOfFile(fx.pki.bob.certPem);

  it.each([
    ["another certificate", bobCert, true],
    ["the signing certificate itself", alice.certificate, false],
    ["nothing", undefined, false],
  ] as const)("names the encryption certificate when given %s only if it differs", async (_name, enc, present) => {
    const now = new Date();
    const signed = await signMessage(plainMessage("alice@example.jp", now), {
      identity: alice,
      crypto: globalThis.crypto,
      now,
      ...(enc === undefined ? {} : { encryptionCertificate: enc }),
    });
    if (!signed.ok) throw new Error(signed.detail);
    expect((await verifyMessage(signed.message, { trustAnchors: [rootDer], useDefaultRoots: false, now })).status).toBe("verified");
    const { signer } = readSignedData(rawCmsOf(signed.message));
    const attrs = signer.signedAttrs!.attributes.filter((a) => a.type === SMIME_ENCRYPTION_KEY_PREFERENCE_OID);
    expect(attrs).toHaveLength(present ? 1 : 0);
    if (present) {
      const value = new Uint8Array((attrs[0]!.values[0] as asn1js.BaseBlock).toBER(false));
      const expected = issuerAndSerialOf(bobCert)!;
      expect(value[0]).toBe(0xa0);
      expect(Buffer.from(value.subarray(1)).equals(Buffer.from(expected.subarray(1)))).toBe(true);
      const parsed = asn1js.fromBER(expected).result as asn1js.Sequence;
      const bob = new pkijs.Certificate({ schema: asn1js.fromBER(bobCert).result });
      expect((parsed.valueBlock.value[1] as asn1js.Integer).isEqual(bob.serialNumber)).toBe(true);
    }
  });

  it("sends the chain without the self-signed root and without duplicates", async () => {
    const interDer = derOfFile(fx.pki.inter.certPem);
    const identity = { ...alice, chain: [alice.certificate, interDer, rootDer, interDer] };
    const signed = await createSignedData(new Uint8Array([1, 2, 3]), { identity, crypto: globalThis.crypto, now: new Date(), detached: true });
    if (!signed.ok) throw new Error(signed.detail);
    expect(certificateDers(readSignedData(signed.der).signedData)).toEqual([alice.certificate, interDer].map((d) => Buffer.from(d).toString("hex")).sort());
  });

  it("writes signingTime as GeneralizedTime from 2050 on", async () => {
    const now = new Date("2051-03-04T05:06:07Z");
    const signed = await createSignedData(new Uint8Array([1, 2, 3]), { identity: alice, crypto: globalThis.crypto, now, detached: false });
    if (!signed.ok) throw new Error(signed.detail);
    const time = readSignedData(signed.der).signer.signedAttrs!.attributes.find((a) => a.type === OID.signingTime)!.values[0];
    expect(time).toBeInstanceOf(asn1js.GeneralizedTime);
    expect((time as asn1js.GeneralizedTime).toDate().toISOString()).toBe("2051-03-04T05:06:07.000Z");
  });
});
