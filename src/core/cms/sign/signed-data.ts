/*
 * SignedData (RFC 5652 §5) with one signer identified by issuer and serial number: version 1 throughout, since
 * the content type is id-data, there are no attribute certificates and the sid is not a key identifier (§5.1).
 */
import { OID } from "../oids.js";
import { encodeOid, encodeSetOf, encodeSmallInteger, TAG, tlv, tlvPieces, type DerPieces } from "./der-encode.js";

export interface SignerInfoInput {
  readonly issuerAndSerial: Uint8Array;
  readonly digestAlgorithm: Uint8Array;
  /** The DER SET OF Attribute that was signed. */
  readonly signedAttributes: Uint8Array;
  readonly signatureAlgorithm: Uint8Array;
  readonly signature: Uint8Array;
}

export function encodeSignerInfo(input: SignerInfoInput): Uint8Array {
  // signedAttrs is [0] IMPLICIT: the same bytes as the signed SET with the tag changed.
  const signedAttrs = new Uint8Array(input.signedAttributes);
  signedAttrs[0] = TAG.context0;
  return tlv(
    TAG.sequence,
    encodeSmallInteger(1),
    input.issuerAndSerial,
    input.digestAlgorithm,
    signedAttrs,
    input.signatureAlgorithm,
    tlv(TAG.octetString, input.signature),
  );
}

export interface SignedDataInput {
  /** The signed content; embedded unless `detached`. Passed on as a piece, never copied. */
  readonly content: Uint8Array;
  readonly detached: boolean;
  readonly digestAlgorithm: Uint8Array;
  /** DER certificates: the signer's and the intermediates recipients need to reach a root. */
  readonly certificates: readonly Uint8Array[];
  readonly signerInfo: Uint8Array;
}

/** The ContentInfo holding the SignedData, as pieces (the content among them when embedded). */
export function encodeSignedData(input: SignedDataInput): DerPieces {
  const eContentType = encodeOid(OID.data);
  const encapContentInfo = input.detached
    ? tlvPieces(TAG.sequence, [eContentType])
    : tlvPieces(TAG.sequence, [eContentType, tlvPieces(TAG.context0, [tlvPieces(TAG.octetString, [input.content])])]);
  const signedData = tlvPieces(TAG.sequence, [
    encodeSmallInteger(1),
    tlv(TAG.set, input.digestAlgorithm),
    encapContentInfo,
    // CertificateSet is [0] IMPLICIT SET OF, sorted as DER wants (OpenSSL sorts it too); readers find the
    // signer's certificate by the sid, not by position.
    encodeSetOf(input.certificates, TAG.context0),
    tlv(TAG.set, input.signerInfo),
  ]);
  return tlvPieces(TAG.sequence, [encodeOid(OID.signedData), tlvPieces(TAG.context0, [signedData])]);
}
