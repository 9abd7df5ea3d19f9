/*
 * The one schema of the IndexedDB store: object stores, record shapes, and the migrations between versions.
 *
 * MIGRATIONS[i] upgrades a database from version i to i + 1 inside the versionchange transaction; the schema
 * version is the length of the list. Append new steps, never edit a released one: a database made by any earlier
 * list must upgrade to the current one with its data kept.
 */
import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from "idb";
import type { PrivateKeyKind } from "../core/keys/identity.js";
import type { PassphraseBox, SealedBox } from "./key-protection.js";
import type { AnchorRecord, ContactRecord, Fingerprint, IdentityFacts, KeyPurpose, Settings } from "./types.js";

export const DEFAULT_DB_NAME = "inkan";

/** An identity as stored. The PKCS #8 is only ever inside `deviceSealed` / `passphraseSealed`. */
export interface IdentityRecord extends IdentityFacts {
  /** Under the master key (meta "master-key"); null for passphrase-only identities. */
  readonly deviceSealed: SealedBox | null;
  readonly passphraseSealed: PassphraseBox | null;
  /** Non-extractable; empty when the store runs wrapped-only. */
  readonly cryptoKeys: Readonly<Partial<Record<KeyPurpose, CryptoKey>>>;
}

export interface MasterKeyRecord {
  readonly key: CryptoKey;
  /** A known plaintext sealed under the key, to tell at start-up whether the key read back usable. */
  readonly check: SealedBox;
}

export interface ProbeKeyRecord {
  /** A non-extractable ECDSA P-256 private key: whether stored CryptoKeys work here is tried on it. */
  readonly privateKey: CryptoKey;
  readonly publicKey: Uint8Array;
}

export const META_KEYS = { masterKey: "master-key", probeKey: "probe-key" } as const;
export const SETTINGS_KEY = "current";

export interface InkanSchema extends DBSchema {
  meta: { key: string; value: MasterKeyRecord | ProbeKeyRecord };
  identities: { key: string; value: IdentityRecord; indexes: { "by-email": string } };
  contacts: { key: string; value: ContactRecord; indexes: { "by-fingerprint": string } };
  anchors: { key: string; value: AnchorRecord };
  settings: { key: string; value: Partial<Settings> };
}

export type InkanDatabase = IDBPDatabase<InkanSchema>;
export type UpgradeTransaction = IDBPTransaction<InkanSchema, StoreNames<InkanSchema>[], "versionchange">;
/** One step; may read and rewrite records through `tx` (awaiting only IndexedDB requests, or the step loses its transaction). */
export type Migration = (db: InkanDatabase, tx: UpgradeTransaction) => void | Promise<void>;

export const MIGRATIONS: readonly Migration[] = [
  // 0 -> 1
  (db) => {
    db.createObjectStore("meta");
    const identities = db.createObjectStore("identities", { keyPath: "id" });
    identities.createIndex("by-email", "emails", { multiEntry: true });
    const contacts = db.createObjectStore("contacts", { keyPath: "address" });
    contacts.createIndex("by-fingerprint", "fingerprint");
    db.createObjectStore("anchors", { keyPath: "fingerprint" });
    db.createObjectStore("settings");
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export interface OpenCallbacks {
  readonly onBlocked?: () => void;
  readonly onVersionChange?: () => void;
  /** There was no database: this open creates it, so it holds nothing yet. Called before the creation completes. */
  readonly onCreate?: () => void;
}

export type DatabaseOpen =
  | { readonly ok: true; readonly db: InkanDatabase }
  | { readonly ok: false; readonly code: "newer-version" | "failed"; readonly detail: string };

/**
 * Opens (creating or upgrading) the database with the given migration list. The connection closes itself when
 * another tab asks for a newer version, so that tab's upgrade is not blocked by this one.
 */
export async function openDatabase(factory: IDBFactory, name: string, migrations: readonly Migration[], callbacks: OpenCallbacks = {}): Promise<DatabaseOpen> {
  let request: IDBOpenDBRequest;
  try {
    request = factory.open(name, migrations.length);
  } catch (e) {
    return { ok: false, code: "failed", detail: (e as Error).message };
  }
  request.addEventListener("upgradeneeded", (event) => {
    const db = wrap(request.result) as InkanDatabase;
    const tx = wrap(request.transaction!) as unknown as UpgradeTransaction;
    // The open request reports a failed upgrade; its transaction's own promise would only be an unhandled copy.
    tx.done.catch(() => undefined);
    const from = event.oldVersion;
    if (from === 0) callbacks.onCreate?.();
    const to = event.newVersion ?? migrations.length;
    const abort = (): void => {
      // A failed step must not leave a half-upgraded database: aborting rolls back to the old version.
      try {
        tx.abort();
      } catch {
        // Already finished or aborted.
      }
    };
    // Synchronous steps run in the event handler itself; an asynchronous one continues the chain when it settles,
    // which keeps the transaction alive as long as the step awaits only its own requests.
    const runFrom = (first: number): void | Promise<void> => {
      for (let v = first; v < to; v++) {
        const pending = migrations[v]!(db, tx);
        if (pending instanceof Promise) return pending.then(() => runFrom(v + 1));
      }
    };
    try {
      const pending = runFrom(from);
      if (pending instanceof Promise) pending.catch(abort);
    } catch {
      abort();
    }
  });
  request.addEventListener("blocked", () => callbacks.onBlocked?.());
  let db: InkanDatabase;
  try {
    db = (await wrap(request)) as unknown as InkanDatabase;
  } catch (e) {
    const err = e as DOMException;
    if (err?.name === "VersionError") return { ok: false, code: "newer-version", detail: err.message };
    return { ok: false, code: "failed", detail: err?.message ?? String(e) };
  }
  db.addEventListener("versionchange", () => {
    db.close();
    callbacks.onVersionChange?.();
  });
  return { ok: true, db };
}
