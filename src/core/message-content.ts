import { OID } from "./cms/oids.js";
import { readContentInfoFrame, readSignedData } from "./cms/read-signed-data.js";
import { decodeBody, decodeText, getHeader, parseHeaderParams, parseMessage, type MimePart } from "./mime/index.js";

/**
 * Where the content to show came from.
 * - `host`: the body is plain MIME (unsigned, or multipart/signed): any mail program shows it, nothing is extracted.
 * - `opaque-signed`: it sits inside application/pkcs7-mime signed-data, which many mail programs cannot open.
 * - `decrypted`: it came out of an encryption layer the caller opened.
 * - `encrypted`: an encryption layer the caller could not open hides it.
 * - `unreadable`: an S/MIME wrapper is damaged, so there is nothing trustworthy to show.
 */
export type ContentSource = "host" | "opaque-signed" | "decrypted" | "encrypted" | "unreadable";

export interface ContentAttachment {
  /** The name the sender gave (decoded), or a generic one; attacker-chosen text. */
  readonly name: string;
  /** Lower-case "type/subtype". */
  readonly type: string;
  readonly bytes: Uint8Array;
  /** The Content-ID without angle brackets, for `cid:` references from the HTML body. */
  readonly contentId: string | null;
}

export interface MessageContent {
  readonly source: ContentSource;
  /** The text/plain body (inline text parts joined), or null. Always null for `host`, `encrypted`, `unreadable`. */
  readonly text: string | null;
  /** The text/html body as the sender wrote it: unsanitised, never to be rendered as is. */
  readonly html: string | null;
  readonly attachments: readonly ContentAttachment[];
}

/**
 * S/MIME wrappers unwrapped around the shown content. Real mail has at most three (sign, encrypt, sign), like the
 * verifier's MAX_LAYERS; past the limit the content counts as `unreadable` rather than being dug out further.
 */
export const MAX_WRAPPERS = 16;

/**
 * A body part larger than this (still transfer-encoded) is offered as an attachment instead of being decoded into a
 * string and shown: the pane would stall on it, and no reader scrolls through megabytes of mail text.
 */
export const MAX_SHOWN_BODY_BYTES = 4 * 1024 * 1024;

const EMPTY = { text: null, html: null, attachments: [] } as const;

function isPkcs7Mime(part: MimePart): boolean {
  const { type, subtype, params } = part.contentType;
  if (type !== "application") return false;
  if (subtype === "pkcs7-mime" || subtype === "x-pkcs7-mime") return true;
  // Some clients label S/MIME as octet-stream and rely on the .p7m name, as the verifier accepts.
  const name = (params["name"] ?? getHeader(part, "content-disposition")?.rawValue ?? "").toLowerCase();
  return subtype === "octet-stream" && /\.p7m\b/.test(name);
}

type Unwrapped =
  | { readonly ok: true; readonly part: MimePart; readonly source: "host" | "opaque-signed" | "decrypted" }
  | { readonly ok: false; readonly source: "encrypted" | "unreadable" };

/** Follows the chain of S/MIME wrappers from the message down to the entity a reader is meant to see. */
function unwrap(message: MimePart, decrypted: readonly Uint8Array[]): Unwrapped {
  let part = message;
  let source: "host" | "opaque-signed" | "decrypted" = "host";
  let opened = 0;
  for (let wrappers = 0; wrappers <= MAX_WRAPPERS; wrappers++) {
    const { type, subtype } = part.contentType;
    if (type === "multipart" && subtype === "signed") {
      const content = part.children[0];
      if (content === undefined) return { ok: false, source: "unreadable" };
      part = content;
      continue;
    }
    if (!isPkcs7Mime(part)) return { ok: true, part, source };
    const ci = readContentInfoFrame(decodeBody(part));
    if (!ci.ok) return { ok: false, source: "unreadable" };
    if (ci.contentType === OID.envelopedData || ci.contentType === OID.authEnvelopedData) {
      const plaintext = decrypted[opened++];
      if (plaintext === undefined) return { ok: false, source: "encrypted" };
      part = parseMessage(plaintext);
      source = "decrypted";
      continue;
    }
    if (ci.contentType !== OID.signedData) return { ok: true, part, source };
    const read = readSignedData(ci.content, 0);
    if (!read.ok) return { ok: false, source: "unreadable" };
    // A certificates-only bag carries no content: it is an attachment of the message it sits in.
    if (read.value.eContent === null) return { ok: true, part, source };
    part = parseMessage(read.value.eContent);
    if (source === "host") source = "opaque-signed";
  }
  return { ok: false, source: "unreadable" };
}

function dispositionOf(part: MimePart): { readonly attachment: boolean; readonly filename: string | null } {
  const raw = getHeader(part, "content-disposition")?.rawValue;
  if (raw === undefined) return { attachment: false, filename: null };
  const token = /^\s*([A-Za-z-]*)/.exec(raw)!;
  const { params } = parseHeaderParams(raw, token[0].length);
  return { attachment: token[1]!.toLowerCase() === "attachment", filename: params["filename"] ?? null };
}

function contentIdOf(part: MimePart): string | null {
  const value = getHeader(part, "content-id")?.value.trim();
  if (!value) return null;
  return value.replace(/^<([^>]*)>$/, "$1");
}

/** The extension of a name made up for a part that has none: what the type suggests, when it is a plain word. */
function extensionOf(subtype: string): string {
  if (subtype === "rfc822") return "eml";
  if (subtype === "plain") return "txt";
  return /^[a-z0-9]{1,8}$/.test(subtype) ? subtype : "bin";
}

interface Collected {
  readonly texts: string[];
  readonly htmls: string[];
  readonly attachments: ContentAttachment[];
}

function addAttachment(part: MimePart, out: Collected, filename: string | null): void {
  const { type, subtype, params } = part.contentType;
  const fallback = `attachment-${out.attachments.length + 1}.${extensionOf(subtype)}`;
  out.attachments.push({
    name: filename ?? params["name"] ?? fallback,
    type: `${type}/${subtype}`,
    // A copy, so that a saved attachment does not keep the whole message buffer alive.
    bytes: decodeBody(part).slice(),
    contentId: contentIdOf(part),
  });
}

function bodyKind(part: MimePart): "text" | "html" | null {
  const { type, subtype } = part.contentType;
  if (type !== "text") return null;
  if (subtype === "plain") return "text";
  if (subtype === "html") return "html";
  return null;
}

function collect(part: MimePart, out: Collected): void {
  const { type, subtype } = part.contentType;
  if (type === "multipart" && part.children.length > 0) {
    if (subtype === "alternative") {
      // RFC 2046 §5.1.4: alternatives come in increasing preference, so the last of each kind wins; the others are
      // the same message in another form, not attachments.
      const lastText = part.children.findLast((c) => bodyKind(c) === "text" && !dispositionOf(c).attachment);
      const lastHtml = part.children.findLast((c) => bodyKind(c) === "html" && !dispositionOf(c).attachment);
      for (const child of part.children) {
        const kind = bodyKind(child);
        if (kind !== null && !dispositionOf(child).attachment && child !== lastText && child !== lastHtml) continue;
        collect(child, out);
      }
      return;
    }
    for (const child of part.children) collect(child, out);
    return;
  }
  // The signature of a nested multipart/signed is reported in the details view, not offered as a file.
  if (type === "application" && (subtype === "pkcs7-signature" || subtype === "x-pkcs7-signature")) return;
  const disposition = dispositionOf(part);
  const kind = bodyKind(part);
  const size = part.bodyRange.end - part.bodyRange.start;
  if (kind !== null && !disposition.attachment && size <= MAX_SHOWN_BODY_BYTES) {
    (kind === "text" ? out.texts : out.htmls).push(decodeText(part));
    return;
  }
  if (size === 0 && kind !== null) return;
  addAttachment(part, out, disposition.filename);
}

/**
 * What to show of a message that mail programs may not show: the body and attachments inside opaque signed-data
 * (and inside encryption layers the caller opened: `decrypted` holds their plaintexts, outermost first). Messages
 * whose body any mail program shows come back as `host` with nothing extracted. Never throws on bad input.
 */
export function extractContent(message: Uint8Array, decrypted: readonly Uint8Array[] = []): MessageContent {
  const found = unwrap(parseMessage(message), decrypted);
  if (!found.ok) return { source: found.source, ...EMPTY };
  if (found.source === "host") return { source: "host", ...EMPTY };
  const out: Collected = { texts: [], htmls: [], attachments: [] };
  collect(found.part, out);
  return {
    source: found.source,
    text: out.texts.length > 0 ? out.texts.join("\n\n") : null,
    html: out.htmls.length > 0 ? out.htmls.join("\n<hr>\n") : null,
    attachments: out.attachments,
  };
}
