/**
 * Limits on what a draft may hold before it is written as MIME. The draft comes from the user's own compose item,
 * but it carries quoted mail and files from anyone; each limit keeps the message readable by our own parser and
 * by the mail system it is handed to. A draft over a limit is refused as `malformed-draft` with the problem's code
 * (see checkDraft); nothing is cut silently.
 */
import { MAX_PARTS } from "../mime/limits.js";

/**
 * Body and attachment bytes together. Graph refuses S/MIME payloads over 4 MB long before this; the limit is for
 * other callers (the command line) and sets how large a message may get on the way: base64 adds a third, and a
 * signed message is parsed once more to be encrypted, which our parser does below MAX_MESSAGE_BYTES (128 MiB) only.
 */
export const MAX_DRAFT_BYTES = 64 * 1024 * 1024;

/** Each attachment is a MIME part; our parser stops at MAX_PARTS, so a message with more could not be read back. */
export const MAX_ATTACHMENTS = Math.min(1000, MAX_PARTS - 10);

/**
 * To, Cc and Bcc together. Exchange Online's default limit per message is 500 recipients; beyond that the send is
 * refused anyway, and encrypting makes one copy per Bcc recipient.
 */
export const MAX_RECIPIENTS = 500;

/** Outlook keeps 255 characters of a subject; this only stops text that is no subject from filling the header. */
export const MAX_SUBJECT_CHARS = 2000;

/** File systems keep 255 bytes of a name; a longer one would not survive being saved by the recipient. */
export const MAX_FILE_NAME_CHARS = 255;

/**
 * Message ids kept in References. RFC 5322 §3.6.4 lets a long thread's list grow without end; like most mailers we
 * keep the first (the thread's root) and the most recent ones, which are what threading needs.
 */
export const MAX_REFERENCES = 30;
