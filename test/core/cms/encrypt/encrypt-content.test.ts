/**
 * encryptContent against OpenSSL 3.0, the interop peer: every cipher x recipient kind x size decrypts back to the
 * exact content, and the structure says what was promised (transport, KDF, wrap, GCM parameters, versions).
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptContent, encryptedEntity, type ContentCipher, type EncryptRecipient } from "../../../../src/core/cms/encrypt/index.js";
import { CAPABILITY_OID, OUR_CAPABILITIES, type SmimeCapability } from "../../../../src/core/cms/smime-capabilities.js";
import { ensureFixtures } from "../../../fixtures/generate.js";
import { Scratch, cmsFacts, decryptWithOpenssl, joinPieces, makeCert, mustOpenssl, sampleContent, type MadeCert } from "./helpers.js";

const fx = await ensureFixtures();
const scratch = new Scratch();
afterAll(() => scratch.remove());

const OIDS = {
  envelopedData: "1.2.840.113549.1.7.3",
  authEnvelopedData: "1.2.840.113549.1.9.16.1.23",
  rsaesOaep: "1.2.840.113549.1.1.7",
  rsaEncryption: "1.2.840.113549.1.1.1",
  sha256kdf: "1.3.132.1.11.1",
  sha384kdf: "1.3.132.1.11.2",
  sha512kdf: "1.3.132.1.11.3",
  aes128wrap: "300b0609608648016503040105",
  aes256wrap: "300b060960864801650304012d",
};
/** RSAES-OAEP-params with SHA-256 and MGF1-SHA-256 written out (RFC 4055 §4.1). */
const OAEP_SHA256_HEX = "302fa00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500";

const CONTENT_OID: Readonly<Record<ContentCipher, string>> = {
  "aes-256-gcm": "2.16.840.1.101.3.4.1.46",
  "aes-128-gcm": "2.16.840.1.101.3.4.1.6",
  "aes-256-cbc": "2.16.840.1.101.3.4.1.42",
  "aes-128-cbc": "2.16.840.1.101.3.4.1.2",
};
const CIPHERS = Object.keys(CONTENT_OID) as ContentCipher[];

type Kind = "rsa-oaep" | "rsa-pkcs1" | "ec-p256" | "ec-p384" | "ec-p521";
interface KindSpec {
  readonly cert: () => MadeCert;
  readonly capabilities?: readonly SmimeCapability[];
  readonly kind: "ktri" | "kari";
  readonly algorithm: string;
}

const certs: Record<string, MadeCert> = {};
const now = () => new Date(Date.now() + 2000);

beforeAll(() => {
  const ecExtensions = (email: string) => ["keyUsage = critical, keyAgreement", "extendedKeyUsage = emailProtection", `subjectAltName = email:${email}`];
  certs["alice"] = { certPem: fx.pki.alice.certPem, key: fx.pki.alice.key, der: new Uint8Array(readFileSync(fx.pki.alice.certDer)) };
  certs["p256"] = makeCert(scratch, "bob-enc", { key: fx.pki.bob.key, extensions: ecExtensions("bob@example.jp") });
  certs["p384"] = makeCert(scratch, "carol-enc", { key: fx.pki.carol.key, extensions: ecExtensions("carol@example.jp") });
  certs["p521"] = makeCert(scratch, "dave-enc", { key: fx.pki.dave.key, extensions: ecExtensions("dave@example.jp") });
});

/** What a client announcing only AES-CBC and no key transport looks like (RSA then gets PKCS #1 v1.5). */
const CBC_ONLY: readonly SmimeCapability[] = [{ oid: CAPABILITY_OID.aes256Cbc }, { oid: CAPABILITY_OID.aes128Cbc }];

const KINDS: Readonly<Record<Kind, KindSpec>> = {
  "rsa-oaep": { cert: () => certs["alice"]!, kind: "ktri", algorithm: OIDS.rsaesOaep },
  "rsa-pkcs1": { cert: () => certs["alice"]!, capabilities: CBC_ONLY, kind: "ktri", algorithm: OIDS.rsaEncryption },
  "ec-p256": { cert: () => certs["p256"]!, kind: "kari", algorithm: OIDS.sha256kdf },
  "ec-p384": { cert: () => certs["p384"]!, kind: "kari", algorithm: OIDS.sha384kdf },
  "ec-p521": { cert: () => certs["p521"]!, kind: "kari", algorithm: OIDS.sha512kdf },
};

const SIZES = [0, 1, 100 * 1024, 1024 * 1024];

const MATRIX = CIPHERS.flatMap((cipher) =>
  (Object.keys(KINDS) as Kind[]).flatMap((kind) => SIZES.map((size) => ({ cipher, kind, size }))),
);

function expectedEncryptedLength(cipher: ContentCipher, size: number): number {
  return cipher.endsWith("gcm") ? size : (Math.floor(size / 16) + 1) * 16;
}

describe("encryptContent: OpenSSL decrypts every cipher x recipient kind x size", () => {
  it.each(MATRIX)("$cipher to $kind, $size bytes", async ({ cipher, kind, size }) => {
    const spec = KINDS[kind];
    const cert = spec.cert();
    const content = sampleContent(size, size + 7);
    const recipient: EncryptRecipient = { certificate: cert.der, ...(spec.capabilities ? { capabilities: spec.capabilities } : {}) };
    const result = await encryptContent(content, [recipient], { crypto: globalThis.crypto, now: now(), cipher });
    if (!result.ok) throw new Error(`${result.error}: ${result.detail}`);
    const gcm = cipher.endsWith("gcm");
    expect(result).toMatchObject({ cipher, authenticated: gcm });

    const der = joinPieces(result.pieces);
    const facts = cmsFacts(der);
    expect(facts.reencodes).toBe(true);
    expect(facts.contentType).toBe(gcm ? OIDS.authEnvelopedData : OIDS.envelopedData);
    expect(facts.contentAlgorithm).toBe(CONTENT_OID[cipher]);
    expect(facts.encryptedLength).toBe(expectedEncryptedLength(cipher, size));
    expect(facts.macLength).toBe(gcm ? 16 : null);
    // GCMParameters: a 12-octet nonce and aes-ICVlen 16 written out; CBC: a 16-octet IV.
    expect(facts.contentParameters).toMatch(gcm ? /^3011040c[0-9a-f]{24}020110$/ : /^0410[0-9a-f]{32}$/);
    expect(facts.version).toBe(gcm || spec.kind === "ktri" ? 0 : 2);
    expect(facts.recipients).toHaveLength(1);
    const ri = facts.recipients[0]!;
    expect(ri).toMatchObject({ kind: spec.kind, version: spec.kind === "ktri" ? 0 : 3, algorithm: spec.algorithm });
    if (kind === "rsa-oaep") expect(ri.parameters).toBe(OAEP_SHA256_HEX);
    if (kind === "rsa-pkcs1") expect(ri.parameters).toBe("0500");
    if (spec.kind === "kari") expect(ri.parameters).toBe(cipher.startsWith("aes-128") ? OIDS.aes128wrap : OIDS.aes256wrap);

    const plain = decryptWithOpenssl(scratch, der, cert);
    expect(plain.byteLength).toBe(size);
    expect(plain.equals(Buffer.from(content))).toBe(true);
  });
});

describe("encryptContent: several recipients", () => {
  it.each(CIPHERS)("%s to alice (RSA) + bob (EC P-256) + carol (EC P-384): each decrypts", async (cipher) => {
    const content = sampleContent(5000, 3);
    const recipients = [certs["alice"]!, certs["p256"]!, certs["p384"]!];
    const result = await encryptContent(content, recipients.map((c) => ({ certificate: c.der })), {
      crypto: globalThis.crypto,
      now: now(),
      cipher,
    });
    if (!result.ok) throw new Error(result.detail);
    const der = joinPieces(result.pieces);
    const facts = cmsFacts(der);
    expect(facts.recipients.map((r) => r.kind).sort()).toEqual(["kari", "kari", "ktri"]);
    // RFC 5652 §6.1: with a kari present EnvelopedData is version 2; AuthEnvelopedData is always 0.
    expect(facts.version).toBe(cipher.endsWith("gcm") ? 0 : 2);
    for (const cert of recipients) expect(decryptWithOpenssl(scratch, der, cert).equals(Buffer.from(content))).toBe(true);
  });

  it("RSA recipients with different capabilities get different key transports in one message", async () => {
    const nodsig = { certPem: fx.pki.nodsig.certPem, key: fx.pki.nodsig.key, der: new Uint8Array(readFileSync(fx.pki.nodsig.certDer)) };
    const content = sampleContent(300, 9);
    const result = await encryptContent(
      content,
      [{ certificate: certs["alice"]!.der, capabilities: OUR_CAPABILITIES }, { certificate: nodsig.der, capabilities: CBC_ONLY }],
      { crypto: globalThis.crypto, now: now() },
    );
    if (!result.ok) throw new Error(result.detail);
    const der = joinPieces(result.pieces);
    expect(cmsFacts(der).recipients.map((r) => r.algorithm).sort()).toEqual([OIDS.rsaEncryption, OIDS.rsaesOaep]);
    expect(decryptWithOpenssl(scratch, der, certs["alice"]!).equals(Buffer.from(content))).toBe(true);
    expect(decryptWithOpenssl(scratch, der, nodsig).equals(Buffer.from(content))).toBe(true);
  });
});

describe("encryptContent: cipher choice from the recipients' capabilities", () => {
  const GCM_CAPS: readonly SmimeCapability[] = [{ oid: CAPABILITY_OID.aes128Gcm }, { oid: CAPABILITY_OID.aes256Cbc }];
  const CASES: readonly {
    readonly name: string;
    readonly caps: readonly (readonly SmimeCapability[] | undefined)[];
    readonly cipher?: ContentCipher;
    readonly expected: ContentCipher;
  }[] = [
    { name: "nothing known", caps: [undefined], expected: "aes-256-cbc" },
    { name: "our own capabilities", caps: [OUR_CAPABILITIES], expected: "aes-256-gcm" },
    { name: "only AES-128-GCM announced (GCM at all is enough)", caps: [GCM_CAPS], expected: "aes-256-gcm" },
    { name: "empty list", caps: [[]], expected: "aes-256-cbc" },
    { name: "CBC only", caps: [CBC_ONLY], expected: "aes-256-cbc" },
    { name: "one of two recipients without GCM", caps: [OUR_CAPABILITIES, CBC_ONLY], expected: "aes-256-cbc" },
    { name: "one of two recipients unknown", caps: [OUR_CAPABILITIES, undefined], expected: "aes-256-cbc" },
    { name: "both with GCM", caps: [OUR_CAPABILITIES, GCM_CAPS], expected: "aes-256-gcm" },
    { name: "override beats capabilities", caps: [OUR_CAPABILITIES], cipher: "aes-128-cbc", expected: "aes-128-cbc" },
    { name: "override beats unknown", caps: [undefined], cipher: "aes-128-gcm", expected: "aes-128-gcm" },
  ];
  it.each(CASES)("$name -> $expected", async ({ caps, cipher, expected }) => {
    const recipients = caps.map((c) => ({ certificate: certs["alice"]!.der, ...(c ? { capabilities: c } : {}) }));
    const result = await encryptContent(sampleContent(10), recipients, {
      crypto: globalThis.crypto,
      now: now(),
      ...(cipher ? { cipher } : {}),
    });
    if (!result.ok) throw new Error(result.detail);
    expect(result.cipher).toBe(expected);
    expect(cmsFacts(joinPieces(result.pieces)).contentAlgorithm).toBe(CONTENT_OID[expected]);
  });
});

describe("encryptedEntity", () => {
  it.each(CIPHERS)("%s: OpenSSL decrypts the S/MIME entity; headers and base64 lines as RFC 8551/2045 want", async (cipher) => {
    const content = new TextEncoder().encode("Content-Type: text/plain; charset=utf-8\r\n\r\nこんにちは\r\n");
    const result = await encryptContent(content, [{ certificate: certs["alice"]!.der }, { certificate: certs["p256"]!.der }], {
      crypto: globalThis.crypto,
      now: now(),
      cipher,
    });
    if (!result.ok) throw new Error(result.detail);
    const entity = encryptedEntity(result);
    const text = Buffer.from(entity).toString("latin1");
    const [head, body] = text.split("\r\n\r\n") as [string, string];
    const smimeType = cipher.endsWith("gcm") ? "authEnveloped-data" : "enveloped-data";
    expect(head.split("\r\n")).toEqual([
      `Content-Type: application/pkcs7-mime; smime-type=${smimeType}; name=smime.p7m`,
      "Content-Transfer-Encoding: base64",
      "Content-Disposition: attachment; filename=smime.p7m",
    ]);
    const lines = body.split("\r\n");
    expect(lines.pop()).toBe("");
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(76);
    expect(text).not.toMatch(/[^\r]\n/);
    expect(Buffer.from(lines.join(""), "base64").equals(Buffer.from(joinPieces(result.pieces)))).toBe(true);

    const file = scratch.file("entity.eml", entity);
    for (const cert of [certs["alice"]!, certs["p256"]!]) {
      const plain = mustOpenssl(["cms", "-decrypt", "-binary", "-in", file, "-inkey", cert.key, "-recip", cert.certPem]);
      expect(plain.equals(Buffer.from(content))).toBe(true);
    }
  });

  it("a 1 MB entity: base64 straight from the pieces equals the base64 of the joined DER", async () => {
    const result = await encryptContent(sampleContent(1 << 20), [{ certificate: certs["p521"]!.der }], {
      crypto: globalThis.crypto,
      now: now(),
    });
    if (!result.ok) throw new Error(result.detail);
    expect(result.pieces.length).toBeGreaterThan(1);
    const body = Buffer.from(encryptedEntity(result)).toString("latin1").split("\r\n\r\n")[1]!;
    expect(body.replace(/\r\n/g, "")).toBe(Buffer.from(joinPieces(result.pieces)).toString("base64"));
  });
});

describe("encryptContent: freshness", () => {
  it("two encryptions of the same content differ (fresh key, IV and ephemeral key)", async () => {
    const opts = { crypto: globalThis.crypto, now: now(), cipher: "aes-256-gcm" as const };
    const content = sampleContent(64);
    const a = await encryptContent(content, [{ certificate: certs["p256"]!.der }], opts);
    const b = await encryptContent(content, [{ certificate: certs["p256"]!.der }], opts);
    if (!a.ok || !b.ok) throw new Error("encryption failed");
    const fa = cmsFacts(joinPieces(a.pieces));
    const fb = cmsFacts(joinPieces(b.pieces));
    expect(fa.contentParameters).not.toBe(fb.contentParameters);
    expect(Buffer.from(joinPieces(a.pieces)).equals(Buffer.from(joinPieces(b.pieces)))).toBe(false);
  });
});
