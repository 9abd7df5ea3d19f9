/**
 * The benchmark PKI: an RSA-2048 root, an issuing CA and one mail user who signs and receives encrypted mail, made
 * with OpenSSL and kept in bench/out/pki between runs. The user's key and certificate also come as a PKCS #12 file,
 * which is what the CLI reads. It is remade when a file is missing, when PKI_VERSION changes or before the user
 * certificate ends.
 */
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { openssl } from "./openssl.js";
import { OUT_DIR } from "./paths.js";

/** Bump when the certificates change shape, so that every checkout remakes them. */
const PKI_VERSION = 2;
const DAY_MS = 86_400_000;
/** Remade this long before the user certificate ends, so a cached message never turns "expired" mid-run. */
const RENEW_BEFORE_DAYS = 30;
const USER_DAYS = 730;

export const BENCH_SIGNER_EMAIL = "bench@example.jp";

export interface BenchPki {
  readonly dir: string;
  readonly rootPem: string;
  readonly rootDer: Uint8Array;
  readonly rootDerFile: string;
  readonly interPem: string;
  readonly userPem: string;
  /** PKCS #8 PEM. */
  readonly userKey: string;
  /** The user's key, certificate and issuing CA in PKCS #12, as `openssl pkcs12 -export` writes it by default. */
  readonly userP12: string;
  /** The PKCS #12 password, on one line. */
  readonly userPasswordFile: string;
  /** Changes whenever the PKI is remade: whatever was signed with an older one is stale. */
  readonly id: string;
}

interface Stamp {
  readonly version: number;
  readonly userNotAfter: string;
}

export const PKI_DIR = path.join(OUT_DIR, "pki");
const FILES = ["root.pem", "root.der", "root.key", "inter.pem", "inter.key", "user.pem", "user.key", "user.p12", "user.pass", "stamp.json"] as const;

const CONFIG = `
[ req ]
distinguished_name = req_dn
prompt = no
[ req_dn ]
CN = unused
[ ext_root ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ ext_inter ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ ext_user ]
basicConstraints = critical, CA:FALSE
# RSA key transport to this user needs keyEncipherment (RFC 5280 §4.2.1.3); encrypters refuse the certificate without it.
keyUsage = critical, digitalSignature, nonRepudiation, keyEncipherment
extendedKeyUsage = emailProtection
subjectAltName = email:${BENCH_SIGNER_EMAIL}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
`;

function isCurrent(): boolean {
  if (!FILES.every((f) => fs.existsSync(path.join(PKI_DIR, f)))) return false;
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(PKI_DIR, "stamp.json"), "utf8")) as Stamp;
    return stamp.version === PKI_VERSION && Date.parse(stamp.userNotAfter) - Date.now() > RENEW_BEFORE_DAYS * DAY_MS;
  } catch {
    return false;
  }
}

function issue(work: string, name: string, subject: string, issuer: string | null, days: number): void {
  openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", `${name}.key`], work);
  const common = ["-sha256", "-days", String(days)];
  if (issuer === null) {
    openssl(["req", "-new", "-x509", "-config", "openssl.cnf", "-extensions", `ext_${name}`, "-key", `${name}.key`, "-subj", subject, ...common, "-out", `${name}.pem`], work);
    return;
  }
  openssl(["req", "-new", "-config", "openssl.cnf", "-key", `${name}.key`, "-subj", subject, "-out", `${name}.csr`], work);
  openssl([
    "x509", "-req", "-in", `${name}.csr`, "-CA", `${issuer}.pem`, "-CAkey", `${issuer}.key`,
    "-set_serial", `0x${randomBytes(8).toString("hex").replace(/^./, "1")}`,
    "-extfile", "openssl.cnf", "-extensions", `ext_${name}`, ...common, "-out", `${name}.pem`,
  ], work);
}

function make(): void {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const work = fs.mkdtempSync(path.join(OUT_DIR, "pki-tmp-"));
  try {
    fs.writeFileSync(path.join(work, "openssl.cnf"), CONFIG);
    issue(work, "root", "/C=JP/O=Inkan Bench PKI/CN=Inkan Bench Root CA", null, 3650);
    issue(work, "inter", "/C=JP/O=Inkan Bench PKI/CN=Inkan Bench Issuing CA", "root", 1825);
    openssl(["x509", "-in", "root.pem", "-outform", "DER", "-out", "root.der"], work);
    issue(work, "user", `/C=JP/O=Example KK/CN=Bench Sender`, "inter", USER_DAYS);
    fs.writeFileSync(path.join(work, "user.pass"), `${randomBytes(12).toString("hex")}\n`);
    openssl(["pkcs12", "-export", "-in", "user.pem", "-inkey", "user.key", "-certfile", "inter.pem", "-name", "Bench Sender", "-passout", "file:user.pass", "-out", "user.p12"], work);
    const stamp: Stamp = { version: PKI_VERSION, userNotAfter: new Date(Date.now() + USER_DAYS * DAY_MS).toISOString() };
    fs.writeFileSync(path.join(work, "stamp.json"), `${JSON.stringify(stamp, null, 2)}\n`);
    fs.rmSync(PKI_DIR, { recursive: true, force: true });
    fs.renameSync(work, PKI_DIR);
  } catch (error) {
    fs.rmSync(work, { recursive: true, force: true });
    throw error;
  }
}

export function ensureBenchPki(log: (line: string) => void): BenchPki {
  if (!isCurrent()) {
    log("bench: making the test PKI in bench/out/pki");
    make();
  }
  return benchPkiAt(PKI_DIR);
}

/** The PKI in `dir` as it is, for a child process that the bench already gave a current one. */
export function benchPkiAt(dir: string): BenchPki {
  const file = (name: string): string => path.join(dir, name);
  const userPemText = fs.readFileSync(file("user.pem"), "latin1");
  return {
    dir,
    rootPem: file("root.pem"),
    rootDer: new Uint8Array(fs.readFileSync(file("root.der"))),
    rootDerFile: file("root.der"),
    interPem: file("inter.pem"),
    userPem: file("user.pem"),
    userKey: file("user.key"),
    userP12: file("user.p12"),
    userPasswordFile: file("user.pass"),
    id: createHash("sha256").update(userPemText).digest("hex").slice(0, 16),
  };
}
