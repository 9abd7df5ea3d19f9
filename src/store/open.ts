/*
 * The browser store as the task pane opens it: the database and the request for persistent storage, without the
 * certificate code that importing and harvesting need (certificate-work.ts, loaded by the store when first asked).
 */
export { openStore } from "./indexeddb-store.js";
export { requestPersistentStorage } from "./persist.js";
