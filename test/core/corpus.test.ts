import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseCertificate, type ParsedCertificate } from "../../src/core/pki/certificate.js";
import { certificatesFromFile, decodePem } from "../../src/core/pki/pem.js";
import { validatePath } from "../../src/core/pki/validate-path.js";
import type { Reason, Status } from "../../src/core/verdict-types.js";
import { verifyCms } from "../../src/core/verify-cms.js";
import { verifyMessage } from "../../src/core/verify-message.js";

/** The conformance corpus lives beside the checkout; a fresh clone without it skips these tests and says so. */
const CORPUS = fileURLToPath(new URL("../../../shared/corpus/", import.meta.url));
const present = existsSync(CORPUS);
if (!present) console.warn(`corpus tests skipped: ${CORPUS} does not exist (the shared corpus is not beside this checkout)`);

const read = (p: string): Uint8Array => new Uint8Array(readFileSync(CORPUS + p));
const certs = (...paths: string[]): Uint8Array[] => paths.flatMap((p) => certificatesFromFile(read(p)));
const parsed = (...paths: string[]): ParsedCertificate[] =>
  certs(...paths).map((d) => {
    const c = parseCertificate(d);
    if (!c.ok) throw new Error(c.error);
    return c.value;
  });

const LAMPS = "rfc9216-certs-wbond-certvalidator/";
const IRELAND = "draft-ireland-examples-cms/";
const EX_CONTENT = "This is some sample content.";

interface CmsCase {
  readonly file: string;
  readonly what: string;
  readonly anchors: readonly string[];
  readonly extra?: readonly string[];
  readonly detached?: string;
  readonly at?: string;
  readonly status: Status;
  readonly reasons?: readonly Reason[];
  readonly signers?: number;
  readonly content?: string;
}

const RFC4134_ROOTS = ["rfc4134/CarlRSASelf.cer", "rfc4134/CarlDSSSelf.cer"];
const LAMPS_ROOTS = [`${LAMPS}Sample_LAMPS_RSA_Certification_Authority.selfsigned.pem`, `${LAMPS}Sample_LAMPS_Ed25519_Certification_Authority.selfsigned.pem`];

const CMS_CASES: readonly CmsCase[] = [
  // RFC 4134 (2005 algorithms): the RSA/SHA-1 signatures are intact but SHA-1 is weak; DSA cannot be checked here.
  { file: "rfc4134/4.1.bin", what: "DSA/SHA-1 attached", anchors: RFC4134_ROOTS, status: "untrusted", reasons: ["unsupported-algorithm", "weak-algorithm"], content: EX_CONTENT },
  { file: "rfc4134/4.2.bin", what: "RSA/SHA-1 attached", anchors: RFC4134_ROOTS, status: "untrusted", reasons: ["weak-algorithm"], content: EX_CONTENT },
  { file: "rfc4134/4.3.bin", what: "DSA detached over ExContent", anchors: RFC4134_ROOTS, detached: EX_CONTENT, status: "untrusted", reasons: ["unsupported-algorithm"] },
  { file: "rfc4134/4.5.bin", what: "all-RSA with Carl's root", anchors: RFC4134_ROOTS, status: "untrusted", reasons: ["weak-algorithm"] },
  { file: "rfc4134/4.6.bin", what: "two DSA signers, inherited parameters", anchors: RFC4134_ROOTS, status: "untrusted", signers: 2, reasons: ["unsupported-algorithm"] },
  { file: "rfc4134/4.7.bin", what: "signer by subject key identifier", anchors: RFC4134_ROOTS, status: "untrusted", signers: 1, reasons: ["unsupported-algorithm"] },
  { file: "rfc4134/4.10.bin", what: "unknown signed attributes ignored", anchors: RFC4134_ROOTS, status: "untrusted", reasons: ["unsupported-algorithm"] },
  { file: "rfc4134/4.11.bin", what: "certificates-only bag", anchors: RFC4134_ROOTS, status: "invalid", reasons: ["no-signer"], signers: 0 },
  // Modern examples on the RFC 9216 keys.
  { file: `${IRELAND}binary-files/signedByAliceRSA.p7m`, what: "RSA PKCS#1 v1.5 SHA-256", anchors: LAMPS_ROOTS, status: "verified", content: EX_CONTENT },
  { file: `${IRELAND}binary-files/signedByAliceRSAPSS.p7m`, what: "RSASSA-PSS", anchors: LAMPS_ROOTS, status: "verified", content: EX_CONTENT },
  { file: `${IRELAND}binary-files/signedByCarlosEd25519.p7m`, what: "Ed25519 with signed attributes", anchors: LAMPS_ROOTS, status: "verified", content: EX_CONTENT },
  { file: `${IRELAND}pem-encoded/signedByAliceRSA.pem`, what: "the same object in PEM", anchors: LAMPS_ROOTS, status: "verified" },
  { file: `${IRELAND}binary-files/signedByCarlosDetached.p7m`, what: "pure Ed25519 detached, SKI signer", anchors: LAMPS_ROOTS, extra: [`${IRELAND}certs-and-keys/lamps-carlos.crt`], detached: EX_CONTENT, status: "verified" },
  { file: `${IRELAND}binary-files/signedByCarlosDetached.p7m`, what: "pure Ed25519 detached over altered content", anchors: LAMPS_ROOTS, extra: [`${IRELAND}certs-and-keys/lamps-carlos.crt`], detached: "This is some sample content!", status: "invalid", reasons: ["bad-signature"] },
  { file: `${IRELAND}binary-files/signedByAliceAndCarlosNoCerts.p7m`, what: "two signers, certificates supplied", anchors: LAMPS_ROOTS, extra: [`${IRELAND}certs-and-keys/lamps-alice.crt`, `${IRELAND}certs-and-keys/lamps-carlos.crt`], status: "verified", signers: 2 },
  { file: `${IRELAND}binary-files/signedByAliceAndCarlosNoCerts.p7m`, what: "two signers, certificates missing", anchors: LAMPS_ROOTS, status: "untrusted", reasons: ["signer-cert-missing"], signers: 2 },
  { file: `${IRELAND}binary-files/signedByAliceRSA.p7m`, what: "RSA without trusting the LAMPS root", anchors: RFC4134_ROOTS, status: "untrusted", reasons: ["untrusted-root"] },
];

function pemOrDer(bytes: Uint8Array): Uint8Array {
  const text = new TextDecoder("latin1").decode(bytes);
  const m = /-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END/.exec(text);
  return m ? new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ""), "base64")) : bytes;
}

describe.skipIf(!present)("corpus: bare CMS objects", () => {
  it.each(CMS_CASES.map((c) => [`${c.file} — ${c.what}`, c] as const))("%s", async (_name, c) => {
    const v = await verifyCms(pemOrDer(read(c.file)), {
      trustAnchors: certs(...c.anchors),
      extraCertificates: certs(...(c.extra ?? [])),
      useDefaultRoots: false,
      now: c.at ? new Date(c.at) : undefined,
      detachedContent: c.detached !== undefined ? new TextEncoder().encode(c.detached) : undefined,
    });
    expect(v.status, v.notes.join("; ")).toBe(c.status);
    for (const r of c.reasons ?? []) expect(v.reasons).toContain(r);
    if (c.signers !== undefined) expect(v.signers).toHaveLength(c.signers);
    if (c.content !== undefined) expect(new TextDecoder().decode(v.content ?? new Uint8Array())).toBe(c.content);
  });

  it.each([
    ["rfc4134/5.1.bin", "enveloped-data"],
    ["rfc4134/6.0.bin", "digested-data"],
    ["rfc4134/3.1.bin", "data"],
    ["rfc4134/7.1.bin", "encrypted-data"],
    [`${IRELAND}binary-files/encryptedKekri.p7m`, "enveloped-data"],
    [`${IRELAND}binary-files/authEnvelopedForBobChaCha20Poly1305.p7m`, "auth-enveloped-data"],
  ])("%s is recognised as %s, not as a signature", async (file, type) => {
    const v = await verifyCms(read(file), { useDefaultRoots: false });
    expect(v.contentType).toBe(type);
    expect(v.status).toBe("unsigned");
  });
});

interface MailCase {
  readonly file: string;
  readonly what: string;
  readonly anchors: readonly string[];
  readonly at?: string;
  readonly status: Status | readonly Status[];
  readonly reasons?: readonly Reason[];
  readonly encryption?: "none" | "no-key" | "decrypted";
  readonly signerEmail?: string;
  /** The recipient's key (PKCS #8 PEM) and certificate, to decrypt with. */
  readonly identity?: { readonly key: string; readonly cert: string };
  readonly integrity?: "aead" | "none";
}

const SMIME_RS = "smime-rs-selected/general/";
const MAIL_CASES: readonly MailCase[] = [
  { file: `${SMIME_RS}smime-multipart.eml`, what: "RFC 9788 sample signed by Alice", anchors: LAMPS_ROOTS, at: "2021-02-20T16:00:00Z", status: "verified", signerEmail: "alice@smime.example" },
  { file: `${SMIME_RS}smime-multipart.eml`, what: "the same without its root", anchors: [], at: "2021-02-20T16:00:00Z", status: "untrusted", reasons: ["untrusted-root"] },
  { file: `${SMIME_RS}signed-rsa-pss.eml`, what: "Thunderbird RSASSA-PSS mail, DigiCert chain absent", anchors: [], status: "untrusted", reasons: ["untrusted-root"], signerEmail: "taavi@zone.ee" },
  { file: `${SMIME_RS}duplicate-signed-attrs.eml`, what: "two contentType and two messageDigest attributes", anchors: [], status: "invalid", reasons: ["bad-signed-attributes"] },
  { file: `${SMIME_RS}no-message-digest-attr.eml`, what: "signed attributes without messageDigest", anchors: [], status: "invalid", reasons: ["bad-signed-attributes"] },
  { file: `${SMIME_RS}ed25519.eml`, what: "Ed25519, self-signed, no address in the certificate", anchors: [], status: "mismatch", reasons: ["self-signed", "cert-without-email"] },
  { file: `${SMIME_RS}smime-enc-signed.eml`, what: "signed inside encrypted, no key", anchors: LAMPS_ROOTS, status: "unsigned", encryption: "no-key" },
  { file: `${SMIME_RS}test_encrypted_gcm256.eml`, what: "AuthEnvelopedData, no key", anchors: [], status: "unsigned", encryption: "no-key" },
  { file: `${SMIME_RS}smime-enc-signed.eml`, what: "RFC 9788 signed inside encrypted, Bob's key", anchors: LAMPS_ROOTS, at: "2021-02-20T16:00:00Z", status: "verified", encryption: "decrypted", integrity: "none", signerEmail: "alice@smime.example", identity: { key: `${IRELAND}certs-and-keys/lamps-bob.decrypt.p8.pem`, cert: `${IRELAND}certs-and-keys/lamps-bob.encrypt.crt` } },
  { file: `${SMIME_RS}test_encrypted_gcm256.eml`, what: "AuthEnvelopedData AES-256-GCM with the key", anchors: [], status: "unsigned", encryption: "decrypted", integrity: "aead", identity: { key: "smime-rs-selected/keys/test_rsa.key", cert: "smime-rs-selected/keys/test_rsa.pem" } },
  { file: `${SMIME_RS}test_encrypted_gcm_icvlen12.eml`, what: "AES-GCM with the default 12-byte tag", anchors: [], status: "unsigned", encryption: "decrypted", integrity: "aead", identity: { key: "smime-rs-selected/keys/test_rsa.key", cert: "smime-rs-selected/keys/test_rsa.pem" } },
  { file: "rfc4134/4.8.eml", what: "LF-only multipart/signed, header-less first part, From differs from the certificate", anchors: RFC4134_ROOTS, status: "mismatch", reasons: ["email-mismatch", "unsupported-algorithm"] },
  { file: "rfc4134/4.9.eml", what: "opaque signed-data", anchors: RFC4134_ROOTS, status: "mismatch", reasons: ["email-mismatch"] },
  { file: "rfc4134/5.3.eml", what: "enveloped-data mail", anchors: RFC4134_ROOTS, status: "unsigned", encryption: "no-key" },
  // OpenSSL regression: empty digestAlgorithms. Acceptable: rejected, or verified while ignoring the set; never trusted.
  { file: "openssl-cms-test-data/pkcs7-empty-digest-set.eml", what: "empty digestAlgorithms SET", anchors: [], status: ["invalid", "untrusted", "mismatch"] },
];

describe.skipIf(!present)("corpus: mail messages", () => {
  it.each(MAIL_CASES.map((c) => [`${c.file} — ${c.what}`, c] as const))("%s", async (_name, c) => {
    const identities = c.identity
      ? [{ certificate: certs(c.identity.cert)[0]!, chain: [], privateKey: decodePem(new TextDecoder().decode(read(c.identity.key)))[0]!.der, keyKind: "rsa" as const, friendlyName: null }]
      : [];
    const v = await verifyMessage(read(c.file), { trustAnchors: certs(...c.anchors), useDefaultRoots: false, now: c.at ? new Date(c.at) : undefined, identities });
    if (c.integrity) expect(v.integrity).toBe(c.integrity);
    const allowed = typeof c.status === "string" ? [c.status] : c.status;
    expect(allowed, JSON.stringify(v.layers)).toContain(v.status);
    if (typeof c.status !== "string") expect(v.status).not.toBe("verified");
    for (const r of c.reasons ?? []) expect(v.reasons).toContain(r);
    if (c.encryption) expect(v.encryption).toBe(c.encryption);
    if (c.signerEmail) expect(v.signers[0]?.email).toBe(c.signerEmail);
  });
});

describe.skipIf(!present)("corpus: RFC 9216 path validation (certvalidator expectations)", () => {
  const at = new Date("2022-04-21T00:00:00Z");
  const subtle = globalThis.crypto.subtle;
  const leaf = (name: string) => parsed(`${LAMPS}${name}`)[0]!;
  const cases = [
    { what: "alice sig under the RSA root", leaf: "alice@smime.example.sig.pem", anchors: ["Sample_LAMPS_RSA_Certification_Authority.selfsigned.pem"], inter: [], ok: true, length: 2 },
    { what: "carlos sig under the Ed25519 root", leaf: "carlos@smime.example.sig.pem", anchors: ["Sample_LAMPS_Ed25519_Certification_Authority.selfsigned.pem"], inter: [], ok: true, length: 2 },
    { what: "dana sig via the cross-signed Ed25519 CA to the RSA root", leaf: "dana@smime.example.sig.pem", anchors: ["Sample_LAMPS_RSA_Certification_Authority.selfsigned.pem"], inter: ["Sample_LAMPS_Ed25519_Certification_Authority.crosssigned.pem"], ok: true, length: 3 },
    { what: "bob sig via the cross-signed RSA CA to the Ed25519 root", leaf: "bob@smime.example.sig.pem", anchors: ["Sample_LAMPS_Ed25519_Certification_Authority.selfsigned.pem"], inter: ["Sample_LAMPS_RSA_Certification_Authority.crosssigned.pem"], ok: true, length: 3 },
    { what: "bob sig with only the cross-signed Ed25519 CA as anchor", leaf: "bob@smime.example.sig.pem", anchors: ["Sample_LAMPS_Ed25519_Certification_Authority.crosssigned.pem"], inter: [], ok: false, length: 0 },
  ];
  it.each(cases.map((c) => [c.what, c] as const))("%s", async (_name, c) => {
    const result = await validatePath({
      subtle,
      leaf: leaf(c.leaf),
      intermediates: c.inter.flatMap((f) => parsed(`${LAMPS}${f}`)),
      anchors: c.anchors.flatMap((f) => parsed(`${LAMPS}${f}`)),
      signingTime: at,
      now: at,
    });
    if (c.ok) {
      expect(result.problems, result.notes.join("; ")).toEqual([]);
      expect(result.anchor).not.toBeNull();
      expect(result.chain).toHaveLength(c.length);
    } else {
      expect(result.anchor).toBeNull();
      expect(result.problems).toContain("untrusted-root");
    }
  });
});
