/*
 * A draft written as a complete RFC 5322 message in 7-bit with CRLF line ends, ready to sign or send:
 *
 *   multipart/mixed                      when there are attachments
 *     multipart/related                  when there are inline images
 *       multipart/alternative
 *         text/plain; charset=utf-8      derived from the HTML
 *         text/html; charset=utf-8
 *       image/...  (Content-ID, inline)
 *     application/...  (attachment, base64)
 *
 * The message is made of two halves that signing and encryption treat apart: the RFC 5322 fields, written for
 * whichever recipients a copy names, and the MIME entity (MIME-Version, Content-Type and body), written once.
 */
import { toCanonicalCRLF } from "../mime/canonical.js";
import { encodeBase64Lines } from "../mime/encode-base64.js";
import { chooseBoundary, encodeQuotedPrintable, PieceWriter, type RandomSource } from "../mime/build/index.js";
import { parameterLines } from "../mime/build/encode-header-field.js";
import { checkDraft, MalformedDraftError, type DraftProblem } from "./check-draft.js";
import { addressListValue, foldField, formatMessageDate, isMessageId, mailboxValue, unstructuredValue } from "./header-text.js";
import { htmlToText } from "./html-to-text.js";
import { MAX_REFERENCES } from "./limits.js";
import type { BuildOptions, ComposeAttachment, ComposeDraft, Mailbox } from "./types.js";

const utf8 = new TextEncoder();
const CRLF = utf8.encode("\r\n");
/** Random bytes in a generated Message-ID: 128 bits, as unique as a UUID. */
const MESSAGE_ID_RANDOM_BYTES = 16;
/** RFC 2045 §5.1 token characters, for a content type given by the host. */
const MEDIA_TYPE = /^[A-Za-z0-9!#$%&'*+\-.^_`{|}~]+\/[A-Za-z0-9!#$%&'*+\-.^_`{|}~]+$/;
const FALLBACK_FILE_NAME = "attachment";

/** The recipients a copy names in its header. */
export interface HeaderRecipients {
  readonly to: readonly Mailbox[];
  readonly cc: readonly Mailbox[];
  readonly bcc: readonly Mailbox[];
}

/** A draft written as MIME, with the RFC 5322 fields still to be written for each copy. */
export interface ComposedMessage {
  /** The RFC 5322 fields (From, To, Subject, Date, Message-ID...) naming `recipients`, each with its CRLF. */
  headerFields(recipients: HeaderRecipients): string;
  /** MIME-Version, the Content-* fields and the body: what is signed and encrypted. */
  readonly entity: Uint8Array;
  /** The whole message naming `recipients`. */
  message(recipients: HeaderRecipients): Uint8Array;
}

interface Entity {
  /** Content-* fields, each with its CRLF. */
  readonly fields: string;
  /** The body, ending with CRLF (an empty body is that CRLF): the delimiter that follows needs no line break of its own. */
  readonly body: readonly Uint8Array[];
}

function randomSource(options: BuildOptions): RandomSource {
  return options.random ?? ((bytes) => globalThis.crypto.getRandomValues(bytes));
}

function hex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

function generatedMessageId(from: string, random: RandomSource): string {
  const domain = from.slice(from.lastIndexOf("@") + 1);
  return `<${hex(random(new Uint8Array(MESSAGE_ID_RANDOM_BYTES)))}@${domain}>`;
}

/**
 * References as written: ids that are no msg-id are left out (they come from the original's header, and garbage
 * there must neither break this header nor stop the reply); a long list keeps its first and latest ids.
 */
function referencesOf(draft: ComposeDraft): string[] {
  const ids = (draft.references ?? []).map((r) => r.trim()).filter(isMessageId);
  if (ids.length <= MAX_REFERENCES) return ids;
  return [ids[0]!, ...ids.slice(ids.length - (MAX_REFERENCES - 1))];
}

function writeHeaderFields(draft: ComposeDraft, options: BuildOptions, messageId: string, recipients: HeaderRecipients): string {
  let out = foldField("From", mailboxValue(draft.from));
  if (recipients.to.length > 0) out += foldField("To", addressListValue(recipients.to));
  if (recipients.cc.length > 0) out += foldField("Cc", addressListValue(recipients.cc));
  if (recipients.bcc.length > 0) out += foldField("Bcc", addressListValue(recipients.bcc));
  const subject = unstructuredValue(draft.subject);
  // An empty Subject field says nothing a missing one does not; readers show "(no subject)" for both.
  if (subject !== "") out += foldField("Subject", subject);
  out += `Date: ${formatMessageDate(options.date, options.utcOffsetMinutes)}\r\n`;
  out += `Message-ID: ${messageId}\r\n`;
  const inReplyTo = draft.inReplyTo?.trim();
  if (inReplyTo !== undefined && isMessageId(inReplyTo)) out += `In-Reply-To: ${inReplyTo}\r\n`;
  const references = referencesOf(draft);
  if (references.length > 0) out += foldField("References", references.join(" "));
  return out;
}

function endsWithCrlf(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[bytes.length - 2] === 0x0d && bytes[bytes.length - 1] === 0x0a;
}

/**
 * Quoted-printable keeps mostly-ASCII text readable, but writes each 8-bit byte as three characters: for text
 * that is mostly Japanese (three UTF-8 bytes a character) base64's 4/3 is far smaller. The smaller one is chosen.
 */
function textEntity(subtype: "plain" | "html", text: string): Entity {
  const bytes = toCanonicalCRLF(utf8.encode(text));
  let eightBit = 0;
  for (const b of bytes) if (b >= 0x80) eightBit++;
  const base64 = (bytes.length + 2 * eightBit) * 3 > bytes.length * 4;
  const w = new PieceWriter();
  if (base64) {
    w.push(encodeBase64Lines([bytes]));
  } else {
    encodeQuotedPrintable(bytes, w);
  }
  const body = w.join();
  return {
    fields: `Content-Type: text/${subtype}; charset=utf-8\r\nContent-Transfer-Encoding: ${base64 ? "base64" : "quoted-printable"}\r\n`,
    body: endsWithCrlf(body) ? [body] : [body, CRLF],
  };
}

function parameterField(name: string, value: string, key: string, fileName: string): string {
  return `${name}: ${[value, ...parameterLines(key, fileName)].join(";\r\n ")}\r\n`;
}

function attachmentEntity(a: ComposeAttachment): Entity {
  const type = MEDIA_TYPE.test(a.contentType.trim()) ? a.contentType.trim().toLowerCase() : "application/octet-stream";
  const name = a.name.trim() === "" ? FALLBACK_FILE_NAME : a.name.trim();
  let fields = parameterField("Content-Type", type, "name", name) + "Content-Transfer-Encoding: base64\r\n";
  if (a.inline) fields += `Content-ID: <${a.contentId!}>\r\n`;
  fields += parameterField("Content-Disposition", a.inline ? "inline" : "attachment", "filename", name);
  const body = encodeBase64Lines([a.content]);
  return { fields, body: endsWithCrlf(body) ? [body] : [body, CRLF] };
}

function multipartEntity(subtype: string, parts: readonly Entity[], random: RandomSource, type?: string): Entity {
  const contents = parts.flatMap((p) => [utf8.encode(p.fields), ...p.body]);
  const boundary = chooseBoundary(random, contents);
  // Only a random source that keeps repeating itself gets here: our parts are base64 or quoted-printable, which
  // cannot hold the boundary's "=_", and a name that holds one collides with a fresh boundary by chance alone.
  if (boundary === null) throw new Error("no MIME boundary could be found: the random source repeats itself");
  const w = new PieceWriter();
  for (const p of parts) {
    w.ascii(`--${boundary}\r\n${p.fields}\r\n`);
    for (const piece of p.body) w.push(piece);
  }
  w.ascii(`--${boundary}--\r\n`);
  const typeParam = type === undefined ? "" : ` type="${type}";`;
  return { fields: `Content-Type: multipart/${subtype};${typeParam}\r\n boundary="${boundary}"\r\n`, body: [w.join()] };
}

function bodyEntity(draft: ComposeDraft, random: RandomSource): Entity {
  let root = multipartEntity("alternative", [textEntity("plain", htmlToText(draft.html)), textEntity("html", draft.html)], random);
  const inline = draft.attachments.filter((a) => a.inline);
  if (inline.length > 0) root = multipartEntity("related", [root, ...inline.map(attachmentEntity)], random, "multipart/alternative");
  const attached = draft.attachments.filter((a) => !a.inline);
  if (attached.length > 0) root = multipartEntity("mixed", [root, ...attached.map(attachmentEntity)], random);
  return root;
}

export type ComposeResult = { readonly ok: true; readonly composed: ComposedMessage } | { readonly ok: false; readonly problem: DraftProblem };

/** The draft as MIME, or the problem that keeps it from being written (see checkDraft). */
export function composeMessage(draft: ComposeDraft, options: BuildOptions): ComposeResult {
  const problem = checkDraft(draft, options);
  if (problem !== null) return { ok: false, problem };
  // Checked before anything is written, so that a bad date is a thrown RangeError and not a half-built message.
  formatMessageDate(options.date, options.utcOffsetMinutes);
  const random = randomSource(options);
  const messageId = options.messageId ?? generatedMessageId(draft.from.address.trim(), random);
  const body = bodyEntity(draft, random);
  const head = new PieceWriter();
  head.ascii(`MIME-Version: 1.0\r\n${body.fields}\r\n`);
  for (const piece of body.body) head.push(piece);
  const entity = head.join();
  const headerFields = (recipients: HeaderRecipients): string => writeHeaderFields(draft, options, messageId, recipients);
  return {
    ok: true,
    composed: {
      headerFields,
      entity,
      message: (recipients) => {
        const w = new PieceWriter();
        w.ascii(headerFields(recipients));
        w.push(entity);
        return w.join();
      },
    },
  };
}

/**
 * The draft as one RFC 5322 message naming its To and Cc recipients. Bcc recipients are never written here: which
 * copy names them is protectOutgoing's decision. Throws MalformedDraftError when checkDraft finds a problem, and
 * RangeError for an invalid date or UTC offset.
 */
export function buildMessage(draft: ComposeDraft, options: BuildOptions): Uint8Array {
  const result = composeMessage(draft, options);
  if (!result.ok) throw new MalformedDraftError(result.problem);
  return result.composed.message({ to: draft.to, cc: draft.cc, bcc: [] });
}
