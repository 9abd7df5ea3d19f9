/**
 * A trust anchor is a name and a key. A certificate that copies a trusted root's name and key identifier but holds
 * another key must not stand in for the root, or anyone could mint a "root" and sign as any address. A genuine
 * re-issue of the root (same name, same key, new validity) still does. Made with OpenSSL at test time.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { verifyMessage } from "../../../src/core/verify-message.js";

const OPENSSL = process.env["INKAN_OPENSSL"] ?? "openssl";
const dir = mkdtempSync(path.join(tmpdir(), "inkan-anchor-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openssl(args: readonly string[]): string {
  return execFileSync(OPENSSL, args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] }).toString("latin1");
}

function write(name: string, text: string): string {
  writeFileSync(path.join(dir, name), text);
  return name;
}

const ROOT_SUBJECT = "/O=Inkan Test/CN=Inkan Substitution Root";

function selfSigned(name: string, key: string, ski: string): void {
  write(`${name}.cnf`, `[req]\ndistinguished_name=dn\n[dn]\n[v3]\nbasicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=${ski}\n`);
  openssl(["req", "-new", "-x509", "-key", key, "-subj", ROOT_SUBJECT, "-days", "30", "-sha256", "-config", `${name}.cnf`, "-extensions", "v3", "-out", `${name}.pem`]);
}

function skiOf(cert: string): string {
  const text = openssl(["x509", "-in", cert, "-noout", "-ext", "subjectKeyIdentifier"]);
  const hex = /Identifier:\s*\n\s*([0-9A-F:]+)/.exec(text)?.[1];
  if (!hex) throw new Error(`no subjectKeyIdentifier in ${cert}: ${text}`);
  return hex;
}

function leafSignedBy(name: string, caCert: string, caKey: string, email: string): void {
  openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", `${name}.key`]);
  write(`${name}-req.cnf`, "[req]\ndistinguished_name=dn\n[dn]\n");
  openssl(["req", "-new", "-key", `${name}.key`, "-subj", `/CN=${email}`, "-config", `${name}-req.cnf`, "-out", `${name}.csr`]);
  write(
    `${name}.cnf`,
    `basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=emailProtection\nsubjectAltName=email:${email}\nauthorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n`,
  );
  openssl(["x509", "-req", "-in", `${name}.csr`, "-CA", caCert, "-CAkey", caKey, "-CAcreateserial", "-days", "20", "-sha256", "-extfile", `${name}.cnf`, "-out", `${name}.pem`]);
}

function signedMail(name: string, signer: string, embedded: string): Uint8Array {
  const body = write(`${name}.txt`, `From: ceo@example.jp\r\nTo: staff@example.jp\r\nSubject: pay this invoice\r\n\r\nPlease pay today.\r\n`);
  openssl(["cms", "-sign", "-in", body, "-signer", `${signer}.pem`, "-inkey", `${signer}.key`, "-certfile", embedded, "-md", "sha256", "-out", `${name}.eml`]);
  // OpenSSL writes only the MIME entity; the From it is judged against goes on top, as a mail system would add it.
  return new Uint8Array(Buffer.concat([Buffer.from("From: ceo@example.jp\r\n"), readFileSync(path.join(dir, `${name}.eml`))]));
}

function der(pem: string): Uint8Array {
  openssl(["x509", "-in", pem, "-outform", "DER", "-out", `${pem}.der`]);
  return new Uint8Array(readFileSync(path.join(dir, `${pem}.der`)));
}

openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "root.key"]);
selfSigned("root", "root.key", "hash");
const rootSki = skiOf("root.pem");
// The forger's "root": the real root's name and key identifier, the forger's own key.
openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "forged.key"]);
selfSigned("forged", "forged.key", rootSki);
// A genuine re-issue: the same key under the same name, certified again.
selfSigned("reissued", "root.key", "hash");
leafSignedBy("mallory", "forged.pem", "forged.key", "ceo@example.jp");
leafSignedBy("ceo", "root.pem", "root.key", "ceo@example.jp");

describe("trust anchor substitution", () => {
  const anchors = { trustAnchors: [der("root.pem")], useDefaultRoots: false };

  it("sets up the forged root with the real root's name and key identifier", () => {
    expect(skiOf("forged.pem")).toBe(rootSki);
    expect(openssl(["x509", "-in", "forged.pem", "-noout", "-subject"])).toBe(openssl(["x509", "-in", "root.pem", "-noout", "-subject"]));
  });

  it("does not trust a chain that ends in a certificate copying the root's name and key identifier", async () => {
    const verdict = await verifyMessage(signedMail("forged", "mallory", "forged.pem"), anchors);
    expect(verdict.status).not.toBe("verified");
    expect(verdict.reasons).toContain("untrusted-root");
  });

  it("trusts a message that carries a re-issued copy of the root (the same key) beside its signer", async () => {
    const verdict = await verifyMessage(signedMail("reissued", "ceo", "reissued.pem"), anchors);
    expect(verdict.status).toBe("verified");
  });
});
