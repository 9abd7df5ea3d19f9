import { parseCertificate, type CertificateParse, type ParsedCertificate } from "./certificate.js";

/**
 * Certificates kept by a verifier between messages. The same few certificates (a colleague's, their CA's) arrive on
 * message after message; parsing one with pkijs costs more than checking a signature, so a verifier parses each
 * encoding once. Entries are copies: a certificate found inside a large message must not keep that message alive.
 * The cache also makes equal encodings the same object, which lets signature checks between two certificates be
 * remembered by identity (see validate-path.ts).
 */
export const MAX_CACHED_CERTIFICATES = 512;

export class CertificateCache {
  readonly #byHash = new Map<number, ParsedCertificate[]>();
  #count = 0;

  parse(der: Uint8Array): CertificateParse {
    const hash = fnv1a(der);
    const bucket = this.#byHash.get(hash);
    if (bucket) {
      for (const cert of bucket) if (sameBytes(cert.der, der)) return { ok: true, value: cert };
    }
    const parsed = parseCertificate(der.slice());
    if (!parsed.ok) return parsed;
    if (this.#count >= MAX_CACHED_CERTIFICATES) this.#evictOldest();
    if (bucket) bucket.push(parsed.value);
    else this.#byHash.set(hash, [parsed.value]);
    this.#count++;
    return parsed;
  }

  get size(): number {
    return this.#count;
  }

  #evictOldest(): void {
    const oldest = this.#byHash.keys().next();
    if (oldest.done) return;
    this.#count -= this.#byHash.get(oldest.value)!.length;
    this.#byHash.delete(oldest.value);
  }
}

function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.byteLength; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
