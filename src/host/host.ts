/**
 * Where the task pane gets its message from. Components receive a Host and never touch Office.* themselves, so the
 * same views run inside Outlook and on the standalone checker page.
 */

/**
 * Why no message could be had. `no-message`: nothing selected or loaded yet; `unsupported`: this Outlook cannot hand
 * out the raw message, neither itself (Mailbox 1.14) nor through Microsoft Graph; `too-large`: refused before
 * reading, see MAX_MESSAGE_BYTES; `read-failed`: the host, Graph, sign-in or the file reader reported an error.
 */
export type MessageFailure = "no-message" | "unsupported" | "too-large" | "read-failed";

/**
 * The precise cause behind a MessageFailure, for hosts that know more than the four reasons say. A public contract
 * like the verdict codes: never rename one.
 */
export type ReadFailureCode =
  /** Nothing is selected (or several items are). */
  | "no-item"
  /** Another item was selected, or a file dropped, while this one was being read: the result belongs to no one. */
  | "superseded"
  /** getAsFileAsync reported a failure. */
  | "office-read-failed"
  /** The item has no id to look up through Graph (compose mode), or Outlook could not convert it. */
  | "no-rest-id"
  /** No Entra application id is configured, so the Graph fallback is off. Not an error: a deployment choice. */
  | "graph-not-configured"
  /** This Outlook cannot hand out tokens to add-ins (Nested App Authentication 1.1 missing). */
  | "naa-unsupported"
  /** The user closed the sign-in window or refused consent. */
  | "auth-declined"
  /** Sign-in needs the user, but the window could not be opened without a click. */
  | "auth-prompt-blocked"
  /** Sign-in failed for another reason (admin consent missing, policy, identity service error). */
  | "auth-failed"
  /** Graph answered 401 or 403: the token does not grant Mail.Read on this mailbox. */
  | "graph-forbidden"
  /** Graph answered 404: the item is not (yet) on the server, e.g. not synced from a cached-mode client. */
  | "graph-not-found"
  /** Graph answered 413. */
  | "graph-request-too-large"
  /** Graph kept answering 429 within the retry budget. */
  | "graph-throttled"
  /** Graph kept answering 5xx within the retry budget. */
  | "graph-unavailable"
  /** Graph answered with a status nothing here expects. */
  | "graph-failed"
  /** No answer: offline, DNS, TLS, connection reset, or no response in time. */
  | "network"
  /** Larger than MAX_MESSAGE_BYTES. */
  | "too-large";

/** What the pane can offer the user next. `drop-eml`: save the message as a file and drop it on the pane. */
export type Remedy = "none" | "retry" | "sign-in" | "drop-eml";

/** Each code's coarse reason (what older panes switch on) and the remedy to offer. */
export const READ_FAILURES = {
  "no-item": { reason: "no-message", remedy: "none" },
  superseded: { reason: "no-message", remedy: "none" },
  "office-read-failed": { reason: "read-failed", remedy: "retry" },
  "no-rest-id": { reason: "unsupported", remedy: "drop-eml" },
  "graph-not-configured": { reason: "unsupported", remedy: "drop-eml" },
  "naa-unsupported": { reason: "unsupported", remedy: "drop-eml" },
  "auth-declined": { reason: "read-failed", remedy: "sign-in" },
  "auth-prompt-blocked": { reason: "read-failed", remedy: "sign-in" },
  "auth-failed": { reason: "read-failed", remedy: "drop-eml" },
  "graph-forbidden": { reason: "read-failed", remedy: "drop-eml" },
  "graph-not-found": { reason: "read-failed", remedy: "retry" },
  "graph-request-too-large": { reason: "read-failed", remedy: "drop-eml" },
  "graph-throttled": { reason: "read-failed", remedy: "retry" },
  "graph-unavailable": { reason: "read-failed", remedy: "retry" },
  "graph-failed": { reason: "read-failed", remedy: "drop-eml" },
  network: { reason: "read-failed", remedy: "retry" },
  "too-large": { reason: "too-large", remedy: "none" },
} as const satisfies Record<ReadFailureCode, { readonly reason: MessageFailure; readonly remedy: Remedy }>;

export type MessageResult =
  | { readonly ok: true; readonly eml: Uint8Array; /** A file name, when the message came from a file. */ readonly name: string | null }
  | {
      readonly ok: false;
      readonly reason: MessageFailure;
      /** The host's own words, for the details view. */
      readonly detail?: string;
      /** The precise cause. The Outlook host sets it on its own failures; reading a dropped or picked file does not. */
      readonly code?: ReadFailureCode;
      readonly remedy?: Remedy;
    };

/** A failed MessageResult for `code`, with the reason and remedy from READ_FAILURES. */
export function readFailure(code: ReadFailureCode, detail?: string): Extract<MessageResult, { ok: false }> {
  const { reason, remedy } = READ_FAILURES[code];
  return detail === undefined ? { ok: false, reason, code, remedy } : { ok: false, reason, code, remedy, detail };
}

export interface ReadOptions {
  /**
   * The user asked for this read (a button press), as opposed to the pane opening or the selection changing. Only
   * then is a sign-in window shown again after the user closed one: popping it up on every selected message would
   * nag, and browsers block windows that no click opened.
   */
  readonly userAction?: boolean;
}

export interface Host {
  readonly kind: "outlook" | "standalone";
  /** The message the pane should show now. Resolves to a result; never rejects. */
  getCurrentMessage(options?: ReadOptions): Promise<MessageResult>;
  /** Called when the current message changes (another mail selected, another file opened). Returns an unsubscribe. */
  onItemChanged(cb: () => void): () => void;
}

/**
 * Exchange Online refuses mail above 150 MB, so a larger file is not a message anyone received; reading it would
 * only tie up the pane's memory. Such input is refused with `too-large` before any byte is read.
 */
export const MAX_MESSAGE_BYTES = 150 * 1024 * 1024;
