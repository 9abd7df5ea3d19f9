/**
 * Structural cases OpenSSL does not produce, built here field by field around a KEK recipient (so that the key
 * handling is simple and real): damaged or unknown recipients, detached or oddly split content, mismatched
 * cipher and envelope, bad GCM parameters, authenticated attributes.
 */
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { describe, expect, it } from "vitest";
import { decryptContentInfo, type DecryptOutcome, type DecryptSecrets } from "../../../../src/core/cms/decrypt/index.js";
import { bufferSource as b } from "../../../../src/core/cms/der.js";
import { parseEnvelope } from "../../../../src/core/cms/decrypt/parse-envelope.js";
import { ensureFixtures } from "../../../fixtures/generate.js";
import { pkiIdentity } from "./helpers.js";

const subtle = globalThis.crypto.subtle;
const KEK = new Uint8Array(16).fill(0x42);
const KEK_ID = new Uint8Array([1, 2, 3]);
const SECRETS: DecryptSecrets = { keks: [{ keyId: KEK_ID, key: KEK }] };
const PLAINTEXT = new TextEncoder().encode("Structure test content, a few blocks long.\r\n");

const OIDS = {
  enveloped: "1.2.840.113549.1.7.3",
  authEnveloped: "1.2.840.113549.1.9.16.1.23",
  data: "1.2.840.113549.1.7.1",
  aes128Wrap: "2.16.840.1.101.3.4.1.5",
  aes128Cbc: "2.16.840.1.101.3.4.1.2",
  aes128Gcm: "2.16.840.1.101.3.4.1.6",
  desCbc: "1.3.14.3.2.7",
};

const ctx = (tagNumber: number, value: asn1js.BaseBlock[]): asn1js.Constructed => new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value });
const octets = (bytes: Uint8Array): asn1js.OctetString => new asn1js.OctetString({ valueHex: bytes.slice().buffer });
const oid = (value: string): asn1js.ObjectIdentifier => new asn1js.ObjectIdentifier({ value });
const int = (value: number): asn1js.Integer => new asn1js.Integer({ value });
const alg = (o: string, params?: asn1js.BaseBlock): asn1js.Sequence => new asn1js.Sequence({ value: params ? [oid(o), params] : [oid(o)] });

async function wrap(kek: Uint8Array, cek: Uint8Array): Promise<Uint8Array> {
  const wrapping = await subtle.importKey("raw", b(kek), "AES-KW", false, ["wrapKey"]);
  const key = await subtle.importKey("raw", b(cek), { name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
  return new Uint8Array(await subtle.wrapKey("raw", key, wrapping, "AES-KW"));
}

async function kekRecipient(cek: Uint8Array, keyId = KEK_ID): Promise<asn1js.Constructed> {
  return ctx(2, [int(4), new asn1js.Sequence({ value: [octets(keyId)] }), alg(OIDS.aes128Wrap), octets(await wrap(KEK, cek))]);
}

interface Build {
  readonly kind?: "enveloped" | "auth-enveloped";
  readonly recipients: asn1js.BaseBlock[];
  readonly contentAlgorithm: asn1js.BaseBlock;
  /** One primitive content, pieces for a constructed one, or null for detached. */
  readonly content: Uint8Array | Uint8Array[] | null;
  readonly authAttrs?: asn1js.BaseBlock[];
  readonly mac?: Uint8Array;
  readonly trailing?: Uint8Array;
}

function build(b: Build): Uint8Array {
  const kind = b.kind ?? "enveloped";
  const eciFields: asn1js.BaseBlock[] = [oid(OIDS.data), b.contentAlgorithm];
  if (b.content instanceof Uint8Array) eciFields.push(new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: b.content.slice().buffer }));
  else if (b.content !== null) eciFields.push(ctx(0, b.content.map(octets)));
  const body: asn1js.BaseBlock[] = [int(kind === "enveloped" ? 2 : 0), new asn1js.Set({ value: b.recipients }), new asn1js.Sequence({ value: eciFields })];
  if (b.authAttrs) body.push(ctx(1, b.authAttrs));
  if (b.mac) body.push(octets(b.mac));
  const ci = new asn1js.Sequence({ value: [oid(kind === "enveloped" ? OIDS.enveloped : OIDS.authEnveloped), ctx(0, [new asn1js.Sequence({ value: body })])] });
  const der = new Uint8Array(ci.toBER(false));
  if (!b.trailing) return der;
  const out = new Uint8Array(der.byteLength + b.trailing.byteLength);
  out.set(der);
  out.set(b.trailing, der.byteLength);
  return out;
}

async function cbc(cek: Uint8Array, iv: Uint8Array, plaintext = PLAINTEXT): Promise<Uint8Array> {
  const key = await subtle.importKey("raw", b(cek), "AES-CBC", false, ["encrypt"]);
  return new Uint8Array(await subtle.encrypt({ name: "AES-CBC", iv: b(iv) }, key, b(plaintext)));
}

async function gcm(cek: Uint8Array, nonce: Uint8Array, tagBytes: number, aad?: Uint8Array): Promise<{ ciphertext: Uint8Array; tag: Uint8Array }> {
  const key = await subtle.importKey("raw", b(cek), "AES-GCM", false, ["encrypt"]);
  const params: AesGcmParams = { name: "AES-GCM", iv: b(nonce), tagLength: tagBytes * 8 };
  if (aad) params.additionalData = b(aad);
  const sealed = new Uint8Array(await subtle.encrypt(params, key, PLAINTEXT));
  return { ciphertext: sealed.subarray(0, sealed.byteLength - tagBytes), tag: sealed.subarray(sealed.byteLength - tagBytes) };
}

const CEK = new Uint8Array(16).fill(0x17);
const IV = new Uint8Array(16).fill(0x09);
const NONCE = new Uint8Array(12).fill(0x0c);
const cbcAlgorithm = (): asn1js.Sequence => alg(OIDS.aes128Cbc, octets(IV));
const gcmAlgorithm = (icvLen?: number): asn1js.Sequence =>
  alg(OIDS.aes128Gcm, new asn1js.Sequence({ value: icvLen === undefined ? [octets(NONCE)] : [octets(NONCE), int(icvLen)] }));

function expectOk(outcome: DecryptOutcome): asserts outcome is Extract<DecryptOutcome, { ok: true }> {
  expect(outcome.ok, outcome.ok ? "" : `${outcome.error}: ${outcome.detail}`).toBe(true);
  if (outcome.ok) expect(outcome.content).toEqual(PLAINTEXT);
}

function expectError(outcome: DecryptOutcome, error: string, detail?: RegExp): void {
  expect(outcome.ok).toBe(false);
  if (outcome.ok) return;
  expect(outcome.error, outcome.detail).toBe(error);
  if (detail) expect(outcome.detail).toMatch(detail);
}

describe("EnvelopedData and AuthEnvelopedData structure", () => {
  it("the builder's plain case opens (KEK recipient, AES-128-CBC)", async () => {
    const der = build({ recipients: [await kekRecipient(CEK)], contentAlgorithm: cbcAlgorithm(), content: await cbc(CEK, IV) });
    expectOk(await decryptContentInfo(der, [], subtle, SECRETS));
  });

  it("content split into many odd-sized BER pieces is joined", async () => {
    const ciphertext = await cbc(CEK, IV);
    const pieces: Uint8Array[] = [];
    for (let i = 0; i < ciphertext.byteLength; i += 7) pieces.push(ciphertext.subarray(i, i + 7));
    const der = build({ recipients: [await kekRecipient(CEK)], contentAlgorithm: cbcAlgorithm(), content: pieces });
    expectOk(await decryptContentInfo(der, [], subtle, SECRETS));
  });

  it("a damaged recipient beside a good one is skipped with a note", async () => {
    const damaged = ctx(2, [int(4), octets(new Uint8Array([1]))]);
    const der = build({ recipients: [damaged, await kekRecipient(CEK)], contentAlgorithm: cbcAlgorithm(), content: await cbc(CEK, IV) });
    const outcome = await decryptContentInfo(der, [], subtle, SECRETS);
    expectOk(outcome);
    expect(outcome.notes.join("\n")).toMatch(/RecipientInfo #1 skipped: unreadable/);
  });

  it("no readable recipient at all: malformed", async () => {
    const der = build({ recipients: [ctx(2, [int(4)])], contentAlgorithm: cbcAlgorithm(), content: await cbc(CEK, IV) });
    expectError(await decryptContentInfo(der, [], subtle, SECRETS), "malformed", /RecipientInfo #1/);
  });

  it("only an OtherRecipientInfo: no-key, saying why", async () => {
    const der = build({ recipients: [ctx(4, [oid("1.2.3.4"), octets(new Uint8Array(4))])], contentAlgorithm: cbcAlgorithm(), content: await cbc(CEK, IV) });
    expectError(await decryptContentInfo(der, [], subtle, SECRETS), "no-key", /OtherRecipientInfo/);
  });

  it("detached encrypted content: unsupported", async () => {
    const der = build({ recipients: [await kekRecipient(CEK)], contentAlgorithm: cbcAlgorithm(), content: null });
    expectError(await decryptContentInfo(der, [], subtle, SECRETS), "unsupported", /detached/);
  });

  it("bytes after the ContentInfo are ignored with a note", async () => {
    const der = build({ recipients: [await kekRecipient(CEK)], contentAlgorithm: cbcAlgorithm(), content: await cbc(CEK, IV), trailing: new Uint8Array([0, 0, 0]) });
    const outcome = await decryptContentInfo(der, [], subtle, SECRETS);
    expectOk(outcome);
    expect(outcome.notes.join("\n")).toMatch(/3 byte\(s\) after the ContentInfo/);
  });

  it("a CBC ciphertext that is not whole blocks: malformed", async () => {
    const der = build({ recipients: [await kekRecipient(CEK)], contentAlgorithm: cbcAlgorithm(), content: (await cbc(CEK, IV)).subarray(1) });
    expectError(await decryptContentInfo(der, [], subtle, SECRETS), "malformed", /whole number/);
  });

  it("a recovered key of the wrong length: failed", async () => {
    const der = build({ recipients: [await kekRecipient(new Uint8Array(32))], contentAlgorithm: cbcAlgorithm(), content: await cbc(CEK, IV) });
    expectError(await decryptContentInfo(der, [], subtle, SECRETS), "failed", /32 bytes/);
  });

  it.each([
    ["an unknown OID", "1.2.3.4.5", /1\.2\.3\.4\.5/],
    ["single DES", OIDS.desCbc, /DES-CBC/],
  ])("content encryption with %s: unsupported, named", async (_name, cipherOid, detail) => {
    const der = build({ recipients: [await kekRecipient(CEK)], contentAlgorithm: alg(cipherOid, octets(new Uint8Array(8))), content: new Uint8Array(16) });
    expectError(await decryptContentInfo(der, [], subtle, SECRETS), "unsupported", detail);
  });

  it("AES-GCM in EnvelopedData (no tag field): unsupported", async () => {
    const der = build({ recipients: [await kekRecipient(CEK)], contentAlgorithm: gcmAlgorithm(16), content: new Uint8Array(32) });
    expectError(await decryptContentInfo(der, [], subtle, SECRETS), "unsupported", /EnvelopedData/);
  });

  describe("AuthEnvelopedData", () => {
    it("GCM without aes-ICVlen uses a 12-byte tag", async () => {
      const { ciphertext, tag } = await gcm(CEK, NONCE, 12);
      const der = build({ kind: "auth-enveloped", recipients: [await kekRecipient(CEK)], contentAlgorithm: gcmAlgorithm(), content: ciphertext, mac: tag });
      const outcome = await decryptContentInfo(der, [], subtle, SECRETS);
      expectOk(outcome);
      expect(outcome.integrity).toBe("aead");
    });

    it("a tag longer than aes-ICVlen says: malformed", async () => {
      const { ciphertext, tag } = await gcm(CEK, NONCE, 16);
      const der = build({ kind: "auth-enveloped", recipients: [await kekRecipient(CEK)], contentAlgorithm: gcmAlgorithm(12), content: ciphertext, mac: tag });
      expectError(await decryptContentInfo(der, [], subtle, SECRETS), "malformed", /tag/);
    });

    it("aes-ICVlen outside 12..16: malformed", async () => {
      const { ciphertext, tag } = await gcm(CEK, NONCE, 8);
      const der = build({ kind: "auth-enveloped", recipients: [await kekRecipient(CEK)], contentAlgorithm: gcmAlgorithm(8), content: ciphertext, mac: tag });
      expectError(await decryptContentInfo(der, [], subtle, SECRETS), "malformed", /ICVlen/);
    });

    it("a non-authenticating cipher: malformed", async () => {
      const der = build({ kind: "auth-enveloped", recipients: [await kekRecipient(CEK)], contentAlgorithm: cbcAlgorithm(), content: await cbc(CEK, IV), mac: new Uint8Array(16) });
      expectError(await decryptContentInfo(der, [], subtle, SECRETS), "malformed", /does not authenticate/);
    });

    describe("authenticated attributes are the GCM additional data, as a DER SET", () => {
      const attribute = (value: string): asn1js.Sequence =>
        new asn1js.Sequence({ value: [oid("1.3.6.1.4.1.99999.1"), new asn1js.Set({ value: [new asn1js.Utf8String({ value })] })] });
      const aadOf = (value: string): Uint8Array => new Uint8Array(new asn1js.Set({ value: [attribute(value)] }).toBER(false));

      it("intact: opens", async () => {
        const { ciphertext, tag } = await gcm(CEK, NONCE, 16, aadOf("hello"));
        const der = build({ kind: "auth-enveloped", recipients: [await kekRecipient(CEK)], contentAlgorithm: gcmAlgorithm(16), content: ciphertext, authAttrs: [attribute("hello")], mac: tag });
        expectOk(await decryptContentInfo(der, [], subtle, SECRETS));
      });

      it("an attribute changed: failed, no content", async () => {
        const { ciphertext, tag } = await gcm(CEK, NONCE, 16, aadOf("hello"));
        const der = build({ kind: "auth-enveloped", recipients: [await kekRecipient(CEK)], contentAlgorithm: gcmAlgorithm(16), content: ciphertext, authAttrs: [attribute("iello")], mac: tag });
        const outcome = await decryptContentInfo(der, [], subtle, SECRETS);
        expectError(outcome, "failed", /authentication failed/);
        expect("content" in outcome).toBe(false);
      });
    });
  });

  it("past MAX_KEY_ATTEMPTS, attempts stop with a note, and the identified key still comes first", async () => {
    const recipients: asn1js.BaseBlock[] = [];
    for (let i = 0; i < 70; i++) recipients.push(await kekRecipient(CEK, new Uint8Array([9, i])));
    recipients.push(await kekRecipient(CEK));
    const der = build({ recipients, contentAlgorithm: cbcAlgorithm(), content: await cbc(CEK, IV) });
    const outcome = await decryptContentInfo(der, [], subtle, SECRETS);
    expectOk(outcome);
    expect(outcome.notes.join("\n")).toMatch(/only the first 64 of 71 possible key attempts/);
    expect(outcome.notes.join("\n")).toMatch(/recipient #71 \(pre-shared key/);
  });
});

describe("key agreement with a ukm (pkijs writes one; OpenSSL never does)", () => {
  it("the ukm goes into ECC-CMS-SharedInfo and the message opens", async () => {
    const fx = await ensureFixtures();
    const carol = pkiIdentity(fx, "carol");
    const engine = new pkijs.CryptoEngine({ name: "webcrypto", crypto: globalThis.crypto });
    const envelope = new pkijs.EnvelopedData();
    envelope.addRecipientByCertificate(pkijs.Certificate.fromBER(b(carol.certificate)), { kdfAlgorithm: "SHA-384" }, 2, engine);
    await envelope.encrypt({ name: "AES-CBC", length: 256 } as AesKeyGenParams, PLAINTEXT.slice().buffer, engine);
    const der = new Uint8Array(new pkijs.ContentInfo({ contentType: pkijs.ContentInfo.ENVELOPED_DATA, content: envelope.toSchema() }).toSchema().toBER(false));

    const parsed = parseEnvelope(der);
    expect(parsed.ok && parsed.value.recipients[0]?.type === "kari" && parsed.value.recipients[0].ukm?.byteLength).toBe(64);
    const outcome = await decryptContentInfo(der, [carol], subtle);
    expectOk(outcome);
    expect(outcome.notes.join("\n")).toMatch(/ECDH P-384 dhSinglePass-stdDH-sha384kdf/);
  });
});
