/**
 * The pairwise consistency test of an imported key: the private key, loaded by WebCrypto as identities will use
 * it, makes a signature that the certificate's public key verifies (for X25519, which cannot sign, an ephemeral
 * key agreement gives the same secret both ways). Comparing public keys proves the key was meant for the
 * certificate; this proves the private half is intact, so a damaged key is refused at import instead of making
 * signatures nobody can verify.
 */
import { bufferSource } from "../cms/der.js";
import type { PrivateKeyKind } from "./identity.js";
import { importAlgorithmFor } from "./public-key-match.js";

export type Consistency = "consistent" | "inconsistent" | "unsupported" | "unloadable";

const PROBE = new TextEncoder().encode("inkan pairwise consistency test");

function signatureParams(kind: Exclude<PrivateKeyKind, "x25519">): AlgorithmIdentifier | EcdsaParams {
  switch (kind) {
    case "rsa":
      return { name: "RSASSA-PKCS1-v1_5" };
    case "ec-p256":
    case "ec-p384":
    case "ec-p521":
      return { name: "ECDSA", hash: "SHA-256" };
    case "ed25519":
      return { name: "Ed25519" };
  }
}

const isNotSupported = (e: unknown): boolean => (e as { name?: string } | null)?.name === "NotSupportedError";

/** `spki` is the certificate's SubjectPublicKeyInfo; the caller has already matched it to the key. */
export async function checkKeyConsistency(pkcs8: Uint8Array, kind: PrivateKeyKind, spki: Uint8Array, subtle: SubtleCrypto): Promise<Consistency> {
  const { algorithm, usages } = importAlgorithmFor(kind);
  let privateKey: CryptoKey;
  try {
    privateKey = await subtle.importKey("pkcs8", bufferSource(pkcs8), algorithm, false, usages);
  } catch (e) {
    return isNotSupported(e) ? "unsupported" : "unloadable";
  }
  let publicKey: CryptoKey;
  try {
    publicKey = await subtle.importKey("spki", bufferSource(spki), algorithm, false, kind === "x25519" ? [] : ["verify"]);
  } catch (e) {
    // A certificate key WebCrypto will not load under this algorithm (an RSASSA-PSS-only key, say): the public
    // keys already compared equal, so there is nothing more to learn here.
    return isNotSupported(e) ? "unsupported" : "consistent";
  }
  try {
    if (kind === "x25519") {
      const ephemeral = (await subtle.generateKey({ name: "X25519" }, false, ["deriveBits"])) as CryptoKeyPair;
      const ours = new Uint8Array(await subtle.deriveBits({ name: "X25519", public: ephemeral.publicKey } as EcdhKeyDeriveParams, privateKey, 256));
      const theirs = new Uint8Array(await subtle.deriveBits({ name: "X25519", public: publicKey } as EcdhKeyDeriveParams, ephemeral.privateKey, 256));
      return ours.every((b, i) => b === theirs[i]) ? "consistent" : "inconsistent";
    }
    const params = signatureParams(kind);
    const signature = await subtle.sign(params, privateKey, PROBE);
    return (await subtle.verify(params, publicKey, signature, PROBE)) ? "consistent" : "inconsistent";
  } catch (e) {
    return isNotSupported(e) ? "unsupported" : "inconsistent";
  }
}
