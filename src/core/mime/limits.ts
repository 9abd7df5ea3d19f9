/**
 * Limits on untrusted MIME input. Each one protects memory or time against a hostile or broken message. When a
 * limit is hit the parser never throws: it stops descending (or stops recording) and adds a defect string that
 * starts with `limit:` to the part where it happened, so a verifier can refuse to call such a message verified.
 */

/** Larger messages are not parsed below the top-level header block (defect `limit:message-size`). Outlook and
 * Graph cap mail far below this; anything bigger is a mistake or an attack, and a parse keeps views into it. */
export const MAX_MESSAGE_BYTES = 128 * 1024 * 1024;

/** Multiparts and message/rfc822 parts at this depth keep their headers but get no children (defect
 * `limit:depth`). Real mail nests a handful of levels (signed in encrypted in a forward); deeper trees only serve
 * to exhaust the stack or the time of each nested boundary scan, which rescans its parent's bytes. */
export const MAX_MIME_DEPTH = 32;

/** Parts beyond this count in one message are not created (defect `limit:parts` on the multipart that was cut).
 * Each part costs an object and a header parse; ten thousand is far above any real attachment list. */
export const MAX_PARTS = 10_000;

/** Header bytes per part beyond this are not turned into fields (defect `limit:header-bytes`); the end of the
 * header block is still found so the body range stays right. Real header blocks are a few KiB, with long
 * Received chains reaching tens of KiB. */
export const MAX_HEADER_BYTES = 1024 * 1024;

/** Header fields per part beyond this are not recorded (defect `limit:header-fields`), bounding the field
 * objects and decoded strings one part can make; the end of the header block is still found. */
export const MAX_HEADER_FIELDS = 2000;
