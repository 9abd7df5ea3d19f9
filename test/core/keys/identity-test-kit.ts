/**
 * Shared by the identity tests: OpenSSL as the maker of identity files (from the generated test PKI), a scratch
 * directory, and the check that an imported key really belongs to its certificate (it signs, the certificate's
 * public key verifies, both through WebCrypto).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { bufferSource, viewOf } from "../../../src/core/cms/der.js";
import { parseCertificate } from "../../../src/core/pki/certificate.js";
import type { Identity, IdentityImport, PrivateKeyKind } from "../../../src/core/keys/identity.js";
import type { FixtureSet, PkiName } from "../../fixtures/generate.js";

export const OPENSSL = process.env["INKAN_OPENSSL"] ?? "openssl";
export const subtle = globalThis.crypto.subtle;

export interface Run {
  readonly status: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

export function run(args: readonly string[], input?: Uint8Array): Run {
  const r = spawnSync(OPENSSL, args, { input, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout ?? Buffer.alloc(0), stderr: r.stderr?.toString("utf8") ?? String(r.error) };
}

/** Runs OpenSSL and fails the test with its stderr when it does not succeed. */
export function openssl(args: readonly string[], input?: Uint8Array): Buffer {
  const r = run(args, input);
  if (r.status !== 0) throw new Error(`openssl ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

export function scratchDir(prefix: string): { dir: string; file: (name: string) => string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, file: (name) => path.join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const read = (file: string): Uint8Array => new Uint8Array(readFileSync(file));

/** Arguments that make OpenSSL 3 write RC2 (and RC4) PBE: the legacy provider beside the default one. */
export const LEGACY_PROVIDER = ["-provider", "legacy", "-provider", "default"] as const;

/** Whether this OpenSSL can write files with the legacy ciphers (RC2), and if not why. */
export function legacyProviderProblem(fixtures: FixtureSet, out: string): string | null {
  const r = run([
    "pkcs12", "-export", "-inkey", fixtures.pki.alice.key, "-in", fixtures.pki.alice.certPem,
    "-keypbe", "PBE-SHA1-RC2-40", "-certpbe", "PBE-SHA1-RC2-40", ...LEGACY_PROVIDER, "-passout", "pass:x", "-out", out,
  ]);
  return r.status === 0 ? null : `OpenSSL's legacy provider is not available: ${r.stderr.split("\n")[0]}`;
}

export function certDer(fixtures: FixtureSet, name: PkiName): Uint8Array {
  return read(fixtures.pki[name].certDer);
}

export function identitiesOf(result: IdentityImport): readonly Identity[] {
  if (!result.ok) throw new Error(`import failed: ${result.error}: ${result.detail}`);
  return result.identities;
}

function spkiOf(certificate: Uint8Array): Uint8Array {
  const parsed = parseCertificate(certificate);
  if (!parsed.ok) throw new Error(parsed.error);
  return viewOf(parsed.value.cert.subjectPublicKeyInfo.toSchema().toBER(false));
}

const SIGNING: Record<Exclude<PrivateKeyKind, "x25519">, { key: RsaHashedImportParams | EcKeyImportParams | Algorithm; sign: Algorithm | EcdsaParams }> = {
  rsa: { key: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, sign: { name: "RSASSA-PKCS1-v1_5" } },
  "ec-p256": { key: { name: "ECDSA", namedCurve: "P-256" }, sign: { name: "ECDSA", hash: "SHA-256" } as EcdsaParams },
  "ec-p384": { key: { name: "ECDSA", namedCurve: "P-384" }, sign: { name: "ECDSA", hash: "SHA-384" } as EcdsaParams },
  "ec-p521": { key: { name: "ECDSA", namedCurve: "P-521" }, sign: { name: "ECDSA", hash: "SHA-512" } as EcdsaParams },
  ed25519: { key: { name: "Ed25519" }, sign: { name: "Ed25519" } },
};

/**
 * Proves the private key belongs to the certificate: a signature made with the key verifies with the
 * certificate's public key (X25519 cannot sign: an ephemeral key agreement must give the same secret both ways).
 */
export async function keyWorksWithCertificate(identity: Identity): Promise<boolean> {
  const spki = spkiOf(identity.certificate);
  if (identity.keyKind === "x25519") {
    const own = await subtle.importKey("pkcs8", bufferSource(identity.privateKey), { name: "X25519" }, false, ["deriveBits"]);
    const certKey = await subtle.importKey("spki", bufferSource(spki), { name: "X25519" }, false, []);
    const eph = (await subtle.generateKey({ name: "X25519" }, false, ["deriveBits"])) as CryptoKeyPair;
    const a = new Uint8Array(await subtle.deriveBits({ name: "X25519", public: eph.publicKey } as EcdhKeyDeriveParams, own, 256));
    const b = new Uint8Array(await subtle.deriveBits({ name: "X25519", public: certKey } as EcdhKeyDeriveParams, eph.privateKey, 256));
    return Buffer.from(a).equals(Buffer.from(b));
  }
  const alg = SIGNING[identity.keyKind];
  const data = new TextEncoder().encode("inkan identity check");
  const priv = await subtle.importKey("pkcs8", bufferSource(identity.privateKey), alg.key, false, ["sign"]);
  const pub = await subtle.importKey("spki", bufferSource(spki), alg.key, false, ["verify"]);
  const signature = await subtle.sign(alg.sign, priv, data);
  const good = await subtle.verify(alg.sign, pub, signature, data);
  const tampered = new Uint8Array(data);
  tampered[0]! ^= 1;
  const bad = await subtle.verify(alg.sign, pub, signature, tampered);
  return good && !bad;
}

export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));
