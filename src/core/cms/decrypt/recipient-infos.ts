/*
 * RecipientInfo (RFC 5652 §6.2) read into plain records: who each recipient is and how its copy of the content-
 * encryption key is protected. Nothing is decrypted here.
 */
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import {
  childrenOf,
  isContext,
  isUniversal,
  joinPieces,
  malformedCms,
  MalformedCms,
  octetPieces,
  readAlgorithm,
  readBitStringBytes,
  readIntegerBytes,
  readOctets,
  readSmallInteger,
  sequenceOf,
  TAG,
  type AlgorithmId,
} from "./asn1-read.js";

export type RecipientId =
  | { readonly kind: "issuer-serial"; readonly issuer: pkijs.RelativeDistinguishedNames; readonly serial: Uint8Array }
  | { readonly kind: "ski"; readonly keyId: Uint8Array };

export interface OriginatorPublicKey {
  readonly algorithm: AlgorithmId;
  readonly publicKey: Uint8Array;
}

export interface KeyTransRecipient {
  readonly type: "ktri";
  readonly index: number;
  readonly version: number;
  readonly rid: RecipientId;
  readonly keyEncryptionAlgorithm: AlgorithmId;
  readonly encryptedKey: Uint8Array;
}

export interface KeyAgreeRecipient {
  readonly type: "kari";
  readonly index: number;
  readonly version: number;
  /** The sender's ephemeral key, or null when the originator is named by certificate (static-static agreement). */
  readonly originatorKey: OriginatorPublicKey | null;
  readonly ukm: Uint8Array | null;
  readonly keyEncryptionAlgorithm: AlgorithmId;
  readonly encryptedKeys: readonly { readonly rid: RecipientId; readonly encryptedKey: Uint8Array }[];
}

export interface KekRecipient {
  readonly type: "kekri";
  readonly index: number;
  readonly version: number;
  readonly keyId: Uint8Array;
  readonly keyEncryptionAlgorithm: AlgorithmId;
  readonly encryptedKey: Uint8Array;
}

export interface PasswordRecipient {
  readonly type: "pwri";
  readonly index: number;
  readonly version: number;
  readonly keyDerivationAlgorithm: AlgorithmId | null;
  readonly keyEncryptionAlgorithm: AlgorithmId;
  readonly encryptedKey: Uint8Array;
}

/** OtherRecipientInfo, or a RecipientInfo that could not be read: kept so that reports can count it. */
export interface OtherRecipient {
  readonly type: "other";
  readonly index: number;
  /** True when the RecipientInfo is damaged rather than of a kind we do not know. */
  readonly unreadable: boolean;
  readonly detail: string;
}

export type Recipient = KeyTransRecipient | KeyAgreeRecipient | KekRecipient | PasswordRecipient | OtherRecipient;

function readIssuerAndSerial(node: asn1js.BaseBlock, what: string): RecipientId {
  const [issuer, serial] = sequenceOf(node, what);
  if (!isUniversal(issuer, TAG.sequence)) malformedCms(`${what}: issuer is not a Name`);
  let name: pkijs.RelativeDistinguishedNames;
  try {
    name = new pkijs.RelativeDistinguishedNames({ schema: issuer });
  } catch (e) {
    malformedCms(`${what}: issuer is not a Name (${(e as Error).message})`);
  }
  return { kind: "issuer-serial", issuer: name, serial: readIntegerBytes(serial, `${what} serial number`) };
}

/** An OCTET STRING carried under an IMPLICIT context tag (primitive, or constructed in BER). */
function implicitOctets(node: asn1js.BaseBlock, what: string): Uint8Array {
  return joinPieces(octetPieces(node, what));
}

function readKtri(node: asn1js.BaseBlock, index: number): KeyTransRecipient {
  const what = `KeyTransRecipientInfo #${index + 1}`;
  const [version, rid, alg, key] = sequenceOf(node, what);
  let recipientId: RecipientId;
  if (isUniversal(rid, TAG.sequence)) recipientId = readIssuerAndSerial(rid!, `${what} recipient`);
  else if (isContext(rid, 0)) recipientId = { kind: "ski", keyId: implicitOctets(rid!, `${what} subjectKeyIdentifier`) };
  else malformedCms(`${what}: unknown recipient identifier`);
  return {
    type: "ktri",
    index,
    version: readSmallInteger(version, `${what} version`),
    rid: recipientId,
    keyEncryptionAlgorithm: readAlgorithm(alg, `${what} keyEncryptionAlgorithm`),
    encryptedKey: readOctets(key, `${what} encryptedKey`),
  };
}

function readKari(node: asn1js.BaseBlock, index: number): KeyAgreeRecipient {
  const what = `KeyAgreeRecipientInfo #${index + 1}`;
  const fields = childrenOf(node, what);
  let at = 0;
  const version = readSmallInteger(fields[at++], `${what} version`);
  const originatorTagged = fields[at++];
  if (!isContext(originatorTagged, 0)) malformedCms(`${what}: originator is missing`);
  const originator = childrenOf(originatorTagged!, `${what} originator`)[0];
  let originatorKey: OriginatorPublicKey | null = null;
  if (isContext(originator, 1)) {
    const [alg, bits] = childrenOf(originator!, `${what} originatorKey`);
    originatorKey = {
      algorithm: readAlgorithm(alg, `${what} originatorKey algorithm`),
      publicKey: readBitStringBytes(bits, `${what} originatorKey publicKey`),
    };
  } else if (!isUniversal(originator, TAG.sequence) && !isContext(originator, 0)) {
    malformedCms(`${what}: unknown originator`);
  }
  let ukm: Uint8Array | null = null;
  if (isContext(fields[at], 1)) {
    ukm = readOctets(childrenOf(fields[at++]!, `${what} ukm`)[0], `${what} ukm`);
  }
  const keyEncryptionAlgorithm = readAlgorithm(fields[at++], `${what} keyEncryptionAlgorithm`);
  const encryptedKeys = sequenceOf(fields[at++], `${what} recipientEncryptedKeys`).map((rek, i) => {
    const where = `${what} key #${i + 1}`;
    const [rid, key] = sequenceOf(rek, where);
    let recipientId: RecipientId;
    if (isUniversal(rid, TAG.sequence)) recipientId = readIssuerAndSerial(rid!, `${where} recipient`);
    else if (isContext(rid, 0)) {
      const [ski] = childrenOf(rid!, `${where} rKeyId`);
      recipientId = { kind: "ski", keyId: readOctets(ski, `${where} subjectKeyIdentifier`) };
    } else malformedCms(`${where}: unknown recipient identifier`);
    return { rid: recipientId, encryptedKey: readOctets(key, `${where} encryptedKey`) };
  });
  return { type: "kari", index, version, originatorKey, ukm, keyEncryptionAlgorithm, encryptedKeys };
}

function readKekri(node: asn1js.BaseBlock, index: number): KekRecipient {
  const what = `KEKRecipientInfo #${index + 1}`;
  const [version, kekid, alg, key] = childrenOf(node, what);
  const [keyId] = sequenceOf(kekid, `${what} kekid`);
  return {
    type: "kekri",
    index,
    version: readSmallInteger(version, `${what} version`),
    keyId: readOctets(keyId, `${what} keyIdentifier`),
    keyEncryptionAlgorithm: readAlgorithm(alg, `${what} keyEncryptionAlgorithm`),
    encryptedKey: readOctets(key, `${what} encryptedKey`),
  };
}

function readPwri(node: asn1js.BaseBlock, index: number): PasswordRecipient {
  const what = `PasswordRecipientInfo #${index + 1}`;
  const fields = childrenOf(node, what);
  let at = 0;
  const version = readSmallInteger(fields[at++], `${what} version`);
  let keyDerivationAlgorithm: AlgorithmId | null = null;
  if (isContext(fields[at], 0)) keyDerivationAlgorithm = readAlgorithm(fields[at++], `${what} keyDerivationAlgorithm`, 0);
  return {
    type: "pwri",
    index,
    version,
    keyDerivationAlgorithm,
    keyEncryptionAlgorithm: readAlgorithm(fields[at++], `${what} keyEncryptionAlgorithm`),
    encryptedKey: readOctets(fields[at++], `${what} encryptedKey`),
  };
}

/**
 * Reads one RecipientInfo. One that cannot be read becomes an `other` record rather than failing the message:
 * the reader's own recipient may well be among the others.
 */
export function readRecipient(node: asn1js.BaseBlock, index: number): Recipient {
  try {
    if (isUniversal(node, TAG.sequence)) return readKtri(node, index);
    if (isContext(node, 1)) return readKari(node, index);
    if (isContext(node, 2)) return readKekri(node, index);
    if (isContext(node, 3)) return readPwri(node, index);
    if (isContext(node, 4)) return { type: "other", index, unreadable: false, detail: "an OtherRecipientInfo, which this engine does not know" };
    return { type: "other", index, unreadable: true, detail: "a RecipientInfo of unknown form" };
  } catch (e) {
    if (e instanceof MalformedCms) return { type: "other", index, unreadable: true, detail: `unreadable: ${e.message}` };
    throw e;
  }
}

/** RFC 5652 §6.2.1: version 0 with issuerAndSerialNumber, 2 with subjectKeyIdentifier. */
export function expectedKtriVersion(rid: RecipientId): number {
  return rid.kind === "issuer-serial" ? 0 : 2;
}
