/*
 * When a correspondent's certificate is remembered, and when a remembered one is replaced. Pure: the stores call
 * these inside their transaction, with the stored record and a clock.
 *
 * The threat these rules guard against is key substitution: someone who can get a message to the user must not be
 * able to make the user encrypt the next reply to the attacker's key. So only a fully verified signature (or the
 * user's explicit confirmation of an `untrusted` one, recorded as unverified) feeds the address book, and an
 * unverified certificate never displaces a verified one.
 */
import { parseCertificate } from "../core/pki/certificate.js";
import type { Status } from "../core/verdict-types.js";
import { certificateFacts, validAt, type CertificateFacts } from "./certificate-facts.js";
import type { ContactRecord, ContactSource, HarvestCode, HarvestDecision, HarvestInput, SignerMaterial } from "./types.js";

/** A certificate offered for one address, with the facts the rules compare. */
export interface HarvestCandidate extends Omit<CertificateFacts, "emails"> {
  readonly address: string;
  readonly certificate: Uint8Array;
  readonly capabilities: SignerMaterial["capabilities"];
  readonly encryptionKeyPreference: SignerMaterial["encryptionKeyPreference"];
  readonly encryptionCertificate: Uint8Array | null;
  readonly verified: boolean;
  readonly source: ContactSource;
}

export type Eligibility =
  | { readonly eligible: true; readonly verified: boolean; readonly source: ContactSource }
  | { readonly eligible: false; readonly code: Extract<HarvestCode, "not-eligible" | "needs-confirmation"> };

/** Whether a message with this verdict may feed the address book at all. */
export function harvestEligibility(status: Status, userConfirmed: boolean): Eligibility {
  switch (status) {
    case "verified":
      return { eligible: true, verified: true, source: "harvested" };
    case "untrusted":
      return userConfirmed ? { eligible: true, verified: false, source: "confirmed" } : { eligible: false, code: "needs-confirmation" };
    case "mismatch":
    case "invalid":
    case "partial":
    case "unsigned":
      return { eligible: false, code: "not-eligible" };
  }
}

export type CandidateResult =
  | { readonly ok: true; readonly candidate: HarvestCandidate }
  | { readonly ok: false; readonly code: Extract<HarvestCode, "not-eligible" | "needs-confirmation" | "no-address"> };

/**
 * The candidate a checked message offers: the binding signer's certificate for the From address. Only the From
 * address is taken: it is the one the verdict compared with the certificate, the one the user will reply to.
 */
export async function harvestCandidate(input: HarvestInput, subtle: SubtleCrypto): Promise<CandidateResult> {
  const eligibility = harvestEligibility(input.status, input.userConfirmed === true);
  if (!eligibility.eligible) return { ok: false, code: eligibility.code };
  const signer = input.signer;
  const address = input.fromAddress?.trim().toLowerCase() ?? "";
  if (signer === null || address === "") return { ok: false, code: "no-address" };
  const parsed = parseCertificate(signer.certificate);
  if (!parsed.ok) return { ok: false, code: "no-address" };
  const facts = await certificateFacts(parsed.value, subtle);
  if (!facts.emails.includes(address)) return { ok: false, code: "no-address" };
  const { emails: _emails, ...rest } = facts;
  return {
    ok: true,
    candidate: {
      ...rest,
      address,
      certificate: parsed.value.der,
      capabilities: signer.capabilities,
      encryptionKeyPreference: signer.encryptionKeyPreference,
      encryptionCertificate: signer.encryptionCertificate,
      verified: eligibility.verified,
      source: eligibility.source,
    },
  };
}

/** Issued later; for the same issue date, valid longer. */
function isNewer(a: Pick<CertificateFacts, "notBefore" | "notAfter">, b: Pick<CertificateFacts, "notBefore" | "notAfter">): boolean {
  const byStart = Date.parse(a.notBefore) - Date.parse(b.notBefore);
  return byStart !== 0 ? byStart > 0 : Date.parse(a.notAfter) > Date.parse(b.notAfter);
}

function newRecord(candidate: HarvestCandidate, now: Date): ContactRecord {
  const at = now.toISOString();
  return {
    address: candidate.address,
    certificate: candidate.certificate,
    fingerprint: candidate.fingerprint,
    subject: candidate.subject,
    issuer: candidate.issuer,
    notBefore: candidate.notBefore,
    notAfter: candidate.notAfter,
    capabilities: candidate.capabilities,
    encryptionKeyPreference: candidate.encryptionKeyPreference,
    encryptionCertificate: candidate.encryptionCertificate,
    verified: candidate.verified,
    source: candidate.source,
    firstSeen: at,
    lastSeen: at,
  };
}

const keep = (code: HarvestCode): HarvestDecision => ({ code, write: null });
const put = (code: HarvestCode, write: ContactRecord): HarvestDecision => ({ code, write });

/** What to do with a candidate given the stored record for its address (null when there is none). */
export function decideHarvest(existing: ContactRecord | null, candidate: HarvestCandidate, now: Date): HarvestDecision {
  if (existing === null) return put("added", newRecord(candidate, now));
  if (existing.fingerprint === candidate.fingerprint) {
    // Nothing about the key changes. A verified sighting upgrades a confirmed one (the user added the CA since);
    // the latest signed announcements win, as the sender's software may have changed.
    const upgraded = candidate.verified && !existing.verified;
    const announced = candidate.capabilities !== null || candidate.encryptionKeyPreference !== null;
    const at = now.toISOString();
    return put("seen-again", {
      ...existing,
      lastSeen: at > existing.lastSeen ? at : existing.lastSeen,
      verified: existing.verified || candidate.verified,
      source: upgraded ? candidate.source : existing.source,
      ...(announced
        ? { capabilities: candidate.capabilities, encryptionKeyPreference: candidate.encryptionKeyPreference, encryptionCertificate: candidate.encryptionCertificate }
        : {}),
    });
  }
  if (existing.verified && !candidate.verified) return keep("kept-verified");
  const candidateValid = validAt(candidate, now);
  const existingValid = validAt(existing, now);
  if (!candidateValid && existingValid) return keep("kept-valid");
  if (candidateValid && !existingValid) return put("replaced-invalid", newRecord(candidate, now));
  if (candidate.verified && !existing.verified && candidateValid) return put("replaced-unverified", newRecord(candidate, now));
  return isNewer(candidate, existing) ? put("replaced-older", newRecord(candidate, now)) : keep("kept-newer");
}
