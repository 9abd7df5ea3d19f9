import { createRoot } from "react-dom/client";
import { verifyMessage } from "../core/verify-message.js";
import { DEFAULT_DETECT_TIMEOUT_MS, detectHost } from "../host/detect-host.js";
import { languageFromTag } from "../i18n/language.js";
import { App } from "./App.js";

/**
 * Office opens add-in pages with a `_host_Info` query parameter. With it, office.js may take longer to arrive (a cold
 * cache on a slow link), and giving up early would show the standalone page inside Outlook.
 */
const IN_OFFICE_DETECT_TIMEOUT_MS = 10_000;

/** The built-in roots only: the page has no trust store yet. */
const verify = (eml: Uint8Array) => verifyMessage(eml);

async function main(): Promise<void> {
  const container = document.getElementById("root");
  if (container === null) throw new Error("taskpane.html has no #root element");
  const params = new URLSearchParams(window.location.search);
  const host = await detectHost({
    timeoutMs: params.has("_host_Info") ? IN_OFFICE_DETECT_TIMEOUT_MS : DEFAULT_DETECT_TIMEOUT_MS,
  });
  createRoot(container).render(
    <App
      host={host}
      mode={params.get("mode") === "compose" ? "compose" : "read"}
      initialLang={languageFromTag(navigator.language)}
      verify={verify}
    />,
  );
}

void main();
