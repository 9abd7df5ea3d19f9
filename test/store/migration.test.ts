/**
 * Schema versions: a database made by an earlier migration list upgrades with its data kept; a failed step leaves
 * the old version and its data; an older build meets a newer database with a typed refusal; open tabs step aside
 * for an upgrade (versionchange) and a tab that does not is reported (blocked).
 */
import { describe, expect, it } from "vitest";
import { openStoreWithSchema } from "../../src/store/indexeddb-store.js";
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from "../../src/store/schema.js";
import type { InkanStore, OpenStoreOptions } from "../../src/store/types.js";
import { days, isolated, makeCertificate, makeIdentity, pem, signerOf } from "./kit.js";

/** A later version as a future release might add it: an index, and a step that rewrites every contact. */
const V2_ADDS_INDEX: Migration = async (_db, tx) => {
  // The schema type describes the current version; a future step's index is outside it.
  (tx.objectStore("anchors") as unknown as { createIndex(name: string, keyPath: string): void }).createIndex("by-label", "label");
  let cursor = await tx.objectStore("contacts").openCursor();
  while (cursor) {
    await cursor.update({ ...cursor.value });
    cursor = await cursor.continue();
  }
};
const V2_FAILS: Migration = () => {
  throw new Error("a broken upgrade step");
};

async function openWith(migrations: readonly Migration[], options: OpenStoreOptions): Promise<InkanStore> {
  const opened = await openStoreWithSchema(migrations, options);
  if (!opened.ok) throw new Error(`${opened.code}: ${opened.detail}`);
  return opened.store;
}

async function rawVersion(factory: IDBFactory, name: string): Promise<{ version: number; indexes: string[] }> {
  return new Promise((resolve, reject) => {
    const r = factory.open(name);
    r.onsuccess = () => {
      const db = r.result;
      const indexes = Array.from(db.transaction("anchors").objectStore("anchors").indexNames);
      resolve({ version: db.version, indexes });
      db.close();
    };
    r.onerror = () => reject(r.error);
  });
}

/** A version-1 store holding one of everything. */
async function populatedV1(options: OpenStoreOptions): Promise<{ pkcs8: Uint8Array; anchorFingerprint: string }> {
  const store = await openWith(MIGRATIONS, options);
  const identity = await makeIdentity({ emails: ["me@example.jp"], notBefore: days(-10), notAfter: days(300) });
  expect((await store.importIdentities([identity])).ok).toBe(true);
  const partner = await makeCertificate({ emails: ["partner@example.jp"], notBefore: days(-10), notAfter: days(300) });
  expect((await store.harvest({ status: "verified", fromAddress: "partner@example.jp", signer: signerOf(partner.der, ["partner@example.jp"]) })).code).toBe("added");
  const ca = await makeCertificate({ emails: [], name: "Example Private CA", ca: true, notBefore: days(-10), notAfter: days(3000) });
  const added = await store.addAnchor(pem(ca.der), "Example private CA");
  if (!added.ok) throw new Error(added.code);
  await store.updateSettings({ encryptWhenPossible: true });
  store.close();
  return { pkcs8: identity.privateKey, anchorFingerprint: added.anchor.fingerprint };
}

describe("schema migrations", () => {
  it("the current schema is version 1", () => {
    expect(SCHEMA_VERSION).toBe(1);
  });

  it("a version-1 database opened by code at version 2 keeps every record, and the new index works", async () => {
    const options = isolated();
    const before = await populatedV1(options);
    expect((await rawVersion(options.indexedDB, options.name)).version).toBe(1);

    const store = await openWith([...MIGRATIONS, V2_ADDS_INDEX], options);
    const loaded = await store.loadIdentities();
    expect(loaded.identities.map((i) => i.privateKey)).toEqual([before.pkcs8]);
    expect((await store.listContacts()).map((c) => c.address)).toEqual(["partner@example.jp"]);
    expect((await store.listAnchors()).map((a) => a.fingerprint)).toEqual([before.anchorFingerprint]);
    expect((await store.getSettings()).encryptWhenPossible).toBe(true);
    expect(await store.health()).toEqual({ cryptoKeys: "stored", masterKey: "ok" });
    store.close();
    expect(await rawVersion(options.indexedDB, options.name)).toEqual({ version: 2, indexes: ["by-label"] });
  });

  it("a failing upgrade step leaves the database at its old version with its data", async () => {
    const options = isolated();
    const before = await populatedV1(options);
    const failed = await openStoreWithSchema([...MIGRATIONS, V2_FAILS], options);
    expect(failed.ok ? "opened" : failed.code).toBe("failed");
    expect((await rawVersion(options.indexedDB, options.name)).version).toBe(1);
    const store = await openWith(MIGRATIONS, options);
    expect((await store.loadIdentities()).identities.map((i) => i.privateKey)).toEqual([before.pkcs8]);
    store.close();
  });

  it("code with an older schema refuses a newer database with `newer-version` and changes nothing", async () => {
    const options = isolated();
    await populatedV1(options);
    (await openWith([...MIGRATIONS, V2_ADDS_INDEX], options)).close();
    const old = await openStoreWithSchema(MIGRATIONS, options);
    expect(old.ok ? "opened" : old.code).toBe("newer-version");
    expect((await rawVersion(options.indexedDB, options.name)).version).toBe(2);
  });

  it("says when an open creates the store, before the open finishes, and only then", async () => {
    const base = isolated();
    const events: string[] = [];
    const opening = openStoreWithSchema(MIGRATIONS, { ...base, onCreate: () => events.push("created") });
    const first = await opening;
    events.push("opened");
    expect(events).toEqual(["created", "opened"]);
    if (!first.ok) throw new Error(first.code);
    first.store.close();
    // An upgrade of an existing store is not a creation.
    const later = await openWith([...MIGRATIONS, V2_ADDS_INDEX], { ...base, onCreate: () => events.push("created again") });
    later.close();
    expect(events).toEqual(["created", "opened"]);
  });

  it("an open store closes itself when another tab upgrades, and says so", async () => {
    const base = isolated();
    let told = 0;
    const first = await openWith(MIGRATIONS, { ...base, onVersionChange: () => told++ });
    let blocked = 0;
    const second = await openWith([...MIGRATIONS, V2_ADDS_INDEX], { ...base, onBlocked: () => blocked++ });
    expect([told, blocked]).toEqual([1, 0]);
    // The closed connection refuses work with a typed failure instead of writing to an old schema.
    const removed = await first.removeAnchor("00");
    expect(removed.ok ? removed.outcome : removed.code).toBe("storage-failed");
    expect((await second.getSettings()).signByDefault).toBe(true);
    second.close();
  });

  it("a tab that keeps the old version open blocks the upgrade, which is reported, until it closes", async () => {
    const base = isolated();
    await populatedV1(base);
    // A connection that ignores versionchange, as an older build without the handler would.
    const stubborn = await new Promise<IDBDatabase>((resolve) => {
      const r = base.indexedDB.open(base.name);
      r.onsuccess = () => resolve(r.result);
    });
    let blocked = 0;
    const opening = openStoreWithSchema([...MIGRATIONS, V2_ADDS_INDEX], { ...base, onBlocked: () => blocked++ });
    await new Promise((r) => setTimeout(r, 50));
    expect(blocked).toBe(1);
    stubborn.close();
    const opened = await opening;
    expect(opened.ok).toBe(true);
    if (opened.ok) opened.store.close();
  });
});
