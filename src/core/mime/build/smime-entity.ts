/*
 * The MIME around an S/MIME signature (RFC 8551 §3.4): multipart/signed with an application/pkcs7-signature part,
 * or application/pkcs7-mime; smime-type=signed-data. The signed entity is written between the delimiters exactly
 * as it was hashed.
 */
import { encodeBase64Lines, encodeBase64LinesAfter } from "../encode-base64.js";
import type { HeaderField, MimePart } from "../types.js";
import type { PieceWriter } from "./piece-writer.js";
import { keepField } from "./source-copy.js";

/** RFC 8551 §3.4.3.2 micalg values. */
export type Micalg = "sha-256" | "sha-384" | "sha-512";

export interface SplitHeaders {
  /** RFC 5322 fields (From, To, Subject, Date, Message-ID, Received...), in order: they stay outside the signature. */
  readonly outer: readonly HeaderField[];
  /** MIME-Version and the Content-* fields: they describe the body, so they move into the signed entity. */
  readonly inner: readonly HeaderField[];
}

/** Content-Length (left by mbox stores) describes the message as stored: it would be wrong anywhere after signing. */
const DROPPED_FIELDS: ReadonlySet<string> = new Set(["content-length"]);

export function splitTopLevelHeaders(root: MimePart): SplitHeaders {
  const outer: HeaderField[] = [];
  const inner: HeaderField[] = [];
  for (const f of root.headers) {
    const name = f.name.toLowerCase();
    if (DROPPED_FIELDS.has(name)) continue;
    if (name.startsWith("content-") || name === "mime-version") inner.push(f);
    else outer.push(f);
  }
  return { outer, inner };
}

/** Writes header fields of `part` in canonical form, each with its line break. */
export function writeHeaderFields(w: PieceWriter, part: MimePart, fields: readonly HeaderField[]): void {
  for (const f of fields) keepField(w, part.source, f);
}

export interface MultipartSignedInput {
  /** The signed entity, exactly the bytes the signature covers. */
  readonly entity: Uint8Array;
  /** The CMS ContentInfo (detached SignedData), DER. */
  readonly signature: Uint8Array;
  readonly micalg: Micalg;
  /** Must not occur in `entity` (see chooseBoundary). */
  readonly boundary: string;
}

/** Writes MIME-Version, the multipart/signed header, a blank line and the body. */
export function writeMultipartSigned(w: PieceWriter, input: MultipartSignedInput): void {
  const b = input.boundary;
  w.ascii(
    "MIME-Version: 1.0\r\n" +
      'Content-Type: multipart/signed; protocol="application/pkcs7-signature";\r\n' +
      `\tmicalg=${input.micalg}; boundary="${b}"\r\n` +
      "\r\n" +
      "This is an S/MIME signed message\r\n" +
      "\r\n" +
      `--${b}\r\n`,
  );
  w.push(input.entity);
  w.ascii(
    `\r\n--${b}\r\n` +
      "Content-Type: application/pkcs7-signature; name=smime.p7s\r\n" +
      "Content-Transfer-Encoding: base64\r\n" +
      "Content-Disposition: attachment; filename=smime.p7s\r\n" +
      "\r\n",
  );
  w.push(encodeBase64Lines([input.signature]));
  w.ascii(`--${b}--\r\n`);
}

/**
 * The finished opaque entity in one buffer: what `w` holds (the outer header fields, if any), MIME-Version, the
 * application/pkcs7-mime header, a blank line and the base64 of the ContentInfo, encoded straight into the result
 * so that a large embedded content is not copied once more.
 */
export function finishOpaqueSigned(w: PieceWriter, contentInfo: readonly Uint8Array[]): Uint8Array {
  w.ascii(
    "MIME-Version: 1.0\r\n" +
      "Content-Type: application/pkcs7-mime; smime-type=signed-data; name=smime.p7m\r\n" +
      "Content-Transfer-Encoding: base64\r\n" +
      "Content-Disposition: attachment; filename=smime.p7m\r\n" +
      "\r\n",
  );
  return encodeBase64LinesAfter(w.join(), contentInfo);
}
