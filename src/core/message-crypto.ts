import { concatBytes } from "./bytes.js";
import { contentInfoType, decryptContentInfo, type DecryptOutcome, type DecryptSecrets } from "./cms/decrypt/index.js";
import { parseDer } from "./cms/der.js";
import { encryptToEntity, type EncryptOptions, type EncryptRecipient, type EncryptResult } from "./cms/encrypt/index.js";
import { signEntity, type SignOptions, type SignResult } from "./cms/sign/index.js";
import { OID } from "./cms/oids.js";
import type { Identity } from "./keys/identity.js";
import { PieceWriter, prepareEntityPieces } from "./mime/build/index.js";
import { splitTopLevelHeaders, writeHeaderFields } from "./mime/build/smime-entity.js";
import { decodeBody, decodeBodyWithHeadroom, getHeader, parseMessage, type MimePart } from "./mime/index.js";

export type MessageEncryptResult =
  | { readonly ok: true; readonly message: Uint8Array; readonly cipher: Extract<EncryptResult, { ok: true }>["cipher"]; readonly authenticated: boolean }
  | Extract<EncryptResult, { ok: false }>
  | { readonly ok: false; readonly error: "malformed-message"; readonly detail: string };

export type MessageSignEncryptResult = MessageEncryptResult | Extract<SignResult, { ok: false }>;

/**
 * The body of a message as a MIME entity (its Content-* fields and body), ready to sign or encrypt, in the pieces
 * it is written in: mostly views of the message, which encryption reads in order without joining them.
 */
function bodyEntity(root: MimePart): { ok: true; entity: readonly Uint8Array[] } | { ok: false; error: "malformed-message"; detail: string } {
  const { inner } = splitTopLevelHeaders(root);
  const prepared = prepareEntityPieces(root, { fields: inner });
  return prepared.ok ? { ok: true, entity: prepared.pieces } : { ok: false, error: "malformed-message", detail: prepared.detail };
}

/** What outerHeaders adds for an entity without a MIME-Version field of its own. */
const MIME_VERSION_FIELD = new TextEncoder().encode("MIME-Version: 1.0\r\n");

function outerHeaders(root: MimePart, entityHasMimeVersion: boolean): PieceWriter {
  const w = new PieceWriter();
  writeHeaderFields(w, root, splitTopLevelHeaders(root).outer);
  if (!entityHasMimeVersion) w.ascii("MIME-Version: 1.0\r\n");
  return w;
}

function withOuterHeaders(root: MimePart, entity: Uint8Array, entityHasMimeVersion = false): Uint8Array {
  const w = outerHeaders(root, entityHasMimeVersion);
  w.push(entity);
  return w.join();
}

/**
 * The outer fields written into the free room in front of an entity decrypted in place, so that the decrypted
 * message is not copied once more. The room was sized for the fields and a MIME-Version line.
 */
function withOuterHeadersInFront(outer: Uint8Array, entity: Uint8Array, room: number, entityHasMimeVersion: boolean): Uint8Array {
  const framed = new Uint8Array(entity.buffer, entity.byteOffset - room, room + entity.byteLength);
  const fieldsEnd = entityHasMimeVersion ? room : room - MIME_VERSION_FIELD.byteLength;
  if (!entityHasMimeVersion) framed.set(MIME_VERSION_FIELD, fieldsEnd);
  framed.set(outer, fieldsEnd - outer.byteLength);
  return framed.subarray(fieldsEnd - outer.byteLength);
}

async function encryptParsed(root: MimePart, entity: readonly Uint8Array[], recipients: readonly EncryptRecipient[], options: EncryptOptions): Promise<MessageEncryptResult> {
  const result = await encryptToEntity(entity, recipients, options, outerHeaders(root, false).join());
  if (!result.ok) return result;
  return { ok: true, message: result.entity, cipher: result.cipher, authenticated: result.authenticated };
}

/**
 * Encrypts a whole RFC 5322 message: From, To, Subject, Date... stay readable outside (RFC 8551 §3.3), the body
 * and its Content-* fields are encrypted for every recipient. Callers include the sender among the recipients so
 * that the copy in Sent Items stays readable.
 */
export async function encryptMessage(message: Uint8Array, recipients: readonly EncryptRecipient[], options: EncryptOptions): Promise<MessageEncryptResult> {
  const root = parseMessage(message);
  const body = bodyEntity(root);
  if (!body.ok) return body;
  return encryptParsed(root, body.entity, recipients, options);
}

/** Signs the body, then encrypts the signed entity (RFC 8551 §3.7 order), keeping the RFC 5322 fields outside. */
export async function signAndEncryptMessage(
  message: Uint8Array,
  sign: SignOptions,
  recipients: readonly EncryptRecipient[],
  options: EncryptOptions,
): Promise<MessageSignEncryptResult> {
  const root = parseMessage(message);
  const body = bodyEntity(root);
  if (!body.ok) return body;
  const signed = await signEntity(concatBytes(body.entity), sign);
  if (!signed.ok) return signed;
  return encryptParsed(root, [signed.message], recipients, options);
}

export type MessageDecryptResult =
  | { readonly ok: true; readonly message: Uint8Array; readonly outcome: Extract<DecryptOutcome, { ok: true }> }
  | Extract<DecryptOutcome, { ok: false }>;

/**
 * Decrypts a message whose body is application/pkcs7-mime enveloped-data or authEnveloped-data and returns the
 * message with its outer fields and the decrypted entity in place of the encrypted one. Inner layers (a signature
 * inside) are left as they are, for verification.
 */
export async function decryptMessage(
  message: Uint8Array,
  identities: readonly Identity[],
  subtle: SubtleCrypto,
  secrets?: DecryptSecrets,
): Promise<MessageDecryptResult> {
  const root = parseMessage(message);
  const { type, subtype } = root.contentType;
  // The body is decoded into a buffer of its own with room in front for the outer fields, and decrypted over
  // itself: a large message is then held once as DER and once as the message, not also as the plaintext between.
  const outer = outerHeaders(root, true).join();
  const room = outer.byteLength + MIME_VERSION_FIELD.byteLength;
  const scratch = decodeBodyWithHeadroom(root, room);
  const der = scratch ?? decodeBody(root);
  const parsed = parseDer(der);
  const contentType = contentInfoType(parsed);
  const isEncrypted = contentType === OID.envelopedData || contentType === OID.authEnvelopedData;
  if (type !== "application" || !/^(x-)?pkcs7-mime$/.test(subtype) || !isEncrypted) {
    return { ok: false, error: "malformed", detail: "the message is not S/MIME encrypted (application/pkcs7-mime enveloped-data)", recipients: [] };
  }
  const outcome = await decryptContentInfo(der, identities, subtle, secrets, { inPlace: scratch !== null, parsed });
  if (!outcome.ok) return outcome;
  const { content } = outcome;
  const hasMimeVersion = getHeader(parseMessage(content), "mime-version") !== undefined;
  const inPlace = scratch !== null && content.buffer === scratch.buffer && content.byteOffset === scratch.byteOffset;
  const decrypted = inPlace ? withOuterHeadersInFront(outer, content, room, hasMimeVersion) : withOuterHeaders(root, content, hasMimeVersion);
  return { ok: true, message: decrypted, outcome };
}
