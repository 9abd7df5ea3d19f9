// First: starts the store's open and the engine's download before the rest of the page's code is evaluated.
import { keyring, loadComposeEngine, loadEngine, openedByOffice, paneMode } from "./start.js";
import { createRoot } from "react-dom/client";
import { DEFAULT_DETECT_TIMEOUT_MS, detectComposeHost, detectHost } from "../host/detect-host.js";
import { languageFromTag } from "../i18n/language.js";
import { App, type RunEngine } from "./App.js";
import type { ComposeEngine } from "./compose-engine.js";
import { officeDisplayLanguage, officeThemeBrightness, watchOfficeTheme } from "./office-environment.js";
import { markStep } from "./timing.js";

/**
 * Office opens add-in pages with a `_host_Info` query parameter. With it, office.js may take longer to arrive (a cold
 * cache on a slow link), and giving up early would show the standalone page inside Outlook.
 */
const IN_OFFICE_DETECT_TIMEOUT_MS = 10_000;

const engine: RunEngine = async (eml, extraAnchors, identities) => {
  const loaded = await loadEngine();
  markStep("engine-loaded");
  const result = await loaded.checkMessage(eml, extraAnchors, identities);
  markStep("checked");
  return result;
};

const composeEngine: ComposeEngine = {
  recipientStatuses: async (draft, contacts, now) => (await loadComposeEngine()).composeEngine.recipientStatuses(draft, contacts, now),
  createSigner: async (identity) => (await loadComposeEngine()).composeEngine.createSigner(identity),
  protect: async (draft, request) => (await loadComposeEngine()).composeEngine.protect(draft, request),
  certificateRequest: async (lang, from, to) => (await loadComposeEngine()).composeEngine.certificateRequest(lang, from, to),
};

async function main(): Promise<void> {
  const container = document.getElementById("root");
  if (container === null) throw new Error("taskpane.html has no #root element");
  const host = await detectHost({ timeoutMs: openedByOffice ? IN_OFFICE_DETECT_TIMEOUT_MS : DEFAULT_DETECT_TIMEOUT_MS });
  markStep("host-detected");
  const inOutlook = host.kind === "outlook";
  // Start reading the selected message now: the read runs while React renders, and the pane's own request for it
  // gets this same read (the host shares one read per selection).
  if (inOutlook && paneMode === "read") void host.getCurrentMessage();
  // Null on the standalone page, and beside an item that is not being written: the view then says where it works.
  const composeHost = paneMode === "compose" ? detectComposeHost(host) : null;
  const locale = (inOutlook ? officeDisplayLanguage() : null) ?? navigator.language;
  createRoot(container).render(
    <App
      host={host}
      mode={paneMode}
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
