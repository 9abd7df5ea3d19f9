import { createRoot } from "react-dom/client";
import { DEFAULT_DETECT_TIMEOUT_MS, detectHost } from "../host/detect-host.js";
import { languageFromTag } from "../i18n/language.js";
import { App, type RunEngine } from "./App.js";
import { officeDisplayLanguage, officeThemeBrightness } from "./office-environment.js";

/**
 * Office opens add-in pages with a `_host_Info` query parameter. With it, office.js may take longer to arrive (a cold
 * cache on a slow link), and giving up early would show the standalone page inside Outlook.
 */
const IN_OFFICE_DETECT_TIMEOUT_MS = 10_000;

/**
 * The verifier (pkijs, asn1js and the built-in roots) is most of the code: it loads when the first message arrives,
 * so the pane paints without waiting for it; the prefetch hint fetches it while the browser is idle.
 */
const engine: RunEngine = async (eml, extraAnchors) => {
  const { checkMessage } = await import(/* webpackChunkName: "engine", webpackPrefetch: true */ "./engine.js");
  return checkMessage(eml, extraAnchors);
};

async function main(): Promise<void> {
  const container = document.getElementById("root");
  if (container === null) throw new Error("taskpane.html has no #root element");
  const params = new URLSearchParams(window.location.search);
  const host = await detectHost({
    timeoutMs: params.has("_host_Info") ? IN_OFFICE_DETECT_TIMEOUT_MS : DEFAULT_DETECT_TIMEOUT_MS,
  });
  const inOutlook = host.kind === "outlook";
  const locale = (inOutlook ? officeDisplayLanguage() : null) ?? navigator.language;
  createRoot(container).render(
    <App
      host={host}
      mode={params.get("mode") === "compose" ? "compose" : "read"}
      initialLang={languageFromTag(locale)}
      locale={locale}
      engine={engine}
      officeTheme={inOutlook ? officeThemeBrightness : undefined}
    />,
  );
}

void main();
