import type { PersistOutcome } from "./types.js";

/**
 * Asks the browser not to evict the store under storage pressure (best-effort storage can be cleared, and with it
 * the user's keys). Call once from a user gesture where the browser wants one. Without the Storage API (Node, some
 * WebViews) it reports "unavailable" and does nothing.
 */
export async function requestPersistentStorage(storage: Pick<StorageManager, "persist" | "persisted"> | undefined = (globalThis as { navigator?: { storage?: StorageManager } }).navigator?.storage): Promise<PersistOutcome> {
  if (storage === undefined || typeof storage.persist !== "function") return "unavailable";
  try {
    if (typeof storage.persisted === "function" && (await storage.persisted())) return "persisted";
    return (await storage.persist()) ? "persisted" : "not-persisted";
  } catch {
    return "unavailable";
  }
}
