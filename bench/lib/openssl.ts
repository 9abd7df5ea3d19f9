import { execFileSync } from "node:child_process";

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
