/**
 * What the page keeps in IndexedDB, read in the page with the plain IndexedDB API (not through the store's code):
 * every database, every object store, every record. CryptoKeys cannot leave the page, so they are described there,
 * and each private or secret key is asked to export itself there too.
 */
import type { Page } from "playwright-core";

export interface StoredKey {
  /** Database / object store / record key / property path. */
  readonly path: string;
  readonly type: string;
  readonly algorithm: string;
  readonly extractable: boolean;
  readonly usages: readonly string[];
  /** Each export format tried, and whether crypto.subtle.exportKey rejected it. */
  readonly exports: Readonly<Record<string, "rejected" | "exported">>;
}

export interface IndexedDbDump {
  /** Every record, JSON-shaped: byte arrays as `{ bytes: base64 }`, CryptoKeys as their description. */
  readonly records: Readonly<Record<string, unknown>>;
  readonly keys: readonly StoredKey[];
  /** Every byte array and string found in any record, byte arrays in base64. */
  readonly blobs: readonly string[];
  readonly strings: readonly string[];
}

/**
 * The page-side reader, as plain JavaScript: a function compiled here would carry the TypeScript compiler's helpers
 * (such as __name) into the page, where they do not exist.
 */
const DUMP_SCRIPT = `(async () => {
  const request = (r) => new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const base64 = (bytes) => {
    let s = "";
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  };
  const keys = [];
  const blobs = [];
  const strings = [];
  const cryptoKeys = [];
  const walk = (value, path) => {
    if (value instanceof CryptoKey) {
      cryptoKeys.push({ path, key: value });
      return { cryptoKey: { type: value.type, algorithm: value.algorithm.name, extractable: value.extractable, usages: [...value.usages].sort() } };
    }
    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      const b64 = base64(bytes);
      blobs.push(b64);
      return { bytes: b64 };
    }
    if (typeof value === "string") {
      strings.push(value);
      return value;
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, path + "[" + i + "]"));
    if (value instanceof Date) return { date: value.toISOString() };
    if (typeof value === "object" && value !== null) {
      const out = {};
      for (const [k, v] of Object.entries(value)) out[k] = walk(v, path + "." + k);
      return out;
    }
    return value;
  };
  const records = {};
  for (const { name } of await indexedDB.databases()) {
    if (name === undefined) continue;
    const db = await request(indexedDB.open(name));
    for (const storeName of Array.from(db.objectStoreNames)) {
      const store = db.transaction(storeName).objectStore(storeName);
      const [ids, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
      records[name + "/" + storeName] = values.map((v, i) => ({
        key: walk(ids[i], name + "/" + storeName + "#key"),
        value: walk(v, name + "/" + storeName + "/" + String(ids[i])),
      }));
    }
    db.close();
  }
  for (const { path, key } of cryptoKeys) {
    const exports = {};
    if (key.type !== "public") {
      for (const format of key.type === "private" ? ["pkcs8", "jwk"] : ["raw", "jwk"]) {
        exports[format] = await crypto.subtle.exportKey(format, key).then(() => "exported", () => "rejected");
      }
    }
    keys.push({ path, type: key.type, algorithm: key.algorithm.name, extractable: key.extractable, usages: [...key.usages], exports });
  }
  return { records, keys, blobs, strings };
})()`;

export function dumpIndexedDb(page: Page): Promise<IndexedDbDump> {
  return page.evaluate(DUMP_SCRIPT) as Promise<IndexedDbDump>;
}

function indexOf(haystack: Buffer, needle: Buffer): boolean {
  return needle.length > 0 && haystack.indexOf(needle) >= 0;
}

/**
 * Where `secret` shows in the dump: inside any stored byte array, or in a string as hex, base64 or base64url, or in
 * a string that is itself base64 of bytes holding it. Empty when it is nowhere.
 */
export function findSecret(dump: IndexedDbDump, secret: Uint8Array): string[] {
  const needle = Buffer.from(secret);
  const found: string[] = [];
  dump.blobs.forEach((b64, i) => {
    if (indexOf(Buffer.from(b64, "base64"), needle)) found.push(`byte array #${i}`);
  });
  const forms = [needle.toString("hex"), needle.toString("base64"), needle.toString("base64url")];
  dump.strings.forEach((s, i) => {
    if (forms.some((f) => s.toLowerCase().includes(f.toLowerCase()))) found.push(`string #${i}`);
    else if (/^[A-Za-z0-9+/_-]{16,}={0,2}$/.test(s) && indexOf(Buffer.from(s, s.includes("-") || s.includes("_") ? "base64url" : "base64"), needle)) {
      found.push(`string #${i} (base64)`);
    }
  });
  return found;
}
