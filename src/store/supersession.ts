/*
 * Which of the user's identities are superseded: an identity is superseded by the newest other identity that shares
 * one of its addresses and was issued later. Computed over all identities at once, so that importing an old backup
 * after its renewal, or deleting the renewal, leaves the same state as any other order would.
 */
import type { Fingerprint } from "./types.js";

export interface SupersessionItem {
  readonly id: Fingerprint;
  readonly emails: readonly string[];
  readonly notBefore: string;
  readonly addedAt: string;
}

/** Later issued wins; for the same issue time the later import, then the id, so that the order is total. */
function compareAge(a: SupersessionItem, b: SupersessionItem): number {
  const byIssue = Date.parse(a.notBefore) - Date.parse(b.notBefore);
  if (byIssue !== 0) return byIssue;
  if (a.addedAt !== b.addedAt) return a.addedAt < b.addedAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** For each identity: the id of the one that supersedes it, or null while it is current. */
export function supersession(items: readonly SupersessionItem[]): Map<Fingerprint, Fingerprint | null> {
  const out = new Map<Fingerprint, Fingerprint | null>();
  for (const item of items) {
    let newest: SupersessionItem | null = null;
    for (const other of items) {
      if (other.id === item.id || compareAge(other, item) <= 0) continue;
      if (!other.emails.some((e) => item.emails.includes(e))) continue;
      if (newest === null || compareAge(other, newest) > 0) newest = other;
    }
    out.set(item.id, newest?.id ?? null);
  }
  return out;
}
