import { decryptContentInfo, type DecryptOutcome, type DecryptSecrets } from "./cms/decrypt/index.js";
import { encryptContent, encryptedEntity, type EncryptOptions, type EncryptRecipient, type EncryptResult } from "./cms/encrypt/index.js";
import { signEntity, type SignOptions, type SignResult } from "./cms/sign/index.js";
import { readContentInfo } from "./cms/verify-signed-data.js";
import { OID } from "./cms/oids.js";
import type { Identity } from "./keys/identity.js";
import { PieceWriter, prepareEntity } from "./mime/build/index.js";
import { splitTopLevelHeaders, writeHeaderFields } from "./mime/build/smime-entity.js";
import { decodeBody, getHeader, parseMessage, type MimePart } from "./mime/index.js";

export type MessageEncryptResult =
  | { readonly ok: true; readonly message: Uint8Array; readonly cipher: Extract<EncryptResult, { ok: true }>["cipher"]; readonly authenticated: boolean }
  | Extract<EncryptResult, { ok: false }>
  | { readonly ok: false; readonly error: "malformed-message"; readonly detail: string };

export type MessageSignEncryptResult = MessageEncryptResult | Extract<SignResult, { ok: false }>;

/** The body of a message as a MIME entity (its Content-* fields and body), ready to sign or encrypt. */
function bodyEntity(root: MimePart): { ok: true; entity: Uint8Array } | { ok: false; error: "malformed-message"; detail: string } {
  const { inner } = splitTopLevelHeaders(root);
  const prepared = prepareEntity(root, { fields: inner });
  return prepared.ok ? { ok: true, entity: prepared.entity } : { ok: false, error: "malformed-message", detail: prepared.detail };
}

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

async function encryptParsed(root: MimePart, entity: Uint8Array, recipients: readonly EncryptRecipient[], options: EncryptOptions): Promise<MessageEncryptResult> {
  const result = await encryptContent(entity, recipients, options);
  if (!result.ok) return result;
  const message = encryptedEntity(result, outerHeaders(root, false).join());
  return { ok: true, message, cipher: result.cipher, authenticated: result.authenticated };
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
  const signed = await signEntity(body.entity, sign);
  if (!signed.ok) return signed;
  return encryptParsed(root, signed.message, recipients, options);
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
  const der = decodeBody(root);
  const ci = readContentInfo(der);
  const isEncrypted = ci.ok && (ci.contentType === OID.envelopedData || ci.contentType === OID.authEnvelopedData);
  if (type !== "application" || !/^(x-)?pkcs7-mime$/.test(subtype) || !isEncrypted) {
    return { ok: false, error: "malformed", detail: "the message is not S/MIME encrypted (application/pkcs7-mime enveloped-data)", recipients: [] };
  }
  const outcome = await decryptContentInfo(der, identities, subtle, secrets);
  if (!outcome.ok) return outcome;
  const hasMimeVersion = getHeader(parseMessage(outcome.content), "mime-version") !== undefined;
  return { ok: true, message: withOuterHeaders(root, outcome.content, hasMimeVersion), outcome };
}
