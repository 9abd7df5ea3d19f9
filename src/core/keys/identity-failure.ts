/** The failure half of IdentityImport, built and recognised the same way by every importer. */
import type { IdentityError, IdentityImport } from "./identity.js";

export type IdentityFailure = Extract<IdentityImport, { ok: false }>;

export function identityFailure(error: IdentityError, detail: string): IdentityFailure {
  return { ok: false, error, detail };
}

export function isIdentityFailure(value: unknown): value is IdentityFailure {
  return typeof value === "object" && value !== null && (value as { ok?: unknown }).ok === false && "error" in value;
}

/**
 * The boundary where a library throw (asn1js, forge, WebCrypto) on input nobody foresaw becomes a value: the file
 * is reported damaged, never passed on as an exception. Our own code returns failures and does not throw.
 */
export async function neverThrow(what: string, read: () => Promise<IdentityImport>): Promise<IdentityImport> {
  try {
    return await read();
  } catch (e) {
    return identityFailure("corrupt", `unreadable ${what} (${(e as Error)?.name ?? "error"})`);
  }
}
