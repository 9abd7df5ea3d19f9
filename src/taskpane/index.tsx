import { createRoot } from "react-dom/client";
import { DEFAULT_DETECT_TIMEOUT_MS, detectComposeHost, detectHost } from "../host/detect-host.js";
import { languageFromTag } from "../i18n/language.js";
import { App, type RunEngine } from "./App.js";
import type { ComposeEngine } from "./compose-engine.js";
import { openStore, requestPersistentStorage } from "../store/open.js";
import { createKeyring } from "./keyring.js";
import { officeDisplayLanguage, officeThemeBrightness, watchOfficeTheme } from "./office-environment.js";
import { markStep } from "./timing.js";

/**
 * Office opens add-in pages with a `_host_Info` query parameter. With it, office.js may take longer to arrive (a cold
 * cache on a slow link), and giving up early would show the standalone page inside Outlook.
 */
const IN_OFFICE_DETECT_TIMEOUT_MS = 10_000;

/**
 * The verifier (pkijs, asn1js and the built-in roots) is most of the code: it loads apart from the first paint; the
 * prefetch hint fetches it while the browser is idle.
 */
let engineModule: Promise<typeof import("./engine.js")> | undefined;
const loadEngine = (): Promise<typeof import("./engine.js")> =>
  (engineModule ??= import(/* webpackChunkName: "engine", webpackPrefetch: true */ "./engine.js"));

const engine: RunEngine = async (eml, extraAnchors, identities) => {
  const loaded = await loadEngine();
  markStep("engine-loaded");
  const result = await loaded.checkMessage(eml, extraAnchors, identities);
  markStep("checked");
  return result;
};

/** Signing, encrypting and building outgoing mail: the same engine chunk, loaded in compose mode only. */
let composeModule: Promise<typeof import("./compose-engine.js")> | undefined;
const loadComposeEngine = (): Promise<typeof import("./compose-engine.js")> =>
  (composeModule ??= import(/* webpackChunkName: "engine" */ "./compose-engine.js"));

const composeEngine: ComposeEngine = {
  recipientStatuses: async (draft, contacts, now) => (await loadComposeEngine()).composeEngine.recipientStatuses(draft, contacts, now),
  createSigner: async (identity) => (await loadComposeEngine()).composeEngine.createSigner(identity),
  protect: async (draft, request) => (await loadComposeEngine()).composeEngine.protect(draft, request),
  certificateRequest: async (lang, from, to) => (await loadComposeEngine()).composeEngine.certificateRequest(lang, from, to),
};

/**
 * The store's opening (idb, the schema, key protection: a few KB) is part of the page, so that inside Outlook the
 * database opens while the page is still busy with office.js and the first render, before the engine arrives. Its
 * certificate work (pkijs) loads when first asked for. The standalone page opens it only when first needed.
 */
const keyring = createKeyring(async () => ({ openStore, requestPersistentStorage: () => requestPersistentStorage() }));

async function main(): Promise<void> {
  const container = document.getElementById("root");
  if (container === null) throw new Error("taskpane.html has no #root element");
  const params = new URLSearchParams(window.location.search);
  const mode = params.get("mode") === "compose" ? "compose" : "read";
  // Inside Outlook the engine is needed at once (a message is about to be checked, or a draft's recipients looked
  // up): load it now, while office.js loads and the host is detected. The standalone page keeps it for the first
  // dropped file.
  if (params.has("_host_Info")) {
    void (mode === "compose" ? loadComposeEngine() : loadEngine()).catch(() => undefined);
    // The store too: its code and the IndexedDB open then overlap office.js instead of following the first paint.
    void keyring.open();
  }
  const host = await detectHost({
    timeoutMs: params.has("_host_Info") ? IN_OFFICE_DETECT_TIMEOUT_MS : DEFAULT_DETECT_TIMEOUT_MS,
  });
  markStep("host-detected");
  const inOutlook = host.kind === "outlook";
  // Start reading the selected message now: the read runs while React renders, and the pane's own request for it
  // gets this same read (the host shares one read per selection).
  if (inOutlook && mode === "read") void host.getCurrentMessage();
  // Null on the standalone page, and beside an item that is not being written: the view then says where it works.
  const composeHost = mode === "compose" ? detectComposeHost(host) : null;
  const locale = (inOutlook ? officeDisplayLanguage() : null) ?? navigator.language;
  createRoot(container).render(
    <App
      host={host}
      mode={mode}
      initialLang={languageFromTag(locale)}
      locale={locale}
      engine={engine}
      officeTheme={inOutlook ? officeThemeBrightness : undefined}
      watchOfficeTheme={inOutlook ? watchOfficeTheme : undefined}
      keyring={keyring}
      compose={composeHost === null ? null : { host: composeHost, engine: composeEngine }}
    />,
  );
  // The standalone page opens the store when it is first needed (a file checked, the Certificates view): its code
  // brings pkijs, which the page's first load does not need.
}

void main();
