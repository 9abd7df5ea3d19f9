/*
 * KEKRecipientInfo (RFC 5652 §6.2.3): a pre-shared key-encryption key and a key wrap algorithm.
 */
import { unsupportedWrap, unwrapKey, wrapKeyLength, wrapName } from "./key-wrap.js";
import type { KekRecipient } from "./recipient-infos.js";
import { unwrapFailed, unwrapUnsupported, type KeyUnwrap } from "./unwrap-result.js";

export async function unwrapKek(subtle: SubtleCrypto, recipient: KekRecipient, kek: Uint8Array): Promise<KeyUnwrap> {
  const length = wrapKeyLength(recipient.keyEncryptionAlgorithm);
  if (length === null) return unwrapUnsupported(unsupportedWrap(recipient.keyEncryptionAlgorithm));
  if (kek.byteLength !== length) return unwrapFailed(`the key has ${kek.byteLength} bytes; this recipient's key wrap needs ${length}`);
  const unwrapped = await unwrapKey(subtle, recipient.keyEncryptionAlgorithm, kek, recipient.encryptedKey);
  if (!unwrapped.ok) return unwrapped;
  return { ok: true, key: unwrapped.key, paddingValid: true, method: `pre-shared key (${wrapName(recipient.keyEncryptionAlgorithm)})` };
}
