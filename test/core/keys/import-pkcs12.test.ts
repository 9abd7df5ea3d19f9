/**
 * PKCS #12 import against files OpenSSL makes from the test PKI, in every form the producers in the field use:
 * OpenSSL 3 defaults (PBES2/AES), the Windows/macOS/OpenSSL 1.x form (PBE-SHA1-3DES, SHA-1 MAC), `-legacy`
 * (RC2-40 + 3DES), SHA-2 MACs, no MAC, unencrypted bags, UTF-8 and empty passwords. Each file is imported with the
 * right password (leaf, chain order, key kind, friendly name, and the key signs for the certificate) and a wrong one.
 */
import * as asn1js from "asn1js";
import forge from "node-forge";
import { writeFileSync } from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";
import { viewOf } from "../../../src/core/cms/der.js";
import type { IdentityImport, PrivateKeyKind } from "../../../src/core/keys/identity.js";
import { importPkcs12, MAX_PKCS12_BYTES } from "../../../src/core/keys/import-pkcs12.js";
import { MAX_KDF_WORK } from "../../../src/core/keys/kdf-budget.js";
import { ensureFixtures, type PkiName } from "../../fixtures/generate.js";
import { rng } from "../../fuzz/mutate.js";
import {
  certDer,
  identitiesOf,
  keyWorksWithCertificate,
  LEGACY_PROVIDER,
  legacyProviderProblem,
  openssl,
  read,
  run,
  sameBytes,
  scratchDir,
  subtle,
} from "./identity-test-kit.js";

const fixtures = await ensureFixtures();
const scratch = scratchDir("inkan-p12-");
afterAll(() => scratch.remove());
const legacyProblem = legacyProviderProblem(fixtures, scratch.file("probe.p12"));
if (legacyProblem) console.warn(`RC2 PKCS #12 cases skipped: ${legacyProblem}`);

type Owner = "alice" | "bob" | "carol" | "dave";
const KIND: Record<Owner, PrivateKeyKind> = { alice: "rsa", bob: "ec-p256", carol: "ec-p384", dave: "ec-p521" };
const CHAIN: readonly PkiName[] = ["inter", "root"];

interface MakeOptions {
  readonly owner: Owner;
  readonly password: string;
  readonly args?: readonly string[];
  /** Certificates given with -certfile, in this order (default: inter, root). */
  readonly certfile?: readonly PkiName[];
  readonly keyFile?: string;
  readonly certFile?: string;
  /** PEM files appended to the -certfile bundle. */
  readonly extraCertPems?: readonly string[];
}

let serial = 0;
/** `openssl pkcs12 -export` from the test PKI; returns the file. */
function makePkcs12(o: MakeOptions): Uint8Array {
  const out = scratch.file(`case-${++serial}.p12`);
  const certfile = o.certfile ?? CHAIN;
  const args = ["pkcs12", "-export", "-out", out, "-passout", `pass:${o.password}`];
  if (!o.args?.includes("-nokeys")) args.push("-inkey", o.keyFile ?? fixtures.pki[o.owner].key);
  if (!o.args?.includes("-nocerts")) args.push("-in", o.certFile ?? fixtures.pki[o.owner].certPem);
  const pems = [...certfile.map((n) => fixtures.pki[n].certPem), ...(o.extraCertPems ?? [])];
  if (pems.length > 0 && !o.args?.includes("-nocerts")) {
    const bundle = scratch.file(`chain-${serial}.pem`);
    writeFileSync(bundle, pems.map((p) => Buffer.from(read(p)).toString("latin1")).join(""), "latin1");
    args.push("-certfile", bundle);
  }
  openssl([...args, ...(o.args ?? [])]);
  return read(out);
}

/** What `openssl pkcs12 -info` says about a file: proves a case made the kind of file it claims. */
function describeWithOpenssl(file: Uint8Array, password: string): string {
  const path = scratch.file(`info-${++serial}.p12`);
  writeFileSync(path, file);
  // Not -noout: bag attributes (friendlyName, CSP name) are printed only with the bags themselves.
  const r = run(["pkcs12", "-in", path, "-info", "-nodes", "-passin", `pass:${password}`, "-legacy"]);
  return r.stdout.toString("utf8") + r.stderr;
}

interface Pkcs12Case {
  readonly name: string;
  readonly owner: Owner;
  readonly password: string;
  readonly args?: readonly string[];
  readonly certfile?: readonly PkiName[];
  /** Expected chain (default: inter, root). */
  readonly chain?: readonly PkiName[];
  readonly friendlyName?: string | null;
  /** Needs OpenSSL's legacy provider to be written. */
  readonly legacy?: boolean;
  /** A file with no MAC and nothing encrypted cannot tell a wrong password from a right one. */
  readonly passwordless?: boolean;
  /** What OpenSSL must report about the file. */
  readonly info: readonly RegExp[];
}

const JA = "パスワード";
const DE = "pässwörd";
const EMOJI = "鍵🔑key";
const LONG = "correct horse battery staple ".repeat(4) + "é";
const PBES2_AES256 = /Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/;
const CERTS_AES256 = /PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC/;
const KEY_3DES = /Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC/;
const CERTS_3DES = /PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC/;
const CERTS_RC2_40 = /PKCS7 Encrypted data: pbeWithSHA1And40BitRC2-CBC/;
const THREE_DES = ["-keypbe", "PBE-SHA1-3DES", "-certpbe", "PBE-SHA1-3DES", "-macalg", "sha1"];

const CASES: readonly Pkcs12Case[] = [
  { name: "OpenSSL 3 default: PBES2/AES-256, MAC SHA-256", owner: "alice", password: "secret", info: [/MAC: sha256/, PBES2_AES256, CERTS_AES256] },
  { name: "-legacy: RC2-40 certificates, 3DES key, MAC SHA-1", owner: "alice", password: "secret", args: ["-legacy"], legacy: true, info: [/MAC: sha1/, CERTS_RC2_40, KEY_3DES] },
  { name: "Windows/macOS form: PBE-SHA1-3DES, MAC SHA-1", owner: "alice", password: "secret", args: THREE_DES, info: [/MAC: sha1/, CERTS_3DES, KEY_3DES] },
  { name: "RC2-40 for key and certificates", owner: "alice", password: "secret", args: ["-keypbe", "PBE-SHA1-RC2-40", "-certpbe", "PBE-SHA1-RC2-40", ...LEGACY_PROVIDER], legacy: true, info: [CERTS_RC2_40, /Shrouded Keybag: pbeWithSHA1And40BitRC2-CBC/] },
  { name: "RC2-128 key, two-key 3DES certificates", owner: "alice", password: "secret", args: ["-keypbe", "PBE-SHA1-RC2-128", "-certpbe", "PBE-SHA1-2DES", ...LEGACY_PROVIDER], legacy: true, info: [/Shrouded Keybag: pbeWithSHA1And128BitRC2-CBC/, /Encrypted data: pbeWithSHA1And2-KeyTripleDES-CBC/] },
  { name: "-macalg sha512", owner: "alice", password: "secret", args: ["-macalg", "sha512"], info: [/MAC: sha512/, /MAC length: 64/] },
  { name: "-macalg sha384", owner: "alice", password: "secret", args: ["-macalg", "sha384"], info: [/MAC: sha384/] },
  { name: "PBES2 with a SHA-1 MAC", owner: "alice", password: "secret", args: ["-macalg", "sha1"], info: [/MAC: sha1/, PBES2_AES256] },
  { name: "PBES2 AES-128 key, AES-192 certificates", owner: "alice", password: "secret", args: ["-keypbe", "AES-128-CBC", "-certpbe", "AES-192-CBC"], info: [/Shrouded Keybag: PBES2, PBKDF2, AES-128-CBC/, /Encrypted data: PBES2, PBKDF2, AES-192-CBC/] },
  { name: "no chain", owner: "alice", password: "secret", certfile: [], chain: [], info: [/MAC: sha256/] },
  { name: "chain given root first is ordered issuer first", owner: "alice", password: "secret", certfile: ["root", "inter"], info: [/MAC: sha256/] },
  {
    name: "an unrelated CA follows the chain, an unrelated user certificate is dropped",
    owner: "alice",
    password: "secret",
    certfile: ["root", "otherroot", "mallory", "inter"],
    chain: ["inter", "root", "otherroot"],
    info: [/MAC: sha256/],
  },
  { name: '-name "Alice\'s key"', owner: "alice", password: "secret", args: ["-name", "Alice's key"], friendlyName: "Alice's key", info: [/friendlyName: Alice's key/] },
  { name: "Japanese friendly name", owner: "alice", password: "secret", args: ["-name", "印鑑 アリス"], friendlyName: "印鑑 アリス", info: [/MAC: sha256/] },
  { name: "Windows attributes (CSP name, machine key set, key exchange) and CA names", owner: "alice", password: "secret", args: ["-CSP", "Microsoft Enhanced RSA and AES Cryptographic Provider", "-LMK", "-keyex", "-caname", "Inter", "-caname", "Root", "-name", "alice"], friendlyName: "alice", info: [/Microsoft CSP Name/] },
  { name: "UTF-8 password (Japanese), default", owner: "alice", password: JA, info: [/MAC: sha256/] },
  { name: "UTF-8 password (German), default", owner: "alice", password: DE, info: [/MAC: sha256/] },
  { name: "UTF-8 password (Japanese), -legacy", owner: "alice", password: JA, args: ["-legacy"], legacy: true, info: [/MAC: sha1/, CERTS_RC2_40] },
  { name: "UTF-8 password (German), 3DES", owner: "alice", password: DE, args: THREE_DES, info: [CERTS_3DES] },
  { name: "password outside the BMP (emoji), default", owner: "alice", password: EMOJI, info: [/MAC: sha256/] },
  { name: "password outside the BMP (emoji), 3DES", owner: "alice", password: EMOJI, args: THREE_DES, info: [CERTS_3DES] },
  { name: "password longer than a hash block, 3DES", owner: "alice", password: LONG, args: THREE_DES, info: [CERTS_3DES] },
  { name: "empty password, default", owner: "alice", password: "", info: [/MAC: sha256/] },
  { name: "empty password, -legacy", owner: "alice", password: "", args: ["-legacy"], legacy: true, info: [/MAC: sha1/] },
  { name: "empty password, 3DES", owner: "alice", password: "", args: THREE_DES, info: [CERTS_3DES] },
  { name: "-nomac, default", owner: "alice", password: "secret", args: ["-nomac"], info: [PBES2_AES256] },
  // OpenSSL 3.0 leaves the certificates unencrypted when -legacy comes with -nomac.
  { name: "-nomac, -legacy", owner: "alice", password: "secret", args: ["-nomac", "-legacy"], legacy: true, info: [/^PKCS7 Data\nCertificate bag/m, KEY_3DES] },
  { name: "-nomac, 3DES", owner: "alice", password: "secret", args: ["-nomac", "-keypbe", "PBE-SHA1-3DES", "-certpbe", "PBE-SHA1-3DES"], info: [CERTS_3DES, KEY_3DES] },
  { name: "-nomac, UTF-8 password, 3DES", owner: "alice", password: JA, args: ["-nomac", "-keypbe", "PBE-SHA1-3DES", "-certpbe", "PBE-SHA1-3DES"], info: [KEY_3DES] },
  { name: "plain keyBag (-keypbe NONE), MAC", owner: "alice", password: "secret", args: ["-keypbe", "NONE"], info: [/MAC: sha256/, /^Key bag/m] },
  { name: "nothing encrypted, no MAC", owner: "alice", password: "secret", args: ["-keypbe", "NONE", "-certpbe", "NONE", "-nomac"], passwordless: true, info: [/^Key bag/m, /^PKCS7 Data/m] },
  { name: "one iteration (-noiter -nomaciter)", owner: "alice", password: "secret", args: ["-noiter", "-nomaciter"], info: [/MAC: sha256, Iteration 1\b/, /Iteration 1\b/] },
  { name: "bob (EC P-256), default", owner: "bob", password: "secret", info: [/MAC: sha256/] },
  { name: "bob (EC P-256), -legacy", owner: "bob", password: "secret", args: ["-legacy"], legacy: true, info: [/MAC: sha1/] },
  { name: "bob (EC P-256), 3DES, UTF-8 password", owner: "bob", password: DE, args: THREE_DES, info: [CERTS_3DES] },
  { name: "carol (EC P-384), default", owner: "carol", password: "secret", info: [/MAC: sha256/] },
  { name: "dave (EC P-521), -macalg sha512", owner: "dave", password: "secret", args: ["-macalg", "sha512"], info: [/MAC: sha512/] },
];

function expectError(result: IdentityImport, error: string): void {
  expect(result.ok ? "ok" : `${result.error}: ${result.detail}`).toMatch(new RegExp(`^${error}: `));
}

describe("importPkcs12: OpenSSL-made files", () => {
  for (const c of CASES) {
    const skip = c.legacy === true && legacyProblem !== null;
    describe.skipIf(skip)(c.name, () => {
      const file = skip ? new Uint8Array() : makePkcs12(c);

      it("is the kind of file the case says (per openssl -info)", () => {
        const info = describeWithOpenssl(file, c.password);
        for (const re of c.info) expect(info).toMatch(re);
        if (c.args?.includes("-nomac")) expect(info).not.toMatch(/^MAC:/m);
      });

      it("imports with the right password", async () => {
        const [identity, ...others] = identitiesOf(await importPkcs12(file, c.password, subtle));
        expect(others).toHaveLength(0);
        expect(sameBytes(identity!.certificate, certDer(fixtures, c.owner))).toBe(true);
        const chain = (c.chain ?? (c.certfile?.length === 0 ? [] : CHAIN)).map((n) => certDer(fixtures, n));
        expect(identity!.chain.map((d) => Buffer.from(d).toString("hex"))).toEqual(chain.map((d) => Buffer.from(d).toString("hex")));
        expect(identity!.keyKind).toBe(KIND[c.owner]);
        expect(identity!.friendlyName).toBe(c.friendlyName ?? null);
        expect(await keyWorksWithCertificate(identity!)).toBe(true);
      });

      it(c.passwordless ? "imports with any password (nothing is protected)" : "says wrong-password for a wrong one", async () => {
        for (const wrong of ["Secret", "secret ", "", "パスワート"].filter((p) => p !== c.password)) {
          const result = await importPkcs12(file, wrong, subtle);
          if (c.passwordless) expect(result.ok).toBe(true);
          else expectError(result, "wrong-password");
        }
      });
    });
  }
});

/**
 * Rebuilds a PFX from the AuthenticatedSafe contents of several files, with no MAC or a SHA-1 MAC made by forge
 * (`password: null` is the zero-length password, as some Windows versions write "no password").
 */
function splice(files: readonly Uint8Array[], mac: { password: string | null } | null): Uint8Array {
  const safes: asn1js.BaseBlock[] = [];
  for (const f of files) {
    const pfx = asn1js.fromBER(f).result as asn1js.Sequence;
    const authSafe = pfx.valueBlock.value[1] as asn1js.Sequence;
    const content = (authSafe.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.OctetString;
    const inner = asn1js.fromBER(content.getValue()).result as asn1js.Sequence;
    safes.push(...inner.valueBlock.value);
  }
  const authSafeBytes = viewOf(new asn1js.Sequence({ value: safes }).toBER(false));
  const contentInfo = new asn1js.Sequence({
    value: [
      new asn1js.ObjectIdentifier({ value: "1.2.840.113549.1.7.1" }),
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.OctetString({ valueHex: authSafeBytes.slice().buffer })] }),
    ],
  });
  const parts: asn1js.BaseBlock[] = [new asn1js.Integer({ value: 3 }), contentInfo];
  if (mac !== null) {
    // An independent SHA-1 MAC: forge's own HMAC over forge's PKCS #12 KDF output.
    const salt = "saltsalt";
    const key = forge.pkcs12.generateKey(mac.password, forge.util.createBuffer(salt), 3, 2048, 20);
    const hmac = forge.hmac.create();
    hmac.start("sha1", key);
    hmac.update(forge.util.binary.raw.encode(authSafeBytes));
    const digest = forge.util.binary.raw.decode(hmac.digest().bytes());
    parts.push(
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({
            value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: "1.3.14.3.2.26" }), new asn1js.Null()] }), new asn1js.OctetString({ valueHex: digest.slice().buffer })],
          }),
          new asn1js.OctetString({ valueHex: new TextEncoder().encode(salt).buffer }),
          new asn1js.Integer({ value: 2048 }),
        ],
      }),
    );
  }
  return viewOf(new asn1js.Sequence({ value: parts }).toBER(false));
}

describe("importPkcs12: files that are not a usable identity", () => {
  const good = makePkcs12({ owner: "alice", password: "secret" });

  it("truncated files are corrupt", async () => {
    for (const length of [0, 1, 2, 16, 100, good.byteLength >> 1, good.byteLength - 40, good.byteLength - 1]) {
      expectError(await importPkcs12(good.subarray(0, length), "secret", subtle), "corrupt");
    }
  });

  it("random bytes are corrupt", async () => {
    const r = rng(1234);
    for (let i = 0; i < 20; i++) {
      const bytes = Uint8Array.from({ length: 64 + i * 97 }, () => Math.floor(r() * 256));
      if (i % 2 === 0) bytes[0] = 0x30; // starts like DER half of the time
      expectError(await importPkcs12(bytes, "secret", subtle), "corrupt");
    }
  });

  it("a PEM file and an oversized file are corrupt", async () => {
    expectError(await importPkcs12(read(fixtures.pki.alice.certPem), "secret", subtle), "corrupt");
    expectError(await importPkcs12(new Uint8Array(MAX_PKCS12_BYTES + 1), "secret", subtle), "corrupt");
  });

  it("certificates only (-nokeys) is no-private-key", async () => {
    const file = makePkcs12({ owner: "alice", password: "secret", args: ["-nokeys"] });
    expectError(await importPkcs12(file, "secret", subtle), "no-private-key");
    expectError(await importPkcs12(file, "wrong", subtle), "wrong-password");
  });

  it("a key only (-nocerts) is no-certificate", async () => {
    expectError(await importPkcs12(makePkcs12({ owner: "alice", password: "secret", args: ["-nocerts"] }), "secret", subtle), "no-certificate");
  });

  it("bob's key with alice's certificates is key-mismatch (spliced from -nocerts and -nokeys files, forge MAC)", async () => {
    const key = makePkcs12({ owner: "bob", password: "secret", args: ["-nocerts", "-nomac"] });
    const certs = makePkcs12({ owner: "alice", password: "secret", args: ["-nokeys", "-nomac"] });
    const withMac = splice([certs, key], { password: "secret" });
    expectError(await importPkcs12(withMac, "secret", subtle), "key-mismatch");
    expectError(await importPkcs12(withMac, "wrong", subtle), "wrong-password");
    expectError(await importPkcs12(splice([certs, key], null), "secret", subtle), "key-mismatch");
  });

  it("the spliced pair of matching halves imports (the splice itself is sound)", async () => {
    const key = makePkcs12({ owner: "bob", password: "secret", args: ["-nocerts", "-nomac"] });
    const certs = makePkcs12({ owner: "bob", password: "secret", args: ["-nokeys", "-nomac"] });
    const [identity] = identitiesOf(await importPkcs12(splice([certs, key], { password: "secret" }), "secret", subtle));
    expect(sameBytes(identity!.certificate, certDer(fixtures, "bob"))).toBe(true);
  });

  it("a file forge writes (alice's certificate, mallory's RSA key) is key-mismatch; the right key imports", async () => {
    const cert = forge.pki.certificateFromPem(Buffer.from(read(fixtures.pki.alice.certPem)).toString("latin1"));
    for (const [owner, expected] of [["mallory", "key-mismatch"], ["alice", "ok"]] as const) {
      const key = forge.pki.privateKeyFromPem(Buffer.from(read(fixtures.pki[owner].key)).toString("latin1"));
      const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], "secret", { algorithm: "3des" });
      const file = forge.util.binary.raw.decode(forge.asn1.toDer(asn1).getBytes());
      const result = await importPkcs12(file, "secret", subtle);
      if (expected === "ok") expect(await keyWorksWithCertificate(identitiesOf(result)[0]!)).toBe(true);
      else expectError(result, expected);
    }
  });

  it("a DSA identity is unsupported", async () => {
    expectError(await importPkcs12(makePkcs12({ owner: "alice", keyFile: fixtures.pki.dsa.key, certFile: fixtures.pki.dsa.certPem, certfile: [], password: "secret" }), "secret", subtle), "unsupported");
  });

  it.skipIf(legacyProblem !== null)("RC4 encryption is unsupported", async () => {
    const file = makePkcs12({ owner: "alice", password: "secret", args: ["-keypbe", "PBE-SHA1-RC4-128", "-certpbe", "PBE-SHA1-RC4-128", ...LEGACY_PROVIDER] });
    expectError(await importPkcs12(file, "secret", subtle), "unsupported");
  });

  it("a key under another password than the MAC (as -twopass makes) is wrong-password, and says the MAC passed", async () => {
    // -twopass only prompts, so the file is spliced: certificates under the MAC password, the key under another.
    const key = makePkcs12({ owner: "alice", password: "keypass", args: ["-nocerts", "-nomac"] });
    const certs = makePkcs12({ owner: "alice", password: "macpass", args: ["-nokeys", "-nomac"] });
    const file = splice([certs, key], { password: "macpass" });
    const result = await importPkcs12(file, "macpass", subtle);
    expectError(result, "wrong-password");
    expect(result.ok ? "" : result.detail).toMatch(/integrity check passed/);
    expectError(await importPkcs12(file, "keypass", subtle), "wrong-password");
  });
});

describe("importPkcs12: password encodings of other producers", () => {
  it("the zero-length empty password (no BMPString terminator) of Windows files", async () => {
    const plain = makePkcs12({ owner: "alice", password: "", args: ["-nomac", "-keypbe", "NONE", "-certpbe", "NONE"] });
    const file = splice([plain], { password: null });
    expect(await keyWorksWithCertificate(identitiesOf(await importPkcs12(file, "", subtle))[0]!)).toBe(true);
    expectError(await importPkcs12(file, " ", subtle), "wrong-password");
  });

  it("OpenSSL before 1.1: a non-ASCII password as widened UTF-8 octets (forge writes it that way when asked)", async () => {
    const cert = forge.pki.certificateFromPem(Buffer.from(read(fixtures.pki.alice.certPem)).toString("latin1"));
    const key = forge.pki.privateKeyFromPem(Buffer.from(read(fixtures.pki.alice.key)).toString("latin1"));
    const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], forge.util.encodeUtf8(DE), { algorithm: "3des" });
    const file = forge.util.binary.raw.decode(forge.asn1.toDer(asn1).getBytes());
    expect(await keyWorksWithCertificate(identitiesOf(await importPkcs12(file, DE, subtle))[0]!)).toBe(true);
    expectError(await importPkcs12(file, "passwort", subtle), "wrong-password");
  });
});

/** Hand-made BER: indefinite lengths and constructed OCTET STRINGs, as NSS, Java and older Windows write. */
const ber = {
  indefinite: (tag: number, ...children: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat([Buffer.from([tag | 0x20, 0x80]), ...children, Buffer.from([0, 0])])),
  /** A constructed, indefinite-length string with the given tag, in pieces of `piece` octets. */
  pieces: (tag: number, value: Uint8Array, piece: number): Uint8Array => {
    const parts: Uint8Array[] = [];
    for (let i = 0; i < value.byteLength; i += piece) parts.push(viewOf(new asn1js.OctetString({ valueHex: value.slice(i, i + piece).buffer }).toBER(false)));
    return ber.indefinite(tag, ...parts);
  },
  raw: (node: asn1js.BaseBlock): Uint8Array => new Uint8Array(node.valueBeforeDecodeView),
};

/** Re-encodes a PFX in BER; with `inner`, the encrypted contents too (then the MAC no longer fits: use -nomac files). */
function toBer(file: Uint8Array, inner: boolean): Uint8Array {
  const pfx = (asn1js.fromBER(file).result as asn1js.Sequence).valueBlock.value;
  const contentInfo = (pfx[1] as asn1js.Sequence).valueBlock.value;
  let authSafe = ((contentInfo[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.OctetString).getValue();
  if (inner) {
    let rewritten = 0;
    const safes = (asn1js.fromBER(authSafe).result as asn1js.Sequence).valueBlock.value.map((safe) => {
      const [type, content] = (safe as asn1js.Sequence).valueBlock.value as [asn1js.ObjectIdentifier, asn1js.Constructed];
      if (type.valueBlock.toString() !== "1.2.840.113549.1.7.6") return ber.raw(safe);
      const [version, eci] = (content.valueBlock.value[0] as asn1js.Sequence).valueBlock.value as [asn1js.Integer, asn1js.Sequence];
      const [ctype, alg, encrypted] = eci.valueBlock.value as [asn1js.ObjectIdentifier, asn1js.Sequence, asn1js.Primitive];
      const encryptedContent = ber.pieces(0x80, new Uint8Array(encrypted.valueBlock.valueHexView), 100);
      rewritten++;
      const eciBer = ber.indefinite(0x30, ber.raw(ctype), ber.raw(alg), encryptedContent);
      return ber.indefinite(0x30, ber.raw(type), ber.indefinite(0xa0, ber.indefinite(0x30, ber.raw(version), eciBer)));
    });
    if (rewritten === 0) throw new Error("toBer: the file has no encrypted contents to rewrite");
    authSafe = ber.indefinite(0x30, ...safes).slice().buffer;
  }
  const authSafeBer = ber.indefinite(0x30, ber.raw(contentInfo[0]!), ber.indefinite(0xa0, ber.pieces(0x04, new Uint8Array(authSafe), 512)));
  return ber.indefinite(0x30, ber.raw(pfx[0]!), authSafeBer, ...(pfx[2] ? [ber.raw(pfx[2])] : []));
}

describe("importPkcs12: BER encodings", () => {
  it("indefinite lengths and a constructed authSafe OCTET STRING (MAC still checked)", async () => {
    const file = toBer(makePkcs12({ owner: "alice", password: "secret" }), false);
    expect(file[1]).toBe(0x80);
    await expect(keyWorksWithCertificate(identitiesOf(await importPkcs12(file, "secret", subtle))[0]!)).resolves.toBe(true);
    expectError(await importPkcs12(file, "wrong", subtle), "wrong-password");
  });

  it("encrypted contents in constructed [0] pieces", async () => {
    const file = toBer(makePkcs12({ owner: "alice", password: "secret", args: ["-nomac", ...THREE_DES.slice(0, 4)] }), true);
    const [identity] = identitiesOf(await importPkcs12(file, "secret", subtle));
    expect(identity!.chain).toHaveLength(2);
    expectError(await importPkcs12(file, "wrong", subtle), "wrong-password");
  });
});

describe("importPkcs12: matching and identities", () => {
  it("Ed25519 identity", async () => {
    const key = scratch.file("ed.key");
    const cert = scratch.file("ed.pem");
    openssl(["genpkey", "-algorithm", "ed25519", "-out", key]);
    openssl(["req", "-new", "-x509", "-key", key, "-subj", "/CN=Ed Example", "-days", "30", "-out", cert]);
    const file = makePkcs12({ owner: "alice", keyFile: key, certFile: cert, certfile: [], password: "secret" });
    const [identity] = identitiesOf(await importPkcs12(file, "secret", subtle));
    expect(identity!.keyKind).toBe("ed25519");
    expect(identity!.chain).toHaveLength(0);
    expect(await keyWorksWithCertificate(identity!)).toBe(true);
  });

  it("a renewed certificate with the same key: localKeyId picks the one the key bag names", async () => {
    const csr = scratch.file("renew.csr");
    const renewed = scratch.file("renewed.pem");
    const ext = scratch.file("renew.ext");
    writeFileSync(ext, "basicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature\nextendedKeyUsage = emailProtection\nauthorityKeyIdentifier = keyid:always\n");
    openssl(["req", "-new", "-key", fixtures.pki.alice.key, "-subj", "/C=JP/O=Example KK/CN=Alice Example", "-out", csr]);
    openssl(["x509", "-req", "-in", csr, "-CA", fixtures.pki.inter.certPem, "-CAkey", fixtures.pki.inter.key, "-set_serial", "4242", "-days", "30", "-extfile", ext, "-out", renewed]);
    const renewedDer = openssl(["x509", "-in", renewed, "-outform", "DER"]);
    // -in names the certificate the key belongs to: the older one, with the renewed one among the extras.
    const older = makePkcs12({ owner: "alice", password: "secret", extraCertPems: [renewed] });
    const [a] = identitiesOf(await importPkcs12(older, "secret", subtle));
    expect(sameBytes(a!.certificate, certDer(fixtures, "alice"))).toBe(true);
    const newer = makePkcs12({ owner: "alice", certFile: renewed, password: "secret", certfile: ["inter", "root", "alice"] });
    const [b] = identitiesOf(await importPkcs12(newer, "secret", subtle));
    expect(sameBytes(b!.certificate, new Uint8Array(renewedDer))).toBe(true);
    expect(b!.chain.map((d) => sameBytes(d, certDer(fixtures, "alice")))).not.toContain(true);
  });
});

describe("importPkcs12: limits and platform gaps", () => {
  const good = makePkcs12({ owner: "alice", password: "secret" });

  /** Replaces the MAC iteration count (the last INTEGER of MacData). */
  function withMacIterations(file: Uint8Array, iterations: number): Uint8Array {
    const pfx = asn1js.fromBER(file).result as asn1js.Sequence;
    const macData = pfx.valueBlock.value[2] as asn1js.Sequence;
    macData.valueBlock.value[2] = new asn1js.Integer({ value: iterations });
    return viewOf(pfx.toBER(false));
  }

  it("a hostile iteration count is unsupported, promptly", async () => {
    const start = performance.now();
    expectError(await importPkcs12(withMacIterations(good, MAX_KDF_WORK + 1), "secret", subtle), "unsupported");
    expectError(await importPkcs12(withMacIterations(good, 2 ** 40), "secret", subtle), "unsupported");
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it("a MAC iteration count of 0 is corrupt", async () => {
    expectError(await importPkcs12(withMacIterations(good, 0), "secret", subtle), "corrupt");
  });

  /** A SubtleCrypto that behaves like a browser lacking something: the named operations reject. */
  function crippled(refuse: (op: string, alg: unknown, keyLength?: number) => boolean): SubtleCrypto {
    return new Proxy(subtle, {
      get(target, prop: string) {
        const original = (target as unknown as Record<string, (...a: unknown[]) => unknown>)[prop];
        if (typeof original !== "function") return original;
        return (...args: unknown[]) => {
          const keyLength = prop === "importKey" ? (args[1] as Uint8Array | undefined)?.byteLength : undefined;
          if (refuse(prop, args[prop === "importKey" ? 2 : 0], keyLength)) return Promise.reject(new DOMException("refused", "NotSupportedError"));
          return original.apply(target, args);
        };
      },
    });
  }

  it("PBKDF2 falls back to forge where WebCrypto refuses an empty password", async () => {
    const file = makePkcs12({ owner: "alice", password: "" });
    const noEmptyPbkdf2 = crippled((op, alg, len) => op === "importKey" && alg === "PBKDF2" && len === 0);
    expect(await keyWorksWithCertificate(identitiesOf(await importPkcs12(file, "", noEmptyPbkdf2))[0]!)).toBe(true);
    expectError(await importPkcs12(makePkcs12({ owner: "alice", password: "x", args: ["-nomac"] }), "", noEmptyPbkdf2), "wrong-password");
  });

  it("AES-192 falls back to forge where WebCrypto lacks it (Chromium)", async () => {
    const file = makePkcs12({ owner: "alice", password: "secret", args: ["-nomac", "-keypbe", "AES-192-CBC", "-certpbe", "AES-192-CBC"] });
    const noAes192 = crippled((op, alg, len) => op === "importKey" && alg === "AES-CBC" && len === 24);
    expect(await keyWorksWithCertificate(identitiesOf(await importPkcs12(file, "secret", noAes192))[0]!)).toBe(true);
    expectError(await importPkcs12(file, "wrong", noAes192), "wrong-password");
  });

  it("a platform without Ed25519 says unsupported for an Ed25519 identity", async () => {
    const key = scratch.file("ed2.key");
    const cert = scratch.file("ed2.pem");
    openssl(["genpkey", "-algorithm", "ed25519", "-out", key]);
    openssl(["req", "-new", "-x509", "-key", key, "-subj", "/CN=Ed Example", "-days", "30", "-out", cert]);
    const file = makePkcs12({ owner: "alice", keyFile: key, certFile: cert, certfile: [], password: "secret" });
    const noEd25519 = crippled((op, alg) => op === "importKey" && (alg as { name?: string })?.name === "Ed25519");
    expectError(await importPkcs12(file, "secret", noEd25519), "unsupported");
  });

  it("never logs, and no detail repeats the password", async () => {
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => {}));
    try {
      const password = "Hunter2-secret-ü";
      const files = [good, makePkcs12({ owner: "alice", password, args: ["-nomac"] }), makePkcs12({ owner: "alice", password, args: ["-nokeys"] })];
      for (const f of files) {
        for (const p of [password, "Tr0ub4dor&3"]) {
          const result = await importPkcs12(f, p, subtle);
          if (!result.ok) expect(result.detail).not.toContain(p);
        }
      }
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

describe("importPkcs12: damaged files", () => {
  /** A hang guard, not a speed measurement: these files take milliseconds. */
  const MAX_MS_PER_INPUT = 2000;
  const ERRORS = ["wrong-password", "corrupt", "no-private-key", "no-certificate", "key-mismatch", "unsupported"];
  const seeds = [
    makePkcs12({ owner: "alice", password: "secret" }),
    makePkcs12({ owner: "bob", password: "secret", args: ["-nomac"] }),
    makePkcs12({ owner: "alice", password: "secret", args: ["-nomac", "-keypbe", "PBE-SHA1-3DES", "-certpbe", "PBE-SHA1-3DES"] }),
    makePkcs12({ owner: "alice", password: "secret", args: ["-nomac", "-keypbe", "NONE", "-certpbe", "NONE"] }),
  ];

  it("flipped bits, cut and repeated ranges give a result, never an exception", async () => {
    const r = rng(20240601);
    let imported = 0;
    for (let i = 0; i < 240; i++) {
      const seed = seeds[i % seeds.length]!;
      const bytes = new Uint8Array(seed);
      const at = Math.floor(r() * bytes.byteLength);
      switch (i % 3) {
        case 0:
          for (let k = 0; k < 1 + Math.floor(r() * 4); k++) bytes[Math.floor(r() * bytes.byteLength)]! ^= 1 << Math.floor(r() * 8);
          break;
        case 1:
          bytes[at] = Math.floor(r() * 256);
          break;
        default:
          bytes.copyWithin(at, Math.floor(r() * bytes.byteLength));
      }
      const start = performance.now();
      const result = await importPkcs12(bytes, "secret", subtle);
      expect(performance.now() - start).toBeLessThan(MAX_MS_PER_INPUT);
      if (result.ok) {
        imported++;
        for (const identity of result.identities) expect(await keyWorksWithCertificate(identity)).toBe(true);
      } else {
        expect(ERRORS).toContain(result.error);
      }
    }
    // Most damage is caught; some lands where nothing checks it (a certificate's signature, an unused attribute).
    expect(imported).toBeLessThan(240);
  });
});
