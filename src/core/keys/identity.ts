/** A person's or mailbox's own certificate with its private key: what signs and decrypts. */

export type PrivateKeyKind = "rsa" | "ec-p256" | "ec-p384" | "ec-p521" | "ed25519" | "x25519";

export interface Identity {
  /** The end-entity certificate (DER). */
  readonly certificate: Uint8Array;
  /** Issuing CA certificates that came with it (DER), leaf's issuer first; roots may be included. */
  readonly chain: readonly Uint8Array[];
  /** The private key as unencrypted PKCS #8 DER. Lives in memory only; stores keep it wrapped. */
  readonly privateKey: Uint8Array;
  readonly keyKind: PrivateKeyKind;
  /** The PKCS #12 friendlyName, when the file carried one. */
  readonly friendlyName: string | null;
}

/** Why an identity file could not be read. Each is a distinct message for the user. */
export type IdentityError =
  | "wrong-password"
  | "corrupt"
  | "no-private-key"
  | "no-certificate"
  | "key-mismatch"
  | "unsupported";

export type IdentityImport =
  | { readonly ok: true; readonly identities: readonly Identity[] }
  | { readonly ok: false; readonly error: IdentityError; readonly detail: string };
