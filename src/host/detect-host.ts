/// <reference types="office-js" />
import type { ComposeHost } from "./compose-host.js";
import { isComposeItem, type OfficeComposeApi } from "./compose-item.js";
import { createOutlookComposeHost, type OutlookComposeHostOptions } from "./outlook-compose-host.js";
import { createOutlookHost, type OfficeMailApi, type OutlookHost } from "./outlook-host.js";
import { createStandaloneHost, type StandaloneHost } from "./standalone-host.js";

/** What detection needs from the office.js global. */
export interface OfficeGlobal extends OfficeMailApi {
  onReady(): Promise<{ host: Office.HostType | null; platform: Office.PlatformType | null }>;
  readonly HostType: { readonly Outlook: Office.HostType };
}

/** Whether the page's office.js script tag is still loading; `absent` when the page has no such tag. */
export type ScriptState = "loading" | "loaded" | "failed" | "absent";

export interface DetectOptions {
  /**
   * How long to wait for office.js to load and report its host before deciding this is the standalone page. Outside
   * Office the script either fails to load or reports no host within a few hundred milliseconds; the limit only
   * matters when the CDN neither answers nor fails.
   */
  readonly timeoutMs?: number;
  /** Reads the office.js global; a function because the script may arrive after detection starts. */
  readonly office?: () => OfficeGlobal | undefined;
  /** Reads the script tag's state, so that a failed download ends the wait at once. */
  readonly scriptState?: () => ScriptState;
  /** How often to look again while the script is still loading. */
  readonly pollMs?: number;
}

export const DEFAULT_DETECT_TIMEOUT_MS = 1500;
const DEFAULT_POLL_MS = 25;
/** The id of the script tag in taskpane.html that loads office.js. */
export const OFFICE_SCRIPT_ID = "office-js";

function officeFromWindow(): OfficeGlobal | undefined {
  return (globalThis as { Office?: OfficeGlobal }).Office;
}

function scriptStateFromDocument(): ScriptState {
  const state = globalThis.document?.getElementById(OFFICE_SCRIPT_ID)?.dataset.state;
  return state === "loading" || state === "loaded" || state === "failed" ? state : "absent";
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Outlook when office.js is present and reports Outlook as its host; otherwise the standalone host. Never rejects:
 * whatever goes wrong with office.js, the page still works as a standalone checker.
 */
export async function detectHost(options: DetectOptions = {}): Promise<OutlookHost | StandaloneHost> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_DETECT_TIMEOUT_MS;
  const read = options.office ?? officeFromWindow;
  const scriptState = options.scriptState ?? scriptStateFromDocument;
  const deadline = Date.now() + timeoutMs;

  let office = read();
  while (office === undefined && scriptState() === "loading" && Date.now() < deadline) {
    await sleep(options.pollMs ?? DEFAULT_POLL_MS);
    office = read();
  }
  if (office === undefined) return createStandaloneHost();

  const timedOut = Symbol("timeout");
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const info = await Promise.race([
      office.onReady(),
      new Promise<typeof timedOut>((resolve) => {
        timer = setTimeout(() => resolve(timedOut), Math.max(0, deadline - Date.now()));
      }),
    ]);
    if (info !== timedOut && info.host === office.HostType.Outlook) return createOutlookHost(office);
  } catch {
    // office.js failing to initialise means there is no Office around the page: the standalone checker is the answer.
  } finally {
    clearTimeout(timer);
  }
  return createStandaloneHost();
}

export interface ComposeDetectOptions extends OutlookComposeHostOptions {
  /** Reads the office.js global; default `globalThis.Office`. */
  readonly office?: () => OfficeComposeApi | undefined;
}

/**
 * The compose pane's host, when Outlook opened the pane beside a message being written; null on the standalone page
 * and beside a message being read. Call it once `detectHost` has answered, which means office.js is ready. Whether the
 * item is being composed is told by the item itself (see isComposeItem), not by the page's URL, so a read-mode
 * command that opens the compose view by mistake gets no compose host.
 */
export function detectComposeHost(host: OutlookHost | StandaloneHost, options: ComposeDetectOptions = {}): ComposeHost | null {
  if (host.kind !== "outlook") return null;
  const office = (options.office ?? (() => (globalThis as { Office?: OfficeComposeApi }).Office))();
  if (office === undefined) return null;
  let item: unknown;
  try {
    item = office.context.mailbox.item;
  } catch {
    // office.js getters throw outside an initialised host.
    return null;
  }
  return isComposeItem(item) ? createOutlookComposeHost(office, options) : null;
}
