import { execFileSync } from "node:child_process";
import type { BenchCipher } from "./ciphers.js";
import type { BenchPki } from "./pki.js";

export const OPENSSL = process.env["INKAN_OPENSSL"] ?? "openssl";

export function openssl(args: readonly string[], cwd: string): Buffer {
  try {
    return execFileSync(OPENSSL, args, { cwd, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 16 << 20 });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString("utf8") ?? "";
    throw new Error(`openssl ${args.join(" ")} failed:\n${stderr}`, { cause: error });
  }
}

export function opensslVersion(): string {
  return openssl(["version"], process.cwd()).toString("utf8").trim();
}

/** The `openssl cms` command lines the benchmarks time, and use to make and check messages. */
export const opensslCms = {
  /** S/MIME detached signature (multipart/signed), like ours. */
  sign: (pki: BenchPki, input: string, output: string): string[] =>
    ["cms", "-sign", "-in", input, "-signer", pki.userPem, "-inkey", pki.userKey, "-certfile", pki.interPem, "-md", "sha256", "-out", output],
  /** Writes the signed content to `output`; says "Verification successful" on stderr. */
  verify: (pki: BenchPki, input: string, output: string): string[] =>
    ["cms", "-verify", "-in", input, "-CAfile", pki.rootPem, "-purpose", "smimesign", "-out", output],
  encrypt: (pki: BenchPki, cipher: BenchCipher, input: string, output: string): string[] =>
    ["cms", "-encrypt", "-in", input, cipher.opensslFlag, "-out", output, pki.userPem],
  decrypt: (pki: BenchPki, input: string, output: string): string[] =>
    ["cms", "-decrypt", "-in", input, "-inkey", pki.userKey, "-recip", pki.userPem, "-out", output],
};
