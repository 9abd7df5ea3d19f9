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
  /** The selected item when the pane opens; null for a pinned pane with nothing selected. */
  readonly item: MockItemSpec | null;
  /** Office.context.officeTheme (Mailbox 1.14); absent as in clients without a theme. */
  readonly officeTheme?: MockOfficeTheme;
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
  readonly itemId?: string;
  readonly eventType?: string;
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
