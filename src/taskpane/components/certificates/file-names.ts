/** Names of the files the view saves: from the certificate's address or name, safe on every file system. */

/** Characters kept in a saved file's name; anything else (path separators, reserved and invisible characters) becomes "_". */
const UNSAFE = /[^A-Za-z0-9@._+-]+/g;
/** Windows refuses longer paths easily, and a certificate name can be arbitrarily long. */
const MAX_BASE_LENGTH = 64;

export interface Named {
  readonly emails: readonly string[];
  readonly subject: string;
}

/** The common name of an RFC 4514-style name ("C=JP, O=..., CN=Alice"), or null. */
export function commonName(name: string): string | null {
  const cn = /(?:^|, )CN=([^,]+)/.exec(name);
  return cn ? cn[1]! : null;
}

export function downloadName(cert: Named, extension: "cer" | "p12"): string {
  const base = (cert.emails[0] ?? commonName(cert.subject) ?? "certificate").replace(UNSAFE, "_").replace(/^[._]+/, "").slice(0, MAX_BASE_LENGTH);
  return `${base === "" ? "certificate" : base}.${extension}`;
}
