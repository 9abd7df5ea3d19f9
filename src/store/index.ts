/*
 * The browser store's entry point. The CLI's file store (file-store.ts) is not re-exported: it uses node:fs and must
 * stay out of the task pane's bundle.
 */
export * from "./types.js";
export { openStore } from "./indexeddb-store.js";
export { requestPersistentStorage } from "./persist.js";
export { expiryState, identityExpiryWarning } from "./expiry.js";
export { decideHarvest, harvestCandidate, harvestEligibility, type HarvestCandidate } from "./harvest-rules.js";
