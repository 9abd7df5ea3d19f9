/*
 * Whether a draft can be written as MIME, checked before anything is built. protectOutgoing returns a problem as
 * `malformed-draft`; buildMessage, whose contract is to return bytes, throws MalformedDraftError for one, so a
 * caller that wants a value checks first with checkDraft.
 */
import { addrSpec, addressKey, isContentId, isMessageId } from "./header-text.js";
import { MAX_ATTACHMENTS, MAX_DRAFT_BYTES, MAX_FILE_NAME_CHARS, MAX_RECIPIENTS, MAX_SUBJECT_CHARS } from "./limits.js";
import type { BuildOptions, ComposeDraft, Mailbox } from "./types.js";

export type DraftProblemCode =
  /** An address is not an ASCII addr-spec: internationalized addresses (RFC 6531) cannot be written in 7-bit mail. */
  | "bad-address"
  /** An inline attachment has no content id: the HTML could not refer to it. */
  | "inline-without-content-id"
  /** A content id holds characters a Content-ID field or a cid: URL cannot carry. */
  | "bad-content-id"
  /** Two inline attachments share a content id: which one the HTML shows would be the reader's guess. */
  | "duplicate-content-id"
  /** BuildOptions.messageId is not `<id>`. */
  | "bad-message-id"
  | "file-name-too-long"
  | "subject-too-long"
  | "too-many-recipients"
  | "too-many-attachments"
  /** Body and attachments exceed MAX_DRAFT_BYTES. */
  | "too-large";

export interface DraftProblem {
  readonly code: DraftProblemCode;
  readonly detail: string;
  /** For bad-address: the addresses, as given. */
  readonly addresses?: readonly string[];
}

/** Thrown by buildMessage for a draft that checkDraft refuses; protectOutgoing returns the problem instead. */
export class MalformedDraftError extends Error {
  readonly problem: DraftProblem;

  constructor(problem: DraftProblem) {
    super(`${problem.code}: ${problem.detail}`);
    this.name = "MalformedDraftError";
    this.problem = problem;
  }
}

function badAddresses(mailboxes: readonly Mailbox[]): string[] {
  return mailboxes.filter((m) => addrSpec(m.address) === null).map((m) => m.address);
}

function attachmentProblem(draft: ComposeDraft): DraftProblem | null {
  if (draft.attachments.length > MAX_ATTACHMENTS) {
    return { code: "too-many-attachments", detail: `${draft.attachments.length} attachments; at most ${MAX_ATTACHMENTS} can be sent in one message` };
  }
  const contentIds = new Set<string>();
  for (const a of draft.attachments) {
    if (a.name.length > MAX_FILE_NAME_CHARS) {
      return { code: "file-name-too-long", detail: `an attachment's name has ${a.name.length} characters; at most ${MAX_FILE_NAME_CHARS} are kept by file systems` };
    }
    if (!a.inline) continue;
    const id = a.contentId;
    if (id === undefined || id === "") return { code: "inline-without-content-id", detail: `the inline attachment "${a.name}" has no content id` };
    if (!isContentId(id)) return { code: "bad-content-id", detail: `the content id of "${a.name}" cannot be written in a Content-ID field` };
    const key = id.toLowerCase();
    if (contentIds.has(key)) return { code: "duplicate-content-id", detail: `two inline attachments have the content id "${id}"` };
    contentIds.add(key);
  }
  return null;
}

/** The first reason the draft cannot be written as MIME, or null when it can. */
export function checkDraft(draft: ComposeDraft, options: Pick<BuildOptions, "messageId"> = {}): DraftProblem | null {
  const bad = badAddresses([draft.from, ...draft.to, ...draft.cc, ...draft.bcc]);
  if (bad.length > 0) return { code: "bad-address", detail: `not an address that can be written in 7-bit mail: ${bad.join(", ")}`, addresses: bad };
  const recipients = new Set([...draft.to, ...draft.cc, ...draft.bcc].map((m) => addressKey(m.address))).size;
  if (recipients > MAX_RECIPIENTS) return { code: "too-many-recipients", detail: `${recipients} recipients; at most ${MAX_RECIPIENTS}` };
  if (draft.subject.length > MAX_SUBJECT_CHARS) return { code: "subject-too-long", detail: `the subject has ${draft.subject.length} characters; at most ${MAX_SUBJECT_CHARS}` };
  if (options.messageId !== undefined && !isMessageId(options.messageId)) {
    return { code: "bad-message-id", detail: "the message id must be printable ASCII in angle brackets" };
  }
  const attachments = attachmentProblem(draft);
  if (attachments !== null) return attachments;
  // UTF-8 takes at most three bytes per UTF-16 code unit: a cheap bound before the exact count.
  let bytes = draft.html.length * 3;
  for (const a of draft.attachments) bytes += a.content.byteLength;
  if (bytes > MAX_DRAFT_BYTES) {
    bytes += new TextEncoder().encode(draft.html).byteLength - draft.html.length * 3;
    if (bytes > MAX_DRAFT_BYTES) return { code: "too-large", detail: `body and attachments hold ${bytes} bytes; at most ${MAX_DRAFT_BYTES}` };
  }
  return null;
}
