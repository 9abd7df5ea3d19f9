/**
 * The defect codes the MIME parser records on a part (`MimePart.defects`). They are a stable vocabulary that
 * verifiers and tests match on; never rename one.
 */
export const MIME_DEFECTS = [
  // A limit from limits.ts was hit here; see that module for what each one stops.
  "limit:message-size",
  "limit:depth",
  "limit:parts",
  "limit:header-bytes",
  "limit:header-fields",
  // The first line is neither a header field nor blank: the part has no headers and all of it is body.
  "header:no-header-block",
  // A line that is neither a field nor a continuation ended the header block without a blank line.
  "header:invalid-line",
  // The message started with an mbox "From " separator line, which was skipped.
  "header:mbox-from-line",
  "header:duplicate-content-type",
  "header:duplicate-content-transfer-encoding",
  // Content-Type could not be parsed; the RFC 2045 default for the context was used instead.
  "content-type:invalid",
  // A parameter was given twice; the first value was kept.
  "content-type:duplicate-param",
  "multipart:no-boundary-param",
  "multipart:boundary-not-found",
  "multipart:missing-close-boundary",
  "multipart:no-parts",
  // message/rfc822 with base64 or quoted-printable, which RFC 2046 §5.2.1 forbids; it was decoded first.
  "message:encoded",
] as const;

export type MimeDefect = (typeof MIME_DEFECTS)[number];

/** Codes in `MailboxAddress.defects`: syntax that mail clients resolve differently, so the address shown to the
 * reader may not be the one found here. */
export const ADDRESS_DEFECTS = [
  // More than one <...> in one mailbox; the first was taken.
  "address:multiple-angle-addr",
  // "<" without ">"; the rest of the mailbox was taken as the address.
  "address:unclosed-angle-addr",
  // Words after the closing ">" (other than comments) were ignored.
  "address:text-after-angle-addr",
  // A display name before an address that has no angle brackets (not RFC 5322 syntax).
  "address:name-without-angle-addr",
] as const;

export type AddressDefect = (typeof ADDRESS_DEFECTS)[number];
