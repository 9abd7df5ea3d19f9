/// <reference types="office-js" />
/**
 * send-guard.js: the send guard as Outlook loads it. Classic Outlook on Windows runs this file alone in its
 * JavaScript-only runtime (the manifest's `<Override type="javascript">`); Outlook on the web, new Outlook and Outlook
 * on Mac load it from commands.html after office.js. Either way it only maps the manifest's FunctionName to the
 * handler: classic Outlook does not run Office.onReady callbacks in this runtime, so nothing waits for one.
 *
 * The globals it touches are Office, fetch, setTimeout, clearTimeout and console, each checked before use; nothing
 * from a page (window, document, location) or from storage (localStorage, IndexedDB), which that runtime lacks.
 */
import { CONFIG_URL } from "./config-url.js";
import { SEND_HANDLER_NAME } from "./manifest-names.js";
import { createOnMessageSend, type GuardOfficeContext } from "./on-message-send.js";
import { lookupSendPolicy, unreachable, type PolicyFetch, type PolicyLookup } from "./send-policy.js";

function warn(message: string): void {
  if (typeof console !== "undefined") console.warn(message);
}

function officeContext(): GuardOfficeContext | undefined {
  return typeof Office === "undefined" ? undefined : Office.context;
}

function lookupPolicy(): Promise<PolicyLookup> {
  if (typeof fetch !== "function") return Promise.resolve(unreachable("this runtime has no fetch"));
  const fetchPolicy: PolicyFetch = (url, init) => fetch(url, init);
  return lookupSendPolicy(fetchPolicy, CONFIG_URL);
}

const onMessageSend = createOnMessageSend({
  context: officeContext,
  lookupPolicy,
  timers: { set: (callback, ms) => setTimeout(callback, ms), clear: (handle) => clearTimeout(handle as number) },
  warn,
});

if (typeof Office !== "undefined" && Office.actions !== undefined && typeof Office.actions.associate === "function") {
  Office.actions.associate(SEND_HANDLER_NAME, onMessageSend);
} else {
  warn("Inkan send guard: Office.actions is not available, so the OnMessageSend handler is not registered");
}
