/*
 * Each identity's private key, read or imported at most once per message however many recipients it is tried on;
 * RSA keys at most once while the identity lives.
 */
import { bufferSource } from "../der.js";
import type { Identity } from "../../keys/identity.js";
import { parseRsaPrivateKey, type RsaPrivateKey } from "./rsa-private-key.js";

export type AgreementCurve = "P-256" | "P-384" | "P-521" | "X25519";

export const CURVE_OF_KIND: Readonly<Partial<Record<Identity["keyKind"], AgreementCurve>>> = {
  "ec-p256": "P-256",
  "ec-p384": "P-384",
  "ec-p521": "P-521",
  x25519: "X25519",
};

/**
 * RSA keys as read from their PKCS #8 bytes, for as long as those bytes live (identities never change them in
 * place): reading one makes a few hundred kilobytes of short-lived objects, and the key carries its blinding state
 * from one operation to the next (see rsa-private-key.ts).
 */
const rsaKeys = new WeakMap<Uint8Array, RsaPrivateKey | null>();

export class IdentityKeys {
  private readonly agreement = new Map<Identity, Promise<CryptoKey | string>>();

  constructor(private readonly subtle: SubtleCrypto) {}

  rsaKey(identity: Identity): RsaPrivateKey | null {
    let key = rsaKeys.get(identity.privateKey);
    if (key === undefined) {
      key = parseRsaPrivateKey(identity.privateKey);
      rsaKeys.set(identity.privateKey, key);
    }
    return key;
  }

  /** The identity's key-agreement key, or why it could not be imported. */
  agreementKey(identity: Identity, curve: AgreementCurve): Promise<CryptoKey | string> {
    let pending = this.agreement.get(identity);
    if (pending === undefined) {
      const algorithm: EcKeyImportParams | Algorithm = curve === "X25519" ? { name: "X25519" } : { name: "ECDH", namedCurve: curve };
      pending = this.subtle.importKey("pkcs8", bufferSource(identity.privateKey), algorithm, false, ["deriveBits"]).catch(
        (e: unknown) => `the ${curve} private key could not be imported: ${(e as Error).message}`,
      );
      this.agreement.set(identity, pending);
    }
    return pending;
  }
}
