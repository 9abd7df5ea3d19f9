/*
 * The public shape of the on-device store: what the task pane and the `inkan --store` file store read and write.
 *
 * Two implementations share these types and the harvest rules (harvest-rules.ts):
 *   - `openStore()` (indexeddb-store.ts): IndexedDB through idb, in the browser. Holds identities (own keys),
 *     contacts, anchors and settings.
 *   - `openFileStore()` (file-store.ts): one JSON file in a directory, for the CLI. Contacts, anchors and settings
 *     only: it never holds private keys.
 *
 * Entry points (each in its own module; the browser bundle must not import file-store.ts, which uses node:fs):
 *   - openStore(options?: OpenStoreOptions): Promise<OpenStoreResult>                  indexeddb-store.ts
 *   - requestPersistentStorage(storage?: StorageManager): Promise<PersistOutcome>      persist.ts (UI calls it once)
 *   - expiryState(notBefore: string, notAfter: string, now: Date): ExpiryState         expiry.ts
 *   - identityExpiryWarning(summary: IdentitySummary, now: Date): ExpiryState | null   expiry.ts (null: superseded
 *     identities and valid ones need no warning)
 *   - harvestCandidate(input: HarvestInput, subtle): Promise<HarvestCandidate | {code}>  harvest-rules.ts
 *     decideHarvest(existing: ContactRecord | null, candidate, now: Date): HarvestDecision  (pure; the store's
 *     harvest() runs both, so the UI needs neither)
 *   - openFileStore(dir: string, options?): Promise<FileStoreOpen>                     file-store.ts (Node only)
 *   The SignerMaterial for HarvestInput comes from the core: createVerifier(...).verifyWithSigner(message, call)
 *   resolves to { verdict, signer } (src/core/verify-message.ts).
 *
 * Conventions:
 *   - Dates in records are ISO 8601 strings (UTC), so a record reads the same from IndexedDB and from JSON.
 *   - Certificates are DER bytes. Fingerprints are lower-case hex SHA-256 of the DER.
 *   - Addresses are lower-cased before they are stored or looked up.
 *   - Expected outcomes (nothing to do, wrong passphrase, unreadable file) are result values with a stable `code`;
 *     a thrown exception means a bug or a broken browser.
 */
import type { ContentCipher } from "../core/cms/encrypt/index.js";
import type { SmimeCapability } from "../core/cms/smime-capabilities.js";
import type { Identity, PrivateKeyKind } from "../core/keys/identity.js";
import type { EncryptionKeyPreference, SignerMaterial } from "../core/signer-material.js";
import type { Status } from "../core/verdict-types.js";

export type { EncryptionKeyPreference, SignerMaterial } from "../core/signer-material.js";
export type { SmimeCapability } from "../core/cms/smime-capabilities.js";

/** Lower-case hex SHA-256 of a certificate's DER: the id of identities and anchors. */
export type Fingerprint = string;

/* ------------------------------------------------------------------------------------------------ identities */

/**
 * What WebCrypto can do with a stored private key, one non-extractable CryptoKey each:
 * EC keys: ECDSA sign and ECDH deriveBits; RSA keys: RSASSA-PKCS1-v1_5 SHA-256 sign and RSA-OAEP SHA-256 decrypt;
 * Ed25519: sign; X25519: deriveBits. What WebCrypto cannot do (RSA PKCS #1 v1.5 decryption, RSA-OAEP with other
 * hashes, export) uses the PKCS #8 unwrapped into memory.
 */
export type KeyPurpose = "ecdsa-sign" | "ecdh-derive" | "rsa-pkcs1-sign" | "rsa-oaep-decrypt" | "ed25519-sign" | "x25519-derive";

export type IdentityCryptoKeys = Readonly<Partial<Record<KeyPurpose, CryptoKey>>>;

/**
 * How the PKCS #8 of an identity is kept at rest; never in the clear.
 *   - "device": AES-GCM under the store's own non-extractable master key (opens without asking the user).
 *   - "passphrase": AES-GCM under a key derived from the user's passphrase (PBKDF2-SHA-256).
 * An identity holds one or both. Both: it opens without asking, and the passphrase copy still opens it if the
 * browser loses or cannot read the master key.
 */
export type KeyProtection = "device" | "passphrase";

/** What is kept of an identity besides its key: the stored record and the listed summary both carry it. */
export interface IdentityFacts {
  readonly id: Fingerprint;
  readonly certificate: Uint8Array;
  readonly chain: readonly Uint8Array[];
  readonly keyKind: PrivateKeyKind;
  readonly friendlyName: string | null;
  /** The certificate's addresses, lower-cased. */
  readonly emails: readonly string[];
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly addedAt: string;
  /** The identity that replaced this one for one of its addresses; null while current. Superseded keys stay: old mail still decrypts. */
  readonly supersededBy: Fingerprint | null;
}

/** An identity as listed: no key material. */
export interface IdentitySummary extends IdentityFacts {
  readonly superseded: boolean;
  readonly protection: readonly KeyProtection[];
  /** Purposes for which non-extractable CryptoKeys are stored (empty in wrapped-only mode). */
  readonly keyPurposes: readonly KeyPurpose[];
}

export interface ImportIdentityOptions {
  /** Also keep the key under this passphrase (see KeyProtection). */
  readonly passphrase?: string;
  /** Keep the key under the passphrase only: loading then needs the passphrase. Requires `passphrase`. */
  readonly passphraseOnly?: boolean;
}

/** Shortest passphrase accepted; shorter ones are refused with `passphrase-too-short`. */
export const MIN_PASSPHRASE_LENGTH = 8;

export type ImportIdentitiesResult =
  | {
      readonly ok: true;
      /** One entry per identity given, in order. */
      readonly outcomes: readonly { readonly id: Fingerprint; readonly outcome: "added" | "already-present" }[];
      /** Identities this import marked superseded (older ones for the same address, or imported ones older than what was there). */
      readonly superseded: readonly Fingerprint[];
    }
  | { readonly ok: false; readonly code: ImportIdentityError; readonly detail: string };

export type ImportIdentityError =
  /** A certificate in the import could not be read. Nothing was stored. */
  | "bad-certificate"
  /** The private key could not be read or imported. Nothing was stored. */
  | "bad-key"
  | "passphrase-too-short"
  | "passphrase-required"
  /** The store's master key cannot be used (see StoreHealth.masterKey); import with a passphrase instead. */
  | "master-key-unusable"
  /** The IndexedDB transaction failed (quota, closed database, another tab upgrading). Nothing was stored. */
  | "storage-failed";

export interface LoadedIdentity {
  readonly summary: IdentitySummary;
  /** The engine's identity, privateKey unwrapped into memory only. */
  readonly identity: Identity;
  /** Non-extractable keys: read from the store, or imported in memory on each load in wrapped-only mode. */
  readonly cryptoKeys: IdentityCryptoKeys;
}

export interface LoadIdentitiesResult {
  /** Every identity that could be opened, superseded ones included (old mail must still decrypt); for VerifyOptions.identities. */
  readonly identities: readonly Identity[];
  readonly loaded: readonly LoadedIdentity[];
  /** Identities kept under a passphrase only, when none (or a wrong one) was given. */
  readonly locked: readonly IdentitySummary[];
  /** Identities whose key could not be opened at all (master key unusable and no passphrase copy, damaged record). */
  readonly failed: readonly { readonly summary: IdentitySummary; readonly code: "master-key-unusable" | "damaged" }[];
}

/* ------------------------------------------------------------------------------------------------ contacts */

/**
 * Where a contact's certificate came from:
 *   - "harvested": from a `verified` signed message (verified = true);
 *   - "confirmed": from an `untrusted` signed message after the user confirmed it (verified = false);
 *   - "imported": a .cer/.pem/.p7c the user imported by hand (verified = false: no chain was checked).
 */
export type ContactSource = "harvested" | "confirmed" | "imported";

/** One correspondent's certificate, one record per address. */
export interface ContactRecord {
  /** Lower-cased; the record's key. */
  readonly address: string;
  readonly certificate: Uint8Array;
  readonly fingerprint: Fingerprint;
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: string;
  readonly notAfter: string;
  /** Signed SMIMECapabilities from the mail it came from; null when none was sent (or imported by hand). */
  readonly capabilities: readonly SmimeCapability[] | null;
  readonly encryptionKeyPreference: EncryptionKeyPreference | null;
  /** A separate encryption certificate the signer named (see SignerMaterial); encrypt to it when present. */
  readonly encryptionCertificate: Uint8Array | null;
  /** True when the certificate came from a message whose verdict was `verified`. */
  readonly verified: boolean;
  readonly source: ContactSource;
  readonly firstSeen: string;
  readonly lastSeen: string;
}

/** What the read view hands to `harvest` after checking a message. */
export interface HarvestInput {
  /** The verdict's status. Only `verified`, and `untrusted` with `userConfirmed`, are harvested. */
  readonly status: Status;
  /** The From address the verdict bound the signer to (Verdict.from.address). */
  readonly fromAddress: string | null;
  /** From Verifier.verifyWithSigner; null when the message had no binding signer. */
  readonly signer: SignerMaterial | null;
  /** The user said "remember this certificate" on an `untrusted` message. */
  readonly userConfirmed?: boolean;
}

export type HarvestCode =
  /** A new contact. */
  | "added"
  /** A newer valid certificate replaced the one stored. */
  | "replaced-older"
  /** The stored certificate was expired or not yet valid and the new one is valid. */
  | "replaced-invalid"
  /** A verified certificate replaced an unverified (confirmed or imported) one. */
  | "replaced-unverified"
  /** The same certificate again: lastSeen (and what it announced) updated; an unverified record may become verified. */
  | "seen-again"
  /** An unverified certificate never replaces a verified one: key substitution is an attack. */
  | "kept-verified"
  /** The new certificate is expired or not yet valid and the stored one is valid. */
  | "kept-valid"
  /** The stored certificate is newer. */
  | "kept-newer"
  /** `invalid`, `mismatch`, `partial`, `unsigned`: never harvested. */
  | "not-eligible"
  /** `untrusted` without the user's confirmation. */
  | "needs-confirmation"
  /** No signer certificate, no From address, or the certificate does not name the From address. */
  | "no-address"
  /** The write failed (quota, closed database); nothing changed. */
  | "storage-failed";

export interface HarvestDecision {
  readonly code: HarvestCode;
  /** The record to write (add, replace, seen-again); null when the store stays as it is. */
  readonly write: ContactRecord | null;
}

/**
 * Per address of a hand import. An imported certificate is unverified, so like a harvested unverified one it never
 * replaces a verified contact ("kept-verified"): the user deletes that contact first, deliberately.
 */
export type ContactImportOutcome = "added" | "replaced" | "already-present" | "kept-verified";

export type ContactImportResult =
  | {
      readonly ok: true;
      /** The records now stored for the file's addresses (for "kept-verified": the verified one that stayed). */
      readonly contacts: readonly ContactRecord[];
      readonly outcomes: readonly { readonly address: string; readonly outcome: ContactImportOutcome }[];
    }
  | { readonly ok: false; readonly code: "unreadable" | "no-certificate" | "no-address" | "too-large" | "storage-failed"; readonly detail: string };

/* ------------------------------------------------------------------------------------------------ anchors */

/** A trust anchor the user or their organisation added (a private CA). The built-in public roots are never stored. */
export interface AnchorRecord {
  readonly fingerprint: Fingerprint;
  readonly certificate: Uint8Array;
  readonly label: string;
  readonly subject: string;
  readonly notAfter: string;
  readonly addedAt: string;
}

export type AddAnchorResult =
  | { readonly ok: true; readonly anchor: AnchorRecord; readonly outcome: "added" | "relabelled" }
  | { readonly ok: false; readonly code: "unreadable" | "no-certificate" | "several-certificates" | "bad-label" | "storage-failed"; readonly detail: string };

export type RemoveResult = { readonly ok: true; readonly outcome: "removed" | "not-found" } | { readonly ok: false; readonly code: "storage-failed"; readonly detail: string };

/* ------------------------------------------------------------------------------------------------ settings */

export interface Settings {
  readonly signByDefault: boolean;
  readonly encryptWhenPossible: boolean;
  /**
   * The strongest content cipher to use. An AES-GCM choice applies only when every recipient announced AES-GCM
   * (supportsAuthEnveloped over the contacts' capabilities); otherwise compose falls back to AES-256-CBC, which every
   * S/MIME reader can open. A CBC choice is used as it is.
   */
  readonly cipher: ContentCipher;
}

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  signByDefault: true,
  encryptWhenPossible: false,
  cipher: "aes-256-gcm",
} satisfies Settings);

/* ------------------------------------------------------------------------------------------------ stores */

/** Contacts, anchors and settings: what both the IndexedDB store and the CLI's file store hold. */
export interface CertificateStore {
  listContacts(): Promise<readonly ContactRecord[]>;
  /** The contact for an address (any case), or null. */
  contactFor(address: string): Promise<ContactRecord | null>;
  /** Applies the harvest rules (harvest-rules.ts) to a checked message and writes the outcome in one transaction. */
  harvest(input: HarvestInput): Promise<HarvestDecision>;
  /**
   * A .cer/.der/.pem/.p7c (certs-only) file: one contact per address in each end-entity certificate, source
   * "imported"; CA certificates and certificates without an address in the file are passed over.
   */
  importContactCertificates(file: Uint8Array): Promise<ContactImportResult>;
  deleteContact(address: string): Promise<RemoveResult>;

  listAnchors(): Promise<readonly AnchorRecord[]>;
  /** The anchors' DER, for VerifyOptions.trustAnchors. */
  anchorCertificates(): Promise<readonly Uint8Array[]>;
  /** One certificate (DER or PEM). Adding one already present changes only its label. */
  addAnchor(file: Uint8Array, label: string): Promise<AddAnchorResult>;
  removeAnchor(fingerprint: Fingerprint): Promise<RemoveResult>;

  getSettings(): Promise<Settings>;
  updateSettings(patch: Partial<Settings>): Promise<Settings>;
}

/** Whether stored non-extractable CryptoKeys read back usable here (some WebKit versions return broken keys). */
export type CryptoKeyStorage = "stored" | "wrapped-only";

export interface StoreHealth {
  /** "wrapped-only": identity CryptoKeys are not stored; they are imported in memory from the unwrapped PKCS #8 on each load. */
  readonly cryptoKeys: CryptoKeyStorage;
  /** "unusable": the master key does not read back; only passphrase-protected keys open. */
  readonly masterKey: "ok" | "unusable";
}

/** The browser store: CertificateStore plus the user's own identities. */
export interface InkanStore extends CertificateStore {
  /** Whether the master key and stored CryptoKeys work here; settled shortly after the store opened. */
  health(): Promise<StoreHealth>;

  /** Stores identities (e.g. from importPkcs12) in ONE transaction: on any failure the store is unchanged. */
  importIdentities(identities: readonly Identity[], options?: ImportIdentityOptions): Promise<ImportIdentitiesResult>;
  listIdentities(): Promise<readonly IdentitySummary[]>;
  /** Unwraps every identity's key into memory. `passphrase` opens passphrase-only identities. */
  loadIdentities(options?: { readonly passphrase?: string }): Promise<LoadIdentitiesResult>;
  /**
   * Deletes an identity and its keys; mail encrypted to it will no longer open. Identities it superseded become
   * current again unless another newer one supersedes them.
   */
  deleteIdentity(id: Fingerprint): Promise<RemoveResult>;

  /** Closes the connection. Also done automatically when another tab needs to upgrade the schema. */
  close(): void;
}

export interface OpenStoreOptions {
  /** Database name; default "inkan". Tests use one per case. */
  readonly name?: string;
  /** Default: globalThis.indexedDB. Tests pass fake-indexeddb's IDBFactory. */
  readonly indexedDB?: IDBFactory;
  /** Default: globalThis.crypto.subtle. */
  readonly subtle?: SubtleCrypto;
  /** The clock for addedAt / firstSeen / lastSeen and validity checks. */
  readonly now?: () => Date;
  /**
   * Called on each CryptoKey read back from IndexedDB before use. Identity by default; tests pass one that returns
   * a broken key to exercise the wrapped-only fallback.
   */
  readonly reviveCryptoKey?: (stored: CryptoKey) => CryptoKey;
  /** Another tab wants a newer schema: this connection has been closed; the UI should ask for a reload. */
  readonly onVersionChange?: () => void;
  /** This open waits for another tab that keeps an older schema open. */
  readonly onBlocked?: () => void;
  /**
   * There was no store: this open creates it empty. Called as soon as that is known, before the open resolves, so
   * that a reader can go on without keys instead of waiting for the creation to finish.
   */
  readonly onCreate?: () => void;
}

export type OpenStoreError =
  /** No IndexedDB here (private mode in some browsers, Smart Alerts runtime in classic Outlook). */
  | "unavailable"
  /** The database has a newer schema than this code (an older add-in version in another tab). */
  | "newer-version"
  /** WebCrypto could not create or use the master key and no stored one exists. */
  | "crypto-unavailable"
  | "failed";

export type OpenStoreResult = { readonly ok: true; readonly store: InkanStore } | { readonly ok: false; readonly code: OpenStoreError; readonly detail: string };

export type PersistOutcome = "persisted" | "not-persisted" | "unavailable";

/* ------------------------------------------------------------------------------------------------ expiry */

/** Days before notAfter from which the UI warns (and says: renew, import the new .p12; the old key stays). */
export const EXPIRY_WARNING_DAYS = 30;

export type ExpiryState = "valid" | "expiring-soon" | "expired" | "not-yet-valid";
