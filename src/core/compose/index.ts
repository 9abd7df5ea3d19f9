/*
 * The engine side of composing: a draft written as MIME, signed and/or encrypted into the copies to send, what the
 * pane shows about each recipient's certificate, and the message that asks a recipient for one.
 */
export type {
  BuildOptions,
  CertificateState,
  ComposeAttachment,
  ComposeDraft,
  Mailbox,
  OutgoingCopy,
  ProtectErrorCode,
  ProtectOptions,
  ProtectResult,
  RecipientKey,
  RecipientStatus,
} from "./types.js";
export { buildMessage, composeMessage, type ComposedMessage, type ComposeResult, type HeaderRecipients } from "./build-message.js";
export { checkDraft, MalformedDraftError, type DraftProblem, type DraftProblemCode } from "./check-draft.js";
export { formatMessageDate } from "./header-text.js";
export { htmlToText } from "./html-to-text.js";
export { protectOutgoing } from "./protect-outgoing.js";
export {
  certificateState,
  EXPIRY_WARNING_DAYS,
  recipientKeysFrom,
  recipientStatuses,
  type ContactKeyLike,
  type ContactLike,
} from "./recipient-status.js";
export { certificateRequestDraft, type RequestLanguage } from "./certificate-request.js";
export { MAX_ATTACHMENTS, MAX_DRAFT_BYTES, MAX_FILE_NAME_CHARS, MAX_RECIPIENTS, MAX_REFERENCES, MAX_SUBJECT_CHARS } from "./limits.js";
