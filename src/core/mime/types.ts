/** A byte range [start, end) into the buffer the message was parsed from. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

export interface HeaderField {
  /** The field name as written (case preserved). Compare with `name.toLowerCase()`. */
  readonly name: string;
  /** Exact bytes of the whole field, name through the last folded line, without the final line break. */
  readonly raw: ByteRange;
  /** The unfolded value, bytes as latin1 characters (no charset decoding). Used for structured parsing. */
  readonly rawValue: string;
  /** The value for display: unfolded, RFC 2047 encoded words decoded, 8-bit bytes decoded as UTF-8
   * (or as Shift_JIS / EUC-JP / ISO-2022-JP when the bytes clearly are). */
  readonly value: string;
}

export interface ContentType {
  /** Lower-case, e.g. "multipart". "text" when the part has no Content-Type header (RFC 2045 default). */
  readonly type: string;
  /** Lower-case, e.g. "signed". */
  readonly subtype: string;
  /** Parameter names lower-case; values unquoted, RFC 2231 continuations and charsets decoded. */
  readonly params: Readonly<Record<string, string>>;
}

export interface MimePart {
  /** The buffer every range of this tree points into. */
  readonly source: Uint8Array;
  /** The whole entity: headers, blank line and body (for a multipart child: what lies between the
   * boundary line's CRLF and the CRLF before the next boundary). */
  readonly range: ByteRange;
  /** The header block (without the blank line). Empty range when the part has no headers. */
  readonly headerRange: ByteRange;
  /** The body, still transfer-encoded. */
  readonly bodyRange: ByteRange;
  readonly headers: readonly HeaderField[];
  readonly contentType: ContentType;
  /** Lower-case Content-Transfer-Encoding, "7bit" when absent. */
  readonly transferEncoding: string;
  /** For multipart parts: the children in order; otherwise empty. */
  readonly children: readonly MimePart[];
  /** For multipart: the text before the first boundary and after the closing one. */
  readonly preamble?: ByteRange;
  readonly epilogue?: ByteRange;
  /** Depth in the tree, 0 for the message itself. */
  readonly depth: number;
  /** Problems found while parsing this part (missing closing boundary, bad base64, ...). Never thrown. */
  readonly defects: readonly string[];
}

export interface MailboxAddress {
  /** Display name, decoded (RFC 2047), or "" when there is none. */
  readonly name: string;
  /** local@domain exactly as written (comments and whitespace removed), or "" when no address could be found. */
  readonly address: string;
  /** Syntax problems that make the address ambiguous (see ADDRESS_DEFECTS); absent when there are none. */
  readonly defects?: readonly string[];
}

export interface AddressGroup {
  readonly group: string;
  readonly members: readonly MailboxAddress[];
}

export type AddressListEntry = MailboxAddress | AddressGroup;
