/**
 * The bench user as the engine takes it, read from the PEM files OpenSSL made, so that the in-process figures do not
 * include reading a PKCS #12 file (the CLI's figures do: it starts from the .p12).
 */
import * as fs from "node:fs";
import type { Identity } from "../../src/core/keys/identity.js";
import { decodePem } from "../../src/core/pki/pem.js";
import type { BenchPki } from "./pki.js";

function pemBlock(file: string, label: string): Uint8Array {
  const block = decodePem(fs.readFileSync(file, "latin1")).find((b) => b.label === label);
  if (block === undefined) throw new Error(`${file} holds no ${label}`);
  return block.der;
}

export function userCertificate(pki: BenchPki): Uint8Array {
  return pemBlock(pki.userPem, "CERTIFICATE");
}

export function benchIdentity(pki: BenchPki): Identity {
  return {
    certificate: userCertificate(pki),
    chain: [pemBlock(pki.interPem, "CERTIFICATE")],
    privateKey: pemBlock(pki.userKey, "PRIVATE KEY"),
    keyKind: "rsa",
    friendlyName: null,
  };
}
