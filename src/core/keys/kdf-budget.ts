/**
 * A bound on the key-derivation work one import may cost. The iteration counts come from the file, so a hostile
 * file could ask for billions, or put a thousand bags at a million each. Each derivation spends its iterations times
 * the hash blocks it computes; when the budget is spent, the import stops with "unsupported" rather than hang.
 *
 * Sized for real files with room to spare: OpenSSL and Windows use 2,000-2,048 iterations, the strongest exports
 * seen use a few hundred thousand per derivation (about 5 derivations in a file, a few password forms each).
 * Ten million SHA-256 blocks take roughly 3 s in native PBKDF2 and 20 s in the JavaScript PKCS #12 KDF.
 */
export const MAX_KDF_WORK = 10_000_000;

export interface KdfBudget {
  remaining: number;
}

export function newKdfBudget(): KdfBudget {
  return { remaining: MAX_KDF_WORK };
}

/** Takes `work` from the budget; false (and nothing taken) when there is not that much left. */
export function spend(budget: KdfBudget, work: number): boolean {
  if (!Number.isFinite(work) || work > budget.remaining) return false;
  budget.remaining -= work;
  return true;
}
