/**
 * The pane's keyring: the store is opened once and shared, and `opening` says when the database has been asked for,
 * so that a check can run beside the opening instead of in front of it.
 */
import { describe, expect, it } from "vitest";
import type { OpenStoreResult } from "../../src/store/types.js";
import { createKeyring, type KeyringBackend } from "../../src/taskpane/keyring.js";

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
