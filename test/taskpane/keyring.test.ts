/**
 * The pane's keyring: the store is opened once and shared, and `opening` says when the database has been asked for,
 * so that a check can run beside the opening instead of in front of it; a store this page is still creating is read
 * as empty without waiting for its creation.
 */
import { describe, expect, it } from "vitest";
import type { InkanStore, OpenStoreOptions, OpenStoreResult } from "../../src/store/types.js";
import { createKeyring, readingKeys, type KeyringBackend } from "../../src/taskpane/keyring.js";

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const settled = async <T>(promise: Promise<T>): Promise<boolean> => {
  let done = false;
  void promise.then(() => (done = true), () => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
};

describe("keyring.opening", () => {
  it("waits for the store's code, resolves once the database is asked for, before it has opened", async () => {
    const code = deferred<KeyringBackend>();
    const database = deferred<OpenStoreResult>();
    let asked = 0;
    const keyring = createKeyring(() => code.promise);
    const opening = keyring.opening();
    expect(await settled(opening)).toBe(false);
    code.resolve({
      openStore: () => {
        asked++;
        return database.promise;
      },
      requestPersistentStorage: async () => "persisted",
    });
    await opening;
    expect(asked).toBe(1);
    expect(await settled(keyring.open())).toBe(false);
    database.resolve({ ok: false, code: "unavailable", detail: "test" });
    expect(await keyring.open()).toEqual({ ok: false, code: "unavailable", detail: "test" });
    // One opening, shared by every caller.
    await keyring.opening();
    expect(asked).toBe(1);
  });

  it("resolves, never rejects, when the store's code cannot be loaded", async () => {
    const keyring = createKeyring(() => Promise.reject(new Error("offline")));
    await expect(keyring.opening()).resolves.toBeUndefined();
    expect(await keyring.open()).toEqual({ ok: false, code: "failed", detail: "offline" });
  });

  it("resolves when opening the database throws", async () => {
    const keyring = createKeyring(async () => ({
      openStore: () => {
        throw new Error("IndexedDB broke");
      },
      requestPersistentStorage: async () => "unavailable",
    }));
    await expect(keyring.opening()).resolves.toBeUndefined();
    expect(await keyring.open()).toEqual({ ok: false, code: "failed", detail: "IndexedDB broke" });
  });
});

/** A backend whose database answers when the test says, and which tells whether the open created the store. */
function pendingBackend(): { backend: KeyringBackend; database: ReturnType<typeof deferred<OpenStoreResult>>; options: () => Pick<OpenStoreOptions, "onCreate"> } {
  const database = deferred<OpenStoreResult>();
  let given: Pick<OpenStoreOptions, "onCreate"> = {};
  return {
    database,
    options: () => given,
    backend: {
      openStore: (options) => {
        given = options;
        return database.promise;
      },
      requestPersistentStorage: async () => "persisted",
    },
  };
}

/** Just the two reads a check makes. */
const storeWith = (anchors: Uint8Array[]): InkanStore =>
  ({ loadIdentities: async () => ({ identities: [], failed: [] }), anchorCertificates: async () => anchors }) as unknown as InkanStore;

describe("keyring.openForReading", () => {
  it("answers at once, with no store, while the open is creating the store", async () => {
    const { backend, database, options } = pendingBackend();
    const keyring = createKeyring(() => backend);
    const reading = keyring.openForReading();
    expect(await settled(reading)).toBe(false);
    options().onCreate!();
    expect(await reading).toBeNull();
    expect(await readingKeys(keyring)).toEqual({ identities: [], anchors: [] });
    expect(await settled(keyring.open())).toBe(false);
    const anchor = new Uint8Array([0x30, 0x00]);
    database.resolve({ ok: true, store: storeWith([anchor]) });
    await keyring.open();
    // Open: whatever has been written since is read.
    expect(await keyring.openForReading()).toMatchObject({ ok: true });
    expect((await readingKeys(keyring)).anchors).toEqual([anchor]);
  });

  it("waits for the open of a store that was there before", async () => {
    const { backend, database } = pendingBackend();
    const keyring = createKeyring(() => backend);
    const keys = readingKeys(keyring);
    expect(await settled(keyring.openForReading())).toBe(false);
    expect(await settled(keys)).toBe(false);
    const anchor = new Uint8Array([0x30, 0x00]);
    database.resolve({ ok: true, store: storeWith([anchor]) });
    expect((await keys).anchors).toEqual([anchor]);
  });

  it("asks for the database in the same turn when the store's code is given as it is", () => {
    const { backend, options } = pendingBackend();
    let asked = 0;
    const keyring = createKeyring(() => ({ ...backend, openStore: (o) => (asked++, backend.openStore(o)) }));
    void keyring.open();
    expect(asked).toBe(1);
    expect(typeof options().onCreate).toBe("function");
  });
});
