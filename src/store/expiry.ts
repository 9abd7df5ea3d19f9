import { EXPIRY_WARNING_DAYS, type ExpiryState, type IdentitySummary } from "./types.js";

const DAY_MS = 86_400_000;

/** Where a certificate stands at `now`; "expiring-soon" from EXPIRY_WARNING_DAYS before notAfter. */
export function expiryState(notBefore: string, notAfter: string, now: Date): ExpiryState {
  const t = now.getTime();
  if (t < Date.parse(notBefore)) return "not-yet-valid";
  const end = Date.parse(notAfter);
  if (t > end) return "expired";
  return end - t <= EXPIRY_WARNING_DAYS * DAY_MS ? "expiring-soon" : "valid";
}

/**
 * The warning to show for one of the user's own identities, or null for none. A superseded identity has been
 * renewed already: its expiry needs no action (it stays only so that old mail still decrypts).
 */
export function identityExpiryWarning(summary: Pick<IdentitySummary, "notBefore" | "notAfter" | "superseded">, now: Date): Exclude<ExpiryState, "valid"> | null {
  if (summary.superseded) return null;
  const state = expiryState(summary.notBefore, summary.notAfter, now);
  return state === "valid" ? null : state;
}
