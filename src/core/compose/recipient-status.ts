/*
 * Before sending: which recipients have a certificate to encrypt to, and how it stands. The store's contact
 * records are read through a structural type, so the core does not depend on the store.
 */
import type { SmimeCapability } from "../cms/smime-capabilities.js";
import { addressKey } from "./header-text.js";
import type { CertificateState, ComposeDraft, RecipientKey, RecipientStatus } from "./types.js";

/**
 * Days before notAfter from which a recipient's certificate shows as "expiring". Must equal the store's
 * EXPIRY_WARNING_DAYS (src/store/types.ts), which warns about the user's own certificates: the core cannot import
 * the store, and a test holds the two together.
 */
export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

/** What recipientStatuses reads of a contact (the store's ContactRecord has these fields). */
export interface ContactLike {
  /** ISO time. */
  readonly notBefore: string;
  /** ISO time. */
  readonly notAfter: string;
  readonly source: "harvested" | "confirmed" | "imported";
  readonly verified: boolean;
}

/** What recipientKeysFrom reads of a contact (the store's ContactRecord has these fields). */
export interface ContactKeyLike extends ContactLike {
  /** Lower-cased. */
  readonly address: string;
  readonly certificate: Uint8Array;
  /** A separate encryption certificate the contact named in signed mail; used instead of `certificate` when present. */
  readonly encryptionCertificate?: Uint8Array | null;
  readonly capabilities?: readonly SmimeCapability[] | null;
}

/**
 * How a contact's certificate stands at `now`. A certificate not valid yet cannot be encrypted to either: it is
 * "expired" here (present but unusable), as is one whose dates cannot be read.
 */
export function certificateState(contact: ContactLike | null, now: Date): CertificateState {
  if (contact === null) return "none";
  const t = now.getTime();
  const notBefore = Date.parse(contact.notBefore);
  const notAfter = Date.parse(contact.notAfter);
  if (Number.isNaN(notBefore) || Number.isNaN(notAfter) || t < notBefore || t > notAfter) return "expired";
  return notAfter - t <= EXPIRY_WARNING_DAYS * DAY_MS ? "expiring" : "valid";
}

/** One status per To, Cc and Bcc mailbox, in that order; `lookup` is asked with the lower-cased address. */
export function recipientStatuses(draft: ComposeDraft, lookup: (address: string) => ContactLike | null, now: Date): RecipientStatus[] {
  const fields = [
    ["to", draft.to],
    ["cc", draft.cc],
    ["bcc", draft.bcc],
  ] as const;
  return fields.flatMap(([field, mailboxes]) =>
    mailboxes.map((mailbox): RecipientStatus => {
      const contact = lookup(addressKey(mailbox.address));
      return {
        field,
        mailbox,
        state: certificateState(contact, now),
        source: contact?.source ?? null,
        verified: contact?.verified ?? false,
        notAfter: contact?.notAfter ?? null,
        notBefore: contact?.notBefore ?? null,
      };
    }),
  );
}

/**
 * ProtectOptions.recipientKeys from contact records, keyed by lower-cased address. With `now`, certificates that are
 * expired or not valid yet are left out, so that protectOutgoing names their addresses as missing certificates
 * rather than failing on them.
 */
export function recipientKeysFrom(contacts: Iterable<ContactKeyLike>, now?: Date): Map<string, RecipientKey> {
  const keys = new Map<string, RecipientKey>();
  for (const c of contacts) {
    if (now !== undefined && certificateState(c, now) === "expired") continue;
    const certificate = c.encryptionCertificate ?? c.certificate;
    keys.set(addressKey(c.address), c.capabilities == null ? { certificate } : { certificate, capabilities: c.capabilities });
  }
  return keys;
}
