/**
 * CBC decryption and encryption with the block ciphers WebCrypto lacks (3DES and RC2, for PKCS #12 files from
 * Windows, macOS and OpenSSL 1.x) and AES-192 (which Chromium's WebCrypto refuses), all by node-forge. These return
 * the raw plaintext: padding is removed and checked by `removePkcs7Padding`, strictly, because a failed padding
 * check is how a wrong password shows when a file has no MAC.
 */
import { loadForge } from "./forge.js";
import { fromBinaryString, toBinaryString } from "./binary-string.js";

export type ForgeCbcCipher =
  | { readonly name: "3des" }
  | { readonly name: "rc2"; readonly effectiveBits: number }
  | { readonly name: "aes" };

export function blockSizeOf(cipher: ForgeCbcCipher): number {
  return cipher.name === "aes" ? 16 : 8;
}

/** forge pads and unpads by default; this padding function leaves the data alone. */
const NO_PADDING = (): boolean => true;

/** Raw CBC decryption. Null when the ciphertext is not a whole number of blocks or the key/IV sizes are wrong. */
export async function forgeCbcDecrypt(cipher: ForgeCbcCipher, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array | null> {
  const block = blockSizeOf(cipher);
  if (data.byteLength === 0 || data.byteLength % block !== 0 || iv.byteLength !== block) return null;
  const forge = await loadForge();
  const input = forge.util.createBuffer(toBinaryString(data));
  if (cipher.name === "rc2") {
    const c = forge.rc2.createDecryptionCipher(toBinaryString(key), cipher.effectiveBits);
    c.start(toBinaryString(iv));
    c.update(input);
    if (!c.finish(NO_PADDING)) return null;
    return fromBinaryString(c.output.bytes());
  }
  if (cipher.name === "3des" ? key.byteLength !== 24 : ![16, 24, 32].includes(key.byteLength)) return null;
  const c = forge.cipher.createDecipher(cipher.name === "3des" ? "3DES-CBC" : "AES-CBC", toBinaryString(key));
  c.start({ iv: toBinaryString(iv) });
  c.update(input);
  if (!(c.finish as (pad?: () => boolean) => boolean)(NO_PADDING)) return null;
  return fromBinaryString(c.output.bytes());
}

/** PKCS #7 padding (RFC 5652 §6.3) checked in full; null when it is not valid. */
export function removePkcs7Padding(data: Uint8Array, blockSize: number): Uint8Array | null {
  if (data.byteLength === 0 || data.byteLength % blockSize !== 0) return null;
  const count = data[data.byteLength - 1]!;
  if (count === 0 || count > blockSize) return null;
  for (let i = 2; i <= count; i++) if (data[data.byteLength - i] !== count) return null;
  return data.subarray(0, data.byteLength - count);
}
