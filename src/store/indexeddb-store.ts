/*
 * The browser store on IndexedDB (through idb). Every change is one IndexedDB transaction: the work that cannot run
 * inside one (parsing, hashing, sealing keys) is done first, then the transaction reads what it needs, decides with
 * the pure rules and writes. A failure aborts the transaction, so the store is as it was; tabs and panes that share
 * the database are serialised by IndexedDB itself.
 */
import { bufferSource } from "../core/bytes.js";
import type { Identity } from "../core/keys/identity.js";
import { generateMasterKey, importCryptoKeys, seal, sealWithPassphrase, unseal, unsealWithPassphrase } from "./key-protection.js";
import { normalizeFingerprint, normalizeSettings } from "./normalize.js";
import type { IDBPTransaction } from "idb";
import {
  DEFAULT_DB_NAME,
  META_KEYS,
  MIGRATIONS,
  openDatabase,
  SETTINGS_KEY,
  type IdentityRecord,
  type InkanDatabase,
  type InkanSchema,
  type MasterKeyRecord,
  type Migration,
  type ProbeKeyRecord,
} from "./schema.js";
import { supersession } from "./supersession.js";
import {
  MIN_PASSPHRASE_LENGTH,
  type AddAnchorResult,
  type AnchorRecord,
  type ContactImportOutcome,
  type ContactImportResult,
  type ContactRecord,
  type CryptoKeyStorage,
  type Fingerprint,
  type HarvestDecision,
  type HarvestInput,
  type IdentityCryptoKeys,
  type IdentitySummary,
  type ImportIdentitiesResult,
  type ImportIdentityOptions,
  type InkanStore,
  type KeyProtection,
  type KeyPurpose,
  type LoadedIdentity,
  type LoadIdentitiesResult,
  type OpenStoreOptions,
  type OpenStoreResult,
  type RemoveResult,
  type Settings,
  type StoreHealth,
} from "./types.js";

/** The store's certificate work, loaded on first use (see certificate-work.ts); before any transaction begins. */
const certificateWork = (): Promise<typeof import("./certificate-work.js")> => import(/* webpackChunkName: "certificate-work" */ "./certificate-work.js");

const MASTER_CHECK = new TextEncoder().encode("inkan master key check");
const MASTER_CHECK_CONTEXT = "inkan/master-key-check";
const PROBE_DATA = new TextEncoder().encode("inkan stored key probe");

/** Sealed keys are bound to their identity and protection, so a box moved to another record does not open. */
const sealContext = (id: Fingerprint, by: KeyProtection): string => `inkan/identity/${id}/${by}`;

function errorText(e: unknown): string {
  return e instanceof Error || e instanceof DOMException ? `${e.name}: ${e.message}` : String(e);
}

const isMasterKeyRecord = (r: unknown): r is MasterKeyRecord => typeof r === "object" && r !== null && "key" in r && "check" in r;
const isProbeKeyRecord = (r: unknown): r is ProbeKeyRecord => typeof r === "object" && r !== null && "privateKey" in r && "publicKey" in r;

/** Stores `value` under `key` unless another tab stored one first; returns what is stored afterwards, read back. */
async function putOnce(db: InkanDatabase, key: string, value: MasterKeyRecord | ProbeKeyRecord): Promise<unknown> {
  const tx = db.transaction("meta", "readwrite");
  if ((await tx.store.get(key)) === undefined) await tx.store.put(value, key);
  await tx.done;
  return db.get("meta", key);
}

/** The master key, created on first use, and whether it reads back usable. */
async function masterKeyOf(db: InkanDatabase, subtle: SubtleCrypto, revive: (k: CryptoKey) => CryptoKey): Promise<CryptoKey | null> {
  try {
    let record = await db.get("meta", META_KEYS.masterKey);
    if (record === undefined) {
      const key = await generateMasterKey(subtle);
      record = (await putOnce(db, META_KEYS.masterKey, { key, check: await seal(subtle, key, MASTER_CHECK, MASTER_CHECK_CONTEXT) })) as MasterKeyRecord | undefined;
    }
    if (!isMasterKeyRecord(record)) return null;
    const key = revive(record.key);
    const check = await unseal(subtle, key, record.check, MASTER_CHECK_CONTEXT);
    return check !== null && check.byteLength === MASTER_CHECK.byteLength && check.every((b, i) => b === MASTER_CHECK[i]) ? key : null;
  } catch {
    // DataCloneError where CryptoKeys cannot be stored at all, or a key that throws when used.
    return null;
  }
}

/** Whether a non-extractable private key stored here still signs after it is read back (WebKit has had bugs). */
async function probeStoredKeys(db: InkanDatabase, subtle: SubtleCrypto, revive: (k: CryptoKey) => CryptoKey): Promise<CryptoKeyStorage> {
  try {
    let record = await db.get("meta", META_KEYS.probeKey);
    if (record === undefined) {
      const pair = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
      const publicKey = new Uint8Array(await subtle.exportKey("raw", pair.publicKey));
      record = (await putOnce(db, META_KEYS.probeKey, { privateKey: pair.privateKey, publicKey })) as ProbeKeyRecord | undefined;
    }
    if (!isProbeKeyRecord(record)) return "wrapped-only";
    const algorithm = { name: "ECDSA", hash: "SHA-256" } as const;
    const signature = await subtle.sign(algorithm, revive(record.privateKey), PROBE_DATA);
    const publicKey = await subtle.importKey("raw", bufferSource(record.publicKey), { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
    return (await subtle.verify(algorithm, publicKey, signature, PROBE_DATA)) ? "stored" : "wrapped-only";
  } catch {
    return "wrapped-only";
  }
}

function summaryOf(record: IdentityRecord): IdentitySummary {
  const protection: KeyProtection[] = [];
  if (record.deviceSealed) protection.push("device");
  if (record.passphraseSealed) protection.push("passphrase");
  return {
    id: record.id,
    certificate: record.certificate,
    chain: record.chain,
    keyKind: record.keyKind,
    friendlyName: record.friendlyName,
    emails: record.emails,
    subject: record.subject,
    issuer: record.issuer,
    notBefore: record.notBefore,
    notAfter: record.notAfter,
    addedAt: record.addedAt,
    supersededBy: record.supersededBy,
    superseded: record.supersededBy !== null,
    protection,
    keyPurposes: Object.keys(record.cryptoKeys) as KeyPurpose[],
  };
}

/** Applies supersession over all records; returns those whose supersededBy changed (new records always). */
function withSupersession(records: readonly IdentityRecord[], fresh: ReadonlySet<Fingerprint>): IdentityRecord[] {
  const by = supersession(records);
  const out: IdentityRecord[] = [];
  for (const r of records) {
    const supersededBy = by.get(r.id) ?? null;
    if (fresh.has(r.id) || supersededBy !== r.supersededBy) out.push({ ...r, supersededBy });
  }
  return out;
}

type PreparedIdentity = { readonly ok: true; readonly record: IdentityRecord } | Extract<ImportIdentitiesResult, { ok: false }>;

class IndexedDbStore implements InkanStore {
  constructor(
    private readonly db: InkanDatabase,
    private readonly subtle: SubtleCrypto,
    private readonly now: () => Date,
    private readonly revive: (k: CryptoKey) => CryptoKey,
    /** The master key, and whether stored CryptoKeys read back usable: made or checked once, after the store opened. */
    private readonly masterKey: Promise<CryptoKey | null>,
    private readonly cryptoKeyStorage: Promise<CryptoKeyStorage>,
  ) {}

  async health(): Promise<StoreHealth> {
    const [masterKey, cryptoKeys] = await Promise.all([this.masterKey, this.cryptoKeyStorage]);
    return { cryptoKeys, masterKey: masterKey === null ? "unusable" : "ok" };
  }

  close(): void {
    this.db.close();
  }

  /* ---------------------------------------------------------------------------------------------- identities */

  private async prepareIdentity(identity: Identity, options: ImportIdentityOptions, addedAt: string): Promise<PreparedIdentity> {
    const { certificateFacts, parseCertificate, publicKeyMatches } = await certificateWork();
    const parsed = parseCertificate(identity.certificate);
    if (!parsed.ok) return { ok: false, code: "bad-certificate", detail: parsed.error };
    for (const der of identity.chain) {
      const link = parseCertificate(der);
      if (!link.ok) return { ok: false, code: "bad-certificate", detail: `a chain certificate: ${link.error}` };
    }
    if (!(await publicKeyMatches(identity.privateKey, identity.certificate, this.subtle))) {
      return { ok: false, code: "bad-key", detail: "the private key does not belong to the certificate" };
    }
    const facts = await certificateFacts(parsed.value, this.subtle);
    const cryptoKeys = await importCryptoKeys(this.subtle, identity.keyKind, identity.privateKey);
    if (Object.keys(cryptoKeys).length === 0 && identity.keyKind !== "ed25519" && identity.keyKind !== "x25519") {
      return { ok: false, code: "bad-key", detail: `WebCrypto cannot import this ${identity.keyKind} key` };
    }
    const id = facts.fingerprint;
    const masterKey = await this.masterKey;
    const deviceSealed = options.passphraseOnly === true ? null : await seal(this.subtle, masterKey!, identity.privateKey, sealContext(id, "device"));
    const passphraseSealed = options.passphrase !== undefined ? await sealWithPassphrase(this.subtle, options.passphrase, identity.privateKey, sealContext(id, "passphrase")) : null;
    return {
      ok: true,
      record: {
        id,
        certificate: parsed.value.der,
        chain: identity.chain,
        keyKind: identity.keyKind,
        friendlyName: identity.friendlyName,
        emails: facts.emails,
        subject: facts.subject,
        issuer: facts.issuer,
        notBefore: facts.notBefore,
        notAfter: facts.notAfter,
        addedAt,
        supersededBy: null,
        deviceSealed,
        passphraseSealed,
        cryptoKeys: (await this.cryptoKeyStorage) === "stored" ? cryptoKeys : {},
      },
    };
  }

  async importIdentities(identities: readonly Identity[], options: ImportIdentityOptions = {}): Promise<ImportIdentitiesResult> {
    if (options.passphraseOnly === true && options.passphrase === undefined) {
      return { ok: false, code: "passphrase-required", detail: "passphraseOnly needs a passphrase" };
    }
    if (options.passphrase !== undefined && options.passphrase.length < MIN_PASSPHRASE_LENGTH) {
      return { ok: false, code: "passphrase-too-short", detail: `at least ${MIN_PASSPHRASE_LENGTH} characters` };
    }
    if ((await this.masterKey) === null && options.passphraseOnly !== true) {
      if (options.passphrase === undefined) return { ok: false, code: "master-key-unusable", detail: "this browser cannot keep the store's key; protect the key with a passphrase" };
      options = { ...options, passphraseOnly: true };
    }
    const addedAt = this.now().toISOString();
    const prepared: IdentityRecord[] = [];
    for (const identity of identities) {
      const p = await this.prepareIdentity(identity, options, addedAt);
      if (!p.ok) return p;
      prepared.push(p.record);
    }

    const written = await transact(this.db, "identities", async (tx) => {
      const existing = await tx.store.getAll();
      const known = new Set(existing.map((r) => r.id));
      const outcomes: { id: Fingerprint; outcome: "added" | "already-present" }[] = [];
      const added: IdentityRecord[] = [];
      for (const record of prepared) {
        const present = known.has(record.id);
        outcomes.push({ id: record.id, outcome: present ? "already-present" : "added" });
        if (!present) {
          known.add(record.id);
          added.push(record);
        }
      }
      const changed = withSupersession([...existing, ...added], new Set(added.map((r) => r.id)));
      for (const record of changed) await tx.store.put(record);
      const before = new Map(existing.map((r) => [r.id, r.supersededBy]));
      const superseded = changed.filter((r) => r.supersededBy !== null && (before.get(r.id) ?? null) === null).map((r) => r.id);
      return { outcomes, superseded };
    });
    if (!written.ok) return { ok: false, code: "storage-failed", detail: written.detail };
    return { ok: true, ...written.value };
  }

  async listIdentities(): Promise<readonly IdentitySummary[]> {
    return (await this.db.getAll("identities")).map(summaryOf);
  }

  async loadIdentities(options: { readonly passphrase?: string } = {}): Promise<LoadIdentitiesResult> {
    const loaded: LoadedIdentity[] = [];
    const locked: IdentitySummary[] = [];
    const failed: { summary: IdentitySummary; code: "master-key-unusable" | "damaged" }[] = [];
    for (const record of await this.db.getAll("identities")) {
      const summary = summaryOf(record);
      let pkcs8: Uint8Array | null = null;
      let failure: "master-key-unusable" | "damaged" | null = null;
      // Only a store that holds device-sealed keys waits for the master key: reading an empty one does not.
      const masterKey = record.deviceSealed ? await this.masterKey : null;
      if (record.deviceSealed) {
        if (masterKey === null) failure = "master-key-unusable";
        else {
          pkcs8 = await unseal(this.subtle, masterKey, record.deviceSealed, sealContext(record.id, "device"));
          if (pkcs8 === null) failure = "damaged";
        }
      }
      if (pkcs8 === null && record.passphraseSealed) {
        if (options.passphrase === undefined) {
          locked.push(summary);
          continue;
        }
        const opened = await unsealWithPassphrase(this.subtle, options.passphrase, record.passphraseSealed, sealContext(record.id, "passphrase"));
        if (opened.ok) pkcs8 = opened.plaintext;
        else if (opened.code === "wrong-passphrase") {
          locked.push(summary);
          continue;
        } else failure = "damaged";
      }
      if (pkcs8 === null) {
        failed.push({ summary, code: failure ?? "damaged" });
        continue;
      }
      const identity: Identity = { certificate: record.certificate, chain: record.chain, privateKey: pkcs8, keyKind: record.keyKind, friendlyName: record.friendlyName };
      loaded.push({ summary, identity, cryptoKeys: await this.cryptoKeysOf(record, pkcs8) });
    }
    return { identities: loaded.map((l) => l.identity), loaded, locked, failed };
  }

  private async cryptoKeysOf(record: IdentityRecord, pkcs8: Uint8Array): Promise<IdentityCryptoKeys> {
    const stored = Object.entries(record.cryptoKeys) as [KeyPurpose, CryptoKey][];
    if (stored.length > 0 && (await this.cryptoKeyStorage) === "stored") {
      return Object.fromEntries(stored.map(([purpose, key]) => [purpose, this.revive(key)]));
    }
    // Wrapped-only (or stored before the switch): keys held in memory until the page closes, never written back.
    return importCryptoKeys(this.subtle, record.keyKind, pkcs8);
  }

  async deleteIdentity(id: Fingerprint): Promise<RemoveResult> {
    const target = normalizeFingerprint(id);
    const written = await transact(this.db, "identities", async (tx) => {
      if ((await tx.store.get(target)) === undefined) return "not-found" as const;
      await tx.store.delete(target);
      for (const record of withSupersession(await tx.store.getAll(), new Set())) await tx.store.put(record);
      return "removed" as const;
    });
    return written.ok ? { ok: true, outcome: written.value } : { ok: false, code: "storage-failed", detail: written.detail };
  }

  /* ---------------------------------------------------------------------------------------------- contacts */

  async listContacts(): Promise<readonly ContactRecord[]> {
    return this.db.getAll("contacts");
  }

  async contactFor(address: string): Promise<ContactRecord | null> {
    return (await this.db.get("contacts", address.trim().toLowerCase())) ?? null;
  }

  async harvest(input: HarvestInput): Promise<HarvestDecision> {
    const { decideHarvest, harvestCandidate } = await certificateWork();
    const candidate = await harvestCandidate(input, this.subtle);
    if (!candidate.ok) return { code: candidate.code, write: null };
    const written = await transact(this.db, "contacts", async (tx) => {
      const existing = (await tx.store.get(candidate.candidate.address)) ?? null;
      const decision = decideHarvest(existing, candidate.candidate, this.now());
      if (decision.write) await tx.store.put(decision.write);
      return decision;
    });
    return written.ok ? written.value : { code: "storage-failed", write: null };
  }

  async importContactCertificates(file: Uint8Array): Promise<ContactImportResult> {
    const { decideImport, importableCertificates } = await certificateWork();
    const read = await importableCertificates(file, this.subtle);
    if (!read.ok) return read;
    const now = this.now();
    const written = await transact(this.db, "contacts", async (tx) => {
      const contacts: ContactRecord[] = [];
      const outcomes: { address: string; outcome: ContactImportOutcome }[] = [];
      for (const item of read.items) {
        for (const address of item.facts.emails) {
          const decision = decideImport((await tx.store.get(address)) ?? null, item, address, now);
          if (decision.write) await tx.store.put(decision.write);
          contacts.push(decision.record);
          outcomes.push({ address, outcome: decision.outcome });
        }
      }
      return { contacts, outcomes };
    });
    return written.ok ? { ok: true, ...written.value } : { ok: false, code: "storage-failed", detail: written.detail };
  }

  async deleteContact(address: string): Promise<RemoveResult> {
    return this.remove("contacts", address.trim().toLowerCase());
  }

  private async remove(storeName: "contacts" | "anchors", key: string): Promise<RemoveResult> {
    const written = await transact(this.db, storeName, async (tx) => {
      const present = (await tx.store.get(key)) !== undefined;
      if (present) await tx.store.delete(key);
      return present ? ("removed" as const) : ("not-found" as const);
    });
    return written.ok ? { ok: true, outcome: written.value } : { ok: false, code: "storage-failed", detail: written.detail };
  }

  /* ---------------------------------------------------------------------------------------------- anchors */

  async listAnchors(): Promise<readonly AnchorRecord[]> {
    return this.db.getAll("anchors");
  }

  async anchorCertificates(): Promise<readonly Uint8Array[]> {
    return (await this.listAnchors()).map((a) => a.certificate);
  }

  async addAnchor(file: Uint8Array, label: string): Promise<AddAnchorResult> {
    const { anchorFromFile } = await certificateWork();
    const made = await anchorFromFile(file, label, this.now(), this.subtle);
    if (!made.ok) return made;
    const written = await transact(this.db, "anchors", async (tx) => {
      const existing = await tx.store.get(made.record.fingerprint);
      const anchor = existing ? { ...existing, label: made.record.label } : made.record;
      await tx.store.put(anchor);
      return { anchor, outcome: existing ? ("relabelled" as const) : ("added" as const) };
    });
    return written.ok ? { ok: true, ...written.value } : { ok: false, code: "storage-failed", detail: written.detail };
  }

  async removeAnchor(fingerprint: Fingerprint): Promise<RemoveResult> {
    return this.remove("anchors", normalizeFingerprint(fingerprint));
  }

  /* ---------------------------------------------------------------------------------------------- settings */

  async getSettings(): Promise<Settings> {
    return normalizeSettings(await this.db.get("settings", SETTINGS_KEY));
  }

  /** Throws when the write fails: settings have no partial outcome to report, and the UI keeps its old values. */
  async updateSettings(patch: Partial<Settings>): Promise<Settings> {
    const written = await transact(this.db, "settings", async (tx) => {
      const next = normalizeSettings({ ...normalizeSettings(await tx.store.get(SETTINGS_KEY)), ...patch });
      await tx.store.put(next, SETTINGS_KEY);
      return next;
    });
    if (!written.ok) throw new Error(`settings were not saved: ${written.detail}`);
    return written.value;
  }
}

type StoreName = "identities" | "contacts" | "anchors" | "settings";
type WriteTransaction<N extends StoreName> = IDBPTransaction<InkanSchema, [N], "readwrite">;
type Transacted<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly detail: string };

/**
 * Runs `body` in one readwrite transaction and waits for it to commit. Any failure (a closed connection after
 * another tab upgraded, quota, a write refused midway) aborts it: nothing `body` wrote is kept.
 */
async function transact<N extends StoreName, T>(db: InkanDatabase, name: N, body: (tx: WriteTransaction<N>) => Promise<T>): Promise<Transacted<T>> {
  let tx: WriteTransaction<N>;
  try {
    tx = db.transaction(name, "readwrite");
  } catch (e) {
    return { ok: false, detail: errorText(e) };
  }
  // Observed here so that an abort below is not also reported as an unhandled rejection.
  const done = tx.done.then(
    () => null,
    (e: unknown) => e,
  );
  try {
    const value = await body(tx);
    const failure = await done;
    return failure === null ? { ok: true, value } : { ok: false, detail: errorText(failure ?? "the transaction was aborted") };
  } catch (e) {
    try {
      tx.abort();
    } catch {
      // Already aborted by the failed request, or finished.
    }
    await done;
    return { ok: false, detail: errorText(e) };
  }
}

/** Opens the store with a given migration list; openStore uses the current one. Tests pass earlier or later lists. */
export async function openStoreWithSchema(migrations: readonly Migration[], options: OpenStoreOptions = {}): Promise<OpenStoreResult> {
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (factory === undefined) return { ok: false, code: "unavailable", detail: "IndexedDB is not available here" };
  const subtle = options.subtle ?? globalThis.crypto?.subtle;
  if (subtle === undefined) return { ok: false, code: "crypto-unavailable", detail: "WebCrypto is not available here" };
  const opened = await openDatabase(factory, options.name ?? DEFAULT_DB_NAME, migrations, { onBlocked: options.onBlocked, onVersionChange: options.onVersionChange, onCreate: options.onCreate });
  if (!opened.ok) return opened;
  const revive = options.reviveCryptoKey ?? ((k: CryptoKey) => k);
  // Started now, awaited only by what needs them: each is a chain of database and WebCrypto round trips (on a new
  // store, making the key), and reading a store's anchors, or an empty store's identities, needs neither. Neither
  // promise rejects.
  const masterKey = masterKeyOf(opened.db, subtle, revive);
  const cryptoKeyStorage = probeStoredKeys(opened.db, subtle, revive);
  return { ok: true, store: new IndexedDbStore(opened.db, subtle, options.now ?? (() => new Date()), revive, masterKey, cryptoKeyStorage) };
}

/** Opens (creating or upgrading) the store and starts its start-up checks (see StoreHealth), which settle on their own. */
export function openStore(options: OpenStoreOptions = {}): Promise<OpenStoreResult> {
  return openStoreWithSchema(MIGRATIONS, options);
}
