/** Names of the .eml files the view saves when a message is too large to send: from its subject, safe on every file system. */

/**
 * Path separators, characters Windows reserves, control and invisible characters become "_"; letters of any script
 * stay, since a Japanese subject is the name the user will look for.
 */
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]+/gu;
/** Windows refuses longer paths easily, and a subject can be arbitrarily long. */
const MAX_BASE_LENGTH = 64;

function safeBase(text: string): string {
  return Array.from(text.replace(UNSAFE, "_").trim().replace(/^[._]+/, ""))
    .slice(0, MAX_BASE_LENGTH)
    .join("")
    .trim();
}

/** `subject.eml`, or `subject (address).eml` for a Bcc recipient's own copy. */
export function emlFileName(subject: string, bccAddress: string | null): string {
  const base = safeBase(subject) || "message";
  return bccAddress === null ? `${base}.eml` : `${base} (${safeBase(bccAddress) || "bcc"}).eml`;
}
