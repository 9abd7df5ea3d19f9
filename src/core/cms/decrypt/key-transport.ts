/*
 * KeyTransRecipientInfo with RSA: PKCS #1 v1.5 (rsaEncryption, RFC 3370 §4.2.1) or RSAES-OAEP (RFC 3560).
 */
import type { Identity } from "../../keys/identity.js";
import { ENC_OID, nameOf } from "./algorithm-oids.js";
import type { IdentityKeys } from "./identity-keys.js";
import type { KeyTransRecipient } from "./recipient-infos.js";
import { decryptOaepManually, decryptOaepWebCrypto, describeOaep, readOaepParameters } from "./rsa-oaep.js";
import { decryptPkcs1v15 } from "./rsa-pkcs1v15.js";
import { unwrapFailed, unwrapUnsupported, type KeyUnwrap } from "./unwrap-result.js";

/**
 * Recovers the content-encryption key with an RSA identity. `expectedLength` is the content cipher's key length
 * (null for RC2, whose keys vary).
 */
export async function unwrapKeyTransport(
  subtle: SubtleCrypto,
  recipient: KeyTransRecipient,
  identity: Identity,
  keys: IdentityKeys,
  expectedLength: number | null,
): Promise<KeyUnwrap> {
  const alg = recipient.keyEncryptionAlgorithm;
  if (alg.oid === ENC_OID.rsaEncryption) {
    const key = keys.rsaKey(identity);
    if (key === null) return unwrapFailed("the identity's RSA private key could not be read");
    const result = await decryptPkcs1v15(subtle, key, recipient.encryptedKey, expectedLength);
    if (result === null) return unwrapFailed("the encrypted key does not fit this RSA key");
    return { ok: true, key: result.message, paddingValid: result.paddingValid, method: "RSA PKCS#1 v1.5" };
  }
  if (alg.oid === ENC_OID.rsaesOaep) {
    const parsed = readOaepParameters(alg);
    if (!parsed.ok) return parsed.error === "unsupported" ? unwrapUnsupported(parsed.detail) : unwrapFailed(parsed.detail);
    const params = parsed.params;
    const method = describeOaep(params);
    let plain: Uint8Array | null | "import-failed" = "import-failed";
    if (params.hash === params.mgfHash) plain = await decryptOaepWebCrypto(subtle, identity.privateKey, params, recipient.encryptedKey);
    if (plain === "import-failed") {
      const key = keys.rsaKey(identity);
      if (key === null) return unwrapFailed("the identity's RSA private key could not be read");
      plain = await decryptOaepManually(subtle, key, params, recipient.encryptedKey);
    }
    if (plain === null) return unwrapFailed(`${method} decryption failed: wrong key or damaged encrypted key`);
    return { ok: true, key: plain, paddingValid: true, method };
  }
  return unwrapUnsupported(`key transport ${nameOf(alg.oid)} is not supported`);
}
