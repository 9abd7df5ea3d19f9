import { concatBytes } from "./bytes.js";
import { encryptToEntity, type EncryptOptions, type EncryptRecipient, type EncryptResult } from "./cms/encrypt/index.js";
import { signEntity, type SignOptions, type SignResult } from "./cms/sign/index.js";
import { prepareEntityPieces } from "./mime/build/index.js";
import { splitTopLevelHeaders } from "./mime/build/smime-entity.js";
import { parseMessage, type MimePart } from "./mime/index.js";
import { outerHeaders } from "./message-outer-fields.js";

/** Decryption lives apart, so that the read pane loads it without the signing and encryption code. */
export { decryptMessage, type MessageDecryptResult } from "./message-decrypt.js";

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
