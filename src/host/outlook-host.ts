/// <reference types="office-js" />
import { base64ToBytes } from "./base64.js";
import { cachedConfig, loadPageConfig, type ConfigResult, type GraphConfig } from "./config.js";
import { fetchMessageMime } from "./graph-message-mime.js";
import { abortableSleep } from "./graph-request.js";
import { GRAPH_READ_SCOPE, graphScope } from "./graph-scopes.js";
import { MAX_MESSAGE_BYTES, readFailure, type Host, type MessageResult, type ReadOptions } from "./host.js";
import {
  createMsalNestableClient,
  NAA_SET,
  NAA_VERSION,
  type NestableClientFactory,
  tokenSourcePerApplication,
} from "./naa-token.js";
import { officeAsync } from "./office-async.js";
import { readMessageSource, type MessageSource } from "./read-source.js";

/** The selected item, as far as this host reads it. */
export interface OutlookItem {
  /** The EWS id of a saved item; absent in compose mode, where nothing is on the server yet. */
  readonly itemId?: string;
  /** Mailbox 1.14, read mode only: the whole message as base64 EML. Absent in compose mode and older clients. */
  readonly getAsFileAsync?: (callback: (result: Office.AsyncResult<string>) => void) => void;
}

/**
 * The part of office.js this host uses. `typeof Office` satisfies it; tests hand in a fake that follows the documented
 * behaviour (callbacks with an AsyncResult, `item` absent when nothing is selected).
 */
export interface OfficeMailApi {
  readonly context: {
    readonly mailbox: {
      readonly item?: OutlookItem | null;
      /** Mailbox 1.3: an EWS item id in the REST format that Microsoft Graph uses. */
      readonly convertToRestId?: (itemId: string, restVersion: Office.MailboxEnums.RestVersion) => string;
      addHandlerAsync(
        eventType: Office.EventType,
        handler: (event?: unknown) => void,
        callback?: (result: Office.AsyncResult<void>) => void,
      ): void;
    };
    readonly requirements: { isSetSupported(name: string, minVersion?: string): boolean };
  };
  readonly EventType: { readonly ItemChanged: Office.EventType };
  readonly AsyncResultStatus: { readonly Succeeded: Office.AsyncResultStatus };
  readonly MailboxEnums?: { readonly RestVersion: { readonly v2_0: Office.MailboxEnums.RestVersion } };
}

/** getAsFileAsync arrived in this requirement set; older clients go through Microsoft Graph. */
const GET_AS_FILE_SET = "1.14";
export { GRAPH_READ_SCOPE } from "./graph-scopes.js";

export interface OutlookHost extends Host {
  readonly kind: "outlook";
  /**
   * Shows a message the user saved as a file and dropped on the pane, for when Outlook cannot hand it over (remedy
   * `drop-eml`). It stays the current message until another item is selected. Tells the listeners.
   */
  open(source: MessageSource): void;
}

/** Everything the Graph fallback reaches outside this module; defaults are the page's own. */
export interface OutlookHostOptions {
  /** Default: config.json beside the page. */
  readonly loadConfig?: () => Promise<ConfigResult>;
  /** Default: MSAL's createNestablePublicClientApplication. */
  readonly createNestableClient?: NestableClientFactory;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly now?: () => number;
  /** See GRAPH_RESPONSE_TIMEOUT_MS. */
  readonly graphResponseTimeoutMs?: number;
}

/** Resolves to `aborted` as soon as `signal` aborts, so a read for a deselected item ends without waiting for it. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | "aborted"> {
  if (signal.aborted) return Promise.resolve("aborted");
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve("aborted");
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      // The promises raced here resolve to results; a rejection is a bug and should surface, not hang the read.
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

export function createOutlookHost(office: OfficeMailApi, options: OutlookHostOptions = {}): OutlookHost {
  const listeners = new Set<() => void>();
  let registered = false;
  /** Bumped on every selection change or drop; a read that started under another generation answers `superseded`. */
  let generation = 0;
  const inflight = new Set<AbortController>();
  let dropped: { readonly item: OutlookItem | null | undefined; readonly source: MessageSource } | null = null;

  const graphConfig = cachedConfig(options.loadConfig ?? loadPageConfig);

  function notify(): void {
    for (const listener of [...listeners]) listener();
  }

  function supersede(): void {
    generation++;
    for (const controller of inflight) controller.abort();
    inflight.clear();
  }

  function register(): void {
    if (registered) return;
    registered = true;
    // One office.js handler fans out to our listeners: removeHandlerAsync would drop every handler of the type.
    office.context.mailbox.addHandlerAsync(office.EventType.ItemChanged, () => {
      dropped = null;
      supersede();
      notify();
    });
  }

  const tokenSource = tokenSourcePerApplication<GraphConfig>(options.createNestableClient ?? createMsalNestableClient, (graph) => [
    graphScope(graph.graphBaseUrl, GRAPH_READ_SCOPE),
  ]);

  /** The read of the current selection that callers share; a new generation makes it stale. */
  let shared: { readonly item: OutlookItem; readonly generation: number; readonly result: Promise<MessageResult> } | null = null;

  async function readItem(item: OutlookItem, userAction: boolean): Promise<MessageResult> {
    const mine = generation;
    const controller = new AbortController();
    inflight.add(controller);
    try {
      const getAsFile = item.getAsFileAsync;
      const result =
        office.context.requirements.isSetSupported("Mailbox", GET_AS_FILE_SET) && typeof getAsFile === "function"
          ? await readWithOffice(item, getAsFile, controller.signal)
          : await readWithGraph(item, controller.signal, userAction);
      // The answer belongs to the item selected when the read began; the pane has moved on if either changed.
      const stale = mine !== generation || office.context.mailbox.item !== item;
      return stale ? readFailure("superseded") : result;
    } finally {
      inflight.delete(controller);
    }
  }

  async function readWithOffice(
    item: OutlookItem,
    getAsFile: NonNullable<OutlookItem["getAsFileAsync"]>,
    signal: AbortSignal,
  ): Promise<MessageResult> {
    const outcome = await unlessAborted(
      officeAsync<string>(office.AsyncResultStatus.Succeeded, (cb) => getAsFile.call(item, cb)),
      signal,
    );
    if (outcome === "aborted") return readFailure("superseded");
    if (!outcome.ok) return readFailure("office-read-failed", outcome.message);
    // Three bytes per four base64 characters: decide before decoding.
    if ((outcome.value.length / 4) * 3 > MAX_MESSAGE_BYTES) return readFailure("too-large");
    try {
      return { ok: true, eml: base64ToBytes(outcome.value), name: null };
    } catch (e) {
      return readFailure("office-read-failed", e instanceof Error ? e.message : String(e));
    }
  }

  async function readWithGraph(item: OutlookItem, signal: AbortSignal, userAction: boolean): Promise<MessageResult> {
    const itemId = item.itemId;
    if (typeof itemId !== "string" || itemId === "") return readFailure("no-rest-id", "the item has no id (compose mode)");

    const configured = await unlessAborted(graphConfig(), signal);
    if (configured === "aborted") return readFailure("superseded");
    if (!configured.ok) return readFailure("graph-not-configured", configured.detail);
    const graph = configured.graph;

    // Without the requirement set MSAL would fall back to its browser flow, which Outlook's webviews do not host.
    if (!office.context.requirements.isSetSupported(NAA_SET, NAA_VERSION)) return readFailure("naa-unsupported");

    const convert = office.context.mailbox.convertToRestId;
    const restVersion = office.MailboxEnums?.RestVersion.v2_0;
    if (typeof convert !== "function" || restVersion === undefined)
      return readFailure("no-rest-id", "convertToRestId is not available");
    let restId: string;
    try {
      // Graph takes the REST (v2.0) form of the id; the EWS form that itemId holds is answered with 400.
      restId = convert.call(office.context.mailbox, itemId, restVersion);
    } catch (e) {
      return readFailure("no-rest-id", e instanceof Error ? e.message : String(e));
    }

    const token = await unlessAborted(tokenSource(graph).getToken({ userAction }), signal);
    if (token === "aborted") return readFailure("superseded");
    if (!token.ok) return readFailure(token.code, token.detail);

    const mime = await fetchMessageMime(
      { graphBaseUrl: graph.graphBaseUrl, restId, accessToken: token.accessToken },
      {
        fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
        sleep: options.sleep ?? abortableSleep,
        now: options.now ?? Date.now,
        signal,
        ...(options.graphResponseTimeoutMs === undefined ? {} : { responseTimeoutMs: options.graphResponseTimeoutMs }),
      },
    );
    return mime.ok ? { ok: true, eml: mime.eml, name: null } : readFailure(mime.code, mime.detail);
  }

  return {
    kind: "outlook",
    getCurrentMessage(readOptions?: ReadOptions): Promise<MessageResult> {
      register();
      const item = office.context.mailbox.item;
      if (dropped !== null && dropped.item === item) return readMessageSource(dropped.source);
      if (item === undefined || item === null) return Promise.resolve(readFailure("no-item"));
      const userAction = readOptions?.userAction === true;
      // The pane starts reading before it first renders, and asks again once it has; both get the one read of this
      // selection while it is under way or once it succeeded. A failure is not kept (the next ask may fare better),
      // and a user's retry always reads afresh.
      if (!userAction && shared !== null && shared.item === item && shared.generation === generation) return shared.result;
      const result = readItem(item, userAction);
      if (!userAction) {
        const entry = { item, generation, result };
        shared = entry;
        void result.then((r) => {
          if (!r.ok && shared === entry) shared = null;
        });
      }
      return result;
    },
    onItemChanged(cb) {
      listeners.add(cb);
      register();
      return () => void listeners.delete(cb);
    },
    open(source) {
      dropped = { item: office.context.mailbox.item, source };
      supersede();
      notify();
    },
  };
}
