/**
 * Where the task pane gets its message from. Components receive a Host and never touch Office.* themselves, so the
 * same views run inside Outlook and on the standalone checker page.
 */

/**
 * Why no message could be had. `no-message`: nothing selected or loaded yet; `unsupported`: this Outlook cannot hand
 * out the raw message (Mailbox 1.14 missing: the Graph fallback is not built yet); `too-large`: refused before
 * reading, see MAX_MESSAGE_BYTES; `read-failed`: the host or the file reader reported an error.
 */
export type MessageFailure = "no-message" | "unsupported" | "too-large" | "read-failed";

export type MessageResult =
  | { readonly ok: true; readonly eml: Uint8Array; /** A file name, when the message came from a file. */ readonly name: string | null }
  | { readonly ok: false; readonly reason: MessageFailure; /** The host's own words, for the details view. */ readonly detail?: string };

export interface Host {
  readonly kind: "outlook" | "standalone";
  /** The message the pane should show now. Resolves to a result; never rejects. */
  getCurrentMessage(): Promise<MessageResult>;
  /** Called when the current message changes (another mail selected, another file opened). Returns an unsubscribe. */
  onItemChanged(cb: () => void): () => void;
}

/**
 * Exchange Online refuses mail above 150 MB, so a larger file is not a message anyone received; reading it would
 * only tie up the pane's memory. Such input is refused with `too-large` before any byte is read.
 */
export const MAX_MESSAGE_BYTES = 150 * 1024 * 1024;
