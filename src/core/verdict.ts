import type { Reason, Status } from "./verdict-types.js";

/** Which status each reason forces, from worst to best. Reasons not listed are informational. */
const REASON_STATUS = {
  "digest-mismatch": "invalid",
  "bad-signature": "invalid",
  malformed: "invalid",
  "no-signer": "invalid",
  "econtent-in-detached": "invalid",
  "bad-signed-attributes": "invalid",
  "wrong-key-usage": "invalid",
  revoked: "invalid",
  "partially-signed": "partial",
  "email-mismatch": "mismatch",
  "no-from": "mismatch",
  "multiple-from": "mismatch",
  "cert-without-email": "mismatch",
  "header-mismatch": "mismatch",
  "ambiguous-from": "mismatch",
  "untrusted-root": "untrusted",
  "self-signed": "untrusted",
  expired: "untrusted",
  "not-yet-valid": "untrusted",
  "weak-algorithm": "untrusted",
  "unsupported-algorithm": "untrusted",
  "time-mismatch": "untrusted",
  "signer-cert-missing": "untrusted",
  "bad-chain-signature": "untrusted",
  "ca-not-allowed": "untrusted",
  "unsupported-critical-extension": "untrusted",
  "limit-exceeded": "invalid",
} as const satisfies Partial<Record<Reason, Status>>;

/** Severity order used when layers and signers combine: the worst decides. */
const SEVERITY = {
  invalid: 5,
  partial: 4,
  mismatch: 3,
  untrusted: 2,
  verified: 1,
  unsigned: 0,
} as const satisfies Record<Status, number>;

export function statusOfReason(reason: Reason): Status | null {
  return (REASON_STATUS as Partial<Record<Reason, Status>>)[reason] ?? null;
}

export function worse(a: Status, b: Status): Status {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

/** The status a set of reasons leads to for a signature that exists: `verified` unless a reason says otherwise. */
export function statusFromReasons(reasons: Iterable<Reason>): Status {
  let status: Status = "verified";
  for (const r of reasons) {
    const s = statusOfReason(r);
    if (s) status = worse(status, s);
  }
  return status;
}

/** Reasons that mean the signature itself is broken (as opposed to untrusted or not bound to From). */
export function isBreaking(reason: Reason): boolean {
  return statusOfReason(reason) === "invalid";
}

/** Stable order for reports: as listed in the vocabulary. */
export function sortReasons(reasons: Iterable<Reason>, order: readonly Reason[]): Reason[] {
  const set = new Set(reasons);
  return order.filter((r) => set.has(r));
}
