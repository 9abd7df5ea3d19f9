/*
 * Body content: transfer decoding (RFC 2045 §6) and charset decoding for text.
 */
import { decodeBase64 } from "./base64.js";
import { decodeWithCharset } from "./charset.js";
import { decodeQuotedPrintable } from "./quoted-printable.js";
import type { MimePart } from "./types.js";

/**
 * The body without its transfer encoding. For 7bit, 8bit, binary and unknown encodings this is a view into
 * `part.source`, not a copy: do not write to it.
 */
export function decodeBody(part: MimePart): Uint8Array {
  const encoded = part.source.subarray(part.bodyRange.start, part.bodyRange.end);
  switch (part.transferEncoding) {
    case "base64":
      return decodeBase64(encoded);
    case "quoted-printable":
      return decodeQuotedPrintable(encoded);
    default:
      return encoded;
  }
}

/**
 * The body without its transfer encoding in a buffer of its own, with `headroom` unused bytes in front of it, for a
 * caller that works over the decoded bytes in place and then puts something before the result. Null when the body
 * is not base64: the other encodings either come out as a view of `part.source`, which must not be written to, or
 * (quoted-printable) are no way to carry the large binary bodies this is for.
 */
export function decodeBodyWithHeadroom(part: MimePart, headroom: number): Uint8Array | null {
  if (part.transferEncoding !== "base64") return null;
  return decodeBase64(part.source.subarray(part.bodyRange.start, part.bodyRange.end), headroom);
}

/** The body as text: transfer decoding, then the charset parameter (unknown charsets decode as UTF-8, a missing
 * or us-ascii one gets a best guess between UTF-8, Shift_JIS, EUC-JP, ISO-2022-JP and windows-1252). */
export function decodeText(part: MimePart): string {
  return decodeWithCharset(decodeBody(part), part.contentType.params["charset"]);
}
