/**
 * Test material for the store: certificates with fixed validity periods (so that every clock in these tests is a
 * fixed date, not the fixture generation time), identities of each key kind, and an isolated IndexedDB per test.
 */
import "reflect-metadata";
import "fake-indexeddb/auto";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { IDBFactory } from "fake-indexeddb";
import type { Identity, PrivateKeyKind } from "../../src/core/keys/identity.js";
import type { SignerMaterial } from "../../src/core/signer-material.js";
import { openStore } from "../../src/store/indexeddb-store.js";
import type { InkanStore, OpenStoreOptions } from "../../src/store/types.js";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);
export const subtle = globalThis.crypto.subtle;

/** The fixed "now" of these tests. */
export const NOW = new Date("2030-06-15T12:00:00Z");
const DAY_MS = 86_400_000;
export const days = (n: number): Date => new Date(NOW.getTime() + n * DAY_MS);

type TestKeyKind = Extract<PrivateKeyKind, "rsa" | "ec-p256" | "ed25519">;

const KEY_ALGORITHMS: Record<TestKeyKind, { generate: RsaHashedKeyGenParams | EcKeyGenParams | Algorithm; sign: Algorithm | EcdsaParams | RsaHashedImportParams }> = {
  rsa: {
    generate: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) } as RsaHashedKeyGenParams,
    sign: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as RsaHashedImportParams,
  },
  "ec-p256": { generate: { name: "ECDSA", namedCurve: "P-256" }, sign: { name: "ECDSA", hash: "SHA-256" } as EcdsaParams },
  ed25519: { generate: { name: "Ed25519" }, sign: { name: "Ed25519" } },
};

// Key generation dominates (RSA above all); one key pair per kind serves every certificate of a kind.
const pairs = new Map<TestKeyKind, Promise<CryptoKeyPair>>();
function pairOf(kind: TestKeyKind): Promise<CryptoKeyPair> {
  let p = pairs.get(kind);
  if (!p) {
    p = subtle.generateKey(KEY_ALGORITHMS[kind].generate, true, ["sign", "verify"]) as Promise<CryptoKeyPair>;
    pairs.set(kind, p);
  }
  return p;
}

let serial = 1;

export interface TestCertOptions {
  readonly emails: readonly string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly kind?: TestKeyKind;
  readonly ca?: boolean;
  readonly name?: string;
  /** A fresh key pair instead of the shared one of its kind. */
  readonly freshKey?: boolean;
}

export async function makeCertificate(options: TestCertOptions): Promise<{ der: Uint8Array; keys: CryptoKeyPair }> {
  const kind = options.kind ?? "ec-p256";
  const keys = options.freshKey ? ((await subtle.generateKey(KEY_ALGORITHMS[kind].generate, true, ["sign", "verify"])) as CryptoKeyPair) : await pairOf(kind);
  const extensions: x509.Extension[] = [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true)];
  if (options.emails.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(options.emails.map((value) => ({ type: "email" as const, value }))));
  if (options.ca) extensions.push(new x509.BasicConstraintsExtension(true, undefined, true));
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: (serial++).toString(16).padStart(4, "0"),
    name: `CN=${options.name ?? options.emails[0] ?? "test"}`,
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    signingAlgorithm: KEY_ALGORITHMS[kind].sign,
    keys,
    extensions,
  });
  return { der: new Uint8Array(cert.rawData), keys };
}

export async function makeIdentity(options: TestCertOptions & { friendlyName?: string }): Promise<Identity> {
  const { der, keys } = await makeCertificate(options);
  const privateKey = new Uint8Array(await subtle.exportKey("pkcs8", keys.privateKey));
  return { certificate: der, chain: [], privateKey, keyKind: options.kind ?? "ec-p256", friendlyName: options.friendlyName ?? null };
}

export function signerOf(certificate: Uint8Array, emails: readonly string[], extra: Partial<SignerMaterial> = {}): SignerMaterial {
  return { certificate, emails, capabilities: null, encryptionKeyPreference: null, encryptionCertificate: null, ...extra };
}

export function pem(der: Uint8Array, label = "CERTIFICATE"): Uint8Array {
  const b64 = Buffer.from(der).toString("base64").replace(/(.{64})/g, "$1\n");
  return new TextEncoder().encode(`-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`);
}

let dbCounter = 0;

/** An isolated database: its own IDBFactory, so no test sees another's data. */
export function isolated(overrides: OpenStoreOptions = {}): OpenStoreOptions & { indexedDB: IDBFactory; name: string } {
  return { indexedDB: new IDBFactory(), name: `inkan-test-${dbCounter++}`, now: () => NOW, ...overrides };
}

export async function open(options: OpenStoreOptions): Promise<InkanStore> {
  const opened = await openStore(options);
  if (!opened.ok) throw new Error(`openStore: ${opened.code}: ${opened.detail}`);
  return opened.store;
}

/** Every record of every object store, read with the plain IndexedDB API (not through the store's code). */
export async function dumpDatabase(factory: IDBFactory, name: string): Promise<Record<string, unknown[]>> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = factory.open(name);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const out: Record<string, unknown[]> = {};
  for (const storeName of Array.from(db.objectStoreNames)) {
    out[storeName] = await new Promise<unknown[]>((resolve, reject) => {
      const r = db.transaction(storeName).objectStore(storeName).getAll();
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  }
  db.close();
  return out;
}

/** Every byte array reachable from a value (records nest them in objects and arrays). */
export function byteArraysIn(value: unknown, out: Uint8Array[] = []): Uint8Array[] {
  if (value instanceof Uint8Array) out.push(value);
  else if (value instanceof ArrayBuffer) out.push(new Uint8Array(value));
  else if (Array.isArray(value)) for (const v of value) byteArraysIn(v, out);
  else if (typeof value === "object" && value !== null && !(value instanceof CryptoKey)) for (const v of Object.values(value)) byteArraysIn(v, out);
  return out;
}

export function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.byteLength <= haystack.byteLength; i++) {
    for (let j = 0; j < needle.byteLength; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
