/*
 * Encrypting S/MIME content: CMS EnvelopedData (RFC 5652 §6, AES-CBC per RFC 3565) or AuthEnvelopedData
 * (RFC 5083, AES-GCM per RFC 5084) for one or more recipient certificates.
 *
 * AES-CBC content is encrypted in chunks and AES-GCM content in one WebCrypto call; the ciphertext goes on as it
 * comes, either as DER pieces (small headers, the ciphertext as it came from WebCrypto, a small trailer) or
 * straight into the base64 of the S/MIME entity, so that a large message is never copied into one more buffer.
 */
import { concatBytes, PieceReader, totalByteLength } from "../../bytes.js";
import { bufferSource } from "../der.js";
import { OID } from "../oids.js";
import { prefersOaep, supportsAuthEnveloped, type SmimeCapability } from "../smime-capabilities.js";
import { base64LinesLength, Base64LineWriter, encodeBase64LinesAfter } from "../../mime/encode-base64.js";
import {
  TAG,
  algorithmIdentifier,
  contextTag,
  derSetOf,
  header,
  objectIdentifier,
  octetString,
  sequence,
  smallInteger,
  totalLength,
} from "./der-writer.js";
import { checkRecipientCertificate } from "./recipient-certificate.js";
import { prepareRecipient, recipientInfo, type PreparedRecipient, type WrapSize } from "./recipient-info.js";

export type ContentCipher = "aes-256-gcm" | "aes-128-gcm" | "aes-256-cbc" | "aes-128-cbc";

export interface EncryptRecipient {
  /** The recipient's certificate (DER). */
  readonly certificate: Uint8Array;
  /** What the recipient announced in SMIMECapabilities; absent when nothing is known. */
  readonly capabilities?: readonly SmimeCapability[];
}

export type EncryptError =
  | "no-recipients"
  | "recipient-unsupported-key"
  | "recipient-expired"
  | "recipient-not-for-encryption"
  | "recipient-without-email"
  | "malformed-certificate";

export type EncryptFailure = { readonly ok: false; readonly error: EncryptError; readonly detail: string; readonly recipient?: number };

export type EncryptResult =
  | {
      readonly ok: true;
      /** The ContentInfo DER as consecutive pieces. */
      readonly pieces: readonly Uint8Array[];
      readonly cipher: ContentCipher;
      /** True for AuthEnvelopedData (AES-GCM). */
      readonly authenticated: boolean;
    }
  | EncryptFailure;

export interface EncryptOptions {
  readonly crypto: Crypto;
  readonly now: Date;
  /** Overrides the choice made from the recipients' capabilities. */
  readonly cipher?: ContentCipher;
  /** Encrypt to certificates outside their validity period or without an e-mail address. */
  readonly force?: boolean;
  /**
   * A cipher that takes the content a piece at a time (Node's createCipheriv, for the command line). With it the
   * content is not copied whole for WebCrypto and no whole ciphertext is held beside the output; without it (the
   * browser) WebCrypto encrypts.
   */
  readonly streamingCipher?: StreamingCipherFactory;
}

/** One content encryption with AES-CBC (PKCS #7 padding) or AES-GCM (16-byte tag), fed in order. */
export interface StreamingCipher {
  update(piece: Uint8Array): Uint8Array;
  /** What remains after the last piece: CBC's padded last block; nothing for GCM. */
  final(): Uint8Array;
  /** GCM's tag, once final() has run; null for CBC. */
  authTag(): Uint8Array | null;
}

export type StreamingCipherFactory = (cipher: ContentCipher, key: Uint8Array, iv: Uint8Array) => StreamingCipher;

/** Content handed to a streaming cipher per call: small next to a large message, large next to a call's cost. */
const STREAM_PIECE_BYTES = 64 * 1024;

interface CipherSpec {
  readonly oid: string;
  readonly webCrypto: "AES-GCM" | "AES-CBC";
  readonly keyBits: WrapSize;
}

const CIPHERS = {
  "aes-256-gcm": { oid: "2.16.840.1.101.3.4.1.46", webCrypto: "AES-GCM", keyBits: 256 },
  "aes-128-gcm": { oid: "2.16.840.1.101.3.4.1.6", webCrypto: "AES-GCM", keyBits: 128 },
  "aes-256-cbc": { oid: "2.16.840.1.101.3.4.1.42", webCrypto: "AES-CBC", keyBits: 256 },
  "aes-128-cbc": { oid: "2.16.840.1.101.3.4.1.2", webCrypto: "AES-CBC", keyBits: 128 },
} as const satisfies Record<ContentCipher, CipherSpec>;

/** RFC 5084 §3.2: 12-octet nonces are the ones GCM is specified for (and the only ones OpenSSL accepts in CMS). */
const GCM_NONCE_BYTES = 12;
/** Full-length GCM tag. RFC 5084's default is 12 octets, so the length is written out. */
const GCM_TAG_BYTES = 16;
const CBC_IV_BYTES = 16;

function randomBytes(crypto: Crypto, n: number): Uint8Array {
  const out = new Uint8Array(n);
  crypto.getRandomValues(out);
  return out;
}

/** AuthEnvelopedData (AES-GCM) rather than EnvelopedData. */
function isAuthenticated(cipher: ContentCipher): boolean {
  return CIPHERS[cipher].webCrypto === "AES-GCM";
}

/** AES-GCM for every recipient that is known to read it; AES-CBC, which every S/MIME client reads, otherwise. */
function chooseCipher(recipients: readonly EncryptRecipient[]): ContentCipher {
  return recipients.every((r) => supportsAuthEnveloped(r.capabilities)) ? "aes-256-gcm" : "aes-256-cbc";
}

const AES_BLOCK = 16;

/**
 * Plaintext per WebCrypto call for AES-CBC. Each call copies its input, so chunks keep that copy small next to a
 * large message; but each call is also a round trip to WebCrypto's worker, and 256 KiB chunks made a 10 MB message
 * measurably slower than one call. So a chunk is an eighth of the content, within these bounds (at 1 MB, 128 KiB
 * chunks keep the copies 0.4 MB smaller than 256 KiB ones, at no measurable cost in time).
 */
export const CBC_MIN_CHUNK_BYTES = 128 * 1024;
const CBC_MAX_CHUNK_BYTES = 4 * 1024 * 1024;

/** A multiple of the block size, as every chunk but the last must be. */
function cbcChunkBytes(length: number): number {
  const eighth = Math.ceil(length / 8 / AES_BLOCK) * AES_BLOCK;
  return Math.min(CBC_MAX_CHUNK_BYTES, Math.max(CBC_MIN_CHUNK_BYTES, eighth));
}

/** Where the DER of the ContentInfo goes, in order: everything before the ciphertext, the ciphertext, the mac. */
interface DerSink<T> {
  write(bytes: Uint8Array): void;
  finish(): T;
}

/** The DER of the ContentInfo up to its ciphertext, and the length of the whole. */
interface DerHead {
  readonly head: Uint8Array;
  readonly derLength: number;
}

/**
 * ContentInfo { contentType, [0] EXPLICIT EnvelopedData | AuthEnvelopedData } with definite lengths, up to the
 * ciphertext; the ciphertext and, for AuthEnvelopedData, the mac OCTET STRING follow it.
 */
function derHead(recipientInfos: readonly Uint8Array[], hasKari: boolean, algorithm: Uint8Array, ciphertextLength: number, tagLength: number | null): DerHead {
  const authenticated = tagLength !== null;
  const dataOid = objectIdentifier(OID.data);
  // encryptedContent [0] IMPLICIT OCTET STRING
  const contentHeader = header(contextTag(0, false), ciphertextLength);
  const eciLength = dataOid.byteLength + algorithm.byteLength + contentHeader.byteLength + ciphertextLength;
  const eciHeader = header(TAG.sequence, eciLength);
  // RFC 5652 §6.1: version 0 when every RecipientInfo is version 0 (ktri by issuerAndSerialNumber), else 2.
  // RFC 5083 §2.1: AuthEnvelopedData is always version 0.
  const version = smallInteger(authenticated || !hasKari ? 0 : 2);
  const infos = derSetOf(recipientInfos);
  const macLength = tagLength === null ? 0 : header(TAG.octetString, tagLength).byteLength + tagLength;
  const innerLength = version.byteLength + infos.byteLength + eciHeader.byteLength + eciLength + macLength;
  const innerHeader = header(TAG.sequence, innerLength);
  const explicitLength = innerHeader.byteLength + innerLength;
  const explicitHeader = header(contextTag(0, true), explicitLength);
  const typeOid = objectIdentifier(authenticated ? OID.authEnvelopedData : OID.envelopedData);
  const outerLength = typeOid.byteLength + explicitHeader.byteLength + explicitLength;
  const outerHeader = header(TAG.sequence, outerLength);
  const head = joinSmall([outerHeader, typeOid, explicitHeader, innerHeader, version, infos, eciHeader, dataOid, algorithm, contentHeader]);
  return { head, derLength: outerHeader.byteLength + outerLength };
}

function joinSmall(pieces: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(totalLength(pieces));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/**
 * AES-CBC in chunks, each handed to `write` as it comes. WebCrypto pads every call's output, so a chunk that is
 * not the last comes back with a padding block of its own, which is dropped; the chain goes on from the chunk's
 * last real block (CBC: each chunk's IV is the ciphertext block before it). The next chunk is sent off before the
 * current one is written, so that writing (base64) and encrypting overlap.
 */
async function encryptCbc(subtle: SubtleCrypto, key: CryptoKey, iv: Uint8Array, content: readonly Uint8Array[], write: (bytes: Uint8Array) => void): Promise<void> {
  const length = totalByteLength(content);
  const chunkBytes = cbcChunkBytes(length);
  const reader = new PieceReader(content);
  // WebCrypto copies its input when called, so one scratch buffer serves every chunk that spans pieces; a chunk
  // within one piece (the body of most messages) is passed as a view, and the scratch is made only when needed.
  let scratch: Uint8Array | null = null;
  const input = (n: number): Uint8Array => reader.next(n, () => (scratch ??= new Uint8Array(Math.min(chunkBytes, length))));
  const encryptNext = async (chainIv: Uint8Array, n: number): Promise<Uint8Array> =>
    new Uint8Array(await subtle.encrypt({ name: "AES-CBC", iv: bufferSource(chainIv) }, key, bufferSource(input(n))));
  let done = 0;
  let n = Math.min(chunkBytes, length);
  let pending = encryptNext(iv, n);
  for (;;) {
    const out = await pending;
    if (done + n === length) {
      write(out);
      return;
    }
    const chunk = out.subarray(0, n);
    done += n;
    n = Math.min(chunkBytes, length - done);
    pending = encryptNext(chunk.subarray(chunk.byteLength - AES_BLOCK), n);
    write(chunk);
  }
}

interface Prepared {
  readonly recipients: readonly PreparedRecipient[];
  readonly cipher: ContentCipher;
}

async function prepareRecipients(recipients: readonly EncryptRecipient[], options: EncryptOptions): Promise<{ ok: true; value: Prepared } | EncryptFailure> {
  if (recipients.length === 0) return { ok: false, error: "no-recipients", detail: "no recipient certificate was given" };
  const prepared: PreparedRecipient[] = [];
  for (const [index, recipient] of recipients.entries()) {
    const checked = checkRecipientCertificate(recipient.certificate, options.now, options.force === true);
    if (!checked.ok) return { ok: false, error: checked.error, detail: checked.detail, recipient: index };
    const oaep = prefersOaep(recipient.capabilities) !== false;
    const ready = await prepareRecipient(checked.value, oaep, options.crypto.subtle);
    if (!ready.ok) return { ok: false, error: "recipient-unsupported-key", detail: ready.detail, recipient: index };
    prepared.push(ready.value);
  }
  return { ok: true, value: { recipients: prepared, cipher: options.cipher ?? chooseCipher(recipients) } };
}

/**
 * Encrypts the concatenation of `content` to every prepared recipient and writes the ContentInfo DER into the sink
 * the caller makes once the DER's length is known.
 */
async function encryptInto<T>(
  content: readonly Uint8Array[],
  prepared: Prepared,
  options: Pick<EncryptOptions, "crypto" | "streamingCipher">,
  sink: (head: DerHead) => DerSink<T>,
): Promise<T> {
  const { crypto, streamingCipher } = options;
  const spec: CipherSpec = CIPHERS[prepared.cipher];
  const hasKari = prepared.recipients.some((r) => r.transport === "ecdh");
  const cekBytes = randomBytes(crypto, spec.keyBits / 8);
  try {
    const cek = await crypto.subtle.importKey("raw", bufferSource(cekBytes), { name: spec.webCrypto }, true, ["encrypt"]);
    const wrapForAll = (): Promise<Uint8Array[]> => Promise.all(prepared.recipients.map((r) => recipientInfo(r, cek, cekBytes, spec.keyBits, crypto)));
    if (streamingCipher !== undefined) return await encryptStreaming(content, prepared.cipher, cekBytes, hasKari, streamingCipher, crypto, await wrapForAll(), sink);
    if (spec.webCrypto === "AES-CBC") {
      const iv = randomBytes(crypto, CBC_IV_BYTES);
      const length = totalByteLength(content);
      const ciphertextLength = (Math.floor(length / AES_BLOCK) + 1) * AES_BLOCK;
      const algorithm = algorithmIdentifier(spec.oid, octetString(iv));
      if (length <= cbcChunkBytes(length)) {
        // One call: encrypted before the output is made and the key wrapped in between, as for AES-GCM below, so
        // that WebCrypto's copy of the content is gone before the output is allocated.
        const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-CBC", iv: bufferSource(iv) }, cek, bufferSource(concatBytes(content))));
        const out = sink(derHead(await wrapForAll(), hasKari, algorithm, ciphertextLength, null));
        out.write(ciphertext);
        return out.finish();
      }
      const out = sink(derHead(await wrapForAll(), hasKari, algorithm, ciphertextLength, null));
      await encryptCbc(crypto.subtle, cek, iv, content, (bytes) => out.write(bytes));
      return out.finish();
    }
    // AES-GCM authenticates the whole content in one call, which needs it in one buffer.
    const nonce = randomBytes(crypto, GCM_NONCE_BYTES);
    // No authAttrs (the content type is id-data, RFC 5083 §2.1), hence no additional authenticated data.
    const params = { name: "AES-GCM", iv: bufferSource(nonce), tagLength: GCM_TAG_BYTES * 8 };
    const sealed = new Uint8Array(await crypto.subtle.encrypt(params, cek, bufferSource(concatBytes(content))));
    // The key is wrapped after the content is encrypted: until the event loop turns, WebCrypto may still hold its
    // copy of the content, and the wrapping calls turn it before the output is allocated.
    const infos = await wrapForAll();
    const split = sealed.byteLength - GCM_TAG_BYTES;
    // GCMParameters ::= SEQUENCE { aes-nonce OCTET STRING, aes-ICVlen INTEGER DEFAULT 12 }
    const algorithm = algorithmIdentifier(spec.oid, sequence(octetString(nonce), smallInteger(GCM_TAG_BYTES)));
    const out = sink(derHead(infos, hasKari, algorithm, split, GCM_TAG_BYTES));
    out.write(sealed.subarray(0, split));
    out.write(octetString(sealed.subarray(split)));
    return out.finish();
  } finally {
    cekBytes.fill(0);
  }
}

/**
 * The content through a streaming cipher, a piece at a time, each piece's ciphertext written as it comes: the DER's
 * lengths are known before the first piece (CBC pads to the next whole block, GCM adds nothing but its tag).
 */
async function encryptStreaming<T>(
  content: readonly Uint8Array[],
  cipher: ContentCipher,
  cekBytes: Uint8Array,
  hasKari: boolean,
  factory: StreamingCipherFactory,
  crypto: Crypto,
  recipientInfos: readonly Uint8Array[],
  sink: (head: DerHead) => DerSink<T>,
): Promise<T> {
  const spec: CipherSpec = CIPHERS[cipher];
  const authenticated = spec.webCrypto === "AES-GCM";
  const iv = randomBytes(crypto, authenticated ? GCM_NONCE_BYTES : CBC_IV_BYTES);
  const length = totalByteLength(content);
  const ciphertextLength = authenticated ? length : (Math.floor(length / AES_BLOCK) + 1) * AES_BLOCK;
  const algorithm = authenticated
    ? algorithmIdentifier(spec.oid, sequence(octetString(iv), smallInteger(GCM_TAG_BYTES)))
    : algorithmIdentifier(spec.oid, octetString(iv));
  const out = sink(derHead(recipientInfos, hasKari, algorithm, ciphertextLength, authenticated ? GCM_TAG_BYTES : null));
  const stream = factory(cipher, cekBytes, iv);
  let written = 0;
  const write = (bytes: Uint8Array): void => {
    written += bytes.byteLength;
    if (written > ciphertextLength) throw new Error(`the ${cipher} cipher wrote more than the ${ciphertextLength} bytes it should`);
    out.write(bytes);
  };
  for (const piece of content) {
    for (let at = 0; at < piece.byteLength; at += STREAM_PIECE_BYTES) write(stream.update(piece.subarray(at, at + STREAM_PIECE_BYTES)));
  }
  write(stream.final());
  if (written !== ciphertextLength) throw new Error(`the ${cipher} cipher wrote ${written} bytes, not ${ciphertextLength}`);
  if (authenticated) {
    const tag = stream.authTag();
    if (tag === null || tag.byteLength !== GCM_TAG_BYTES) throw new Error(`the ${cipher} cipher gave no ${GCM_TAG_BYTES}-byte tag`);
    out.write(octetString(tag));
  }
  return out.finish();
}

/** Encrypts `content` (a whole MIME entity, canonical CRLF) to every recipient. */
export async function encryptContent(
  content: Uint8Array,
  recipients: readonly EncryptRecipient[],
  options: EncryptOptions,
): Promise<EncryptResult> {
  const prepared = await prepareRecipients(recipients, options);
  if (!prepared.ok) return prepared;
  const { cipher } = prepared.value;
  const pieces = await encryptInto([content], prepared.value, options, (der) => {
    const collected: Uint8Array[] = [der.head];
    return {
      write: (bytes) => {
        if (bytes.byteLength > 0) collected.push(bytes);
      },
      finish: () => collected,
    };
  });
  return { ok: true, pieces, cipher, authenticated: isAuthenticated(cipher) };
}

const CRLF = "\r\n";

function smimeHeaders(authenticated: boolean): Uint8Array {
  const smimeType = authenticated ? "authEnveloped-data" : "enveloped-data";
  return new TextEncoder().encode(
    `Content-Type: application/pkcs7-mime; smime-type=${smimeType}; name=smime.p7m${CRLF}` +
      `Content-Transfer-Encoding: base64${CRLF}` +
      `Content-Disposition: attachment; filename=smime.p7m${CRLF}${CRLF}`,
  );
}

/**
 * The whole S/MIME entity (RFC 8551 §3.3): application/pkcs7-mime headers, a blank line and the base64 of the
 * ContentInfo, CRLF line endings throughout.
 */
export function encryptedEntity(result: Extract<EncryptResult, { ok: true }>, prefix?: Uint8Array): Uint8Array {
  const headers = smimeHeaders(result.authenticated);
  // `prefix` (a message's own header fields) goes into the same buffer, so a large message is not copied again.
  const head = prefix ? concatBytes([prefix, headers]) : headers;
  return encodeBase64LinesAfter(head, result.pieces);
}

export type EntityEncryptResult =
  | { readonly ok: true; readonly entity: Uint8Array; readonly cipher: ContentCipher; readonly authenticated: boolean }
  | EncryptFailure;

/**
 * encryptContent and encryptedEntity in one: `prefix` (a message's own header fields), the S/MIME entity's headers
 * and the base64 of the ContentInfo in one buffer, the ciphertext encoded as it comes, so that a large message is
 * never also held as the whole ciphertext in binary. `content` is the entity in pieces, read in order.
 */
export async function encryptToEntity(
  content: readonly Uint8Array[],
  recipients: readonly EncryptRecipient[],
  options: EncryptOptions,
  prefix: Uint8Array = new Uint8Array(0),
): Promise<EntityEncryptResult> {
  const prepared = await prepareRecipients(recipients, options);
  if (!prepared.ok) return prepared;
  const { cipher } = prepared.value;
  const authenticated = isAuthenticated(cipher);
  const entity = await encryptInto(content, prepared.value, options, (der) => {
    const headers = smimeHeaders(authenticated);
    const out = new Uint8Array(prefix.byteLength + headers.byteLength + base64LinesLength(der.derLength));
    out.set(prefix, 0);
    out.set(headers, prefix.byteLength);
    const base64 = new Base64LineWriter(out, prefix.byteLength + headers.byteLength);
    base64.write(der.head);
    return { write: (bytes) => base64.write(bytes), finish: () => out.subarray(0, base64.end()) };
  });
  return { ok: true, entity, cipher, authenticated };
}
