/**
 * What the compose view needs of the engine: recipients' certificate states, a signer for the sender's identity,
 * the signed and/or encrypted copies to send, and the message that asks someone for their certificate. index.tsx
 * loads this module with a dynamic import into the engine chunk, so the compose view paints without pkijs.
 */
import type { ContentCipher } from "../core/cms/encrypt/index.js";
import { createSigner, type MessageSigner, type SignFailure } from "../core/cms/sign/index.js";
import { certificateRequestDraft, protectOutgoing, recipientKeysFrom, recipientStatuses } from "../core/compose/index.js";
import type { ComposeDraft, Mailbox, ProtectResult, RecipientStatus } from "../core/compose/types.js";
import type { Identity } from "../core/keys/identity.js";
import type { NewMessageForm } from "../host/compose-host.js";
import type { Lang } from "../i18n/language.js";
import type { ContactRecord } from "../store/types.js";

export type SignerSetup = { readonly ok: true; readonly signer: MessageSigner } | SignFailure;

/** One Send: what to do, and with which keys. The engine turns the contacts into recipient keys itself. */
export interface ProtectRequest {
  readonly sign: boolean;
  readonly encrypt: boolean;
  /** Required when signing. */
  readonly signer?: MessageSigner;
  /** The sender's certificate (DER); required when encrypting, so that Sent Items stays readable. */
  readonly senderCertificate?: Uint8Array;
  /** Every stored contact; those of the draft's recipients are used. */
  readonly contacts: readonly ContactRecord[];
  /** The user's cipher setting (see Settings.cipher). */
  readonly cipher: ContentCipher;
  readonly date: Date;
}

export interface ComposeEngine {
  /** Each To, Cc and Bcc address with what the store knows of its certificate at `now`. */
  recipientStatuses(draft: ComposeDraft, contacts: readonly ContactRecord[], now: Date): Promise<readonly RecipientStatus[]>;
  /** Checks the identity's certificate and imports its key, once per Send. */
  createSigner(identity: Identity): Promise<SignerSetup>;
  protect(draft: ComposeDraft, request: ProtectRequest): Promise<ProtectResult>;
  /** A message to `to` asking for their certificate, in `lang`, from `from`. */
  certificateRequest(lang: Lang, from: Mailbox, to: Mailbox): Promise<NewMessageForm>;
}

/**
 * The engine picks AES-GCM only when every recipient (and the sender) announced it, and AES-256-CBC otherwise, which
 * is what a GCM setting asks for. A CBC setting is used as it is.
 */
function cipherOverride(setting: ContentCipher): ContentCipher | undefined {
  return setting === "aes-256-cbc" || setting === "aes-128-cbc" ? setting : undefined;
}

export const composeEngine: ComposeEngine = {
  async recipientStatuses(draft, contacts, now) {
    const byAddress = new Map(contacts.map((c) => [c.address, c]));
    return recipientStatuses(draft, (address) => byAddress.get(address) ?? null, now);
  },

  createSigner(identity) {
    return createSigner({ identity, crypto: globalThis.crypto });
  },

  protect(draft, request) {
    const cipher = cipherOverride(request.cipher);
    return protectOutgoing(draft, {
      sign: request.sign,
      encrypt: request.encrypt,
      ...(request.signer === undefined ? {} : { signer: request.signer }),
      ...(request.senderCertificate === undefined ? {} : { senderCertificate: request.senderCertificate }),
      // Expired and not yet valid certificates are left out, so that their owners are named as missing.
      recipientKeys: recipientKeysFrom(request.contacts, request.date),
      crypto: globalThis.crypto,
      ...(cipher === undefined ? {} : { cipher }),
      date: request.date,
      // The Date field in the sender's local time, as mail programs write it.
      utcOffsetMinutes: -request.date.getTimezoneOffset(),
    });
  },

  async certificateRequest(lang, from, to) {
    const { subject, html } = certificateRequestDraft(from, [to], lang);
    return { to: [to], subject, htmlBody: html };
  },
};
