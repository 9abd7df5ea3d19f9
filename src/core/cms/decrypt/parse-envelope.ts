/*
 * ContentInfo -> EnvelopedData (RFC 5652 §6.1) or AuthEnvelopedData (RFC 5083 §2.1), read once from the parsed
 * tree. The encrypted content stays a list of views into the input: it is joined once, by the caller, in the form
 * the cipher needs.
 */
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { encodedBytesOf, parseDer, type DerParse } from "../der.js";
import { CONTENT_TYPE_NAMES, OID } from "../oids.js";
import {
  childrenOf,
  isContext,
  isUniversal,
  malformedCms,
  MalformedCms,
  octetPieces,
  readAlgorithm,
  readOctets,
  readOid,
  readSmallInteger,
  sequenceOf,
  TAG,
  type AlgorithmId,
} from "./asn1-read.js";
import { readRecipient, type Recipient } from "./recipient-infos.js";

export type EnvelopeKind = "enveloped" | "auth-enveloped";

/** Thrown inside this module only, for encrypted content carried outside the CMS object (RFC 5652 §6.1). */
class DetachedContent extends Error {}

export interface Envelope {
  readonly kind: EnvelopeKind;
  readonly version: number;
  readonly recipients: readonly Recipient[];
  /** eContentType of the encrypted content. */
  readonly contentType: string;
  readonly contentEncryptionAlgorithm: AlgorithmId;
  /** encryptedContent as it lies in the input: one view, or several for constructed (BER) encodings. */
  readonly encryptedContent: readonly Uint8Array[];
  /** AuthEnvelopedData: the authenticated attributes as GCM additional data (DER re-tagged as SET), or null. */
  readonly aad: Uint8Array | null;
  /** AuthEnvelopedData: the authentication tag. */
  readonly mac: Uint8Array | null;
  readonly notes: readonly string[];
}

export type EnvelopeParse =
  | { readonly ok: true; readonly value: Envelope }
  | { readonly ok: false; readonly error: "malformed" | "unsupported"; readonly detail: string };

/**
 * Most RecipientInfos one message may carry. Mailing-list mail reaches a few hundred; every one costs a parse and
 * possibly a private-key operation, so past this the message is reported `malformed` rather than worked through.
 */
export const MAX_RECIPIENT_INFOS = 2000;

/** The SET tag that replaces [1] IMPLICIT when authAttrs are authenticated (RFC 5083 §2.2). */
const SET_TAG = 0x31;

function readEncryptedContentInfo(node: asn1js.BaseBlock | undefined): {
  contentType: string;
  algorithm: AlgorithmId;
  pieces: Uint8Array[] | null;
} {
  const fields = sequenceOf(node, "EncryptedContentInfo");
  const contentType = readOid(fields[0], "EncryptedContentInfo contentType");
  const algorithm = readAlgorithm(fields[1], "contentEncryptionAlgorithm");
  const content = fields[2];
  if (content === undefined) return { contentType, algorithm, pieces: null };
  if (!isContext(content, 0)) malformedCms("encryptedContent has the wrong tag");
  return { contentType, algorithm, pieces: octetPieces(content, "encryptedContent") };
}

function readRecipientSet(node: asn1js.BaseBlock | undefined): Recipient[] {
  if (!isUniversal(node, TAG.set)) malformedCms("recipientInfos is not a SET");
  const items = childrenOf(node!, "recipientInfos");
  if (items.length === 0) malformedCms("recipientInfos is empty");
  if (items.length > MAX_RECIPIENT_INFOS) malformedCms(`more than ${MAX_RECIPIENT_INFOS} recipients`);
  const recipients = items.map((n, i) => readRecipient(n, i));
  const damaged = recipients.find((r) => r.type === "other" && r.unreadable);
  // One damaged recipient among readable ones is skipped (ours may be fine); when none can be read, the CMS is.
  if (damaged?.type === "other" && recipients.every((r) => r.type === "other")) malformedCms(`RecipientInfo #${damaged.index + 1}: ${damaged.detail}`);
  return recipients;
}

function readBody(kind: EnvelopeKind, node: asn1js.BaseBlock): Envelope {
  const name = kind === "enveloped" ? "EnvelopedData" : "AuthEnvelopedData";
  const fields = sequenceOf(node, name);
  const notes: string[] = [];
  let at = 0;
  const version = readSmallInteger(fields[at++], `${name} version`);
  const validVersions = kind === "enveloped" ? [0, 2, 3, 4] : [0];
  if (!validVersions.includes(version)) notes.push(`${name} version ${version} is not one RFC 5652/5083 defines`);
  if (isContext(fields[at], 0)) at++; // originatorInfo: certificates and CRLs of the sender, not needed to decrypt
  const recipients = readRecipientSet(fields[at++]);
  const eci = readEncryptedContentInfo(fields[at++]);
  if (eci.pieces === null) throw new DetachedContent();
  let aad: Uint8Array | null = null;
  let mac: Uint8Array | null = null;
  if (kind === "auth-enveloped") {
    if (isContext(fields[at], 1)) {
      const attrs = fields[at++]!;
      if (attrs.lenBlock.isIndefiniteForm) malformedCms("authAttrs are not DER encoded");
      aad = encodedBytesOf(attrs).slice();
      aad[0] = SET_TAG;
    }
    mac = readOctets(fields[at++], "AuthEnvelopedData mac");
    if (isContext(fields[at], 2)) at++; // unauthAttrs: not covered by the tag, and nothing here needs them
  } else if (isContext(fields[at], 1)) {
    at++; // unprotectedAttrs
  }
  if (at < fields.length) notes.push(`${name} has ${fields.length - at} unexpected trailing field(s), ignored`);
  return {
    kind,
    version,
    recipients,
    contentType: eci.contentType,
    contentEncryptionAlgorithm: eci.algorithm,
    encryptedContent: eci.pieces,
    aad,
    mac,
    notes,
  };
}

/**
 * The contentType of a ContentInfo, read the way readContentInfo (verify-signed-data.ts) reads it; null when the
 * input is no ContentInfo. It takes the parse so that a caller checking what a message holds before decrypting it
 * parses the DER once for both: parsing costs as much memory as a small message.
 */
export function contentInfoType(parsed: DerParse): string | null {
  if (!parsed.ok) return null;
  try {
    return new pkijs.ContentInfo({ schema: parsed.node }).contentType;
  } catch {
    return null;
  }
}

/** Reads the envelope out of `der`; `parsed` is parseDer(der) when the caller has it already. */
export function parseEnvelope(der: Uint8Array, parsed: DerParse = parseDer(der)): EnvelopeParse {
  if (!parsed.ok) return { ok: false, error: "malformed", detail: parsed.error };
  try {
    const [typeNode, explicit] = sequenceOf(parsed.node, "ContentInfo");
    const contentType = readOid(typeNode, "ContentInfo contentType");
    const kind: EnvelopeKind | null =
      contentType === OID.envelopedData ? "enveloped" : contentType === OID.authEnvelopedData ? "auth-enveloped" : null;
    if (kind === null) {
      const name = CONTENT_TYPE_NAMES[contentType] ?? contentType;
      return { ok: false, error: "unsupported", detail: `the content is ${name}, not enveloped-data or auth-enveloped-data` };
    }
    if (!isContext(explicit, 0)) malformedCms("ContentInfo has no content");
    const [body] = childrenOf(explicit!, "ContentInfo content");
    if (body === undefined) malformedCms("ContentInfo content is empty");
    const envelope = readBody(kind, body);
    const notes = parsed.trailing > 0 ? [...envelope.notes, `${parsed.trailing} byte(s) after the ContentInfo ignored`] : envelope.notes;
    return { ok: true, value: { ...envelope, notes } };
  } catch (e) {
    if (e instanceof MalformedCms) return { ok: false, error: "malformed", detail: e.message };
    if (e instanceof DetachedContent) return { ok: false, error: "unsupported", detail: "the encrypted content is detached (not inside the CMS object)" };
    throw e;
  }
}
