/** What recovering the content-encryption key from one RecipientInfo gives. */
export type KeyUnwrap =
  | {
      readonly ok: true;
      readonly key: Uint8Array;
      /** False only for PKCS #1 v1.5 when the key is the implicit-rejection stand-in (see rsa-pkcs1v15.ts). */
      readonly paddingValid: boolean;
      /** How the key was protected, for notes (e.g. "RSA PKCS#1 v1.5", "ECDH P-256 dhSinglePass-stdDH-sha256kdf"). */
      readonly method: string;
    }
  | { readonly ok: false; readonly error: "failed" | "unsupported"; readonly detail: string };

export function unwrapFailed(detail: string): KeyUnwrap {
  return { ok: false, error: "failed", detail };
}

export function unwrapUnsupported(detail: string): KeyUnwrap {
  return { ok: false, error: "unsupported", detail };
}
