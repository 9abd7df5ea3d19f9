/*
 * The CLI's store: contacts, anchors and settings in one JSON file in a directory, with the record shapes and
 * rules of the browser store (records.ts, harvest-rules.ts). It never holds private keys: identities stay .p12
 * files given with --identity.
 *
 * Every change re-reads the file under a lock file (so that two inkan processes do not lose each other's changes),
 * writes a temporary file beside it, flushes it, and renames it over the old one: an interrupted write leaves the
 * old file whole. Node only (node:fs); the task pane never imports this module.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat, unlink } from "node:fs/promises";
import path from "node:path";
import type { SmimeCapability } from "../core/cms/smime-capabilities.js";
import type { EncryptionKeyPreference } from "../core/signer-material.js";
import { decideHarvest, harvestCandidate } from "./harvest-rules.js";
import { normalizeFingerprint, normalizeSettings } from "./normalize.js";
import { anchorFromFile, decideImport, importableCertificates } from "./records.js";
import type {
  AddAnchorResult,
  AnchorRecord,
  CertificateStore,
  ContactImportOutcome,
  ContactImportResult,
  ContactRecord,
  ContactSource,
  HarvestDecision,
  HarvestInput,
  RemoveResult,
  Settings,
} from "./types.js";

export const STORE_FILE_NAME = "inkan-store.json";
const LOCK_FILE_NAME = "inkan-store.lock";
const FILE_FORMAT = "inkan-store";
/** The file's schema version; like the IndexedDB schema, a newer file is refused rather than rewritten. */
export const FILE_FORMAT_VERSION = 1;

/**
 * Largest store file read. A help desk's store holds some hundred certificates (a few hundred kilobytes); a larger
 * file is not ours or is damaged, and is refused as `unreadable` rather than parsed.
 */
export const MAX_STORE_FILE_BYTES = 64 * 1024 * 1024;
/** How long a change waits for another inkan process's lock before giving up with `storage-failed`. */
const LOCK_WAIT_MS = 10_000;
/** A lock older than this was left by a process that died; a change takes seconds at most. */
const STALE_LOCK_MS = 60_000;
const LOCK_RETRY_MS = 50;

interface StoreContent {
  readonly contacts: readonly ContactRecord[];
  readonly anchors: readonly AnchorRecord[];
  readonly settings: Partial<Settings>;
}

const EMPTY: StoreContent = { contacts: [], anchors: [], settings: {} };

/* -------------------------------------------------------------------------------------------------- JSON codec */

class Damaged extends Error {}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");

function unb64(value: unknown, field: string): Uint8Array {
  if (typeof value !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw new Damaged(`${field} is not base64`);
  return new Uint8Array(Buffer.from(value, "base64"));
}

function str(value: unknown, field: string): string {
  if (typeof value !== "string") throw new Damaged(`${field} is not a string`);
  return value;
}

function obj(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Damaged(`${field} is not an object`);
  return value as Record<string, unknown>;
}

function arr(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new Damaged(`${field} is not a list`);
  return value;
}

const SOURCES: readonly ContactSource[] = ["harvested", "confirmed", "imported"];

function encodePreference(p: EncryptionKeyPreference | null): unknown {
  if (p === null) return null;
  return p.kind === "other" ? { kind: "other", der: b64(p.der) } : p;
}

function decodePreference(value: unknown): EncryptionKeyPreference | null {
  if (value === null) return null;
  const p = obj(value, "encryptionKeyPreference");
  switch (p["kind"]) {
    case "issuer-and-serial":
      return { kind: "issuer-and-serial", issuer: str(p["issuer"], "issuer"), serialHex: str(p["serialHex"], "serialHex") };
    case "subject-key-id":
      return { kind: "subject-key-id", keyIdHex: str(p["keyIdHex"], "keyIdHex") };
    case "other":
      return { kind: "other", der: unb64(p["der"], "der") };
    default:
      throw new Damaged("encryptionKeyPreference has an unknown kind");
  }
}

function encodeCapabilities(caps: readonly SmimeCapability[] | null): unknown {
  return caps === null ? null : caps.map((c) => (c.parameters === undefined ? { oid: c.oid } : { oid: c.oid, parameters: b64(c.parameters) }));
}

function decodeCapabilities(value: unknown): readonly SmimeCapability[] | null {
  if (value === null) return null;
  return arr(value, "capabilities").map((entry) => {
    const c = obj(entry, "capability");
    const oid = str(c["oid"], "capability oid");
    return c["parameters"] === undefined ? { oid } : { oid, parameters: unb64(c["parameters"], "capability parameters") };
  });
}

function encodeContact(c: ContactRecord): unknown {
  return {
    ...c,
    certificate: b64(c.certificate),
    capabilities: encodeCapabilities(c.capabilities),
    encryptionKeyPreference: encodePreference(c.encryptionKeyPreference),
    encryptionCertificate: c.encryptionCertificate === null ? null : b64(c.encryptionCertificate),
  };
}

function decodeContact(value: unknown): ContactRecord {
  const c = obj(value, "contact");
  const source = c["source"] as ContactSource;
  if (!SOURCES.includes(source)) throw new Damaged("contact source is unknown");
  if (typeof c["verified"] !== "boolean") throw new Damaged("contact verified is not a boolean");
  return {
    address: str(c["address"], "address").toLowerCase(),
    certificate: unb64(c["certificate"], "certificate"),
    fingerprint: str(c["fingerprint"], "fingerprint"),
    subject: str(c["subject"], "subject"),
    issuer: str(c["issuer"], "issuer"),
    notBefore: str(c["notBefore"], "notBefore"),
    notAfter: str(c["notAfter"], "notAfter"),
    capabilities: decodeCapabilities(c["capabilities"] ?? null),
    encryptionKeyPreference: decodePreference(c["encryptionKeyPreference"] ?? null),
    encryptionCertificate: c["encryptionCertificate"] == null ? null : unb64(c["encryptionCertificate"], "encryptionCertificate"),
    verified: c["verified"],
    source,
    firstSeen: str(c["firstSeen"], "firstSeen"),
    lastSeen: str(c["lastSeen"], "lastSeen"),
  };
}

function encodeAnchor(a: AnchorRecord): unknown {
  return { ...a, certificate: b64(a.certificate) };
}

function decodeAnchor(value: unknown): AnchorRecord {
  const a = obj(value, "anchor");
  return {
    fingerprint: str(a["fingerprint"], "fingerprint"),
    certificate: unb64(a["certificate"], "certificate"),
    label: str(a["label"], "label"),
    subject: str(a["subject"], "subject"),
    notAfter: str(a["notAfter"], "notAfter"),
    addedAt: str(a["addedAt"], "addedAt"),
  };
}

export function encodeStoreFile(content: StoreContent): string {
  return `${JSON.stringify(
    { format: FILE_FORMAT, version: FILE_FORMAT_VERSION, contacts: content.contacts.map(encodeContact), anchors: content.anchors.map(encodeAnchor), settings: content.settings },
    null,
    2,
  )}\n`;
}

type Decoded = { readonly ok: true; readonly content: StoreContent } | { readonly ok: false; readonly code: "damaged" | "newer-version"; readonly detail: string };

export function decodeStoreFile(text: string): Decoded {
  try {
    const root = obj(JSON.parse(text), "the file");
    if (root["format"] !== FILE_FORMAT) throw new Damaged("not an inkan store file");
    const version = root["version"];
    if (typeof version !== "number" || !Number.isInteger(version) || version < 1) throw new Damaged("no version");
    if (version > FILE_FORMAT_VERSION) return { ok: false, code: "newer-version", detail: `the file has version ${version}; this inkan reads up to ${FILE_FORMAT_VERSION}` };
    return {
      ok: true,
      content: {
        contacts: arr(root["contacts"] ?? [], "contacts").map(decodeContact),
        anchors: arr(root["anchors"] ?? [], "anchors").map(decodeAnchor),
        settings: normalizeSettings(root["settings"]),
      },
    };
  } catch (e) {
    if (e instanceof Damaged || e instanceof SyntaxError) return { ok: false, code: "damaged", detail: e.message };
    throw e;
  }
}

/* -------------------------------------------------------------------------------------------------- files */

export interface AtomicWriteHooks {
  /** Runs after the temporary file is complete and before it replaces the target; a throw here aborts the write. */
  readonly beforeRename?: (temporary: string) => Promise<void>;
}

/**
 * Replaces `target` with `data` so that a reader sees the old file or the new one, never a part: temp file in the
 * same directory (rename is atomic only within one file system), flushed to disk before the rename.
 */
export async function writeFileAtomically(target: string, data: string, hooks: AtomicWriteHooks = {}): Promise<void> {
  const temporary = `${target}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    const handle = await open(temporary, "wx", 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await hooks.beforeRename?.(temporary);
    await rename(temporary, target);
  } catch (e) {
    await rm(temporary, { force: true });
    throw e;
  }
}

async function withLock<T>(dir: string, body: () => Promise<T>): Promise<T> {
  const lock = path.join(dir, LOCK_FILE_NAME);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await (await open(lock, "wx")).close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > STALE_LOCK_MS) {
        await unlink(lock).catch(() => undefined);
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another inkan process holds ${lock}`);
      await new Promise((r) => setTimeout(r, LOCK_RETRY_MS));
    }
  }
  try {
    return await body();
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}

type Loaded = { readonly ok: true; readonly content: StoreContent } | { readonly ok: false; readonly code: "unreadable" | "damaged" | "newer-version"; readonly detail: string };

async function load(file: string): Promise<Loaded> {
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (info.size > MAX_STORE_FILE_BYTES) return { ok: false, code: "unreadable", detail: `${file} is larger than ${MAX_STORE_FILE_BYTES} bytes` };
    bytes = await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { ok: true, content: EMPTY };
    return { ok: false, code: "unreadable", detail: `${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  return decodeStoreFile(bytes.toString("utf8"));
}

/* -------------------------------------------------------------------------------------------------- the store */

export type FileStoreError = "unreadable" | "damaged" | "newer-version";

export type FileStoreOpen = { readonly ok: true; readonly store: FileStore } | { readonly ok: false; readonly code: FileStoreError; readonly detail: string };

export interface FileStoreOptions {
  readonly now?: () => Date;
  readonly subtle?: SubtleCrypto;
}

type Change<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly detail: string };

export class FileStore implements CertificateStore {
  readonly file: string;

  constructor(
    readonly dir: string,
    private readonly now: () => Date,
    private readonly subtle: SubtleCrypto,
  ) {
    this.file = path.join(dir, STORE_FILE_NAME);
  }

  private async read(): Promise<StoreContent> {
    const loaded = await load(this.file);
    // openFileStore read the file once already; a file damaged since then is not ours to interpret.
    if (!loaded.ok) throw new Error(`${this.file}: ${loaded.code}: ${loaded.detail}`);
    return loaded.content;
  }

  /** Reads, changes and writes the file under the lock; `change` returns the new content (null: nothing to write). */
  private async change<T>(change: (content: StoreContent) => { readonly next: StoreContent | null; readonly value: T }): Promise<Change<T>> {
    try {
      await mkdir(this.dir, { recursive: true });
      return await withLock(this.dir, async () => {
        const loaded = await load(this.file);
        if (!loaded.ok) return { ok: false, detail: `${loaded.code}: ${loaded.detail}` };
        const { next, value } = change(loaded.content);
        if (next !== null) await writeFileAtomically(this.file, encodeStoreFile(next));
        return { ok: true, value };
      });
    } catch (e) {
      return { ok: false, detail: (e as Error).message };
    }
  }

  async listContacts(): Promise<readonly ContactRecord[]> {
    return (await this.read()).contacts;
  }

  async contactFor(address: string): Promise<ContactRecord | null> {
    const wanted = address.trim().toLowerCase();
    return (await this.read()).contacts.find((c) => c.address === wanted) ?? null;
  }

  async harvest(input: HarvestInput): Promise<HarvestDecision> {
    const made = await harvestCandidate(input, this.subtle);
    if (!made.ok) return { code: made.code, write: null };
    const { candidate } = made;
    const changed = await this.change((content) => {
      const decision = decideHarvest(content.contacts.find((c) => c.address === candidate.address) ?? null, candidate, this.now());
      return { next: decision.write ? withContact(content, decision.write) : null, value: decision };
    });
    return changed.ok ? changed.value : { code: "storage-failed", write: null };
  }

  async importContactCertificates(file: Uint8Array): Promise<ContactImportResult> {
    const read = await importableCertificates(file, this.subtle);
    if (!read.ok) return read;
    const now = this.now();
    const changed = await this.change((content) => {
      let next = content;
      const contacts: ContactRecord[] = [];
      const outcomes: { address: string; outcome: ContactImportOutcome }[] = [];
      for (const item of read.items) {
        for (const address of item.facts.emails) {
          const decision = decideImport(next.contacts.find((c) => c.address === address) ?? null, item, address, now);
          if (decision.write) next = withContact(next, decision.write);
          contacts.push(decision.record);
          outcomes.push({ address, outcome: decision.outcome });
        }
      }
      return { next: next === content ? null : next, value: { contacts, outcomes } };
    });
    return changed.ok ? { ok: true, ...changed.value } : { ok: false, code: "storage-failed", detail: changed.detail };
  }

  async deleteContact(address: string): Promise<RemoveResult> {
    const wanted = address.trim().toLowerCase();
    const changed = await this.change((content) => {
      const kept = content.contacts.filter((c) => c.address !== wanted);
      return kept.length === content.contacts.length ? { next: null, value: "not-found" as const } : { next: { ...content, contacts: kept }, value: "removed" as const };
    });
    return changed.ok ? { ok: true, outcome: changed.value } : { ok: false, code: "storage-failed", detail: changed.detail };
  }

  async listAnchors(): Promise<readonly AnchorRecord[]> {
    return (await this.read()).anchors;
  }

  async anchorCertificates(): Promise<readonly Uint8Array[]> {
    return (await this.listAnchors()).map((a) => a.certificate);
  }

  async addAnchor(file: Uint8Array, label: string): Promise<AddAnchorResult> {
    const made = await anchorFromFile(file, label, this.now(), this.subtle);
    if (!made.ok) return made;
    const changed = await this.change((content) => {
      const existing = content.anchors.find((a) => a.fingerprint === made.record.fingerprint);
      const anchor = existing ? { ...existing, label: made.record.label } : made.record;
      const anchors = existing ? content.anchors.map((a) => (a === existing ? anchor : a)) : [...content.anchors, anchor];
      return { next: { ...content, anchors }, value: { anchor, outcome: existing ? ("relabelled" as const) : ("added" as const) } };
    });
    return changed.ok ? { ok: true, ...changed.value } : { ok: false, code: "storage-failed", detail: changed.detail };
  }

  async removeAnchor(fingerprint: string): Promise<RemoveResult> {
    const wanted = normalizeFingerprint(fingerprint);
    const changed = await this.change((content) => {
      const kept = content.anchors.filter((a) => a.fingerprint !== wanted);
      return kept.length === content.anchors.length ? { next: null, value: "not-found" as const } : { next: { ...content, anchors: kept }, value: "removed" as const };
    });
    return changed.ok ? { ok: true, outcome: changed.value } : { ok: false, code: "storage-failed", detail: changed.detail };
  }

  async getSettings(): Promise<Settings> {
    return normalizeSettings((await this.read()).settings);
  }

  /** Throws when the file cannot be written, like the browser store (no partial outcome to report). */
  async updateSettings(patch: Partial<Settings>): Promise<Settings> {
    const changed = await this.change((content) => {
      const settings = normalizeSettings({ ...normalizeSettings(content.settings), ...patch });
      return { next: { ...content, settings }, value: settings };
    });
    if (!changed.ok) throw new Error(`settings were not saved: ${changed.detail}`);
    return changed.value;
  }
}

function withContact(content: StoreContent, record: ContactRecord): StoreContent {
  const others = content.contacts.filter((c) => c.address !== record.address);
  return { ...content, contacts: [...others, record].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0)) };
}

/**
 * Opens the store in `dir` (a missing directory or file is an empty store; both are created on the first change).
 * A damaged or newer file is refused here, before any command acts on it.
 */
export async function openFileStore(dir: string, options: FileStoreOptions = {}): Promise<FileStoreOpen> {
  const store = new FileStore(dir, options.now ?? (() => new Date()), options.subtle ?? globalThis.crypto.subtle);
  const loaded = await load(store.file);
  if (!loaded.ok) return loaded;
  return { ok: true, store };
}
