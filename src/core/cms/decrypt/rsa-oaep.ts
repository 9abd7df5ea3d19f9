/*
 * RSAES-OAEP (RFC 8017 §7.1, parameters per RFC 4055). WebCrypto decrypts it when the label hash and the MGF1 hash
 * are the same, and it must be given the hash the message names (the imported key's hash is the one it uses).
 * WebCrypto cannot express different hashes for the two (legal, and what some senders do), so that case is decoded
 * here on top of the raw RSA operation.
 */
import { bufferSource } from "../der.js";
import { DIGEST_BY_OID } from "../oids.js";
import { childrenOf, isContext, isUniversal, joinPieces, malformedCms, MalformedCms, readAlgorithm, readOctets, sequenceOf, TAG, type AlgorithmId } from "./asn1-read.js";
import { DIGEST_BYTES, ENC_OID, webDigest, type WebDigest } from "./algorithm-oids.js";
import { rsaDecryptRaw, type RsaPrivateKey } from "./rsa-private-key.js";

export interface OaepParameters {
  readonly hash: WebDigest;
  readonly mgfHash: WebDigest;
  readonly label: Uint8Array;
}

export type OaepParse =
  | { readonly ok: true; readonly params: OaepParameters }
  | { readonly ok: false; readonly error: "unsupported" | "malformed"; readonly detail: string };

function hashOf(alg: AlgorithmId, what: string): WebDigest | string {
  const name = DIGEST_BY_OID[alg.oid];
  const digest = name === undefined ? null : webDigest(name);
  return digest ?? `${what} ${name ?? alg.oid}`;
}

/** Reads RSAES-OAEP-params; absent fields take RFC 8017's defaults (SHA-1, MGF1 with SHA-1, empty label). */
export function readOaepParameters(alg: AlgorithmId): OaepParse {
  try {
    let hash: WebDigest | string = "SHA-1";
    let mgfHash: WebDigest | string = "SHA-1";
    let label: Uint8Array = new Uint8Array(0);
    if (alg.params !== null && !isUniversal(alg.params, TAG.null)) {
      for (const field of sequenceOf(alg.params, "RSAES-OAEP-params")) {
        const [inner] = childrenOf(field, "RSAES-OAEP-params field");
        if (isContext(field, 0)) {
          hash = hashOf(readAlgorithm(inner, "OAEP hashAlgorithm"), "OAEP hash");
        } else if (isContext(field, 1)) {
          const mgf = readAlgorithm(inner, "OAEP maskGenAlgorithm");
          if (mgf.oid !== ENC_OID.mgf1) return { ok: false, error: "unsupported", detail: `OAEP mask generation ${mgf.oid} is not supported` };
          mgfHash = hashOf(readAlgorithm(mgf.params ?? undefined, "MGF1 hash"), "MGF1 hash");
        } else if (isContext(field, 2)) {
          const source = readAlgorithm(inner, "OAEP pSourceAlgorithm");
          if (source.oid !== ENC_OID.pSpecified) return { ok: false, error: "unsupported", detail: `OAEP label source ${source.oid} is not supported` };
          label = readOctets(source.params ?? undefined, "OAEP label");
        } else {
          malformedCms("RSAES-OAEP-params has an unknown field");
        }
      }
    }
    if (hash !== "SHA-1" && hash !== "SHA-256" && hash !== "SHA-384" && hash !== "SHA-512") {
      return { ok: false, error: "unsupported", detail: `${hash} is not supported` };
    }
    if (mgfHash !== "SHA-1" && mgfHash !== "SHA-256" && mgfHash !== "SHA-384" && mgfHash !== "SHA-512") {
      return { ok: false, error: "unsupported", detail: `${mgfHash} is not supported` };
    }
    return { ok: true, params: { hash, mgfHash, label } };
  } catch (e) {
    if (e instanceof MalformedCms) return { ok: false, error: "malformed", detail: e.message };
    throw e;
  }
}

export function describeOaep(p: OaepParameters): string {
  return p.hash === p.mgfHash ? `RSA-OAEP (${p.hash})` : `RSA-OAEP (${p.hash}, MGF1 ${p.mgfHash})`;
}

async function mgf1(subtle: SubtleCrypto, hash: WebDigest, seed: Uint8Array, length: number): Promise<Uint8Array> {
  const blocks: Uint8Array[] = [];
  let total = 0;
  for (let counter = 0; total < length; counter++) {
    const c = new Uint8Array(4);
    new DataView(c.buffer).setUint32(0, counter);
    const block = new Uint8Array(await subtle.digest(hash, bufferSource(joinPieces([seed, c]))));
    blocks.push(block);
    total += block.byteLength;
  }
  return joinPieces(blocks).subarray(0, length);
}

function xorInto(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength);
  for (let i = 0; i < a.byteLength; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/**
 * EME-OAEP decoding (RFC 8017 §7.1.2 step 3) after RSADP. All checks are accumulated before the single decision,
 * and every failure is the same null.
 */
export async function decryptOaepManually(
  subtle: SubtleCrypto,
  key: RsaPrivateKey,
  params: OaepParameters,
  ciphertext: Uint8Array,
): Promise<Uint8Array | null> {
  const hLen = DIGEST_BYTES[params.hash];
  const k = key.k;
  if (ciphertext.byteLength !== k || k < 2 * hLen + 2) return null;
  const em = await rsaDecryptRaw(subtle, key, ciphertext);
  if (em === null) return null;
  const lHash = new Uint8Array(await subtle.digest(params.hash, bufferSource(params.label)));
  const maskedSeed = em.subarray(1, 1 + hLen);
  const maskedDb = em.subarray(1 + hLen);
  const seed = xorInto(maskedSeed, await mgf1(subtle, params.mgfHash, maskedDb, hLen));
  const db = xorInto(maskedDb, await mgf1(subtle, params.mgfHash, seed, k - hLen - 1));

  let bad = em[0]!;
  for (let i = 0; i < hLen; i++) bad |= db[i]! ^ lHash[i]!;
  let found = 0;
  let index = 0;
  for (let i = hLen; i < db.byteLength; i++) {
    const isOne = (((db[i]! ^ 1) - 1) >>> 31) & 1;
    const isZero = ((db[i]! - 1) >>> 31) & 1;
    const first = isOne & (found ^ 1);
    index = (index & ~-first) | (i & -first);
    // Before the 0x01 separator only zero bytes may appear.
    bad |= (found ^ 1) & (isZero ^ 1) & (isOne ^ 1);
    found |= isOne;
  }
  if (bad !== 0 || found === 0) return null;
  return db.slice(index + 1);
}

/** OAEP through WebCrypto, which only knows one hash for both uses. Null when the decryption fails. */
export async function decryptOaepWebCrypto(
  subtle: SubtleCrypto,
  pkcs8: Uint8Array,
  params: OaepParameters,
  ciphertext: Uint8Array,
): Promise<Uint8Array | null | "import-failed"> {
  let key: CryptoKey;
  try {
    key = await subtle.importKey("pkcs8", bufferSource(pkcs8), { name: "RSA-OAEP", hash: params.hash }, false, ["decrypt"]);
  } catch {
    return "import-failed";
  }
  try {
    const algorithm: RsaOaepParams = { name: "RSA-OAEP" };
    if (params.label.byteLength > 0) algorithm.label = bufferSource(params.label);
    return new Uint8Array(await subtle.decrypt(algorithm, key, bufferSource(ciphertext)));
  } catch {
    return null;
  }
}
