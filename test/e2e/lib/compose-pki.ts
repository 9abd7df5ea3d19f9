/**
 * The parties of a compose test: a sender and recipients with mail certificates that can both sign and receive
 * encrypted mail (RSA with keyEncipherment, EC with keyAgreement), issued by the generated fixtures' issuing CA, so
 * that the fixtures' root is the one trust anchor. Written as other tools want them: `<name>.pem` (certificate),
 * `<name>.key` (unencrypted PKCS #8 PEM) and the root as `ca.pem`, nothing else; the files made on the way (requests,
 * the .p12 for the Certificates view, bundles) go to a scratch directory.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FixtureSet } from "../../fixtures/generate.js";

const OPENSSL = process.env["INKAN_OPENSSL"] ?? "openssl";
const VALIDITY_DAYS = 365;

export type PartyKey = "rsa-2048" | "ec-P-256" | "ec-P-384";

export interface PartySpec {
  /** File name stem: `<name>.pem`, `<name>.key`. */
  readonly name: string;
  readonly address: string;
  readonly displayName: string;
  readonly key: PartyKey;
}

export interface Party extends PartySpec {
  readonly certPem: string;
  /** Unencrypted PKCS #8 PEM. */
  readonly keyPem: string;
}

export interface ComposePki {
  readonly dir: string;
  /** The fixtures' root, as ca.pem. */
  readonly caPem: string;
  readonly parties: Readonly<Record<string, Party>>;
  /** Every recipient certificate in one PEM file, for one import into the Certificates view. */
  readonly bundle: (names: readonly string[]) => string;
  /** The party's key, certificate and the issuing CA as PKCS #12 with `password`. */
  readonly p12: (name: string, password: string) => string;
  /** Removes the scratch directory (the keys directory stays). */
  readonly removeScratch: () => void;
}

/**
 * Mail certificates as the CA/Browser Forum's S/MIME requirements shape them, valid for VALIDITY_DAYS from now: more
 * than the 30 days before the end from which the pane calls a certificate "expiring".
 */
function extensions(p: PartySpec): string {
  const usage = p.key === "rsa-2048" ? "digitalSignature, nonRepudiation, keyEncipherment" : "digitalSignature, nonRepudiation, keyAgreement";
  return [
    "[ ext ]",
    "basicConstraints = critical, CA:FALSE",
    `keyUsage = critical, ${usage}`,
    "extendedKeyUsage = emailProtection",
    `subjectAltName = email:${p.address}`,
    "subjectKeyIdentifier = hash",
    "authorityKeyIdentifier = keyid:always",
    "",
  ].join("\n");
}

function openssl(args: readonly string[]): Buffer {
  try {
    return execFileSync(OPENSSL, args, { stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString("utf8") ?? "";
    throw new Error(`openssl ${args.join(" ")} failed:\n${stderr}`, { cause: error });
  }
}

function keyArgs(key: PartyKey): string[] {
  return key === "rsa-2048"
    ? ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]
    : ["-algorithm", "EC", "-pkeyopt", `ec_paramgen_curve:${key.slice("ec-".length)}`, "-pkeyopt", "ec_param_enc:named_curve"];
}

export function makeComposePki(fx: FixtureSet, dir: string, specs: readonly PartySpec[]): ComposePki {
  mkdirSync(dir, { recursive: true });
  const caPem = join(dir, "ca.pem");
  copyFileSync(fx.pki.root.certPem, caPem);
  const work = mkdtempSync(join(tmpdir(), "inkan-compose-pki-"));
  const parties: Record<string, Party> = {};
  specs.forEach((spec, i) => {
    const keyPem = join(dir, `${spec.name}.key`);
    const certPem = join(dir, `${spec.name}.pem`);
    const csr = join(work, `${spec.name}.csr`);
    const ext = join(work, `${spec.name}.ext`);
    // genpkey writes PKCS #8 ("BEGIN PRIVATE KEY"), unencrypted without -cipher.
    openssl(["genpkey", ...keyArgs(spec.key), "-out", keyPem]);
    openssl(["req", "-new", "-key", keyPem, "-subj", `/C=JP/O=Inkan Compose Test/CN=${spec.displayName}`, "-out", csr]);
    writeFileSync(ext, extensions(spec));
    openssl([
      "x509", "-req", "-in", csr, "-CA", fx.pki.inter.certPem, "-CAkey", fx.pki.inter.key,
      "-set_serial", String(0x5000 + i + Math.floor(Math.random() * 0xffff) * 0x100), "-days", String(VALIDITY_DAYS), "-sha256",
      "-extfile", ext, "-extensions", "ext", "-out", certPem,
    ]);
    parties[spec.name] = { ...spec, certPem, keyPem };
  });
  return {
    dir,
    caPem,
    parties,
    bundle(names) {
      const file = join(work, `bundle-${names.join("-")}.pem`);
      writeFileSync(file, names.map((n) => readFileSync(parties[n]!.certPem, "latin1")).join(""), "latin1");
      return file;
    },
    p12(name, password) {
      const party = parties[name]!;
      const file = join(work, `${name}.p12`);
      openssl(["pkcs12", "-export", "-inkey", party.keyPem, "-in", party.certPem, "-certfile", fx.pki.inter.certPem, "-name", party.displayName, "-passout", `pass:${password}`, "-out", file]);
      return file;
    },
    removeScratch: () => rmSync(work, { recursive: true, force: true }),
  };
}
