import { contentInfoType, decryptContentInfo, type DecryptOutcome, type DecryptSecrets } from "./cms/decrypt/index.js";
import { parseDer } from "./cms/der.js";
import { OID } from "./cms/oids.js";
import type { Identity } from "./keys/identity.js";
import { decodeBody, decodeBodyWithHeadroom, getHeader, parseMessage } from "./mime/index.js";
import { MIME_VERSION_FIELD, outerHeaders, withOuterHeaders, withOuterHeadersInFront } from "./message-outer-fields.js";

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
