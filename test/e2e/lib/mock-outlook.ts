/** The configuration of test/e2e/mock-office.js, and mail items made from .eml files for it. */

/**
 * Outlook opens an add-in page with a `_host_Info` query parameter; the page loads office.js only where such signs
 * of a host are (in a browser tab of its own it is the standalone checker), so the pane in the mock host is opened
 * the same way.
 */
export const OUTLOOK_HOST_QUERY = "?_host_Info=Outlook$Web$16.01$en-US$$$$0";

export interface MockItemSpec {
  readonly itemId: string;
  readonly subject: string;
  readonly from: { readonly displayName: string; readonly emailAddress: string } | null;
  /** What getAsFileAsync hands over: the whole message, base64, no line breaks. */
  readonly eml: string;
  /** How long getAsFileAsync takes to answer. */
  readonly delayMs?: number;
  /** Makes getAsFileAsync fail with this office.js error. */
  readonly failure?: { readonly name: string; readonly message: string; readonly code: number };
}

export interface MockOfficeConfig {
  /** Office.context.displayLanguage, e.g. "ja-JP". */
  readonly displayLanguage: string;
  readonly platform?: "OfficeOnline" | "PC" | "Mac";
  /** The highest Mailbox requirement set the client supports; defaults to 1.14. */
  readonly mailboxVersion?: string;
  /** The selected item when the pane opens; null for a pinned pane with nothing selected. Ignored with composeItem. */
  readonly item?: MockItemSpec | null;
  /** The pane opens beside this message being written (compose mode). */
  readonly composeItem?: MockComposeItemSpec;
  /** Nested App Authentication; absent: not supported, as in clients before it. */
  readonly naa?: MockNaaConfig;
  /** Office.context.officeTheme (Mailbox 1.14); absent as in clients without a theme. */
  readonly officeTheme?: MockOfficeTheme;
}

/** An office.js error as AsyncResult.error carries it (name, message, numeric code). */
export interface MockOfficeError {
  readonly name: string;
  readonly message: string;
  readonly code: number;
}

/** Errors Outlook reports, with its own names, codes and words. */
export const OFFICE_ERRORS = {
  generic: { name: "GenericResponseError", message: "An internal error has occurred.", code: 9020 },
  saveError: { name: "SaveError", message: "Connection error occurred while trying to save the item on the server.", code: 9021 },
  attachmentDownloadFailed: { name: "AttachmentDownloadFailed", message: "The attachment could not be downloaded.", code: 9054 },
  internalServerError: {
    name: "InternalServerError",
    message: "The Exchange server returned an error. Please look at the diagnostics object for more information.",
    code: 9042,
  },
  cancelledByUser: { name: "GenericResponseError", message: "The operation was cancelled by the user.", code: 9020 },
} as const satisfies Record<string, MockOfficeError>;

export interface MockRecipient {
  readonly displayName: string;
  readonly emailAddress: string;
}

export interface MockComposeAttachment {
  /** What getAttachmentsAsync reports as the id, and getAttachmentContentAsync takes. */
  readonly id: string;
  /** As Outlook shows it; item attachments come without an extension. */
  readonly name: string;
  readonly attachmentType: "file" | "item" | "cloud";
  /** Base64 for a file, the .eml text for an item, the URL for a cloud attachment. */
  readonly content: string;
  readonly isInline?: boolean;
  /** Reported from Mailbox 1.16 on, as office.js does; without angle brackets or with, as the client has it. */
  readonly contentId?: string;
  /** Default: the decoded size for files, the text's length otherwise. */
  readonly size?: number;
  /** Overrides the format getAttachmentContentAsync reports ("base64", "eml", "url", "iCalendar"). */
  readonly format?: string;
}

export interface MockComposeItemSpec {
  /** What getComposeTypeAsync (Mailbox 1.10) reports; default newMail. */
  readonly composeType?: "newMail" | "reply" | "forward";
  /** What from.getAsync (1.7) answers; default the mailbox user (Taro Yamada). */
  readonly from?: MockRecipient;
  readonly to?: readonly MockRecipient[];
  readonly cc?: readonly MockRecipient[];
  readonly bcc?: readonly MockRecipient[];
  readonly subject?: string;
  /** What body.getAsync(Office.CoercionType.Html) answers. */
  readonly bodyHtml?: string;
  readonly attachments?: readonly MockComposeAttachment[];
  /** The draft's EWS id (saveAsync, getItemIdAsync); the REST id Graph knows is restIdOf(itemId). */
  readonly itemId?: string;
  /** Whether Outlook has already autosaved the draft (getItemIdAsync answers rather than failing with ItemNotSaved). */
  readonly saved?: boolean;
  /**
   * Makes calls fail with an office.js error, by API: "to.getAsync", "body.getAsync", "getAttachmentsAsync",
   * "getAttachmentContentAsync" (or "getAttachmentContentAsync:<id>" for one), "saveAsync", "getItemIdAsync",
   * "closeAsync", ...
   */
  readonly failures?: Readonly<Record<string, MockOfficeError>>;
  /** How long each call takes to answer. */
  readonly delayMs?: number;
}

/** How the bridge answers a token request: a token, or the failure Outlook's broker reports. */
export type MockNaaOutcome =
  | "token"
  | "interaction_required"
  | "user_cancel"
  | "no_network"
  | "transient_error"
  | "persistent_error"
  | "disabled"
  | "account_unavailable";

export interface MockNaaConfig {
  /** Whether NestedAppAuth 1.1 is supported and the bridge is there. */
  readonly supported: boolean;
  /** The access token handed out; mock-graph must be started with the same. Default "mock-naa-access-token". */
  readonly accessToken?: string;
  readonly account?: { readonly username?: string; readonly name?: string; readonly tenantId?: string; readonly localAccountId?: string };
  /** Outcomes of successive silent requests (GetToken); the last repeats. Default: a token. */
  readonly silent?: readonly MockNaaOutcome[];
  /** Outcomes of successive interactive requests (GetTokenPopup); the last repeats. Default: a token. */
  readonly popup?: readonly MockNaaOutcome[];
  /** How long the bridge takes to answer. */
  readonly delayMs?: number;
}

export const DEFAULT_NAA_ACCESS_TOKEN = "mock-naa-access-token";

/** The REST id Graph uses for an EWS id, as the mock's convertToRestId makes it. */
export function restIdOf(ewsId: string): string {
  return ewsId.replace(/\//g, "-").replace(/\+/g, "_");
}

/** A config.json that points the page at a Graph stand-in (its baseUrl), for ContextOptions.configJson. */
export function graphConfigJson(graphBaseUrl: string, extra: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  return { clientId: "0f5e2b8c-3c1d-4c1e-9f3a-7d2b1a6e4c90", graphBaseUrl, ...extra };
}

/** The documented fields of Office.OfficeTheme. */
export interface MockOfficeTheme {
  readonly bodyBackgroundColor: string;
  readonly bodyForegroundColor: string;
  readonly controlBackgroundColor: string;
  readonly controlForegroundColor: string;
  readonly themeId?: string;
}

/** One recorded call into the mock (see __inkanTestOutlook.calls()). */
export interface MockCall {
  readonly api: string;
  /** Date.now() in the page when the call was made. */
  readonly at: number;
  readonly itemId?: string;
  readonly eventType?: string;
  /** getAttachmentContentAsync. */
  readonly attachmentId?: string;
  /** body.getAsync / body.setAsync. */
  readonly coercionType?: string;
  /** closeAsync. */
  readonly discardItem?: boolean;
  /** displayNewMessageForm. */
  readonly parameters?: unknown;
  /** nestedAppAuthBridge: the bridge method ("GetInitContext", "GetToken", "GetTokenPopup") and the token request. */
  readonly method?: string;
  readonly clientId?: string;
  readonly authority?: string;
  readonly scope?: string;
}

/** What __inkanTestOutlook.composeState() returns: the compose item as the page left it. */
export interface MockComposeState {
  readonly from: MockRecipient;
  readonly to: readonly MockRecipient[];
  readonly cc: readonly MockRecipient[];
  readonly bcc: readonly MockRecipient[];
  readonly subject: string;
  readonly bodyHtml: string;
  readonly itemId: string;
  readonly saved: boolean;
}

function headerValue(head: string, name: string): string | null {
  const match = new RegExp(`^${name}:[ \\t]*((?:.*)(?:\\r?\\n[ \\t].*)*)`, "im").exec(head);
  return match?.[1]?.replace(/\r?\n[ \t]+/g, " ").trim() ?? null;
}

/**
 * The item Outlook would show for a raw message. Outlook decodes the header fields for the item's properties; the
 * pane reads the raw message anyway, so the undecoded text is good enough here.
 */
export function itemFromEml(itemId: string, eml: Buffer, extra: Partial<MockItemSpec> = {}): MockItemSpec {
  const text = eml.toString("latin1");
  const end = text.search(/\r?\n\r?\n/);
  const head = end < 0 ? text : text.slice(0, end);
  const from = headerValue(head, "From");
  const address = from === null ? null : (/<([^>]*)>/.exec(from)?.[1] ?? from);
  const name = from === null ? "" : from.replace(/<[^>]*>/, "").replace(/"/g, "").trim();
  return {
    itemId,
    subject: headerValue(head, "Subject") ?? "",
    from: address === null ? null : { displayName: name || address, emailAddress: address },
    eml: eml.toString("base64"),
    ...extra,
  };
}
