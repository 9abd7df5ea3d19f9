/*
 * What the browser store does with certificates: parsing them, matching a key to its certificate, the facts kept
 * beside them, and the rules that decide an import or a harvest. It needs the certificate code (pkijs), which
 * opening the store and reading its keys do not: indexeddb-store.ts loads this module on first use, so that in the
 * task pane the database opens while that code is still on its way.
 */
export { parseCertificate } from "../core/pki/certificate.js";
export { publicKeyMatches } from "../core/keys/import-key-files.js";
export { certificateFacts } from "./certificate-facts.js";
export { decideHarvest, harvestCandidate } from "./harvest-rules.js";
export { anchorFromFile, decideImport, importableCertificates } from "./records.js";
