/*
 * CMS decryption: EnvelopedData (RFC 5652 §6) and AuthEnvelopedData (RFC 5083), with the user's identities and,
 * for KEK and password recipients, pre-shared secrets.
 *
 * Outcomes: "no-key" when no recipient opens with what we hold; "failed" when a recipient that names one of our
 * keys (or a KEK / password) was found but the key or the content did not come out right; "unsupported" for an
 * algorithm this engine lacks; "malformed" for CMS it cannot read. A failure never carries plaintext.
 *
 * CBC content (EnvelopedData) has no integrity: a changed ciphertext block decrypts to changed plaintext without
 * any error, and only a broken padding is noticed ("failed"). That is why the result says `integrity: "none"`.
 */
import type { Identity } from "../../keys/identity.js";
import { recipientsOf } from "../recipients.js";
import { readContentInfo } from "../verify-signed-data.js";
import { joinPieces } from "./asn1-read.js";
import { blockSizeOf, contentCipherOf, decryptContent, type ContentCipher, type EncryptedContent } from "./content-cipher.js";
import type { DerParse } from "../der.js";
import { parseEnvelope, type Envelope } from "./parse-envelope.js";
import { planAttempts } from "./plan-attempts.js";

export { MAX_KEY_ATTEMPTS } from "./plan-attempts.js";
export { contentInfoType, MAX_RECIPIENT_INFOS } from "./parse-envelope.js";

export interface DecryptSecrets {
  readonly keks?: readonly { readonly keyId: Uint8Array; readonly key: Uint8Array }[];
  readonly passwords?: readonly string[];
}

export interface DecryptOptions {
  /**
   * `der` is the caller's own scratch copy: the content is decrypted over it, from its first byte, where the
   * cipher allows (AES), so that a large message is not held as ciphertext and plaintext side by side. A content
   * that starts at `der`'s first byte was decrypted in place; `der` holds nothing else useful after a success.
   */
  readonly inPlace?: boolean;
  /** parseDer(der), when the caller has parsed it already (see contentInfoType). */
  readonly parsed?: DerParse;
}

export type DecryptError = "no-key" | "failed" | "unsupported" | "malformed";

export type DecryptOutcome =
  | {
      readonly ok: true;
      readonly content: Uint8Array;
      /** eContentType OID of the decrypted content. */
      readonly contentType: string;
      readonly integrity: "aead" | "none";
      /** e.g. "AES-256-GCM", "AES-128-CBC", "3DES-CBC". */
      readonly cipher: string;
      /** The identity that opened the message; null for KEK and password recipients. */
      readonly identity: Identity | null;
      readonly notes: readonly string[];
    }
  | {
      readonly ok: false;
      readonly error: DecryptError;
      readonly detail: string;
      /** Whom the message is encrypted for (recipients.ts), for "encrypted for ...". */
      readonly recipients: readonly string[];
    };

function recipientsFor(der: Uint8Array): string[] {
  const ci = readContentInfo(der);
  return ci.ok ? recipientsOf(ci.contentType, ci.content) : [];
}

function failure(der: Uint8Array, error: DecryptError, detail: string): DecryptOutcome {
  return { ok: false, error, detail, recipients: recipientsFor(der) };
}

/** Checks the ciphertext's shape before any key is tried: a wrong length is a structural fault, not a key's. */
function ciphertextProblem(envelope: Envelope, cipher: ContentCipher): string | null {
  if (cipher.family === "aes-gcm") {
    const mac = envelope.mac;
    if (mac === null || mac.byteLength !== cipher.tagLength) {
      return `the authentication tag has ${mac?.byteLength ?? 0} bytes; ${cipher.name} here uses ${cipher.tagLength}`;
    }
    return null;
  }
  let length = 0;
  for (const piece of envelope.encryptedContent) length += piece.byteLength;
  const block = blockSizeOf(cipher) ?? 1;
  if (length === 0 || length % block !== 0) return `the encrypted content (${length} bytes) is not a whole number of ${cipher.name} blocks`;
  return null;
}

function encryptedContentOf(envelope: Envelope, cipher: ContentCipher): EncryptedContent {
  const tag = cipher.family === "aes-gcm" ? envelope.mac : null;
  // Joined on first use (a copy for GCM or BER pieces): a message no key opens never pays for it.
  let joined: Uint8Array | null = null;
  return {
    pieces: envelope.encryptedContent,
    tag,
    aad: envelope.aad,
    joined: () => (joined ??= joinPieces(envelope.encryptedContent, tag ?? undefined)),
  };
}

/**
 * Decrypts a ContentInfo holding EnvelopedData or AuthEnvelopedData with whichever identity or secret opens it.
 * Every identity is tried, old ones included: a certificate's expiry never stops decryption. Never throws on bad
 * input.
 */
export async function decryptContentInfo(
  der: Uint8Array,
  identities: readonly Identity[],
  subtle: SubtleCrypto,
  secrets: DecryptSecrets = {},
  options: DecryptOptions = {},
): Promise<DecryptOutcome> {
  const parsed = parseEnvelope(der, options.parsed);
  if (!parsed.ok) return failure(der, parsed.error, parsed.detail);
  const envelope = parsed.value;
  const choice = contentCipherOf(envelope.contentEncryptionAlgorithm, envelope.kind);
  if (!choice.ok) return failure(der, choice.error, choice.detail);
  const cipher = choice.cipher;
  const problem = ciphertextProblem(envelope, cipher);
  if (problem !== null) return failure(der, "malformed", problem);
  const encrypted = encryptedContentOf(envelope, cipher);

  const plan = planAttempts(envelope, identities, secrets, cipher.keyLength, subtle);
  const failed: string[] = [];
  const unsupported: string[] = [];
  const unsupportedUnnamed: string[] = [];
  for (const attempt of plan.attempts) {
    const unwrap = await attempt.run();
    if (!unwrap.ok) {
      if (!attempt.matched) {
        if (unwrap.error === "unsupported") unsupportedUnnamed.push(unwrap.detail);
      } else (unwrap.error === "failed" ? failed : unsupported).push(`recipient #${attempt.recipient}: ${unwrap.detail}`);
      continue;
    }
    // For a recipient that does not name the key, every failure ends as "no-key", so skipping the stand-in key of
    // implicit rejection reveals nothing, and it spares CBC content the 1-in-256 chance that a wrong key still
    // yields valid padding and garbage.
    if (!attempt.matched && !unwrap.paddingValid) continue;
    const result = await decryptContent(subtle, cipher, unwrap.key, encrypted, options.inPlace === true ? der : null);
    if (result.ok) {
      const notes = [...envelope.notes, ...plan.notes, `opened through recipient #${attempt.recipient} (${unwrap.method})`];
      if (!attempt.matched && attempt.identity !== null) {
        notes.push(`recipient #${attempt.recipient} does not name this identity's certificate; its key was tried anyway and fits`);
      } else if (!attempt.matched) {
        notes.push(`recipient #${attempt.recipient} names another key identifier; this pre-shared key was tried anyway and fits`);
      }
      return {
        ok: true,
        content: result.content,
        contentType: envelope.contentType,
        integrity: cipher.family === "aes-gcm" ? "aead" : "none",
        cipher: cipher.name,
        identity: attempt.identity,
        notes,
      };
    }
    if (attempt.matched) (result.error === "failed" ? failed : unsupported).push(`recipient #${attempt.recipient}: ${result.detail}`);
    else if (result.error === "unsupported") unsupportedUnnamed.push(result.detail);
  }
  if (failed.length > 0) return failure(der, "failed", failed.join("; "));
  if (unsupported.length > 0) return failure(der, "unsupported", unsupported.join("; "));
  const heldKeys = identities.length + (secrets.keks?.length ?? 0) + (secrets.passwords?.length ?? 0);
  let detail = heldKeys === 0 ? "no identity or secret to decrypt with" : `none of the ${heldKeys} keys held opens any of the ${envelope.recipients.length} recipients`;
  if (unsupportedUnnamed.length > 0) detail += `; some recipients use what this engine lacks: ${[...new Set(unsupportedUnnamed)].join("; ")}`;
  const skipped = plan.notes.filter((n) => n.startsWith("RecipientInfo"));
  if (skipped.length > 0) detail += `; ${skipped.join("; ")}`;
  return failure(der, "no-key", detail);
}
