/*
 * Which (recipient, key) pairs to try, in which order. Identities the recipient identifier names come first, then
 * KEKs whose identifier matches, then passwords, and last every other identity whose key type fits: some clients
 * write wrong identifiers, and an old identity (expired, superseded) must still open old mail.
 */
import type { Identity } from "../../keys/identity.js";
import { newKdfBudget } from "../../keys/kdf-budget.js";
import { bytesEqual } from "../der.js";
import { CURVE_OF_KIND, IdentityKeys } from "./identity-keys.js";
import type { DecryptSecrets } from "./index.js";
import { namesCertificate, readIdentityCertificates } from "./identity-match.js";
import { unwrapKek } from "./kek-recipient.js";
import { agreementSetup, identityFits, unwrapKeyAgreement } from "./key-agreement.js";
import { unwrapKeyTransport } from "./key-transport.js";
import type { Envelope } from "./parse-envelope.js";
import { unwrapPassword } from "./password-recipient.js";
import { expectedKtriVersion } from "./recipient-infos.js";
import { unwrapFailed, type KeyUnwrap } from "./unwrap-result.js";

export interface Attempt {
  /** The recipient identifier names this key (passwords always count as named). */
  readonly matched: boolean;
  readonly identity: Identity | null;
  /** 1-based index of the RecipientInfo, for notes. */
  readonly recipient: number;
  readonly run: () => Promise<KeyUnwrap>;
}

export interface AttemptPlan {
  readonly attempts: readonly Attempt[];
  readonly notes: readonly string[];
}

/**
 * Most key recoveries one message may cause. Each can be an RSA private-key operation or a PBKDF2 run; a message
 * to hundreds of recipients tried against several identities would otherwise take minutes. Attempts past the
 * limit are dropped with a note (matched ones come first, so they are the last to go).
 */
export const MAX_KEY_ATTEMPTS = 64;

export function planAttempts(
  envelope: Envelope,
  identities: readonly Identity[],
  secrets: DecryptSecrets,
  expectedKeyLength: number | null,
  subtle: SubtleCrypto,
): AttemptPlan {
  const notes: string[] = [];
  const certificates = readIdentityCertificates(identities);
  const keys = new IdentityKeys(subtle);
  const budget = newKdfBudget();
  const named: Attempt[] = [];
  const kekAttempts: Attempt[] = [];
  const passwordAttempts: Attempt[] = [];
  const fallback: Attempt[] = [];
  const add = (attempt: Attempt): void => {
    (attempt.matched ? named : fallback).push(attempt);
  };

  for (const recipient of envelope.recipients) {
    const number = recipient.index + 1;
    switch (recipient.type) {
      case "ktri": {
        const expected = expectedKtriVersion(recipient.rid);
        if (recipient.version !== expected) {
          notes.push(`KeyTransRecipientInfo #${number} has version ${recipient.version}; with its kind of recipient identifier it must be ${expected}`);
        }
        for (const { identity, certificate } of certificates) {
          if (identity.keyKind !== "rsa") continue;
          add({
            matched: namesCertificate(recipient.rid, certificate),
            identity,
            recipient: number,
            run: () => unwrapKeyTransport(subtle, recipient, identity, keys, expectedKeyLength),
          });
        }
        break;
      }
      case "kari": {
        const setup = agreementSetup(recipient);
        for (const [i, rek] of recipient.encryptedKeys.entries()) {
          for (const { identity, certificate } of certificates) {
            if (CURVE_OF_KIND[identity.keyKind] === undefined) continue;
            const matched = namesCertificate(rek.rid, certificate);
            if (!setup.ok) {
              add({ matched, identity, recipient: number, run: () => Promise.resolve({ ok: false, error: setup.error, detail: setup.detail }) });
              continue;
            }
            const curve = identityFits(setup.setup, identity);
            if (curve === null) {
              if (matched) add({ matched, identity, recipient: number, run: () => Promise.resolve(unwrapFailed(`key #${i + 1} names an identity whose key is not on the sender's curve`)) });
              continue;
            }
            add({
              matched,
              identity,
              recipient: number,
              run: () => unwrapKeyAgreement(subtle, recipient, setup.setup, rek.encryptedKey, identity, curve, keys),
            });
          }
        }
        break;
      }
      case "kekri":
        for (const kek of secrets.keks ?? []) {
          const attempt: Attempt = { matched: bytesEqual(kek.keyId, recipient.keyId), identity: null, recipient: number, run: () => unwrapKek(subtle, recipient, kek.key) };
          (attempt.matched ? kekAttempts : fallback).push(attempt);
        }
        break;
      case "pwri":
        for (const password of secrets.passwords ?? []) {
          passwordAttempts.push({ matched: true, identity: null, recipient: number, run: () => unwrapPassword(subtle, recipient, password, budget) });
        }
        break;
      case "other":
        notes.push(`RecipientInfo #${number} skipped: ${recipient.detail}`);
        break;
    }
  }
  const ordered = [...named, ...kekAttempts, ...passwordAttempts, ...fallback];
  if (ordered.length > MAX_KEY_ATTEMPTS) {
    notes.push(`only the first ${MAX_KEY_ATTEMPTS} of ${ordered.length} possible key attempts were made`);
  }
  return { attempts: ordered.slice(0, MAX_KEY_ATTEMPTS), notes };
}
