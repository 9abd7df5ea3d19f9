/** Recipients encryptContent must refuse, each with its stable code, and what `force` changes. */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptContent, type EncryptRecipient } from "../../../../src/core/cms/encrypt/index.js";
import { ensureFixtures, type PkiName } from "../../../fixtures/generate.js";
import { Scratch, decryptWithOpenssl, joinPieces, makeCert, mustOpenssl, sampleContent, type MadeCert } from "./helpers.js";

const fx = await ensureFixtures();
const scratch = new Scratch();
afterAll(() => scratch.remove());
const DAY_MS = 86_400_000;

const fixture = (name: PkiName): Uint8Array => new Uint8Array(readFileSync(fx.pki[name].certDer));
const made: Record<string, MadeCert> = {};

beforeAll(() => {
  made["ed25519"] = makeCert(scratch, "ed25519", { newKey: ["-algorithm", "ED25519"], extensions: ["keyUsage = critical, keyAgreement"] });
  made["ed448"] = makeCert(scratch, "ed448", { newKey: ["-algorithm", "ED448"], extensions: [] });
  made["secp256k1"] = makeCert(scratch, "secp256k1", {
    newKey: ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:secp256k1", "-pkeyopt", "ec_param_enc:named_curve"],
    extensions: [],
  });
  made["rsa768"] = makeCert(scratch, "rsa768", { newKey: ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:768"], extensions: [] });
  made["rsaServerAuth"] = makeCert(scratch, "rsa-server", {
    key: fx.pki.alice.key,
    extensions: ["keyUsage = critical, keyEncipherment", "extendedKeyUsage = serverAuth"],
  });
  // An address of their own: they are accepted, and a certificate without one is refused unless forced.
  made["rsaNoKeyUsage"] = makeCert(scratch, "rsa-no-ku", { key: fx.pki.alice.key, extensions: ["subjectAltName = email:alice@example.jp"] });
  made["ecNoKeyUsage"] = makeCert(scratch, "ec-no-ku", { key: fx.pki.bob.key, extensions: ["subjectAltName = email:bob@example.jp"] });
  made["ecKeyEnciphermentOnly"] = makeCert(scratch, "ec-kenc", { key: fx.pki.bob.key, extensions: ["keyUsage = critical, keyEncipherment"] });
  made["rsaAnyEku"] = makeCert(scratch, "rsa-any-eku", {
    key: fx.pki.alice.key,
    extensions: ["keyUsage = critical, keyEncipherment", "extendedKeyUsage = anyExtendedKeyUsage", "subjectAltName = email:alice@example.jp"],
  });
  made["rsaNoEmail"] = makeCert(scratch, "rsa-no-email", { key: fx.pki.alice.key, extensions: ["keyUsage = critical, keyEncipherment"] });
  made["rsaPss"] = makeCert(scratch, "rsa-pss", { newKey: ["-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:2048"], extensions: [] });
});

const now = () => new Date(Date.now() + 2000);
const encrypt = (recipients: readonly EncryptRecipient[], options: { now?: Date; force?: boolean } = {}) =>
  encryptContent(sampleContent(100), recipients, { crypto: globalThis.crypto, now: options.now ?? now(), ...(options.force ? { force: true } : {}) });

interface ErrorCase {
  readonly name: string;
  readonly certificate: () => Uint8Array;
  readonly error: string;
  readonly detail?: RegExp;
  readonly at?: () => Date;
}

const ERROR_CASES: readonly ErrorCase[] = [
  { name: "random bytes", certificate: () => sampleContent(300), error: "malformed-certificate" },
  { name: "empty", certificate: () => new Uint8Array(0), error: "malformed-certificate" },
  { name: "truncated certificate", certificate: () => fixture("alice").subarray(0, 400), error: "malformed-certificate" },
  { name: "a PEM file instead of DER", certificate: () => new Uint8Array(readFileSync(fx.pki.alice.certPem)), error: "malformed-certificate" },
  { name: "Ed25519 key", certificate: () => made["ed25519"]!.der, error: "recipient-unsupported-key", detail: /Ed25519/ },
  { name: "Ed448 key", certificate: () => made["ed448"]!.der, error: "recipient-unsupported-key", detail: /Ed448/ },
  { name: "DSA key", certificate: () => fixture("dsa"), error: "recipient-unsupported-key", detail: /DSA/ },
  { name: "RSASSA-PSS-only key", certificate: () => made["rsaPss"]!.der, error: "recipient-unsupported-key", detail: /PSS/ },
  { name: "EC secp256k1", certificate: () => made["secp256k1"]!.der, error: "recipient-unsupported-key", detail: /1\.3\.132\.0\.10/ },
  { name: "RSA 768 bits", certificate: () => made["rsa768"]!.der, error: "recipient-unsupported-key", detail: /768 bits/ },
  { name: "expired certificate", certificate: () => fixture("expired"), error: "recipient-expired", detail: /expired on 2021-01-01/ },
  { name: "not yet valid certificate", certificate: () => fixture("notyet"), error: "recipient-expired", detail: /valid only from/ },
  {
    name: "valid certificate, 'now' after its end",
    certificate: () => fixture("alice"),
    error: "recipient-expired",
    at: () => new Date(Date.now() + 400 * DAY_MS),
  },
  {
    name: "valid certificate, 'now' before its start",
    certificate: () => fixture("alice"),
    error: "recipient-expired",
    at: () => new Date(Date.now() - 3 * DAY_MS),
  },
  { name: "RSA without keyEncipherment (info)", certificate: () => fixture("info"), error: "recipient-not-for-encryption", detail: /keyEncipherment/ },
  { name: "no e-mail address (noemail)", certificate: () => fixture("noemail"), error: "recipient-without-email" },
  { name: "no e-mail address, self-signed", certificate: () => made["rsaNoEmail"]!.der, error: "recipient-without-email" },
  { name: "EC without keyAgreement (bob)", certificate: () => fixture("bob"), error: "recipient-not-for-encryption", detail: /keyAgreement/ },
  { name: "EC P-384 without keyAgreement (carol)", certificate: () => fixture("carol"), error: "recipient-not-for-encryption" },
  {
    name: "EC with keyEncipherment instead of keyAgreement",
    certificate: () => made["ecKeyEnciphermentOnly"]!.der,
    error: "recipient-not-for-encryption",
    detail: /keyAgreement/,
  },
  {
    name: "RSA keyEncipherment but serverAuth EKU",
    certificate: () => made["rsaServerAuth"]!.der,
    error: "recipient-not-for-encryption",
    detail: /e-mail protection/,
  },
];

describe("encryptContent refuses recipients it must not encrypt to", () => {
  it("no recipients", async () => {
    expect(await encrypt([])).toMatchObject({ ok: false, error: "no-recipients" });
  });

  it.each(ERROR_CASES)("$name -> $error", async ({ certificate, error, detail, at }) => {
    const result = await encrypt([{ certificate: certificate() }], at ? { now: at() } : {});
    expect(result).toMatchObject({ ok: false, error, recipient: 0 });
    if (detail && !result.ok) expect(result.detail).toMatch(detail);
  });

  it("names the index of the refused recipient", async () => {
    const result = await encrypt([{ certificate: fixture("alice") }, { certificate: fixture("nodsig") }, { certificate: fixture("expired") }]);
    expect(result).toMatchObject({ ok: false, error: "recipient-expired", recipient: 2 });
  });
});

describe("what is accepted", () => {
  const ACCEPTED: readonly { readonly name: string; readonly cert: () => { der: Uint8Array; certPem: string; key: string } }[] = [
    { name: "RSA without a keyUsage extension", cert: () => made["rsaNoKeyUsage"]! },
    { name: "EC without a keyUsage extension", cert: () => made["ecNoKeyUsage"]! },
    { name: "RSA with anyExtendedKeyUsage", cert: () => made["rsaAnyEku"]! },
    { name: "RSA keyEncipherment only (nodsig)", cert: () => ({ der: fixture("nodsig"), certPem: fx.pki.nodsig.certPem, key: fx.pki.nodsig.key }) },
  ];
  it.each(ACCEPTED)("$name: encrypts, OpenSSL decrypts", async ({ cert }) => {
    const c = cert();
    const result = await encrypt([{ certificate: c.der }]);
    if (!result.ok) throw new Error(`${result.error}: ${result.detail}`);
    expect(decryptWithOpenssl(scratch, joinPieces(result.pieces), c).equals(Buffer.from(sampleContent(100)))).toBe(true);
  });
});

describe("force", () => {
  it.each([
    { name: "after the end", offsetDays: 400 },
    { name: "before the start", offsetDays: -3 },
  ])("a certificate used $name is accepted with force, and OpenSSL decrypts", async ({ offsetDays }) => {
    const at = new Date(Date.now() + offsetDays * DAY_MS);
    expect(await encrypt([{ certificate: fixture("alice") }], { now: at })).toMatchObject({ ok: false, error: "recipient-expired" });
    const result = await encrypt([{ certificate: fixture("alice") }], { now: at, force: true });
    if (!result.ok) throw new Error(result.detail);
    const alice = { certPem: fx.pki.alice.certPem, key: fx.pki.alice.key };
    expect(decryptWithOpenssl(scratch, joinPieces(result.pieces), alice).equals(Buffer.from(sampleContent(100)))).toBe(true);
  });

  it("the fixture's expired certificate (which allows keyEncipherment) is accepted with force", async () => {
    expect(await encrypt([{ certificate: fixture("expired") }])).toMatchObject({ ok: false, error: "recipient-expired" });
    expect(await encrypt([{ certificate: fixture("expired") }], { force: true })).toMatchObject({ ok: true });
  });

  it.each([
    { name: "noemail", cert: () => ({ der: fixture("noemail"), certPem: fx.pki.noemail.certPem, key: fx.pki.noemail.key }) },
    { name: "a self-signed one", cert: () => made["rsaNoEmail"]! },
  ])("a certificate without an e-mail address ($name) is accepted with force, and OpenSSL decrypts", async ({ cert }) => {
    const c = cert();
    expect(await encrypt([{ certificate: c.der }])).toMatchObject({ ok: false, error: "recipient-without-email" });
    const result = await encrypt([{ certificate: c.der }], { force: true });
    if (!result.ok) throw new Error(`${result.error}: ${result.detail}`);
    expect(decryptWithOpenssl(scratch, joinPieces(result.pieces), c).equals(Buffer.from(sampleContent(100)))).toBe(true);
  });

  it("force does not lift key usage or key type", async () => {
    expect(await encrypt([{ certificate: fixture("info") }], { force: true })).toMatchObject({ error: "recipient-not-for-encryption" });
    expect(await encrypt([{ certificate: made["ed25519"]!.der }], { force: true })).toMatchObject({ error: "recipient-unsupported-key" });
  });
});

it("the test certificates are what the cases assume", () => {
  const text = (pem: string) => mustOpenssl(["x509", "-in", pem, "-noout", "-text"]).toString("utf8");
  expect(text(fx.pki.bob.certPem)).not.toMatch(/Key Agreement/);
  expect(text(fx.pki.info.certPem)).not.toMatch(/Key Encipherment/);
  expect(text(made["rsaNoKeyUsage"]!.certPem)).not.toMatch(/Key Usage/);
  expect(text(made["ecNoKeyUsage"]!.certPem)).not.toMatch(/Key Usage/);
  for (const pem of [fx.pki.noemail.certPem, made["rsaNoEmail"]!.certPem]) {
    expect(text(pem)).toMatch(/Key Encipherment/);
    expect(text(pem)).not.toMatch(/email:|emailAddress/);
  }
});
