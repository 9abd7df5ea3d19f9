import { bufferSource } from "./der.js";
import type { DigestName } from "./oids.js";

/** Digests WebCrypto computes. MD5 and SHA-224 are absent from it, so messages using them cannot be checked. */
const WEBCRYPTO_DIGESTS: ReadonlySet<DigestName> = new Set<DigestName>(["SHA-1", "SHA-256", "SHA-384", "SHA-512"]);

export function canDigest(name: DigestName): boolean {
  return WEBCRYPTO_DIGESTS.has(name);
}

/** Hashes `data`, remembering results per algorithm so that several signers over one large content hash it once. */
export class DigestCache {
  readonly #subtle: SubtleCrypto;
  readonly #data: Uint8Array;
  readonly #results = new Map<DigestName, Promise<Uint8Array>>();

  constructor(subtle: SubtleCrypto, data: Uint8Array) {
    this.#subtle = subtle;
    this.#data = data;
  }

  get data(): Uint8Array {
    return this.#data;
  }

  digest(name: DigestName): Promise<Uint8Array> | null {
    if (!canDigest(name)) return null;
    let result = this.#results.get(name);
    if (!result) {
      result = this.#subtle.digest(name, bufferSource(this.#data)).then((b) => new Uint8Array(b));
      this.#results.set(name, result);
    }
    return result;
  }
}
