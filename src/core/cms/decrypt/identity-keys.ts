/*
 * Each identity's private key, read or imported at most once per message however many recipients it is tried on.
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

export class IdentityKeys {
  private readonly rsa = new Map<Identity, RsaPrivateKey | null>();
  private readonly agreement = new Map<Identity, Promise<CryptoKey | string>>();

  constructor(private readonly subtle: SubtleCrypto) {}

  rsaKey(identity: Identity): RsaPrivateKey | null {
    if (!this.rsa.has(identity)) this.rsa.set(identity, parseRsaPrivateKey(identity.privateKey));
    return this.rsa.get(identity) ?? null;
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
