/*
 * The address a message to be signed says it is from, read the way a receiver reads it before comparing it with
 * the signer's certificate (RFC 8550 §3).
 */
import { getHeaders, mailboxesOf, parseAddressList, type MimePart } from "../../mime/index.js";

/**
 * The one address of the one From field, or null when there is none or it is ambiguous (several fields or
 * mailboxes, a group, syntax defects). Receivers cannot bind any signature to such a From, whoever signs it, so
 * there is nothing to hold the certificate against.
 */
export function soleFromAddress(message: MimePart): string | null {
  const fields = getHeaders(message, "from");
  if (fields.length !== 1) return null;
  const entries = parseAddressList(fields[0]!.rawValue);
  if (entries.some((entry) => "members" in entry)) return null;
  const mailboxes = mailboxesOf(entries);
  const only = mailboxes[0];
  if (mailboxes.length !== 1 || only === undefined || only.address === "" || (only.defects?.length ?? 0) > 0) return null;
  return only.address;
}
