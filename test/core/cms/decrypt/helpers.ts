/** Shared by the decryption tests: identities from key files, and OpenSSL as the encrypting peer. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { FixtureSet, PkiName } from "../../../fixtures/generate.js";
import type { Identity, PrivateKeyKind } from "../../../../src/core/keys/identity.js";
import { certificatesFromFile, decodePem } from "../../../../src/core/pki/pem.js";

export const OPENSSL = process.env["INKAN_OPENSSL"] ?? "openssl";

/** The key kinds of the test PKI's end entities used here. */
export const PKI_KEY_KIND: Partial<Record<PkiName, PrivateKeyKind>> = {
  alice: "rsa",
  info: "rsa",
  mallory: "rsa",
  expired: "rsa",
  bob: "ec-p256",
  carol: "ec-p384",
  dave: "ec-p521",
};

/** A PKCS #8 key file, DER or PEM. */
export function privateKeyFile(file: string): Uint8Array {
  const bytes = new Uint8Array(readFileSync(file));
  if (bytes[0] === 0x30) return bytes;
  const block = decodePem(new TextDecoder("latin1").decode(bytes)).find((b) => b.label === "PRIVATE KEY");
  if (!block) throw new Error(`${file} holds no PKCS #8 PRIVATE KEY`);
  return block.der;
}

export function identityFromFiles(certFile: string, keyFile: string, keyKind: PrivateKeyKind): Identity {
  const [certificate] = certificatesFromFile(new Uint8Array(readFileSync(certFile)));
  if (!certificate) throw new Error(`${certFile} holds no certificate`);
  return { certificate, chain: [], privateKey: privateKeyFile(keyFile), keyKind, friendlyName: null };
}

export function pkiIdentity(fx: FixtureSet, name: PkiName): Identity {
  const kind = PKI_KEY_KIND[name];
  if (!kind) throw new Error(`no key kind recorded for ${name}`);
  return identityFromFiles(fx.pki[name].certPem, fx.pki[name].key, kind);
}

/** A scratch directory for one test file; `done` removes it. */
export function scratch(): { readonly dir: string; file(name: string, content?: Uint8Array | string): string; done(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), "inkan-decrypt-"));
  return {
    dir,
    file(name, content) {
      const p = path.join(dir, name);
      if (content !== undefined) writeFileSync(p, content);
      return p;
    },
    done() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let counter = 0;

/** `openssl cms -encrypt` of `content` in DER; `args` carries the cipher, the recipients and their -keyopt. */
export function opensslEncrypt(dir: string, content: Uint8Array, args: readonly string[]): Uint8Array {
  const n = counter++;
  const input = path.join(dir, `plain-${n}.bin`);
  const output = path.join(dir, `enc-${n}.der`);
  writeFileSync(input, content);
  execFileSync(OPENSSL, ["cms", "-encrypt", "-binary", "-in", input, "-outform", "DER", "-out", output, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  return new Uint8Array(readFileSync(output));
}

export function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, "hex"));
}

/** Byte equality without vitest's element-by-element diff, which is slow on megabytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
