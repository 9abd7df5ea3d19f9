/**
 * Identity import from a key file plus certificate files, with keys and certificates OpenSSL writes in every common
 * form (PKCS #8 PEM and DER, encrypted PKCS #8 with each PBES2 PRF and cipher or the PKCS #12 PBE, traditional RSA
 * and EC), and the conformance corpus keys (RFC 9216 / draft-ireland, RFC 4134).
 */
import * as asn1js from "asn1js";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { IdentityImport, PrivateKeyKind } from "../../../src/core/keys/identity.js";
import { importKeyAndCertificates, privateKeyKind, publicKeyMatches } from "../../../src/core/keys/import-key-files.js";
import { decodePem } from "../../../src/core/pki/pem.js";
import { ensureFixtures, type PkiName } from "../../fixtures/generate.js";
import { rng } from "../../fuzz/mutate.js";
import { certDer, identitiesOf, keyWorksWithCertificate, openssl, read, sameBytes, scratchDir, subtle } from "./identity-test-kit.js";

const fixtures = await ensureFixtures();
const scratch = scratchDir("inkan-keyfiles-");
afterAll(() => scratch.remove());

let serial = 0;
/** Runs OpenSSL with "OUT" standing for a fresh scratch file; returns that file's path. */
function make(args: readonly string[]): string {
  const out = scratch.file(`f${++serial}`);
  openssl(args.map((a) => (a === "OUT" ? out : a)));
  return out;
}
const pem = (name: PkiName): Uint8Array => read(fixtures.pki[name].certPem);
const key = (name: PkiName): Uint8Array => read(fixtures.pki[name].key);
const pkcs8Der = (file: string | Uint8Array): Uint8Array => {
  const text = Buffer.from(typeof file === "string" ? read(file) : file).toString("latin1");
  return decodePem(text).find((b) => b.label === "PRIVATE KEY")!.der;
};

function expectError(result: IdentityImport, error: string): void {
  expect(result.ok ? "ok" : `${result.error}: ${result.detail}`).toMatch(new RegExp(`^${error}: `));
}

async function expectIdentity(result: IdentityImport, owner: PkiName, kind: PrivateKeyKind, chain: readonly PkiName[]): Promise<void> {
  const [identity, ...others] = identitiesOf(result);
  expect(others).toHaveLength(0);
  expect(sameBytes(identity!.certificate, certDer(fixtures, owner))).toBe(true);
  expect(identity!.chain.map((d) => Buffer.from(d).toString("hex"))).toEqual(chain.map((n) => Buffer.from(certDer(fixtures, n)).toString("hex")));
  expect(identity!.keyKind).toBe(kind);
  expect(identity!.friendlyName).toBeNull();
  expect(await keyWorksWithCertificate(identity!)).toBe(true);
}

const JA = "パスワード";

describe("importKeyAndCertificates: unencrypted keys", () => {
  const chainPem = new Uint8Array(Buffer.concat([pem("root"), pem("inter")]));
  const cases: { name: string; keyFile: () => Uint8Array; owner: PkiName; kind: PrivateKeyKind }[] = [
    { name: "PKCS #8 PEM (RSA)", keyFile: () => key("alice"), owner: "alice", kind: "rsa" },
    { name: "PKCS #8 DER (RSA)", keyFile: () => read(make(["pkcs8", "-topk8", "-nocrypt", "-in", fixtures.pki.alice.key, "-outform", "DER", "-out", "OUT"])), owner: "alice", kind: "rsa" },
    { name: "traditional RSA PRIVATE KEY PEM", keyFile: () => read(make(["rsa", "-in", fixtures.pki.alice.key, "-traditional", "-out", "OUT"])), owner: "alice", kind: "rsa" },
    { name: "traditional RSA DER", keyFile: () => read(make(["rsa", "-in", fixtures.pki.alice.key, "-traditional", "-outform", "DER", "-out", "OUT"])), owner: "alice", kind: "rsa" },
    { name: "PKCS #8 PEM (EC P-256)", keyFile: () => key("bob"), owner: "bob", kind: "ec-p256" },
    { name: "traditional EC PRIVATE KEY PEM", keyFile: () => read(make(["ec", "-in", fixtures.pki.bob.key, "-out", "OUT"])), owner: "bob", kind: "ec-p256" },
    { name: "traditional EC DER", keyFile: () => read(make(["ec", "-in", fixtures.pki.bob.key, "-outform", "DER", "-out", "OUT"])), owner: "bob", kind: "ec-p256" },
    {
      name: "EC PARAMETERS before EC PRIVATE KEY (openssl ecparam -genkey style)",
      keyFile: () => new Uint8Array(Buffer.concat([read(make(["ecparam", "-name", "prime256v1", "-out", "OUT"])), read(make(["ec", "-in", fixtures.pki.bob.key, "-out", "OUT"]))])),
      owner: "bob",
      kind: "ec-p256",
    },
    { name: "EC key without its public key (-no_public)", keyFile: () => read(make(["ec", "-in", fixtures.pki.bob.key, "-no_public", "-out", "OUT"])), owner: "bob", kind: "ec-p256" },
    { name: "PKCS #8 PEM (EC P-384)", keyFile: () => key("carol"), owner: "carol", kind: "ec-p384" },
    { name: "PKCS #8 PEM (EC P-521)", keyFile: () => key("dave"), owner: "dave", kind: "ec-p521" },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      await expectIdentity(await importKeyAndCertificates(c.keyFile(), [pem(c.owner), chainPem], null, subtle), c.owner, c.kind, ["inter", "root"]);
    });
  }

  it("certificates in DER, one per file", async () => {
    await expectIdentity(await importKeyAndCertificates(key("alice"), [certDer(fixtures, "root"), certDer(fixtures, "alice"), certDer(fixtures, "inter")], null, subtle), "alice", "rsa", ["inter", "root"]);
  });

  it("certificates in a PKCS #7 bag, PEM and DER", async () => {
    const args = ["crl2pkcs7", "-nocrl", "-certfile", fixtures.pki.alice.certPem, "-certfile", fixtures.pki.root.certPem, "-certfile", fixtures.pki.inter.certPem, "-out", "OUT"];
    await expectIdentity(await importKeyAndCertificates(key("alice"), [read(make(args))], null, subtle), "alice", "rsa", ["inter", "root"]);
    await expectIdentity(await importKeyAndCertificates(key("alice"), [read(make([...args, "-outform", "DER"]))], null, subtle), "alice", "rsa", ["inter", "root"]);
  });

  it("one PEM with key, certificate and chain, and no certificate files", async () => {
    const combined = new Uint8Array(Buffer.concat([key("alice"), pem("alice"), pem("inter"), pem("root")]));
    await expectIdentity(await importKeyAndCertificates(combined, [], null, subtle), "alice", "rsa", ["inter", "root"]);
  });

  it("key and certificate files swapped", async () => {
    await expectIdentity(await importKeyAndCertificates(pem("bob"), [key("bob")], null, subtle), "bob", "ec-p256", []);
  });

  it("a .p12 given as the key file is read as PKCS #12", async () => {
    const p12 = read(make(["pkcs12", "-export", "-inkey", fixtures.pki.alice.key, "-in", fixtures.pki.alice.certPem, "-passout", "pass:secret", "-out", "OUT"]));
    await expectIdentity(await importKeyAndCertificates(p12, [], "secret", subtle), "alice", "rsa", []);
    expectError(await importKeyAndCertificates(p12, [], "wrong", subtle), "wrong-password");
  });
});

describe("importKeyAndCertificates: encrypted PKCS #8", () => {
  const cases: { name: string; args: readonly string[]; owner: PkiName; password: string }[] = [
    { name: "PBES2 AES-256-CBC, hmacWithSHA256 (OpenSSL 3 default)", args: [], owner: "alice", password: "secret" },
    { name: "PBES2 AES-128-CBC, hmacWithSHA1", args: ["-v2", "aes-128-cbc", "-v2prf", "hmacWithSHA1"], owner: "alice", password: "secret" },
    { name: "PBES2 AES-192-CBC, hmacWithSHA384", args: ["-v2", "aes-192-cbc", "-v2prf", "hmacWithSHA384"], owner: "bob", password: "secret" },
    { name: "PBES2 AES-256-CBC, hmacWithSHA512", args: ["-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA512"], owner: "alice", password: "secret" },
    { name: "PBES2 DES-EDE3-CBC (OpenSSL 1.0 pkcs8 -v2 des3)", args: ["-v2", "des3"], owner: "alice", password: "secret" },
    { name: "legacy PBE-SHA1-3DES", args: ["-v1", "PBE-SHA1-3DES"], owner: "alice", password: "secret" },
    { name: "legacy PBE-SHA1-3DES, EC key", args: ["-v1", "PBE-SHA1-3DES"], owner: "bob", password: "secret" },
    { name: "legacy PBE-SHA1-2DES", args: ["-v1", "PBE-SHA1-2DES"], owner: "alice", password: "secret" },
    { name: "UTF-8 password, PBES2", args: [], owner: "alice", password: JA },
    { name: "UTF-8 password, PBE-SHA1-3DES", args: ["-v1", "PBE-SHA1-3DES"], owner: "bob", password: "pässwörd" },
    { name: "empty password, PBES2", args: [], owner: "alice", password: "" },
  ];
  for (const c of cases) {
    describe(c.name, () => {
      const pemFile = read(make(["pkcs8", "-topk8", "-in", fixtures.pki[c.owner].key, "-passout", `pass:${c.password}`, ...c.args, "-out", "OUT"]));
      const derFile = read(make(["pkcs8", "-topk8", "-in", fixtures.pki[c.owner].key, "-passout", `pass:${c.password}`, ...c.args, "-outform", "DER", "-out", "OUT"]));
      const kind: PrivateKeyKind = c.owner === "alice" ? "rsa" : "ec-p256";

      it("is an ENCRYPTED PRIVATE KEY", () => {
        expect(Buffer.from(pemFile).toString("latin1")).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
      });

      it("imports with the right password, PEM and DER", async () => {
        await expectIdentity(await importKeyAndCertificates(pemFile, [pem(c.owner)], c.password, subtle), c.owner, kind, []);
        await expectIdentity(await importKeyAndCertificates(derFile, [pem(c.owner)], c.password, subtle), c.owner, kind, []);
      });

      it("says wrong-password for a wrong one, and for none", async () => {
        expectError(await importKeyAndCertificates(pemFile, [pem(c.owner)], c.password === "secret" ? "Secret" : "secret", subtle), "wrong-password");
        expectError(await importKeyAndCertificates(derFile, [pem(c.owner)], c.password + "x", subtle), "wrong-password");
        if (c.password !== "") expectError(await importKeyAndCertificates(pemFile, [pem(c.owner)], null, subtle), "wrong-password");
      });
    });
  }
});

describe("importKeyAndCertificates: files that are not a usable identity", () => {
  it("bob's key with alice's certificate is key-mismatch", async () => {
    expectError(await importKeyAndCertificates(key("bob"), [pem("alice"), pem("inter")], null, subtle), "key-mismatch");
    expectError(await importKeyAndCertificates(key("mallory"), [pem("alice")], null, subtle), "key-mismatch");
  });

  it("a key without certificates is no-certificate", async () => {
    expectError(await importKeyAndCertificates(key("alice"), [], null, subtle), "no-certificate");
  });

  it("certificates without a key are no-private-key", async () => {
    expectError(await importKeyAndCertificates(pem("alice"), [pem("inter")], null, subtle), "no-private-key");
  });

  it("random bytes, an empty file and an unreadable PEM are corrupt", async () => {
    const r = rng(99);
    for (let i = 0; i < 10; i++) {
      const bytes = Uint8Array.from({ length: 50 + i * 61 }, () => Math.floor(r() * 256));
      if (i % 2 === 0) bytes[0] = 0x30;
      expectError(await importKeyAndCertificates(bytes, [pem("alice")], null, subtle), "corrupt");
      expectError(await importKeyAndCertificates(key("alice"), [bytes], null, subtle), "corrupt");
    }
    expectError(await importKeyAndCertificates(new Uint8Array(), [pem("alice")], null, subtle), "corrupt");
    const broken = new TextEncoder().encode("-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END PRIVATE KEY-----\n");
    expectError(await importKeyAndCertificates(broken, [pem("alice")], null, subtle), "corrupt");
  });

  it("a DSA key is unsupported", async () => {
    expectError(await importKeyAndCertificates(key("dsa"), [pem("dsa")], null, subtle), "unsupported");
  });

  /** Rewrites the inner key structure of a PKCS #8 key (the SEQUENCE inside its privateKey OCTET STRING). */
  function tamper(pkcs8: Uint8Array, edit: (inner: asn1js.BaseBlock[]) => void): Uint8Array {
    const outer = asn1js.fromBER(pkcs8).result as asn1js.Sequence;
    const octets = outer.valueBlock.value[2] as asn1js.OctetString;
    const inner = asn1js.fromBER(octets.getValue()).result as asn1js.Sequence;
    edit(inner.valueBlock.value);
    outer.valueBlock.value[2] = new asn1js.OctetString({ valueHex: inner.toBER(false) });
    return new Uint8Array(outer.toBER(false));
  }
  const derToPem = (der: Uint8Array): Uint8Array =>
    new TextEncoder().encode(`-----BEGIN PRIVATE KEY-----\n${Buffer.from(der).toString("base64")}\n-----END PRIVATE KEY-----\n`);

  it("an RSA key with damaged private exponents (modulus intact) is corrupt, not accepted", async () => {
    // Both d and dP: OpenSSL checks a CRT result and falls back to d, so one damaged exponent still signs correctly.
    const damaged = tamper(pkcs8Der(key("alice")), (rsa) => {
      for (const i of [3, 6]) {
        const value = new Uint8Array((rsa[i] as asn1js.Integer).valueBlock.valueHexView);
        value[value.byteLength - 1]! ^= 0x02;
        rsa[i] = new asn1js.Integer({ valueHex: value.buffer });
      }
    });
    expect(await publicKeyMatches(damaged, certDer(fixtures, "alice"), subtle)).toBe(true);
    expectError(await importKeyAndCertificates(derToPem(damaged), [pem("alice")], null, subtle), "corrupt");
  });

  it("an EC key carrying another key's public point is corrupt, not accepted", async () => {
    const bobPoint = (asn1js.fromBER(pkcs8Der(key("bob"))).result as asn1js.Sequence).valueBlock.value[2] as asn1js.OctetString;
    const bobInner = (asn1js.fromBER(bobPoint.getValue()).result as asn1js.Sequence).valueBlock.value;
    const stranger = pkcs8Der(make(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "OUT"]));
    const forged = tamper(stranger, (ec) => {
      ec[ec.length - 1] = bobInner[bobInner.length - 1]!; // [1] publicKey
    });
    expect(await publicKeyMatches(forged, certDer(fixtures, "bob"), subtle)).toBe(true);
    expectError(await importKeyAndCertificates(derToPem(forged), [pem("bob")], null, subtle), "corrupt");
  });

  it("legacy PEM encryption (Proc-Type: 4,ENCRYPTED) is unsupported, with the way out", async () => {
    const file = read(make(["rsa", "-in", fixtures.pki.alice.key, "-traditional", "-aes256", "-passout", "pass:secret", "-out", "OUT"]));
    expect(Buffer.from(file).toString("latin1")).toMatch(/Proc-Type: 4,ENCRYPTED/);
    const result = await importKeyAndCertificates(file, [pem("alice")], "secret", subtle);
    expectError(result, "unsupported");
    expect(result.ok ? "" : result.detail).toMatch(/openssl pkcs8 -topk8/);
  });
});

describe("privateKeyKind and publicKeyMatches", () => {
  const generated = (algorithm: string): Uint8Array => pkcs8Der(make(["genpkey", "-algorithm", algorithm, "-out", "OUT"]));
  const kinds: { name: string; pkcs8: () => Uint8Array; kind: PrivateKeyKind | null }[] = [
    { name: "RSA", pkcs8: () => pkcs8Der(key("alice")), kind: "rsa" },
    { name: "EC P-256", pkcs8: () => pkcs8Der(key("bob")), kind: "ec-p256" },
    { name: "EC P-384", pkcs8: () => pkcs8Der(key("carol")), kind: "ec-p384" },
    { name: "EC P-521", pkcs8: () => pkcs8Der(key("dave")), kind: "ec-p521" },
    { name: "Ed25519", pkcs8: () => generated("ed25519"), kind: "ed25519" },
    { name: "X25519", pkcs8: () => generated("x25519"), kind: "x25519" },
    { name: "Ed448", pkcs8: () => generated("ed448"), kind: null },
    { name: "X448", pkcs8: () => generated("x448"), kind: null },
    { name: "DSA", pkcs8: () => pkcs8Der(key("dsa")), kind: null },
    { name: "EC secp256k1", pkcs8: () => pkcs8Der(make(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:secp256k1", "-out", "OUT"])), kind: null },
    { name: "a certificate", pkcs8: () => certDer(fixtures, "alice"), kind: null },
    { name: "empty", pkcs8: () => new Uint8Array(), kind: null },
  ];
  for (const c of kinds) it(`privateKeyKind: ${c.name}`, () => expect(privateKeyKind(c.pkcs8())).toBe(c.kind));

  it("publicKeyMatches: each key with its own certificate and no other", async () => {
    const owners: PkiName[] = ["alice", "bob", "carol", "dave", "mallory"];
    for (const k of owners) {
      for (const c of owners) expect(await publicKeyMatches(pkcs8Der(key(k)), certDer(fixtures, c), subtle), `${k} key, ${c} cert`).toBe(k === c);
    }
  });

  it("publicKeyMatches: an EC key without its public key is matched through WebCrypto", async () => {
    const noPublic = make(["ec", "-in", fixtures.pki.bob.key, "-no_public", "-out", "OUT"]);
    const p8 = pkcs8Der(make(["pkcs8", "-topk8", "-nocrypt", "-in", noPublic, "-out", "OUT"]));
    expect(Buffer.from(read(noPublic)).toString("latin1")).toMatch(/EC PRIVATE KEY/);
    expect(p8.byteLength).toBeLessThan(pkcs8Der(key("bob")).byteLength); // the public key really is gone
    expect(await publicKeyMatches(p8, certDer(fixtures, "bob"), subtle)).toBe(true);
    expect(await publicKeyMatches(p8, certDer(fixtures, "carol"), subtle)).toBe(false);
  });

  it("a key with PKCS #8 attributes and an RFC 5958 public key is stored in the plain version-0 form", async () => {
    const plain = pkcs8Der(key("bob"));
    const parts = (asn1js.fromBER(plain).result as asn1js.Sequence).valueBlock.value;
    const point = (asn1js.fromBER(certDer(fixtures, "bob")).result as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const spki = point.valueBlock.value[6] as asn1js.Sequence;
    const bits = new Uint8Array((spki.valueBlock.value[1] as asn1js.BitString).valueBlock.valueHexView);
    const keyUsage = new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: "2.5.29.15" }), new asn1js.Set({ value: [new asn1js.BitString({ valueHex: new Uint8Array([0x80]).buffer })] })] });
    const withExtras = new Uint8Array(
      new asn1js.Sequence({
        value: [
          new asn1js.Integer({ value: 1 }),
          parts[1]!,
          parts[2]!,
          new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [keyUsage] }),
          new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 1 }, valueHex: new Uint8Array([0, ...bits]).buffer }),
        ],
      }).toBER(false),
    );
    expect(privateKeyKind(withExtras)).toBe("ec-p256");
    const pemText = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(withExtras).toString("base64")}\n-----END PRIVATE KEY-----\n`;
    const [identity] = identitiesOf(await importKeyAndCertificates(new TextEncoder().encode(pemText), [pem("bob")], null, subtle));
    expect(sameBytes(identity!.privateKey, plain)).toBe(true);
    expect(await keyWorksWithCertificate(identity!)).toBe(true);
  });

  it("publicKeyMatches: garbage is false, not an exception", async () => {
    expect(await publicKeyMatches(new Uint8Array([0x30, 0x00]), certDer(fixtures, "alice"), subtle)).toBe(false);
    expect(await publicKeyMatches(pkcs8Der(key("alice")), new Uint8Array([1, 2, 3]), subtle)).toBe(false);
  });
});

/** The conformance corpus lives beside the checkout; a fresh clone without it skips these tests and says so. */
const CORPUS = fileURLToPath(new URL("../../../../shared/corpus/", import.meta.url));
const corpusPresent = existsSync(CORPUS);
if (!corpusPresent) console.warn(`corpus key tests skipped: ${CORPUS} does not exist (the shared corpus is not beside this checkout)`);

describe.skipIf(!corpusPresent)("importKeyAndCertificates: corpus keys", () => {
  const IRELAND = "draft-ireland-examples-cms/certs-and-keys/";
  const LAMPS_CA = "rfc9216-certs-wbond-certvalidator/";
  const RFC4134 = "rfc4134/";
  const c = (p: string): Uint8Array => read(CORPUS + p);
  const hexOf = (d: Uint8Array): string => Buffer.from(d).toString("hex");
  const certOf = (p: string): string => hexOf(decodePem(Buffer.from(c(p)).toString("latin1"))[0]?.der ?? c(p));

  const cases: { name: string; key: string; certs: readonly string[]; kind: PrivateKeyKind; leaf: string; chain: readonly string[] }[] = [
    { name: "RFC 9216 Alice (RSA)", key: `${IRELAND}lamps-alice.p8.pem`, certs: [`${IRELAND}lamps-alice.crt`], kind: "rsa", leaf: `${IRELAND}lamps-alice.crt`, chain: [] },
    { name: "RFC 9216 Bob (RSA decryption)", key: `${IRELAND}lamps-bob.decrypt.p8.pem`, certs: [`${IRELAND}lamps-bob.encrypt.crt`], kind: "rsa", leaf: `${IRELAND}lamps-bob.encrypt.crt`, chain: [] },
    { name: "RFC 9216 Carlos (Ed25519)", key: `${IRELAND}lamps-carlos.p8.pem`, certs: [`${IRELAND}lamps-carlos.crt`], kind: "ed25519", leaf: `${IRELAND}lamps-carlos.crt`, chain: [] },
    { name: "RFC 9216 Dana (X25519)", key: `${IRELAND}lamps-dana.decrypt.p8.pem`, certs: [`${IRELAND}lamps-dana.encrypt.crt`], kind: "x25519", leaf: `${IRELAND}lamps-dana.encrypt.crt`, chain: [] },
    {
      name: "RFC 9216 Alice with her CA, its cross-certificate and the other root: the self-signed issuer first",
      key: `${IRELAND}lamps-alice.p8.pem`,
      certs: [`${LAMPS_CA}Sample_LAMPS_RSA_Certification_Authority.crosssigned.pem`, `${IRELAND}lamps-alice.crt`, `${LAMPS_CA}Sample_LAMPS_Ed25519_Certification_Authority.selfsigned.pem`, `${LAMPS_CA}Sample_LAMPS_RSA_Certification_Authority.selfsigned.pem`],
      kind: "rsa",
      leaf: `${IRELAND}lamps-alice.crt`,
      chain: [`${LAMPS_CA}Sample_LAMPS_RSA_Certification_Authority.selfsigned.pem`, `${LAMPS_CA}Sample_LAMPS_RSA_Certification_Authority.crosssigned.pem`, `${LAMPS_CA}Sample_LAMPS_Ed25519_Certification_Authority.selfsigned.pem`],
    },
    { name: "RFC 4134 Alice (RSA-1024, DER)", key: `${RFC4134}AlicePrivRSASign.pri`, certs: [`${RFC4134}CarlRSASelf.cer`, `${RFC4134}AliceRSASignByCarl.cer`], kind: "rsa", leaf: `${RFC4134}AliceRSASignByCarl.cer`, chain: [`${RFC4134}CarlRSASelf.cer`] },
    { name: "RFC 4134 Bob (RSA-1024 key transport)", key: `${RFC4134}BobPrivRSAEncrypt.pri`, certs: [`${RFC4134}BobRSASignByCarl.cer`, `${RFC4134}CarlRSASelf.cer`], kind: "rsa", leaf: `${RFC4134}BobRSASignByCarl.cer`, chain: [`${RFC4134}CarlRSASelf.cer`] },
    { name: "RFC 4134 Diane (RSA sign and encrypt)", key: `${RFC4134}DianePrivRSASignEncrypt.pri`, certs: [`${RFC4134}DianeRSASignByCarl.cer`, `${RFC4134}CarlRSASelf.cer`], kind: "rsa", leaf: `${RFC4134}DianeRSASignByCarl.cer`, chain: [`${RFC4134}CarlRSASelf.cer`] },
    { name: "RFC 4134 Carl (self-signed root with its key)", key: `${RFC4134}CarlPrivRSASign.pri`, certs: [`${RFC4134}CarlRSASelf.cer`], kind: "rsa", leaf: `${RFC4134}CarlRSASelf.cer`, chain: [] },
  ];
  for (const t of cases) {
    it(t.name, async () => {
      const [identity, ...others] = identitiesOf(await importKeyAndCertificates(c(t.key), t.certs.map(c), null, subtle));
      expect(others).toHaveLength(0);
      expect(identity!.keyKind).toBe(t.kind);
      expect(hexOf(identity!.certificate)).toBe(certOf(t.leaf));
      expect(identity!.chain.map(hexOf)).toEqual(t.chain.map(certOf));
      expect(await keyWorksWithCertificate(identity!)).toBe(true);
    });
  }

  it("RFC 4134 DSA keys are unsupported", async () => {
    expectError(await importKeyAndCertificates(c(`${RFC4134}AlicePrivDSSSign.pri`), [c(`${RFC4134}AliceDSSSignByCarlNoInherit.cer`)], null, subtle), "unsupported");
  });

  it("RFC 4134 Alice's key with Bob's certificate is key-mismatch", async () => {
    expectError(await importKeyAndCertificates(c(`${RFC4134}AlicePrivRSASign.pri`), [c(`${RFC4134}BobRSASignByCarl.cer`)], null, subtle), "key-mismatch");
  });

  it("privateKeyKind of the corpus keys", () => {
    expect(privateKeyKind(c(`${RFC4134}AlicePrivRSASign.pri`))).toBe("rsa");
    expect(privateKeyKind(c(`${RFC4134}AlicePrivDSSSign.pri`))).toBeNull();
    expect(privateKeyKind(pkcs8Der(c(`${IRELAND}lamps-carlos.p8.pem`)))).toBe("ed25519");
    expect(privateKeyKind(pkcs8Der(c(`${IRELAND}lamps-dana.decrypt.p8.pem`)))).toBe("x25519");
  });
});
