/**
 * AES-CBC and AES-GCM for the engine's streaming encryption (EncryptOptions.streamingCipher), on Node's OpenSSL:
 * the content goes through in pieces, so that encrypting a large message holds neither a copy of it nor its whole
 * ciphertext beside the base64 output. The browser has no such cipher and uses WebCrypto.
 */
import { createCipheriv } from "node:crypto";
import type { StreamingCipherFactory } from "../core/cms/encrypt/index.js";

const GCM_TAG_BYTES = 16;

export const nodeStreamingCipher: StreamingCipherFactory = (cipher, key, iv) => {
  if (cipher === "aes-256-gcm" || cipher === "aes-128-gcm") {
    const gcm = createCipheriv(cipher, key, iv, { authTagLength: GCM_TAG_BYTES });
    return { update: (piece) => gcm.update(piece), final: () => gcm.final(), authTag: () => gcm.getAuthTag() };
  }
  const cbc = createCipheriv(cipher, key, iv);
  return { update: (piece) => cbc.update(piece), final: () => cbc.final(), authTag: () => null };
};
