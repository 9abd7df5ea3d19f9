/// <reference types="office-js" />
import type { ComposeDraft } from "../core/compose/types.js";
import { getHeader, parseMessage } from "../core/mime/index.js";
import {
  GRAPH_MIME_LIMIT_BYTES,
  type ComposeHost,
  type DiscardResult,
  type DraftReadResult,
  type NewMessageForm,
  type SendFailureCode,
  type SendResult,
} from "./compose-host.js";
import { composeKind, draftItemId, isComposeItem, readComposeItem, type ComposeItem, type OfficeComposeApi } from "./compose-item.js";
import { cachedConfig, loadPageConfig, type GraphConfig } from "./config.js";
import { fetchMessageHead } from "./graph-message-mime.js";
import { abortableSleep, type GraphTransport } from "./graph-request.js";
import { GRAPH_READ_WRITE_SCOPE, GRAPH_SEND_SCOPE, graphScope } from "./graph-scopes.js";
import { deleteMessage, sendMail } from "./graph-send.js";
import {
  createMsalNestableClient,
  NAA_SET,
  NAA_VERSION,
  type TokenResult,
  tokenSourcePerApplication,
} from "./naa-token.js";
import { officeAsync } from "./office-async.js";
import type { OutlookHostOptions } from "./outlook-host.js";

/**
 * The compose pane's host in Outlook: the draft through office.js, sending through Microsoft Graph (an add-in cannot
 * set the outgoing MIME of Outlook's own send), with tokens through Nested App Authentication.
 */

/** closeAsync({discardItem}) arrived in this requirement set. */
const CLOSE_ASYNC_SET = "1.14";

/**
 * A reply's In-Reply-To names one message and References its thread; real chains are tens of ids long. Ids past this
 * many are not kept (the oldest, after the first, go first, as RFC 5322 section 3.6.4 allows trimming).
 */
const MAX_REFERENCES = 100;

/** Everything the host reaches outside office.js (graphResponseTimeoutMs: see also sendTimeoutMs). */
export type OutlookComposeHostOptions = OutlookHostOptions;

type GraphAccess =
  | { readonly ok: true; readonly graph: GraphConfig; readonly accessToken: string }
  | { readonly ok: false; readonly code: SendFailureCode; readonly detail: string };

/** Message ids (`<...>`) in a header value, in order. */
function messageIds(value: string): string[] {
  return value.match(/<[^<>\s]+>/g) ?? [];
}

function trimReferences(ids: string[]): string[] {
  if (ids.length <= MAX_REFERENCES) return ids;
  return [ids[0]!, ...ids.slice(ids.length - (MAX_REFERENCES - 1))];
}

export function createOutlookComposeHost(office: OfficeComposeApi, options: OutlookComposeHostOptions = {}): ComposeHost {
  const graphConfig = cachedConfig(options.loadConfig ?? loadPageConfig);
  /** The draft's EWS id once known, for clients where getItemIdAsync cannot be asked again. */
  let knownItemId: string | null = null;
  /** Set on the first 202: only then may the draft be thrown away. */
  let accepted = false;

  const transport = (): GraphTransport => ({
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    sleep: options.sleep ?? abortableSleep,
    now: options.now ?? Date.now,
    // Nothing cancels a send or a delete half-way: the pane waits for the answer either way.
    signal: new AbortController().signal,
    ...(options.graphResponseTimeoutMs === undefined ? {} : { responseTimeoutMs: options.graphResponseTimeoutMs }),
  });

  // One consent for everything compose does: sending, and reading and deleting the draft.
  const tokenSource = tokenSourcePerApplication<GraphConfig>(options.createNestableClient ?? createMsalNestableClient, (graph) => [
    graphScope(graph.graphBaseUrl, GRAPH_SEND_SCOPE),
    graphScope(graph.graphBaseUrl, GRAPH_READ_WRITE_SCOPE),
  ]);

  /**
   * Configuration, NestedAppAuth and a token, in that order, so that nothing loads MSAL where it cannot work.
   * `silent`: no sign-in window, for work the user did not ask for.
   */
  async function graphAccess(userAction: boolean | "silent"): Promise<GraphAccess> {
    const configured = await graphConfig();
    if (!configured.ok)
      return configured.reason === "unreachable"
        ? { ok: false, code: "network", detail: configured.detail }
        : { ok: false, code: "graph-not-configured", detail: configured.detail };
    // Without the requirement set MSAL would fall back to its browser flow, which Outlook's webviews do not host.
    if (!office.context.requirements.isSetSupported(NAA_SET, NAA_VERSION))
      return { ok: false, code: "naa-unsupported", detail: `this Outlook does not support ${NAA_SET} ${NAA_VERSION}` };
    const source = tokenSource(configured.graph);
    const token: TokenResult = userAction === "silent" ? await source.getTokenSilently() : await source.getToken({ userAction });
    if (!token.ok) return { ok: false, code: token.code, detail: token.detail };
    return { ok: true, graph: configured.graph, accessToken: token.accessToken };
  }

  function restIdOf(ewsId: string): string | null {
    const convert = office.context.mailbox.convertToRestId;
    const restVersion = office.MailboxEnums?.RestVersion.v2_0;
    if (typeof convert !== "function" || restVersion === undefined) return null;
    try {
      // Graph takes the REST (v2.0) form of the id; the EWS form is answered with 400.
      return convert.call(office.context.mailbox, ewsId, restVersion);
    } catch {
      return null;
    }
  }

  /**
   * In-Reply-To and References of a reply or forward, from the header block of the draft as Exchange holds it. The
   * draft is saved first, as Outlook would on its own a little later. Anything that fails leaves them out (the message
   * still goes, threaded by subject only) and is tried again on the next read; an answer is kept for the pane's
   * lifetime, since a draft's threading does not change. No sign-in window is opened for this: the pane reads the
   * draft when it opens, before the user has asked for anything.
   */
  let threadingFound: Pick<ComposeDraft, "inReplyTo" | "references"> | null = null;

  async function threading(item: ComposeItem): Promise<Pick<ComposeDraft, "inReplyTo" | "references">> {
    if (threadingFound !== null) return threadingFound;
    const configured = await graphConfig();
    if (!configured.ok || !office.context.requirements.isSetSupported(NAA_SET, NAA_VERSION)) return {};
    if ((await composeKind(office, item)) === "newMail") return (threadingFound = {});
    const id = await draftItemId(office, item, { save: true });
    if (!id.ok || id.id === null) return {};
    knownItemId = id.id;
    const restId = restIdOf(id.id);
    if (restId === null) return {};
    const access = await graphAccess("silent");
    if (!access.ok) return {};
    const head = await fetchMessageHead({ graphBaseUrl: access.graph.graphBaseUrl, restId, accessToken: access.accessToken }, transport());
    if (!head.ok) return {};
    const message = parseMessage(head.head);
    const inReplyTo = messageIds(getHeader(message, "in-reply-to")?.rawValue ?? "")[0];
    const references = trimReferences(messageIds(getHeader(message, "references")?.rawValue ?? ""));
    threadingFound = {
      ...(inReplyTo === undefined ? {} : { inReplyTo }),
      ...(references.length === 0 ? {} : { references }),
    };
    return threadingFound;
  }

  function composeItem(): ComposeItem | null {
    const item = office.context.mailbox.item;
    return isComposeItem(item) ? item : null;
  }

  return {
    async readDraft(): Promise<DraftReadResult> {
      const item = composeItem();
      if (item === null) return { ok: false, code: "no-compose-item", detail: "the pane is not beside a message being written" };
      const read = await readComposeItem(office, item);
      if (!read.ok) return read;
      return { ok: true, draft: { ...read.draft, ...(await threading(item)) } };
    },

    async sendMime(mime: Uint8Array, sendOptions: { readonly userAction: boolean }): Promise<SendResult> {
      const access = await graphAccess(sendOptions.userAction);
      if (!access.ok) return access;
      const result = await sendMail({ graphBaseUrl: access.graph.graphBaseUrl, accessToken: access.accessToken, mime }, transport());
      if (result.ok) {
        accepted = true;
        return { ok: true };
      }
      const code: SendFailureCode = result.code === "aborted" || result.code === "graph-not-found" ? "graph-failed" : result.code;
      const maybeSent = result.code === "network" || result.status === 500 || result.status === 502 || result.status === 504;
      return {
        ok: false,
        code,
        detail: result.detail,
        ...(result.status === undefined ? {} : { status: result.status }),
        ...(maybeSent ? { maybeSent: true as const } : {}),
      };
    },

    async discardDraft(): Promise<DiscardResult> {
      if (!accepted) return { ok: false, code: "not-sent", detail: "no message was accepted by Microsoft Graph; the draft is kept" };
      const item = composeItem();
      if (item === null) return { ok: false, code: "close-failed", detail: "the message being written is no longer open" };

      const id = await draftItemId(office, item, { save: false });
      if (!id.ok) return { ok: false, code: "draft-delete-failed", detail: `the draft's id: ${id.detail}` };
      const ewsId = id.id ?? knownItemId;
      if (ewsId !== null) {
        const restId = restIdOf(ewsId);
        if (restId === null) return { ok: false, code: "draft-delete-failed", detail: "Outlook could not convert the draft's id for Graph" };
        const access = await graphAccess(false);
        if (!access.ok) return { ok: false, code: "draft-delete-failed", detail: `${access.code}: ${access.detail}` };
        const deleted = await deleteMessage({ graphBaseUrl: access.graph.graphBaseUrl, accessToken: access.accessToken, restId }, transport());
        // The form stays open: closing it would leave the unprotected draft in Drafts with no one told.
        if (!deleted.ok) return { ok: false, code: "draft-delete-failed", detail: deleted.detail };
      }

      const close = item.closeAsync;
      if (!office.context.requirements.isSetSupported("Mailbox", CLOSE_ASYNC_SET) || typeof close !== "function")
        return {
          ok: false,
          code: "close-unsupported",
          detail: `the draft is deleted, but this Outlook cannot close the form (Mailbox ${CLOSE_ASYNC_SET}): close it and discard it`,
        };
      // On success Outlook closes the form and ends the add-in; the callback may never come.
      const closed = await officeAsync<void>(office.AsyncResultStatus.Succeeded, (cb) => close.call(item, { discardItem: true }, cb));
      return closed.ok ? { ok: true } : { ok: false, code: "close-failed", detail: closed.message };
    },

    openNewMessage(form: NewMessageForm): void {
      const display = office.context.mailbox.displayNewMessageForm;
      if (typeof display !== "function") return;
      try {
        display.call(office.context.mailbox, {
          toRecipients: form.to.map((m) => ({ emailAddress: m.address, displayName: m.name ?? "" }) as Office.EmailAddressDetails),
          subject: form.subject,
          htmlBody: form.htmlBody,
        });
      } catch {
        // office.js throws for arguments it refuses (a subject over 255 characters, a body over 32 KB); the form
        // simply does not open, as when the client cannot open one.
      }
    },

    async maxSendBytes(): Promise<number> {
      const configured = await graphConfig();
      return configured.ok && configured.graph.maxSendBytes !== undefined ? configured.graph.maxSendBytes : GRAPH_MIME_LIMIT_BYTES;
    },
  };
}
