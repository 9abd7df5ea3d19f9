/**
 * Which of the user's own certificates signs a message from a given address. Only current identities count: a
 * superseded one was renewed, and a signature with it would name a certificate its owner has moved on from (it stays
 * in the store only so that old mail still decrypts).
 */
import { expiryState } from "../../../store/expiry.js";
import type { IdentitySummary } from "../../../store/types.js";

export type SenderIdentity =
  /** A current identity for the address, within its validity period. */
  | { readonly kind: "ready"; readonly summary: IdentitySummary }
  /** Only current identities outside their validity period: nothing a recipient would accept. */
  | { readonly kind: "expired" | "not-yet-valid"; readonly summary: IdentitySummary }
  /** No current identity names the address. */
  | { readonly kind: "none" };

const newestFirst = (a: IdentitySummary, b: IdentitySummary): number => Date.parse(b.notAfter) - Date.parse(a.notAfter);

export function senderIdentity(identities: readonly IdentitySummary[], fromAddress: string, now: Date): SenderIdentity {
  const address = fromAddress.trim().toLowerCase();
  const current = identities.filter((i) => !i.superseded && i.emails.includes(address)).sort(newestFirst);
  const usable = current.find((i) => {
    const state = expiryState(i.notBefore, i.notAfter, now);
    return state === "valid" || state === "expiring-soon";
  });
  if (usable !== undefined) return { kind: "ready", summary: usable };
  const newest = current[0];
  if (newest === undefined) return { kind: "none" };
  return { kind: expiryState(newest.notBefore, newest.notAfter, now) === "not-yet-valid" ? "not-yet-valid" : "expired", summary: newest };
}
