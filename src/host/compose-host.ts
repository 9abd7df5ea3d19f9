/**
 * What the compose pane needs from Outlook and Microsoft Graph. The pane receives a ComposeHost and never touches
 * Office.* or Graph itself. Every method resolves to a result and never rejects.
 */
import type { ComposeDraft, Mailbox } from "../core/compose/types.js";

/**
 * Microsoft Graph refuses requests above 4 MB (HTTP 413), and sendMail carries the MIME base64-encoded, a third
 * larger: so a message of more than 3 MB of MIME cannot go. The pane measures the final message against this before
 * sending and, above it, offers to save the message as an .eml instead (a 413 all the same gets the same offer).
 * config.json may set another limit (`maxSendBytes`) should Microsoft's change.
 */
export const GRAPH_MIME_LIMIT_BYTES = 3 * 1024 * 1024;

/** Why the compose item could not be read. A public contract like the verdict codes: never rename one. */
export type DraftReadFailureCode =
  /** The pane is not on a message being composed. */
  | "no-compose-item"
  /** A cloud attachment (a OneDrive/SharePoint link): it cannot be put into a signed or encrypted message. */
  | "cloud-attachment"
  /** getAttachmentContentAsync failed. */
  | "attachment-read-failed"
  /** Another Office call (recipients, subject, body, from) failed. */
  | "office-read-failed";

/** Why a message could not be sent. Each has its own message in the pane; the draft is left untouched on all. */
export type SendFailureCode =
  /** No Entra application id in config.json: sending through Graph is not set up. */
  | "graph-not-configured"
  /** This Outlook cannot hand out tokens to add-ins (Nested App Authentication 1.1 missing). */
  | "naa-unsupported"
  /** The user closed the sign-in window or refused consent. */
  | "auth-declined"
  /** Sign-in needs the user, but the window could not be opened without a click. */
  | "auth-prompt-blocked"
  /** Sign-in failed for another reason (admin consent missing, policy, identity service error). */
  | "auth-failed"
  /** Graph answered 401 or 403. */
  | "graph-forbidden"
  /** Graph answered 413: the message is over Graph's limit. */
  | "graph-request-too-large"
  /** Graph kept answering 429 within the retry budget. */
  | "graph-throttled"
  /** Graph kept answering 5xx within the retry budget. */
  | "graph-unavailable"
  /** Graph answered with a status nothing here expects. */
  | "graph-failed"
  /** No answer: offline, DNS, TLS, connection reset, or no response in time. */
  | "network";

/**
 * `draft.inReplyTo` and `draft.references` are present only when Graph is configured and could be asked: Outlook
 * keeps a reply's threading fields to itself in compose mode, and the host reads them from the saved draft's MIME.
 * Without Graph, or when that read fails, a reply goes out without them and recipients' clients thread it by subject.
 */
export type DraftReadResult =
  | { readonly ok: true; readonly draft: ComposeDraft }
  | { readonly ok: false; readonly code: DraftReadFailureCode; readonly detail: string };

export type SendResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: SendFailureCode;
      /** The HTTP status, when Graph answered. */
      readonly status?: number;
      readonly detail: string;
      /**
       * Set when the request may have reached Exchange although no 202 came back: the connection failed or timed out
       * after the message went out, or Graph answered 500, 502 or 504, which can follow an accepted message. Such
       * sends are not repeated automatically (that could deliver twice); the pane should ask the user to look in Sent
       * Items before sending again.
       */
      readonly maybeSent?: true;
    };

/**
 * Why discardDraft did not finish. `not-sent`: nothing was accepted by Graph through this host, so the draft is kept;
 * `draft-delete-failed`: the autosaved draft could not be deleted (the form is left open so that the user can
 * discard it); `close-unsupported`: the draft is gone but this Outlook cannot close the form (Mailbox 1.14 missing),
 * so the user must close it; `close-failed`: closeAsync reported an error.
 */
export type DiscardFailureCode = "not-sent" | "draft-delete-failed" | "close-unsupported" | "close-failed";

export type DiscardResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly detail: string; /** Absent only from hosts that do not tell. */ readonly code?: DiscardFailureCode };

export interface NewMessageForm {
  readonly to: readonly Mailbox[];
  readonly subject: string;
  readonly htmlBody: string;
}

export interface ComposeHost {
  /**
   * The compose item as it is now: From, To, Cc, Bcc, Subject, the HTML body, attachments with their content
   * (inline images marked), and for replies In-Reply-To/References.
   */
  readDraft(): Promise<DraftReadResult>;
  /**
   * POST /me/sendMail with the base64 MIME (Content-Type text/plain); 202 is success. Retries 429 and 5xx with
   * backoff (Retry-After honoured). `userAction`: the user pressed a button, so a sign-in window may be shown.
   * Of the 5xx answers only 503 is retried: after a 500, 502 or 504, or a connection that failed once the message
   * was on its way, Exchange may already have it, and a repeat would deliver it twice; such failures carry
   * `maybeSent`.
   */
  sendMime(mime: Uint8Array, options: { readonly userAction: boolean }): Promise<SendResult>;
  /**
   * After every copy was accepted: deletes the autosaved draft through Graph and closes the compose form discarding
   * the item (closeAsync({discardItem: true}), Mailbox 1.14). Never called before a 202. When the form closes, Outlook
   * ends the add-in with it, so on success the promise may never settle: show the "sent" state before calling this.
   */
  discardDraft(): Promise<DiscardResult>;
  /** Opens a new compose form prefilled (displayNewMessageForm), e.g. to ask someone for their certificate. */
  openNewMessage(form: NewMessageForm): void;
  /** The size above which sendMime is not attempted; GRAPH_MIME_LIMIT_BYTES unless config.json says otherwise. */
  maxSendBytes(): Promise<number>;
}
