/**
 * What the page starts before anything else runs. index.tsx imports this module first, so its body runs before React,
 * Fluent UI and the views are evaluated (a good part of the page's first 200 ms): inside Outlook the IndexedDB open and
 * the engine's download then begin while that code is still being evaluated, not after it.
 */
import { openStore, requestPersistentStorage } from "../store/open.js";
import { createKeyring } from "./keyring.js";

const params = new URLSearchParams(window.location.search);

/** Office opens add-in pages with a `_host_Info` query parameter. */
export const openedByOffice = params.has("_host_Info");
export const paneMode: "read" | "compose" = params.get("mode") === "compose" ? "compose" : "read";

/**
 * The verifier (pkijs, asn1js and the built-in roots) is most of the code: it loads apart from the first paint; the
 * prefetch hint fetches it while the browser is idle.
 */
let engineModule: Promise<typeof import("./engine.js")> | undefined;
export const loadEngine = (): Promise<typeof import("./engine.js")> =>
  (engineModule ??= import(/* webpackChunkName: "engine", webpackPrefetch: true */ "./engine.js"));

/** Signing, encrypting and building outgoing mail: a chunk of its own (sharing pkijs with the engine), for compose mode. */
let composeModule: Promise<typeof import("./compose-engine.js")> | undefined;
export const loadComposeEngine = (): Promise<typeof import("./compose-engine.js")> =>
  (composeModule ??= import(/* webpackChunkName: "compose-engine" */ "./compose-engine.js"));

/**
 * The store's opening (idb, the schema, key protection: a few KB) is part of the page, so that inside Outlook the
 * database opens while the page is still busy with office.js and the first render, before the engine arrives. Its
 * certificate work (pkijs) loads when first asked for. The standalone page opens it only when first needed.
 */
export const keyring = createKeyring(() => ({ openStore, requestPersistentStorage: () => requestPersistentStorage() }));

// Inside Outlook the store's keys are needed at once, and so is the engine (a message is about to be checked, or a
// draft's recipients looked up). The standalone page keeps both for the first dropped file: the engine brings pkijs,
// which its first paint does not need.
if (openedByOffice) {
  void keyring.open();
  void (paneMode === "compose" ? loadComposeEngine() : loadEngine()).catch(() => undefined);
}
