/*
 * Encrypting S/MIME content: CMS EnvelopedData (RFC 5652 §6, AES-CBC per RFC 3565) or AuthEnvelopedData
 * (RFC 5083, AES-GCM per RFC 5084) for one or more recipient certificates.
 *
 * The content is encrypted with one WebCrypto call and the result is handed out as a list of DER pieces (small
 * headers, the ciphertext as it came from WebCrypto, a small trailer), so that a large message is never copied into
 * one more buffer before it is base64-encoded.
 */
import { concatBytes } from "../../bytes.js";
import { bufferSource } from "../der.js";
import { OID } from "../oids.js";
import { prefersOaep, supportsAuthEnveloped, type SmimeCapability } from "../smime-capabilities.js";
import { encodeBase64LinesAfter } from "../../mime/encode-base64.js";
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

export type EncryptResult =
  | {
      readonly ok: true;
      /** The ContentInfo DER as consecutive pieces. */
      readonly pieces: readonly Uint8Array[];
      readonly cipher: ContentCipher;
      /** True for AuthEnvelopedData (AES-GCM). */
      readonly authenticated: boolean;
    }
  | { readonly ok: false; readonly error: EncryptError; readonly detail: string; readonly recipient?: number };

export interface EncryptOptions {
  readonly crypto: Crypto;
  readonly now: Date;
  /** Overrides the choice made from the recipients' capabilities. */
  readonly cipher?: ContentCipher;
  /** Encrypt to certificates outside their validity period or without an e-mail address. */
  readonly force?: boolean;
}

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

/** AES-GCM for every recipient that is known to read it; AES-CBC, which every S/MIME client reads, otherwise. */
function chooseCipher(recipients: readonly EncryptRecipient[]): ContentCipher {
  return recipients.every((r) => supportsAuthEnveloped(r.capabilities)) ? "aes-256-gcm" : "aes-256-cbc";
}

type Encrypted = { readonly algorithm: Uint8Array; readonly ciphertext: Uint8Array; readonly tag: Uint8Array | null };

async function encryptBody(spec: CipherSpec, cek: CryptoKey, content: Uint8Array, crypto: Crypto): Promise<Encrypted> {
  if (spec.webCrypto === "AES-CBC") {
    const iv = randomBytes(crypto, CBC_IV_BYTES);
    const out = await crypto.subtle.encrypt({ name: "AES-CBC", iv: bufferSource(iv) }, cek, bufferSource(content));
    return { algorithm: algorithmIdentifier(spec.oid, octetString(iv)), ciphertext: new Uint8Array(out), tag: null };
  }
  const nonce = randomBytes(crypto, GCM_NONCE_BYTES);
  // No authAttrs (the content type is id-data, RFC 5083 §2.1), hence no additional authenticated data.
  const out = new Uint8Array(
    await crypto.subtle.encrypt({ name: "AES-GCM", iv: bufferSource(nonce), tagLength: GCM_TAG_BYTES * 8 }, cek, bufferSource(content)),
  );
  const split = out.byteLength - GCM_TAG_BYTES;
  // GCMParameters ::= SEQUENCE { aes-nonce OCTET STRING, aes-ICVlen INTEGER DEFAULT 12 }
  const parameters = sequence(octetString(nonce), smallInteger(GCM_TAG_BYTES));
  return { algorithm: algorithmIdentifier(spec.oid, parameters), ciphertext: out.subarray(0, split), tag: out.subarray(split) };
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
 * ContentInfo { contentType, [0] EXPLICIT EnvelopedData | AuthEnvelopedData } with definite lengths, laid out as
 * [everything before the ciphertext, ciphertext, mac (AuthEnvelopedData only)].
 */
function assemble(authenticated: boolean, recipientInfos: readonly Uint8Array[], hasKari: boolean, encrypted: Encrypted): Uint8Array[] {
  const { algorithm, ciphertext, tag } = encrypted;
  const dataOid = objectIdentifier(OID.data);
  // encryptedContent [0] IMPLICIT OCTET STRING
  const contentHeader = header(contextTag(0, false), ciphertext.byteLength);
  const eciLength = dataOid.byteLength + algorithm.byteLength + contentHeader.byteLength + ciphertext.byteLength;
  const eciHeader = header(TAG.sequence, eciLength);
  // RFC 5652 §6.1: version 0 when every RecipientInfo is version 0 (ktri by issuerAndSerialNumber), else 2.
  // RFC 5083 §2.1: AuthEnvelopedData is always version 0.
  const version = smallInteger(authenticated || !hasKari ? 0 : 2);
  const infos = derSetOf(recipientInfos);
  const mac = tag === null ? null : octetString(tag);
  const innerLength = version.byteLength + infos.byteLength + eciHeader.byteLength + eciLength + (mac?.byteLength ?? 0);
  const innerHeader = header(TAG.sequence, innerLength);
  const explicitLength = innerHeader.byteLength + innerLength;
  const explicitHeader = header(contextTag(0, true), explicitLength);
  const typeOid = objectIdentifier(authenticated ? OID.authEnvelopedData : OID.envelopedData);
  const outerHeader = header(TAG.sequence, typeOid.byteLength + explicitHeader.byteLength + explicitLength);
  const head = joinSmall([outerHeader, typeOid, explicitHeader, innerHeader, version, infos, eciHeader, dataOid, algorithm, contentHeader]);
  const pieces = [head];
  if (ciphertext.byteLength > 0) pieces.push(ciphertext);
  if (mac !== null) pieces.push(mac);
  return pieces;
}

/** Encrypts `content` (a whole MIME entity, canonical CRLF) to every recipient. */
export async function encryptContent(
  content: Uint8Array,
  recipients: readonly EncryptRecipient[],
  options: EncryptOptions,
): Promise<EncryptResult> {
  if (recipients.length === 0) return { ok: false, error: "no-recipients", detail: "no recipient certificate was given" };
  const { crypto, now } = options;
  const prepared: PreparedRecipient[] = [];
  for (const [index, recipient] of recipients.entries()) {
    const checked = checkRecipientCertificate(recipient.certificate, now, options.force === true);
    if (!checked.ok) return { ok: false, error: checked.error, detail: checked.detail, recipient: index };
    const oaep = prefersOaep(recipient.capabilities) !== false;
    const ready = await prepareRecipient(checked.value, oaep, crypto.subtle);
    if (!ready.ok) return { ok: false, error: "recipient-unsupported-key", detail: ready.detail, recipient: index };
    prepared.push(ready.value);
  }

  const cipher = options.cipher ?? chooseCipher(recipients);
  const spec: CipherSpec = CIPHERS[cipher];
  const cekBytes = randomBytes(crypto, spec.keyBits / 8);
  try {
    const cek = await crypto.subtle.importKey("raw", bufferSource(cekBytes), { name: spec.webCrypto }, true, ["encrypt"]);
    const infos = await Promise.all(prepared.map((r) => recipientInfo(r, cek, cekBytes, spec.keyBits, crypto)));
    const encrypted = await encryptBody(spec, cek, content, crypto);
    const authenticated = encrypted.tag !== null;
    const hasKari = prepared.some((r) => r.transport === "ecdh");
    return { ok: true, pieces: assemble(authenticated, infos, hasKari, encrypted), cipher, authenticated };
  } finally {
    cekBytes.fill(0);
  }
}

const CRLF = "\r\n";

/**
 * The whole S/MIME entity (RFC 8551 §3.3): application/pkcs7-mime headers, a blank line and the base64 of the
 * ContentInfo, CRLF line endings throughout.
 */
export function encryptedEntity(result: Extract<EncryptResult, { ok: true }>, prefix?: Uint8Array): Uint8Array {
  const smimeType = result.authenticated ? "authEnveloped-data" : "enveloped-data";
  const headers = new TextEncoder().encode(
    `Content-Type: application/pkcs7-mime; smime-type=${smimeType}; name=smime.p7m${CRLF}` +
      `Content-Transfer-Encoding: base64${CRLF}` +
      `Content-Disposition: attachment; filename=smime.p7m${CRLF}${CRLF}`,
  );
  // `prefix` (a message's own header fields) goes into the same buffer, so a large message is not copied again.
  const head = prefix ? concatBytes([prefix, headers]) : headers;
  return encodeBase64LinesAfter(head, result.pieces);
}
