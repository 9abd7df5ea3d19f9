/*
 * Makes a MIME entity safe to sign: a signature covers exact bytes, so whatever a relay might rewrite has to be
 * rewritten first (RFC 8551 §3.1.1, §3.1.3). Lines end in CRLF; a part whose body holds 8-bit bytes, NUL or lines
 * over 998 octets is re-encoded, text as quoted-printable and everything else as base64, at any depth; multiparts
 * keep their boundaries, and headers other than Content-Transfer-Encoding keep their bytes unless they hold 8-bit
 * text. Parts that are already safe are written byte for byte, and stretches of the input that need no change are
 * passed on as views of it. A multipart/signed inside is never re-encoded: that would break its signature.
 */
import { concatBytes } from "../../bytes.js";
import { toCanonicalCRLF } from "../canonical.js";
import { decodeBody } from "../decode-body.js";
import { encodeBase64Lines } from "../encode-base64.js";
import type { HeaderField, MimePart } from "../types.js";
import { encodeQuotedPrintable } from "./encode-quoted-printable.js";
import { PieceWriter } from "./piece-writer.js";
import { keepRange, keepSafeField, lineBreakEnd } from "./source-copy.js";
import { hasEightBit, isTransportSafe, scanTransport } from "./transport-safe.js";

/** Subtypes of message/ whose body is itself a message the parser descended into (see parse-message.ts). */
const ENCAPSULATING_SUBTYPES: ReadonlySet<string> = new Set(["rfc822", "global"]);
/** Transfer encodings that leave the body as it is (RFC 2045 §6.2). */
const IDENTITY_ENCODINGS: ReadonlySet<string> = new Set(["7bit", "8bit", "binary"]);
const KNOWN_ENCODINGS: ReadonlySet<string> = new Set([...IDENTITY_ENCODINGS, "base64", "quoted-printable"]);
/** Text in these charsets is not line-oriented bytes: converting its line ends would corrupt it. */
const WIDE_CHARSETS = /^(utf-16|utf-32|ucs-2|ucs-4)/i;

export type EntityResult = { readonly ok: true; readonly entity: Uint8Array } | { readonly ok: false; readonly detail: string };

export interface PrepareOptions {
  /** The header fields of the top part to write, in order (signMessage keeps only the MIME fields); all by default. */
  readonly fields?: readonly HeaderField[];
}

/**
 * Writes the chosen fields with their line breaks. `transferEncoding`, when given, replaces the first
 * Content-Transfer-Encoding field (later duplicates are dropped) or is appended. `extraField` goes first.
 */
function writeFields(
  w: PieceWriter,
  part: MimePart,
  fields: readonly HeaderField[],
  transferEncoding: string | null,
  extraField: string | null,
): void {
  if (extraField !== null) w.ascii(`${extraField}\r\n`);
  let replaced = false;
  for (const f of fields) {
    if (transferEncoding !== null && f.name.toLowerCase() === "content-transfer-encoding") {
      if (!replaced) w.ascii(`Content-Transfer-Encoding: ${transferEncoding}\r\n`);
      replaced = true;
      continue;
    }
    keepSafeField(w, part.source, f);
  }
  if (transferEncoding !== null && !replaced) w.ascii(`Content-Transfer-Encoding: ${transferEncoding}\r\n`);
}

/** The blank line that ends the header block, kept when the input has one. */
function writeBlankLine(w: PieceWriter, part: MimePart): void {
  const { source } = part;
  const at = part.headerRange.end;
  const end = lineBreakEnd(source, at);
  if (end > at && end === part.bodyRange.start) keepRange(w, source, at, end);
  else w.ascii("\r\n");
}

function isTextual(part: MimePart): boolean {
  const { type } = part.contentType;
  if (type === "message") return true;
  return type === "text" && !WIDE_CHARSETS.test(part.contentType.params["charset"] ?? "");
}

function writeLeaf(w: PieceWriter, part: MimePart, fields: readonly HeaderField[], extraField: string | null): string | null {
  const { source, bodyRange } = part;
  const cte = part.transferEncoding;
  const body = source.subarray(bodyRange.start, bodyRange.end);
  const textual = isTextual(part);
  const scan = scanTransport(body);
  const identity = IDENTITY_ENCODINGS.has(cte);
  // 8bit and binary labels on safe text only need the label changed: a relay may convert any part labelled 8bit.
  // Safe non-text labelled so is still re-encoded, since converting its line ends would change the file.
  if (scan !== "unsafe" && (!identity || cte === "7bit" || textual)) {
    writeFields(w, part, fields, identity && cte !== "7bit" ? "7bit" : null, extraField);
    writeBlankLine(w, part);
    if (scan === "canonical") w.push(body);
    else keepRange(w, source, bodyRange.start, bodyRange.end);
    return null;
  }
  if (!KNOWN_ENCODINGS.has(cte)) return `a part in the unknown transfer encoding "${cte}" holds 8-bit data or overlong lines`;
  const data = decodeBody(part);
  if (textual) {
    writeFields(w, part, fields, "quoted-printable", extraField);
    writeBlankLine(w, part);
    encodeQuotedPrintable(toCanonicalCRLF(data), w);
  } else {
    writeFields(w, part, fields, "base64", extraField);
    writeBlankLine(w, part);
    w.push(encodeBase64Lines([data]));
  }
  return null;
}

function writeMultipart(w: PieceWriter, part: MimePart, fields: readonly HeaderField[], extraField: string | null): string | null {
  const { source, bodyRange } = part;
  writeFields(w, part, fields, part.transferEncoding === "8bit" || part.transferEncoding === "binary" ? "7bit" : null, extraField);
  writeBlankLine(w, part);
  // Preamble and epilogue are never shown (RFC 2046 §5.1.1): unsafe ones are dropped rather than encoded.
  const preamble = part.preamble ?? { start: bodyRange.start, end: bodyRange.start };
  if (isTransportSafe(source.subarray(preamble.start, preamble.end))) keepRange(w, source, preamble.start, preamble.end);
  let cursor = preamble.end;
  for (const child of part.children) {
    keepRange(w, source, cursor, child.range.start);
    const error = writePart(w, child, child.headers, null);
    if (error !== null) return error;
    cursor = child.range.end;
  }
  if (part.epilogue) {
    keepRange(w, source, cursor, part.epilogue.start);
    const { start, end } = part.epilogue;
    if (isTransportSafe(source.subarray(start, end))) keepRange(w, source, start, end);
  } else {
    w.ascii(`\r\n--${part.contentType.params["boundary"] ?? ""}--\r\n`);
  }
  return null;
}

function writePart(w: PieceWriter, part: MimePart, fields: readonly HeaderField[], extraField: string | null): string | null {
  const { type, subtype } = part.contentType;
  const cte = part.transferEncoding;
  if (type === "multipart" && subtype === "signed") {
    // Someone else's signature covers these bytes in canonical form: re-encoding anything in it would break that
    // signature, so its body is kept as it is, even when it is not safe for every relay.
    writeFields(w, part, fields, null, extraField);
    writeBlankLine(w, part);
    keepRange(w, part.source, part.bodyRange.start, part.bodyRange.end);
    return null;
  }
  if (type === "multipart") {
    if (part.children.length > 0) return writeMultipart(w, part, fields, extraField);
    // A multipart may not be base64 or quoted-printable encoded (RFC 2045 §6.4), so a broken one can only be kept.
    const body = part.source.subarray(part.bodyRange.start, part.bodyRange.end);
    if (!isTransportSafe(body)) return "a multipart without readable parts holds 8-bit data or overlong lines";
    writeFields(w, part, fields, cte === "8bit" || cte === "binary" ? "7bit" : null, extraField);
    writeBlankLine(w, part);
    keepRange(w, part.source, part.bodyRange.start, part.bodyRange.end);
    return null;
  }
  const inner = part.children[0];
  if (type === "message" && ENCAPSULATING_SUBTYPES.has(subtype) && IDENTITY_ENCODINGS.has(cte) && inner !== undefined) {
    // RFC 2046 §5.2.1: a message/rfc822 body may not be encoded, so the message inside is made safe instead.
    writeFields(w, part, fields, cte === "7bit" ? null : "7bit", extraField);
    writeBlankLine(w, part);
    return writePart(w, inner, inner.headers, null);
  }
  return writeLeaf(w, part, fields, extraField);
}

function firstLimitDefect(part: MimePart): string | null {
  for (const d of part.defects) if (d.startsWith("limit:")) return d;
  for (const c of part.children) {
    const found = firstLimitDefect(c);
    if (found !== null) return found;
  }
  return null;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The RFC 2045 default made explicit, with a charset that fits the bytes when they are not ASCII. */
function explicitDefaultContentType(part: MimePart): string {
  const body = decodeBody(part);
  if (!hasEightBit(body)) return "Content-Type: text/plain; charset=us-ascii";
  // RFC 1428's label for 8-bit text of unknown charset.
  return `Content-Type: text/plain; charset=${isValidUtf8(body) ? "utf-8" : "unknown-8bit"}`;
}

export type EntityPiecesResult = { readonly ok: true; readonly pieces: readonly Uint8Array[] } | { readonly ok: false; readonly detail: string };

/**
 * The entity as prepareEntity makes it, left as the pieces it is written in (views of the input wherever nothing
 * had to change), for a consumer that reads them in order and has no use for one more copy of a large entity.
 */
export function prepareEntityPieces(part: MimePart, options: PrepareOptions = {}): EntityPiecesResult {
  const limit = firstLimitDefect(part);
  if (limit !== null) return { ok: false, detail: `the message was too large or complex to read completely (${limit})` };
  const fields = options.fields ?? part.headers;
  const hasContentType = fields.some((f) => f.name.toLowerCase() === "content-type");
  const extraField = hasContentType || part.contentType.type !== "text" ? null : explicitDefaultContentType(part);
  const w = new PieceWriter();
  const error = writePart(w, part, fields, extraField);
  if (error !== null) return { ok: false, detail: error };
  return { ok: true, pieces: w.pieces() };
}

/** The entity, made safe for transport, in canonical form; or why it cannot be. */
export function prepareEntity(part: MimePart, options: PrepareOptions = {}): EntityResult {
  const prepared = prepareEntityPieces(part, options);
  return prepared.ok ? { ok: true, entity: concatBytes(prepared.pieces) } : prepared;
}
