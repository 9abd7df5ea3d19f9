/**
 * What the compose pane hands the engine, and what it gets back: one outgoing message built from the compose item,
 * signed and/or encrypted, as the copies to send (one for To/Cc, one per Bcc recipient when encrypting).
 * No DOM, no Office: runs in the browser and in Node.
 */
import type { ContentCipher } from "../cms/encrypt/index.js";
import type { SmimeCapability } from "../cms/smime-capabilities.js";
import type { MessageSigner } from "../cms/sign/index.js";

export interface Mailbox {
  /** Display name as the user sees it (any script); absent or empty when there is none. */
  readonly name?: string;
  readonly address: string;
}

export interface ComposeAttachment {
  /** File name as the user sees it (any script). */
  readonly name: string;
  /** e.g. "application/pdf"; "application/octet-stream" when unknown. */
  readonly contentType: string;
  readonly content: Uint8Array;
  /** An image referenced from the HTML by `cid:` (goes into multipart/related). */
  readonly inline: boolean;
  /** Without angle brackets; required when inline. */
  readonly contentId?: string;
}

/** The compose item's content, as read by the host layer. */
export interface ComposeDraft {
  readonly from: Mailbox;
  readonly to: readonly Mailbox[];
  readonly cc: readonly Mailbox[];
  readonly bcc: readonly Mailbox[];
  readonly subject: string;
  /** The body as HTML (Outlook composes HTML); the text/plain alternative is derived from it. */
  readonly html: string;
  readonly attachments: readonly ComposeAttachment[];
  /** For replies and forwards: the message ids, with angle brackets, as in the original's header fields. */
  readonly inReplyTo?: string;
  readonly references?: readonly string[];
}

export interface BuildOptions {
  readonly date: Date;
  /** With angle brackets; generated from the From domain and random bytes when absent. */
  readonly messageId?: string;
  /** For boundaries and the Message-ID; default crypto.getRandomValues. */
  readonly random?: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array;
  /**
   * The sender's offset from UTC in minutes (east positive, +540 for Japan), for the Date field; default 0 (+0000).
   * A host that wants local time passes `-date.getTimezoneOffset()`.
   */
  readonly utcOffsetMinutes?: number;
}

/** A recipient's encryption certificate as the store knows it. */
export interface RecipientKey {
  readonly certificate: Uint8Array;
  readonly capabilities?: readonly SmimeCapability[];
}

export interface ProtectOptions extends BuildOptions {
  readonly sign: boolean;
  readonly encrypt: boolean;
  /** Required when sign is true: made once with createSigner for the sending identity. */
  readonly signer?: MessageSigner;
  /** Required when encrypt is true: the sender's own certificate (DER), so the Sent Items copy stays readable. */
  readonly senderCertificate?: Uint8Array;
  /** Keyed by lower-cased address; required when encrypt is true for every To, Cc and Bcc address. */
  readonly recipientKeys?: ReadonlyMap<string, RecipientKey>;
  readonly crypto: Crypto;
  /** Overrides the choice made from the recipients' capabilities. */
  readonly cipher?: ContentCipher;
  /**
   * What the sender's own mail clients decrypt, for the cipher choice (the sender is a recipient of every copy).
   * Default: what this engine decrypts (OUR_CAPABILITIES), AES-GCM included.
   */
  readonly senderCapabilities?: readonly SmimeCapability[];
}

/** One message to hand to Graph sendMail. Graph delivers to every address in its To, Cc and Bcc fields. */
export interface OutgoingCopy {
  /** "main": To and Cc (no Bcc field); "bcc": one Bcc recipient's own copy, encrypted to that recipient and the sender only. */
  readonly kind: "main" | "bcc";
  /** The addresses this copy is delivered to (lower-cased). */
  readonly deliverTo: readonly string[];
  /** The complete RFC 5322 message, CRLF line ends, 7-bit. */
  readonly mime: Uint8Array;
  /** The content cipher of this copy; null when it is not encrypted. */
  readonly cipher?: ContentCipher | null;
}

export type ProtectErrorCode =
  /** No To, Cc or Bcc recipient. */
  | "no-recipients"
  /** Encryption is on and these addresses have no certificate. */
  | "missing-certificates"
  /** sign is on but no signer was given, or the signer refused (see detail: cert-without-email, email-mismatch, ...). */
  | "sign-failed"
  /** The engine refused a recipient's certificate (expired, not for encryption, unsupported key...). */
  | "encrypt-failed"
  /** The draft cannot be written as MIME (e.g. an inline attachment without a content id). */
  | "malformed-draft";

export type ProtectResult =
  | {
      readonly ok: true;
      readonly copies: readonly OutgoingCopy[];
      /**
       * The content cipher used (null when not encrypted). Copies may differ when Bcc recipients announced less than
       * the others: this is then the weakest of them (AES-CBC before AES-GCM), so that what the pane says holds for
       * every copy.
       */
      readonly cipher: ContentCipher | null;
    }
  | { readonly ok: false; readonly code: ProtectErrorCode; readonly detail: string; readonly addresses?: readonly string[] };

/** How a compose pane shows one recipient's certificate. */
export type CertificateState = "valid" | "expiring" | "expired" | "none";

export interface RecipientStatus {
  readonly field: "to" | "cc" | "bcc";
  readonly mailbox: Mailbox;
  readonly state: CertificateState;
  /** How the certificate was obtained ("harvested" from verified mail, "confirmed" by the user from unverified mail, "imported" by hand); null when none. */
  readonly source: "harvested" | "confirmed" | "imported" | null;
  /** False for certificates no chain check vouched for: compose marks them. */
  readonly verified: boolean;
  /** ISO time; null when none. */
  readonly notAfter: string | null;
  /** ISO time; null when none. A certificate not valid yet is shown as "expired" (present but unusable now). */
  readonly notBefore?: string | null;
}
